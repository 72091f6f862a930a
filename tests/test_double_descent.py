"""The ``double-descent`` reproduction: its JSON contract, its claims, and claims that fail
when the curves do not show what they claim (planted rows)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from regviz.experiments import double_descent as dd
from regviz.experiments import reproduce
from regviz.experiments.results import Row

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def result():
    return reproduce("double-descent", cache=False)


def test_cli_json_has_the_contracts_fields():
    out = subprocess.run([sys.executable, "-m", "regviz", "reproduce", "double-descent",
                          "--json", "--no-cache"], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    res = json.loads(out.stdout)
    assert res["name"] == "double-descent" and res["config"]["n_train"] == 100
    methods = {r["method"] for r in res["rows"]}
    assert methods == {"min-norm", "tuned-ridge"}
    for r in res["rows"]:
        assert {"method", "n_features", "lambda", "train_error", "test_error"} <= set(r)
    assert len(res["rows"]) == 2 * len(dd.WIDTHS)
    assert res["claims"] and all(c["reproduced"] for c in res["claims"])


def test_min_norm_peaks_near_n_train_and_tuned_ridge_does_not(result):
    n = result.config["n_train"]
    ids = (dd.ClaimId.MIN_NORM_PEAK, dd.ClaimId.MIN_NORM_INTERPOLATES,
           dd.ClaimId.TUNED_RIDGE_NO_PEAK, dd.ClaimId.RIDGE_BEATS_PEAK)
    assert all(result.claim(i).reproduced for i in ids), [c.ours for c in result.claims]
    assert all(isinstance(r, dd.DoubleDescentRow) for r in result.rows)
    mn = [r for r in result.rows if r.method == dd.Method.MIN_NORM]
    peak = max(mn, key=lambda r: r.test_error)
    assert 0.75 * n <= peak.n_features <= 1.25 * n
    ridge = {r.n_features: r.test_error for r in result.rows
             if r.method == dd.Method.TUNED_RIDGE}
    assert ridge[peak.n_features] < peak.test_error / 10
    # the tuned lambda grows with the width (more features, more variance to damp)
    lams = [r.lam for r in result.rows if r.method == dd.Method.TUNED_RIDGE]
    assert lams[-1] > lams[0]


def test_same_seed_same_numbers_and_another_seed_differs(result):
    again = reproduce("double-descent", cache=False)
    assert [r.test_error for r in again.rows] == [r.test_error for r in result.rows]
    other = reproduce("double-descent", cache=False, seed=1)
    assert [r.test_error for r in other.rows] != [r.test_error for r in result.rows]


def _planted(rows: list[Row], method: str, errors) -> list[Row]:
    out = [r for r in rows if r.method != method]
    mine = [r for r in rows if r.method == method]
    return out + [replace(r, test_error=float(e)) for r, e in zip(mine, errors, strict=True)]


def _claim(claims, id_):
    return next(c for c in claims if c.id == id_)


def test_claims_fail_on_planted_curves(result):
    settings = dd.DoubleDescentSettings()
    widths = np.array(settings.widths)
    flat = 1.0 / np.sqrt(widths)  # falls through the threshold: no peak
    peak, no_peak = dd.ClaimId.MIN_NORM_PEAK, dd.ClaimId.TUNED_RIDGE_NO_PEAK
    planted = dd.claims(_planted(result.rows, dd.Method.MIN_NORM, flat), settings)
    assert not _claim(planted, peak).reproduced
    shifted = np.where(widths == 293, 50.0, 1.0)  # a peak, far from n_train
    planted = dd.claims(_planted(result.rows, dd.Method.MIN_NORM, shifted), settings)
    assert not _claim(planted, peak).reproduced
    bump = np.where(widths == 100, 2.0, 0.5)  # a ridge curve with its own peak
    planted = dd.claims(_planted(result.rows, dd.Method.TUNED_RIDGE, bump), settings)
    assert not _claim(planted, no_peak).reproduced
    # and the threshold moves with n_train
    assert not _claim(dd.claims(result.rows, replace(settings, n_train=200)), peak).reproduced


def test_the_module_imports_no_torch():
    code = ("import sys; import regviz.experiments.double_descent as m; "
            "m.run(m.DoubleDescentSettings(widths=(5, 10, 20), n_seeds=1)); "
            "assert 'torch' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
