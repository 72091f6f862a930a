r"""Figures of notebook 11: gradient descent reaching the minimum-norm solution, early
stopping's filter beside ridge's, double descent, the feature matrix's singular values.

Every function takes ``ax=None`` and returns the artists it drew, by name; the computing is
done by :mod:`regviz.implicit` (these functions only draw).
"""  # noqa: D205

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ..implicit import filter_knee, ridge_factor, stopping_factor
from ..style import COLORS
from ._alt import described

__all__ = ["METHOD_COLORS", "plot_gd_to_min_norm", "plot_filters", "plot_double_descent",
           "plot_spectrum"]

#: Colours of the two fits of double descent (and of stopping / ridge).
METHOD_COLORS: dict[str, str] = {"min-norm": COLORS["accent"], "tuned-ridge": COLORS["L2"],
                                 "stopping": COLORS["accent"], "ridge": COLORS["L2"]}


def _ax(ax: Axes | None, figsize: tuple[float, float] = (6.0, 3.6)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


# -- text alternatives (regviz.plots.alt_text), one per plot function below ---------------------
def describe_gd_to_min_norm(steps: np.ndarray, distances: dict[str, np.ndarray], *,
                            floor: dict[str, float] | None = None) -> str:
    """The alt text of :func:`plot_gd_to_min_norm`: where each start's distance ends."""
    steps = np.asarray(steps)
    parts = [f"{label}: {np.asarray(d, dtype=float)[-1]:.2g} after {steps[-1]} steps"
             for label, d in distances.items()]
    return ("Distance from gradient descent's iterate to the minimum-norm solution, log-log: "
            + "; ".join(parts) + ".")


def describe_filters(x: np.ndarray | None = None, *, knees: bool = True) -> str:
    """The alt text of :func:`plot_filters`: where each factor rises from 10 % to 90 %."""
    x = np.geomspace(1e-3, 1e3, 400) if x is None else np.asarray(x, dtype=float)
    (a, b), (c, d) = filter_knee("stopping"), filter_knee("ridge")
    gap = float(np.max(np.abs(stopping_factor(x) - ridge_factor(x))))
    return (f"Early stopping's factor 1 − e^(−x) beside ridge's x/(1 + x) for x from "
            f"{x.min():.2g} to {x.max():.2g}: stopping rises from 10 % to 90 % over "
            f"[{a:.2g}, {b:.2g}], ridge over [{c:.2g}, {d:.2g}]; they differ by at most {gap:.2f}.")


def describe_double_descent(widths: Sequence[int], curves: dict[str, np.ndarray], *,
                            n_train: int, current: int | None = None, **_: Any) -> str:
    """The alt text of :func:`plot_double_descent`: the peak, and the curves at ``current``."""
    widths = np.asarray(widths)
    parts = []
    for method, err in curves.items():
        err = np.asarray(err, dtype=float)
        k = int(np.argmax(err))
        parts.append(f"{method} peaks at width {widths[k]} (test error {err[k]:.3g}) and is "
                     f"lowest, {err.min():.3g}, at width {widths[int(np.argmin(err))]}")
    text = (f"Test error against the width, log-log, n_train = {n_train}: " + "; ".join(parts)
            + ".")
    if current is not None:
        i = int(np.argmin(np.abs(widths - current)))
        text += f" Marked: width {widths[i]}."
    return text


def describe_spectrum(s: np.ndarray, *, n_train: int, **_: Any) -> str:
    """The alt text of :func:`plot_spectrum`."""
    s = np.asarray(s, dtype=float)
    return (f"{s.size} singular values of the training features (n_train = {n_train}), from "
            f"{s.max():.3g} down to {s.min():.3g}: the smallest decides how much the minimum-norm "
            f"fit amplifies noise.")


@described(describe_gd_to_min_norm)
def plot_gd_to_min_norm(
    steps: np.ndarray, distances: dict[str, np.ndarray], *, floor: dict[str, float] | None = None,
    ax: Axes | None = None,
) -> dict[str, Any]:
    r"""Distance :math:`\|w_t - X^+ y\|` against the step, one curve per start.

    Parameters
    ----------
    steps : numpy.ndarray
        Step numbers (x axis, log scale; 0 is left out).
    distances : dict of str to numpy.ndarray
        Label of a start -> distances at ``steps``.
    floor : dict of str to float, optional
        Label -> the distance the curve levels off at (a dashed line): for a start
        :math:`w_0`, the norm of its part outside the row space of :math:`X`.
    """
    ax = _ax(ax)
    steps = np.asarray(steps)
    keep = steps > 0
    out: dict[str, Any] = {}
    colors = [COLORS["L2"], COLORS["accent"], COLORS["L0"], COLORS["Lp"]]
    for k, (label, dist) in enumerate(distances.items()):
        dist = np.asarray(dist, dtype=float)
        (out[label],) = ax.plot(steps[keep], dist[keep],
                                color=colors[k % len(colors)], lw=2, label=label,
                                ls=("-", "--", ":", "-.")[k % 4])
        if floor and label in floor and floor[label] > 0:
            out[f"{label} floor"] = ax.axhline(
                floor[label], color="0.3", lw=0.9, ls=(0, (1, 2)),
                label=rf"{label}: its part outside the row space, $\|(I - X^+X)w_0\|$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    top = max(float(np.max(np.asarray(d, dtype=float)[keep])) for d in distances.values())
    ax.set_ylim(1e-9, 30 * top)  # below 1e-9: rounding
    ax.set_xlabel("gradient-descent step $t$")
    ax.set_ylabel(r"$\|w_t - X^+y\|_2$")
    ax.legend(fontsize="small")
    return out


@described(describe_filters)
def plot_filters(
    x: np.ndarray | None = None, *, knees: bool = True, ax: Axes | None = None,
) -> dict[str, Any]:
    r"""Early stopping's factor :math:`1 - e^{-x}` beside ridge's :math:`x/(1 + x)` at the
    matched :math:`\lambda = 1/(2\eta t)`, against :math:`x = \eta t\, s^2/n` (log x).

    With ``knees``, the band where each rises from 10 % to 90 % is shaded under its curve.
    """  # noqa: D205
    ax = _ax(ax)
    x = np.geomspace(1e-3, 1e3, 400) if x is None else np.asarray(x, dtype=float)
    out: dict[str, Any] = {}
    (out["stopping"],) = ax.plot(x, stopping_factor(x), color=METHOD_COLORS["stopping"], lw=2,
                                 label=r"early stopping $1 - e^{-x}$")
    (out["ridge"],) = ax.plot(x, ridge_factor(x), color=METHOD_COLORS["ridge"], lw=2, ls="--",
                              label=r"ridge at $\lambda = 1/(2\eta t)$: $x/(1 + x)$")
    if knees:
        for kind, y0 in (("stopping", -0.06), ("ridge", -0.12)):
            lo, hi = filter_knee(kind)
            out[f"{kind} knee"] = ax.plot([lo, hi], [y0, y0], color=METHOD_COLORS[kind], lw=4,
                                          solid_capstyle="butt",
                                          label=f"{kind}: 10 % to 90 % over x in "
                                                f"[{lo:.2g}, {hi:.2g}]")[0]
    ax.set_xscale("log")
    ax.set_ylim(-0.16, 1.05)
    ax.set_xlabel(r"$x = \eta t\, s_j^2 / n$ (strength of the direction × time)")
    ax.set_ylabel("factor on the direction")
    ax.legend(fontsize="x-small", loc="upper left")
    return out


@described(describe_double_descent)
def plot_double_descent(
    widths: Sequence[int], curves: dict[str, np.ndarray], *, n_train: int,
    train: np.ndarray | None = None, current: int | None = None,
    xlabel: str = "number of random ReLU features (width)", ax: Axes | None = None,
) -> dict[str, Any]:
    r"""Test error against the number of features (log-log), one curve per method.

    Parameters
    ----------
    widths : sequence of int
    curves : dict of str to numpy.ndarray
        Method (``"min-norm"``, ``"tuned-ridge"``) -> test errors at ``widths``.
    n_train : int
        Marked by a vertical line: the interpolation threshold.
    train : numpy.ndarray, optional
        The min-norm training errors (dotted; the values that are zero to rounding, past the
        threshold, are drawn at the bottom of the axis).
    current : int, optional
        A width to mark on every curve (the slider's).
    xlabel : str
        What the widths count.
    """
    ax = _ax(ax)
    widths = np.asarray(widths)
    out: dict[str, Any] = {}
    labels = {"min-norm": "minimum norm (λ → 0)", "tuned-ridge": "ridge, λ tuned on validation"}
    markers = {"min-norm": "o", "tuned-ridge": "s"}
    for method, err in curves.items():
        (out[method],) = ax.plot(widths, err, color=METHOD_COLORS.get(method, "k"), lw=2,
                                 marker=markers.get(method, "."), ms=3.5,
                                 label=f"test, {labels.get(method, method)}")
    lo = min(float(np.min(e)) for e in curves.values()) / 3
    if train is not None:
        tr = np.asarray(train, dtype=float)
        (out["train"],) = ax.plot(widths, np.maximum(tr, lo), color=METHOD_COLORS["min-norm"],
                                  lw=1.2, ls=":", label="train, minimum norm (0 past n)")
    out["threshold"] = ax.axvline(n_train, color="0.3", lw=1, ls="--")
    ax.text(n_train * 1.04, 0.03, f"n_train = {n_train}",
            transform=ax.get_xaxis_transform(), fontsize="x-small", va="bottom", color="0.3")
    if current is not None:
        i = int(np.argmin(np.abs(widths - current)))
        (out["current"],) = ax.plot([widths[i]] * len(curves), [e[i] for e in curves.values()],
                                    ls="none", marker="o", ms=9, mfc="none", mec="k", mew=1.6,
                                    zorder=5)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(bottom=lo)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("mean squared error")
    ax.legend(fontsize="x-small", loc="upper left")
    return out


@described(describe_spectrum)
def plot_spectrum(s: np.ndarray, *, n_train: int, ax: Axes | None = None,
                  ylim: tuple[float, float] | None = None) -> dict[str, Any]:
    r"""The singular values :math:`s_j` of the training features, largest first (log y).

    The min-norm fit multiplies the noise along direction :math:`j` by :math:`1/s_j`: the
    smallest one (marked) decides how much it is amplified.
    """
    ax = _ax(ax)
    s = np.asarray(s, dtype=float)
    j = np.arange(1, s.size + 1)
    out: dict[str, Any] = {}
    (out["spectrum"],) = ax.plot(j, s, color=COLORS["total"], lw=1.8, marker=".", ms=3)
    (out["smallest"],) = ax.plot([j[-1]], [s[-1]], ls="none", marker="o", ms=8,
                                 color=COLORS["accent"])
    ax.set_yscale("log")
    ax.set_xlim(0, n_train + 1)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_xlabel("index $j$ of the singular value")
    ax.set_ylabel(r"singular value $s_j$ of the features")
    return out
