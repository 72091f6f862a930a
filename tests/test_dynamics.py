"""regviz.dynamics against independent oracles: autograd, scipy root finding, brute force."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq, minimize_scalar

from regviz import dynamics
from regviz.penalties import L1, L2, ElasticNet, Lp


def autograd_gd(value_fn, w0, lr, n_steps, k=0.0, c=0.0):
    """Gradient descent whose gradients come from torch.autograd on the written-out objective."""
    w = torch.tensor(float(w0), dtype=torch.float64)
    out = [w.item()]
    for _ in range(n_steps):
        w = w.detach().requires_grad_(True)
        (0.5 * k * (w - c) ** 2 + value_fn(w)).backward()
        w = w - lr * w.grad
        out.append(w.item())
    return np.array(out)


@pytest.mark.parametrize(
    "pen, value_fn",
    [
        (L2(0.3), lambda w: 0.3 * w**2),
        (L1(0.3), lambda w: 0.3 * w.abs()),
        (Lp(0.5, 0.3), lambda w: 0.3 * w.abs().sqrt()),
        (Lp(1.5, 0.3), lambda w: 0.3 * w.abs() ** 1.5),
        (ElasticNet(0.2, 0.1), lambda w: 0.2 * w.abs() + 0.1 * w**2),
    ],
)
@pytest.mark.parametrize("k, c", [(0.0, 0.0), (1.0, 0.4)])
def test_gd_trajectory_matches_autograd(pen, value_fn, k, c):
    # starts that never hit exactly 0, where autograd of sqrt(|w|) would be NaN
    got = dynamics.gd_trajectory(pen, 0.8137, lr=0.07, n_steps=60, curvature=k, target=c)
    ref = autograd_gd(value_fn, 0.8137, 0.07, 60, k, c)
    assert got.shape == (61,)
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-12)


def test_gd_trajectory_vectorised_and_l2_geometric():
    w0 = np.array([1.0, -2.0, 0.5])
    traj = dynamics.gd_trajectory(L2(0.5), w0, lr=0.1, n_steps=30)
    assert traj.shape == (31, 3)
    np.testing.assert_allclose(traj, np.outer(0.9 ** np.arange(31), w0), rtol=1e-12)
    assert np.all(traj != 0)


def brute_prox(z, t, value_fn):
    """argmin_x 0.5 (x - z)^2 + t value(x) by bounded scalar minimisation on each side, and 0."""
    cands = [0.0]
    for lo, hi in ((-abs(z) - 1, 0.0), (0.0, abs(z) + 1)):
        r = minimize_scalar(lambda x: 0.5 * (x - z) ** 2 + t * value_fn(x), bounds=(lo, hi),
                            method="bounded", options={"xatol": 1e-12})
        cands.append(r.x)
    return min(cands, key=lambda x: 0.5 * (x - z) ** 2 + t * value_fn(x))


@pytest.mark.parametrize("pen, value_fn", [
    (L1(0.5), abs),
    (Lp(0.5, 0.5), lambda x: math.sqrt(abs(x))),
])
def test_prox_trajectory_each_step_is_a_brute_force_prox(pen, value_fn):
    lr, k, c = 0.2, 1.0, 0.6
    traj = dynamics.prox_trajectory(pen, 1.5, lr=lr, n_steps=25, curvature=k, target=c)
    for w, w_next in zip(traj[:-1], traj[1:], strict=True):
        z = w - lr * k * (w - c)
        assert w_next == pytest.approx(brute_prox(z, lr * pen.lam, value_fn), abs=1e-6)


def test_prox_lands_on_exact_zero_and_subgradient_does_not():
    kw = {"lr": 0.1, "n_steps": 80, "curvature": 1.0, "target": 0.3}
    prox = dynamics.prox_trajectory(L1(0.5), 1.0, **kw)
    sub = dynamics.gd_trajectory(L1(0.5), 1.0, **kw)
    assert prox[-1] == 0.0 and np.all(sub[10:] != 0.0)


@given(st.floats(-3, 3), st.floats(0, 2))
@settings(max_examples=200, deadline=None)
def test_lecture_step_is_the_brute_force_soft_threshold(z, t):
    got = float(dynamics.lecture_prox_step(z, t))
    assert got == pytest.approx(brute_prox(z, t, abs), abs=1e-6)


@pytest.mark.parametrize("lr, lam", [(1e-3, 0.1), (0.01, 1.0), (0.1, 0.5), (0.3, 3.0)])
def test_sqrt_cycle_amplitude_is_the_root_of_g_a_plus_a(lr, lam):
    # independent: the positive root of a - lr*lam/(2 sqrt a) + a = 0, by bracketing
    root = brentq(lambda a: 2 * a - lr * lam / (2 * math.sqrt(a)), 1e-12, 10.0, xtol=1e-15,
                  rtol=1e-14)
    a = dynamics.sqrt_cycle_amplitude(lr, lam)
    assert a == pytest.approx(root, rel=1e-12)
    assert float(dynamics.sqrt_step(a, lr=lr, lam=lam)) == pytest.approx(-a, rel=1e-12)
    assert float(dynamics.sqrt_step(-a, lr=lr, lam=lam)) == pytest.approx(a, rel=1e-12)


@pytest.mark.parametrize("lr, lam", [(1e-3, 0.1), (0.1, 0.5)])
def test_sqrt_cycle_multiplier_by_finite_differences_and_instability(lr, lam):
    a = dynamics.sqrt_cycle_amplitude(lr, lam)

    def two(w):
        return float(dynamics.sqrt_step(dynamics.sqrt_step(w, lr=lr, lam=lam), lr=lr, lam=lam))

    h = 1e-6 * a
    fd = (two(a + h) - two(a - h)) / (2 * h)
    assert fd == pytest.approx(4.0, rel=1e-6)
    assert dynamics.sqrt_cycle_multiplier(lr, lam) == pytest.approx(4.0, rel=1e-12)
    # an orbit started 1e-10 away from the cycle leaves it
    w = a * (1 + 1e-10)
    for _ in range(60):
        w = two(w)
    assert abs(abs(w) - a) > 1e-3 * a


@pytest.mark.parametrize("lr, lam, factor", [(0.1, 0.5, 1e-6), (0.01, 0.3, 0.5), (0.2, 1.2, 1e-3)])
def test_l2_steps_by_brute_force(lr, lam, factor):
    w, t = 1.0, 0
    while abs(w) > factor:
        w *= 1 - 2 * lr * lam
        t += 1
    assert dynamics.l2_steps_to_shrink(lr, lam, factor) == t


def test_plateau_simulation_matches_a_plain_loop_and_the_formula():
    lr, lam = 0.05, 0.4
    w = dynamics.plateau_simulation(lr, lam, n_weights=500, seed=3)
    rng = np.random.default_rng(3)
    v, m = rng.uniform(-0.5, 0.5, 500), rng.standard_normal(500)
    n_steps = math.ceil(0.5 / (lr * lam * (1 - 4 * 0.05))) + 50
    for _ in range(n_steps):
        v = v - lr * (0.05 * lam * (v - m) + lam * np.sign(v))
    np.testing.assert_allclose(w, v, rtol=0, atol=1e-15)
    big = dynamics.plateau_simulation(lr, lam, n_weights=8000, seed=0)
    assert dynamics.plateau_width(big) == pytest.approx(2 * lr * lam, rel=0.03)
    assert np.all(np.abs(big) < 1.2 * lr * lam) and np.sum(big == 0) == 0


def test_plateau_width_of_a_uniform_sample():
    u = np.random.default_rng(0).uniform(-0.3, 0.3, 200_000)
    assert dynamics.plateau_width(u) == pytest.approx(0.6, rel=5e-3)


def test_sqrt_penalty_level_scales_like_the_cycle():
    lams = np.array([1.0, 8.0])
    level = dynamics.sqrt_penalty_level(lams, lr=0.01, n_weights=500, n_steps=1500,
                                        average_last=500)
    assert level[1] / level[0] == pytest.approx(8 ** (1 / 3), rel=0.05)
    c = level / (500 * np.sqrt([dynamics.sqrt_cycle_amplitude(0.01, x) for x in lams]))
    assert np.all((c > 1) & (c < 4))


def test_sparse_regression_is_seeded():
    X1, y1, w1 = dynamics.sparse_regression(30, 10, n_nonzero=3, seed=5)
    X2, y2, w2 = dynamics.sparse_regression(30, 10, n_nonzero=3, seed=5)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2) and np.array_equal(w1, w2)
    assert np.count_nonzero(w1) == 3 and np.all(np.abs(w1[:3]) >= 1)
    assert not np.array_equal(y1, dynamics.sparse_regression(30, 10, n_nonzero=3, seed=6)[1])


@pytest.mark.parametrize("call, match", [
    (lambda: dynamics.gd_trajectory(L1(1), 1.0, lr=0.0, n_steps=3), "lr"),
    (lambda: dynamics.gd_trajectory(L1(1), 1.0, lr=0.1, n_steps=-1), "n_steps"),
    (lambda: dynamics.prox_trajectory(L1(1), 1.0, lr=0.1, n_steps=3, curvature=-1), "curvature"),
    (lambda: dynamics.sqrt_cycle_amplitude(0.1, -1.0), "lam"),
    (lambda: dynamics.sqrt_cycle_multiplier(0.1, 0.0), "lr\\*lam"),
    (lambda: dynamics.l2_steps_to_shrink(0.1, 0.5, 2.0), "factor"),
    (lambda: dynamics.l2_steps_to_shrink(1.0, 1.0, 0.5), "lr\\*lam"),
    (lambda: dynamics.plateau_simulation(0.1, 0.5, data_scale=0.5), "data_scale"),
    (lambda: dynamics.sqrt_penalty_level([1.0], n_steps=10, average_last=20), "average_last"),
    (lambda: dynamics.sparse_regression(10, 5, n_nonzero=6), "n_nonzero"),
    (lambda: dynamics.lecture_prox_step(1.0, -0.1), "t"),
])
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_every_plot_function_draws_and_returns_its_artists():
    from regviz.plots import dynamics as pd
    from regviz.plots import prox as pp
    from regviz.solvers import ista, subgradient_descent

    out = pd.plot_penalty_slopes(2.0, current_p=0.3)
    w = out["p=0.5"].get_xdata()
    np.testing.assert_allclose(out["p=0.5"].get_ydata(), 0.5 * 2.0 / np.sqrt(w), rtol=1e-12)
    np.testing.assert_allclose(out["current"].get_ydata(), 0.3 * 2.0 * w ** -0.7, rtol=1e-12)
    out = pd.plot_trajectories(0.1, 0.3, n_steps=20, log_ax=None)
    assert set(out) == {"L2", "L1", "sqrt", "band", "cycle"}
    np.testing.assert_allclose(out["L2"].get_ydata(), 0.94 ** np.arange(21), rtol=1e-12)
    out = pd.plot_sqrt_orbits((1e-2, 1e-1), n_steps=400, burn_in=100, show_steps=50)
    assert {"orbit 0.01", "hist 0.1", "one"} <= set(out)
    lams = np.array([0.1, 1.0, 10.0])
    out = pd.plot_penalty_level(lams, lams ** 0.3, lams ** (1 / 3), qa={1.0: 50.0, 10.0: 500.0})
    np.testing.assert_allclose(out["qa"].get_ydata(), [1.0, 1.0])
    out = pp.plot_prox_maps(0.5)
    np.testing.assert_allclose(out["L1"].get_ydata(), L1(1.0).prox(pp.PROX_Z, step=0.5))
    assert np.all(np.isnan(out["L2 thr"].get_xdata()))
    out = pp.plot_subgrad_vs_prox(0.1, 0.5, n_steps=10)
    assert len(out["prox"].get_ydata()) == 11
    out = pp.plot_plateau(np.array([-0.01, 0.0, 0.02]), 0.1, 0.5)
    assert out["hist"].get_data().values.sum() > 0
    out = pp.plot_plateau_widths(np.array([0.01, 0.1]), np.array([0.02, 0.2]))
    np.testing.assert_allclose(out["formula"].get_ydata(), [0.02, 0.2])
    X, y, w_true = dynamics.sparse_regression(40, 8, n_nonzero=2, seed=1)
    r_i = ista(X, y, L1(0.1), n_iter=50)
    r_s = subgradient_descent(X, y, L1(0.1), n_iter=50)
    out = pp.plot_solver_comparison(r_i, r_s, w_true)
    assert set(out) == {"ista_obj", "sub_obj", "true", "ista_w", "sub_w"}


@pytest.mark.parametrize("pen", [L1(0.1), ElasticNet(0.05, 0.1)], ids=["L1", "elastic net"])
def test_solvers_record_the_public_objective_at_each_iterate(pen):
    """ISTA and subgradient descent evaluate their objective with kernels checked once; what
    they record is least_squares_objective (penalty.total, checked each call) of each iterate."""
    from regviz.solvers import ista, least_squares_objective, subgradient_descent

    X, y, _ = dynamics.sparse_regression(40, 8, n_nonzero=2, seed=1)
    for result in (ista(X, y, pen, n_iter=30, record=True, accelerated=False),
                   subgradient_descent(X, y, pen, n_iter=30, record=True)):
        expected = [least_squares_objective(X, y, w, pen) for w in result.trajectory]
        assert np.array_equal(result.objective, expected)
