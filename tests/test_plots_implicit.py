"""Notebook 11's plot functions draw what they are given (no computing of their own)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from regviz import implicit
from regviz.plots import (
    plot_double_descent,
    plot_filters,
    plot_gd_to_min_norm,
    plot_spectrum,
)


@pytest.fixture(autouse=True)
def close_all():
    yield
    plt.close("all")


def test_filters_draw_both_factors_and_the_knees():
    out = plot_filters(x=np.geomspace(1e-2, 1e2, 50))
    x, y = out["stopping"].get_data()
    np.testing.assert_allclose(y, 1 - np.exp(-x))
    np.testing.assert_allclose(out["ridge"].get_ydata(), x / (1 + x))
    np.testing.assert_allclose(out["ridge knee"].get_xdata(), implicit.filter_knee("ridge"))


def test_double_descent_marks_the_threshold_and_the_current_width():
    widths = np.array([10, 50, 100, 200])
    curves = {"min-norm": np.array([1.0, 2.0, 50.0, 1.5]),
              "tuned-ridge": np.array([1.0, 0.8, 0.7, 0.6])}
    out = plot_double_descent(widths, curves, n_train=100, current=190,
                              train=np.array([0.5, 0.2, 0.0, 0.0]))
    np.testing.assert_array_equal(out["min-norm"].get_ydata(), curves["min-norm"])
    assert list(out["threshold"].get_xdata()) == [100, 100]
    np.testing.assert_array_equal(out["current"].get_xydata(), [[200, 1.5], [200, 0.6]])
    assert np.all(out["train"].get_ydata() > 0)  # zeros drawn at the axis floor, not lost


def test_gd_and_spectrum_plots_return_their_artists():
    steps = np.arange(11)
    out = plot_gd_to_min_norm(steps, {"a": np.linspace(1, 0.1, 11)}, floor={"a": 0.05})
    assert out["a"].get_xdata()[0] == 1 and out["a floor"].get_ydata()[0] == 0.05
    s = np.array([3.0, 1.0, 0.01])
    out = plot_spectrum(s, n_train=3)
    np.testing.assert_array_equal(out["spectrum"].get_ydata(), s)
    assert out["smallest"].get_ydata()[0] == 0.01
