"""Notebook 11's exercise checks: right answers pass, wrong ones get hint 1 then hint 2 (no
code in any hint), every wrong option of the conceptual question explains itself."""

from __future__ import annotations

import re

import numpy as np
import pytest

from regviz.exercises import implicit as ex

CODE = re.compile(r"np\.|\(\)|\[[^\]]*:[^\]]*\]|\bfor\b.*\bin\b|==|\w+\s*=\s*\w|\.\w+\(")


@pytest.fixture(autouse=True)
def fresh_attempts():
    ex._attempts.clear()
    yield
    ex._attempts.clear()


def test_right_answers_pass():
    assert ex.check_min_norm(lambda X, y: X.T @ np.linalg.solve(X @ X.T, y))
    assert ex.check_gd_factor(1 - 0.95**30)
    assert ex.check_peak_reason("a") and ex.check_peak_reason(" (A) ")


def test_unanswered_is_not_wrong(capsys):
    assert not ex.check_gd_factor(None)
    assert "Not answered yet" in capsys.readouterr().out
    assert not ex.check_min_norm(lambda X, y: None)
    assert ex._attempts == {}


def test_wrong_answers_get_hint_one_then_hint_two(capsys):
    import math

    for answer in (1 - math.exp(-1.5), 0.6):  # the exponential approximation, ridge's factor
        assert not ex.check_gd_factor(answer)
    out = capsys.readouterr().out
    first, second = out.split("Not yet.")[1:]
    assert ex.HINTS["gd_factor"][0] in first and ex.HINTS["gd_factor"][1] in second
    # pinv-like but wrong: least squares on the normal equations of X itself
    assert not ex.check_min_norm(lambda X, y: X.T @ y / len(y))
    assert ex.HINTS["min_norm"][0] in capsys.readouterr().out


def test_every_wrong_option_is_explained_and_gets_a_hint(capsys):
    wrong = [k for k, (ok, _) in ex.PEAK_OPTIONS.items() if not ok]
    assert len(ex.PEAK_OPTIONS) >= 4 and len(wrong) == len(ex.PEAK_OPTIONS) - 1
    for k in wrong:
        ex._attempts.clear()
        assert not ex.check_peak_reason(k)
        out = capsys.readouterr().out
        assert ex.PEAK_OPTIONS[k][1] in out and ex.HINTS["peak_reason"][0] in out
    assert not ex.check_peak_reason("z")


def test_hints_hold_no_code_and_not_the_answer():
    answer = f"{1 - 0.95**30:.3f}"
    for name, hints in ex.HINTS.items():
        assert len(hints) == 2
        for h in hints:
            assert not CODE.search(h), (name, h)
            assert answer not in h
    assert "(a)" not in " ".join(ex.HINTS["peak_reason"])
    with pytest.raises(ValueError, match="name must be one of"):
        ex.hint("nope")
    with pytest.raises(ValueError, match="level must be 1 or 2"):
        ex.hint("gd_factor", 3)
