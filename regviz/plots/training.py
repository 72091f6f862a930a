"""Figures of notebooks 06 / 07: error and sparsity against lambda, weight histograms, tables."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["plot_error_vs_lambda", "plot_weight_histogram", "plot_lecture_comparison"]


def _lams(rows):
    return np.array([r["lambda"] for r in rows], dtype=float)


def _x(lams):
    """Lambda on a log axis with 0 drawn one decade below the smallest nonzero value."""
    nz = lams[lams > 0]
    zero_at = nz.min() / 10 if nz.size else 1e-6
    return np.where(lams > 0, lams, zero_at), zero_at


def plot_error_vs_lambda(result: dict, *, ax=None, sparsity: bool = True) -> dict[str, Any]:
    """Test / train error (and fraction of exact zeros, right axis) against lambda.

    Lambda 0 is drawn one decade left of the smallest nonzero lambda (log axis).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    rows = result["rows"]
    x, zero_at = _x(_lams(rows))
    out = {}
    out["test"] = ax.plot(x, [r["test_error"] for r in rows], "o-", label="test error (ours)")[0]
    out["train"] = ax.plot(x, [r["train_error"] for r in rows], "s--", label="train error")[0]
    if "lecture_test_error" in rows[0]:
        out["lecture"] = ax.plot(x, [r["lecture_test_error"] for r in rows], "k^:",
                                 label="test error (lecture)")[0]
    ax.set_xscale("log")
    ax.set_xlabel(r"$\lambda$  (leftmost point: $\lambda = 0$)")
    ax.set_ylabel("error rate")
    ax.set_title(result["name"])
    handles = list(out.values())
    if sparsity:
        ax2 = ax.twinx()
        out["zeros"] = ax2.plot(x, [r["zero_fraction"] for r in rows], "d-", color="tab:green",
                                label="fraction of exact zeros")[0]
        ax2.set_ylim(-0.02, 1.02)
        ax2.set_ylabel("fraction of exact zeros", color="tab:green")
        handles.append(out["zeros"])
        out["ax2"] = ax2
    out["legend"] = ax.legend(handles=handles, loc="upper left", fontsize="small")
    return out


def histogram_of(row: dict) -> tuple[np.ndarray, np.ndarray]:
    """The last stored weight histogram ``(counts, edges)`` of a reproduction row."""
    hists = row["history"]["histograms"]
    key = max(hists, key=int)
    counts, edges = hists[key]
    return np.asarray(counts, dtype=float), np.asarray(edges, dtype=float)


def plot_weight_histogram(row: dict, *, ax=None, label: str | None = None) -> Any:
    """Histogram of the trained weights of one run (log counts, so exact zeros stand out)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.5))
    counts, edges = histogram_of(row)
    art = ax.stairs(counts + 1, edges, fill=False, linewidth=1.8,
                    label=label or f"{row['method']}, λ = {row['lambda']:g}")
    ax.set_yscale("log")
    ax.set_xlabel("weight value")
    ax.set_ylabel("count + 1")
    ax.legend(fontsize="small")
    return art


def plot_lecture_comparison(results: list[dict], *, ax=None) -> list[Any]:
    """Our test error against the lecture's, one marker per row, with the y = x line."""
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 4.5))
    arts = []
    for res in results:
        rows = res["rows"]
        arts.append(ax.plot([r["lecture_test_error"] for r in rows],
                            [r["test_error"] for r in rows], "o", label=res["name"])[0])
    lim = [0, max(0.6, ax.get_xlim()[1])]
    arts.append(ax.plot(lim, lim, "k:", lw=1, label="equal")[0])
    ax.set_xlabel("lecture test error")
    ax.set_ylabel("our test error")
    ax.legend(fontsize="small")
    return arts
