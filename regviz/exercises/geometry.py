r"""Exercises of notebook 02: the Lp norm, zeros at the contact point, a ball meeting a line."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..geometry import DEFAULT_LOSS, DEFAULT_RADIUS, contact_point, line_contact, lp_norm
from . import Verdict, check_function, report, unanswered

__all__ = ["check_lp_norm", "check_zero_count", "check_line_contact"]

#: The calls a student's ``lp_norm(w, p)`` is tried on: norms, a quasi-norm, the max norm.
NORM_INPUTS: tuple[tuple[Any, float], ...] = (
    (np.array([3.0, 4.0]), 2.0),
    (np.array([1.0, -1.0]), 1.0),
    (np.array([0.5, -2.0, 1.0]), math.inf),
    (np.array([1.0, 1.0]), 0.5),
    (np.array([1.0, 2.0, 3.0]), 3.0),
    (np.array([0.25, 0.0, -0.25]), 0.5),
    (np.array([-2.0, 0.5]), math.inf),
)


def check_lp_norm(student: Callable[[np.ndarray, float], Any] | None) -> Verdict:
    r"""Run the student's ``lp_norm(w, p)`` against :func:`regviz.geometry.lp_norm`.

    :math:`\|w\|_p = (\sum_i |w_i|^p)^{1/p}` for a 1D array ``w``, and
    :math:`\max_i |w_i|` for ``p = math.inf``; checked to a relative 1e-9.
    """
    return check_function(
        student, lp_norm, NORM_INPUTS, name="lp_norm", rtol=1e-9, atol=1e-12,
        right="The unit ball is then simply {w : lp_norm(w, p) <= 1}.",
        hint="Take absolute values first, raise them to the power p, sum, and take the 1/p-th "
             "power; p = math.inf needs its own branch (math.isinf(p)).",
    )


def _as_count(answer: Any) -> int | None:
    if isinstance(answer, bool):
        return None
    try:
        v = float(answer)
    except (TypeError, ValueError):
        return None
    return int(v) if math.isfinite(v) and v == int(v) else None


def check_zero_count(answer: Any, p: float = 0.5, radius: float = DEFAULT_RADIUS) -> Verdict:
    r"""Number of exact zeros of the contact point for ``p`` and ``radius`` (notebook's loss)."""
    if (v := unanswered(answer, "a whole number of coordinates, 0, 1 or 2")) is not None:
        return v
    con = contact_point(p, loss=DEFAULT_LOSS, radius=radius)
    expected = con.n_zeros
    pt = f"({con.point[0]:.4g}, {con.point[1]:.4g})"
    if con.inside:
        why = "the loss's own minimum is inside the ball, so nothing is pushed to 0"
    elif expected:
        why = "the level sets first touch the ball at its tip on the axis"
    else:
        why = "the level sets first touch the ball away from the axes"
    hint = (f"Set p = {p:g} and r = {radius:g} on the constrained view and read the contact "
            "point's coordinates in the readout")
    if p < 1:
        hint += ("; the p < 1 ball is not the L1 diamond: its tips are sharper, so compare it "
                 "with what the diamond does at the same radius rather than copying it")
    return report(
        _as_count(answer) == expected,
        f"{expected} exact zero{'' if expected == 1 else 's'}: the contact point is {pt}; {why}.",
        hint + ".",
    )


def check_line_contact(
    answer: Any, a: Sequence[float] = (1.0, 2.0), b: float = 2.0, p: float = 1.0
) -> Verdict:
    r"""Where the growing Lp ball (default L1) first meets the line :math:`a\cdot w = b`."""
    if (v := unanswered(answer, "a pair (w1, w2)")) is not None:
        return v
    expected = line_contact(a, b, p)
    try:
        got = np.asarray(answer, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        got = np.full(expected.shape, np.nan)
    ok = got.shape == expected.shape and bool(np.all(np.abs(got - expected) <= 1e-3))
    shown = tuple(np.round(expected, 4).tolist())
    if p <= 1:
        l2 = tuple(np.round(line_contact(a, b, 2.0), 4).tolist())
        right = (f"w = {shown}: the ball grows until a corner touches the line, so the other "
                 f"coordinate is exactly 0. The L2 ball would touch at {l2}, with no zero.")
        hint = ("Grow the ball from t = 0: the first point of the line it reaches is one of its "
                "corners, on an axis. Find where the line crosses each axis; which crossing has "
                "the smaller norm? Answer as a pair (w1, w2).")
    else:
        right = f"w = {shown}: the smooth ball touches the line off the axes."
        hint = ("Minimise ||w||_p on the line with a Lagrange multiplier (Hölder's inequality); "
                "answer as a pair (w1, w2).")
    return report(ok, right, hint)
