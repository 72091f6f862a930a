r"""Exercises of notebook 03: a gradient-descent loop, L2's shrink factor, the root's 2-cycle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..dynamics import gd_trajectory, l2_steps_to_shrink, sqrt_cycle_amplitude
from ..penalties import L1, L2, Lp
from . import Verdict, check_function, close, report, unanswered

__all__ = ["check_descend", "check_l2_steps", "check_cycle_amplitude"]

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


def check_descend(student: Callable[..., Any] | None) -> Verdict:
    r"""Run the student's ``descend(grad, w0, lr, n_steps)`` against ``dynamics.gd_trajectory``.

    The function returns the ``n_steps + 1`` iterates :math:`w_0, \dots, w_n` of
    :math:`w_{t+1} = w_t - \eta\,\mathrm{grad}(w_t)`, compared to a relative 1e-9.
    """
    return check_function(
        student, _oracle, DESCEND_INPUTS, name="descend", rtol=1e-9, atol=1e-12,
        right="The same loop, with a data term's gradient added, is all of gradient descent.",
        hint="Start from a list holding w0; n_steps times, compute w - lr * grad(w) and append "
             "it; return the list (its length is n_steps + 1).",
    )


def check_l2_steps(answer: Any, lr: float = 0.1, lam: float = 7.0, factor: float = 1e-6) -> Verdict:
    r"""Steps of L2 gradient descent (no data term) until :math:`|w|` shrinks by ``factor``."""
    if (v := unanswered(answer, "a whole number of steps")) is not None:
        return v
    expected = l2_steps_to_shrink(lr, lam, factor)
    ok = close(answer, expected, rel=0, abs_=0)
    q = 1 - 2 * lr * lam
    hint = ("Each step multiplies w by the same number; find the smallest integer t for which "
            f"the size of that number to the power t is <= {factor:g} (take logarithms and "
            "round up).")
    if q < 0:
        hint += " Here 2*lr*lam > 1: what sign does the factor have, and what does that change?"
    return report(
        ok,
        f"{expected} steps: each one multiplies w by 1 - 2*lr*lam = {q:g}"
        + (", so w changes sign at every step while |w| shrinks" if q < 0 else "")
        + ". Any factor takes finitely many steps, and 0 itself takes infinitely many (Zeno).",
        hint,
    )


def check_cycle_amplitude(answer: Any, lr: float = 0.05, lam: float = 0.2) -> Verdict:
    r"""Amplitude :math:`a` of the square root's 2-cycle for ``lr``, ``lam``, to 0.1 %."""
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = sqrt_cycle_amplitude(lr, lam)
    return report(
        close(answer, expected, rel=1e-3, abs_=0.0),
        f"a = (lr*lam/4)**(2/3) = {expected:.5g}: the step lr*lam/(2*sqrt(a)) is exactly 2a, "
        "so the weight jumps from a to -a and back.",
        "Ask for w = a to land on -a in one step: a - lr*lam/(2*sqrt(a)) = -a. Solve for a "
        "(it is a power of lr*lam/4), then put in the numbers.",
    )
