r"""Exercises of notebook 01: where the minimiser of :math:`f(x) + \lambda|x|^p` goes."""

from __future__ import annotations

from typing import Any

from ..landscape import LECTURE_LOSS, jump_lambda, minimizer
from . import close, report

__all__ = ["check_l1_threshold", "check_l2_minimizer", "check_jump_lambda"]


def check_l1_threshold(answer: Any) -> bool:
    r"""Smallest :math:`\lambda` for which the L1 minimiser is exactly 0.

    The right answer is :math:`|f'(0)|`, computed from the loss's derivative.
    """
    expected = abs(float(LECTURE_LOSS.df(0.0)))
    return report(
        close(answer, expected, rel=1e-3, abs_=1e-3),
        f"With L1 the minimiser sits at 0 as soon as lambda >= |f'(0)| = {expected:g}: the "
        "penalty's slope beats the loss's pull at the kink.",
        "Compare lambda with the slope of the loss at 0: compute f'(0) = 2(x-1) + (x-1)**2/2 "
        "at x = 0, or move the slider with p = 1 and watch the right panel.",
    )


def check_l2_minimizer(answer: Any, lam: float = 1.0) -> bool:
    r"""The L2 minimiser of :math:`f(x) + \lambda x^2` for ``lam`` (default 1), to 3 decimals."""
    expected = minimizer(lam, 2.0)
    return report(
        close(answer, expected, rel=0, abs_=5e-4),
        f"x* = {expected:.4f}: it solves f'(x) + 2*lam*x = 0, a quadratic; it is not 0 and never "
        "will be, however large lambda gets.",
        f"Set f'(x) + 2*{lam:g}*x = 0 with f'(x) = 2(x-1) + (x-1)**2/2 and solve the quadratic; "
        "keep the root inside [-2, 3] that is a minimum.",
    )


def check_jump_lambda(answer: Any, p: float = 0.5) -> bool:
    r"""The :math:`\lambda` at which the minimiser for ``p`` (default 1/2) jumps to 0, to 0.01."""
    expected = jump_lambda(p)
    return report(
        close(answer, expected, rel=0, abs_=0.01),
        f"The jump happens at lambda = {expected:.3f}: there the value at 0 and the value at the "
        "nonzero local minimum are equal, and beyond it 0 wins.",
        f"Set p = {p:g} and move lambda slowly: the right panel's curve drops to 0 at once at one "
        "lambda. Read it to two decimals.",
    )
