"""Notebook 01's panel, driven from the kernel: every slider move redraws the right data."""

import numpy as np
import pytest

from regviz.landscape import WINDOW, minimizer, minimizer_path
from regviz.widgets import LandscapePanel


def expected_total(x, lam, p):
    return (x - 1) ** 2 + (x - 1) ** 3 / 6 + lam * np.abs(x) ** p


def assert_shows(panel, lam, p):
    a = panel.artists
    x = a["total"].get_xdata()
    assert x[0] == WINDOW[0] and x[-1] == WINDOW[1]
    np.testing.assert_allclose(a["total"].get_ydata(), expected_total(x, lam, p), rtol=1e-13)
    np.testing.assert_allclose(a["penalty"].get_ydata(), lam * np.abs(x) ** p, rtol=1e-13)
    x_star = minimizer(lam, p)
    assert a["minimizer"].get_xdata()[0] == x_star
    assert a["minimizer"].get_ydata()[0] == pytest.approx(expected_total(x_star, lam, p))
    drawn, path = a["path"].get_ydata(), minimizer_path(panel.lams, p)
    blank = np.isnan(drawn)
    np.testing.assert_array_equal(drawn[~blank], path[~blank])
    if p < 1:  # the jump to 0 is not drawn as a line: one blank, the first zero after nonzeros
        (i,) = np.flatnonzero(blank)
        assert path[i] == 0 and path[i - 1] > 0.3
    else:
        assert not blank.any()
    assert a["current"].get_xdata()[0] == lam and a["current"].get_ydata()[0] == x_star
    assert f"p = {p:g}" in panel.readout.value


@pytest.mark.parametrize("lam", [0.0, 0.37, 1.5, 2.0, 4.0])
def test_lam_slider(lam):
    panel = LandscapePanel(lam=1.0, p=1.0)
    panel.redraw(full=True)
    panel.set(lam=lam)
    assert_shows(panel, lam, 1.0)


@pytest.mark.parametrize("p", [0.25, 0.5, 1.0, 1.75, 2.0, 3.0])
def test_p_slider(p):
    panel = LandscapePanel(lam=0.8, p=2.0)
    panel.redraw(full=True)
    panel.set(p=p)
    assert_shows(panel, 0.8, p)


def test_moving_the_widget_itself_updates_in_place():
    panel = LandscapePanel(lam=1.0, p=1.0)
    panel.redraw(full=True)
    lines_before = list(panel.figure.axes[0].lines)
    panel.controls["lam"].value = 2.0  # as a student's drag does: through the observer
    panel.controls["p"].value = 0.5
    assert_shows(panel, 2.0, 0.5)
    assert list(panel.figure.axes[0].lines) == lines_before  # same artists, new data
    assert panel.last_error is None


def test_quick_buttons_set_p():
    panel = LandscapePanel(lam=1.0, p=1.3)
    panel.extra[1].click()  # "L2"
    assert panel.controls["p"].value == 2.0
    assert_shows(panel, 1.0, 2.0)


def test_callback_errors_are_shown_not_lost(monkeypatch):
    panel = LandscapePanel(lam=1.0, p=1.0)

    def broken(**values):
        raise RuntimeError("boom")

    monkeypatch.setattr(panel, "update", broken)
    panel.controls["lam"].value = 2.0  # must not raise
    assert isinstance(panel.last_error, RuntimeError)
    assert any("boom" in o.get("text", "") for o in panel.output.outputs)
    monkeypatch.undo()
    panel.controls["lam"].value = 2.5  # the next good move clears the error
    assert panel.last_error is None
    monkeypatch.setattr(panel, "update", broken)
    with pytest.raises(RuntimeError):
        panel.set(lam=3.0)  # from code, errors are raised
    with pytest.raises(ValueError, match="unknown control"):
        panel.set(mu=1.0)


def test_inline_fallback_shows_a_png_per_change():
    panel = LandscapePanel(lam=1.0, p=1.0)
    _ = panel.widget  # displaying it turns on the PNG refresh (no ipympl on Agg)
    first = panel._image.outputs[0]["data"]["image/png"]
    panel.set(lam=3.0)
    second = panel._image.outputs[0]["data"]["image/png"]
    assert first != second
