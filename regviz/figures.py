r"""Every lecture figure, drawn in the lecture style and written as PDF / PNG / SVG.

``python -m regviz figures --out DIR`` loops over :data:`FIGURES`, a registry with one small
function per figure. Each function receives an empty :class:`matplotlib.figure.Figure` (fixed
size, constrained layout, lecture rcParams) and composes it from the plot functions of
:mod:`regviz.plots` and the compute functions of the modules that own the math; it computes
nothing itself. Adding a figure is one decorated function::

    @register("name", "Caption, one or two sentences.", figsize=(8, 5), notebook="02_lp_balls")
    def _name(fig, results):
        plot_something(..., ax=fig.subplots())

Figures listed with ``requires=`` need cached reproductions of :mod:`regviz.experiments`
(the MNIST runs); they are handed in through ``results`` by name. Everything is seeded and the
files carry no timestamps, so two runs write identical files.

The figures are :class:`~matplotlib.figure.Figure` objects, never pyplot's global figures, so
nothing stays open after the command.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .experiments.results import Result
from .style import COLORS, style_context

__all__ = [
    "FORMATS",
    "DEFAULT_FORMATS",
    "DPI",
    "MNIST_RUNS",
    "PRACTICE_RUNS",
    "LectureFigure",
    "FIGURES",
    "register",
    "parse_formats",
    "parse_names",
    "select",
    "build",
    "load_results",
    "write_figures",
]

#: Formats ``--format`` accepts, and the default list.
FORMATS: tuple[str, ...] = ("pdf", "png", "svg")
DEFAULT_FORMATS: tuple[str, ...] = ("pdf", "png")
#: Resolution of the PNG files: a (8, 5) inch figure is 1200 x 750 pixels.
DPI: int = 150
#: The reproductions behind the MNIST figures.
MNIST_RUNS: tuple[str, ...] = ("fleuret-l2", "fleuret-l1")
#: The reproductions behind notebook 07's training curves (an MLP on the MNIST sample).
PRACTICE_RUNS: tuple[str, ...] = ("forum-l1", "sqrt-penalty")

_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# No timestamps and a fixed SVG id salt, so the same figure gives the same bytes.
_METADATA = {"pdf": {"CreationDate": None}, "svg": {"Date": None}, "png": {}}
_SAVE_RC = {"savefig.bbox": "standard", "svg.hashsalt": "regviz", "pdf.compression": 6}


@dataclass(frozen=True)
class LectureFigure:
    """One registry entry: how to draw a lecture figure and what to say under it.

    Attributes
    ----------
    name : str
        File stem and ``--only`` name: lower case words joined by ``-``.
    caption : str
        One or two sentences for the slide / the manifest.
    draw : callable
        ``draw(fig, results)`` fills the empty ``fig``; ``results`` maps the names in
        ``requires`` to their :class:`~regviz.experiments.Result`.
    figsize : tuple of float
        Size in inches; the PNG is ``figsize * DPI`` pixels.
    requires : tuple of str
        Names of :mod:`regviz.experiments` reproductions the figure needs (empty for most).
    notebook : str
        The notebook that teaches the figure.
    """

    name: str
    caption: str
    draw: Callable[[Figure, Mapping[str, Result]], Any]
    figsize: tuple[float, float] = (8.0, 5.0)
    requires: tuple[str, ...] = ()
    notebook: str = ""

    @property
    def mnist(self) -> bool:
        """Whether the figure needs trained networks (a reproduction that trains some)."""
        from .experiments import networks_of

        return any(networks_of(name) > 0 for name in self.requires)

    @property
    def png_size(self) -> tuple[int, int]:
        """Width and height of the PNG in pixels."""
        return round(self.figsize[0] * DPI), round(self.figsize[1] * DPI)


#: The registry, in the order the lectures show the figures.
FIGURES: dict[str, LectureFigure] = {}


def register(
    name: str,
    caption: str,
    *,
    figsize: tuple[float, float] = (8.0, 5.0),
    requires: Sequence[str] = (),
    notebook: str = "",
) -> Callable[[Callable], Callable]:
    """Decorator adding ``draw(fig, results)`` to :data:`FIGURES` under ``name``.

    Raises
    ------
    ValueError
        If ``name`` is taken or not lower-case words joined by ``-``, or ``caption`` is empty.
    """
    if not _NAME.match(name):
        raise ValueError(f"name must be lower-case words joined by '-', got {name!r}")
    if name in FIGURES:
        raise ValueError(f"name {name!r} is already registered")
    if not caption.strip():
        raise ValueError(f"caption of {name!r} must not be empty")

    def deco(draw: Callable) -> Callable:
        FIGURES[name] = LectureFigure(name, caption, draw, tuple(figsize), tuple(requires),
                                      notebook)
        return draw

    return deco


# --------------------------------------------------------------------------------------------
# 00: why regularize (linear models; regviz.generalization)


def _poly_paths() -> tuple[Any, dict]:
    from .generalization import error_path, polynomial_data

    data = polynomial_data()
    return data, {"L2": error_path(data, penalty="L2")}


@register(
    "overfitting-curve",
    "A degree-12 polynomial fitted to 15 noisy points of sin(πx): without a penalty it threads "
    "every training point and misses the test points by far; with ridge's λ chosen on a "
    "validation set it follows the function.",
    figsize=(12.0, 5.4),
    notebook="00_why_regularize",
)
def _overfitting_curve(fig: Figure, results: Mapping[str, Result]) -> None:
    from .plots.generalization import fit_curve_x, plot_fit

    data, paths = _poly_paths()
    p = paths["L2"]
    x = fit_curve_x()
    for ax, i in zip(fig.subplots(1, 2, sharey=True), (0, int(np.argmin(p.val))), strict=True):
        plot_fit(data, data.features(x) @ p.coefs[i] + p.intercepts[i], ax=ax)
        lam = "0" if p.lams[i] == 0 else f"{p.lams[i]:.2g} (best on validation)"
        ax.set_title(rf"$\lambda$ = {lam}"
                     + f"\ntrain MSE {p.train[i]:.2g}, test MSE {p.test[i]:.2g}")
    ax.legend(loc="lower right", fontsize="small")


@register(
    "error-vs-lambda",
    "Train, validation and test error of the degree-12 ridge fit against λ (log scale, 0 on the "
    "left): the training error only grows with λ; validation and test errors fall by two "
    "decades, then rise again: the U shape.",
    figsize=(10.0, 5.0),
    notebook="00_why_regularize",
)
def _error_vs_lambda(fig: Figure, results: Mapping[str, Result]) -> None:
    from .plots.generalization import plot_error_curves

    _, paths = _poly_paths()
    p = paths["L2"]
    ax = fig.subplots()
    plot_error_curves(p.lams, {"train": p.train, "val": p.val, "test": p.test},
                      current=float(p.lams[np.argmin(p.val)]), ax=ax)
    ax.set_title("ridge on a degree-12 polynomial, 15 training points")


@register(
    "cv-curve",
    "Five-fold cross-validation of ridge on the diabetes data: mean held-out error ± one "
    "standard error against λ, the lowest mean (dot) and the largest λ within one standard "
    "error of it (diamond); the test error (dashed) was not used to choose.",
    figsize=(10.0, 5.0),
    notebook="00_why_regularize",
    requires=("diabetes-cv",),
)
def _cv_curve(fig: Figure, results: Mapping[str, Result]) -> None:
    from .experiments.linear import Method
    from .generalization import diabetes_data, diabetes_paths
    from .plots.generalization import plot_cv_curve

    Xtr, ytr, Xte, yte, _ = diabetes_data()
    cv = results["diabetes-cv"].rows_of(Method.RIDGE)[0].cv()
    _, coefs = diabetes_paths("L2", lams=cv.lams)
    b = ytr.mean() - Xtr.mean(0) @ coefs.T
    test = np.mean((Xte @ coefs.T + b - yte[:, None]) ** 2, axis=0)
    ax = fig.subplots()
    plot_cv_curve(cv, test=test, ax=ax)
    ax.set_title("ridge on the diabetes data: 5-fold CV")


@register(
    "diabetes-paths",
    "Regularization paths on scikit-learn's diabetes data (10 standardized features): the "
    "lasso sets coefficients exactly to 0 one after another, ridge shrinks all of them smoothly, "
    "the elastic net (a = 1/2) does both. Dashed: the λ chosen by 5-fold CV.",
    figsize=(14.0, 5.2),
    notebook="00_why_regularize",
    requires=("diabetes-cv",),
)
def _diabetes_paths(fig: Figure, results: Mapping[str, Result]) -> None:
    from .experiments.linear import PENALTY_OF, Method
    from .generalization import diabetes_paths
    from .plots.generalization import plot_path_panels

    result = results["diabetes-cv"]
    rows = {m: result.rows_of(m)[0] for m in (Method.LASSO, Method.RIDGE, Method.ELASTIC_NET)}
    paths = {m: diabetes_paths(PENALTY_OF[m]) for m in rows}
    notes = {m: f"test MSE {r.test_error:.0f}" for m, r in rows.items()}
    plot_path_panels(paths, chosen={m: r.lam for m, r in rows.items()},
                     names=result.config["features"], notes=notes,
                     axes=fig.subplots(1, 3, sharey=True))


@register(
    "shrinkage-factors",
    "Ridge through the SVD: each singular direction j of the polynomial features is multiplied "
    "by s_j²/(s_j² + 2nλ). Directions with small singular values (the wiggles) are cut first; "
    "df(λ), the sum of the factors, falls from 12 to 0.",
    figsize=(10.0, 5.0),
    notebook="00_why_regularize",
)
def _shrinkage_factors(fig: Figure, results: Mapping[str, Result]) -> None:
    from .generalization import lam_grid, polynomial_data, shrinkage_factors
    from .plots.generalization import plot_shrinkage

    X = polynomial_data().X_train
    lams = lam_grid()
    ax = fig.subplots()
    plot_shrinkage(lams, shrinkage_factors(X - X.mean(0), lams), ax=ax)
    ax.set_title(r"shrinkage factor $s_j^2/(s_j^2 + 2n\lambda)$ of each direction")


@register(
    "early-stopping-vs-ridge",
    "Gradient descent from 0 on least squares (diabetes data), its coefficients against the step "
    "t, beside ridge's against 1/(2ηλ): stopping after t steps is close to ridge with "
    "λ ≈ 1/(2ηt), though not equal.",
    figsize=(13.0, 5.0),
    notebook="11_implicit_regularization",
)
def _early_stopping(fig: Figure, results: Mapping[str, Result]) -> None:
    from .generalization import diabetes_data, ridge
    from .implicit import gd_path, lam_for_steps
    from .plots.generalization import plot_early_stopping

    X, y, *_ = diabetes_data()
    X, y = X - X.mean(0), y - y.mean()
    lr = 0.9 * len(y) / np.linalg.norm(X, 2) ** 2
    steps = np.unique(np.round(np.geomspace(1, 10_000, 81)).astype(int))
    gd = gd_path(X, y, lr=lr, n_steps=int(steps[-1]))[steps]
    lams = lam_for_steps(np.geomspace(1, 10_000, 121), lr)
    plot_early_stopping(steps, gd, lams, np.array([ridge(X, y, lam) for lam in lams]), lr=lr,
                        axes=fig.subplots(1, 2, sharey=True))


@register(
    "stopping-vs-ridge-filters",
    "Early stopping's factor 1 - exp(-x) on a direction beside ridge's x/(1 + x) at the matched "
    "λ = 1/(2ηt), with x = ηts²/n: stopping shrinks every direction less, the two agree on weak "
    "directions, and stopping's knee is sharper (10 % to 90 % over a factor 22 in x, not 81).",
    figsize=(9.0, 5.0),
    notebook="11_implicit_regularization",
)
def _stopping_filters(fig: Figure, results: Mapping[str, dict]) -> None:
    from .plots.implicit import plot_filters

    plot_filters(ax=fig.subplots())


@register(
    "double-descent",
    "Random ReLU features fitted to 100 training points (mean of 5 draws): the minimum-norm "
    "fit's test error peaks where the width equals the number of training points and falls "
    "again past it; ridge tuned on validation data has no peak.",
    figsize=(10.0, 5.5),
    notebook="11_implicit_regularization",
)
def _double_descent(fig: Figure, results: Mapping[str, dict]) -> None:
    from .experiments import reproduce
    from .experiments.double_descent import curves
    from .plots.implicit import plot_double_descent

    result = reproduce("double-descent")  # NumPy, about two seconds
    c = curves(result)
    plot_double_descent(c["widths"], {m: c[m] for m in ("min-norm", "tuned-ridge")},
                        n_train=int(result.config["n_train"]), train=c["train"],
                        ax=fig.subplots())


@register(
    "bias-variance",
    "Bias², variance and noise of ridge on the degree-12 polynomial, over 300 training sets of "
    "15 points: variance falls and bias rises with λ; their sum (black) is the test error "
    "measured directly (dots, ± 2 standard errors).",
    figsize=(10.0, 5.0),
    notebook="00_why_regularize",
)
def _bias_variance(fig: Figure, results: Mapping[str, Result]) -> None:
    from .generalization import bias_variance, lam_grid
    from .plots.generalization import plot_bias_variance

    ax = fig.subplots()
    plot_bias_variance(bias_variance(lam_grid(1e-5, 10.0, 19, zero=False), n_draws=300), ax=ax)


@register(
    "d2l-weight-decay",
    "d2l's regression with 200 features and 20 training samples, by minibatch SGD: without a "
    "penalty the training error falls to nothing while the test error stays high; with d2l's "
    "λ = 3 (our λ = 1.5) the test error is hundreds of times lower and the weights small.",
    figsize=(13.0, 5.0),
    notebook="00_why_regularize",
    requires=("d2l-weight-decay",),
)
def _d2l_weight_decay(fig: Figure, results: Mapping[str, Result]) -> None:
    from .plots.generalization import plot_d2l_curves

    plot_d2l_curves(results["d2l-weight-decay"],
                    axes=fig.subplots(1, 2, width_ratios=(1.6, 1)))


# --------------------------------------------------------------------------------------------
# 01: penalty landscapes


def _l1_threshold() -> float:
    from .landscape import LECTURE_LOSS

    return abs(float(LECTURE_LOSS.df(0.0)))


@register(
    "l2-lambda-sequence",
    r"f(x) + λx² for λ = 0, 1, 2, 3, 4, with the lecture's f(x) = (x−1)² + (x−1)³/6: the "
    "minimiser (dots) moves towards 0 as λ grows, but never reaches it.",
    notebook="01_penalty_landscapes",
)
def _l2_sequence(fig: Figure, results: Mapping[str, Result]) -> None:
    from .plots.landscape import plot_lambda_sequence

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
    from .plots.landscape import plot_lambda_sequence

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
    from .plots.landscape import plot_minimizer_path

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
    from .geometry import is_convex
    from .plots.geometry import BALL_PS, p_label, plot_ball_2d

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
    from .plots.geometry import BALL_PS, plot_balls_2d

    plot_balls_2d(BALL_PS, ax=fig.subplots())


@register(
    "lp-balls-3d",
    "Unit balls |w₁|^p + |w₂|^p + |w₃|^p ≤ 1 in 3D for p = 1/2, 1, 2 and ∞: the octahedron of "
    "L1 has its corners on the axes, where weights are exactly 0.",
    figsize=(16.0, 4.8),
    notebook="02_lp_balls",
)
def _lp_balls_3d(fig: Figure, results: Mapping[str, Result]) -> None:
    from .plots.geometry import BALL_PS, plot_balls_3d

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

    from .plots.geometry import p_label, plot_constrained_view

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
    from .plots.dynamics import plot_penalty_slopes

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
    from .plots.dynamics import plot_trajectories

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
    from .plots.dynamics import plot_sqrt_orbits

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
    from .dynamics import sqrt_cycle_amplitude, sqrt_penalty_level
    from .plots.dynamics import plot_penalty_level

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
    from .plots.prox import plot_prox_maps, prox_penalties

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
    from .plots.prox import plot_subgrad_vs_prox

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
    from .dynamics import plateau_simulation
    from .plots.prox import plot_plateau

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
    from .dynamics import plateau_simulation, plateau_width
    from .plots.prox import plot_plateau_widths

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
    from .dynamics import sparse_regression
    from .penalties import L1
    from .plots.prox import plot_solver_comparison
    from .solvers import ista, lipschitz_step, subgradient_descent

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
    from .plots.priors import plot_priors

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
    from .plots.priors import plot_neg_log_prior

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
    from .plots.elastic_net import plot_elastic_net_ball

    plot_elastic_net_ball((0.25, 0.5, 0.75), ax=fig.subplots())


@register(
    "elastic-net-paths",
    "Regularization paths on two almost identical features (correlation 0.999): the lasso keeps "
    "only x₁ at every λ, the elastic net (a = 1/2) shares the weight between both.",
    figsize=(13.0, 5.5),
    notebook="08_elastic_net",
)
def _elastic_net_paths(fig: Figure, results: Mapping[str, Result]) -> None:
    from .elastic_net import compute_paths, correlated_regression
    from .plots.elastic_net import plot_paths

    paths = compute_paths(*correlated_regression(seed=2), mixes=(1.0, 0.5))
    shown = {"lasso (a = 1)": paths.coefs[1.0], "elastic net (a = 1/2)": paths.coefs[0.5]}
    plot_paths(paths.lams, shown, axes=fig.subplots(1, 2, sharey=True))


# --------------------------------------------------------------------------------------------
# 06: MNIST, the lecture's convnet (cached reproductions)


@register(
    "mnist-l2-error",
    "The lecture's convnet on 1,000 MNIST digits with λ Σw² in the loss: train and test error "
    "against λ, with the lecture's test errors (triangles) and the range over four seeds "
    "(shaded); the error is flat, then rises once the penalty dominates.",
    requires=("fleuret-l2",),
    notebook="06_mnist_l2_l1",
)
def _mnist_l2_error(fig: Figure, results: Mapping[str, Result]) -> None:
    from .plots.training import plot_error_vs_lambda

    ax = fig.subplots()
    plot_error_vs_lambda(results["fleuret-l2"], ax=ax, sparsity=False)
    ax.set_title(r"$L_2$ in the loss")


@register(
    "mnist-l1-error",
    "The same convnet with L1 applied as a proximal step: error against λ (left axis) and the "
    "fraction of weights that are exactly 0 (right axis), which climbs with λ. The shaded range "
    "over four seeds is widest at the largest λ, where a run either collapses to chance or keeps "
    "part of the network.",
    requires=("fleuret-l1",),
    notebook="06_mnist_l2_l1",
)
def _mnist_l1_error(fig: Figure, results: Mapping[str, Result]) -> None:
    from .plots.training import plot_error_vs_lambda

    ax = fig.subplots()
    plot_error_vs_lambda(results["fleuret-l1"], ax=ax)
    ax.set_title(r"$L_1$ as a proximal step")


# --------------------------------------------------------------------------------------------
# 09: the playground (numpy training, no torch: seconds, no cache)

#: The run behind the playground figures: notebook 09's default setting, trained this long.
PLAYGROUND_STEPS = 1500
#: The pruning λ of the second snapshot (L1 as a proximal step).
PLAYGROUND_PRUNING_LAM = 0.03


def _playground_snapshot(fig: Figure, penalty: Any, title: str) -> None:
    from .playground import Trainer, make_dataset
    from .plots.playground import plot_snapshot

    trainer = Trainer(make_dataset("moons"), penalty=penalty, mode="prox")
    trainer.step(PLAYGROUND_STEPS)
    ax_boundary, ax_network = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.6]})
    plot_snapshot(trainer, ax_boundary=ax_boundary, ax_network=ax_network, title=title)


@register(
    "playground-no-penalty",
    "The playground's default network (2-8-8-1, tanh) after 1,500 SGD steps on the moons without "
    "a penalty: a curved boundary, and every one of the 88 weights nonzero (edge width |w|, blue "
    "positive, orange negative).",
    figsize=(11.0, 4.6),
    notebook="09_playground",
)
def _playground_no_penalty(fig: Figure, results: Mapping[str, Result]) -> None:
    _playground_snapshot(fig, None, "no penalty")


@register(
    "playground-l1-prox",
    "The same run with λΣ|w|, λ = 0.03, applied as a proximal step after each SGD step: most "
    "weights are exactly 0 and drawn as missing edges, units left without weights are grey; the "
    "few units left draw a simpler boundary, at some cost in test accuracy at a λ this large.",
    figsize=(11.0, 4.6),
    notebook="09_playground",
)
def _playground_l1_prox(fig: Figure, results: Mapping[str, Result]) -> None:
    from .penalties import L1

    _playground_snapshot(fig, L1(PLAYGROUND_PRUNING_LAM),
                         f"$L_1$ as a prox step, λ = {PLAYGROUND_PRUNING_LAM:g}")


# --------------------------------------------------------------------------------------------
# 10: dropout and noise (regviz.noise; the dropout-vs-l2 reproduction)


@register(
    "dropout-kept-share",
    "Six equally useful features, nonzero on 100 % down to 2 % of 400 points: dropout "
    "(p = 0.5) keeps about half of every least-squares weight, while ridge with one λ of the "
    "same total strength keeps most of a common feature's weight and almost none of a rare one's.",
    figsize=(8.0, 4.2),
    notebook="10_dropout_and_noise",
)
def _dropout_kept_share(fig: Figure, results: Mapping[str, dict]) -> None:
    from .noise import kept_share, rare_features
    from .plots.noise import plot_kept_share

    frequencies = (1.0, 0.5, 0.2, 0.1, 0.05, 0.02)
    X, y = rare_features(n=400, frequencies=frequencies)
    plot_kept_share(frequencies, kept_share(X, y, 0.5), p=0.5, ax=fig.subplots())


def _fmt_lam(lam: float) -> str:
    return "0" if lam == 0 else f"{lam:g}"


def _table(ax: Any, result: Result, title: str) -> None:
    """A slide table of a reproduction's rows, the lecture's errors beside ours.

    Columns: λ, the lecture's test error and ours, its train error and ours, exact zeros.
    """
    num = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
    cells = [[_fmt_lam(r.lam), num(r.lecture_test_error), num(r.test_error),
              num(r.lecture_train_error), num(r.train_error), num(r.zero_fraction)]
             for r in result.rows]
    ax.axis("off")
    table = ax.table(cellText=cells,
                     colLabels=["λ", "test\nlecture", "test\nours",
                                "train\nlecture", "train\nours", "exact\nzeros"],
                     loc="upper center", cellLoc="center")
    table.auto_set_font_size(False)
    table.set_fontsize(mpl.rcParams["legend.fontsize"])
    table.scale(1.0, 1.9)
    for (row, _), cell in table.get_celld().items():
        cell.set_edgecolor("0.75")
        if row == 0:  # two-line headers
            cell.set_text_props(weight="bold")
            cell.set_height(2 * cell.get_height())
    ax.set_title(title)


@register(
    "mnist-tables",
    "The lecture's two tables, re-run: test and train error of the convnet on 1,000 MNIST digits "
    "for each λ, the lecture's value next to ours, and the fraction of weights that are "
    "exactly 0.",
    figsize=(13.0, 4.0),
    requires=MNIST_RUNS,
    notebook="06_mnist_l2_l1",
)
def _mnist_tables(fig: Figure, results: Mapping[str, Result]) -> None:
    ax_l2, ax_l1 = fig.subplots(1, 2)
    _table(ax_l2, results["fleuret-l2"], r"$L_2$ in the loss")
    _table(ax_l1, results["fleuret-l1"], r"$L_1$ as a proximal step")


@register(
    "mnist-lecture-comparison",
    "Our errors against the lecture's, one point per row of the two tables (first seed): test "
    "errors filled, train errors hollow, with a bar over the range of four seeds' test errors; "
    "on the dotted line they agree.",
    figsize=(7.0, 6.5),
    requires=MNIST_RUNS,
    notebook="06_mnist_l2_l1",
)
def _mnist_lecture_comparison(fig: Figure, results: Mapping[str, Result]) -> None:
    from .plots.training import plot_lecture_comparison

    ax = fig.subplots()
    # the reproductions' names mean nothing on a slide: name the penalties, in their colours
    plot_lecture_comparison([results[name] for name in MNIST_RUNS], ax=ax,
                            labels=("$L_2$ in the loss", "$L_1$ as a proximal step"),
                            colors=(COLORS["L2"], COLORS["L1"]))
    ax.set_aspect("equal")
    ax.set_title("ours vs the lecture")


@register(
    "mnist-weight-histograms",
    "Histograms of the trained weights for the smallest, a middle and the largest λ: L2 narrows "
    "the bump, L1 as a proximal step piles weights at exactly 0.",
    figsize=(15.0, 5.5),
    requires=MNIST_RUNS,
    notebook="06_mnist_l2_l1",
)
def _mnist_weight_histograms(fig: Figure, results: Mapping[str, Result]) -> None:
    from .plots.training import plot_weight_histogram

    axes = fig.subplots(1, 2, sharey=True)
    for ax, name in zip(axes, MNIST_RUNS, strict=True):
        rows = results[name].rows
        for i in sorted({0, len(rows) // 2, len(rows) - 1}):  # the panel title names the method
            plot_weight_histogram(rows[i], ax=ax, label=f"λ = {rows[i].lam:g}")
    axes[0].set_title(r"$L_2$ in the loss")
    axes[1].set_title(r"$L_1$ as a proximal step")


# --------------------------------------------------------------------------------------------
# 07: questions from practice, training curves of the MLP (cached reproductions)


@register(
    "forum-l1-curves",
    "The forum's MLP with λΣ|w| over all parameters in the loss, per epoch: at λ = 0.01 the "
    "penalty (right, log scale) is driven to almost 0 and the loss flattens at chance level; "
    "λ = 0.001 (all parameters or weights only) keeps learning. The loop as posted (no "
    "zero_grad) lets gradients pile up: without a penalty it becomes NaN in epoch 6, with L1 "
    "its penalty grows instead of shrinking.",
    figsize=(15.0, 5.5),
    requires=("forum-l1",),
    notebook="07_questions_from_practice",
)
def _forum_l1_curves(fig: Figure, results: Mapping[str, Result]) -> None:
    from .plots.training import plot_training_curves

    ax_loss, ax_pen = fig.subplots(1, 2)
    plot_training_curves(results["forum-l1"], ax=ax_loss, legend="figure")
    plot_training_curves(results["forum-l1"], metric="penalty", methods=["l1"], ax=ax_pen,
                         logy=True, legend=None)  # the same runs as on the left
    ax_loss.set_title("training loss")
    ax_pen.set_title(r"$L_1$ penalty $\lambda\sum|w|$")


@register(
    "sqrt-penalty-curves",
    "The Q&A's λΣ√|w| in the loss, per epoch (log scale), for its λ, beside a run without "
    "penalty and the proximal half threshold; red crosses mark runs whose loss became NaN "
    "(the runs whose biases start at exactly 0 are an illustration of autograd's 0·∞).",
    figsize=(15.0, 6.0),
    requires=("sqrt-penalty",),
    notebook="07_questions_from_practice",
)
def _sqrt_penalty_curves(fig: Figure, results: Mapping[str, Result]) -> None:
    from .experiments.sqrt import LABELS
    from .plots.training import plot_training_curves

    ax = fig.subplots()
    result = results["sqrt-penalty"]
    drawn = plot_training_curves(result, ax=ax)
    # the runs' names are code: on a slide, say what each does
    relabel = {}
    for i, art in {**drawn["lines"], **drawn["markers"]}.items():
        row = result.rows[i]
        label = rf"{LABELS.get(row.method, row.method)}, $\lambda$ = {row.lam:g}"
        if row.diverged_at_epoch is not None:
            label += f": NaN in epoch {row.diverged_at_epoch}"
        relabel[art.get_label()] = label
    for text in drawn["legend"].get_texts():  # in place: the entries keep their order
        text.set_text(relabel[text.get_text()])
    ax.set_title(r"$\lambda\sum\sqrt{|w|}$: a plateau, NaN, or the proximal step")


# --------------------------------------------------------------------------------------------
# The command


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    """``"pdf,png"`` (or a list) as a tuple of formats, each one of :data:`FORMATS`.

    Raises
    ------
    ValueError
        If a format is not one of :data:`FORMATS` or the list is empty.
    """
    items = text.split(",") if isinstance(text, str) else list(text)
    formats = tuple(dict.fromkeys(s.strip().lower() for s in items if s.strip()))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ValueError(
            f"format must be a comma-separated list of {', '.join(FORMATS)}, got {text!r}"
        )
    return formats


def parse_names(text: str | Iterable[str]) -> tuple[str, ...]:
    """``"a,b"`` (or a list) as a tuple of registered figure names.

    Raises
    ------
    ValueError
        If a name is not in :data:`FIGURES` or the list is empty.
    """
    items = text.split(",") if isinstance(text, str) else list(text)
    names = tuple(dict.fromkeys(s.strip() for s in items if s.strip()))
    bad = [n for n in names if n not in FIGURES]
    if bad or not names:
        unknown = ", ".join(bad) or repr(text)
        raise ValueError(f"only must name figures among {', '.join(FIGURES)}; unknown: {unknown}")
    return names


def select(
    only: Sequence[str] | None = None, *, mnist: bool = True
) -> tuple[list[LectureFigure], list[LectureFigure]]:
    """The figures to draw, in registry order, and those skipped because ``mnist`` is False.

    Raises
    ------
    ValueError
        If ``only`` names an unknown figure.
    """
    names = parse_names(only) if only is not None else tuple(FIGURES)
    chosen = [FIGURES[n] for n in FIGURES if n in names]
    return [f for f in chosen if mnist or not f.mnist], [f for f in chosen if f.mnist and not mnist]


# -- first use: how many networks, and a progress bar while they train -----------------------
def is_cached(name: str) -> bool:
    """Whether :func:`regviz.experiments.reproduce` loads ``name`` without training."""
    from . import experiments as ex

    return ex.is_stored(name)


def training_plan(names: Iterable[str]) -> tuple[list[str], int]:
    """The reproductions among ``names`` that are not cached, and how many networks they train
    (as each declares: :func:`regviz.experiments.networks_of`).
    """  # noqa: D205
    from .experiments import networks_of

    todo = [n for n in dict.fromkeys(names) if not is_cached(n)]
    return todo, sum(networks_of(n) for n in todo)


def load_results(names: Iterable[str], *, progress: bool = True) -> dict[str, Result]:
    """The reproductions by name, via :func:`regviz.experiments.reproduce`.

    The shipped reference results load without training (and without torch) when their
    configuration matches; otherwise the first call trains (minutes on a CPU) while a progress
    bar (tqdm, on stderr) counts the networks, as the runners report them, against
    :func:`training_plan`'s total.
    """
    from .experiments import reproduce

    names = list(dict.fromkeys(names))
    _, total = training_plan(names)
    if not total or not progress:
        return {name: reproduce(name) for name in names}
    from tqdm.auto import tqdm

    with tqdm(total=total, desc="training", unit="network", file=sys.stderr) as bar:
        return {name: reproduce(name, on_network=lambda: bar.update(1)) for name in names}


def build(spec: LectureFigure, results: Mapping[str, Result] | None = None) -> Figure:
    """Draw one registry entry into a new lecture-style Figure (not registered with pyplot)."""
    results = results or {}
    missing = [n for n in spec.requires if n not in results]
    if missing:
        raise ValueError(f"figure {spec.name!r} needs the results {missing}; got {list(results)}")
    with style_context("lecture"):
        fig = Figure(figsize=spec.figsize, dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)  # a canvas of its own: drawable, and unknown to pyplot
        spec.draw(fig, results)
        fig.canvas.draw()  # lay out while the lecture rcParams are active
    return fig


def save(fig: Figure, path: Path, fmt: str) -> None:
    """Save ``fig`` at its own size (no tight bbox) without timestamps."""
    with style_context("lecture"), mpl.rc_context(_SAVE_RC):
        fig.savefig(path, format=fmt, dpi=DPI, metadata=_METADATA[fmt])


def _markdown_index(manifest: dict) -> str:
    lines = ["# regviz lecture figures", ""]
    if manifest["skipped"]:
        lines += [f"Skipped (MNIST, `--no-mnist`): {', '.join(manifest['skipped'])}.", ""]
    for entry in manifest["figures"]:
        files = entry["files"]
        links = " · ".join(f"[{fmt.upper()}]({files[fmt]})" for fmt in files)
        lines += [f"## {entry['name']}", "", entry["caption"], ""]
        if "png" in files:
            lines += [f"![{entry['name']}]({files['png']})", ""]
        lines += [links + (f" (notebook `{entry['notebook']}`)" if entry["notebook"] else ""), ""]
    return "\n".join(lines)


def write_figures(
    out: str | Path,
    *,
    formats: str | Sequence[str] = DEFAULT_FORMATS,
    only: Sequence[str] | None = None,
    mnist: bool = True,
    results: Mapping[str, Result] | None = None,
    log: Callable[[str], Any] = print,
) -> dict:
    """Write the selected figures in each format, ``manifest.json`` and ``index.md`` to ``out``.

    Parameters
    ----------
    out : str or Path
        Output folder, created if needed.
    formats : str or sequence of str
        Subset of :data:`FORMATS`, e.g. ``"pdf,png"``.
    only : sequence of str, optional
        Names of the figures to write (default: all).
    mnist : bool
        Draw the figures that need the MNIST reproductions (cached; trained on first use).
    results : mapping, optional
        Reproduction dicts by name, used instead of :func:`load_results` (e.g. in tests).
    log : callable
        Receives one line per figure written, plus a few lines of summary.

    Returns
    -------
    dict
        The manifest: ``figures`` (``name``, ``caption``, ``notebook``, ``files`` by format,
        ``png_size``), ``formats``, ``dpi``, ``style``, ``skipped``.
    """
    fmts = parse_formats(formats)
    specs, skipped = select(only, mnist=mnist)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if skipped:
        log(f"skipping {len(skipped)} MNIST figures (--no-mnist): "
            + ", ".join(s.name for s in skipped))
    needed = [n for s in specs for n in s.requires]
    res = dict(results or {})
    todo = [n for n in dict.fromkeys(needed) if n not in res]
    if todo:
        from .data import cache_dir

        untrained, networks = training_plan(todo)
        stored = [n for n in todo if n not in untrained]
        if stored:  # what happens, said as it happens: nothing trains for these
            log(f"loading reproductions {', '.join(stored)} (the reference results shipped with "
                f"regviz, or the cache in {cache_dir() / 'runs'}: nothing to train)")
        if networks:
            log(f"first use: training {networks} networks for {', '.join(untrained)} (minutes "
                f"on a laptop CPU; a progress bar follows); --no-mnist skips them")
        res.update(load_results(todo))
    entries = []
    for spec in specs:
        fig = build(spec, res)
        try:
            files = {}
            for fmt in fmts:
                path = out / f"{spec.name}.{fmt}"
                save(fig, path, fmt)
                files[fmt] = path.name
        finally:
            fig.clear()
        entries.append({"name": spec.name, "caption": spec.caption, "notebook": spec.notebook,
                        "files": files, "png_size": list(spec.png_size)})
        log(f"{spec.name}: {', '.join(files.values())}")
    manifest = {
        "style": "lecture",
        "dpi": DPI,
        "formats": list(fmts),
        "figures": entries,
        "skipped": [s.name for s in skipped],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    (out / "index.md").write_text(_markdown_index(manifest))
    log(f"{len(entries)} figures in {out}; captions in {out / 'manifest.json'} and "
        f"{out / 'index.md'}")
    return manifest


# notebooks 12 and 13 register their figures in a module of their own
from . import figures_beyond  # noqa: E402, F401
