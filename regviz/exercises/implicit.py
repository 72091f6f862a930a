r"""Exercises of notebook 11: the minimum-norm interpolant in a few lines, early stopping's
exact factor on one direction, and why double descent peaks where it does.

Each check gives tiered hints with no code: the first wrong answer gets hint 1 (the idea), the
second and later ones hint 2 (narrower); :func:`hint` shows either on request.
"""  # noqa: D205

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .. import implicit
from . import Verdict, check_function, close, report, unanswered

__all__ = ["HINTS", "PEAK_OPTIONS", "hint", "check_min_norm", "check_gd_factor",
           "check_peak_reason"]

#: Two hints per exercise: the idea, then a narrower one. Words only, never code.
HINTS: dict[str, tuple[str, str]] = {
    "min_norm": (
        "Gradient descent from 0 only ever moves w inside the row space of X, so the solution "
        "it finds is X transposed times some vector a with one entry per data point. Which "
        "equation must a satisfy for w to fit every point?",
        "Writing w as X transposed times a, the condition that w fits every point becomes an "
        "n × n linear system whose matrix is X times its transpose. Solve it for a (a linear "
        "solve, not an inverse), then multiply by X transposed.",
    ),
    "gd_factor": (
        "In the singular basis each coordinate evolves on its own: every step multiplies its "
        "distance to the least-squares value by the same number. Which number, for a direction "
        "whose s²/n is 0.5, with a step of 0.1?",
        "That number is 1 − η s²/n. After t steps the remaining distance is its t-th power (from "
        "a start at 0 the distance starts at the whole least-squares value), and the factor is "
        "1 minus that remaining share. Use the exact power, not the exponential approximation.",
    ),
    "peak_reason": (
        "Look at the right panel of the double-descent slider as you cross the threshold: "
        "which number in the min-norm solution's formula (a sum over the singular directions of "
        "u_jᵀy divided by s_j, times v_j) misbehaves?",
        "The training error is already 0 there, and the fit has a closed form (no training to "
        "converge). What happens to the smallest singular value of a random n × N matrix when "
        "N reaches n, and what does dividing the noise by it do?",
    ),
}

#: The options of the conceptual question: option -> (right?, why).
PEAK_OPTIONS: dict[str, tuple[bool, str]] = {
    "a": (True, "At width = n_train the feature matrix is square; its smallest singular value "
                "is close to 0, and the min-norm fit divides the noise along that direction by "
                "it. Ridge adds 2nλ to s², so it never divides by a tiny number."),
    "b": (False, "The widest models have ten times more parameters than the one at the peak and "
                 "a far lower test error: the count of parameters alone does not explain a "
                 "peak."),
    "c": (False, "The training error is 0 from the threshold on (the fit interpolates): the "
                 "peak is in the test error while the training error is at its lowest."),
    "d": (False, "Every seed peaks at the same width, and the peak moves with n_train: it is "
                 "set by the number of training points, not by an unlucky draw of features."),
    "e": (False, "The min-norm fit is computed in closed form (through the SVD): nothing is "
                 "trained, so nothing can have failed to converge."),
}

_attempts: dict[str, int] = {}


def hint(name: str, level: int = 1) -> str:
    """Print and return hint ``level`` (1 or 2) of exercise ``name`` (a key of :data:`HINTS`)."""
    if name not in HINTS:
        raise ValueError(f"name must be one of {sorted(HINTS)}, got {name!r}")
    if level not in (1, 2):
        raise ValueError(f"level must be 1 or 2, got {level!r}")
    text = HINTS[name][level - 1]
    print(f"Hint {level}: {text}")
    return text


def _tiered(name: str, ok: bool, right: str, detail: str = "") -> Verdict:
    """Report, with hint 1 on the first wrong answer and hint 2 from the second on."""
    if ok:
        _attempts.pop(name, None)
        return report(True, right, "")
    _attempts[name] = _attempts.get(name, 0) + 1
    level = min(_attempts[name], 2)
    return report(False, "", f"{detail} Hint {level}: {HINTS[name][level - 1]}".strip())


def _min_norm_inputs() -> list[tuple]:
    rng = np.random.default_rng(11)
    return [(rng.standard_normal((n, d)), rng.standard_normal(n))
            for n, d in ((3, 5), (8, 20), (20, 200), (1, 4))]


def check_min_norm(student: Callable | None) -> Verdict:
    r"""The student's ``min_norm_solution(X, y)`` for :math:`n < d` (full row rank): the
    interpolant of least norm :math:`X^\top (XX^\top)^{-1} y`, against
    :func:`regviz.implicit.min_norm` (the SVD's pseudo-inverse) on random problems.
    """  # noqa: D205
    if student is None:
        return unanswered(None, "the function min_norm_solution")
    v = check_function(student, implicit.min_norm, _min_norm_inputs(),
                       name="min_norm_solution", rtol=1e-7, atol=1e-9,
                       right="It is the pseudo-inverse's answer, and the point gradient descent "
                             "from 0 converges to.")
    if v or v.message.startswith("Not answered"):
        return v
    return _tiered("min_norm", False, "", v.message.removeprefix("Not yet. "))


def check_gd_factor(answer: Any, *, s2_over_n: float = 0.5, lr: float = 0.1,
                    t: int = 30) -> Verdict:
    r"""The exact factor of gradient descent from 0 on one direction after ``t`` steps:
    :math:`1 - (1 - \eta s^2/n)^t`, to 1e-3.
    """  # noqa: D205
    if (v := unanswered(answer, "a number")) is not None:
        return v
    expected = implicit.gd_factor(s2_over_n, lr, t)
    x = lr * t * s2_over_n
    return _tiered(
        "gd_factor", close(answer, expected, rel=1e-3, abs_=1e-3),
        f"{expected:.4f}. Ridge at the matched λ = 1/(2ηt) gives x/(1 + x) = "
        f"{implicit.ridge_factor(x):.4f} with x = ηts²/n = {x:g}: stopping keeps more of this "
        f"direction, as it does of every direction.")


def check_peak_reason(answer: Any) -> Verdict:
    """Why the min-norm test error peaks at width = n_train: one letter of :data:`PEAK_OPTIONS`."""
    if (v := unanswered(answer, 'one letter, "a" to "e"')) is not None:
        return v
    key = str(answer).strip().lower().strip("()")
    if key not in PEAK_OPTIONS:
        return report(False, "", f"Answer with one of {', '.join(sorted(PEAK_OPTIONS))}.")
    ok, why = PEAK_OPTIONS[key]
    return _tiered("peak_reason", ok, why, why)
