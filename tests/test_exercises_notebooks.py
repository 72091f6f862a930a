"""Every notebook's checks (00-05, 08, 09): None is told how to answer, a right answer is
Correct, a first and a second wrong answer get two different prose hints that do not contain
the answer, a code check shows the first input where the student's function differs, and a
multiple-choice question explains every option. Right answers come from independent oracles
(hand formulas, brute force, scikit-learn), not from the checks."""  # noqa: D205

from __future__ import annotations

import importlib
import math
import pkgutil

import numpy as np
import pytest

import regviz.exercises as exercises
from regviz import generalization as gen
from regviz.elastic_net import correlated_regression
from regviz.exercises import NOT_ANSWERED, choice_answer
from regviz.exercises import elastic_net as ex_en
from regviz.exercises import generalization as ex_gen
from regviz.exercises import geometry as ex_geo
from regviz.exercises import gradients as ex_grad
from regviz.exercises import landscapes as ex_land
from regviz.exercises import playground as ex_play
from regviz.exercises import priors as ex_pri
from regviz.exercises import prox as ex_prox
from regviz.geometry import DEFAULT_LOSS

TOLD = NOT_ANSWERED.split(":")[0]  # "Not answered yet"


def verdict(capsys, check, *args, **kwargs):
    v = check(*args, **kwargs)
    return bool(v), capsys.readouterr().out


def stub(*args, **kwargs):
    return None  # your code here


@pytest.fixture(autouse=True)
def fresh_hints():
    exercises.reset_hints()


def lecture_f(x):
    u = np.asarray(x, dtype=float) - 1
    return u * u + u**3 / 6


def brute_minimizer(lam, p):
    x = np.linspace(-2, 3, 500001)
    return float(x[np.argmin(lecture_f(x) + lam * np.abs(x) ** p)])


def corner_radius_kkt(center=(2.6, 1.2), angle=30.0):
    """|dL/dw2(r, 0)| = -dL/dw1(r, 0) with the loss's matrix written out (no regviz solver)."""
    c = np.array(center)
    th = math.radians(angle)
    rot = np.array([[math.cos(th), -math.sin(th)], [math.sin(th), math.cos(th)]])
    A = rot @ np.diag([1 / s**2 for s in DEFAULT_LOSS.scales]) @ rot.T
    # g(r) = A((r, 0) - c) = g0 + r A[:, 0]
    g0, d = -A @ c, A[:, 0]
    roots = [(-g0[0] - g0[1]) / (d[0] + d[1]), (g0[1] - g0[0]) / (d[0] - d[1])]
    return min(r for r in roots if r > 0 and -(g0[0] + r * d[0]) > 0)


def half_prox_brute(z, t):
    x = np.linspace(-3, 3, 600001)
    return x[np.argmin(0.5 * (x - z) ** 2 + t * np.sqrt(np.abs(x)))]


def lasso_sklearn(seed, lam):
    from sklearn.linear_model import Lasso

    X, y = correlated_regression(seed=seed)[:2]
    return Lasso(alpha=lam, fit_intercept=False, tol=1e-12, max_iter=100000).fit(X, y).coef_


def lasso_1se_by_hand():
    """The one-standard-error rule applied here to the CV table (mean and se per lambda)."""
    Xtr, ytr, *_ = gen.diabetes_data(seed=1)
    lams = np.geomspace(*gen.DIABETES["lams"]["L1"])
    cv = gen.cross_validate(Xtr, ytr, lams, penalty="L1", folds=gen.kfold(300, 5, seed=1))
    k = int(np.argmin(cv.mean))
    return float(max(lam for lam, m in zip(cv.lams, cv.mean, strict=True)
                     if m <= cv.mean[k] + cv.se[k]))


def _steps_simulated(w, lam):
    n = 0
    while w != 0:
        w = w - min(lam, abs(w)) * math.copysign(1.0, w)
        n += 1
    return n


# --- number exercises: (check, kwargs, right answer from an oracle, wrong answers) ------------
NUMBERS = [
    (ex_gen.check_lasso_1se, {"seed": 1}, lambda: lasso_1se_by_hand(), [0.1, 10.0]),
    (ex_gen.check_effective_df, {"lam": 0.0137},
     lambda: float(np.sum((s := np.linalg.svd(gen.polynomial_data().X_train
                                              - gen.polynomial_data().X_train.mean(0),
                                              compute_uv=False)) ** 2
                          / (s**2 + 2 * 15 * 0.0137))), [12.0, 5.0]),
    (ex_land.check_l2_lambda, {"x": 0.25}, lambda: 1.21875 / 0.5, [1.21875, 0.0]),
    (ex_land.check_minimizer, {"lam": 0.87, "p": 0.6}, lambda: brute_minimizer(0.87, 0.6),
     [0.0, 1.0]),
    (ex_geo.check_corner_radius, {"center": (2.6, 1.2), "angle": 30.0}, corner_radius_kkt,
     [0.5, 3.0]),
    (ex_geo.check_line_contact, {"a": (2.0, 3.0), "b": 2.0, "p": 2.0},
     lambda: (4 / 13, 6 / 13), [(1.0, 0.0), (0.2, 0.5)]),
    (ex_grad.check_l2_steps, {"lr": 0.1, "lam": 9.6, "factor": 1e-6},
     lambda: math.ceil(6 * math.log(10) / -math.log(0.92)), [165, 167]),
    (ex_grad.check_cycle_amplitude, {"lr": 0.04, "lam": 0.3, "p": 0.3},
     lambda: (0.04 * 0.3 * 0.3 / 2) ** (1 / 1.7), [0.01, 0.05]),
    (ex_prox.check_half_threshold_lam, {"step": 0.2, "tau": 0.8},
     lambda: (2 * 0.8 / 3) ** 1.5 / 0.2, [4.0, 0.8]),
    (ex_pri.check_lam, {"b": 0.4, "sigma": 0.3, "n": 12}, lambda: 2 * 0.09 / 0.4, [2.0, 1.0]),
    (ex_pri.check_smallest_n, {"ybar": 0.21, "b": 0.09, "sigma": 1.0},
     lambda: next(n for n in range(1, 1000) if 1 / (n * 0.09) < 0.21), [52, 54]),
    (ex_en.check_mix_for_shrinkage, {"step": 0.4, "lam": 2.0, "z": 3.0, "target": 1.5},
     lambda: 0.9 / 1.6, [0.3, 1.0]),
    (ex_en.check_lasso_survivor, {"seed": 3, "lam": 1.0},
     lambda: float(lasso_sklearn(3, 1.0)[lasso_sklearn(3, 1.0) != 0][0]), [0.0, 2.0]),
]


def _three(x) -> list[str]:
    vals = np.atleast_1d(np.asarray(x, dtype=float))
    return [f"{v:.3g}" for v in vals if v != 0]


@pytest.mark.parametrize("check, kw, oracle, wrongs", NUMBERS,
                         ids=[n[0].__name__ for n in NUMBERS])
def test_number_exercise(capsys, check, kw, oracle, wrongs):
    right = oracle()
    assert np.allclose(check.expected(**kw), right, rtol=1e-3, atol=1e-3)  # the key is right
    ok, out = verdict(capsys, check, None, **kw)
    assert not ok and out.startswith(TOLD) and "replace None" in out
    ok, out = verdict(capsys, check, right, **kw)
    assert ok and out.startswith("Correct"), out
    outs = []
    for wrong in wrongs:
        ok, out = verdict(capsys, check, wrong, **kw)
        assert not ok and out.startswith("Not yet"), (wrong, out)
        for shown in _three(right):
            assert shown not in out, f"the feedback on {wrong!r} gives the answer away: {out}"
        outs.append(out)
    assert "Hint 1 of 2" in outs[0] and "Hint 2 of 2" in outs[1]
    hint1 = outs[0].split("Hint 1 of 2: ")[1]
    hint2 = outs[1].split("Hint 2 of 2: ")[1]
    assert hint1.strip() != hint2.strip()


def test_steps_to_zero_and_other_mnist_numbers_against_simulation():
    from regviz.exercises import mnist as ex_mn

    assert ex_mn.check_steps_to_zero.expected(w=0.0251, lam=1.3e-4) == _steps_simulated(
        0.0251, 1.3e-4)
    pull = sum(0.01 * 0.01 for _ in range(20) for _ in range(0, 4000, 200))
    assert ex_mn.check_total_pull.expected() == pytest.approx(pull)
    w = ex_mn.check_sqrt_crossover.expected(lam=0.001, g=0.01)
    h = 1e-9
    slope = 0.001 * (math.sqrt(w + h) - math.sqrt(w - h)) / (2 * h)
    assert slope == pytest.approx(0.01, rel=1e-4)


def test_cycle_amplitude_is_a_two_cycle():
    a = ex_grad.check_cycle_amplitude.expected(lr=0.04, lam=0.3, p=0.3)
    h = 1e-9
    slope = 0.3 * ((a + h) ** 0.3 - (a - h) ** 0.3) / (2 * h)  # finite differences, not Lp.grad
    assert a - 0.04 * slope == pytest.approx(-a, rel=1e-5)


def test_half_threshold_lambda_by_brute_force():
    lam = ex_prox.check_half_threshold_lam.expected(step=0.2, tau=0.8)
    t = 0.2 * lam
    assert abs(half_prox_brute(0.79, t)) < 1e-9 and half_prox_brute(0.81, t) > 0.3


def test_zero_fraction_counts_the_weights():
    from regviz.penalties import L1
    from regviz.playground import make_dataset, train

    result = train(make_dataset("moons"), penalty=L1(0.0045), mode="prox", steps=1000)
    frac = ex_play.check_zero_fraction.expected(lam=0.0045)
    assert 0.0 < frac < 1.0 and frac == result.history["zero_fraction"][-1]
    assert ex_play.check_zero_fraction(frac, lam=0.0045)
    assert not ex_play.check_zero_fraction(frac + 2 / 88, lam=0.0045)


def test_feedback_names_a_recognised_mistake(capsys):
    ok, out = verdict(capsys, ex_land.check_l2_lambda, -2.4375, x=0.25)
    assert not ok and "sign" in out
    ok, out = verdict(capsys, ex_pri.check_lam, 1 / 0.4, b=0.4, sigma=0.3, n=12)  # the NLL's
    assert not ok and "negative log-likelihood" in out
    ok, out = verdict(capsys, ex_pri.check_lam, 2 * 0.3**2 / (12 * 0.4), b=0.4, sigma=0.3, n=12)
    assert not ok and "a sum, not a mean" in out
    ok, out = verdict(capsys, ex_geo.check_line_contact, (0.0, 2 / 3))  # the L1 corner
    assert not ok and "corner" in out


# --- code exercises: a right function (written here), wrong ones, and the stub ------------------
def weighted_ridge(X, y, lam, c):
    n = len(y)
    return np.linalg.solve(X.T @ X / n + 2 * lam * np.diag(c), X.T @ y / n)


def grid_minimizer(lam, p):
    return brute_minimizer(lam, p)


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


def nonneg_prox(z, t):
    return np.maximum(np.asarray(z, float) - t, 0.0)


def ista(X, y, lam, lr, n_iter):
    w = np.zeros(X.shape[1])
    for _ in range(n_iter):
        w = soft_threshold(w - lr * X.T @ (X @ w - y) / len(y), lr * lam)
    return w


def log_joint(w, y, sigma, p, b):
    w = np.asarray(w, float)
    out = -np.abs(w) ** p / b - math.log(2 * b ** (1 / p) * math.gamma(1 + 1 / p))
    for yi in np.atleast_1d(y):
        out = out - 0.5 * math.log(2 * math.pi * sigma**2) - (yi - w) ** 2 / (2 * sigma**2)
    return out


def enet_prox_half(z, t, a):
    return soft_threshold(z, t * a) / (1 + t * (1 - a))


CODE = [
    (ex_gen.check_weighted_ridge, weighted_ridge,
     [lambda X, y, lam, c: weighted_ridge(X, y, lam, np.ones_like(c)),  # ignores c
      lambda X, y, lam, c: weighted_ridge(X, y, lam / len(y), c)]),  # the factor n lost
    (ex_land.check_grid_minimizer, grid_minimizer,
     [lambda lam, p: 1.0, lambda lam, p: grid_minimizer(lam, p) + 0.1]),
    (ex_geo.check_lp_norm, lp_norm,
     [lambda w, p: np.sum(np.abs(w) ** p) ** (1 / p),  # no max norm
      lambda w, p: np.sum(w**p) ** (1 / p)]),  # no absolute value
    (ex_grad.check_descend, descend,
     [lambda grad, w0, lr, n: descend(grad, w0, lr, n)[1:],  # forgets w0
      lambda grad, w0, lr, n: descend(grad, w0, -lr, n)]),  # ascends
    (ex_prox.check_nonneg_prox, nonneg_prox,
     [soft_threshold,  # the two-sided soft threshold: negative z survive
      lambda z, t: np.maximum(np.asarray(z, float), 0.0)]),  # a projection, no shrinkage
    (ex_prox.check_ista, ista,
     [lambda X, y, lam, lr, n: ista(X, y, lam, lr, n - 1),
      lambda X, y, lam, lr, n: ista(X, y, lam / lr, lr, n)]),  # threshold lam, not lr*lam
    (ex_pri.check_log_joint, log_joint,
     [lambda w, y, sigma, p, b: log_joint(w, y, sigma, p, b) + math.log(2),
      lambda w, y, sigma, p, b: -np.abs(w) ** p / b]),
    (ex_en.check_enet_prox_half, enet_prox_half,
     [lambda z, t, a: soft_threshold(z, t * a) / (1 + 2 * t * (1 - a)),  # the notebook's scaling
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
    outs = []
    for wrong in wrongs:
        ok, out = verdict(capsys, check, wrong)
        assert not ok and out.startswith("Not yet") and "returned" in out, out
        assert "expected" in out or "shape" in out  # the first differing input is shown
        outs.append(out)
    assert "Hint 1 of 2" in outs[0] and "Hint 2 of 2" in outs[1]


def test_a_crashing_function_is_reported_not_raised(capsys):
    ok, out = verdict(capsys, ex_prox.check_nonneg_prox, lambda z, t: 1 / 0)
    assert not ok and "ZeroDivisionError" in out


def test_verdict_has_no_echo(capsys):
    v = ex_prox.check_nonneg_prox(nonneg_prox)
    assert v and repr(v) == "Verdict(ok=True)" and v._ipython_display_() is None


# --- multiple choice: every module's questions ----------------------------------------------------
def _questions():
    out = []
    for info in pkgutil.iter_modules(exercises.__path__):
        module = importlib.import_module(f"regviz.exercises.{info.name}")
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if isinstance(obj, dict) and obj and all(
                    isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], bool)
                    for v in obj.values()):
                check = next((getattr(module, c) for c in module.__all__ if c.startswith(
                    "check_") and getattr(getattr(module, c), "exercise", None) is not None
                    and getattr(module, c).expected is not None
                    and _is_choice(getattr(module, c), obj)), None)
                out.append((f"{info.name}.{name}", obj, check))
    return out


def _is_choice(check, options):
    try:
        return check.expected() == choice_answer(options)
    except TypeError:
        return False


QUESTIONS = _questions()


def test_every_topic_module_has_a_question():
    modules = {q[0].split(".")[0] for q in QUESTIONS}
    assert {"generalization", "landscapes", "geometry", "gradients", "prox", "priors", "mnist",
            "elastic_net", "playground"} <= modules
    assert len(QUESTIONS) >= 10


@pytest.mark.parametrize("name, options, check", QUESTIONS, ids=[q[0] for q in QUESTIONS])
def test_multiple_choice_explains_every_option(capsys, name, options, check):
    assert check is not None, (
        f"{name}: no check_* in its module declares these options' right answer as its "
        "expected= (declare the check with @exercise(..., expected=...))")
    assert len(options) >= 4 and sum(r for r, _ in options.values()) == 1
    ok, out = verdict(capsys, check, None)
    assert not ok and out.startswith(TOLD) and all(text in out for text in options)
    for letter, (text, (right, why)) in zip("abcdefgh", options.items(), strict=False):
        ok, out = verdict(capsys, check, letter)
        assert ok == right and why in out and text in out
        if not right:
            others = [w for t, (r, w) in options.items() if t != text]
            assert not any(w in out for w in others)  # its own explanation, not another's
