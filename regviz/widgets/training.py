"""Notebook 06's panel: a lambda slider that indexes cached training runs (no training)."""

from __future__ import annotations

import numpy as np

from ..experiments.results import Result, as_result
from ..plots.training import histogram_of
from ._panel import Panel, make_figure

__all__ = ["CachedRunsPanel"]


class CachedRunsPanel(Panel):
    """Weight histogram and error of the run at the chosen lambda, from a reproduction result.

    The slider picks an index into ``result.rows``; moving it only swaps precomputed data.
    """

    def __init__(self, result: Result | dict, index: int = 0) -> None:
        import ipywidgets as widgets

        result = as_result(result)
        self.rows = result.rows
        fig, ax = make_figure(figsize=(7, 3.8))
        counts, edges = histogram_of(self.rows[index])
        self.artists = {"hist": ax.stairs(counts + 1, edges, fill=True, alpha=0.7)}
        top = max(histogram_of(r)[0].max() for r in self.rows) + 1
        ax.set_yscale("log")
        ax.set_ylim(0.8, top * 2)
        ax.set_xlabel("weight value")
        ax.set_ylabel("count + 1")
        ax.set_title(result.name + ": trained weights")
        self.artists["text"] = ax.text(
            0.02, 0.95, "", transform=ax.transAxes, va="top",
            bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"},
        )
        labels = [f"{r.lam:g}" for r in self.rows]
        slider = widgets.SelectionSlider(options=list(zip(labels, range(len(labels)),
                                                          strict=True)),
                                         value=index, description="λ")
        super().__init__(fig, {"index": slider},
                         dynamic=[self.artists["hist"], self.artists["text"]])
        self.update(index=index)

    def update(self, index: int) -> None:  # noqa: D102
        row = self.rows[index]
        counts, edges = histogram_of(row)
        self.artists["hist"].set_data(values=np.asarray(counts) + 1, edges=edges)
        msg = (f"λ = {row.lam:g}: test error {row.test_error:.3f}, "
               f"exact zeros {row.zero_fraction:.2f}")
        self.artists["text"].set_text(msg)
        self.readout.value = msg
