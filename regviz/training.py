r"""Train a network with every way of regularizing, epoch by epoch, and record what happened.

The objective of one batch :math:`B` is

.. math::

    \frac{1}{|B|}\sum_{i\in B}\ell(f_w(x_i), y_i) \;+\; \sum_{w\in W} \mathrm{penalty}(w),

where ``penalty.total`` is :math:`\lambda\sum_j \phi(w_j)` over the penalized tensors :math:`W`
(weights only, or all parameters). A :class:`Regularization` says how the penalty acts:

- ``"loss"``: added to the objective above (its gradient is in every step);
- ``"prox"``: a proximal step after each optimizer step,
  :math:`w \leftarrow \mathrm{prox}_{\eta\,\mathrm{penalty}}(w)` with ``step = lr``;
- ``"weight_decay"``: the optimizer's own ``weight_decay = 2 lam`` for ``L2(lam)`` (SGD, Adam),
  the same gradient as L2 in the loss, added inside the optimizer;
- ``"decoupled"``: AdamW's decay :math:`w \leftarrow w - \eta\,2\lambda\,w`, decoupled from
  the adaptive step.

:class:`Trainer` runs one epoch per :meth:`Trainer.step_epoch` and returns an
:class:`EpochRecord`; iterating over a trainer yields the records until the last epoch or a
divergence, so a caller can report each epoch and stop whenever it likes. :func:`fit` runs them
all and returns the :class:`History`. What to record and what comes out (:class:`Recording`,
:class:`EpochRecord`, :class:`History`) are plain data, in :mod:`regviz.training_records`
(no torch), re-exported here.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from ._validate import choice, integer, number
from .training_records import PARAM_SETS, EpochRecord, History, Recording

OPTIMIZERS = ("sgd", "adam", "adamw")
HOWS = ("loss", "prox", "weight_decay", "decoupled")
LOSSES = ("cross_entropy", "mse")
SHUFFLES = ("every_epoch", "once")


# --- what to train with ---------------------------------------------------------------------
@dataclass(frozen=True)
class Regularization:
    r"""How a penalty acts on training, and on which parameters.

    Parameters
    ----------
    penalty : regviz penalty or callable
        One of :mod:`regviz.penalties`. With ``how="loss"`` it may also be a function
        ``tensor -> scalar tensor`` added for each penalized tensor (e.g. the naive
        ``lambda w: lam * torch.sqrt(w.abs()).sum()`` whose gradient is NaN at 0).
    how : {"loss", "prox", "weight_decay", "decoupled"}
        In the loss, as a proximal step after each optimizer step (``penalty.prox(w,
        step=lr)``), as the optimizer's ``weight_decay`` (SGD or Adam), or as AdamW's decoupled
        decay. The last two need ``L2(lam)`` and use ``weight_decay = 2 * lam``: explicit
        :math:`\lambda\sum w^2` has gradient :math:`2\lambda w`.
    params : {"weights", "all"}
        Penalize only weight matrices and kernels (tensors with more than one dimension), or
        also the biases.

    Raises
    ------
    ValueError
        If ``how`` or ``params`` is not one of its values, or the penalty cannot act that way.
    """

    penalty: Any
    how: str = "loss"
    params: str = "weights"

    def __post_init__(self) -> None:
        choice("how", self.how, HOWS)
        choice("params", self.params, PARAM_SETS)
        has_total = hasattr(self.penalty, "total")
        if self.how == "loss" and not (has_total or callable(self.penalty)):
            raise ValueError("penalty must be a regviz penalty or a function tensor -> scalar "
                             f"for how='loss', got {self.penalty!r}")
        if self.how == "prox" and not hasattr(self.penalty, "prox"):
            raise ValueError(f"penalty must have a prox for how='prox', got {self.penalty!r}")
        if self.how in ("weight_decay", "decoupled"):
            from regviz.penalties import L2

            if not isinstance(self.penalty, L2):
                raise ValueError(f"penalty must be L2(lam) for how={self.how!r} (the decay is "
                                 f"2 * lam * w), got {self.penalty!r}")

    @property
    def weight_decay(self) -> float:
        """The optimizer's ``weight_decay`` for the penalized group: ``2 * lam`` or 0."""
        return 2 * self.penalty.lam if self.how in ("weight_decay", "decoupled") else 0.0

    def term(self, tensors: list[torch.Tensor]) -> torch.Tensor:
        r"""The penalty summed over ``tensors``: :math:`\sum_{w} \mathrm{penalty}(w)`."""
        if hasattr(self.penalty, "total"):
            return sum(self.penalty.total(p) for p in tensors)
        return sum(self.penalty(p) for p in tensors)

    def proximal_step(self, tensors: list[torch.Tensor], lr: float) -> None:
        """Replace each tensor by ``penalty.prox(w, step=lr)``, in place."""
        with torch.no_grad():
            for p in tensors:
                p.copy_(self.penalty.prox(p, step=lr))


# --- small steps ----------------------------------------------------------------------------
def penalized_parameters(model: nn.Module, which: str = "weights") -> list[torch.Tensor]:
    """Parameters the penalty acts on: ``"weights"`` (tensors with >1 dim) or ``"all"``."""
    choice("params", which, PARAM_SETS)
    ps = list(model.parameters())
    return ps if which == "all" else [p for p in ps if p.dim() > 1]


def error_rate(model: nn.Module, x: torch.Tensor, y: torch.Tensor, *, batch_size: int = 1000):
    """Fraction of ``x`` misclassified by ``model`` (evaluation mode, no gradient)."""
    was_training = model.training
    model.eval()
    wrong = 0
    with torch.no_grad():
        for b in range(0, len(x), batch_size):
            wrong += (model(x[b : b + batch_size]).argmax(1) != y[b : b + batch_size]).sum().item()
    model.train(was_training)
    return wrong / max(len(x), 1)


def default_device() -> torch.device:
    """CUDA when available, else CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_optimizer(
    model: nn.Module,
    *,
    optimizer: str,
    lr: float,
    momentum: float,
    regularization: Regularization | None,
) -> torch.optim.Optimizer:
    """The ``torch.optim`` optimizer, with ``weight_decay`` on the penalized group only."""
    which = regularization.params if regularization is not None else "weights"
    wd = regularization.weight_decay if regularization is not None else 0.0
    pen_params = penalized_parameters(model, which)
    pen_ids = {id(p) for p in pen_params}
    other = [p for p in model.parameters() if id(p) not in pen_ids]
    groups = [{"params": pen_params, "weight_decay": wd}]
    if other:
        groups.append({"params": other, "weight_decay": 0.0})
    if optimizer == "sgd":
        return torch.optim.SGD(groups, lr=lr, momentum=momentum)
    if optimizer == "adam":
        return torch.optim.Adam(groups, lr=lr)
    return torch.optim.AdamW(groups, lr=lr)


def data_loss(out: torch.Tensor, y: torch.Tensor, kind: str) -> torch.Tensor:
    """Batch-mean cross-entropy, or mean squared error on one-hot targets (the lecture's)."""
    if kind == "cross_entropy":
        return nn.functional.cross_entropy(out, y)
    target = nn.functional.one_hot(y, out.shape[1]).to(out.dtype)
    return nn.functional.mse_loss(out, target)


def weight_histogram(
    w: np.ndarray, *, bins: int = 81, range: tuple[float, float] | None = None  # noqa: A002
) -> tuple[np.ndarray, np.ndarray]:
    """``(counts, edges)`` of ``w``; default range symmetric around 0 up to ``max |w|``."""
    if range is None:
        m = float(np.abs(w).max()) if w.size else 1.0
        range = (-m, m) if m > 0 else (-1.0, 1.0)  # noqa: A001
    return np.histogram(w, bins=bins, range=range)


def _check_options(*, epochs, lr, batch_size, optimizer, momentum, regularization, loss,
                   shuffle, evaluate) -> None:
    integer("epochs", epochs, low=1)
    number("lr", lr, low=0.0, low_open=True)
    integer("batch_size", batch_size, low=1)
    choice("optimizer", optimizer, OPTIMIZERS)
    choice("loss", loss, LOSSES)
    choice("shuffle", shuffle, SHUFFLES)
    number("momentum", momentum, low=0.0, high=1.0, high_open=True)
    if optimizer != "sgd" and momentum:
        raise ValueError(f"momentum applies to optimizer='sgd' only, got optimizer={optimizer!r}")
    if evaluate not in (True, False, "last"):
        raise ValueError(f"evaluate must be True, False or 'last', got {evaluate!r}")
    if regularization is not None and not isinstance(regularization, Regularization):
        raise ValueError("regularization must be None or a Regularization(penalty, how, params), "
                         f"got {regularization!r}")
    how = regularization.how if regularization is not None else None
    if how == "weight_decay" and optimizer == "adamw":
        raise ValueError("regularization how='weight_decay' needs optimizer 'sgd' or 'adam' "
                         "(AdamW's decay is how='decoupled'), got optimizer='adamw'")
    if how == "decoupled" and optimizer != "adamw":
        raise ValueError(f"regularization how='decoupled' needs optimizer='adamw', got "
                         f"optimizer={optimizer!r}")


# --- the trainer ----------------------------------------------------------------------------
class Trainer:
    r"""Train ``model`` on ``data`` in place, one epoch per :meth:`step_epoch`.

    Parameters
    ----------
    model : torch.nn.Module
        Network mapping images to 10 logits.
    data : MNISTSplit or tuple
        An object with ``x_train, y_train, x_test, y_test`` arrays, or a 4-tuple of them.
    epochs : int
        Passes over the training set (>= 1).
    lr : float
        Learning rate :math:`\eta` (> 0).
    batch_size : int
        Mini-batch size (>= 1).
    optimizer : {"sgd", "adam", "adamw"}
        ``torch.optim`` optimizer.
    momentum : float
        SGD momentum in [0, 1).
    regularization : Regularization, optional
        The penalty and how it acts (see the module docstring); None trains without one.
    loss : {"cross_entropy", "mse"}
        Data loss, a batch mean (``"mse"`` on one-hot targets, as in the lecture's code).
    shuffle : {"every_epoch", "once"}
        Draw a new order of the training examples each epoch, or draw one order and visit the
        batches in it every epoch: the lecture's loop ``for b in range(0, n, batch_size)`` over
        a training set stored in a fixed random order.
    seed : int
        Seeds the shuffling and dropout (local generator; the caller's torch state is restored
        after every epoch, so a trainer can run between other code).
    recording : Recording, optional
        Which tensors' zeros and histograms to record, and when.
    evaluate : bool or "last"
        Compute train / test error each epoch (True), only after the last epoch (``"last"``),
        or never (False, for benchmarks).
    eval_batch_size : int
        Digits per forward pass when measuring the errors (speed and memory only: on CPU,
        batches of 100 run about 1.5 times faster than 1,000 for the lecture's convnet).
    device : str or torch.device, optional
        Default: CUDA when available, else CPU.
    threads : int, optional
        ``torch.set_num_threads`` while an epoch runs (restored after).

    Attributes
    ----------
    history : History
        Every completed epoch so far.
    epoch : int
        Epochs run so far.
    done : bool
        True after the last epoch or a divergence.

    Examples
    --------
    >>> trainer = Trainer(model, data, epochs=10, regularization=Regularization(L1(0.01), "prox"))
    >>> for record in trainer:          # doctest: +SKIP
    ...     print(record.epoch, record.test_error)
    ...     if record.zero_fraction > 0.9:
    ...         break
    """

    def __init__(
        self,
        model: nn.Module,
        data: Any,
        *,
        epochs: int = 10,
        lr: float = 0.1,
        batch_size: int = 100,
        optimizer: str = "sgd",
        momentum: float = 0.0,
        regularization: Regularization | None = None,
        loss: str = "cross_entropy",
        shuffle: str = "every_epoch",
        seed: int = 0,
        recording: Recording | None = None,
        evaluate: bool | str = True,
        eval_batch_size: int = 1000,
        device: str | torch.device | None = None,
        threads: int | None = None,
    ) -> None:
        if not (isinstance(eval_batch_size, int) and eval_batch_size >= 1):
            raise ValueError(f"eval_batch_size must be an integer >= 1, got {eval_batch_size!r}")
        _check_options(epochs=epochs, lr=lr, batch_size=batch_size, optimizer=optimizer,
                       momentum=momentum, regularization=regularization, loss=loss,
                       shuffle=shuffle, evaluate=evaluate)
        recording = recording if recording is not None else Recording()
        self.model, self.epochs, self.lr, self.batch_size = model, epochs, lr, batch_size
        self.regularization, self.recording = regularization, recording
        self.loss_kind, self.shuffle, self.evaluate, self.threads = loss, shuffle, evaluate, threads
        self.eval_batch_size = eval_batch_size
        self.device = torch.device(device) if device is not None else default_device()
        self.x_train, self.y_train, self.x_test, self.y_test = self._tensors(data)
        model.to(self.device)
        self.optimizer = make_optimizer(model, optimizer=optimizer, lr=lr, momentum=momentum,
                                        regularization=regularization)
        reg = regularization
        self.penalized = penalized_parameters(model, reg.params if reg else "weights")
        self.recorded = penalized_parameters(
            model, recording.params or (reg.params if reg else "weights"))
        self.history = History()
        self.epoch = 0
        self.done = False
        # the shuffling generator, and the torch state dropout draws from: both seeded here
        self._order_gen = torch.Generator(device="cpu").manual_seed(seed)
        with self._own_rng(seed=seed):
            self._order = torch.randperm(len(self.x_train), generator=self._order_gen)
        if 0 in recording.histogram_epochs:
            self.history.histograms[0] = self.histogram()

    # -- one epoch -------------------------------------------------------------------------
    def step_epoch(self) -> EpochRecord:
        """Train one epoch, evaluate, record it in :attr:`history` and return its record.

        Raises
        ------
        RuntimeError
            If the trainer is :attr:`done`.
        """
        if self.done:
            raise RuntimeError(f"the trainer is done (epoch {self.epoch} of {self.epochs}"
                               + (f", diverged: {self.history.cause})" if self.history.cause
                                  else ")"))
        old_threads = torch.get_num_threads()
        if self.threads is not None:
            torch.set_num_threads(self.threads)
        try:
            with self._own_rng():
                record = self._run_epoch(self.epoch + 1)
        finally:
            if self.threads is not None:
                torch.set_num_threads(old_threads)
        self.epoch = record.epoch
        self.history.add(record)
        self.done = record.diverged or self.epoch == self.epochs
        return record

    def __iter__(self) -> Iterator[EpochRecord]:
        """Yield the record of each remaining epoch (stop early by breaking out of the loop)."""
        while not self.done:
            yield self.step_epoch()

    def _run_epoch(self, epoch: int) -> EpochRecord:
        t0 = time.perf_counter()
        if self.shuffle == "every_epoch" and epoch > 1:
            self._order = torch.randperm(len(self.x_train), generator=self._order_gen)
        mean_loss, cause = self._train_batches(self._order.to(self.device))
        cause = cause or self._nonfinite_weight()
        elapsed = time.perf_counter() - t0
        if cause is not None:
            return EpochRecord(epoch, self.epochs, None, None, None, None, None, elapsed,
                               cause=cause)
        train_error = test_error = None
        if self.evaluate is True or (self.evaluate == "last" and epoch == self.epochs):
            train_error, test_error = self.errors()
        hist = self.histogram() if epoch in self.recording.histogram_epochs else None
        return EpochRecord(epoch, self.epochs, mean_loss, self.penalty_value(),
                           self.zero_fraction(), train_error, test_error, elapsed, hist)

    def _train_batches(self, order: torch.Tensor) -> tuple[float, str | None]:
        """One pass over the batches in ``order``: the mean objective, or why it stopped."""
        model, opt, reg = self.model, self.optimizer, self.regularization
        in_loss = reg is not None and reg.how == "loss"
        proximal = reg is not None and reg.how == "prox"
        x, y, bs = self.x_train, self.y_train, self.batch_size
        model.train()
        total, count = 0.0, 0
        for b in range(0, len(order), bs):
            idx = order[b : b + bs]
            obj = data_loss(model(x[idx]), y[idx], self.loss_kind)
            if in_loss:
                obj = obj + reg.term(self.penalized)
            value = obj.item()
            if not math.isfinite(value):
                return math.nan, f"loss became {value} at batch {b // bs + 1}"
            total += value * len(idx)
            count += len(idx)
            opt.zero_grad(set_to_none=True)
            obj.backward()
            opt.step()
            if proximal:
                reg.proximal_step(self.penalized, self.lr)
        return total / max(count, 1), None

    def _nonfinite_weight(self) -> str | None:
        with torch.no_grad():
            for name, p in self.model.named_parameters():
                if not torch.isfinite(p).all():
                    return f"weight {name} became NaN or infinite"
        return None

    # -- measurements (usable between epochs) ----------------------------------------------
    def errors(self) -> tuple[float, float]:
        """Train and test error of the model as it is now."""
        bs = self.eval_batch_size
        return (error_rate(self.model, self.x_train, self.y_train, batch_size=bs),
                error_rate(self.model, self.x_test, self.y_test, batch_size=bs))

    def penalty_value(self) -> float:
        """The penalty summed over the penalized tensors (0 without one or for weight decay)."""
        reg = self.regularization
        if reg is None or reg.how in ("weight_decay", "decoupled"):
            return 0.0
        with torch.no_grad():
            return float(reg.term(self.penalized))

    def weights(self) -> torch.Tensor:
        """The recorded tensors' entries as one flat CPU tensor (a copy)."""
        return torch.cat([p.detach().flatten() for p in self.recorded]).cpu()

    def zero_fraction(self) -> float:
        """Fraction of the recorded entries that are exactly 0."""
        with torch.no_grad():
            return float((self.weights() == 0).double().mean())

    def histogram(self) -> tuple[np.ndarray, np.ndarray]:
        """``(counts, edges)`` of the recorded entries, as :class:`Recording` asks."""
        rec = self.recording
        return weight_histogram(self.weights().double().numpy(), bins=rec.histogram_bins,
                                range=rec.histogram_range)

    # -- internals -------------------------------------------------------------------------
    def _tensors(self, data: Any) -> tuple[torch.Tensor, ...]:
        if isinstance(data, tuple):
            arrays = data
        else:
            arrays = (data.x_train, data.y_train, data.x_test, data.y_test)
        return tuple(torch.as_tensor(a).to(self.device) for a in arrays)

    def _own_rng(self, seed: int | None = None):
        """Context in which torch's global generator is this trainer's, restored on exit."""
        return _OwnRng(self, seed)


class _OwnRng:
    """Swap in the trainer's torch RNG state (dropout), keep it on exit, restore the caller's."""

    def __init__(self, trainer: Trainer, seed: int | None) -> None:
        self.trainer, self.seed = trainer, seed
        devices = [] if trainer.device.type == "cpu" else [trainer.device]
        self._fork = torch.random.fork_rng(devices=devices)

    def __enter__(self) -> None:
        self._fork.__enter__()
        t = self.trainer
        if self.seed is not None:
            torch.manual_seed(self.seed)
        else:
            torch.set_rng_state(t._rng_cpu)
            if t._rng_dev is not None:
                torch.cuda.set_rng_state(t._rng_dev, t.device)

    def __exit__(self, *exc: Any) -> None:
        t = self.trainer
        t._rng_cpu = torch.get_rng_state()
        t._rng_dev = torch.cuda.get_rng_state(t.device) if t.device.type == "cuda" else None
        self._fork.__exit__(*exc)


def fit(
    model: nn.Module,
    data: Any,
    *,
    progress: bool = True,
    **options: Any,
) -> History:
    """Train ``model`` on ``data`` in place for all its epochs and return its :class:`History`.

    To watch or stop a run epoch by epoch, iterate over a :class:`Trainer` instead.

    Parameters
    ----------
    model, data
        As for :class:`Trainer`.
    progress : bool
        Show a ``tqdm.auto`` progress bar.
    **options
        The keyword options of :class:`Trainer` (``epochs``, ``lr``, ``batch_size``,
        ``optimizer``, ``momentum``, ``regularization``, ``loss``, ``shuffle``, ``seed``,
        ``recording``, ``evaluate``, ``eval_batch_size``, ``device``, ``threads``).

    Returns
    -------
    History
        Per-epoch metrics; ``diverged_at_epoch`` and ``cause`` set when the loss or a weight
        became NaN / infinite, at which point training stopped.
    """
    trainer = Trainer(model, data, **options)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=trainer.epochs, desc="fit", leave=False)
    try:
        for record in trainer:
            if bar is not None and not record.diverged:
                bar.update(1)
                bar.set_postfix(loss=f"{record.loss:.4g}")
    finally:
        if bar is not None:
            bar.close()
    return trainer.history
