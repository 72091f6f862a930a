"""Notebook 03's panels, driven from the kernel: each slider move shows freshly computed data."""

import numpy as np
import pytest

from regviz.widgets.dynamics import SLOPE_P_VALUES, SlopePanel, TrajectoryPanel


def slope(p, lam, w):
    return p * lam * w ** (p - 1)  # |d/dw lam |w|^p| for w > 0, written out


def assert_slopes(panel, p, lam):
    w = panel.artists["current"].get_xdata()
    np.testing.assert_allclose(panel.artists["current"].get_ydata(), slope(p, lam, w), rtol=1e-12)
    for q in (0.5, 1.0, 2.0):
        np.testing.assert_allclose(panel.artists[f"p={q:g}"].get_ydata(), slope(q, lam, w),
                                   rtol=1e-12)
    assert f"p = {p:g}" in panel.readout.value


@pytest.mark.parametrize("p", [0.1, 0.5, 1.0, 2.0, 3.162, 10.0])
def test_slope_p_slider(p):
    panel = SlopePanel(p=0.5, lam=1.0)
    panel.redraw(full=True)
    panel.set(p=p)
    assert_slopes(panel, p, 1.0)


@pytest.mark.parametrize("lam", [0.01, 0.3, 1.0, 50.0])
def test_slope_lam_slider(lam):
    panel = SlopePanel(p=0.5, lam=1.0)
    panel.redraw(full=True)
    panel.set(lam=lam)
    assert_slopes(panel, 0.5, lam)


def test_slope_p_values_hold_the_three_penalties_exactly():
    assert {0.5, 1.0, 2.0} <= set(SLOPE_P_VALUES)
    assert SLOPE_P_VALUES == tuple(sorted(SLOPE_P_VALUES))


STEP = {  # the three update rules, written out by hand
    "L2": lambda w, lr, lam: w - lr * 2 * lam * w,
    "L1": lambda w, lr, lam: w - lr * lam * np.sign(w),
    "sqrt": lambda w, lr, lam: np.where(
        w == 0, 0.0, w - lr * lam * np.sign(w) / (2 * np.sqrt(np.abs(w)))
    ),
}


def assert_trajectories(panel, lr, lam):
    # every plotted step is the hand-written update of the step before (the root's orbit is
    # chaotic, so two correct codes drift apart after many steps: compare step by step)
    for name, step in STEP.items():
        w = panel.artists[name].get_ydata()
        assert w[0] == 1.0 and len(w) == panel.n_steps + 1
        np.testing.assert_allclose(w[1:], step(w[:-1], lr, lam), rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(panel.artists[f"abs_{name}"].get_ydata(), np.abs(w))
    np.testing.assert_allclose(panel.artists["L2"].get_ydata(),
                               (1 - 2 * lr * lam) ** np.arange(panel.n_steps + 1), rtol=1e-12)
    a = (lr * lam / 4) ** (2 / 3)
    np.testing.assert_allclose(panel.artists["band"].get_ydata()[[0, 1, 3, 4]],
                               [lr * lam, lr * lam, -lr * lam, -lr * lam])
    np.testing.assert_allclose(panel.artists["cycle"].get_ydata()[[0, 1, 3, 4]], [a, a, -a, -a])
    np.testing.assert_allclose(panel.artists["abs_cycle"].get_ydata(), [a, a])


@pytest.mark.parametrize("lr", [0.003, 0.05, 0.1, 0.3])
def test_trajectory_lr_slider(lr):
    panel = TrajectoryPanel(lr=0.1, lam=0.3)
    panel.redraw(full=True)
    panel.set(lr=lr)
    assert abs(panel.controls["lr"].value / lr - 1) < 0.06  # the log slider snaps a little
    assert_trajectories(panel, panel.controls["lr"].value, panel.controls["lam"].value)


@pytest.mark.parametrize("lam", [0.01, 0.2, 1.0])
def test_trajectory_lam_slider(lam):
    panel = TrajectoryPanel(lr=0.1, lam=0.3)
    panel.redraw(full=True)
    panel.set(lam=lam)
    assert_trajectories(panel, panel.controls["lr"].value, panel.controls["lam"].value)


def test_moving_the_widgets_updates_in_place():
    panel = TrajectoryPanel(lr=0.1, lam=0.3)
    panel.redraw(full=True)
    lines = list(panel.figure.axes[0].lines)
    panel.controls["lr"].value = 0.05
    panel.controls["lam"].value = 0.5
    assert panel.last_error is None
    assert list(panel.figure.axes[0].lines) == lines
    assert_trajectories(panel, panel.controls["lr"].value, panel.controls["lam"].value)
