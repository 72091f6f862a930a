r"""Lp unit balls in 2D and 3D, convexity; the constrained view is :mod:`regviz.constrained`'s.

The Lp ball of radius :math:`r` is

.. math:: B_p(r) = \{w : \|w\|_p \le r\} = \{w : \textstyle\sum_i |w_i|^p \le r^p\},
          \qquad \|w\|_\infty = \max_i |w_i| ,

for any :math:`p > 0` (for :math:`p < 1`, :math:`\|\cdot\|_p` is only a quasi-norm and the ball
is not convex). Regularizing with :math:`\lambda\|w\|_p^p` is, by Lagrange duality, the same as
minimizing the loss over such a ball,

.. math:: \min_w \mathcal L(w) \quad \text{s.t.} \quad \|w\|_p^p \le t = r^p ,

and the minimizer is where the growing level sets of :math:`\mathcal L` first touch the ball:
:func:`regviz.constrained.contact_point` computes it exactly, globally (also on the nonconvex
balls of :math:`p < 1`), for the elliptical quadratic losses of ``QuadraticLoss``; those names
are importable from here too.

Everything accepts ``p = math.inf`` (the square / cube of the max norm).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._arrays import check_param

__all__ = [
    "check_p",
    "lp_norm",
    "in_ball",
    "is_convex",
    "ball_volume",
    "ball_boundary_2d",
    "ball_surface_3d",
    "surface_quads",
    "Chord",
    "chord",
]


def check_p(p: Any) -> float:
    """Validate an exponent: a number ``> 0``, ``math.inf`` allowed; return it as a float.

    Raises
    ------
    ValueError
        If ``p`` is not a number, is NaN, or is ``<= 0``.
    """
    return check_param("p", p, positive=True, allow_inf=True)


def _check_radius(radius: Any) -> float:
    return check_param("radius", radius, positive=True)


def lp_norm(w: Any, p: float, *, axis: int = -1) -> np.ndarray:
    r"""The Lp (quasi-)norm along ``axis``: :math:`(\sum_i |w_i|^p)^{1/p}`, or :math:`\max_i|w_i|`.

    For ``p < 1`` this is not a norm (the triangle inequality fails), which is exactly why the
    ball is not convex. Computed with the largest entry factored out, so it neither overflows
    nor underflows for tiny ``p``.
    """
    p = check_p(p)
    a = np.abs(np.asarray(w, dtype=float))
    m = np.max(a, axis=axis, keepdims=True)
    if math.isinf(p):
        return np.squeeze(m, axis=axis)
    safe = np.where(m == 0, 1.0, m)
    s = np.sum((a / safe) ** p, axis=axis, keepdims=True)
    return np.squeeze(np.where(m == 0, 0.0, safe * s ** (1.0 / p)), axis=axis)


def in_ball(w: Any, p: float, *, radius: float = 1.0, axis: int = -1) -> np.ndarray:
    r"""True where :math:`\|w\|_p \le r` (compared without taking the root: exact on the axes)."""
    p, r = check_p(p), _check_radius(radius)
    a = np.abs(np.asarray(w, dtype=float)) / r
    if math.isinf(p):
        return np.max(a, axis=axis) <= 1.0
    return np.sum(a**p, axis=axis) <= 1.0


def is_convex(p: float) -> bool:
    """Whether the Lp ball is convex: exactly when ``p >= 1`` (Minkowski's inequality)."""
    return check_p(p) >= 1.0


def ball_volume(p: float, dim: int, *, radius: float = 1.0) -> float:
    r"""Volume (area in 2D) of the Lp ball of radius r in ``dim`` dimensions.

    .. math:: V = \bigl(2r\,\Gamma(1 + 1/p)\bigr)^d / \Gamma(1 + d/p),

    and :math:`(2r)^d` for ``p = inf``. In 2D: 2 for the L1 diamond, :math:`\pi` for the disc,
    4 for the square.
    """
    p, r = check_p(p), _check_radius(radius)
    if math.isinf(p):
        return (2.0 * r) ** dim
    return math.exp(dim * math.log(2.0 * r) + dim * math.lgamma(1.0 + 1.0 / p)
                    - math.lgamma(1.0 + dim / p))


# -- the balls ---------------------------------------------------------------------------------
def _spow(t: np.ndarray, e: float) -> np.ndarray:
    """Signed power ``sign(t) |t|**e``."""
    return np.sign(t) * np.abs(t) ** e


def _cos_sin(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cosine and sine with the rounding residue at multiples of pi/2 set to exactly 0."""
    c, s = np.cos(theta), np.sin(theta)
    c = np.where(np.abs(c) < 1e-15, 0.0, c)
    s = np.where(np.abs(s) < 1e-15, 0.0, s)
    return c, s


def _on_square(c: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(c, s) scaled onto the unit square's boundary, with the corners exactly at (±1, ±1)."""
    m = np.maximum(np.abs(c), np.abs(s))
    x, y = c / m, s / m
    x = np.where(np.abs(np.abs(x) - 1.0) < 1e-12, np.sign(x), x)
    y = np.where(np.abs(np.abs(y) - 1.0) < 1e-12, np.sign(y), y)
    return x, y


def ball_boundary_2d(p: float, *, radius: float = 1.0, n: int = 801) -> tuple[np.ndarray, ...]:
    r"""Points of the curve :math:`|x|^p + |y|^p = r^p` (the square :math:`\max = r` for ∞).

    Finite ``p`` uses the superellipse parametrisation
    :math:`x = r\,\operatorname{sign}(\cos\theta)|\cos\theta|^{2/p}`,
    :math:`y = r\,\operatorname{sign}(\sin\theta)|\sin\theta|^{2/p}`, which follows the thin arms
    of small ``p`` all the way to their tips; ``p = inf`` scales :math:`(\cos\theta,\sin\theta)`
    onto the square. ``n`` is rounded up to ``8k + 1`` so that the four axis points (and the
    square's corners) are on the curve exactly.

    Returns
    -------
    x, y : ndarray
        Closed curve (first point == last point), counter-clockwise from :math:`(r, 0)`.
    """
    p, r = check_p(p), _check_radius(radius)
    n = 8 * max(1, math.ceil((int(n) - 1) / 8)) + 1
    theta = np.linspace(0.0, 2.0 * np.pi, n)
    c, s = _cos_sin(theta)
    if math.isinf(p):
        x, y = _on_square(c, s)
    else:
        x, y = _spow(c, 2.0 / p), _spow(s, 2.0 / p)
    x[-1], y[-1] = x[0], y[0]
    return r * x, r * y


def ball_surface_3d(
    p: float, *, radius: float = 1.0, n_u: int = 48, n_v: int = 24
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Grid of points on the surface :math:`|x|^p + |y|^p + |z|^p = r^p` (the cube for ∞).

    Finite ``p`` uses the superquadric parametrisation, :math:`u` the longitude, :math:`v` the
    latitude and :math:`\varepsilon = 2/p`:

    .. math:: x = r\,c_v^\varepsilon c_u^\varepsilon, \quad y = r\,c_v^\varepsilon s_u^\varepsilon,
              \quad z = r\,s_v^\varepsilon \qquad (t^\varepsilon := \operatorname{sign}(t)|t|^
              \varepsilon),

    so that :math:`|x|^p + |y|^p + |z|^p = \cos^2 v + \sin^2 v = r^p` exactly. For ``p = inf``
    the same grid is laid on the cube with its edges on grid lines: the latitude runs over the
    bottom face, the four sides and the top face, the longitude around the square.

    Parameters
    ----------
    n_u, n_v : int
        Number of grid cells in longitude and latitude, rounded up to multiples of 8 and 6.

    Returns
    -------
    X, Y, Z : ndarray
        Arrays of shape ``(n_v + 1, n_u + 1)``, ready for ``plot_surface`` or
        :func:`surface_quads`.
    """
    p, r = check_p(p), _check_radius(radius)
    n_u = 8 * max(1, math.ceil(int(n_u) / 8))
    n_v = 6 * max(1, math.ceil(int(n_v) / 6))
    u = np.linspace(-np.pi, np.pi, n_u + 1)
    cu, su = _cos_sin(u)
    if math.isinf(p):
        qx, qy = _on_square(cu, su)  # around the unit square, corners at u = ±pi/4, ±3pi/4
        # latitude rows 0..2m: bottom face, 2m..4m: the sides, 4m..6m: top face (m = n_v / 6)
        j, m = np.arange(n_v + 1)[:, None], n_v // 6
        scale = np.clip(np.minimum(j, n_v - j) / (2 * m), 0.0, 1.0)
        z = np.clip((j - 3 * m) / m, -1.0, 1.0)
        X, Y, Z = scale * qx[None, :], scale * qy[None, :], np.broadcast_to(z, (n_v + 1, n_u + 1))
    else:
        e = 2.0 / p
        v = np.linspace(-np.pi / 2, np.pi / 2, n_v + 1)
        cv, sv = _cos_sin(v)
        cve = _spow(cv, e)[:, None]
        X = cve * _spow(cu, e)[None, :]
        Y = cve * _spow(su, e)[None, :]
        Z = np.broadcast_to(_spow(sv, e)[:, None], X.shape)
    return r * X, r * Y, r * np.array(Z)


def surface_quads(X: np.ndarray, Y: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """The grid's cells as quadrilaterals, shape ``(n_cells, 4, 3)`` (for ``Poly3DCollection``)."""
    P = np.stack([X, Y, Z], axis=-1)
    quads = np.stack([P[:-1, :-1], P[:-1, 1:], P[1:, 1:], P[1:, :-1]], axis=2)
    return quads.reshape(-1, 4, 3)


# -- convexity ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Chord:
    """The segment between two points and where it leaves the ball.

    Attributes
    ----------
    t : ndarray
        Positions along the chord, 0 at ``a`` and 1 at ``b``.
    points : ndarray
        The points :math:`(1 - t)a + t b`, shape ``(n, dim)``.
    norms : ndarray
        Their Lp norms divided by the radius (> 1 means outside the ball).
    inside : ndarray
        Boolean mask, ``norms <= 1`` (up to 1e-12).
    """

    t: np.ndarray
    points: np.ndarray
    norms: np.ndarray
    inside: np.ndarray

    @property
    def max_norm(self) -> float:
        """Largest norm on the chord, in units of the radius."""
        return float(np.max(self.norms))

    @property
    def leaves(self) -> bool:
        """Whether some point of the chord is outside the ball."""
        return bool(not np.all(self.inside))


def chord(
    p: float, a: Sequence[float] = (1.0, 0.0), b: Sequence[float] = (0.0, 1.0), *,
    radius: float = 1.0, n: int = 201,
) -> Chord:
    r"""Sample the chord from ``a`` to ``b`` and measure it against the Lp ball.

    The default chord joins the tips :math:`(1, 0)` and :math:`(0, 1)`: its midpoint has norm
    :math:`\|(\tfrac12, \tfrac12)\|_p = 2^{1/p - 1}`, above 1 exactly when :math:`p < 1`. A set
    is convex when every chord between two of its points stays inside it.
    """
    p, r = check_p(p), _check_radius(radius)
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    t = np.linspace(0.0, 1.0, int(n))
    pts = (1.0 - t)[:, None] * a[None, :] + t[:, None] * b[None, :]
    norms = lp_norm(pts, p) / r
    return Chord(t=t, points=pts, norms=norms, inside=norms <= 1.0 + 1e-12)


# The constrained view (loss contours meeting the ball) lives in regviz.constrained, which
# builds on this module; its names are part of this module's API too, imported on first use.
_CONSTRAINED = ("QuadraticLoss", "DEFAULT_LOSS", "DEFAULT_RADIUS", "Contact", "contact_point",
                "contact_path", "n_zeros", "penalty_multiplier", "line_contact")


def __getattr__(name: str) -> Any:
    if name in _CONSTRAINED:
        from . import constrained

        return getattr(constrained, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
