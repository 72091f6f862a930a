"""regviz.noise: input noise and dropout as ridge, against independent computations.

Oracles: scikit-learn's Ridge and an augmented least-squares solve (closed forms); Monte Carlo
averages of the noisy objective (its minimiser within the standard error); SGD trained with
fresh noise at every step."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from sklearn.linear_model import Ridge

from regviz import generalization, noise


def _problem(n=40, d=5, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) * np.linspace(0.3, 2.0, d)  # features of unequal energy
    y = X @ rng.standard_normal(d) + 0.5 * rng.standard_normal(n)
    return X, y


@pytest.mark.parametrize("sigma", [0.0, 0.1, 0.7, 3.0])
def test_input_noise_ridge_is_sklearn_ridge(sigma):
    X, y = _problem()
    ref = Ridge(alpha=len(y) * sigma**2, fit_intercept=False, solver="svd").fit(X, y).coef_
    np.testing.assert_allclose(noise.input_noise_ridge(X, y, sigma), ref, rtol=0, atol=1e-10)
    # ... and generalization.ridge with the λ noise_lam gives (a different convention)
    np.testing.assert_allclose(noise.input_noise_ridge(X, y, sigma),
                               generalization.ridge_svd(X, y, noise.noise_lam(sigma)),
                               rtol=0, atol=1e-10)


@pytest.mark.parametrize("p", [0.0, 0.1, 0.5, 0.9])
def test_dropout_ridge_is_augmented_least_squares(p):
    # ridge with weight c_j on w_j**2 is least squares on X stacked over diag(sqrt(c_j))
    X, y = _problem(seed=1)
    c = p / (1 - p) * (X**2).sum(axis=0)
    aug_x = np.vstack([X, np.diag(np.sqrt(c))])
    aug_y = np.r_[y, np.zeros(X.shape[1])]
    ref = np.linalg.lstsq(aug_x, aug_y, rcond=None)[0]
    np.testing.assert_allclose(noise.dropout_ridge(X, y, p), ref, rtol=0, atol=1e-10)
    n = len(y)
    np.testing.assert_allclose(noise.dropout_feature_weights(X, p), c / n, rtol=1e-12)


def test_rare_features_are_penalized_less():
    # a feature that is rarely nonzero has little energy: dropout's weight on it is small, so it
    # keeps more of its least-squares coefficient than under plain ridge of the same mean
    # strength (which shrinks the low-energy direction hardest)
    rng = np.random.default_rng(3)
    n = 400
    common = rng.standard_normal(n)
    rare = rng.standard_normal(n) * (rng.random(n) < 0.1)  # nonzero for 1 point in 10
    X = np.c_[common, rare]
    y = X @ [1.0, 1.0] + 0.1 * rng.standard_normal(n)
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    lams = noise.dropout_feature_weights(X, 0.5)
    assert lams[1] < 0.2 * lams[0]
    w_drop = noise.dropout_ridge(X, y, 0.5)
    w_ridge = np.linalg.solve(X.T @ X + n * lams.mean() * np.eye(2), X.T @ y)
    assert w_drop[1] / w_ls[1] > w_ridge[1] / w_ls[1] + 0.2


def _mc_minimisers(X, y, corrupt, *, draws, repeats, seed):
    """Minimiser of the noisy objective averaged over ``draws`` corruptions, ``repeats`` times."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(repeats):
        gram = np.zeros((X.shape[1],) * 2)
        rhs = np.zeros(X.shape[1])
        for _ in range(draws):
            xt = corrupt(X, rng)
            gram += xt.T @ xt
            rhs += xt.T @ y
        out.append(np.linalg.solve(gram, rhs))
    return np.array(out)


@pytest.mark.parametrize("kind", ["noise", "dropout"])
def test_monte_carlo_minimiser_within_standard_error(kind):
    X, y = _problem(n=30, d=4, seed=2)
    if kind == "noise":
        sigma = 0.8
        closed = noise.input_noise_ridge(X, y, sigma)
        corrupt = lambda x, rng: noise.add_input_noise(x, sigma, seed=rng)  # noqa: E731
    else:
        p = 0.4
        closed = noise.dropout_ridge(X, y, p)
        corrupt = lambda x, rng: noise.dropout_inputs(x, p, seed=rng)  # noqa: E731
    est = _mc_minimisers(X, y, corrupt, draws=400, repeats=40, seed=5)
    mean = est.mean(axis=0)
    se = est.std(axis=0, ddof=1) / np.sqrt(len(est))
    assert np.all(np.abs(mean - closed) <= 4 * se), (mean, closed, se)
    # and the test can fail: least squares (no noise) is many standard errors away
    ols = np.linalg.lstsq(X, y, rcond=None)[0]
    assert np.max(np.abs(mean - ols) / se) > 20


@pytest.mark.parametrize("kind", ["noise", "dropout"])
def test_sgd_with_noise_lands_on_the_closed_form(kind):
    X, y = _problem(n=30, d=4, seed=4)
    n = len(y)
    rng = np.random.default_rng(6)
    if kind == "noise":
        closed = noise.input_noise_ridge(X, y, 0.8)
        corrupt = lambda x: noise.add_input_noise(x, 0.8, seed=rng)  # noqa: E731
    else:
        closed = noise.dropout_ridge(X, y, 0.4)
        corrupt = lambda x: noise.dropout_inputs(x, 0.4, seed=rng)  # noqa: E731
    w = np.zeros(X.shape[1])
    avg = np.zeros_like(w)
    steps, burn = 40_000, 10_000
    for t in range(steps):
        xt = corrupt(X)  # fresh noise every step, full batch of the mean squared error
        w -= 0.01 * 2 / n * xt.T @ (xt @ w - y)
        if t >= burn:
            avg += w / (steps - burn)
    ols = np.linalg.lstsq(X, y, rcond=None)[0]
    assert np.linalg.norm(avg - closed) < 0.05 * np.linalg.norm(ols - closed)


@pytest.mark.parametrize("sigma", [-0.1, float("nan"), float("inf"), "1", None, True])
def test_bad_sigma(sigma):
    X, y = _problem()
    with pytest.raises(ValueError, match="sigma"):
        noise.input_noise_ridge(X, y, sigma)


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5, float("nan"), None])
def test_bad_p(p):
    X, y = _problem()
    with pytest.raises(ValueError, match="p must"):
        noise.dropout_ridge(X, y, p)


@pytest.mark.parametrize("fn,arg", [(noise.input_noise_ridge, 0.1), (noise.dropout_ridge, 0.1)])
def test_bad_shapes(fn, arg):
    X, y = _problem()
    with pytest.raises(ValueError, match="y must"):
        fn(X, y[:-1], arg)
    with pytest.raises(ValueError, match="X must"):
        fn(X[:, 0], y, arg)
    with pytest.raises(ValueError, match="y must"):
        fn(X, y[:, None], arg)


def test_logistic_quadratic_approximation_is_close_for_small_weights():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((60, 3))
    y = (rng.random(60) < 0.5).astype(float)
    w = np.array([0.3, -0.2, 0.1])
    exact, se = noise.logistic_dropout_loss(X, y, w, 0.3, draws=4000, seed=1)
    approx = noise.logistic_dropout_penalty(X, w, 0.3)
    assert abs(exact - approx) < 0.1 * approx + 3 * se
    assert approx > 0


def test_no_torch_import():
    code = "import regviz.noise, sys; assert 'torch' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_notebook_10_runs_without_torch(tmp_path):
    """Notebook 10 joins the browser-only site: it loads dropout-vs-l2's shipped result and
    must run where torch is absent."""
    import os

    from test_notebooks import NOTEBOOK_DIR, convert

    blocker = tmp_path / "blocked" / "torch"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('torch is blocked for this test')\n")
    nb = convert(NOTEBOOK_DIR / "10_dropout_and_noise.py", tmp_path)
    env = {**os.environ, "REGVIZ_CACHE": str(tmp_path / "empty-cache"),
           "PYTHONPATH": os.pathsep.join([str(blocker.parent), str(NOTEBOOK_DIR.parent),
                                          os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
         "-p", "no:cacheprovider", "-q", str(nb)],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, env=env,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
