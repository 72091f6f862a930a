"""Notebook 06's panels: a lambda slider over cached runs, and live training runs.

:class:`CachedRunsPanel` indexes stored results (no training). :class:`LiveTrainingPanel`
trains the convnet when its Train button is pressed, in a background thread, and shows each
epoch. Torch is imported only when a live panel is built, so ``import regviz.widgets`` stays
free of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..experiments.results import Result
from ..plots.training import histogram_of
from ._panel import Panel, make_figure

__all__ = ["CachedRunsPanel", "LiveTrainingPanel", "BENCHMARK_VIEWS"]


class CachedRunsPanel(Panel):
    """Weight histogram and error of the run at the chosen lambda, from a reproduction result.

    The slider picks an index into ``result.rows``; moving it only swaps precomputed data.
    """

    def __init__(self, result: Result, index: int = 0) -> None:
        import ipywidgets as widgets

        self.rows = result.rows
        fig, ax = make_figure(figsize=(7, 3.8))
        counts, edges = histogram_of(self.rows[index])
        self.artists = {"hist": ax.stairs(counts + 1, edges, fill=True, alpha=0.7)}
        top = max(histogram_of(r)[0].max() for r in self.rows) + 1
        ax.set_yscale("log")
        ax.set_ylim(0.8, top * 2)
        ax.set_xlabel("weight value")
        ax.set_ylabel("count + 1")
        ax.set_title(result.name + ": trained weights")
        self.artists["text"] = ax.text(
            0.02, 0.95, "", transform=ax.transAxes, va="top",
            bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"},
        )
        labels = [f"{r.lam:g}" for r in self.rows]
        slider = widgets.SelectionSlider(options=list(zip(labels, range(len(labels)),
                                                          strict=True)),
                                         value=index, description="λ")
        super().__init__(fig, {"index": slider},
                         dynamic=[self.artists["hist"], self.artists["text"]])
        self.update(index=index)

    def update(self, index: int) -> None:  # noqa: D102
        row = self.rows[index]
        counts, edges = histogram_of(row)
        self.artists["hist"].set_data(values=np.asarray(counts) + 1, edges=edges)
        msg = (f"λ = {row.lam:g}: test error {row.test_error:.3f}, "
               f"exact zeros {percent(row.zero_fraction, digits=2)}")
        self.artists["text"].set_text(msg)
        self.readout.value = msg
        self.text = (f"Trained weights of the run with λ = {row.lam:g}, log counts: test error "
                     f"{row.test_error:.3f}, {percent(row.zero_fraction, digits=2)} of the "
                     f"weights exactly 0.")


# --- live training -------------------------------------------------------------------------
def percent(fraction: float, *, digits: int = 1) -> str:
    """``fraction`` as a percentage that never rounds to 0 % or 100 % unless it is exactly that.

    >>> percent(0.997), percent(0.99996), percent(1.0), percent(0.00002)
    ('99.7%', '99.996%', '100%', '0.002%')
    """
    if fraction in (0, 1):
        return f"{100 * fraction:.0f}%"
    for d in range(digits, 10):
        text = f"{100 * fraction:.{d}f}"
        if 0 < float(text) < 100:
            return text + "%"
    return f"{100 * fraction:g}%"


#: The live panel trains notebook 06's setup (the fleuret tables' lr, batches, data order).
LIVE_SETUP: dict[str, Any] = {"model": "convnet", "lr": 0.05, "batch_size": 50,
                              "optimizer": "sgd", "loss": "cross_entropy", "shuffle": "once"}
#: The p slider's values, and the lambda slider's: 0, then 1, 2 and 4 per decade, which holds
#: every lambda of the lecture's tables (its L1 thresholds per step are lr * lambda here).
LIVE_P_VALUES: tuple[float, ...] = (0.5, 1.0, 2.0)
LIVE_LAMBDAS: tuple[float, ...] = (0.0, *(float(f"{m}e{e}") for e in range(-5, 0)
                                         for m in (1, 2, 4)), 1.0)
LIVE_MODES = {"in the loss": "loss", "proximal step": "prox"}
#: Weights beyond this magnitude are counted in the histogram's outermost bins.
HIST_LIMIT = 0.3


def live_penalty(p: float, lam: float) -> Any:
    r"""The penalty :math:`\lambda\sum_j |w_j|^p` as a regviz penalty (None when lam is 0)."""
    from ..penalties import L1, L2, Lp

    if lam == 0:
        return None
    return L2(lam) if p == 2 else L1(lam) if p == 1 else Lp(p, lam)


def lecture_test_error(p: float, mode: str, lam: float, *, lr: float = LIVE_SETUP["lr"]):
    r"""The lecture's test error for this setting, or None when its tables have no such row.

    Its L2 table puts :math:`\lambda\sum w^2` in the loss (our ``lam``); its L1 table applies a
    soft threshold of :math:`\lambda_{\text{lecture}}` per step, which is our proximal step
    with ``lam = lambda_lecture / lr``.
    """
    from ..experiments import LECTURE_L1, LECTURE_L2

    if lam == 0:
        return LECTURE_L2[0.0][1]  # the tables hold (train error, test error)
    if p == 2 and mode == "loss":
        table, key = LECTURE_L2, lam
    elif p == 1 and mode == "prox":
        table, key = LECTURE_L1, lam * lr
    else:
        return None
    match = [test for k, (_, test) in table.items() if math.isclose(k, key, rel_tol=1e-9)]
    return match[0] if match else None


@dataclass(frozen=True)
class LiveFrame:
    """What the live panel shows after some epochs: curves, and the weights' histogram.

    Attributes
    ----------
    epoch, train_error, test_error, loss, zero_fraction : ndarray
        One entry per completed epoch (errors and zeros as fractions).
    counts, edges : ndarray
        Histogram of the weights that are not exactly 0, over ``[-HIST_LIMIT, HIST_LIMIT]``
        (larger ones in the outermost bins).
    zeros, size : int
        How many weights are exactly 0, out of how many.
    """

    epoch: np.ndarray
    train_error: np.ndarray
    test_error: np.ndarray
    loss: np.ndarray
    zero_fraction: np.ndarray
    counts: np.ndarray
    edges: np.ndarray
    zeros: int
    size: int


def live_frame(records: list, weights: np.ndarray, *, bins: int = 121) -> LiveFrame:
    """Compute a :class:`LiveFrame` from epoch records and the current (flat) weights."""
    def col(name: str) -> np.ndarray:
        return np.array([getattr(r, name) for r in records], dtype=float)

    exact = weights == 0
    clipped = np.clip(weights[~exact], -HIST_LIMIT, HIST_LIMIT)
    counts, edges = np.histogram(clipped, bins=bins, range=(-HIST_LIMIT, HIST_LIMIT))
    return LiveFrame(col("epoch"), col("train_error"), col("test_error"), col("loss"),
                     col("zero_fraction"), counts.astype(float), edges, int(exact.sum()),
                     int(weights.size))


@dataclass
class LiveRun:
    """One run of the live panel: its setting and what it did."""

    number: int
    p: float
    mode: str
    lam: float
    epochs: int
    records: list = field(default_factory=list)
    stopped: bool = False
    error: str | None = None

    def row(self) -> dict[str, Any]:
        """The run as a row of the panel's table."""
        last = self.records[-1] if self.records else None
        ok = last is not None and not last.diverged
        if last is not None and last.diverged:
            status = f"diverged at epoch {last.epoch}: {last.cause}"
        elif self.error is not None:
            status = f"error: {self.error}"
        elif self.stopped:
            status = f"stopped after {len(self.records)} of {self.epochs}"
        else:
            status = f"{len(self.records)}"
        lecture = lecture_test_error(self.p, self.mode, self.lam)
        return {
            "run": self.number,
            "p": f"{self.p:g}",
            "penalty": "none" if self.lam == 0 else
            {"loss": "in the loss", "prox": "proximal step"}[self.mode],
            "λ": f"{self.lam:g}",
            "epochs": status,
            "train error": percent(last.train_error) if ok else "-",
            "test error": percent(last.test_error) if ok else "-",
            "exact zeros": percent(last.zero_fraction, digits=2) if ok else "-",
            "lecture's test error": "-" if lecture is None else percent(lecture),
        }


def runs_table_html(runs: list[LiveRun], *, n_train: int, n_test: int) -> str:
    """An HTML table of the finished runs (empty string when there are none)."""
    if not runs:
        return ""
    rows = [r.row() for r in runs]
    head = "".join(f"<th style='padding:0 8px'>{k}</th>" for k in rows[0])
    body = "".join(
        "<tr>" + "".join(f"<td style='padding:0 8px;text-align:right'>{v}</td>"
                         for v in row.values()) + "</tr>"
        for row in rows)
    return (f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"<small>Errors on the {n_train:,} training digits and on {n_test:,} test digits. "
            "The lecture's number is shown where p, the mode and λ match a row of its "
            "tables (its L1 threshold per step is lr·λ = 0.05·λ); its runs are longer than "
            "these, so compare the shape, not the third digit.</small>")


def _with_test_subset(data: Any, n: int | None) -> tuple:
    """``(x_train, y_train, x_test, y_test)`` with ``n`` evenly spaced test digits."""
    arrays = data if isinstance(data, tuple) else (data.x_train, data.y_train, data.x_test,
                                                   data.y_test)
    x_tr, y_tr, x_te, y_te = arrays
    if n is None or n >= len(y_te):
        return x_tr, y_tr, x_te, y_te
    if not (isinstance(n, int) and n >= 1):
        raise ValueError(f"test_digits must be None or an integer >= 1, got {n!r}")
    take = np.linspace(0, len(y_te) - 1, n).round().astype(int)
    return x_tr, y_tr, x_te[take], y_te[take]


def _label_2_and_5(value: float, _pos: Any = None) -> str:
    """Label the minor ticks 2 and 5 of each decade of a log axis (0.2, 0.5, 2, 5, 20...)."""
    if value <= 0:
        return ""
    mantissa = value / 10 ** math.floor(math.log10(value) + 1e-9)
    return f"{value:g}" if round(mantissa) in (2, 5) else ""


def _warm_up_optimizer() -> None:
    import torch

    torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)


def _kernel_loop() -> Any:
    """The kernel's main event loop (tornado), or None outside a running kernel."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    kernel = getattr(get_ipython(), "kernel", None)
    return getattr(kernel, "io_loop", None)


class LiveTrainingPanel(Panel):
    r"""Train notebook 06's convnet on the 1,000 training digits and watch it, epoch by epoch.

    Controls: ``p`` (1/2, 1, 2), ``lam`` (0 and a log grid), ``mode`` (penalty in the loss or
    a proximal step), ``epochs``; a **Train** button starts a run in a background thread (the
    notebook's other sliders keep responding), a **Stop** button ends it after the current
    epoch. Each epoch updates the train and test error, the loss, the fraction of exact zeros
    and the histogram of the weights; each finished run joins the table below the figure.
    Every run starts from the same initial weights (``seed``), so runs differ by their setting.

    Parameters
    ----------
    data : MNISTSplit or 4-tuple, optional
        Default: ``regviz.data.load_sample()`` (1,000 training and 4,000 test digits).
    p, lam, mode, epochs : initial control values
        ``mode`` is ``"loss"`` or ``"prox"``.
    seed : int
        Seed of the initial weights and of the data order.
    test_digits : int, optional
        Measure the test error on this many test digits, evenly spaced over the test set (it
        is sorted by class, so every class keeps its share): evaluating all 4,000 after every
        epoch would cost more than the epoch's training. None: all of them.

    Notes
    -----
    The figure's limits are fixed for a run (errors 0 to 1, zeros 0 to 100 %, counts up to
    the number of parameters), so an epoch redraws only the curves and the histogram over a
    cached background; the loss axis widens, with a full redraw, when a value leaves it.
    """

    def __init__(
        self,
        data: Any = None,
        *,
        p: float = 1.0,
        lam: float = 0.001,
        mode: str = "prox",
        epochs: int = 10,
        seed: int = 0,
        test_digits: int | None = 1000,
    ) -> None:
        import threading

        import ipywidgets as widgets

        from ..data import load_sample
        from ..models import make_model

        if p not in LIVE_P_VALUES:
            raise ValueError(f"p must be one of {LIVE_P_VALUES}, got {p!r}")
        if lam not in LIVE_LAMBDAS:
            raise ValueError(f"lam must be one of {LIVE_LAMBDAS}, got {lam!r}")
        if mode not in LIVE_MODES.values():
            raise ValueError(f"mode must be one of {tuple(LIVE_MODES.values())}, got {mode!r}")
        if not (isinstance(epochs, int) and 1 <= epochs <= 30):
            raise ValueError(f"epochs must be an integer in [1, 30], got {epochs!r}")
        self.data = _with_test_subset(data if data is not None else load_sample(), test_digits)
        self.seed = seed
        self.runs: list[LiveRun] = []
        self.current: LiveRun | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._make_model = lambda: make_model(LIVE_SETUP["model"], seed=seed)
        # the first torch optimizer imports torch._dynamo (seconds): do it now, not on Train
        threading.Thread(target=_warm_up_optimizer, daemon=True).start()

        fig, axes = make_figure(2, 2, figsize=(8.6, 5.6))
        fig.set_layout_engine("constrained")  # for the first draw; then frozen (see Notes)
        (ax_err, ax_loss), (ax_zero, ax_hist) = axes
        a = self.artists = {}
        a["train"] = ax_err.plot([], [], "s--", ms=4, label="train")[0]
        a["test"] = ax_err.plot([], [], "o-", ms=4, label="test")[0]
        ax_err.set_ylim(0, 1)
        ax_err.set_ylabel("error")
        ax_err.legend(loc="upper right", fontsize="small")
        a["loss"] = ax_loss.plot([], [], "o-", ms=4, color="tab:purple")[0]
        ax_loss.set_yscale("log")
        # plain numbers: a loss from 2.3 to 2.1 spans no decade, and then only minor ticks show
        ax_loss.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax_loss.yaxis.set_minor_formatter(FuncFormatter(_label_2_and_5))
        ax_loss.set_ylabel("training loss (epoch mean)")
        ax_loss.set_ylim(0.1, 3.0)
        a["zeros"] = ax_zero.plot([], [], "d-", ms=4, color="tab:green")[0]
        ax_zero.set_ylim(-2, 102)
        ax_zero.set_ylabel("exact zeros (%)")
        for ax in (ax_err, ax_loss, ax_zero):
            ax.set_xlabel("epoch")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        a["hist"] = ax_hist.stairs(np.ones(121), np.linspace(-HIST_LIMIT, HIST_LIMIT, 122),
                                   fill=True, alpha=0.7, label="nonzero weights")
        a["zero_bar"] = ax_hist.plot([0, 0], [1, 1], color="tab:red", lw=3,
                                     label="exact zeros")[0]
        ax_hist.set_yscale("log")
        ax_hist.set_xlabel(f"weight value (|w| > {HIST_LIMIT:g} in the end bins)")
        ax_hist.set_ylabel("count + 1")
        ax_hist.legend(loc="upper right", fontsize="small")
        self.axes = {"error": ax_err, "loss": ax_loss, "zeros": ax_zero, "hist": ax_hist}

        layout = {"width": "230px"}
        style = {"description_width": "initial"}
        controls = {
            "p": widgets.SelectionSlider(options=[(f"{q:g}", q) for q in LIVE_P_VALUES],
                                         value=p, description="p", layout=layout),
            "lam": widgets.SelectionSlider(options=[(f"{v:g}", v) for v in LIVE_LAMBDAS],
                                           value=lam, description="λ (log)", style=style,
                                           layout=layout),
            "mode": widgets.ToggleButtons(options=list(LIVE_MODES.items()), value=mode,
                                          description="penalty",
                                          style={"button_width": "auto"}),
            "epochs": widgets.IntSlider(value=epochs, min=1, max=30, description="epochs",
                                        layout=layout),
        }
        self.train_button = widgets.Button(description="Train", button_style="success",
                                           icon="play", layout={"width": "90px"})
        self.stop_button = widgets.Button(description="Stop", button_style="danger",
                                          icon="stop", disabled=True, layout={"width": "90px"})
        self.progress = widgets.IntProgress(value=0, min=0, max=epochs, description="epoch 0",
                                            layout={"width": "260px"})
        self.table = widgets.HTML()
        self.train_button.on_click(lambda _: self.train())
        self.stop_button.on_click(lambda _: self.stop())
        super().__init__(fig, controls, extra=[self.train_button, self.stop_button,
                                               self.progress])
        self.setting = widgets.HTML()
        # set the first frame without drawing: an ipympl canvas drawn before it is displayed
        # stays empty in JupyterLab; the front end asks for the first draw itself
        self._show(self._frame([], self._initial_weights()), epochs=epochs, draw=False)
        self.update(**self.values)
        fig.get_layout_engine().execute(fig)
        fig.set_layout_engine("none")  # keep the constrained positions: no layout per epoch
        self.set_dynamic([a[k] for k in ("train", "test", "loss", "zeros", "hist", "zero_bar")])

    # -- controls --------------------------------------------------------------------------
    def update(self, p: float, lam: float, mode: str, epochs: int) -> bool:  # noqa: D102
        lecture = lecture_test_error(p, mode, lam)
        how = "no penalty" if lam == 0 else (
            f"λ·Σ|w|^{p:g} " + ("in the loss" if mode == "loss" else "as a proximal step"))
        msg = f"Next run: {how}, λ = {lam:g}, {epochs} epochs"
        if lecture is not None:
            msg += f"; the lecture's test error for this setting: {percent(lecture)}"
        self.setting.value = msg
        if self.current is None:
            self.readout.value = msg
            self.text = (f"No run shown yet. {msg}." if not self.runs else
                         f"{self._last_text} {msg}.")
        return False

    def refresh(self) -> None:
        """A control only changes the next run's setting: update the text, draw nothing."""
        self.update(**self.values)
        self.announce()

    _last_text = ""

    def redraw(self, *, full: bool = False) -> None:  # noqa: D102
        with self._lock:  # a slider's blit and an epoch's draw never overlap
            super().redraw(full=full)

    @property
    def widget(self) -> Any:
        """The panel (controls, readout, figure) with the table of runs below it."""
        import ipywidgets as widgets

        box = super().widget
        return widgets.VBox([box, self.table])

    # -- training --------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """True while a run trains."""
        return self._thread is not None and self._thread.is_alive()

    def train(self, *, wait: bool = False) -> LiveRun | None:
        """Start a run with the current setting; ``wait=True`` trains in this thread.

        Returns the new run, or None when a run is already training.
        """
        import threading

        if self.running:
            return None
        v = self.values
        run = LiveRun(len(self.runs) + 1, v["p"], v["mode"], v["lam"], v["epochs"])
        self.current = run
        self._stop.clear()
        self.train_button.disabled, self.stop_button.disabled = True, False
        self.progress.max, self.progress.value = run.epochs, 0
        self.progress.description, self.progress.bar_style = "epoch 0", "info"
        self.readout.value = f"Run {run.number}: training..."
        self.text = f"Run {run.number} is training: {run.epochs} epochs, λ = {run.lam:g}."
        self._show(self._frame([], self._initial_weights()), epochs=run.epochs)
        if wait:
            self._work(run, post=lambda fn, *args: fn(*args))
        else:
            loop = _kernel_loop()
            post = ((lambda fn, *args: loop.add_callback(fn, *args)) if loop is not None
                    else (lambda fn, *args: fn(*args)))
            self._thread = threading.Thread(target=self._work, args=(run, post), daemon=True,
                                            name=f"regviz-live-run-{run.number}")
            self._thread.start()
        return run

    def stop(self) -> None:
        """Stop the running run after its current epoch (it still joins the table)."""
        self._stop.set()
        self.stop_button.disabled = True

    def wait(self, timeout: float | None = None) -> None:
        """Block until the running run has finished (for tests and scripts)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _work(self, run: LiveRun, post: Any) -> None:
        """Train ``run`` (in the worker thread) and post each epoch to the panel."""
        from ..training import Recording, Regularization, Trainer

        try:
            pen = live_penalty(run.p, run.lam)
            reg = None if pen is None else Regularization(pen, run.mode, params="all")
            trainer = Trainer(self._make_model(), self.data, epochs=run.epochs,
                              regularization=reg, recording=Recording(params="all"),
                              seed=self.seed, device="cpu", eval_batch_size=100,
                              **{k: v for k, v in LIVE_SETUP.items() if k != "model"})
            for record in trainer:
                run.records.append(record)
                frame = self._frame(run.records, trainer.weights().double().numpy())
                post(self._show_epoch, run, record, frame)
                if self._stop.is_set():
                    run.stopped = not trainer.done
                    break
        except Exception as exc:  # shown in the panel, not lost in a thread
            run.error = f"{type(exc).__name__}: {exc}"
            post(self.output.append_stderr, f"Run {run.number} failed: {run.error}\n")
        finally:
            post(self._finish, run)

    def _frame(self, records: list, weights: np.ndarray) -> LiveFrame:
        return live_frame([r for r in records if not r.diverged], weights)

    def _initial_weights(self) -> np.ndarray:
        model = self._make_model()
        return np.concatenate([q.detach().double().numpy().ravel() for q in model.parameters()])

    # -- drawing (main thread) -------------------------------------------------------------
    def _show(self, frame: LiveFrame, *, epochs: int, draw: bool = True) -> None:
        """Set every artist from ``frame`` (the first draw and every epoch use this)."""
        a = self.artists
        a["train"].set_data(frame.epoch, frame.train_error)
        a["test"].set_data(frame.epoch, frame.test_error)
        a["loss"].set_data(frame.epoch, frame.loss)
        a["zeros"].set_data(frame.epoch, 100 * frame.zero_fraction)
        a["hist"].set_data(values=frame.counts + 1, edges=frame.edges)
        a["zero_bar"].set_data([0, 0], [1, frame.zeros + 1])
        full = False
        for name in ("error", "loss", "zeros"):
            if self.axes[name].get_xlim() != (0.5, epochs + 0.5):
                self.axes[name].set_xlim(0.5, epochs + 0.5)
                full = True
        losses = frame.loss[np.isfinite(frame.loss) & (frame.loss > 0)]
        lo, hi = self.axes["loss"].get_ylim()
        if losses.size and (losses.min() < lo or losses.max() > hi):
            self.axes["loss"].set_ylim(min(lo, losses.min() / 1.5), max(hi, losses.max() * 1.5))
            full = True
        top = 3.0 * (frame.size + 1)
        if self.axes["hist"].get_ylim() != (0.8, top):
            self.axes["hist"].set_ylim(0.8, top)
            full = True
        if draw:
            self.redraw(full=full)

    def _show_epoch(self, run: LiveRun, record: Any, frame: LiveFrame) -> None:
        self._show(frame, epochs=run.epochs)
        self.progress.value = record.epoch
        self.progress.description = f"epoch {record.epoch}"
        if record.diverged:
            self.readout.value = (f"Run {run.number}, epoch {record.epoch}: diverged "
                                  f"({record.cause})")
            self.text = f"{self.readout.value}: its weights are no longer finite."
            self.announce()
            return
        self.readout.value = (
            f"Run {run.number}, epoch {record.epoch}/{run.epochs}: train error "
            f"{percent(record.train_error)}, test error {percent(record.test_error)}, loss "
            f"{record.loss:.4g}, exact zeros {percent(record.zero_fraction, digits=2)} "
            f"({frame.zeros:,} of {frame.size:,} parameters)")
        self.text = self._last_text = (
            f"Run {run.number} after epoch {record.epoch} of {run.epochs}: test error "
            f"{percent(record.test_error)}, train error {percent(record.train_error)}, "
            f"{percent(record.zero_fraction, digits=2)} of the weights exactly 0.")
        self.announce()

    def _finish(self, run: LiveRun) -> None:
        self.runs.append(run)
        self.table.value = runs_table_html(self.runs, n_train=len(self.data[1]),
                                           n_test=len(self.data[3]))
        self.current = None
        self.train_button.disabled, self.stop_button.disabled = False, True
        self.progress.bar_style = "warning" if run.stopped else (
            "danger" if run.error or (run.records and run.records[-1].diverged) else "success")
        if run.stopped:
            self.readout.value += f" · stopped after epoch {len(run.records)}"


BENCHMARK_VIEWS = {
    # moving a control only changes the next run's setting; training is timed in
    # benchmarks/training_speed.py and the Train click in tests/test_widgets_training.py
    "06 live training": (LiveTrainingPanel, {"lam": list(LIVE_LAMBDAS[:12])}),
}
