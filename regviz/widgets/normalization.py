r"""Notebook 12's panel: learning rate, weight decay and momentum move the equilibrium.

The idealised dynamics of :func:`regviz.normalization.simulate_sphere` (gradients orthogonal to
the weights, of size :math:`1/\|W\|`), simulated again at each slider move (about 0.1 s): the
norm settles and the angle per step meets :math:`\sqrt{2\eta\lambda/(1+\mu)}`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..normalization import SphereRun, relaxation_steps, simulate_sphere
from ..plots.normalization import plot_sphere_run, running_rms
from ._panel import Panel, make_figure
from .controls import float_slider, log_slider

__all__ = ["EquilibriumFrame", "EquilibriumPanel", "BENCHMARK_VIEWS"]


class EquilibriumPanel(Panel):
    r"""Norm and angle per step of a scale-invariant layer under SGD with weight decay.

    Sliders: learning rate, torch-style weight decay (both log scale) and momentum. The
    readout gives the predicted angle, the measured RMS angle over the last 500 steps, the
    final norm and the relaxation time :math:`(1-\mu)/(2\eta\lambda)` in steps.
    """

    STEPS = 2000
    NORM0 = 3.0

    def __init__(self, lr: float = 0.1, weight_decay: float = 0.01,
                 momentum: float = 0.0) -> None:
        fig, axes = make_figure(1, 2, figsize=(9.0, 3.4))
        frame = self.compute_frame(lr=lr, weight_decay=weight_decay, momentum=momentum)
        self.artists = plot_sphere_run(frame.run, axes=axes)  # the first frame, drawn once
        axes[0].set_ylim(0.05, 20.0)
        axes[1].set_ylim(1e-3, 1.0)
        controls = {
            "lr": log_slider("learning rate η", lr, -3, 0, 0.05),
            "weight_decay": log_slider("weight decay λ (torch)", weight_decay, -4, -1, 0.05),
            "momentum": float_slider("momentum μ", momentum, 0.0, 0.95, 0.05),
        }
        super().__init__(fig, controls, dynamic=list(self.artists.values()))
        self.frame = frame
        self.draw_frame(frame)

    def compute_frame(self, lr: float, weight_decay: float,  # noqa: D102
                      momentum: float) -> EquilibriumFrame:
        run = simulate_sphere(lr, weight_decay, momentum, steps=self.STEPS, norm0=self.NORM0)
        return EquilibriumFrame(lr, weight_decay, momentum, run, self.STEPS, self.NORM0)

    def draw_frame(self, frame: EquilibriumFrame) -> None:  # noqa: D102
        a, run = self.artists, frame.run
        a["norm"].set_ydata(run.norm)
        a["angle"].set_ydata(running_rms(run.angle))
        a["predicted"].set_ydata([run.predicted, run.predicted])
        tau = relaxation_steps(frame.lr, frame.weight_decay, frame.momentum)
        self.readout.value = (
            f"η = {frame.lr:.3g}, λ = {frame.weight_decay:.3g}, μ = {frame.momentum:.2f}: "
            f"predicted angle <b>{run.predicted:.4f}</b> rad/step, measured (RMS, last 500 "
            f"steps) <b>{run.rms_angle(500):.4f}</b>; norm at the end <b>{run.norm[-1]:.3g}</b>; "
            f"relaxation time (1 − μ)/(2ηλ) ≈ <b>{tau:.0f}</b> steps"
            + (" (longer than the run: not at equilibrium yet)" if tau > self.STEPS / 3 else "")
        )

    def summary(self) -> str:
        """A text alternative of the figure: what it shows now, in numbers."""
        return self.frame.describe()


@dataclass(frozen=True)
class EquilibriumFrame:
    """What the panel shows: the settings and the simulated run."""

    lr: float
    weight_decay: float
    momentum: float
    run: SphereRun
    steps: int
    norm0: float

    def describe(self) -> str:
        """The figure in words, from its data."""
        run = self.run
        return (f"Norm from {self.norm0:g} to {run.norm[-1]:.3g} over {self.steps} steps; angle "
                f"per step (RMS, last 500) {run.rms_angle(500):.4f} against the predicted "
                f"{run.predicted:.4f}; the angle curve starts at "
                f"{np.sqrt(np.mean(run.angle[:50] ** 2)):.4f}.")


BENCHMARK_VIEWS = {
    "12 weight-decay equilibrium": (
        EquilibriumPanel,
        {"lr": [10.0 ** (e / 10) for e in range(-20, 0, 2)],  # on the slider's grid
         "weight_decay": [10.0 ** (e / 10) for e in range(-40, -10, 3)],
         "momentum": [round(0.1 * k, 1) for k in range(10)]},
    ),
}
