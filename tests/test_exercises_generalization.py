"""Notebook 00's checks, both ways: None is unanswered, right answers pass, wrong ones fail."""

import numpy as np

from regviz import generalization as gen
from regviz.exercises.generalization import (
    check_cv_error,
    check_effective_df,
    check_lasso_1se,
    check_weighted_ridge,
)


def test_check_weighted_ridge(capsys):
    assert not check_weighted_ridge(None)

    def weighted_ridge(X, y, lam, c):  # the normal equations, written out
        n = X.shape[0]
        return np.linalg.solve(X.T @ X + 2 * n * lam * np.diag(c), X.T @ y)

    def plain(X, y, lam, c):  # ignores the prices
        return weighted_ridge(X, y, lam, np.ones_like(c))

    assert check_weighted_ridge(weighted_ridge)
    assert not check_weighted_ridge(plain)
    assert "Not yet" in capsys.readouterr().out
    assert not check_weighted_ridge(lambda X, y, lam, c: None)


def test_check_effective_df():
    X = gen.polynomial_data().X_train
    Xc = X - X.mean(0)
    s = np.linalg.svd(Xc, compute_uv=False)
    df = float(np.sum(s**2 / (s**2 + 2 * 15 * 0.0137)))
    assert not check_effective_df(None)
    assert check_effective_df(df) and check_effective_df(df, lam=0.0137)
    assert not check_effective_df(np.linalg.svd(X, compute_uv=False).size)  # 12: no shrinkage


def test_check_cv_error(capsys):
    def cv_error(X, y, lam, folds):
        errs = []
        for tr, te in folds:
            xm, ym = X[tr].mean(0), y[tr].mean()
            Xc, n = X[tr] - xm, len(tr)
            w = np.linalg.solve(Xc.T @ Xc + 2 * n * lam * np.eye(X.shape[1]), Xc.T @ (y[tr] - ym))
            errs.append(np.mean((y[te] - (X[te] @ w + ym - xm @ w)) ** 2))
        return np.mean(errs)

    def no_intercept(X, y, lam, folds):
        errs = []
        for tr, te in folds:
            n = len(tr)
            w = np.linalg.solve(X[tr].T @ X[tr] + 2 * n * lam * np.eye(X.shape[1]),
                                X[tr].T @ y[tr])
            errs.append(np.mean((y[te] - X[te] @ w) ** 2))
        return np.mean(errs)

    assert not check_cv_error(None)
    assert check_cv_error(cv_error)
    assert not check_cv_error(no_intercept)
    assert "cv_error(" in capsys.readouterr().out  # shows the first input where it differs


def test_check_lasso_1se(capsys):
    Xtr, ytr, *_ = gen.diabetes_data(seed=1)
    cv = gen.cross_validate(Xtr, ytr, np.geomspace(*gen.DIABETES["lams"]["L1"]), penalty="L1",
                            folds=gen.kfold(300, 5, seed=1))
    assert not check_lasso_1se(None)
    assert check_lasso_1se(cv.lam_1se)
    zeros = int(np.sum(gen.fit_linear(Xtr, ytr, penalty="L1", lam=cv.lam_1se).w == 0))
    assert f"{zeros} of the 10 coefficients" in capsys.readouterr().out
    assert not check_lasso_1se(cv.lam_best)
    assert "lowest CV error" in capsys.readouterr().out
    assert not check_lasso_1se("many")
