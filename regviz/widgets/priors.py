r"""Notebook 05's panels: a prior and its negative log; a 1D posterior and its MAP."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.lines import Line2D

from ..plots.priors import (
    MEAN_COLOR,
    PRIOR_W,
    YBARS,
    map_readout,
    plot_map_vs_ybar,
    plot_neg_log_prior,
    plot_posterior,
    plot_priors,
    posterior_curves,
    posterior_sentence,
    prior_color,
    prior_marker,
)
from ..plots.prox import break_jumps
from ..priors import (
    GeneralizedGaussian,
    map_estimate,
    posterior_mean,
    zero_threshold,
)
from ..style import penalty_style
from ._panel import Panel, make_figure
from .controls import float_slider, log_slider

__all__ = ["PriorPanel", "PosteriorPanel", "BENCHMARK_VIEWS"]

_REFERENCES = (("Gaussian (p = 2)", 2.0), ("Laplace (p = 1)", 1.0))


def _p_buttons(control: Any) -> list[Any]:
    """Buttons that set a p slider to 1, 2 and 1/2."""
    import ipywidgets as widgets

    buttons = []
    for label, value in (("Laplace (p = 1)", 1.0), ("Gaussian (p = 2)", 2.0), ("p = ½", 0.5)):
        b = widgets.Button(description=label, layout={"width": "130px"})
        b.on_click(lambda _, v=value: setattr(control, "value", v))
        buttons.append(b)
    return buttons


#: Fixed y-limits of the prior panel: over its slider ranges (p in [0.25, 3], b in [0.32, 3.2])
#: the density peaks below 2.7 and log Z stays above -1 (tested), so nothing ever rescales.
PRIOR_PANEL_YLIM: tuple[float, float] = (0.0, 3.0)
NEG_LOG_YLIM: tuple[float, float] = (-1.5, 8.0)


class PriorPanel(Panel):
    r"""The prior :math:`\mu(w) \propto e^{-|w|^p/b}` and :math:`-\log\mu(w)`; p and b sliders.

    Left: the density of the sliders' prior (thick), with the Gaussian and Laplace priors of the
    same :math:`b` (thin). Right: :math:`-\log\mu(w)` (solid), the penalty :math:`|w|^p/b` of
    ``Lp(p, lam=1/b)`` (dashed) and the constant :math:`\log Z` (dotted), for the sliders' prior.
    The readout gives :math:`Z = 2b^{1/p}\Gamma(1 + 1/p)`, :math:`\lambda = 1/b` and
    :math:`\log Z`.
    """

    def __init__(self, p: float = 0.5, b: float = 1.0) -> None:
        fig, (ax_d, ax_n) = make_figure(1, 2, figsize=(9, 3.6))
        self.axes = (ax_d, ax_n)
        priors = self.priors(p, b)
        self.artists = {}
        dens = plot_priors(priors, ax=ax_d)
        nl = plot_neg_log_prior(priors, ax=ax_n)
        for name, _ in _REFERENCES:
            for line in (dens[name], nl[name]):
                line.set_linewidth(1.2)
                line.set_alpha(0.6)
                line.set_label(f"{name}, same b")
            nl[name + " penalty"].set_visible(False)
            self.artists[f"density {name}"] = dens[name]
            self.artists[f"neg_log {name}"] = nl[name]
        self.artists["density"] = dens["slider"]
        self.artists["neg_log"] = nl["slider"]
        self.artists["penalty"] = nl["slider penalty"]
        self.artists["density"].set_linewidth(2.8)
        self.artists["neg_log"].set_linewidth(2.8)
        (self.artists["constant"],) = ax_n.plot(PRIOR_W[[0, -1]], [0.0, 0.0], ":", lw=1.4,
                                                color="0.3")
        # the sliders' curves change colour with p: their legend entries are neutral proxies
        proxy = {"color": "0.3"}
        ax_d.legend(handles=[dens[name] for name, _ in _REFERENCES] + [
            Line2D([], [], lw=2.8, label="sliders' prior", **proxy)],
            loc="upper right", fontsize="small")
        ax_n.legend(handles=[nl[name] for name, _ in _REFERENCES] + [
            Line2D([], [], lw=2.8, label=r"sliders' $-\log\mu(w)$", **proxy),
            Line2D([], [], ls="--", lw=1.2, label=r"penalty $|w|^p/b$ = Lp(p, 1/b)", **proxy),
            Line2D([], [], ls=":", lw=1.4, label=r"constant $\log Z$", **proxy)],
            loc="upper center", fontsize="small")
        ax_d.set_ylim(*PRIOR_PANEL_YLIM)
        ax_n.set_ylim(*NEG_LOG_YLIM)
        ax_d.set_title(r"prior $\mu(w) = e^{-|w|^p/b} / Z$")
        ax_n.set_title(r"$-\log\mu(w) = |w|^p/b + \log Z$")
        controls = {
            "p": float_slider("p", p, 0.25, 3.0, 0.05),
            "b": log_slider("scale b", b, -0.5, 0.5, 0.025),
        }
        dynamic = [v for k, v in self.artists.items()]
        super().__init__(fig, controls, dynamic=dynamic, extra=_p_buttons(controls["p"]))
        self.update(p=p, b=b)

    @staticmethod
    def priors(p: float, b: float) -> dict[str, GeneralizedGaussian]:
        """The drawn priors: the two references with scale ``b``, then ``slider`` (p, b)."""
        return {**{name: GeneralizedGaussian(q, b) for name, q in _REFERENCES},
                "slider": GeneralizedGaussian(p, b)}

    def update(self, p: float, b: float) -> None:  # noqa: D102
        a = self.artists
        p = round(float(p), 9)  # a slider's 0.9999999999 is p = 1
        priors = self.priors(p, b)
        for name, prior in priors.items():
            dens, nl = prior.density(PRIOR_W), prior.neg_log_density(PRIOR_W)
            key = "" if name == "slider" else " " + name
            a["density" + key].set_ydata(dens)
            a["neg_log" + key].set_ydata(nl)
        prior = priors["slider"]
        color = prior_color(prior)
        for k in ("density", "neg_log", "penalty"):
            a[k].set_color(color)
        a["density"].set(**penalty_style(prior.penalty, markevery=PRIOR_W.size // 10))
        a["neg_log"].set(**prior_marker(prior))
        a["penalty"].set_ydata(prior.penalty.value(PRIOR_W))
        a["constant"].set_ydata([prior.log_normalizer] * 2)
        self.text = (
            f"The {prior.name} prior with p = {p:g} and scale b = {b:.3g} peaks at "
            f"{float(prior.density(0.0)):.3g}; its negative log is the penalty |w|^p/b with "
            f"λ = 1/b = {prior.lam:.3g}, shifted up by log Z = {prior.log_normalizer:.3g}.")
        self.readout.value = (
            f"{prior.name}, p = {p:g}, b = {b:.3g}: Z = 2·b^(1/p)·Γ(1 + 1/p) = "
            f"<b>{prior.normalizer:.4g}</b>; −log μ(w) = |w|^p / b + log Z with "
            f"<b>λ = 1/b = {prior.lam:.4g}</b> and <b>log Z = {prior.log_normalizer:.4g}</b>; "
            f"standard deviation {prior.std:.4g}"
        )

    @property
    def state(self) -> dict[str, Any]:
        """What the panel shows now, as arrays: for tests."""
        a = self.artists
        return {
            "w": a["density"].get_xdata(),
            "density": a["density"].get_ydata(),
            "neg_log": a["neg_log"].get_ydata(),
            "penalty": a["penalty"].get_ydata(),
            "constant": float(a["constant"].get_ydata()[0]),
        }


#: The observed means of the posterior panel's mean curve (every other point of ``YBARS``: the
#: curve is smooth, and each point costs a quadrature).
MEAN_YBARS: np.ndarray = YBARS[::2]


class PosteriorPanel(Panel):
    r"""One weight, :math:`n` observations :math:`y_i \sim \mathcal N(w, \sigma^2)`, a prior.

    Sliders: the prior scale ``b``, the observed mean ``ybar``, the exponent ``p`` (buttons for
    Laplace, Gaussian and 1/2) and the number of observations ``n``; ``sigma`` is fixed.
    Left: likelihood, prior and posterior, each scaled to a maximum of 1 (so the axis never
    rescales), with the MAP (dot and line) and the posterior mean (diamond). Right: the MAP and
    the posterior mean against :math:`\bar y` for this prior, with the band of :math:`\bar y`
    whose MAP is exactly 0. The readout says whether the MAP is exactly 0.
    """

    def __init__(
        self, b: float = 1.0, ybar: float = 0.7, p: float = 1.0, n: int = 1, *,
        sigma: float = 1.0,
    ) -> None:
        import ipywidgets as widgets

        self.sigma = sigma
        fig, (ax_post, ax_map) = make_figure(1, 2, figsize=(9, 3.8))
        self.axes = (ax_post, ax_map)
        prior = GeneralizedGaussian(p, b)
        self.artists = plot_posterior(prior, ybar, sigma=sigma, n=n, scaled=True, ax=ax_post)
        ax_post.set_title(r"posterior $\propto$ likelihood $\times$ prior (each scaled to peak 1)",
                          fontsize="medium")
        right = plot_map_vs_ybar([prior], sigma=sigma, n=n, current=ybar, show_mean=True,
                                 ax=ax_map)
        self.artists.update(map_curve=right["map 0"], mean_curve=right["mean 0"],
                            band=right["thr 0"], current_map=right["current 0"])
        (self.artists["current_mean"],) = ax_map.plot([ybar], [0.0], "D", color=MEAN_COLOR, ms=6,
                                                      zorder=6)
        a = self.artists
        # the curves change colour with p: neutral legend proxies where they do
        ax_post.legend(handles=[a["likelihood"],
                                Line2D([], [], ls=":", lw=2.2, color="0.3", label="prior"),
                                a["posterior"], a["map"], a["mean"]],
                       loc="upper left", fontsize="small")
        ax_map.legend(handles=[
            right["identity"],
            Line2D([], [], color="0.3", label="MAP"),
            Line2D([], [], color="0.3", ls="--", lw=1.4, label="posterior mean"),
            Line2D([], [], color="0.3", ls=":", lw=1.0, label="MAP exactly 0 inside"),
        ], loc="upper left", fontsize="small")
        ax_map.set_title("estimate against the data: MAP vs posterior mean", fontsize="medium")
        controls = {
            "b": log_slider("prior scale b", b, -1.5, 1.5, 0.05),
            "ybar": float_slider("observed mean ȳ", ybar, -2.5, 2.5, 0.05),
            "p": float_slider("p", p, 0.25, 3.0, 0.05),
            "n": widgets.IntSlider(value=n, min=1, max=100, description="n observations",
                                   continuous_update=True,
                                   style={"description_width": "initial"},
                                   layout={"width": "320px"}),
        }
        names = ("likelihood", "prior", "posterior", "map_line", "map", "mean", "map_curve",
                 "mean_curve", "band", "current_map", "current_mean")
        super().__init__(fig, controls, dynamic=[self.artists[k] for k in names],
                         extra=_p_buttons(controls["p"]))
        self.update(b=b, ybar=ybar, p=p, n=n)

    def update(self, b: float, ybar: float, p: float, n: int) -> None:  # noqa: D102
        a, sigma = self.artists, self.sigma
        p = round(float(p), 9)  # a slider's 0.9999999999 is p = 1
        prior = GeneralizedGaussian(p, b)
        c = posterior_curves(prior, ybar, sigma=sigma, n=n, scaled=True)
        color = prior_color(prior)
        a["likelihood"].set_ydata(c["likelihood"])
        a["prior"].set_ydata(c["prior"])
        a["prior"].set_color(color)
        a["posterior"].set_ydata(c["posterior"])
        a["map_line"].set_xdata([c["map"]] * 2)
        a["map"].set_data([c["map"]], [c["map_height"]])
        a["mean"].set_data([c["mean"]], [c["mean_height"]])
        a["map_curve"].set_ydata(break_jumps(map_estimate(prior, YBARS, sigma=sigma, n=n)))
        a["mean_curve"].set_data(MEAN_YBARS, posterior_mean(prior, MEAN_YBARS, sigma=sigma, n=n))
        for k in ("map_curve", "mean_curve", "band"):
            a[k].set_color(color)
        a["map_curve"].set(**prior_marker(prior, YBARS.size))
        thr = zero_threshold(prior, sigma=sigma, n=n)
        if thr > 0:
            a["band"].set_data([-thr, -thr, np.nan, thr, thr],
                               [YBARS[0], YBARS[-1], np.nan, YBARS[0], YBARS[-1]])
        else:
            a["band"].set_data([np.nan], [np.nan])
        a["current_map"].set_data([ybar], [c["map"]])
        a["current_mean"].set_data([ybar], [c["mean"]])
        step = sigma * sigma / n
        line = map_readout(prior, ybar, sigma=sigma, n=n)  # one solve for both texts
        self.text = posterior_sentence(prior, ybar, c["map"], c["mean"], sigma=sigma, n=n,
                                       readout=line)
        self.readout.value = (
            f"<b>{line}</b>. Posterior mean "
            f"<b>{c['mean']:.4g}</b>{' (0 only because ȳ = 0)' if ybar == 0 else ', not 0'}. "
            f"MAP = prox of |w|^p / b with step σ²/n = {step:.3g}: λ = σ²/(n b) = "
            f"{step / b:.3g} against the mean loss ½(yᵢ − w)²."
        )

    @property
    def state(self) -> dict[str, Any]:
        """What the panel shows now: curves and the two estimates, for tests."""
        a = self.artists
        return {
            "w": a["posterior"].get_xdata(),
            "likelihood": a["likelihood"].get_ydata(),
            "prior": a["prior"].get_ydata(),
            "posterior": a["posterior"].get_ydata(),
            "map": float(a["map"].get_xdata()[0]),
            "map_height": float(a["map"].get_ydata()[0]),
            "mean": float(a["mean"].get_xdata()[0]),
            "map_curve": a["map_curve"].get_ydata(),
            "mean_curve": a["mean_curve"].get_ydata(),
            "band": np.asarray(a["band"].get_xdata(), dtype=float),
        }


#: Views timed by benchmarks/slider_latency.py: factory and the values each control sweeps.
BENCHMARK_VIEWS = {
    "05 prior": (
        PriorPanel,
        {"p": list(np.linspace(0.25, 3.0, 12)), "b": list(np.geomspace(10**-0.5, 10**0.5, 11))},
    ),
    "05 posterior": (
        PosteriorPanel,
        {
            "b": list(np.geomspace(10**-1.5, 10**1.5, 11)),
            "ybar": list(np.linspace(-2.5, 2.5, 11)),
            "p": list(np.linspace(0.25, 3.0, 12)),
            "n": [1, 2, 3, 5, 8, 12, 20, 30, 50, 75, 100],
        },
    ),
}
