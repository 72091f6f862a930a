"""Notebook 10's checks: None is told how to answer, the right answer is Correct, wrong answers
get feedback and a hint without the answer; the code check runs the student's function."""

from __future__ import annotations

import numpy as np

from regviz.exercises import NOT_ANSWERED, reset_hints
from regviz.exercises.noise import (
    WHY_RARE,
    check_dropout_least_squares,
    check_kept_share,
    check_why_rare,
)

TOLD = NOT_ANSWERED.split(":")[0]


def test_kept_share(capsys):
    reset_hints()
    assert not check_kept_share(None, p=0.35) and TOLD in capsys.readouterr().out
    for wrong in (0.35, 0.35 / 0.65, 0.5):
        assert not check_kept_share(wrong, p=0.35)
        out = capsys.readouterr().out
        assert "0.65" not in out and "Hint" in out
    assert check_kept_share(0.65, p=0.35)
    assert check_kept_share(0.8, p=0.2)


def test_why_rare(capsys):
    letters = "abcd"
    right = [ok for ok, _ in WHY_RARE.values()].index(True)
    assert check_why_rare(letters[right])
    for k, (ok, why) in enumerate(WHY_RARE.values()):
        if not ok:
            assert not check_why_rare(letters[k])
            assert why in capsys.readouterr().out


def test_dropout_least_squares(capsys):
    def stub(X, y, p):
        return None

    def ridge_not_dropout(X, y, p):  # one λ for every feature: differs from dropout
        return np.linalg.solve(X.T @ X + p / (1 - p) * np.trace(X.T @ X) / X.shape[1]
                               * np.eye(X.shape[1]), X.T @ y)

    def right(X, y, p):
        g = X.T @ X
        return np.linalg.solve(g + p / (1 - p) * np.diag(np.diag(g)), X.T @ y)

    assert not check_dropout_least_squares(stub)
    capsys.readouterr()
    assert not check_dropout_least_squares(ridge_not_dropout)
    out = capsys.readouterr().out
    assert "dropout_least_squares(" in out and "expected" in out and "Hint" in out
    assert check_dropout_least_squares(right)
