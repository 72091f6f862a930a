r"""Figures of notebook 04: proximal maps, subgradient vs proximal steps, the L1 plateau, ISTA."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ..dynamics import gd_trajectory, prox_trajectory
from ..penalties import L0, L1, L2, ElasticNet, Lp, Penalty
from ..solvers import SolverResult
from ..style import COLORS, LINESTYLES, penalty_color
from ._alt import described, fmt

__all__ = [
    "PlateauFrame",
    "plateau_frame",
    "ProxMapsFrame",
    "prox_maps_frame",
    "SubgradProxFrame",
    "subgrad_prox_frame",
    "describe_prox_maps",
    "describe_subgrad_vs_prox",
    "describe_plateau",
    "describe_plateau_widths",
    "describe_solver_comparison",
    "prox_sentence",
    "trajectories_sentence",
    "plateau_sentence",
    "solver_sentence",
    "PROX_Z",
    "PLATEAU_BINS",
    "prox_penalties",
    "threshold_xy",
    "break_jumps",
    "draw_prox_map",
    "plot_prox_maps",
    "plot_subgrad_vs_prox",
    "plot_plateau",
    "plot_plateau_widths",
    "plot_solver_comparison",
]

#: Inputs z of the proximal-map panels and the histogram bins (in units of lr*lam) of the plateau.
PROX_Z: np.ndarray = np.linspace(-3.0, 3.0, 1201)
PLATEAU_BINS: np.ndarray = np.linspace(-2.0, 2.0, 81)


def _ax(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = plt.subplots()
    return ax


def prox_penalties() -> dict[str, Penalty]:
    r"""The five penalties of the proximal-map figure, each with :math:`\lambda = 1`."""
    return {
        "L2": L2(1.0),
        "L1": L1(1.0),
        "L0": L0(1.0),
        "L1/2": Lp(0.5, 1.0),
        "elastic net": ElasticNet(1.0, 0.5),
    }


_TITLES = {
    "L2": r"$L_2$: shrink by $1+2t$",
    "L1": r"$L_1$: soft threshold",
    "L0": r"$L_0$: hard threshold",
    "L1/2": r"$L_{1/2}$: half threshold",
    "elastic net": r"elastic net ($\ell_2 = \ell_1/2$)",
}


def threshold_xy(thr: float, ylim: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Data of one Line2D drawing the two vertical threshold lines at ``±thr`` (empty if 0)."""
    if thr <= 0:
        return np.array([np.nan]), np.array([np.nan])
    return (np.array([-thr, -thr, np.nan, thr, thr]),
            np.array([ylim[0], ylim[1], np.nan, ylim[0], ylim[1]]))


def break_jumps(y: np.ndarray, *, max_step: float = 0.1) -> np.ndarray:
    """Copy of ``y`` with NaN after each jump larger than ``max_step``, so no line joins a jump.

    A proximal map that jumps (L0, :math:`L_{1/2}`) takes no value in between; a plotted line
    would suggest it does. On :data:`PROX_Z` (spacing 0.005) continuous maps move by at most
    0.005 per point.
    """
    y = np.array(y, dtype=float)
    jump = np.flatnonzero(np.abs(np.diff(y)) > max_step)
    y[np.where(y[jump] == 0, jump + 1, jump)] = np.nan  # blank the point off zero
    return y


def prox_sentence(t: float, thresholds: dict[str, float]) -> str:
    """One sentence on the proximal maps at ``t``: below which |z| each returns exactly 0."""
    zero = [f"{name} below |z| = {thr:.3g}" for name, thr in thresholds.items() if thr > 0]
    never = [name for name, thr in thresholds.items() if thr <= 0]
    text = f"Proximal maps at t = step·λ = {t:.3g}: exactly 0 for " + (
        "; ".join(zero) if zero else "no input")
    if never:
        text += f"; {' and '.join(never)} never return{'s' if len(never) == 1 else ''} 0 there"
    return text + "."


@dataclass(frozen=True, eq=False)
class ProxMapsFrame:
    """The proximal maps at one ``t = step·λ``: each map on :data:`PROX_Z` and its threshold."""

    t: float
    maps: dict[str, np.ndarray]  # jumps broken by NaN (break_jumps)
    thresholds: dict[str, float]

    def describe(self) -> str:
        """Below which |z| each map returns exactly 0."""
        return prox_sentence(self.t, self.thresholds)


def prox_maps_frame(t: float) -> ProxMapsFrame:
    """The frame of :func:`plot_prox_maps` and of the proximal-map panel."""
    pens = prox_penalties()
    maps = {n: break_jumps(p.prox(PROX_Z, step=t)) for n, p in pens.items()}
    return ProxMapsFrame(float(t), maps, {n: p.threshold(t) for n, p in pens.items()})


def describe_prox_maps(t: float) -> str:
    """The alt text of :func:`plot_prox_maps`."""
    return prox_maps_frame(t).describe()


@described(describe_prox_maps)
def plot_prox_maps(t: float, *, axes: Any = None) -> dict[str, Any]:
    r"""The maps :math:`z \mapsto \operatorname{prox}_{t\,\mathrm{pen}}(z)` side by side.

    ``t`` is step times :math:`\lambda` (every penalty has :math:`\lambda = 1`); dotted: the
    identity; no line joins a jump (:func:`break_jumps`); dashed grey: the thresholds
    :math:`\pm` ``penalty.threshold(t)`` below which the map returns exactly 0.

    Returns
    -------
    dict
        For each name of :func:`prox_penalties`: the map line under the name and the threshold
        line under ``name + " thr"``.
    """
    pens = prox_penalties()
    if axes is None:
        _, axes = plt.subplots(1, len(pens), figsize=(9, 2.6), sharey=True)
    z = PROX_Z
    frame = prox_maps_frame(t)
    out: dict[str, Any] = {}
    for ax, (name, pen) in zip(np.ravel(axes), pens.items(), strict=True):
        out[name], out[name + " thr"] = draw_prox_map(
            ax, z, frame.maps[name], frame.thresholds[name], title=_TITLES[name],
            color=penalty_color(pen), lw=2.4,
        )
    np.ravel(axes)[0].set_ylabel(r"$\mathrm{prox}_{t\,\mathrm{pen}}(z)$")
    return out


def draw_prox_map(
    ax: Axes, z: np.ndarray, y: np.ndarray, threshold: float, *, title: str, color: Any,
    lw: float = 2.4,
) -> tuple[Any, Any]:
    r"""One proximal map :math:`z \mapsto y` on a square axes, with the identity and thresholds.

    Dotted: the identity :math:`y = z`; dashed grey: :math:`\pm` ``threshold``, the largest
    :math:`|z|` the map sends to exactly 0 (:func:`threshold_xy`).

    Returns
    -------
    tuple
        The map's line and the thresholds' line.
    """
    lim = (z[0], z[-1])
    ax.plot(z, z, ":", color="0.55", lw=1.2)
    (thr,) = ax.plot(*threshold_xy(threshold, lim), "--", color="0.4", lw=1.1)
    (line,) = ax.plot(z, y, color=color, lw=lw)
    ax.set_title(title, fontsize="medium")
    ax.set_xlim(*lim)
    ax.set_ylim(*lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$z$")
    return line, thr


def trajectories_sentence(lr: float, lam: float, sub: np.ndarray, prox: np.ndarray) -> str:
    """One sentence comparing where subgradient and proximal steps end up."""
    swing = float(np.abs(sub[-6:]).max())
    prox_end = ("stays at exactly 0" if np.all(prox[-6:] == 0)
                else f"ends at {fmt(prox[-1])}")
    sub_zero = int(np.sum(sub == 0))
    hits = ("never landing on exactly 0" if sub_zero == 0 else
            f"landing on exactly 0 {sub_zero} time{'' if sub_zero == 1 else 's'}")
    return (f"With η = {lr:.3g} and λ = {lam:.3g}, the proximal step {prox_end}, while the "
            f"subgradient step ends at {fmt(sub[-1])} and swings within ±{fmt(swing)} over its "
            f"last steps, {hits}.")


@dataclass(frozen=True, eq=False)
class SubgradProxFrame:
    r"""Subgradient and proximal steps on :math:`\tfrac{k}{2}(w - c)^2 + \lambda|w|` at (η, λ)."""

    lr: float
    lam: float
    subgradient: np.ndarray
    prox: np.ndarray
    w_star: float  # the exact minimiser, soft threshold of c at λ/k

    @property
    def band(self) -> list[float]:
        """Y data of the ±ηλ lines."""
        h = self.lr * self.lam
        return [h, h, np.nan, -h, -h]

    def describe(self) -> str:
        """Where the minimiser is, and where each method ends up."""
        where = "exactly 0" if self.w_star == 0 else f"{self.w_star:.3g}"
        return (f"The minimiser is {where}. "
                + trajectories_sentence(self.lr, self.lam, self.subgradient, self.prox))


def subgrad_prox_frame(lr: float, lam: float, *, w0: float = 1.0, n_steps: int = 40,
                       curvature: float = 1.0, target: float = 0.3) -> SubgradProxFrame:
    """The frame of :func:`plot_subgrad_vs_prox` and of the subgradient-vs-prox panel."""
    kw = {"lr": lr, "n_steps": n_steps, "curvature": curvature, "target": target}
    w_star = float(np.sign(target) * max(abs(target) - lam / curvature, 0.0))
    return SubgradProxFrame(float(lr), float(lam), gd_trajectory(L1(lam), w0, **kw),
                            prox_trajectory(L1(lam), w0, **kw), w_star)


def describe_subgrad_vs_prox(lr: float, lam: float, *, w0: float = 1.0, n_steps: int = 40,
                             curvature: float = 1.0, target: float = 0.3) -> str:
    """The alt text of :func:`plot_subgrad_vs_prox`."""
    return subgrad_prox_frame(lr, lam, w0=w0, n_steps=n_steps, curvature=curvature,
                              target=target).describe()


@described(describe_subgrad_vs_prox)
def plot_subgrad_vs_prox(
    lr: float,
    lam: float,
    *,
    w0: float = 1.0,
    n_steps: int = 40,
    curvature: float = 1.0,
    target: float = 0.3,
    ax: Axes | None = None,
) -> dict[str, Any]:
    r"""Subgradient vs proximal steps on :math:`\tfrac{k}{2}(w - c)^2 + \lambda|w|`.

    When :math:`k|c| < \lambda` the minimiser is exactly 0: the proximal step lands there and
    stays; the subgradient step crosses zero back and forth.

    Returns
    -------
    dict
        ``subgradient``, ``prox`` (lines with markers) and ``band`` (the :math:`\pm\eta\lambda`
        lines).
    """
    ax = _ax(ax)
    t = np.arange(n_steps + 1)
    frame = subgrad_prox_frame(lr, lam, w0=w0, n_steps=n_steps, curvature=curvature,
                               target=target)
    sub, prox = frame.subgradient, frame.prox
    out: dict[str, Any] = {}
    (out["band"],) = ax.plot([0, n_steps, np.nan, 0, n_steps], frame.band, ":",
                             color="0.4", lw=1.2, label=r"$\pm\eta\lambda$")
    sub_label = r"subgradient: $w - \eta(l'(w) + \lambda\,\mathrm{sign}\,w)$"
    (out["subgradient"],) = ax.plot(t, sub, "-o", ms=3.5, lw=1.3, color=COLORS["subgradient"],
                                    label=sub_label)
    (out["prox"],) = ax.plot(t, prox, "-s", ms=3.5, lw=1.6, color=COLORS["prox"],
                             label=r"proximal: soft threshold of $w - \eta\, l'(w)$")
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.set_xlim(0, n_steps)
    ax.set_ylim(-0.35, 1.05)
    ax.set_xlabel("step $t$")
    ax.set_ylabel("weight $w_t$")
    ax.legend(loc="upper right", fontsize="small")
    return out


def plateau_sentence(w: np.ndarray, lr: float, lam: float) -> str:
    """One sentence: the measured plateau width against the formula 2ηλ."""
    from ..dynamics import plateau_width

    width = plateau_width(np.asarray(w))
    inside = float(np.mean(np.abs(np.asarray(w)) <= lr * lam))
    return (f"Histogram of {np.size(w)} weights after subgradient L1 steps with η = {lr:.3g}, "
            f"λ = {lam:.3g}: {100 * inside:.3g} % sit within ±ηλ = ±{fmt(lr * lam)}, a plateau "
            f"{fmt(width)} wide against the formula 2ηλ = {fmt(2 * lr * lam)}.")


@dataclass(frozen=True, eq=False)
class PlateauFrame:
    r"""Weights after subgradient L1 steps and their density in units of :math:`\eta\lambda`."""

    w: np.ndarray
    lr: float
    lam: float
    density: np.ndarray  # over PLATEAU_BINS

    def describe(self) -> str:
        """The measured plateau against the formula 2ηλ."""
        return plateau_sentence(self.w, self.lr, self.lam)


def plateau_frame(w: np.ndarray, lr: float, lam: float) -> PlateauFrame:
    """The frame of :func:`plot_plateau` and of the plateau panel."""
    w = np.asarray(w)
    dens, _ = np.histogram(w / (lr * lam), bins=PLATEAU_BINS, density=True)
    return PlateauFrame(w, float(lr), float(lam), dens)


def describe_plateau(w: np.ndarray, lr: float, lam: float) -> str:
    """The alt text of :func:`plot_plateau`."""
    return plateau_frame(w, lr, lam).describe()


@described(describe_plateau)
def plot_plateau(w: np.ndarray, lr: float, lam: float, *, ax: Axes | None = None) -> dict[str, Any]:
    r"""Histogram of weights in units of :math:`\eta\lambda`, with the plateau :math:`[-1, 1]`.

    The density is normalised so that the uniform distribution on :math:`[-\eta\lambda,
    \eta\lambda]` has height 1/2.

    Returns
    -------
    dict
        ``hist`` (a StepPatch), ``uniform`` (the predicted density), ``edges`` (the two lines at
        :math:`\pm 1`).
    """
    ax = _ax(ax)
    out: dict[str, Any] = {}
    out["hist"] = ax.stairs(plateau_frame(w, lr, lam).density, PLATEAU_BINS, fill=True,
                            color=COLORS["subgradient"], alpha=0.55, label="simulated weights")
    (out["uniform"],) = ax.plot([-2, -1, -1, 1, 1, 2], [0, 0, 0.5, 0.5, 0, 0], color="black",
                                lw=1.6, label=r"uniform on $[-\eta\lambda, \eta\lambda]$")
    (out["edges"],) = ax.plot([-1, -1, np.nan, 1, 1], [0, 1, np.nan, 0, 1], "--", color="0.4",
                              lw=1)
    ax.set_xlim(PLATEAU_BINS[0], PLATEAU_BINS[-1])
    ax.set_ylim(0, 0.9)
    ax.set_xlabel(r"weight in units of $\eta\lambda$")
    ax.set_ylabel("density")
    ax.legend(loc="upper right", fontsize="small")
    return out


def describe_plateau_widths(products: np.ndarray, widths: np.ndarray, **_: Any) -> str:
    """The alt text of :func:`plot_plateau_widths`."""
    products, widths = np.asarray(products, float), np.asarray(widths, float)
    ratio = widths / (2 * products)
    return (f"Measured plateau widths for ηλ from {fmt(products.min())} to {fmt(products.max())} "
            f"against the formula 2ηλ: measured / formula ranges from {ratio.min():.3g} to "
            f"{ratio.max():.3g}.")


@described(describe_plateau_widths)
def plot_plateau_widths(
    products: np.ndarray, widths: np.ndarray, *, current: float | None = None,
    ax: Axes | None = None,
) -> dict[str, Any]:
    r"""Measured plateau widths against :math:`\eta\lambda`, with the formula :math:`2\eta\lambda`.

    Returns
    -------
    dict
        ``formula``, ``measured`` and, when ``current`` (a width) is given, ``current``.
    """
    ax = _ax(ax)
    products = np.asarray(products, dtype=float)
    out: dict[str, Any] = {}
    (out["formula"],) = ax.plot(products, 2 * products, color="black", lw=1.6,
                                label=r"primer: $2\eta\lambda$")
    (out["measured"],) = ax.plot(products, widths, "o", color=COLORS["subgradient"], ms=6,
                                 label="measured")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$\eta\lambda$")
    ax.set_ylabel("plateau width")
    ax.legend(loc="upper left", fontsize="small")
    return out


def solver_sentence(ista_result: SolverResult, sub_result: SolverResult,
                    w_true: np.ndarray) -> str:
    """One sentence: exact zeros and final objectives of ISTA and subgradient descent."""
    zi, zs, zt = (int(np.sum(np.asarray(w) == 0)) for w in
                  (ista_result.w, sub_result.w, w_true))
    hits = int(np.sum((ista_result.w == 0) == (w_true == 0)))
    return (f"After {ista_result.objective.size - 1} iterations ISTA has {zi} exact zeros and "
            f"subgradient descent {zs} (the truth has {zt}); ISTA gets the zero pattern right on "
            f"{hits} of {w_true.size} coordinates; final objective ISTA "
            f"{ista_result.objective[-1]:.5g}, subgradient {sub_result.objective[-1]:.5g}.")


def describe_solver_comparison(ista_result: SolverResult, sub_result: SolverResult,
                               w_true: np.ndarray, **_: Any) -> str:
    """The alt text of :func:`plot_solver_comparison`."""
    return solver_sentence(ista_result, sub_result, w_true)


@described(describe_solver_comparison)
def plot_solver_comparison(
    ista_result: SolverResult,
    sub_result: SolverResult,
    w_true: np.ndarray,
    *,
    f_star: float | None = None,
    counts_in_legend: bool = True,
    axes: Any = None,
) -> dict[str, Any]:
    r"""ISTA vs subgradient descent: objective gap per iteration and the final weights.

    Left: :math:`F(w_k) - F^\star` (log scale); ``f_star`` defaults to the smallest objective
    seen. Right: :math:`|w_j|` per coordinate on a log scale; exact zeros sit on the bottom line,
    labelled "exactly 0". With ``counts_in_legend`` the legend says how many exact zeros each
    method found (a slider panel shows them in its readout instead).

    Returns
    -------
    dict
        ``ista_obj``, ``sub_obj``, ``true``, ``ista_w``, ``sub_w``.
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(9, 3.6))
    ax_obj, ax_w = axes
    if f_star is None:
        f_star = min(ista_result.objective.min(), sub_result.objective.min())
    out: dict[str, Any] = {}
    gap_i = np.maximum(ista_result.objective - f_star, 1e-16)
    gap_s = np.maximum(sub_result.objective - f_star, 1e-16)
    (out["ista_obj"],) = ax_obj.plot(gap_i, color=COLORS["prox"], ls=LINESTYLES["prox"],
                                     label="ISTA (proximal)")
    (out["sub_obj"],) = ax_obj.plot(gap_s, color=COLORS["subgradient"],
                                    ls=LINESTYLES["subgradient"], label="subgradient")
    ax_obj.set_yscale("log")
    ax_obj.set_xlabel("iteration")
    ax_obj.set_ylabel(r"objective $-$ best objective")
    ax_obj.legend(loc="center right", fontsize="small")
    ax_obj.set_title("objective per iteration")
    floor = 1e-8
    j = np.arange(w_true.size)

    def shown(w):
        a = np.abs(w)
        return np.where(a == 0, floor, a)

    (out["true"],) = ax_w.plot(j, shown(w_true), "_", color="black", ms=14, mew=2,
                               label=r"true $|w^\star_j|$")
    sub_label, ista_label = "subgradient", "ISTA"
    if counts_in_legend:
        sub_label += f": {np.sum(sub_result.w == 0)} zeros"
        ista_label += f": {np.sum(ista_result.w == 0)} exact zeros"
    (out["sub_w"],) = ax_w.plot(j, shown(sub_result.w), "o", color=COLORS["subgradient"], ms=6,
                                alpha=0.85, label=sub_label)
    (out["ista_w"],) = ax_w.plot(j, shown(ista_result.w), "s", color=COLORS["prox"], ms=5,
                                 label=ista_label)
    ax_w.set_yscale("log")
    ax_w.set_ylim(floor / 3, 10)
    ax_w.set_yticks([floor, 1e-6, 1e-4, 1e-2, 1], ["exactly 0", "1e-6", "1e-4", "0.01", "1"])
    ax_w.set_xlabel("coordinate $j$")
    ax_w.set_ylabel(r"$|w_j|$")
    ax_w.set_title("final weights: only the prox gives exact zeros")
    ax_w.legend(loc="center right", bbox_to_anchor=(1.0, 0.38), fontsize="small")
    return out
