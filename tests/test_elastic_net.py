"""regviz.elastic_net: the ball against its defining inequality, the paths against scikit-learn."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regviz import elastic_net as en
from regviz.penalties import ElasticNet
from regviz.solvers import ista

MIXES_01 = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0]


@pytest.fixture(scope="module")
def data():
    return en.correlated_regression()


@pytest.fixture(scope="module")
def paths(data):
    return en.compute_paths(*data)


# --- the mix and scikit-learn's parameters --------------------------------------------------
@given(lam=st.floats(1e-6, 1e3), mix=st.floats(0.0, 1.0))
def test_sklearn_conversion_is_the_same_penalty_and_inverts(lam, mix):
    alpha, rho = en.to_sklearn(lam, mix)
    theirs, ours = ElasticNet.from_sklearn(alpha, rho), en.enet_penalty(lam, mix)
    assert theirs.l1 == pytest.approx(ours.l1, rel=1e-12, abs=1e-300)
    assert theirs.l2 == pytest.approx(ours.l2, rel=1e-12, abs=1e-15 * lam)
    back = en.from_sklearn(alpha, rho)
    assert back[0] == pytest.approx(lam, rel=1e-12) and back[1] == pytest.approx(mix, abs=1e-12)


def test_named_conversions():
    assert en.to_sklearn(1.0, 0.5) == (1.5, pytest.approx(1 / 3))
    assert en.to_sklearn(2.0, 1.0) == (2.0, 1.0)  # the lasso: alpha = lam
    assert en.to_sklearn(2.0, 0.0) == (4.0, 0.0)  # ridge: scikit-learn's L2 term has a 1/2
    assert en.enet_penalty(2.0, 0.25) == ElasticNet(l1=0.5, l2=1.5)


@pytest.mark.parametrize("lam", [0.05, 0.3, 1.0])
@pytest.mark.parametrize("mix", [0.3, 0.5, 0.8])
def test_ista_matches_sklearn_elasticnet_estimator(data, lam, mix):
    from sklearn.linear_model import ElasticNet as SkElasticNet

    X, y = data
    alpha, rho = en.to_sklearn(lam, mix)
    sk = SkElasticNet(alpha=alpha, l1_ratio=rho, fit_intercept=False, tol=1e-14,
                      max_iter=1_000_000).fit(X, y)
    np.testing.assert_allclose(ista(X, y, en.enet_penalty(lam, mix)).w, sk.coef_, atol=1e-6)


def test_bad_mix():
    for bad in (-0.1, 1.5, math.nan):
        with pytest.raises(ValueError, match="^mix must be"):
            en.enet_penalty(1.0, bad)
    with pytest.raises(ValueError, match="^l1_ratio must be in"):
        en.from_sklearn(1.0, 2.0)
    with pytest.raises(ValueError, match="^lam must be"):
        en.to_sklearn(-1.0, 0.5)


# --- the ball -------------------------------------------------------------------------------
@pytest.mark.parametrize("mix", MIXES_01)
def test_boundary_solves_the_defining_equation(mix):
    w1, w2 = en.ball_boundary(mix)
    value = en.ball_value(w1, w2, mix)
    np.testing.assert_allclose(value, 1.0, atol=1e-12)
    # just inside is inside, just outside is outside
    assert np.all(en.ball_value(0.999 * w1, 0.999 * w2, mix) < 1)
    assert np.all(en.ball_value(1.001 * w1, 1.001 * w2, mix) > 1)
    # closed, counter-clockwise, the four corners exactly on the axes at distance 1
    assert (w1[0], w2[0]) == (w1[-1], w2[-1]) == (1.0, 0.0)
    k = (w1.size - 1) // 4
    assert (w2[k], w1[2 * k], w2[3 * k]) == (1.0, -1.0, -1.0)
    assert w1[k] == w2[2 * k] == w1[3 * k] == 0.0
    np.testing.assert_allclose(en.ball_radius(np.pi / 2 * np.arange(5), mix), 1.0, rtol=1e-15)


@pytest.mark.parametrize("mix", MIXES_01)
def test_ball_is_between_the_l1_and_l2_balls(mix):
    w1, w2 = en.ball_boundary(mix, n=2001)
    assert np.all(np.abs(w1) + np.abs(w2) >= 1 - 1e-12)
    assert np.all(np.hypot(w1, w2) <= 1 + 1e-12)
    diag = float(en.ball_radius(np.pi / 4, mix))
    if 0 < mix < 1:  # strictly between on the diagonal
        assert 1 / math.sqrt(2) < diag < 1


@pytest.mark.parametrize("mix", [0.05, 0.25, 0.5, 0.75, 1.0])
def test_corner_on_the_axis_with_one_sided_slopes(mix):
    s = en.corner_slope(mix)
    assert s == pytest.approx(en.to_sklearn(1.0, mix)[1])  # = l1_ratio
    for h in (1e-5, 1e-6):
        for side in (+1, -1):  # just right and just left of (0, 1)
            theta = np.pi / 2 - side * h
            r = en.ball_radius(theta, mix)
            slope = (r * np.sin(theta) - 1) / (r * np.cos(theta))
            assert slope == pytest.approx(-side * s, abs=10 * h)
    assert s > 0  # a kink: the two one-sided slopes differ


def test_pure_l2_has_no_corner():
    assert en.corner_slope(0.0) == 0.0
    np.testing.assert_allclose(en.ball_radius(np.linspace(0, 7, 50), 0.0), 1.0, rtol=1e-15)


@pytest.mark.parametrize("mix", [0.0, 0.1, 0.5, 0.9, 0.99])
def test_edges_are_circle_arcs(mix):
    c, R = en.edge_circle(mix)
    w1, w2 = en.ball_boundary(mix)
    q = (w1 >= 0) & (w2 >= 0)
    np.testing.assert_allclose(np.hypot(w1[q] + c, w2[q] + c), R, rtol=1e-12)
    assert np.isfinite(R)


@settings(max_examples=200)
@given(mix=st.floats(0.0, 0.999), t1=st.floats(0.0, np.pi / 2), t2=st.floats(0.0, np.pi / 2))
def test_edges_bulge_strictly(mix, t1, t2):
    """Strict convexity: the midpoint of two different boundary points is strictly inside."""
    if abs(t1 - t2) < 1e-3:
        return
    p = [en.ball_radius(t, mix) * np.array([np.cos(t), np.sin(t)]) for t in (t1, t2)]
    mid = 0.5 * (p[0] + p[1])
    assert en.ball_value(mid[0], mid[1], mix) < 1 - 1e-9


def test_l1_edges_are_straight():
    assert en.edge_circle(1.0) == (np.inf, np.inf)
    t1, t2 = 0.2, 1.1
    p = [en.ball_radius(t, 1.0) * np.array([np.cos(t), np.sin(t)]) for t in (t1, t2)]
    mid = 0.5 * (p[0] + p[1])
    assert en.ball_value(mid[0], mid[1], 1.0) == pytest.approx(1.0, abs=1e-15)


def test_boundary_n_is_checked():
    with pytest.raises(ValueError, match="^n must be"):
        en.ball_boundary(0.5, n=100)


# --- correlated features --------------------------------------------------------------------
def test_data_is_standardized_correlated_and_seeded(data):
    X, y = data
    assert X.shape == (100, 2) and y.shape == (100,)
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-14)
    np.testing.assert_allclose((X**2).mean(axis=0), 1, rtol=1e-12)
    assert abs(y.mean()) < 1e-14
    assert np.corrcoef(X.T)[0, 1] > 0.998
    X2, y2 = en.correlated_regression()
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    X3, _ = en.correlated_regression(seed=3)
    assert not np.array_equal(X, X3)


def test_standardize_rejects_a_constant_column():
    with pytest.raises(ValueError, match="must vary"):
        en.standardize(np.ones((5, 2)), np.arange(5.0))


@pytest.mark.parametrize("mix", [1.0, 0.5, 0.25])
def test_lam_max_is_where_the_solution_leaves_zero(data, mix):
    X, y = data
    lm = en.lam_max(X, y, mix)
    assert np.all(ista(X, y, en.enet_penalty(lm * 1.0001, mix)).w == 0)
    assert np.any(ista(X, y, en.enet_penalty(lm * 0.99, mix)).w != 0)
    with pytest.raises(ValueError, match="mix must be > 0"):
        en.lam_max(X, y, 0.0)


def test_grid_spans_every_mix(data, paths):
    X, y = data
    lams = paths.lams
    assert np.all(np.diff(lams) < 0)
    assert lams[0] == pytest.approx(max(en.lam_max(X, y, m) for m in en.MIXES))
    assert lams[-1] == pytest.approx(1e-2 * en.lam_max(X, y, 1.0))
    assert paths.mixes == en.MIXES
    assert paths.index(lams[7] * 1.01) == 7
    np.testing.assert_array_equal(paths.at(0.5, lams[3]), paths.coefs[0.5][3])


@pytest.mark.parametrize("mix", [1.0, 0.75, 0.5, 0.25])
def test_paths_match_sklearn(data, paths, mix):
    """regviz's ISTA paths equal scikit-learn's coordinate-descent paths, to 1e-4.

    The conversion, explicit: regviz solves 1/(2n)|y - Xw|^2 + lam*(mix|w|_1 + (1-mix)|w|_2^2);
    scikit-learn 1/(2n)|y - Xw|^2 + alpha*rho|w|_1 + alpha*(1-rho)/2 |w|_2^2. So
    alpha = lam*(2 - mix) and rho = l1_ratio = mix/(2 - mix); for the lasso alpha = lam.
    """
    from sklearn.linear_model import enet_path, lasso_path

    X, y = data
    lams = paths.lams
    alphas = lams * (2.0 - mix)
    l1_ratio = mix / (2.0 - mix)
    converted = np.array([en.to_sklearn(lam, mix) for lam in lams])
    np.testing.assert_allclose(converted, np.column_stack([alphas, np.full_like(lams, l1_ratio)]),
                               rtol=1e-15)
    if mix == 1.0:
        sk_alphas, coefs, _ = lasso_path(X, y, alphas=alphas, tol=1e-12, max_iter=100_000)
    else:
        sk_alphas, coefs, _ = enet_path(X, y, l1_ratio=l1_ratio, alphas=alphas, tol=1e-12,
                                        max_iter=100_000)
    np.testing.assert_allclose(sk_alphas, alphas)  # same order: largest first
    np.testing.assert_allclose(paths.coefs[mix], coefs.T, atol=1e-4, rtol=0)


def test_lasso_picks_one_elastic_net_shares(data, paths):
    X, y = data
    lams, lasso = paths.lams, paths.coefs[1.0]
    below = lams < en.lam_max(X, y, 1.0)
    assert np.all(lasso[below, 0] > 0) and np.all(lasso[~below, 0] == 0)
    assert np.all(lasso[:, 1] == 0)  # x2 never enters the lasso path on this sample
    for mix in (0.75, 0.5, 0.25):
        c = paths.coefs[mix]
        active = lams < en.lam_max(X, y, mix)
        assert np.all(c[active] > 0) and np.all(c[~active] == 0)  # both or neither
        gap = np.abs(c[:, 0] - c[:, 1])
        bound = np.array([en.grouping_bound(X, y, lam, mix) for lam in lams])
        assert np.all(gap <= bound)
        # and the weights are shared: each has 40 % to 60 % of the total, at every lam
        share = c[active, 0] / c[active].sum(axis=1)
        assert np.all(np.abs(share - 0.5) < 0.1)
    assert en.grouping_bound(X, y, 1.0, 1.0) == np.inf


def test_grouping_bound_formula(data):
    X, y = data
    n = len(y)
    rho = np.corrcoef(X.T)[0, 1]
    expected = np.linalg.norm(y) / np.sqrt(n) * np.sqrt(2 * (1 - rho)) / (2 * 0.5 * 0.5)
    assert en.grouping_bound(X, y, 0.5, 0.5) == pytest.approx(expected, rel=1e-10)


def test_bootstrap_lasso_flips_elastic_net_stays(data):
    X, y = data
    lasso = en.bootstrap_fits(X, y, 1.0, 1.0, n_boot=100, seed=0)
    enet = en.bootstrap_fits(X, y, 1.0, 0.5, n_boot=100, seed=0)
    cl, ce = en.selection_counts(lasso), en.selection_counts(enet)
    assert sum(cl.values()) == sum(ce.values()) == 100
    assert cl["w1 only"] >= 20 and cl["w2 only"] >= 20  # it flips
    assert cl["w1 only"] + cl["w2 only"] >= 80  # and it mostly keeps exactly one
    assert ce == {"none": 0, "w1 only": 0, "w2 only": 0, "both": 100}
    share = enet[:, 0] / enet.sum(axis=1)
    assert np.all(np.abs(share - 0.5) < 0.05)
    # seeded: the same numbers again; another seed, other resamples
    np.testing.assert_array_equal(en.bootstrap_fits(X, y, 1.0, 1.0, n_boot=100, seed=0), lasso)
    assert not np.array_equal(en.bootstrap_fits(X, y, 1.0, 1.0, n_boot=100, seed=1), lasso)


def test_bootstrap_resamples_rows():
    """One resample by hand: rows drawn by default_rng(seed).integers, standardized, ISTA."""
    X, y = en.correlated_regression(n=30, seed=5)
    rows = np.random.default_rng(4).integers(0, 30, 30)
    expected = ista(*en.standardize(X[rows], y[rows]), en.enet_penalty(0.3, 0.5), tol=1e-10).w
    got = en.bootstrap_fits(X, y, 0.3, 0.5, n_boot=1, seed=4)
    np.testing.assert_array_equal(got[0], expected)


def test_selection_counts_shape():
    W = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, -2.0], [1.0, 1.0], [3.0, 0.0]])
    assert en.selection_counts(W) == {"none": 1, "w1 only": 2, "w2 only": 1, "both": 1}
    with pytest.raises(ValueError, match="shape"):
        en.selection_counts(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="n_boot"):
        en.bootstrap_fits(np.eye(3), np.ones(3), 1.0, 0.5, n_boot=0)


# --- plots ----------------------------------------------------------------------------------
def test_corner_tangents_have_the_corner_slope():
    from regviz.plots.elastic_net import corner_tangents_xy

    x, y = corner_tangents_xy(0.5, tick=0.4)
    s = en.corner_slope(0.5)
    # the roof at (0, 1): (-tick, 1 - s tick), (0, 1), (tick, 1 - s tick)
    np.testing.assert_allclose(x[:3], [-0.4, 0, 0.4])
    np.testing.assert_allclose(y[:3], [1 - 0.4 * s, 1, 1 - 0.4 * s])
    assert np.isnan(x[3])


def test_every_plot_function_draws_and_returns_its_artists(tmp_path, data, paths):
    import matplotlib.pyplot as plt

    from regviz.plots import elastic_net as pe
    from regviz.plots.prox import PROX_Z

    out = pe.plot_elastic_net_ball((0.2, 0.6))
    assert set(out) == {"L1", "L2", "mix=0.2", "mix=0.6"}
    np.testing.assert_allclose(out["mix=0.6"].get_xydata().T, en.ball_boundary(0.6))

    out = pe.plot_ball(0.3)
    np.testing.assert_allclose(out["ball"].get_xydata().T, en.ball_boundary(0.3))
    r = float(en.ball_radius(np.pi / 4, 0.3))
    np.testing.assert_allclose(out["diagonal"].get_xydata(), [[r / 2**0.5, r / 2**0.5]])

    out = pe.plot_elastic_net_prox(0.6, 0.4)
    z = PROX_Z
    soft = np.sign(z) * np.maximum(np.abs(z) - 0.6 * 0.4, 0)
    np.testing.assert_allclose(out["elastic net"].get_ydata(), soft / (1 + 2 * 0.6 * 0.6),
                               rtol=1e-14)
    np.testing.assert_allclose(out["L2"].get_ydata(), z / 2.2, rtol=1e-14)

    lams = paths.lams
    out = pe.plot_paths(lams, {"lasso": paths.coefs[1.0], "enet": paths.coefs[0.5]},
                        current=lams[10])
    np.testing.assert_array_equal(out["enet w2"].get_ydata(), paths.coefs[0.5][:, 1])
    np.testing.assert_array_equal(out["lasso current"].get_xdata(), [lams[10], lams[10]])
    np.testing.assert_array_equal(out["enet dots"].get_offsets()[:, 1], paths.coefs[0.5][10])

    fits = {"lasso": np.array([[1.0, 0.0], [0.0, 1.2]]), "enet": np.array([[0.5, 0.5]])}
    out = pe.plot_bootstrap(fits)
    np.testing.assert_array_equal(out["lasso"].get_offsets(), fits["lasso"])

    fig = plt.gcf()
    fig.savefig(tmp_path / "bootstrap.png")
    assert (tmp_path / "bootstrap.png").stat().st_size > 1000
    assert len(plt.get_fignums()) == 5  # each call drew on a new figure
