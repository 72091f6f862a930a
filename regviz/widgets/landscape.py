r"""Notebook 01's panel: the objective :math:`f + \lambda|x|^p` and the minimiser's path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..landscape import LECTURE_LOSS, WINDOW, Loss1D, minimizer_path
from ..penalties import Lp
from ..plots.landscape import (
    ObjectiveFrame,
    objective_frame,
    objective_title,
    path_line,
    path_sentence,
    plot_minimizer_path,
    plot_objective,
)
from ..style import penalty_color, penalty_style
from ._panel import Panel, make_figure
from .controls import float_slider

__all__ = ["LandscapePanel", "LandscapeFrame"]


@dataclass(frozen=True, eq=False)
class LandscapeFrame:
    """The landscape panel's frame: the objective at (λ, p) and the minimiser's path for p."""

    objective: ObjectiveFrame
    lams: np.ndarray
    path: np.ndarray  # as drawn (NaN where a p < 1 path jumps to 0)
    raw_path: np.ndarray

    def describe(self) -> str:
        """Where the minimiser is now, and from which λ it sits at exactly 0 for this p."""
        path = path_sentence(self.lams, self.raw_path, self.objective.p)
        return f"{self.objective.describe()} {path}"


class LandscapePanel(Panel):
    r"""Sliders for :math:`\lambda` (0 to 4) and :math:`p` (0.25 to 3), L1 / L2 / L½ buttons.

    Left: the loss, the penalty and the total with its global minimiser. Right: the minimiser
    against :math:`\lambda` for the current :math:`p`, with the current :math:`\lambda` marked.

    Parameters
    ----------
    lam, p : float
        Initial values.
    lams : array_like, optional
        The :math:`\lambda` grid of the path panel (default 0 to 4, step 0.025).
    """

    def __init__(
        self,
        lam: float = 1.0,
        p: float = 1.0,
        *,
        lams: np.ndarray | None = None,
        loss: Loss1D = LECTURE_LOSS,
        window: tuple[float, float] = WINDOW,
    ) -> None:
        import ipywidgets as widgets

        self.loss, self.window = loss, window
        self.lams = np.linspace(0.0, 4.0, 161) if lams is None else np.asarray(lams, float)
        self.x = np.linspace(*window, 801)
        fig, (ax_obj, ax_path) = make_figure(1, 2, figsize=(9, 3.6))
        self.axes = (ax_obj, ax_path)
        self.artists = plot_objective(lam, p, ax=ax_obj, loss=loss, window=window, n=self.x.size)
        path_artists = plot_minimizer_path(self.lams, p, current=lam, ax=ax_path, loss=loss,
                                           window=window)
        self.artists.update(path=path_artists["path"], current=path_artists["current"])
        ax_obj.set_title(r"$f(x) + \lambda |x|^p$ and its global minimiser")
        ax_path.set_title(r"where the minimiser goes as $\lambda$ grows")
        self._f = loss.f(self.x)
        self._path_p: float | None = None
        controls = {
            "lam": float_slider("λ", lam, 0.0, 4.0, 0.05),
            "p": float_slider("p", p, 0.25, 3.0, 0.05),
        }
        buttons = []
        for label, value in (("L1  (p = 1)", 1.0), ("L2  (p = 2)", 2.0), ("L½  (p = 0.5)", 0.5)):
            b = widgets.Button(description=label, layout={"width": "110px"})
            b.on_click(lambda _, v=value: setattr(controls["p"], "value", v))
            buttons.append(b)
        names = ("penalty", "total", "drop", "minimizer", "path", "current")
        super().__init__(fig, controls, dynamic=[self.artists[k] for k in names], extra=buttons)
        self.update(lam=lam, p=p)

    def path(self, p: float) -> tuple[np.ndarray, np.ndarray]:
        """The minimiser path over ``self.lams`` for ``p``, raw and as drawn (kept per p)."""
        if p != self._path_p:
            raw = minimizer_path(self.lams, p, loss=self.loss, window=self.window)
            self._paths = (raw, path_line(raw, p))
            self._path_p = p
        return self._paths

    def compute_frame(self, lam: float, p: float) -> LandscapeFrame:  # noqa: D102
        obj = objective_frame(lam, p, loss=self.loss, window=self.window, x=self.x,
                              loss_values=self._f)
        raw, drawn = self.path(p)
        return LandscapeFrame(obj, self.lams, drawn, raw)

    def draw_frame(self, frame: LandscapeFrame) -> None:  # noqa: D102
        a, o = self.artists, frame.objective
        pen = Lp(o.p, o.lam)
        a["penalty"].set_ydata(o.penalty)
        a["total"].set_ydata(o.total)
        a["minimizer"].set_data([o.x_star], [o.f_star])
        a["drop"].set_data([o.x_star, o.x_star], [self.axes[0].get_ylim()[0], o.f_star])
        self.readout.value = f"<b>{objective_title(o.lam, o.p, o.x_star)}</b>"
        a["path"].set_ydata(frame.path)
        a["path"].set_color(penalty_color(pen))
        a["path"].set(**penalty_style(pen, markevery=max(1, self.lams.size // 10)))
        a["current"].set_data([o.lam], [o.x_star])

    @property
    def state(self) -> dict[str, Any]:
        """What the panel shows now, as numbers: for tests and exercises."""
        a = self.artists
        return {
            "x": a["total"].get_xdata(),
            "total": a["total"].get_ydata(),
            "x_star": float(a["minimizer"].get_xdata()[0]),
            "path": a["path"].get_ydata(),
        }


#: Views timed by benchmarks/slider_latency.py: factory and the values each control sweeps.
BENCHMARK_VIEWS = {
    "01 landscape": (
        LandscapePanel,
        {"lam": list(np.linspace(0.0, 4.0, 21)), "p": list(np.linspace(0.25, 3.0, 12))},
    ),
}
