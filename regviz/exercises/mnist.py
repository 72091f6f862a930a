r"""Checked exercises of notebooks 06 and 07: training with penalties, and what lambda means.

Every check takes the answer first: ``None`` (unanswered), a number, or the student's function.
The code checks run the student's function and a reference implementation on the same small
problems and show the first one where they differ.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

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

__all__ = [
    "check_best_lambda",
    "check_weight_decay",
    "check_sklearn_alpha",
    "check_steps_to_zero",
    "check_total_pull",
    "check_sqrt_crossover",
    "check_train_l1_prox",
    "check_l2_weights_only",
    "check_adam_l2",
    "check_adamw",
    "check_why_biases",
    "check_sqrt_plateau",
    "WHY_BIASES",
    "SQRT_PLATEAU",
]


# ---------------------------------------------------------------------------------------------
# numbers


@exercise(hints=(
    "Take the test error of the unregularized run as the baseline; the answer is the largest "
    "lambda whose test error stays within the tolerance above it.",
    "Go through the rows from the largest lambda down and stop at the first one within the "
    "baseline plus the tolerance.",
))
def check_best_lambda(answer: Any, result: Any, *, tolerance: float = 0.01) -> Verdict:
    """Check ``answer`` as the largest lambda with test error within ``tolerance`` of lambda = 0.

    The reference error is the row at lambda = 0 of ``result`` (a reproduction's
    :class:`~regviz.experiments.Result`).
    """
    if (v := unanswered(answer, "a value of lambda")) is not None:
        return v
    base = next(r.test_error for r in result.rows if r.lam == 0)
    best = max(r.lam for r in result.rows if r.test_error <= base + tolerance)
    return report(
        close(answer, best, rel=1e-9, abs_=1e-12),
        f"that lambda keeps the error within {tolerance} of the unregularized network.",
    )


@exercise(hints=(
    "Differentiate the penalty and compare with what SGD's weight_decay adds to the gradient.",
    "torch adds weight_decay times w to the gradient; the penalty's derivative has a factor "
    "from the square.",
), expected=lambda lam=0.003: 2 * lam)
def check_weight_decay(answer: Any, lam: float = 0.003) -> Verdict:
    r"""Check ``answer`` as SGD's ``weight_decay`` equal to :math:`\lambda\sum w^2` in the loss."""
    if (v := unanswered(answer, "a number")) is not None:
        return v
    return report(
        close(answer, 2 * lam, rel=1e-9, abs_=1e-15),
        "the gradient of lam*w**2 is 2*lam*w, and torch adds weight_decay*w to the gradient.",
    )


@exercise(hints=(
    "Write both objectives side by side and divide ours by the constant that makes its data "
    "term equal to Lasso's.",
    "Lasso halves the mean squared error; the number of samples appears in both data terms "
    "and does not change the ratio.",
), expected=lambda lam=0.2, n_samples=100: lam / 2)
def check_sklearn_alpha(answer: Any, lam: float = 0.2, n_samples: int = 100) -> Verdict:
    r"""Check ``answer`` as ``Lasso``'s ``alpha`` for :math:`\frac1n\|y-Xw\|^2 + \lambda\|w\|_1`.

    ``Lasso`` minimizes :math:`\frac{1}{2n}\|y - Xw\|^2 + \alpha\|w\|_1`, so :math:`\alpha =
    \lambda/2`; ``n_samples`` is there to tempt a wrong scaling.
    """
    if (v := unanswered(answer, "a number")) is not None:
        return v
    return report(
        close(answer, lam / 2, rel=1e-9, abs_=1e-15),
        "Lasso halves the squared error, so alpha is half our lambda, whatever n is.",
    )


def _steps_to_zero(w: float = 0.0251, lam: float = 1.3e-4) -> int:
    return math.ceil(abs(w) / lam - 1e-9)


@exercise(hints=(
    "While the weight is larger than lambda in size, how much does one step remove from it? "
    "And what does the min in the step do at the last one?",
    "Every step but the last removes exactly lambda; the last removes what is left. Count the "
    "steps and round up, not to the nearest whole number.",
), expected=_steps_to_zero)
def check_steps_to_zero(answer: Any, w: float = 0.0251, lam: float = 1.3e-4) -> Verdict:
    r"""Steps of the lecture's L1 step that bring ``w`` to 0.

    The step is :math:`w \leftarrow w - \min(\lambda, |w|)\,\mathrm{sign}(w)`; with no
    data gradient it brings ``w`` to exactly 0 in :math:`\lceil |w|/\lambda\rceil` steps.
    """
    if (v := unanswered(answer, "a whole number of steps")) is not None:
        return v
    expected = _steps_to_zero(w, lam)
    ok = close(answer, expected, rel=0.0, abs_=0.5)
    wrong = ""
    if not ok and close(answer, expected - 1, rel=0.0, abs_=0.5):
        wrong = "Rounded down: after that many steps a little of the weight is still left."
    return report(
        ok,
        f"{expected} steps: each step removes lam, and the last one removes what is left, "
        "stopping at 0.",
        wrong,
    )


def _total_pull(n_train: int = 4000, batch_size: int = 200, epochs: int = 20,
                lr: float = 0.01, lam: float = 0.01) -> float:
    return lr * lam * math.ceil(n_train / batch_size) * epochs


@exercise(hints=(
    "The L1 penalty's gradient has the same size whatever the weight, so every SGD step moves "
    "the weight by the same amount. Find that amount, then count the steps.",
    "One step moves the weight by the learning rate times lambda; an epoch has as many steps "
    "as batches, so the batch size changes the count, not the pull per step.",
), expected=_total_pull)
def check_total_pull(answer: Any, *, n_train: int = 4000, batch_size: int = 200,
                     epochs: int = 20, lr: float = 0.01, lam: float = 0.01) -> Verdict:
    r"""Total distance the L1 penalty alone moves a weight over training.

    It is :math:`\eta\lambda` per step, times :math:`\lceil n/B\rceil` steps per epoch, times
    the epochs.
    """
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = _total_pull(n_train, batch_size, epochs, lr, lam)
    return report(
        close(answer, expected, rel=1e-6, abs_=1e-12),
        "the pull per step is lr*lam whatever the batch; a larger batch only means fewer steps "
        "per epoch, so less pull per epoch (and fewer data steps too).",
    )


def _sqrt_crossover(lam: float = 0.001, g: float = 0.01) -> float:
    return (lam / (2 * g)) ** 2


@exercise(hints=(
    "The penalty's pull on a weight is its slope. Write the slope of lambda times the square "
    "root of |w| for a positive w, and ask where it equals the data gradient.",
    "The slope is lambda over twice the square root of w; it grows as w shrinks, so below the "
    "crossing the penalty wins. Solve the equality for w.",
), expected=_sqrt_crossover)
def check_sqrt_crossover(answer: Any, lam: float = 0.001, g: float = 0.01) -> Verdict:
    r"""The :math:`|w|` below which the pull of the square-root penalty beats a data gradient.

    For a data gradient ``g``: :math:`\lambda/(2\sqrt{|w|}) = g`, so :math:`|w| = (\lambda/(2g))^2`.
    """
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = _sqrt_crossover(lam, g)
    return report(
        close(answer, expected, rel=1e-3, abs_=0.0),
        "below it the penalty's slope grows past any data gradient, and a weight that gets there "
        "is pulled on to 0 and past it.",
    )


# ---------------------------------------------------------------------------------------------
# code: training loops


def _tiny_problem(seed: int):
    """A 12-input, 3-class linear model and 40 points, the same for student and reference."""
    import torch

    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(40, 12, generator=gen)
    y = torch.randint(0, 3, (40,), generator=gen)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = torch.nn.Sequential(torch.nn.Linear(12, 6), torch.nn.ReLU(),
                                    torch.nn.Linear(6, 3))
    return model, x, y


def _flat(model) -> np.ndarray:
    return np.concatenate([p.detach().numpy().ravel() for p in model.parameters()])


def _reference_train_l1_prox(model, x, y, *, lr, lam, epochs, batch_size):
    import torch

    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    criterion = torch.nn.CrossEntropyLoss()
    for _ in range(epochs):
        for b in range(0, len(y), batch_size):
            loss = criterion(model(x[b:b + batch_size]), y[b:b + batch_size])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            with torch.no_grad():
                for p in model.parameters():
                    p.sub_(p.sign() * p.abs().clamp(max=lam))
    return model


@exercise(hints=(
    "The loop of the lecture: for each epoch, for each batch in order, a plain SGD step on the "
    "cross-entropy, and right after it the lecture's L1 step on every parameter.",
    "The L1 step moves each parameter towards 0 by lambda, but never past 0 (by at most its "
    "own size); it changes the parameters in place without gradient tracking. Return the "
    "model.",
))
def check_train_l1_prox(student: Callable[..., Any] | None) -> Verdict:
    """Run the student's ``train_l1_prox`` against the lecture's loop.

    ``train_l1_prox(model, x, y, *, lr, lam, epochs, batch_size)`` and the lecture's loop (SGD
    step, then the three-line proximal step on every parameter) run from the
    same small model, and compare the parameters they end with.
    """
    if student is None:
        return unanswered(None, "the function train_l1_prox")

    def run(fn, seed, lam, batch_size):
        model, x, y = _tiny_problem(seed)
        out = fn(model, x, y, lr=0.1, lam=lam, epochs=3, batch_size=batch_size)
        return None if out is None else _flat(model)

    cases = [{"seed": 0, "lam": 0.0, "batch_size": 10}, {"seed": 1, "lam": 0.01, "batch_size": 10},
             {"seed": 2, "lam": 0.05, "batch_size": 8}]
    return check_function(
        lambda seed, lam, batch_size: run(student, seed, lam, batch_size),
        lambda seed, lam, batch_size: run(_reference_train_l1_prox, seed, lam, batch_size),
        cases, name="train_l1_prox", rtol=1e-5, atol=1e-6,
        right="The proximal step after each SGD step is all the lecture's L1 training is.",
    )


def _reference_l2_weights_only(model, lam):
    return lam * sum((p ** 2).sum() for n, p in model.named_parameters() if n.endswith("weight"))


@exercise(hints=(
    "Go through the model's named parameters and add up the squares of those whose name ends "
    "in weight, times lambda. The output shows the penalty and the gradient it sends to the "
    "biases.",
    "Keep it a torch scalar built from the parameters (no conversion to a Python float), so "
    "that backward reaches the weights; a bias must get no gradient from it.",
))
def check_l2_weights_only(student: Callable[..., Any] | None) -> Verdict:
    r"""Run the student's ``l2_weights_only(model, lam)`` against the reference.

    The penalty is (:math:`\lambda\sum w^2` over the
    weights, biases left out) on three networks and compare with the reference, including that
    its gradient reaches no bias.
    """
    if student is None:
        return unanswered(None, "the function l2_weights_only")
    import torch

    def models():
        from regviz.models import make_model

        torch.manual_seed(0)
        return {"linear": torch.nn.Linear(5, 3), "mlp": make_model("mlp", seed=1),
                "convnet": make_model("convnet", seed=2)}

    def value(fn, name, lam):
        model = models()[name]
        out = fn(model, lam)
        if out is None:
            return None
        out.backward()
        bias_grad = sum(float(p.grad.abs().sum()) for n, p in model.named_parameters()
                        if n.endswith("bias") and p.grad is not None)
        return np.array([float(out.detach()), bias_grad])

    cases = [("linear", 0.1), ("mlp", 0.01), ("convnet", 0.001)]
    return check_function(
        lambda name, lam: value(student, name, lam),
        lambda name, lam: value(_reference_l2_weights_only, name, lam),
        cases, name="l2_weights_only", rtol=1e-5, atol=1e-8,
        right="The first number is the penalty, the second the gradient it sends to the biases: 0.",
    )


def _adam(w0, grad, *, lr, lam, wd, steps, betas=(0.9, 0.999), eps=1e-8):
    w = np.array(w0, dtype=float)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        g = grad(w) + 2 * lam * w
        w = w - lr * wd * w
        m = betas[0] * m + (1 - betas[0]) * g
        v = betas[1] * v + (1 - betas[1]) * g * g
        w = w - lr * (m / (1 - betas[0] ** t)) / (np.sqrt(v / (1 - betas[1] ** t)) + eps)
    return w


def _adam_cases():
    a = np.array([1.0, 10.0, 0.1])

    def quad(target, scale):
        return lambda w: scale * (w - target)

    return [
        {"w0": np.array([1.0, -2.0, 0.5]), "grad": quad(0.0, a), "steps": 5},
        {"w0": np.array([0.3, 0.3, 0.3]), "grad": quad(np.array([1.0, -1.0, 2.0]), a), "steps": 50},
        {"w0": np.zeros(3), "grad": quad(np.array([2.0, 0.0, -3.0]), 100 * a), "steps": 200},
    ]


@exercise(hints=(
    "Adam with the penalty in the loss: the gradient Adam sees is the data gradient plus the "
    "penalty's gradient; then the usual two moment averages, their bias correction, and the "
    "step.",
    "The penalty's gradient is 2 lambda w. Count the steps from 1 for the bias correction, and "
    "put epsilon outside the square root. The inputs shown are the start, the gradient "
    "function and the number of steps.",
))
def check_adam_l2(student: Callable[..., Any] | None, lam: float = 0.1,
                  lr: float = 0.01) -> Verdict:
    r"""Run the student's ``adam_l2`` against the reference on quadratic losses.

    ``adam_l2(w0, grad, *, lr, lam, steps)`` is Adam on the loss plus
    :math:`\lambda\sum w^2`, betas 0.9 / 0.999, eps 1e-8).
    """
    if student is None:
        return unanswered(None, "the function adam_l2")
    return check_function(
        lambda w0, grad, steps: student(w0, grad, lr=lr, lam=lam, steps=steps),
        lambda w0, grad, steps: _adam(w0, grad, lr=lr, lam=lam, wd=0.0, steps=steps),
        _adam_cases(), name="adam_l2", rtol=1e-6, atol=1e-9,
        right="The penalty's gradient 2*lam*w goes through Adam's division by sqrt(v).",
    )


@exercise(hints=(
    "AdamW keeps the decay out of Adam: Adam's moments see the data gradient only, and the "
    "weights shrink by their own fraction at every step.",
    "As torch does it: first shrink w by the learning rate times wd times w, then take Adam's "
    "step on the data gradient, with the same bias correction as in adam_l2.",
))
def check_adamw(student: Callable[..., Any] | None, wd: float = 0.2,
                lr: float = 0.01) -> Verdict:
    r"""Run the student's ``adamw`` against the reference on quadratic losses.

    ``adamw(w0, grad, *, lr, wd, steps)`` is torch's AdamW (: first
    :math:`w \leftarrow w - \eta\,\mathrm{wd}\,w`, then Adam's step on the data gradient alone).
    """
    if student is None:
        return unanswered(None, "the function adamw")
    return check_function(
        lambda w0, grad, steps: student(w0, grad, lr=lr, wd=wd, steps=steps),
        lambda w0, grad, steps: _adam(w0, grad, lr=lr, lam=0.0, wd=wd, steps=steps),
        _adam_cases(), name="adamw", rtol=1e-6, atol=1e-9,
        right="The decay lr*wd*w is taken outside Adam's division: every weight decays alike.",
    )


# ---------------------------------------------------------------------------------------------
# conceptual questions


#: Notebook 06's conceptual question (the "say why" of its third exercise, now checked).
WHY_BIASES: dict[str, tuple[bool, str]] = {
    "Biases have no gradient, so the penalty would not change them anyway":
        (False, "Biases get gradients like any parameter; the lecture's run penalizes them and "
                "they do shrink."),
    "Penalizing biases makes training diverge":
        (False, "Nothing diverges: the lecture's runs penalize every parameter and train "
                "fine; leaving biases out is about what the penalty means, not stability."),
    "A bias of exactly 0 removes its unit from the network, which L2 would do too often":
        (False, "A zero bias leaves the unit in place: its weights still carry the input. "
                "Nor does L2 set anything exactly to 0."),
    "Biases are too few to overfit much, and a bias shifts a unit's threshold instead of "
    "weighting an input, so shrinking it gives no sparsity in the inputs and only pulls each "
    "unit's threshold towards 0":
        (True, "A layer has one bias per unit against one weight per input and unit; a bias "
               "multiplies no input, so it cannot switch an input off, and shrinking it only "
               "biases where each unit turns on."),
    "Biases are already regularized by the batch size":
        (False, "The batch size changes the noise of the gradient, for weights and biases "
                "alike; it is no penalty on the biases."),
}


@exercise(hints=(
    "Count the parameters of a layer: how many weights, how many biases? And what does a "
    "bias multiply?",
    "Sparsity in the inputs means weights at 0 that cut an input off. Which kind of parameter "
    "is attached to an input?",
), expected=lambda: choice_answer(WHY_BIASES))
def check_why_biases(answer: Any) -> Verdict:
    """Multiple choice: why one usually leaves the biases out of the penalty."""
    return check_choice(answer, WHY_BIASES,
                        question="Why does one usually leave the biases out of the penalty?")


#: Notebook 07's conceptual question: the square-root runs' loss under Adam.
SQRT_PLATEAU: dict[str, tuple[bool, str]] = {
    "Because the data loss grows in proportion to lambda":
        (False, "The data loss stays of order one; it is the penalty term that is "
                "proportional to lambda."),
    "Because the weights grow without bound when lambda is large":
        (False, "The penalty pulls the weights towards 0; they do not grow, they rattle around "
                "small values whose square roots still add up."),
    "Because Adam's step has about the same size whatever the gradient's size, so the huge "
    "slope of the square root near 0 does not pull the weights to 0; they keep rattling at "
    "a size set by the learning rate, where the penalty is lambda times a sum of square roots":
        (True, "Adam divides by the gradient's own running size: near 0 the square root's "
               "slope is enormous, yet each step is about the learning rate. The weights "
               "cannot settle at 0, so the penalty term, proportional to lambda, dominates "
               "the loss."),
    "Because SGD and Adam compute the same step, so any optimizer plateaus there":
        (False, "SGD's step is proportional to the gradient, which is exactly the difference: "
                "with SGD the square root's slope would throw the weights far across 0."),
    "Because the square-root penalty is convex, so it has a floor above 0":
        (False, "It is not convex (p < 1), and its minimum is 0, at the weight 0; the floor "
                "comes from the optimizer, not the penalty."),
}


@exercise(hints=(
    "Section 5's plateau: how does the size of one Adam step depend on the size of the "
    "gradient?",
    "If the steps cannot shrink as the weights approach 0, where do the weights stay, and what "
    "is the penalty worth there?",
), expected=lambda: choice_answer(SQRT_PLATEAU))
def check_sqrt_plateau(answer: Any) -> Verdict:
    """Multiple choice: why the square-root runs' loss under Adam is proportional to lambda."""
    return check_choice(answer, SQRT_PLATEAU,
                        question="Under Adam, the Q&A's square-root runs settle at a loss "
                                 "roughly proportional to lambda. Why?")
