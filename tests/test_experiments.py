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
    comparison = plot_lecture_comparison([res])
    assert len(comparison["points"]) == 1 and comparison["seed_ranges"] == [None]
    panel = CachedRunsPanel(res, index=0)
    before = panel.artists["hist"].get_data().values.copy()
    panel.set(index=2)
    assert "0.0005" in panel.readout.value
    assert (panel.artists["hist"].get_data().values != before).any()
    plt.close("all")


def test_check_helpers_both_ways():
    from regviz.exercises.mnist import check_best_lambda, check_sklearn_alpha, check_weight_decay

    res = fake_result()
    assert check_best_lambda(0.0, res, tolerance=0.01)
    assert not check_best_lambda(5e-4, res, tolerance=0.01)
    assert check_weight_decay(0.006, 0.003) and not check_weight_decay(0.003, 0.003)
    assert check_sklearn_alpha(0.1, 0.2, 100) and not check_sklearn_alpha(20.0, 0.2, 100)


@pytest.mark.parametrize(("value", "values", "expected"), [
    (0.1, [0.05, 0.2], 0.0),      # inside
    (0.05, [0.05, 0.2], 0.0),     # on the edge
    (0.01, [0.2, 0.05], 0.04),    # below, order of values irrelevant
    (0.5, [0.3, 0.1, 0.2], 0.2),  # above
])
def test_gap_to_range(value, values, expected):
    assert experiments.gap_to_range(value, values) == pytest.approx(expected)


def test_fleuret_rows_carry_every_seed(monkeypatch):
    """Row numbers come from the first seed; the others give the range the lecture is held to."""
    from regviz.training import History

    calls = []

    def fake_train(model_name, data, *, seed, **kw):
        calls.append((seed, kw.get("penalty")))
        lam = 0.0 if kw.get("penalty") is None else kw["penalty"].lam * kw["lr"]
        err = 0.05 + 0.01 * seed + 500 * lam  # seed 7 (say) lands 0.01 above seed 6
        diverged = seed == 9 and lam == 5e-4  # one diverged run: no error at all
        hist = History(loss=[] if diverged else [1.0], train_error=[] if diverged else [0.0],
                       test_error=[] if diverged else [err],
                       zero_fraction=[] if diverged else [0.1 * seed],
                       diverged_at_epoch=1 if diverged else None,
                       cause="loss became nan" if diverged else None)
        return None, hist

    monkeypatch.setattr(experiments, "_train", fake_train)
    cfg, rows = experiments._fleuret("l1", None, seed=6, progress=False)
    k = experiments.FLEURET["seeds_per_row"]
    assert cfg["seeds"] == list(range(6, 6 + k))
    assert len(calls) == k * len(experiments.LECTURE_L1)
    for row, (lam, lect) in zip(rows, experiments.LECTURE_L1.items(), strict=True):
        errs = [0.05 + 0.01 * s + 500 * lam for s in range(6, 6 + k)]
        if lam == 5e-4:
            errs = [e if s != 9 else None for s, e in zip(range(6, 6 + k), errs, strict=True)]
        assert row["test_error"] == pytest.approx(errs[0])
        assert row["test_error_seeds"] == pytest.approx(errs)
        finite = [e for e in errs if e is not None]
        assert row["test_error_min"] == pytest.approx(min(finite))
        assert row["test_error_max"] == pytest.approx(max(finite))
        lo, hi = min(finite), max(finite)
        expected = lo - lect if lect < lo else (lect - hi if lect > hi else 0.0)
        assert row["gap_to_seed_range"] == pytest.approx(expected)
        assert row["gap_vs_lecture"] == pytest.approx(abs(errs[0] - lect))
    assert cfg["max_gap_vs_lecture"] == pytest.approx(max(r["gap_vs_lecture"] for r in rows))
    assert cfg["max_gap_to_seed_range"] == pytest.approx(
        max(r["gap_to_seed_range"] for r in rows))
    printed = experiments.table_rows({"rows": rows})[0]
    assert "test_error_seeds" not in printed and "test_error_min" in printed
    as_json = experiments.table_rows({"rows": rows}, per_seed=True)[0]
    assert as_json["test_error_seeds"] == rows[0]["test_error_seeds"] and "history" not in as_json
