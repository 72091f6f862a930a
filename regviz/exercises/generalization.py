r"""Exercises of notebook 00: ridge with a weight per coefficient, the effective number of
parameters, cross-validation by hand, the one-standard-error rule and the lasso, and what
:math:`\mathrm{df}(\lambda)` means.

Conventions of :mod:`regviz.generalization`: the data term is
:math:`\frac{1}{2n}\|y - Xw - b\|^2` and ``lam`` multiplies :math:`\sum_j w_j^2` (ridge).
"""  # noqa: D205

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .. import generalization as gen
from . import (
    Verdict,
    check_choice,
    check_function,
    choice_answer,
    close,
    exercise,
    report,
    unanswered,
)

__all__ = ["check_weighted_ridge", "check_effective_df", "check_cv_error", "check_lasso_1se",
           "check_df_meaning", "DF_MEANING"]


def _weighted_ridge_oracle(X, y, lam, c):
    r"""Weighted ridge through plain ridge on rescaled columns: :math:`v_j = \sqrt{c_j} w_j`."""
    s = np.sqrt(np.asarray(c, dtype=float))
    return gen.ridge(np.asarray(X, dtype=float) / s, y, lam) / s


def _weighted_ridge_inputs() -> list[tuple]:
    rng = np.random.default_rng(7)
    out = []
    for n, d, lam in ((6, 3, 0.1), (20, 5, 1.0), (8, 8, 0.01), (30, 4, 0.3), (5, 12, 2.5)):
        out.append((rng.standard_normal((n, d)), rng.standard_normal(n), lam,
                    rng.uniform(0.2, 5.0, d)))
    rng_ones = np.random.default_rng(8)
    out.insert(0, (rng_ones.standard_normal((10, 3)), rng_ones.standard_normal(10), 0.5,
                   np.ones(3)))
    return out


@exercise(hints=(
    "Write the objective, set its gradient with respect to w to zero, and you get a linear "
    "system: the closed form of section 5 is the case where every c_j is 1.",
    "The penalty's gradient is 2 lambda times c_j w_j in coordinate j: a diagonal matrix "
    "holding the c_j replaces the identity, and it is multiplied by 2n lambda once the whole "
    "equation is multiplied by n.",
))
def check_weighted_ridge(student: Callable | None) -> Verdict:
    r"""The student's ``weighted_ridge(X, y, lam, c)``: the minimiser of
    :math:`rac{1}{2n}\|y - Xw\|^2 + \lambda\sum_j c_j w_j^2` (no intercept).

    Compared with plain :func:`regviz.generalization.ridge` on the rescaled columns
    :math:`X_{:j}/\sqrt{c_j}` (then :math:`w_j = v_j/\sqrt{c_j}`), an independent route.
    """  # noqa: D205
    return check_function(
        student, _weighted_ridge_oracle, _weighted_ridge_inputs(), name="weighted_ridge",
        rtol=1e-6, atol=1e-9,
        right="A weight c_j per coefficient is the same as plain ridge after dividing column j by "
              "sqrt(c_j): a large c_j makes that feature expensive. With every c_j = 1 it is the "
              "ridge of section 5.",
    )


def _effective_df(lam: float = 0.0137) -> float:
    X = gen.polynomial_data().X_train
    return float(gen.effective_df(X - X.mean(axis=0), lam))


@exercise(hints=(
    "Section 5: df(lambda) is the sum over the singular directions of the shrinkage factor "
    "of each, on the centred training features Xc.",
    "You need the singular values s_j of Xc and n, its number of rows; each factor is s_j "
    "squared over s_j squared plus 2 n lambda. The panel's readout is only near this lambda.",
), expected=_effective_df)
def check_effective_df(answer: Any, lam: float = 0.0137) -> Verdict:
    r"""The effective number of parameters :math:`\mathrm{df}(\lambda)` of ridge on notebook
    00's polynomial training features (centred), to 1e-3.
    """  # noqa: D205
    if (v := unanswered(answer, "a number")) is not None:
        return v
    X = gen.polynomial_data().X_train
    expected = _effective_df(lam)
    ok = close(answer, expected, rel=1e-3, abs_=1e-3)
    wrong = ""
    if not ok and close(answer, float(gen.effective_df(X, lam)), rel=1e-3, abs_=1e-3):
        wrong = "That is df of the raw features: the intercept is not penalized, so centre first."
    return report(
        ok,
        f"df({lam:g}) = {expected:.3f} of {X.shape[1]}: the directions with s_j² much larger "
        f"than 2nλ = {2 * X.shape[0] * lam:.3g} count fully, the others hardly at all.",
        wrong,
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


@exercise(hints=(
    "Section 3 in words: for each fold, fit on the other folds only, measure the mean squared "
    "error on the held-out fold, and average over the folds.",
    "The intercept is not penalized: centre the training rows of the fold (features and "
    "targets, with their own means), fit your ridge on them, and let the intercept be what "
    "makes the fit pass through those means; only then predict the held-out rows.",
))
def check_cv_error(student: Callable | None) -> Verdict:
    r"""The student's ``cv_error(X, y, lam, folds)``: the mean over the folds of the held-out
    mean squared error of ridge with an unpenalized intercept, fitted on the other folds.
    """  # noqa: D205
    return check_function(
        student, _cv_oracle, _cv_inputs(), name="cv_error", rtol=1e-6, atol=1e-9,
        right="That is all K-fold cross-validation is; regviz.generalization.cross_validate does "
              "the same for a whole grid of λ at once.",
    )


def _lasso_1se(seed: int = 1) -> tuple[float, float, int, int]:
    """λ of the one-standard-error rule and of the lowest CV error, and their zero counts."""
    Xtr, ytr, *_ = gen.diabetes_data(seed=seed)
    lo, hi, num = gen.DIABETES["lams"]["L1"]
    cv = gen.cross_validate(Xtr, ytr, np.geomspace(lo, hi, num), penalty="L1",
                            folds=gen.kfold(len(ytr), gen.DIABETES["n_splits"], seed=seed))
    zeros = [int(np.sum(gen.fit_linear(Xtr, ytr, penalty="L1", lam=lam).w == 0))
             for lam in (cv.lam_1se, cv.lam_best)]
    return float(cv.lam_1se), float(cv.lam_best), zeros[0], zeros[1]


@exercise(hints=(
    "Cross-validate the lasso on the training rows over its grid with these folds and apply "
    "the one-standard-error rule of section 3: the largest lambda whose CV error is within one "
    "standard error of the lowest.",
    "The cross-validation result of the generalization module carries the lambda of the rule "
    "already; make sure you use the seed-1 data and folds, not those of section 4.",
), expected=lambda seed=1: _lasso_1se(seed)[0])
def check_lasso_1se(answer: Any, seed: int = 1) -> Verdict:
    r"""The :math:`\lambda` of the one-standard-error rule for the lasso on the diabetes data
    (5-fold CV, ``diabetes_data(seed=seed)``, ``kfold(300, 5, seed=seed)``, the lasso grid of
    ``DIABETES``), to 0.1 %.
    """  # noqa: D205
    if (v := unanswered(answer, "a value of lambda")) is not None:
        return v
    lam_1se, lam_best, zeros_1se, zeros_best = _lasso_1se(seed)
    ok = close(answer, lam_1se, rel=1e-3, abs_=0.0)
    wrong = ""
    if not ok and close(answer, lam_best, rel=1e-3, abs_=0.0):
        wrong = ("That is the lambda of the lowest CV error; the rule takes the largest lambda "
                 "still within one standard error of it.")
    return report(
        ok,
        f"lambda = {lam_1se:.3g}, with {zeros_1se} of the 10 coefficients exactly 0, against "
        f"{zeros_best} at the lowest CV error (lambda = {lam_best:.3g}): for a CV error within "
        "one standard error, a sparser model.",
        wrong,
    )


#: Notebook 00's conceptual question: what the effective number of parameters says.
DF_MEANING: dict[str, tuple[bool, str]] = {
    "df(lambda) counts the coefficients that ridge sets exactly to 0":
        (False, "Ridge sets no coefficient exactly to 0 (its shrinkage factors are strictly "
                "between 0 and 1 for lambda > 0); zeros are the lasso's doing."),
    "df(lambda) is the number of columns minus the number of training points":
        (False, "That number does not depend on lambda at all; df falls smoothly from the "
                "number of columns at lambda 0 towards 0 as lambda grows."),
    "df(lambda) grows with lambda, since a larger penalty adds constraints":
        (False, "A constraint removes freedom: every factor s_j²/(s_j² + 2nλ) shrinks as "
                "lambda grows, so df falls."),
    "df(lambda) is the number of singular values larger than lambda":
        (False, "That would be a whole number that jumps; df is a smooth sum of fractions, "
                "and it compares s_j² with 2nλ, not s_j with lambda."),
    "df(lambda) is the sum of the shrinkage factors: each singular direction counts by how "
    "much of it ridge keeps, so weakly seen directions count almost nothing":
        (True, "Each factor s_j²/(s_j² + 2nλ) is between 0 and 1, and df is their sum, the "
               "trace of the hat matrix: a direction the data pin down counts as one "
               "parameter, a direction they barely see counts as almost none."),
}


@exercise(hints=(
    "Section 5: look at the formula of df(lambda) term by term; what is each term, and "
    "between which values does it lie?",
    "A term close to 1 is a direction the fit keeps almost whole; a term close to 0 is one "
    "it almost drops. Which option describes a sum of such fractions?",
), expected=lambda: choice_answer(DF_MEANING))
def check_df_meaning(answer: Any) -> Verdict:
    """Multiple choice: what the effective number of parameters of ridge measures."""
    return check_choice(answer, DF_MEANING,
                        question="What does the effective number of parameters df(lambda) of "
                                 "ridge measure?")
