r"""Exercises of notebook 03: the penalty's pull, Zeno's L2, the square root's 2-cycle."""

from __future__ import annotations

import math
from typing import Any

from ..dynamics import l2_steps_to_shrink, sqrt_cycle_amplitude
from . import close, report

__all__ = ["check_cycle_amplitude", "check_l2_steps", "check_autograd_at_zero"]


def check_cycle_amplitude(answer: Any, lr: float = 0.05, lam: float = 0.2) -> bool:
    r"""Amplitude :math:`a` of the square root's 2-cycle for ``lr``, ``lam``, to 0.1 %."""
    expected = sqrt_cycle_amplitude(lr, lam)
    return report(
        close(answer, expected, rel=1e-3, abs_=0.0),
        f"a = (lr*lam/4)**(2/3) = {expected:.5g}: the step lr*lam/(2*sqrt(a)) is exactly 2a, "
        "so the weight jumps from a to -a and back.",
        "Ask for w = a to land on -a: a - lr*lam/(2*sqrt(a)) = -a. Solve for a.",
    )


def check_l2_steps(answer: Any, lr: float = 0.1, lam: float = 0.5, factor: float = 1e-6) -> bool:
    r"""Steps of L2 gradient descent (from l = 0) until :math:`|w|` shrinks by ``factor``."""
    expected = l2_steps_to_shrink(lr, lam, factor)
    try:
        ok = float(answer) == expected
    except (TypeError, ValueError):
        ok = False
    return report(
        ok,
        f"{expected} steps: each one multiplies w by 1 - 2*lr*lam = {1 - 2 * lr * lam:g}. "
        "Any factor takes finitely many steps, and 0 itself takes infinitely many (Zeno).",
        "Each step multiplies w by (1 - 2*lr*lam); find the smallest integer t with "
        f"(1 - 2*lr*lam)**t <= {factor:g} (take logarithms, round up).",
    )


def check_autograd_at_zero(answer: Any) -> bool:
    """What ``torch.autograd`` returns for d/dw sqrt(|w|) at exactly w = 0 (a float)."""
    try:
        ok = math.isnan(float(answer))
    except (TypeError, ValueError):
        ok = False
    return report(
        ok,
        "NaN: the chain rule multiplies sqrt's slope at 0 (inf) by abs's slope at 0 (0), and "
        "inf * 0 is NaN. One NaN weight makes the loss NaN at the next step.",
        "Run the chain rule by hand: d sqrt(u)/du at u = 0 times d|w|/dw at w = 0 "
        "(torch uses sign(0) = 0). What is inf * 0 in floating point?",
    )
