"""Notebook 10's figures: dropout's per-feature ridge, the logistic quadratic, dropout-vs-l2.

Each function takes what :mod:`regviz.noise` or a reproduction computed, draws on ``ax`` (a new
figure when None) and returns the artists it drew.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from ._alt import described

__all__ = ["plot_kept_share", "plot_logistic_penalty", "plot_dropout_table"]


def _ax(ax: Any, figsize: tuple[float, float]) -> Any:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


# -- text alternatives (regviz.plots.alt_text), one per plot function below ---------------------
def describe_kept_share(frequencies: Any, kept: dict[str, np.ndarray], *, p: float) -> str:
    """The alt text of :func:`plot_kept_share`: what each keeps of the rarest and commonest."""
    f = np.asarray(frequencies, dtype=float)
    lo, hi = int(np.argmin(f)), int(np.argmax(f))
    d, r = np.asarray(kept["dropout"]), np.asarray(kept["ridge"])
    return (f"Share of each least-squares weight kept, against how often its feature is nonzero: "
            f"for the rarest feature ({f[lo]:.2g} of the points) dropout with p = {p:g} keeps "
            f"{d[lo]:.2f} and ridge {r[lo]:.2f}; for the commonest ({f[hi]:.2g}) dropout keeps "
            f"{d[hi]:.2f} and ridge {r[hi]:.2f}.")


def describe_logistic_penalty(curve: dict[str, np.ndarray], *, p: float) -> str:
    """The alt text of :func:`plot_logistic_penalty`."""
    s, exact, quad = (np.asarray(curve[k], dtype=float) for k in ("scale", "exact", "quadratic"))
    return (f"Dropout's added loss for logistic regression with input dropout p = {p:g}, against "
            f"the scale of the weights from {s.min():.2g} to {s.max():.2g}: at the largest scale "
            f"the exact penalty is {exact[-1]:.3g} and the quadratic approximation "
            f"{quad[-1]:.3g}; at the smallest, {exact[0]:.3g} and {quad[0]:.3g}.")


def describe_dropout_table(rows: Any) -> str:
    """The alt text of :func:`plot_dropout_table`: each setting's test error without and with."""
    parts = []
    for r in rows:
        rate = tuple(r.dropout)
        tag = "no dropout" if not any(rate) else f"dropout {rate[0]:g}/{rate[1]:g}"
        parts.append(f"{r.method}{'' if r.lam == 0 else f' λ = {r.lam:g}'}, {tag}: "
                     f"{r.test_error:.3f}")
    return "Test error of the forum's MLP by penalty, with dropout off and on: " + "; ".join(
        parts) + "."


@described(describe_kept_share)
def plot_kept_share(frequencies: Any, kept: dict[str, np.ndarray], *, p: float,
                    ax: Any = None) -> dict[str, Any]:
    """The share of each least-squares weight kept by dropout and by ridge, against frequency.

    ``kept`` is :func:`regviz.noise.kept_share`'s result; a feature's frequency is the share of
    points where it is nonzero (log axis).
    """
    ax = _ax(ax, (6, 3.2))
    f = np.asarray(frequencies, dtype=float)
    out = {
        "dropout": ax.plot(f, kept["dropout"], "o-", color="C0", lw=2,
                           label=f"dropout p = {p:g} (λ_j ∝ the feature's energy)")[0],
        "ridge": ax.plot(f, kept["ridge"], "s--", color="C3", lw=1.5,
                         label="ridge, one λ (the mean of dropout's λ_j)")[0],
    }
    ax.set(xscale="log", xlabel="share of points where the feature is nonzero",
           ylabel="weight kept: $w_j / w_j^{LS}$", ylim=(0, 1.05),
           title="rare features: what each penalty leaves of their weight")
    ax.legend(fontsize="small", loc="lower right")
    return out


@described(describe_logistic_penalty)
def plot_logistic_penalty(curve: dict[str, np.ndarray], *, p: float, ax: Any = None
                          ) -> dict[str, Any]:
    """Dropout's exact penalty (Monte Carlo, ± 2 s.e.) and the quadratic approximation."""
    ax = _ax(ax, (5.5, 3.2))
    s = curve["scale"]
    out = {
        "exact": ax.errorbar(s, curve["exact"], yerr=2 * curve["se"], fmt="o", color="C0",
                             ms=4, capsize=2, label="exact, by Monte Carlo (± 2 s.e.)"),
        "quadratic": ax.plot(s, curve["quadratic"], color="C3", lw=1.5,
                             label="quadratic approximation")[0],
    }
    ax.set(xlabel="scale s of the weights (s · w)", ylabel="mean loss added by dropout",
           title=f"logistic regression, input dropout p = {p:g}")
    ax.legend(fontsize="small", loc="upper left")
    return out


@described(describe_dropout_table)
def plot_dropout_table(rows: Any, *, ax: Any = None) -> dict[str, Any]:
    """Test error of each penalty with dropout off and on (rows of ``dropout-vs-l2``)."""
    ax = _ax(ax, (7, 3.2))
    keys = list(dict.fromkeys((r.method, r.lam) for r in rows))
    rates = list(dict.fromkeys(tuple(r.dropout) for r in rows))
    x = np.arange(len(keys))
    width = 0.8 / len(rates)
    out = {}
    for k, rate in enumerate(rates):
        err = [next((r.test_error for r in rows if (r.method, r.lam) == key
                     and tuple(r.dropout) == rate), np.nan) for key in keys]
        label = "no dropout" if not any(rate) else f"dropout {rate[0]:g} / {rate[1]:g}"
        out[rate] = ax.bar(x + (k - (len(rates) - 1) / 2) * width, err, width,
                           color=f"C{k}", hatch=None if k == 0 else "//", label=label)
        ax.bar_label(out[rate], fmt="%.3f", fontsize="x-small", padding=1)
    ax.axhline(0.9, color="0.5", lw=0.8, ls=":")
    ax.text(len(keys) - 0.5, 0.9, "chance", ha="right", va="bottom", fontsize="small",
            color="0.4")
    ax.set(xticks=x, xticklabels=[m if lam == 0 else f"{m}\nλ = {lam:g}" for m, lam in keys],
           ylabel="test error (log scale)", title="the forum's MLP: dropout off and on",
           yscale="log", ylim=(0.05, 1.0))
    ax.tick_params(axis="x", labelsize="small")
    ax.legend(fontsize="small", loc="upper left")
    return out
