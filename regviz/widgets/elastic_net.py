r"""Notebook 08's panels: the elastic-net ball, its proximal map, and paths on correlated data.

The mix :math:`a` is the L1 share of :math:`\lambda(a|w| + (1-a)w^2)` (see
:mod:`regviz.elastic_net`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..elastic_net import (
    MIXES,
    EnetPaths,
    ball_radius,
    compute_paths,
    corner_slope,
    correlated_regression,
    edge_circle,
    to_sklearn,
)
from ..plots.elastic_net import (
    EnetBallFrame,
    EnetProxFrame,
    enet_ball_frame,
    enet_prox_frame,
    paths_sentence,
    plot_ball,
    plot_elastic_net_prox,
    plot_paths,
)
from ..plots.prox import PROX_Z, threshold_xy
from ._panel import Panel, make_figure
from .controls import float_slider, log_slider

__all__ = ["ElasticNetBallPanel", "ElasticNetProxPanel", "ElasticNetPathPanel", "BENCHMARK_VIEWS"]


class ElasticNetBallPanel(Panel):
    r"""The ball :math:`\{a\|w\|_1 + (1-a)\|w\|_2^2 \le 1\}` with a slider for the mix :math:`a`.

    The readout gives the corner's slopes :math:`\pm a/(2-a)`, the radius of the circle that
    carries each edge, and where the ball crosses the diagonal (L1: 0.707, L2: 1).
    """

    def __init__(self, mix: float = 0.5) -> None:
        fig, ax = make_figure(figsize=(8.2, 5.6))
        self.artists = plot_ball(mix, ax=ax)
        ax.set_title(r"$a\,\|w\|_1 + (1-a)\,\|w\|_2^2 \leq 1$")
        controls = {"mix": float_slider("mix a (L1 share)", mix, 0.0, 1.0, 0.05)}
        # the references again after the fill, so that it does not veil them
        names = ("fill", "L1", "L2", "ball", "tangents", "diagonal")
        super().__init__(fig, controls, dynamic=[self.artists[k] for k in names])
        self.update(mix=mix)

    def compute_frame(self, mix: float) -> EnetBallFrame:  # noqa: D102
        return enet_ball_frame(mix)

    def draw_frame(self, f: EnetBallFrame) -> None:  # noqa: D102
        a, mix = self.artists, f.mix
        w1, w2 = f.boundary
        a["ball"].set_data(w1, w2)
        a["fill"].set_xy(np.column_stack([w1, w2]))
        a["tangents"].set_data(*f.tangents)
        a["diagonal"].set_data([f.diagonal[0]], [f.diagonal[1]])
        r = float(ball_radius(np.pi / 4, mix))
        _, radius = edge_circle(mix)
        edge = ("straight (L1)" if np.isinf(radius)
                else f"a circle arc of radius <b>{radius:.3g}</b>")
        self.readout.value = (
            f"a = {mix:.2f} (scikit-learn l1_ratio {to_sklearn(1.0, mix)[1]:.3g}): corner slopes "
            f"±<b>{corner_slope(mix):.3g}</b> (0: no corner); each edge is {edge}; "
            f"on the diagonal at radius <b>{r:.4f}</b> (L1 0.7071, L2 1)"
        )


class ElasticNetProxPanel(Panel):
    r"""Proximal maps of L1, the elastic net and L2, with sliders for :math:`t = step\cdot\lambda`
    and the mix :math:`a`.

    The elastic net's map soft-thresholds at :math:`ta` and then shrinks by :math:`1 + 2t(1-a)`;
    the dashed lines are the thresholds ``penalty.threshold(t)``.
    """  # noqa: D205

    NAMES = ("L1", "elastic net", "L2")

    def __init__(self, step_lam: float = 0.5, mix: float = 0.5) -> None:
        fig, axes = make_figure(1, 3, figsize=(9, 3.4), sharey=True)
        self.artists = plot_elastic_net_prox(step_lam, mix, axes=axes)
        controls = {
            "step_lam": float_slider("step · λ", step_lam, 0.0, 2.0, 0.05),
            "mix": float_slider("mix a (L1 share)", mix, 0.0, 1.0, 0.05),
        }
        names = [k for n in self.NAMES for k in (n, n + " thr")] + ["ref L1", "ref L2"]
        super().__init__(fig, controls, dynamic=[self.artists[k] for k in names])
        self.update(step_lam=step_lam, mix=mix)

    def compute_frame(self, step_lam: float, mix: float) -> EnetProxFrame:  # noqa: D102
        return enet_prox_frame(step_lam, mix)

    def draw_frame(self, f: EnetProxFrame) -> None:  # noqa: D102
        a = self.artists
        lim = (PROX_Z[0], PROX_Z[-1])
        for name in self.NAMES:
            a[name].set_ydata(f.maps[name])
            a[name + " thr"].set_data(*threshold_xy(f.thresholds[name], lim))
        a["ref L1"].set_ydata(f.maps["L1"])
        a["ref L2"].set_ydata(f.maps["L2"])
        step_lam, mix = f.step_lam, f.mix
        shrink = 1.0 + 2.0 * step_lam * (1.0 - mix)
        self.readout.value = (
            f"t = {step_lam:.3g}, a = {mix:.2f}: elastic net = soft threshold at t·a = "
            f"<b>{f.thresholds['elastic net']:.3g}</b>, then divide by 1 + 2t(1 − a) = "
            f"<b>{shrink:.3g}</b>; slope above the threshold <b>{1 / shrink:.3g}</b> "
            f"(L1: 1, L2: {1 / (1 + 2 * step_lam):.3g})"
        )


class ElasticNetPathPanel(Panel):
    r"""Lasso and elastic-net paths on two correlated features; sliders for the mix and for λ.

    The paths of every mix in ``paths.mixes`` are computed once (by
    :func:`regviz.elastic_net.compute_paths`, unless given); the mix slider picks one for the
    right panel, the λ slider marks the nearest grid value on both panels.

    Parameters
    ----------
    mix : float
        Initial mix of the right panel; one of ``paths.mixes``.
    lam : float, optional
        Initial λ (default: the geometric middle of the grid).
    paths : EnetPaths, optional
        Precomputed paths, which must include mix 1 (the lasso); default
        ``compute_paths(*correlated_regression())``.
    """

    #: Titles of the two panels. The right one names no mix: redrawing text costs about 10 ms
    #: per slider move, so the readout says which mix is shown.
    LASSO, ENET = "lasso (a = 1)", "elastic net (a from the mix slider)"

    def __init__(
        self, mix: float = 0.5, lam: float | None = None, *, paths: EnetPaths | None = None
    ) -> None:
        import ipywidgets as widgets

        self.paths = compute_paths(*correlated_regression()) if paths is None else paths
        if 1.0 not in self.paths.coefs or mix not in self.paths.coefs:
            raise ValueError(f"paths must include mix 1.0 and mix {mix!r}; "
                             f"they have {list(self.paths.mixes)}")
        lams = self.paths.lams
        if lam is None:
            lam = float(np.sqrt(lams.max() * lams.min()))
        fig, axes = make_figure(1, 2, figsize=(9, 3.6), sharey=True)
        self.axes = axes
        shown = {self.LASSO: self.paths.coefs[1.0], self.ENET: self.paths.coefs[mix]}
        self.artists = plot_paths(lams, shown, current=lam, axes=axes)
        decades = np.log10(lams)
        controls = {
            "mix": widgets.SelectionSlider(
                options=[(f"{m:g}", m) for m in self.paths.mixes], value=mix,
                description="mix a (L1 share)", continuous_update=True,
                style={"description_width": "initial"}, layout={"width": "320px"},
            ),
            "lam": log_slider("λ", lam, decades.min(), decades.max(),
                              (decades.max() - decades.min()) / (lams.size - 1)),
        }
        dynamic = [self.artists[f"{p} {k}"] for p in shown for k in ("current", "dots")]
        dynamic += [self.artists[f"{self.ENET} w1"], self.artists[f"{self.ENET} w2"]]
        super().__init__(fig, controls, dynamic=dynamic)
        self.update(mix=mix, lam=lam)

    def update(self, mix: float, lam: float) -> None:  # noqa: D102
        a = self.artists
        i = self.paths.index(lam)
        lam_i = self.paths.lams[i]
        coefs = self.paths.coefs[mix]
        a[f"{self.ENET} w1"].set_ydata(coefs[:, 0])
        a[f"{self.ENET} w2"].set_ydata(coefs[:, 1])
        for name, c in ((self.LASSO, self.paths.coefs[1.0]), (self.ENET, coefs)):
            a[f"{name} current"].set_xdata([lam_i, lam_i])
            a[f"{name} dots"].set_offsets(np.column_stack([[lam_i, lam_i], c[i]]))
        w_l, w_e = self.paths.coefs[1.0][i], coefs[i]
        self.text = paths_sentence(self.paths.lams, {"lasso": self.paths.coefs[1.0],
                                                     f"elastic net with a = {mix:g}": coefs}, i)
        self.readout.value = (
            f"λ = {lam_i:.3g}: lasso w = ({w_l[0]:.3f}, {w_l[1]:.3f}); elastic net "
            f"(<b>a = {mix:g}</b>) w = ({w_e[0]:.3f}, {w_e[1]:.3f}); sum of weights "
            f"<b>{w_l.sum():.3f}</b> vs <b>{w_e.sum():.3f}</b>"
        )

    @property
    def state(self) -> dict[str, Any]:
        """What the panel shows now, as numbers: for tests."""
        a = self.artists
        return {
            "lam": float(a[f"{self.ENET} current"].get_xdata()[0]),
            "enet": np.column_stack([a[f"{self.ENET} w1"].get_ydata(),
                                     a[f"{self.ENET} w2"].get_ydata()]),
            "lasso dots": a[f"{self.LASSO} dots"].get_offsets()[:, 1].copy(),
            "enet dots": a[f"{self.ENET} dots"].get_offsets()[:, 1].copy(),
        }


#: Views timed by benchmarks/slider_latency.py: factory and the values each control sweeps.
BENCHMARK_VIEWS = {
    "08 elastic-net ball": (ElasticNetBallPanel, {"mix": list(np.linspace(0.0, 1.0, 11))}),
    "08 elastic-net prox": (
        ElasticNetProxPanel,
        {"step_lam": list(np.linspace(0.0, 2.0, 11)), "mix": list(np.linspace(0.0, 1.0, 11))},
    ),
    "08 lasso vs elastic-net paths": (
        ElasticNetPathPanel,
        {"mix": list(MIXES) * 3, "lam": list(np.geomspace(0.03, 7.0, 12))},
    ),
}
