"""`regviz figures` on a cold cache: says up front how many networks it trains, then counts them.

Training is stubbed out (``regviz.training.fit`` returns a fixed history at once), so these tests
count what each reproduction would train in seconds; each runner reports every network it
trains (``registry.network_trained``), and the count must be what the reproduction declares.
"""

from __future__ import annotations

import pytest

from regviz import experiments, figures, training


class _History:
    """Stands in for fit's history: one epoch of plausible numbers, nothing diverged."""

    diverged_at_epoch = None
    cause = None

    def __getattr__(self, name):
        return [0.5]

    def to_dict(self):
        return {}


@pytest.fixture
def stub_fit(monkeypatch, tmp_path):
    monkeypatch.setenv("REGVIZ_CACHE", str(tmp_path / "cache"))
    calls = []

    def fit(model, *args, **kwargs):
        calls.append(model)
        return _History()

    monkeypatch.setattr(training, "fit", fit)
    return calls


#: The shipped reproductions are counted in their real retrain (tests/test_references.py):
#: normalized-decay and sparsity-pays train in loops of their own, which the stub cannot skip.
NOT_RETRAINED = [n for n in experiments.names() if n not in experiments.shipped()]


@pytest.mark.parametrize("name", NOT_RETRAINED)
def test_the_announced_count_is_what_a_reproduction_trains(name, stub_fit):
    reported = []
    experiments.reproduce(name, cache=False, retrain=True,
                          on_network=lambda: reported.append(1))
    assert len(reported) == experiments.networks_of(name), name
    # every network trained by fit was reported (forum-l1 also trains two outside fit)
    assert len(stub_fit) <= len(reported), name


def test_cold_cache_announces_the_count_and_shows_a_progress_bar(stub_fit, tmp_path, capsys,
                                                                 monkeypatch):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    def blank(spec, results):  # the stubbed histories are not drawable; the count is the point
        fig = Figure(figsize=(1, 1))
        FigureCanvasAgg(fig)
        return fig

    monkeypatch.setattr(figures, "build", blank)
    # as on a clone without the shipped reference results: forum-l1 must train
    monkeypatch.setattr(experiments.registry, "REFERENCE_DIR", tmp_path / "no-references")
    lines = []
    only = "forum-l1-curves,prox-maps"
    figures.write_figures(tmp_path / "figs", only=only.split(","), formats="png",
                          log=lines.append)
    n = experiments.networks_of("forum-l1")
    assert any(line.startswith(f"first use: training {n} networks for forum-l1")
               for line in lines)
    err = capsys.readouterr().err
    assert "training" in err and f"{n}/{n}" in err, err[-500:]
    # the second time everything is cached: no announcement, no training
    stub_fit.clear()
    lines.clear()
    figures.write_figures(tmp_path / "figs", only=only.split(","), formats="png",
                          log=lines.append)
    assert not stub_fit and not any(line.startswith("first use:") for line in lines)
