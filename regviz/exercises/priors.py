r"""Exercises of notebook 05: the normaliser, the lambda of a prior, the Laplace MAP's zero."""

from __future__ import annotations

from typing import Any

from ..priors import GeneralizedGaussian, lam_for_loss, zero_threshold
from . import close, report

__all__ = ["check_normalizer", "check_lam", "check_zero_threshold"]


def check_normalizer(answer: Any, p: float = 1.0, b: float = 0.3) -> bool:
    r"""The normaliser :math:`Z = \int e^{-|w|^p/b}\,dw` (default: Laplace, b = 0.3), to 0.1 %."""
    expected = GeneralizedGaussian(p, b).normalizer
    return report(
        close(answer, expected, rel=1e-3, abs_=0.0),
        f"Z = 2 * b**(1/p) * Gamma(1 + 1/p) = {expected:.6g}; for p = 1 that is 2b: the "
        "Laplace density is exp(-|w|/b) / (2b), as in the lecture notes.",
        "Split the integral at 0 (the integrand is even) and integrate exp(-w/b) from 0 to "
        "infinity; or use Z = 2 b^(1/p) Gamma(1 + 1/p).",
    )


def check_lam(answer: Any, b: float = 0.5, sigma: float = 0.2, n: int = 10) -> bool:
    r"""The :math:`\lambda` of :math:`\frac1n\sum_i (y_i - w)^2 + \lambda|w|` for a Laplace prior.

    The data are :math:`n` observations :math:`y_i \sim \mathcal N(w, \sigma^2)` and the loss
    the mean squared error (``torch.nn.MSELoss()``); the answer is :math:`2\sigma^2/(nb)`, to
    0.1 %.
    """
    expected = lam_for_loss(b, sigma=sigma, n=n, loss="mse")
    nll = lam_for_loss(b, sigma=sigma, n=n, loss="nll")
    half = lam_for_loss(b, sigma=sigma, n=n, loss="half_mse")
    if close(answer, nll, rel=1e-3, abs_=0.0):
        hint = ("1/b is the lambda of the negative log-likelihood sum_i (y_i - w)^2 / (2 sigma^2). "
                "Multiply that whole objective by 2 sigma^2 / n to turn its data term into the "
                "mean squared error.")
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


def check_zero_threshold(answer: Any, b: float = 0.25, sigma: float = 1.0, n: int = 8) -> bool:
    r"""The largest :math:`|\bar y|` whose MAP under the Laplace prior is exactly 0, to 0.1 %."""
    expected = zero_threshold(GeneralizedGaussian(1.0, b), sigma=sigma, n=n)
    return report(
        close(answer, expected, rel=1e-3, abs_=0.0),
        f"|ybar| <= sigma^2 / (n b) = {expected:.6g}: the MAP is the soft threshold of ybar at "
        "step * lambda = (sigma^2 / n) * (1 / b).",
        "The MAP minimises (1/2)(w - ybar)^2 + (sigma^2 / n) |w| / b: a proximal step on L1. "
        "Where does the soft threshold send ybar to 0? (Set p = 1 in the panel and move ybar.)",
    )
