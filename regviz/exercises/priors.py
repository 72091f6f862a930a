r"""Exercises of notebook 05: the log prior, the lambda of a prior, the Laplace MAP's zero."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..priors import GeneralizedGaussian, lam_for_loss, zero_threshold
from . import Verdict, check_function, close, report, unanswered

__all__ = ["check_log_prior", "check_lam", "check_zero_threshold"]

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
    r"""The :math:`\lambda` of :math:`\frac1n\sum_i (y_i - w)^2 + \lambda|w|` for a Laplace prior.

    The data are :math:`n` observations :math:`y_i \sim \mathcal N(w, \sigma^2)` and the loss
    the mean squared error (``torch.nn.MSELoss()``); the answer is :math:`2\sigma^2/(nb)`, to
    0.1 %.
    """
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = lam_for_loss(b, sigma=sigma, n=n, loss="mse")
    nll = lam_for_loss(b, sigma=sigma, n=n, loss="nll")
    half = lam_for_loss(b, sigma=sigma, n=n, loss="half_mse")
    if close(answer, nll, rel=1e-3, abs_=0.0):
        hint = ("That is the lambda of the negative log-likelihood sum_i (y_i - w)^2 / "
                "(2 sigma^2). By what constant must that whole objective be multiplied to turn "
                "its data term into the mean squared error?")
    elif close(answer, half, rel=1e-3, abs_=0.0):
        hint = "That is the lambda for the mean of (y_i - w)^2 / 2; the MSE has no 1/2."
    else:
        hint = ("Write the negative log posterior, sum_i (y_i - w)^2 / (2 sigma^2) + |w| / b, and "
                "multiply it by the constant that turns the data term into "
                "(1/n) sum_i (y_i - w)^2.")
    return report(
        close(answer, expected, rel=1e-3, abs_=0.0),
        f"lambda = 2 sigma^2 / (n b) = {expected:.6g}: the prior's 1/b, rescaled like the loss. "
        "More data (larger n) means a smaller lambda against a mean loss.",
        hint,
    )


def check_zero_threshold(answer: Any, b: float = 0.25, sigma: float = 1.0, n: int = 8) -> Verdict:
    r"""The largest :math:`|\bar y|` whose MAP under the Laplace prior is exactly 0, to 0.1 %."""
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = zero_threshold(GeneralizedGaussian(1.0, b), sigma=sigma, n=n)
    return report(
        close(answer, expected, rel=1e-3, abs_=0.0),
        f"|ybar| <= sigma^2 / (n b) = {expected:.6g}: the MAP is the soft threshold of ybar at "
        "step * lambda = (sigma^2 / n) * (1 / b).",
        "The MAP minimises (1/2)(w - ybar)^2 + (sigma^2 / n) |w| / b: a proximal step on L1. "
        "Where does the soft threshold send ybar to 0? (Set p = 1 in the panel and move ybar.)",
    )
