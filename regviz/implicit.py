r"""Implicit regularization: what gradient descent does when nobody adds a penalty.

Notebook 11's tools, NumPy only (no torch: the notebook runs in the browser edition).

- gradient descent from :math:`w_0 = 0` on an underdetermined least-squares problem converges
  to the **minimum-norm interpolant** :math:`X^+ y`, ridge's :math:`\lambda \to 0` limit
  (:func:`gradient_descent`, :func:`min_norm`);
- **early stopping as (almost) ridge**: after :math:`t` steps of size :math:`\eta` each singular
  direction carries the factor :math:`1 - (1 - \eta s_j^2/n)^t`, against ridge's
  :math:`s_j^2/(s_j^2 + 2n\lambda)`; the two match best at :math:`\lambda = 1/(2\eta t)`
  (:func:`gd_path`, :func:`lam_for_steps`, :func:`stopping_factor`, :func:`ridge_factor`,
  :func:`filter_knee`);
- **double descent** (random ReLU features, notebook 00's polynomial through its threshold)
  lives in :mod:`regviz.random_features`, whose names are importable from here too; this module
  gives it the ridge path (:func:`ridge_path`, :func:`tuned_ridge`).

Conventions as in :mod:`regviz.generalization`: the data term is half the mean squared error,
:math:`\frac{1}{2n}\|y - Xw\|^2`, ``lam`` multiplies :math:`\|w\|^2`, reported errors are mean
squared errors (not halved). No intercept here: the problems are built centred.
"""

from __future__ import annotations

import numpy as np

from ._arrays import check_param

#: the double-descent names, now in :mod:`regviz.random_features`
_RANDOM_FEATURES = frozenset({
    "RegressionTask",
    "regression_task",
    "RandomReLU",
    "random_relu",
    "DD_LAMS",
    "DoubleDescent",
    "double_descent",
    "feature_spectrum",
    "peak_ratio",
    "DegreeSweep",
    "degree_sweep",
})

__all__ = [
    "gradient_descent",
    "min_norm",
    "sgd",
    "distance_to_min_norm",
    "gd_path",
    "lam_for_steps",
    "stopping_factor",
    "gd_factor",
    "ridge_factor",
    "filter_knee",
    "ridge_path",
    "tuned_ridge",
    # defined in regviz.random_features, resolved by __getattr__ below
    *sorted(_RANDOM_FEATURES),
]


def _check_count(name: str, n: int, low: int = 1) -> int:
    if not isinstance(n, int | np.integer) or isinstance(n, bool) or n < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {n!r}")
    return int(n)


def _check_xy(X, y) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0] or X.shape[0] < 1:
        raise ValueError(f"X must be (n, d) and y (n,) with the same n >= 1, got X {X.shape} "
                         f"and y {y.shape}")
    return X, y


def _check_steps(n_steps: int) -> int:
    if not isinstance(n_steps, int | np.integer) or isinstance(n_steps, bool) or n_steps < 1:
        raise ValueError(f"n_steps must be an integer >= 1, got {n_steps!r}")
    return int(n_steps)


def _max_lr(X: np.ndarray) -> float:
    r"""The step below which gradient descent on :math:`\frac{1}{2n}\|y - Xw\|^2` converges:
    :math:`2n / s_{\max}^2`.
    """  # noqa: D205
    s_max = np.linalg.norm(X, 2)
    return np.inf if s_max == 0 else 2 * X.shape[0] / s_max**2


# --------------------------------------------------------------------------------------------
# Gradient descent from 0 finds the minimum-norm solution


def gradient_descent(X, y, *, lr: float, n_steps: int, w0=None) -> np.ndarray:
    r"""Plain gradient descent on :math:`\frac{1}{2n}\|y - Xw\|^2`, written out:
    :math:`w_{t+1} = w_t - \eta\,\frac1n X^\top(Xw_t - y)`, from ``w0`` (default 0).

    Every step adds a multiple of :math:`X^\top(\cdot)`, a vector in the row space of
    :math:`X`; so the part of :math:`w_0` orthogonal to the row space never changes. From
    :math:`w_0 = 0` the iterates stay in the row space, and the only least-squares solution
    there is the minimum-norm one, :math:`X^+ y` (:func:`min_norm`).

    Parameters
    ----------
    lr : float
        The step :math:`\eta`, ``0 < lr < 2n / s_max²`` (else the iteration diverges).
    n_steps : int
        Number of steps.
    w0 : array_like, optional
        The start, shape ``(d,)``.

    Returns
    -------
    numpy.ndarray
        :math:`w_{n_\text{steps}}`, shape ``(d,)``.
    """  # noqa: D205
    X, y = _check_xy(X, y)
    lr = check_param("lr", lr, positive=True)
    n_steps = _check_steps(n_steps)
    if lr >= _max_lr(X):
        raise ValueError(f"lr must be < 2n / s_max^2 = {_max_lr(X):.4g} for gradient descent "
                         f"to converge, got {lr}")
    n, d = X.shape
    w = np.zeros(d) if w0 is None else np.array(w0, dtype=float)
    if w.shape != (d,):
        raise ValueError(f"w0 must have shape ({d},), got {w.shape}")
    for _ in range(n_steps):
        w -= lr / n * (X.T @ (X @ w - y))
    return w


def sgd(X, y, *, lr: float, batch_size: int, epochs: int, seed: int = 0,
        w0=None) -> np.ndarray:
    r"""Minibatch SGD on :math:`\frac{1}{2n}\|y - Xw\|^2`: each epoch visits the rows in a
    fresh random order (generator ``seed``), in batches :math:`B` of ``batch_size`` (the last
    one smaller), with :math:`w \leftarrow w - \frac{\eta}{|B|} X_B^\top (X_B w - y_B)`.

    Every step is again a combination of rows of :math:`X`: on an underdetermined problem SGD
    from 0, whatever its step and batch size, can only converge to :math:`X^+ y` (when it
    converges), like :func:`gradient_descent`.

    Returns
    -------
    numpy.ndarray
        The weights after ``epochs`` epochs, shape ``(d,)``.
    """  # noqa: D205
    X, y = _check_xy(X, y)
    lr = check_param("lr", lr, positive=True)
    n, d = X.shape
    batch_size = _check_count("batch_size", batch_size)
    if batch_size > n:
        raise ValueError(f"batch_size must be <= n = {n}, got {batch_size}")
    epochs = _check_count("epochs", epochs)
    w = np.zeros(d) if w0 is None else np.array(w0, dtype=float)
    if w.shape != (d,):
        raise ValueError(f"w0 must have shape ({d},), got {w.shape}")
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(n)
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
            for start in range(0, n, batch_size):
                b = order[start:start + batch_size]
                w -= lr / b.size * (X[b].T @ (X[b] @ w - y[b]))
        if not np.all(np.isfinite(w)):
            raise ValueError(f"lr = {lr} is too large: SGD diverged (batch_size {batch_size})")
    return w


def _svd(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Thin SVD without the singular values that are zero to rounding."""
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    keep = s > (s[0] * max(X.shape) * np.finfo(float).eps if s.size else 0.0)
    return U[:, keep], s[keep], Vt[keep]


def min_norm(X, y) -> np.ndarray:
    r"""The minimum-norm least-squares solution
    :math:`X^+ y = \sum_{s_j > 0} \frac{u_j^\top y}{s_j}\, v_j`.

    When :math:`X` has fewer rows than columns and full row rank it interpolates
    (:math:`Xw = y`) and equals :math:`X^\top (XX^\top)^{-1} y`; it is ridge's limit as
    :math:`\lambda \to 0` (ridge's factors :math:`s_j^2/(s_j^2 + 2n\lambda) \to 1`).
    """  # noqa: D205
    X, y = _check_xy(X, y)
    U, s, Vt = _svd(X)
    return Vt.T @ ((U.T @ y) / s)


def distance_to_min_norm(X, y, *, lr: float, n_steps: int, w0=None) -> np.ndarray:
    r"""How far gradient descent is from :math:`X^+ y` after each step:
    :math:`\|w_t - X^+ y\|` for :math:`t = 0, \dots, n_\text{steps}`.

    In the SVD basis (:math:`X = USV^\top`) the row-space coordinates of :math:`w_t - X^+y`
    shrink by :math:`1 - \eta s_j^2/n` per step, and the part of :math:`w_0` outside the row
    space, :math:`(I - X^+X)w_0`, stays; so the distance falls to
    :math:`\|(I - X^+X)w_0\|`, which is 0 from :math:`w_0 = 0`. The same iterates as
    :func:`gradient_descent`, without the loop.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_steps + 1,)``.
    """  # noqa: D205
    X, y = _check_xy(X, y)
    lr = check_param("lr", lr, positive=True)
    n_steps = _check_steps(n_steps)
    if lr >= _max_lr(X):
        raise ValueError(f"lr must be < 2n / s_max^2 = {_max_lr(X):.4g} for gradient descent "
                         f"to converge, got {lr}")
    n, d = X.shape
    w0 = np.zeros(d) if w0 is None else np.array(w0, dtype=float)
    if w0.shape != (d,):
        raise ValueError(f"w0 must have shape ({d},), got {w0.shape}")
    U, s, Vt = _svd(X)
    gap = Vt @ w0 - (U.T @ y) / s  # row-space coordinates of w_0 - X^+ y
    outside = float(np.linalg.norm(w0 - Vt.T @ (Vt @ w0)))
    decay = (1 - lr * s**2 / n) ** np.arange(n_steps + 1)[:, None]
    return np.sqrt(np.sum((decay * gap) ** 2, axis=1) + outside**2)


# --------------------------------------------------------------------------------------------
# Early stopping as (almost) ridge


def gd_path(X, y, *, lr: float, n_steps: int) -> np.ndarray:
    r"""Gradient descent from :math:`w_0 = 0` on :math:`\frac{1}{2n}\|y - Xw\|^2`, every step:
    :math:`w_{t+1} = w_t - \eta\,\frac1n X^\top(Xw_t - y)`.

    In the SVD basis each direction follows :math:`(1 - (1 - \eta s_j^2/n)^t)` times its
    least-squares value (:func:`gd_factor`), where ridge has :math:`s_j^2/(s_j^2 + 2n\lambda)`
    (:func:`ridge_factor`): both filters pass the directions with :math:`s_j^2/n \gg` their
    scale and cut the others, and the scales agree for :math:`\lambda \approx 1/(2\eta t)`
    (:func:`lam_for_steps`).

    Returns
    -------
    numpy.ndarray
        Shape ``(n_steps + 1, d)``: :math:`w_0, \dots, w_{n_\text{steps}}`.
    """  # noqa: D205
    X, y = _check_xy(X, y)
    lr = check_param("lr", lr, positive=True)
    n_steps = _check_steps(n_steps)
    n, d = X.shape
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    d_j = s**2 / n
    if np.any(lr * d_j >= 2):
        raise ValueError(f"lr must be < 2 / (largest s^2 / n) = {2 / d_j.max():.4g} for gradient "
                         f"descent to converge, got {lr}")
    t = np.arange(n_steps + 1)[:, None]
    keep = s > 0
    filt = 1 - (1 - lr * d_j[keep]) ** t  # (T+1, r)
    return (filt * ((U.T @ y)[keep] / s[keep])) @ Vt[keep]


def lam_for_steps(t, lr: float) -> np.ndarray | float:
    r"""The ridge :math:`\lambda` that early stopping after ``t`` steps of size ``lr`` roughly
    matches: :math:`\lambda \approx 1/(2\eta t)` in regviz's convention (which is
    :math:`1/(\eta t)` for a penalty :math:`\frac\lambda2\|w\|^2`).
    """  # noqa: D205
    lr = check_param("lr", lr, positive=True)
    t = np.asarray(t, dtype=float)
    if np.any(t <= 0):
        raise ValueError(f"t must be > 0, got {t}")
    out = 1.0 / (2 * lr * t)
    return float(out) if out.ndim == 0 else out


def _check_x(x) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if np.any(~np.isfinite(x)) or np.any(x < 0):
        raise ValueError(f"x must be finite and >= 0, got {x!r}")
    return x


def stopping_factor(x) -> np.ndarray | float:
    r"""Early stopping's factor on a direction, :math:`1 - e^{-x}`, with
    :math:`x = \eta t\, s_j^2/n`.

    The limit of :func:`gd_factor` for small steps: :math:`(1 - \eta s^2/n)^t \approx
    e^{-\eta t s^2/n}`.
    """  # noqa: D205
    out = -np.expm1(-_check_x(x))
    return float(out) if out.ndim == 0 else out


def ridge_factor(x) -> np.ndarray | float:
    r"""Ridge's factor at the matched :math:`\lambda = 1/(2\eta t)`, as a function of the same
    :math:`x = \eta t\, s_j^2/n`: :math:`\frac{s^2/n}{s^2/n + 2\lambda} = \frac{x}{1 + x}`.

    Since :math:`1 - e^{-x} \ge x/(1 + x)` for every :math:`x \ge 0` (:func:`stopping_factor`),
    stopping shrinks every direction *less* than the matched ridge; both are :math:`x + O(x^2)`
    on weak directions and tend to 1 on strong ones.
    """  # noqa: D205
    x = _check_x(x)
    out = x / (1 + x)
    return float(out) if out.ndim == 0 else out


def gd_factor(s2_over_n, lr: float, t) -> np.ndarray | float:
    r"""The exact factor of gradient descent after ``t`` steps on a direction with
    :math:`s^2/n` = ``s2_over_n``: :math:`1 - (1 - \eta s^2/n)^t`.
    """  # noqa: D205
    lr = check_param("lr", lr, positive=True)
    a = _check_x(s2_over_n)
    if np.any(lr * a >= 2):
        raise ValueError(f"lr * s2_over_n must be < 2 (gradient descent diverges), got "
                         f"lr = {lr} and s2_over_n up to {a.max()}")
    out = 1 - (1 - lr * a) ** np.asarray(t, dtype=float)
    return float(out) if out.ndim == 0 else out


def filter_knee(kind: str, lo: float = 0.1, hi: float = 0.9) -> tuple[float, float]:
    r"""Where a filter rises from ``lo`` to ``hi``, in :math:`x = \eta t s^2/n`.

    ``"stopping"``: :math:`1 - e^{-x} = f` at :math:`x = -\ln(1 - f)`;
    ``"ridge"``: :math:`x/(1 + x) = f` at :math:`x = f/(1 - f)`. From 10 % to 90 %, stopping
    takes :math:`x \in [0.105, 2.30]` (a factor 22) and ridge :math:`[0.111, 9]` (a factor 81):
    stopping's knee is the sharper one.
    """
    if kind not in ("stopping", "ridge"):
        raise ValueError(f"kind must be 'stopping' or 'ridge', got {kind!r}")
    if not 0 < lo < hi < 1:
        raise ValueError(f"lo and hi must satisfy 0 < lo < hi < 1, got lo={lo}, hi={hi}")
    if kind == "stopping":
        return float(-np.log1p(-lo)), float(-np.log1p(-hi))
    return lo / (1 - lo), hi / (1 - hi)


# --------------------------------------------------------------------------------------------
# Ridge along a grid, and tuned on validation data


def ridge_path(X, y, lams) -> np.ndarray:
    r"""Ridge without intercept at every :math:`\lambda` of ``lams``, through one SVD:
    :math:`w(\lambda) = \sum_j \frac{s_j}{s_j^2 + 2n\lambda} (u_j^\top y)\, v_j`;
    ``lam = 0`` gives :func:`min_norm`.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(lams), d)``.
    """  # noqa: D205
    X, y = _check_xy(X, y)
    lams = np.atleast_1d(np.asarray(lams, dtype=float))
    if lams.ndim != 1 or np.any(~np.isfinite(lams)) or np.any(lams < 0):
        raise ValueError(f"lams must be a 1-D sequence of finite values >= 0, got {lams!r}")
    U, s, Vt = _svd(X)
    return (s / (s**2 + 2 * X.shape[0] * lams[:, None]) * (U.T @ y)) @ Vt


def tuned_ridge(X, y, X_val, y_val, lams) -> tuple[float, np.ndarray]:
    r"""Ridge whose :math:`\lambda` is the one of ``lams`` with the lowest validation mean
    squared error (the first one on a tie).

    Returns
    -------
    lam, w
        The chosen :math:`\lambda` and its weights.
    """  # noqa: D205
    X_val, y_val = _check_xy(X_val, y_val)
    W = ridge_path(X, y, lams)
    if X_val.shape[1] != W.shape[1]:
        raise ValueError(f"X_val must have {W.shape[1]} columns like X, got {X_val.shape[1]}")
    val = np.mean((X_val @ W.T - y_val[:, None]) ** 2, axis=0)
    k = int(np.argmin(val))
    return float(np.atleast_1d(lams)[k]), W[k]


# --------------------------------------------------------------------------------------------
# Double descent lives in :mod:`regviz.random_features` (which imports this module's ridge
# path); its names stay importable from here, resolved on first use so that neither module
# imports the other while it is being built.


def __getattr__(name: str):
    if name in _RANDOM_FEATURES:
        from . import random_features

        return getattr(random_features, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _RANDOM_FEATURES)
