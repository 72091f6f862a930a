"""Every notebook's checks (01-05, 08): None is told how to answer, a right answer is Correct,
a wrong one gets a hint that does not contain the answer, and a code check runs the student's
function against its oracle and shows the first input where they differ."""

from __future__ import annotations

import math

import numpy as np
import pytest

from regviz.exercises import NOT_ANSWERED
from regviz.exercises import elastic_net as ex_en
from regviz.exercises import geometry as ex_geo
from regviz.exercises import gradients as ex_grad
from regviz.exercises import landscapes as ex_land
from regviz.exercises import priors as ex_pri
from regviz.exercises import prox as ex_prox

TOLD = NOT_ANSWERED.split(":")[0]  # "Not answered yet"


def verdict(capsys, check, *args, **kwargs):
    v = check(*args, **kwargs)
    return bool(v), capsys.readouterr().out


def stub(*args, **kwargs):
    return None  # your code here


# --- number exercises: (check, kwargs, right answer, wrong answers, text of the answer) ------
NUMBERS = [
    (ex_land.check_l2_lambda, {"x": 0.25}, 2.4375, [1.21875, -2.4375, 0.0], "2.4375"),
    (ex_land.check_minimizer, {"lam": 0.85, "p": 0.5}, 0.7344, [0.0, 1.0, 0.5], "0.734"),
    (ex_geo.check_zero_count, {"p": 0.5, "radius": 2.5}, 1, [0, 2, "one"], None),
    (ex_geo.check_line_contact, {}, (0.0, 1.0), [(2.0, 0.0), (0.4, 0.8)], "(0.0, 1.0)"),
    (ex_grad.check_l2_steps, {"lr": 0.1, "lam": 7.0, "factor": 1e-6}, 16, [15, 17, math.inf],
     "16"),
    (ex_grad.check_cycle_amplitude, {"lr": 0.05, "lam": 0.2}, (0.05 * 0.2 / 4) ** (2 / 3),
     [(0.05 * 0.2 / 4) ** 0.5, 0.0025], "0.01842"),
    (ex_prox.check_half_threshold, {"step": 0.1, "lam": 1.0}, 1.5 * 0.1 ** (2 / 3),
     [0.1, math.sqrt(0.2), 0.5], "0.3232"),
    (ex_pri.check_lam, {"b": 0.5, "sigma": 0.2, "n": 10}, 2 * 0.04 / 0.5, [2.0, 0.016, 1.0],
     "0.16"),
    (ex_pri.check_smallest_n, {"ybar": 0.3, "b": 0.25, "sigma": 1.0}, 14, [13, 15, 13.33],
     "14"),
    (ex_en.check_enet_threshold, {"step": 0.5, "lam": 2.0, "mix": 0.3}, 0.3, [1.0, 0.7],
     "0.3"),
    (ex_en.check_lasso_keeps, {"seed": 3, "lam": 1.0}, None, ["none", "both"], None),
]


@pytest.mark.parametrize("check, kw, right, wrongs, shown", NUMBERS,
                         ids=[n[0].__name__ for n in NUMBERS])
def test_number_exercise(capsys, check, kw, right, wrongs, shown):
    ok, out = verdict(capsys, check, None, **kw)
    assert not ok and out.startswith(TOLD) and "replace None" in out
    if right is None:  # the lasso: which one it keeps depends on the data; find it
        right = next(a for a in (1, 2) if check(a, **kw))
        capsys.readouterr()
        wrongs = [*wrongs, 3 - right]
    ok, out = verdict(capsys, check, right, **kw)
    assert ok and out.startswith("Correct"), out
    for wrong in wrongs:
        ok, out = verdict(capsys, check, wrong, **kw)
        assert not ok and out.startswith("Not yet"), (wrong, out)
        if shown is not None:
            assert shown not in out, f"the hint for {wrong!r} gives the answer away: {out}"


def test_l2_steps_counts_exactly(capsys):
    # (1 - 0.1)^t <= 1e-6  <=>  t >= log(1e-6)/log(0.9) = 131.1...
    assert ex_grad.check_l2_steps(132, lr=0.1, lam=0.5)
    assert not ex_grad.check_l2_steps(131, lr=0.1, lam=0.5)


def test_l2_lambda_sign_hint(capsys):
    ok, out = verdict(capsys, ex_land.check_l2_lambda, -2.4375, x=0.25)
    assert not ok and "sign" in out


# --- code exercises: a right function, wrong ones, and the stub --------------------------------
def grid_minimizer(lam, p):
    x = np.linspace(-2, 3, 500001)
    u = x - 1
    return x[np.argmin(u * u + u**3 / 6 + lam * np.abs(x) ** p)]


def lp_norm(w, p):
    w = np.abs(np.asarray(w, float))
    return w.max() if math.isinf(p) else (w**p).sum() ** (1 / p)


def descend(grad, w0, lr, n_steps):
    ws = [w0]
    for _ in range(n_steps):
        ws.append(ws[-1] - lr * grad(ws[-1]))
    return ws


def soft_threshold(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def ista(X, y, lam, lr, n_iter):
    w = np.zeros(X.shape[1])
    for _ in range(n_iter):
        w = soft_threshold(w - lr * X.T @ (X @ w - y) / len(y), lr * lam)
    return w


def log_prior(w, p, b):
    return -np.abs(w) ** p / b - math.log(2 * b ** (1 / p) * math.gamma(1 + 1 / p))


def enet_prox(z, t, a):
    return soft_threshold(z, t * a) / (1 + 2 * t * (1 - a))


CODE = [
    (ex_land.check_grid_minimizer, grid_minimizer,
     [lambda lam, p: 1.0, lambda lam, p: grid_minimizer(lam, p) + 0.1]),
    (ex_geo.check_lp_norm, lp_norm,
     [lambda w, p: np.sum(np.abs(w) ** p) ** (1 / p),  # no max norm
      lambda w, p: np.sum(w**p) ** (1 / p)]),  # no absolute value
    (ex_grad.check_descend, descend,
     [lambda grad, w0, lr, n: descend(grad, w0, lr, n)[1:],  # forgets w0
      lambda grad, w0, lr, n: descend(grad, w0, -lr, n)]),  # ascends
    (ex_prox.check_soft_threshold, soft_threshold,
     [lambda z, t: z - t * np.sign(z),  # crosses 0: the subgradient step
      lambda z, t: np.where(np.abs(z) > t, z, 0.0)]),  # the hard threshold
    (ex_prox.check_ista, ista,
     [lambda X, y, lam, lr, n: ista(X, y, lam, lr, n - 1),
      lambda X, y, lam, lr, n: ista(X, y, lam / lr, lr, n)]),  # threshold lam, not lr*lam
    (ex_pri.check_log_prior, log_prior,
     [lambda w, p, b: -np.abs(w) ** p / b,  # no normaliser
      lambda w, p, b: -np.abs(w) ** p / b - math.log(2 * b)]),  # Laplace's Z for every p
    (ex_en.check_enet_prox, enet_prox,
     [lambda z, t, a: soft_threshold(z, t * a),  # no shrinkage
      lambda z, t, a: soft_threshold(z, t) / (1 + t)]),
]


@pytest.mark.parametrize("check, right, wrongs", CODE, ids=[c[0].__name__ for c in CODE])
def test_code_exercise(capsys, check, right, wrongs):
    ok, out = verdict(capsys, check, None)
    assert not ok and out.startswith(TOLD) and "replace None" in out
    ok, out = verdict(capsys, check, stub)
    assert not ok and "still returns None" in out
    ok, out = verdict(capsys, check, right)
    assert ok and out.startswith("Correct"), out
    for wrong in wrongs:
        ok, out = verdict(capsys, check, wrong)
        assert not ok and out.startswith("Not yet") and "returned" in out, out
        assert "expected" in out or "shape" in out  # the first differing input is shown


def test_a_crashing_function_is_reported_not_raised(capsys):
    ok, out = verdict(capsys, ex_prox.check_soft_threshold, lambda z, t: 1 / 0)
    assert not ok and "ZeroDivisionError" in out


def test_verdict_has_no_echo(capsys):
    v = ex_prox.check_soft_threshold(soft_threshold)
    assert v and repr(v) == "Verdict(ok=True)" and v._ipython_display_() is None


def test_lasso_keeps_reads_the_solution(capsys):
    # on seed 3 the lasso keeps x2; on seed 2 (the notebook's data) x1
    for ok in (2, "2", "w2", "x2"):
        assert ex_en.check_lasso_keeps(ok, seed=3, lam=1.0)
    assert not ex_en.check_lasso_keeps(1, seed=3, lam=1.0)
    assert ex_en.check_lasso_keeps(1, seed=2, lam=1.0)
    assert ex_en.check_lasso_keeps("both", seed=5, lam=1.0)
    assert ex_en.check_lasso_keeps("none", seed=2, lam=100.0)


def test_zero_count_and_line_contact_variants(capsys):
    assert ex_geo.check_zero_count(1, p=0.5) and ex_geo.check_zero_count(1.0, p=1.0)
    assert ex_geo.check_zero_count(0, p=2.0) and ex_geo.check_zero_count(0, p=1.0, radius=2.5)
    assert not ex_geo.check_zero_count(True, p=0.5) and not ex_geo.check_zero_count(0.5, p=0.5)
    assert ex_geo.check_line_contact([0.0, 1.0])
    assert ex_geo.check_line_contact(np.array([0, 1.0004]))
    assert not ex_geo.check_line_contact((0, 1, 0)) and not ex_geo.check_line_contact("0, 1")
    assert ex_geo.check_line_contact((0.4, 0.8), p=2.0)


def test_lam_hints_name_the_mistake(capsys):
    ok, out = verdict(capsys, ex_pri.check_lam, 1 / 0.5)  # the negative log-likelihood's lambda
    assert not ok and "negative log-likelihood" in out
    ok, out = verdict(capsys, ex_pri.check_lam, 2 * 0.2**2 / (10 * 0.5))  # the MSE's lambda
    assert not ok and "a sum, not a mean" in out
