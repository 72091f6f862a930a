"""Notebook 09's panel, the controls issue 21 added: dropout, input noise, group lasso, and the
Play interval that follows what a frame costs the kernel."""

from __future__ import annotations

import numpy as np

from regviz.penalties import GroupLasso
from regviz.playground import Trainer
from regviz.widgets.playground import PlaygroundPanel, make_penalty


def test_dropout_and_noise_sliders_retune_the_running_trainer():
    panel = PlaygroundPanel()
    panel.advance(20)
    trainer = panel.trainer
    panel.set(dropout=0.3, input_noise=0.1)
    assert panel.trainer is trainer and trainer.step_count == 20  # the run goes on
    assert (trainer.dropout, trainer.input_noise) == (0.3, 0.1)
    panel.advance(30)
    # the panel's run is the engine's run with the same settings, draw for draw
    same = Trainer(trainer.dataset, seed=0)
    same.step(20)
    same.configure(dropout=0.3, input_noise=0.1)
    same.step(30)
    assert same.history == trainer.history
    panel.reset_button.click()
    assert panel.trainer.step_count == 0 and panel.trainer.dropout == 0.3
    assert panel.last_error is None


def test_group_lasso_in_the_menu_removes_whole_units():
    assert make_penalty("group lasso", lam=0.1) == GroupLasso(0.1)
    panel = PlaygroundPanel(penalty="group lasso", mode="prox", lam=0.1)
    panel.advance(300)
    rows = panel.trainer.weights[0]  # first hidden layer: one row per unit
    assert np.all(rows == 0, axis=1).any()
    assert panel.last_error is None


def test_play_interval_follows_the_frame_cost_and_comes_back():
    panel = PlaygroundPanel()
    assert panel.play.interval == panel.interval == 20  # 50 frames per second at most
    for _ in range(10):
        panel._pace(60.0)  # a busy kernel: 60 ms a frame
    assert abs(panel.play.interval - 1.25 * 60) <= 0.15 * 75
    for _ in range(20):
        panel._pace(5.0)  # an idle one: back to the shortest interval
    assert panel.play.interval == 20
    # real ticks pace it too
    panel.min_gap = 0.0
    for tick in range(1, 4):
        panel.play.value = tick
    assert panel._cost is not None and panel.trainer.step_count == 3 * panel.steps_per_frame
