"""regviz.generalization against independent oracles: NumPy's lstsq, the hat matrix written out,
scikit-learn's estimators and CV estimators, torch's
autograd for d2l's loss, and the bias-variance identity within its Monte Carlo error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.linear_model import ElasticNet, Lasso, Ridge
from sklearn.model_selection import cross_val_score

from regviz import generalization as gen

ROOT = Path(__file__).resolve().parents[1]


def random_problem(n, d, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.standard_normal(n)


# -- ridge, the SVD, df ---------------------------------------------------------------------------

@pytest.mark.parametrize(("n", "d", "lam"), [(20, 5, 0.1), (8, 12, 0.5), (50, 3, 1e-4),
                                             (15, 12, 3.0)])
def test_ridge_closed_form_equals_lstsq_on_the_augmented_system(n, d, lam):
    X, y = random_problem(n, d, seed=n + d)
    # (1/2n)||y - Xw||^2 + lam||w||^2  =  (1/2n) || [y; 0] - [X; sqrt(2 n lam) I] w ||^2
    A = np.vstack([X, np.sqrt(2 * n * lam) * np.eye(d)])
    b = np.concatenate([y, np.zeros(d)])
    w_lstsq = np.linalg.lstsq(A, b, rcond=None)[0]
    np.testing.assert_allclose(gen.ridge(X, y, lam), w_lstsq, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(gen.ridge_svd(X, y, lam), w_lstsq, rtol=1e-9, atol=1e-12)
    # and scikit-learn's Ridge(alpha = 2 n lam), which sums the squared errors
    sk = Ridge(alpha=2 * n * lam, fit_intercept=False, solver="svd").fit(X, y).coef_
    np.testing.assert_allclose(gen.ridge(X, y, lam), sk, rtol=1e-8, atol=1e-12)


def test_ridge_at_zero_is_minimum_norm_least_squares():
    X, y = random_problem(6, 10, seed=1)
    np.testing.assert_allclose(gen.ridge(X, y, 0.0), np.linalg.pinv(X) @ y, atol=1e-12)
    np.testing.assert_allclose(gen.ridge_svd(X, y, 0.0), np.linalg.pinv(X) @ y, atol=1e-10)


@pytest.mark.parametrize("lam", [0.0, 1e-5, 1e-2, 1.0, 100.0])
def test_effective_df_is_the_trace_of_the_hat_matrix(lam):
    X = gen.polynomial_data().X_train
    X = X - X.mean(0)
    n, d = X.shape
    H = X @ np.linalg.pinv(X.T @ X + 2 * n * lam * np.eye(d)) @ X.T  # written out
    assert gen.effective_df(X, lam) == pytest.approx(np.trace(H), rel=1e-8)
    np.testing.assert_allclose(gen.hat_matrix(X, lam), H, atol=1e-8)
    assert gen.shrinkage_factors(X, lam).sum() == pytest.approx(np.trace(H), rel=1e-8)


def test_df_falls_from_the_rank_to_zero():
    X, _ = random_problem(30, 7, seed=3)
    lams = np.geomspace(1e-8, 1e6, 30)
    df = gen.effective_df(X, lams)
    assert df[0] == pytest.approx(7, abs=1e-4) and df[-1] < 1e-4
    assert np.all(np.diff(df) < 0)


# -- fits with an intercept: L2, L1 and elastic net against scikit-learn --------------------------

@pytest.mark.parametrize("lam", [1e-3, 0.02, 0.3])
def test_fit_linear_matches_scikit_learn(lam):
    data = gen.polynomial_data(seed=4)
    X, y = data.X_train, data.y_train
    n = len(y)
    fits = {p: gen.fit_linear(X, y, penalty=p, lam=lam, tol=1e-12, n_iter=500_000)
            for p in gen.PENALTIES}
    ridge = Ridge(alpha=2 * n * lam).fit(X, y)
    lasso = Lasso(alpha=lam, tol=1e-14, max_iter=10**6).fit(X, y)
    enet = ElasticNet(alpha=lam * 1.5, l1_ratio=1 / 3, tol=1e-14, max_iter=10**6).fit(X, y)
    for p, sk in (("L2", ridge), ("L1", lasso), ("elastic net", enet)):
        np.testing.assert_allclose(fits[p].w, sk.coef_, atol=1e-5, err_msg=p)
        assert fits[p].b == pytest.approx(sk.intercept_, abs=1e-5)
    assert np.sum(fits["L1"].w == 0) == np.sum(lasso.coef_ == 0)


def test_error_path_errors_are_the_mses_of_its_fits():
    data = gen.polynomial_data()
    path = gen.error_path(data, penalty="L1")
    for i in (0, 10, 30):
        pred = data.X_test @ path.coefs[i] + path.intercepts[i]
        assert path.test[i] == pytest.approx(np.mean((data.y_test - pred) ** 2), rel=1e-12)
    assert path.zeros[-1] == data.degree and path.zeros[0] == 0  # all 0 at lam = 10, none at 0
    assert path.test[0] > 100 * path.train[0]  # the overfitting the notebook shows


# -- cross-validation ---------------------------------------------------------------------------

def test_cv_curve_equals_cross_val_score_of_ridge():
    data = gen.polynomial_data()
    X, y = np.vstack([data.X_train, data.X_val]), np.concatenate([data.y_train, data.y_val])
    lams = gen.lam_grid(1e-5, 1.0, 6, zero=False)
    cv = gen.cross_validate(X, y, lams, penalty="L2", n_splits=5, seed=3)
    m = len(cv.folds[0][0])
    for j, lam in enumerate(lams):
        scores = -cross_val_score(Ridge(alpha=2 * m * lam), X, y, cv=cv.folds,
                                  scoring="neg_mean_squared_error")
        np.testing.assert_allclose(cv.fold_errors[:, j], scores, rtol=1e-8)
    assert cv.se[0] == pytest.approx(np.std(cv.fold_errors[:, 0], ddof=1) / np.sqrt(5))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("penalty", gen.PENALTIES)
def test_cv_choice_equals_scikit_learns_cv_estimators(penalty, seed):
    Xtr, ytr, *_ = gen.diabetes_data(seed=seed)
    lams = np.geomspace(*gen.DIABETES["lams"][penalty])
    folds = gen.kfold(len(ytr), 5, seed=seed)
    cv = gen.cross_validate(Xtr, ytr, lams, penalty=penalty, folds=folds)
    assert gen.sklearn_cv_lambda(Xtr, ytr, lams, folds, penalty=penalty) == pytest.approx(
        cv.lam_best, rel=1e-12)


def test_one_standard_error_rule():
    cv = gen.CVResult("L2", np.array([0.0, 0.1, 1.0, 10.0]),
                      np.array([[1.0, 0.9, 1.2, 3.0], [1.2, 1.1, 1.2, 3.2]]), folds=[])
    assert cv.best == 1 and cv.lam_best == 0.1
    # se at the best = std([0.9, 1.1], ddof=1)/sqrt(2) = 0.1; 1.2 <= 1.0 + 0.1? no -> stays 0.1
    assert cv.lam_1se == 0.1
    cv.fold_errors[:, 2] = [1.05, 1.05]
    assert cv.lam_1se == 1.0


def test_sklearn_cv_lambda_needs_equal_folds_for_ridge():
    X, y = random_problem(23, 3, seed=0)
    with pytest.raises(ValueError, match="same number of training rows"):
        gen.sklearn_cv_lambda(X, y, [0.1, 1.0], gen.kfold(23, 5), penalty="L2")


# -- bias and variance --------------------------------------------------------------------------

def test_bias_variance_sum_is_the_test_error_within_monte_carlo_error():
    bv = gen.bias_variance(gen.lam_grid(1e-4, 10.0, 11, zero=False), n_draws=400, seed=5)
    z = np.abs(bv.total - bv.test_error) / bv.test_error_se
    assert np.all(z < 4), z
    assert bv.bias2[-1] > bv.bias2[0] and bv.variance[-1] < bv.variance[0]


# -- bad input ------------------------------------------------------------------------------------

def test_bad_input_names_the_parameter():
    X, y = random_problem(10, 3, seed=0)
    with pytest.raises(ValueError, match="penalty must be one of"):
        gen.fit_linear(X, y, penalty="L3", lam=1.0)
    with pytest.raises(ValueError, match="lam"):
        gen.fit_linear(X, y, lam=-1.0)
    with pytest.raises(ValueError, match="degree"):
        gen.legendre_features([0.1], 0)
    with pytest.raises(ValueError, match="n_splits"):
        gen.kfold(10, 1)
    with pytest.raises(ValueError, match="n_draws"):
        gen.bias_variance([0.1], n_draws=1)
    with pytest.raises(ValueError, match="X must be"):
        gen.ridge(X, y[:5], 1.0)


# -- notebook 00 starts without torch -------------------------------------------------------------

def test_notebook_00_imports_no_torch():
    """Every import line of notebook 00, run in a fresh interpreter: torch is never loaded."""
    source = (ROOT / "notebooks" / "00_why_regularize.py").read_text()
    lines, block, depth = [], [], 0
    for line in source.splitlines():
        if block or line.startswith(("import ", "from ")):
            block.append(line)
            code = line.split("#")[0]
            depth += code.count("(") - code.count(")")
            if depth == 0:
                lines.append("\n".join(block))
                block = []
    code = "\n".join(lines) + "\nimport sys\nassert 'torch' not in sys.modules, 'torch'\n"
    assert "regviz.widgets.generalization" in code
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
