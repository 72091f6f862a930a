"""Notebook 02's plots and panels: every slider move shows freshly computed, correct data."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from regviz.geometry import DEFAULT_LOSS, ball_boundary_2d, contact_point
from regviz.plots.geometry import (
    BALL_PS,
    ball_quads,
    plot_ball_2d,
    plot_ball_3d,
    plot_balls_2d,
    plot_balls_3d,
    plot_chord,
    plot_constrained_view,
    plot_contact_path,
    shade,
)
from regviz.widgets.controls import P_VALUES
from regviz.widgets.geometry import (
    BALL_P_VALUES,
    Ball2DPanel,
    Ball3DPanel,
    ConstrainedViewPanel,
)

INF = math.inf


def sum_pow(w, p):
    a = np.abs(np.asarray(w, dtype=float))
    return a.max(axis=-1) if math.isinf(p) else (a**p).sum(axis=-1)


# --- plots --------------------------------------------------------------------------------------
def test_every_plot_function_draws():
    out = plot_ball_2d(0.5)
    np.testing.assert_allclose(sum_pow(np.c_[out["boundary"].get_data()], 0.5), 1.0, rtol=1e-12)
    assert out["fill"] is not None
    assert plot_ball_2d(2, fill=False)["fill"] is None
    balls = plot_balls_2d()
    assert list(balls) == list(BALL_PS)
    ch = plot_chord(0.5)
    assert np.all(np.isnan(ch["inside"].get_xdata()[1:-1]))  # p < 1: all of it outside
    ch = plot_chord(2.0)
    assert np.all(np.isnan(ch["outside"].get_xdata()))
    ball = plot_ball_3d(INF)
    assert ball["surface"].axes.name == "3d" and r"\infty" in ball["title"].get_text()
    assert len(plot_balls_3d()) == 4
    fig = plt.figure()
    axes = [fig.add_subplot(1, 2, i + 1, projection="3d") for i in range(2)]
    assert len(plot_balls_3d((0.5, 1.0), axes=axes)) == 2
    view = plot_constrained_view(1.0)
    np.testing.assert_array_equal(view["contact"].get_xydata()[0], [0.0, 1.0])
    path = plot_contact_path([0.5, 1.0, 2.0, INF], np.array([[0, 1], [0, 1], [0.5, 0.86],
                                                              [1, 1]]))
    np.testing.assert_array_equal(path["zeros"].get_xdata(), [0.5, 1.0])
    assert len(path["w1"].get_xdata()) == 3  # inf left out of the log axis


def test_shading_is_lit_and_outward():
    quads = ball_quads(2.0)
    rgba = shade(quads, "#0072b2")
    assert rgba.shape == (len(quads), 4) and np.all((rgba >= 0) & (rgba <= 1))
    # a face turned to the light is brighter than one turned away, whichever way it was wound
    top = np.argmax(quads.mean(axis=1) @ np.array([-0.45, -0.35, 0.82]))
    bottom = np.argmin(quads.mean(axis=1) @ np.array([-0.45, -0.35, 0.82]))
    assert rgba[top, :3].sum() > rgba[bottom, :3].sum()
    flipped = shade(quads[:, ::-1], "#0072b2")
    np.testing.assert_allclose(flipped, rgba)


def test_ball_p_values():
    assert BALL_P_VALUES[0] == 0.1 and BALL_P_VALUES[-1] == INF
    for p in (0.5, 1.0, 2.0, 3.0, 4.0):
        assert p in BALL_P_VALUES
    assert list(BALL_P_VALUES) == sorted(BALL_P_VALUES)
    assert len(BALL_P_VALUES) == len(P_VALUES) + 1


# --- the 2D ball panel --------------------------------------------------------------------------
def assert_ball_2d(panel, p):
    st = panel.state
    x, y = ball_boundary_2d(p)
    np.testing.assert_array_equal(st["boundary"], [x, y])
    np.testing.assert_array_equal(panel.artists["fill"].get_xy()[:-1], np.c_[x, y][:-1])
    mid = 2 ** (1 / p - 1)
    assert st["norm"][100] == pytest.approx(mid, rel=1e-12)
    inside_x = st["inside"][0]
    if p < 1:
        assert np.all(np.isnan(inside_x[1:-1])) and "not convex" in panel.readout.value
    else:
        assert not np.isnan(inside_x).any() and "<b>convex</b>" in panel.readout.value
    assert f"{mid:.4g}" in panel.readout.value


@pytest.mark.parametrize("p", [0.1, 0.5, 0.891, 1.0, 2.0, 4.0, INF])
def test_ball_2d_slider(p):
    panel = Ball2DPanel(p=1.0)
    panel.redraw(full=True)
    lines = list(panel.axes[0].lines)
    panel.controls["p"].value = p  # as a student's drag does: through the observer
    assert panel.last_error is None
    assert_ball_2d(panel, p)
    assert list(panel.axes[0].lines) == lines  # same artists, new data


# --- the 3D ball panel --------------------------------------------------------------------------
@pytest.mark.parametrize("p", [0.1, 0.5, 1.0, 2.0, 3.0, INF])
def test_ball_3d_slider(p):
    panel = Ball3DPanel(p=2.0)
    panel.redraw(full=True)
    surface = panel.artists["surface"]
    panel.controls["p"].value = p
    assert panel.last_error is None and panel.artists["surface"] is surface
    quads = panel.state["quads"]
    np.testing.assert_array_equal(quads, ball_quads(p))
    np.testing.assert_allclose(sum_pow(quads.reshape(-1, 3), p), 1.0, rtol=1e-12)
    assert panel.state["facecolors"].shape == (len(quads), 4)
    assert ("not convex" in panel.readout.value) == (p < 1)


def test_ball_3d_update_blits_without_a_full_draw():
    panel = Ball3DPanel(p=2.0)
    panel.redraw(full=True)
    draws = []
    panel.figure.canvas.mpl_connect("draw_event", lambda e: draws.append(e))
    panel.set(p=0.5)
    panel.set(p=INF)
    assert draws == []


# --- the constrained view -----------------------------------------------------------------------
@pytest.mark.parametrize("values", [{"p": 0.5}, {"p": 1.0}, {"p": 1.122}, {"p": 2.0},
                                    {"p": 4.0}, {"p": INF}, {"radius": 0.5},
                                    {"p": 1.0, "radius": 2.5}, {"p": 2.0, "radius": 3.0}])
def test_constrained_view_sliders(values):
    panel = ConstrainedViewPanel(p=1.0, radius=1.0)
    panel.redraw(full=True)
    panel.set(**values)
    p, r = panel.controls["p"].value, panel.controls["radius"].value
    con = contact_point(p, radius=r)
    a = panel.artists
    np.testing.assert_array_equal(a["contact"].get_xydata()[0], con.point)
    x, y = ball_boundary_2d(p, radius=r)
    np.testing.assert_array_equal(np.array(a["ball"].get_data()), [x, y])
    ring = np.array(a["touching"].get_data()).T
    np.testing.assert_allclose(DEFAULT_LOSS.value(ring), con.value, rtol=1e-10, atol=1e-12)
    zeros = con.n_zeros
    assert f"<b>{zeros} exact zero" in panel.readout.value
    if p <= 1 and r <= 2:
        assert zeros == 1 and "0 (exactly)" in panel.readout.value
    if p > 1:
        assert zeros == 0


def test_constrained_view_says_when_the_constraint_is_inactive():
    panel = ConstrainedViewPanel(p=2.0, radius=3.0)
    assert panel.contact.inside and "does nothing" in panel.readout.value


@pytest.mark.parametrize("cls", [Ball2DPanel, Ball3DPanel, ConstrainedViewPanel])
def test_inline_fallback_shows_a_new_png(cls):
    panel = cls()
    _ = panel.widget
    first = panel._image.outputs[0]["data"]["image/png"]
    panel.set(p=INF)
    assert panel._image.outputs[0]["data"]["image/png"] != first


def test_callback_errors_are_shown_not_lost(monkeypatch):
    panel = ConstrainedViewPanel()

    def broken(**values):
        raise RuntimeError("boom")

    monkeypatch.setattr(panel, "update", broken)
    panel.controls["radius"].value = 2.0
    assert isinstance(panel.last_error, RuntimeError)
    assert any("boom" in o.get("text", "") for o in panel.output.outputs)
