r"""Exercises of notebook 01: where the minimiser of :math:`f(x) + \lambda|x|^p` goes.

:math:`f` is the lecture's loss :math:`f(x) = (x-1)^2 + (x-1)^3/6`, and every minimiser is the
global one on the window :math:`[-2, 3]` (:mod:`regviz.landscape`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..landscape import LECTURE_LOSS, minimizer
from . import Verdict, check_function, close, report, unanswered

__all__ = ["check_grid_minimizer", "check_l2_lambda", "check_minimizer"]

#: The (lam, p) pairs a student's grid search is tried on: L2, L1 on both sides of its
#: threshold, and p = 1/2 on both sides of its jump (none close to a tie).
GRID_INPUTS: tuple[tuple[float, float], ...] = (
    (0.0, 2.0), (1.0, 2.0), (1.0, 1.0), (2.0, 1.0), (0.5, 0.5), (1.2, 0.5),
)


def check_grid_minimizer(student: Callable[[float, float], Any] | None) -> Verdict:
    r"""Run the student's ``grid_minimizer(lam, p)`` against :func:`regviz.landscape.minimizer`.

    The student's function returns the global minimiser of :math:`f(x) + \lambda|x|^p` on
    :math:`[-2, 3]` by a grid search; it must agree to within :math:`10^{-3}` (a grid spacing of
    :math:`10^{-4}` or finer is enough) on every pair of :data:`GRID_INPUTS`.
    """
    return check_function(
        student, lambda lam, p: minimizer(lam, p), GRID_INPUTS, name="grid_minimizer",
        rtol=0.0, atol=1e-3,
        right="A grid search is slow but cannot miss the global minimum, jumps included.",
        hint="Evaluate f(x) + lam * np.abs(x) ** p on x = np.linspace(-2, 3, 50001) (f is "
             "landscape.LECTURE_LOSS.f) and return the x where it is smallest (np.argmin).",
    )


def check_l2_lambda(answer: Any, x: float = 0.25) -> Verdict:
    r"""The :math:`\lambda` for which the L2 minimiser of :math:`f(x) + \lambda x^2` is ``x``.

    At the minimiser :math:`f'(x) + 2\lambda x = 0`, so :math:`\lambda = -f'(x) / (2x)`, to 0.1 %.
    """
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = -float(LECTURE_LOSS.df(x)) / (2.0 * x)
    if close(answer, -expected, rel=1e-3, abs_=0.0):
        hint = "The sign is off: lambda is positive, and f'(x) is negative between 0 and 1."
    else:
        hint = (f"At the minimiser the slopes cancel: f'(x) + 2*lam*x = 0 at x = {x:g}, with "
                "f'(x) = 2(x-1) + (x-1)**2/2. Solve that for lam.")
    return report(
        close(answer, expected, rel=1e-3, abs_=0.0),
        f"lambda = -f'({x:g}) / (2*{x:g}) = {expected:.6g}. The smaller the target x, the larger "
        "lambda must be, and x = 0 would need lambda = infinity.",
        hint,
    )


def check_minimizer(answer: Any, lam: float = 0.85, p: float = 0.5) -> Verdict:
    r"""The global minimiser of :math:`f(x) + \lambda|x|^p` for ``lam`` and ``p``, to 1e-3."""
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = minimizer(lam, p)
    ok = close(answer, expected, rel=0.0, abs_=1e-3)
    if not ok and close(answer, 0.0, rel=0.0, abs_=1e-3):
        hint = ("0 is a local minimum for every p < 1, but is it the global one at this lambda? "
                "Compare the objective at 0 with its value at the other local minimum.")
    elif not ok and expected == 0.0:
        hint = ("That is the other local minimum. Compare its objective value with the value "
                "at x = 0.")
    else:
        hint = (f"Call your grid_minimizer({lam:g}, {p:g}), or set p = {p:g} and lambda = {lam:g} "
                "on the panel and read x* in the readout above the figure.")
    return report(
        ok,
        f"x* = {expected:.4f}. For p < 1 the minimiser keeps a clearly nonzero value until the "
        "jump, then drops to 0 at once.",
        hint,
    )
