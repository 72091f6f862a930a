r"""Notebook 09's views of a training run: boundary, network drawing, weights, curves.

One function computes what a frame shows (:func:`playground_frame`, arrays only) and one puts a
frame on the artists (:func:`show_frame`); the ``plot_*`` functions create their artists, and
the playground panel and the lecture figures both fill them with :func:`show_frame`, at the
first draw and at every update.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba

from ..playground import Dataset, predict_proba
from ._alt import described

__all__ = [
    "CLASS_MARKERS",
    "describe_decision_boundary",
    "describe_network",
    "describe_weight_fractions",
    "describe_playground_curves",
    "describe_playground",
    "describe_snapshot",
    "EXTENT",
    "PlaygroundFrame",
    "playground_frame",
    "network_layout",
    "plot_decision_boundary",
    "plot_network",
    "plot_weight_fractions",
    "plot_playground_curves",
    "plot_playground",
    "plot_snapshot",
    "set_points",
    "show_frame",
]

#: The square shown by the boundary view: ``(x_min, x_max, y_min, y_max)``.
EXTENT: tuple[float, float, float, float] = (-2.0, 2.0, -2.0, 2.0)
#: Grid of the shaded decision field (points per side), shown unsmoothed: fine enough that its
#: cells are about 2 pixels in a notebook (a smoothed image costs twice the drawing time).
GRID = 80
#: Bin edges of the weight histogram (weights beyond are counted in the end bins).
HIST_EDGES = np.linspace(-2.0, 2.0, 33)
CLASS_COLORS = ("#b2182b", "#053061")  # class 0, class 1: the ends of the field's colormap
CLASS_MARKERS = ("o", "s")  # class 0, class 1: not only the colour differs
POSITIVE, NEGATIVE = "#2166ac", "#e67e22"  # edge colours by the weight's sign
UNIT_ON, UNIT_OFF = "#333333", "#d0d0d0"
NETWORK_TITLE = "network: width |w|, blue +, orange −, missing = exactly 0"
LOSS_LIMITS = (0.01, 10.0)
FIRST_XMAX = 500


@dataclass(frozen=True)
class PlaygroundFrame:
    """Everything one frame of the playground shows, as arrays.

    Attributes
    ----------
    step : int
        Optimizer steps so far.
    proba : numpy.ndarray
        Probability of class 1 on the ``GRID x GRID`` grid over :data:`EXTENT`, rows = y.
    field : numpy.ndarray
        ``proba`` coloured (RGBA, uint8, the ``RdBu`` colormap softened towards white).
    edge_widths : numpy.ndarray
        One line width per weight (in the order of ``np.concatenate([w.ravel() ...])``),
        0 for an exact zero.
    edge_colors : numpy.ndarray
        RGBA per weight: blue for positive, orange for negative, transparent for exact zeros.
    node_colors : numpy.ndarray
        RGBA per unit (inputs first): grey when the unit carries nothing, i.e. every weight
        into it or every weight out of it is exactly 0.
    hist : numpy.ndarray
        Fraction of the weights in each bin of ``HIST_EDGES``, exact zeros left out.
    zeros : float
        Fraction of the weights that are exactly 0.
    history : dict of str to numpy.ndarray
        The run's history so far (non-finite losses shown at the top of the loss axis).
    """

    step: int
    proba: np.ndarray
    field: np.ndarray
    edge_widths: np.ndarray
    edge_colors: np.ndarray
    node_colors: np.ndarray
    hist: np.ndarray
    zeros: float
    history: dict[str, np.ndarray]

    def describe(self) -> str:
        """The run in words: step, accuracies, losses, exact zeros, switched-off units."""
        h = self.history
        off = int(np.sum(np.all(self.node_colors == to_rgba(UNIT_OFF), axis=1)))
        share = float(np.mean(self.proba > 0.5))
        if not len(h["step"]):
            return "No training step yet."
        text = (f"Step {self.step}: test accuracy {h['test_accuracy'][-1]:.1%}, train accuracy "
                f"{h['train_accuracy'][-1]:.1%}, test loss {h['test_loss'][-1]:.3g}; "
                f"{self.zeros:.1%} of the weights are exactly 0")
        text += f" and {off} unit{'' if off == 1 else 's'} carry nothing" if off else ""
        return text + f". The network predicts class 1 on {share:.0%} of the square shown."


def _grid() -> np.ndarray:
    x0, x1, y0, y1 = EXTENT
    gx, gy = np.meshgrid(np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID))
    return np.c_[gx.ravel(), gy.ravel()]


_GRID_POINTS = _grid()


def _field_colors() -> np.ndarray:
    """256 RGBA colours (uint8): the middle of RdBu, class 0 red to class 1 blue, lightened."""
    import matplotlib

    rgba = matplotlib.colormaps["RdBu"](np.linspace(0.12, 0.88, 256))
    rgba[:, :3] = 0.25 + 0.75 * rgba[:, :3]
    return (rgba * 255).round().astype(np.uint8)


_FIELD_COLORS = _field_colors()


def network_layout(sizes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Node positions (inputs first, layer by layer) and the edge segments, one per weight.

    Layer ``k`` sits at ``x = k``; its units are centred on ``y = 0``, one unit apart. Edge
    ``(i, j)`` of layer ``k`` joins unit ``j`` of layer ``k`` to unit ``i`` of layer ``k + 1``,
    in the row-major order of the weight matrix of shape ``(n_out, n_in)``.
    """
    layers = [np.c_[np.full(m, float(k)), np.arange(m)[::-1] - (m - 1) / 2.0]
              for k, m in enumerate(sizes)]
    segments = [np.stack([np.repeat(dst, len(src), axis=0), np.tile(src, (len(dst), 1))], 1)
                for src, dst in zip(layers[:-1], layers[1:], strict=True)]
    return np.concatenate(layers), np.concatenate(segments)[:, ::-1]


def _units_off(weights: Sequence[np.ndarray]) -> np.ndarray:
    """For each unit, inputs first: True when every weight into it or out of it is 0."""
    off = [~np.any(weights[0] != 0, axis=0)]  # inputs: no weight out
    for k in range(len(weights) - 1):
        no_in = ~np.any(weights[k] != 0, axis=1)
        no_out = ~np.any(weights[k + 1] != 0, axis=0)
        off.append(no_in | no_out)
    off.append(np.zeros(weights[-1].shape[0], dtype=bool))  # the output is always drawn
    return np.concatenate(off)


def playground_frame(trainer: Any) -> PlaygroundFrame:
    """Compute the frame of a run as it is now.

    Parameters
    ----------
    trainer : regviz.playground.Trainer
        Anything with ``weights``, ``biases``, ``activation``, ``step_count`` and ``history``.
    """
    weights, biases = trainer.weights, trainer.biases
    with np.errstate(all="ignore"):
        proba = predict_proba(weights, biases, _GRID_POINTS, trainer.activation)
    proba = np.nan_to_num(proba, nan=0.5).reshape(GRID, GRID)
    flat = np.concatenate([w.ravel() for w in weights])
    mag = np.nan_to_num(np.abs(flat), nan=0.0, posinf=2.0)
    widths = np.where(flat == 0, 0.0, 0.4 + 3.6 * np.minimum(mag / 2.0, 1.0))
    colors = np.array([to_rgba(POSITIVE), to_rgba(NEGATIVE), (1.0, 1.0, 1.0, 0.0)])
    edge_colors = colors[np.where(flat == 0, 2, np.where(flat > 0, 0, 1))]
    node_colors = np.array([to_rgba(UNIT_ON), to_rgba(UNIT_OFF)])[_units_off(weights) * 1]
    nonzero = flat[(flat != 0) & np.isfinite(flat)]
    counts, _ = np.histogram(np.clip(nonzero, HIST_EDGES[0], HIST_EDGES[-1]), HIST_EDGES)
    history = {k: np.asarray(v, dtype=float) for k, v in trainer.history.items()}
    return PlaygroundFrame(
        step=int(trainer.step_count),
        proba=proba,
        field=_FIELD_COLORS[(proba * 255).round().astype(int)],
        edge_widths=widths,
        edge_colors=edge_colors,
        node_colors=node_colors,
        hist=counts / flat.size,
        zeros=float(np.mean(flat == 0)),
        history=history,
    )


# -- artists -----------------------------------------------------------------------------------
def _new_ax(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=figsize)[1]


def describe_decision_boundary(dataset: Dataset) -> str:
    """The alt text of :func:`plot_decision_boundary` before a frame fills its field."""
    return (f"The {dataset.name} data set: {len(dataset.y_train)} training points (filled) and "
            f"{len(dataset.y_test)} test points (hollow), {np.mean(dataset.y_train == 1):.0%} of "
            f"the training points in class 1 (squares), the rest in class 0 (circles).")


@described(describe_decision_boundary)
def plot_decision_boundary(dataset: Dataset, *, ax: Axes | None = None) -> dict[str, Any]:
    """The shaded field (probability of class 1) under the train (filled) / test (hollow) points.

    Returns the artists ``field`` and ``train0``, ``train1``, ``test0``, ``test1`` (points by
    class, drawn as line markers: much faster to redraw than a scatter); :func:`show_frame`
    fills the field.
    """
    ax = _new_ax(ax, (4.0, 4.0))
    field = ax.imshow(np.full((GRID, GRID, 4), 255, dtype=np.uint8), origin="lower",
                      extent=EXTENT, interpolation="nearest", aspect="equal")
    out = {"field": field}
    for cls, (color, marker) in enumerate(zip(CLASS_COLORS, CLASS_MARKERS, strict=True)):
        (out[f"train{cls}"],) = ax.plot([], [], marker, ms=4.2, mfc=color, mec="white", mew=0.6,
                                        label=f"train, class {cls}")
        (out[f"test{cls}"],) = ax.plot([], [], marker, ms=4.2, mfc="none", mec=color, mew=1.2,
                                       label=f"test, class {cls}")
    set_points(out, dataset)
    ax.set_xlim(EXTENT[:2])
    ax.set_ylim(EXTENT[2:])
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("$x_1$", labelpad=2)
    ax.set_ylabel("$x_2$", labelpad=2)
    return out


def set_points(artists: Mapping[str, Any], dataset: Dataset) -> None:
    """Put the points of ``dataset`` on the point artists of :func:`plot_decision_boundary`."""
    for cls in (0, 1):
        artists[f"train{cls}"].set_data(*dataset.x_train[dataset.y_train == cls].T)
        artists[f"test{cls}"].set_data(*dataset.x_test[dataset.y_test == cls].T)


def describe_network(sizes: Sequence[int]) -> str:
    """The alt text of :func:`plot_network`."""
    n = sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    return (f"A network with layers of {', '.join(str(s) for s in sizes)} units and {n} weights; "
            "line width shows each weight's size, blue positive, orange negative.")


@described(describe_network)
def plot_network(sizes: Sequence[int], *, ax: Axes | None = None) -> dict[str, Any]:
    """The network as nodes and edges; :func:`show_frame` sets widths, colours and greys.

    Returns the artists ``edges`` (a LineCollection, one line per weight) and ``nodes``.
    """
    ax = _new_ax(ax, (4.0, 3.0))
    nodes_xy, segments = network_layout(sizes)
    edges = LineCollection(segments, linewidths=1.0, colors=POSITIVE, capstyle="round")
    ax.add_collection(edges)
    nodes = ax.scatter(*nodes_xy.T, s=70, c=UNIT_ON, zorder=3, edgecolors="white",
                       linewidths=0.8)
    top = max(sizes) / 2.0
    ax.set_xlim(-0.35, len(sizes) - 0.65)
    ax.set_ylim(-top, top)
    ax.axis("off")
    for k, m in enumerate(sizes):
        name = "input" if k == 0 else "output" if k == len(sizes) - 1 else f"{m} units"
        ax.text(k, -top, name, ha="center", va="top", fontsize="small", color="0.35")
    return {"edges": edges, "nodes": nodes}


def describe_weight_fractions() -> str:
    """The alt text of :func:`plot_weight_fractions` (an empty histogram until a frame)."""
    return ("Histogram of the nonzero weights between −2 and 2, with a red bar for the share "
            "of weights that are exactly 0.")


@described(describe_weight_fractions)
def plot_weight_fractions(*, ax: Axes | None = None) -> dict[str, Any]:
    """Histogram of the nonzero weights (fractions) and a red bar for the exact zeros."""
    ax = _new_ax(ax, (3.0, 2.4))
    hist = ax.stairs(np.zeros(len(HIST_EDGES) - 1), HIST_EDGES, fill=True, color="0.45")
    (zeros,) = ax.plot([0.0, 0.0], [0.0, 0.0], color="#d62728", lw=3, solid_capstyle="butt",
                       label="exact zeros")
    ax.set_xlim(HIST_EDGES[0], HIST_EDGES[-1])
    ax.set_ylim(0, 0.5)
    ax.set_xlabel("weight")
    ax.set_ylabel("fraction")
    ax.legend(loc="upper left", fontsize=8, handlelength=0.8)
    return {"hist": hist, "zeros": zeros}


def describe_playground_curves() -> str:
    """The alt text of :func:`plot_playground_curves` (empty curves until a frame)."""
    return ("Train and test loss on a log scale, and train and test accuracy with the share of "
            "exact zeros, against the optimizer step.")


@described(describe_playground_curves)
def plot_playground_curves(
    *, ax_loss: Axes | None = None, ax_acc: Axes | None = None
) -> dict[str, Any]:
    """Train / test loss (log scale), accuracy and the fraction of exact zeros against steps."""
    ax_loss = _new_ax(ax_loss, (3.0, 2.4))
    ax_acc = _new_ax(ax_acc, (3.0, 2.4))
    out: dict[str, Any] = {}
    for ax, keys in ((ax_loss, ("train_loss", "test_loss")),
                     (ax_acc, ("train_accuracy", "test_accuracy", "zero_fraction"))):
        for key in keys:
            style = {"train": "-", "test": "--", "zero": ":"}[key.split("_")[0]]
            color = "#d62728" if key == "zero_fraction" else "0.15" if "train" in key else "#1f77b4"
            label = key.replace("_loss", "").replace("_accuracy", "").replace("_fraction", "s")
            (out[key],) = ax.plot([], [], style, color=color, lw=1.6, label=label)
        ax.set_xlim(0, FIRST_XMAX)
        ax.set_xlabel("step")
        ax.legend(fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3,
                  handlelength=1.6, columnspacing=0.8, borderaxespad=0.2)
    ax_loss.set_yscale("log")
    ax_loss.set_ylim(*LOSS_LIMITS)
    ax_loss.set_ylabel("cross-entropy")
    ax_acc.set_ylim(0, 1.02)
    ax_acc.set_ylabel("accuracy; zero fraction")
    return out


def show_frame(artists: Mapping[str, Any], frame: PlaygroundFrame) -> bool:
    """Put ``frame`` on the artists of :func:`plot_playground`; draw nothing.

    Only the views present in ``artists`` are set (a snapshot has no curves, for instance).

    Returns True when an axis limit changed (the step axis doubles when the run passes its end),
    so a full redraw is needed.
    """
    if "field" in artists:
        artists["field"].set_data(frame.field)
    if "edges" in artists:
        artists["edges"].set_linewidths(frame.edge_widths)
        artists["edges"].set_colors(frame.edge_colors)
        artists["nodes"].set_facecolors(frame.node_colors)
    if "hist" in artists:
        artists["hist"].set_data(frame.hist)
        artists["zeros"].set_ydata([0.0, frame.zeros])
    if "train_loss" not in artists:
        return False
    h = frame.history
    step = h["step"]
    if len(step) > 1500:  # thin long runs: the curves need no more points than pixels
        keep = np.unique(np.r_[np.linspace(0, len(step) - 1, 1500).astype(int)])
        h = {k: v[keep] for k, v in h.items()}
        step = h["step"]
    for key in ("train_loss", "test_loss"):
        loss = np.where(np.isfinite(h[key]), h[key], LOSS_LIMITS[1])
        artists[key].set_data(step, np.clip(loss, *LOSS_LIMITS))
    for key in ("train_accuracy", "test_accuracy", "zero_fraction"):
        artists[key].set_data(step, h[key])
    xmax = FIRST_XMAX
    while xmax < frame.step:
        xmax *= 2
    changed = False
    for key in ("train_loss", "train_accuracy"):
        ax = artists[key].axes
        if ax.get_xlim()[1] != xmax:
            ax.set_xlim(0, xmax)
            changed = True
    return changed


def _run_text(trainer: Any) -> str:
    return (f"{trainer.dataset.name} data, network {'-'.join(str(s) for s in trainer.sizes)}. "
            + playground_frame(trainer).describe())


def describe_playground(trainer: Any, **_: Any) -> str:
    """The alt text of :func:`plot_playground`: the run now, all five views."""
    return "Playground (boundary, network, weights, loss and accuracy curves) on " + _run_text(
        trainer)


def describe_snapshot(trainer: Any, **_: Any) -> str:
    """The alt text of :func:`plot_snapshot`: boundary and network of the run now."""
    return "Decision boundary and network drawing on " + _run_text(trainer)


@described(describe_playground)
def plot_playground(trainer: Any, *, fig: Any = None, figsize: tuple[float, float] = (8.6, 5.6)
                    ) -> dict[str, Any]:
    """The whole playground view of a run: boundary, network, histogram, loss, accuracy.

    Parameters
    ----------
    trainer : regviz.playground.Trainer
        The run to show, as it is now.
    fig : matplotlib.figure.Figure, optional
        The figure to draw in (empty); a new one when None.
    figsize : tuple of float, optional
        Size of a new figure, inches. The default fits a notebook column at 1400 px.

    Returns
    -------
    dict of str to Artist
        Every artist, by name, with the axes under ``ax_*``; fill again with :func:`show_frame`.
    """
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=figsize)
    fig.set_layout_engine("none")  # fixed positions: no layout pass on every full redraw
    grid = fig.add_gridspec(2, 3, height_ratios=[1.3, 1.0], width_ratios=[1.1, 1.0, 1.0],
                            hspace=0.38, wspace=0.45, left=0.07, right=0.985, top=0.95,
                            bottom=0.09)
    axes = {
        "ax_boundary": fig.add_subplot(grid[0, 0]),
        "ax_network": fig.add_subplot(grid[0, 1:]),
        "ax_hist": fig.add_subplot(grid[1, 0]),
        "ax_loss": fig.add_subplot(grid[1, 1]),
        "ax_acc": fig.add_subplot(grid[1, 2]),
    }
    artists: dict[str, Any] = dict(axes)
    artists.update(plot_decision_boundary(trainer.dataset, ax=axes["ax_boundary"]))
    artists.update(plot_network(trainer.sizes, ax=axes["ax_network"]))
    artists.update(plot_weight_fractions(ax=axes["ax_hist"]))
    artists.update(plot_playground_curves(ax_loss=axes["ax_loss"], ax_acc=axes["ax_acc"]))
    axes["ax_boundary"].set_title("decision boundary", fontsize=10)
    axes["ax_network"].set_title(NETWORK_TITLE, fontsize=10)
    axes["ax_hist"].set_title("weights", fontsize=10)
    show_frame(artists, playground_frame(trainer))
    return artists


@described(describe_snapshot)
def plot_snapshot(trainer: Any, *, ax_boundary: Axes | None = None,
                  ax_network: Axes | None = None, title: str | None = None) -> dict[str, Any]:
    """The boundary and the network of a run as it is now, side by side (figures, notebook).

    Parameters
    ----------
    trainer : regviz.playground.Trainer
        The run.
    ax_boundary, ax_network : Axes, optional
        Where to draw; a new figure with both when either is None.
    title : str, optional
        A title over the boundary; the network's title gives the share of exact zeros.

    Returns
    -------
    dict of str to Artist
    """
    if ax_boundary is None or ax_network is None:
        import matplotlib.pyplot as plt

        _, (ax_boundary, ax_network) = plt.subplots(
            1, 2, figsize=(7.5, 3.2), gridspec_kw={"width_ratios": [1, 1.4]})
    artists = plot_decision_boundary(trainer.dataset, ax=ax_boundary)
    artists.update(plot_network(trainer.sizes, ax=ax_network))
    frame = playground_frame(trainer)
    show_frame(artists, frame)
    h = trainer.history
    if title:
        ax_boundary.set_title(title)
    ax_network.set_title(f"step {frame.step}: test accuracy {h['test_accuracy'][-1]:.0%}, "
                         f"exact zeros {frame.zeros:.0%}")
    return artists
