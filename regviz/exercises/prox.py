r"""Exercises of notebook 04: the prox of the nonnegative L1 penalty, an ISTA loop, the λ that
puts the half threshold where you want it, and why a proximal step gives exact zeros.
"""  # noqa: D205

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..dynamics import sparse_regression
from ..penalties import L1, Lp
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

__all__ = ["check_nonneg_prox", "check_ista", "check_half_threshold_lam", "check_why_prox_zeros",
           "WHY_PROX_ZEROS"]

#: The calls a student's ``nonneg_prox(z, t)`` is tried on: above, at and below the threshold,
#: negative inputs, t = 0, and an array.
NONNEG_INPUTS: tuple[tuple[Any, float], ...] = (
    (0.8, 0.3), (0.2, 0.3), (-0.8, 0.3), (0.3, 0.3), (-0.1, 0.0), (2.0, 0.0),
    (np.array([-1.5, -0.4, 0.0, 0.1, 0.5, 3.0]), 0.5),
)


def _nonneg_prox(z: Any, t: float) -> np.ndarray:
    """The better of the two candidates on x >= 0: the boundary 0 and the clipped vertex z - t."""
    z = np.asarray(z, dtype=float)
    out = np.empty(z.shape)
    for idx, zi in np.ndenumerate(z):
        # the objective is a parabola in x on [0, inf): its vertex z - t, or the endpoint 0
        candidates = np.array([0.0, max(zi - t, 0.0)])
        values = 0.5 * (candidates - zi) ** 2 + t * candidates
        out[idx] = candidates[np.argmin(values)]
    return out if out.shape else float(out)


@exercise(hints=(
    "Minimise one half (x minus z) squared plus t x over x at least 0: on that half-line the "
    "penalty is smooth, so first find where the slope vanishes, then ask whether that point "
    "is allowed.",
    "The slope vanishes at z minus t. If that is negative, the best allowed point is the "
    "boundary 0. A negative z always ends at 0, unlike the soft threshold of the table.",
))
def check_nonneg_prox(student: Callable[[Any, float], Any] | None) -> Verdict:
    r"""Run the student's ``nonneg_prox(z, t)``: the prox of :math:`t\,x` restricted to
    :math:`x \ge 0` (the nonnegative lasso's penalty), on numbers and an array, to 1e-12.

    :math:`\arg\min_{x \ge 0} \tfrac12(x - z)^2 + t\,x`, compared with the better of the two
    candidates (the boundary and the clipped stationary point).
    """  # noqa: D205
    return check_function(
        student, _nonneg_prox, NONNEG_INPUTS, name="nonneg_prox", rtol=0.0, atol=1e-12,
        right="It is the soft threshold with its negative branch cut off: every z below t, "
              "negative ones included, goes to exactly 0. That is the prox step of the "
              "nonnegative lasso.",
    )


def _ista_problem(seed: int) -> tuple[np.ndarray, np.ndarray]:
    X, y, _ = sparse_regression(30, 8, n_nonzero=3, noise=0.1, seed=seed)
    return X, y


def _ista_inputs() -> list[tuple[Any, ...]]:
    (X1, y1), (X2, y2) = _ista_problem(1), _ista_problem(2)
    return [(X1, y1, 0.1, 0.05, 1), (X1, y1, 0.1, 0.05, 200), (X2, y2, 0.5, 0.1, 100)]


def _ista_oracle(X, y, lam, lr, n_iter):
    return ista(X, y, L1(lam), lr=lr, n_iter=n_iter, tol=0.0, accelerated=False).w


@exercise(hints=(
    "Each iteration is two moves: a plain gradient step on the data term alone, then the "
    "prox of the L1 penalty (the soft threshold of the table) on the result. Start from all "
    "zeros.",
    "The data term's gradient is the transposed design matrix times the residual, divided by "
    "the number of rows. The soft threshold's t is the learning rate times lambda, not "
    "lambda alone.",
))
def check_ista(student: Callable[..., Any] | None) -> Verdict:
    r"""Run the student's ``ista(X, y, lam, lr, n_iter)`` against :func:`regviz.solvers.ista`.

    ``n_iter`` plain proximal-gradient steps on :math:`\frac{1}{2n}\|y - Xw\|^2 + \lambda\|w\|_1`
    from :math:`w = 0`: :math:`w \leftarrow \operatorname{soft}(w - \eta\,\tfrac1n X^\top(Xw - y),
    \eta\lambda)`. Compared to 1e-9 on small seeded lasso problems.
    """
    return check_function(
        student, _ista_oracle, _ista_inputs(), name="ista", rtol=1e-9, atol=1e-12,
        right="Three lines per step: the gradient of the data term, a step, a soft threshold.",
    )


def _half_threshold_lam(step: float = 0.2, tau: float = 0.8) -> float:
    """The λ at which L1/2's jump threshold for ``step`` is ``tau``, by bisection on λ."""
    lo, hi = 0.0, 1.0
    while Lp(0.5, hi).threshold(step) < tau:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if Lp(0.5, mid).threshold(step) < tau else (lo, mid)
    return 0.5 * (lo + hi)


@exercise(hints=(
    "The table of proximal operators gives L1/2's threshold as a function of t, the step "
    "times lambda. Set it equal to the threshold you want and solve for t, then for lambda.",
    "The threshold is three halves of t to the power two thirds: undo the factor, then raise "
    "to the power three halves to get t, and divide by the step.",
), expected=_half_threshold_lam)
def check_half_threshold_lam(answer: Any, step: float = 0.2, tau: float = 0.8) -> Verdict:
    r"""The :math:`\lambda` for which the :math:`L_{1/2}` prox with ``step`` sends every
    :math:`|z| \le \tau` to 0 and no larger one, to 0.1 %.

    :math:`\tau = \tfrac32 t^{2/3}` with :math:`t = step\,\lambda`; the check inverts it by
    bisection on :meth:`regviz.penalties.Lp.threshold`.
    """  # noqa: D205
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = _half_threshold_lam(step, tau)
    ok = close(answer, expected, rel=1e-3, abs_=0.0)
    wrong = ""
    if not ok and close(answer, expected * step, rel=1e-3, abs_=0.0):
        wrong = "That is t, the step times lambda; the question asks for lambda."
    elif not ok and close(answer, tau / step, rel=1e-3, abs_=0.0):
        wrong = "That would put L1's soft threshold at tau; L1/2's threshold has another form."
    return report(
        ok,
        f"lambda = (2 tau / 3)**(3/2) / step = {expected:.5g}: below that threshold 0 beats the "
        "nonzero local minimum, above it the prox jumps straight to a clearly nonzero value.",
        wrong,
    )


#: Notebook 04's conceptual question: why a proximal step gives exact zeros.
WHY_PROX_ZEROS: dict[str, tuple[bool, str]] = {
    "Because the prox uses a smaller step than the subgradient method":
        (False, "The two use the same step size; the difference is what is done with the "
                "penalty, not how far the step goes."),
    "Because the prox solves the one-weight problem exactly, and for |z| up to the threshold "
    "its exact minimiser is 0; a subgradient step only moves by a fixed amount and jumps "
    "across 0":
        (True, "The prox minimises one half (x - z) squared plus t|x| exactly: the kink of |x| "
               "at 0 absorbs every |z| up to t, so the answer is exactly 0 for a whole "
               "interval of z. A subgradient step moves by t times the sign of w and lands on "
               "0 only by luck."),
    "Because the prox rounds small weights to 0 with a tolerance":
        (False, "There is no tolerance: 0 is the exact minimiser of the prox's problem for "
                "every |z| up to the threshold."),
    "Because the L1 penalty is differentiable at 0 in the prox's problem":
        (False, "It is not differentiable at 0 in any problem; it is exactly that kink that "
                "makes 0 the minimiser for a whole interval of z."),
    "Because the prox is applied only to weights that are already small":
        (False, "It is applied to every weight at every step; it is its output that is 0 for "
                "the small ones."),
}


@exercise(hints=(
    "Compare the two maps of the subgradient-versus-prox section: for which inputs does each "
    "output exactly 0?",
    "The prox is the exact minimiser of a one-weight problem. What does the kink of the "
    "absolute value at 0 do to that minimiser for small inputs?",
), expected=lambda: choice_answer(WHY_PROX_ZEROS))
def check_why_prox_zeros(answer: Any) -> Verdict:
    """Multiple choice: why the proximal step gives exact zeros and the subgradient step not."""
    return check_choice(answer, WHY_PROX_ZEROS,
                        question="ISTA's iterates have exact zeros; subgradient descent's, with "
                                 "the same step, almost never. Why?")
