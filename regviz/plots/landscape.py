r"""Figures of 1D penalised objectives :math:`f(x) + \lambda|x|^p` and their minimisers."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ..landscape import LECTURE_LOSS, WINDOW, Loss1D, minimizer, minimizer_path
from ..penalties import Lp
from ..style import COLORS, penalty_color

__all__ = [
    "plot_objective",
    "plot_minimizer_path",
    "plot_lambda_sequence",
    "objective_title",
    "OBJECTIVE_YLIM",
]

#: Fixed y-range of the objective panel: the minimum value never exceeds f(0) = 5/6.
OBJECTIVE_YLIM: tuple[float, float] = (-0.3, 6.0)


def _ax(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = plt.subplots()
    return ax


def objective_title(lam: float, p: float, x_star: float) -> str:
    """Title of the objective panel: the parameters and where the minimum is."""
    where = "exactly 0" if x_star == 0.0 else f"{x_star:.4f}"
    return f"λ = {lam:.2f},  p = {p:g}:   x* = {where}"


def plot_objective(
    lam: float,
    p: float,
    *,
    ax: Axes | None = None,
    loss: Loss1D = LECTURE_LOSS,
    window: tuple[float, float] = WINDOW,
    n: int = 801,
) -> dict[str, Any]:
    r"""Draw the loss, the penalty :math:`\lambda|x|^p`, their sum and its global minimiser.

    Returns
    -------
    dict
        Artists by name: ``loss``, ``penalty``, ``total`` (lines), ``minimizer`` (marker),
        ``drop`` (dotted line from the minimiser to the axis), ``title``.
    """
    ax = _ax(ax)
    x = np.linspace(*window, n)
    pen = Lp(p, lam)
    x_star = minimizer(lam, p, loss=loss, window=window)
    f_star = loss.f(x_star) + pen.value(x_star)
    out: dict[str, Any] = {}
    (out["loss"],) = ax.plot(x, loss.f(x), "--", color=COLORS["loss"], lw=1.6, label=r"loss $f(x)$")
    (out["penalty"],) = ax.plot(
        x, pen.value(x), ":", color=COLORS["Lp"], lw=2.0, label=r"penalty $\lambda|x|^p$"
    )
    (out["total"],) = ax.plot(x, loss.f(x) + pen.value(x), color=COLORS["total"], label="total")
    (out["drop"],) = ax.plot([x_star, x_star], [OBJECTIVE_YLIM[0], f_star], ":", color="0.4", lw=1)
    (out["minimizer"],) = ax.plot(
        [x_star], [f_star], "o", color=COLORS["minimizer"], ms=10, mec="white", mew=1.5,
        label=r"global minimiser $x^\star$", zorder=5,
    )
    ax.axvline(0.0, color="0.3", lw=0.8)
    ax.set_xlim(*window)
    ax.set_ylim(*OBJECTIVE_YLIM)
    ax.set_xlabel("$x$")
    ax.set_ylabel("objective")
    out["title"] = ax.set_title(objective_title(lam, p, x_star))
    ax.legend(loc="upper center", ncols=2, fontsize="small")
    return out


def path_line(path: np.ndarray, p: float) -> np.ndarray:
    r"""The minimiser path as drawn: for :math:`p < 1`, no line across the jump to 0.

    For :math:`p < 1` the global minimiser never slides onto 0: it jumps there from a nonzero
    local minimum. The first exactly-zero point after a nonzero one is blanked (NaN), so the line
    stops at the last nonzero value and the zero branch starts on its own. For :math:`p \ge 1`
    the path is continuous and drawn as it is.
    """
    y = np.array(path, dtype=float)
    if p < 1:
        lands = np.flatnonzero((y[1:] == 0) & (y[:-1] != 0)) + 1
        y[lands] = np.nan
    return y


def plot_minimizer_path(
    lams: np.ndarray,
    p: float,
    *,
    current: float | None = None,
    ax: Axes | None = None,
    loss: Loss1D = LECTURE_LOSS,
    window: tuple[float, float] = WINDOW,
) -> dict[str, Any]:
    r"""Draw the global minimiser :math:`x^\star(\lambda)` against :math:`\lambda`.

    For :math:`p < 1` the jump to 0 is not joined by a line (:func:`path_line`).

    Returns
    -------
    dict
        Artists by name: ``path`` (line), ``current`` (marker at ``current``, if given).
    """
    ax = _ax(ax)
    lams = np.asarray(lams, dtype=float)
    path = path_line(minimizer_path(lams, p, loss=loss, window=window), p)
    out: dict[str, Any] = {}
    (out["path"],) = ax.plot(lams, path, color=penalty_color(Lp(p)), label=rf"$p = {p:g}$")
    if current is not None:
        x_c = minimizer(current, p, loss=loss, window=window)
        (out["current"],) = ax.plot(
            [current], [x_c], "o", color=COLORS["minimizer"], ms=9, mec="white", mew=1.5, zorder=5
        )
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.set_xlim(lams.min(), lams.max())
    ax.set_ylim(-0.05, 1.08)
    ax.set_xlabel(r"$\lambda$")
    ax.set_ylabel(r"minimiser $x^\star(\lambda)$")
    return out


def plot_lambda_sequence(
    lams: list[float],
    p: float,
    *,
    ax: Axes | None = None,
    loss: Loss1D = LECTURE_LOSS,
    window: tuple[float, float] = WINDOW,
) -> dict[str, Any]:
    r"""The lecture notes' frames on one axes: :math:`f + \lambda|x|^p` for several :math:`\lambda`.

    Returns
    -------
    dict
        ``curves`` and ``minimizers``: lists of artists, one per ``lam``.
    """
    ax = _ax(ax)
    x = np.linspace(*window, 801)
    cmap = plt.get_cmap("viridis")
    out: dict[str, Any] = {"curves": [], "minimizers": []}
    for i, lam in enumerate(lams):
        c = cmap(0.85 * i / max(len(lams) - 1, 1))
        pen = Lp(p, lam)
        (line,) = ax.plot(x, loss.f(x) + pen.value(x), color=c, label=rf"$\lambda = {lam:g}$")
        xs = minimizer(lam, p, loss=loss, window=window)
        (dot,) = ax.plot([xs], [loss.f(xs) + pen.value(xs)], "o", color=c, mec="black", zorder=5)
        out["curves"].append(line)
        out["minimizers"].append(dot)
    ax.axvline(0.0, color="0.3", lw=0.8)
    ax.set_xlim(*window)
    ax.set_ylim(OBJECTIVE_YLIM[0], 4.5)
    ax.set_xlabel("$x$")
    term = {1.0: r"\lambda |x|", 2.0: r"\lambda x^2"}.get(float(p), rf"\lambda |x|^{{{p:g}}}")
    ax.set_ylabel(rf"$f(x) + {term}$")
    ax.legend(loc="upper center", ncols=3, fontsize="small")
    return out
