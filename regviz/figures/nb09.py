"""Lecture figures of notebook 09 (the playground: numpy training, no torch, no cache)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matplotlib.figure import Figure

from ..experiments.results import Result
from ._registry import register

# --------------------------------------------------------------------------------------------
# 09: the playground (numpy training, no torch: seconds, no cache)

#: The run behind the playground figures: notebook 09's default setting, trained this long.
PLAYGROUND_STEPS = 1500
#: The pruning λ of the second snapshot (L1 as a proximal step).
PLAYGROUND_PRUNING_LAM = 0.03


def _playground_snapshot(fig: Figure, penalty: Any, title: str) -> None:
    from ..playground import Trainer, make_dataset
    from ..plots.playground import plot_snapshot

    trainer = Trainer(make_dataset("moons"), penalty=penalty, mode="prox")
    trainer.step(PLAYGROUND_STEPS)
    ax_boundary, ax_network = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.6]})
    plot_snapshot(trainer, ax_boundary=ax_boundary, ax_network=ax_network, title=title)


@register(
    "playground-no-penalty",
    "The playground's default network (2-8-8-1, tanh) after 1,500 SGD steps on the moons without "
    "a penalty: a curved boundary, and every one of the 88 weights nonzero (edge width |w|, blue "
    "positive, orange negative).",
    figsize=(11.0, 4.6),
    notebook="09_playground",
)
def _playground_no_penalty(fig: Figure, results: Mapping[str, Result]) -> None:
    _playground_snapshot(fig, None, "no penalty")


@register(
    "playground-l1-prox",
    "The same run with λΣ|w|, λ = 0.03, applied as a proximal step after each SGD step: most "
    "weights are exactly 0 and drawn as missing edges, units left without weights are grey; the "
    "few units left draw a simpler boundary, at some cost in test accuracy at a λ this large.",
    figsize=(11.0, 4.6),
    notebook="09_playground",
)
def _playground_l1_prox(fig: Figure, results: Mapping[str, Result]) -> None:
    from ..penalties import L1

    _playground_snapshot(fig, L1(PLAYGROUND_PRUNING_LAM),
                         f"$L_1$ as a prox step, λ = {PLAYGROUND_PRUNING_LAM:g}")
