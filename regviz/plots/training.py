"""Figures of notebooks 06 / 07: error and sparsity against lambda, histograms, training curves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import offset_copy

from regviz.experiments.results import Result, Row

from ._alt import described, fmt

__all__ = [
    "describe_error_vs_lambda",
    "describe_weight_histogram",
    "describe_lecture_comparison",
    "describe_training_curves",
    "TRAINING_METRICS",
    "plot_error_vs_lambda",
    "plot_weight_histogram",
    "plot_lecture_comparison",
    "plot_training_curves",
]

#: The per-epoch lists of a reproduction row's ``history`` that :func:`plot_training_curves`
#: draws, with their axis labels (``train_error`` / ``test_error`` hold only the last epoch).
TRAINING_METRICS: dict[str, str] = {
    "loss": "mean training loss",
    "penalty": "penalty at the end of the epoch",
    "zero_fraction": "fraction of exact zeros",
}
#: Line styles of a method's runs, in increasing lambda, and hollow markers, one shape per method.
_LAMBDA_STYLES = ("-", "--", ":", "-.")
_METHOD_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
#: Text colours that reach WCAG's 4.5:1 on white: the zero-fraction axis (a darker tab:green,
#: 5.1:1) and the red of a diverged run (6.4:1; matplotlib's "red" is 4.0:1).
ZEROS_TEXT_COLOR = "#1e7b1e"
DIVERGED_COLOR = "#c00000"
#: Where the red "x" of a diverged run sits (axes fraction) and how far apart (points).
_MARKER_Y = 0.93
_MARKER_GAP = 16.0
#: Each further epoch with a divergence gets its own row of markers, this much lower (axes
#: fraction), so that two "NaN at epoch k" labels never run into each other.
_MARKER_STEP = 0.08


def _lams(rows: list[Row]) -> np.ndarray:
    return np.array([r.lam for r in rows], dtype=float)


def _x(lams):
    """Lambda on a log axis with 0 drawn one decade below the smallest nonzero value."""
    nz = lams[lams > 0]
    zero_at = nz.min() / 10 if nz.size else 1e-6
    return np.where(lams > 0, lams, zero_at), zero_at


def _lam_text(lam: float) -> str:
    return "0" if lam == 0 else f"{lam:g}"


def describe_error_vs_lambda(result: Result, *, sparsity: bool = True) -> str:
    """The alt text of :func:`plot_error_vs_lambda`: the best test error and the zeros."""
    rows = result.rows
    best = min(rows, key=lambda r: r.test_error)
    text = (f"Test and train error against λ over {len(rows)} runs of {result.name}: "
            f"the test error is lowest, {best.test_error:.3g}, at λ = {_lam_text(best.lam)}")
    if sparsity:
        top = max(rows, key=lambda r: r.lam)
        text += (f"; the fraction of exact zeros reaches {top.zero_fraction:.3g} at the largest "
                 f"λ = {_lam_text(top.lam)}")
    return text + "."


@described(describe_error_vs_lambda)
def plot_error_vs_lambda(result: Result, *, ax=None, sparsity: bool = True
                         ) -> dict[str, Any]:
    """Test / train error (and fraction of exact zeros, right axis) against lambda.

    Lambda 0 is drawn one decade left of the smallest nonzero lambda (log axis). When the rows
    carry ``test_error_min`` / ``test_error_max`` (the same setup trained with other seeds), the
    range between them is shaded around the test error: ``out["seed_range"]``. Rows with the
    lecture's errors (``lecture_test_error``, ``lecture_train_error``) draw them too, in black,
    the test error solid-dotted with triangles (``out["lecture"]``), the train error with hollow
    squares (``out["lecture_train"]``), so each of ours has the lecture's beside it.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    rows = result.rows
    x, zero_at = _x(_lams(rows))
    out = {}
    seeds = result.config.get("seeds", [])
    label = f"test error (ours, seed {seeds[0]})" if seeds else "test error (ours)"
    out["test"] = ax.plot(x, [r.test_error for r in rows], "o-", label=label)[0]
    if all(getattr(r, "test_error_min", None) is not None for r in rows):
        out["seed_range"] = ax.fill_between(
            x, [r.test_error_min for r in rows], [r.test_error_max for r in rows],
            color=out["test"].get_color(), alpha=0.18, linewidth=0,
            label=f"test error, range over seeds {seeds[0]}-{seeds[-1]}" if seeds
            else "test error, range over seeds",
        )
    out["train"] = ax.plot(x, [r.train_error for r in rows], "s--", label="train error")[0]
    if all(getattr(r, "lecture_test_error", None) is not None for r in rows):
        out["lecture"] = ax.plot(x, [r.lecture_test_error for r in rows], "k^:",
                                 label="test error (lecture)")[0]
    if all(getattr(r, "lecture_train_error", None) is not None for r in rows):
        out["lecture_train"] = ax.plot(x, [r.lecture_train_error for r in rows], "ks:",
                                       mfc="none", label="train error (lecture)")[0]
    ax.set_xscale("log")
    ax.set_xlabel(r"$\lambda$  (leftmost point: $\lambda = 0$)")
    ax.set_ylabel("error rate")
    ax.set_title(result.name)
    handles = list(out.values())
    if sparsity:
        ax2 = ax.twinx()
        out["zeros"] = ax2.plot(x, [r.zero_fraction for r in rows], "d-", color="tab:green",
                                label="fraction of exact zeros")[0]
        ax2.set_ylim(-0.02, 1.02)
        ax2.set_ylabel("fraction of exact zeros", color=ZEROS_TEXT_COLOR)
        handles.append(out["zeros"])
        out["ax2"] = ax2
    out["legend"] = ax.legend(handles=handles, loc="upper left", fontsize="small")
    return out


def histogram_of(row: Row) -> tuple[np.ndarray, np.ndarray]:
    """The last stored weight histogram ``(counts, edges)`` of a reproduction row."""
    hists = row.history.histograms
    counts, edges = hists[max(hists)]
    return np.asarray(counts, dtype=float), np.asarray(edges, dtype=float)


def describe_weight_histogram(row: Row, **_: Any) -> str:
    """The alt text of :func:`plot_weight_histogram`."""
    counts, edges = histogram_of(row)
    peak = int(np.argmax(counts))
    return (f"Histogram of the trained weights of {row.method} at λ = {_lam_text(row.lam)}, log "
            f"counts: most weights lie near {0.5 * (edges[peak] + edges[peak + 1]):.2g}; "
            f"{100 * row.zero_fraction:.3g} % are exactly 0 and the test error is "
            f"{row.test_error:.3g}.")


@described(describe_weight_histogram)
def plot_weight_histogram(row: Row, *, ax=None, label: str | None = None) -> Any:
    """Histogram of the trained weights of one run (log counts, so exact zeros stand out)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.5))
    counts, edges = histogram_of(row)
    ls = _LAMBDA_STYLES[len(ax.patches) % len(_LAMBDA_STYLES)]  # overlays differ by line style
    art = ax.stairs(counts + 1, edges, fill=False, linewidth=1.8, linestyle=ls,
                    label=label or f"{row.method}, λ = {row.lam:g}")
    ax.set_yscale("log")
    ax.set_xlabel("weight value")
    ax.set_ylabel("count + 1")
    ax.legend(fontsize="small")
    return art


def describe_lecture_comparison(results: list[Result], *,
                                labels: Sequence[str] | None = None, **_: Any) -> str:
    """The alt text of :func:`plot_lecture_comparison`."""
    parts = []
    for k, res in enumerate(results):
        rows = [r for r in res.rows if getattr(r, "lecture_test_error", None) is not None]
        name = labels[k] if labels is not None else res.name
        if not rows:
            continue
        diff = np.array([r.test_error - r.lecture_test_error for r in rows])
        worst = rows[int(np.argmax(np.abs(diff)))]
        parts.append(f"{name}: {len(rows)} runs, ours minus the lecture's from {diff.min():+.3f} "
                     f"to {diff.max():+.3f}, farthest at λ = {_lam_text(worst.lam)}")
    return ("Our test error against the lecture's, one point per run, with the line y = x: "
            + "; ".join(parts) + ".")


@described(describe_lecture_comparison)
def plot_lecture_comparison(
    results: list[Result],
    *,
    ax=None,
    labels: Sequence[str] | None = None,
    colors: Sequence[Any] | None = None,
) -> dict[str, Any]:
    """Our test error against the lecture's, one marker per row, with the y = x line.

    Rows with ``test_error_min`` / ``test_error_max`` (the same setup trained with other seeds)
    get a vertical bar over that range, in the colour of their markers. Rows with the lecture's
    train error add it as hollow squares in the same colour (ours against the lecture's, row by
    row): ``"train_points"``.

    Parameters
    ----------
    results : list of Result
        Reproductions whose rows carry ``lecture_test_error`` (JSON dicts are decoded).
    labels, colors : sequence, optional
        Legend label and colour of each result (default: its name, the colour cycle).

    Returns
    -------
    dict
        ``"points"`` (one ``Line2D`` per result), ``"train_points"`` (one ``Line2D`` or ``None``
        per result), ``"seed_ranges"`` (a ``LineCollection`` per result, ``None`` without seed
        ranges), ``"equal"`` (the y = x line) and ``"legend"``.
    """
    for name, given in (("labels", labels), ("colors", colors)):
        if given is not None and len(given) != len(results):
            raise ValueError(f"{name} must have one entry per result ({len(results)}), "
                             f"got {len(given)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 4.5))
    out: dict[str, Any] = {"points": [], "train_points": [], "seed_ranges": []}
    for k, res in enumerate(results):
        rows = res.rows
        lect = [r.lecture_test_error for r in rows]
        style = {"color": colors[k]} if colors is not None else {}
        name = labels[k] if labels is not None else res.name
        marker = _METHOD_MARKERS[k % len(_METHOD_MARKERS)]  # not only the colour differs
        point = ax.plot(lect, [r.test_error for r in rows], marker, label=name, **style)[0]
        out["points"].append(point)
        train = None
        if all(getattr(r, "lecture_train_error", None) is not None for r in rows):
            train = ax.plot([r.lecture_train_error for r in rows],
                            [r.train_error for r in rows], "s", mfc="none",
                            color=point.get_color(), label=f"{name}, train error")[0]
        out["train_points"].append(train)
        bars = None
        if all(getattr(r, "test_error_min", None) is not None for r in rows):
            bars = ax.vlines(lect, [r.test_error_min for r in rows],
                             [r.test_error_max for r in rows],
                             color=point.get_color(), alpha=0.45, linewidth=3, zorder=1.5)
        out["seed_ranges"].append(bars)
    ax.autoscale_view()
    top = max(0.6, ax.get_xlim()[1], ax.get_ylim()[1])
    out["equal"] = ax.plot([0, top], [0, top], "k:", lw=1, label="equal")[0]
    ax.set_xlabel("lecture's error")
    ax.set_ylabel("our error")
    out["legend"] = ax.legend(fontsize="small", loc="upper left")
    return out


def _check_methods(methods: Any, rows: list[Row], name: str) -> tuple[str, ...] | None:
    """``methods`` as a tuple of substrings, each matching at least one row's method."""
    if methods is None:
        return None
    known = tuple(dict.fromkeys(r.method for r in rows))
    expected = f"methods must be None or a non-empty list of substrings of {known}"
    if isinstance(methods, str) or not isinstance(methods, Sequence) or not methods:
        raise ValueError(f"{expected}, got {methods!r}")
    if not all(isinstance(m, str) and m for m in methods):
        raise ValueError(f"{expected}, got {methods!r}")
    unmatched = [m for m in methods if not any(m in k for k in known)]
    if unmatched:
        raise ValueError(f"{expected} (the methods of {name!r}), got {methods!r}: "
                         f"{', '.join(map(repr, unmatched))} matches none")
    return tuple(methods)


def _halo(curves: dict[int, np.ndarray], *, log: bool) -> dict[int, int]:
    """For each curve, how many curves drawn after it lie on top of it.

    Two curves coincide when they have the same length and differ by less than 3% (relative on
    a log axis, of the whole data range on a linear one) at every epoch, e.g. no penalty and a
    tiny weight decay. A curve that others cover is drawn wider, so it shows around them.
    """
    keys = list(curves)
    finite = [v[np.isfinite(v)] for v in curves.values() if v.size]
    span = np.ptp(np.concatenate(finite)) if finite and np.concatenate(finite).size else 0.0

    def close(a: np.ndarray, b: np.ndarray) -> bool:
        if a.size != b.size or not a.size:
            return False
        if log:
            return bool(np.allclose(a, b, rtol=0.03, atol=0.0))
        return bool(np.all(np.abs(a - b) <= 0.03 * span))

    return {k: sum(close(curves[k], curves[m]) for m in keys[j + 1:])
            for j, k in enumerate(keys)}


def _headroom(ax: Any, frac: float, *, log: bool) -> None:
    """Raise the top of the y-axis so that the data leave its upper ``frac`` free."""
    lo, hi = ax.get_ylim()
    if log:
        lo_e, hi_e = np.log10(lo), np.log10(hi)
        ax.set_ylim(lo, 10.0 ** (lo_e + (hi_e - lo_e) / (1.0 - frac)))
    else:
        ax.set_ylim(lo, lo + (hi - lo) / (1.0 - frac))


def describe_training_curves(result: Result, *, metric: str = "loss",
                             methods: Sequence[str] | None = None, **_: Any) -> str:
    """The alt text of :func:`plot_training_curves`: final values and divergences."""
    res = result
    rows = [r for r in res.rows if methods is None or any(m in r.method for m in methods)]
    finals = []
    for r in rows:
        values = getattr(r.history, metric, None) or []
        if r.diverged_at_epoch is None and len(values):
            finals.append((float(values[-1]), r))
    diverged = [r for r in rows if r.diverged_at_epoch is not None]
    text = f"{TRAINING_METRICS.get(metric, metric).capitalize()} per epoch for {len(rows)} runs"
    if finals:
        lo, hi = min(finals, key=lambda f: f[0]), max(finals, key=lambda f: f[0])
        text += (f": after the last epoch from {fmt(lo[0])} ({lo[1].method}, λ = "
                 f"{_lam_text(lo[1].lam)}) to {fmt(hi[0])} ({hi[1].method}, λ = "
                 f"{_lam_text(hi[1].lam)})")
    if diverged:
        text += (f"; {len(diverged)} diverged (" + ", ".join(
            f"{r.method} at λ = {_lam_text(r.lam)}, epoch {r.diverged_at_epoch}"
            for r in diverged[:4]) + ")")
    return text + "."


@described(describe_training_curves)
def plot_training_curves(
    result: Result,
    *,
    metric: str = "loss",
    ax: Any = None,
    methods: Sequence[str] | None = None,
    logy: bool | None = None,
    legend: str | None = "axes",
) -> dict[str, Any]:
    r"""One curve per run of a reproduction: ``metric`` against the epoch.

    Each method keeps one colour (assigned over all rows, so a filtered plot matches an
    unfiltered one) and its runs differ by line style, solid for its smallest :math:`\lambda`.
    Runs whose curves coincide (say no penalty and a tiny weight decay) are told apart by width:
    the one drawn first is wider and shows around the others. A run that diverged has no values:
    it is drawn as a red "x" at the top of the axes, at the epoch of the NaN (the curves are
    kept below that row), and its legend entry gives the cause and the epoch. The legend sits to
    the right of the axes, its entries grouped by method.

    Parameters
    ----------
    result : Result
        A reproduction of :func:`regviz.experiments.reproduce` (or its JSON dict): its rows
        have ``method``, ``lam``, ``diverged_at_epoch`` (``cause`` when not None) and a
        ``history`` holding one value per completed epoch.
    metric : {"loss", "penalty", "zero_fraction"}
        Which per-epoch list of ``history`` to draw (see :data:`TRAINING_METRICS`). ``loss`` is
        the mean objective over the epoch's batches (penalty included when it is in the loss,
        not when it is applied as a proximal step).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    methods : list of str, optional
        Draw only the rows whose method contains one of these substrings (default: all rows).
    logy : bool, optional
        Logarithmic y-axis; default True for ``loss`` (it spans 0.3 to thousands), else False.
    legend : {"axes", "figure", None}
        Where the legend goes: right of the axes, right of the whole figure (one legend for a
        row of panels, no gap between them; needs a constrained layout), or nowhere.

    Returns
    -------
    dict
        ``lines`` (row index in ``result.rows`` to Line2D, rows that did not diverge),
        ``markers`` (row index to the red "x" Line2D, rows that diverged), ``annotations``
        (one "NaN at epoch k" Text per epoch with a divergence) and ``legend`` (None when
        ``legend=None``).

    Raises
    ------
    ValueError
        If ``metric`` is not one of :data:`TRAINING_METRICS`, ``methods`` is not a non-empty
        list of strings each found in some row's method, or ``legend`` is not one of its values.
    """
    if not isinstance(metric, str) or metric not in TRAINING_METRICS:
        raise ValueError(f"metric must be one of {tuple(TRAINING_METRICS)}, got {metric!r}")
    if legend not in ("axes", "figure", None):
        raise ValueError(f"legend must be one of ('axes', 'figure', None), got {legend!r}")
    rows = result.rows
    wanted = _check_methods(methods, rows, result.name)
    if logy is None:
        logy = metric == "loss"
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5))
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    order = list(dict.fromkeys(r.method for r in rows))
    lams_of = {m: sorted({float(r.lam) for r in rows if r.method == m}) for m in order}
    shown = [i for i, r in enumerate(rows)
             if wanted is None or any(m in r.method for m in wanted)]
    diverged = [i for i in shown if rows[i].diverged_at_epoch is not None]
    at_epoch: dict[int, list[int]] = {}
    for i in diverged:
        at_epoch.setdefault(int(rows[i].diverged_at_epoch), []).append(i)
    curves = {i: np.asarray(getattr(rows[i].history, metric), dtype=float)
              for i in shown if i not in diverged}
    halo = _halo(curves, log=logy)
    out: dict[str, Any] = {"lines": {}, "markers": {}, "annotations": []}
    top = ax.get_xaxis_transform()  # x in epochs, y in axes fractions
    n_epochs = max(at_epoch, default=1)
    level = {k: _MARKER_Y - _MARKER_STEP * j for j, k in enumerate(sorted(at_epoch))}
    for i in shown:
        row = rows[i]
        method, lam = row.method, float(row.lam)
        label = rf"{method}, $\lambda$ = {lam:g}"
        k = row.diverged_at_epoch
        if k is not None:
            # the runs that died at the same epoch side by side, centred on it
            group = at_epoch[int(k)]
            dx = (group.index(i) - (len(group) - 1) / 2) * _MARKER_GAP
            where = offset_copy(top, fig=ax.figure, x=dx, y=0.0, units="points")
            cause = row.cause or "NaN or infinite"
            (out["markers"][i],) = ax.plot(
                [k], [level[int(k)]], "x", transform=where, color=DIVERGED_COLOR, ms=11, mew=2.5,
                clip_on=False, linestyle="none", label=f"{label}: {cause} (epoch {k})")
            continue
        values = curves[i]
        n = order.index(method)
        under = halo[i] / max(max(halo.values()), 1)  # 1: the widest line of a coinciding set
        (out["lines"][i],) = ax.plot(
            np.arange(1, values.size + 1), values,
            _LAMBDA_STYLES[lams_of[method].index(lam) % len(_LAMBDA_STYLES)],
            color=palette[n % len(palette)], marker=_METHOD_MARKERS[n % len(_METHOD_MARKERS)],
            lw=2.0 + 2.0 * under, ms=6.0 + 5.0 * under, mfc="none", mew=1.5, label=label)
        n_epochs = max(n_epochs, values.size)
    for k, group in sorted(at_epoch.items()):
        runs = "1 run" if len(group) == 1 else f"{len(group)} runs"
        side = 1 if k <= (n_epochs + 1) / 2 else -1  # the text towards the middle of the axes
        out["annotations"].append(ax.annotate(
            f"NaN at epoch {k} ({runs})", (k, level[k]), xycoords=top,
            xytext=(side * (len(group) / 2 * _MARKER_GAP + 4), 0), textcoords="offset points",
            ha="left" if side > 0 else "right", va="center", color=DIVERGED_COLOR,
            fontsize="small"))
    ax.set_xlim(0.5, n_epochs + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if logy:
        if not any(np.any(v > 0) for v in curves.values()):
            ax.set_ylim(1.0, 10.0)  # nothing to draw on a log axis: one empty decade
        ax.set_yscale("log")
    if diverged and out["lines"]:
        _headroom(ax, 1.0 - min(level.values()) + 0.06, log=logy)
    ax.set_xlabel("epoch")
    ax.set_ylabel(TRAINING_METRICS[metric])
    ax.set_title(result.name)
    drawn = {**out["lines"], **out["markers"]}
    key = {i: (order.index(rows[i].method), float(rows[i].lam)) for i in drawn}
    handles = [drawn[i] for i in sorted(drawn, key=key.__getitem__)]  # grouped by method
    if legend == "axes":
        out["legend"] = ax.legend(handles=handles, loc="upper left",
                                  bbox_to_anchor=(1.01, 1.0), fontsize="small")
    elif legend == "figure":
        out["legend"] = ax.figure.legend(handles=handles, loc="outside right upper",
                                         fontsize="small")
    else:
        out["legend"] = None
    return out
