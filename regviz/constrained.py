r"""The constrained view of regularization: loss contours meeting the Lp ball.

Regularizing with :math:`\lambda\|w\|_p^p` is, by Lagrange duality, the same as minimizing the
loss over a ball :math:`\|w\|_p^p \le t`; the minimizer is where the growing level sets of
the loss first touch the ball. :func:`contact_point` computes it exactly, globally (also on the
nonconvex balls of :math:`p < 1`), for the elliptical quadratic losses of
:class:`QuadraticLoss`; :func:`penalty_multiplier` gives the :math:`\lambda` of that contact.
The balls themselves are :mod:`regviz.geometry`'s (which re-exports these names).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .geometry import _check_radius, check_p, lp_norm

__all__ = [
    "QuadraticLoss",
    "DEFAULT_LOSS",
    "DEFAULT_RADIUS",
    "Contact",
    "contact_point",
    "contact_path",
    "n_zeros",
    "penalty_multiplier",
    "line_contact",
]


# -- the constrained view ----------------------------------------------------------------------
@dataclass(frozen=True)
class QuadraticLoss:
    r"""Elliptical quadratic loss :math:`\mathcal L(w) = \tfrac12 (w - c)^\top A (w - c)` in 2D.

    :math:`A = R\,\mathrm{diag}(1/s_1^2, 1/s_2^2)\,R^\top`, with :math:`R` the rotation by
    ``angle`` (degrees): the level set :math:`\mathcal L = \ell` is the ellipse centred at ``c``
    with semi-axes :math:`s_i\sqrt{2\ell}` along the rotated axes. It stands for a data loss
    near its unregularized minimum ``c`` (a second-order Taylor expansion).

    Parameters
    ----------
    center : (float, float)
        The unconstrained minimizer :math:`c`.
    scales : (float, float)
        Semi-axes :math:`s_1, s_2` of the level set :math:`\mathcal L = 1/2`.
    angle : float
        Rotation of the first axis from the x axis, in degrees.
    """

    center: tuple[float, float] = (1.6, 2.2)
    scales: tuple[float, float] = (1.4, 0.5)
    angle: float = -30.0
    A: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        c = tuple(float(v) for v in self.center)
        s = tuple(float(v) for v in self.scales)
        if len(c) != 2 or not all(map(math.isfinite, c)):
            raise ValueError(f"center must be two finite numbers, got {self.center!r}")
        if len(s) != 2 or not all(math.isfinite(v) and v > 0 for v in s):
            raise ValueError(f"scales must be two finite numbers > 0, got {self.scales!r}")
        object.__setattr__(self, "center", c)
        object.__setattr__(self, "scales", s)
        object.__setattr__(self, "angle", float(self.angle))
        rot = self.rotation
        A = rot @ np.diag([1.0 / s[0] ** 2, 1.0 / s[1] ** 2]) @ rot.T
        object.__setattr__(self, "A", 0.5 * (A + A.T))

    @property
    def rotation(self) -> np.ndarray:
        """The rotation matrix :math:`R` (columns: the ellipse's axes)."""
        a = math.radians(self.angle)
        return np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])

    def value(self, w: Any) -> np.ndarray:
        r"""The loss :math:`\tfrac12 (w - c)^\top A (w - c)` over the last axis of ``w``."""
        d = np.asarray(w, dtype=float) - np.asarray(self.center)
        return 0.5 * np.einsum("...i,ij,...j->...", d, self.A, d)

    def grad(self, w: Any) -> np.ndarray:
        r""":math:`A (w - c)`, shape like ``w``."""
        d = np.asarray(w, dtype=float) - np.asarray(self.center)
        return d @ self.A  # A is symmetric

    def level_curve(self, level: float, *, n: int = 361) -> tuple[np.ndarray, np.ndarray]:
        r"""The ellipse :math:`\mathcal L(w) = \ell` as a closed curve ``(x, y)``."""
        s = np.linspace(0.0, 2.0 * np.pi, int(n))
        k = math.sqrt(2.0 * max(float(level), 0.0))
        local = np.stack([self.scales[0] * np.cos(s), self.scales[1] * np.sin(s)]) * k
        xy = self.rotation @ local + np.asarray(self.center)[:, None]
        return xy[0], xy[1]


#: The notebook's loss (the class's defaults): centred at (1.6, 2.2), semi-axes 1.4 and 0.5 with
#: the long one tilted -30° from the x axis. Its first contact with the balls of radius 1 is the
#: vertex (0, 1) for every p <= 1 (with a margin: -grad points 12° inside the vertex's cone of
#: normals), and off the axes for every p > 1: (0.52, 0.86) for p = 2, the corner (1, 1) for
#: p = inf. Checked in tests/test_geometry.py.
DEFAULT_LOSS = QuadraticLoss()
#: Radius of the ball in the constrained view.
DEFAULT_RADIUS = 1.0


@dataclass(frozen=True)
class Contact:
    r"""Where the loss's growing level sets first touch the ball (the constrained minimizer).

    Attributes
    ----------
    point : ndarray
        The minimizer :math:`w^\star`, shape ``(2,)``; coordinates on an axis are exactly 0.
    value : float
        :math:`\mathcal L(w^\star)`, the level of the touching ellipse.
    p, radius : float
        The ball.
    inside : bool
        True when the loss's own minimum is in the ball (then ``point`` is the center and the
        constraint does nothing).
    """

    point: np.ndarray
    value: float
    p: float
    radius: float
    inside: bool = False

    @property
    def n_zeros(self) -> int:
        """Number of coordinates that are exactly 0."""
        return n_zeros(self.point)


def n_zeros(w: Any) -> int:
    """Number of entries of ``w`` that are exactly 0."""
    return int(np.count_nonzero(np.asarray(w) == 0))


def _half_arc(t: np.ndarray, p: float) -> tuple[np.ndarray, ...]:
    r"""Unit-ball boundary from an axis to the diagonal, and its derivative: 0 < t <= pi/4.

    ``(a, b)`` is the point with ``a`` along the axis the arc starts from and ``b`` across it:
    :math:`(\cos^{2/p} t, \sin^{2/p} t)`, or :math:`(1, \tan t)` on the square. Measuring ``t``
    from the nearest axis keeps full floating-point resolution next to every axis.
    """
    c, s = np.cos(t), np.sin(t)
    if math.isinf(p):
        return np.ones_like(t), s / c, np.zeros_like(t), 1.0 / c**2
    e = 2.0 / p
    return c**e, s**e, -e * c ** (e - 1.0) * s, e * s ** (e - 1.0) * c


# The eight half-arcs: signs of (x, y), and whether the arc starts on the y axis (a <-> y).
_ARCS = [(sx, sy, swap) for sx, sy in ((1, 1), (-1, 1), (-1, -1), (1, -1)) for swap in (0, 1)]
_ARC_SX = np.array([a[0] for a in _ARCS], dtype=float)
_ARC_SY = np.array([a[1] for a in _ARCS], dtype=float)
_ARC_SWAP = np.array([a[2] for a in _ARCS], dtype=bool)


@functools.lru_cache(maxsize=8)
def _t_grid(n: int) -> np.ndarray:
    """Grid of (0, pi/4]: uniform, plus a geometric run down to 1e-60 next to the axis."""
    h = np.pi / 4
    uniform = np.linspace(0.0, h, int(n))[1:]
    near_axis = h * np.geomspace(1e-60, 1.0 / int(n), 120)
    return np.unique(np.concatenate([near_axis, uniform]))


def _arc_points(t, p, arc, r):
    """Points and d/dt on half-arcs ``arc`` (indices into _ARCS, broadcast against ``t``)."""
    a, b, da, db = _half_arc(t, p)
    swap = _ARC_SWAP[arc]
    x = r * _ARC_SX[arc] * np.where(swap, b, a)
    y = r * _ARC_SY[arc] * np.where(swap, a, b)
    dx = r * _ARC_SX[arc] * np.where(swap, db, da)
    dy = r * _ARC_SY[arc] * np.where(swap, da, db)
    return x, y, dx, dy


def _arc_slope(t, p, arc, r, loss):
    """d/dt of the loss along the half-arcs."""
    x, y, dx, dy = _arc_points(t, p, arc, r)
    (cx, cy), A = loss.center, loss.A
    ux, uy = x - cx, y - cy
    return (A[0, 0] * ux + A[0, 1] * uy) * dx + (A[1, 0] * ux + A[1, 1] * uy) * dy


def _arc_minima(p: float, r: float, loss: QuadraticLoss, n: int) -> np.ndarray:
    """Interior local minima of the loss along the eight half-arcs, to machine precision.

    Every grid interval where the slope goes from < 0 to >= 0 is narrowed by the Illinois
    variant of regula falsi (it keeps the root bracketed and converges superlinearly); a
    bracket that has not converged after 40 steps finishes by bisection.
    """
    t = _t_grid(n)
    arcs = np.arange(len(_ARCS))[:, None]
    slope = _arc_slope(t[None, :], p, arcs, r, loss)
    ok = np.isfinite(slope)
    k, i = np.nonzero(ok[:, :-1] & ok[:, 1:] & (slope[:, :-1] < 0) & (slope[:, 1:] >= 0))
    if k.size == 0:
        return np.zeros((0, 2))
    lo, hi = t[i], t[i + 1]
    f_lo, f_hi = slope[k, i], slope[k, i + 1]
    side = np.zeros(k.size)  # which end moved last: -1 lo, +1 hi
    with np.errstate(all="ignore"):
        lo, hi = _illinois(lo, hi, f_lo, f_hi, side, lambda x: _arc_slope(x, p, k, r, loss))
    root = 0.5 * (lo + hi)
    x, y, _, _ = _arc_points(root, p, k, r)
    return np.stack([x, y], axis=-1)


def _illinois(lo, hi, f_lo, f_hi, side, f):
    """Narrow brackets ``[lo, hi]`` with ``f(lo) < 0 <= f(hi)`` to adjacent floats."""
    for step in range(200):
        if step < 40:
            mid = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
            mid = np.where((mid > lo) & (mid < hi), mid, 0.5 * (lo + hi))
        else:
            mid = 0.5 * (lo + hi)
        f_mid = f(mid)
        right = f_mid >= 0  # the root is at or left of mid
        hi, lo = np.where(right, mid, hi), np.where(right, lo, mid)
        f_hi_new = np.where(right, f_mid, f_hi)
        f_lo_new = np.where(right, f_lo, f_mid)
        # Illinois: halve the stale end's value when the same end moves twice in a row
        f_lo_new = np.where(right & (side > 0), 0.5 * f_lo_new, f_lo_new)
        f_hi_new = np.where(~right & (side < 0), 0.5 * f_hi_new, f_hi_new)
        f_lo, f_hi, side = f_lo_new, f_hi_new, np.where(right, 1.0, -1.0)
        done = (f_mid == 0) | (hi - lo <= 4 * np.spacing(hi))
        lo = np.where(f_mid == 0, mid, lo)
        hi = np.where(f_mid == 0, mid, hi)
        if done.all():
            break
    return lo, hi


def contact_point(
    p: float,
    *,
    loss: QuadraticLoss = DEFAULT_LOSS,
    radius: float = DEFAULT_RADIUS,
    n_grid: int = 1025,
) -> Contact:
    r"""The global minimizer of ``loss`` over the Lp ball of ``radius``: the first contact point.

    If the loss's center is in the ball it is the answer. Otherwise the minimizer is on the
    boundary (a minimizer inside would be a stationary point of the loss, i.e. its center), and
    it is found exactly. The boundary is cut into eight arcs, each from an axis point to a
    diagonal point and parametrised as in :func:`ball_boundary_2d` by the angle :math:`t` from
    that axis; every sign change from - to + of :math:`\tfrac{d}{dt}\mathcal L(w(t))` on a fine
    grid (geometrically dense next to the axis) is narrowed to adjacent floating-point numbers.
    The four axis points and the four diagonal points are candidates of their own. The
    candidate of smallest loss wins, which makes this the *global* minimizer, also on the
    nonconvex balls of ``p < 1``. Where the boundary has a kink (the axis points for
    ``p <= 1``, the corners for ``p = inf``) the kink wins a tie to rounding, so a minimizer on
    an axis has an *exact* zero; for ``1 < p < inf`` the boundary is smooth there and a root
    next to the axis (say :math:`10^{-24}` from it for ``p = 1.06``) is kept as it is.

    Parameters
    ----------
    p : float
        Exponent, ``> 0``; ``math.inf`` for the square.
    loss : QuadraticLoss
        The loss (default :data:`DEFAULT_LOSS`).
    radius : float
        Radius :math:`r` of the ball; the constraint is :math:`\|w\|_p^p \le r^p`.
    n_grid : int
        Uniform grid points per half-arc for locating the stationary points.

    Returns
    -------
    Contact
    """
    p, r = check_p(p), _check_radius(radius)
    c = np.asarray(loss.center)
    if lp_norm(c, p) <= r:
        return Contact(point=c.copy(), value=0.0, p=p, radius=r, inside=True)
    axis_pts = r * np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    diag = 1.0 if math.isinf(p) else 2.0 ** (-1.0 / p)
    diag_pts = r * diag * np.array([[1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]])
    if math.isinf(p):
        kinks, others = diag_pts, axis_pts
    elif p <= 1:
        kinks, others = axis_pts, diag_pts
    else:
        kinks, others = np.zeros((0, 2)), np.concatenate([axis_pts, diag_pts])
    pts = np.concatenate([kinks, _arc_minima(p, r, loss, n_grid), others])
    values = loss.value(pts)
    best = int(np.argmin(values))
    ties = np.flatnonzero(values[: len(kinks)] <= values[best] + 1e-15 * max(1.0, values[best]))
    if ties.size:
        best = int(ties[0])
    return Contact(point=pts[best].copy(), value=float(values[best]), p=p, radius=r)


def contact_path(
    ps: Sequence[float], *, loss: QuadraticLoss = DEFAULT_LOSS, radius: float = DEFAULT_RADIUS
) -> np.ndarray:
    """The contact point for each p of ``ps``, shape ``(len(ps), 2)``."""
    return np.array([contact_point(p, loss=loss, radius=radius).point for p in ps])


def penalty_multiplier(contact: Contact, *, loss: QuadraticLoss = DEFAULT_LOSS) -> float:
    r"""The :math:`\lambda` for which the contact point also minimizes the penalised loss.

    The penalised loss is :math:`\mathcal L + \lambda\|w\|_p^p`; the condition is stationarity
    (sufficient for ``p >= 1``). On the nonzero coordinates,
    :math:`\partial_i\mathcal L(w^\star) + \lambda p\,\operatorname{sign}(w_i^\star)
    |w_i^\star|^{p-1} = 0`; the value from the largest coordinate is returned. For ``p = 1`` at
    a vertex this is the slope of the loss along the nonzero axis,
    and every other coordinate then satisfies :math:`|\partial_j\mathcal L| \le \lambda`, the
    lecture's condition for an exact zero. 0 when the constraint is inactive.

    Raises
    ------
    ValueError
        For ``p = inf``, which has no such penalty.
    """
    if math.isinf(contact.p):
        raise ValueError("p = inf has no penalty lambda*||w||_p^p; use a finite p")
    if contact.inside:
        return 0.0
    w, p = contact.point, contact.p
    i = int(np.argmax(np.abs(w)))
    g = loss.grad(w)[i]
    return float(-g / (p * np.sign(w[i]) * abs(w[i]) ** (p - 1.0)))


def line_contact(a: Sequence[float], b: float, p: float) -> np.ndarray:
    r"""Where the growing Lp ball first meets the line (hyperplane) :math:`a \cdot w = b`.

    The point of smallest :math:`\|w\|_p` on the line. For ``p <= 1`` it is the vertex on the
    axis of the largest :math:`|a_j|`, :math:`w = (b / a_j) e_j`: all other coordinates are
    exactly 0 (with a tie between axes the first is returned; then every point between the tied
    vertices is a minimizer for ``p = 1``). For ``1 < p < inf`` Hölder's inequality gives
    :math:`w_i = b\,\operatorname{sign}(a_i)|a_i|^{q-1} / \|a\|_q^q` with
    :math:`1/p + 1/q = 1`, no zero unless :math:`a_i = 0`; for ``p = inf``,
    :math:`w_i = b\,\operatorname{sign}(a_i) / \|a\|_1`.

    Raises
    ------
    ValueError
        If ``a`` is all zeros.
    """
    p = check_p(p)
    a = np.asarray(a, dtype=float)
    if not np.any(a != 0):
        raise ValueError(f"a must have a nonzero entry, got {a.tolist()}")
    b = float(b)
    w = np.zeros_like(a)
    if p <= 1:
        j = int(np.argmax(np.abs(a)))
        w[j] = b / a[j]
    elif math.isinf(p):
        w = b * np.sign(a) / np.sum(np.abs(a))
    else:
        q = p / (p - 1.0)
        m = np.max(np.abs(a))
        u = np.abs(a) / m  # scaled against overflow for large q
        w = b * np.sign(a) * u ** (q - 1.0) / (m * np.sum(u**q))
    return w
