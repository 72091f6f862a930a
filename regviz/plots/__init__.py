"""Plotting functions: each takes ``ax=None`` (a new figure when None) and returns its artists.

One module per kind of figure; everything public is re-exported here.
"""

from .landscape import (
    OBJECTIVE_YLIM,
    objective_title,
    plot_lambda_sequence,
    plot_minimizer_path,
    plot_objective,
)

__all__ = [
    "OBJECTIVE_YLIM",
    "objective_title",
    "plot_lambda_sequence",
    "plot_minimizer_path",
    "plot_objective",
]
