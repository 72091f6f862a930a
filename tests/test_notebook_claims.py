"""Claims of notebooks 02-04 whose verification loops moved out of the notebooks (issue 9).

The notebooks keep a few asserts that teach; the loops that re-verify the package's math live
here (most of it is covered by the module tests: test_landscape, test_geometry, test_dynamics,
test_penalties, test_priors, test_elastic_net).
"""

from __future__ import annotations

import numpy as np

from regviz import dynamics, geometry
from regviz.penalties import L1, Lp
from regviz.solvers import ista, lipschitz_step, subgradient_descent


def test_02_corner_holds_up_to_r_dagger_and_smooth_balls_only_approach_the_axis():
    loss = geometry.DEFAULT_LOSS
    Ac = loss.A @ np.array(loss.center)
    r_dagger = (Ac[1] - Ac[0]) / (loss.A[1, 1] - loss.A[0, 1])
    assert abs(r_dagger - 2.33) < 0.01
    assert geometry.contact_point(1.0, loss=loss, radius=r_dagger - 1e-3).n_zeros == 1
    assert geometry.contact_point(1.0, loss=loss, radius=r_dagger + 1e-3).n_zeros == 0
    assert geometry.contact_point(1.0, loss=loss, radius=4.0).inside
    near = geometry.contact_point(1.059, loss=loss, radius=1.0).point
    assert 0 < near[0] < 1e-3
    assert 0.02 < geometry.contact_point(1.122, loss=loss, radius=1.0).point[0] < 0.04
    # the notebook's ISTA on the quadratic loss lands on w1 = 0 exactly, at the contact point
    lam = geometry.penalty_multiplier(geometry.contact_point(1.0, loss=loss, radius=1.0),
                                      loss=loss)
    step, w = 1 / np.linalg.eigvalsh(loss.A).max(), np.array([1.0, 1.0])
    for _ in range(500):
        w = L1(lam).prox(w - step * loss.grad(w), step=step)
    assert w[0] == 0.0 and abs(w[1] - 1.0) < 1e-9


def test_03_l1_gradient_steps_walk_down_then_hop_across_zero():
    lr, lam = 0.1, 0.3
    w = dynamics.gd_trajectory(L1(lam), 1.0, lr=lr, n_steps=200)
    arrived = int(np.argmax(np.abs(w) <= lr * lam))
    np.testing.assert_allclose(np.diff(w[: arrived + 1]), -lr * lam)
    assert np.all(np.abs(w[arrived:]) <= lr * lam + 1e-15) and np.all(w != 0)
    assert np.all(np.sign(w[arrived + 1:]) != np.sign(w[arrived:-1]))
    root = dynamics.gd_trajectory(Lp(0.5, lam), 1.0, lr=lr, n_steps=200)[50:]
    assert np.sum(np.diff(np.sign(root)) != 0) > 30 and np.abs(root).max() > 5 * lr * lam


def test_04_ista_finds_the_true_zeros_and_subgradient_descent_none():
    X, y, w_true = dynamics.sparse_regression(100, 40, n_nonzero=5, noise=0.1, seed=0)
    lr = lipschitz_step(X)
    res_ista = ista(X, y, L1(0.1), lr=lr, n_iter=300, accelerated=False)
    res_sub = subgradient_descent(X, y, L1(0.1), lr=lr, n_iter=300)
    assert np.all(res_ista.w[w_true == 0] == 0.0) and np.all(res_ista.w[w_true != 0] != 0.0)
    assert np.sum(res_sub.w == 0) == 0
    assert res_ista.objective[-1] < res_sub.objective[-1]


def test_04_subgradient_iterate_stays_near_zero_and_prox_lands_on_it():
    kw = {"lr": 0.1, "n_steps": 60, "curvature": 1.0, "target": 0.3}
    sub = dynamics.gd_trajectory(L1(0.5), 1.0, **kw)
    prox = dynamics.prox_trajectory(L1(0.5), 1.0, **kw)
    first = int(np.argmax(prox == 0))
    tail = sub[first:]
    assert first > 0 and np.all(prox[first:] == 0.0)
    assert np.all(tail != 0) and np.sum(np.diff(np.sign(tail)) != 0) >= 10
    assert np.all(np.abs(tail) <= 0.1 * (0.5 + 0.3) + 1e-12)  # within lr*(lam + |l'(0)|)
