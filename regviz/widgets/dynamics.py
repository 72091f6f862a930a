r"""Notebook 03's panels: the penalty's slope and 1D gradient-descent trajectories."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..penalties import Lp
from ..plots.dynamics import (
    SlopeFrame,
    TrajectoryFrame,
    plot_penalty_slopes,
    plot_trajectories,
    set_trajectories,
    slope_frame,
    trajectory_frame,
)
from ._panel import Panel, make_figure
from .controls import log_slider, p_slider

__all__ = ["SlopePanel", "TrajectoryPanel", "BENCHMARK_VIEWS"]

#: p values of the slope panel: 0.1 to 10 on a log scale (no infinity: the slope is then 0 or ∞).
#: 0.501 and 1.995 of the log grid are replaced by exactly 0.5 and 2.
SLOPE_P_VALUES: tuple[float, ...] = tuple(
    sorted({*np.round(np.geomspace(0.1, 10.0, 41), 3).tolist(), 0.5, 2.0} - {0.501, 1.995})
)


class SlopePanel(Panel):
    r"""The pull :math:`p\lambda|w|^{p-1}` of the penalty on log-log axes, p and λ sliders.

    The root, absolute and square curves (Q&A's plot) are redrawn for λ; the dashed line is the
    slider's p.
    """

    def __init__(self, p: float = 0.5, lam: float = 1.0) -> None:
        fig, ax = make_figure(figsize=(8.5, 4.6))
        self.ax = ax
        self.artists = plot_penalty_slopes(lam, current_p=p, ax=ax)
        ax.set_title(r"how hard $\lambda|w|^p$ pulls a weight towards 0")
        controls = {
            "p": p_slider(p, options=SLOPE_P_VALUES),
            "lam": log_slider("λ", lam, -2, 2, 0.05),
        }
        names = ("p=0.5", "p=1", "p=2", "current")
        super().__init__(fig, controls, dynamic=[self.artists[k] for k in names])
        self.update(p=p, lam=lam)

    def compute_frame(self, p: float, lam: float) -> SlopeFrame:  # noqa: D102
        return slope_frame(lam, current_p=p)

    def draw_frame(self, f: SlopeFrame) -> None:  # noqa: D102
        for q in f.ps:
            self.artists[f"p={q:g}"].set_ydata(f.pulls[q])
        self.artists["current"].set_ydata(f.pulls[float(f.current_p)])
        p, lam = f.current_p, f.lam
        self.readout.value = (
            f"p = {p:g}, λ = {lam:.3g}: pull at |w| = 0.001 is "
            f"<b>{abs(float(Lp(p, lam).grad(1e-3))):.4g}</b>, at |w| = 1 it is "
            f"<b>{abs(float(Lp(p, lam).grad(1.0))):.4g}</b>"
        )


class TrajectoryPanel(Panel):
    r"""Gradient descent on :math:`\lambda w^2`, :math:`\lambda|w|`, :math:`\lambda\sqrt{|w|}`.

    Sliders: the learning rate ``lr`` and ``lam``. Left: :math:`w_t`; right: :math:`|w_t|` on a
    log scale, with the L1 band :math:`\eta\lambda` and the root's cycle amplitude
    :math:`a = (\eta\lambda/4)^{2/3}`.
    """

    def __init__(self, lr: float = 0.1, lam: float = 0.3, *, w0: float = 1.0,
                 n_steps: int = 80) -> None:
        self.w0, self.n_steps = w0, n_steps
        fig, (ax, log_ax) = make_figure(1, 2, figsize=(9, 3.6))
        self.artists = plot_trajectories(lr, lam, w0=w0, n_steps=n_steps, ax=ax, log_ax=log_ax)
        ax.set_title(r"gradient descent on $\lambda|w|^p$ alone")
        log_ax.set_title(r"$L_2$ never reaches 0; $L_1$ and $\sqrt{\cdot}$ hop around it")
        controls = {
            "lr": log_slider("learning rate η", lr, -2.5, -0.5, 0.05),
            "lam": log_slider("λ", lam, -2, 0, 0.05),
        }
        names = ("L2", "L1", "sqrt", "band", "cycle", "abs_L2", "abs_L1", "abs_sqrt",
                 "abs_band", "abs_cycle")
        super().__init__(fig, controls, dynamic=[self.artists[k] for k in names])
        self.update(lr=lr, lam=lam)

    def trajectories(self, lr: float, lam: float) -> dict[str, np.ndarray]:
        """The three trajectories for these values, by name (``L2``, ``L1``, ``sqrt``)."""
        return self.compute_frame(lr, lam).trajectories

    def compute_frame(self, lr: float, lam: float) -> TrajectoryFrame:  # noqa: D102
        return trajectory_frame(lr, lam, w0=self.w0, n_steps=self.n_steps)

    def draw_frame(self, frame: TrajectoryFrame) -> None:  # noqa: D102
        set_trajectories(self.artists, frame)
        lr, lam, amp = frame.lr, frame.lam, frame.amplitude
        self.readout.value = (
            f"η = {lr:.3g}, λ = {lam:.3g}: L2 factor per step 1 − 2ηλ = <b>{1 - 2 * lr * lam:.4g}"
            f"</b>; L1 step ηλ = <b>{lr * lam:.4g}</b>; root cycle a = (ηλ/4)^(2/3) = "
            f"<b>{amp:.4g}</b>"
        )

    @property
    def state(self) -> dict[str, Any]:
        """The plotted trajectories, by name: for tests."""
        return {k: self.artists[k].get_ydata() for k in ("L2", "L1", "sqrt")}


#: Views timed by benchmarks/slider_latency.py: factory and the values each control sweeps.
BENCHMARK_VIEWS = {
    "03 penalty slope": (
        SlopePanel,
        {"p": list(SLOPE_P_VALUES[::4]), "lam": list(np.geomspace(0.01, 100.0, 11))},
    ),
    "03 gradient descent 1D": (
        TrajectoryPanel,
        {"lr": list(np.geomspace(0.005, 0.3, 11)), "lam": list(np.geomspace(0.01, 1.0, 11))},
    ),
}
