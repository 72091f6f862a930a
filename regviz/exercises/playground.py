r"""Exercises of notebook 09: a proximal training step, Adam + L2 against AdamW (and what
happens to a weight with a large gradient), how much of the network L1 prunes.
"""  # noqa: D205

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..penalties import L1
from ..playground import Adam, make_dataset, train
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

__all__ = ["check_l1_prox_step", "check_adam_first_step", "check_zero_fraction",
           "check_second_weight", "SECOND_WEIGHT"]


def _l1_prox_step(w, grad, lr, lam):
    return L1(lam).prox(np.asarray(w, dtype=float) - lr * np.asarray(grad, dtype=float), step=lr)


def _inputs(seed: int = 0) -> list[tuple]:
    rng = np.random.default_rng(seed)
    calls = [(np.array([0.5, -0.02, 0.0]), np.array([0.1, 0.1, -0.3]), 0.1, 0.5)]
    for _ in range(6):
        shape = tuple(rng.integers(1, 5, rng.integers(1, 3)))
        calls.append((rng.standard_normal(shape), rng.standard_normal(shape),
                      float(rng.choice([0.01, 0.1, 0.5])), float(rng.choice([0.0, 0.1, 1.0]))))
    return calls


@exercise(hints=(
    "Two moves: a plain gradient step on the data, then the proximal step of the L1 penalty "
    "(notebook 04's soft threshold) on the result.",
    "The soft threshold's t is the learning rate times lambda. It must work elementwise on "
    "arrays, and a weight within t of 0 must come out exactly 0.",
))
def check_l1_prox_step(answer: Callable[..., Any] | None) -> Verdict:
    r"""The student's ``l1_prox_step(w, grad, lr, lam)``: one proximal gradient step for L1.

    :math:`w \leftarrow \operatorname{prox}_{lr\,\lambda|\cdot|}(w - lr\,\nabla L)`, elementwise.
    """
    return check_function(
        answer, _l1_prox_step, _inputs(), name="l1_prox_step", rtol=1e-9, atol=1e-12,
        right="The gradient step moves the weights, the soft threshold then sets every weight "
              "within lr*lam of 0 to exactly 0: this is the playground's mode='prox' for L1.",
    )


def _adam_first_step(w, g, lr, lam, decoupled):
    w = np.asarray(w, dtype=float)
    g = np.asarray(g, dtype=float)
    opt = Adam([w], lr=lr)
    opt.tick()
    if decoupled:
        return w - lr * 2 * lam * w - lr * opt.direction(0, g)
    return w - lr * opt.direction(0, g + 2 * lam * w)


@exercise(hints=(
    "At the first step Adam's moments start from zero, and bias correction makes them exactly "
    "the first gradient and its square: the step is the learning rate times the gradient "
    "over its own size (plus epsilon).",
    "With the penalty in the loss, the gradient Adam sees already contains the penalty's "
    "gradient, 2 lambda w. Decoupled, Adam sees the data gradient only and the weight also "
    "loses the learning rate times 2 lambda w, outside Adam's division.",
))
def check_adam_first_step(answer: Callable[..., Any] | None) -> Verdict:
    r"""The student's ``adam_first_step(w, g, lr, lam, decoupled)``: Adam's first step.

    The penalty :math:`\lambda w^2` is in the loss (``decoupled=False``) or decoupled (AdamW).

    Adam's defaults: :math:`\beta_1 = 0.9`, :math:`\beta_2 = 0.999`, :math:`\epsilon = 10^{-8}`.
    """
    rng = np.random.default_rng(3)
    calls = []
    for decoupled in (False, True):
        calls.append((np.array([1.0, -2.0, 0.5]), np.array([0.2, 0.0, -0.1]), 0.1, 0.05,
                      decoupled))
        for _ in range(3):
            n = int(rng.integers(1, 6))
            calls.append((rng.standard_normal(n), rng.standard_normal(n),
                          float(rng.choice([0.01, 0.1])), float(rng.choice([0.01, 0.3])),
                          decoupled))
    return check_function(
        answer, _adam_first_step, calls, name="adam_first_step", rtol=1e-9, atol=1e-12,
        right="At the first step Adam moves each weight by about lr * sign(gradient): with L2 in "
              "the loss the decay 2*lam*w is inside that sign and is lost whenever the data "
              "gradient is larger; AdamW subtracts lr*2*lam*w outside it, for every weight.",
    )


def _zero_fraction(lam: float = 0.0045) -> float:
    result = train(make_dataset("moons"), penalty=L1(lam), mode="prox", steps=1000)
    return float(result.history["zero_fraction"][-1])


@exercise(hints=(
    "Train the playground's default network yourself with L1 as a proximal step at this "
    "lambda, and read the fraction of weights that are exactly 0 at the end of the run.",
    "The training function takes the data set, the penalty object and the mode; its history "
    "records the zero fraction after every step, and the answer is the last entry. The "
    "panel's lambda slider does not stop at this value.",
), expected=_zero_fraction)
def check_zero_fraction(answer: Any, lam: float = 0.0045) -> Verdict:
    """The fraction of the default network's weights that L1 as a prox step sets to exactly 0.

    Moons, 2-8-8-1, SGD lr 0.1, 1,000 steps, ``L1(lam)`` with ``mode="prox"``; to 1e-3 (one
    weight of 88 is 0.011).
    """
    if (v := unanswered(answer, "a fraction between 0 and 1")) is not None:
        return v
    expected = _zero_fraction(lam)
    ok = close(answer, expected, rel=0.0, abs_=1e-3)
    wrong = ""
    if not ok and close(answer, 100 * expected, rel=0.0, abs_=0.1):
        wrong = "That is a percentage; the answer is a fraction between 0 and 1."
    return report(
        ok,
        f"{expected:.3f} of the weights are exactly 0: the prox step zeroes every weight whose "
        "data gradient cannot hold it outside lr*lam of 0, and only a prox step makes them "
        "exact zeros.",
        wrong,
    )


#: Notebook 09's conceptual question (the "explain" part of exercise 2, now checked).
SECOND_WEIGHT: dict[str, tuple[bool, str]] = {
    "Adam + L2 and AdamW move it by the same amount, since the penalty is the same":
        (False, "The penalty is the same, but Adam + L2 divides it by the gradient's size "
                "together with the data gradient, and AdamW does not: the steps differ."),
    "With Adam + L2 its decay is drowned: its step is about lr in the data gradient's "
    "direction whatever lambda, while AdamW also shrinks it by lr*2*lam*w":
        (True, "Adam's first step is lr times the sign of the gradient it sees. With a data "
               "gradient of 5 the penalty's 2*lam*w, here 0.2, hardly changes that gradient, so "
               "the decay is lost; AdamW subtracts lr*2*lam*w outside the division, so the "
               "weight decays exactly like the first one."),
    "With Adam + L2 it decays more than the first weight, because its gradient is larger":
        (False, "A larger gradient does not mean a larger step in Adam: the step is "
                "normalized, and the penalty's share of it shrinks as the data gradient grows."),
    "AdamW leaves it unchanged, because weight decay acts only on weights with small "
    "gradients":
        (False, "AdamW's decay lr*2*lam*w does not depend on the gradient at all: every weight "
                "decays by the same fraction."),
    "Both leave it at 1.0, because Adam's first step is always zero":
        (False, "Adam's first step is about lr in size (the bias correction makes the moments "
                "the gradient and its square), not zero."),
}


@exercise(hints=(
    "Run your adam_first_step on the exercise's two weights both ways and compare, for the "
    "second weight, how much of its step comes from the penalty.",
    "In Adam + L2 the penalty's gradient is added before the division by the gradient's "
    "size; how much does 0.2 change the sign or the size of 5.2?",
), expected=lambda: choice_answer(SECOND_WEIGHT))
def check_second_weight(answer: Any) -> Verdict:
    """Multiple choice: what Adam + L2 and AdamW do to a weight with a large data gradient."""
    return check_choice(answer, SECOND_WEIGHT,
                        question="Exercise 2's second weight (w = 1, g = 5, lr = 0.1, lam = 0.1): "
                                 "what do Adam + L2 and AdamW do to it?")
