r"""Exercises of notebook 08: the elastic-net prox in glmnet's scaling, the mix that gives a
chosen shrinkage, the lasso's survivor on correlated features, and why the elastic net shares.

The notebook's elastic net is :math:`\lambda(a|w| + (1-a)w^2)` with mix :math:`a` (see
:mod:`regviz.elastic_net`); glmnet and scikit-learn halve the L2 part.
"""  # noqa: D205

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..elastic_net import correlated_regression, enet_penalty
from ..solvers import ista
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

__all__ = ["check_enet_prox_half", "check_mix_for_shrinkage", "check_lasso_survivor",
           "check_why_share", "WHY_SHARE"]

#: The calls a student's ``enet_prox_half(z, t, a)`` is tried on: both sides of the threshold,
#: both signs, the pure L1 and pure L2 ends, and an array.
ENET_INPUTS: tuple[tuple[Any, float, float], ...] = (
    (2.0, 0.5, 0.5), (-2.0, 0.5, 0.5), (0.2, 0.5, 0.5), (1.0, 0.8, 1.0), (1.0, 0.8, 0.0),
    (np.array([-3.0, -0.1, 0.0, 0.3, 1.2]), 1.0, 0.3),
)


def _enet_prox_half(z: Any, t: float, a: float) -> np.ndarray:
    r"""Glmnet's scaling written in the notebook's: :math:`t(a|x| + \tfrac{1-a}{2}x^2)` is
    :math:`t'(a'|x| + (1-a')x^2)` with :math:`t' = t(1+a)/2`, :math:`a' = 2a/(1+a)`.
    """  # noqa: D205
    t2 = t * (1.0 + a) / 2.0
    a2 = 2.0 * a / (1.0 + a)
    return enet_penalty(1.0, a2).prox(z, step=t2)


@exercise(hints=(
    "Redo the notebook's derivation of the elastic-net prox with the L2 part halved: for a "
    "positive x the objective is smooth, so set its derivative to zero, then use symmetry and "
    "the threshold for the rest.",
    "Only the slope of the L2 part changes (it loses its factor 2), so the threshold stays t "
    "times a and only the divisor of the soft-thresholded value changes.",
))
def check_enet_prox_half(student: Callable[[Any, float, float], Any] | None) -> Verdict:
    r"""Run the student's ``enet_prox_half(z, t, a)``: the minimiser of
    :math:`\tfrac12(x - z)^2 + t\,(a|x| + \tfrac{1-a}{2}x^2)` (glmnet's and scikit-learn's
    scaling), on numbers and an array, to 1e-12.

    Compared with the notebook's elastic-net prox at the equivalent step and mix.
    """  # noqa: D205
    return check_function(
        student, _enet_prox_half, ENET_INPUTS, name="enet_prox_half", rtol=0.0, atol=1e-12,
        right="The same soft threshold at t*a, divided by 1 + t(1 - a): the halved L2 part only "
              "changes the rescaling. Comparing lambdas across libraries means checking this "
              "factor.",
    )


def _mix_for_shrinkage(step: float = 0.4, lam: float = 2.0, z: float = 3.0,
                       target: float = 1.5) -> float:
    """The mix a with prox(z) = target, by bisection (the prox output falls as a grows)."""
    def out(a: float) -> float:
        return float(enet_penalty(lam, a).prox(np.array([z]), step=step)[0])

    lo, hi = 0.0, 1.0
    if not (out(hi) <= target <= out(lo)) and not (out(lo) <= target <= out(hi)):
        raise ValueError(f"target must be between prox(z) at a = 0 and at a = 1, got {target}")
    increasing = out(hi) > out(lo)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if (out(mid) < target) == increasing:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


@exercise(hints=(
    "The notebook's elastic-net prox above its threshold: the soft-thresholded value divided "
    "by one plus twice t times one minus a, with t the step times lambda. Set it equal to the "
    "target and solve for a.",
    "With the numbers in, both the numerator and the divisor are linear in a, so the equation "
    "is linear in a once you multiply out the divisor.",
), expected=_mix_for_shrinkage)
def check_mix_for_shrinkage(answer: Any, step: float = 0.4, lam: float = 2.0, z: float = 3.0,
                            target: float = 1.5) -> Verdict:
    r"""The mix :math:`a` for which the elastic-net prox with ``step`` and ``lam`` sends ``z``
    to ``target``, to 1e-3.

    Above the threshold the prox is :math:`(z - ta)/(1 + 2t(1-a))` with :math:`t =
    step\,\lambda`; the check finds the mix by bisection on the prox itself.
    """  # noqa: D205
    if (v := unanswered(answer, "a mix between 0 and 1")) is not None:
        return v
    expected = _mix_for_shrinkage(step, lam, z, target)
    ok = close(answer, expected, rel=0.0, abs_=1e-3)
    wrong = ""
    try:
        a = float(answer)
        if not ok and not 0.0 <= a <= 1.0:
            wrong = "A mix is between 0 (pure L2) and 1 (pure L1)."
    except (TypeError, ValueError):
        pass
    return report(
        ok,
        f"a = {expected:.4f}: more L1 (larger a) subtracts more before rescaling, more L2 "
        "divides by more; here the two balance at this mix.",
        wrong,
    )


def _lasso_survivor(seed: int = 3, lam: float = 1.0) -> float:
    w = ista(*correlated_regression(seed=seed), enet_penalty(lam, 1.0)).w
    kept = w[w != 0]
    if kept.size != 1:
        raise ValueError(f"the lasso keeps {kept.size} coefficients at lam = {lam}, not one")
    return float(kept[0])


@exercise(hints=(
    "Solve the lasso (the elastic net with mix 1) on this data set with the notebook's "
    "solver, and look at the one coefficient that is not exactly 0.",
    "The solver wants the design matrix, the targets and a penalty object; run it to "
    "convergence (its default), not for a fixed handful of steps.",
), expected=_lasso_survivor)
def check_lasso_survivor(answer: Any, seed: int = 3, lam: float = 1.0) -> Verdict:
    r"""The value of the one coefficient the lasso keeps on ``correlated_regression(seed)``.

    At ``lam`` the lasso sets one of the two (nearly equal) features' coefficients to exactly
    0; the answer is the other one, to 1e-3.
    """
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = _lasso_survivor(seed, lam)
    w = ista(*correlated_regression(seed=seed), enet_penalty(lam, 1.0)).w
    j = int(np.flatnonzero(w)[0])
    ok = close(answer, expected, rel=0.0, abs_=1e-3)
    wrong = ""
    if not ok and close(answer, 0.0, rel=0.0, abs_=1e-9):
        wrong = "That is the coefficient the lasso drops; the question asks for the survivor."
    return report(
        ok,
        f"w{j + 1} = {expected:.4f}, and the other is exactly 0. It carries almost the whole "
        "effect of both features: with two nearly equal columns, the noise in the sample decides "
        "which one survives (compare the notebook's seed 2).",
        wrong,
    )


#: Notebook 08's conceptual question: the grouping effect.
WHY_SHARE: dict[str, tuple[bool, str]] = {
    "The elastic net uses a smaller lambda than the lasso":
        (False, "At the same lambda and with a < 1 the L1 part is smaller, but scaling the L1 "
                "part alone never makes it share: the lasso picks one at every lambda."),
    "The elastic net's threshold is larger, so it keeps more features":
        (False, "Its threshold t*a is smaller than the lasso's t for a < 1, but a threshold "
                "decides which weights are 0, not how an effect is split."),
    "The elastic net decorrelates the two features before fitting":
        (False, "The data are untouched; the sharing comes from the penalty's shape."),
    "The L2 part makes the penalty strictly convex, so the best way to split an effect between "
    "two nearly equal features is to share it: a sum of squares is smallest for equal parts":
        (True, "For two equal features every split of the effect with the same sum fits "
               "equally well; L1 is indifferent to the split (for same-sign splits |w1| + |w2| "
               "is that sum), so noise decides and a corner wins, while w1² + w2² is smallest "
               "at the even split."),
    "Because the elastic net is not sparse at all":
        (False, "It is sparse: for large lambda it sets both weights to exactly 0, and it "
                "drops irrelevant features like the lasso; it just treats correlated "
                "features as a group."),
}


@exercise(hints=(
    "Two equal features: every split of the effect between them fits the data equally well. "
    "Which split does each penalty prefer?",
    "For same-sign splits with a fixed sum, the L1 penalty is the same for all of them; the "
    "sum of squares is not.",
), expected=lambda: choice_answer(WHY_SHARE))
def check_why_share(answer: Any) -> Verdict:
    """Multiple choice: why the elastic net shares between correlated features."""
    return check_choice(answer, WHY_SHARE,
                        question="On two nearly equal features, the lasso keeps one and the "
                                 "elastic net keeps both with similar values. Why?")
