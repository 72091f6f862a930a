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
