"""Notebook 09's playground panel in the kernel: Play ticks train and move every view, Pause
stops, Reset gives back the first frame exactly, retuning keeps the run; exercises' checks."""

from __future__ import annotations

import io

import numpy as np
import pytest

from regviz.exercises.playground import (
    check_adam_first_step,
    check_l1_prox_step,
)
from regviz.widgets.playground import PlaygroundPanel, make_penalty


def _pixels(panel) -> bytes:
    buf = io.BytesIO()
    panel.figure.savefig(buf, format="rgba", dpi=50)
    return buf.getvalue()


def test_play_trains_and_moves_every_view_and_reset_gives_the_first_frame():
    panel = PlaygroundPanel()
    panel.redraw(full=True)
    first, first_px = panel.state, _pixels(panel)
    panel.play.value = 1
    panel.play.value = 2  # right after a frame: a queued tick, dropped
    assert panel.trainer.step_count == panel.steps_per_frame
    panel.min_gap = 0.0
    for tick in range(3, 7):  # what the Play widget does in the browser
        panel.play.value = tick
    assert panel.trainer.step_count == 5 * panel.steps_per_frame
    moved = panel.state
    assert not np.array_equal(moved["field"], first["field"])
    assert not np.array_equal(moved["edges"], first["edges"])
    assert len(moved["train_loss"]) == len(first["train_loss"]) + 50
    panel.play.value = 0  # the Play widget's stop button: no training backwards
    assert panel.trainer.step_count == 50
    panel.step_button.click()
    assert panel.trainer.step_count == 51
    panel.reset_button.click()
    assert panel.trainer.step_count == 0
    again = panel.state
    assert all(np.array_equal(first[k], again[k]) for k in first)
    assert _pixels(panel) == first_px
    assert panel.last_error is None


def test_the_labelled_toggle_drives_the_hidden_clock_and_follows_it():
    """Play / Pause is a button named by its state; the Play widget (icons without names) only
    ticks, hidden; a new run or Reset stops the clock and the toggle says Play again."""
    panel = PlaygroundPanel()
    assert panel.play.layout.display == "none"
    assert panel.play_button.description == "Play" and not panel.play.playing
    panel.play_button.value = True
    assert panel.play.playing and panel.play_button.description == "Pause"
    panel.play_button.value = False
    assert not panel.play.playing and panel.play_button.description == "Play"
    panel.play_button.value = True
    panel.reset_button.click()
    assert not panel.play.playing and not panel.play_button.value
    assert panel.play_button.description == "Play"
    panel.play_button.value = True
    panel.set(n=120)  # new data: a new run, stopped
    assert not panel.play.playing and panel.play_button.description == "Play"


def test_retuning_keeps_the_run_and_new_data_starts_over():
    panel = PlaygroundPanel()
    panel.advance(30)
    panel.set(penalty="L1", mode="prox", lam=0.05)
    assert panel.trainer.step_count == 30 and panel.trainer.penalty == make_penalty("L1", lam=0.05)
    panel.advance(300)
    assert panel.trainer.history["zero_fraction"][-1] > 0.3
    assert (panel.state["edges"] == 0).any()  # exact zeros are missing edges
    panel.set(n=120)
    assert panel.trainer.step_count == 0 and panel.trainer.dataset.n == 120
    panel.set(layers=3, width=4)
    assert panel.trainer.sizes == (2, 4, 4, 4, 1)
    assert panel.last_error is None


def test_mode_and_optimizer_stay_compatible():
    panel = PlaygroundPanel()
    panel.set(optimizer="adamw")
    assert panel.values["mode"] == "decoupled"
    panel.set(optimizer="sgd")
    assert panel.values["mode"] == "loss"
    panel.set(mode="decoupled")
    assert panel.values["optimizer"] == "adamw"


def test_pruned_units_are_greyed():
    panel = PlaygroundPanel(penalty="L1", mode="prox", lam=0.3)
    panel.advance(200)
    nodes = panel.state["nodes"]
    assert len({tuple(c) for c in nodes}) == 2  # some units on, some off


def test_the_view_is_at_most_9_inches_wide():
    width, height = PlaygroundPanel().figure.get_size_inches()
    assert width <= 9.0 and height <= 6.0


def test_a_diverged_run_stops_training_and_says_so():
    panel = PlaygroundPanel()
    panel.min_gap = 0.0
    panel.advance(5)
    panel.trainer.weights[1][0, 0] = np.inf  # what an overflow leaves behind
    for tick in range(1, 4):
        panel.play.value = tick
    assert panel.trainer.diverged_at is not None
    stopped = panel.trainer.step_count
    panel.play.value = 5
    assert panel.trainer.step_count == stopped == 6
    assert "diverged" in panel.readout.value
    assert panel.last_error is None


def test_make_penalty_names():
    assert make_penalty("none", lam=0.1) is None
    with pytest.raises(ValueError, match="penalty"):
        make_penalty("L3", lam=0.1)


def test_exercise_checks(capsys):
    def unanswered(*args):
        return None

    assert not check_l1_prox_step(None)
    assert not check_l1_prox_step(unanswered)
    assert "still returns None" in capsys.readouterr().out

    def wrong_prox(w, grad, lr, lam):
        return np.asarray(w) - lr * np.asarray(grad) - lr * lam * np.sign(w)

    assert not check_l1_prox_step(wrong_prox)
    out = capsys.readouterr().out
    assert "Not yet" in out and "expected" in out

    def right_prox(w, grad, lr, lam):
        z = np.asarray(w, dtype=float) - lr * np.asarray(grad, dtype=float)
        return np.sign(z) * np.maximum(np.abs(z) - lr * lam, 0)

    assert check_l1_prox_step(right_prox)

    def adam_l2_everywhere(w, g, lr, lam, decoupled):
        total = np.asarray(g) + 2 * lam * np.asarray(w)
        return np.asarray(w) - lr * total / (np.abs(total) + 1e-8)

    assert not check_adam_first_step(adam_l2_everywhere)  # AdamW is not Adam + L2
