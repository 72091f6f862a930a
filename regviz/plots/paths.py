r"""Regularization paths: every coefficient against :math:`\lambda`, one panel or one per
method (notebook 00's lasso / ridge / elastic-net paths).

Split from :mod:`regviz.plots.generalization`, which re-exports every name here. Every function
takes ``ax=None`` (or ``axes=None``) and returns the artists it drew, by name.
"""  # noqa: D205

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ._alt import described, fmt

__all__ = [
    "describe_lambda_paths",
    "describe_path_panels",
    "plot_lambda_paths",
    "plot_path_panels",
]

#: Line styles cycled over coefficient lines told apart by colour.
_CYCLE_LS: tuple[Any, ...] = ("-", "--", "-.", ":")


def describe_lambda_paths(lams: np.ndarray, coefs: np.ndarray, *, chosen: float | None = None,
                          title: str = "", **_: Any) -> str:
    """The alt text of :func:`plot_lambda_paths`: nonzero coefficients along the path."""
    lams, coefs = np.asarray(lams, dtype=float), np.asarray(coefs, dtype=float)
    nz = np.sum(coefs != 0, axis=1)
    lo, hi = int(np.argmin(lams)), int(np.argmax(lams))
    text = (f"{title.splitlines()[0] + ': ' if title else ''}regularization path of "
            f"{coefs.shape[1]} coefficients: {nz[hi]} nonzero at λ = {fmt(lams[hi])}, {nz[lo]} at "
            f"λ = {fmt(lams[lo])}")
    if chosen is not None:
        i = int(np.argmin(np.abs(np.log(lams) - np.log(chosen))))
        text += f"; at the chosen λ = {fmt(chosen)}, {nz[i]} nonzero"
    return text + "."


@described(describe_lambda_paths)
def plot_lambda_paths(
    lams: np.ndarray, coefs: np.ndarray, *, names: Sequence[str] | None = None,
    chosen: float | None = None, title: str = "", legend: bool = False, ax: Axes | None = None,
) -> dict[str, Any]:
    r"""Regularization path: every coefficient against :math:`\lambda` (log x, decreasing to the
    right: from the most penalised fit to the least), the chosen :math:`\lambda` marked.
    """  # noqa: D205
    if ax is None:
        _, ax = plt.subplots(figsize=(6.0, 3.6))
    cmap = plt.get_cmap("tab10")
    out: dict[str, Any] = {"lines": []}
    for j in range(coefs.shape[1]):
        label = names[j] if names is not None else f"$w_{{{j + 1}}}$"
        out["lines"].append(ax.plot(lams, coefs[:, j], color=cmap(j % 10), lw=1.6,
                                    ls=_CYCLE_LS[j % len(_CYCLE_LS)], label=label)[0])
    ax.axhline(0.0, color="0.3", lw=0.8)
    if chosen is not None:
        out["chosen"] = ax.axvline(chosen, color="k", lw=1.2, ls="--")
    ax.set_xscale("log")
    ax.set_xlim(lams.max(), lams.min())
    ax.set_xlabel(r"$\lambda$")
    if title:
        ax.set_title(title, fontsize="medium")
    if legend:
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize="x-small")
    return out


def describe_path_panels(paths: Mapping[str, tuple[np.ndarray, np.ndarray]], *,
                         chosen: Mapping[str, float], **_: Any) -> str:
    """The alt text of :func:`plot_path_panels`."""
    parts = []
    for method, (lams, coefs) in paths.items():
        lams = np.asarray(lams, dtype=float)
        c = chosen.get(method)
        if c is None:
            parts.append(f"{method}: {coefs.shape[1]} coefficients")
            continue
        i = int(np.argmin(np.abs(np.log(lams) - np.log(c))))
        parts.append(f"{method} keeps {int(np.sum(np.asarray(coefs)[i] != 0))} of "
                     f"{coefs.shape[1]} coefficients nonzero at its chosen λ = {fmt(c)}")
    return "Regularization paths side by side: " + "; ".join(parts) + "."


@described(describe_path_panels)
def plot_path_panels(
    paths: Mapping[str, tuple[np.ndarray, np.ndarray]], *, chosen: Mapping[str, float],
    names: Sequence[str], notes: Mapping[str, str] | None = None, axes: Any = None,
) -> dict[str, Any]:
    r"""One :func:`plot_lambda_paths` panel per method, the chosen :math:`\lambda` dashed.

    One legend of the features, right of the last panel.

    Parameters
    ----------
    paths : mapping
        Method name to ``(lams, coefs)``.
    chosen : mapping
        Method name to its chosen :math:`\lambda`.
    notes : mapping, optional
        Method name to a second title line (for instance its test error).
    """
    if axes is None:
        _, axes = plt.subplots(1, len(paths), figsize=(8.4, 3.6), sharey=True)
    axes = np.ravel(axes)
    out = {}
    for k, (ax, (method, (lams, coefs))) in enumerate(zip(axes, paths.items(), strict=True)):
        title = method + ("\n" + notes[method] if notes and method in notes else "")
        out[method] = plot_lambda_paths(lams, coefs, names=names, chosen=chosen.get(method),
                                        title=title, legend=k == len(axes) - 1, ax=ax)
    axes[0].set_ylabel("coefficient")
    return out
