"""Notebooks 12 and 13's checks: None is told how to answer, the right answer is Correct, a wrong
one gets feedback and a hint without the answer, code checks run against their oracle."""

from __future__ import annotations

import math

import numpy as np
import pytest

from regviz.exercises import NOT_ANSWERED, choice_answer, reset_hints
from regviz.exercises import normalization as ex_norm
from regviz.exercises import sparsity as ex_sp
from regviz.penalties import GroupLasso

TOLD = NOT_ANSWERED.split(":")[0]


@pytest.fixture(autouse=True)
def fresh_hints():
    reset_hints()


def verdict(capsys, check, *args, **kwargs):
    v = check(*args, **kwargs)
    return bool(v), capsys.readouterr().out


NUMBERS = [
    (ex_norm.check_angular_update, {"lr": 0.1, "weight_decay": 0.0005, "momentum": 0.9},
     math.sqrt(2 * 0.1 * 0.0005 / 1.9), [math.sqrt(2 * 0.1 * 0.0005), 1e-4 / 1.9, 0.1]),
    (ex_norm.check_adamw_left, {"lr": 0.001, "weight_decay": 0.1, "steps": 10000},
     math.exp(-0.5), [math.exp(-1.0), 0.5, 0.9]),
    (ex_sp.check_csr_bytes, {"rows": 300, "cols": 1000, "density": 0.04},
     8 * 12000 + 4 * 301, [4 * 12000, 8 * 12000, 1_200_000]),
]


@pytest.mark.parametrize("check, kw, right, wrongs", NUMBERS, ids=[n[0].__name__ for n in NUMBERS])
def test_number_exercise(capsys, check, kw, right, wrongs):
    ok, out = verdict(capsys, check, None, **kw)
    assert not ok and out.startswith(TOLD)
    ok, out = verdict(capsys, check, right, **kw)
    assert ok and out.startswith("Correct.")
    for k, wrong in enumerate(wrongs):
        ok, out = verdict(capsys, check, wrong, **kw)
        assert not ok and out.startswith("Not yet.")
        assert f"Hint {min(k + 1, 2)} of 2" in out
        assert f"{right:.4g}" not in out and f"{right:.3g}" not in out


CHOICES = [(ex_norm.check_double_lr, ex_norm.DOUBLE_LR), (ex_sp.check_why_not_faster,
                                                            ex_sp.WHY_NOT_FASTER)]


@pytest.mark.parametrize("check, options", CHOICES, ids=[c[0].__name__ for c in CHOICES])
def test_choice_exercise(capsys, check, options):
    right = choice_answer(options)
    assert right != "a"  # the right option is not always the first
    ok, out = verdict(capsys, check, None)
    assert not ok and "(d)" in out
    for letter in "abcd":
        ok, out = verdict(capsys, check, letter)
        assert ok == (letter == right)
        explanation = list(options.values())["abcd".index(letter)][1]
        assert explanation in out


def group_prox_right(Z, t):
    Z = np.asarray(Z, float)
    n = np.linalg.norm(Z, axis=1, keepdims=True)
    return Z * np.where(n > t, 1 - t / np.where(n > 0, n, 1), 0.0)


def group_prox_elementwise(Z, t):  # the L1 soft threshold: scattered zeros, not whole rows
    return np.sign(Z) * np.maximum(np.abs(Z) - t, 0.0)


def angle_right(a, b):
    a, b = np.ravel(a), np.ravel(b)
    return float(np.arccos(np.clip(a @ b / np.linalg.norm(a) / np.linalg.norm(b), -1, 1)))


def angle_unnormalized(a, b):  # forgets the norms
    return float(np.arccos(np.clip(np.ravel(a) @ np.ravel(b), -1, 1)))


@pytest.mark.parametrize("check, right, wrong", [
    (ex_sp.check_group_prox, group_prox_right, group_prox_elementwise),
    (ex_norm.check_angle, angle_right, angle_unnormalized),
])
def test_code_exercise(capsys, check, right, wrong):
    def stub(*args):
        return None

    ok, out = verdict(capsys, check, stub)
    assert not ok and "returns None" in out
    ok, out = verdict(capsys, check, right)
    assert ok and out.startswith("Correct.")
    ok, out = verdict(capsys, check, wrong)
    assert not ok and "Hint 1 of 2" in out


def test_group_prox_oracle_is_the_penalty():
    Z = np.array([[3.0, 4.0], [0.3, 0.4]])
    np.testing.assert_array_equal(ex_sp._group_prox(Z, 1.0), GroupLasso(1.0).prox(Z, 1.0))
