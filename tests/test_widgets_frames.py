"""Every panel: one frame rule, a live description, and controls a keyboard can reach.

- A panel moved to parameters P by its sliders has exactly the pixels of a panel freshly built
  at P (Agg, RGBA arrays compared exactly): its first frame and its updates are computed the
  same way (issue 18.3).
- Each panel describes what it shows now in words computed from its data, in an ARIA live
  region under the figure and as the figure's alt text; two settings give two descriptions
  (issue 23.1).
- Every control is an ipywidgets control with a visible label (issue 23.4, kernel side).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from importlib import resources

import ipywidgets as widgets
import matplotlib
import numpy as np
import pytest

import regviz.widgets
from regviz.plots import alt_text
from regviz.widgets import Panel, benchmark_views

matplotlib.use("Agg")

VIEWS = benchmark_views()


def _cached_runs_view():
    """Notebook 06's cached-runs panel over the shipped fleuret-l1 reference (no training)."""
    from regviz.experiments.results import Result
    from regviz.widgets.training import CachedRunsPanel

    text = resources.files("regviz.experiments").joinpath("reference/fleuret-l1.json").read_text()
    result = Result.from_dict(json.loads(text))

    def factory(index: int = 0) -> CachedRunsPanel:
        return CachedRunsPanel(result, index=index)

    return factory, {"index": list(range(len(result.rows)))}


ALL_VIEWS = {**VIEWS, "06 cached runs": _cached_runs_view()}
#: Views whose controls set the next training run and draw nothing (the figure shows runs).
NEXT_RUN_ONLY = {"06 live training"}


def test_the_views_cover_every_panel_class():
    classes = {getattr(regviz.widgets, name) for name in regviz.widgets.__all__
               if name.endswith("Panel") and name != "Panel"}
    assert all(issubclass(c, Panel) for c in classes)
    assert {factory().__class__ for factory, _ in ALL_VIEWS.values()} == classes


def _targets(panel: Panel, sweep: dict[str, list]) -> list[dict]:
    """Two settings of every swept control, each different from the panel's first values."""
    out = []
    for pick in (lambda v: v[len(v) // 2 + 1], lambda v: v[-1]):
        target = {}
        for name, values in sweep.items():
            value = pick(values)
            if value == panel.controls[name].value:
                value = next(v for v in values if v != panel.controls[name].value)
            target[name] = value
        out.append(target)
    return out


def _pixels(panel: Panel) -> np.ndarray:
    panel.redraw(full=True)
    return np.asarray(panel.figure.canvas.buffer_rgba()).copy()


def _fresh(factory, values: dict) -> Panel:
    try:
        return factory(**values)
    except TypeError:  # a factory without these keywords (the playground's)
        panel = factory()
        panel.set(**values)
        return panel


@pytest.mark.parametrize("view", sorted(ALL_VIEWS))
def test_a_moved_panel_has_the_pixels_of_a_fresh_one(view):
    factory, sweep = ALL_VIEWS[view]
    moved = factory()
    first = _pixels(moved)
    for target in _targets(moved, sweep):
        moved.set(**target)  # a blit of the dynamic artists, or a full draw if it asks
        assert moved.last_error is None
        values = {name: moved.controls[name].value for name in sweep}
        fresh = _fresh(factory, values)
        a = np.asarray(moved.figure.canvas.buffer_rgba()).copy()
        b = _pixels(fresh)
        assert a.shape == b.shape
        assert not np.any(a != b), (
            f"{view} at {values}: {int(np.sum(np.any(a != b, axis=2)))} pixels differ")
        assert moved.describe() == fresh.describe()
    if view not in NEXT_RUN_ONLY:
        assert np.any(first != _pixels(moved)), f"{view}: the sliders changed nothing"


@pytest.mark.parametrize("view", sorted(ALL_VIEWS))
def test_each_panel_describes_what_it_shows_in_a_live_region(view):
    factory, sweep = ALL_VIEWS[view]
    panel = factory()
    _ = panel.widget
    texts = [panel.describe()]
    for target in _targets(panel, sweep):
        panel.set(**target)
        texts.append(panel.describe())
        html = panel.description.value
        assert 'role="status"' in html and 'aria-live="polite"' in html
        assert alt_text(panel.figure) == texts[-1]
    for text in texts:
        assert len(text.split()) >= 4 and "<" not in text
    assert len(set(texts)) >= 2, f"{view}: the description does not follow the sliders: {texts}"


@pytest.mark.parametrize("view", sorted(ALL_VIEWS))
def test_the_description_is_shown_under_the_figure(view):
    factory, _ = ALL_VIEWS[view]
    panel = factory()
    box = panel.widget
    children = _leaves(box)
    assert panel.description in children
    view_widget = panel.figure.canvas if panel._image is None else panel._image
    assert children.index(panel.description) > children.index(view_widget)


def _leaves(widget) -> list:
    if isinstance(widget, widgets.Box):
        return [leaf for child in widget.children for leaf in [child, *_leaves(child)]]
    return []


CONTROL_TYPES = (widgets.FloatSlider, widgets.FloatLogSlider, widgets.IntSlider,
                 widgets.SelectionSlider, widgets.Dropdown, widgets.ToggleButtons,
                 widgets.Button, widgets.ToggleButton, widgets.Play)


@pytest.mark.parametrize("view", sorted(ALL_VIEWS))
def test_every_control_is_a_labelled_widget_a_keyboard_reaches(view):
    factory, _ = ALL_VIEWS[view]
    panel = factory()
    controls = list(panel.controls.values()) + [
        w for w in panel.extra if not isinstance(w, widgets.IntProgress | widgets.HTML)]
    assert controls
    for control in controls:
        assert isinstance(control, CONTROL_TYPES), type(control)
        assert control.description.strip(), f"{view}: a {type(control).__name__} has no label"
        if hasattr(control, "readout"):
            assert control.readout, f"{view}: {control.description} hides its value"
        assert control in _leaves(panel.widget)


def test_the_3d_ball_turns_with_sliders_not_only_with_the_mouse():
    from regviz.widgets import Ball3DPanel

    moved = Ball3DPanel(p=0.5, n_u=16, n_v=8)
    before = _pixels(moved)
    moved.set(azim=30.0, elev=10.0)
    assert (moved.ax.azim, moved.ax.elev) == (30.0, 10.0)
    turned = np.asarray(moved.figure.canvas.buffer_rgba()).copy()
    fresh = Ball3DPanel(p=0.5, azim=30.0, elev=10.0, n_u=16, n_v=8)
    assert np.array_equal(turned, _pixels(fresh))
    assert not np.array_equal(before, turned)
    moved.set(p=2.0)  # a blit after the turn projects with the new view
    assert np.array_equal(np.asarray(moved.figure.canvas.buffer_rgba()),
                          _pixels(Ball3DPanel(p=2.0, azim=30.0, elev=10.0, n_u=16, n_v=8)))


IPYMPL_FRAMES = """
import os
import sys
import matplotlib
matplotlib.use("module://ipympl.backend_nbagg")
import matplotlib.pyplot as plt
from regviz.widgets import benchmark_views
modes, sized = {}, {}
for name, (factory, sweep) in benchmark_views().items():
    panel = factory()
    canvas = panel.figure.canvas
    panel.widget  # displaying sends the size, before the front end asks for it
    sized[name] = list(canvas._size) == list(panel.figure.bbox.bounds[2:])
    canvas.draw()
    canvas.get_diff_image()  # the first frame, as the browser asks for it
    control, values = next(iter(sweep.items()))
    seen = []
    for value in values[1:3]:
        panel.set(**{control: value})
        canvas.get_diff_image()  # what ipympl sends after the move
        seen.append(canvas._image_mode)
    modes[name] = seen
    plt.close(panel.figure)
print(sized)
print(modes)
sys.stdout.flush()
# the checks are done and printed: leave without the interpreter's teardown, which aborted
# this process (SIGABRT, "FATAL: exception not rethrown", after the warning that more than 20
# pyplot figures were open) twice in about 25 runs here; the figures are closed as well
os._exit(0)
"""


def test_ipympl_frames_go_out_whole():
    """Under ipympl every frame after a slider move is sent whole, never as a diff, and the
    canvas has its size from the display on.

    A diff is painted over what the browser shows; the browser learns whether a frame is whole
    or a diff from a separate message, and under load notebook 10's panel in JupyterLab once
    ended up showing its moved curves on a blank canvas (tests/browser screenshots, CI run of
    2026-12-07).
    """
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # conftest's Agg
    run = subprocess.run([sys.executable, "-c", IPYMPL_FRAMES], capture_output=True, text=True,
                         env=env, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    sized, modes = map(ast.literal_eval, run.stdout.strip().splitlines()[-2:])
    # and the canvas model knows its size from the display on, not only once the front end's
    # "initialized" message comes back (CI saw a 0 x 0 canvas in JupyterLab without it)
    assert all(sized.values()), sized
    assert len(modes) == len(VIEWS)
    moved = {name: seen for name, seen in modes.items() if name not in NEXT_RUN_ONLY}
    assert all(seen and set(seen) == {"full"} for seen in moved.values()), moved
