r"""Notebook 12's figures: weight decay on a layer followed by BatchNorm.

Each function takes ``ax=None`` (a new figure when None) and returns the artists it drew, by
name. The numbers come from the ``normalized-decay`` result or from
:func:`regviz.normalization.simulate_sphere`; nothing is computed here that those own.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from regviz.experiments.results import Result
from regviz.normalization import SphereRun

from ._alt import described

__all__ = ["plot_angular_updates", "plot_norm_histories", "plot_sphere_run",
           "angular_update_summary", "norm_history_summary"]

#: Method -> (marker, label) of the runs that have a prediction.
_STYLE = {
    "sgd": ("o", "SGD, momentum 0.9"),
    "sgd-no-momentum": ("s", "SGD, no momentum"),
    "sgd-decay-all": ("D", "SGD 0.9, gains decayed too"),
    "sgd-before-equilibrium": ("v", "budget < 1/(2ηλ)"),
}


def _axes(ax, figsize=(6.0, 4.2)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


# -- text alternatives (regviz.plots.alt_text), one per plot function below ---------------------
def describe_angular_updates(result: Result, **_: Any) -> str:
    """The alt text of :func:`plot_angular_updates`: how far measured is from predicted."""
    rows = [r for r in result.rows if r.predicted_angular_update > 0]
    ratios = np.array([r.angular_update / r.predicted_angular_update for r in rows])
    far = rows[int(np.argmax(np.abs(np.log(ratios))))]
    return (f"Measured against predicted angle per step for {len(rows)} runs, log-log: measured "
            f"/ predicted from {ratios.min():.2f} to {ratios.max():.2f}; farthest "
            f"{far.method} (lr {far.lr:g}, weight decay {far.lam:g}, momentum {far.momentum:g}).")


def describe_norm_histories(result: Result, *, methods: tuple[str, ...] = (
        "sgd", "sgd-no-decay", "sgd-before-equilibrium")) -> str:
    """The alt text of :func:`plot_norm_histories`: :func:`norm_history_summary` in one line."""
    lines = norm_history_summary(result, methods=methods).splitlines()
    return "Weight norm of the layer before BatchNorm per epoch: " + "; ".join(lines) + "."


def describe_sphere_run(run: SphereRun) -> str:
    """The alt text of :func:`plot_sphere_run`."""
    return (f"Norm from {run.norm[0]:.3g} to {run.norm[-1]:.3g} over {run.norm.size} steps; the "
            f"angle per step (RMS, last 500 steps) is {run.rms_angle(500):.4f} against the "
            f"predicted {run.predicted:.4f}.")


@described(describe_angular_updates)
def plot_angular_updates(result: Result, *, ax=None, tolerance: float = 0.25
                         ) -> dict[str, Any]:
    r"""Measured against predicted angle per step, one marker per run, log-log.

    The diagonal is the prediction :math:`\sqrt{2\eta\lambda/(1+\mu)}`; the band is
    ``± tolerance`` around it.
    """
    ax = _axes(ax)
    rows = [r for r in result.rows if r.predicted_angular_update > 0]
    preds = np.array([r.predicted_angular_update for r in rows])
    meas = np.array([r.angular_update for r in rows])
    lo, hi = 0.5 * min(preds.min(), meas.min()), 2.0 * max(preds.max(), meas.max())
    x = np.geomspace(lo, hi, 50)
    out: dict[str, Any] = {}
    out["band"] = ax.fill_between(x, (1 - tolerance) * x, (1 + tolerance) * x, color="0.88",
                                  label=f"prediction ± {tolerance:.0%}")
    (out["diagonal"],) = ax.plot(x, x, color="0.3", lw=1, label="measured = predicted")
    for method, (marker, label) in _STYLE.items():
        mine = [r for r in rows if r.method == method]
        if mine:
            out[method] = ax.scatter([r.predicted_angular_update for r in mine],
                                     [r.angular_update for r in mine], marker=marker, s=46,
                                     label=label, zorder=3, edgecolors="black", linewidths=0.5)
    ax.set(xscale="log", yscale="log", xlim=(lo, hi), ylim=(lo, hi),
           xlabel=r"predicted $\sqrt{2\eta\lambda/(1+\mu)}$ (rad / step)",
           ylabel="measured RMS angle (rad / step)",
           title="Angle per step at the end of training")
    ax.legend(loc="upper left")
    return out


def angular_update_summary(result: Result) -> str:
    """A text alternative of :func:`plot_angular_updates`: one line per run."""
    lines = []
    for r in result.rows:
        if r.predicted_angular_update > 0:
            lines.append(f"{r.method}: lr {r.lr:g}, weight_decay {r.lam:g}, momentum "
                         f"{r.momentum:g}: measured {r.angular_update:.4f}, predicted "
                         f"{r.predicted_angular_update:.4f} (ratio {r.ratio:.2f})")
    return "\n".join(lines)


@described(describe_norm_histories)
def plot_norm_histories(result: Result, *, methods: tuple[str, ...] = (
        "sgd", "sgd-no-decay", "sgd-before-equilibrium"), ax=None) -> dict[str, Any]:
    """The BatchNorm layer's weight norm per epoch, one line per run of ``methods``."""
    ax = _axes(ax)
    res = result
    out: dict[str, Any] = {}
    styles = {"sgd": "-", "sgd-no-momentum": "-.", "sgd-no-decay": "--",
              "sgd-before-equilibrium": ":", "sgd-decay-all": "-"}
    for r in res.rows:
        if r.method not in methods:
            continue
        norms = r.history.curve("weight_norm")
        label = (f"{r.method}: lr {r.lr:g}, wd {r.lam:g}, μ {r.momentum:g}")
        (out[label],) = ax.plot(np.arange(1, len(norms) + 1), norms, styles.get(r.method, "-"),
                                label=label)
    ax.set(xlabel="epoch (20 steps each)", ylabel=r"$\|W\|$ of the layer before BatchNorm",
           title="Weight norm: settles with decay, grows without")
    ax.legend(fontsize="small")
    return out


def norm_history_summary(result: Result, *, methods: tuple[str, ...] = (
        "sgd", "sgd-no-decay", "sgd-before-equilibrium")) -> str:
    """A text alternative of :func:`plot_norm_histories`: first, lowest, highest and last norm."""
    lines = []
    for r in result.rows:
        if r.method in methods:
            n = r.history.curve("weight_norm")
            lines.append(f"{r.method} (lr {r.lr:g}, wd {r.lam:g}, μ {r.momentum:g}): ||W|| "
                         f"{n[0]:.2f} after epoch 1, between {min(n):.2f} and {max(n):.2f}, "
                         f"{n[-1]:.2f} at the end")
    return "\n".join(lines)


@described(describe_sphere_run)
def plot_sphere_run(run: SphereRun, *, axes=None) -> dict[str, Any]:
    """Norm and angle per step of :func:`regviz.normalization.simulate_sphere`, two panels.

    The angle panel shows a running RMS over 50 steps and the prediction as a dashed line.
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(9.0, 3.4), layout="constrained")
    ax_n, ax_a = axes
    steps = np.arange(1, run.norm.size + 1)
    out: dict[str, Any] = {}
    (out["norm"],) = ax_n.plot(steps, run.norm, color="C0")
    ax_n.set(xlabel="step", ylabel=r"$\|W_t\|$", yscale="log", title="Norm")
    (out["angle"],) = ax_a.plot(steps, running_rms(run.angle), color="C1",
                                label="angle (RMS over 50 steps)")
    out["predicted"] = ax_a.axhline(run.predicted, color="0.2", ls="--",
                                    label=r"$\sqrt{2\eta\lambda/(1+\mu)}$")
    ax_a.set(xlabel="step", ylabel="rad / step", yscale="log", title="Angle per step")
    ax_a.legend(loc="lower right")
    return out


def running_rms(angle: np.ndarray, window: int = 50) -> np.ndarray:
    """Root mean square of ``angle`` over the last ``window`` steps (fewer at the start)."""
    sq = np.concatenate([[0.0], np.cumsum(np.asarray(angle, float) ** 2)])
    idx = np.arange(1, len(angle) + 1)
    start = np.maximum(0, idx - window)
    return np.sqrt((sq[idx] - sq[start]) / (idx - start))
