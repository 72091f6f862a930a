"""Notebook 11's exercise checks against independent oracles: right answers pass, wrong ones
get feedback and hint 1, then hint 2; every wrong option of the conceptual question explains
itself."""

from __future__ import annotations

import math

import numpy as np
import pytest

from regviz.exercises import choice_answer, hints_of, reset_hints
from regviz.exercises import implicit as ex


@pytest.fixture(autouse=True)
def fresh_hints():
    reset_hints()
    yield
    reset_hints()


def test_right_answers_pass():
    # the oracle: the pseudo-inverse, and 1 - 0.95^30 by hand
    assert ex.check_min_norm(lambda X, y: np.linalg.pinv(X) @ y)
    assert ex.check_min_norm(lambda X, y: X.T @ np.linalg.solve(X @ X.T, y))
    assert ex.check_gd_factor(1 - 0.95**30)
    assert ex.check_gd_factor(1 - (1 - 0.2 * 0.3) ** 12, s2_over_n=0.3, lr=0.2, t=12)
    letter = choice_answer(ex.PEAK_REASON)
    assert ex.check_peak_reason(letter) and ex.check_peak_reason(f" ({letter.upper()}) ")


def test_unanswered_is_not_wrong(capsys):
    assert not ex.check_gd_factor(None)
    assert "Not answered yet" in capsys.readouterr().out
    assert not ex.check_peak_reason(None)
    out = capsys.readouterr().out
    assert all(text.split()[0] in out for text in ex.PEAK_REASON)  # the options are shown


def test_wrong_answers_get_feedback_then_hint_one_then_hint_two(capsys):
    first, second = hints_of(ex.check_gd_factor)
    assert not ex.check_gd_factor(1 - math.exp(-1.5))  # the exponential approximation
    out = capsys.readouterr().out
    assert "approximation" in out and first.split("{")[0] in out
    assert not ex.check_gd_factor(1.5 / 2.5)  # ridge's factor at the matched lambda
    out = capsys.readouterr().out
    assert "ridge's factor" in out and second.split("{")[0] in out
    assert not ex.check_min_norm(lambda X, y: X.T @ y / len(y))
    assert hints_of(ex.check_min_norm)[0] in capsys.readouterr().out


def test_every_wrong_option_is_explained():
    right = choice_answer(ex.PEAK_REASON)
    letters = "abcde"[:len(ex.PEAK_REASON)]
    assert len(ex.PEAK_REASON) >= 4
    for letter, (_text, (ok, why)) in zip(letters, ex.PEAK_REASON.items(), strict=True):
        reset_hints()
        verdict = ex.check_peak_reason(letter)
        assert bool(verdict) == ok == (letter == right)
        assert why in verdict.message
