r"""Notebook 02's panels: the 2D ball with a chord, the 3D ball, and the constrained view."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..geometry import (
    DEFAULT_LOSS,
    DEFAULT_RADIUS,
    QuadraticLoss,
    ball_boundary_2d,
    ball_volume,
    chord,
    contact_point,
    is_convex,
)
from ..plots.geometry import (
    VIEW_WINDOW,
    ball_color,
    ball_quads,
    chord_xy,
    contact_sentence,
    describe_ball_3d,
    describe_chord,
    plot_ball_2d,
    plot_ball_3d,
    plot_chord,
    plot_constrained_view,
    shade,
)
from ._panel import Panel, make_figure
from .controls import P_VALUES, float_slider, p_slider

__all__ = [
    "BALL_P_VALUES",
    "Ball2DPanel",
    "Ball3DPanel",
    "ConstrainedViewPanel",
    "BENCHMARK_VIEWS",
    "format_p",
]

#: p values of the ball sliders: :data:`~regviz.widgets.controls.P_VALUES` (0.1 to 10 on a log
#: scale, then ∞) with 0.501, 1.995 and 3.981 replaced by exactly 0.5, 2 and 4, and 3 added.
BALL_P_VALUES: tuple[float, ...] = tuple(
    sorted({*P_VALUES, 0.5, 2.0, 3.0, 4.0} - {0.501, 1.995, 3.981})
)


def format_p(p: float) -> str:
    """``"∞"`` or ``"0.5"``: p for a readout."""
    return "∞" if math.isinf(p) else f"{p:g}"


def _fmt(v: float) -> str:
    """A coordinate for the readout: exactly 0 says so, tiny values in scientific notation."""
    if v == 0:
        return "0 (exactly)"
    return f"{v:.3g}" if abs(v) >= 1e-3 else f"{v:.2e}"


class Ball2DPanel(Panel):
    r"""The 2D ball :math:`|w_1|^p + |w_2|^p \le 1` with a chord between its tips; a p slider.

    Left: the ball, the chord from :math:`(1, 0)` to :math:`(0, 1)` (solid inside the ball, red
    dashed outside) and, faint, the L1 diamond and L2 circle for reference. Right: the norm
    :math:`\|(1-s)a + s b\|_p` along the chord; above 1 means outside the ball.
    """

    def __init__(self, p: float = 0.5, *, a=(1.0, 0.0), b=(0.0, 1.0)) -> None:
        self.a, self.b = tuple(map(float, a)), tuple(map(float, b))
        fig, (ax, ax_n) = make_figure(1, 2, figsize=(9, 4.1),
                                      gridspec_kw={"width_ratios": [1.15, 1]})
        self.axes = (ax, ax_n)
        for q, ls in ((1.0, "--"), (2.0, ":")):
            ref = plot_ball_2d(q, ax=ax, fill=False, color="0.55", label=f"p = {q:g}")
            ref["boundary"].set(lw=1.0, ls=ls)
        ax.axhline(0.0, color="0.3", lw=0.8)
        ax.axvline(0.0, color="0.3", lw=0.8)
        ball = plot_ball_2d(p, ax=ax, alpha=0.3, lim=1.3)
        # one ball, its p on the slider and in the description: solid (dashes cost a blit ms)
        ball["boundary"].set_linestyle("-")
        chord_artists = plot_chord(p, self.a, self.b, ax=ax)
        ax.set_title("the unit ball and a chord between two of its points")
        ch = chord(p, self.a, self.b)
        (norm_line,) = ax_n.plot(ch.t, ch.norms, color=ball_color(p), lw=2.2)
        ax_n.axhline(1.0, color="0.2", lw=1.0, ls="--")
        ax_n.text(0.02, 1.0, " ball boundary", va="bottom", fontsize="small", color="0.2")
        ax_n.set_xlim(0.0, 1.0)
        ax_n.set_ylim(0.0, 2.6)
        ax_n.set_xlabel(r"position $s$ along the chord, $(1-s)\,a + s\,b$")
        ax_n.set_ylabel(r"$\|(1-s)\,a + s\,b\|_p$")
        ax_n.set_title("norm along the chord (clipped at 2.6)")
        self.artists = {"fill": ball["fill"], "boundary": ball["boundary"], **chord_artists,
                        "norm": norm_line}
        controls = {"p": p_slider(p, options=BALL_P_VALUES)}
        names = ("fill", "boundary", "inside", "outside", "midpoint", "norm")
        super().__init__(fig, controls, dynamic=[self.artists[k] for k in names])
        self.update(p=self.controls["p"].value)

    def update(self, p: float) -> None:  # noqa: D102
        a = self.artists
        x, y = ball_boundary_2d(p)
        a["fill"].set_xy(np.column_stack([x, y]))
        a["boundary"].set_data(x, y)
        color = ball_color(p)
        a["fill"].set_facecolor(color)
        a["boundary"].set_color(color)
        d = chord_xy(p, self.a, self.b)
        a["inside"].set_data(*d["inside"])
        a["outside"].set_data(*d["outside"])
        a["midpoint"].set_data([d["midpoint"][0]], [d["midpoint"][1]])
        ch = chord(p, self.a, self.b)
        a["norm"].set_ydata(ch.norms)
        a["norm"].set_color(color)
        self.text = describe_chord(p, self.a, self.b)
        mid = float(ch.norms[ch.norms.size // 2])
        verdict = ("leaves the ball: <b>not convex</b>" if ch.leaves else
                   "stays in the ball: <b>convex</b>")
        self.readout.value = (
            f"p = {format_p(p)}: the chord's midpoint (½, ½) has ‖·‖<sub>p</sub> = "
            f"2<sup>1/p − 1</sup> = <b>{mid:.4g}</b>; the chord {verdict}"
        )

    @property
    def state(self) -> dict[str, Any]:
        """What the panel shows now, as numbers: for tests."""
        a = self.artists
        return {"boundary": np.array(a["boundary"].get_data()),
                "inside": np.array(a["inside"].get_data()),
                "outside": np.array(a["outside"].get_data()),
                "norm": np.asarray(a["norm"].get_ydata())}


class Ball3DPanel(Panel):
    r"""The 3D ball :math:`|w_1|^p + |w_2|^p + |w_3|^p \le 1` as a shaded surface; a p slider.

    The surface is one :class:`~mpl_toolkits.mplot3d.art3d.Poly3DCollection` whose quadrilaterals
    and face colours are replaced in place (``set_verts``, ``set_facecolor``) and re-projected,
    so a slider move redraws only the surface. Two sliders turn and tilt the view (degrees), so
    the ball turns from the keyboard too, not only by dragging the figure (ipympl).
    """

    def __init__(self, p: float = 0.5, *, azim: float = -60.0, elev: float = 30.0,
                 n_u: int = 48, n_v: int = 24) -> None:
        self.n_u, self.n_v = n_u, n_v
        fig, ax = make_figure(figsize=(5.8, 5.4), subplot_kw={"projection": "3d"})
        self.ax = ax
        ax.view_init(elev=elev, azim=azim)
        self.artists = plot_ball_3d(p, ax=ax, n_u=n_u, n_v=n_v, title=False)
        ax.set_title(r"$|w_1|^p + |w_2|^p + |w_3|^p \leq 1$")
        controls = {
            "p": p_slider(p, options=BALL_P_VALUES),
            "azim": float_slider("turn (azimuth, °)", azim, -180.0, 180.0, 5.0),
            "elev": float_slider("tilt (elevation, °)", elev, -90.0, 90.0, 5.0),
        }
        super().__init__(fig, controls, dynamic=[self.artists["surface"]])
        self.update(**self.values)

    def update(self, p: float, azim: float = -60.0, elev: float = 30.0) -> bool:  # noqa: D102
        turned = (azim, elev) != (self.ax.azim, self.ax.elev)
        if turned:  # a new view: everything is projected anew, a full redraw
            self.ax.view_init(elev=elev, azim=azim)
        surf = self.artists["surface"]
        quads = ball_quads(p, n_u=self.n_u, n_v=self.n_v)
        surf.set_verts(quads)
        colors = shade(quads, ball_color(p))
        surf.set_facecolor(colors)
        surf.set_edgecolor(colors)
        if getattr(self.ax, "M", None) is not None and not turned:
            surf.do_3d_projection()  # a blit draws the 2D projection: make it now
        vol = ball_volume(p, 3)
        self.text = describe_ball_3d(p)
        self.readout.value = (
            f"p = {format_p(p)}: {'convex' if is_convex(p) else '<b>not convex</b>'}; volume "
            f"<b>{vol:.3g}</b> = {100 * vol / 8:.3g} % of the cube [−1, 1]³"
        )
        return turned

    @property
    def state(self) -> dict[str, Any]:
        """The surface's quadrilaterals and face colours now: for tests."""
        surf = self.artists["surface"]
        return {"quads": np.array(surf._faces), "facecolors": np.array(surf._facecolor3d)}


class ConstrainedViewPanel(Panel):
    r"""The constrained view: loss contours, the Lp ball of radius r, their first contact point.

    Sliders for p and for the radius :math:`r` (the budget :math:`t = r^p` of
    :math:`\|w\|_p^p \le t`). The readout gives the contact point :math:`w^\star` and its
    number of exact zeros.
    """

    def __init__(
        self,
        p: float = 1.0,
        radius: float = DEFAULT_RADIUS,
        *,
        loss: QuadraticLoss = DEFAULT_LOSS,
    ) -> None:
        self.loss = loss
        fig, ax = make_figure(figsize=(6.6, 6.2))
        self.ax = ax
        self.artists = plot_constrained_view(p, radius=radius, loss=loss, ax=ax,
                                             window=VIEW_WINDOW)
        # the ball changes colour with p: a static legend entry would keep the first one
        ax.legend(handles=[self.artists[k] for k in ("center", "touching", "contact")],
                  loc="lower right", fontsize="small", framealpha=0.9, frameon=True)
        ax.set_title("loss level sets growing until they touch the ball")
        self.contact = self.artists.pop("contact_point")
        controls = {
            "p": p_slider(p, options=BALL_P_VALUES),
            "radius": float_slider("radius r", radius, 0.25, 3.0, 0.05),
        }
        names = ("ball_fill", "ball", "touching", "contact")
        super().__init__(fig, controls, dynamic=[self.artists[k] for k in names])
        self.update(**self.values)

    def update(self, p: float, radius: float) -> None:  # noqa: D102
        a = self.artists
        x, y = ball_boundary_2d(p, radius=radius)
        a["ball_fill"].set_xy(np.column_stack([x, y]))
        a["ball"].set_data(x, y)
        color = ball_color(p)
        a["ball_fill"].set_facecolor(color)
        a["ball"].set_color(color)
        con = contact_point(p, loss=self.loss, radius=radius)
        self.contact = con
        a["contact"].set_data([con.point[0]], [con.point[1]])
        a["touching"].set_data(*self.loss.level_curve(con.value))
        if con.inside:
            where = "the loss's own minimum is inside the ball: the constraint does nothing"
        else:
            where = f"loss {con.value:.4g}"
        zeros = con.n_zeros
        self.text = contact_sentence(p, radius, con)
        self.readout.value = (
            f"p = {format_p(p)}, r = {radius:.2f}: w* = ({_fmt(con.point[0])}, "
            f"{_fmt(con.point[1])}); <b>{zeros} exact zero{'' if zeros == 1 else 's'}</b>; "
            f"{where}"
        )


#: Views timed by benchmarks/slider_latency.py: factory and the values each control sweeps.
BENCHMARK_VIEWS = {
    "02 ball 2D": (Ball2DPanel, {"p": list(BALL_P_VALUES[::4]) + [1.0, 2.0, math.inf]}),
    "02 ball 3D": (Ball3DPanel, {"p": list(BALL_P_VALUES[::4]) + [1.0, 2.0, math.inf]}),
    "02 constrained view": (
        ConstrainedViewPanel,
        {"p": list(BALL_P_VALUES[::4]) + [1.0, 2.0, math.inf],
         "radius": list(np.round(np.linspace(0.25, 3.0, 12), 2))},
    ),
}
