r"""Exercises of notebook 00: ridge in two lines, the effective number of parameters,
cross-validation by hand, and what the one-standard-error rule does to the lasso.

Conventions of :mod:`regviz.generalization`: the data term is
:math:`\frac{1}{2n}\|y - Xw - b\|^2` and ``lam`` multiplies :math:`\sum_j w_j^2` (ridge).
"""  # noqa: D205

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .. import generalization as gen
from . import Verdict, check_function, close, report, unanswered

__all__ = ["check_ridge", "check_effective_df", "check_cv_error", "check_lasso_zeros"]


def _ridge_inputs() -> list[tuple]:
    rng = np.random.default_rng(7)
    out = []
    for n, d, lam in ((6, 3, 0.1), (20, 5, 1.0), (8, 8, 0.01), (30, 4, 0.0), (5, 12, 2.5)):
        if lam == 0 and d > n:
            continue
        out.append((rng.standard_normal((n, d)), rng.standard_normal(n), lam))
    return out


def check_ridge(student: Callable | None) -> Verdict:
    r"""The student's ``ridge(X, y, lam)``: the minimiser of
    :math:`\frac{1}{2n}\|y - Xw\|^2 + \lambda\|w\|^2` (no intercept), against
    :func:`regviz.generalization.ridge` on a few random problems.
    """  # noqa: D205
    return check_function(
        student, gen.ridge, _ridge_inputs(), name="ridge", rtol=1e-6, atol=1e-9,
        right="The factor 2n in front of λ comes from the 1/(2n) of the data term and the "
              "derivative 2λw of λ‖w‖².",
        hint="Set the gradient (1/n) Xᵀ(Xw − y) + 2λw to 0: a d×d linear system for w "
             "(np.linalg.solve). Mind the factor in front of λ: n is the number of rows.",
    )


def check_effective_df(answer: Any, lam: float = 0.03) -> Verdict:
    r"""The effective number of parameters :math:`\mathrm{df}(\lambda)` of ridge on notebook
    00's polynomial training features (centred), to 1e-3.
    """  # noqa: D205
    if (v := unanswered(answer, "a number")) is not None:
        return v
    X = gen.polynomial_data().X_train
    expected = gen.effective_df(X - X.mean(axis=0), lam)
    return report(
        close(answer, expected, rel=1e-3, abs_=1e-3),
        f"df({lam:g}) = {expected:.3f} of {X.shape[1]}: the directions with s_j² much larger "
        f"than 2nλ = {2 * X.shape[0] * lam:.3g} count fully, the others hardly at all.",
        "Centre the 15 × 12 training features, take their singular values s_j "
        "(np.linalg.svd(..., compute_uv=False)) and add up s_j²/(s_j² + 2nλ); the trace of the "
        "hat matrix gives the same number.",
    )


def _cv_oracle(X, y, lam, folds) -> float:
    return float(gen.cross_validate(X, y, [lam], penalty="L2", folds=folds).mean[0])


def _cv_inputs() -> list[tuple]:
    data = gen.polynomial_data()
    Xd, yd, *_ = gen.diabetes_data()
    out = []
    for X, y, lam, k in ((data.X_train, data.y_train, 1e-3, 5), (data.X_train, data.y_train,
                                                                 0.1, 3),
                         (Xd[:100], yd[:100], 0.05, 4)):
        out.append((X, y, lam, gen.kfold(len(y), k, seed=1)))
    return out


def check_cv_error(student: Callable | None) -> Verdict:
    r"""The student's ``cv_error(X, y, lam, folds)``: the mean over the folds of the held-out
    mean squared error of ridge with an unpenalized intercept, fitted on the other folds.
    """  # noqa: D205
    return check_function(
        student, _cv_oracle, _cv_inputs(), name="cv_error", rtol=1e-6, atol=1e-9,
        right="That is all K-fold cross-validation is; regviz.generalization.cross_validate does "
              "the same for a whole grid of λ at once.",
        hint="For each (train, test) pair: centre X[train] and y[train] with their own means, "
             "solve ridge on the centred data, predict X[test] @ w + b with "
             "b = mean(y[train]) − mean(X[train]) @ w, and take the mean squared error on "
             "y[test]. Return the mean of the K errors.",
    )


def check_lasso_zeros(answer: Any, seed: int = 1) -> Verdict:
    r"""How many of the 10 diabetes coefficients the lasso sets exactly to 0 at the
    :math:`\lambda` of the one-standard-error rule (5-fold CV, ``diabetes_data(seed=seed)``,
    ``kfold(300, 5, seed=seed)``, the lasso grid of ``DIABETES``).
    """  # noqa: D205
    if (v := unanswered(answer, "a whole number")) is not None:
        return v
    Xtr, ytr, *_ = gen.diabetes_data(seed=seed)
    lo, hi, num = gen.DIABETES["lams"]["L1"]
    cv = gen.cross_validate(Xtr, ytr, np.geomspace(lo, hi, num), penalty="L1",
                            folds=gen.kfold(len(ytr), gen.DIABETES["n_splits"], seed=seed))
    w_best = gen.fit_linear(Xtr, ytr, penalty="L1", lam=cv.lam_best).w
    w_1se = gen.fit_linear(Xtr, ytr, penalty="L1", lam=cv.lam_1se).w
    expected = int(np.sum(w_1se == 0))
    ok = close(answer, expected, rel=0, abs_=0)
    return report(
        ok,
        f"{expected} zeros at λ = {cv.lam_1se:.3g}, against {int(np.sum(w_best == 0))} at the "
        f"lowest CV error (λ = {cv.lam_best:.3g}): for a CV error within one standard error, "
        "a sparser model.",
        "Run cross_validate with penalty='L1' on the training rows, take .lam_1se, refit with "
        "fit_linear at that λ and count the coefficients that are exactly 0 (== 0).",
    )
