import json

import pytest

from regviz import experiments


def test_cache_roundtrip_and_corruption(tmp_path, monkeypatch):
    monkeypatch.setenv("REGVIZ_CACHE", str(tmp_path))
    calls = []

    def fake(data, *, seed, progress):
        calls.append(seed)
        return {"x": 1}, [{"method": "m", "lambda": 0.0}]

    monkeypatch.setitem(experiments._RUNNERS, "forum-l1", fake)
    monkeypatch.setattr(experiments, "_load_for", lambda name, source: type(
        "D", (), {"describe": lambda self: "fake"})())
    r = experiments.reproduce("forum-l1")
    assert r["name"] == "forum-l1" and r["source"] == "sample" and len(calls) == 1
    assert experiments.reproduce("forum-l1") == r and len(calls) == 1
    (path,) = (tmp_path / "runs").glob("*.json")
    path.write_text(path.read_text()[:20])
    with pytest.warns(RuntimeWarning, match="corrupt"):
        assert experiments.reproduce("forum-l1") == r
    assert len(calls) == 2
    json.loads(path.read_text())


def test_unknown_name():
    with pytest.raises(ValueError, match="name must be one of"):
        experiments.reproduce("nope")


@pytest.mark.slow
def test_sgd_weight_decay_reproduction(tmp_path, monkeypatch):
    monkeypatch.setenv("REGVIZ_CACHE", str(tmp_path))
    r = experiments.reproduce("sgd-weight-decay")
    assert all(row["max_abs_weight_diff"] <= 1e-5 for row in r["rows"])


def fake_result(name="fleuret-l1"):
    import numpy as np

    rows = []
    for i, lam in enumerate([0.0, 1e-4, 5e-4]):
        counts, edges = np.histogram(np.random.default_rng(i).normal(size=100), bins=9)
        rows.append({"method": "l1-prox", "lambda": lam, "train_error": 0.01 * i,
                     "test_error": 0.06 + 0.1 * i, "zero_fraction": 0.4 * i,
                     "lecture_test_error": 0.06 + 0.2 * i,
                     "history": {"histograms": {"8": [counts.tolist(), edges.tolist()]}}})
    return {"name": name, "source": "sample", "config": {}, "rows": rows}


def test_plots_and_panel(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from regviz.plots.training import (
        plot_error_vs_lambda,
        plot_lecture_comparison,
        plot_weight_histogram,
    )
    from regviz.widgets.training import CachedRunsPanel

    res = fake_result()
    arts = plot_error_vs_lambda(res)
    assert arts["test"].get_ydata()[-1] == res["rows"][-1]["test_error"]
    assert plot_weight_histogram(res["rows"][0]) is not None
    assert len(plot_lecture_comparison([res])) == 2
    panel = CachedRunsPanel(res, index=0)
    before = panel.artists["hist"].get_data().values.copy()
    panel.set(index=2)
    assert "0.0005" in panel.readout.value
    assert (panel.artists["hist"].get_data().values != before).any()
    plt.close("all")


def test_check_helpers_both_ways():
    from regviz.exercises_mnist import check_best_lambda, check_sklearn_alpha, check_weight_decay

    res = fake_result()
    assert check_best_lambda(res, 0.0, tolerance=0.01)
    assert not check_best_lambda(res, 5e-4, tolerance=0.01)
    assert check_weight_decay(0.003, 0.006) and not check_weight_decay(0.003, 0.003)
    assert check_sklearn_alpha(0.2, 100, 0.1) and not check_sklearn_alpha(0.2, 100, 20.0)
