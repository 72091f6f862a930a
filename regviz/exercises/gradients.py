r"""Exercises of notebook 03: a gradient-descent loop, L2's shrink factor, the 2-cycle of a
penalty :math:`\lambda|w|^p` with :math:`p < 1`, and why the square root never settles.
"""  # noqa: D205

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..dynamics import gd_trajectory, l2_steps_to_shrink
from ..penalties import L1, L2, Lp
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

__all__ = ["check_descend", "check_l2_steps", "check_cycle_amplitude", "check_why_no_settle",
           "WHY_NO_SETTLE"]

#: The calls a student's ``descend(grad, w0, lr, n_steps)`` is tried on: the three penalties of
#: the notebook (20 steps of the root stay far from where its chaos amplifies rounding).
DESCEND_INPUTS = (
    (L2(0.3).grad, 1.0, 0.1, 20),
    (L1(0.3).grad, 1.0, 0.1, 40),
    (Lp(0.5, 0.3).grad, 1.0, 0.1, 20),
    (L2(0.5).grad, -2.0, 0.4, 10),
)


def _oracle(grad: Callable[[Any], Any], w0: float, lr: float, n_steps: int) -> np.ndarray:
    return gd_trajectory(grad.__self__, w0, lr=lr, n_steps=n_steps)


@exercise(hints=(
    "Keep every iterate, starting with the first one: each new one is the previous one minus "
    "the learning rate times the gradient there.",
    "The result holds n_steps plus one values, the start included; grad is a function you "
    "call on the current weight.",
))
def check_descend(student: Callable[..., Any] | None) -> Verdict:
    r"""Run the student's ``descend(grad, w0, lr, n_steps)`` against ``dynamics.gd_trajectory``.

    The function returns the ``n_steps + 1`` iterates :math:`w_0, \dots, w_n` of
    :math:`w_{t+1} = w_t - \eta\,\mathrm{grad}(w_t)`, compared to a relative 1e-9.
    """
    return check_function(
        student, _oracle, DESCEND_INPUTS, name="descend", rtol=1e-9, atol=1e-12,
        right="The same loop, with a data term's gradient added, is all of gradient descent.",
    )


@exercise(hints=(
    "Each L2 step multiplies w by the same number (the table of the notebook): after t steps "
    "w has been multiplied by that number to the power t.",
    "Compare the size of that number to the power t with the factor, take logarithms and "
    "round up to a whole number of steps. When the number is negative only its size counts.",
), expected=l2_steps_to_shrink)
def check_l2_steps(answer: Any, lr: float = 0.1, lam: float = 7.0, factor: float = 1e-6) -> Verdict:
    r"""Steps of L2 gradient descent (no data term) until :math:`|w|` shrinks by ``factor``."""
    if (v := unanswered(answer, "a whole number of steps")) is not None:
        return v
    expected = l2_steps_to_shrink(lr, lam, factor)
    ok = close(answer, expected, rel=0, abs_=0)
    q = 1 - 2 * lr * lam
    wrong = ""
    if not ok and q < 0:
        wrong = "Here 2*lr*lam > 1: what sign does the factor have, and what does that change?"
    return report(
        ok,
        f"{expected} steps: each one multiplies w by 1 - 2*lr*lam = {q:g}"
        + (", so w changes sign at every step while |w| shrinks" if q < 0 else "")
        + ". Any factor takes finitely many steps, and 0 itself takes infinitely many (Zeno).",
        wrong,
    )


def _cycle_amplitude(lr: float = 0.04, lam: float = 0.3, p: float = 0.3) -> float:
    return (lr * lam * p / 2.0) ** (1.0 / (2.0 - p))


@exercise(hints=(
    "Redo the notebook's reasoning for the square root with a general power p: ask for a "
    "weight a that one gradient step sends exactly to minus a.",
    "The gradient of lambda times w to the power p is lambda p w to the power p minus 1; the "
    "step must have length 2a. That gives a power of a equal to a number: solve for a.",
), expected=_cycle_amplitude)
def check_cycle_amplitude(answer: Any, lr: float = 0.04, lam: float = 0.3,
                          p: float = 0.3) -> Verdict:
    r"""Amplitude :math:`a` of the 2-cycle of gradient descent on :math:`\lambda|w|^p`, to 0.1 %.

    :math:`a - \eta\lambda p\,a^{p-1} = -a` gives :math:`a = (\eta\lambda p/2)^{1/(2-p)}`
    (for :math:`p = 1/2`: the notebook's :math:`(\eta\lambda/4)^{2/3}`).
    """
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = _cycle_amplitude(lr, lam, p)
    ok = close(answer, expected, rel=1e-3, abs_=0.0)
    wrong = ""
    if not ok and close(answer, (lr * lam / 4) ** (2 / 3), rel=1e-3, abs_=0.0):
        wrong = f"That is the square root's amplitude; this penalty's power is {p:g}, not 1/2."
    return report(
        ok,
        f"a = (lr*lam*p/2)**(1/(2-p)) = {expected:.5g}: the step from a is exactly 2a, so the "
        "weight jumps from a to -a and back; the smaller p, the steeper the pull near 0.",
        wrong,
    )


#: Notebook 03's conceptual question: why gradient descent on the square root never settles.
WHY_NO_SETTLE: dict[str, tuple[bool, str]] = {
    "The learning rate is too large; any fixed small enough learning rate makes it converge "
    "to 0":
        (False, "For every learning rate there are weights small enough that the step "
                "overshoots, since the slope grows without bound as w approaches 0; a "
                "smaller rate only shrinks the cycle."),
    "Near 0 the penalty's slope grows without bound, so from a small weight the step is "
    "longer than the weight itself and throws it across 0":
        (True, "The step length lr*lam/(2*sqrt|w|) exceeds |w| once |w| is small enough: the "
               "weight overshoots 0, and the iterates rattle around the 2-cycle's amplitude "
               "instead of settling."),
    "The penalty has no minimum":
        (False, "Its minimum is at 0, and it is the global one; gradient descent just cannot "
                "reach it with a fixed step."),
    "Floating-point rounding keeps the weight away from 0":
        (False, "The overshoot happens in exact arithmetic: the 2-cycle amplitude follows from "
                "the update rule alone."),
    "The gradient at 0 is 0, so the iterates stop just before it":
        (False, "The slope at 0 is not 0 but unbounded; the iterates do not stop, they jump "
                "across 0 again and again."),
}


@exercise(hints=(
    "Compare, for a very small weight, the length of one gradient step with the weight "
    "itself.",
    "How does the square root's slope behave as w approaches 0, and what does that do to the "
    "step length?",
), expected=lambda: choice_answer(WHY_NO_SETTLE))
def check_why_no_settle(answer: Any) -> Verdict:
    """Multiple choice: why gradient descent on the square-root penalty never settles at 0."""
    return check_choice(answer, WHY_NO_SETTLE,
                        question="Gradient descent on lambda*sqrt(|w|) alone never settles at "
                                 "0, whatever the start. Why?")
