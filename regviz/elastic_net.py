r"""The elastic net: its ball, its mix of L1 and L2, and correlated features.

The mix
-------
Throughout regviz the elastic net with weight ``lam`` and mix :math:`a \in [0, 1]` (``mix``) is

.. math:: \lambda\left(a\,|w| + (1 - a)\,w^2\right)
          \quad\text{elementwise, i.e. } \texttt{ElasticNet(l1=lam*a, l2=lam*(1-a))},

so ``mix = 1`` is the lasso :math:`\lambda|w|`, ``mix = 0`` is ridge :math:`\lambda w^2`, and its
unit ball in 2D is :math:`\{w : a\|w\|_1 + (1-a)\|w\|_2^2 \le 1\}`, between the L1 ball
(``mix = 1``) and the L2 ball (``mix = 0``).

scikit-learn writes the same penalty as :math:`\alpha\rho\|w\|_1 + \tfrac{\alpha(1-\rho)}{2}
\|w\|_2^2` (``alpha``, ``l1_ratio`` :math:`\rho`), with the same data term
:math:`\frac{1}{2n}\|y - Xw\|^2` as :mod:`regviz.solvers`. Matching the two terms,

.. math:: \alpha = \lambda(2 - a), \qquad \rho = \frac{a}{2 - a};
          \qquad a = \frac{2\rho}{1 + \rho}, \qquad \lambda = \frac{\alpha(1 + \rho)}{2}

(:func:`to_sklearn`, :func:`from_sklearn`); ``ElasticNet.from_sklearn(alpha, l1_ratio)`` gives
the same penalty as :func:`enet_penalty` ``(lam, mix)``.

The ball
--------
Along the unit direction :math:`u = (\cos\theta, \sin\theta)`, with :math:`s = |\cos\theta| +
|\sin\theta|`, the boundary point :math:`r u` solves :math:`(1-a) r^2 + a s r = 1`:

.. math:: r(\theta) = \frac{2}{a s + \sqrt{a^2 s^2 + 4(1 - a)}} .

On the axes :math:`s = 1` and :math:`r = 1` for every mix. At the corner :math:`(0, 1)` the
boundary leaves with slopes :math:`\mp a / (2 - a)` (:func:`corner_slope`: a kink for every
``mix > 0``, so loss contours can touch the ball at a corner and give exact zeros). Inside a
quadrant the boundary is an arc of a circle (:func:`edge_circle`),

.. math:: (|w_1| + c)^2 + (|w_2| + c)^2 = R^2, \qquad c = \frac{a}{2(1-a)}, \qquad
          R^2 = \frac{1}{1-a} + 2c^2,

of curvature :math:`1/R > 0` for every ``mix < 1``: the edges bulge, the ball is strictly convex.

Correlated features
-------------------
:func:`correlated_regression` draws :math:`x_2 = x_1 + \text{small noise}` and
:math:`y = x_1 + x_2 + \text{noise}`; :func:`compute_paths` solves it over a :math:`\lambda` grid
with :func:`regviz.solvers.regularization_path`; :func:`bootstrap_fits` refits on resampled rows.
The grouping effect (Zou and Hastie 2005) bounds the gap between two coefficients
(:func:`grouping_bound`).

Nothing here imports torch, matplotlib or widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._arrays import check_param
from .penalties import ElasticNet
from .solvers import _check_data, ista, regularization_path

__all__ = [
    "MIXES",
    "check_mix",
    "enet_penalty",
    "to_sklearn",
    "from_sklearn",
    "ball_radius",
    "ball_boundary",
    "ball_value",
    "corner_slope",
    "edge_circle",
    "standardize",
    "correlated_regression",
    "lam_max",
    "lam_grid",
    "EnetPaths",
    "compute_paths",
    "bootstrap_fits",
    "selection_counts",
    "grouping_bound",
]

#: The mixes whose paths the path panel precomputes: lasso first, then towards ridge.
MIXES: tuple[float, ...] = (1.0, 0.75, 0.5, 0.25)


def check_mix(mix: float) -> float:
    """Validate the L1 share ``mix`` and return it as a float.

    Raises
    ------
    ValueError
        If ``mix`` is not a number in [0, 1].
    """
    a = check_param("mix", mix)
    if a > 1:
        raise ValueError(f"mix must be in [0, 1], got {mix!r}")
    return a


def enet_penalty(lam: float, mix: float) -> ElasticNet:
    r"""The penalty :math:`\lambda(a|w| + (1-a)w^2)`: ``ElasticNet(l1=lam*mix, l2=lam*(1-mix))``."""
    lam = check_param("lam", lam)
    a = check_mix(mix)
    return ElasticNet(l1=lam * a, l2=lam * (1.0 - a))


def to_sklearn(lam: float, mix: float) -> tuple[float, float]:
    r"""scikit-learn's ``(alpha, l1_ratio)`` for regviz's ``(lam, mix)``.

    :math:`\alpha = \lambda(2 - a)`, :math:`\rho = a / (2 - a)`: then
    ``ElasticNet(alpha=alpha, l1_ratio=l1_ratio, fit_intercept=False)`` minimises the objective of
    :func:`regviz.solvers.ista` with :func:`enet_penalty` ``(lam, mix)``.
    """
    lam = check_param("lam", lam)
    a = check_mix(mix)
    return lam * (2.0 - a), a / (2.0 - a)


def from_sklearn(alpha: float, l1_ratio: float) -> tuple[float, float]:
    r"""The ``(lam, mix)`` of scikit-learn's ``(alpha, l1_ratio)``: inverse of :func:`to_sklearn`.

    :math:`a = 2\rho/(1+\rho)`, :math:`\lambda = \alpha(1+\rho)/2`.
    """
    alpha = check_param("alpha", alpha)
    rho = check_param("l1_ratio", l1_ratio)
    if rho > 1:
        raise ValueError(f"l1_ratio must be in [0, 1], got {l1_ratio!r}")
    return alpha * (1.0 + rho) / 2.0, 2.0 * rho / (1.0 + rho)


# --- the ball -------------------------------------------------------------------------------
def ball_radius(theta, mix: float) -> np.ndarray:
    r"""Distance from 0 to the ball's boundary in direction :math:`\theta` (radians).

    :math:`r = 2 / (a s + \sqrt{a^2 s^2 + 4(1-a)})` with :math:`s = |\cos\theta| +
    |\sin\theta|`: the positive root of :math:`(1-a)r^2 + a s r = 1`, written so that it is also
    right for ``mix = 1`` (:math:`r = 1/s`, the L1 ball) and ``mix = 0`` (:math:`r = 1`).
    """
    a = check_mix(mix)
    theta = np.asarray(theta, dtype=float)
    s = np.abs(np.cos(theta)) + np.abs(np.sin(theta))
    return 2.0 / (a * s + np.sqrt(a * a * s * s + 4.0 * (1.0 - a)))


def ball_boundary(mix: float, *, n: int = 721) -> tuple[np.ndarray, np.ndarray]:
    r"""The closed boundary curve of :math:`\{a\|w\|_1 + (1-a)\|w\|_2^2 \le 1\}`.

    Parameters
    ----------
    mix : float
        The L1 share :math:`a` in [0, 1].
    n : int, optional
        Number of points, ``n - 1`` a multiple of 4 so that the four corners on the axes are
        points of the curve. Default 721 (every half degree).

    Returns
    -------
    w1, w2 : numpy.ndarray
        Coordinates, counter-clockwise from :math:`(1, 0)`, first point repeated last.
    """
    if not isinstance(n, int | np.integer) or n < 5 or (n - 1) % 4:
        raise ValueError(f"n must be an integer >= 5 with n - 1 a multiple of 4, got {n!r}")
    theta = np.linspace(0.0, 2.0 * np.pi, n)
    r = ball_radius(theta, mix)
    w1, w2 = r * np.cos(theta), r * np.sin(theta)
    # the corners exactly at (±1, 0), (0, ±1): r = 1 there, but cos(pi/2) is 6e-17, not 0
    k = (n - 1) // 4
    w1[[k, 3 * k]] = w2[[0, 2 * k, 4 * k]] = 0.0
    w1[[0, 4 * k]], w1[2 * k], w2[k], w2[3 * k] = 1.0, -1.0, 1.0, -1.0
    return w1, w2


def ball_value(w1, w2, mix: float) -> np.ndarray:
    r""":math:`a(|w_1| + |w_2|) + (1-a)(w_1^2 + w_2^2)`: the ball is where this is :math:`\le 1`."""
    pen = enet_penalty(1.0, mix)
    return pen.value(np.asarray(w1, dtype=float)) + pen.value(np.asarray(w2, dtype=float))


def corner_slope(mix: float) -> float:
    r"""The kink at the corner :math:`(0, 1)`: the boundary leaves it with slopes :math:`\mp s`.

    Differentiating :math:`a(|w_1| + w_2) + (1-a)(w_1^2 + w_2^2) = 1` at :math:`w_1 = 0^\pm`,
    :math:`w_2 = 1` gives :math:`w_2' = \mp a/(2-a)`: a corner for every ``mix > 0`` (the L1
    ball's slope 1 at ``mix = 1``), flat only for ``mix = 0``. It equals scikit-learn's
    ``l1_ratio`` for this mix.
    """
    a = check_mix(mix)
    return a / (2.0 - a)


def edge_circle(mix: float) -> tuple[float, float]:
    r"""The circle that carries the ball's edge in the first quadrant: centre :math:`(-c, -c)`.

    Completing the square in :math:`a(w_1 + w_2) + (1-a)(w_1^2 + w_2^2) = 1` gives
    :math:`(w_1 + c)^2 + (w_2 + c)^2 = R^2` with :math:`c = a / (2(1-a))` and
    :math:`R^2 = 1/(1-a) + 2c^2`. The other quadrants are mirror images.

    Returns
    -------
    c, R : float
        Offset of the centre and radius; both ``inf`` for ``mix = 1`` (a straight edge).
        The curvature of the edge is ``1 / R``.
    """
    a = check_mix(mix)
    if a == 1:
        return np.inf, np.inf
    c = a / (2.0 * (1.0 - a))
    return c, float(np.sqrt(1.0 / (1.0 - a) + 2.0 * c * c))


# --- correlated features --------------------------------------------------------------------
def standardize(X, y) -> tuple[np.ndarray, np.ndarray]:
    r"""Centre every column of ``X`` and scale it to unit variance (``ddof=0``); centre ``y``.

    Then no intercept is needed and :math:`\|x_j\|^2 = n` for every column.
    """
    X, y = _check_data(X, y)
    Xc = X - X.mean(axis=0)
    scale = Xc.std(axis=0)
    if np.any(scale == 0):
        raise ValueError("every column of X must vary (a constant column cannot be scaled)")
    return Xc / scale, y - y.mean()


def correlated_regression(
    n: int = 100, *, noise_x: float = 0.05, noise_y: float = 1.0, seed: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    r"""Two strongly correlated features that matter equally, standardized.

    .. math:: x_1 \sim N(0, 1), \quad x_2 = x_1 + \sigma_x \varepsilon, \quad
              y = x_1 + x_2 + \sigma_y \eta,

    with independent standard normal :math:`\varepsilon, \eta` from ``numpy.random.
    default_rng(seed)``; then :func:`standardize`. With the defaults the sample correlation of
    the two columns is about 0.999.

    Returns
    -------
    X : numpy.ndarray
        Shape ``(n, 2)``.
    y : numpy.ndarray
        Shape ``(n,)``.
    """
    if not isinstance(n, int | np.integer) or n < 3:
        raise ValueError(f"n must be an integer >= 3, got {n!r}")
    noise_x = check_param("noise_x", noise_x, positive=True)
    noise_y = check_param("noise_y", noise_y)
    rng = np.random.default_rng(seed)
    x1 = rng.standard_normal(n)
    x2 = x1 + noise_x * rng.standard_normal(n)
    y = x1 + x2 + noise_y * rng.standard_normal(n)
    return standardize(np.column_stack([x1, x2]), y)


def lam_max(X, y, mix: float) -> float:
    r"""The smallest :math:`\lambda` whose solution is all zeros: :math:`\|X^\top y\|_\infty /
    (n a)`.

    At :math:`w = 0` the gradient of the data term is :math:`-X^\top y / n` and the L1 part's
    subgradient reaches :math:`\lambda a` (the L2 part's gradient is 0 there).
    """  # noqa: D205
    X, y = _check_data(X, y)
    a = check_mix(mix)
    if a == 0:
        raise ValueError("mix must be > 0 for lam_max: ridge (mix = 0) never gives all zeros")
    return float(np.max(np.abs(X.T @ y)) / (len(y) * a))


def lam_grid(
    X, y, *, mixes: Sequence[float] = MIXES, ratio: float = 1e-2, per_decade: int = 12
) -> np.ndarray:
    r"""A log-spaced :math:`\lambda` grid, decreasing, shared by several mixes.

    From the largest :func:`lam_max` of ``mixes`` (every solution 0) down to ``ratio`` times the
    lasso's, ``per_decade`` points per factor 10.
    """
    top = max(lam_max(X, y, m) for m in mixes)
    bottom = ratio * lam_max(X, y, 1.0)
    k = int(np.ceil(per_decade * np.log10(top / bottom)))
    return np.geomspace(top, bottom, k + 1)


@dataclass(frozen=True)
class EnetPaths:
    r"""Regularization paths for several mixes on one :math:`\lambda` grid.

    Attributes
    ----------
    lams : numpy.ndarray
        The grid, decreasing.
    coefs : dict of float to numpy.ndarray
        For each mix, the solutions, shape ``(len(lams), d)``.
    """

    lams: np.ndarray
    coefs: dict[float, np.ndarray]

    @property
    def mixes(self) -> tuple[float, ...]:
        """The mixes, in the order they were computed."""
        return tuple(self.coefs)

    def index(self, lam: float) -> int:
        """Index of the grid value nearest to ``lam`` (on a log scale)."""
        return int(np.argmin(np.abs(np.log(self.lams) - np.log(lam))))

    def at(self, mix: float, lam: float) -> np.ndarray:
        """The solution for ``mix`` at the grid value nearest to ``lam``."""
        return self.coefs[mix][self.index(lam)]


def compute_paths(
    X, y, *, mixes: Sequence[float] = MIXES, lams: Sequence[float] | None = None, **ista_kwargs
) -> EnetPaths:
    r"""Solutions of :math:`\frac{1}{2n}\|y - Xw\|^2 + \lambda\sum_j(a|w_j| + (1-a)w_j^2)`.

    For each mix, :func:`regviz.solvers.regularization_path` (ISTA with warm starts, from the
    largest :math:`\lambda` down) over ``lams`` (default :func:`lam_grid`). Keyword arguments go
    to :func:`regviz.solvers.ista`.
    """
    X, y = _check_data(X, y)
    mixes = tuple(check_mix(m) for m in mixes)
    grid = lam_grid(X, y, mixes=mixes) if lams is None else np.asarray(lams, dtype=float)
    coefs = {
        a: regularization_path(X, y, lambda lam, a=a: enet_penalty(lam, a), grid, **ista_kwargs)
        for a in mixes
    }
    return EnetPaths(grid, coefs)


def bootstrap_fits(
    X, y, lam: float, mix: float, *, n_boot: int = 100, seed: int = 0, tol: float = 1e-10
) -> np.ndarray:
    r"""Refit on ``n_boot`` bootstrap resamples of the rows; the same resamples for every mix.

    Resample :math:`n` rows with replacement (``numpy.random.default_rng(seed)``),
    :func:`standardize` them again, solve with :func:`regviz.solvers.ista` and
    :func:`enet_penalty` ``(lam, mix)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_boot, d)``: one row of weights per resample.
    """
    X, y = _check_data(X, y)
    if not isinstance(n_boot, int | np.integer) or n_boot < 1:
        raise ValueError(f"n_boot must be an integer >= 1, got {n_boot!r}")
    pen = enet_penalty(lam, mix)
    rng = np.random.default_rng(seed)
    n = len(y)
    out = np.empty((n_boot, X.shape[1]))
    for b in range(n_boot):
        rows = rng.integers(0, n, n)
        out[b] = ista(*standardize(X[rows], y[rows]), pen, tol=tol).w
    return out


def selection_counts(W) -> dict[str, int]:
    """How many rows of two-feature weights keep ``none``, ``w1 only``, ``w2 only``, ``both``.

    A weight is kept when it is not exactly 0 (the proximal solver gives exact zeros).
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[1] != 2:
        raise ValueError(f"W must have shape (k, 2), got {W.shape}")
    k1, k2 = W[:, 0] != 0, W[:, 1] != 0
    return {
        "none": int(np.sum(~k1 & ~k2)),
        "w1 only": int(np.sum(k1 & ~k2)),
        "w2 only": int(np.sum(~k1 & k2)),
        "both": int(np.sum(k1 & k2)),
    }


def grouping_bound(X, y, lam: float, mix: float, i: int = 0, j: int = 1) -> float:
    r"""Zou and Hastie's bound on :math:`|w_i - w_j|` at the elastic-net solution.

    Subtracting the optimality conditions of coordinates :math:`i` and :math:`j` gives
    :math:`2\lambda(1-a)|w_i - w_j| \le |(x_i - x_j)^\top r| / n` (whatever the signs), and
    :math:`\|r\| \le \|y\|` at the optimum, so

    .. math:: |w_i - w_j| \le \frac{\|x_i - x_j\|\,\|y\|}{2 n \lambda (1 - a)}
              = \frac{\|y\|}{\sqrt n}\,\frac{\sqrt{2(1 - \rho_{ij})}}{2\lambda(1-a)}

    (the second form for standardized columns with correlation :math:`\rho_{ij}`): the more
    correlated the features, the closer their weights. Infinite for the lasso (``mix = 1``).
    """
    X, y = _check_data(X, y)
    lam = check_param("lam", lam, positive=True)
    a = check_mix(mix)
    if a == 1:
        return np.inf
    return float(np.linalg.norm(X[:, i] - X[:, j]) * np.linalg.norm(y)
                 / (2.0 * len(y) * lam * (1.0 - a)))
