r"""Exercises of notebook 08: the elastic-net prox, its threshold, which feature the lasso keeps.

The elastic net is :math:`\lambda(a|w| + (1-a)w^2)` with mix :math:`a` (see
:mod:`regviz.elastic_net`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..elastic_net import correlated_regression, enet_penalty
from ..solvers import ista
from . import Verdict, check_function, close, report, unanswered

__all__ = ["check_enet_prox", "check_enet_threshold", "check_lasso_keeps"]

#: The calls a student's ``enet_prox(z, t, a)`` is tried on: both sides of the threshold, both
#: signs, the pure L1 and pure L2 ends, and an array.
ENET_INPUTS: tuple[tuple[Any, float, float], ...] = (
    (2.0, 0.5, 0.5), (-2.0, 0.5, 0.5), (0.2, 0.5, 0.5), (1.0, 0.8, 1.0), (1.0, 0.8, 0.0),
    (np.array([-3.0, -0.1, 0.0, 0.3, 1.2]), 1.0, 0.3),
)


def _enet_prox(z: Any, t: float, a: float) -> np.ndarray:
    return enet_penalty(1.0, a).prox(z, step=t)


def check_enet_prox(student: Callable[[Any, float, float], Any] | None) -> Verdict:
    r"""Run the student's ``enet_prox(z, t, a)`` against :meth:`regviz.penalties.ElasticNet.prox`.

    :math:`\arg\min_x \tfrac12(x - z)^2 + t\,(a|x| + (1-a)x^2)`, with ``t`` the step times
    :math:`\lambda`, on scalars and an array, to 1e-12.
    """
    return check_function(
        student, _enet_prox, ENET_INPUTS, name="enet_prox", rtol=0.0, atol=1e-12,
        right="L1 decides which weights are 0; L2 only rescales the survivors.",
        hint="Set the derivative of 0.5*(x - z)**2 + t*(a*|x| + (1 - a)*x**2) to 0 for x > 0, "
             "check that the x you get is positive, use symmetry for x < 0, and 0 otherwise.",
    )


def check_enet_threshold(
    answer: Any, step: float = 0.5, lam: float = 2.0, mix: float = 0.3
) -> Verdict:
    r"""The largest :math:`|z|` that the elastic-net prox sends to exactly 0, to 1e-9."""
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = enet_penalty(lam, mix).threshold(step)
    return report(
        close(answer, expected, rel=0.0, abs_=1e-9),
        f"step*lam*a = {expected:g}: only the L1 part can hold a weight at 0; the L2 part has "
        "slope 0 there and only rescales what survives.",
        "At x = 0 the subgradient of t*a*|x| is [-t*a, t*a] and that of the L2 part is 0. For "
        "which z does 0 lie in -z + [-t*a, t*a]? Here t = step * lam.",
    )


def check_lasso_keeps(answer: Any, seed: int = 3, lam: float = 1.0) -> Verdict:
    r"""Which coefficient the lasso keeps on ``correlated_regression(seed=seed)`` at ``lam``.

    ``answer`` is 1 or 2 (or ``"w1"``, ``"x2"``...), or ``"both"`` / ``"none"``.
    """
    if (v := unanswered(answer, '1, 2, "both" or "none"')) is not None:
        return v
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
