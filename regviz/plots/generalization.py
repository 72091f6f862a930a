r"""Figures of notebook 00: overfitting, error against :math:`\lambda`, cross-validation,
regularization paths (:mod:`regviz.plots.paths`, re-exported here), ridge's shrinkage, bias and
variance, early stopping, d2l's curves.

Every function takes ``ax=None`` (or ``axes=None``) and returns the artists it drew, by name.
The :math:`\lambda` axes are logarithmic with an explicit position for :math:`\lambda = 0`, one
decade left of the smallest positive value (:func:`lam_positions`).
"""  # noqa: D205

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ..style import COLORS
from ._alt import described, fmt
from .paths import (
    _CYCLE_LS,
    describe_lambda_paths,
    describe_path_panels,
    plot_lambda_paths,
    plot_path_panels,
)

__all__ = [
    "ERROR_STYLES",
    "describe_fit",
    "describe_coefficients",
    "describe_error_curves",
    "describe_cv_curve",
    "describe_lambda_paths",
    "describe_path_panels",
    "describe_shrinkage",
    "describe_bias_variance",
    "describe_d2l_curves",
    "describe_early_stopping",
    "ERROR_COLORS",
    "PENALTY_COLORS",
    "lam_positions",
    "format_lam_axis",
    "fit_curve_x",
    "plot_fit",
    "plot_coefficients",
    "coefficient_marks",
    "plot_error_curves",
    "plot_cv_curve",
    "plot_lambda_paths",
    "plot_path_panels",
    "plot_shrinkage",
    "plot_bias_variance",
    "plot_d2l_curves",
    "plot_early_stopping",
]

#: Colours of the train / validation / test errors.
ERROR_COLORS: dict[str, str] = {"train": COLORS["L2"], "val": COLORS["L0"],
                                "test": COLORS["accent"]}
#: Line styles and markers of the train / validation / test errors (colour is never the only cue).
ERROR_STYLES: dict[str, dict[str, str]] = {"train": {"ls": "-", "marker": "s"},
                                           "val": {"ls": "--", "marker": "o"},
                                           "test": {"ls": "-.", "marker": "^"}}
#: Colours of notebook 00's penalties.
PENALTY_COLORS: dict[str, str] = {"L2": COLORS["L2"], "L1": COLORS["L1"],
                                  "elastic net": COLORS["ElasticNet"]}


def _ax(ax: Axes | None, figsize: tuple[float, float] = (6.0, 3.6)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def lam_positions(lams: Sequence[float] | float, *, lo: float) -> np.ndarray:
    r"""Where each :math:`\lambda` goes on a log axis that also shows 0: :math:`\log_{10}\lambda`
    for :math:`\lambda > 0`, and :math:`\log_{10}(\text{lo}) - 1` for :math:`\lambda = 0`.
    """  # noqa: D205
    lams = np.asarray(lams, dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(lams > 0, np.log10(np.where(lams > 0, lams, 1.0)), np.log10(lo) - 1.0)


def format_lam_axis(ax: Axes, lams: Sequence[float], *, label: str = r"$\lambda$") -> None:
    """Ticks of a :func:`lam_positions` axis: "0" (when the grid has it), then decades."""
    lams = np.asarray(lams, dtype=float)
    pos = lams[lams > 0]
    lo, hi = pos.min(), pos.max()
    decades = np.arange(np.ceil(np.log10(lo)), np.floor(np.log10(hi)) + 1)
    step = 2 if decades.size > 5 else 1
    decades = decades[::step]
    labels = [f"$10^{{{int(d)}}}$" for d in decades]
    if np.any(lams == 0):
        ax.set_xticks([np.log10(lo) - 1.0, *decades], ["0", *labels])
        ax.set_xlim(np.log10(lo) - 1.4, np.log10(hi) + 0.2)
        ax.axvspan(np.log10(lo) - 0.75, np.log10(lo) - 0.25, color="0.92", lw=0, zorder=0)
    else:
        ax.set_xticks(decades, labels)
        ax.set_xlim(np.log10(lo) - 0.2, np.log10(hi) + 0.2)
    ax.set_xlabel(label)


def fit_curve_x(num: int = 400) -> np.ndarray:
    """The inputs where a fitted curve is drawn: [-1, 1]."""
    return np.linspace(-1.0, 1.0, num)


def _lam_text(lam: float) -> str:
    return "0" if lam == 0 else f"{lam:.2g}"


def describe_fit(data: Any, y_fit: np.ndarray, *, x_fit: np.ndarray | None = None,
                 **_: Any) -> str:
    """The alt text of :func:`plot_fit`: training and test error of the drawn curve."""
    x_fit = fit_curve_x() if x_fit is None else x_fit
    tr = float(np.mean((np.interp(data.x_train, x_fit, y_fit) - data.y_train) ** 2))
    te = float(np.mean((np.interp(data.x_test, x_fit, y_fit) - data.y_test) ** 2))
    return (f"A fitted curve through {len(data.x_train)} training points: training error "
            f"{tr:.3g}, test error {te:.3g} (mean squared); it ranges from {np.min(y_fit):.3g} "
            f"to {np.max(y_fit):.3g} while the true function stays within ±1.")


@described(describe_fit)
def plot_fit(
    data: Any, y_fit: np.ndarray, *, x_fit: np.ndarray | None = None, ylim: tuple = (-2.5, 2.5),
    ax: Axes | None = None,
) -> dict[str, Any]:
    """Training and test points, the true function, and a fitted curve.

    Parameters
    ----------
    data : regviz.generalization.PolyData
    y_fit : numpy.ndarray
        The fitted curve at ``x_fit`` (default :func:`fit_curve_x`).

    Returns
    -------
    dict
        ``train``, ``test`` (scatter), ``truth``, ``fit`` (lines).
    """
    from ..generalization import true_function

    ax = _ax(ax)
    x_fit = fit_curve_x() if x_fit is None else x_fit
    out = {
        "test": ax.scatter(data.x_test, data.y_test, s=6, color="0.7", label="test points",
                           zorder=1),
        "truth": ax.plot(x_fit, true_function(x_fit), color="0.35", ls="--", lw=1.3,
                         label=r"truth $\sin(\pi x)$")[0],
        "train": ax.scatter(data.x_train, data.y_train, s=28, color=COLORS["total"],
                            label="training points", zorder=3),
        "fit": ax.plot(x_fit, y_fit, color=COLORS["accent"], lw=2.2, label="fit", zorder=2)[0],
    }
    ax.set_ylim(*ylim)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    return out


def coefficient_marks(w: np.ndarray, *, floor: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The ``(x, y)`` data of :func:`plot_coefficients`' three lines for the weights ``w``.

    ``stems``: one vertical segment per coefficient from ``floor`` to :math:`|w_j|`, separated
    by NaN (one line, cheap to redraw); ``dots``: the nonzero :math:`|w_j|`; ``zeros``: the
    exact zeros, at ``floor``.
    """
    w = np.abs(np.asarray(w, dtype=float))
    j = np.arange(1, w.size + 1, dtype=float)
    nan = np.full(w.size, np.nan)
    stem_x = np.column_stack([j, j, nan]).ravel()
    stem_y = np.column_stack([np.full(w.size, floor), np.maximum(w, floor), nan]).ravel()
    nz = w != 0
    return {"stems": (stem_x, stem_y), "dots": (j[nz], w[nz]),
            "zeros": (j[~nz], np.full(int((~nz).sum()), floor))}


def describe_coefficients(w: np.ndarray, **_: Any) -> str:
    """The alt text of :func:`plot_coefficients`."""
    w = np.asarray(w, dtype=float)
    return (f"Magnitudes of {w.size} coefficients on a log scale: {int(np.sum(w == 0))} exactly 0, "
            f"the largest {fmt(np.abs(w).max())}.")


@described(describe_coefficients)
def plot_coefficients(
    w: np.ndarray, *, floor: float = 1e-4, top: float = 1e3, ax: Axes | None = None,
) -> dict[str, Any]:
    r"""Magnitudes :math:`|w_j|` on a log scale, exact zeros marked ``×`` on the bottom edge.

    Returns
    -------
    dict
        ``stems``, ``dots`` and ``zeros`` (lines; see :func:`coefficient_marks`).
    """
    ax = _ax(ax)
    marks = coefficient_marks(w, floor=floor)
    out = {
        "stems": ax.plot(*marks["stems"], color=COLORS["total"], lw=2.0)[0],
        "dots": ax.plot(*marks["dots"], ls="none", marker="o", ms=5, color=COLORS["total"])[0],
        "zeros": ax.plot(*marks["zeros"], ls="none", marker="x", ms=8, mew=2,
                         color=COLORS["accent"], clip_on=False, label="exactly 0")[0],
    }
    out["zeros"].set_in_layout(False)  # unclipped, and empty when no weight is 0
    ax.set_yscale("log")
    ax.set_ylim(floor, top)
    ax.set_xlim(0.3, len(w) + 0.7)
    ax.set_xticks(np.arange(1, len(w) + 1, 2 if len(w) > 8 else 1))
    ax.set_xlabel("coefficient $j$ (Legendre degree)")
    ax.set_ylabel(r"$|w_j|$")
    return out


def describe_error_curves(lams: np.ndarray, errors: Mapping[str, np.ndarray], *,
                          current: float | None = None, **_: Any) -> str:
    """The alt text of :func:`plot_error_curves`: each error's lowest point, and at ``current``."""
    lams = np.asarray(lams, dtype=float)
    names = {"train": "training", "val": "validation", "test": "test"}
    parts = []
    for name, e in errors.items():
        e = np.asarray(e, dtype=float)
        i = int(np.argmin(e))
        parts.append(f"{names.get(name, name)} error lowest ({e[i]:.3g}) at λ = "
                     f"{_lam_text(lams[i])}")
    text = "Mean squared error against λ: " + "; ".join(parts) + "."
    if current is not None:
        i = int(np.argmin(np.abs(lams - current)))
        here = ", ".join(f"{names.get(k, k)} {float(np.asarray(e)[i]):.3g}"
                         for k, e in errors.items())
        text += f" At λ = {_lam_text(lams[i])}: {here}."
    return text


@described(describe_error_curves)
def plot_error_curves(
    lams: np.ndarray, errors: Mapping[str, np.ndarray], *, current: float | None = None,
    ylim: tuple[float, float] | None = None, markers: bool = True, ax: Axes | None = None,
) -> dict[str, Any]:
    r"""Train / validation / test mean squared error against :math:`\lambda` (log, with 0).

    Parameters
    ----------
    errors : mapping
        ``{"train": ..., "val": ..., "test": ...}`` (any subset), each shape ``(len(lams),)``.
    current : float, optional
        A :math:`\lambda` to mark with a vertical line and dots.
    markers : bool
        Dots on the grid values (off in the slider panel, where every artist is redrawn).

    Returns
    -------
    dict
        The lines by name (``train``...), and with ``current``: ``current`` (line) and
        ``dots`` (scatter).
    """
    ax = _ax(ax)
    lams = np.asarray(lams, dtype=float)
    lo = lams[lams > 0].min()
    x = lam_positions(lams, lo=lo)
    labels = {"train": "train", "val": "validation", "test": "test"}
    out: dict[str, Any] = {}
    for name, e in errors.items():
        style = ERROR_STYLES.get(name, {"ls": "-", "marker": "o"})
        (out[name],) = ax.plot(x, e, color=ERROR_COLORS.get(name, "0.3"), ls=style["ls"],
                               marker=style["marker"] if markers else "none", ms=3,
                               label=labels.get(name, name))
    ax.set_yscale("log")
    if ylim is None:
        every = np.concatenate([np.ravel(e) for e in errors.values()])
        ylim = (every.min() / 2, every.max() * 2)
    ax.set_ylim(*ylim)
    format_lam_axis(ax, lams)
    ax.set_ylabel("mean squared error")
    if current is not None:
        xc = float(lam_positions(current, lo=lo))
        (out["current"],) = ax.plot([xc, xc], [1e-12, 1e12], color="0.4", lw=1.1)
        i = int(np.argmin(np.abs(x - xc)))
        out["dots"] = ax.scatter([xc] * len(errors), [e[i] for e in errors.values()],
                                 c=[ERROR_COLORS.get(k, "0.3") for k in errors], s=36, zorder=4)
    ax.legend(loc="upper right", fontsize="small")
    return out


def describe_cv_curve(cv: Any, *, test: np.ndarray | None = None, **_: Any) -> str:
    """The alt text of :func:`plot_cv_curve`."""
    mean = cv.mean
    text = (f"{cv.fold_errors.shape[0]}-fold cross-validation error against λ: lowest "
            f"{mean[cv.best]:.3g} at λ = {_lam_text(cv.lam_best)}; the one-standard-error rule "
            f"picks the larger λ = {_lam_text(cv.lam_1se)} (error {mean[cv.one_se]:.3g}).")
    if test is not None:
        text += (f" The test error there is {float(test[cv.best]):.3g} and "
                 f"{float(test[cv.one_se]):.3g}.")
    return text


@described(describe_cv_curve)
def plot_cv_curve(cv: Any, *, test: np.ndarray | None = None, ax: Axes | None = None
                  ) -> dict[str, Any]:
    r"""The K-fold CV error against :math:`\lambda`: mean ± one standard error, the lowest mean
    and the one-standard-error choice marked; optionally the test error of each fit.

    Parameters
    ----------
    cv : regviz.generalization.CVResult
    test : numpy.ndarray, optional
        Test error at each :math:`\lambda` (for comparison; never used to choose).
    """  # noqa: D205
    ax = _ax(ax)
    lams = cv.lams
    lo = lams[lams > 0].min()
    x = lam_positions(lams, lo=lo)
    mean, se = cv.mean, cv.se
    out = {
        "band": ax.fill_between(x, mean - se, mean + se, color=ERROR_COLORS["val"], alpha=0.2,
                                lw=0),
        "mean": ax.plot(x, mean, color=ERROR_COLORS["val"], marker="o", ms=3,
                        label=f"{cv.fold_errors.shape[0]}-fold CV error ± 1 s.e.")[0],
    }
    if test is not None:
        out["test"] = ax.plot(x, test, color=ERROR_COLORS["test"], lw=1.4, ls="--",
                              label="test error (not used to choose)")[0]
    out["best"] = ax.scatter([x[cv.best]], [mean[cv.best]], s=70, color="k", zorder=4,
                             label=rf"lowest: $\lambda$ = {cv.lam_best:.2g}")
    out["one_se"] = ax.scatter([x[cv.one_se]], [mean[cv.one_se]], s=90, marker="D",
                               facecolor="none", edgecolor="k", lw=1.6, zorder=4,
                               label=rf"one-s.e. rule: $\lambda$ = {cv.lam_1se:.2g}")
    out["threshold"] = ax.axhline(mean[cv.best] + se[cv.best], color="0.5", lw=0.9, ls=":")
    ax.set_yscale("log")
    format_lam_axis(ax, lams)
    ax.set_ylabel("mean squared error")
    ax.legend(loc="best", fontsize="small")
    return out


def describe_shrinkage(lams: np.ndarray, factors: np.ndarray, *, current: float | None = None,
                       **_: Any) -> str:
    """The alt text of :func:`plot_shrinkage`: effective parameters along λ."""
    lams, factors = np.asarray(lams, dtype=float), np.asarray(factors, dtype=float)
    df = factors.sum(axis=1)
    text = (f"Ridge's shrinkage factor of each of {factors.shape[1]} singular directions against "
            f"λ: the effective number of parameters falls from {df[np.argmin(lams)]:.3g} at "
            f"λ = {_lam_text(lams.min())} to {df[np.argmax(lams)]:.3g} at "
            f"λ = {_lam_text(lams.max())}, the smallest directions first.")
    if current is not None:
        i = int(np.argmin(np.abs(lams - current)))
        text += f" At λ = {_lam_text(lams[i])} it is {df[i]:.3g}."
    return text


@described(describe_shrinkage)
def plot_shrinkage(
    lams: np.ndarray, factors: np.ndarray, *, current: float | None = None,
    ax: Axes | None = None,
) -> dict[str, Any]:
    r"""Ridge's shrinkage factor :math:`s_j^2/(s_j^2 + 2n\lambda)` of each singular direction
    against :math:`\lambda` (one line per direction, largest :math:`s_j` darkest).

    Parameters
    ----------
    factors : numpy.ndarray
        Shape ``(len(lams), r)``, from :func:`regviz.generalization.shrinkage_factors`.
    """  # noqa: D205
    ax = _ax(ax)
    lams = np.asarray(lams, dtype=float)
    lo = lams[lams > 0].min()
    x = lam_positions(lams, lo=lo)
    r = factors.shape[1]
    cmap = plt.get_cmap("viridis")
    out: dict[str, Any] = {"lines": [ax.plot(x, factors[:, j], color=cmap(j / max(r - 1, 1)),
                                             ls=_CYCLE_LS[j % len(_CYCLE_LS)], lw=1.5)[0]
                                     for j in range(r)]}
    if current is not None:
        xc = float(lam_positions(current, lo=lo))
        (out["current"],) = ax.plot([xc, xc], [-0.05, 1.05], color="0.4", lw=1.1)
        i = int(np.argmin(np.abs(x - xc)))
        out["dots"] = ax.scatter([xc] * r, factors[i], c=[cmap(j / max(r - 1, 1)) for j in
                                                          range(r)], s=24, zorder=4)
    ax.set_ylim(-0.05, 1.05)
    format_lam_axis(ax, lams)
    ax.set_ylabel("shrinkage factor")
    return out


def describe_bias_variance(bv: Any) -> str:
    """The alt text of :func:`plot_bias_variance`: where the sum is lowest, and its parts."""
    i = int(np.argmin(bv.total))
    return (f"Bias², variance and noise against λ: bias² grows and variance falls with λ; their "
            f"sum is lowest, {bv.total[i]:.3g}, at λ = {_lam_text(bv.lams[i])}, where bias² is "
            f"{bv.bias2[i]:.3g} and variance {bv.variance[i]:.3g} (noise {bv.noise:.3g}).")


@described(describe_bias_variance)
def plot_bias_variance(bv: Any, *, ax: Axes | None = None) -> dict[str, Any]:
    r"""Bias², variance, noise and their sum against :math:`\lambda`, with the Monte Carlo test
    error (dots, ± 2 standard errors) on top of the sum.
    """  # noqa: D205
    ax = _ax(ax)
    lams = bv.lams
    lo = lams[lams > 0].min()
    x = lam_positions(lams, lo=lo)
    out = {
        "bias2": ax.plot(x, bv.bias2, color=COLORS["L2"], ls="-", marker="s", markevery=0.1,
                         label="bias²")[0],
        "variance": ax.plot(x, bv.variance, color=COLORS["L1"], ls="--", marker="o",
                            markevery=0.1, label="variance")[0],
        "noise": ax.plot(x, np.full_like(x, bv.noise), color="0.5", ls=":", label="noise σ²")[0],
        "total": ax.plot(x, bv.total, color="k", lw=2.4, label="sum")[0],
        "test": ax.errorbar(x, bv.test_error, yerr=2 * bv.test_error_se, fmt="o", ms=3,
                            color=COLORS["accent"], label="test error (Monte Carlo)"),
    }
    ax.set_yscale("log")
    format_lam_axis(ax, lams)
    ax.set_ylabel("mean squared error")
    ax.legend(loc="upper center", fontsize="small", ncol=2)
    return out


def describe_d2l_curves(result: Any) -> str:
    """The alt text of :func:`plot_d2l_curves`: each run's final errors and weight norm."""
    parts = []
    for row in result.rows:
        h = row.history
        parts.append(f"λ = {row.lam:g}: train {h.curve('train_error')[-1]:.3g}, test "
                     f"{h.curve('test_error')[-1]:.3g}, weight norm "
                     f"{h.curve('weight_norm')[-1]:.3g}")
    return ("d2l's weight-decay runs, error and weight norm against epochs; after the last "
            "epoch " + "; ".join(parts) + ".")


@described(describe_d2l_curves)
def plot_d2l_curves(result: Any, *, axes: Any = None) -> dict[str, Any]:
    """d2l's weight-decay runs: train and test error against epochs (left), weight norm (right).

    Parameters
    ----------
    result : regviz.experiments.Result
        The ``d2l-weight-decay`` reproduction (rows with a ``history``).
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8.4, 3.4), width_ratios=(1.6, 1))
    ax, ax_norm = axes
    out: dict[str, Any] = {}
    for row, ls in zip(result.rows, ("-", "--"), strict=False):
        h, epoch = row.history, row.history.curve("epoch")
        tag = rf"$\lambda$ = {row.lam:g}"
        if row.d2l_lambda:
            tag += f" (d2l's {row.d2l_lambda:g})"
        for key in ("train", "test"):
            out[f"{key} {row.lam:g}"] = ax.plot(
                epoch, h.curve(f"{key}_error"), color=ERROR_COLORS[key], ls=ls,
                label=f"{key}, {tag}")[0]
        out[f"norm {row.lam:g}"] = ax_norm.plot(epoch, h.curve("weight_norm"), color="k",
                                                ls=ls, label=tag)[0]
    for name, line in out.items():  # train and test differ by marker, not only by colour
        key = name.split()[0]
        if key in ERROR_STYLES:
            line.set(marker=ERROR_STYLES[key]["marker"], markevery=0.1, ms=4)
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("mean squared error")
    ax.legend(fontsize="x-small", ncol=2, loc="lower left")
    ax_norm.set_yscale("log")
    ax_norm.set_xlabel("epoch")
    ax_norm.set_ylabel(r"$\|w\|_2$")
    ax_norm.legend(fontsize="small")
    return out


def describe_early_stopping(steps: np.ndarray, gd: np.ndarray, lams: np.ndarray,
                            ridge: np.ndarray, *, lr: float, current: int | None = None) -> str:
    """The alt text of :func:`plot_early_stopping`."""
    steps = np.asarray(steps)
    t_equiv = 1.0 / (2 * lr * np.asarray(lams, dtype=float))
    t = steps[-1] if current is None else current
    i = int(np.argmin(np.abs(np.log(steps) - np.log(t))))
    k = int(np.argmin(np.abs(np.log(t_equiv) - np.log(steps[i]))))
    gap = float(np.linalg.norm(gd[i] - ridge[k]) / max(np.linalg.norm(ridge[k]), 1e-300))
    return (f"{gd.shape[1]} coefficients grow from 0 along gradient descent (left, against the "
            f"step t) much as ridge's do as λ shrinks (right, against 1/(2ηλ)); at t = {steps[i]} "
            f"the two differ by {gap:.2f} relative to ridge's.")


@described(describe_early_stopping)
def plot_early_stopping(
    steps: np.ndarray, gd: np.ndarray, lams: np.ndarray, ridge: np.ndarray, *, lr: float,
    current: int | None = None, axes: Any = None,
) -> dict[str, Any]:
    r"""Gradient descent's coefficients against the step :math:`t` (left, log x) beside ridge's
    against :math:`1/(2\eta\lambda)` (right, log x), the "equivalent number of steps" of
    :func:`regviz.implicit.lam_for_steps`: the two panels share their x axis.

    Parameters
    ----------
    steps : numpy.ndarray
        Step numbers ``t >= 1`` of the rows of ``gd`` (shape ``(len(steps), d)``).
    lams, ridge : numpy.ndarray
        Ridge's grid (positive) and solutions, shape ``(len(lams), d)``.
    current : int, optional
        A step to mark on both panels (at :math:`\lambda = 1/(2\eta t)` on the right).
    """  # noqa: D205
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8.4, 3.4), sharey=True)
    ax_gd, ax_r = axes
    cmap = plt.get_cmap("tab10")
    t_equiv = 1.0 / (2 * lr * np.asarray(lams, dtype=float))
    out: dict[str, Any] = {}
    for j in range(gd.shape[1]):
        ls = _CYCLE_LS[j % len(_CYCLE_LS)]
        ax_gd.plot(steps, gd[:, j], color=cmap(j % 10), ls=ls, lw=1.5)
        ax_r.plot(t_equiv, ridge[:, j], color=cmap(j % 10), ls=ls, lw=1.5)
    lo = min(gd.min(), ridge.min())
    hi = max(gd.max(), ridge.max())
    pad = 0.08 * (hi - lo)
    for ax in axes:
        ax.set_xscale("log")
        ax.set_xlim(steps.min(), steps.max())
        ax.set_ylim(lo - pad, hi + pad)
        ax.axhline(0.0, color="0.3", lw=0.8)
    ax_gd.set_xlabel("gradient-descent step $t$")
    ax_gd.set_ylabel("coefficient")
    ax_gd.set_title("early stopping", fontsize="medium")
    ax_r.set_xlabel(r"$1/(2\eta\lambda)$")
    ax_r.set_title("ridge", fontsize="medium")
    if current is not None:
        i = int(np.argmin(np.abs(np.log(steps) - np.log(current))))
        (out["gd current"],) = ax_gd.plot([steps[i]] * 2, [lo - pad, hi + pad], color="0.3",
                                          lw=1.1)
        (out["ridge current"],) = ax_r.plot([steps[i]] * 2, [lo - pad, hi + pad], color="0.3",
                                            lw=1.1)
        (out["gd dots"],) = ax_gd.plot([steps[i]] * gd.shape[1], gd[i], ls="none", marker="o",
                                       ms=4.5, color="k", zorder=4)
        k = int(np.argmin(np.abs(np.log(t_equiv) - np.log(steps[i]))))
        (out["ridge dots"],) = ax_r.plot([t_equiv[k]] * ridge.shape[1], ridge[k], ls="none",
                                         marker="o", ms=4.5, color="k", zorder=4)
    return out
