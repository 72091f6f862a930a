r"""Exercises of notebook 02: convexity of the Lp ball, zeros at the contact point, a line."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..geometry import DEFAULT_LOSS, DEFAULT_RADIUS, contact_point, line_contact
from . import close, report

__all__ = ["check_convex_p", "check_zero_count", "check_line_contact"]


def check_convex_p(answer: Any) -> bool:
    r"""The smallest p for which the Lp unit ball is convex: 1."""
    return report(
        close(answer, 1.0, rel=0.0, abs_=1e-9),
        "p = 1: the midpoint of the chord from (1, 0) to (0, 1) has norm 2**(1/p - 1), which is "
        "<= 1 exactly when p >= 1, and for p >= 1 Minkowski's inequality keeps every chord "
        "inside. L1 is the convex penalty closest to counting nonzeros.",
        "Move the slider of the 2D ball and watch the chord: find where it stops leaving the "
        "set. Or compute the norm of the chord's midpoint (1/2, 1/2) as a function of p.",
    )


def _as_count(answer: Any) -> int | None:
    if isinstance(answer, bool):
        return None
    try:
        v = float(answer)
    except (TypeError, ValueError):
        return None
    return int(v) if math.isfinite(v) and v == int(v) else None


def check_zero_count(answer: Any, p: float = 0.5, radius: float = DEFAULT_RADIUS) -> bool:
    r"""Number of exact zeros of the contact point for ``p`` and ``radius`` (notebook's loss)."""
    con = contact_point(p, loss=DEFAULT_LOSS, radius=radius)
    expected = con.n_zeros
    pt = f"({con.point[0]:.4g}, {con.point[1]:.4g})"
    if con.inside:
        why = "the loss's own minimum is inside the ball, so nothing is pushed to 0"
    elif expected:
        why = "the level sets first touch the ball at its corner on the axis"
    else:
        why = "the level sets first touch the ball away from the axes"
    hint = f"Set p = {p:g} and r = {radius:g} on the constrained view and read the contact point"
    if p <= 1 and radius == DEFAULT_RADIUS:
        hint += "; for p <= 1 the ball sits inside the L1 diamond, sharing its corners"
    elif p <= 1:
        hint += ("; the corner (0, r) holds only while |dL/dw1| <= -dL/dw2 there, and the "
                 "gradient changes with r")
    return report(
        _as_count(answer) == expected,
        f"{expected} exact zero{'' if expected == 1 else 's'}: the contact point is {pt}; {why}.",
        hint + ".",
    )


def check_line_contact(
    answer: Any, a: Sequence[float] = (1.0, 2.0), b: float = 2.0, p: float = 1.0
) -> bool:
    r"""Where the growing Lp ball (default L1) first meets the line :math:`a\cdot w = b`."""
    expected = line_contact(a, b, p)
    try:
        got = np.asarray(answer, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        got = np.full(expected.shape, np.nan)
    ok = got.shape == expected.shape and bool(np.all(np.abs(got - expected) <= 1e-3))
    l2 = line_contact(a, b, 2.0)
    shown = tuple(np.round(expected, 4).tolist())
    if p <= 1:
        right = (f"w = {shown}: the ball grows until a corner touches the line, so the other "
                 f"coordinate is exactly 0. The L2 ball would touch at "
                 f"{tuple(np.round(l2, 4).tolist())}, with no zero.")
        hint = ("Grow the ball from t = 0: which corner on an axis reaches the line first? "
                "Compare the points where the line crosses the axes. Answer as a pair (w1, w2).")
    else:
        right = f"w = {shown}: the smooth ball touches the line off the axes."
        hint = ("Minimise ||w||_p on the line with a Lagrange multiplier (Hölder's inequality); "
                "answer as a pair (w1, w2).")
    return report(ok, right, hint)
