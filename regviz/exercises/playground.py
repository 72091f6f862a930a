r"""Exercises of notebook 09: a proximal training step, Adam + L2 against AdamW, pruning λ."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..penalties import L1
from ..playground import Adam, make_dataset, train
from . import check_function, close, report, unanswered

__all__ = ["check_l1_prox_step", "check_adam_first_step", "check_pruning_lambda",
           "PRUNING_LAMBDAS"]

#: The λ grid of the pruning exercise.
PRUNING_LAMBDAS: tuple[float, ...] = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02)


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


def check_l1_prox_step(answer: Callable[..., Any] | None) -> Any:
    r"""The student's ``l1_prox_step(w, grad, lr, lam)``: one proximal gradient step for L1.

    :math:`w \leftarrow \operatorname{prox}_{lr\,\lambda|\cdot|}(w - lr\,\nabla L)`, elementwise.
    """
    return check_function(
        answer, _l1_prox_step, _inputs(), name="l1_prox_step", rtol=1e-9, atol=1e-12,
        right="The gradient step moves the weights, the soft threshold then sets every weight "
              "within lr*lam of 0 to exactly 0: this is the playground's mode='prox' for L1.",
        hint="First take the plain gradient step z = w - lr*grad, then soft-threshold z at "
             "t = lr*lam: sign(z) * max(|z| - t, 0).",
    )


def _adam_first_step(w, g, lr, lam, decoupled):
    w = np.asarray(w, dtype=float)
    g = np.asarray(g, dtype=float)
    opt = Adam([w], lr=lr)
    opt.tick()
    if decoupled:
        return w - lr * 2 * lam * w - lr * opt.direction(0, g)
    return w - lr * opt.direction(0, g + 2 * lam * w)


def check_adam_first_step(answer: Callable[..., Any] | None) -> Any:
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
        hint="At t = 1 the bias-corrected moments are m_hat = g and v_hat = g**2, so the step is "
             "lr * g / (sqrt(g**2) + eps). With the penalty in the loss, g becomes g + 2*lam*w; "
             "decoupled, w also loses lr*2*lam*w.",
    )


def _smallest_pruning_lambda(threshold: float = 0.5) -> float | None:
    data = make_dataset("moons")
    for lam in PRUNING_LAMBDAS:
        result = train(data, penalty=L1(lam), mode="prox", steps=1000)
        if result.history["zero_fraction"][-1] >= threshold:
            return lam
    return None


def check_pruning_lambda(answer: Any) -> Any:
    """The smallest λ of :data:`PRUNING_LAMBDAS` that prunes half the weights of the default run.

    L1 as a prox step on moons (2-8-8-1, SGD lr 0.1, 1000 steps); pruned = exactly 0.
    """
    if (v := unanswered(answer, "one of PRUNING_LAMBDAS")) is not None:
        return v
    expected = _smallest_pruning_lambda()
    ok = close(answer, expected, rel=0, abs_=0)
    return report(
        ok,
        f"Half the weights are exactly 0 from λ = {expected:g}; the zero fraction grows with λ, "
        "so the first λ of the grid that passes is the answer.",
        "Train once per λ of PRUNING_LAMBDAS with train(make_dataset('moons'), penalty=L1(lam), "
        "mode='prox', steps=1000) and read history['zero_fraction'][-1]; answer the first λ "
        "whose fraction is at least 0.5.",
    )
