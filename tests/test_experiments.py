import dataclasses
import json
import math
import subprocess
import sys

import pytest

from regviz import experiments
from regviz.experiments import (
    Claim,
    History,
    Outcome,
    Provenance,
    Reproduction,
    Result,
    Row,
    registry,
)
from regviz.experiments.mnist import FleuretRow


def sample_result(name="fleuret-l1"):
    hist = History(loss=[2.0, 1.0], penalty=[0.5, 0.25], train_error=[0.1], test_error=[0.2],
                   zero_fraction=[0.0, 0.5], time=[0.1, 0.1],
                   histograms={2: ([1.0, 2.0], [-1.0, 0.0, 1.0])})
    rows = [FleuretRow.from_history("l1-prox", 1e-4, hist, lecture_test_error=0.128,
                                    test_error_seeds=[0.2, None]),
            FleuretRow("as-posted-none", 0.0, diverged_at_epoch=3, cause="loss became nan",
                       history=History(diverged_at_epoch=3, cause="loss became nan"))]
    claims = [Claim.within("test error 0.128", "lecture", 0.128, 0.2, tol=0.03,
                           why_not="setup"),
              Claim.holds("it trains", "forum", 0.94, "NaN in epoch 3", False,
                          tolerance="finishes", why_not="no zero_grad")]
    prov = Provenance(torch_version="2.x", device="cpu", threads=2, date="2026-12-01",
                      regviz_version="0.1.0", python_version="3.12")
    return Result(name, "sample", {"epochs": 2, "seeds": [0, 1]}, rows, claims, prov, key="k")


def test_codec_round_trip():
    res = sample_result()
    text = json.dumps(res.to_dict())
    back = Result.from_dict(json.loads(text))
    assert back == res
    assert json.dumps(back.to_dict()) == text
    row = back.rows[0]
    assert type(row) is FleuretRow and row.lecture_test_error == 0.128 and row.lam == 1e-4
    assert row.history.histograms[2] == ([1.0, 2.0], [-1.0, 0.0, 1.0])
    assert back.rows[1].to_dict()["cause"] == "loss became nan"
    # attribute access only: no JSON-key access, no fallback attribute
    with pytest.raises(AttributeError):
        row.nope  # noqa: B018
    with pytest.raises(TypeError):
        row["lambda"]  # noqa: B018
    with pytest.raises(TypeError):
        back["rows"]  # noqa: B018
    assert not hasattr(row, "get")
    with pytest.raises(ValueError, match="values must be fields of FleuretRow"):
        FleuretRow.from_history("l1-prox", 0.0, History(), nope=1)


def test_json_keeps_the_old_keys_and_adds_claims():
    d = sample_result().to_dict(history=False)
    assert {"name", "source", "config", "rows", "claims"} <= set(d)
    assert set(experiments.results.ROW_KEYS) <= set(d["rows"][0])
    assert "history" not in d["rows"][0]
    assert set(d["claims"][0]) == {"id", "claim", "source", "source_value", "ours",
                                   "reproduced", "tolerance", "note"}


def test_old_results_without_claims_decode():
    old = {"name": "forum-l1", "source": "sample", "config": {},
           "rows": [{"method": "none", "lambda": 0.0, "train_error": 0.0, "test_error": 0.06,
                     "zero_fraction": 0.0, "final_loss": 0.1, "diverged_at_epoch": None,
                     "gone_column": 3}]}
    res = Result.from_dict(old)
    assert res.claims == [] and res.provenance is None and res.rows[0].test_error == 0.06
    # a column the row type no longer has is kept for writing back, not read as an attribute
    assert res.rows[0].extra == {"gone_column": 3} and not hasattr(res.rows[0], "gone_column")
    assert res.rows[0].to_dict()["gone_column"] == 3


@pytest.mark.parametrize(("ours", "ok"), [(0.094, True), (0.034, True), (0.0339, False),
                                          (0.1341, False), (None, False), (math.nan, False)])
def test_claim_within_tolerance(ours, ok):
    c = Claim.within("x", "lecture", 0.064, ours, tol=0.03, why_not="because")
    assert c.reproduced is ok and c.tolerance == "|ours - source| <= 0.03"
    if not ok:
        assert ("because" in c.note) or ("no value" in c.note)


def test_claim_ratio_and_bad_tolerances():
    assert Claim.ratio("x", "Q&A", 50.0, 99.0, factor=2).reproduced
    assert not Claim.ratio("x", "Q&A", 50.0, 101.0, factor=2).reproduced
    assert not Claim.ratio("x", "Q&A", 50.0, -60.0, factor=2).reproduced
    with pytest.raises(ValueError, match="tol must be >= 0"):
        Claim.within("x", "s", 1.0, 1.0, tol=-1)
    with pytest.raises(ValueError, match="factor must be >= 1"):
        Claim.ratio("x", "s", 1.0, 1.0, factor=0.5)


def test_failing_claim_stays_listed_with_its_reason():
    res = sample_result()
    table = experiments.claims_markdown(res)
    lines = [ln for ln in table.splitlines() if ln.startswith("| lecture") or
             ln.startswith("| forum")]
    assert len(lines) == len(res.claims) == 2
    assert all("**no**" in ln for ln in lines)
    assert "setup" in lines[0] and "no zero_grad" in lines[1]
    summary = experiments.claims_summary(res)
    assert "lecture: 0 of 1 claims reproduced; not: test error 0.128" in summary
    assert "forum: 0 of 1" in summary
    md = experiments.to_markdown(res)
    assert "| method |" in md and "| source | claim |" in md and "torch 2.x on cpu" in md


def test_result_row_lookup():
    res = sample_result()
    assert res.row("l1-prox", 1e-4) is res.rows[0]
    with pytest.raises(ValueError, match="no row with method='l2'"):
        res.row("l2", 0.0)
    assert res.by_source() == {"lecture": (0, 1), "forum": (0, 1)}


# --------------------------------------------------------------------------------------------
# Registry, keys, cache, shipped references


@dataclasses.dataclass(frozen=True)
class FakeSettings:
    epochs: int = 2
    lambdas: tuple = (0.0, 0.1)


@pytest.fixture
def fake_spec(tmp_path, monkeypatch):
    monkeypatch.setenv("REGVIZ_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(registry, "REFERENCE_DIR", tmp_path / "reference")
    calls = []

    def runner(settings, data, *, seed, progress, device, threads):
        calls.append((settings, seed, device, threads))
        rows = [Row("m", lam, test_error=0.1 + lam) for lam in settings.lambdas]
        return Outcome(rows, [Claim.within("c", "src", 0.1, rows[0].test_error, tol=0.01)],
                       {"derived": 1})

    spec = experiments.register(Reproduction("fake-run", FakeSettings(), runner=runner,
                                             torch=False))
    yield spec, calls
    registry._REGISTRY.pop("fake-run")


def test_registered_elsewhere_and_names_follow(fake_spec):
    assert "fake-run" in experiments.NAMES and "fake-run" in experiments.names()
    with pytest.raises(ValueError, match="name must be one of"):
        experiments.reproduce("nope")
    with pytest.raises(ValueError, match="must be a dataclass"):
        experiments.register(Reproduction("x", [1], runner=print))


def test_cache_roundtrip_and_corruption(fake_spec, tmp_path):
    _, calls = fake_spec
    r = experiments.reproduce("fake-run")
    assert r.name == "fake-run" and r.source == "sample" and len(calls) == 1
    assert r.config["derived"] == 1 and r.config["device"] == "cpu" and r.provenance.date
    assert r.key == experiments.config_key("fake-run")
    assert experiments.reproduce("fake-run") == r and len(calls) == 1
    (path,) = (tmp_path / "cache" / "runs").glob("*.json")
    path.write_text(path.read_text()[:20])
    with pytest.warns(RuntimeWarning, match="corrupt"):
        assert experiments.reproduce("fake-run").rows == r.rows
    assert len(calls) == 2
    json.loads(path.read_text())
    experiments.reproduce("fake-run", retrain=True)
    assert len(calls) == 3


def test_shipped_reference_loads_when_the_configuration_matches(fake_spec, tmp_path):
    spec, calls = fake_spec
    shipped = experiments.registry.run("fake-run")
    shipped.rows[0].test_error = 0.123456  # so we can tell the shipped one apart
    experiments.write_reference(shipped)
    calls.clear()
    got = experiments.reproduce("fake-run")
    assert calls == [] and got.rows[0].test_error == 0.123456
    # another configuration (settings, seed, threads, device) trains instead of loading
    other = dataclasses.replace(spec.settings, epochs=3)
    assert experiments.reproduce("fake-run", settings=other).rows[0].test_error != 0.123456
    assert experiments.reproduce("fake-run", seed=1).rows[0].test_error != 0.123456
    assert experiments.reproduce("fake-run", threads=3).rows[0].test_error != 0.123456
    assert experiments.reproduce("fake-run", device="cuda:0").config["device"] == "cuda:0"
    assert len(calls) == 4
    # a changed registered configuration (the code changed) retrains too
    registry._REGISTRY["fake-run"] = dataclasses.replace(spec, settings=other)
    n = len(calls)
    experiments.reproduce("fake-run", cache=False)
    assert len(calls) == n + 1
    # and retrain=True always trains
    registry._REGISTRY["fake-run"] = spec
    experiments.reproduce("fake-run", retrain=True, cache=False)
    assert len(calls) == n + 2


def _perturbed(value):
    if dataclasses.is_dataclass(value):
        return [dataclasses.replace(value, **{f.name: p})
                for f in dataclasses.fields(value) for p in _perturbed(getattr(value, f.name))]
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1]
    if isinstance(value, float):
        return [value * 1.5 + 0.1]
    if isinstance(value, str):
        return [value + "x"]
    if isinstance(value, tuple):
        return [value + (value[-1] if value else 1,)] + (
            [(*value[:-1], _perturbed(value[-1])[0])] if value else [])
    if value is None:
        return [1]
    raise TypeError(type(value))


@pytest.mark.parametrize("name", experiments.names())
def test_every_setting_changes_the_key(name):
    spec = experiments.get(name)
    base = experiments.config_key(name)
    variants = _perturbed(spec.settings)
    assert len(variants) >= len(dataclasses.fields(spec.settings))
    keys = {experiments.config_key(name, settings=v) for v in variants}
    assert base not in keys and len(keys) == len(variants)
    others = [experiments.config_key(name, seed=1), experiments.config_key(name, source="mnist"),
              experiments.config_key(name, device="cuda"),
              experiments.config_key(name, threads=experiments.THREADS + 1)]
    assert len({base, *others}) == 5


def test_cache_key_includes_the_torch_version(monkeypatch):
    before = experiments.cache_key("forum-l1")
    monkeypatch.setattr(registry, "torch_version", lambda: "0.0.1")
    assert experiments.cache_key("forum-l1") != before
    assert experiments.config_key("forum-l1") == experiments.config_key("forum-l1")


def test_importing_and_loading_needs_no_torch():
    code = ("import sys, regviz.experiments as e, regviz.plots.training; "
            "[e.load_reference(n) for n in e.NAMES]; print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------------------------
# The runners' bookkeeping and claims, on made-up histories (nothing is trained)


def test_fleuret_rows_carry_every_seed(monkeypatch):
    """Row numbers come from the first seed; the others give the range the lecture is held to."""
    from regviz.experiments import mnist

    calls = []

    def fake_train(model_name, data, *, seed, **kw):
        reg = kw.get("regularization")
        calls.append((seed, reg))
        lam = 0.0 if reg is None else reg.penalty.lam * kw["lr"]
        err = 0.05 + 0.01 * seed + 500 * lam  # seed 7 (say) lands 0.01 above seed 6
        diverged = seed == 9 and lam == 5e-4  # one diverged run: no error at all
        hist = History(loss=[] if diverged else [1.0], train_error=[] if diverged else [0.0],
                       test_error=[] if diverged else [err],
                       zero_fraction=[] if diverged else [0.1 * seed],
                       diverged_at_epoch=1 if diverged else None,
                       cause="loss became nan" if diverged else None)
        return None, hist

    monkeypatch.setattr(mnist, "_train", fake_train)
    settings = experiments.get("fleuret-l1").settings
    out = mnist.run_fleuret(settings, None, seed=6)
    cfg, rows = out.facts, out.rows
    claims = mnist.fleuret_claims(rows, settings)
    k = settings.seeds_per_row
    assert cfg["seeds"] == list(range(6, 6 + k))
    assert len(calls) == k * len(experiments.LECTURE_L1)
    for row, (lam, (lect_train, lect)) in zip(rows, experiments.LECTURE_L1.items(), strict=True):
        errs = [0.05 + 0.01 * s + 500 * lam for s in range(6, 6 + k)]
        if lam == 5e-4:
            errs = [e if s != 9 else None for s, e in zip(range(6, 6 + k), errs, strict=True)]
        assert row.test_error == pytest.approx(errs[0])
        assert row.test_error_seeds == pytest.approx(errs)
        finite = [e for e in errs if e is not None]
        assert row.test_error_min == pytest.approx(min(finite))
        assert row.test_error_max == pytest.approx(max(finite))
        lo, hi = min(finite), max(finite)
        expected = lo - lect if lect < lo else (lect - hi if lect > hi else 0.0)
        assert row.gap_to_seed_range == pytest.approx(expected)
        assert row.gap_vs_lecture == pytest.approx(abs(errs[0] - lect))
        assert row.lecture_train_error == lect_train
    assert cfg["max_gap_vs_lecture"] == pytest.approx(max(r.gap_vs_lecture for r in rows))
    # one test and one train claim per row, each judged within the stated tolerance
    assert len(claims) == 2 * len(rows)
    for c in claims:
        assert c.source == "lecture" and c.tolerance == "|ours - source| <= 0.03"
        assert c.reproduced == (abs(c.ours - c.source_value) <= 0.03)
    res = Result("fleuret-l1", "sample", {}, rows, claims)
    printed = experiments.table_rows(res)[0]
    assert "test_error_seeds" not in printed and "test_error_min" in printed
    as_json = experiments.table_rows(res, per_seed=True)[0]
    assert as_json["test_error_seeds"] == rows[0].test_error_seeds and "history" not in as_json


def _row(method, lam, err, *, diverged=None, row_type=Row, **values):
    return row_type(method, lam, test_error=None if diverged else err,
                    diverged_at_epoch=diverged, **values)


def test_forum_claims():
    from regviz.experiments import mnist

    s = mnist.ForumSettings()
    M = mnist.Method
    rows = [_row(M.NONE, 0.0, 0.06), _row(M.L1_ALL, 0.01, 0.89), _row(M.L1_ALL, 0.001, 0.07),
            _row(M.L1_WEIGHTS, 0.01, 0.9), _row(M.L1_ALL_LARGE_BATCH, 0.01, 0.3),
            _row(M.L2_WEIGHT_DECAY, 0.005, 0.08), _row(M.AS_POSTED_NONE, 0.0, None, diverged=4)]
    res = Result("forum-l1", "sample", {}, rows, mnist.forum_claims(rows, s))
    assert [c.id for c in res.claims] == [i for i in mnist.FORUM_CLAIMS
                                          if i != "as-posted-l1-drops-to-11"]
    assert res.claim("no-penalty-94").reproduced
    assert not res.claim("l2-96").reproduced
    assert res.claim("l1-drops-to-11").reproduced
    posted = res.claim("as-posted-trains")
    assert not posted.reproduced and posted.ours == "NaN in epoch 4"
    assert "zero_grad" in posted.note
    assert res.claim("larger-batch-helps").reproduced


def test_sqrt_claims_list_every_qa_number_even_without_runs():
    from regviz.experiments import sqrt

    s = sqrt.SqrtSettings()
    M, R = sqrt.Method, sqrt.SqrtRow
    rows = [_row(M.NONE, 0.0, 0.1, loss_before_nan=0.35, row_type=R),
            _row(M.SQRT_LOSS, 0.001, None, diverged=75, loss_before_nan=0.6, row_type=R),
            _row(M.SQRT_LOSS, 0.1, 0.11, loss_before_nan=4.0, sum_sqrt_abs_w=40.0, row_type=R),
            _row(M.SQRT_LOSS, 1.0, 0.12, loss_before_nan=45.0, sum_sqrt_abs_w=45.0, row_type=R),
            _row(M.SQRT_LOSS, 100.0, 0.12, loss_before_nan=4500.0, sum_sqrt_abs_w=45.0,
                 row_type=R)]
    for r in rows:
        r.zero_fraction = 0.0
    res = Result("sqrt-penalty", "sample", {}, rows, sqrt.sqrt_claims(rows, s))
    assert res.claim("loss-without-penalty").reproduced
    assert res.claim("nan-at-0.001").reproduced
    assert not res.claim("loss-at-0.01").reproduced  # not run: listed, failed
    assert "Not run." in res.claim("loss-at-0.01").note
    assert res.claim("no-nan-from-0.1").reproduced
    assert res.claim("sqrt-sum-near-50").reproduced
    assert res.claim("accuracy-kept").reproduced
    rows[-1].sum_sqrt_abs_w = 500.0
    again = Result("sqrt-penalty", "sample", {}, rows, sqrt.sqrt_claims(rows, s))
    assert not again.claim("sqrt-sum-near-50").reproduced
    ids = [c.id for c in res.claims]
    assert len(set(ids)) == len(ids) and all(ids)
    assert all(c.source == "Q&A" for c in res.claims) and len(res.claims) >= 14


@pytest.mark.slow
def test_sgd_weight_decay_reproduction(tmp_path, monkeypatch):
    monkeypatch.setenv("REGVIZ_CACHE", str(tmp_path))
    r = experiments.reproduce("sgd-weight-decay", retrain=True)
    assert all(row.max_abs_weight_diff <= 1e-10 for row in r.rows)
    assert all(c.reproduced for c in r.claims)


def test_claims_are_judged_again_when_a_stored_result_loads(fake_spec):
    spec, calls = fake_spec
    first = experiments.reproduce("fake-run")
    verdicts = []

    def judge(rows, settings):
        verdicts.append(len(rows))
        return [Claim.within("rows", "src", 2, len(rows), tol=0)]

    registry._REGISTRY["fake-run"] = dataclasses.replace(spec, claims=judge)
    again = experiments.reproduce("fake-run")  # from the cache, not retrained
    assert len(calls) == 1 and verdicts == [2] and again.rows == first.rows
    assert [c.claim for c in again.claims] == ["rows"] and again.claims[0].reproduced
