"""Notebook 06's panels in the kernel: the live Train / Stop panel and honest readouts."""

import subprocess
import sys
import time

import numpy as np
import pytest

from regviz.experiments import LECTURE_L1, LECTURE_L2, History, Result, Row
from regviz.widgets.training import (
    LIVE_LAMBDAS,
    LIVE_SETUP,
    CachedRunsPanel,
    LiveTrainingPanel,
    lecture_test_error,
    percent,
)


@pytest.fixture(scope="module")
def small_data():
    """200 training and 200 test digits: a run of a few epochs takes well under a second."""
    from regviz.data import load_sample

    d = load_sample()
    tr, te = slice(None, None, 5), slice(None, None, 20)
    return d.x_train[tr], d.y_train[tr], d.x_test[te], d.y_test[te]


@pytest.mark.parametrize(("fraction", "text"), [
    (0.997, "99.7%"), (0.99996, "99.996%"), (1.0, "100%"), (0.0, "0%"), (0.00002, "0.002%"),
    (0.0649, "6.5%"), (0.5, "50.0%"),
])
def test_percent_never_rounds_to_all_or_nothing(fraction, text):
    assert percent(fraction) == text


def test_cached_panel_says_997_not_100_percent_zeros():
    row = Row("l1-prox", 5e-4, test_error=0.9, zero_fraction=0.997,
              history=History(histograms={20: ([1, 5, 1], [-0.3, -0.1, 0.1, 0.3])}))
    panel = CachedRunsPanel(Result("fleuret-l1", "sample", {}, [row]))
    assert "exact zeros 99.70%" in panel.readout.value and "1.00" not in panel.readout.value


def test_every_lecture_row_is_on_the_sliders():
    lr = LIVE_SETUP["lr"]
    assert {lam for lam in LECTURE_L2} <= set(LIVE_LAMBDAS)
    assert all(any(np.isclose(lam * lr, k, rtol=1e-12, atol=0) for lam in LIVE_LAMBDAS)
               for k in LECTURE_L1)
    assert lecture_test_error(2.0, "loss", 0.004) == LECTURE_L2[0.004][1]  # (train, test)
    assert lecture_test_error(1.0, "prox", 5e-5 / lr) == LECTURE_L1[5e-5][1]
    assert lecture_test_error(1.0, "loss", 0.004) is None  # no such table
    assert lecture_test_error(0.5, "prox", 0.001) is None


@pytest.mark.parametrize(("kw", "match"), [
    ({"p": 3.0}, "p must be one of"), ({"lam": 0.003}, "lam must be one of"),
    ({"mode": "decoupled"}, "mode must be one of"), ({"epochs": 0}, "epochs must be"),
])
def test_bad_input(small_data, kw, match):
    with pytest.raises(ValueError, match=match):
        LiveTrainingPanel(small_data, **kw)


def test_the_test_error_uses_evenly_spaced_test_digits():
    from regviz.widgets.training import _with_test_subset

    y = np.repeat(np.arange(10), 400)
    x = np.arange(4000.0)
    _, _, x_te, y_te = _with_test_subset((x, y, x, y), 1000)
    assert len(y_te) == 1000 and np.bincount(y_te).tolist() == [100] * 10
    assert _with_test_subset((x, y, x, y), None)[3] is y
    with pytest.raises(ValueError, match="test_digits must be None or an integer >= 1"):
        _with_test_subset((x, y, x, y), 0)


def test_train_changes_the_artists_and_each_run_joins_the_table(small_data):
    panel = LiveTrainingPanel(small_data, p=1.0, lam=0.02, mode="prox", epochs=3)
    hist_before = panel.artists["hist"].get_data().values.copy()
    assert panel.table.value == "" and len(panel.artists["test"].get_xdata()) == 0
    run = panel.train()
    panel.wait(timeout=120)
    assert not panel.running and panel.runs == [run] and len(run.records) == 3
    assert list(panel.artists["test"].get_xdata()) == [1, 2, 3]
    assert list(panel.artists["zeros"].get_ydata()) == [100 * r.zero_fraction
                                                        for r in run.records]
    assert (panel.artists["hist"].get_data().values != hist_before).any()
    assert run.records[-1].zero_fraction > 0  # the proximal step makes exact zeros
    assert "epoch 3/3" in panel.readout.value and panel.progress.value == 3
    assert panel.table.value.count("<tr>") == 2  # header + one run
    panel.set(p=2.0, mode="loss", lam=0.004)
    assert "the lecture's test error for this setting: 6.5%" in panel.setting.value
    panel.train(wait=True)
    assert panel.table.value.count("<tr>") == 3 and "6.5%" in panel.table.value
    assert panel.runs[1].records[-1].zero_fraction == 0  # L2 in the loss: no exact zeros
    assert panel.last_error is None and panel.output.outputs == ()


def test_stop_ends_the_run_and_it_still_joins_the_table(small_data):
    panel = LiveTrainingPanel(small_data, epochs=30)
    run = panel.train()
    assert panel.train() is None  # a second click while training does nothing
    deadline = time.monotonic() + 120
    while not run.records and time.monotonic() < deadline:
        time.sleep(0.01)
    panel.stop()
    panel.wait(timeout=120)
    assert not panel.running and run.stopped and 1 <= len(run.records) < 30
    shown = len(panel.artists["test"].get_xdata())
    assert shown == len(run.records)
    time.sleep(0.3)
    assert len(panel.artists["test"].get_xdata()) == shown  # nothing changes after the stop
    assert f"stopped after {len(run.records)} of 30" in panel.table.value
    assert not panel.train_button.disabled and panel.stop_button.disabled


class FakeKernelLoop:
    """Stands in for the kernel's event loop: queues what the worker posts, runs it on demand."""

    def __init__(self):
        import queue

        self.queue = queue.Queue()

    def add_callback(self, fn, *args):
        self.queue.put((fn, args))

    def run_pending(self):
        while not self.queue.empty():
            fn, args = self.queue.get()
            fn(*args)


def test_sliders_respond_while_a_run_trains(small_data, monkeypatch):
    import regviz.widgets.training as live

    loop = FakeKernelLoop()
    monkeypatch.setattr(live, "_kernel_loop", lambda: loop)
    panel = LiveTrainingPanel(small_data, epochs=30)
    run = panel.train()
    try:
        while not run.records:
            time.sleep(0.01)
        for lam in (0.004, 0.01, 0.02):  # the worker trains on; the sliders answer meanwhile
            panel.set(lam=lam)
            assert f"λ = {lam:g}," in panel.setting.value
            # answered mid-run (no timing: a busy machine slows both, not their order)
            assert panel.running and len(run.records) < run.epochs
    finally:
        panel.stop()
        panel.wait(timeout=120)
    assert len(panel.artists["test"].get_xdata()) == 0  # the worker drew nothing itself
    loop.run_pending()  # the kernel's loop draws the epochs the worker posted
    assert len(panel.artists["test"].get_xdata()) == len(run.records) >= 1
    assert panel.runs == [run] and run.stopped


def test_importing_the_widgets_does_not_import_torch():
    code = "import sys, regviz.widgets; assert 'torch' not in sys.modules, 'torch imported'"
    subprocess.run([sys.executable, "-c", code], check=True)
