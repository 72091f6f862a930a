"""Notebook 08's panels, driven from the kernel: each slider move shows freshly computed data."""

import numpy as np
import pytest

from regviz import elastic_net as en
from regviz.plots.prox import PROX_Z
from regviz.widgets.elastic_net import (
    ElasticNetBallPanel,
    ElasticNetPathPanel,
    ElasticNetProxPanel,
)


@pytest.fixture(scope="module")
def paths():
    return en.compute_paths(*en.correlated_regression())


def soft(z, t):
    return np.where(np.abs(z) <= t, 0.0, z - t * np.sign(z))


@pytest.mark.parametrize("mix", [0.0, 0.3, 0.77, 1.0])
def test_ball_slider(mix):
    panel = ElasticNetBallPanel(mix=0.5)
    panel.redraw(full=True)
    panel.set(mix=mix)
    a = panel.artists
    w1, w2 = a["ball"].get_data()
    # the drawn outline solves a(|w1| + |w2|) + (1 - a)(w1^2 + w2^2) = 1, written out here
    np.testing.assert_allclose(mix * (np.abs(w1) + np.abs(w2)) + (1 - mix) * (w1**2 + w2**2), 1.0,
                               atol=1e-12)
    np.testing.assert_array_equal(a["fill"].get_xy()[:-1], np.column_stack([w1, w2])[:-1])
    # the roof at (0, 1) has the corner's slopes -+ a/(2 - a)
    x, y = a["tangents"].get_data()
    s = (y[1] - y[2]) / (x[2] - x[1])
    assert s == pytest.approx(mix / (2 - mix), abs=1e-12)
    d = a["diagonal"].get_xydata()[0]
    assert d[0] == d[1] and (mix * 2 * d[0] + (1 - mix) * 2 * d[0] ** 2) == pytest.approx(1.0)
    assert f"±<b>{mix / (2 - mix):.3g}</b>" in panel.readout.value


@pytest.mark.parametrize("values", [{"step_lam": 0.0}, {"step_lam": 1.7}, {"mix": 0.0},
                                    {"mix": 1.0}, {"step_lam": 0.4, "mix": 0.25}])
def test_prox_sliders(values):
    panel = ElasticNetProxPanel(step_lam=0.5, mix=0.5)
    panel.redraw(full=True)
    panel.set(**values)
    t, a = panel.controls["step_lam"].value, panel.controls["mix"].value
    z = PROX_Z
    art = panel.artists
    expected = {"L1": soft(z, t), "elastic net": soft(z, t * a) / (1 + 2 * t * (1 - a)),
                "L2": z / (1 + 2 * t)}
    for name, y in expected.items():
        np.testing.assert_allclose(art[name].get_ydata(), y, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(art["ref L1"].get_ydata(), expected["L1"], rtol=1e-14)
    for name, thr in (("L1", t), ("elastic net", t * a)):
        x = art[name + " thr"].get_xdata()
        if thr == 0:
            assert np.all(np.isnan(x))
        else:
            np.testing.assert_allclose(x[[0, 1, 3, 4]], [-thr, -thr, thr, thr], rtol=1e-12)
    assert np.all(np.isnan(art["L2 thr"].get_xdata()))


@pytest.mark.parametrize("values", [{"mix": 1.0}, {"mix": 0.25}, {"lam": 0.05},
                                    {"lam": 3.0, "mix": 0.75}])
def test_path_sliders(paths, values):
    panel = ElasticNetPathPanel(mix=0.5, lam=0.5, paths=paths)
    panel.redraw(full=True)
    panel.set(**values)
    mix, lam = panel.controls["mix"].value, panel.controls["lam"].value
    i = int(np.argmin(np.abs(np.log(paths.lams) - np.log(lam))))
    state = panel.state
    np.testing.assert_array_equal(state["enet"], paths.coefs[mix])
    assert state["lam"] == paths.lams[i]
    np.testing.assert_array_equal(state["lasso dots"], paths.coefs[1.0][i])
    np.testing.assert_array_equal(state["enet dots"], paths.coefs[mix][i])
    assert f"(<b>a = {mix:g}</b>)" in panel.readout.value
    assert f"λ = {paths.lams[i]:.3g}" in panel.readout.value


def test_path_panel_shows_sklearn_paths(paths):
    """What the right panel draws for a = 0.25 is scikit-learn's enet_path, converted."""
    from sklearn.linear_model import enet_path

    panel = ElasticNetPathPanel(mix=0.5, paths=paths)
    panel.set(mix=0.25)
    X, y = en.correlated_regression()
    _, coefs, _ = enet_path(X, y, l1_ratio=0.25 / 1.75, alphas=paths.lams * 1.75, tol=1e-12,
                            max_iter=100_000)
    np.testing.assert_allclose(panel.state["enet"], coefs.T, atol=1e-4)


def test_path_panel_needs_the_lasso_and_the_mix(paths):
    with pytest.raises(ValueError, match="must include mix 1.0"):
        ElasticNetPathPanel(mix=0.6, paths=paths)
    no_lasso = en.EnetPaths(paths.lams, {0.5: paths.coefs[0.5]})
    with pytest.raises(ValueError, match="must include mix 1.0"):
        ElasticNetPathPanel(mix=0.5, paths=no_lasso)


@pytest.mark.parametrize("make, change", [
    (lambda p: ElasticNetBallPanel(mix=0.5), {"mix": 0.1}),
    (lambda p: ElasticNetProxPanel(), {"mix": 0.9}),
    (lambda p: ElasticNetPathPanel(paths=p), {"mix": 1.0}),
])
def test_inline_fallback_shows_a_new_png(paths, make, change):
    panel = make(paths)
    _ = panel.widget
    first = panel._image.outputs[0]["data"]["image/png"]
    panel.set(**change)
    assert panel._image.outputs[0]["data"]["image/png"] != first
