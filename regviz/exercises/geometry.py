r"""Exercises of notebook 02: the Lp norm, how long the L1 contact stays on a corner, where a
growing ball meets a line, and why the L1 ball gives zeros.
"""  # noqa: D205

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..geometry import DEFAULT_LOSS, QuadraticLoss, contact_point, line_contact, lp_norm
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

__all__ = ["check_lp_norm", "check_corner_radius", "check_line_contact", "check_why_corners",
           "WHY_CORNERS"]

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


@exercise(hints=(
    "Follow the definition from the inside out: absolute values, the power p, the sum, then "
    "the power one over p. The max norm is the limit as p grows and needs its own case.",
    "Negative entries are why the absolute value comes first. Infinity is a float in Python, "
    "so test for it before using p as an exponent.",
))
def check_lp_norm(student: Callable[[np.ndarray, float], Any] | None) -> Verdict:
    r"""Run the student's ``lp_norm(w, p)`` against :func:`regviz.geometry.lp_norm`.

    :math:`\|w\|_p = (\sum_i |w_i|^p)^{1/p}` for a 1D array ``w``, and
    :math:`\max_i |w_i|` for ``p = math.inf``; checked to a relative 1e-9.
    """
    return check_function(
        student, lp_norm, NORM_INPUTS, name="lp_norm", rtol=1e-9, atol=1e-12,
        right="The unit ball is then simply {w : lp_norm(w, p) <= 1}.",
    )


def _corner_radius(center: Sequence[float] = (2.6, 1.2), angle: float = 30.0) -> float:
    """The largest radius at which the L1 contact point is on an axis, by bisection."""
    loss = QuadraticLoss(center=tuple(center), scales=DEFAULT_LOSS.scales, angle=angle)
    lo, hi = 1e-3, 10.0
    if contact_point(1.0, loss=loss, radius=lo).n_zeros != 1 or \
            contact_point(1.0, loss=loss, radius=hi).n_zeros != 0:
        raise ValueError(f"center, angle: the L1 contact of this loss does not start on a corner "
                         f"and leave it, got center={center!r}, angle={angle!r}")
    while hi - lo > 1e-9:
        mid = 0.5 * (lo + hi)
        if contact_point(1.0, loss=loss, radius=mid).n_zeros:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


@exercise(hints=(
    "Section 'The budget matters' gives the condition for the corner (0, r). This loss's "
    "contact starts on the other corner, (r, 0): swap the roles of the two coordinates in the "
    "condition, then write both slopes as functions of r.",
    "The gradient of the quadratic loss at (r, 0) is A times the difference between that "
    "point and the centre, linear in r; the corner stops being the contact at the r where the "
    "two slopes have equal size. Build the loss with the given centre and angle (the scales "
    "stay the notebook's) and use its matrix A.",
), expected=_corner_radius)
def check_corner_radius(answer: Any, center: Sequence[float] = (2.6, 1.2),
                        angle: float = 30.0) -> Verdict:
    r"""The largest radius :math:`r` at which the L1 ball's contact with the quadratic loss of
    ``center`` and ``angle`` (the notebook's scales) is a corner, to 1e-3.

    For the corner :math:`(r, 0)` the condition is :math:`|\partial_2\mathcal L(r, 0)| \le
    -\partial_1\mathcal L(r, 0)`; the gradient is affine in :math:`r`, so equality gives the
    answer. The check finds it independently by bisection on
    :func:`regviz.geometry.contact_point`.
    """  # noqa: D205
    if (v := unanswered(answer, "a radius")) is not None:
        return v
    expected = _corner_radius(center, angle)
    ok = close(answer, expected, rel=0.0, abs_=1e-3)
    wrong = ""
    if not ok and close(answer, _corner_radius((1.6, 2.2), -30.0), rel=0.0, abs_=1e-3):
        wrong = "That is the radius of the notebook's loss; this one has another centre and angle."
    elif not ok and close(answer, expected, rel=0.0, abs_=0.05):
        wrong = ("Close, but not to three decimals: the slider's steps only bracket it. Use the "
                 "condition at the corner instead.")
    return report(
        ok,
        f"r = {expected:.4f}: below it the diamond's corner on the w1 axis is the best point of "
        "the ball (w2 exactly 0); above it the loss's pull along w2 wins and the contact slides "
        "along an edge.",
        wrong,
    )


def _line_contact(a: Sequence[float] = (2.0, 3.0), b: float = 2.0, p: float = 2.0) -> tuple:
    return tuple(float(v) for v in line_contact(a, b, p))


@exercise(hints=(
    "The first point of the line a growing disc touches is the point of the line closest to "
    "the origin.",
    "At that point the radius is perpendicular to the line, so the point is a multiple of the "
    "line's normal vector a; the line's equation fixes the multiple.",
), expected=_line_contact)
def check_line_contact(
    answer: Any, a: Sequence[float] = (2.0, 3.0), b: float = 2.0, p: float = 2.0
) -> Verdict:
    r"""Where the growing Lp ball first meets the line :math:`a\cdot w = b`, to 1e-3."""
    if (v := unanswered(answer, "a pair (w1, w2)")) is not None:
        return v
    expected = line_contact(a, b, p)
    try:
        got = np.asarray(answer, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        got = np.full(expected.shape, np.nan)
    ok = got.shape == expected.shape and bool(np.all(np.abs(got - expected) <= 1e-3))
    shown = tuple(np.round(expected, 4).tolist())
    l1 = tuple(np.round(line_contact(a, b, 1.0), 4).tolist())
    wrong = ""
    if not ok and got.shape == expected.shape and np.allclose(got, l1, atol=1e-3):
        wrong = "That is where the L1 diamond touches it, at a corner; the disc has no corners."
    elif not ok and got.shape == expected.shape and abs(float(np.dot(a, got)) - b) > 1e-3:
        wrong = "That point is not on the line."
    return report(
        ok,
        f"w = {shown}: a multiple of a, with no zero coordinate. The L1 diamond would touch at "
        f"the corner {l1}, on an axis.",
        wrong,
    )


#: Notebook 02's conceptual question: why the constrained L1 solution has zeros.
WHY_CORNERS: dict[str, tuple[bool, str]] = {
    "The L1 ball is smaller than the L2 ball of the same radius":
        (False, "A smaller ball of the same round shape would still be touched off the axes; "
                "size changes where the contact is, not whether a coordinate is 0."),
    "The L1 penalty is convex":
        (False, "So is the L2 penalty, whose contact point has no zero; convexity is not what "
                "makes zeros."),
    "The L1 ball has corners on the axes, and for a whole open range of losses the first "
    "contact of the level sets with the ball is a corner":
        (True, "At a corner the ball has a whole cone of normals, so many different loss "
               "gradients are balanced there; a smooth ball has a single normal at each point, "
               "and the axis point wins only if the gradient points exactly along it."),
    "The loss's minimum lies on an axis":
        (False, "The notebook's loss has its centre at (1.6, 2.2), on no axis, and the L1 "
                "contact is still on an axis."),
    "Rounding errors of the solver push small coordinates to 0":
        (False, "The zero is exact in the geometry itself; the contact point is computed "
                "exactly, and ISTA lands on the same corner."),
}


@exercise(hints=(
    "Compare the diamond and the disc where they cross an axis: what does each look like "
    "there?",
    "Think of the directions of loss gradients that a point of the ball can balance: one "
    "direction at a smooth point, a whole range of them at a corner.",
), expected=lambda: choice_answer(WHY_CORNERS))
def check_why_corners(answer: Any) -> Verdict:
    """Multiple choice: why the L1-constrained minimiser has exact zeros."""
    return check_choice(answer, WHY_CORNERS,
                        question="Why is a coordinate of the L1-constrained minimiser exactly 0 "
                                 "for so many losses, when the L2 one almost never is?")
