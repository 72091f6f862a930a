r"""Notebook 01's panel: the objective :math:`f + \lambda|x|^p` and the minimiser's path."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..landscape import LECTURE_LOSS, WINDOW, Loss1D, minimizer, minimizer_path
from ..penalties import Lp
from ..plots.landscape import objective_title, path_line, plot_minimizer_path, plot_objective
from ..style import penalty_color
from ._panel import Panel, make_figure
from .controls import float_slider

__all__ = ["LandscapePanel"]


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
        self._path_p: float | None = p
        self._path = self.artists["path"].get_ydata()
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

    def path(self, p: float) -> np.ndarray:
        """The drawn minimiser path over ``self.lams`` for ``p`` (kept while p does not change)."""
        if p != self._path_p:
            self._path = path_line(
                minimizer_path(self.lams, p, loss=self.loss, window=self.window), p
            )
            self._path_p = p
        return self._path

    def update(self, lam: float, p: float) -> None:  # noqa: D102
        a = self.artists
        pen = Lp(p, lam)
        penalty = pen.value(self.x)
        x_star = minimizer(lam, p, loss=self.loss, window=self.window)
        f_star = self.loss.f(x_star) + pen.value(x_star)
        color = penalty_color(pen)
        a["penalty"].set_ydata(penalty)
        a["total"].set_ydata(self.loss.f(self.x) + penalty)
        a["minimizer"].set_data([x_star], [f_star])
        a["drop"].set_data([x_star, x_star], [self.axes[0].get_ylim()[0], f_star])
        self.readout.value = f"<b>{objective_title(lam, p, x_star)}</b>"
        a["path"].set_ydata(self.path(p))
        a["path"].set_color(color)
        a["current"].set_data([lam], [x_star])

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
