r"""Figures of notebook 02: Lp unit balls in 2D and 3D, a chord, and the constrained view.

The math (boundaries, surfaces, contact points) is in :mod:`regviz.geometry`; these functions
only draw it. Each takes ``ax=None`` (a new figure when None) and returns its artists by name.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb

from ..geometry import (
    DEFAULT_LOSS,
    DEFAULT_RADIUS,
    QuadraticLoss,
    ball_boundary_2d,
    ball_surface_3d,
    ball_volume,
    chord,
    contact_point,
    is_convex,
    surface_quads,
)
from ..style import COLORS
from ._alt import described, fmt

__all__ = [
    "ball_linestyle",
    "describe_ball_2d",
    "describe_balls_2d",
    "describe_chord",
    "describe_ball_3d",
    "describe_balls_3d",
    "describe_constrained_view",
    "describe_contact_path",
    "BALL_PS",
    "VIEW_WINDOW",
    "LIGHT",
    "ball_color",
    "p_label",
    "shade",
    "chord_xy",
    "plot_ball_2d",
    "plot_balls_2d",
    "plot_chord",
    "plot_ball_3d",
    "plot_balls_3d",
    "plot_constrained_view",
    "plot_contact_path",
]

#: The p values of the lecture figures (and of the article's picture).
BALL_PS: tuple[float, ...] = (0.5, 1.0, 2.0, math.inf)
#: (xmin, xmax, ymin, ymax) of the constrained view: the balls and the loss's center.
VIEW_WINDOW: tuple[float, float, float, float] = (-1.6, 3.2, -1.6, 3.2)
#: Direction the 3D balls are lit from (towards the light, world coordinates).
LIGHT: tuple[float, float, float] = (-0.45, -0.35, 0.82)

_INF_COLOR = "#009e73"


def ball_color(p: float) -> str:
    """Colour of the ball of exponent ``p``: L1 and L2 colours at 1 and 2, green for ∞."""
    if math.isinf(p):
        return _INF_COLOR
    return {1.0: COLORS["L1"], 2.0: COLORS["L2"]}.get(float(p), COLORS["Lp"])


def ball_linestyle(p: float) -> Any:
    """Line style of the ball of exponent ``p`` (colour is never the only cue).

    Solid for L2, dashed for L1, dotted for ∞, dash-dot for p < 1, long dashes otherwise.
    """
    if math.isinf(p):
        return ":"
    return {1.0: "--", 2.0: "-"}.get(float(p), "-." if p < 1 else (0, (8, 2)))


def _p_text(p: float) -> str:
    return "∞" if math.isinf(p) else f"{p:g}"


def _diagonal(p: float, radius: float = 1.0) -> float:
    """Where the ball's boundary crosses the diagonal: the coordinate ``r·2^(-1/p)``."""
    return radius if math.isinf(p) else radius * 2.0 ** (-1.0 / p)


def p_label(p: float) -> str:
    r"""``"$p = \infty$"`` or ``"$p = 0.5$"``: a legend / title label."""
    return r"$p = \infty$" if math.isinf(p) else rf"$p = {p:g}$"


def _ax(ax: Axes | None, **kw: Any) -> Axes:
    if ax is None:
        fig = plt.figure()
        ax = fig.add_subplot(**kw)
    return ax


def _frame_2d(ax: Axes, lim: float) -> None:
    ax.set_aspect("equal")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")


def describe_ball_2d(p: float, *, radius: float = 1.0, **_: Any) -> str:
    """The alt text of :func:`plot_ball_2d`."""
    d = _diagonal(p, radius)
    shape = ("a square" if math.isinf(p) else "a diamond with corners on the axes" if p == 1
             else "a circle" if p == 2 else "a star pinched towards the axes" if p < 1
             else "a rounded shape")
    return (f"The 2D ball |w1|^p + |w2|^p ≤ {fmt(radius ** (1 if math.isinf(p) else p))} for "
            f"p = {_p_text(p)}: {shape}, {'convex' if is_convex(p) else 'not convex'}; it "
            f"crosses the diagonal at ({d:.3g}, {d:.3g}).")


@described(describe_ball_2d)
def plot_ball_2d(
    p: float,
    *,
    ax: Axes | None = None,
    radius: float = 1.0,
    color: str | None = None,
    fill: bool = True,
    alpha: float = 0.25,
    label: str | None = None,
    lim: float | None = None,
    n: int = 801,
) -> dict[str, Any]:
    r"""Draw the 2D ball :math:`|w_1|^p + |w_2|^p \le r^p` (the square for ``p = inf``).

    Returns
    -------
    dict
        ``boundary`` (Line2D) and ``fill`` (Polygon, or None without ``fill``).
    """
    ax = _ax(ax)
    x, y = ball_boundary_2d(p, radius=radius, n=n)
    color = color or ball_color(p)
    out: dict[str, Any] = {"fill": None}
    if fill:
        (out["fill"],) = ax.fill(x, y, color=color, alpha=alpha, lw=0)
    (out["boundary"],) = ax.plot(x, y, color=color, ls=ball_linestyle(p),
                                 label=p_label(p) if label is None else label)
    _frame_2d(ax, 1.25 * radius if lim is None else lim)
    return out


def describe_balls_2d(ps: Sequence[float] = BALL_PS, *, radius: float = 1.0) -> str:
    """The alt text of :func:`plot_balls_2d`."""
    parts = [f"p = {_p_text(p)} at {_diagonal(p, radius):.3g}" for p in ps]
    small = [p for p in ps if not is_convex(p)]
    text = (f"{len(ps)} unit balls |w1|^p + |w2|^p ≤ 1 overlaid; the larger p, the further out "
            f"each crosses the diagonal ({', '.join(parts)}).")
    if small:
        text += f" Those with p < 1 ({', '.join(_p_text(p) for p in small)}) are not convex."
    return text


@described(describe_balls_2d)
def plot_balls_2d(
    ps: Sequence[float] = BALL_PS, *, ax: Axes | None = None, radius: float = 1.0
) -> dict[float, dict[str, Any]]:
    """Overlay the 2D balls of ``ps`` (the article's picture), with a legend.

    Returns
    -------
    dict
        The artists of :func:`plot_ball_2d`, by ``p``.
    """
    ax = _ax(ax)
    out = {p: plot_ball_2d(p, ax=ax, radius=radius, alpha=0.07) for p in ps}
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.axvline(0.0, color="0.3", lw=0.8)
    ax.legend(loc="upper right", fontsize="small", framealpha=0.9, frameon=True)
    ax.set_title(r"unit balls $|w_1|^p + |w_2|^p \leq 1$")
    return out


def chord_xy(p: float, a: Sequence[float], b: Sequence[float], *, radius: float = 1.0,
             n: int = 201) -> dict[str, np.ndarray]:
    """Line data for a chord: the parts inside and outside the ball (NaN elsewhere).

    Returns
    -------
    dict
        ``inside`` and ``outside``: arrays of shape ``(2, n)`` (x row, y row), and
        ``midpoint`` (shape ``(2,)``) and ``max_norm`` (float, in units of the radius).
    """
    ch = chord(p, a, b, radius=radius, n=n)
    pts = ch.points.T
    # an outside run is drawn from the last inside point to the next one, so the parts meet
    out_mask = ~ch.inside
    out_mask = out_mask | np.r_[out_mask[1:], False] | np.r_[False, out_mask[:-1]]
    inside = np.where(ch.inside, pts, np.nan)
    outside = np.where(out_mask, pts, np.nan)
    return {"inside": inside, "outside": outside, "midpoint": pts[:, n // 2],
            "max_norm": ch.max_norm}


def describe_chord(p: float, a: Sequence[float], b: Sequence[float], *, radius: float = 1.0,
                   **_: Any) -> str:
    """The alt text of :func:`plot_chord`."""
    ch = chord(p, a, b, radius=radius)
    mid = float(ch.norms[ch.norms.size // 2])
    verdict = ("leaves the ball, so the ball is not convex" if ch.leaves
               else "stays inside the ball")
    return (f"For p = {_p_text(p)} the chord from {tuple(float(v) for v in a)} to "
            f"{tuple(float(v) for v in b)} {verdict}: its midpoint has norm {mid:.3g}.")


@described(describe_chord)
def plot_chord(
    p: float,
    a: Sequence[float] = (1.0, 0.0),
    b: Sequence[float] = (0.0, 1.0),
    *,
    ax: Axes | None = None,
    radius: float = 1.0,
    n: int = 201,
) -> dict[str, Any]:
    r"""Draw the chord from ``a`` to ``b``: solid where it is in the Lp ball, red dashed outside.

    Returns
    -------
    dict
        ``inside``, ``outside`` (Line2D), ``ends`` (markers at ``a`` and ``b``), ``midpoint``
        (marker).
    """
    ax = _ax(ax)
    d = chord_xy(p, a, b, radius=radius, n=int(n) | 1)
    out: dict[str, Any] = {}
    (out["inside"],) = ax.plot(*d["inside"], color="0.15", lw=2.2, label="chord inside the set")
    (out["outside"],) = ax.plot(*d["outside"], "--", color=COLORS["accent"], lw=2.4,
                                label="chord outside the set")
    (out["ends"],) = ax.plot([a[0], b[0]], [a[1], b[1]], "o", color="0.15", ms=7, zorder=5)
    (out["midpoint"],) = ax.plot(*d["midpoint"], "D", color=COLORS["accent"], ms=7,
                                 mec="white", zorder=6)
    return out


# -- 3D ------------------------------------------------------------------------------------------
def shade(quads: np.ndarray, color: str, *, light: Sequence[float] = LIGHT) -> np.ndarray:
    """Face colours of ``quads`` (shape ``(n, 4, 3)``) lit from ``light``: RGBA, shape ``(n, 4)``.

    Lambert shading with an ambient floor; normals are turned outwards (every ball is
    star-shaped about the origin) so both sides of the surface shade alike.
    """
    n = np.cross(quads[:, 2] - quads[:, 0], quads[:, 3] - quads[:, 1])
    centre = quads.mean(axis=1)
    n *= np.where(np.einsum("ij,ij->i", n, centre) < 0, -1.0, 1.0)[:, None]
    norm = np.linalg.norm(n, axis=1)
    n /= np.where(norm == 0, 1.0, norm)[:, None]
    lv = np.asarray(light, dtype=float)
    lam = np.clip(n @ (lv / np.linalg.norm(lv)), 0.0, 1.0)
    k = (0.45 + 0.55 * lam)[:, None]
    rgb = np.clip(k * np.asarray(to_rgb(color))[None, :] + 0.12 * lam[:, None] ** 8, 0.0, 1.0)
    return np.concatenate([rgb, np.ones((len(quads), 1))], axis=1)


def ball_quads(p: float, *, radius: float = 1.0, n_u: int = 48, n_v: int = 24) -> np.ndarray:
    """The 3D ball's surface as quadrilaterals (see :func:`regviz.geometry.ball_surface_3d`)."""
    return surface_quads(*ball_surface_3d(p, radius=radius, n_u=n_u, n_v=n_v))


def describe_ball_3d(p: float, *, radius: float = 1.0, **_: Any) -> str:
    """The alt text of :func:`plot_ball_3d`."""
    vol = ball_volume(p, 3, radius=radius)
    return (f"The 3D ball |w1|^p + |w2|^p + |w3|^p ≤ 1 for p = {_p_text(p)}: "
            f"{'convex' if is_convex(p) else 'not convex, with arms along the axes'}; its volume "
            f"is {vol:.3g}, {100 * vol / (2 * radius) ** 3:.3g} % of the enclosing cube.")


@described(describe_ball_3d)
def plot_ball_3d(
    p: float,
    *,
    ax: Axes | None = None,
    radius: float = 1.0,
    color: str | None = None,
    n_u: int = 48,
    n_v: int = 24,
    title: bool = True,
) -> dict[str, Any]:
    r"""Draw the 3D ball :math:`|w_1|^p + |w_2|^p + |w_3|^p \le r^p` as a shaded surface.

    ``ax`` must be a 3D axes (``projection="3d"``); a new one is made when None.

    Returns
    -------
    dict
        ``surface`` (a :class:`~mpl_toolkits.mplot3d.art3d.Poly3DCollection`, updatable with
        ``set_verts``) and ``title`` (Text or None).
    """
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    ax = _ax(ax, projection="3d")
    color = color or ball_color(p)
    quads = ball_quads(p, radius=radius, n_u=n_u, n_v=n_v)
    # edges in the face colour: no seams between quads, and the thin arms of small p stay visible
    colors = shade(quads, color)
    surf = Poly3DCollection(quads, facecolors=colors, edgecolors=colors, linewidths=0.4,
                            antialiased=False)
    ax.add_collection3d(surf)
    lim = 1.05 * radius
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_zlim(-lim, lim)
    ax.set_box_aspect((1, 1, 1))
    ticks = [-radius, 0.0, radius]
    ax.set_xticks(ticks)
    ax.set_yticks(ticks)
    ax.set_zticks(ticks)
    ax.set_xlabel("$w_1$", labelpad=-4)
    ax.set_ylabel("$w_2$", labelpad=-4)
    ax.set_zlabel("$w_3$", labelpad=-4)
    ax.tick_params(pad=-2)
    out: dict[str, Any] = {"surface": surf, "title": None}
    if title:
        out["title"] = ax.set_title(p_label(p) + ("" if is_convex(p) else ": not convex"))
    return out


def describe_balls_3d(ps: Sequence[float] = BALL_PS, *, radius: float = 1.0) -> str:
    """The alt text of :func:`plot_balls_3d`."""
    parts = [f"p = {_p_text(p)}: {100 * ball_volume(p, 3, radius=radius) / 8:.3g} %"
             for p in ps]
    return (f"{len(ps)} 3D unit balls side by side, from spiky to cube-like; the share of the "
            f"cube [−1, 1]³ each fills: {', '.join(parts)}.")


@described(describe_balls_3d)
def plot_balls_3d(
    ps: Sequence[float] = BALL_PS, *, axes: Sequence[Axes] | None = None, radius: float = 1.0
) -> list[dict[str, Any]]:
    """One 3D ball per ``p`` of ``ps``, side by side (a new 1 x len(ps) figure when None).

    Returns
    -------
    list of dict
        The artists of :func:`plot_ball_3d`, in the order of ``ps``.
    """
    if axes is None:
        fig = plt.figure(figsize=(9, 9 / len(ps) + 0.4))
        axes = [fig.add_subplot(1, len(ps), i + 1, projection="3d") for i in range(len(ps))]
    return [plot_ball_3d(p, ax=ax, radius=radius) for p, ax in zip(ps, axes, strict=True)]


# -- the constrained view ------------------------------------------------------------------------
def _loss_levels(loss: QuadraticLoss, window: Sequence[float], n: int = 10) -> np.ndarray:
    """Contour levels spaced evenly in distance (sqrt of the loss), up to the window's corners."""
    x0, x1, y0, y1 = window
    corners = np.array([[x0, y0], [x0, y1], [x1, y0], [x1, y1]])
    top = math.sqrt(float(np.max(loss.value(corners))))
    return np.linspace(0.0, top, n + 1)[1:] ** 2


def describe_constrained_view(p: float, *, radius: float = DEFAULT_RADIUS,
                              loss: QuadraticLoss = DEFAULT_LOSS, **_: Any) -> str:
    """The alt text of :func:`plot_constrained_view`."""
    return contact_sentence(p, radius, contact_point(p, loss=loss, radius=radius))


def contact_sentence(p: float, radius: float, con: Any) -> str:
    """One sentence on a contact point (:class:`regviz.geometry.Contact`) of the view."""
    w = ", ".join("exactly 0" if v == 0 else f"{v:.3g}" for v in con.point)
    if con.inside:
        return (f"For p = {_p_text(p)} and radius {radius:.3g} the loss's own minimum lies inside "
                f"the ball, so the constraint does nothing: w* = ({w}).")
    z = con.n_zeros
    return (f"For p = {_p_text(p)} and radius {radius:.3g} the loss's level sets first touch the "
            f"ball at w* = ({w}), with {z} coordinate{'' if z == 1 else 's'} exactly 0.")


@described(describe_constrained_view)
def plot_constrained_view(
    p: float,
    *,
    radius: float = DEFAULT_RADIUS,
    loss: QuadraticLoss = DEFAULT_LOSS,
    ax: Axes | None = None,
    window: Sequence[float] = VIEW_WINDOW,
    n_levels: int = 14,
) -> dict[str, Any]:
    r"""The loss's level sets, the Lp ball of ``radius`` and their first contact point.

    The highlighted ellipse is the level set through the contact point :math:`w^\star` (the
    minimizer of the loss over the ball): smaller level sets miss the ball, larger ones cut it.

    Returns
    -------
    dict
        ``contours`` (ContourSet), ``center`` (marker), ``ball_fill`` (Polygon), ``ball``
        (Line2D), ``touching`` (Line2D, the level set through :math:`w^\star`), ``contact``
        (marker), ``contact_point`` (the :class:`~regviz.geometry.Contact`).
    """
    ax = _ax(ax)
    x0, x1, y0, y1 = window
    gx, gy = np.meshgrid(np.linspace(x0, x1, 241), np.linspace(y0, y1, 241))
    values = loss.value(np.stack([gx, gy], axis=-1))
    out: dict[str, Any] = {}
    out["contours"] = ax.contour(gx, gy, values, levels=_loss_levels(loss, window, n_levels),
                                 colors=COLORS["contour"], linewidths=0.8, alpha=0.55)
    (out["center"],) = ax.plot(*loss.center, "+", color="0.2", ms=12, mew=2,
                               label=r"loss minimum $c$")
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.axvline(0.0, color="0.3", lw=0.8)
    ball = plot_ball_2d(p, ax=ax, radius=radius, alpha=0.3, label=r"ball $\|w\|_p \leq r$")
    ball["boundary"].set_linestyle("-")  # one ball: its p is in the title / description
    out["ball_fill"], out["ball"] = ball["fill"], ball["boundary"]
    con = contact_point(p, loss=loss, radius=radius)
    (out["touching"],) = ax.plot(*loss.level_curve(con.value), color=COLORS["total"], lw=1.6,
                                 label="first level set to touch")
    (out["contact"],) = ax.plot(*con.point, "o", color=COLORS["minimizer"], ms=10, mec="white",
                                mew=1.5, zorder=6, label=r"contact point $w^\star$")
    out["contact_point"] = con
    ax.set_aspect("equal")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    return out


def describe_contact_path(ps: Sequence[float], points: np.ndarray, **_: Any) -> str:
    """The alt text of :func:`plot_contact_path`: for which p a coordinate is exactly 0."""
    ps = np.asarray(ps, dtype=float)
    pts = np.asarray(points, dtype=float)
    finite = np.isfinite(ps)
    ps, pts = ps[finite], pts[finite]
    zero = np.any(pts == 0, axis=1)
    if zero.any():
        where = (f"a coordinate is exactly 0 for p from {ps[zero].min():.3g} to "
                 f"{ps[zero].max():.3g}")
    else:
        where = "no coordinate is exactly 0"
    return (f"The contact point's coordinates against p from {ps.min():.3g} to {ps.max():.3g}, "
            f"log-log: {where}; at p = {ps[-1]:.3g} they are {fmt(abs(pts[-1, 0]))} and "
            f"{fmt(abs(pts[-1, 1]))}.")


@described(describe_contact_path)
def plot_contact_path(
    ps: Sequence[float],
    points: np.ndarray,
    *,
    ax: Axes | None = None,
    floor: float | None = None,
) -> dict[str, Any]:
    r"""The contact point's coordinates :math:`|w^\star_1|, |w^\star_2|` against ``p``.

    Log-log axes; exact zeros are drawn on the ``floor`` (default: a decade below the smallest
    nonzero coordinate) with a separate marker, so a
    coordinate that is *exactly* 0 (``p <= 1``) is told apart from one that is merely tiny
    (``p`` just above 1). ``points`` comes from :func:`regviz.geometry.contact_path`; infinite
    ``p`` are left out (they have no place on a log axis).

    Returns
    -------
    dict
        ``w1``, ``w2`` (Line2D of the absolute coordinates), ``zeros`` (markers of the exact
        zeros).
    """
    ax = _ax(ax)
    ps = np.asarray(ps, dtype=float)
    pts = np.abs(np.asarray(points, dtype=float))
    finite = np.isfinite(ps)
    ps, pts = ps[finite], pts[finite]
    if floor is None:
        nonzero = pts[pts > 0]
        floor = 10.0 ** (math.floor(math.log10(nonzero.min())) - 1) if nonzero.size else 1e-3
    out: dict[str, Any] = {}
    for i, color, fmt_ in ((0, COLORS["L1"], "o-"), (1, COLORS["L2"], "s--")):
        shown = np.where(pts[:, i] == 0, np.nan, pts[:, i])
        (out[f"w{i + 1}"],) = ax.plot(ps, shown, fmt_, ms=4, color=color,
                                      label=rf"$|w^\star_{i + 1}|$")
    zero = pts == 0
    zp = np.concatenate([ps[zero[:, 0]], ps[zero[:, 1]]])
    (out["zeros"],) = ax.plot(zp, np.full(zp.size, floor), "v", color=COLORS["accent"], ms=7,
                              ls="none", label="exactly 0")
    ax.axvline(1.0, color="0.4", ls=":", lw=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(floor / 10, 3.0)
    ax.set_xlabel("$p$")
    ax.set_ylabel("coordinate of the contact point")
    ax.legend(loc="lower right", fontsize="small")
    return out
