"""The dropout-vs-l2 reproduction: registered, shipped, agrees with forum-l1, torch-free to load."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from regviz import experiments
from regviz.experiments import dropout as dx

NAME = "dropout-vs-l2"


def test_registered_and_shipped():
    assert NAME in experiments.names()
    assert experiments.is_stored(NAME)


def test_loading_the_shipped_result_imports_no_torch():
    code = ("import sys\n"
            "from regviz.experiments import reproduce\n"
            f"r = reproduce({NAME!r})\n"
            "assert r.provenance is not None and len(r.rows) == 8\n"
            "assert 'torch' not in sys.modules, 'torch was imported'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_rows_cross_dropout_with_the_penalties():
    res = experiments.reproduce(NAME)
    s = dx.DropoutSettings()
    pairs = {(r.method, r.lam, tuple(r.dropout)) for r in res.rows}
    expected = {(m, lam, tuple(d)) for d in s.dropouts
                for m, lam in [(dx.Method.NONE, 0.0), (dx.Method.L2, s.weight_decay / 2),
                               *((dx.Method.L1, lam) for lam in s.l1_lambdas)]}
    assert pairs == expected
    for r in res.rows:
        d = r.to_dict()
        for key in ("method", "lambda", "dropout", "train_error", "test_error"):
            assert key in d


def test_weight_decay_is_a_field_of_the_l2_rows_read_from_the_shipped_json():
    res = experiments.reproduce(NAME)
    s = dx.DropoutSettings()
    assert all(isinstance(r, dx.DropoutRow) and not r.extra for r in res.rows)
    for r in res.rows:
        if r.method == dx.Method.L2:
            assert r.weight_decay == s.weight_decay and r.lam == r.weight_decay / 2
        else:
            assert r.weight_decay is None
    # written back under the same key, and read again as the field
    back = dx.DropoutRow.from_dict(res.rows_of(dx.Method.L2)[0].to_dict())
    assert back.weight_decay == s.weight_decay and not back.extra


def test_dropout_on_rows_are_forum_l1s_rows():
    # the same network, data, seed and training: the shipped numbers must agree exactly
    mine = experiments.reproduce(NAME)
    forum = experiments.reproduce("forum-l1")
    assert dx.DropoutSettings().setup == experiments.ForumSettings().setup
    checked = 0
    for r in mine.rows:
        if tuple(r.dropout) != dx.FORUM_DROPOUT:
            continue
        twin = [f for f in forum.rows if f.method == r.method and f.lam == r.lam]
        assert len(twin) == 1, (r.method, r.lam)
        assert (r.train_error, r.test_error) == (twin[0].train_error, twin[0].test_error)
        checked += 1
    assert checked == 4


def test_claims_are_judged_on_the_rows():
    res = experiments.reproduce(NAME)
    ids = [v for k, v in vars(dx.ClaimId).items() if not k.startswith("_")]
    assert sorted(c.id for c in res.claims) == sorted(ids)  # one claim per id, each once
    # the forum's L1 collapse is reproduced with its dropout on, and is L1's own
    assert res.claim(dx.ClaimId.FORUM_L1).reproduced
    assert res.claim(dx.ClaimId.L1_COLLAPSE).reproduced
    assert {c.source for c in res.claims} == {"forum", "regviz"}
    # a claim that fails on other rows: without a dropout-off L1 row, the collapse claim fails
    rows = [r for r in res.rows if not (r.method == dx.Method.L1 and tuple(r.dropout) == dx.OFF)]
    judged = dx.claims(rows, dx.DropoutSettings())
    assert sum(c.reproduced for c in judged) < sum(c.reproduced for c in res.claims)


@pytest.mark.slow
def test_the_runner_trains_with_the_rates_it_reports():
    from regviz.experiments.mnist import load_data

    s = dx.DropoutSettings(setup=dataclasses.replace(dx.FORUM, epochs=1),
                           dropouts=(dx.OFF, (0.5, 0.5)), l1_lambdas=(0.01,),
                           n_train_per_class=20)
    data = load_data("sample", s)
    out = dx.run(s, data, seed=0, threads=1)
    assert [tuple(r.dropout) for r in out.rows] == [dx.OFF] * 3 + [(0.5, 0.5)] * 3
    assert all(r.test_error is not None for r in out.rows)
    again = dx.run(s, data, seed=0, threads=1)
    assert [r.test_error for r in again.rows] == [r.test_error for r in out.rows]
