r"""Notebook 12's panel: learning rate, weight decay and momentum move the equilibrium.

The idealised dynamics of :func:`regviz.normalization.simulate_sphere` (gradients orthogonal to
the weights, of size :math:`1/\|W\|`), simulated again at each slider move (about 0.1 s): the
norm settles and the angle per step meets :math:`\sqrt{2\eta\lambda/(1+\mu)}`.
"""

from __future__ import annotations

import numpy as np

from ..normalization import relaxation_steps, simulate_sphere
from ..plots.normalization import plot_sphere_run, running_rms
from ._panel import Panel, make_figure
from .controls import float_slider, log_slider

__all__ = ["EquilibriumPanel"]


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
        run = simulate_sphere(lr, weight_decay, momentum, steps=self.STEPS, norm0=self.NORM0)
        self.artists = plot_sphere_run(run, axes=axes)
        axes[0].set_ylim(0.05, 20.0)
        axes[1].set_ylim(1e-3, 1.0)
        controls = {
            "lr": log_slider("learning rate η", lr, -3, 0, 0.05),
            "weight_decay": log_slider("weight decay λ (torch)", weight_decay, -4, -1, 0.05),
            "momentum": float_slider("momentum μ", momentum, 0.0, 0.95, 0.05),
        }
        super().__init__(fig, controls, dynamic=list(self.artists.values()))
        self.update(lr=lr, weight_decay=weight_decay, momentum=momentum)

    def update(self, lr: float, weight_decay: float, momentum: float) -> None:  # noqa: D102
        run = simulate_sphere(lr, weight_decay, momentum, steps=self.STEPS, norm0=self.NORM0)
        a = self.artists
        a["norm"].set_ydata(run.norm)
        a["angle"].set_ydata(running_rms(run.angle))
        a["predicted"].set_ydata([run.predicted, run.predicted])
        tau = relaxation_steps(lr, weight_decay, momentum)
        self.state = run
        self.readout.value = (
            f"η = {lr:.3g}, λ = {weight_decay:.3g}, μ = {momentum:.2f}: predicted angle "
            f"<b>{run.predicted:.4f}</b> rad/step, measured (RMS, last 500 steps) "
            f"<b>{run.rms_angle(500):.4f}</b>; norm at the end <b>{run.norm[-1]:.3g}</b>; "
            f"relaxation time (1 − μ)/(2ηλ) ≈ <b>{tau:.0f}</b> steps"
            + (" (longer than the run: not at equilibrium yet)" if tau > self.STEPS / 3 else "")
        )

    def summary(self) -> str:
        """A text alternative of the figure: what it shows now, in numbers."""
        run = self.state
        return (f"Norm from {self.NORM0:g} to {run.norm[-1]:.3g} over {self.STEPS} steps; angle "
                f"per step (RMS, last 500) {run.rms_angle(500):.4f} against the predicted "
                f"{run.predicted:.4f}; the angle curve starts at "
                f"{np.sqrt(np.mean(run.angle[:50] ** 2)):.4f}.")
