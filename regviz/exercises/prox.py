r"""Exercises of notebook 04: the soft threshold, an ISTA loop, the half threshold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..dynamics import sparse_regression
from ..penalties import L1, Lp, soft_threshold
from ..solvers import ista
from . import Verdict, check_function, close, report, unanswered

__all__ = ["check_soft_threshold", "check_ista", "check_half_threshold"]

#: The calls a student's ``soft_threshold(z, t)`` is tried on: inside, at and beyond the
#: threshold, both signs, an array, and t = 0.
SOFT_INPUTS: tuple[tuple[Any, float], ...] = (
    (0.8, 0.3), (-0.8, 0.3), (0.2, 0.3), (-0.3, 0.3), (2.0, 0.0),
    (np.array([-1.5, -0.4, 0.0, 0.1, 0.5, 3.0]), 0.5),
)


def check_soft_threshold(student: Callable[[Any, float], Any] | None) -> Verdict:
    r"""Run the student's ``soft_threshold(z, t)`` against :func:`regviz.penalties.soft_threshold`.

    :math:`\operatorname{prox}_{t|\cdot|}(z) = \arg\min_x \tfrac12(x - z)^2 + t|x|`, on scalars
    and on an array, to 1e-12.
    """
    return check_function(
        student, soft_threshold, SOFT_INPUTS, name="soft_threshold", rtol=0.0, atol=1e-12,
        right="A weight moves by at most its own size: it stops at 0 instead of crossing it.",
        hint="Three cases: z > t, z < -t, and |z| <= t. Write the minimiser of "
             "0.5*(x - z)**2 + t*|x| in each (np.sign and np.maximum do it without an if, and "
             "then arrays work too).",
    )


def _ista_problem(seed: int) -> tuple[np.ndarray, np.ndarray]:
    X, y, _ = sparse_regression(30, 8, n_nonzero=3, noise=0.1, seed=seed)
    return X, y


def _ista_inputs() -> list[tuple[Any, ...]]:
    (X1, y1), (X2, y2) = _ista_problem(1), _ista_problem(2)
    return [(X1, y1, 0.1, 0.05, 1), (X1, y1, 0.1, 0.05, 200), (X2, y2, 0.5, 0.1, 100)]


def _ista_oracle(X, y, lam, lr, n_iter):
    return ista(X, y, L1(lam), lr=lr, n_iter=n_iter, tol=0.0, accelerated=False).w


def check_ista(student: Callable[..., Any] | None) -> Verdict:
    r"""Run the student's ``ista(X, y, lam, lr, n_iter)`` against :func:`regviz.solvers.ista`.

    ``n_iter`` plain proximal-gradient steps on :math:`\frac{1}{2n}\|y - Xw\|^2 + \lambda\|w\|_1`
    from :math:`w = 0`: :math:`w \leftarrow \operatorname{soft}(w - \eta\,\tfrac1n X^\top(Xw - y),
    \eta\lambda)`. Compared to 1e-9 on small seeded lasso problems.
    """
    return check_function(
        student, _ista_oracle, _ista_inputs(), name="ista", rtol=1e-9, atol=1e-12,
        right="Three lines per step: the gradient of the data term, a step, a soft threshold.",
        hint="Start from w = np.zeros(X.shape[1]). Each step: grad = X.T @ (X @ w - y) / len(y), "
             "then w = soft_threshold(w - lr * grad, t) with the right t (the prox's threshold "
             "is the step times lambda).",
    )


def check_half_threshold(answer: Any, step: float = 0.1, lam: float = 1.0) -> Verdict:
    r"""The largest :math:`|z|` that the :math:`L_{1/2}` prox sends to exactly 0, to 0.1 %."""
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = Lp(0.5, lam).threshold(step)
    t = step * lam
    if close(answer, t, rel=1e-3, abs_=0.0):
        hint = "That is the soft threshold of L1; L1/2's threshold has another form (the table)."
    elif close(answer, (2 * t) ** 0.5, rel=1e-3, abs_=0.0):
        hint = "That is the hard threshold of L0; L1/2's threshold has another form (the table)."
    else:
        hint = ("Find the L1/2 row of the table of proximal operators, or read the dashed line "
                "of the L1/2 panel with t = step * lambda.")
    return report(
        close(answer, expected, rel=1e-3, abs_=0.0),
        f"tau = 1.5 * (step*lam)**(2/3) = {expected:.5g}: below it 0 beats the nonzero local "
        "minimum, above it the prox jumps straight to a value of size (step*lam)**(2/3).",
        hint,
    )
