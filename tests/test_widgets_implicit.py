"""The double-descent panel: the slider moves the marks to the curves of the result and the
spectrum to the features of that width."""

from __future__ import annotations

import numpy as np

from regviz import implicit
from regviz.experiments import reproduce
from regviz.experiments.double_descent import Method, curves
from regviz.widgets.implicit import DoubleDescentPanel


def test_slider_moves_marks_and_spectrum():
    result = reproduce("double-descent", cache=False)
    panel = DoubleDescentPanel(width=50, result=result)
    panel.redraw(full=True)
    c = curves(result)
    for width in (100, 293, 10):
        panel.set(width=width)
        i = int(np.flatnonzero(c["widths"] == width)[0])
        np.testing.assert_array_equal(panel.artists["current"].get_ydata(),
                                      [c[Method.MIN_NORM][i], c[Method.TUNED_RIDGE][i]])
        s = implicit.feature_spectrum([width], n_train=100, d=10, seed=0)[0]
        np.testing.assert_allclose(panel.artists["spectrum"].get_ydata(), s, rtol=1e-12)
        assert f"{c[Method.MIN_NORM][i]:.3g}" in panel.readout.value
    assert panel.last_error is None
    assert "peaks at width 100" in panel.describe()
