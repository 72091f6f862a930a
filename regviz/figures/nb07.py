"""Lecture figures of notebook 07: the forum's MLP and the Q&A's square-root penalty."""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.figure import Figure

from ..experiments.results import Result
from ._registry import register

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
    from ..plots.training import plot_training_curves

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
    from ..experiments.sqrt import LABELS
    from ..plots.training import plot_training_curves

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
