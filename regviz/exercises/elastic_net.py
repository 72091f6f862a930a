r"""Exercises of notebook 08: the elastic-net prox, its threshold, which feature the lasso keeps.

The elastic net is :math:`\lambda(a|w| + (1-a)w^2)` with mix :math:`a` (see
:mod:`regviz.elastic_net`).
"""

from __future__ import annotations

from typing import Any

from ..elastic_net import correlated_regression, enet_penalty
from ..solvers import ista
from . import close, report

__all__ = ["check_enet_prox", "check_enet_threshold", "check_lasso_keeps"]


def check_enet_prox(
    answer: Any, z: float = 2.0, step: float = 0.5, lam: float = 1.0, mix: float = 0.5
) -> bool:
    r"""The elastic-net proximal step from ``z``, to 1e-9."""
    t = step * lam
    expected = float(enet_penalty(lam, mix).prox(z, step=step))
    return report(
        close(answer, expected, rel=0.0, abs_=1e-9),
        f"soft threshold at t*a = {t * mix:g}, then divide by 1 + 2t(1 - a) = "
        f"{1 + 2 * t * (1 - mix):g}: prox = {expected:.6g}.",
        "Set the derivative of 0.5*(x - z)**2 + t*(a*|x| + (1 - a)*x**2) to 0 for x > 0: "
        "x - z + t*a + 2*t*(1 - a)*x = 0. Check that the x you get is positive.",
    )


def check_enet_threshold(
    answer: Any, step: float = 0.5, lam: float = 2.0, mix: float = 0.3
) -> bool:
    r"""The largest :math:`|z|` that the elastic-net prox sends to exactly 0, to 1e-9."""
    expected = enet_penalty(lam, mix).threshold(step)
    return report(
        close(answer, expected, rel=0.0, abs_=1e-9),
        f"step*lam*a = {expected:g}: only the L1 part can hold a weight at 0; the L2 part has "
        "slope 0 there and only rescales what survives.",
        "At x = 0 the subgradient of t*a*|x| is [-t*a, t*a] and that of the L2 part is 0. For "
        "which z does 0 lie in -z + [-t*a, t*a]?",
    )


def check_lasso_keeps(answer: Any, seed: int = 3, lam: float = 1.0) -> bool:
    r"""Which coefficient the lasso keeps on ``correlated_regression(seed=seed)`` at ``lam``.

    ``answer`` is 1 or 2 (or ``"w1"``, ``"x2"``...), or ``"both"`` / ``"none"``.
    """
    w = ista(*correlated_regression(seed=seed), enet_penalty(lam, 1.0)).w
    kept = [j + 1 for j in range(w.size) if w[j] != 0]
    expected = {0: "none", 1: str(kept[0]) if kept else "", 2: "both"}[len(kept)]
    given = str(answer).strip().lower().lstrip("wx")
    return report(
        given == expected,
        f"the lasso gives w = ({w[0]:.3f}, {w[1]:.3f}) here. Compare the notebook's data (seed 2): "
        "with two nearly equal features, the noise in the sample decides which one survives.",
        "Solve with regviz.solvers.ista(X, y, enet_penalty(lam, 1.0)) on "
        f"correlated_regression(seed={seed}) and look at which weight is exactly 0.",
    )
