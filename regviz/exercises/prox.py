r"""Exercises of notebook 04: soft / half thresholds and the L1 plateau."""

from __future__ import annotations

from typing import Any

from ..penalties import L1, Lp
from . import close, report

__all__ = ["check_soft_threshold", "check_half_threshold", "check_plateau_width"]


def check_soft_threshold(answer: Any, z: float = 0.8, step: float = 0.1, lam: float = 3.0) -> bool:
    r"""The L1 proximal step :math:`\operatorname{prox}_{step\,\lambda|\cdot|}(z)`, to 1e-9."""
    expected = float(L1(lam).prox(z, step=step))
    return report(
        close(answer, expected, rel=0.0, abs_=1e-9),
        f"prox = sign(z) * max(|z| - step*lam, 0) = {expected:g}: the weight moves by at most "
        "its own size, so it stops at 0 instead of crossing it.",
        "Soft-threshold z at t = step*lam: if |z| <= t the answer is 0, else z - t*sign(z).",
    )


def check_half_threshold(answer: Any, step: float = 0.1, lam: float = 1.0) -> bool:
    r"""The largest :math:`|z|` that the :math:`L_{1/2}` prox sends to exactly 0, to 0.1 %."""
    expected = Lp(0.5, lam).threshold(step)
    return report(
        close(answer, expected, rel=1e-3, abs_=0.0),
        f"tau = 1.5 * (step*lam)**(2/3) = {expected:.5g}: below it 0 beats the nonzero local "
        "minimum, above it the prox jumps straight to a value of size (step*lam)**(2/3).",
        "Move the slider and read the dashed line of the L1/2 panel; the formula has the form "
        "c * (step*lam)**(2/3).",
    )


def check_plateau_width(answer: Any, lr: float = 0.05, lam: float = 0.4) -> bool:
    r"""Width of the L1 plateau under subgradient steps for ``lr``, ``lam``, to 1 %."""
    expected = 2.0 * lr * lam
    return report(
        close(answer, expected, rel=0.01, abs_=0.0),
        f"2*lr*lam = {expected:g}: a weight near 0 is pushed by lr*lam to the other side at each "
        "step, so it lives in [-lr*lam, lr*lam].",
        "How far does one subgradient step move a weight near 0, and in which direction? The "
        "weights end up on both sides of 0.",
    )
