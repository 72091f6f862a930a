"""regviz.implicit against independent oracles: NumPy's pinv and lstsq, the gradient-descent
loop written out, scikit-learn's Ridge, root finding for the filters' knees, brute force for the
validation-tuned ridge."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import brentq
from sklearn.linear_model import Ridge

from regviz import generalization as gen
from regviz import implicit


def underdetermined(n=8, d=20, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.standard_normal(n)


# -- gradient descent from 0 finds the minimum-norm solution ----------------------------------

def test_gradient_descent_from_zero_converges_to_pinv():
    X, y = underdetermined()
    lr = 1.0 * len(y) / np.linalg.norm(X, 2) ** 2
    w = implicit.gradient_descent(X, y, lr=lr, n_steps=20_000)
    np.testing.assert_allclose(w, np.linalg.pinv(X) @ y, atol=1e-9)
    np.testing.assert_allclose(X @ w, y, atol=1e-9)  # it interpolates


def test_gradient_descent_keeps_the_start_outside_the_row_space():
    X, y = underdetermined(seed=1)
    w0 = np.random.default_rng(2).standard_normal(X.shape[1])
    lr = 1.0 * len(y) / np.linalg.norm(X, 2) ** 2
    w = implicit.gradient_descent(X, y, lr=lr, n_steps=20_000, w0=w0)
    P = np.linalg.pinv(X) @ X  # projection on the row space
    np.testing.assert_allclose(w, np.linalg.pinv(X) @ y + (np.eye(X.shape[1]) - P) @ w0,
                               atol=1e-9)
    assert np.linalg.norm(w) > np.linalg.norm(np.linalg.pinv(X) @ y)


def test_gradient_descent_is_the_loop_written_out():
    X, y = underdetermined(seed=3)
    lr, n = 0.3 * len(y) / np.linalg.norm(X, 2) ** 2, len(y)
    w = np.zeros(X.shape[1])
    for _ in range(7):
        w = w - lr * X.T @ (X @ w - y) / n
    np.testing.assert_allclose(implicit.gradient_descent(X, y, lr=lr, n_steps=7), w,
                               rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("shape", [(8, 20), (30, 5), (10, 10)])
def test_min_norm_is_pinv(shape):
    rng = np.random.default_rng(sum(shape))
    X, y = rng.standard_normal(shape), rng.standard_normal(shape[0])
    np.testing.assert_allclose(implicit.min_norm(X, y), np.linalg.pinv(X) @ y, rtol=1e-9,
                               atol=1e-10)


def test_min_norm_of_a_rank_deficient_matrix_is_lstsq():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((12, 3)) @ rng.standard_normal((3, 7))  # rank 3
    y = rng.standard_normal(12)
    np.testing.assert_allclose(implicit.min_norm(X, y), np.linalg.lstsq(X, y, rcond=None)[0],
                               rtol=1e-8, atol=1e-10)


def test_ridge_path_is_sklearn_ridge_and_tends_to_min_norm():
    X, y = underdetermined(seed=5)
    n = len(y)
    lams = np.array([1e-3, 0.1, 2.0])
    W = implicit.ridge_path(X, y, lams)
    for lam, w in zip(lams, W, strict=True):
        sk = Ridge(alpha=2 * n * lam, fit_intercept=False, solver="svd").fit(X, y).coef_
        np.testing.assert_allclose(w, sk, rtol=1e-9, atol=1e-12)
    near0 = implicit.ridge_path(X, y, [1e-12])[0]
    np.testing.assert_allclose(near0, np.linalg.pinv(X) @ y, rtol=1e-6)
    np.testing.assert_allclose(implicit.ridge_path(X, y, [0.0])[0], np.linalg.pinv(X) @ y,
                               atol=1e-10)


def test_tuned_ridge_is_the_brute_force_argmin_of_validation_error():
    rng = np.random.default_rng(6)
    X, Xv = rng.standard_normal((20, 30)), rng.standard_normal((15, 30))
    w_true = rng.standard_normal(30)
    y, yv = X @ w_true + rng.standard_normal(20), Xv @ w_true + rng.standard_normal(15)
    lams = np.geomspace(1e-4, 10, 13)
    lam, w = implicit.tuned_ridge(X, y, Xv, yv, lams)
    errs = [np.mean((Xv @ gen.ridge(X, y, lam_) - yv) ** 2) for lam_ in lams]
    assert lam == lams[int(np.argmin(errs))]
    np.testing.assert_allclose(w, gen.ridge(X, y, lam), rtol=1e-9)


# -- early stopping as (almost) ridge (moved from regviz.generalization) ----------------------

def test_gd_path_equals_the_iteration_written_out():
    X, y = gen.diabetes_data()[:2]
    X, y = X - X.mean(0), y - y.mean()
    n = len(y)
    lr = 0.5 * n / np.linalg.norm(X, 2) ** 2
    path = implicit.gd_path(X, y, lr=lr, n_steps=300)
    w = np.zeros(X.shape[1])
    for t in range(1, 301):
        w = w - lr * X.T @ (X @ w - y) / n
        if t in (1, 2, 10, 300):
            np.testing.assert_allclose(path[t], w, rtol=1e-9, atol=1e-9)
    assert np.all(path[0] == 0)
    # far along, gradient descent reaches least squares, i.e. ridge at lambda -> 0
    far = implicit.gd_path(X, y, lr=lr, n_steps=200_000)[-1]
    np.testing.assert_allclose(far, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-6)
    np.testing.assert_allclose(implicit.gradient_descent(X, y, lr=lr, n_steps=300), path[-1],
                               rtol=1e-9, atol=1e-9)


def test_early_stopping_is_close_to_ridge_at_lam_for_steps():
    X, y = gen.diabetes_data()[:2]
    X, y = X - X.mean(0), y - y.mean()
    lr = 0.9 * len(y) / np.linalg.norm(X, 2) ** 2
    path = implicit.gd_path(X, y, lr=lr, n_steps=3000)
    for t in (10, 100, 1000):
        w_r = gen.ridge(X, y, implicit.lam_for_steps(t, lr))
        assert np.linalg.norm(path[t] - w_r) < 0.35 * np.linalg.norm(w_r), t
    with pytest.raises(ValueError, match="lr must be <"):
        implicit.gd_path(X, y, lr=10 * lr, n_steps=3)


def test_gd_factor_is_what_gd_path_does_to_each_direction():
    X, y = gen.diabetes_data()[:2]
    X, y = X - X.mean(0), y - y.mean()
    n, lr, t = len(y), 0.7 * len(y) / np.linalg.norm(X, 2) ** 2, 40
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    w_t = implicit.gd_path(X, y, lr=lr, n_steps=t)[-1]
    factors = (Vt @ w_t) / ((U.T @ y) / s)
    np.testing.assert_allclose(factors, implicit.gd_factor(s**2 / n, lr, t), rtol=1e-9)


def test_stopping_shrinks_less_than_the_matched_ridge_and_agrees_to_first_order():
    x = np.concatenate([[0.0], np.geomspace(1e-6, 1e3, 400)])
    stop, ridge = implicit.stopping_factor(x), implicit.ridge_factor(x)
    assert np.all(stop >= ridge - 1e-15)  # 1 - exp(-x) >= x / (1 + x)
    weak = x[1:] < 1e-3
    # both are x + O(x^2): the gap over x^2 stays bounded (it tends to 1/2)
    gap = (stop[1:] - ridge[1:])[weak] / x[1:][weak] ** 2
    np.testing.assert_allclose(gap, 0.5, atol=2e-3)
    # against ridge's factor at the matched lambda, computed from its definition
    s2n, lr, t = 0.37, 0.05, 25.0
    lam = implicit.lam_for_steps(t, lr)
    assert np.isclose(implicit.ridge_factor(lr * t * s2n), s2n / (s2n + 2 * lam))
    # and the small-step limit of the exact factor
    assert np.isclose(implicit.gd_factor(s2n, 1e-5, 1e5), implicit.stopping_factor(s2n),
                      rtol=1e-5)


def test_filter_knees_by_root_finding():
    filters = {"stopping": implicit.stopping_factor, "ridge": implicit.ridge_factor}
    for kind, f in filters.items():
        lo, hi = implicit.filter_knee(kind)
        assert np.isclose(lo, brentq(lambda x, f=f: f(x) - 0.1, 1e-9, 1e3), rtol=1e-9)
        assert np.isclose(hi, brentq(lambda x, f=f: f(x) - 0.9, 1e-9, 1e3), rtol=1e-9)
    (s_lo, s_hi), (r_lo, r_hi) = implicit.filter_knee("stopping"), implicit.filter_knee("ridge")
    assert s_hi / s_lo < r_hi / r_lo / 3  # stopping's knee is the sharper one
    assert np.isclose(s_lo, 0.1054, atol=1e-4) and np.isclose(s_hi, 2.3026, atol=1e-4)
    assert np.isclose(r_lo, 1 / 9) and np.isclose(r_hi, 9.0)


# -- double descent --------------------------------------------------------------------------

def test_random_relu_features_are_nested_relus():
    feats = implicit.random_relu(4, 30, seed=3)
    X = np.random.default_rng(0).standard_normal((7, 4))
    F = feats(X)
    np.testing.assert_array_equal(F, np.maximum(X @ feats.weights, 0))
    np.testing.assert_array_equal(feats(X, 11), F[:, :11])
    assert feats.weights.shape == (4, 30)
    with pytest.raises(ValueError, match="n_features must be <= 30"):
        feats(X, 31)
    with pytest.raises(ValueError, match="X must have shape"):
        feats(X[:, :3])


def test_regression_task_is_seeded_and_centred_on_its_target():
    a, b = implicit.regression_task(seed=2), implicit.regression_task(seed=2)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    resid = a.y_test - implicit.RegressionTask.target(a.X_test @ a.beta)
    assert abs(resid.std() - a.noise) < 0.05 and abs(resid.mean()) < 0.05
    assert a.X_train.shape == (100, 10) and np.isclose(np.linalg.norm(a.beta), 1.0)


def test_double_descent_min_norm_peaks_at_n_train_and_tuned_ridge_does_not():
    widths = np.unique(np.round(np.geomspace(10, 1000, 31)).astype(int))
    dd = implicit.double_descent(widths, seeds=range(3))
    peak, ratio = implicit.peak_ratio(widths, dd.mean("min_norm_test"), dd.n_train)
    assert 0.75 * dd.n_train <= peak <= 1.25 * dd.n_train and ratio > 3
    _, ratio_ridge = implicit.peak_ratio(widths, dd.mean("ridge_test"), dd.n_train)
    assert ratio_ridge <= 1.0
    over = widths >= dd.n_train
    assert np.all(dd.min_norm_train[:, over] < 1e-20)  # interpolates past the threshold
    assert np.all(dd.min_norm_train[:, ~over] > 0.01)
    # the min-norm fit is the lam -> 0 end of ridge: its norm is the largest of the path
    assert np.argmax(dd.mean("min_norm_norm")) == np.argmax(dd.mean("min_norm_test"))
    again = implicit.double_descent(widths[:5], seeds=(0,))
    np.testing.assert_array_equal(again.min_norm_test[0], dd.min_norm_test[0, :5])


def test_feature_spectrum_smallest_singular_value_dips_at_n_train():
    widths = [50, 80, 100, 125, 200]
    s_min = [s.min() for s in implicit.feature_spectrum(widths)]
    assert int(np.argmin(s_min)) == 2
    assert all(len(s) == min(p, 100) for s, p in zip(implicit.feature_spectrum(widths), widths,
                                                      strict=True))


def test_peak_ratio_on_hand_made_curves():
    widths = np.array([10, 50, 80, 100, 120, 200, 400])
    bump = np.array([1.0, 1.2, 2.0, 9.0, 3.0, 1.5, 1.0])
    assert implicit.peak_ratio(widths, bump, 100) == (100, 9.0 / 1.5)
    falling = np.array([5.0, 4.0, 3.0, 2.0, 1.5, 1.2, 1.0])
    assert implicit.peak_ratio(widths, falling, 100) == (80, 3.0 / 4.0)
    with pytest.raises(ValueError, match="widths must have values below"):
        implicit.peak_ratio(widths[2:], bump[2:], 100)


# -- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("call, match", [
    (lambda: implicit.gradient_descent(*underdetermined(), lr=-1.0, n_steps=3), "lr"),
    (lambda: implicit.gradient_descent(*underdetermined(), lr=100.0, n_steps=3), "lr must be <"),
    (lambda: implicit.gradient_descent(*underdetermined(), lr=0.1, n_steps=0), "n_steps"),
    (lambda: implicit.gradient_descent(*underdetermined(), lr=0.1, n_steps=2, w0=[1.0]), "w0"),
    (lambda: implicit.min_norm(np.ones((3, 2)), np.ones(4)), "X must be"),
    (lambda: implicit.lam_for_steps(0, 0.1), "t must be > 0"),
    (lambda: implicit.stopping_factor(-1.0), "x must be"),
    (lambda: implicit.ridge_factor(np.nan), "x must be"),
    (lambda: implicit.gd_factor(1.0, 3.0, 5), "lr \\* s2_over_n"),
    (lambda: implicit.filter_knee("lasso"), "kind"),
    (lambda: implicit.filter_knee("ridge", 0.9, 0.1), "lo and hi"),
    (lambda: implicit.ridge_path(*underdetermined(), [-1.0]), "lams"),
    (lambda: implicit.regression_task(n_train=0), "n_train"),
    (lambda: implicit.regression_task(noise=-1.0), "noise"),
    (lambda: implicit.random_relu(3, 0), "n_features"),
    (lambda: implicit.double_descent([10, 5]), "widths"),
    (lambda: implicit.double_descent([10], seeds=()), "seeds"),
    (lambda: implicit.peak_ratio([1, 2], [1.0], 1), "same length"),
])
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_distance_to_min_norm_follows_the_loop_and_levels_off_at_the_start_outside():
    X, y = underdetermined(seed=7)
    lr = 0.8 * len(y) / np.linalg.norm(X, 2) ** 2
    w0 = np.random.default_rng(8).standard_normal(X.shape[1])
    target = np.linalg.pinv(X) @ y
    for start in (None, w0):
        dist = implicit.distance_to_min_norm(X, y, lr=lr, n_steps=50, w0=start)
        for t in (0, 1, 13, 50):
            w_t = (implicit.gradient_descent(X, y, lr=lr, n_steps=t, w0=start) if t else
                   np.zeros(X.shape[1]) if start is None else w0)
            assert np.isclose(dist[t], np.linalg.norm(w_t - target), rtol=1e-9, atol=1e-12)
    far = implicit.distance_to_min_norm(X, y, lr=lr, n_steps=20_000, w0=w0)[-1]
    P = np.linalg.pinv(X) @ X
    assert np.isclose(far, np.linalg.norm(w0 - P @ w0), rtol=1e-9)


def test_degree_sweep_peaks_where_notebook_00s_parameters_equal_its_points():
    data = gen.polynomial_data()
    degrees = [4, 8, 12, 13, 14, 15, 16, 20, 40, 200]
    sw = implicit.degree_sweep(data, degrees)
    assert sw.n_params[int(np.argmax(sw.min_norm_test))] == len(data.y_train)
    # degree 12 at lambda = 0 is notebook 00's fit: the same test error as its error path
    path = gen.error_path(data, [0.0])
    assert np.isclose(sw.min_norm_test[degrees.index(12)], path.test[0], rtol=1e-6)
    assert sw.min_norm_test[-1] < sw.min_norm_test[degrees.index(12)] / 10  # second descent
    assert np.all(sw.ridge_test < 1.0)  # tuned ridge: no peak anywhere
    assert np.all(sw.min_norm_train[sw.n_params >= 15] < 1e-15)


def test_sgd_is_the_loop_written_out_and_reaches_pinv_whatever_its_batch_and_step():
    X, y = underdetermined(n=10, d=30, seed=9)
    lr, bs = 0.02, 3
    rng = np.random.default_rng(4)
    w = np.zeros(X.shape[1])
    for _ in range(2):
        order = rng.permutation(10)
        for s in range(0, 10, bs):
            b = order[s:s + bs]
            w = w - lr * X[b].T @ (X[b] @ w - y[b]) / len(b)
    np.testing.assert_allclose(implicit.sgd(X, y, lr=lr, batch_size=bs, epochs=2, seed=4), w,
                               rtol=1e-12, atol=1e-14)
    for bs, lr in ((1, 0.01), (5, 0.03), (10, 0.05)):
        w = implicit.sgd(X, y, lr=lr, batch_size=bs, epochs=3000, seed=1)
        np.testing.assert_allclose(w, np.linalg.pinv(X) @ y, atol=1e-8)
    with pytest.raises(ValueError, match="batch_size must be <="):
        implicit.sgd(X, y, lr=0.01, batch_size=11, epochs=1)
    with pytest.raises(ValueError, match="too large"):
        implicit.sgd(X, y, lr=50.0, batch_size=1, epochs=200)
