r"""Figures of notebook 03: the penalty's slope and 1D gradient-descent trajectories."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ..dynamics import gd_trajectory, sqrt_cycle_amplitude
from ..penalties import L1, L2, Lp
from ..style import COLORS, LINESTYLES, MARKERS, penalty_color, penalty_style
from ._alt import described, fmt

__all__ = [
    "SlopeFrame",
    "slope_frame",
    "TrajectoryFrame",
    "trajectory_frame",
    "describe_penalty_slopes",
    "describe_trajectories",
    "describe_sqrt_orbits",
    "describe_penalty_level",
    "SLOPE_W",
    "SLOPE_YLIM",
    "TRAJ_YLIM",
    "ABS_YLIM",
    "trajectory_penalties",
    "guide_lines",
    "plot_penalty_slopes",
    "plot_trajectories",
    "plot_sqrt_orbits",
    "plot_penalty_level",
]

#: Weights of the slope plot (log-spaced) and its fixed y-range.
SLOPE_W: np.ndarray = np.geomspace(1e-4, 10.0, 400)
SLOPE_YLIM: tuple[float, float] = (1e-4, 1e4)
#: Fixed y-ranges of the trajectory panel: w_t (linear) and |w_t| (log).
TRAJ_YLIM: tuple[float, float] = (-1.15, 1.15)
ABS_YLIM: tuple[float, float] = (1e-6, 3.0)

_NAMES = {0.5: "sqrt", 1.0: "L1", 2.0: "L2"}
_LABELS = {
    0.5: r"root $\lambda\sqrt{|w|}$",
    1.0: r"absolute $\lambda|w|$",
    2.0: r"square $\lambda w^2$",
}


def _ax(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = plt.subplots()
    return ax


def trajectory_penalties(lam: float) -> dict[str, Any]:
    """The three penalties of the Q&A's plot, by name: ``L2``, ``L1``, ``sqrt`` (p = 1/2)."""
    return {"L2": L2(lam), "L1": L1(lam), "sqrt": Lp(0.5, lam)}


def describe_penalty_slopes(lam: float = 1.0, *, ps: Sequence[float] = (0.5, 1.0, 2.0),
                            current_p: float | None = None) -> str:
    """The alt text of :func:`plot_penalty_slopes`: each p's pull near 0 and at 1."""
    def pull(p: float, w: float) -> str:  # |d(λ|w|^p)/dw| = pλ|w|^(p-1) for w > 0
        return fmt(p * lam * w ** (p - 1.0))

    shown = list(ps) + ([current_p] if current_p is not None and current_p not in ps else [])
    parts = [f"p = {p:g}: {pull(p, 1e-3)} at |w| = 0.001 and {pull(p, 1.0)} at |w| = 1"
             for p in shown]
    return (f"How hard λ|w|^p pulls a weight towards 0, λ = {lam:.3g}, on log-log axes; "
            f"the pull {'; '.join(parts)}. Below p = 1 the pull grows without bound near 0.")


@dataclass(frozen=True, eq=False)
class SlopeFrame:
    r"""The pull :math:`|p\lambda|w|^{p-1}|` on :data:`SLOPE_W` for each p, at one λ."""

    lam: float
    ps: tuple[float, ...]
    current_p: float | None
    pulls: dict[float, np.ndarray]  # p -> pull on SLOPE_W (current_p included)

    def describe(self) -> str:
        """Each p's pull near 0 and at 1."""
        return describe_penalty_slopes(self.lam, ps=self.ps, current_p=self.current_p)


def slope_frame(lam: float = 1.0, *, ps: Sequence[float] = (0.5, 1.0, 2.0),
                current_p: float | None = None) -> SlopeFrame:
    """The frame of :func:`plot_penalty_slopes` and of the slope panel."""
    shown = [*ps, *([] if current_p is None else [current_p])]
    return SlopeFrame(float(lam), tuple(ps), current_p,
                      {float(p): np.abs(Lp(p, lam).grad(SLOPE_W)) for p in shown})


@described(describe_penalty_slopes)
def plot_penalty_slopes(
    lam: float = 1.0,
    *,
    ps: Sequence[float] = (0.5, 1.0, 2.0),
    current_p: float | None = None,
    ax: Axes | None = None,
) -> dict[str, Any]:
    r"""Magnitude of the penalty's slope :math:`|\tfrac{d}{dw}\lambda|w|^p| = p\lambda|w|^{p-1}`.

    Log-log axes: each p is a straight line of slope :math:`p - 1`; p < 1 blows up at 0.

    Returns
    -------
    dict
        ``p=0.5``, ``p=1``, ``p=2``... (lines), ``current`` (the line for ``current_p``, dashed).
    """
    ax = _ax(ax)
    w = SLOPE_W
    frame = slope_frame(lam, ps=ps, current_p=current_p)
    out: dict[str, Any] = {}
    for p in ps:
        pen = Lp(p, lam)
        label = _LABELS.get(float(p), rf"$\lambda|w|^{{{p:g}}}$")
        (out[f"p={p:g}"],) = ax.plot(w, frame.pulls[float(p)], color=penalty_color(pen), lw=2.4,
                                     label=label, **penalty_style(pen, markevery=w.size // 10))
    if current_p is not None:
        (out["current"],) = ax.plot(
            w, frame.pulls[float(current_p)], "--", color="black", lw=1.6,
            label=r"slider's $p$", zorder=4,
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(w[0], w[-1])
    ax.set_ylim(*SLOPE_YLIM)
    ax.set_xlabel("weight $|w|$")
    ax.set_ylabel(r"pull of the penalty $|\,d(\lambda|w|^p)/dw\,|$")
    ax.legend(loc="upper center", ncols=2, fontsize="small")
    return out


@dataclass(frozen=True, eq=False)
class TrajectoryFrame:
    r"""Gradient descent on the three penalties alone, at one :math:`(\eta, \lambda)`.

    Attributes
    ----------
    lr, lam : float
    t : ndarray
        Steps 0..n.
    trajectories : dict of str to ndarray
        :math:`w_t` for ``L2``, ``L1``, ``sqrt``.
    band, cycle : tuple of ndarray
        ``(x, y)`` of the :math:`\pm\eta\lambda` lines and of the :math:`\pm a` lines.
    amplitude : float
        The square root's cycle amplitude :math:`a = (\eta\lambda/4)^{2/3}`.
    """

    lr: float
    lam: float
    t: np.ndarray
    trajectories: dict[str, np.ndarray]
    band: tuple[np.ndarray, np.ndarray]
    cycle: tuple[np.ndarray, np.ndarray]
    amplitude: float

    def describe(self) -> str:
        """Where each trajectory ends and how far the last ten steps swing."""
        tr = self.trajectories
        swing = {k: float(np.abs(v[-10:]).max()) for k, v in tr.items()}
        l2 = tr["L2"][-1]
        l2_text = ("has reached exactly 0" if l2 == 0 else
                   f"has shrunk w to {fmt(l2)} without reaching 0")
        return (f"Gradient descent from w = {fmt(tr['L2'][0])} with η = {self.lr:.3g} and "
                f"λ = {self.lam:.3g}, {self.t[-1]} steps: L2 {l2_text}; over the last ten steps "
                f"L1 stays within ±{fmt(swing['L1'])} (its step ηλ is {fmt(self.lr * self.lam)}) "
                f"and the square root within ±{fmt(swing['sqrt'])} (cycle amplitude a = "
                f"{fmt(self.amplitude)}).")


def trajectory_frame(lr: float, lam: float, *, w0: float = 1.0, n_steps: int = 80
                     ) -> TrajectoryFrame:
    """The frame of :func:`plot_trajectories` and of the trajectory panel."""
    trajs = {name: gd_trajectory(pen, w0, lr=lr, n_steps=n_steps)
             for name, pen in trajectory_penalties(lam).items()}
    bx, by, cx, cy = guide_lines(lr, lam, n_steps)
    return TrajectoryFrame(float(lr), float(lam), np.arange(n_steps + 1), trajs, (bx, by),
                           (cx, cy), sqrt_cycle_amplitude(lr, lam))


def describe_trajectories(lr: float, lam: float, *, w0: float = 1.0, n_steps: int = 80) -> str:
    """The alt text of :func:`plot_trajectories`."""
    return trajectory_frame(lr, lam, w0=w0, n_steps=n_steps).describe()


def set_trajectories(out: dict[str, Any], frame: TrajectoryFrame) -> None:
    """Set a frame on the artists of :func:`plot_trajectories` (the panel's update)."""
    for name, traj in frame.trajectories.items():
        out[name].set_ydata(traj)
        if f"abs_{name}" in out:
            out[f"abs_{name}"].set_ydata(np.abs(traj))
    out["band"].set_ydata(frame.band[1])
    out["cycle"].set_ydata(frame.cycle[1])
    if "abs_band" in out:
        out["abs_band"].set_ydata(np.abs(frame.band[1][:2]))
        out["abs_cycle"].set_ydata(np.abs(frame.cycle[1][:2]))


@described(describe_trajectories)
def plot_trajectories(
    lr: float,
    lam: float,
    *,
    w0: float = 1.0,
    n_steps: int = 80,
    ax: Axes | None = None,
    log_ax: Axes | None = None,
) -> dict[str, Any]:
    r"""Gradient descent on :math:`\lambda w^2`, :math:`\lambda|w|`, :math:`\lambda\sqrt{|w|}`.

    ``ax``: :math:`w_t` against :math:`t`, with the L1 band :math:`\pm\eta\lambda` and the square
    root's cycle amplitude :math:`\pm a`. ``log_ax`` (optional): :math:`|w_t|` on a log scale,
    where L2's geometric decay is a straight line that never reaches 0.

    Returns
    -------
    dict
        ``L2``, ``L1``, ``sqrt`` (lines on ``ax``), ``band`` (the :math:`\pm\eta\lambda` lines),
        ``cycle`` (the :math:`\pm a` lines) and, with ``log_ax``, ``abs_L2``, ``abs_L1``,
        ``abs_sqrt``, ``abs_band``, ``abs_cycle``.
    """
    ax = _ax(ax)
    frame = trajectory_frame(lr, lam, w0=w0, n_steps=n_steps)
    t, trajs = frame.t, frame.trajectories
    (bx, by), (cx, cy) = frame.band, frame.cycle
    out: dict[str, Any] = {}
    labels = {"L2": r"$L_2$: shrinks by $1-2\eta\lambda$",
              "L1": r"$L_1$: steps of $\eta\lambda$",
              "sqrt": r"$\sqrt{|w|}$: overshoots"}
    (out["band"],) = ax.plot(bx, by, ":", color=COLORS["L1"], lw=1.3)
    (out["cycle"],) = ax.plot(cx, cy, ":", color=COLORS["sqrt"], lw=1.3)
    for name, traj in trajs.items():
        (out[name],) = ax.plot(t, traj, ls=LINESTYLES[name], marker=MARKERS[name], ms=3,
                               lw=1.4, color=COLORS[name], label=labels[name])
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.set_xlim(0, n_steps)
    ax.set_ylim(*TRAJ_YLIM)
    ax.set_xlabel("step $t$")
    ax.set_ylabel("weight $w_t$")
    ax.legend(loc="upper right", fontsize="small")
    if log_ax is not None:
        (out["abs_band"],) = log_ax.plot(bx[:2], np.abs(by[:2]), ":", color=COLORS["L1"], lw=1.3,
                                         label=r"$\eta\lambda$")
        (out["abs_cycle"],) = log_ax.plot(cx[:2], np.abs(cy[:2]), ":", color=COLORS["sqrt"],
                                          lw=1.3, label=r"$a = (\eta\lambda/4)^{2/3}$")
        for name, traj in trajs.items():
            (out[f"abs_{name}"],) = log_ax.plot(t, np.abs(traj), ls=LINESTYLES[name], lw=1.6,
                                                color=COLORS[name], marker=MARKERS[name],
                                                ms=4, markevery=8)
        log_ax.set_yscale("log")
        log_ax.set_xlim(0, n_steps)
        log_ax.set_ylim(*ABS_YLIM)
        log_ax.set_xlabel("step $t$")
        log_ax.set_ylabel(r"$|w_t|$ (log scale)")
        log_ax.legend(loc="lower left", fontsize="small")
    return out


def guide_lines(lr: float, lam: float, n_steps: int) -> tuple[np.ndarray, ...]:
    r"""Line data of the :math:`\pm\eta\lambda` band and the :math:`\pm a` cycle lines."""
    h, a = lr * lam, sqrt_cycle_amplitude(lr, lam)
    x = np.array([0, n_steps, np.nan, 0, n_steps], dtype=float)
    return x, np.array([h, h, np.nan, -h, -h]), x, np.array([a, a, np.nan, -a, -a])


@lru_cache(maxsize=8)
def _sqrt_orbit(c: float, w0: float, n_steps: int) -> np.ndarray:
    r"""The orbit :math:`|w_t|` of gradient descent on :math:`\sqrt{|w|}`, :math:`\eta\lambda = c`.

    Read-only: the figure and its alt text share one computation.
    """
    traj = np.abs(gd_trajectory(Lp(0.5, 1.0), w0, lr=c, n_steps=n_steps))
    traj.flags.writeable = False
    return traj


def describe_sqrt_orbits(lr_lams: Sequence[float] = (1e-3, 1e-2, 1e-1), *, w0: float = 1.0,
                         n_steps: int = 20000, burn_in: int = 5000, **_: Any) -> str:
    """The alt text of :func:`plot_sqrt_orbits`: each orbit's median size in units of a."""
    parts = []
    for c in lr_lams:
        a = sqrt_cycle_amplitude(c, 1.0)
        traj = _sqrt_orbit(float(c), float(w0), int(n_steps))[burn_in:]
        parts.append(f"ηλ = {c:g}: a = {fmt(a)}, median |w|/a = {fmt(np.median(traj / a))}")
    return ("Gradient descent on the square-root penalty never settles: it keeps orbiting 0 at "
            f"a size set by a = (ηλ/4)^(2/3); {'; '.join(parts)}.")


@described(describe_sqrt_orbits)
def plot_sqrt_orbits(
    lr_lams: Sequence[float] = (1e-3, 1e-2, 1e-1),
    *,
    w0: float = 1.0,
    n_steps: int = 20000,
    burn_in: int = 5000,
    show_steps: int = 150,
    axes: Any = None,
) -> dict[str, Any]:
    r"""The square root's gradient-descent orbits: raw, and in units of the cycle amplitude.

    Left: :math:`|w_t|` over the last ``show_steps`` steps for each :math:`\eta\lambda`, with its
    :math:`a = (\eta\lambda/4)^{2/3}` dotted. Right: the distribution of :math:`|w_t|/a` after
    ``burn_in`` steps (log-spaced bins): the same curve whatever :math:`\eta\lambda`, since in
    units of :math:`a` the map does not depend on it.

    Returns
    -------
    dict
        ``orbit <c>`` and ``hist <c>`` for each ``lr*lam`` value ``c``, ``one`` (the level 1)
        and ``legend`` (one figure legend below both panels).
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
    ax_raw, ax_hist = axes
    cmap = plt.get_cmap("viridis")
    out: dict[str, Any] = {}
    bins = np.geomspace(1e-3, 1e3, 61)
    t = np.arange(n_steps - show_steps, n_steps + 1)
    for i, c in enumerate(lr_lams):
        color = cmap(0.8 * i / max(len(lr_lams) - 1, 1))
        ls = ("-", "--", "-.", ":")[i % 4]
        a = sqrt_cycle_amplitude(c, 1.0)
        traj = _sqrt_orbit(float(c), float(w0), int(n_steps))
        label = rf"$\eta\lambda = {c:g}$,  $a = {a:.3g}$"
        (out[f"orbit {c:g}"],) = ax_raw.plot(t, traj[-show_steps - 1:], lw=1.1, color=color,
                                             ls=ls, label=label)
        ax_raw.axhline(a, color=color, ls=":", lw=1.4)
        dens, _ = np.histogram(traj[burn_in:] / a, bins=bins)
        dens = dens / dens.sum() / np.diff(np.log10(bins))
        out[f"hist {c:g}"] = ax_hist.stairs(dens, bins, color=color, lw=2.0, ls=ls, label=label)
    out["one"] = ax_hist.axvline(1.0, color="black", lw=1.2, ls="--")
    ax_raw.set_yscale("log")
    ax_raw.set_xlim(t[0], t[-1])
    ax_raw.set_xlabel("step $t$")
    ax_raw.set_ylabel(r"$|w_t|$ (dotted: $a$)")
    ax_raw.set_ylim(1e-5, 10)
    ax_hist.set_xscale("log")
    ax_hist.set_xlim(bins[0], bins[-1])
    ax_hist.set_xlabel(r"$|w_t| / a$")
    ax_hist.set_ylabel(r"fraction of steps per decade")
    # one legend for both panels, below them: inside either axes it would cover the data
    fig = ax_raw.figure
    outside = fig.get_layout_engine() is not None
    out["legend"] = fig.legend(*ax_raw.get_legend_handles_labels(), ncols=len(lr_lams),
                               loc="outside lower center" if outside else "lower center")
    return out


def describe_penalty_level(lams: np.ndarray, level: np.ndarray, predicted: np.ndarray, *,
                           qa: dict[float, float] | None = None) -> str:
    """The alt text of :func:`plot_penalty_level`: the fitted slopes on log-log axes."""
    lams = np.asarray(lams, float)
    s_sim = np.polyfit(np.log(lams), np.log(np.asarray(level, float)), 1)[0]
    s_pred = np.polyfit(np.log(lams), np.log(np.asarray(predicted, float)), 1)[0]
    text = (f"The sum of square roots of the weights against λ from {fmt(lams.min())} to "
            f"{fmt(lams.max())}, relative to λ = 1: the simulation grows like λ^{s_sim:.2f}, the "
            f"2-cycle model like λ^{s_pred:.2f}")
    if qa:
        q_l = np.array(sorted(qa))
        q_s = np.array([qa[k] / k for k in q_l])
        if q_l.size > 1:
            text += f", the Q&A's losses like λ^{np.polyfit(np.log(q_l), np.log(q_s), 1)[0]:.2f}"
    return text + "."


@described(describe_penalty_level)
def plot_penalty_level(
    lams: np.ndarray,
    level: np.ndarray,
    predicted: np.ndarray,
    *,
    qa: dict[float, float] | None = None,
    ax: Axes | None = None,
) -> dict[str, Any]:
    r"""Sum of :math:`\sqrt{|w_i|}` (the penalty over :math:`\lambda`) against :math:`\lambda`.

    All curves are divided by their value at :math:`\lambda = 1` (the Q&A's network and our
    simulation have different sizes and learning rates): the slope is what compares.

    Parameters
    ----------
    lams, level : numpy.ndarray
        Simulated sums (e.g. :func:`regviz.dynamics.sqrt_penalty_level`); ``lams`` contains 1.
    predicted : numpy.ndarray
        The cycle model's :math:`C N \sqrt{a(\lambda)}` at ``lams``.
    qa : dict, optional
        The Q&A's reported final loss by :math:`\lambda` (loss / :math:`\lambda` = sum of roots).

    Returns
    -------
    dict
        ``simulated``, ``predicted`` and ``qa`` (when given).
    """
    ax = _ax(ax)
    lams = np.asarray(lams, dtype=float)
    i1 = int(np.argmin(np.abs(lams - 1.0)))
    out: dict[str, Any] = {}
    (out["predicted"],) = ax.plot(lams, predicted / predicted[i1], "--", color="0.3", lw=1.8,
                                  label=r"2-cycle model $\propto \lambda^{1/3}$")
    (out["simulated"],) = ax.plot(lams, level / level[i1], "o-", color=COLORS["sqrt"],
                                  label="simulation (2000 weights, weak data term)")
    if qa:
        q_l = np.array(sorted(qa))
        q_s = np.array([qa[k] / k for k in q_l])
        ref = qa.get(1.0, q_s[0] * q_l[0])
        (out["qa"],) = ax.plot(q_l, q_s / ref, "s", color=COLORS["accent"], ms=10,
                               label=r"Q&A: final loss / $\lambda$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$\lambda$")
    ax.set_ylabel(r"$\sum_i \sqrt{|w_i|}$, relative to $\lambda = 1$")
    ax.legend(loc="upper left", fontsize="small")
    return out
