r"""Optimizer trajectories in 1D: gradient steps on a penalty vs proximal steps.

Every trajectory minimises :math:`l(w) + \mathrm{pen}(w)` with the quadratic data term

.. math:: l(w) = \tfrac{k}{2} (w - c)^2, \qquad l'(w) = k (w - c)

(``curvature`` :math:`k`, ``target`` :math:`c`; ``k = 0`` leaves the penalty alone). Two update
rules, with learning rate :math:`\eta` (``lr``):

- gradient descent, the Q&A's rule: :math:`w_{t+1} = w_t - \eta\,(l'(w_t) + \mathrm{pen}'(w_t))`;
- the proximal step:
  :math:`w_{t+1} = \operatorname{prox}_{\eta\,\mathrm{pen}}(w_t - \eta\,l'(w_t))`.

With :math:`\lambda\sqrt{|w|}` and :math:`l = 0` gradient descent is the map
:math:`w \mapsto w - \eta\lambda\operatorname{sign}(w) / (2\sqrt{|w|})`. Its symmetric 2-cycle
:math:`a \to -a \to a` needs :math:`2a = \eta\lambda / (2\sqrt a)`, so

.. math:: a = \left(\frac{\eta\lambda}{4}\right)^{2/3},

and the map's slope there is :math:`1 + \eta\lambda / (4 a^{3/2}) = 2`: the two-step multiplier
is 4, the cycle is unstable, and the orbit wanders chaotically on the scale :math:`a` (in units of
:math:`a` the map is :math:`u \mapsto u - 2\operatorname{sign}(u)/\sqrt{|u|}` whatever
:math:`\eta\lambda`).

Nothing here imports torch or widgets.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._arrays import check_param
from .penalties import L1, Lp, Penalty, array_kernels

__all__ = [
    "gd_trajectory",
    "prox_trajectory",
    "lecture_prox_step",
    "sqrt_step",
    "sqrt_cycle_amplitude",
    "sqrt_cycle_multiplier",
    "l2_steps_to_shrink",
    "plateau_simulation",
    "plateau_width",
    "sqrt_penalty_level",
    "sparse_regression",
]


def _check_steps(n_steps: Any) -> int:
    if not isinstance(n_steps, int | np.integer) or n_steps < 0:
        raise ValueError(f"n_steps must be an integer >= 0, got {n_steps!r}")
    return int(n_steps)


def _trajectory(step, w0, n_steps: int) -> np.ndarray:
    w = np.array(w0, dtype=float)
    out = np.empty((n_steps + 1, *w.shape))
    out[0] = w
    for t in range(n_steps):
        w = step(w)
        out[t + 1] = w
    return out


def gd_trajectory(
    penalty: Penalty,
    w0: Any,
    *,
    lr: float,
    n_steps: int,
    curvature: float = 0.0,
    target: float = 0.0,
) -> np.ndarray:
    r"""Gradient descent :math:`w_{t+1} = w_t - \eta\,(k(w_t - c) + \mathrm{pen}'(w_t))`.

    ``pen'`` is :meth:`Penalty.grad` (0 at exactly 0, the least-magnitude subgradient).

    Parameters
    ----------
    penalty : Penalty
        E.g. ``L2(lam)``, ``L1(lam)``, ``Lp(0.5, lam)``.
    w0 : float or array_like
        Starting weight(s); arrays run elementwise, independently.
    lr : float
        Learning rate :math:`\eta > 0`.
    n_steps : int
        Number of steps.
    curvature, target : float, optional
        :math:`k \ge 0` and :math:`c` of the data term :math:`\tfrac{k}{2}(w - c)^2`.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_steps + 1, *shape(w0))``: :math:`w_0, \dots, w_{n}`.
    """
    lr = check_param("lr", lr, positive=True)
    k = check_param("curvature", curvature)
    n_steps = _check_steps(n_steps)
    _, grad, _ = array_kernels(penalty)  # checked once, not at each of n_steps
    return _trajectory(lambda w: w - lr * (k * (w - target) + grad(w)), w0, n_steps)


def prox_trajectory(
    penalty: Penalty,
    w0: Any,
    *,
    lr: float,
    n_steps: int,
    curvature: float = 0.0,
    target: float = 0.0,
) -> np.ndarray:
    r"""Proximal gradient steps on the same problem as :func:`gd_trajectory`.

    :math:`w_{t+1} = \operatorname{prox}_{\eta\,\mathrm{pen}}(w_t - \eta k (w_t - c))`.

    Same parameters and return value as :func:`gd_trajectory`.
    """
    lr = check_param("lr", lr, positive=True)
    k = check_param("curvature", curvature)
    n_steps = _check_steps(n_steps)
    _, _, prox = array_kernels(penalty)
    return _trajectory(lambda w: prox(w - lr * k * (w - target), lr), w0, n_steps)


def lecture_prox_step(w_prime: Any, t: float) -> np.ndarray:
    r"""The lecture notes' L1 step :math:`w' - \min(t, |w'|) \odot \operatorname{sign}(w')`.

    It is the soft threshold at :math:`t` (with :math:`t = \eta\lambda`), written so that a
    weight is moved by at most its own size and never crosses 0.
    """
    t = check_param("t", t)
    w = np.asarray(w_prime, dtype=float)
    return w - np.minimum(t, np.abs(w)) * np.sign(w)


def sqrt_step(w: Any, *, lr: float, lam: float) -> np.ndarray:
    r"""One gradient step on :math:`\lambda\sqrt{|w|}` alone.

    :math:`w \mapsto w - \eta\lambda\operatorname{sign}(w)/(2\sqrt{|w|})`, and 0 stays at 0.
    """
    lr = check_param("lr", lr, positive=True)
    return np.asarray(w, dtype=float) - lr * Lp(0.5, lam).grad(np.asarray(w, dtype=float))


def sqrt_cycle_amplitude(lr: float, lam: float) -> float:
    r"""Amplitude of the square root's 2-cycle :math:`a = (\eta\lambda/4)^{2/3}`.

    From :math:`a - \eta\lambda/(2\sqrt a) = -a`, i.e. :math:`a^{3/2} = \eta\lambda/4`.
    """
    lr = check_param("lr", lr, positive=True)
    lam = check_param("lam", lam)
    return (lr * lam / 4.0) ** (2.0 / 3.0)


def sqrt_cycle_multiplier(lr: float, lam: float) -> float:
    r"""Slope of the two-step map at the 2-cycle: :math:`(1 + \eta\lambda/(4a^{3/2}))^2 = 4`.

    The one-step map :math:`g(w) = w - \eta\lambda/(2\sqrt w)` (for :math:`w > 0`) has
    :math:`g'(w) = 1 + \eta\lambda/(4 w^{3/2})`; at :math:`w = a` that is 2, and by symmetry also
    at :math:`-a`. A multiplier above 1 means the cycle repels: nearby orbits leave it.
    """
    a = sqrt_cycle_amplitude(lr, lam)
    if a == 0:
        raise ValueError("lr*lam must be > 0 for the cycle to exist")
    return (1.0 + lr * lam / (4.0 * a**1.5)) ** 2


def l2_steps_to_shrink(lr: float, lam: float, factor: float) -> int:
    r"""Steps of :math:`w \leftarrow (1 - 2\eta\lambda) w` until :math:`|w|` shrinks by ``factor``.

    The smallest :math:`t` with :math:`|1 - 2\eta\lambda|^t \le` ``factor``:
    :math:`\lceil \log(\text{factor}) / \log|1 - 2\eta\lambda| \rceil` (Zeno: finite for every
    factor > 0, never reaching 0 itself).
    """
    lr = check_param("lr", lr, positive=True)
    lam = check_param("lam", lam, positive=True)
    factor = check_param("factor", factor, positive=True)
    if factor >= 1:
        raise ValueError(f"factor must be in (0, 1), got {factor!r}")
    q = abs(1.0 - 2.0 * lr * lam)
    if q >= 1 or q == 0:
        raise ValueError(f"need 0 < lr*lam < 1 and lr*lam != 0.5, got lr*lam = {lr * lam!r}")
    t = math.ceil(math.log(factor) / math.log(q))
    while q ** (t - 1) <= factor:  # guard the rounding of the logarithms
        t -= 1
    while q**t > factor:
        t += 1
    return t


def plateau_simulation(
    lr: float,
    lam: float,
    *,
    n_weights: int = 4000,
    n_steps: int | None = None,
    data_scale: float = 0.05,
    init: float = 0.5,
    seed: int = 0,
) -> np.ndarray:
    r"""Many weights under the subgradient L1 update with a weak data gradient; their final values.

    Weight :math:`i` starts uniform in ``[-init, init]`` and follows
    :math:`w \leftarrow w - \eta\,(k (w - m_i) + \lambda\operatorname{sign}(w))` with
    :math:`k = ` ``data_scale`` :math:`\cdot\lambda` and :math:`m_i \sim N(0, 1)`: the data pull
    near 0, :math:`k|m_i|`, is a few percent of :math:`\lambda`. Each weight walks to 0 in steps
    of about :math:`\eta\lambda` and then hops across it, so the population fills the plateau
    :math:`[-\eta\lambda, \eta\lambda]`, width :math:`2\eta\lambda` (the primer's formula).

    Parameters
    ----------
    n_steps : int, optional
        Default: enough to cross ``init`` at speed :math:`\eta\lambda(1 - 4\,` ``data_scale``
        :math:`)`, plus 50.

    Returns
    -------
    numpy.ndarray
        The ``n_weights`` final weights.
    """
    lr = check_param("lr", lr, positive=True)
    lam = check_param("lam", lam, positive=True)
    data_scale = check_param("data_scale", data_scale)
    init = check_param("init", init)
    if data_scale >= 0.2:
        raise ValueError(f"data_scale must be in [0, 0.2) (a weak data gradient), got {data_scale}")
    if n_steps is None:
        n_steps = math.ceil(init / (lr * lam * (1 - 4 * data_scale))) + 50
    n_steps = _check_steps(n_steps)
    rng = np.random.default_rng(seed)
    w = rng.uniform(-init, init, n_weights)
    m = rng.standard_normal(n_weights)
    k = data_scale * lam
    pen = L1(lam)
    for _ in range(n_steps):
        w = w - lr * (k * (w - m) + pen.grad(w))
    return w


def plateau_width(w: Any) -> float:
    r"""Width of the uniform law with the spread of ``w``: :math:`2\sqrt3\,\mathrm{std}(w)`.

    For weights uniform on :math:`[-h, h]` it is :math:`2h`; unlike ``max - min`` it does not
    hang on a single weight.
    """
    return float(2.0 * math.sqrt(3.0) * np.std(np.asarray(w, dtype=float)))


def sqrt_penalty_level(
    lams: Any,
    *,
    lr: float = 0.01,
    n_weights: int = 2000,
    n_steps: int = 3000,
    average_last: int = 1000,
    curvature: float = 1.0,
    data_spread: float = 0.1,
    seed: int = 0,
) -> np.ndarray:
    r"""Simulated :math:`\sum_i \sqrt{|w_i|}` at the end of gradient descent on the square root.

    ``n_weights`` independent weights, each with data term :math:`\tfrac{k}{2}(w - m_i)^2`,
    :math:`m_i \sim N(0, \text{data\_spread}^2)`, start from :math:`N(0, 0.1^2)` and follow
    :func:`gd_trajectory` with ``Lp(0.5, lam)``. Returns, for each ``lam``, the sum of
    :math:`\sqrt{|w_i|}` averaged over the last ``average_last`` steps (the penalty divided by
    :math:`\lambda`). When the penalty dominates, the 2-cycle predicts about
    :math:`C N \sqrt a \propto (\eta\lambda)^{1/3}` with a constant :math:`C` of order 1.
    """
    lr = check_param("lr", lr, positive=True)
    k = check_param("curvature", curvature)
    if not 0 < average_last <= n_steps:
        raise ValueError(f"average_last must be in [1, n_steps], got {average_last!r}")
    lams = np.atleast_1d(np.asarray(lams, dtype=float))
    out = np.empty(lams.size)
    for j, lam in enumerate(lams):
        rng = np.random.default_rng(seed)
        m = rng.normal(0.0, data_spread, n_weights)
        w = rng.normal(0.0, 0.1, n_weights)
        pen = Lp(0.5, float(lam))
        acc = 0.0
        for t in range(n_steps):
            w = w - lr * (k * (w - m) + pen.grad(w))
            if t >= n_steps - average_last:
                acc += np.sqrt(np.abs(w)).sum()
        out[j] = acc / average_last
    return out


def sparse_regression(
    n: int = 100,
    d: int = 40,
    *,
    n_nonzero: int = 5,
    noise: float = 0.1,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""A seeded sparse regression problem :math:`y = X w^\star + \varepsilon`.

    ``X`` has standard normal entries; :math:`w^\star` has ``n_nonzero`` entries (the first
    ones) equal to :math:`\pm(1 + U[0, 1])` and zeros elsewhere; :math:`\varepsilon \sim
    N(0, \text{noise}^2)`.

    Returns
    -------
    X, y, w_true : numpy.ndarray
        Shapes ``(n, d)``, ``(n,)``, ``(d,)``.
    """
    if not 0 <= n_nonzero <= d:
        raise ValueError(f"n_nonzero must be in [0, d={d}], got {n_nonzero!r}")
    noise = check_param("noise", noise)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    w_true = np.zeros(d)
    w_true[:n_nonzero] = rng.choice([-1.0, 1.0], n_nonzero) * (1 + rng.uniform(size=n_nonzero))
    y = X @ w_true + noise * rng.standard_normal(n)
    return X, y, w_true
