r"""Notebook 04's panels: proximal maps, subgradient vs proximal steps, the L1 plateau."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..dynamics import (
    plateau_simulation,
    plateau_width,
    sparse_regression,
)
from ..penalties import L1
from ..plots.prox import (
    PROX_Z,
    PlateauFrame,
    ProxMapsFrame,
    SubgradProxFrame,
    plateau_frame,
    plot_plateau,
    plot_prox_maps,
    plot_solver_comparison,
    plot_subgrad_vs_prox,
    prox_maps_frame,
    prox_penalties,
    solver_sentence,
    subgrad_prox_frame,
    threshold_xy,
)
from ..solvers import SolverResult, ista, lipschitz_step, subgradient_descent
from ._panel import Panel, make_figure
from .controls import float_slider, log_slider

__all__ = ["ProxMapPanel", "SubgradProxPanel", "PlateauPanel", "SolverPanel", "BENCHMARK_VIEWS"]


class ProxMapPanel(Panel):
    r"""The five proximal maps :math:`z \mapsto \operatorname{prox}_{t\,\mathrm{pen}}(z)`.

    One slider, ``step_lam`` :math:`= t = \eta\lambda` (every penalty has :math:`\lambda = 1`);
    the dashed lines are the thresholds ``penalty.threshold(t)``.
    """

    def __init__(self, step_lam: float = 0.5) -> None:
        fig, axes = make_figure(1, 5, figsize=(9, 2.9), sharey=True)
        self.artists = plot_prox_maps(step_lam, axes=axes)
        self.penalties = prox_penalties()
        controls = {"step_lam": float_slider("step · λ", step_lam, 0.0, 2.0, 0.05)}
        names = [k for name in self.penalties for k in (name, name + " thr")]
        super().__init__(fig, controls, dynamic=[self.artists[k] for k in names])
        self.update(step_lam=step_lam)

    def compute_frame(self, step_lam: float) -> ProxMapsFrame:  # noqa: D102
        return prox_maps_frame(step_lam)

    def draw_frame(self, frame: ProxMapsFrame) -> None:  # noqa: D102
        lim = (PROX_Z[0], PROX_Z[-1])
        parts = []
        for name in self.penalties:
            self.artists[name].set_ydata(frame.maps[name])
            thr = frame.thresholds[name]
            self.artists[name + " thr"].set_data(*threshold_xy(thr, lim))
            parts.append(f"{name}: <b>{thr:.3g}</b>")
        self.readout.value = f"t = {frame.t:.3g}; zero below |z| ≤ " + ",  ".join(parts)


class SubgradProxPanel(Panel):
    r"""Subgradient vs proximal steps on :math:`\tfrac12(w - 0.3)^2 + \lambda|w|`; lr, λ sliders."""

    def __init__(self, lr: float = 0.1, lam: float = 0.5, *, n_steps: int = 40) -> None:
        self.n_steps = n_steps
        self.kw = {"curvature": 1.0, "target": 0.3, "n_steps": n_steps}
        fig, ax = make_figure(figsize=(9, 4.0))
        self.artists = plot_subgrad_vs_prox(lr, lam, ax=ax, **self.kw)
        ax.set_title(r"minimise $\frac{1}{2}(w - 0.3)^2 + \lambda|w|$ from $w_0 = 1$")
        controls = {
            "lr": log_slider("learning rate η", lr, -2, -0.3, 0.05),
            "lam": float_slider("λ", lam, 0.0, 1.0, 0.05),
        }
        super().__init__(fig, controls,
                         dynamic=[self.artists[k] for k in ("band", "subgradient", "prox")])
        self.update(lr=lr, lam=lam)

    def trajectories(self, lr: float, lam: float) -> dict[str, np.ndarray]:
        """Both trajectories, by name (``subgradient``, ``prox``)."""
        f = self.compute_frame(lr, lam)
        return {"subgradient": f.subgradient, "prox": f.prox}

    def compute_frame(self, lr: float, lam: float) -> SubgradProxFrame:  # noqa: D102
        return subgrad_prox_frame(lr, lam, **self.kw)

    def draw_frame(self, f: SubgradProxFrame) -> None:  # noqa: D102
        self.artists["subgradient"].set_ydata(f.subgradient)
        self.artists["prox"].set_ydata(f.prox)
        self.artists["band"].set_ydata(f.band)
        tr, w_star = {"subgradient": f.subgradient, "prox": f.prox}, f.w_star
        self.readout.value = (
            f"minimiser w* = max(0.3 − λ, 0) = <b>{w_star:.3g}</b>; last 4 subgradient steps "
            f"{np.array2string(tr['subgradient'][-4:], precision=3)}; proximal "
            f"{np.array2string(tr['prox'][-4:], precision=3)}"
        )


class PlateauPanel(Panel):
    r"""The L1 plateau: 2,000 weights under the subgradient update, histogram in units of ηλ."""

    def __init__(self, lr: float = 0.1, lam: float = 0.5, *, n_weights: int = 2000) -> None:
        self.n_weights = n_weights
        fig, ax = make_figure(figsize=(8.5, 4.2))
        self.ax = ax
        w = self.simulate(lr, lam)
        self.artists = plot_plateau(w, lr, lam, ax=ax)
        ax.set_title(r"weights with a weak data gradient, subgradient $L_1$ steps")
        controls = {
            "lr": log_slider("learning rate η", lr, -2, -0.5, 0.05),
            "lam": log_slider("λ", lam, -1, 0, 0.05),
        }
        super().__init__(fig, controls, dynamic=[self.artists["hist"]])
        self.update(lr=lr, lam=lam)

    def simulate(self, lr: float, lam: float) -> np.ndarray:
        """The final weights for these values (seeded: the same every time)."""
        return plateau_simulation(lr, lam, n_weights=self.n_weights, seed=0)

    def compute_frame(self, lr: float, lam: float) -> PlateauFrame:  # noqa: D102
        return plateau_frame(self.simulate(lr, lam), lr, lam)

    def draw_frame(self, f: PlateauFrame) -> None:  # noqa: D102
        self.artists["hist"].set_data(f.density)
        width, lr, lam = plateau_width(f.w), f.lr, f.lam
        self.readout.value = (
            f"formula 2ηλ = <b>{2 * lr * lam:.4g}</b>; measured width (2√3·std) = "
            f"<b>{width:.4g}</b> ({100 * (width / (2 * lr * lam) - 1):+.1f} %)"
        )

    @property
    def state(self) -> dict[str, Any]:
        """The histogram heights shown now: for tests."""
        return {"density": self.artists["hist"].get_data().values}


class SolverPanel(Panel):
    r"""ISTA vs subgradient descent on the seeded sparse regression, with a λ slider.

    Both solvers run 300 iterations with the step :math:`1/L` for every :math:`\lambda` of the
    grid :math:`10^{k/12}`, :math:`k = -24..0`, once, at construction (scikit-learn's habit:
    compute the path, let the slider index it); the slider shows the nearest grid value.
    """

    def __init__(self, lam: float = 0.1, *, n_iter: int = 300) -> None:
        self.X, self.y, self.w_true = sparse_regression(100, 40, n_nonzero=5, noise=0.1, seed=0)
        self.lams = 10.0 ** (np.arange(-24, 1) / 12)
        lr = lipschitz_step(self.X)
        self.results: list[tuple[SolverResult, SolverResult]] = [
            (ista(self.X, self.y, L1(x), lr=lr, n_iter=n_iter, accelerated=False),
             subgradient_descent(self.X, self.y, L1(x), lr=lr, n_iter=n_iter))
            for x in self.lams
        ]
        fig, axes = make_figure(1, 2, figsize=(9, 3.6))
        r_i, r_s = self.results[self.index(lam)]
        self.artists = plot_solver_comparison(r_i, r_s, self.w_true, counts_in_legend=False,
                                              axes=axes)
        axes[0].set_xlim(0, n_iter)
        axes[0].set_ylim(1e-16, 30)
        controls = {"lam": log_slider("λ", lam, -2, 0, 1 / 12)}
        names = ("ista_obj", "sub_obj", "ista_w", "sub_w")
        super().__init__(fig, controls, dynamic=[self.artists[k] for k in names])
        self.update(lam=lam)

    def index(self, lam: float) -> int:
        """Index of the grid value nearest to ``lam`` (on a log scale)."""
        return int(np.argmin(np.abs(np.log(self.lams) - np.log(lam))))

    def update(self, lam: float) -> None:  # noqa: D102
        r_i, r_s = self.results[self.index(lam)]
        f_star = min(r_i.objective.min(), r_s.objective.min())
        for name, r in (("ista", r_i), ("sub", r_s)):
            gap = np.maximum(r.objective - f_star, 1e-16)
            self.artists[f"{name}_obj"].set_data(np.arange(gap.size), gap)
            a = np.abs(r.w)
            self.artists[f"{name}_w"].set_ydata(np.where(a == 0, 1e-8, a))
        hits = int(np.sum((r_i.w == 0) == (self.w_true == 0)))
        self.text = f"λ = {self.lams[self.index(lam)]:.3g}. " + solver_sentence(r_i, r_s,
                                                                               self.w_true)
        self.readout.value = (
            f"λ = {self.lams[self.index(lam)]:.3g}: exact zeros ISTA <b>{np.sum(r_i.w == 0)}</b>, "
            f"subgradient <b>{np.sum(r_s.w == 0)}</b> (truth {np.sum(self.w_true == 0)}); ISTA "
            f"gets the zero / nonzero pattern right on <b>{hits}</b> of {self.w_true.size} "
            f"coordinates; objective ISTA {r_i.objective[-1]:.5f}, subgradient "
            f"{r_s.objective[-1]:.5f}"
        )


#: Views timed by benchmarks/slider_latency.py: factory and the values each control sweeps.
BENCHMARK_VIEWS = {
    "04 prox maps": (ProxMapPanel, {"step_lam": list(np.linspace(0.0, 2.0, 11))}),
    "04 subgradient vs prox": (
        SubgradProxPanel,
        {"lr": list(np.geomspace(0.01, 0.5, 11)), "lam": list(np.linspace(0.0, 1.0, 11))},
    ),
    "04 ISTA vs subgradient": (
        SolverPanel, {"lam": list(10.0 ** (np.arange(-24, 1, 2) / 12))},
    ),
    "04 L1 plateau": (
        PlateauPanel,
        {"lr": list(np.geomspace(0.01, 0.3, 11)), "lam": list(np.geomspace(0.1, 1.0, 11))},
    ),
}
