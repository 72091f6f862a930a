r"""Exercises of notebook 12: weight decay on a layer followed by BatchNorm.

The angle per step at equilibrium is :math:`\sqrt{2\eta\lambda/(1+\mu)}` (torch-style weight
decay :math:`\lambda`); torch's AdamW multiplies the weight by :math:`1 - \eta_t\lambda` each
step (see :mod:`regviz.normalization`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..normalization import adamw_decay, cosine_schedule, predicted_angular_update
from . import Verdict, check_choice, check_function, close, exercise, report, unanswered

__all__ = ["check_adamw_left", "check_angle", "check_angular_update", "check_double_lr"]


def _angular(lr: float = 0.1, weight_decay: float = 0.0005, momentum: float = 0.9) -> float:
    return predicted_angular_update(lr, weight_decay, momentum)


@exercise(hints=(
    "The equilibrium balances the growth of the squared norm (the gradient steps, orthogonal "
    "to the weights) against its shrinking by weight decay; the section on the equilibrium "
    "gives the angle it leads to.",
    "Twice the learning rate times the weight decay, divided by one plus the momentum, and "
    "then a square root: the answer is in radians per step."), expected=_angular)
def check_angular_update(answer: Any, lr: float = 0.1, weight_decay: float = 0.0005,
                         momentum: float = 0.9) -> Verdict:
    r"""The equilibrium angle per step for SGD with ``lr``, ``weight_decay`` and ``momentum``."""
    if (v := unanswered(answer, "a number, in radians per step")) is not None:
        return v
    expected = _angular(lr, weight_decay, momentum)
    ok = close(answer, expected, rel=2e-3, abs_=0.0)
    wrong = ""
    if not ok and close(answer, predicted_angular_update(lr, weight_decay), rel=2e-3, abs_=0.0):
        wrong = "That is the angle without momentum: momentum changes it too."
    elif not ok and close(answer, expected**2, rel=2e-3, abs_=0.0):
        wrong = "That is the square of the angle."
    return report(ok, f"{expected:.5f} rad per step, about {np.degrees(expected):.2f} degrees: "
                      "set by the learning rate and the decay alone, whatever the gradient's size.",
                  wrong)


def _angle(w_before: Any, w_after: Any) -> float:
    a, b = np.ravel(np.asarray(w_before, float)), np.ravel(np.asarray(w_after, float))
    # atan2 of |a||b|sin and |a||b|cos: accurate for small angles too
    return float(np.arctan2(np.sqrt(max(0.0, (a @ a) * (b @ b) - (a @ b) ** 2)), a @ b))


ANGLE_INPUTS: tuple[tuple[Any, Any], ...] = (
    (np.array([1.0, 0.0]), np.array([0.0, 2.0])),
    (np.array([1.0, 0.0]), np.array([3.0, 0.0])),
    (np.array([1.0, 1.0, 0.0]), np.array([-1.0, -1.0, 0.0])),
    (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 2.0], [3.0, 4.1]])),
    (np.arange(1.0, 101.0), np.arange(1.0, 101.0) * 5 + 0.01 * np.cos(np.arange(100.0))),
)


@exercise(hints=(
    "The angle between two arrays treats each as one long vector: it depends on their inner "
    "product and on their two lengths, not on their shapes, and not on how long either is.",
    "The cosine of the angle is the inner product over the product of the two norms; round-off "
    "can push that ratio a hair outside [-1, 1], so clip it before taking the inverse cosine."))
def check_angle(student: Callable[[Any, Any], Any] | None) -> Verdict:
    """Run the student's ``angle(w_before, w_after)`` (radians, any shape) against the oracle."""
    return check_function(
        student, _angle, ANGLE_INPUTS, name="angle", rtol=1e-6, atol=1e-6,
        right="the angle ignores the norm: scaling either array leaves it unchanged, which is "
              "why it measures what a scale-invariant layer learns per step.")


DOUBLE_LR = {
    "It doubles, like the step": (
        False, "the step doubles, but the equilibrium norm settles higher too (by the fourth "
               "root of 2), and the angle is the step over the norm."),
    "It does not change: BatchNorm makes the layer ignore the learning rate": (
        False, "BatchNorm makes the loss ignore the norm of the weights, not the learning rate: "
               "the angle at equilibrium still depends on lr·wd."),
    "It grows by a factor of about 1.41 (the square root of 2)": (
        True, "the equilibrium angle is the square root of 2·lr·wd/(1+μ): doubling lr "
              "multiplies it by √2 (the step doubles, the norm settles higher by 2^(1/4))."),
    "It halves: the norm grows until the step is as small as before": (
        False, "with weight decay the norm does not grow without bound; it settles where decay "
               "and gradient steps balance, and that balance gives a larger angle, not a "
               "smaller one."),
}


@exercise(hints=(
    "Look at the formula of the equilibrium angle: which power of the learning rate appears?",
    "Only the product of learning rate and weight decay enters, under a square root."),
    expected=lambda: "c")
def check_double_lr(answer: Any) -> Verdict:
    """Multiple choice: doubling the learning rate of a BatchNorm layer at equilibrium."""
    return check_choice(
        answer, DOUBLE_LR,
        question="A layer followed by BatchNorm is trained with SGD and weight decay until its "
                 "norm settles. You double the learning rate (same weight decay, same "
                 "momentum) and wait for the new equilibrium. What happens to the angle the "
                 "weights turn per step?")


def _adamw_left(lr: float = 0.001, weight_decay: float = 0.1, steps: int = 10000) -> float:
    return float(adamw_decay(cosine_schedule(lr, steps), weight_decay)[-1])


@exercise(hints=(
    "Torch's AdamW multiplies every decayed weight by one minus (current learning rate times "
    "weight decay) at each step; with a schedule, the current learning rate changes.",
    "Multiply those factors over all steps (a logarithm turns the product into a sum of the "
    "learning rates, and a cosine schedule's mean is half its peak)."), expected=_adamw_left)
def check_adamw_left(answer: Any, lr: float = 0.001, weight_decay: float = 0.1,
                     steps: int = 10000) -> Verdict:
    """What AdamW's decay alone leaves of a weight after a cosine schedule (a fraction)."""
    if (v := unanswered(answer, "a fraction between 0 and 1")) is not None:
        return v
    expected = _adamw_left(lr, weight_decay, steps)
    ok = close(answer, expected, rel=5e-3, abs_=0.0)
    constant = float((1 - lr * weight_decay) ** steps)
    wrong = ("That is what a constant learning rate would leave: the schedule lowers the rate, "
             "and the decay with it." if not ok and close(answer, constant, rel=5e-3, abs_=0.0)
             else "")
    return report(ok, f"{expected:.4f}: a constant rate would leave {constant:.4f}. The decay "
                      "follows the schedule, so changing lr changes the regularization too.",
                  wrong)
