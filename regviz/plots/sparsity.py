"""Notebook 13's figures: what exact zeros save (bytes, time), from ``sparsity-pays``.

Each function takes ``ax=None`` (or ``axes=None``) and returns the artists it drew, by name.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from regviz.experiments.results import Result
from regviz.sparsity import Globe

from ._alt import described

__all__ = ["plot_globe", "plot_cross_tradeoff", "plot_network_costs", "network_summary",
           "cross_summary"]

# -- text alternatives (regviz.plots.alt_text), one per plot function below ---------------------
def describe_globe(globe: Globe) -> str:
    """The alt text of :func:`plot_globe`."""
    nlat, nlon = globe.shape
    return (f"A map of {nlat} × {nlon} latitude-longitude cells, {int(globe.signal.sum())} of them "
            f"islands where label 1 has probability {float(globe.p[globe.signal].mean()):.2f}; "
            f"elsewhere {float(globe.p[~globe.signal].mean()):.2f}.")


def describe_cross_tradeoff(result: Result) -> str:
    """The alt text of :func:`plot_cross_tradeoff`: the selected model of each penalty."""
    parts = [f"{r.method.upper()} (C = {r.C:g}) test error {r.test_error:.4f} in "
             f"{r.stored_bytes / 1000:.3g} kB" for r in _cross(result) if r.selected]
    return ("Feature cross: test error against stored kilobytes, one point per C; selected: "
            + "; ".join(parts) + ".")


def describe_network_costs(result: Result) -> str:
    """The alt text of :func:`plot_network_costs`."""
    parts = [f"{_NET_LABELS.get(r.method, r.method)}: {r.stored_bytes / 1000:.3g} kB, "
             f"{r.inference_ms:.2f} ms, test error {r.test_error:.3f}" for r in _nets(result)]
    return "Forum MLP, memory, time and test error per model: " + "; ".join(parts) + "."


_NET_LABELS = {"none": "dense (no penalty)", "l1-loss": "L1 in the loss",
               "l1-prox": "L1 prox (scattered 0s)", "group-lasso-prox": "group lasso"}


@described(describe_globe)
def plot_globe(globe: Globe, *, ax=None) -> dict[str, Any]:
    """The globe's cells: probability of label 1 (islands light, ocean dark)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7.0, 3.6), layout="constrained")
    image = ax.imshow(globe.p, origin="lower", extent=(-180, 180, -90, 90), cmap="cividis",
                      vmin=0, vmax=1, interpolation="nearest", aspect="auto")
    bar = ax.figure.colorbar(image, ax=ax, label="P(label 1) in the cell")
    nlat, nlon = globe.shape
    ax.set(xlabel="longitude (degrees)", ylabel="latitude (degrees)",
           title=f"{nlat} × {nlon} = {globe.dimensions:,} crossed cells, "
                 f"{int(globe.signal.sum())} on islands")
    return {"image": image, "colorbar": bar}


def _cross(result):
    return [r for r in result.rows if r.model == "feature-cross"]


@described(describe_cross_tradeoff)
def plot_cross_tradeoff(result: Result, *, ax=None) -> dict[str, Any]:
    """Feature cross: test error against stored kilobytes, one point per C, L1 and L2.

    The selected model of each penalty is circled.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6.0, 4.0), layout="constrained")
    out: dict[str, Any] = {}
    for method, marker, label in (("l2", "s", "L2 (stored dense)"),
                                  ("l1", "o", "L1 (stored as CSR)")):
        rows = sorted((r for r in _cross(result) if r.method == method), key=lambda r: r.C)
        kb = np.array([r.stored_bytes for r in rows]) / 1000
        err = np.array([r.test_error for r in rows])
        (out[method],) = ax.plot(kb, err, marker=marker, label=label)
        labels: dict[tuple[float, float], list[str]] = {}  # points that coincide share one
        for r, x, y in zip(rows, kb, err, strict=True):
            labels.setdefault((x, y), []).append(f"{r.C:g}")
            if r.selected:
                out[method + " selected"] = ax.scatter([x], [y], s=220, facecolors="none",
                                                       edgecolors="black", zorder=3)
        left = method == "l2"  # L2's points share one x: their labels go to the left
        for (x, y), cs in labels.items():
            ax.annotate("C=" + ", ".join(cs), (x, y), textcoords="offset points",
                        xytext=(-6, 0) if left else (4, 4), ha="right" if left else "left",
                        va="center" if left else "bottom")
    ax.set(xscale="log", xlabel="stored kilobytes (log scale)", ylabel="test error",
           title="Feature cross: error against memory")
    ax.legend()
    return out


def cross_summary(result: Result) -> str:
    """Text alternative of :func:`plot_cross_tradeoff`."""
    lines = []
    for r in _cross(result):
        lines.append(f"{r.method} C={r.C:g}: test error {r.test_error:.4f}, zeros "
                     f"{r.zero_fraction:.1%}, {r.stored_bytes:,} bytes ({r.layout})"
                     + (" [selected]" if r.selected else ""))
    return "\n".join(lines)


def _nets(result):
    return [r for r in result.rows if r.model == "forum-mlp"]


@described(describe_network_costs)
def plot_network_costs(result: Result, *, axes=None) -> dict[str, Any]:
    """Forum MLP: stored kilobytes, inference time and test error per method, three panels."""
    if axes is None:
        _, axes = plt.subplots(1, 3, figsize=(9.5, 3.6), layout="constrained", sharey=True)
    rows = _nets(result)
    labels = [_NET_LABELS.get(r.method, r.method) + (f"\nλ={r.lam:g}" if r.lam else "")
              for r in rows]
    y = np.arange(len(rows))
    out: dict[str, Any] = {}
    out["bytes"] = axes[0].barh(y, [r.stored_bytes / 1000 for r in rows], color="C0")
    axes[0].set(xlabel="stored kB", title="Memory")
    out["time"] = axes[1].barh(y, [r.inference_ms for r in rows], color="C1",
                               label="dense kernels")
    sparse = [(k, r.inference_ms_sparse) for k, r in enumerate(rows)
              if r.inference_ms_sparse is not None]
    if sparse:
        out["time sparse"] = axes[1].scatter([t for _, t in sparse], [k for k, _ in sparse],
                                             marker="x", color="black", zorder=3,
                                             label="CSR kernels")
        axes[1].set_xscale("log")
    axes[1].set(xlabel="ms per forward pass (log)", title="Time")
    axes[1].legend(loc="lower right")
    out["error"] = axes[2].barh(y, [r.test_error for r in rows], color="C2")
    axes[2].set(xlabel="test error", title="Test error")
    axes[0].set_yticks(y, labels)
    for ax in axes:
        if ax is not axes[0] and not ax.get_shared_y_axes().joined(ax, axes[0]):
            ax.set_yticks(y)
        ax.tick_params(axis="y", labelleft=ax is axes[0])
        ax.set_ylim(len(rows) - 0.5, -0.5)  # first row on top (shared axes: set, not inverted)
    axes[0].set_ylabel("model")
    return out


def network_summary(result: Result) -> str:
    """Text alternative of :func:`plot_network_costs`."""
    lines = []
    for r in _nets(result):
        t = f"{r.inference_ms:.2f} ms"
        if r.inference_ms_sparse is not None:
            t += f" (CSR kernels {r.inference_ms_sparse:.1f} ms)"
        lines.append(f"{_NET_LABELS.get(r.method, r.method)} λ={r.lam:g}: units "
                     f"{tuple(r.units)}, {r.parameters:,} numbers stored, {r.stored_bytes:,} "
                     f"bytes ({r.layout}), {t}, test error {r.test_error:.3f}")
    return "\n".join(lines)
