r"""Weight penalties: value, (sub)gradient and exact proximal operator.

Every penalty acts elementwise on a NumPy array, a Python number or a torch tensor and returns
the same kind it was given. ``lam`` multiplies the elementwise penalty; summing over the weights
(:meth:`Penalty.total`) gives the term added to a loss.

=================  ==============================  =========================================
penalty            ``value(w)``                    ``prox(z, step)`` with :math:`t = step \cdot lam`
=================  ==============================  =========================================
``L2(lam)``        :math:`\lambda w^2`             shrinkage :math:`z / (1 + 2t)`
``L1(lam)``        :math:`\lambda |w|`             soft threshold :math:`(|z| - t)_+` signed
``Lp(p, lam)``     :math:`\lambda |w|^p`           closed form for p in {1/2, 1, 2}, else a 1D solve
``L0(lam)``        :math:`\lambda [w \neq 0]`      hard threshold at :math:`\sqrt{2t}`
``ElasticNet``     :math:`l_1|w| + l_2 w^2`        :math:`\mathrm{soft}(z, s\,l_1) / (1 + 2 s\,l_2)`
``GroupLasso``     :math:`\lambda\|w_g\|_2`        row :math:`z_g (1 - t/\|z_g\|_2)_+`
=================  ==============================  =========================================

``GroupLasso`` is the one penalty that is not elementwise: its groups are the rows of a weight
matrix (``elementwise`` is False on it, True on the others).

The proximal operator is the exact global minimiser

.. math:: \operatorname{prox}(z) = \arg\min_x \tfrac12 (x - z)^2 + step \cdot value(x).

Nothing here imports torch: tensors are recognised when the caller already imported it.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, fields
from typing import Any, ClassVar

import numpy as np

from ._arrays import as_array, check_param, is_tensor, like

__all__ = ["Penalty", "L2", "L1", "Lp", "L0", "ElasticNet", "soft_threshold"]


def _xp(w: Any):
    """Return the array namespace of ``w``: ``torch`` for tensors, else ``numpy``."""
    return sys.modules["torch"] if is_tensor(w) else np


def soft_threshold(z: Any, t: float) -> Any:
    r"""Soft-threshold ``z`` at ``t``: :math:`\operatorname{sign}(z) \max(|z| - t, 0)`.

    This is the proximal operator of :math:`t|x|`, and the lecture notes' update
    :math:`z - \min(t, |z|) \operatorname{sign}(z)`.
    """
    t = check_param("t", t)
    if is_tensor(z):
        return z.sign() * (z.abs() - t).clamp(min=0)
    a = as_array(z)
    return like(np.sign(a) * np.maximum(np.abs(a) - t, 0.0), z)


@dataclass(frozen=True)
class Penalty:
    """Base class: subclasses define ``_value``, ``_grad`` and ``_prox`` on arrays."""

    def __str__(self) -> str:
        """The penalty for a reader, its parameters to 3 significant digits.

        ``L1(lam=0.0316)``; ``repr`` keeps every digit (``L1(lam=0.03162277660168379)``, a log
        slider's value).
        """
        params = ", ".join(f"{f.name}={getattr(self, f.name):.3g}" for f in fields(self))
        return f"{type(self).__name__}({params})"

    def value(self, w: Any) -> Any:
        """Elementwise penalty value (see the class docstring for the formula)."""
        if is_tensor(w):
            return self._torch_value(w)
        return like(self._value(as_array(w), np), w)

    def grad(self, w: Any) -> Any:
        """Elementwise derivative; at ``w = 0`` the subgradient of least magnitude, 0.

        For ``p < 1`` the slope is unbounded near 0 and is returned as it is (it may overflow to
        ``inf`` for subnormal weights), never as NaN.
        """
        if is_tensor(w):
            return self._grad(w, _xp(w))
        return like(self._grad(as_array(w), np), w)

    def prox(self, z: Any, step: float = 1.0) -> Any:
        r"""Exact proximal operator :math:`\arg\min_x \tfrac12 (x - z)^2 + step\cdot value(x)`.

        Parameters
        ----------
        z : array_like or torch.Tensor
            The points to map, elementwise.
        step : float, optional
            The step size (``lr`` in a proximal gradient step), ``>= 0``. Default 1.

        Returns
        -------
        array_like or torch.Tensor
            Same kind, shape (and dtype, device for tensors) as ``z``.
        """
        step = check_param("step", step)
        if is_tensor(z):
            return self._prox(z, step, _xp(z))
        return like(self._prox(as_array(z), step, np), z)

    def total(self, w: Any) -> Any:
        """Sum of :meth:`value` over all elements: the term added to a loss."""
        return self.value(w).sum()

    def threshold(self, step: float = 1.0) -> float:
        """Largest ``abs(z)`` that :meth:`prox` maps to exactly 0 (0 if none but ``z = 0``)."""
        check_param("step", step)
        return 0.0

    @property
    def label(self) -> str:
        """A short LaTeX label for legends, e.g. ``$L_1$``."""
        raise NotImplementedError

    # --- torch value with a safe gradient -------------------------------------------------
    def _torch_value(self, w: Any) -> Any:
        torch = sys.modules["torch"]
        if self._needs_safe_autograd and w.requires_grad and torch.is_grad_enabled():
            return _safe_value_function().apply(w, self)
        return self._value(w, torch)

    _needs_safe_autograd = False
    #: True when the penalty acts on each weight alone (a prox of a flattened array is the same)
    elementwise: ClassVar[bool] = True


@dataclass(frozen=True)
class L2(Penalty):
    r"""Squared L2 penalty :math:`\lambda w^2` (weight decay).

    ``grad`` is :math:`2\lambda w`; ``prox`` is :math:`z / (1 + 2\, step\, \lambda)`, which
    shrinks by a factor and never reaches 0 from a nonzero ``z``.
    """

    lam: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "lam", check_param("lam", self.lam))

    def _value(self, w, xp):
        return self.lam * w * w

    def _grad(self, w, xp):
        return 2.0 * self.lam * w

    def _prox(self, z, step, xp):
        return z / (1.0 + 2.0 * step * self.lam)

    @property
    def label(self) -> str:  # noqa: D102
        return "$L_2$"


@dataclass(frozen=True)
class L1(Penalty):
    r"""L1 penalty :math:`\lambda |w|` (lasso).

    ``grad`` is :math:`\lambda \operatorname{sign}(w)` (0 at 0); ``prox`` is the soft
    threshold at :math:`t = step\,\lambda`.
    """

    lam: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "lam", check_param("lam", self.lam))

    def _value(self, w, xp):
        return self.lam * abs(w)

    def _grad(self, w, xp):
        return self.lam * xp.sign(w)

    def _prox(self, z, step, xp):
        return _soft(z, step * self.lam, xp)

    def threshold(self, step: float = 1.0) -> float:
        r"""Soft threshold :math:`step\,\lambda`."""
        return check_param("step", step) * self.lam

    @property
    def label(self) -> str:  # noqa: D102
        return "$L_1$"


@dataclass(frozen=True)
class Lp(Penalty):
    r"""Lp penalty :math:`\lambda |w|^p` for any ``p > 0``.

    ``grad`` is :math:`p \lambda \operatorname{sign}(w) |w|^{p-1}` (0 at 0). For ``p < 1`` the
    penalty is not convex and ``prox`` jumps: with :math:`t = step\,\lambda` it is 0 for
    :math:`|z| \le \tau` and at least :math:`x_\tau` beyond, where

    .. math:: x_\tau = (2t(1-p))^{1/(2-p)}, \qquad \tau = \frac{2-p}{2(1-p)}\, x_\tau .

    For ``p = 1/2`` that is :math:`\tau = 1.5\,t^{2/3}`, :math:`x_\tau = t^{2/3}`, and ``prox`` is
    the half-thresholding operator of Xu, Chang, Xu and Zhang (2012), rescaled to this objective
    (theirs has no 1/2, so their :math:`\lambda` is our :math:`2t`):

    .. math:: x = \tfrac23 z\left(1 + \cos\left(\tfrac{2\pi}{3} - \tfrac23\varphi\right)\right),
              \quad \varphi = \arccos\left(\tfrac{t}{4}\left(\tfrac{|z|}{3}\right)^{-3/2}\right).

    ``p = 1`` and ``p = 2`` use the soft threshold and the shrinkage; every other ``p`` solves
    the stationarity equation :math:`x - |z| + t p x^{p-1} = 0` by safeguarded Newton to machine
    precision (for ``p < 1`` on the convex branch right of the inflection point).
    Autograd through ``value`` on a tensor uses :meth:`grad`, so it gives 0, not NaN, at 0.
    """

    p: float = 2.0
    lam: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "p", check_param("p", self.p, positive=True))
        object.__setattr__(self, "lam", check_param("lam", self.lam))

    @property
    def _needs_safe_autograd(self) -> bool:  # type: ignore[override]
        return self.p < 1

    def _value(self, w, xp):
        return self.lam * abs(w) ** self.p

    def _grad(self, w, xp):
        p = self.p
        if p == 1:
            return self.lam * xp.sign(w)
        a = abs(w)
        safe = xp.where(a == 0, xp.ones_like(a), a)  # avoids 0 ** (p - 1) = inf, inf * 0 = NaN
        g = p * self.lam * xp.sign(w) * safe ** (p - 1)
        return xp.where(a == 0, xp.zeros_like(g), g)

    def threshold(self, step: float = 1.0) -> float:
        r"""Jump threshold :math:`\tau` (``p < 1``), soft threshold (``p = 1``), else 0."""
        t = check_param("step", step) * self.lam
        p = self.p
        if p > 1 or t == 0:
            return 0.0
        if p == 1:
            return t
        return (2 - p) / (2 * (1 - p)) * (2 * t * (1 - p)) ** (1 / (2 - p))

    def _prox(self, z, step, xp):
        t = step * self.lam
        p = self.p
        if t == 0:
            return z * 1.0
        if p == 1:
            return _soft(z, t, xp)
        if p == 2:
            return z / (1.0 + 2.0 * t)
        if p == 0.5:
            return _half_threshold(z, t, xp)
        if xp is not np:
            out = _prox_lp_numeric(as_array(z).astype(np.float64), t, p, self.threshold(step))
            return like(out, z)
        return _prox_lp_numeric(z.astype(np.float64, copy=False), t, p, self.threshold(step))

    @property
    def label(self) -> str:  # noqa: D102
        return f"$L_{{{self.p:g}}}$"


@dataclass(frozen=True)
class L0(Penalty):
    r"""L0 penalty :math:`\lambda [w \neq 0]`: counts the nonzero weights.

    ``grad`` is 0 everywhere (the count is flat almost everywhere); ``prox`` is the hard
    threshold: :math:`z` if :math:`|z| > \sqrt{2\,step\,\lambda}`, else 0.
    """

    lam: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "lam", check_param("lam", self.lam))

    def _value(self, w, xp):
        return xp.where(w != 0, xp.full_like(w, self.lam), xp.zeros_like(w))

    def _grad(self, w, xp):
        return xp.zeros_like(w * 1.0)

    def _prox(self, z, step, xp):
        thr = math.sqrt(2.0 * step * self.lam)
        return xp.where(abs(z) > thr, z, xp.zeros_like(z)) * 1.0

    def threshold(self, step: float = 1.0) -> float:
        r"""Hard threshold :math:`\sqrt{2\,step\,\lambda}`."""
        return math.sqrt(2.0 * check_param("step", step) * self.lam)

    @property
    def label(self) -> str:  # noqa: D102
        return "$L_0$"


@dataclass(frozen=True)
class ElasticNet(Penalty):
    r"""Elastic net :math:`l_1 |w| + l_2 w^2`.

    ``grad`` is :math:`l_1 \operatorname{sign}(w) + 2 l_2 w`; ``prox`` soft-thresholds at
    :math:`step\,l_1` then shrinks by :math:`1 + 2\,step\,l_2`.
    """

    l1: float = 1.0
    l2: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "l1", check_param("l1", self.l1))
        object.__setattr__(self, "l2", check_param("l2", self.l2))

    @classmethod
    def from_sklearn(cls, alpha: float, l1_ratio: float) -> ElasticNet:
        r"""The penalty of scikit-learn's ``ElasticNet(alpha, l1_ratio)``.

        scikit-learn minimises :math:`\frac{1}{2n}\|y - Xw\|^2 + \alpha\rho\|w\|_1 +
        \frac{\alpha(1-\rho)}{2}\|w\|_2^2`, so ``l1 = alpha*l1_ratio`` and
        ``l2 = alpha*(1 - l1_ratio)/2`` with that data term.
        """
        alpha = check_param("alpha", alpha)
        rho = check_param("l1_ratio", l1_ratio)
        if rho > 1:
            raise ValueError(f"l1_ratio must be in [0, 1], got {l1_ratio!r}")
        return cls(l1=alpha * rho, l2=0.5 * alpha * (1 - rho))

    def _value(self, w, xp):
        return self.l1 * abs(w) + self.l2 * w * w

    def _grad(self, w, xp):
        return self.l1 * xp.sign(w) + 2.0 * self.l2 * w

    def _prox(self, z, step, xp):
        return _soft(z, step * self.l1, xp) / (1.0 + 2.0 * step * self.l2)

    def threshold(self, step: float = 1.0) -> float:
        r"""Soft threshold :math:`step\,l_1`."""
        return check_param("step", step) * self.l1

    @property
    def label(self) -> str:  # noqa: D102
        return "elastic net"


@dataclass(frozen=True)
class GroupLasso(Penalty):
    r"""Group lasso :math:`\lambda \sum_g \|w_g\|_2`: the groups are the rows of a weight matrix.

    A row is one unit's incoming weights in torch's ``(out, in)`` layout (for a convolution
    ``(out, in, kh, kw)``, a row is ``w[i]``: everything after the first axis); a 0-D or 1-D
    array is a single group. The prox removes whole rows, so a unit whose row is 0 can be
    deleted from the network (structured sparsity), where L1 leaves scattered zeros.

    - ``value(w)``: :math:`\lambda \|w_g\|_2` per row (shape ``(out,)``; a number for one
      group); ``total(w)`` sums it.
    - ``grad(w)``: :math:`\lambda\, w_g / \|w_g\|_2`, and 0 on a row that is exactly 0 (the
      subgradient of least magnitude: the unit ball of the row).
    - ``prox(z, step)``: the block soft threshold
      :math:`z_g \max(0, 1 - step\,\lambda / \|z_g\|_2)`: a row of norm at most
      :math:`step\,\lambda` becomes exactly 0, a longer one is shortened by
      :math:`step\,\lambda` and keeps its direction.

    Parameters
    ----------
    lam : float
        :math:`\lambda \ge 0`.

    Examples
    --------
    >>> GroupLasso(1.0).prox(np.array([[3.0, 4.0], [0.3, 0.4]]), step=1.0)
    array([[2.4, 3.2],
           [0. , 0. ]])
    """

    lam: float = 1.0
    elementwise: ClassVar[bool] = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "lam", check_param("lam", self.lam))

    def value(self, w: Any) -> Any:
        r""":math:`\lambda \|w_g\|_2` for each row ``g`` (one number for a 0-D or 1-D ``w``).

        On a tensor that requires a gradient, autograd uses :meth:`grad` (0 on a zero row, where
        differentiating the norm naively gives NaN).
        """
        if is_tensor(w):
            torch = sys.modules["torch"]
            if w.requires_grad and torch.is_grad_enabled():
                return _safe_value_function().apply(w, self)
            return self._value(w, torch)
        a = as_array(w)
        out = self._value(a, np)
        return out if a.ndim >= 2 else np.asarray(out)[()]

    def _norms(self, w, xp):
        """Row norms with a trailing axis per remaining dimension, so they broadcast on ``w``."""
        if w.ndim < 2:
            return xp.sqrt((w * w).sum())
        flat = w.reshape(w.shape[0], -1)
        return xp.sqrt((flat * flat).sum(1)).reshape((w.shape[0],) + (1,) * (w.ndim - 1))

    def _value(self, w, xp):
        n = self._norms(w, xp)
        return self.lam * (n if w.ndim < 2 else n.reshape(w.shape[0]))

    def _grad(self, w, xp):
        n = self._norms(w, xp)
        safe = xp.where(n > 0, n, xp.ones_like(n))
        return xp.where(n > 0, self.lam * w / safe, xp.zeros_like(w * 1.0))

    def _prox(self, z, step, xp):
        t = step * self.lam
        n = self._norms(z, xp)
        safe = xp.where(n > t, n, xp.ones_like(n) + t)  # no division by 0; unused where n <= t
        scale = xp.where(n > t, 1.0 - t / safe, xp.zeros_like(safe))
        return z * scale

    def threshold(self, step: float = 1.0) -> float:
        r"""Row norm :math:`step\,\lambda` at and below which :meth:`prox` returns a zero row."""
        return check_param("step", step) * self.lam

    @property
    def label(self) -> str:  # noqa: D102
        return "group lasso"


__all__ += ["GroupLasso"]


# --- closed forms and the 1D solve ---------------------------------------------------------
def _soft(z, t, xp):
    if xp is np:
        return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)
    return z.sign() * (z.abs() - t).clamp(min=0)


def _half_threshold(z, t, xp):
    """Half thresholding for ``0.5*(x - z)**2 + t*sqrt(|x|)`` (Xu et al. 2012, rescaled)."""
    thr = 1.5 * t ** (2.0 / 3.0)
    az = abs(z)
    big = az > thr
    safe = xp.where(big, az, xp.full_like(az, thr))
    phi = xp.arccos((t / 4.0) * (safe / 3.0) ** -1.5)
    x = (2.0 / 3.0) * safe * (1.0 + xp.cos(2.0 * math.pi / 3.0 - (2.0 / 3.0) * phi))
    return xp.where(big, xp.sign(z) * x, xp.zeros_like(x))


def _prox_lp_numeric(z: np.ndarray, t: float, p: float, tau: float) -> np.ndarray:
    """Solve ``min_x 0.5*(x - z)**2 + t*|x|**p`` elementwise by safeguarded Newton.

    On ``x > 0`` the stationarity function is ``h(x) = x - |z| + t*p*x**(p-1)``. For ``p > 1``
    it increases on ``(0, |z|]`` from ``-|z|`` to a positive value. For ``p < 1`` it is convex,
    with its minimum at the inflection point ``x_i = (t*p*(1-p))**(1/(2-p))``; for
    ``|z| > tau`` the local minimiser is the root in ``[x_i, |z|]`` and it is the global one.
    Each iteration keeps a bracket; a Newton step that leaves it is replaced by bisection.
    """
    az = np.abs(z)
    out = np.zeros_like(az)
    active = az > tau if p < 1 else az > 0
    if not active.any():
        return out * np.sign(z)
    target = az[active]
    hi = target.copy()
    lo = np.full_like(target, (t * p * (1 - p)) ** (1 / (2 - p)) if p < 1 else 0.0)
    x = hi.copy()
    todo = np.arange(target.size)  # indices still iterating; converged ones drop out
    with np.errstate(all="ignore"):
        for _ in range(200):
            xt, tt, lt, ht = x[todo], target[todo], lo[todo], hi[todo]
            pow1 = xt ** (p - 1)
            h = xt - tt + t * p * pow1
            dh = 1.0 + t * p * (p - 1) * pow1 / xt
            pos = h > 0
            ht = np.where(pos, xt, ht)
            lt = np.where(pos, lt, xt)
            newton = xt - h / dh
            ok = np.isfinite(newton) & (newton > lt) & (newton < ht)
            x_new = np.where(ok, newton, 0.5 * (lt + ht))
            done = (np.abs(x_new - xt) <= 2e-16 * x_new) | (ht - lt <= 2e-16 * ht)
            x[todo], lo[todo], hi[todo] = x_new, lt, ht
            todo = todo[~done]
            if todo.size == 0:
                break
    out[active] = x
    return out * np.sign(z)


_SAFE_VALUE = None


def _safe_value_function():
    """A torch autograd Function whose backward is :meth:`Penalty.grad` (no NaN at 0).

    The value may have fewer dimensions than ``w`` (the group lasso's, one number per row): the
    incoming gradient is then broadcast over each row's entries.
    """
    global _SAFE_VALUE
    if _SAFE_VALUE is None:
        torch = sys.modules["torch"]

        class PenaltyValue(torch.autograd.Function):
            @staticmethod
            def forward(ctx, w, penalty):
                ctx.save_for_backward(w)
                ctx.penalty = penalty
                return penalty._value(w, torch)

            @staticmethod
            def backward(ctx, grad_output):
                (w,) = ctx.saved_tensors
                if 0 < grad_output.ndim < w.ndim:
                    grad_output = grad_output.reshape(
                        grad_output.shape + (1,) * (w.ndim - grad_output.ndim))
                return grad_output * ctx.penalty._grad(w, torch), None

        _SAFE_VALUE = PenaltyValue
    return _SAFE_VALUE


#: The names :func:`from_name` knows (the menus of notebooks 00 and 09 use them).
NAMES: tuple[str, ...] = ("none", "L2", "L1", "Lp", "L0", "elastic net", "group lasso")


def from_name(name: str, lam: float, *, mix: float = 0.5, p: float = 0.5) -> Penalty | None:
    r"""The penalty called ``name`` in regviz's menus, with strength ``lam``.

    ``"none"`` gives None; ``"L2"``, ``"L1"``, ``"L0"``, ``"group lasso"`` their class with
    ``lam``; ``"Lp"`` is ``Lp(p, lam)``; ``"elastic net"`` is
    :math:`\lambda(a|w| + (1-a)w^2)` with ``a = mix``: ``ElasticNet(lam * mix, lam * (1 - mix))``.

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`NAMES`, or ``lam``, ``mix`` or ``p`` is out of range.
    """
    from ._validate import choice, number

    choice("name", name, NAMES)
    lam = number("lam", lam, low=0.0)
    if name == "none":
        return None
    if name == "Lp":
        return Lp(p, lam)
    if name == "elastic net":
        a = number("mix", mix, low=0.0, high=1.0)
        return ElasticNet(l1=lam * a, l2=lam * (1.0 - a))
    return {"L2": L2, "L1": L1, "L0": L0, "group lasso": GroupLasso}[name](lam)


__all__ += ["NAMES", "from_name"]


def array_kernels(penalty: Penalty) -> tuple[Any, Any, Any]:
    """``(total, grad, prox)`` of ``penalty`` for float NumPy arrays, for solver loops.

    The public methods check the step and convert their input at every call, which is half the
    time of a small solver's iteration; a loop that has checked its step once calls these
    instead: ``total(w)`` is :meth:`Penalty.total`, ``grad(w)`` :meth:`Penalty.grad`,
    ``prox(z, step)`` :meth:`Penalty.prox`, with the same numbers. A penalty that overrides
    the public methods (the group lasso) keeps them.
    """
    cls = type(penalty)
    if cls.value is Penalty.value and cls.total is Penalty.total:
        def total(w):
            return penalty._value(w, np).sum()
    else:
        total = penalty.total
    if cls.grad is Penalty.grad:
        def grad(w):
            return penalty._grad(w, np)
    else:
        grad = penalty.grad
    if cls.prox is Penalty.prox:
        def prox(z, step):
            return penalty._prox(z, step, np)
    else:
        def prox(z, step):
            return penalty.prox(z, step=step)
    return total, grad, prox


__all__ += ["array_kernels"]
