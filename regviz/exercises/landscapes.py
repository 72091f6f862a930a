r"""Exercises of notebook 01: where the minimiser of :math:`f(x) + \lambda|x|^p` goes.

:math:`f` is the lecture's loss :math:`f(x) = (x-1)^2 + (x-1)^3/6`, and every minimiser is the
global one on the window :math:`[-2, 3]` (:mod:`regviz.landscape`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..landscape import LECTURE_LOSS, minimizer
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

__all__ = ["check_grid_minimizer", "check_l2_lambda", "check_minimizer", "check_why_jump",
           "WHY_JUMP"]

#: The (lam, p) pairs a student's grid search is tried on: L2, L1 on both sides of its
#: threshold, and p = 1/2 on both sides of its jump (none close to a tie).
GRID_INPUTS: tuple[tuple[float, float], ...] = (
    (0.0, 2.0), (1.0, 2.0), (1.0, 1.0), (2.0, 1.0), (0.5, 0.5), (1.2, 0.5),
)


@exercise(hints=(
    "Evaluate the whole objective, loss plus penalty, at many evenly spaced points of the "
    "window and keep the point where it is smallest; nothing cleverer is needed.",
    "The grid must be fine (a spacing of a ten-thousandth or less) and must contain 0 "
    "itself, since for p at most 1 the minimiser is often exactly 0. The loss is the "
    "notebook's LECTURE_LOSS; the penalty uses the absolute value of x.",
))
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
    )


def _l2_lambda(x: float = 0.25) -> float:
    return -float(LECTURE_LOSS.df(x)) / (2.0 * x)


@exercise(hints=(
    "At the minimiser the slope of the objective is zero: the loss's slope and the "
    "penalty's slope cancel. Write that condition at the target x and solve it for lambda.",
    "The penalty's slope is 2 lambda x; the loss's slope is the derivative of the lecture's "
    "cubic loss (two terms). Between 0 and 1 the loss's slope is negative, so lambda comes "
    "out positive.",
), expected=_l2_lambda)
def check_l2_lambda(answer: Any, x: float = 0.25) -> Verdict:
    r"""The :math:`\lambda` for which the L2 minimiser of :math:`f(x) + \lambda x^2` is ``x``.

    At the minimiser :math:`f'(x) + 2\lambda x = 0`, so :math:`\lambda = -f'(x) / (2x)`, to 0.1 %.
    """
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = _l2_lambda(x)
    ok = close(answer, expected, rel=1e-3, abs_=0.0)
    wrong = ""
    if not ok and close(answer, -expected, rel=1e-3, abs_=0.0):
        wrong = "The sign is off: lambda is positive, and the loss's slope is negative there."
    return report(
        ok,
        f"lambda = -f'({x:g}) / (2*{x:g}) = {expected:.6g}. The smaller the target x, the larger "
        "lambda must be, and x = 0 would need lambda = infinity.",
        wrong,
    )


@exercise(hints=(
    "For p below 1 the objective has two local minima, one at 0 and one away from it; the "
    "answer is whichever has the lower objective value.",
    "Your grid_minimizer answers it directly. This p is not on the panel's p slider, so the "
    "panel can only tell you roughly where the jump is.",
), expected=lambda lam=0.87, p=0.6: minimizer(lam, p))
def check_minimizer(answer: Any, lam: float = 0.87, p: float = 0.6) -> Verdict:
    r"""The global minimiser of :math:`f(x) + \lambda|x|^p` for ``lam`` and ``p``, to 1e-3."""
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = minimizer(lam, p)
    ok = close(answer, expected, rel=0.0, abs_=1e-3)
    wrong = ""
    if not ok and close(answer, 0.0, rel=0.0, abs_=1e-3):
        wrong = ("0 is a local minimum for every p < 1, but is it the global one at this lambda? "
                 "Compare the objective at 0 with its value at the other local minimum.")
    elif not ok and expected == 0.0:
        wrong = "That is the other local minimum: compare its objective value with the one at 0."
    return report(
        ok,
        f"x* = {expected:.4f}. For p < 1 the minimiser keeps a clearly nonzero value until the "
        "jump, then drops to 0 at once.",
        wrong,
    )


#: Notebook 01's conceptual question: why the minimiser jumps for p < 1.
WHY_JUMP: dict[str, tuple[bool, str]] = {
    "Because for p < 1 the objective has two local minima, and the global minimiser switches "
    "from one to the other when their values cross":
        (True, "For p < 1 the penalty is not convex: 0 is always a local minimum and a second "
               "one sits away from 0. As lambda grows the second one's value rises past the "
               "value at 0, and the global minimiser jumps from it to 0."),
    "The penalty's slope is infinite at 0, so gradient descent cannot leave 0":
        (False, "True of the slope, but the minimiser here is a global minimum, not where "
                "gradient descent stops; the slope at 0 explains why 0 is always a local "
                "minimum, not why the global one jumps."),
    "Because the loss f is a cubic and not a parabola":
        (False, "With p 1 or 2 the same cubic loss gives a minimiser that moves "
                "continuously; the jump comes from the penalty, not the loss."),
    "Because the window [-2, 3] cuts the objective off":
        (False, "The minimisers in question lie well inside the window; a larger window "
                "changes nothing."),
    "Because lambda is applied as a step and overshoots":
        (False, "Nothing is iterated: the minimiser is the exact global minimum of the "
                "objective, computed for each lambda."),
}


@exercise(hints=(
    "Look at the objective curve near the jump on the panel with p below 1: how many dips "
    "does it have?",
    "A global minimum can move continuously only while the same dip stays the lowest one.",
), expected=lambda: choice_answer(WHY_JUMP))
def check_why_jump(answer: Any) -> Verdict:
    """Multiple choice: why the minimiser jumps to 0 for p < 1 instead of sliding there."""
    return check_choice(answer, WHY_JUMP,
                        question="For p < 1, why does the minimiser jump to 0 as lambda grows, "
                                 "instead of sliding to 0 as it does for p = 1?")
