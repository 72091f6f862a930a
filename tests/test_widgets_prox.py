"""Notebook 04's panels, driven from the kernel: each slider move shows freshly computed data."""

import math

import numpy as np
import pytest

from regviz.dynamics import plateau_simulation
from regviz.plots.prox import PLATEAU_BINS, PROX_Z
from regviz.widgets.prox import PlateauPanel, ProxMapPanel, SubgradProxPanel


def soft(z, t):
    return np.where(np.abs(z) <= t, 0.0, z - t * np.sign(z))


def brute_half(z, t):
    """argmin_x 0.5 (x - z)^2 + t sqrt|x| over a fine grid (and 0 exactly)."""
    x = np.concatenate([np.linspace(-3.5, 3.5, 70001), [0.0]])
    obj = 0.5 * (x[None, :] - z[:, None]) ** 2 + t * np.sqrt(np.abs(x))[None, :]
    return x[np.argmin(obj, axis=1)]


def shown(panel, name):
    """The plotted map, NaN where a jump is broken; at most two NaNs, only at a jump."""
    y = np.asarray(panel.artists[name].get_ydata())
    blank = np.isnan(y)
    assert blank.sum() <= 2
    return y, ~blank


def assert_prox_maps(panel, t):
    z = PROX_Z
    a = panel.artists
    for name, expected in (
        ("L2", z / (1 + 2 * t)),
        ("L1", soft(z, t)),
        ("L0", np.where(np.abs(z) > math.sqrt(2 * t), z, 0)),
        ("elastic net", soft(z, t) / (1 + t)),
    ):
        y, ok = shown(panel, name)
        np.testing.assert_allclose(y[ok], expected[ok], rtol=1e-13, atol=1e-13)
        if name in ("L2", "L1", "elastic net"):
            assert ok.all()  # continuous maps are never broken
    y, ok = shown(panel, "L1/2")
    keep = ok & (np.abs(np.abs(z) - 1.5 * t ** (2 / 3)) > 1e-3)  # at the threshold both tie
    np.testing.assert_allclose(y[keep][::20], brute_half(z[keep][::20], t), atol=2e-4)
    thresholds = {"L1": t, "L0": math.sqrt(2 * t), "L1/2": 1.5 * t ** (2 / 3), "elastic net": t}
    for name, thr in thresholds.items():
        x = a[name + " thr"].get_xdata()
        if t == 0:
            assert np.all(np.isnan(x))
        else:
            np.testing.assert_allclose(x[[0, 1, 3, 4]], [-thr, -thr, thr, thr], rtol=1e-12)
    assert np.all(np.isnan(a["L2 thr"].get_xdata()))


@pytest.mark.parametrize("t", [0.0, 0.1, 0.5, 1.0, 2.0])
def test_prox_map_slider(t):
    panel = ProxMapPanel(step_lam=0.5)
    panel.redraw(full=True)
    panel.set(step_lam=t)
    assert_prox_maps(panel, t)


def loops(lr, lam, n=40, k=1.0, c=0.3, w0=1.0):
    sub, prox = [w0], [w0]
    for _ in range(n):
        w = sub[-1]
        sub.append(w - lr * (k * (w - c) + lam * np.sign(w)))
        z = prox[-1] - lr * k * (prox[-1] - c)
        prox.append(float(soft(np.array(z), lr * lam)))
    return np.array(sub), np.array(prox)


@pytest.mark.parametrize("values", [{"lr": 0.02}, {"lr": 0.4}, {"lam": 0.0}, {"lam": 0.25},
                                    {"lam": 1.0}, {"lr": 0.2, "lam": 0.6}])
def test_subgrad_prox_sliders(values):
    panel = SubgradProxPanel(lr=0.1, lam=0.5)
    panel.redraw(full=True)
    panel.set(**values)
    lr, lam = panel.controls["lr"].value, panel.controls["lam"].value
    sub, prox = loops(lr, lam)
    np.testing.assert_allclose(panel.artists["subgradient"].get_ydata(), sub, atol=1e-13)
    np.testing.assert_allclose(panel.artists["prox"].get_ydata(), prox, atol=1e-13)
    np.testing.assert_allclose(np.asarray(panel.artists["band"].get_ydata())[[0, 3]],
                               [lr * lam, -lr * lam])


@pytest.mark.parametrize("values", [{"lr": 0.01}, {"lr": 0.3}, {"lam": 0.1}, {"lam": 1.0}])
def test_plateau_sliders(values):
    panel = PlateauPanel(lr=0.1, lam=0.5)
    panel.redraw(full=True)
    panel.set(**values)
    lr, lam = panel.controls["lr"].value, panel.controls["lam"].value
    w = plateau_simulation(lr, lam, n_weights=panel.n_weights, seed=0)
    counts, _ = np.histogram(w, bins=PLATEAU_BINS * lr * lam)
    dens = counts / counts.sum() / (np.diff(PLATEAU_BINS))
    np.testing.assert_allclose(panel.state["density"], dens, rtol=1e-9)
    # the plateau: (almost) all the mass on [-1, 1] in units of lr*lam, about 1/2 high
    inside = np.abs(0.5 * (PLATEAU_BINS[1:] + PLATEAU_BINS[:-1])) < 0.9
    assert np.mean(panel.state["density"][inside]) == pytest.approx(0.5, rel=0.05)
    assert f"{2 * lr * lam:.4g}" in panel.readout.value


def test_inline_fallback_shows_a_new_png():
    panel = ProxMapPanel(step_lam=0.5)
    _ = panel.widget
    first = panel._image.outputs[0]["data"]["image/png"]
    panel.set(step_lam=1.5)
    assert panel._image.outputs[0]["data"]["image/png"] != first


@pytest.mark.parametrize("lam", [0.01, 0.1, 10 ** -0.5, 1.0])
def test_solver_panel_lam_slider(lam):
    from sklearn.linear_model import Lasso

    from regviz.widgets.prox import SolverPanel

    panel = SolverPanel(lam=0.1)
    panel.redraw(full=True)
    panel.set(lam=lam)
    grid_lam = panel.lams[panel.index(panel.controls["lam"].value)]
    assert grid_lam == pytest.approx(lam, rel=1e-9)
    X, y = panel.X, panel.y
    # ISTA's weights: the lasso solution from scikit-learn, exact zeros included
    sk = Lasso(alpha=grid_lam, fit_intercept=False, tol=1e-14, max_iter=200000).fit(X, y).coef_
    shown_ista = panel.artists["ista_w"].get_ydata()
    np.testing.assert_allclose(shown_ista, np.where(sk == 0, 1e-8, np.abs(sk)), rtol=1e-5,
                               atol=1e-9)
    # subgradient descent, written out
    lr = X.shape[0] / np.linalg.norm(X, 2) ** 2
    w = np.zeros(X.shape[1])
    obj = []
    for _ in range(300):
        w = w - lr * (X.T @ (X @ w - y) / len(y) + grid_lam * np.sign(w))
        obj.append(0.5 * np.mean((y - X @ w) ** 2) + grid_lam * np.abs(w).sum())
    np.testing.assert_allclose(panel.artists["sub_w"].get_ydata(), np.abs(w), rtol=1e-9)
    f_star = min(panel.results[panel.index(lam)][0].objective.min(), min(obj))
    np.testing.assert_allclose(panel.artists["sub_obj"].get_ydata()[1:],
                               np.maximum(np.array(obj) - f_star, 1e-16), rtol=1e-9)
    assert "subgradient <b>0</b>" in panel.readout.value
