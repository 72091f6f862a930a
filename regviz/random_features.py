r"""Double descent: random ReLU features of a fixed regression task, and notebook 00's
polynomial through its own interpolation threshold.

Split from :mod:`regviz.implicit` (which re-exports every name here): with a fixed number of
training points the minimum-norm fit's test error peaks where the width equals the number of
training points, and a ridge tuned on validation data removes the peak (Nakkiran, Venkat,
Kakade and Ma, "Optimal regularization can mitigate double descent", ICLR 2021)
(:func:`regression_task`, :func:`random_relu`, :func:`double_descent`, :func:`peak_ratio`,
:func:`feature_spectrum`, :func:`degree_sweep`). The fits go through
:func:`regviz.implicit.ridge_path` (``lam = 0`` is :func:`regviz.implicit.min_norm`).

NumPy only (no torch: notebook 11 runs in the browser edition). Conventions as in
:mod:`regviz.implicit`: reported errors are mean squared errors, ``lam`` multiplies
:math:`\|w\|^2`.
"""  # noqa: D205

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._arrays import check_param
from .implicit import _check_count, _svd, ridge_path

__all__ = [
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
]


# --------------------------------------------------------------------------------------------
# Double descent: random ReLU features of a fixed regression task


@dataclass(frozen=True)
class RegressionTask:
    r"""Train, validation and test samples of :math:`y = f(x) + \varepsilon`.

    The inputs are standard normal in :math:`\mathbb{R}^d`; the target is a smooth function of
    one direction :math:`z = \beta^\top x` (:math:`\|\beta\| = 1`),
    :math:`f(x) = z + \tfrac12\sin(2z)`; :math:`\varepsilon \sim N(0, \text{noise}^2)`.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    beta: np.ndarray
    noise: float

    @staticmethod
    def target(z) -> np.ndarray:
        r""":math:`f = z + \tfrac12\sin(2z)` as a function of :math:`z = \beta^\top x`."""
        z = np.asarray(z, dtype=float)
        return z + 0.5 * np.sin(2 * z)


def regression_task(
    *, n_train: int = 100, n_val: int = 100, n_test: int = 1000, d: int = 10,
    noise: float = 0.5, seed: int = 0,
) -> RegressionTask:
    r"""A seeded :class:`RegressionTask` (inputs :math:`N(0, I_d)`, :math:`\beta` uniform on
    the sphere).
    """  # noqa: D205
    counts = [_check_count(k, v) for k, v in
              (("n_train", n_train), ("n_val", n_val), ("n_test", n_test), ("d", d))]
    noise = check_param("noise", noise)
    rng = np.random.default_rng(seed)
    beta = rng.standard_normal(d)
    beta /= np.linalg.norm(beta)
    parts = []
    for m in counts[:3]:
        X = rng.standard_normal((m, d))
        parts += [X, RegressionTask.target(X @ beta) + noise * rng.standard_normal(m)]
    return RegressionTask(*parts, beta=beta, noise=float(noise))


@dataclass(frozen=True)
class RandomReLU:
    r"""Random ReLU features :math:`\phi_k(x) = \max(0, w_k^\top x)`, :math:`k = 1..N`,
    with fixed random :math:`w_k \sim N(0, I_d/d)` (so :math:`w_k^\top x` has unit variance
    for standard normal inputs). Only the output weights are fitted: a two-layer network whose
    first layer is frozen at its random start.

    The first ``n_features`` columns are the features of the narrower model: widths are
    nested (and do not depend on how many were drawn), so the width is the only thing that
    changes along a path.
    """  # noqa: D205

    weights: np.ndarray

    @property
    def max_features(self) -> int:
        """How many features were drawn."""
        return int(self.weights.shape[1])

    def __call__(self, X, n_features: int | None = None) -> np.ndarray:
        """The features of the rows of ``X``, shape ``(n, n_features)``."""
        p = self.max_features if n_features is None else _check_count("n_features", n_features)
        if p > self.max_features:
            raise ValueError(f"n_features must be <= {self.max_features}, got {p}")
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.weights.shape[0]:
            raise ValueError(f"X must have shape (n, {self.weights.shape[0]}), got {X.shape}")
        return np.maximum(X @ self.weights[:, :p], 0.0)


def random_relu(d: int, n_features: int, *, seed: int = 0) -> RandomReLU:
    """Draw ``n_features`` random ReLU features of ``d`` inputs (:class:`RandomReLU`)."""
    d, n_features = _check_count("d", d), _check_count("n_features", n_features)
    rng = np.random.default_rng(seed)
    # drawn feature by feature, so the first k features do not depend on n_features
    return RandomReLU(rng.standard_normal((n_features, d)).T / np.sqrt(d))


#: The ridge grid that the validation set chooses from.
DD_LAMS: tuple[float, ...] = tuple(float(v) for v in np.geomspace(1e-6, 100.0, 41))


@dataclass
class DoubleDescent:
    r"""Min-norm and validation-tuned ridge fits along a width grid, for several seeds.

    Arrays have shape ``(n_seeds, n_widths)``; :meth:`mean` averages over seeds.

    Attributes
    ----------
    widths : numpy.ndarray
        The numbers of features.
    n_train : int
    min_norm_train, min_norm_test : numpy.ndarray
        Mean squared errors of the minimum-norm fit (least squares below ``n_train``).
    min_norm_norm : numpy.ndarray
        Its :math:`\|w\|_2`.
    ridge_lam, ridge_train, ridge_test : numpy.ndarray
        The tuned :math:`\lambda` and the errors of ridge at it.
    seeds : tuple of int
    """

    widths: np.ndarray
    n_train: int
    min_norm_train: np.ndarray
    min_norm_test: np.ndarray
    min_norm_norm: np.ndarray
    ridge_lam: np.ndarray
    ridge_train: np.ndarray
    ridge_test: np.ndarray
    seeds: tuple[int, ...]

    def mean(self, name: str) -> np.ndarray:
        """The seed average of the array ``name`` (e.g. ``"min_norm_test"``)."""
        return np.asarray(getattr(self, name)).mean(axis=0)


def _check_widths(widths) -> np.ndarray:
    w = np.asarray(widths)
    if (w.ndim != 1 or w.size < 1 or not np.issubdtype(w.dtype, np.integer) or np.any(w < 1)
            or np.any(np.diff(w) <= 0)):
        raise ValueError(f"widths must be increasing integers >= 1, got {widths!r}")
    return w.astype(int)


def double_descent(
    widths: Sequence[int], *, n_train: int = 100, n_val: int = 100, n_test: int = 1000,
    d: int = 10, noise: float = 0.5, lams: Sequence[float] = DD_LAMS,
    seeds: Sequence[int] = (0,),
) -> DoubleDescent:
    r"""Fit random ReLU features of every width, min-norm and tuned ridge, on one task per seed.

    For each seed: :func:`regression_task` and :func:`random_relu` (``max(widths)`` features,
    nested) from that seed; for each width :math:`N` the minimum-norm fit :math:`\Phi^+ y`
    (:func:`min_norm`: ordinary least squares for :math:`N < n`, the interpolant of least norm
    for :math:`N \ge n`) and ridge at the :math:`\lambda` of ``lams`` with the lowest
    validation error (:func:`tuned_ridge`). Test errors on ``n_test`` fresh points.
    """
    widths = _check_widths(widths)
    seeds = tuple(int(s) for s in seeds)
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    lams = np.asarray(lams, dtype=float)
    shape = (len(seeds), widths.size)
    out = {k: np.zeros(shape) for k in ("mn_train", "mn_test", "mn_norm", "lam", "r_train",
                                        "r_test")}
    for i, seed in enumerate(seeds):
        task = regression_task(n_train=n_train, n_val=n_val, n_test=n_test, d=d, noise=noise,
                               seed=seed)
        feats = random_relu(task.X_train.shape[1], int(widths[-1]), seed=seed + 10_000)
        F_tr, F_va, F_te = feats(task.X_train), feats(task.X_val), feats(task.X_test)
        for j, p in enumerate(widths):
            W = ridge_path(F_tr[:, :p], task.y_train, np.concatenate([[0.0], lams]))
            w0, W = W[0], W[1:]
            val = np.mean((F_va[:, :p] @ W.T - task.y_val[:, None]) ** 2, axis=0)
            k = int(np.argmin(val))
            out["mn_train"][i, j] = np.mean((F_tr[:, :p] @ w0 - task.y_train) ** 2)
            out["mn_test"][i, j] = np.mean((F_te[:, :p] @ w0 - task.y_test) ** 2)
            out["mn_norm"][i, j] = np.linalg.norm(w0)
            out["lam"][i, j] = lams[k]
            out["r_train"][i, j] = np.mean((F_tr[:, :p] @ W[k] - task.y_train) ** 2)
            out["r_test"][i, j] = np.mean((F_te[:, :p] @ W[k] - task.y_test) ** 2)
    return DoubleDescent(widths, int(n_train), out["mn_train"], out["mn_test"], out["mn_norm"],
                         out["lam"], out["r_train"], out["r_test"], seeds)


def feature_spectrum(widths: Sequence[int], *, n_train: int = 100, d: int = 10,
                     seed: int = 0) -> list[np.ndarray]:
    r"""The nonzero singular values of the training features :math:`\Phi` (``n_train`` rows) at
    each width, for the task and features of :func:`double_descent` with ``seed``.

    The min-norm fit divides by them (:math:`w = \sum_j \frac{u_j^\top y}{s_j} v_j`): at
    :math:`N \approx n` the smallest one is close to 0, and the noise in :math:`y` is
    amplified by its inverse.
    """  # noqa: D205
    widths = _check_widths(widths)
    task = regression_task(n_train=n_train, n_val=1, n_test=1, d=d, seed=seed)
    F = random_relu(d, int(widths[-1]), seed=seed + 10_000)(task.X_train)
    return [_svd(F[:, :p])[1] for p in widths]


def peak_ratio(widths, errors, center: float, *, window: float = 0.25) -> tuple[int, float]:
    r"""How far a curve bulges above its surroundings near ``center``.

    With :math:`W = [(1 - w)c, (1 + w)c]`: the width in :math:`W` where ``errors`` is largest,
    and that largest value divided by the larger of the two values at the nearest widths just
    outside :math:`W` (one below, one above). A ratio above 1 is a peak inside :math:`W`;
    a curve that falls through :math:`W` has a ratio at most 1.

    Raises
    ------
    ValueError
        If the grid has no width inside :math:`W`, or none on one side of it.
    """
    widths = np.asarray(widths, dtype=float)
    errors = np.asarray(errors, dtype=float)
    if widths.shape != errors.shape or widths.ndim != 1:
        raise ValueError(f"widths and errors must be 1-D of the same length, got "
                         f"{widths.shape} and {errors.shape}")
    if not 0 < window < 1:
        raise ValueError(f"window must be in (0, 1), got {window}")
    lo, hi = (1 - window) * center, (1 + window) * center
    inside = (widths >= lo) & (widths <= hi)
    below, above = np.flatnonzero(widths < lo), np.flatnonzero(widths > hi)
    if not inside.any() or below.size == 0 or above.size == 0:
        raise ValueError(f"widths must have values below {lo:g}, inside [{lo:g}, {hi:g}] and "
                         f"above {hi:g}")
    k = int(np.flatnonzero(inside)[np.argmax(errors[inside])])
    edge = max(errors[below[-1]], errors[above[0]])
    return int(widths[k]), float(errors[k] / edge)


# --------------------------------------------------------------------------------------------
# Notebook 00's polynomial, through its own interpolation threshold


@dataclass
class DegreeSweep:
    r"""Notebook 00's polynomial fitted at many degrees: min-norm and validation-tuned ridge.

    Attributes
    ----------
    degrees : numpy.ndarray
    n_params : numpy.ndarray
        Degree + 1 (the unpenalized intercept counts).
    n_train : int
    min_norm_train, min_norm_test, ridge_test, ridge_lam : numpy.ndarray
        Mean squared errors (and the tuned :math:`\lambda`) at each degree.
    """

    degrees: np.ndarray
    n_params: np.ndarray
    n_train: int
    min_norm_train: np.ndarray
    min_norm_test: np.ndarray
    ridge_test: np.ndarray
    ridge_lam: np.ndarray


def degree_sweep(data, degrees: Sequence[int], *,
                 lams: Sequence[float] = DD_LAMS) -> DegreeSweep:
    r"""Fit :func:`regviz.generalization.legendre_features` of every degree to ``data`` (a
    :class:`regviz.generalization.PolyData`): the minimum-norm fit (least squares up to
    ``n_train - 1`` parameters, then the interpolant of least norm) and ridge with the
    :math:`\lambda` of ``lams`` that does best on ``data``'s validation points. The intercept
    is unpenalized (columns and targets centred on the training points).
    """  # noqa: D205
    from .generalization import legendre_features

    degrees = _check_widths(degrees)
    lams = np.asarray(lams, dtype=float)
    out = {k: np.zeros(degrees.size) for k in ("tr", "te", "r_te", "lam")}
    y_mean = float(np.mean(data.y_train))
    for i, deg in enumerate(degrees):
        X = legendre_features(data.x_train, int(deg))
        x_mean = X.mean(axis=0)
        feats = {k: legendre_features(x, int(deg)) - x_mean
                 for k, x in (("tr", data.x_train), ("va", data.x_val), ("te", data.x_test))}
        W = ridge_path(feats["tr"], data.y_train - y_mean, np.concatenate([[0.0], lams]))
        pred = {k: F @ W.T + y_mean for k, F in feats.items()}
        k = int(np.argmin(np.mean((pred["va"][:, 1:] - data.y_val[:, None]) ** 2, axis=0)))
        out["tr"][i] = np.mean((pred["tr"][:, 0] - data.y_train) ** 2)
        out["te"][i] = np.mean((pred["te"][:, 0] - data.y_test) ** 2)
        out["r_te"][i] = np.mean((pred["te"][:, k + 1] - data.y_test) ** 2)
        out["lam"][i] = lams[k]
    return DegreeSweep(degrees, degrees + 1, len(data.y_train), out["tr"], out["te"],
                       out["r_te"], out["lam"])
