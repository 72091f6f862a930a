r"""Weight decay on scale-invariant weights (a layer followed by BatchNorm), NumPy only.

When the loss does not change under :math:`W \to cW`, its gradient is orthogonal to :math:`W`
and shrinks like :math:`1/\|W\|`. Weight decay then no longer limits what the layer computes;
it sets how fast the direction of :math:`W` turns. For SGD with learning rate :math:`\eta`,
momentum :math:`\mu` and torch-style weight decay :math:`\lambda` (``grad + weight_decay * w``;
regviz's ``lam`` is half of it), the angle per step settles at (Wan et al. 2021)

.. math:: \Delta\theta_\infty = \sqrt{\frac{2\eta\lambda}{1 + \mu}} .

This module gives the prediction, the idealised dynamics it comes from (gradients of random
direction orthogonal to :math:`W`, of size :math:`C/\|W\|`), simulated step by step so a
slider can move :math:`\eta` and :math:`\lambda`, and AdamW's decay under a learning-rate
schedule (torch's AdamW multiplies ``weight_decay`` by the current learning rate).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._arrays import check_param

__all__ = ["SphereRun", "adamw_decay", "cosine_schedule", "predicted_angular_update",
           "relaxation_steps", "simulate_sphere"]


def predicted_angular_update(lr: float, weight_decay: float, momentum: float = 0.0) -> float:
    r"""Equilibrium angle per step :math:`\sqrt{2\,lr\,wd / (1 + \mu)}`, in radians.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta \ge 0`.
    weight_decay : float
        Torch-style weight decay :math:`\lambda \ge 0` (regviz's ``lam`` times 2).
    momentum : float
        :math:`\mu \in [0, 1)`.
    """
    lr = check_param("lr", lr)
    weight_decay = check_param("weight_decay", weight_decay)
    momentum = _check_momentum(momentum)
    return math.sqrt(2.0 * lr * weight_decay / (1.0 + momentum))


def relaxation_steps(lr: float, weight_decay: float, momentum: float = 0.0) -> float:
    r"""The time scale :math:`(1 - \mu) / (2\,lr\,wd)` in steps of the norm's approach.

    Weight decay shrinks :math:`\|W\|^2` by about :math:`2\,lr\,wd/(1-\mu)` per step; an
    equilibrium needs a few of these time scales. ``inf`` without decay.
    """
    lr = check_param("lr", lr)
    weight_decay = check_param("weight_decay", weight_decay)
    momentum = _check_momentum(momentum)
    if lr * weight_decay == 0:
        return math.inf
    return (1.0 - momentum) / (2.0 * lr * weight_decay)


def _check_momentum(momentum: float) -> float:
    m = check_param("momentum", momentum)
    if m >= 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
    return m


@dataclass(frozen=True)
class SphereRun:
    r"""What :func:`simulate_sphere` returns, one entry per step.

    Attributes
    ----------
    norm : ndarray
        :math:`\|W_t\|` after each step.
    angle : ndarray
        Angle between :math:`W_{t-1}` and :math:`W_t`, radians.
    predicted : float
        :func:`predicted_angular_update` of the run's settings.
    """

    norm: np.ndarray
    angle: np.ndarray
    predicted: float

    def rms_angle(self, last: int) -> float:
        """Root mean square of the last ``last`` angles (what the equilibrium predicts)."""
        return float(np.sqrt(np.mean(self.angle[-last:] ** 2)))


def simulate_sphere(lr: float, weight_decay: float, momentum: float = 0.0, *,
                    steps: int = 2000, dim: int = 200, grad_scale: float = 1.0,
                    norm0: float = 1.0, seed: int = 0) -> SphereRun:
    r"""SGD with momentum and weight decay on a scale-invariant loss, idealised.

    Each step's gradient has a random direction orthogonal to :math:`W` and the size
    :math:`C / \|W\|` (``grad_scale`` is :math:`C`), as for a layer followed by BatchNorm whose
    gradient is pure noise; torch's SGD update follows:
    :math:`v \leftarrow \mu v + g + \lambda W`, :math:`W \leftarrow W - \eta v`.

    Parameters
    ----------
    lr, weight_decay, momentum : float
        :math:`\eta`, torch's :math:`\lambda`, :math:`\mu \in [0, 1)`.
    steps, dim : int
        Number of steps, dimension of :math:`W` (>= 2).
    grad_scale, norm0 : float
        :math:`C > 0` and the starting norm :math:`\|W_0\| > 0`.
    seed : int
        Seed of the random directions.

    Returns
    -------
    SphereRun
    """
    lr = check_param("lr", lr)
    weight_decay = check_param("weight_decay", weight_decay)
    momentum = _check_momentum(momentum)
    grad_scale = check_param("grad_scale", grad_scale, positive=True)
    norm0 = check_param("norm0", norm0, positive=True)
    if not isinstance(steps, int | np.integer) or steps < 1:
        raise ValueError(f"steps must be an integer >= 1, got {steps!r}")
    if not isinstance(dim, int | np.integer) or dim < 2:
        raise ValueError(f"dim must be an integer >= 2, got {dim!r}")
    rng = np.random.default_rng(seed)
    w = rng.normal(size=dim)
    w *= norm0 / np.linalg.norm(w)
    v = np.zeros(dim)
    noise = rng.normal(size=(steps, dim))
    norms, angles = np.empty(steps), np.empty(steps)
    for t in range(steps):
        nw = np.linalg.norm(w)
        g = noise[t] - (noise[t] @ w) / nw**2 * w  # orthogonal to w
        g *= grad_scale / (nw * np.linalg.norm(g))
        v = momentum * v + g + weight_decay * w
        new = w - lr * v
        nn = np.linalg.norm(new)
        angles[t] = math.acos(min(1.0, max(-1.0, float(new @ w) / (nn * nw))))
        norms[t] = nn
        w = new
    return SphereRun(norms, angles, predicted_angular_update(lr, weight_decay, momentum))


def cosine_schedule(lr: float, steps: int) -> np.ndarray:
    r"""Torch's ``CosineAnnealingLR(T_max=steps)``: :math:`\eta_t = \eta(1 + \cos(\pi t/T))/2`.

    Returns the learning rate used at steps ``0 .. steps - 1``.
    """
    lr = check_param("lr", lr)
    if not isinstance(steps, int | np.integer) or steps < 1:
        raise ValueError(f"steps must be an integer >= 1, got {steps!r}")
    t = np.arange(steps)
    return lr * (1.0 + np.cos(np.pi * t / steps)) / 2.0


def adamw_decay(lrs, weight_decay: float) -> np.ndarray:
    r"""What AdamW's decoupled decay alone leaves of a weight.

    That is :math:`\prod_{s \le t}(1 - \eta_s\lambda)` after step :math:`t`.

    Torch's ``AdamW`` multiplies the weight by :math:`1 - \eta_t\lambda` at every step before
    the Adam step, so the decay follows the learning rate and its schedule: a tenfold smaller
    learning rate is a tenfold weaker decay unless ``weight_decay`` is raised with it.

    Parameters
    ----------
    lrs : array_like
        The learning rate of each step (e.g. :func:`cosine_schedule`).
    weight_decay : float
        Torch's ``weight_decay`` :math:`\lambda \ge 0`.

    Returns
    -------
    ndarray
        The factor after each step (same length as ``lrs``).
    """
    weight_decay = check_param("weight_decay", weight_decay)
    lrs = np.asarray(lrs, dtype=float)
    if lrs.ndim != 1 or np.any(~np.isfinite(lrs)) or np.any(lrs < 0):
        raise ValueError("lrs must be a 1-D array of finite learning rates >= 0")
    return np.cumprod(1.0 - lrs * weight_decay)
