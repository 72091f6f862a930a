"""Lecture figures of notebook 06 (the lecture's convnet on MNIST, from its reproductions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib as mpl
from matplotlib.figure import Figure

from ..experiments.results import Result
from ..style import COLORS
from ._registry import MNIST_RUNS, register

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
    from ..plots.training import plot_error_vs_lambda

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
    from ..plots.training import plot_error_vs_lambda

    ax = fig.subplots()
    plot_error_vs_lambda(results["fleuret-l1"], ax=ax)
    ax.set_title(r"$L_1$ as a proximal step")



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
    from ..plots.training import plot_lecture_comparison

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
    from ..plots.training import plot_weight_histogram

    axes = fig.subplots(1, 2, sharey=True)
    for ax, name in zip(axes, MNIST_RUNS, strict=True):
        rows = results[name].rows
        for i in sorted({0, len(rows) // 2, len(rows) - 1}):  # the panel title names the method
            plot_weight_histogram(rows[i], ax=ax, label=f"λ = {rows[i].lam:g}")
    axes[0].set_title(r"$L_2$ in the loss")
    axes[1].set_title(r"$L_1$ as a proximal step")
