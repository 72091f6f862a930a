r"""Figures of notebook 05: priors, their negative logs, the 1D posterior and its MAP.

Every function takes ``ax=None`` (a new figure when None) and returns the artists it drew, by
name; the lecture figures (:mod:`regviz.figures`) and the panels of :mod:`regviz.widgets.priors`
are composed from them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ..priors import (
    GeneralizedGaussian,
    likelihood,
    log_likelihood,
    map_estimate,
    neg_log_posterior,
    posterior_density,
    posterior_mean,
    zero_threshold,
)
from ..style import COLORS, penalty_color, penalty_style
from ._alt import described, fmt
from .prox import break_jumps

__all__ = [
    "prior_marker",
    "describe_priors",
    "describe_neg_log_prior",
    "describe_posterior",
    "posterior_sentence",
    "describe_map_vs_ybar",
    "describe_map_vs_scale",
    "PRIOR_W",
    "YBARS",
    "MEAN_COLOR",
    "unit_variance_priors",
    "prior_color",
    "nice_top",
    "map_readout",
    "plot_priors",
    "plot_neg_log_prior",
    "posterior_curves",
    "plot_posterior",
    "plot_map_vs_ybar",
    "plot_map_vs_scale",
]

#: The weights on which densities are drawn: [-3, 3], step 0.005, with 0 exactly.
PRIOR_W: np.ndarray = np.linspace(-3.0, 3.0, 1201)
#: The observed means of the estimate-vs-data panels: [-2.5, 2.5], step 0.025, with 0 exactly.
YBARS: np.ndarray = np.linspace(-2.5, 2.5, 201)
#: Colour of the posterior mean (the MAP takes ``COLORS["minimizer"]``).
MEAN_COLOR: str = "#000000"


def _ax(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = plt.subplots()
    return ax


def unit_variance_priors(p_small: float = 0.5) -> dict[str, GeneralizedGaussian]:
    """Gaussian, Laplace and a ``p < 1`` generalized Gaussian, each of variance 1.

    Equal variances make the comparison fair: the smaller p, the taller and sharper the peak at
    0 and the heavier the tails.
    """
    return {
        "Gaussian (p = 2)": GeneralizedGaussian.from_std(2.0, 1.0),
        "Laplace (p = 1)": GeneralizedGaussian.from_std(1.0, 1.0),
        f"p = {p_small:g}": GeneralizedGaussian.from_std(p_small, 1.0),
    }


def prior_color(prior: GeneralizedGaussian) -> str:
    """The colour of the prior's penalty: L2 blue (p = 2), L1 orange (p = 1), Lp pink."""
    return penalty_color(prior.penalty)


def prior_marker(prior: GeneralizedGaussian, n: int = PRIOR_W.size) -> dict[str, Any]:
    """The marker of the prior's penalty on a curve of ``n`` points (one in ten), no line style.

    An integer ``markevery``: a fraction of the axes would cost a pass over the line in display
    space at every draw.
    """
    style = penalty_style(prior.penalty, markevery=max(1, n // 10))
    return {"marker": style.get("marker", "None"), "markevery": style.get("markevery")}


def nice_top(value: float) -> float:
    """A round upper limit for an axis, a little above ``value``.

    The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of 10 that is at least
    ``1.1 * value``.
    """
    v = 1.1 * max(float(value), 1e-12)
    e = math.floor(math.log10(v))
    for m in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if m * 10.0**e >= v * (1 - 1e-12):
            return m * 10.0**e
    return 10.0 ** (e + 1)  # pragma: no cover  (the loop always returns)


def map_readout(prior: GeneralizedGaussian, ybar: float, *, sigma: float = 1.0, n: int = 1) -> str:
    """One line on the MAP: its value, and whether it is exactly 0 and why."""
    w_map = float(map_estimate(prior, ybar, sigma=sigma, n=n))
    thr = zero_threshold(prior, sigma=sigma, n=n)
    if w_map == 0.0:
        if thr > 0:
            return (f"MAP = exactly 0: |ȳ| = {abs(ybar):.3g} ≤ {thr:.3g}, the largest |ȳ| the "
                    "prior pulls to 0")
        return "MAP = exactly 0 (ȳ = 0)"
    if thr > 0:
        return f"MAP = {w_map:.4g}, not 0: |ȳ| = {abs(ybar):.3g} > {thr:.3g}"
    return f"MAP = {w_map:.4g}: shrunk, never exactly 0 for p > 1"


def describe_priors(priors: dict[str, GeneralizedGaussian] | None = None, **_: Any) -> str:
    """The alt text of :func:`plot_priors`: each density's peak and its tail at |w| = 3."""
    priors = unit_variance_priors() if priors is None else priors
    parts = [f"{name} (b = {pr.b:.3g}) peaks at {float(pr.density(0.0)):.3g} and has density "
             f"{float(pr.density(3.0)):.2g} at |w| = 3" for name, pr in priors.items()]
    return ("Prior densities over the weight w, all centred at 0: " + "; ".join(parts)
            + ". The smaller p, the sharper the peak at 0.")


@described(describe_priors)
def plot_priors(
    priors: dict[str, GeneralizedGaussian] | None = None,
    *,
    w: np.ndarray = PRIOR_W,
    ax: Axes | None = None,
) -> dict[str, Any]:
    r"""The densities :math:`\mu(w) = e^{-|w|^p/b} / (2b^{1/p}\Gamma(1+1/p))`, overlaid.

    Parameters
    ----------
    priors : dict of str to GeneralizedGaussian, optional
        Legend name -> prior; default :func:`unit_variance_priors`.

    Returns
    -------
    dict
        One line per prior, under its name.
    """
    ax = _ax(ax)
    priors = unit_variance_priors() if priors is None else priors
    out: dict[str, Any] = {}
    top = 0.0
    for name, prior in priors.items():
        dens = prior.density(w)
        top = max(top, float(np.max(dens)))
        (out[name],) = ax.plot(w, dens, color=prior_color(prior),
                               label=f"{name}, b = {prior.b:.3g}",
                               **penalty_style(prior.penalty, markevery=max(1, w.size // 10)))
    ax.set_xlim(w[0], w[-1])
    ax.set_ylim(0, nice_top(top))
    ax.set_xlabel("weight $w$")
    ax.set_ylabel(r"prior density $\mu(w)$")
    ax.legend(loc="upper right", fontsize="small")
    return out


def describe_neg_log_prior(priors: dict[str, GeneralizedGaussian] | None = None,
                           **_: Any) -> str:
    """The alt text of :func:`plot_neg_log_prior`."""
    priors = unit_variance_priors() if priors is None else priors
    parts = [f"{name}: |w|^{pr.p:g}/{pr.b:.3g} + {pr.log_normalizer:.3g}"
             for name, pr in priors.items()]
    return ("Negative log priors, each its penalty |w|^p/b shifted up by the constant log Z, "
            "which moves no minimiser: " + "; ".join(parts) + ".")


@described(describe_neg_log_prior)
def plot_neg_log_prior(
    priors: dict[str, GeneralizedGaussian] | None = None,
    *,
    w: np.ndarray = PRIOR_W,
    ax: Axes | None = None,
    show_penalty: bool = True,
) -> dict[str, Any]:
    r"""The negative log priors :math:`-\log\mu(w) = |w|^p / b + \log Z`, overlaid.

    With ``show_penalty`` the penalty :math:`|w|^p / b` (``Lp(p, lam=1/b).value``) is drawn
    dashed in the same colour: each solid curve is its dashed curve shifted up by the constant
    :math:`\log Z`, which does not move any minimiser.

    Returns
    -------
    dict
        One line per prior under its name, and the dashed penalty under ``name + " penalty"``.
    """
    ax = _ax(ax)
    priors = unit_variance_priors() if priors is None else priors
    out: dict[str, Any] = {}
    lo, hi = 0.0, 0.0
    for name, prior in priors.items():
        color = prior_color(prior)
        nl = prior.neg_log_density(w)
        lo, hi = min(lo, prior.log_normalizer), max(hi, float(nl.max()))
        (out[name],) = ax.plot(w, nl, color=color,
                               label=rf"{name}: $\log Z = {prior.log_normalizer:.3f}$",
                               **prior_marker(prior, w.size))
        if show_penalty:
            (out[name + " penalty"],) = ax.plot(w, prior.penalty.value(w), "--", color=color,
                                                lw=1.2)
    if show_penalty:
        ax.plot([], [], "--", color="0.4", lw=1.2, label=r"dashed: penalty $|w|^p / b$")
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.set_xlim(w[0], w[-1])
    ax.set_ylim(lo - 0.5, hi + 0.5)
    ax.set_xlabel("weight $w$")
    ax.set_ylabel(r"$-\log\mu(w)$")
    ax.legend(loc="upper center", fontsize="small")
    return out


def posterior_curves(
    prior: GeneralizedGaussian,
    ybar: float,
    *,
    sigma: float = 1.0,
    n: int = 1,
    w: np.ndarray = PRIOR_W,
    scaled: bool = False,
) -> dict[str, Any]:
    r"""What :func:`plot_posterior` draws, as numbers.

    Returns
    -------
    dict
        ``likelihood``, ``prior``, ``posterior`` (arrays over ``w``), ``map`` and ``mean``
        (floats) and ``map_height``, ``mean_height`` (the posterior curve there). With
        ``scaled`` each curve is divided by its maximum (the likelihood's at :math:`\bar y`, the
        prior's at 0, the posterior's at the MAP), so all peak at 1.
    """
    w_map = float(map_estimate(prior, ybar, sigma=sigma, n=n))
    w_mean = float(posterior_mean(prior, ybar, sigma=sigma, n=n))
    at = np.array([w_map, w_mean])
    if scaled:  # ratios to each curve's peak, from the logs (no normalisers needed)
        data = {"sigma": sigma, "n": n}
        lik = np.exp(log_likelihood(w, ybar, **data) - log_likelihood(ybar, ybar, **data))
        dens = np.exp(prior.log_density(w) - prior.log_density(0.0))
        peak = neg_log_posterior(w_map, prior, ybar, **data)
        post = np.exp(peak - neg_log_posterior(w, prior, ybar, **data))
        heights = np.exp(peak - neg_log_posterior(at, prior, ybar, **data))
    else:
        lik = likelihood(w, ybar, sigma=sigma, n=n)
        dens = prior.density(w)
        post = posterior_density(w, prior, ybar, sigma=sigma, n=n)
        heights = posterior_density(at, prior, ybar, sigma=sigma, n=n)
    return {"likelihood": lik, "prior": dens, "posterior": post, "map": w_map, "mean": w_mean,
            "map_height": float(heights[0]), "mean_height": float(heights[1])}


def posterior_sentence(prior: GeneralizedGaussian, ybar: float, w_map: float, w_mean: float, *,
                       sigma: float = 1.0, n: int = 1, readout: str | None = None) -> str:
    """One or two sentences on a posterior: its MAP (exactly 0 or not, and why) and mean.

    ``readout`` is :func:`map_readout` for these values when the caller has it already.
    """
    readout = map_readout(prior, ybar, sigma=sigma, n=n) if readout is None else readout
    return (f"{prior.name} prior with p = {prior.p:g}, b = {prior.b:.3g}, observed mean "
            f"ȳ = {ybar:.3g} from n = {n}: {readout}. "
            f"The posterior mean is {fmt(w_mean, 4)}.")


def describe_posterior(prior: GeneralizedGaussian, ybar: float, *, sigma: float = 1.0,
                       n: int = 1, **_: Any) -> str:
    """The alt text of :func:`plot_posterior`."""
    return posterior_sentence(prior, ybar, float(map_estimate(prior, ybar, sigma=sigma, n=n)),
                              float(posterior_mean(prior, ybar, sigma=sigma, n=n)),
                              sigma=sigma, n=n)


@described(describe_posterior)
def plot_posterior(
    prior: GeneralizedGaussian,
    ybar: float,
    *,
    sigma: float = 1.0,
    n: int = 1,
    w: np.ndarray = PRIOR_W,
    show_mean: bool = True,
    scaled: bool = False,
    ax: Axes | None = None,
) -> dict[str, Any]:
    r"""Likelihood, prior and posterior of one weight, with the MAP (and the posterior mean).

    The likelihood :math:`\mathcal N(\bar y; w, \sigma^2/n)` is drawn as a function of
    :math:`w` (it is also a density in :math:`w`); the posterior is normalised numerically. With
    ``scaled`` every curve is divided by its maximum (all peak at 1, the y-axis is fixed): only
    the shapes and positions are compared, as in a slider panel.

    Returns
    -------
    dict
        ``likelihood``, ``prior``, ``posterior`` (lines), ``map`` (marker), ``map_line``
        (vertical line), ``mean`` (marker, when ``show_mean``), ``title``.
    """
    ax = _ax(ax)
    c = posterior_curves(prior, ybar, sigma=sigma, n=n, w=w, scaled=scaled)
    top = 1.12 if scaled else nice_top(max(c["posterior"].max(), c["likelihood"].max(),
                                           c["prior"].max()))
    out: dict[str, Any] = {}
    (out["likelihood"],) = ax.plot(w, c["likelihood"], "--", color=COLORS["loss"], lw=1.6,
                                   label=r"likelihood $\mathcal{N}(\bar y;\, w, \sigma^2/n)$")
    (out["prior"],) = ax.plot(w, c["prior"], ":", color=prior_color(prior), lw=2.2,
                              label=rf"prior, $p = {prior.p:g}$")
    (out["posterior"],) = ax.plot(w, c["posterior"], color=COLORS["total"], label="posterior")
    (out["map_line"],) = ax.plot([c["map"]] * 2, [0, top], color=COLORS["minimizer"], lw=1)
    (out["map"],) = ax.plot([c["map"]], [c["map_height"]], "o", color=COLORS["minimizer"], ms=9,
                            mec="white", mew=1.5, zorder=5, label="MAP")
    if show_mean:
        (out["mean"],) = ax.plot([c["mean"]], [c["mean_height"]], "D", color=MEAN_COLOR, ms=6,
                                 zorder=6, label="posterior mean")
    ax.axvline(0.0, color="0.3", lw=0.8)
    ax.set_xlim(w[0], w[-1])
    ax.set_ylim(0, top)
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("density / its maximum" if scaled else "density")
    out["title"] = ax.set_title(map_readout(prior, ybar, sigma=sigma, n=n), fontsize="medium")
    ax.legend(loc="upper left", fontsize="small")
    return out


def describe_map_vs_ybar(priors: Iterable[GeneralizedGaussian] | None = None, *,
                         sigma: float = 1.0, n: int = 1, current: float | None = None,
                         **_: Any) -> str:
    """The alt text of :func:`plot_map_vs_ybar`: where each MAP is exactly 0."""
    priors = [GeneralizedGaussian(2.0, 1.0), GeneralizedGaussian(1.0, 1.0)] if priors is None \
        else list(priors)
    parts = []
    for prior in priors:
        thr = zero_threshold(prior, sigma=sigma, n=n)
        zero = (f"exactly 0 for |ȳ| ≤ {thr:.3g}" if thr > 0 else "never exactly 0 unless ȳ = 0")
        part = f"{prior.label}: MAP {zero}"
        if current is not None:
            part += (f", at ȳ = {current:.3g} it is "
                     f"{fmt(float(map_estimate(prior, current, sigma=sigma, n=n)))}")
        parts.append(part)
    return ("The MAP estimate against the observed mean ȳ (the posterior mean never reaches 0): "
            + "; ".join(parts) + ".")


@described(describe_map_vs_ybar)
def plot_map_vs_ybar(
    priors: Iterable[GeneralizedGaussian] | None = None,
    *,
    sigma: float = 1.0,
    n: int = 1,
    ybars: np.ndarray = YBARS,
    show_mean: bool = True,
    current: float | None = None,
    ax: Axes | None = None,
) -> dict[str, Any]:
    r"""The MAP (solid) and posterior mean (dashed) against the observed mean :math:`\bar y`.

    Default priors: Gaussian and Laplace with the same :math:`b = 1`, i.e. the same
    :math:`\lambda = 1/b`. The Gaussian MAP is a line through 0 of slope
    :math:`1/(1 + 2\sigma^2/(nb))`; the Laplace MAP is the soft threshold, flat at exactly 0 for
    :math:`|\bar y| \le \sigma^2/(nb)`; the Laplace posterior mean is never flat.

    Returns
    -------
    dict
        ``identity``; per prior ``i``: ``map i``, ``mean i`` (if ``show_mean``), ``thr i`` (the
        band edges of exact zeros, NaN when there are none); ``current`` markers if given.
    """
    ax = _ax(ax)
    priors = [GeneralizedGaussian(2.0, 1.0), GeneralizedGaussian(1.0, 1.0)] if priors is None \
        else list(priors)
    lim = (ybars[0], ybars[-1])
    out: dict[str, Any] = {}
    (out["identity"],) = ax.plot(lim, lim, ":", color="0.55", lw=1.2, label="no prior: $\\bar y$")
    for i, prior in enumerate(priors):
        color = prior_color(prior)
        maps = break_jumps(map_estimate(prior, ybars, sigma=sigma, n=n))
        (out[f"map {i}"],) = ax.plot(ybars, maps, color=color, label=f"MAP, {prior.label}",
                                     **prior_marker(prior, ybars.size))
        if show_mean:
            (out[f"mean {i}"],) = ax.plot(ybars, posterior_mean(prior, ybars, sigma=sigma, n=n),
                                          "--", color=color, lw=1.4, label="posterior mean")
        thr = zero_threshold(prior, sigma=sigma, n=n)
        xs = [-thr, -thr, np.nan, thr, thr] if thr > 0 else [np.nan]
        ys = [lim[0], lim[1], np.nan, lim[0], lim[1]] if thr > 0 else [np.nan]
        (out[f"thr {i}"],) = ax.plot(xs, ys, ":", color=color, lw=1.0)
        if current is not None:
            (out[f"current {i}"],) = ax.plot(
                [current], [float(map_estimate(prior, current, sigma=sigma, n=n))], "o",
                color=COLORS["minimizer"], ms=8, mec="white", mew=1.5, zorder=5)
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.set_xlim(*lim)
    ax.set_ylim(*lim)
    ax.set_xlabel(r"observed mean $\bar y$")
    ax.set_ylabel("estimate of $w$")
    ax.legend(loc="upper left", fontsize="small")
    return out


def describe_map_vs_scale(ybar: float, *, ps: Iterable[float] = (2.0, 1.0, 0.5),
                          sigma: float = 1.0, n: int = 1, bs: np.ndarray | None = None) -> str:
    """The alt text of :func:`plot_map_vs_scale`: from which b each MAP leaves 0."""
    bs = np.geomspace(0.01, 100.0, 401) if bs is None else np.asarray(bs, dtype=float)
    parts = []
    for p in ps:
        maps = np.array([float(map_estimate(GeneralizedGaussian(p, b), ybar, sigma=sigma, n=n))
                         for b in bs])
        zero = np.flatnonzero(maps == 0)
        where = (f"exactly 0 up to b = {bs[zero[-1]]:.3g}" if zero.size else
                 f"never 0 (at b = {bs[0]:.3g} it is {fmt(maps[0])})")
        parts.append(f"p = {p:g}: {where}, {fmt(maps[-1])} at b = {bs[-1]:.3g}")
    return (f"The MAP for ȳ = {ybar:g} against the prior scale b (a small b is a strong belief "
            f"in 0): " + "; ".join(parts) + ".")


@described(describe_map_vs_scale)
def plot_map_vs_scale(
    ybar: float,
    *,
    ps: Iterable[float] = (2.0, 1.0, 0.5),
    sigma: float = 1.0,
    n: int = 1,
    bs: np.ndarray | None = None,
    ax: Axes | None = None,
) -> dict[str, Any]:
    r"""The MAP against the prior scale :math:`b` (log axis), one curve per exponent ``p``.

    A small :math:`b` is a strong belief that :math:`w` is near 0. The Gaussian MAP
    :math:`\bar y / (1 + 2\sigma^2/(nb))` tends to 0 but never reaches it; the Laplace MAP is
    exactly 0 for :math:`b \le \sigma^2/(n|\bar y|)`; for ``p < 1`` it jumps to 0.

    Returns
    -------
    dict
        One line per ``p`` under ``"p = {p:g}"``, and ``laplace_edge`` (the vertical line at
        :math:`b = \sigma^2/(n|\bar y|)`).
    """
    ax = _ax(ax)
    bs = np.geomspace(0.01, 100.0, 401) if bs is None else np.asarray(bs, dtype=float)
    out: dict[str, Any] = {}
    for p in ps:
        maps = np.array([float(map_estimate(GeneralizedGaussian(p, b), ybar, sigma=sigma, n=n))
                         for b in bs])
        prior = GeneralizedGaussian(p, 1.0)
        (out[f"p = {p:g}"],) = ax.plot(bs, break_jumps(maps, max_step=0.2),
                                       color=prior_color(prior), label=f"{prior.name}, p = {p:g}",
                                       **penalty_style(prior.penalty,
                                                       markevery=max(1, bs.size // 10)))
    edge = sigma * sigma / (n * abs(ybar)) if ybar != 0 else np.nan
    (out["laplace_edge"],) = ax.plot([edge, edge], [0, abs(ybar)], ":", color=COLORS["L1"], lw=1.2,
                                     label=r"Laplace: 0 for $b \leq \sigma^2/(n|\bar y|)$")
    ax.axhline(ybar, color="0.55", ls=":", lw=1.2)
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.set_xscale("log")
    ax.set_xlim(bs[0], bs[-1])
    ax.set_ylim(min(0.0, ybar) - 0.05 * abs(ybar), max(0.0, ybar) + 0.1 * abs(ybar))
    ax.set_xlabel(r"prior scale $b$  ($\lambda = 1/b$)")
    ax.set_ylabel(r"MAP $\hat w$")
    ax.set_title(rf"$\bar y = {ybar:g}$, $\sigma = {sigma:g}$, $n = {n}$", fontsize="medium")
    ax.legend(loc="upper left", fontsize="small")
    return out
