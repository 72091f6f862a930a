r"""Exercises of notebook 11: the minimum-norm interpolant in a few lines, early stopping's
exact factor on one direction, and why double descent peaks where it does.
"""  # noqa: D205

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .. import implicit
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

__all__ = ["check_min_norm", "check_gd_factor", "check_peak_reason", "PEAK_REASON"]


def _min_norm_inputs() -> list[tuple]:
    rng = np.random.default_rng(11)
    return [(rng.standard_normal((n, d)), rng.standard_normal(n))
            for n, d in ((3, 5), (8, 20), (20, 200), (1, 4))]


@exercise(hints=(
    "Gradient descent from 0 only ever moves w inside the row space of X, so the solution it "
    "finds is X transposed times some vector a with one entry per data point. Which equation "
    "must a satisfy for w to fit every point?",
    "Writing w as X transposed times a, the condition that w fits every point becomes an "
    "n × n linear system whose matrix is X times its transpose. Solve it for a (a linear "
    "solve, not an inverse), then multiply by X transposed.",
))
def check_min_norm(student: Callable | None) -> Verdict:
    r"""The student's ``min_norm_solution(X, y)`` for :math:`n < d` (full row rank): the
    interpolant of least norm :math:`X^\top (XX^\top)^{-1} y`, against
    :func:`regviz.implicit.min_norm` (the SVD's pseudo-inverse) on random problems.
    """  # noqa: D205
    return check_function(student, implicit.min_norm, _min_norm_inputs(),
                          name="min_norm_solution", rtol=1e-7, atol=1e-9,
                          right="It is the pseudo-inverse's answer, and the point gradient "
                                "descent from 0 converges to.")


def _gd_factor(s2_over_n: float = 0.5, lr: float = 0.1, t: int = 30) -> float:
    return implicit.gd_factor(s2_over_n, lr, t)


@exercise(hints=(
    "In the singular basis each coordinate evolves on its own: every step multiplies its "
    "distance to the least-squares value by the same number. Which number, for a direction "
    "whose s²/n is {s2_over_n}, with a step of {lr}?",
    "That number is 1 − η s²/n. After {t} steps the remaining distance is its power {t} (from a "
    "start at 0 the distance starts at the whole least-squares value), and the factor is 1 "
    "minus that remaining share. Use the exact power, not the exponential approximation.",
), expected=_gd_factor)
def check_gd_factor(answer: Any, s2_over_n: float = 0.5, lr: float = 0.1,
                    t: int = 30) -> Verdict:
    r"""The exact factor of gradient descent from 0 on one direction after ``t`` steps:
    :math:`1 - (1 - \eta s^2/n)^t`, to 1e-3.
    """  # noqa: D205
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = _gd_factor(s2_over_n, lr, t)
    x = lr * t * s2_over_n
    ok = close(answer, expected, rel=1e-3, abs_=1e-3)
    wrong = ""
    if not ok and close(answer, implicit.stopping_factor(x), rel=1e-3, abs_=1e-3):
        wrong = "That is the small-step approximation 1 − e^(−x), not the exact factor."
    elif not ok and close(answer, implicit.ridge_factor(x), rel=1e-3, abs_=1e-3):
        wrong = "That is ridge's factor at the matched λ, not gradient descent's."
    return report(ok, f"{expected:.4f}. Ridge at the matched λ = 1/(2ηt) gives x/(1 + x) = "
                      f"{implicit.ridge_factor(x):.4f} with x = ηts²/n = {x:g}: stopping keeps "
                      f"more of this direction, as it does of every direction.", wrong)


#: Why the min-norm test error peaks at width = n_train: option -> (right?, why).
PEAK_REASON: dict[str, tuple[bool, str]] = {
    "The feature matrix is square there, its smallest singular value is near 0, and the fit "
    "divides the noise along that direction by it": (
        True, "the min-norm fit is a sum of (u_jᵀy / s_j) v_j, so the noise is amplified by "
              "1/s_min. Ridge adds 2nλ to s², so it never divides by a tiny number."),
    "The model has the most parameters there": (
        False, "the widest models have ten times more parameters than the one at the peak and "
               "a far lower test error: the count of parameters alone does not make a peak."),
    "The training error is largest there": (
        False, "the training error is 0 from the threshold on (the fit interpolates): the peak "
               "is in the test error while the training error is at its lowest."),
    "The random features happen to be poor at that width; another draw would put the peak "
    "elsewhere": (
        False, "every seed peaks at the same width, and the peak moves with n_train: it is set "
               "by the number of training points, not by an unlucky draw of features."),
    "Gradient descent has not converged there": (
        False, "the min-norm fit is computed in closed form (through the SVD): nothing is "
               "trained, so nothing can have failed to converge."),
}


def _peak_letter() -> str:
    return choice_answer(PEAK_REASON)


@exercise(hints=(
    "Watch the right panel of the double-descent slider as you cross the threshold: which "
    "number in the min-norm solution's formula (a sum over the singular directions of u_jᵀy "
    "divided by s_j, times v_j) misbehaves?",
    "The training error is already 0 there, and the fit has a closed form (no training to "
    "converge). What happens to the smallest singular value of a random n × N matrix when N "
    "reaches n, and what does dividing the noise by it do?",
), expected=_peak_letter)
def check_peak_reason(answer: Any) -> Verdict:
    """Why the min-norm test error peaks at width = n_train: one letter of :data:`PEAK_REASON`."""
    return check_choice(answer, PEAK_REASON,
                        question="Why does the minimum-norm test error peak at width = n_train?")
