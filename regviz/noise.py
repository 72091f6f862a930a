r"""Notebook 10: input noise and dropout are ridge regression, exactly, for a linear model.

NumPy only (no torch), so it runs in the browser-only edition too.

Least squares without intercept, :math:`L(w) = \|y - Xw\|^2` with :math:`X` of shape
``(n, d)``, trained on a corrupted copy :math:`\tilde X` of the inputs. The expected loss is the
clean loss plus a quadratic in :math:`w`, because :math:`E[\tilde X] = X` and the noise of
different entries is independent:

.. math::

    E\,\|y - \tilde X w\|^2 = \|y - Xw\|^2 + \sum_{i, j} \operatorname{Var}(\tilde x_{ij})\,
    w_j^2 .

- Gaussian input noise, :math:`\tilde x_{ij} = x_{ij} + \varepsilon_{ij}`,
  :math:`\varepsilon_{ij} \sim N(0, \sigma^2)`: the variance is :math:`\sigma^2` everywhere,
  the penalty :math:`n\sigma^2\|w\|^2` (Bishop 1995), and the minimiser is ridge,
  :math:`(X^\top X + n\sigma^2 I)^{-1} X^\top y`.
- Inverted dropout, :math:`\tilde x_{ij} = x_{ij} m_{ij} / (1 - p)` with
  :math:`m_{ij} \sim \operatorname{Bernoulli}(1 - p)`: the variance is
  :math:`\frac{p}{1-p} x_{ij}^2`, the penalty
  :math:`\frac{p}{1-p} \sum_j \big(\sum_i x_{ij}^2\big) w_j^2`, a ridge whose weight on
  feature :math:`j` is that feature's energy :math:`\sum_i x_{ij}^2`; the minimiser is
  :math:`(X^\top X + \frac{p}{1-p}\operatorname{diag}(X^\top X))^{-1} X^\top y`
  (Wager, Wang and Liang 2013). A feature that is rarely nonzero has little energy and is
  penalized less.

For logistic regression the expectation has no closed form; its second-order Taylor expansion
in the noise gives Wager et al.'s quadratic approximation (:func:`logistic_dropout_penalty`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = [
    "input_noise_ridge",
    "dropout_ridge",
    "noise_lam",
    "dropout_feature_weights",
    "add_input_noise",
    "dropout_inputs",
    "noisy_least_squares",
    "logistic_dropout_penalty",
    "logistic_dropout_loss",
    "rare_features",
    "kept_share",
    "logistic_penalty_curve",
]


def _xy(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(f"X must be a 2-D array of shape (n, d) with n, d >= 1, got shape "
                         f"{X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape (n,) = ({X.shape[0]},) to match X {X.shape}, got "
                         f"shape {y.shape}")
    if not (np.isfinite(X).all() and np.isfinite(y).all()):
        raise ValueError("X and y must be finite (no NaN or infinity)")
    return X, y


def _sigma(sigma: Any) -> float:
    ok = isinstance(sigma, (int, float, np.integer, np.floating)) and not isinstance(sigma, bool)
    if not ok or not math.isfinite(float(sigma)) or float(sigma) < 0:
        raise ValueError(f"sigma must be a finite number >= 0, got {sigma!r}")
    return float(sigma)


def _rate(p: Any) -> float:
    ok = isinstance(p, (int, float, np.integer, np.floating)) and not isinstance(p, bool)
    if not ok or not math.isfinite(float(p)) or not 0 <= float(p) < 1:
        raise ValueError(f"p must be a dropout rate in [0, 1), got {p!r}")
    return float(p)


def input_noise_ridge(X: Any, y: Any, sigma: float) -> np.ndarray:
    r"""The least-squares weights under Gaussian input noise, in closed form.

    The minimiser of :math:`E\,\|y - (X + E)w\|^2` with every entry of :math:`E` independent
    :math:`N(0, \sigma^2)`:

    .. math:: w = (X^\top X + n\sigma^2 I)^{-1} X^\top y,

    which is ridge regression with :math:`n\sigma^2` on :math:`\|w\|^2` (for the mean loss
    :math:`\frac1n\|y - Xw\|^2` the ridge weight is :math:`\sigma^2`). No intercept: ``X`` is
    used as given.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    sigma : float
        The noise's standard deviation, ``>= 0`` (0 gives least squares; then ``X`` must have
        full column rank).

    Returns
    -------
    numpy.ndarray, shape (d,)

    Raises
    ------
    ValueError
        If ``sigma`` is negative, NaN or infinite, or the shapes of ``X`` and ``y`` do not
        match; the message names the parameter.
    """
    X, y = _xy(X, y)
    sigma = _sigma(sigma)
    n, d = X.shape
    return np.linalg.solve(X.T @ X + n * sigma**2 * np.eye(d), X.T @ y)


def dropout_ridge(X: Any, y: Any, p: float) -> np.ndarray:
    r"""The least-squares weights under inverted dropout of the inputs, in closed form.

    The minimiser of :math:`E\,\|y - \tilde X w\|^2` where :math:`\tilde x_{ij} = x_{ij}
    m_{ij} / (1 - p)` and the masks :math:`m_{ij}` are independent Bernoulli(1 - p) (each entry
    dropped with probability ``p``, the kept ones scaled by :math:`1/(1-p)`):

    .. math:: w = \Big(X^\top X + \frac{p}{1-p}\operatorname{diag}(X^\top X)\Big)^{-1} X^\top y,

    a ridge whose weight on feature :math:`j` is :math:`\frac{p}{1-p}\sum_i x_{ij}^2`.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    p : float
        The dropout rate, in ``[0, 1)``.

    Returns
    -------
    numpy.ndarray, shape (d,)

    Raises
    ------
    ValueError
        If ``p`` is outside ``[0, 1)`` or NaN, or the shapes of ``X`` and ``y`` do not match;
        the message names the parameter.
    """
    X, y = _xy(X, y)
    p = _rate(p)
    gram = X.T @ X
    return np.linalg.solve(gram + p / (1 - p) * np.diag(np.diag(gram)), X.T @ y)


def noise_lam(sigma: float) -> float:
    r"""The λ of :func:`regviz.generalization.ridge` that input noise ``sigma`` amounts to.

    ``generalization.ridge`` minimises :math:`\frac{1}{2n}\|y - Xw\|^2 + \lambda\|w\|^2`;
    dividing :math:`E\|y - \tilde X w\|^2 = \|y - Xw\|^2 + n\sigma^2\|w\|^2` by :math:`2n`
    gives :math:`\lambda = \sigma^2 / 2`.
    """
    return _sigma(sigma) ** 2 / 2


def dropout_feature_weights(X: Any, p: float) -> np.ndarray:
    r"""Dropout's ridge weight on each feature, for the mean loss :math:`\frac1n\|y - Xw\|^2`.

    :math:`\lambda_j = \frac{p}{1-p}\cdot\frac1n\sum_i x_{ij}^2`: the feature's mean energy
    times the odds of a drop. The expected dropout loss is :math:`\frac1n\|y - Xw\|^2 + \sum_j
    \lambda_j w_j^2`.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] < 1:
        raise ValueError(f"X must be a 2-D array of shape (n, d), got shape {X.shape}")
    p = _rate(p)
    return p / (1 - p) * np.mean(X**2, axis=0)


def add_input_noise(X: Any, sigma: float, *, seed: int | np.random.Generator = 0) -> np.ndarray:
    r"""A noisy copy :math:`X + E`, :math:`E_{ij} \sim N(0, \sigma^2)`, from a local generator."""
    X = np.asarray(X, dtype=float)
    sigma = _sigma(sigma)
    rng = np.random.default_rng(seed)
    return X + sigma * rng.standard_normal(X.shape)


def dropout_inputs(X: Any, p: float, *, seed: int | np.random.Generator = 0) -> np.ndarray:
    r"""An inverted-dropout copy: each entry kept with probability :math:`1 - p`, then / (1 - p)."""
    X = np.asarray(X, dtype=float)
    p = _rate(p)
    rng = np.random.default_rng(seed)
    return X * (rng.random(X.shape) >= p) / (1 - p)


def noisy_least_squares(X: Any, y: Any, *, sigma: float = 0.0, p: float = 0.0,
                        draws: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Least squares on ``draws`` corrupted copies of the data: the Monte Carlo minimiser.

    Each copy :math:`\tilde X_k` has Gaussian noise ``sigma`` and then inverted dropout ``p``
    on every entry (set one of them to 0 for the other alone); the weights minimise
    :math:`\sum_k \|y - \tilde X_k w\|^2`, the sampled version of the expected loss. The same
    seed gives the same standard normal draws and uniform masks for every ``sigma`` and ``p``,
    so the estimate moves smoothly with them.

    Returns
    -------
    w : numpy.ndarray, shape (d,)
        The minimiser of the sampled loss (it tends to :func:`input_noise_ridge` /
        :func:`dropout_ridge` as ``draws`` grows).
    se : numpy.ndarray, shape (d,)
        Its standard error per weight, from 10 batches of the draws.
    """
    X, y = _xy(X, y)
    sigma, p = _sigma(sigma), _rate(p)
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 20:
        raise ValueError(f"draws must be an integer >= 20, got {draws!r}")
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((draws, *X.shape))
    keep = rng.random((draws, *X.shape)) >= p
    xt = (X + sigma * noise) * keep / (1 - p)
    gram = np.einsum("kij,kil->kjl", xt, xt)
    rhs = np.einsum("kij,i->kj", xt, y)
    w = np.linalg.solve(gram.sum(0), rhs.sum(0))
    batches = [np.linalg.solve(g.sum(0), r.sum(0))
               for g, r in zip(np.array_split(gram, 10), np.array_split(rhs, 10), strict=True)]
    return w, np.std(batches, axis=0, ddof=1) / np.sqrt(10)


def _logistic_w(X: Any, w: Any) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float)
    if X.ndim != 2 or w.shape != (X.shape[1],):
        raise ValueError(f"w must have shape (d,) = ({X.shape[1] if X.ndim == 2 else '?'},) "
                         f"to match X {X.shape}, got shape {w.shape}")
    return X, w


def logistic_dropout_penalty(X: Any, w: Any, p: float) -> float:
    r"""Wager, Wang and Liang's quadratic approximation of dropout's penalty, logistic loss.

    With :math:`A(z) = \log(1 + e^z)` the logistic loss of logit :math:`z` is :math:`A(z) - yz`;
    the dropped-out logit :math:`\tilde z_i = \tilde x_i^\top w` has mean :math:`z_i = x_i^\top
    w` and variance :math:`\frac{p}{1-p}\sum_j x_{ij}^2 w_j^2`. A second-order expansion of
    :math:`A` around :math:`z_i` gives the mean penalty

    .. math::

        R(w) \approx \frac{1}{2n}\frac{p}{1-p} \sum_i \pi_i(1 - \pi_i)
        \sum_j x_{ij}^2 w_j^2, \qquad \pi_i = \operatorname{sigmoid}(x_i^\top w),

    a ridge whose weight on feature :math:`j` also weighs each point by :math:`\pi_i(1-\pi_i)`:
    points the model is sure about (:math:`\pi_i` near 0 or 1) count little.
    """
    X, w = _logistic_w(X, w)
    p = _rate(p)
    pi = 1.0 / (1.0 + np.exp(-(X @ w)))
    return float(p / (1 - p) * np.mean(pi * (1 - pi) * ((X**2) @ (w**2))) / 2)


def logistic_dropout_loss(X: Any, y: Any, w: Any, p: float, *, draws: int = 2000,
                          seed: int = 0) -> tuple[float, float]:
    r"""The expected mean logistic loss under input dropout, by Monte Carlo, and its clean value.

    Returns ``(E[loss with dropout] - loss without, its standard error)``: the exact dropout
    penalty that :func:`logistic_dropout_penalty` approximates, estimated from ``draws`` masks.
    """
    X, w = _logistic_w(X, w)
    X, y = _xy(X, y)
    p = _rate(p)
    rng = np.random.default_rng(seed)

    def loss(z: np.ndarray) -> np.ndarray:
        return np.mean(np.logaddexp(0.0, z) - y * z, axis=-1)

    clean = loss(X @ w)
    masks = rng.random((draws, *X.shape)) >= p
    noisy = loss(np.einsum("kij,j->ki", masks * X / (1 - p), w)) - clean
    return float(noisy.mean()), float(noisy.std(ddof=1) / np.sqrt(draws))


def rare_features(*, n: int = 400, frequencies: Any = (1.0, 0.5, 0.2, 0.1, 0.05, 0.02),
                  noise: float = 0.3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Features that are nonzero on a share ``frequencies[j]`` of the points, and targets.

    :math:`x_{ij} = b_{ij} z_{ij}` with :math:`b_{ij} \sim \operatorname{Bernoulli}(f_j)` and
    :math:`z_{ij} \sim N(0, 1)` (so feature :math:`j`'s mean energy is :math:`f_j`);
    :math:`y = \sum_j x_{ij} + \varepsilon`, every true weight 1, :math:`\varepsilon \sim N(0,
    \text{noise}^2)`. A bag-of-words in miniature: common and rare words, each as useful.
    """
    f = np.asarray(frequencies, dtype=float)
    if f.ndim != 1 or not np.all((f > 0) & (f <= 1)):
        raise ValueError(f"frequencies must be shares in (0, 1], got {frequencies!r}")
    rng = np.random.default_rng(seed)
    X = (rng.random((n, f.size)) < f) * rng.standard_normal((n, f.size))
    return X, X.sum(axis=1) + _sigma(noise) * rng.standard_normal(n)


def kept_share(X: Any, y: Any, p: float) -> dict[str, np.ndarray]:
    r"""How much of each least-squares weight dropout keeps, and plain ridge of the same strength.

    Returns ``{"dropout": w_drop / w_ls, "ridge": w_ridge / w_ls, "lam_dropout": λ_j}`` where
    ``w_ridge`` uses one λ for every feature, the mean of dropout's
    :func:`dropout_feature_weights` (same total strength, spread evenly).
    """
    X, y = _xy(X, y)
    lam_j = dropout_feature_weights(X, p)
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    w_drop = dropout_ridge(X, y, p)
    n, d = X.shape
    w_ridge = np.linalg.solve(X.T @ X + n * lam_j.mean() * np.eye(d), X.T @ y)
    return {"dropout": w_drop / w_ls, "ridge": w_ridge / w_ls, "lam_dropout": lam_j}


def logistic_penalty_curve(X: Any, y: Any, w: Any, p: float, scales: Any, *,
                           draws: int = 1000, seed: int = 0) -> dict[str, np.ndarray]:
    r"""Dropout's exact penalty (Monte Carlo) and Wager et al.'s quadratic, along ``s · w``.

    Returns ``{"scale", "exact", "se", "quadratic"}``, one entry per scale ``s``.
    """
    scales = np.asarray(scales, dtype=float)
    exact, se = zip(*(logistic_dropout_loss(X, y, s * np.asarray(w, dtype=float), p,
                                            draws=draws, seed=seed) for s in scales),
                    strict=True)
    quad = [logistic_dropout_penalty(X, s * np.asarray(w, dtype=float), p) for s in scales]
    return {"scale": scales, "exact": np.array(exact), "se": np.array(se),
            "quadratic": np.array(quad)}
