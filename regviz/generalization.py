r"""Generalization and model selection for linear models: why and how much to regularize.

Notebook 00's tools, with NumPy and scikit-learn only (no torch, so the notebook starts fast).

- overfitting you can see: a high-degree polynomial on a few noisy points of a smooth function,
  fitted with L2, L1 or the elastic net, and its train / validation / test error against
  :math:`\lambda` (:func:`polynomial_data`, :func:`fit_linear`, :func:`error_path`);
- choosing :math:`\lambda` by K-fold cross-validation, with the one-standard-error rule
  (:func:`cross_validate`), checked against scikit-learn's ``RidgeCV`` / ``LassoCV`` /
  ``ElasticNetCV`` (:func:`sklearn_cv_lambda`);
- ridge through the SVD: shrinkage factors, the effective number of parameters, the hat matrix
  (:func:`ridge_svd`, :func:`shrinkage_factors`, :func:`effective_df`, :func:`hat_matrix`);
- the bias-variance decomposition of the test error (:func:`bias_variance`);
- real data: scikit-learn's diabetes data and its paths (:func:`diabetes_data`,
  :func:`diabetes_paths`).

The reproductions built on these (d2l's weight decay, cross-validation on the diabetes data)
are ``regviz.experiments.linear``'s: ``registry.reproduce("d2l-weight-decay")``.

Conventions (as everywhere in regviz): the data term is half the mean squared error and ``lam``
multiplies the sum of the elementwise penalty,

.. math:: \frac{1}{2n}\|y - Xw - b\|^2 + \lambda \sum_j \mathrm{pen}(w_j),

with ``pen(w) = w**2`` (L2), ``|w|`` (L1) or ``a|w| + (1 - a)w**2`` (elastic net, mix ``a``).
This is the data term of :mod:`regviz.solvers` and of scikit-learn's ``Lasso``. The intercept
:math:`b` is never penalized (the columns and the targets are centred first). Reported errors are
mean squared errors (not halved).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ._arrays import check_param
from ._validate import array, choice
from .elastic_net import to_sklearn
from .solvers import LINEAR_PENALTIES, LinearFit, fit_linear, ridge

__all__ = [
    "PENALTIES",
    "MIX",
    "true_function",
    "legendre_features",
    "PolyData",
    "polynomial_data",
    "LinearFit",
    "fit_linear",
    "mse",
    "ridge",
    "ridge_svd",
    "shrinkage_factors",
    "effective_df",
    "hat_matrix",
    "ErrorPath",
    "error_path",
    "lam_grid",
    "kfold",
    "CVResult",
    "cross_validate",
    "sklearn_cv_lambda",
    "BiasVariance",
    "bias_variance",
    "DIABETES",
    "diabetes_data",
    "diabetes_paths",
]

#: The penalties of notebook 00, by the names its dropdown shows.
PENALTIES: tuple[str, ...] = LINEAR_PENALTIES
#: The elastic net's mix (L1 share) used throughout notebook 00.
MIX: float = 0.5


def _check_penalty(penalty: str) -> str:
    return choice("penalty", penalty, PENALTIES)


# --------------------------------------------------------------------------------------------
# Data: a smooth function, a few noisy samples, polynomial features


def true_function(x) -> np.ndarray:
    r"""The smooth function behind the polynomial data, :math:`f(x) = \sin(\pi x)`."""
    return np.sin(np.pi * np.asarray(x, dtype=float))


def legendre_features(x, degree: int) -> np.ndarray:
    r"""Columns :math:`P_1(x), \dots, P_{\text{degree}}(x)` (Legendre polynomials on [-1, 1]).

    The same functions as :math:`x, x^2, \dots, x^{\text{degree}}` up to a change of basis, but
    bounded by 1 on [-1, 1], so the least-squares problems stay well scaled. The constant
    :math:`P_0` is the (unpenalized) intercept.
    """
    if not isinstance(degree, int | np.integer) or degree < 1:
        raise ValueError(f"degree must be an integer >= 1, got {degree!r}")
    x = np.asarray(x, dtype=float)
    return np.polynomial.legendre.legvander(x, int(degree))[:, 1:]


@dataclass(frozen=True)
class PolyData:
    """Train, validation and test samples of :func:`true_function` plus Gaussian noise.

    Attributes
    ----------
    x_train, y_train, x_val, y_val, x_test, y_test : numpy.ndarray
        The inputs in [-1, 1] and the noisy targets.
    degree : int
        Degree of the polynomial features.
    noise : float
        Standard deviation of the noise.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    degree: int
    noise: float

    def features(self, x) -> np.ndarray:
        """:func:`legendre_features` of ``x`` at this data's degree."""
        return legendre_features(x, self.degree)

    @property
    def X_train(self) -> np.ndarray:  # noqa: N802
        """Features of the training inputs."""
        return self.features(self.x_train)

    @property
    def X_val(self) -> np.ndarray:  # noqa: N802
        """Features of the validation inputs."""
        return self.features(self.x_val)

    @property
    def X_test(self) -> np.ndarray:  # noqa: N802
        """Features of the test inputs."""
        return self.features(self.x_test)


def polynomial_data(
    *, n_train: int = 15, n_val: int = 15, n_test: int = 400, degree: int = 12,
    noise: float = 0.3, seed: int = 0,
) -> PolyData:
    r"""Samples :math:`y = \sin(\pi x) + \varepsilon`, :math:`x \sim U[-1, 1]`,
    :math:`\varepsilon \sim N(0, \text{noise}^2)`, split into train / validation / test.
    """  # noqa: D205
    for name, n in (("n_train", n_train), ("n_val", n_val), ("n_test", n_test)):
        if not isinstance(n, int | np.integer) or n < 2:
            raise ValueError(f"{name} must be an integer >= 2, got {n!r}")
    noise = check_param("noise", noise)
    rng = np.random.default_rng(seed)
    parts = []
    for n in (n_train, n_val, n_test):
        x = rng.uniform(-1.0, 1.0, n)
        parts += [x, true_function(x) + noise * rng.standard_normal(n)]
    legendre_features(0.0, degree)  # validates degree
    return PolyData(*parts, degree=int(degree), noise=float(noise))


# --------------------------------------------------------------------------------------------
# Fitting


def mse(y, y_hat) -> float:
    r"""Mean squared error :math:`\frac1n\sum_i (y_i - \hat y_i)^2`."""
    y, y_hat = np.asarray(y, dtype=float), np.asarray(y_hat, dtype=float)
    return float(np.mean((y - y_hat) ** 2))


def _check_xy(X, y) -> tuple[np.ndarray, np.ndarray]:
    X, y = array("X", X, ndim=2), array("y", y, ndim=1)
    if X.shape[0] != y.shape[0] or X.shape[0] < 1:
        raise ValueError(f"X must be (n, d) and y (n,) with the same n >= 1, got X {X.shape} "
                         f"and y {y.shape}")
    return X, y


def ridge_svd(X, y, lam: float) -> np.ndarray:
    r"""Ridge through the SVD :math:`X = U S V^\top`:
    :math:`w = \sum_j v_j \frac{s_j}{s_j^2 + 2n\lambda} u_j^\top y`.

    Each singular direction is the least-squares coefficient :math:`u_j^\top y / s_j`
    multiplied by the shrinkage factor :math:`s_j^2 / (s_j^2 + 2n\lambda)`.
    """  # noqa: D205
    X, y = _check_xy(X, y)
    lam = check_param("lam", lam)
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    keep = s > s[0] * max(X.shape) * np.finfo(float).eps if s.size else s > 0
    s, U, Vt = s[keep], U[:, keep], Vt[keep]
    return Vt.T @ (s / (s**2 + 2 * X.shape[0] * lam) * (U.T @ y))


def shrinkage_factors(X, lam) -> np.ndarray:
    r"""The factor :math:`s_j^2 / (s_j^2 + 2n\lambda)` by which ridge shrinks each singular
    direction of ``X``, largest singular value first.

    ``lam`` may be an array: the result then has shape ``(len(lam), n_directions)``.
    """  # noqa: D205
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2D array, got shape {X.shape}")
    lam_arr = np.asarray(lam, dtype=float)
    if np.any(~np.isfinite(lam_arr)) or np.any(lam_arr < 0):
        raise ValueError(f"lam must be finite and >= 0, got {lam!r}")
    s2 = np.linalg.svd(X, compute_uv=False) ** 2
    return s2 / (s2 + 2 * X.shape[0] * lam_arr[..., None])


def effective_df(X, lam) -> np.ndarray | float:
    r"""Effective number of parameters :math:`\mathrm{df}(\lambda) = \sum_j
    \frac{s_j^2}{s_j^2 + 2n\lambda}`, the trace of the hat matrix (:func:`hat_matrix`).
    """  # noqa: D205
    df = shrinkage_factors(X, lam).sum(axis=-1)
    return float(df) if np.ndim(df) == 0 else df


def hat_matrix(X, lam: float) -> np.ndarray:
    r"""The hat matrix :math:`H = X (X^\top X + 2n\lambda I)^{-1} X^\top`, with
    :math:`\hat y = H y` (for ``lam = 0``, the projection onto the column space).
    """  # noqa: D205
    X = np.asarray(X, dtype=float)
    lam = check_param("lam", lam)
    if lam == 0:
        return X @ np.linalg.pinv(X)
    n, d = X.shape
    return X @ np.linalg.solve(X.T @ X + 2 * n * lam * np.eye(d), X.T)


# --------------------------------------------------------------------------------------------
# Error against lambda


def lam_grid(lo: float = 1e-6, hi: float = 10.0, num: int = 36, *, zero: bool = True) -> np.ndarray:
    r"""Log-spaced :math:`\lambda` values from ``lo`` to ``hi``, with an explicit 0 first."""
    lo, hi = check_param("lo", lo, positive=True), check_param("hi", hi, positive=True)
    if hi <= lo:
        raise ValueError(f"hi must be > lo, got lo={lo}, hi={hi}")
    grid = np.geomspace(lo, hi, num)
    return np.concatenate([[0.0], grid]) if zero else grid


@dataclass
class ErrorPath:
    r"""Fits of one penalty over a :math:`\lambda` grid, and their errors.

    Attributes
    ----------
    penalty : str
    lams : numpy.ndarray
        The grid, shape ``(k,)``.
    coefs : numpy.ndarray
        Weights, shape ``(k, d)``; ``intercepts`` shape ``(k,)``.
    train, val, test : numpy.ndarray
        Mean squared errors, shape ``(k,)``.
    """

    penalty: str
    lams: np.ndarray
    coefs: np.ndarray
    intercepts: np.ndarray
    train: np.ndarray
    val: np.ndarray
    test: np.ndarray

    @property
    def zeros(self) -> np.ndarray:
        r"""Number of coefficients exactly 0 at each :math:`\lambda`."""
        return np.sum(self.coefs == 0, axis=1)

    def index(self, lam: float) -> int:
        """Index of the grid value nearest ``lam`` on a log scale (0 is its own position)."""
        return _nearest(self.lams, lam)


def _nearest(lams: np.ndarray, lam: float) -> int:
    lams = np.asarray(lams, dtype=float)
    if lam <= 0 or not np.any(lams > 0):
        return int(np.argmin(lams))
    pos = np.flatnonzero(lams > 0)
    return int(pos[np.argmin(np.abs(np.log(lams[pos]) - np.log(lam)))])


def error_path(
    data: PolyData, lams: Sequence[float] | None = None, *, penalty: str = "L2",
    mix: float = MIX,
) -> ErrorPath:
    r"""Fit ``penalty`` at every :math:`\lambda` of ``lams`` (default :func:`lam_grid`) on the
    training set, from the largest down (warm starts), and measure the three errors.
    """  # noqa: D205
    lams = lam_grid() if lams is None else np.asarray(lams, dtype=float)
    Xtr, Xva, Xte = data.X_train, data.X_val, data.X_test
    coefs = np.zeros((lams.size, Xtr.shape[1]))
    b = np.zeros(lams.size)
    w = None
    for i in np.argsort(-lams, kind="stable"):
        fit = fit_linear(Xtr, data.y_train, penalty=penalty, lam=float(lams[i]), mix=mix, w0=w)
        coefs[i], b[i], w = fit.w, fit.b, fit.w
    err = {name: np.mean((Xs @ coefs.T + b - ys[:, None]) ** 2, axis=0)
           for name, Xs, ys in (("train", Xtr, data.y_train), ("val", Xva, data.y_val),
                                ("test", Xte, data.y_test))}
    return ErrorPath(penalty, lams, coefs, b, err["train"], err["val"], err["test"])


# --------------------------------------------------------------------------------------------
# Cross-validation


def kfold(n: int, n_splits: int = 5, *, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """The ``(train_index, test_index)`` pairs of scikit-learn's shuffled ``KFold``."""
    from sklearn.model_selection import KFold

    if not isinstance(n_splits, int | np.integer) or not 2 <= n_splits <= n:
        raise ValueError(f"n_splits must be an integer in [2, n={n}], got {n_splits!r}")
    return list(KFold(n_splits, shuffle=True, random_state=seed).split(np.zeros((n, 1))))


@dataclass
class CVResult:
    r"""K-fold cross-validation of one penalty over a :math:`\lambda` grid.

    Attributes
    ----------
    penalty : str
    lams : numpy.ndarray
        The grid, shape ``(k,)``.
    fold_errors : numpy.ndarray
        Held-out mean squared error of each fold at each :math:`\lambda`, shape ``(K, k)``.
    folds : list of (train_index, test_index)
    """

    penalty: str
    lams: np.ndarray
    fold_errors: np.ndarray
    folds: list = field(repr=False)

    @property
    def mean(self) -> np.ndarray:
        """Mean over the folds of the held-out error (the CV error)."""
        return self.fold_errors.mean(axis=0)

    @property
    def se(self) -> np.ndarray:
        r"""Standard error of the CV error, :math:`\mathrm{std}_{\text{folds}}/\sqrt K`."""
        K = self.fold_errors.shape[0]
        return self.fold_errors.std(axis=0, ddof=1) / np.sqrt(K)

    @property
    def best(self) -> int:
        r"""Index of the lowest CV error (the smallest such :math:`\lambda` on a tie)."""
        return int(np.argmin(self.mean))

    @property
    def one_se(self) -> int:
        r"""Index of the largest :math:`\lambda` whose CV error is within one standard error of
        the lowest (the one-standard-error rule: the simplest model as good as the best).
        """  # noqa: D205
        ok = self.mean <= self.mean[self.best] + self.se[self.best]
        return int(np.flatnonzero(ok)[np.argmax(self.lams[ok])])

    @property
    def lam_best(self) -> float:
        r""":math:`\lambda` with the lowest CV error."""
        return float(self.lams[self.best])

    @property
    def lam_1se(self) -> float:
        r""":math:`\lambda` of the one-standard-error rule."""
        return float(self.lams[self.one_se])


def cross_validate(
    X, y, lams: Sequence[float], *, penalty: str = "L2", mix: float = MIX, n_splits: int = 5,
    seed: int = 0, folds: list | None = None,
) -> CVResult:
    r"""K-fold cross-validation: for each fold, fit on the other folds at every :math:`\lambda`
    (:func:`fit_linear`, warm starts from the largest :math:`\lambda` down) and measure the
    mean squared error on the held-out fold.

    Parameters
    ----------
    folds : list of (train_index, test_index), optional
        Default :func:`kfold` ``(len(y), n_splits, seed=seed)``.
    """  # noqa: D205
    X, y = _check_xy(X, y)
    lams = np.asarray(lams, dtype=float)
    folds = kfold(len(y), n_splits, seed=seed) if folds is None else list(folds)
    errors = np.zeros((len(folds), lams.size))
    order = np.argsort(-lams, kind="stable")
    for f, (tr, te) in enumerate(folds):
        w = None
        for i in order:
            fit = fit_linear(X[tr], y[tr], penalty=penalty, lam=float(lams[i]), mix=mix, w0=w)
            w = fit.w
            errors[f, i] = mse(y[te], fit.predict(X[te]))
    return CVResult(penalty, lams, errors, folds)


def sklearn_cv_lambda(
    X, y, lams: Sequence[float], folds: list, *, penalty: str = "L2", mix: float = MIX,
) -> float:
    r"""The :math:`\lambda` (in regviz's convention) that scikit-learn's own CV estimator picks
    on the same folds and the same grid.

    - ``RidgeCV`` minimises :math:`\|y - Xw\|^2 + \alpha\|w\|^2` (sums): on a fold with
      :math:`m` training rows that is ours with :math:`\alpha = 2m\lambda`, so every fold must
      have the same :math:`m`.
    - ``LassoCV``: :math:`\frac{1}{2m}\|y - Xw\|^2 + \alpha\|w\|_1`, so :math:`\alpha = \lambda`.
    - ``ElasticNetCV``: :math:`\alpha = \lambda(2 - a)`, ``l1_ratio`` :math:`= a/(2 - a)`
      (:func:`regviz.elastic_net.to_sklearn`).

    All three score a fold by its mean squared error and average the folds, as
    :func:`cross_validate` does.
    """  # noqa: D205
    from sklearn.linear_model import ElasticNetCV, LassoCV, RidgeCV

    X, y = _check_xy(X, y)
    _check_penalty(penalty)
    lams = np.asarray(lams, dtype=float)
    if penalty == "L2":
        m = {len(tr) for tr, _ in folds}
        if len(m) != 1:
            raise ValueError(f"folds must all have the same number of training rows for "
                             f"RidgeCV's alpha = 2*m*lam, got {sorted(m)}")
        m = m.pop()
        est = RidgeCV(alphas=2 * m * lams, cv=folds, scoring="neg_mean_squared_error").fit(X, y)
        return float(est.alpha_ / (2 * m))
    if penalty == "L1":
        est = LassoCV(alphas=lams, cv=folds, tol=1e-12, max_iter=200_000).fit(X, y)
        return float(est.alpha_)
    scale, rho = to_sklearn(1.0, mix)
    est = ElasticNetCV(alphas=lams * scale, l1_ratio=rho, cv=folds, tol=1e-12,
                       max_iter=200_000).fit(X, y)
    return float(est.alpha_ / scale)


# --------------------------------------------------------------------------------------------
# Bias and variance


@dataclass
class BiasVariance:
    r"""The test error of ridge against :math:`\lambda`, split into bias², variance and noise.

    At fixed test inputs :math:`x`, over repeated training sets :math:`D`,

    .. math:: E_{D,\varepsilon}[(y - \hat f_D(x))^2] = \underbrace{(E_D\hat f_D(x) - f(x))^2}
              _{\text{bias}^2} + \underbrace{\mathrm{Var}_D \hat f_D(x)}_{\text{variance}}
              + \underbrace{\sigma^2}_{\text{noise}},

    averaged over the test inputs. ``test_error`` is the Monte Carlo estimate of the left side
    (fresh noisy test targets for each draw) and ``test_error_se`` its standard error.
    """

    lams: np.ndarray
    bias2: np.ndarray
    variance: np.ndarray
    noise: float
    test_error: np.ndarray
    test_error_se: np.ndarray

    @property
    def total(self) -> np.ndarray:
        """bias² + variance + noise."""
        return self.bias2 + self.variance + self.noise


def bias_variance(
    lams: Sequence[float], *, n_train: int = 15, degree: int = 12, noise: float = 0.3,
    n_draws: int = 200, n_test: int = 100, seed: int = 0,
) -> BiasVariance:
    r"""Bias², variance and noise of ridge on :func:`polynomial_data`, over ``n_draws`` training
    sets (the test inputs are fixed, the noise of each test target drawn anew each time).
    """  # noqa: D205
    if not isinstance(n_draws, int | np.integer) or n_draws < 2:
        raise ValueError(f"n_draws must be an integer >= 2, got {n_draws!r}")
    lams = np.asarray(lams, dtype=float)
    rng = np.random.default_rng(seed)
    x_test = np.linspace(-1, 1, n_test)
    X_test, f_test = legendre_features(x_test, degree), true_function(x_test)
    preds = np.zeros((n_draws, lams.size, n_test))
    sq_err = np.zeros((n_draws, lams.size))
    for k in range(n_draws):
        x = rng.uniform(-1, 1, n_train)
        y = true_function(x) + noise * rng.standard_normal(n_train)
        X = legendre_features(x, degree)
        Xc, yc, xm = X - X.mean(0), y - y.mean(), X.mean(0)
        U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
        factors = s / (s**2 + 2 * n_train * lams[:, None])  # (k, r): the SVD's ridge, every lam
        W = (factors * (U.T @ yc)) @ Vt  # (k, d)
        preds[k] = ((X_test - xm) @ W.T).T + y.mean()
        y_test = f_test + noise * rng.standard_normal(n_test)
        sq_err[k] = np.mean((preds[k] - y_test) ** 2, axis=1)
    mean_pred = preds.mean(axis=0)
    bias2 = np.mean((mean_pred - f_test) ** 2, axis=1)
    variance = np.mean(preds.var(axis=0), axis=1)
    return BiasVariance(lams, bias2, variance, noise**2, sq_err.mean(axis=0),
                        sq_err.std(axis=0, ddof=1) / np.sqrt(n_draws))


# --------------------------------------------------------------------------------------------
# Real data: scikit-learn's diabetes data and its regularization paths

#: The split, the folds and the lambda grids of the diabetes data (the ``diabetes-cv``
#: reproduction, :mod:`regviz.experiments.linear`, cross-validates on them).
DIABETES: dict = {"n_train": 300, "n_test": 142, "n_splits": 5, "mix": MIX,
                  "lams": {"L2": (1e-4, 10.0, 30), "L1": (1e-3, 30.0, 30),
                           "elastic net": (1e-3, 30.0, 30)}}


def diabetes_data(*, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                               list[str]]:
    """scikit-learn's diabetes data (442 patients, 10 features; shipped with scikit-learn),
    split at random (``seed``) into 300 training and 142 test rows, features standardized with
    the training rows' mean and standard deviation.

    Returns
    -------
    X_train, y_train, X_test, y_test, feature_names
    """  # noqa: D205
    from sklearn.datasets import load_diabetes

    ds = load_diabetes(scaled=False)
    order = np.random.default_rng(seed).permutation(len(ds.target))
    tr, te = order[:DIABETES["n_train"]], order[DIABETES["n_train"]:]
    X, y = ds.data.astype(float), ds.target.astype(float)
    mu, sd = X[tr].mean(0), X[tr].std(0)
    X = (X - mu) / sd
    return X[tr], y[tr], X[te], y[te], list(ds.feature_names)


def _diabetes_lams(penalty: str) -> np.ndarray:
    lo, hi, num = DIABETES["lams"][penalty]
    return np.geomspace(lo, hi, num)


def diabetes_paths(
    penalty: str, *, seed: int = 0, lams: Sequence[float] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients of ``penalty`` on the diabetes training rows over its grid (the path).

    Returns
    -------
    lams, coefs
        Shapes ``(k,)`` and ``(k, 10)``.
    """
    Xtr, ytr, *_ = diabetes_data(seed=seed)
    lams = _diabetes_lams(penalty) if lams is None else np.asarray(lams, dtype=float)
    coefs = np.zeros((lams.size, Xtr.shape[1]))
    w = None
    for i in np.argsort(-lams):
        w = coefs[i] = fit_linear(Xtr, ytr, penalty=penalty, lam=float(lams[i]), w0=w).w
    return lams, coefs
