"""Lecture figures of notebooks 12 and 13 (weight decay with BatchNorm, sparsity that pays).

Each draws from a shipped reproduction (``normalized-decay``, ``sparsity-pays``) with the plot
functions of :mod:`regviz.plots.normalization` and :mod:`regviz.plots.sparsity`.
"""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.figure import Figure

from ..experiments.results import Result
from ._registry import register


@register(
    "angular-update",
    "A layer followed by BatchNorm, trained with SGD and torch-style weight decay: the angle its "
    "weights turn per step (RMS over the last 1,000 of 4,000 steps) against the prediction "
    "sqrt(2ηλ/(1+μ)). Every run long enough to reach equilibrium lands within 25 %; the run with "
    "a relaxation time longer than its budget stays far below.",
    figsize=(6.5, 5.0), requires=("normalized-decay",),
    notebook="12_weight_decay_and_normalization")
def _angular_update(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.normalization import plot_angular_updates

    plot_angular_updates(results["normalized-decay"], ax=fig.subplots())


@register(
    "weight-norms",
    "The norm of the weights before BatchNorm, epoch by epoch: it only grows without decay "
    "(dashed) and settles, with swings, under weight decay (solid).",
    figsize=(8.0, 5.0), requires=("normalized-decay",),
    notebook="12_weight_decay_and_normalization")
def _weight_norms(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.normalization import plot_norm_histories

    plot_norm_histories(results["normalized-decay"], ax=fig.subplots())


@register(
    "feature-cross-bytes",
    "The primer's feature cross on a synthetic globe (28,800 crossed cells): test error against "
    "stored kilobytes for L2 (dense) and L1 (CSR) at four strengths; the selected models are "
    "circled. L1 stores a tenth of L2's bytes at the same error.",
    figsize=(7.0, 5.0), requires=("sparsity-pays",), notebook="13_sparsity_that_pays")
def _feature_cross_bytes(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.sparsity import plot_cross_tradeoff

    plot_cross_tradeoff(results["sparsity-pays"], ax=fig.subplots())


@register(
    "pruned-networks",
    "The forum's MLP dense, with L1 (scattered zeros) and with the group lasso (whole units "
    "removed, rebuilt smaller): stored kilobytes, time of a forward pass on 1,000 digits (dense "
    "and CSR kernels) and test error.",
    figsize=(12.0, 4.2), requires=("sparsity-pays",), notebook="13_sparsity_that_pays")
def _pruned_networks(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..plots.sparsity import plot_network_costs

    plot_network_costs(results["sparsity-pays"], axes=fig.subplots(1, 3, sharey=True))
