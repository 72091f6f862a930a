r"""Figures of 1D penalised objectives :math:`f(x) + \lambda|x|^p` and their minimisers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ..landscape import LECTURE_LOSS, WINDOW, Loss1D, minimizer, minimizer_path
from ..penalties import Lp
from ..style import COLORS, penalty_color, penalty_style
from ._alt import described, fmt

__all__ = [
    "plot_objective",
    "plot_minimizer_path",
    "plot_lambda_sequence",
    "objective_title",
    "objective_frame",
    "ObjectiveFrame",
    "describe_objective",
    "describe_minimizer_path",
    "describe_lambda_sequence",
    "zero_from",
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


@dataclass(frozen=True, eq=False)
class ObjectiveFrame:
    r"""What the objective view shows at one :math:`(\lambda, p)`.

    Attributes
    ----------
    lam, p : float
    x : ndarray
        The grid.
    loss, penalty, total : ndarray
        :math:`f(x)`, :math:`\lambda|x|^p` and their sum on the grid.
    x_star, f_star : float
        The global minimiser and the minimum.
    """

    lam: float
    p: float
    x: np.ndarray
    loss: np.ndarray
    penalty: np.ndarray
    total: np.ndarray
    x_star: float
    f_star: float

    def describe(self) -> str:
        """One sentence: where the minimum is, and whether the penalty pins it at 0."""
        where = ("sits at exactly 0" if self.x_star == 0
                 else f"is at x = {self.x_star:.3g}")
        return (f"With λ = {self.lam:.3g} and p = {self.p:g}, the global minimiser of the loss "
                f"plus the penalty {where}, where the total is {self.f_star:.3g}.")


def objective_frame(
    lam: float, p: float, *, loss: Loss1D = LECTURE_LOSS, window: tuple[float, float] = WINDOW,
    n: int = 801, x: np.ndarray | None = None, loss_values: np.ndarray | None = None,
) -> ObjectiveFrame:
    r"""The objective view's frame: curves on the grid and the global minimiser.

    ``x`` and ``loss_values`` may be passed to reuse a grid (a panel computes them once).
    """
    x = np.linspace(*window, n) if x is None else x
    f = loss.f(x) if loss_values is None else loss_values
    pen = Lp(p, lam)
    penalty = pen.value(x)
    x_star = minimizer(lam, p, loss=loss, window=window)
    f_star = float(loss.f(x_star) + pen.value(x_star))
    return ObjectiveFrame(float(lam), float(p), x, f, penalty, f + penalty, x_star, f_star)


def describe_objective(lam: float, p: float, *, loss: Loss1D = LECTURE_LOSS,
                       window: tuple[float, float] = WINDOW, n: int = 801) -> str:
    """The alt text of :func:`plot_objective`."""
    return objective_frame(lam, p, loss=loss, window=window, n=n).describe()


@described(describe_objective)
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
    fr = objective_frame(lam, p, loss=loss, window=window, n=n)
    x, x_star, f_star = fr.x, fr.x_star, fr.f_star
    out: dict[str, Any] = {}
    (out["loss"],) = ax.plot(x, fr.loss, "--", color=COLORS["loss"], lw=1.6, label=r"loss $f(x)$")
    (out["penalty"],) = ax.plot(
        x, fr.penalty, ":", color=COLORS["Lp"], lw=2.0, label=r"penalty $\lambda|x|^p$"
    )
    (out["total"],) = ax.plot(x, fr.total, color=COLORS["total"], label="total")
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


def zero_from(lams: np.ndarray, path: np.ndarray) -> float | None:
    r"""The smallest grid :math:`\lambda` from which the path stays at exactly 0, or None."""
    lams, path = np.asarray(lams, float), np.asarray(path, float)
    nonzero = np.flatnonzero(path != 0)
    if nonzero.size == 0:
        return float(lams[0])
    last = int(nonzero[-1])
    return None if last == lams.size - 1 else float(lams[last + 1])


def path_sentence(lams: np.ndarray, path: np.ndarray, p: float) -> str:
    """One sentence on a minimiser path: from which λ it sits at exactly 0, or where it ends."""
    lams = np.asarray(lams, float)
    z = zero_from(lams, path)
    if z is None:
        return (f"For p = {p:g} the minimiser never reaches 0 for λ up to {lams[-1]:.3g}, where "
                f"it is still {fmt(path[-1])}.")
    jump = " (it jumps there)" if p < 1 else ""
    return f"For p = {p:g} the minimiser sits at exactly 0 for λ ≥ {z:.3g}{jump}."


def describe_minimizer_path(lams: np.ndarray, p: float, *, current: float | None = None,
                            loss: Loss1D = LECTURE_LOSS,
                            window: tuple[float, float] = WINDOW) -> str:
    """The alt text of :func:`plot_minimizer_path`."""
    lams = np.asarray(lams, dtype=float)
    text = path_sentence(lams, minimizer_path(lams, p, loss=loss, window=window), p)
    if current is not None:
        x_c = minimizer(current, p, loss=loss, window=window)
        text += f" At λ = {current:.3g} it is {fmt(x_c)}."
    return text


@described(describe_minimizer_path)
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
    (out["path"],) = ax.plot(lams, path, color=penalty_color(Lp(p)), label=rf"$p = {p:g}$",
                             **penalty_style(Lp(p), markevery=max(1, lams.size // 10)))
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


def describe_lambda_sequence(lams: list[float], p: float, *, loss: Loss1D = LECTURE_LOSS,
                             window: tuple[float, float] = WINDOW) -> str:
    """The alt text of :func:`plot_lambda_sequence`."""
    parts = [f"λ = {lam:g}: {fmt(minimizer(lam, p, loss=loss, window=window))}" for lam in lams]
    return (f"The objective f(x) + λ|x|^{p:g} for {len(lams)} values of λ; the global minimiser "
            f"moves towards 0 as λ grows ({'; '.join(parts)}).")


@described(describe_lambda_sequence)
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
    # beside the axes: inside, the legend hid the curves' steep sides and the x = 0 line
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    return out
