"""Notebook 00's linear reproductions: d2l's weight decay and the diabetes CV (no torch)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from regviz.experiments import linear, registry, reproduce
from regviz.experiments.linear import D2L, Method

ROOT = Path(__file__).resolve().parents[1]


def test_d2l_weight_decay_reproduction(tmp_path, monkeypatch):
    monkeypatch.setenv("REGVIZ_CACHE", str(tmp_path))
    result = reproduce("d2l-weight-decay", cache=False)
    assert result.name == "d2l-weight-decay"
    no_pen, wd = result.rows
    assert isinstance(no_pen, linear.D2LRow)
    assert (no_pen.method, wd.method) == (Method.D2L_NONE, Method.D2L_L2)
    assert (no_pen.lam, wd.lam, wd.d2l_lambda) == (0.0, 1.5, 3.0)
    assert no_pen.test_error > 1000 * no_pen.train_error  # lambda = 0 overfits
    assert wd.test_error < no_pen.test_error / 100
    assert wd.weight_norm < no_pen.weight_norm / 10
    assert all(c.reproduced and c.tolerance for c in result.claims) and len(result.claims) == 3
    assert result.claim("decay-shrinks-weights").reproduced
    assert "mean squared error" in result.config["errors"]
    assert "lambd / 2" in result.config["lambda_convention"]


def test_d2l_rows_keep_their_per_epoch_curves(tmp_path, monkeypatch):
    """Through the registry and the cache, the history keeps ``epoch`` and ``weight_norm``."""
    monkeypatch.setenv("REGVIZ_CACHE", str(tmp_path))
    first = reproduce("d2l-weight-decay")  # trains and stores it
    again = reproduce("d2l-weight-decay")  # read back from the cache
    assert again == first
    for row in again.rows:
        norms = row.history.curve("weight_norm")
        assert row.history.curve("epoch") == list(range(1, D2L.epochs + 1))
        assert len(norms) == D2L.epochs and norms[-1] == row.weight_norm
        assert row.history.test_error[-1] == row.test_error


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_d2l_claims_hold_for_other_seeds(seed):
    out = linear.run_d2l(D2L, None, seed=seed)
    assert all(c.reproduced for c in linear.d2l_claims(out.rows, D2L))


def test_d2l_sgd_equals_d2ls_loss_with_torch_autograd():
    """d2l's code: (y_hat - y)^2/2 + lambd/2 * ||w||^2, .sum().backward(), w -= lr*grad/batch."""
    torch = pytest.importorskip("torch")
    seed, lambd = 0, 3.0
    Xtr, ytr, _, _ = linear.d2l_data(seed=seed)
    rng = np.random.default_rng(seed + 1)
    w = torch.tensor(rng.standard_normal(200), dtype=torch.float64, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    X, y = torch.tensor(Xtr), torch.tensor(ytr)
    ours = linear.d2l_train(lambd / 2, seed=seed)
    for epoch in range(5):
        order = rng.permutation(20)
        for start in range(0, 20, 5):
            idx = torch.tensor(order[start:start + 5])
            loss = (X[idx] @ w + b - y[idx]) ** 2 / 2 + lambd * torch.sum(w**2) / 2
            loss.sum().backward()
            with torch.no_grad():
                for param in (w, b):
                    param -= D2L.lr * param.grad / 5
                    param.grad.zero_()
        with torch.no_grad():
            train = float(torch.mean((X @ w + b - y) ** 2))
        assert ours.train_error[epoch] == pytest.approx(train, rel=1e-10)
        assert ours.curve("weight_norm")[epoch] == pytest.approx(
            float(torch.linalg.norm(w.detach())), rel=1e-10)


def test_diabetes_cv_reproduction(tmp_path, monkeypatch):
    monkeypatch.setenv("REGVIZ_CACHE", str(tmp_path))
    result = reproduce("diabetes-cv", cache=False)
    assert result.name == "diabetes-cv"
    assert result.column("method") == [Method.RIDGE, Method.LASSO, Method.ELASTIC_NET]
    for row in result.rows:
        assert isinstance(row, linear.DiabetesRow)
        assert row.lam == pytest.approx(row.sklearn_lambda, rel=1e-12)
        assert 0 <= row.zero_fraction <= 1
        assert row.cv_curve["lams"][int(np.argmin(row.cv_curve["mean"]))] == row.lam
        cv = row.cv()
        assert (cv.lam_best, cv.lam_1se) == (row.lam, row.lambda_1se)
        np.testing.assert_allclose(cv.se, row.cv_curve["se"], rtol=1e-12)
    assert result.row(Method.RIDGE, result.rows[0].lam).zero_fraction == 0.0  # no exact zeros
    assert all(c.reproduced and c.tolerance for c in result.claims) and len(result.claims) == 3
    assert result.claim("lasso-lambda-as-sklearn").ours == result.rows_of(Method.LASSO)[0].lam
    assert "KFold" in result.config["folds"] and "300" in result.config["split"]


def test_reproduce_command_runs_and_caches_both(tmp_path, monkeypatch):
    monkeypatch.setenv("REGVIZ_CACHE", str(tmp_path))
    for name in ("d2l-weight-decay", "diabetes-cv"):
        out = subprocess.run([sys.executable, "-m", "regviz", "reproduce", name, "--json"],
                             capture_output=True, text=True, check=True, cwd=ROOT)
        result = json.loads(out.stdout)
        assert result["name"] == name and result["claims"] and result["rows"]
        assert "history" not in result["rows"][0]
        assert list((tmp_path / "runs").glob(f"{name}-*.json"))
        again = reproduce(name)  # from the cache
        assert again.rows[0].lam == result["rows"][0]["lambda"]
        assert registry.networks_of(name) == 0 and name not in registry.shipped()
