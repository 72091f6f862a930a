"""Lecture figures of notebook 10 (dropout and noise; the dropout-vs-l2 reproduction)."""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.figure import Figure

from ..experiments.results import Result
from ._registry import register

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
def _dropout_kept_share(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..noise import kept_share, rare_features
    from ..plots.noise import plot_kept_share

    frequencies = (1.0, 0.5, 0.2, 0.1, 0.05, 0.02)
    X, y = rare_features(n=400, frequencies=frequencies)
    plot_kept_share(frequencies, kept_share(X, y, 0.5), p=0.5, ax=fig.subplots())
