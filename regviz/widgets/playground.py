r"""Notebook 09's panel: train the playground network while you watch.

Play / Pause run :data:`PlaygroundPanel.steps_per_frame` optimizer steps per frame (a labelled
toggle driving a hidden ipywidgets ``Play``, which JupyterLab, Colab and VS Code all run), as
fast as the kernel keeps up: the Play widget ticks every ``interval`` ms (20 by default, 50
frames per second) and the panel lengthens that interval to what a frame costs the kernel; Step
takes one step; Reset goes back to step 0 of the same seed, which replays the same run exactly.
Changing the data or the network (or the optimizer) starts a new run; changing the penalty, p,
λ, the mode or the learning rate keeps training from where the run is, with the new setting.
"""

from __future__ import annotations

import time
import traceback
from typing import Any

import numpy as np

from ..penalties import L1, L2, ElasticNet, GroupLasso, Lp, Penalty
from ..playground import ACTIVATIONS, DATASETS, MODES, OPTIMIZERS, Trainer, make_dataset
from ..plots.playground import (
    NETWORK_TITLE,
    playground_frame,
    plot_network,
    plot_playground,
    set_points,
    show_frame,
)
from ._panel import Panel, make_figure
from .controls import float_slider, log_slider

__all__ = ["PlaygroundPanel", "PENALTIES", "make_penalty", "BENCHMARK_VIEWS"]

#: The penalty menu of the panel.
PENALTIES: tuple[str, ...] = ("none", "L2", "L1", "Lp", "elastic net", "group lasso")
#: The p slider's values (Lp only).
P_CHOICES: tuple[float, ...] = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
#: The artists a frame changes, in drawing order (the points over the field).
DYNAMIC = ("field", "train0", "train1", "test0", "test1", "edges", "nodes", "hist", "zeros",
           "train_loss", "test_loss", "train_accuracy", "test_accuracy", "zero_fraction")
#: Controls whose change starts a new run; the others retune the running one.
NEW_RUN = ("dataset", "n", "noise", "layers", "width", "activation", "optimizer")


def make_penalty(name: str, *, lam: float, p: float = 0.5) -> Penalty | None:
    r"""The penalty named in the panel's menu.

    None, ``L2(lam)``, ``L1(lam)``, ``Lp(p, lam)``, the elastic net
    :math:`\tfrac{\lambda}{2}|w| + \tfrac{\lambda}{2} w^2` or ``GroupLasso(lam)`` (a unit's
    incoming weights are a group: as a prox step it removes whole units).

    Raises
    ------
    ValueError
        If ``name`` is not in :data:`PENALTIES` (or ``lam``, ``p`` are out of range).
    """
    if name not in PENALTIES:
        raise ValueError(f"penalty must be one of {list(PENALTIES)}, got {name!r}")
    return {
        "none": lambda: None,
        "L2": lambda: L2(lam),
        "L1": lambda: L1(lam),
        "Lp": lambda: Lp(p, lam),
        "elastic net": lambda: ElasticNet(lam / 2, lam / 2),
        "group lasso": lambda: GroupLasso(lam),
    }[name]()


def _dropdown(description: str, options: Any, value: Any, width: str = "175px") -> Any:
    import ipywidgets as widgets

    return widgets.Dropdown(options=options, value=value, description=description,
                            style={"description_width": "initial"}, layout={"width": width})


def _int_slider(description: str, value: int, low: int, high: int, step: int = 1) -> Any:
    import ipywidgets as widgets

    return widgets.IntSlider(value=value, min=low, max=high, step=step, description=description,
                             continuous_update=False, style={"description_width": "initial"},
                             layout={"width": "250px"})


class PlaygroundPanel(Panel):
    """The playground: data, network and penalty controls, Play / Pause / Step / Reset, views.

    Parameters
    ----------
    dataset, n, noise
        The data set (:data:`regviz.playground.DATASETS`), its number of points and noise.
    layers, width, activation
        1 to 3 hidden layers of ``width`` units, tanh or ReLU.
    penalty, p, lam, mode
        The penalty (:data:`PENALTIES`), its exponent (Lp), λ, and how it acts.
    optimizer, lr
        ``"sgd"`` (momentum 0.9), ``"adam"`` or ``"adamw"`` (``mode="decoupled"``) and the
        learning rate.
    dropout, input_noise
        Inverted dropout on the hidden units and Gaussian noise on the inputs, during
        training only (:func:`regviz.playground.train`); changing them keeps the run.
    seed : int
        Seed of the data and of the initial weights.
    steps_per_frame : int
        Optimizer steps per Play frame.
    interval : int
        The shortest time between Play frames, in ms; while playing, the interval is set to
        :attr:`headroom` times what a frame costs the kernel when that is longer.

    Attributes
    ----------
    trainer : regviz.playground.Trainer
        The run shown.
    play_button, play, step_button, reset_button
        The Play / Pause toggle (a button named by its state, so a screen reader says what it
        does), the hidden Play widget it starts and stops (the clock), and the two buttons.
    min_gap : float
        Seconds: a Play tick that arrives sooner than this after the previous frame finished is
        a backlog (the browser ticks on its own clock; a busy kernel queues the ticks) and is
        dropped, so Pause stops the views at once instead of after the queue. Default a tenth
        of ``interval`` (2 ms): queued ticks follow each other within a millisecond, while a
        tick on time arrives ``headroom - 1`` frame costs after the frame (5 ms for a 20 ms
        frame); 0 runs every tick.
    headroom : float
        The Play interval is this many times the kernel's (smoothed) cost of a frame, so the
        browser's ticks do not pile up in the kernel's queue. Default 1.25.
    """

    def __init__(self, *, dataset: str = "moons", n: int = 200, noise: float = 0.2,
                 layers: int = 2, width: int = 8, activation: str = "tanh",
                 penalty: str = "none", p: float = 0.5, lam: float = 0.01, mode: str = "loss",
                 optimizer: str = "sgd", lr: float = 0.1, seed: int = 0,
                 dropout: float = 0.0, input_noise: float = 0.0,
                 steps_per_frame: int = 10, interval: int = 20) -> None:
        import ipywidgets as widgets

        self.seed, self.steps_per_frame = seed, steps_per_frame
        self.min_gap = interval / 10000.0
        self._frame_end = -float("inf")
        self.interval, self.headroom, self._cost = interval, 1.25, None
        controls = {
            "dataset": _dropdown("data", list(DATASETS), dataset),
            "n": _int_slider("points", n, 20, 500, 10),
            "noise": float_slider("noise", noise, 0.0, 0.6, 0.05, width="250px"),
            "layers": _int_slider("hidden layers", layers, 1, 3),
            "width": _int_slider("units per layer", width, 1, 16),
            "activation": _dropdown("activation", list(ACTIVATIONS), activation),
            "penalty": _dropdown("penalty", list(PENALTIES), penalty),
            "p": widgets.SelectionSlider(options=[(f"{q:g}", q) for q in P_CHOICES], value=p,
                                         description="p (Lp)", continuous_update=False,
                                         layout={"width": "210px"}),
            "lam": log_slider("λ", lam, -4, 0, 0.1, width="250px"),
            "mode": _dropdown("mode", list(MODES), mode),
            "optimizer": _dropdown("optimizer", list(OPTIMIZERS), optimizer),
            "lr": log_slider("lr", lr, -3, 0, 0.1, width="250px"),
            "dropout": float_slider("dropout", dropout, 0.0, 0.8, 0.05, width="250px"),
            "input_noise": float_slider("input noise σ", input_noise, 0.0, 0.5, 0.05,
                                        width="250px"),
        }
        # the browser's clock: a Play widget ticks ``value`` every ``interval`` ms; it stays
        # hidden, because its own buttons are icons without a name (a screen reader says
        # "button"), and a labelled toggle drives it instead
        self.play = widgets.Play(value=0, min=0, max=10**7, step=1, interval=interval,
                                 show_repeat=False, description="Play",
                                 layout={"display": "none"})
        self.play_button = widgets.ToggleButton(
            value=False, description="Play", icon="play", layout={"width": "80px"},
            tooltip="train continuously, one frame per tick; press again to pause")
        self.step_button = widgets.Button(description="Step", layout={"width": "70px"},
                                          tooltip="one optimizer step")
        self.reset_button = widgets.Button(description="Reset", layout={"width": "70px"},
                                           tooltip="back to step 0 (same seed, same run)")
        self.trainer = self._new_trainer({k: c.value for k, c in controls.items()})
        fig, _ = make_figure(figsize=(8.6, 5.6))
        fig.clear()
        self.artists = plot_playground(self.trainer, fig=fig)
        super().__init__(fig, controls, dynamic=[self.artists[k] for k in DYNAMIC],
                         extra=[self.play_button, self.play, self.step_button,
                                self.reset_button])
        self._previous = self.values
        self.play.observe(self._on_play, names="value")
        self.play_button.observe(self._on_play_button, names="value")
        self.play.observe(self._on_playing, names="playing")
        self.step_button.on_click(lambda _: self._guarded(self.advance, 1))
        self.reset_button.on_click(lambda _: self._guarded(self.reset))
        self._show()

    # -- the run -------------------------------------------------------------------------------
    def _new_trainer(self, v: dict[str, Any]) -> Trainer:
        data = make_dataset(v["dataset"], n=v["n"], noise=v["noise"], seed=self.seed)
        return Trainer(data, hidden=(v["width"],) * v["layers"],
                       activation=v["activation"], penalty=make_penalty(v["penalty"],
                       lam=v["lam"], p=v["p"]), mode=v["mode"], optimizer=v["optimizer"],
                       lr=v["lr"], seed=self.seed, dropout=v["dropout"],
                       input_noise=v["input_noise"])

    def _show(self) -> bool:
        """Put the current frame on the artists and the numbers in the readout."""
        frame = playground_frame(self.trainer)
        changed = show_frame(self.artists, frame)
        self.text = frame.describe()
        h, t = self.trainer.history, self.trainer
        pen = "no penalty" if t.penalty is None else f"{t.penalty} as {t.mode}"
        text = (f"step <b>{t.step_count}</b> · loss train {h['train_loss'][-1]:.3g}, test "
                f"{h['test_loss'][-1]:.3g} · accuracy train {h['train_accuracy'][-1]:.1%}, "
                f"test {h['test_accuracy'][-1]:.1%} · exact zeros "
                f"<b>{h['zero_fraction'][-1]:.1%}</b> · {pen}, {t.optimizer}")
        if t.diverged_at is not None:
            text += (f" · <b style='color:#c0392b'>diverged at step {t.diverged_at}</b>: the "
                     f"weights are no longer finite; press Reset")
            self.text = (f"The run diverged at step {t.diverged_at}: the weights are no longer "
                         "finite; press Reset.")
        self.readout.value = text
        return changed

    def _reconcile(self, values: dict[str, Any]) -> dict[str, Any]:
        """Keep mode and optimizer compatible: 'decoupled' goes with 'adamw' and only with it."""
        prev = self._previous
        mode, opt = values["mode"], values["optimizer"]
        if (mode == "decoupled") != (opt == "adamw"):
            if opt != prev["optimizer"]:
                mode = "decoupled" if opt == "adamw" else "loss"
            else:
                opt = "adamw" if mode == "decoupled" else "adam"
            self._suspended = True
            try:
                self.controls["mode"].value, self.controls["optimizer"].value = mode, opt
            finally:
                self._suspended = False
        return {**values, "mode": mode, "optimizer": opt}

    def update(self, **values: Any) -> bool:  # noqa: D102
        values = self._reconcile(values)
        full = False
        if any(values[k] != self._previous[k] for k in NEW_RUN):
            self.play.playing = False
            sizes = self.trainer.sizes
            self.trainer = self._new_trainer(values)
            set_points(self.artists, self.trainer.dataset)
            if self.trainer.sizes != sizes:
                self._redraw_network()
                full = True
        else:
            self.trainer.configure(penalty=make_penalty(values["penalty"], lam=values["lam"],
                                                        p=values["p"]),
                                   mode=values["mode"], lr=values["lr"],
                                   dropout=values["dropout"], input_noise=values["input_noise"])
        self._previous = dict(values)
        return self._show() or full

    def _redraw_network(self) -> None:
        """A new architecture: draw the network's nodes and edges anew on the same axes."""
        ax = self.artists["ax_network"]
        ax.clear()
        self.artists.update(plot_network(self.trainer.sizes, ax=ax))
        ax.set_title(NETWORK_TITLE, fontsize=10)
        self.set_dynamic([self.artists[k] for k in DYNAMIC])

    def advance(self, k: int | None = None) -> None:
        """Take ``k`` optimizer steps (default: one frame's worth) and show the new frame."""
        self.trainer.step(self.steps_per_frame if k is None else k)
        full = self._show()
        self.redraw(full=full)

    def reset(self) -> None:
        """Back to step 0 of the same run: stop playing, same seed, first frame again."""
        self.play.playing = False
        self.trainer.reset()
        self._show()
        self.redraw(full=True)

    # -- callbacks -----------------------------------------------------------------------------
    def _guarded(self, action: Any, *args: Any) -> None:
        try:
            action(*args)
            self.last_error = None
        except Exception as exc:  # shown to the student, not lost in the kernel log
            self.last_error = exc
            self.output.append_stderr(f"The playground failed:\n{traceback.format_exc()}")

    def _on_play_button(self, change: Any) -> None:
        self.play.playing = bool(change["new"])

    def _on_playing(self, change: Any) -> None:
        """Keep the toggle's state and label in step with the clock (Reset, new data stop it)."""
        playing = bool(change["new"])
        self.play_button.value = playing
        self.play_button.description = "Pause" if playing else "Play"
        self.play_button.icon = "pause" if playing else "play"

    def _on_play(self, change: Any) -> None:
        if change["new"] <= change["old"] or self.trainer.diverged_at is not None:
            return  # the Play widget's stop button, or nothing left to train
        start = time.monotonic()
        if start - self._frame_end < self.min_gap:
            return  # a queued tick: the kernel is behind the browser's clock
        self._guarded(self.advance)
        self._frame_end = time.monotonic()
        self._pace((self._frame_end - start) * 1000.0)

    def _pace(self, cost_ms: float) -> None:
        """Set the Play interval to ``headroom`` × the smoothed frame cost (>= ``interval``)."""
        self._cost = cost_ms if self._cost is None else 0.7 * self._cost + 0.3 * cost_ms
        target = max(self.interval, round(self.headroom * self._cost))
        now = self.play.interval
        if target != now and (target == self.interval or abs(target - now) > 0.15 * now):
            self.play.interval = int(target)  # the browser reads it when it schedules a tick

    @property
    def widget(self) -> Any:
        """The panel: Play / Step / Reset and the data, then network, then penalty rows; figure."""
        import ipywidgets as widgets

        c = self.controls
        rows = [
            [self.play_button, self.play, self.step_button, self.reset_button, c["dataset"],
             c["n"], c["noise"]],
            [c["layers"], c["width"], c["activation"]],
            [c["penalty"], c["p"], c["lam"], c["mode"], c["optimizer"], c["lr"]],
            [c["dropout"], c["input_noise"]],
        ]
        top = widgets.VBox([widgets.HBox(r, layout={"flex_flow": "wrap"}) for r in rows])
        return self._box(top)

    @property
    def state(self) -> dict[str, np.ndarray]:
        """What the views show now, for tests: field, edge widths, curves' data."""
        a = self.artists
        return {
            "field": np.array(a["field"].get_array()),
            "nodes": np.array(a["nodes"].get_facecolors()),
            "edges": np.array(a["edges"].get_linewidths()),
            "train_loss": np.array(a["train_loss"].get_ydata()),
        }


#: Views timed by benchmarks/slider_latency.py: factory and the values each control sweeps.
BENCHMARK_VIEWS = {
    "09 playground": (
        PlaygroundPanel,
        {"lam": list(np.geomspace(1e-4, 1.0, 11)), "n": list(range(100, 320, 20))},
    ),
}
