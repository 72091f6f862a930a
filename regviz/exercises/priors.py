r"""Exercises of notebook 05: the log prior, the lambda of a prior, how much data ends a zero."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..priors import GeneralizedGaussian, lam_for_loss, zero_threshold
from . import Verdict, check_function, close, report, unanswered

__all__ = ["check_log_prior", "check_lam", "check_smallest_n"]

_W = np.array([-2.0, -0.3, 0.0, 0.1, 1.5])

#: The calls a student's ``log_prior(w, p, b)`` is tried on: Laplace, Gaussian and p < 1.
LOG_PRIOR_INPUTS = ((_W, 1.0, 0.5), (_W, 2.0, 2.0), (_W, 0.5, 1.0), (0.7, 3.0, 0.3))


def _log_prior(w: Any, p: float, b: float) -> np.ndarray:
    return -GeneralizedGaussian(p, b).neg_log_density(w)


def check_log_prior(student: Callable[[Any, float, float], Any] | None) -> Verdict:
    r"""Run the student's ``log_prior(w, p, b)`` against :class:`regviz.priors.GeneralizedGaussian`.

    :math:`\log\mu(w) = -|w|^p/b - \log Z`, :math:`Z = 2\,b^{1/p}\,\Gamma(1 + 1/p)`, elementwise
    on an array ``w``, to a relative 1e-9.
    """
    return check_function(
        student, _log_prior, LOG_PRIOR_INPUTS, name="log_prior", rtol=1e-9, atol=1e-12,
        right="Without its constant log Z, minus this is the penalty Lp(p, lam=1/b).",
        hint="Two terms: the exponent -|w|**p / b, and minus the log of the normaliser Z "
             "(math.gamma gives the Gamma function). Use np.abs so that arrays work.",
    )


def check_lam(answer: Any, b: float = 0.5, sigma: float = 0.2, n: int = 10) -> Verdict:
    r"""The :math:`\lambda` of :math:`\sum_i (y_i - w)^2 + \lambda|w|` for a Laplace prior.

    The data are :math:`n` observations :math:`y_i \sim \mathcal N(w, \sigma^2)` and the loss
    the *summed* squared error (``torch.nn.MSELoss(reduction="sum")``): the negative log
    posterior times :math:`2\sigma^2`, so :math:`\lambda = 2\sigma^2/b`, to 0.1 %.
    """
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = 2.0 * sigma**2 / b
    nll = lam_for_loss(b, sigma=sigma, n=n, loss="nll")
    mse = lam_for_loss(b, sigma=sigma, n=n, loss="mse")
    if close(answer, nll, rel=1e-3, abs_=0.0):
        hint = ("That is the lambda of the negative log-likelihood sum_i (y_i - w)^2 / "
                "(2 sigma^2). By what constant must that whole objective be multiplied to turn "
                "its data term into the plain sum of squares?")
    elif close(answer, mse, rel=1e-3, abs_=0.0):
        hint = "That is the lambda against the mean squared error; this loss is a sum, not a mean."
    else:
        hint = ("Write the negative log posterior, sum_i (y_i - w)^2 / (2 sigma^2) + |w| / b, and "
                "multiply it by the constant that turns the data term into sum_i (y_i - w)^2.")
    return report(
        close(answer, expected, rel=1e-3, abs_=0.0),
        f"lambda = 2 sigma^2 / b = {expected:.6g}, whatever n: against a summed loss the prior "
        "keeps its weight while the data term grows with every example.",
        hint,
    )


def _smallest_n(ybar: float, b: float, sigma: float) -> int:
    prior = GeneralizedGaussian(1.0, b)
    n = 1
    while zero_threshold(prior, sigma=sigma, n=n) >= abs(ybar):
        n += 1
    return n


def check_smallest_n(
    answer: Any, ybar: float = 0.3, b: float = 0.25, sigma: float = 1.0
) -> Verdict:
    r"""The smallest number of observations whose mean ``ybar`` has a nonzero Laplace MAP.

    The MAP is 0 while :math:`|\bar y| \le \sigma^2/(nb)`; the answer is the smallest integer
    :math:`n` with :math:`\sigma^2/(nb) < |\bar y|`.
    """
    if (v := unanswered(answer, "a whole number of observations")) is not None:
        return v
    expected = _smallest_n(ybar, b, sigma)
    ok = close(answer, expected, rel=0, abs_=0)
    return report(
        ok,
        f"n = {expected}: the MAP's zero band |ybar| <= sigma^2 / (n b) narrows like 1/n, and at "
        f"n = {expected} it no longer contains ybar = {ybar:g}. More data, less sparsity.",
        "The MAP is exactly 0 while |ybar| is inside the band of the soft threshold at "
        "(sigma^2 / n) / b. Find the n where the band first becomes narrower than |ybar|, and "
        "round to a whole number in the right direction (on the posterior panel: set p = 1, b "
        "and ybar, then move n).",
    )
