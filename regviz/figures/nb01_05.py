"""Lecture figures of notebooks 01-05 and 08: landscapes, balls, gradients, prox, priors, enet."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure

from ..experiments.results import Result
from ._registry import register

# --------------------------------------------------------------------------------------------
# 01: penalty landscapes


def _l1_threshold() -> float:
    from ..landscape import LECTURE_LOSS

    return abs(float(LECTURE_LOSS.df(0.0)))


@register(
    "l2-lambda-sequence",
    r"f(x) + λx² for λ = 0, 1, 2, 3, 4, with the lecture's f(x) = (x−1)² + (x−1)³/6: the "
    "minimiser (dots) moves towards 0 as λ grows, but never reaches it.",
    notebook="01_penalty_landscapes",
)
def _l2_sequence(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.landscape import plot_lambda_sequence

    ax = fig.subplots()
    plot_lambda_sequence([0, 1, 2, 3, 4], p=2, ax=ax)
    ax.set_title(r"$L_2$: the minimiser shrinks towards 0")


@register(
    "l1-lambda-sequence",
    f"f(x) + λ|x| for λ = 0, 1, 1.5, 2: once λ ≥ |f′(0)| = {_l1_threshold():g} the minimiser "
    "is exactly 0.",
    notebook="01_penalty_landscapes",
)
def _l1_sequence(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.landscape import plot_lambda_sequence

    ax = fig.subplots()
    plot_lambda_sequence([0, 1, 1.5, 2], p=1, ax=ax)
    ax.set_title(r"$L_1$: the minimiser lands on exactly 0")


@register(
    "minimizer-paths",
    "The global minimiser x*(λ) of f(x) + λ|x|^p for p = 2, 1 and 1/2: L2 approaches 0 without "
    "reaching it, L1 reaches 0 continuously, p = 1/2 jumps to 0.",
    notebook="01_penalty_landscapes",
)
def _minimizer_paths(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.landscape import plot_minimizer_path

    ax = fig.subplots()
    lams = np.linspace(0.0, 4.0, 401)
    for p in (2.0, 1.0, 0.5):
        plot_minimizer_path(lams, p, ax=ax)
    ax.legend(loc="upper right")
    ax.set_title(r"where the minimum of $f(x) + \lambda|x|^p$ sits")


# --------------------------------------------------------------------------------------------
# 02: Lp balls


@register(
    "lp-balls-2d",
    "Unit balls |w₁|^p + |w₂|^p ≤ 1 for p = 1/2, 1, 2 and ∞: the smaller p, the sharper the "
    "corners on the axes; for p < 1 the ball is not convex.",
    figsize=(16.0, 4.8),
    notebook="02_lp_balls",
)
def _lp_balls_2d(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..geometry import is_convex
    from ..plots.geometry import BALL_PS, p_label, plot_ball_2d

    axes = fig.subplots(1, len(BALL_PS), sharey=True)
    for ax, p in zip(axes, BALL_PS, strict=True):
        plot_ball_2d(p, ax=ax)
        ax.axhline(0.0, color="0.3", lw=0.8)
        ax.axvline(0.0, color="0.3", lw=0.8)
        ax.set_title(p_label(p) + ("" if is_convex(p) else ": not convex"))
    for ax in axes[1:]:
        ax.set_ylabel("")


@register(
    "lp-balls-overlay",
    "The same four unit balls on one axes: every ball passes through (±1, 0) and (0, ±1); "
    "between those points they range from the thin star of p = 1/2 to the square of p = ∞.",
    figsize=(7.0, 6.5),
    notebook="02_lp_balls",
)
def _lp_balls_overlay(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.geometry import BALL_PS, plot_balls_2d

    plot_balls_2d(BALL_PS, ax=fig.subplots())


@register(
    "lp-balls-3d",
    "Unit balls |w₁|^p + |w₂|^p + |w₃|^p ≤ 1 in 3D for p = 1/2, 1, 2 and ∞: the octahedron of "
    "L1 has its corners on the axes, where weights are exactly 0.",
    figsize=(16.0, 4.8),
    notebook="02_lp_balls",
)
def _lp_balls_3d(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.geometry import BALL_PS, plot_balls_3d

    axes = [fig.add_subplot(1, len(BALL_PS), i + 1, projection="3d")
            for i in range(len(BALL_PS))]
    plot_balls_3d(BALL_PS, axes=axes)
    for ax in axes:
        # constrained layout does not see 3D labels: zoom out so w3 stays on the canvas;
        # drop w2's and w3's -1 ticks, which at slide font size run into w1's 1 and w2's 1 at the
        # shared corners; move the axis labels off the tick labels
        ax.set_box_aspect((1, 1, 1), zoom=0.88)
        ax.set_yticks([0.0, 1.0])
        ax.set_zticks([0.0, 1.0])
        for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
            axis.labelpad = 4
    fig.get_layout_engine().set(rect=(0.0, 0.0, 0.98, 1.0))  # room for the last w3 label


@register(
    "constrained-view",
    "Loss contours meeting the ball (radius 1) for p = 1 and p = 2: the first level set to touch "
    "the L1 ball touches it at a corner, where one weight is exactly 0; the L2 ball is touched "
    "where both weights are nonzero.",
    figsize=(13.0, 5.4),
    notebook="02_lp_balls",
)
def _constrained_view(fig: Figure, results: Mapping[str, Result]) -> None:
    from matplotlib.lines import Line2D

    from ..plots.geometry import p_label, plot_constrained_view

    axes = fig.subplots(1, 2, sharey=True)
    for ax, p in zip(axes, (1.0, 2.0), strict=True):
        drawn = plot_constrained_view(p, ax=ax)
        w1, w2 = ("0" if v == 0 else f"{v:.2f}" for v in drawn["contact_point"].point)
        ax.set_title(p_label(p) + rf": $w^\star = ({w1},\ {w2})$")
    axes[1].set_ylabel("")
    handles, labels = axes[0].get_legend_handles_labels()
    # one legend for both panels: the ball's entry in a neutral colour (each panel has its own)
    handles = [Line2D([], [], color="0.4", lw=2.6) if "ball" in label else h
               for h, label in zip(handles, labels, strict=True)]
    fig.legend(handles, labels, loc="outside right center")


# --------------------------------------------------------------------------------------------
# 03: gradients and p < 1


@register(
    "gradient-magnitudes",
    "How hard the penalty λ|w|^p pulls a weight towards 0 (λ = 1, log-log axes): the square's "
    "pull vanishes near 0, the absolute value's is constant, the square root's explodes.",
    notebook="03_gradients_and_p_below_1",
)
def _gradient_magnitudes(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.dynamics import plot_penalty_slopes

    ax = fig.subplots()
    plot_penalty_slopes(1.0, ax=ax)
    ax.set_title(r"slope magnitude $p\lambda|w|^{p-1}$")


@register(
    "gd-trajectories",
    "Gradient descent on the penalty alone (η = 0.1, λ = 0.3, w₀ = 1). L2 shrinks geometrically "
    "and never reaches 0; L1 walks down in steps of ηλ, then hops across 0; the square root "
    "overshoots. Right: |w_t| on a log scale.",
    figsize=(15.0, 5.5),
    notebook="03_gradients_and_p_below_1",
)
def _gd_trajectories(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.dynamics import plot_trajectories

    ax, log_ax = fig.subplots(1, 2)
    plot_trajectories(0.1, 0.3, n_steps=80, ax=ax, log_ax=log_ax)
    ax.set_title("weight per step")
    log_ax.set_title("distance to 0 per step")


@register(
    "sqrt-orbits",
    "Gradient descent on λ√|w| never settles: for ηλ = 0.001, 0.01, 0.1 the weight rattles "
    "around the cycle amplitude a = (ηλ/4)^(2/3) (left, dotted); in units of a all three "
    "orbits have the same distribution (right).",
    figsize=(15.0, 5.5),
    notebook="03_gradients_and_p_below_1",
)
def _sqrt_orbits(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.dynamics import plot_sqrt_orbits

    axes = fig.subplots(1, 2)
    plot_sqrt_orbits((1e-3, 1e-2, 1e-1), n_steps=20000, burn_in=5000, axes=axes)
    axes[0].set_title("the last 150 of 20,000 steps")
    axes[1].set_title(r"$|w_t|$ in units of $a$, after 5,000 steps")


@register(
    "sqrt-penalty-level",
    "Sum of √|w| over 2,000 simulated weights against λ, relative to λ = 1: once the penalty "
    "dominates it grows like λ^(1/3), as the 2-cycle predicts; the Q&A's reported levels stay "
    "flat.",
    notebook="03_gradients_and_p_below_1",
)
def _sqrt_penalty_level(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..dynamics import sqrt_cycle_amplitude, sqrt_penalty_level
    from ..plots.dynamics import plot_penalty_level

    lams = np.array([0.01, 0.1, 1.0, 10.0, 100.0])
    lr, n_weights = 0.01, 2000
    level = sqrt_penalty_level(lams, lr=lr, n_weights=n_weights)
    cycle = n_weights * np.sqrt([sqrt_cycle_amplitude(lr, lam) for lam in lams])
    ax = fig.subplots()
    plot_penalty_level(lams, level, cycle, qa={0.1: 5.0, 1.0: 50.0, 100.0: 5000.0}, ax=ax)
    ax.set_title(r"the square-root penalty does not go to 0")


# --------------------------------------------------------------------------------------------
# 04: proximal operators


@register(
    "prox-maps",
    "Proximal maps z ↦ prox_{t·pen}(z) at t = 1: L2 only shrinks, L1 soft-thresholds, L0 and "
    "L1/2 jump from exactly 0 to a clearly nonzero value, the elastic net soft-thresholds and "
    "shrinks. Dashed: the thresholds; dotted: the identity.",
    figsize=(16.0, 4.6),
    notebook="04_proximal_operators",
)
def _prox_maps(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.prox import plot_prox_maps, prox_penalties

    axes = fig.subplots(1, len(prox_penalties()), sharey=True)
    plot_prox_maps(1.0, axes=axes)
    fig.suptitle(r"$\mathrm{prox}_{t\,\mathrm{pen}}(z) = \arg\min_x\, \frac{1}{2}(x - z)^2"
                 r" + t\,\mathrm{pen}(x)$ at $t = 1$")


@register(
    "subgrad-vs-prox",
    "Minimising ½(w − 0.3)² + λ|w| with λ = 0.5, η = 0.1: the proximal step lands on exactly 0 "
    "and stays; the subgradient step hops across 0 forever, within ±ηλ.",
    figsize=(11.0, 5.5),
    notebook="04_proximal_operators",
)
def _subgrad_vs_prox(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.prox import plot_subgrad_vs_prox

    ax = fig.subplots()
    plot_subgrad_vs_prox(0.1, 0.5, n_steps=40, ax=ax)
    ax.set_title("subgradient step vs proximal step")


@register(
    "l1-plateau",
    "4,000 weights with a weak data gradient after subgradient L1 steps (η = 0.1, λ = 0.5), in "
    "units of ηλ: they spread evenly over the plateau [−ηλ, ηλ] of width 2ηλ, and none is "
    "exactly 0.",
    notebook="04_proximal_operators",
)
def _l1_plateau(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..dynamics import plateau_simulation
    from ..plots.prox import plot_plateau

    lr, lam = 0.1, 0.5
    ax = fig.subplots()
    plot_plateau(plateau_simulation(lr, lam, n_weights=4000, seed=1), lr, lam, ax=ax)
    ax.set_title("the plateau of subgradient $L_1$ steps")


@register(
    "plateau-widths",
    "Measured plateau width (2√3 · std of the weights) against ηλ, for 12 pairs of learning "
    "rate and λ: every point lies on the primer's 2ηλ.",
    notebook="04_proximal_operators",
)
def _plateau_widths(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..dynamics import plateau_simulation, plateau_width
    from ..plots.prox import plot_plateau_widths

    pairs = sorted(((lr, lam) for lr in (0.01, 0.03, 0.1, 0.3) for lam in (0.1, 0.3, 1.0)),
                   key=lambda pair: pair[0] * pair[1])
    products = np.array([lr * lam for lr, lam in pairs])
    widths = np.array([plateau_width(plateau_simulation(lr, lam, n_weights=4000, seed=1))
                       for lr, lam in pairs])
    ax = fig.subplots()
    plot_plateau_widths(products, widths, ax=ax)
    ax.set_title(r"plateau width $= 2\eta\lambda$")


@register(
    "ista-vs-subgradient",
    "A sparse regression (100 samples, 40 features, 5 nonzero) with the lasso, λ = 0.1: ISTA "
    "converges to the optimum and finds the exact zeros; subgradient descent stalls above it "
    "with no exact zero.",
    figsize=(15.0, 5.5),
    notebook="04_proximal_operators",
)
def _ista_vs_subgradient(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..dynamics import sparse_regression
    from ..penalties import L1
    from ..plots.prox import plot_solver_comparison
    from ..solvers import ista, lipschitz_step, subgradient_descent

    X, y, w_true = sparse_regression(100, 40, n_nonzero=5, noise=0.1, seed=0)
    lr = lipschitz_step(X)
    res_ista = ista(X, y, L1(0.1), lr=lr, n_iter=300, accelerated=False)
    res_sub = subgradient_descent(X, y, L1(0.1), lr=lr, n_iter=300)
    plot_solver_comparison(res_ista, res_sub, w_true, axes=fig.subplots(1, 2))


# --------------------------------------------------------------------------------------------
# 05: the Bayesian view


@register(
    "priors",
    "Gaussian (p = 2), Laplace (p = 1) and a p = 1/2 prior, each of variance 1: the smaller p, "
    "the sharper the peak at 0 and the heavier the tails.",
    notebook="05_bayesian_view",
)
def _priors(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.priors import plot_priors

    ax = fig.subplots()
    plot_priors(ax=ax)
    ax.set_title(r"priors $\mu(w) \propto e^{-|w|^p / b}$")


@register(
    "neg-log-priors",
    "The negative log priors −log μ(w) = |w|^p / b + log Z (solid) are the penalties |w|^p / b "
    "(dashed) shifted by a constant: Gaussian gives L2, Laplace gives L1.",
    notebook="05_bayesian_view",
)
def _neg_log_priors(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.priors import plot_neg_log_prior

    ax = fig.subplots()
    plot_neg_log_prior(ax=ax)
    ax.set_title("MAP: the negative log prior is the penalty")


# --------------------------------------------------------------------------------------------
# 08: elastic net


@register(
    "elastic-net-ball",
    "Elastic-net balls a‖w‖₁ + (1 − a)‖w‖₂² ≤ 1 for a = 1/4, 1/2, 3/4, between the L1 and the L2 "
    "ball: corners on the axes like L1 (sparsity), curved edges like L2.",
    figsize=(9.0, 6.0),
    notebook="08_elastic_net",
)
def _elastic_net_ball(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.elastic_net import plot_elastic_net_ball

    plot_elastic_net_ball((0.25, 0.5, 0.75), ax=fig.subplots())


@register(
    "elastic-net-paths",
    "Regularization paths on two almost identical features (correlation 0.999): the lasso keeps "
    "only x₁ at every λ, the elastic net (a = 1/2) shares the weight between both.",
    figsize=(13.0, 5.5),
    notebook="08_elastic_net",
)
def _elastic_net_paths(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..elastic_net import compute_paths, correlated_regression
    from ..plots.elastic_net import plot_paths

    paths = compute_paths(*correlated_regression(seed=2), mixes=(1.0, 0.5))
    shown = {"lasso (a = 1)": paths.coefs[1.0], "elastic net (a = 1/2)": paths.coefs[0.5]}
    plot_paths(paths.lams, shown, axes=fig.subplots(1, 2, sharey=True))
