"""Every slider view of every notebook is listed for benchmarks/slider_latency.py and sweeps.

Each ``regviz.widgets`` module lists its views in ``BENCHMARK_VIEWS`` (factory, values per
control); the benchmark times exactly these, so a panel missing here would go unmeasured.
"""

import pytest

import regviz.widgets
from regviz.widgets import Panel, benchmark_views

VIEWS = benchmark_views()

#: Panels that need a training result to exist; the benchmark builds them from the cached run.
NEEDS_RESULTS = {"CachedRunsPanel"}


def test_every_exported_panel_has_a_benchmark_view():
    panels = {
        getattr(regviz.widgets, name) for name in regviz.widgets.__all__
        if name.endswith("Panel") and name != "Panel" and name not in NEEDS_RESULTS
    }
    assert all(issubclass(p, Panel) for p in panels)
    assert {factory for factory, _ in VIEWS.values()} == panels


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_benchmark_views_sweep_cleanly(view):
    factory, sweeps = VIEWS[view]
    panel = factory()
    panel.redraw(full=True)
    for name, values in sweeps.items():
        assert len(values) >= 10 and name in panel.controls
        for v in values:
            panel.set(**{name: v})
            assert panel.controls[name].value == v
    assert panel.last_error is None
