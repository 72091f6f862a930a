r"""Notebook 11's panel: double descent with a slider over the width.

The curves come from the ``double-descent`` reproduction (computed once); the slider only
indexes them and the singular values of the training features, which are computed for every
width when the panel is built. One method, ``frame``, computes what a frame shows; the first
draw and every update both use it.
"""  # noqa: D205

from __future__ import annotations

from typing import Any

import numpy as np

from ..experiments.double_descent import WIDTHS, Method, curves
from ..experiments.results import Result
from ..implicit import feature_spectrum
from ..plots.implicit import plot_double_descent, plot_spectrum
from ._panel import Panel, make_figure

__all__ = ["DoubleDescentPanel", "BENCHMARK_VIEWS"]

MIN_NORM, TUNED_RIDGE = Method.MIN_NORM, Method.TUNED_RIDGE


class DoubleDescentPanel(Panel):
    r"""Test error against the width for the min-norm fit and tuned ridge (left), and the
    singular values of the training features at the slider's width (right).

    Parameters
    ----------
    width : int
        The starting width (the nearest one of the result's grid).
    result : Result, optional
        A ``double-descent`` result; default ``regviz.experiments.reproduce("double-descent")``.
    """  # noqa: D205

    def __init__(self, width: int = 50, *, result: Result | None = None) -> None:
        import ipywidgets as widgets

        if result is None:
            from ..experiments import reproduce

            result = reproduce("double-descent")
        self.result = result
        self.curves = curves(self.result)
        self.n_train = int(self.result.config["n_train"])
        self.widths = self.curves["widths"]
        self.spectra = feature_spectrum(self.widths, n_train=self.n_train,
                                        d=int(self.result.config["d"]),
                                        seed=int(self.result.config["seed"]))
        fig, (ax_dd, ax_s) = make_figure(1, 2, figsize=(9.0, 3.8),
                                         gridspec_kw={"width_ratios": [1.5, 1]})
        if fig.get_layout_engine() is None:  # regviz's style sets one; keep the labels in
            fig.set_layout_engine("constrained")
        f = self.frame(width)
        self.artists = plot_double_descent(
            self.widths, {m: self.curves[m] for m in (MIN_NORM, TUNED_RIDGE)},
            n_train=self.n_train, train=self.curves["train"], current=f["width"], ax=ax_dd)
        lo = min(s.min() for s in self.spectra) / 2
        hi = max(s.max() for s in self.spectra) * 2
        self.artists.update(plot_spectrum(f["spectrum"], n_train=self.n_train, ax=ax_s,
                                          ylim=(lo, hi)))
        ax_dd.set_title("test error against the width", fontsize="medium")
        ax_s.set_title("singular values of the training features", fontsize="medium")
        controls = {"width": widgets.SelectionSlider(
            options=[(str(w), int(w)) for w in self.widths], value=f["width"],
            description="width (features)", continuous_update=True,
            style={"description_width": "initial"}, layout={"width": "420px"})}
        dynamic = [self.artists[k] for k in ("current", "spectrum", "smallest")]
        super().__init__(fig, controls, dynamic=dynamic)
        self.update(width=f["width"])

    def frame(self, width: int) -> dict[str, Any]:
        """The grid width nearest ``width`` and what the panel shows there."""
        i = int(np.argmin(np.abs(self.widths - width)))
        c = self.curves
        return {"width": int(self.widths[i]), "index": i, "min_norm": float(c[MIN_NORM][i]),
                "ridge": float(c[TUNED_RIDGE][i]), "lam": float(c["lams"][i]),
                "train": float(c["train"][i]), "norm": float(c["norms"][i]),
                "spectrum": self.spectra[i]}

    def update(self, width: int) -> None:  # noqa: D102
        f = self.frame(width)
        a = self.artists
        a["current"].set_data([f["width"]] * 2, [f["min_norm"], f["ridge"]])
        s = f["spectrum"]
        a["spectrum"].set_data(np.arange(1, s.size + 1), s)
        a["smallest"].set_data([s.size], [s[-1]])
        regime = ("fewer features than points: least squares" if f["width"] < self.n_train
                  else "as many features as points" if f["width"] == self.n_train
                  else "more features than points: the interpolant of least norm")
        self.readout.value = (
            f"width <b>{f['width']}</b> ({regime}); n_train = {self.n_train}. Min-norm: train "
            f"MSE {f['train']:.2g}, test MSE <b>{f['min_norm']:.3g}</b>, ‖w‖ = {f['norm']:.3g}; "
            f"tuned ridge (λ = {f['lam']:.2g}): test MSE <b>{f['ridge']:.3g}</b>. Smallest "
            f"singular value {s[-1]:.3g}."
        )

    def describe(self) -> str:
        """A text alternative of the figure as it is now, computed from its data."""
        f = self.frame(self.controls["width"].value)
        c = self.curves
        k = int(np.argmax(c[MIN_NORM]))
        return (f"Log-log plot of test error against the number of features, {self.widths[0]} "
                f"to {self.widths[-1]}. The minimum-norm curve peaks at width {self.widths[k]} "
                f"(test MSE {c[MIN_NORM][k]:.3g}) next to n_train = {self.n_train}; the tuned "
                f"ridge curve stays between {c[TUNED_RIDGE].min():.3g} and "
                f"{c[TUNED_RIDGE].max():.3g}. Marked: width {f['width']}, whose smallest "
                f"singular value is {f['spectrum'][-1]:.3g}.")


#: Views timed by benchmarks/slider_latency.py: factory and the values each control sweeps.
BENCHMARK_VIEWS = {
    "11 double descent": (
        DoubleDescentPanel,
        {"width": [int(w) for w in WIDTHS[::3]] + [int(w) for w in WIDTHS[::-4]]},
    ),
}
