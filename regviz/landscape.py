r"""1D objectives :math:`f(x) + \lambda |x|^p` and their global minimisers on a window.

The running example is the loss of the lecture notes,

.. math:: f(x) = (x - 1)^2 + \tfrac16 (x - 1)^3,

a cubic with a local minimum at :math:`x = 1` and a local maximum at :math:`x = -3`; it is
unbounded below as :math:`x \to -\infty`, so every minimiser here is taken on a window, by default
:math:`x \in [-2, 3]` (:data:`WINDOW`). Since :math:`f'(0) = -3/2`, the L1 minimiser sits at
exactly 0 once :math:`\lambda \ge |f'(0)| = 1.5`, while the L2 minimiser only approaches 0.

The minimiser is found without calculus tricks that could hide a second basin: the objective is
evaluated on a grid that contains 0, the best grid point on each side of 0 is refined by a
bracketed Newton iteration on the derivative (to machine precision), and the global minimiser
is the best of these candidates, 0 itself and the window's ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._arrays import check_param
from .penalties import Lp

__all__ = [
    "WINDOW",
    "Loss1D",
    "LECTURE_LOSS",
    "lecture_loss",
    "total_objective",
    "minimizer",
    "minimizer_path",
    "jump_lambda",
]

#: The plotting and minimisation window of notebook 01.
WINDOW: tuple[float, float] = (-2.0, 3.0)


@dataclass(frozen=True)
class Loss1D:
    """A smooth 1D loss with its first and second derivatives (vectorised callables)."""

    f: Callable[[np.ndarray], np.ndarray]
    df: Callable[[np.ndarray], np.ndarray]
    d2f: Callable[[np.ndarray], np.ndarray]
    latex: str = "f(x)"


def lecture_loss(x: np.ndarray) -> np.ndarray:
    r"""The lecture's loss :math:`f(x) = (x-1)^2 + (x-1)^3/6`."""
    u = np.asarray(x, dtype=float) - 1.0
    return u * u + u**3 / 6.0


#: :math:`f`, :math:`f'(x) = 2(x-1) + (x-1)^2/2` and :math:`f''(x) = x + 1`.
LECTURE_LOSS = Loss1D(
    f=lecture_loss,
    df=lambda x: 2.0 * (np.asarray(x, float) - 1.0) + 0.5 * (np.asarray(x, float) - 1.0) ** 2,
    d2f=lambda x: np.asarray(x, float) + 1.0,
    latex=r"(x-1)^2 + \frac{1}{6}(x-1)^3",
)


def _check(lam_or_lams, p: float, window: tuple[float, float]) -> tuple[np.ndarray, float]:
    p = check_param("p", p, positive=True)
    lams = np.atleast_1d(np.asarray(lam_or_lams, dtype=float))
    if lams.size == 0 or not np.all(np.isfinite(lams)) or np.any(lams < 0):
        raise ValueError(f"lam must be finite numbers >= 0, got {lam_or_lams!r}")
    lo, hi = window
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < 0 < hi):
        raise ValueError(f"window must be (lo, hi) with lo < 0 < hi, got {window!r}")
    return lams, p


def total_objective(
    x: np.ndarray, lam: float, p: float, *, loss: Loss1D = LECTURE_LOSS
) -> np.ndarray:
    r"""The penalised objective :math:`f(x) + \lambda |x|^p`."""
    lam = check_param("lam", lam)
    return loss.f(x) + Lp(p, lam).value(np.asarray(x, dtype=float))


def _grid(window: tuple[float, float], n: int) -> np.ndarray:
    """A grid on the window that contains 0 exactly."""
    lo, hi = window
    n_neg = max(int(n * -lo / (hi - lo)), 2)
    return np.concatenate([np.linspace(lo, 0.0, n_neg), np.linspace(0.0, hi, n - n_neg + 1)[1:]])


def minimizer_path(
    lams: np.ndarray,
    p: float,
    *,
    loss: Loss1D = LECTURE_LOSS,
    window: tuple[float, float] = WINDOW,
    n_grid: int = 1001,
) -> np.ndarray:
    r"""Global minimiser of :math:`f(x) + \lambda|x|^p` on ``window`` for each ``lam``.

    Parameters
    ----------
    lams : array_like
        Values of :math:`\lambda \ge 0`.
    p : float
        The exponent, ``> 0``.
    loss : Loss1D, optional
        The loss; default the lecture's cubic.
    window : (float, float), optional
        The interval, which must contain 0 inside.
    n_grid : int, optional
        Grid size for the global search; each candidate is then refined to machine precision.

    Returns
    -------
    numpy.ndarray
        One minimiser per ``lam``; exactly 0.0 where the minimum is at the kink.
    """
    lams, p = _check(lams, p, window)
    x = _grid(window, n_grid)
    pen = np.abs(x) ** p
    obj = loss.f(x)[None, :] + lams[:, None] * pen[None, :]
    izero = int(np.flatnonzero(x == 0.0)[0])
    cands = [np.zeros_like(lams), np.full_like(lams, window[0]), np.full_like(lams, window[1])]
    for side in (slice(0, izero), slice(izero + 1, x.size)):
        idx = np.argmin(obj[:, side], axis=1) + side.start
        left = x[np.maximum(idx - 1, 0)]
        right = x[np.minimum(idx + 1, x.size - 1)]
        cands.append(_refine(x[idx], left, right, lams, p, loss))
    cands = np.stack(cands)  # (n_candidates, n_lams)
    values = loss.f(cands) + lams[None, :] * np.abs(cands) ** p
    best = np.argmin(values, axis=0)  # ties go to the first candidate: 0
    return cands[best, np.arange(lams.size)]


def _refine(x0, left, right, lams, p, loss: Loss1D, iters: int = 60) -> np.ndarray:
    """Bracketed Newton on the derivative inside ``[left, right]`` (never crossing 0)."""
    sign = np.sign(x0)
    # keep the bracket on x0's side of 0: an end at 0 moves to a tiny step off it
    tiny = 1e-300
    left = np.where(left == 0.0, tiny * sign, left)
    right = np.where(right == 0.0, tiny * sign, right)

    def d1(x):
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            return loss.df(x) + lams * p * np.sign(x) * np.abs(x) ** (p - 1)

    def d2(x):
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            return loss.d2f(x) + lams * p * (p - 1) * np.abs(x) ** (p - 2)

    lo, hi = np.minimum(left, right), np.maximum(left, right)
    g_lo, g_hi = d1(lo), d1(hi)
    has_root = (g_lo < 0) & (g_hi > 0)  # a local minimum of the objective inside the bracket
    x = x0.astype(float).copy()
    if not has_root.any():
        return x
    for _ in range(iters):
        g = d1(x)
        pos = g > 0
        hi = np.where(has_root & pos, x, hi)
        lo = np.where(has_root & ~pos, x, lo)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = x - g / d2(x)
        ok = np.isfinite(newton) & (newton > lo) & (newton < hi)
        x_new = np.where(has_root, np.where(ok, newton, 0.5 * (lo + hi)), x)
        if np.all(np.abs(x_new - x) <= 4e-16 * np.maximum(np.abs(x), 1e-300)):
            x = x_new
            break
        x = x_new
    return x


def minimizer(
    lam: float, p: float, *, loss: Loss1D = LECTURE_LOSS, window: tuple[float, float] = WINDOW
) -> float:
    r"""Global minimiser of :math:`f(x) + \lambda |x|^p` on ``window``.

    See :func:`minimizer_path`, which this calls with one ``lam``.
    """
    lam = check_param("lam", lam)
    return float(minimizer_path(np.array([lam]), p, loss=loss, window=window)[0])


def jump_lambda(
    p: float,
    *,
    loss: Loss1D = LECTURE_LOSS,
    window: tuple[float, float] = WINDOW,
    lam_max: float = 100.0,
) -> float:
    r"""The smallest :math:`\lambda` at which the minimiser is exactly 0 (by bisection).

    For ``p = 1`` this is :math:`|f'(0)|`; for ``p < 1`` it is where the minimiser jumps from a
    nonzero value to 0; for ``p > 1`` the minimiser never reaches 0 and this returns ``inf``.
    """
    p = check_param("p", p, positive=True)
    if p > 1 or minimizer(lam_max, p, loss=loss, window=window) != 0.0:
        return float("inf")
    lo, hi = 0.0, lam_max
    if minimizer(lo, p, loss=loss, window=window) == 0.0:
        return 0.0
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if minimizer(mid, p, loss=loss, window=window) == 0.0:
            hi = mid
        else:
            lo = mid
    return hi
