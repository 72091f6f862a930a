"""Notebook 05's panels, driven from the kernel: each slider move shows freshly computed data."""

import math

import numpy as np
import pytest
from scipy import integrate, stats

from regviz.plots.priors import PRIOR_W, YBARS
from regviz.widgets.priors import (
    MEAN_YBARS,
    NEG_LOG_YLIM,
    PRIOR_PANEL_YLIM,
    PosteriorPanel,
    PriorPanel,
)


def expected_prior(p, b):
    """Density, -log density and the penalty, written out with math.gamma."""
    z = 2 * b ** (1 / p) * math.gamma(1 + 1 / p)
    pen = np.abs(PRIOR_W) ** p / b
    return np.exp(-pen) / z, pen + math.log(z), pen, math.log(z)


def assert_prior_panel(panel, p, b):
    dens, nl, pen, const = expected_prior(p, b)
    st = panel.state
    np.testing.assert_array_equal(st["w"], PRIOR_W)
    np.testing.assert_allclose(st["density"], dens, rtol=1e-11)
    np.testing.assert_allclose(st["neg_log"], nl, rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(st["penalty"], pen, rtol=1e-12)
    assert st["constant"] == pytest.approx(const, rel=1e-12, abs=1e-14)
    for name, q in (("Gaussian (p = 2)", 2.0), ("Laplace (p = 1)", 1.0)):
        np.testing.assert_allclose(panel.artists[f"density {name}"].get_ydata(),
                                   expected_prior(q, b)[0], rtol=1e-11)
    ax_d, ax_n = panel.axes
    assert ax_d.get_ylim() == PRIOR_PANEL_YLIM and ax_n.get_ylim() == NEG_LOG_YLIM
    assert dens.max() < PRIOR_PANEL_YLIM[1] and NEG_LOG_YLIM[0] < min(const, 0)
    assert f"{1 / b:.4g}" in panel.readout.value  # lambda = 1/b
    assert f"{math.exp(const):.4g}" in panel.readout.value  # Z


@pytest.mark.parametrize("p", [0.25, 0.5, 1.0, 1.5, 2.0, 3.0])
def test_prior_panel_p_slider(p):
    panel = PriorPanel(p=0.5, b=1.0)
    panel.redraw(full=True)
    panel.set(p=p)
    assert_prior_panel(panel, p, 1.0)


@pytest.mark.parametrize("b", [0.32, 0.5, 1.0, 2.0, 3.16])
def test_prior_panel_b_slider(b):
    panel = PriorPanel(p=0.5, b=1.0)
    panel.redraw(full=True)
    panel.set(b=b)
    assert_prior_panel(panel, 0.5, panel.controls["b"].value)


def test_prior_panel_fixed_limits_hold_over_the_whole_slider_range():
    panel = PriorPanel()
    assert panel.controls["b"].min == -0.5 and panel.controls["b"].max == 0.5
    assert panel.controls["p"].min == 0.25 and panel.controls["p"].max == 3.0
    for p in np.arange(0.25, 3.0001, 0.05):
        for b in 10 ** np.arange(-0.5, 0.5001, 0.025):
            panel.update(p=p, b=b)  # the data only: no drawing needed
            assert panel.state["density"].max() < PRIOR_PANEL_YLIM[1]
            assert NEG_LOG_YLIM[0] < panel.state["constant"]  # log Z, the bottom of -log mu


def test_prior_panel_density_integrates_to_one():
    panel = PriorPanel(p=1.0, b=0.32)  # narrow: all the mass inside the window
    w, d = panel.state["w"], panel.state["density"]
    assert np.sum(0.5 * (d[1:] + d[:-1]) * np.diff(w)) == pytest.approx(1.0, abs=2e-4)


def test_prior_panel_buttons_and_in_place_updates():
    panel = PriorPanel(p=0.7, b=1.0)
    panel.redraw(full=True)
    lines = [list(ax.lines) for ax in panel.figure.axes]
    panel.extra[1].click()  # Gaussian
    assert panel.controls["p"].value == 2.0
    assert "Gaussian" in panel.readout.value
    assert_prior_panel(panel, 2.0, 1.0)
    panel.extra[0].click()  # Laplace
    assert "Laplace" in panel.readout.value
    panel.controls["b"].value = 0.5  # as a student's drag does: through the observer
    assert_prior_panel(panel, 1.0, 0.5)
    assert [list(ax.lines) for ax in panel.figure.axes] == lines  # same artists, new data
    assert panel.last_error is None


def brute_map(p, b, ybar, sigma, n):
    w = np.concatenate([np.linspace(-4, 4, 80001), [0.0]])
    lp = -0.5 * n * (w - ybar) ** 2 / sigma**2 - np.abs(w) ** p / b
    return w[np.argmax(lp)]


def quad_posterior(p, b, ybar, sigma, n):
    """Normaliser and mean of the posterior by scipy's quad, split at 0 and ybar."""
    s = sigma / math.sqrt(n)

    def log_q(w):
        return stats.norm.logpdf(ybar, loc=w, scale=s) - abs(w) ** p / b

    lo, hi = min(0, ybar) - 12 * s, max(0, ybar) + 12 * s
    opts = {"points": sorted({0.0, ybar}), "limit": 500, "epsabs": 1e-15, "epsrel": 1e-11}
    mass = integrate.quad(lambda w: math.exp(log_q(w)), lo, hi, **opts)[0]
    first = integrate.quad(lambda w: w * math.exp(log_q(w)), lo, hi, **opts)[0]
    return mass, first / mass, log_q


def assert_posterior_panel(panel, b, ybar, p, n, sigma=1.0):
    """The curves are scaled to a maximum of 1: shapes against quad, heights against 1."""
    st = panel.state
    w = st["w"]
    s = sigma / math.sqrt(n)
    np.testing.assert_allclose(st["likelihood"], stats.norm.pdf(ybar, loc=w, scale=s)
                               / stats.norm.pdf(0, scale=s), rtol=1e-12)
    np.testing.assert_allclose(st["prior"], np.exp(-np.abs(w) ** p / b), rtol=1e-12)
    mass, mean, log_q = quad_posterior(p, b, ybar, sigma, n)
    density = np.exp([log_q(x) for x in w]) / mass  # the posterior density, by quad
    ratio = st["posterior"] / density
    ok = density > 1e-250
    assert np.ptp(ratio[ok]) <= 1e-9 * ratio[ok].max()  # the same curve, up to a factor
    assert st["posterior"].max() <= 1 + 1e-12 and st["map_height"] == 1.0
    w_brute = brute_map(p, b, ybar, sigma, n)
    assert st["posterior"].max() == pytest.approx(
        math.exp(log_q(w.flat[np.argmax(density)]) - log_q(w_brute)), rel=1e-6)
    assert st["map"] == pytest.approx(brute_map(p, b, ybar, sigma, n), abs=1.5e-4)
    assert st["mean"] == pytest.approx(mean, rel=1e-7, abs=1e-12)
    thr = sigma**2 / (n * b)
    text = panel.readout.value
    if p == 1.0:
        assert (st["map"] == 0.0) == (abs(ybar) <= thr)
        np.testing.assert_allclose(st["band"][[0, 3]], [-thr, thr], rtol=1e-12)
        np.testing.assert_allclose(st["map_curve"],
                                   np.sign(YBARS) * np.maximum(np.abs(YBARS) - thr, 0), atol=1e-15)
    if p == 2.0:
        assert st["map"] != 0.0 or ybar == 0
        assert np.all(np.isnan(st["band"]))
        np.testing.assert_allclose(st["map_curve"], YBARS / (1 + 2 * thr), rtol=1e-13)
        np.testing.assert_allclose(st["mean_curve"], MEAN_YBARS / (1 + 2 * thr), rtol=1e-7,
                                   atol=1e-12)
    assert text.startswith("<b>MAP = exactly 0") == (st["map"] == 0.0)
    assert (st["mean"] == 0.0) == (ybar == 0.0)  # the posterior mean is never 0 otherwise
    assert panel.axes[0].get_ylim() == (0.0, 1.12)  # fixed: the panel never rescales


@pytest.mark.parametrize("ybar", [-2.0, -0.6, 0.0, 0.3, 0.99, 1.01, 2.5])
def test_posterior_panel_ybar_slider(ybar):
    panel = PosteriorPanel(b=1.0, ybar=0.7, p=1.0, n=1)
    panel.redraw(full=True)
    panel.set(ybar=ybar)
    assert_posterior_panel(panel, 1.0, ybar, 1.0, 1)


@pytest.mark.parametrize("b", [0.05, 0.3, 1.0, 4.0, 30.0])
def test_posterior_panel_b_slider(b):
    panel = PosteriorPanel(b=1.0, ybar=0.7, p=1.0, n=1)
    panel.redraw(full=True)
    panel.set(b=b)
    b = panel.controls["b"].value
    assert_posterior_panel(panel, b, 0.7, 1.0, 1)
    assert (panel.state["map"] == 0) == (b <= 1 / 0.7)  # weak data or a narrow prior: exactly 0


@pytest.mark.parametrize("p", [0.5, 0.75, 1.5, 2.0, 3.0])
def test_posterior_panel_p_slider(p):
    panel = PosteriorPanel(b=1.0, ybar=0.7, p=1.0, n=1)
    panel.redraw(full=True)
    panel.set(p=p, ybar=1.4)
    assert_posterior_panel(panel, 1.0, 1.4, p, 1)


@pytest.mark.parametrize("n", [1, 4, 25, 100])
def test_posterior_panel_n_slider(n):
    panel = PosteriorPanel(b=1.0, ybar=0.3, p=1.0, n=1)
    panel.redraw(full=True)
    panel.set(n=n)
    assert_posterior_panel(panel, 1.0, 0.3, 1.0, n)
    # more data: the same ybar = 0.3 escapes the prior's pull once n > 1 / (0.3 b)
    assert (panel.state["map"] == 0) == (n <= 1 / 0.3)


def test_posterior_panel_buttons_and_in_place_updates():
    panel = PosteriorPanel(b=1.0, ybar=0.7, p=1.3, n=2)
    panel.redraw(full=True)
    lines = [list(ax.lines) for ax in panel.figure.axes]
    panel.extra[1].click()  # Gaussian
    assert panel.controls["p"].value == 2.0
    assert_posterior_panel(panel, 1.0, 0.7, 2.0, 2)
    assert "never exactly 0" in panel.readout.value
    panel.extra[0].click()  # Laplace
    panel.controls["ybar"].value = 0.4  # through the observer: |0.4| <= 1/(2*1)
    assert_posterior_panel(panel, 1.0, 0.4, 1.0, 2)
    assert panel.state["map"] == 0.0 and panel.state["mean"] > 0
    panel.extra[2].click()  # p = 1/2
    assert panel.controls["p"].value == 0.5
    assert [list(ax.lines) for ax in panel.figure.axes] == lines
    assert panel.last_error is None


def test_posterior_panel_jump_for_p_below_1_is_not_drawn_across():
    panel = PosteriorPanel(b=0.5, ybar=1.0, p=0.5, n=1)
    curve = panel.state["map_curve"]
    assert np.isnan(curve).sum() == 2  # one gap on each side
    thr = panel.state["band"][3]
    # the jump threshold of Lp(1/2, lam = 2) at step 1: 1.5 (step lam)^(2/3)
    assert thr == pytest.approx(1.5 * 2 ** (2 / 3), rel=1e-12)


@pytest.mark.parametrize("factory", [PriorPanel, PosteriorPanel])
def test_inline_fallback_shows_a_new_png(factory):
    panel = factory()
    _ = panel.widget
    first = panel._image.outputs[0]["data"]["image/png"]
    panel.set(b=3.0)
    assert panel._image.outputs[0]["data"]["image/png"] != first
