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

from . import Verdict, check_function, close, report, unanswered

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
]


# ---------------------------------------------------------------------------------------------
# numbers


def check_best_lambda(answer: Any, result: Any, *, tolerance: float = 0.01) -> Verdict:
    """Check ``answer`` as the largest lambda with test error within ``tolerance`` of lambda = 0.

    The reference error is the row at lambda = 0 of ``result`` (a reproduction's
    :class:`~regviz.experiments.Result`, or its JSON dictionary).
    """
    if (v := unanswered(answer, "a value of lambda")) is not None:
        return v
    rows = result.rows if hasattr(result, "rows") else result["rows"]  # typed or JSON rows
    base = next(r["test_error"] for r in rows if r["lambda"] == 0)
    best = max(r["lambda"] for r in rows if r["test_error"] <= base + tolerance)
    return report(
        close(answer, best, rel=1e-9, abs_=1e-12),
        f"that lambda keeps the error within {tolerance} of the unregularized network.",
        "scan the rows from the largest lambda down; compare each test error with the "
        "lambda = 0 row plus the tolerance.",
    )


def check_weight_decay(answer: Any, lam: float = 0.003) -> Verdict:
    r"""Check ``answer`` as SGD's ``weight_decay`` equal to :math:`\lambda\sum w^2` in the loss."""
    if (v := unanswered(answer, "a number")) is not None:
        return v
    return report(
        close(answer, 2 * lam, rel=1e-9, abs_=1e-15),
        "the gradient of lam*w**2 is 2*lam*w, and torch adds weight_decay*w to the gradient.",
        "differentiate lam*w**2: torch adds weight_decay*w to the gradient.",
    )


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
        "write both objectives and divide ours by 2 to match Lasso's 1/(2n) factor.",
    )


def check_steps_to_zero(answer: Any, w: float = 0.02, lam: float = 1e-4) -> Verdict:
    r"""Steps of the lecture's L1 step that bring ``w`` to 0.

    The step is :math:`w \leftarrow w - \min(\lambda, |w|)\,\mathrm{sign}(w)`; with no
    data gradient it brings ``w`` to exactly 0 in :math:`\lceil |w|/\lambda\rceil` steps.
    """
    if (v := unanswered(answer, "a whole number of steps")) is not None:
        return v
    expected = math.ceil(abs(w) / lam - 1e-9)
    return report(
        close(answer, expected, rel=0.0, abs_=0.5),
        "each step removes lam, and the last one removes what is left, stopping at 0.",
        "how much does one step remove from |w| while |w| > lam? And what does the min(...) do "
        "at the last step?",
    )


def check_total_pull(answer: Any, *, n_train: int = 4000, batch_size: int = 200,
                     epochs: int = 20, lr: float = 0.01, lam: float = 0.01) -> Verdict:
    r"""Total distance the L1 penalty alone moves a weight over training.

    It is :math:`\eta\lambda` per step, times :math:`\lceil n/B\rceil` steps per epoch, times
    the epochs.
    """
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = lr * lam * math.ceil(n_train / batch_size) * epochs
    return report(
        close(answer, expected, rel=1e-6, abs_=1e-12),
        "the pull per step is lr*lam whatever the batch; a larger batch only means fewer steps "
        "per epoch, so less pull per epoch (and fewer data steps too).",
        "the gradient of lam*|w| is lam*sign(w), so one SGD step moves w by lr*lam. Count the "
        "steps: how many batches per epoch, how many epochs?",
    )


def check_sqrt_crossover(answer: Any, lam: float = 0.001, g: float = 0.01) -> Verdict:
    r"""The :math:`|w|` below which the pull of the square-root penalty beats a data gradient.

    For a data gradient ``g``: :math:`\lambda/(2\sqrt{|w|}) = g`, so :math:`|w| = (\lambda/(2g))^2`.
    """
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = (lam / (2 * g)) ** 2
    return report(
        close(answer, expected, rel=1e-3, abs_=0.0),
        "below it the penalty's slope grows past any data gradient, and a weight that gets there "
        "is pulled on to 0 and past it.",
        "differentiate lam*sqrt(|w|) for w > 0, set it equal to g and solve for w.",
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
        hint="visit the batches in order (for b in range(0, n, batch_size)); after each "
             "optimizer.step(), under torch.no_grad(), shrink every parameter by at most lam "
             "towards 0 without crossing it; return the model.",
    )


def _reference_l2_weights_only(model, lam):
    return lam * sum((p ** 2).sum() for n, p in model.named_parameters() if n.endswith("weight"))


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
        hint="loop over model.named_parameters() and keep the names that end in 'weight'; return "
             "a torch scalar (not a float), so that backward() reaches the weights. The output "
             "shows [penalty, total |gradient| on the biases].",
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
        hint="add 2*lam*w to the gradient, then do Adam's update with bias correction: "
             "m/(1-b1**t) over sqrt(v/(1-b2**t)) + eps, t counted from 1. The inputs shown are "
             "w0, the gradient function, and the number of steps.",
    )


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
        hint="the gradient Adam sees is the data gradient only; shrink w by the factor "
             "(1 - lr*wd) before Adam's update, as torch.optim.AdamW does.",
    )
