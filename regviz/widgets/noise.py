r"""Notebook 10's panel: train on noisy inputs, and ridge with the matched λ lands on the same fit.

A σ slider. Left: notebook 00's 15 noisy samples of :math:`\sin(\pi x)` with degree-12 Legendre
features (no intercept), the least-squares fit (σ = 0), the weights that minimise the expected
loss under input noise σ (:func:`regviz.noise.input_noise_ridge`) and ridge with
:math:`\lambda = \sigma^2/2` (:func:`regviz.generalization.ridge_svd`) drawn over them. Right:
the twelve weights of both, and the minimiser of the loss sampled on 200 noisy copies of the
data (:func:`regviz.noise.noisy_least_squares`) with its standard error. The readout says how
far apart they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..generalization import PolyData, legendre_features, polynomial_data, ridge_svd
from ..noise import input_noise_ridge, noise_lam, noisy_least_squares
from ._panel import Panel, make_figure
from .controls import float_slider

__all__ = ["NoiseFrame", "noise_frame", "InputNoisePanel", "BENCHMARK_VIEWS"]

#: Where the curves are drawn.
GRID = np.linspace(-1.0, 1.0, 241)


@dataclass(frozen=True)
class NoiseFrame:
    """What the panel shows at one σ (computed by :func:`noise_frame`)."""

    sigma: float
    lam: float
    w_noise: np.ndarray
    w_ridge: np.ndarray
    w_sampled: np.ndarray
    se_sampled: np.ndarray
    curve_noise: np.ndarray
    curve_ridge: np.ndarray

    def describe(self) -> str:
        """The frame in words: the text alternative of the figure."""
        gap = float(np.max(np.abs(self.w_noise - self.w_ridge)))
        mc = float(np.max(np.abs(self.w_noise - self.w_sampled) / self.se_sampled))
        return (f"σ = {self.sigma:.2f}, matched λ = σ²/2 = {self.lam:.4g}: the largest weight "
                f"is {np.max(np.abs(self.w_noise)):.3g} in size; noise and ridge differ by at "
                f"most {gap:.1e}; trained on 200 noisy copies, the weights are within "
                f"{mc:.1f} standard errors of the closed form")


def noise_frame(data: PolyData, sigma: float, *, draws: int = 200, seed: int = 0) -> NoiseFrame:
    """The closed form, the matched ridge and the sampled minimiser at noise ``sigma``."""
    X, y = data.X_train, data.y_train
    lam = noise_lam(sigma)
    w_noise = input_noise_ridge(X, y, sigma)
    w_ridge = ridge_svd(X, y, lam)
    w_sampled, se = noisy_least_squares(X, y, sigma=sigma, draws=draws, seed=seed)
    feats = legendre_features(GRID, data.degree)
    return NoiseFrame(float(sigma), lam, w_noise, w_ridge, w_sampled, se, feats @ w_noise,
                      feats @ w_ridge)


class InputNoisePanel(Panel):
    """The σ slider over notebook 00's polynomial fit: input noise and its matched ridge.

    Parameters
    ----------
    sigma : float
        The starting noise level.
    data : PolyData, optional
        Default :func:`regviz.generalization.polynomial_data` (15 points, degree 12).
    """

    def __init__(self, sigma: float = 0.25, *, data: PolyData | None = None) -> None:
        self.data = polynomial_data() if data is None else data
        fig, (ax_fit, ax_w) = make_figure(1, 2, figsize=(9.5, 3.6),
                                          gridspec_kw={"width_ratios": [1.2, 1]})
        d = self.data
        feats = legendre_features(GRID, d.degree)
        ax_fit.plot(GRID, np.sin(np.pi * GRID), color="0.55", lw=1, label=r"$\sin(\pi x)$")
        w_ls = input_noise_ridge(d.X_train, d.y_train, 0.0)
        ax_fit.plot(GRID, feats @ w_ls, color="0.3", lw=0.8, ls=":",
                    label="least squares (σ = 0)")
        ax_fit.plot(d.x_train, d.y_train, "o", color="k", ms=4, label="training points")
        a = {}
        (a["curve_noise"],) = ax_fit.plot(GRID, GRID, color="C0", lw=3.2, alpha=0.6,
                                          label="trained with input noise σ")
        (a["curve_ridge"],) = ax_fit.plot(GRID, GRID, color="C3", lw=1.3, ls="--",
                                          label="ridge, λ = σ²/2")
        ax_fit.set(xlim=(-1, 1), ylim=(-2.2, 2.2), xlabel="x", ylabel="y",
                   title="the fit")
        ax_fit.legend(loc="lower right", fontsize="x-small")
        j = np.arange(1, d.degree + 1)
        a["w_noise"] = ax_w.bar(j - 0.2, np.zeros(d.degree), width=0.4, color="C0", alpha=0.6,
                                label="input noise (closed form)")
        (a["w_ridge"],) = ax_w.plot(j - 0.2, np.zeros(d.degree), "_", color="C3", ms=12,
                                    mew=2, label="ridge, λ = σ²/2")
        a["w_sampled"] = ax_w.errorbar(j + 0.2, np.zeros(d.degree), yerr=np.zeros(d.degree),
                                       fmt="x", color="C2", ms=5, capsize=2,
                                       label="200 noisy copies (± 2 s.e.)")
        ax_w.axhline(0, color="0.6", lw=0.6)
        ax_w.set(xlabel="feature j (Legendre degree)", ylabel="weight $w_j$", ylim=(-1.6, 1.6),
                 xticks=j, title="the weights")
        ax_w.legend(loc="lower right", fontsize="x-small")
        self.artists = a
        controls = {"sigma": float_slider("input noise σ", sigma, 0.02, 1.0, 0.02)}
        dynamic = [a["curve_noise"], a["curve_ridge"], *a["w_noise"], a["w_ridge"],
                   *a["w_sampled"].lines[1], *a["w_sampled"].lines[2], a["w_sampled"].lines[0]]
        super().__init__(fig, controls, dynamic=dynamic)
        self.update(sigma=sigma)

    def update(self, sigma: float) -> None:  # noqa: D102
        f = noise_frame(self.data, float(sigma))
        a = self.artists
        a["curve_noise"].set_ydata(f.curve_noise)
        a["curve_ridge"].set_ydata(f.curve_ridge)
        for bar, h in zip(a["w_noise"], f.w_noise, strict=True):
            bar.set_height(h)
        a["w_ridge"].set_ydata(f.w_ridge)
        marks, caps, (bars,) = a["w_sampled"].lines
        x = marks.get_xdata()
        marks.set_ydata(f.w_sampled)
        lo, hi = f.w_sampled - 2 * f.se_sampled, f.w_sampled + 2 * f.se_sampled
        bars.set_segments([np.array([[xi, bottom], [xi, top]])
                           for xi, bottom, top in zip(x, lo, hi, strict=True)])
        caps[0].set_ydata(lo)
        caps[1].set_ydata(hi)
        self.frame = f
        self.text = f.describe()
        self.readout.value = self.text

    @property
    def state(self) -> dict[str, Any]:
        """What the panel shows, for tests: the curves and the weights."""
        a = self.artists
        return {"curve_noise": np.array(a["curve_noise"].get_ydata()),
                "curve_ridge": np.array(a["curve_ridge"].get_ydata()),
                "w_noise": np.array([b.get_height() for b in a["w_noise"]])}


#: Views timed by benchmarks/slider_latency.py: factory and the values each control sweeps.
BENCHMARK_VIEWS = {
    "10 input noise": (InputNoisePanel, {"sigma": list(np.round(np.linspace(0.05, 1.0, 10), 2))}),
}
