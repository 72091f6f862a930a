r"""Penalised least squares solved with regviz's own penalties.

The problem is

.. math:: \min_w \; \frac{1}{2n}\|y - Xw\|_2^2 + \sum_j \mathrm{pen}(w_j),

the data term of scikit-learn's ``Lasso`` and ``ElasticNet``, so ``L1(alpha)`` matches
``Lasso(alpha)`` and ``ElasticNet.from_sklearn(alpha, l1_ratio)`` matches
``ElasticNet(alpha, l1_ratio)`` (both with ``fit_intercept=False``).

- :func:`ista`: proximal gradient, :math:`w \leftarrow \operatorname{prox}_{\eta\,\mathrm{pen}}
  (w - \eta \nabla g(w))`, optionally accelerated (FISTA). Lands on exact zeros.
- :func:`subgradient_descent`: :math:`w \leftarrow w - \eta(\nabla g(w) + \partial\mathrm{pen}(w))`,
  which makes coordinates cross zero back and forth instead of stopping there.
- :func:`regularization_path`: solutions over a grid of :math:`\lambda`, with warm starts.
- :func:`ridge` (closed form) and :func:`fit_linear`: a linear model with an unpenalized
  intercept, L2 in closed form, L1 and the elastic net by :func:`ista` (notebook 00's fits).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ._arrays import check_param
from ._validate import choice
from .penalties import Penalty, array_kernels, from_name

__all__ = [
    "SolverResult",
    "least_squares_objective",
    "lipschitz_step",
    "ista",
    "subgradient_descent",
    "regularization_path",
    "LINEAR_PENALTIES",
    "LinearFit",
    "ridge",
    "fit_linear",
]

#: The penalties :func:`fit_linear` fits, by the names of notebook 00's menu.
LINEAR_PENALTIES: tuple[str, ...] = ("L2", "L1", "elastic net")


@dataclass
class SolverResult:
    """The solution and its history.

    Attributes
    ----------
    w : numpy.ndarray
        The final weights.
    objective : numpy.ndarray
        The objective after each iteration (index 0: at the start).
    n_iter : int
        Iterations run.
    converged : bool
        Whether the change in ``w`` fell below ``tol``.
    trajectory : numpy.ndarray or None
        The weights after each iteration, shape ``(n_iter + 1, d)``, when recorded.
    """

    w: np.ndarray
    objective: np.ndarray
    n_iter: int
    converged: bool
    trajectory: np.ndarray | None = field(default=None, repr=False)


def _check_data(X, y) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0] or X.shape[0] == 0:
        raise ValueError(
            f"X must be (n, d) and y (n,) with the same n > 0, got X {X.shape} and y {y.shape}"
        )
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(y))):
        raise ValueError("X and y must be finite (no NaN or inf)")
    return X, y


def least_squares_objective(X, y, w, penalty: Penalty) -> float:
    r""":math:`\frac{1}{2n}\|y - Xw\|^2 + \sum_j \mathrm{pen}(w_j)`."""
    return _objective(X, y, w, penalty.total)


def _objective(X, y, w, total) -> float:
    """The formula of :func:`least_squares_objective`, with the penalty's sum ``total``."""
    r = y - X @ w
    return float(0.5 * r @ r / len(y) + total(w))


def lipschitz_step(X) -> float:
    r"""The step :math:`1/L` of ISTA, guaranteed to decrease the objective.

    :math:`L = \sigma_{\max}(X)^2 / n` is the Lipschitz constant of the data term's gradient.
    """
    X = np.asarray(X, dtype=float)
    return X.shape[0] / np.linalg.norm(X, 2) ** 2


def _array_ops(penalty: Penalty, X, y):
    """(grad, prox, objective) on float arrays, checked once (``penalties.array_kernels``)."""
    total, grad, prox = array_kernels(penalty)
    return grad, prox, lambda w: _objective(X, y, w, total)


def _validate(n_iter: int, tol: float, lr: float | None, X) -> tuple[float, float]:
    if not isinstance(n_iter, int | np.integer) or n_iter < 1:
        raise ValueError(f"n_iter must be an integer >= 1, got {n_iter!r}")
    tol = check_param("tol", tol)
    lr = lipschitz_step(X) if lr is None else check_param("lr", lr, positive=True)
    return tol, lr


def ista(
    X,
    y,
    penalty: Penalty,
    *,
    lr: float | None = None,
    n_iter: int = 5000,
    tol: float = 1e-12,
    w0=None,
    accelerated: bool = True,
    record: bool = False,
) -> SolverResult:
    r"""Proximal gradient descent: FISTA by default, plain ISTA with ``accelerated=False``.

    .. math:: w_{k+1} = \operatorname{prox}_{\eta\,\mathrm{pen}}\left(v_k - \eta
              \tfrac{1}{n} X^\top (X v_k - y)\right),

    with :math:`v_k = w_k` (ISTA) or Nesterov's extrapolation (FISTA, the default, restarted
    whenever the objective goes up). For a convex penalty (L1, L2, elastic net, :math:`p \ge 1`)
    the iterates converge to a global minimiser. For L0 or :math:`p < 1` the objective is not
    convex: the result is a fixed point of the proximal-gradient step, a local solution that
    need not be the global minimiser (it depends on ``w0``).

    Parameters
    ----------
    X, y : array_like
        Design matrix ``(n, d)`` and targets ``(n,)``.
    penalty : Penalty
        Any regviz penalty; its ``prox`` does the shrinking.
    lr : float, optional
        Step :math:`\eta`; default :func:`lipschitz_step`.
    n_iter : int, optional
        Maximum number of iterations.
    tol : float, optional
        Stop when :math:`\max_j |w_{k+1} - w_k| \le tol`.
    w0 : array_like, optional
        Starting weights (default zeros).
    accelerated : bool, optional
        Use FISTA's momentum (with a restart whenever the objective goes up).
    record : bool, optional
        Keep every iterate in ``trajectory``.
    """
    X, y = _check_data(X, y)
    tol, lr = _validate(n_iter, tol, lr, X)
    _, prox, objective_of = _array_ops(penalty, X, y)
    n = len(y)
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    v, t = w.copy(), 1.0
    objective = [objective_of(w)]
    traj = [w.copy()] if record else None
    converged = False
    k = 0
    while k < n_iter:
        k += 1
        grad = X.T @ (X @ v - y) / n
        w_new = prox(v - lr * grad, lr)
        obj = objective_of(w_new)
        if accelerated:
            if obj > objective[-1]:  # adaptive restart keeps the descent monotone
                t, v = 1.0, w.copy()
                grad = X.T @ (X @ v - y) / n
                w_new = prox(v - lr * grad, lr)
                obj = objective_of(w_new)
            t_new = 0.5 * (1 + np.sqrt(1 + 4 * t * t))
            v = w_new + (t - 1) / t_new * (w_new - w)
            t = t_new
        else:
            v = w_new
        change = np.max(np.abs(w_new - w)) if w.size else 0.0
        w = w_new
        objective.append(obj)
        if record:
            traj.append(w.copy())
        if change <= tol:
            converged = True
            break
    return SolverResult(w, np.array(objective), k, converged, np.array(traj) if record else None)


def subgradient_descent(
    X, y, penalty: Penalty, *, lr: float | None = None, n_iter: int = 1000, w0=None,
    record: bool = False,
) -> SolverResult:
    r"""Plain (sub)gradient descent: :math:`w \leftarrow w - \eta(\nabla g(w) + \mathrm{pen}'(w))`.

    With L1 the penalty's slope is :math:`\lambda\operatorname{sign}(w)`, so a coordinate that
    should be 0 jumps across it by about :math:`\eta\lambda` at every step and is never exactly 0.
    """
    X, y = _check_data(X, y)
    _, lr = _validate(n_iter, 0.0, lr, X)
    grad, _, objective_of = _array_ops(penalty, X, y)
    n = len(y)
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    objective = [objective_of(w)]
    traj = [w.copy()] if record else None
    for _ in range(n_iter):
        w = w - lr * (X.T @ (X @ w - y) / n + grad(w))
        objective.append(objective_of(w))
        if record:
            traj.append(w.copy())
    return SolverResult(w, np.array(objective), n_iter, False, np.array(traj) if record else None)


def regularization_path(
    X,
    y,
    make_penalty: Callable[[float], Penalty],
    lams: Sequence[float],
    **ista_kwargs,
) -> np.ndarray:
    r"""Solutions :math:`w^\star(\lambda)` for each ``lam``, by :func:`ista` with warm starts.

    Parameters
    ----------
    make_penalty : callable
        ``lam -> Penalty``, e.g. ``lambda lam: L1(lam)`` or
        ``lambda lam: ElasticNet.from_sklearn(lam, 0.5)``.
    lams : sequence of float
        The :math:`\lambda` grid; solved from the largest down (sparse solutions first).

    Returns
    -------
    numpy.ndarray
        Shape ``(len(lams), d)``, rows in the order of ``lams``.
    """
    X, y = _check_data(X, y)
    lams = np.asarray(lams, dtype=float)
    out = np.zeros((lams.size, X.shape[1]))
    w = None
    for i in np.argsort(-lams):
        res = ista(X, y, make_penalty(float(lams[i])), w0=w, **ista_kwargs)
        out[i] = w = res.w
    return out


# --------------------------------------------------------------------------------------------
# Linear models with an intercept (notebook 00)


@dataclass(frozen=True)
class LinearFit:
    r"""A fitted linear model :math:`\hat y = Xw + b`."""

    w: np.ndarray
    b: float

    def predict(self, X) -> np.ndarray:
        """:math:`Xw + b`."""
        return np.asarray(X, dtype=float) @ self.w + self.b


def ridge(X, y, lam: float) -> np.ndarray:
    r"""Ridge without intercept in closed form:
    :math:`w = (X^\top X + 2n\lambda I)^{-1} X^\top y`, the minimiser of
    :math:`\frac{1}{2n}\|y - Xw\|^2 + \lambda\|w\|^2`.

    (Setting the gradient :math:`\frac1n X^\top(Xw - y) + 2\lambda w` to 0.) For ``lam = 0``
    the minimum-norm least-squares solution.
    """  # noqa: D205
    X, y = _check_data(X, y)
    lam = check_param("lam", lam)
    if lam == 0:
        return np.linalg.lstsq(X, y, rcond=None)[0]
    n, d = X.shape
    return np.linalg.solve(X.T @ X + 2 * n * lam * np.eye(d), X.T @ y)


def fit_linear(
    X, y, *, penalty: str = "L2", lam: float = 0.0, mix: float = 0.5, w0=None,
    tol: float = 1e-7, n_iter: int = 20_000,
) -> LinearFit:
    r"""Fit :math:`\frac{1}{2n}\|y - Xw - b\|^2 + \lambda\sum_j \mathrm{pen}(w_j)`.

    The intercept is not penalized: ``X`` and ``y`` are centred, :math:`w` fitted on the centred
    data, :math:`b = \bar y - \bar x^\top w`. L2 is solved in closed form (:func:`ridge`); L1
    and the elastic net by the proximal solver :func:`ista`
    (accelerated, warm-started from ``w0``). At ``lam = 0`` every penalty is plain least
    squares (minimum norm when it is not unique).

    Parameters
    ----------
    penalty : {"L2", "L1", "elastic net"}
    lam : float
        :math:`\lambda \ge 0`.
    mix : float
        The elastic net's L1 share :math:`a`.
    w0 : array_like, optional
        Starting weights for the iterative solver.
    tol, n_iter : float, int
        Stopping rule of :func:`ista`: stop when no weight moves by more than
        ``tol`` times the standard deviation of ``y`` (so the rule does not depend on the units
        of ``y``), or after ``n_iter`` steps.
    """
    X, y = _check_data(X, y)
    choice("penalty", penalty, LINEAR_PENALTIES)
    lam = check_param("lam", lam)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    if lam == 0 or penalty == "L2":
        w = ridge(Xc, yc, lam)
    else:
        scale = max(float(yc.std()), np.finfo(float).tiny)
        w = ista(Xc, yc, from_name(penalty, lam, mix=mix), w0=w0, tol=tol * scale,
                 n_iter=n_iter).w
    return LinearFit(w, float(y_mean - x_mean @ w))
