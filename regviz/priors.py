r"""Priors on a weight and the penalties they give as MAP estimates.

The generalized-Gaussian prior of exponent ``p > 0`` and scale ``b > 0`` is

.. math:: \mu(w) = \frac{1}{Z}\exp\left(-\frac{|w|^p}{b}\right), \qquad
          Z = \int_{-\infty}^{\infty} e^{-|w|^p / b}\,dw = 2\, b^{1/p}\,\Gamma(1 + 1/p).

(Substitute :math:`u = w^p / b` on :math:`w > 0`: :math:`\int_0^\infty e^{-w^p/b}dw =
\frac{b^{1/p}}{p}\Gamma(1/p) = b^{1/p}\Gamma(1 + 1/p)`.) ``p = 2`` is the Gaussian of variance
``b/2``, ``p = 1`` the Laplace prior :math:`\frac{1}{2b}e^{-|w|/b}` of the lecture notes, and
``p < 1`` a prior with a sharper, taller peak at 0 and heavier tails.

Its negative log is the Lp penalty with :math:`\lambda = 1/b`, plus a constant:

.. math:: -\log\mu(w) = \frac{|w|^p}{b} + \log Z = \texttt{Lp(p, lam=1/b).value}(w) + \log Z .

With :math:`n` observations :math:`y_i \sim \mathcal N(w, \sigma^2)` (mean :math:`\bar y`), the
negative log posterior is, up to a constant,

.. math:: \frac{n}{2\sigma^2}(w - \bar y)^2 + \frac{|w|^p}{b}
          = \frac{n}{\sigma^2}\left[\tfrac12 (w - \bar y)^2 + \frac{\sigma^2}{n}\,
          \frac{|w|^p}{b}\right],

so the MAP estimate is the proximal operator of ``Lp(p, 1/b)`` at :math:`\bar y` with step
:math:`\sigma^2/n` (:func:`map_estimate`). Under the Laplace prior it is exactly 0 when
:math:`|\bar y| \le \sigma^2/(n b)` (:func:`zero_threshold`); the posterior *mean*
(:func:`posterior_mean`) is not.

Everything here is NumPy (no torch, no SciPy).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._arrays import as_array, check_param, like
from .penalties import Lp

__all__ = [
    "GeneralizedGaussian",
    "gaussian",
    "laplace",
    "log_likelihood",
    "likelihood",
    "neg_log_posterior",
    "map_estimate",
    "zero_threshold",
    "posterior_density",
    "posterior_mean",
    "lam_for_loss",
    "LOSS_SCALINGS",
]


@dataclass(frozen=True)
class GeneralizedGaussian:
    r"""The prior :math:`\mu(w) = \exp(-|w|^p / b) / Z` on one weight.

    :math:`Z = 2b^{1/p}\Gamma(1+1/p)`; :math:`-\log\mu(w) = |w|^p/b + \log Z`.

    Parameters
    ----------
    p : float
        The exponent, ``> 0``: 2 is the Gaussian, 1 the Laplace prior, below 1 a spikier prior.
    b : float
        The scale, ``> 0``: the penalty is :math:`|w|^p / b`, so :math:`\lambda = 1/b`.

    Examples
    --------
    >>> prior = GeneralizedGaussian(p=1.0, b=0.5)
    >>> prior.normalizer          # 2 b for the Laplace prior
    1.0
    >>> prior.penalty             # the penalty of its MAP estimate
    Lp(p=1.0, lam=2.0)
    """

    p: float = 2.0
    b: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "p", check_param("p", self.p, positive=True))
        object.__setattr__(self, "b", check_param("b", self.b, positive=True))

    # -- constructors -----------------------------------------------------------------------
    @classmethod
    def from_std(cls, p: float, std: float) -> GeneralizedGaussian:
        r"""The prior of exponent ``p`` whose standard deviation is ``std``.

        The variance is :math:`b^{2/p}\,\Gamma(3/p) / \Gamma(1/p)`, so
        :math:`b = \left(std^2\,\Gamma(1/p) / \Gamma(3/p)\right)^{p/2}`.
        """
        p = check_param("p", p, positive=True)
        std = check_param("std", std, positive=True)
        log_b = 0.5 * p * (2 * math.log(std) + math.lgamma(1 / p) - math.lgamma(3 / p))
        return cls(p, math.exp(log_b))

    # -- the density ------------------------------------------------------------------------
    @property
    def log_normalizer(self) -> float:
        r""":math:`\log Z = \log 2 + \tfrac1p \log b + \log\Gamma(1 + 1/p)`: the constant."""
        return math.log(2.0) + math.log(self.b) / self.p + math.lgamma(1.0 + 1.0 / self.p)

    @property
    def normalizer(self) -> float:
        r""":math:`Z = 2\, b^{1/p}\,\Gamma(1 + 1/p) = \int e^{-|w|^p/b}\,dw`."""
        return math.exp(self.log_normalizer)

    def neg_log_density(self, w: Any) -> Any:
        r""":math:`-\log\mu(w) = |w|^p / b + \log Z`, elementwise (same kind as ``w``)."""
        a = as_array(w)
        return like(np.abs(a) ** self.p / self.b + self.log_normalizer, w)

    def log_density(self, w: Any) -> Any:
        r""":math:`\log\mu(w) = -|w|^p / b - \log Z`, elementwise."""
        a = as_array(w)
        return like(-(np.abs(a) ** self.p) / self.b - self.log_normalizer, w)

    def density(self, w: Any) -> Any:
        r""":math:`\mu(w) = e^{-|w|^p/b} / Z`, elementwise; integrates to 1 over the real line."""
        a = as_array(w)
        return like(np.exp(-(np.abs(a) ** self.p) / self.b - self.log_normalizer), w)

    @property
    def variance(self) -> float:
        r""":math:`\operatorname{Var}(w) = b^{2/p}\,\Gamma(3/p) / \Gamma(1/p)` (b/2 for p = 2)."""
        p = self.p
        return math.exp(2 * math.log(self.b) / p + math.lgamma(3 / p) - math.lgamma(1 / p))

    @property
    def std(self) -> float:
        r"""The standard deviation, :math:`\sqrt{\operatorname{Var}(w)}`."""
        return math.sqrt(self.variance)

    # -- the penalty ------------------------------------------------------------------------
    @property
    def lam(self) -> float:
        r""":math:`\lambda = 1/b`: the weight of :math:`|w|^p` in :math:`-\log\mu`."""
        return 1.0 / self.b

    @property
    def penalty(self) -> Lp:
        r"""``Lp(p, lam=1/b)``: :math:`-\log\mu(w)` is its value plus :attr:`log_normalizer`."""
        return Lp(self.p, self.lam)

    @property
    def name(self) -> str:
        """``"Gaussian"`` (p = 2), ``"Laplace"`` (p = 1), else ``"generalized Gaussian"``."""
        return {2.0: "Gaussian", 1.0: "Laplace"}.get(self.p, "generalized Gaussian")

    @property
    def label(self) -> str:
        """A short legend label, e.g. ``Laplace (p = 1, b = 0.5)``."""
        return f"{self.name} (p = {self.p:g}, b = {self.b:.3g})"


def gaussian(std: float = 1.0) -> GeneralizedGaussian:
    r"""The Gaussian prior :math:`\mathcal N(0, std^2)`: ``p = 2``, ``b = 2 std**2``.

    Its penalty is :math:`w^2 / (2\,std^2)`: L2 with :math:`\lambda = 1/(2\,std^2)`.
    """
    std = check_param("std", std, positive=True)
    return GeneralizedGaussian(2.0, 2.0 * std * std)


def laplace(b: float = 1.0) -> GeneralizedGaussian:
    r"""The Laplace prior :math:`\frac{1}{2b} e^{-|w|/b}`: ``p = 1``.

    Its penalty is L1 with :math:`\lambda = 1/b`.
    """
    return GeneralizedGaussian(1.0, b)


# --- the 1D posterior -------------------------------------------------------------------------
def _check_data(sigma: float, n: int) -> tuple[float, int]:
    sigma = check_param("sigma", sigma, positive=True)
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n!r}")
    return sigma, int(n)


def log_likelihood(w: Any, ybar: float, *, sigma: float = 1.0, n: int = 1) -> Any:
    r"""Log-likelihood of the data's mean, :math:`\log\mathcal N(\bar y;\, w,\, \sigma^2/n)`.

    With :math:`y_i \sim \mathcal N(w, \sigma^2)` the mean :math:`\bar y` is sufficient: the
    likelihood of all :math:`n` observations is this one times a factor free of :math:`w`. As a
    function of :math:`w` it is also a density (a Gaussian of mean :math:`\bar y`, std
    :math:`\sigma/\sqrt n`), so it can be drawn beside the prior and the posterior.
    """
    sigma, n = _check_data(sigma, n)
    var = sigma * sigma / n
    a = as_array(w)
    return like(-0.5 * (a - ybar) ** 2 / var - 0.5 * math.log(2 * math.pi * var), w)


def likelihood(w: Any, ybar: float, *, sigma: float = 1.0, n: int = 1) -> Any:
    r""":math:`\mathcal N(\bar y;\, w,\, \sigma^2/n)` as a function of :math:`w`.

    See :func:`log_likelihood`.
    """
    out = log_likelihood(w, ybar, sigma=sigma, n=n)
    return like(np.exp(as_array(out)), w)


def neg_log_posterior(
    w: Any, prior: GeneralizedGaussian, ybar: float, *, sigma: float = 1.0, n: int = 1
) -> Any:
    r"""The posterior's negative log, up to a constant.

    :math:`-\log\mathcal N(\bar y; w, \sigma^2/n) - \log\mu(w)`: it leaves out the constant
    :math:`\log p(\bar y)` (the evidence), which does not depend on :math:`w`.
    """
    out = -as_array(log_likelihood(w, ybar, sigma=sigma, n=n)) + as_array(
        prior.neg_log_density(w)
    )
    return like(out, w)


def map_estimate(
    prior: GeneralizedGaussian, ybar: Any, *, sigma: float = 1.0, n: int = 1
) -> Any:
    r"""The MAP estimate :math:`\arg\max_w \mu(w \mid y)`, exactly, for each ``ybar``.

    .. math:: \hat w_{\mathrm{MAP}} = \arg\min_w \tfrac12 (w - \bar y)^2 + \frac{\sigma^2}{n}\,
              \frac{|w|^p}{b} = \operatorname{prox}_{(\sigma^2/n)\,\mathrm{Lp}(p,\,1/b)}(\bar y),

    i.e. ``prior.penalty.prox(ybar, step=sigma**2 / n)``: a shrinkage :math:`\bar y / (1 +
    2\sigma^2/(nb))` for the Gaussian prior (never 0 unless :math:`\bar y = 0`), the soft threshold
    at :math:`\sigma^2/(nb)` for the Laplace prior (exactly 0 below it), a jump to 0 for ``p < 1``.
    For ``p < 1`` it is the global maximiser (the posterior may have two modes).
    """
    sigma, n = _check_data(sigma, n)
    return prior.penalty.prox(ybar, step=sigma * sigma / n)


def zero_threshold(prior: GeneralizedGaussian, *, sigma: float = 1.0, n: int = 1) -> float:
    r"""Largest :math:`|\bar y|` whose MAP estimate is exactly 0 (0 when only :math:`\bar y = 0`).

    :math:`\sigma^2/(n b)` for the Laplace prior; the proximal jump threshold for ``p < 1``;
    0 for ``p > 1`` (the Gaussian MAP is never 0 for :math:`\bar y \ne 0`).
    """
    sigma, n = _check_data(sigma, n)
    return prior.penalty.threshold(sigma * sigma / n)


_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(10)


def _quadrature(
    prior: GeneralizedGaussian, ybars: np.ndarray, sigma: float, n: int
) -> tuple[np.ndarray, np.ndarray]:
    r"""Nodes and weights of a quadrature that resolves every posterior for these ``ybars``.

    The posterior is at most :math:`\mu(0)` times the likelihood, so outside
    :math:`[\min(0, \bar y) - 12 s, \max(0, \bar y) + 12 s]`, :math:`s = \sigma/\sqrt n`, it
    holds less than :math:`e^{-70}` of its mass. That interval is cut into panels at 0 (the
    prior's kink or cusp), every :math:`s/2`, and at geometric points from :math:`10^{-9}` of
    the smallest scale to the interval's length on both sides of 0 (a narrow prior's spike);
    each panel gets 10-point Gauss-Legendre, on which the integrand is smooth.
    """
    s = sigma / math.sqrt(n)
    lo = min(0.0, float(ybars.min())) - 12 * s
    hi = max(0.0, float(ybars.max())) + 12 * s
    scale = min(s, prior.b ** (1 / prior.p))
    near0 = np.geomspace(1e-7 * scale, hi - lo, 40)
    cuts = np.concatenate([np.arange(lo, hi, s / 2), [hi, 0.0], near0, -near0])
    cuts = np.unique(cuts[(cuts >= lo) & (cuts <= hi)])
    a, h = cuts[:-1, None], np.diff(cuts)[:, None] / 2
    nodes = (a + h * (1 + _GL_NODES[None, :])).ravel()
    weights = (h * _GL_WEIGHTS[None, :]).ravel()
    return nodes, weights


def _posterior_on(
    w: np.ndarray, prior: GeneralizedGaussian, ybars: np.ndarray, sigma: float, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Unnormalised posterior rows (one per ``ybar``, max 1) and their log scale."""
    var = sigma * sigma / n
    logq = -0.5 * (w[None, :] - ybars[:, None]) ** 2 / var - np.abs(w)[None, :] ** prior.p / prior.b
    top = logq.max(axis=1, keepdims=True)
    return np.exp(logq - top), top[:, 0]


def posterior_density(
    w: Any, prior: GeneralizedGaussian, ybar: float, *, sigma: float = 1.0, n: int = 1
) -> Any:
    r"""The posterior density at ``w``, normalised numerically.

    :math:`\mu(w \mid \bar y) \propto \mathcal N(\bar y; w, \sigma^2/n)\,\mu(w)`, normalised
    by composite Gauss-Legendre quadrature on panels that resolve it (relative error below
    :math:`10^{-9}`).
    """
    sigma, n = _check_data(sigma, n)
    y = np.array([float(ybar)])
    nodes, weights = _quadrature(prior, y, sigma, n)
    q, top = _posterior_on(nodes, prior, y, sigma, n)
    log_mass = math.log(q[0] @ weights) + top[0]
    a = as_array(w)
    logq = -0.5 * (a - ybar) ** 2 * n / (sigma * sigma) - np.abs(a) ** prior.p / prior.b
    return like(np.exp(logq - log_mass), w)


def posterior_mean(
    prior: GeneralizedGaussian, ybar: Any, *, sigma: float = 1.0, n: int = 1
) -> Any:
    r"""The posterior mean :math:`E[w \mid \bar y] = \int w\,\mu(w \mid \bar y)\,dw`, per ``ybar``.

    Computed by composite Gauss-Legendre quadrature on panels that resolve the posterior
    (relative error below :math:`10^{-9}`). For the Gaussian prior it equals the MAP; for the
    Laplace prior it is never exactly 0 unless :math:`\bar y = 0` (the posterior is a density:
    it puts no mass on :math:`w = 0` exactly, and its mean is pulled to the side of
    :math:`\bar y`).
    """
    sigma, n = _check_data(sigma, n)
    ys = np.atleast_1d(as_array(ybar)).astype(float).ravel()
    out = np.empty_like(ys)
    order = np.argsort(ys)
    for start in range(0, ys.size, 32):  # neighbouring ybars share a quadrature; bounded memory
        idx = order[start:start + 32]
        nodes, weights = _quadrature(prior, ys[idx], sigma, n)
        q, _ = _posterior_on(nodes, prior, ys[idx], sigma, n)
        out[idx] = (q @ (nodes * weights)) / (q @ weights)
    out[ys == 0] = 0.0  # exact by symmetry
    return like(out.reshape(np.shape(as_array(ybar))), ybar)


#: The data losses of :func:`lam_for_loss`: name -> what it is.
LOSS_SCALINGS: dict[str, str] = {
    "nll": "sum_i (y_i - w)^2 / (2 sigma^2): the negative log-likelihood itself",
    "half_mse": "mean_i (y_i - w)^2 / 2",
    "mse": "mean_i (y_i - w)^2 (torch.nn.MSELoss, reduction='mean')",
}


def lam_for_loss(b: float, *, sigma: float = 1.0, n: int = 1, loss: str = "nll") -> float:
    r"""The :math:`\lambda` in front of :math:`|w|^p` that makes "loss + penalty" the MAP objective.

    Multiplying the negative log posterior by a positive constant does not move its minimiser,
    so the :math:`\lambda` that matches a prior of scale ``b`` depends on how the data loss is
    scaled:

    ==============  ========================================  ===========================
    ``loss``        data term                                  :math:`\lambda`
    ==============  ========================================  ===========================
    ``"nll"``       :math:`\sum_i (y_i - w)^2 / (2\sigma^2)`   :math:`1/b`
    ``"half_mse"``  :math:`\frac1n\sum_i \tfrac12 (y_i - w)^2`  :math:`\sigma^2 / (n b)`
    ``"mse"``       :math:`\frac1n\sum_i (y_i - w)^2`           :math:`2\sigma^2 / (n b)`
    ==============  ========================================  ===========================

    More data (larger ``n``) means a smaller :math:`\lambda` against a mean loss: the prior's
    weight stays fixed while the evidence grows.
    """
    b = check_param("b", b, positive=True)
    sigma, n = _check_data(sigma, n)
    factors = {"nll": 1.0, "half_mse": sigma * sigma / n, "mse": 2.0 * sigma * sigma / n}
    if loss not in factors:
        raise ValueError(f"loss must be one of {sorted(factors)}, got {loss!r}")
    return factors[loss] / b
