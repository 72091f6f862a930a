r"""Figures of notebook 08: the elastic-net ball, its proximal map, paths and bootstrap refits.

The mix :math:`a` (``mix``) is the L1 share of :math:`\lambda(a|w| + (1-a)w^2)`; see
:mod:`regviz.elastic_net` for its relation to scikit-learn's ``l1_ratio``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ..elastic_net import ball_boundary, ball_radius, corner_slope, enet_penalty
from ..penalties import L1, L2
from ..style import COLORS
from ._alt import described, fmt
from .prox import PROX_Z, draw_prox_map

__all__ = [
    "EnetBallFrame",
    "enet_ball_frame",
    "EnetProxFrame",
    "enet_prox_frame",
    "describe_ball",
    "ball_sentence",
    "describe_elastic_net_ball",
    "describe_elastic_net_prox",
    "enet_prox_sentence",
    "describe_paths",
    "paths_sentence",
    "describe_bootstrap",
    "FEATURE_COLORS",
    "CORNER_TICK",
    "corner_tangents_xy",
    "plot_ball",
    "plot_elastic_net_ball",
    "prox_maps",
    "prox_thresholds",
    "plot_elastic_net_prox",
    "plot_paths",
    "plot_bootstrap",
]

#: Colours of the two correlated features' coefficients (not penalty colours).
FEATURE_COLORS: tuple[str, str] = (COLORS["total"], COLORS["accent"])
#: Line styles of the reference balls and maps (colour is never the only cue).
_REF_LS: dict[str, str] = {"L1": "--", "L2": ":"}
#: Line styles of the elastic-net balls of several mixes (none is L1's or L2's reference style).
_MIX_LS: tuple[Any, ...] = ("-", "-.", (0, (8, 2)), (0, (3, 1, 1, 1, 1, 1)))
#: Half-length, along :math:`w_1`, of the tangent segments drawn at each corner of the ball.
CORNER_TICK: float = 0.45


def _ax(ax: Axes | None, **kw: Any) -> Axes:
    if ax is None:
        _, ax = plt.subplots(**kw)
    return ax


def corner_tangents_xy(mix: float, *, tick: float = CORNER_TICK) -> tuple[np.ndarray, np.ndarray]:
    r"""Data of one Line2D: the two one-sided tangents at each of the four corners.

    At :math:`(0, \pm 1)` the boundary leaves with slopes :math:`\mp s`, :math:`s =`
    :func:`~regviz.elastic_net.corner_slope` ``(mix)``; at :math:`(\pm 1, 0)` the mirror image.
    Each tangent is a segment of horizontal (or vertical) extent ``tick``; segments are separated
    by NaN.
    """
    s = corner_slope(mix)
    x, y = [], []
    for sign in (1.0, -1.0):
        # corner (0, sign): the tangents to the left and to the right form a roof
        x += [-tick, 0.0, tick, np.nan]
        y += [sign * (1 - s * tick), sign, sign * (1 - s * tick), np.nan]
        # corner (sign, 0): the same roof turned by 90 degrees
        x += [sign * (1 - s * tick), sign, sign * (1 - s * tick), np.nan]
        y += [-tick, 0.0, tick, np.nan]
    return np.array(x), np.array(y)


def _setup_ball_axes(ax: Axes, lim: float = 1.25) -> None:
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.axvline(0.0, color="0.3", lw=0.8)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")


def _reference_balls(ax: Axes) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, mix, label in (("L1", 1.0, r"$L_1$: $\|w\|_1 \leq 1$"),
                             ("L2", 0.0, r"$L_2$: $\|w\|_2^2 \leq 1$")):
        (out[name],) = ax.plot(*ball_boundary(mix), _REF_LS[name], color=COLORS[name], lw=1.5,
                               label=label)
    return out


def ball_sentence(mix: float) -> str:
    """One sentence on the elastic-net ball of a mix: corner kink and diagonal crossing."""
    r = float(ball_radius(np.pi / 4, mix))
    s = corner_slope(mix)
    corner = (f"corners with slopes ±{s:.3g}" if s > 0 else "no corners (a circle, as L2)")
    return (f"The elastic-net ball with L1 share a = {mix:.2f} has {corner} and crosses the "
            f"diagonal at distance {r:.4f} from 0 (L1 ball 0.7071, L2 ball 1).")


@dataclass(frozen=True, eq=False)
class EnetBallFrame:
    """The elastic-net ball of one mix: outline, corner tangents, where it crosses the diagonal."""

    mix: float
    boundary: tuple[np.ndarray, np.ndarray]
    tangents: tuple[np.ndarray, np.ndarray]
    diagonal: tuple[float, float]

    def describe(self) -> str:
        """Corner kink and diagonal crossing, in words."""
        return ball_sentence(self.mix)


def enet_ball_frame(mix: float) -> EnetBallFrame:
    """The frame of :func:`plot_ball` and of the elastic-net ball panel."""
    d = float(ball_radius(np.pi / 4, mix)) / np.sqrt(2)  # on the diagonal: both coordinates
    return EnetBallFrame(float(mix), ball_boundary(mix), corner_tangents_xy(mix), (d, d))


def describe_ball(mix: float) -> str:
    """The alt text of :func:`plot_ball`."""
    return enet_ball_frame(mix).describe()


@described(describe_ball)
def plot_ball(mix: float, *, ax: Axes | None = None) -> dict[str, Any]:
    r"""The ball :math:`\{a\|w\|_1 + (1-a)\|w\|_2^2 \le 1\}` for one mix, with the L1 and L2 balls.

    Drawn: the ball (filled), dashed L1 and L2 balls, the one-sided tangents at the four corners
    (grey: a kink wherever the two tangents differ), and a dot where the ball crosses the
    diagonal, outside the L1 ball's straight edge whenever ``mix < 1`` (the edge bulges).

    Returns
    -------
    dict
        ``ball`` (the outline), ``fill`` (a Polygon), ``L1``, ``L2``, ``tangents``,
        ``diagonal`` (the dot).
    """
    ax = _ax(ax, figsize=(7.6, 5.2))
    out = _reference_balls(ax)
    frame = enet_ball_frame(mix)
    w1, w2 = frame.boundary
    (out["fill"],) = ax.fill(w1, w2, color=COLORS["ElasticNet"], alpha=0.25, lw=0)
    (out["ball"],) = ax.plot(w1, w2, color=COLORS["ElasticNet"], lw=2.6, label="elastic net")
    (out["tangents"],) = ax.plot(*frame.tangents, color="0.35", lw=1.2,
                                 label="tangents at the corners")
    (out["diagonal"],) = ax.plot([frame.diagonal[0]], [frame.diagonal[1]], "o",
                                 color=COLORS["accent"], ms=7, label="on the diagonal")
    _setup_ball_axes(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")
    return out


def describe_elastic_net_ball(mixes: Sequence[float] = (0.25, 0.5, 0.75)) -> str:
    """The alt text of :func:`plot_elastic_net_ball`."""
    parts = [f"a = {m:g}: corner slope ±{corner_slope(m):.3g}, diagonal at "
             f"{float(ball_radius(np.pi / 4, m)):.3g}" for m in mixes]
    return ("Elastic-net balls nested between the L1 diamond and the L2 circle, all through "
            "(±1, 0) and (0, ±1); the larger a, the sharper the corner: " + "; ".join(parts) + ".")


@described(describe_elastic_net_ball)
def plot_elastic_net_ball(
    mixes: Sequence[float] = (0.25, 0.5, 0.75), *, ax: Axes | None = None
) -> dict[str, Any]:
    r"""Elastic-net balls for a few mixes, nested between the L1 ball and the L2 ball.

    Every ball passes through the four points :math:`(\pm1, 0), (0, \pm1)`; the larger the L1
    share :math:`a`, the sharper the corner (slope :math:`a/(2-a)`) and the flatter the edge.

    Returns
    -------
    dict
        ``L1``, ``L2`` and one outline per mix, under ``f"mix={mix:g}"``.
    """
    ax = _ax(ax, figsize=(7.8, 5.6))
    out = _reference_balls(ax)
    shades = np.linspace(0.95, 0.45, len(mixes)) if len(mixes) > 1 else [0.7]
    for i, (mix, shade) in enumerate(zip(mixes, shades, strict=True)):
        (out[f"mix={mix:g}"],) = ax.plot(*ball_boundary(mix), color=plt.cm.Blues(shade), lw=2.2,
                                         label=f"elastic net, $a = {mix:g}$",
                                         ls=_MIX_LS[i % len(_MIX_LS)])
    _setup_ball_axes(ax)
    ax.set_title(r"$a\,\|w\|_1 + (1-a)\,\|w\|_2^2 \leq 1$")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")
    return out


_PROX_TITLES = {
    "L1": r"$L_1$, $\lambda|w|$: soft threshold",
    "elastic net": r"elastic net, $\lambda(a|w| + (1-a)w^2)$",
    "L2": r"$L_2$, $\lambda w^2$: shrink by $1 + 2t$",
}


def prox_maps(step_lam: float, mix: float) -> dict[str, np.ndarray]:
    r"""The three maps of :func:`plot_elastic_net_prox` on :data:`~regviz.plots.prox.PROX_Z`."""
    return {
        "L1": L1(1.0).prox(PROX_Z, step=step_lam),
        "elastic net": enet_penalty(1.0, mix).prox(PROX_Z, step=step_lam),
        "L2": L2(1.0).prox(PROX_Z, step=step_lam),
    }


def prox_thresholds(step_lam: float, mix: float) -> dict[str, float]:
    """The largest ``abs(z)`` each map of :func:`prox_maps` sends to 0."""
    return {"L1": L1(1.0).threshold(step_lam),
            "elastic net": enet_penalty(1.0, mix).threshold(step_lam),
            "L2": L2(1.0).threshold(step_lam)}


def enet_prox_sentence(step_lam: float, mix: float) -> str:
    """One sentence on the elastic net's proximal map: its threshold and its slope."""
    thr = prox_thresholds(step_lam, mix)
    shrink = 1.0 + 2.0 * step_lam * (1.0 - mix)
    return (f"At t = {step_lam:.3g} and a = {mix:.2f} the elastic net's proximal map is exactly 0 "
            f"for |z| ≤ {thr['elastic net']:.3g} (L1: {thr['L1']:.3g}, L2: never) and rises with "
            f"slope {1 / shrink:.3g} above it (L1: 1, L2: {1 / (1 + 2 * step_lam):.3g}).")


@dataclass(frozen=True, eq=False)
class EnetProxFrame:
    """The three proximal maps (L1, elastic net, L2) at one ``t = step·λ`` and mix ``a``."""

    step_lam: float
    mix: float
    maps: dict[str, np.ndarray]
    thresholds: dict[str, float]

    def describe(self) -> str:
        """The elastic net's threshold and slope beside L1's and L2's."""
        return enet_prox_sentence(self.step_lam, self.mix)


def enet_prox_frame(step_lam: float, mix: float) -> EnetProxFrame:
    """The frame of :func:`plot_elastic_net_prox` and of the elastic-net prox panel."""
    return EnetProxFrame(float(step_lam), float(mix), prox_maps(step_lam, mix),
                         prox_thresholds(step_lam, mix))


def describe_elastic_net_prox(step_lam: float, mix: float) -> str:
    """The alt text of :func:`plot_elastic_net_prox`."""
    return enet_prox_frame(step_lam, mix).describe()


@described(describe_elastic_net_prox)
def plot_elastic_net_prox(step_lam: float, mix: float, *, axes: Any = None) -> dict[str, Any]:
    r"""The proximal maps of L1, the elastic net and L2 side by side, :math:`t = step\cdot\lambda`.

    The elastic net's is :math:`\operatorname{soft}(z, ta) / (1 + 2t(1-a))`: L1's soft threshold
    at :math:`ta`, then L2's shrinkage by :math:`1 + 2t(1-a)`. Dotted: the identity; dashed:
    the thresholds; in the middle panel the L1 and L2 maps again, thin, for reference.

    Returns
    -------
    dict
        ``L1``, ``elastic net``, ``L2`` (the maps), each threshold under ``name + " thr"``, and
        ``ref L1``, ``ref L2`` (the thin copies in the middle panel).
    """
    if axes is None:
        _, axes = plt.subplots(1, 3, figsize=(9, 3.2), sharey=True)
    z = PROX_Z
    frame = enet_prox_frame(step_lam, mix)
    maps, thr = frame.maps, frame.thresholds
    colors = {"L1": COLORS["L1"], "elastic net": COLORS["ElasticNet"], "L2": COLORS["L2"]}
    out: dict[str, Any] = {}
    for ax, name in zip(np.ravel(axes), ("L1", "elastic net", "L2"), strict=True):
        if name == "elastic net":
            for ref in ("L1", "L2"):
                (out["ref " + ref],) = ax.plot(z, maps[ref], _REF_LS[ref], color=colors[ref],
                                              lw=1.0, alpha=0.7)
        out[name], out[name + " thr"] = draw_prox_map(
            ax, z, maps[name], thr[name], title=_PROX_TITLES[name], color=colors[name], lw=2.6
        )
    np.ravel(axes)[0].set_ylabel(r"$\mathrm{prox}_{t\,\mathrm{pen}}(z)$")
    return out


def paths_sentence(lams: np.ndarray, paths: Mapping[str, np.ndarray], i: int) -> str:
    """One sentence on regularization paths at the grid index ``i``."""
    lams = np.asarray(lams, dtype=float)
    parts = []
    for name, coefs in paths.items():
        w = coefs[i]
        parts.append(f"{name}: w = ({', '.join(fmt(v) for v in w)})")
    return f"At λ = {lams[i]:.3g}: " + "; ".join(parts) + "."


def describe_paths(lams: np.ndarray, paths: Mapping[str, np.ndarray], *,
                   current: float | None = None) -> str:
    """The alt text of :func:`plot_paths`: where each coefficient leaves 0, and the current λ."""
    lams = np.asarray(lams, dtype=float)
    parts = []
    for name, coefs in paths.items():
        enter = []
        for j in range(coefs.shape[1]):
            nz = np.flatnonzero(coefs[:, j] != 0)
            enter.append(f"w{j + 1} from λ = {lams[nz].max():.3g}" if nz.size
                         else f"w{j + 1} never")
        parts.append(f"{name}: nonzero " + ", ".join(enter))
    text = "Coefficient paths against λ; " + "; ".join(parts) + "."
    if current is not None:
        i = int(np.argmin(np.abs(np.log(lams) - np.log(current))))
        text += " " + paths_sentence(lams, paths, i)
    return text


@described(describe_paths)
def plot_paths(
    lams: np.ndarray,
    paths: Mapping[str, np.ndarray],
    *,
    current: float | None = None,
    axes: Any = None,
) -> dict[str, Any]:
    r"""Regularization paths :math:`w_j(\lambda)`, one panel per entry of ``paths``.

    Parameters
    ----------
    lams : numpy.ndarray
        The :math:`\lambda` grid (log x axis, decreasing to the right: from all zeros to the
        least-penalised fit).
    paths : mapping of str to numpy.ndarray
        Panel title to the solutions, shape ``(len(lams), 2)``.
    current : float, optional
        A :math:`\lambda` to mark with a vertical line and the coefficients there (the grid
        point nearest on a log scale).

    Returns
    -------
    dict
        For each title ``name``: the coefficient lines ``f"{name} w1"``, ``f"{name} w2"``, and,
        with ``current``, ``f"{name} current"`` (the vertical line) and ``f"{name} dots"``.
    """
    lams = np.asarray(lams, dtype=float)
    if axes is None:
        _, axes = plt.subplots(1, len(paths), figsize=(9, 3.6), sharey=True,
                               squeeze=False)
    axes = np.ravel(axes)
    top = max(float(np.max(c)) for c in paths.values())
    bottom = min(float(np.min(c)) for c in paths.values())
    pad = 0.08 * (top - bottom)
    out: dict[str, Any] = {}
    for ax, (name, coefs) in zip(axes, paths.items(), strict=True):
        ax.axhline(0.0, color="0.3", lw=0.8)
        for j in range(coefs.shape[1]):
            (out[f"{name} w{j + 1}"],) = ax.plot(lams, coefs[:, j], color=FEATURE_COLORS[j],
                                                 lw=2.2, ls=("-", "--")[j],
                                                 label=f"$w_{j + 1}$ (feature $x_{j + 1}$)")
        if current is not None:
            i = int(np.argmin(np.abs(np.log(lams) - np.log(current))))
            (out[f"{name} current"],) = ax.plot([lams[i], lams[i]], [bottom - pad, top + pad],
                                                color="0.4", lw=1.1)
            out[f"{name} dots"] = ax.scatter([lams[i]] * coefs.shape[1], coefs[i],
                                             c=FEATURE_COLORS[: coefs.shape[1]], s=40, zorder=3)
        ax.set_xscale("log")
        ax.set_xlim(lams.max(), lams.min())
        ax.set_ylim(bottom - pad, top + pad)
        ax.set_xlabel(r"$\lambda$")
        ax.set_title(name, fontsize="medium")
    axes[0].set_ylabel("coefficient")
    axes[0].legend(loc="upper left", fontsize="small")
    return out


def describe_bootstrap(fits: Mapping[str, np.ndarray]) -> str:
    """The alt text of :func:`plot_bootstrap`: how often each method keeps only one feature."""
    parts = []
    for name, W in fits.items():
        W = np.asarray(W, dtype=float)
        one = float(np.mean(np.any(W == 0, axis=1)))
        parts.append(f"{name} sets a coefficient to exactly 0 in {100 * one:.3g} % of "
                     f"{len(W)} resamples, mean w = ({W[:, 0].mean():.3g}, {W[:, 1].mean():.3g})")
    return "Refits on bootstrap resamples of two correlated features: " + "; ".join(parts) + "."


@described(describe_bootstrap)
def plot_bootstrap(fits: Mapping[str, np.ndarray], *, ax: Axes | None = None) -> dict[str, Any]:
    r"""Refits on bootstrap resamples: one point :math:`(w_1, w_2)` per resample and method.

    The lasso's points sit on the axes (it keeps one feature, and which one changes from
    resample to resample); the elastic net's sit near the diagonal :math:`w_1 = w_2`.

    Returns
    -------
    dict
        One PathCollection per name of ``fits``, and ``diagonal``.
    """
    ax = _ax(ax, figsize=(5.4, 5.2))
    top = 1.08 * max(float(np.max(W)) for W in fits.values())
    out: dict[str, Any] = {}
    (out["diagonal"],) = ax.plot([0, top], [0, top], ":", color="0.5", lw=1.2,
                                 label="$w_1 = w_2$")
    palette = [COLORS["L1"], COLORS["ElasticNet"], COLORS["L2"], COLORS["Lp"]]
    markers = ["o", "s", "^", "D"]
    for (name, W), color, marker in zip(fits.items(), palette, markers, strict=False):
        out[name] = ax.scatter(W[:, 0], W[:, 1], s=28, color=color, marker=marker, alpha=0.6,
                               edgecolors="none", label=f"{name} ({len(W)} resamples)")
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.axvline(0.0, color="0.3", lw=0.8)
    ax.set_xlim(-0.05 * top, top)
    ax.set_ylim(-0.05 * top, top)
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.legend(loc="upper right", fontsize="small", frameon=True, facecolor="white",
              edgecolor="none", framealpha=0.9)
    return out
