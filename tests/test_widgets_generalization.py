"""Notebook 00's panels, driven from the kernel: each move shows freshly computed data, and a
moved panel equals one built at the same values."""

import numpy as np
import pytest

from regviz import generalization as gen
from regviz import implicit
from regviz.widgets.generalization import (
    ES_STEPS,
    EarlyStoppingPanel,
    OverfitPanel,
    ShrinkagePanel,
)


@pytest.fixture(scope="module")
def overfit():
    panel = OverfitPanel(lam=0.0)
    panel.redraw(full=True)
    return panel


@pytest.mark.parametrize(("lam", "penalty"), [(0.01, "L1"), (0.0, "elastic net"), (10.0, "L2"),
                                              (1e-4, "L1")])
def test_overfit_panel_shows_the_fit_at_its_values(overfit, lam, penalty):
    overfit.set(lam=float(gen.lam_grid()[overfit.paths["L2"].index(lam)]), penalty=penalty)
    assert overfit.last_error is None
    lam_shown = overfit.controls["lam"].value
    data = overfit.data
    fit = gen.fit_linear(data.X_train, data.y_train, penalty=penalty, lam=lam_shown, tol=1e-10,
                         n_iter=200_000)
    state = overfit.state
    np.testing.assert_allclose(state["y_fit"], data.features(np.linspace(-1, 1, 400)) @ fit.w
                               + fit.b, atol=2e-3)
    path = overfit.paths[penalty]
    np.testing.assert_array_equal(state["test"], path.test)
    assert state["zeros"] == path.zeros[path.index(lam_shown)]
    assert f"{penalty}, λ = " in overfit.readout.value


def test_shrinkage_panel_bars_are_the_factors():
    panel = ShrinkagePanel(lam=1e-3)
    panel.redraw(full=True)
    lam = float(gen.lam_grid()[25])
    panel.set(lam=lam)
    heights = [bar.get_height() for bar in panel.artists["bars"]]
    np.testing.assert_allclose(heights, gen.shrinkage_factors(panel.X, lam), rtol=1e-12)
    assert f"{gen.effective_df(panel.X, lam):.2f}" in panel.readout.value


def test_early_stopping_panel_marks_gd_and_ridge():
    panel = EarlyStoppingPanel(t=30)
    panel.redraw(full=True)
    t = ES_STEPS[20]
    panel.set(t=t)
    gd = panel.artists["gd dots"].get_xydata()
    ridge = panel.artists["ridge dots"].get_xydata()
    np.testing.assert_allclose(gd[:, 1], implicit.gd_path(panel.X, panel.y, lr=panel.lr,
                                                          n_steps=t)[-1], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ridge[:, 1], gen.ridge(panel.X, panel.y,
                                                      implicit.lam_for_steps(t, panel.lr)),
                               rtol=1e-9)
    assert np.all(gd[:, 0] == t) and list(panel.artists["gd current"].get_xdata()) == [t, t]
