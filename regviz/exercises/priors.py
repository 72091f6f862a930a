r"""Exercises of notebook 05: the log joint density, the λ of a prior, how much data ends a
zero, and what a Laplace prior says about weights.
"""  # noqa: D205

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..priors import GeneralizedGaussian, lam_for_loss, zero_threshold
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

__all__ = ["check_log_joint", "check_lam", "check_smallest_n", "check_prior_meaning",
           "PRIOR_MEANING"]

_W = np.array([-2.0, -0.3, 0.0, 0.1, 1.5])
_Y = np.array([0.4, -0.1, 0.9])

#: The calls a student's ``log_joint(w, y, sigma, p, b)`` is tried on: Laplace, Gaussian, p < 1.
LOG_JOINT_INPUTS = ((_W, _Y, 0.5, 1.0, 0.5), (_W, _Y, 1.0, 2.0, 2.0), (_W, _Y[:1], 0.2, 0.5, 1.0),
                    (0.7, _Y, 2.0, 3.0, 0.3))


def _log_joint(w: Any, y: Any, sigma: float, p: float, b: float) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1)
    log_lik = sum(-0.5 * math.log(2 * math.pi * sigma**2) - (yi - w) ** 2 / (2 * sigma**2)
                  for yi in y)
    return log_lik - GeneralizedGaussian(p, b).neg_log_density(w)


@exercise(hints=(
    "The joint density of the data and the weight is the likelihood times the prior, so its "
    "log is a sum: one Gaussian log density per observation, plus the log prior of the "
    "section on the negative log prior, normaliser included.",
    "Each observation contributes minus half the log of 2 pi sigma squared, minus its squared "
    "distance to w over 2 sigma squared. The prior's normaliser needs the Gamma function. w "
    "may be an array: the result has its shape.",
))
def check_log_joint(student: Callable[..., Any] | None) -> Verdict:
    r"""Run the student's ``log_joint(w, y, sigma, p, b)``: :math:`\log p(\mathbf y, w)`.

    :math:`\sum_i \log\mathcal N(y_i; w, \sigma^2) - |w|^p/b - \log Z` with
    :math:`Z = 2\,b^{1/p}\,\Gamma(1 + 1/p)`, elementwise in ``w``, to a relative 1e-9.
    """
    return check_function(
        student, _log_joint, LOG_JOINT_INPUTS, name="log_joint", rtol=1e-9, atol=1e-12,
        right="As a function of w it is the log posterior plus a constant: its maximiser is "
              "the MAP, and minus it is loss plus penalty.",
    )


def _lam(b: float = 0.5, sigma: float = 0.2, n: int = 10) -> float:
    return 2.0 * sigma**2 / b


@exercise(hints=(
    "Write the negative log posterior: the data term of the Gaussian likelihood plus the "
    "prior's term. Then multiply the whole objective by the constant that turns its data "
    "term into the plain sum of squared errors; the penalty's factor is lambda.",
    "The Gaussian's data term is the sum of squares over 2 sigma squared, the Laplace term is "
    "|w| over b. The loss here is a sum, not a mean, so n does not enter.",
), expected=_lam)
def check_lam(answer: Any, b: float = 0.5, sigma: float = 0.2, n: int = 10) -> Verdict:
    r"""The :math:`\lambda` of :math:`\sum_i (y_i - w)^2 + \lambda|w|` for a Laplace prior.

    The data are :math:`n` observations :math:`y_i \sim \mathcal N(w, \sigma^2)` and the loss
    the *summed* squared error (``torch.nn.MSELoss(reduction="sum")``): the negative log
    posterior times :math:`2\sigma^2`, so :math:`\lambda = 2\sigma^2/b`, to 0.1 %.
    """
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = _lam(b, sigma, n)
    nll = lam_for_loss(b, sigma=sigma, n=n, loss="nll")
    mse = lam_for_loss(b, sigma=sigma, n=n, loss="mse")
    ok = close(answer, expected, rel=1e-3, abs_=0.0)
    wrong = ""
    if not ok and close(answer, nll, rel=1e-3, abs_=0.0):
        wrong = ("That is the lambda of the negative log-likelihood itself. By what constant "
                 "must that whole objective be multiplied to turn its data term into the plain "
                 "sum of squares?")
    elif not ok and close(answer, mse, rel=1e-3, abs_=0.0):
        wrong = "That is the lambda against the mean squared error; this loss is a sum, not a mean."
    return report(
        ok,
        f"lambda = 2 sigma^2 / b = {expected:.6g}, whatever n: against a summed loss the prior "
        "keeps its weight while the data term grows with every example.",
        wrong,
    )


def _smallest_n(ybar: float = 0.21, b: float = 0.09, sigma: float = 1.0) -> int:
    prior = GeneralizedGaussian(1.0, b)
    n = 1
    while zero_threshold(prior, sigma=sigma, n=n) >= abs(ybar):
        n += 1
    return n


@exercise(hints=(
    "The one-weight section: the Laplace MAP is exactly 0 while the mean of the data lies "
    "inside the soft threshold's band, whose half-width shrinks as n grows.",
    "The band's half-width is sigma squared over n b. Find where it first becomes narrower "
    "than the size of ybar, and round to a whole number in the right direction (at the edge "
    "itself the MAP is still 0).",
), expected=_smallest_n)
def check_smallest_n(
    answer: Any, ybar: float = 0.21, b: float = 0.09, sigma: float = 1.0
) -> Verdict:
    r"""The smallest number of observations whose mean ``ybar`` has a nonzero Laplace MAP.

    The MAP is 0 while :math:`|\bar y| \le \sigma^2/(nb)`; the answer is the smallest integer
    :math:`n` with :math:`\sigma^2/(nb) < |\bar y|`.
    """
    if (v := unanswered(answer, "a whole number of observations")) is not None:
        return v
    expected = _smallest_n(ybar, b, sigma)
    return report(
        close(answer, expected, rel=0, abs_=0),
        f"n = {expected}: the MAP's zero band |ybar| <= sigma^2 / (n b) narrows like 1/n, and at "
        f"n = {expected} it no longer contains ybar = {ybar:g}. More data, less sparsity.",
    )


#: Notebook 05's conceptual question: what the Laplace prior says and what sparsity belongs to.
PRIOR_MEANING: dict[str, tuple[bool, str]] = {
    "Under a Laplace prior most weights are exactly 0 with positive probability":
        (False, "The Laplace prior is a density: every single value, 0 included, has "
                "probability 0. It puts much mass near 0, not a point mass at 0."),
    "The MAP under a Laplace prior is exactly 0 when the data are weak, because the log "
    "prior's kink at 0 is what the MAP optimises; the posterior mean is never exactly 0":
        (True, "The MAP minimises loss plus L1 penalty, a soft threshold, so it is exactly 0 "
               "whenever the evidence is inside the band; the mean integrates the whole "
               "posterior and only shrinks."),
    "The posterior mean under a Laplace prior is exactly 0 when the data are weak":
        (False, "The posterior mean averages over a posterior with mass on both sides of 0; it "
                "is shrunk towards 0 but never exactly 0. Exact zeros belong to the MAP."),
    "A Gaussian prior gives exact zeros too, if its variance is small enough":
        (False, "A Gaussian prior gives the L2 penalty, whose MAP only rescales: it is 0 only "
                "when the data mean itself is 0."),
    "Sparsity needs more data: the MAP gets more zeros as n grows":
        (False, "The opposite: the zero band sigma squared over n b narrows as n grows, so "
                "more data means fewer zeros."),
}


@exercise(hints=(
    "The section comparing the MAP with the posterior mean: which of the two summaries is "
    "ever exactly 0?",
    "A density gives no single value a positive probability; an optimisation can land on "
    "a kink exactly.",
), expected=lambda: choice_answer(PRIOR_MEANING))
def check_prior_meaning(answer: Any) -> Verdict:
    """Multiple choice: where the exact zeros of Bayesian L1 regularization come from."""
    return check_choice(answer, PRIOR_MEANING,
                        question="Which statement about the Laplace prior and exact zeros is "
                                 "right?")
