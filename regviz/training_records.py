"""What training records, as plain data (NumPy only, no torch): :class:`Recording` says what
to record, each epoch gives an :class:`EpochRecord`, a run's :class:`History` collects them.

:mod:`regviz.training` trains and re-exports these; :class:`regviz.experiments.History` is the
stored (JSON) form of a :class:`History` (``History.of(hist)``).
"""  # noqa: D205

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from ._validate import choice

__all__ = ["PARAM_SETS", "Recording", "EpochRecord", "History"]

#: Which parameters a penalty acts on / a recording watches.
PARAM_SETS = ("weights", "all")


@dataclass(frozen=True)
class Recording:
    """What the trainer measures on the weights besides the errors.

    Parameters
    ----------
    params : {"weights", "all"}, optional
        The tensors whose fraction of exact zeros and histogram are recorded; default the
        penalized ones (``"weights"`` without a regularization).
    histogram_epochs : tuple of int
        Epochs (0 = before training) at which to store a histogram of those tensors.
    histogram_bins : int
        Number of bins.
    histogram_range : (float, float), optional
        Range of the bins; default symmetric around 0 up to the largest ``|w|``.
    """

    params: str | None = None
    histogram_epochs: tuple[int, ...] = ()
    histogram_bins: int = 81
    histogram_range: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if self.params is not None:
            choice("params", self.params, PARAM_SETS)
        if not (isinstance(self.histogram_bins, int) and self.histogram_bins >= 1):
            raise ValueError(f"histogram_bins must be an integer >= 1, got {self.histogram_bins!r}")


# --- what comes out -------------------------------------------------------------------------
@dataclass(frozen=True)
class EpochRecord:
    """What one epoch did; ``cause`` is set (and the metrics are None) when it diverged.

    Attributes
    ----------
    epoch, epochs : int
        This epoch (1-based) and the number asked for.
    loss : float or None
        Mean training objective over the epoch's batches (penalty included when in the loss).
    penalty : float or None
        Penalty value at the end of the epoch (0 without one, and for optimizer weight decay).
    zero_fraction : float or None
        Fraction of the recorded tensors' entries that are exactly 0.
    train_error, test_error : float or None
        Fraction misclassified at the end of the epoch (None when not evaluated this epoch).
    time : float
        Wall-clock seconds of the epoch's training (without evaluation).
    histogram : (counts, edges) or None
        Histogram of the recorded tensors, at the epochs asked for.
    cause : str or None
        What became NaN or infinite.
    """

    epoch: int
    epochs: int
    loss: float | None
    penalty: float | None
    zero_fraction: float | None
    train_error: float | None
    test_error: float | None
    time: float
    histogram: tuple[np.ndarray, np.ndarray] | None = None
    cause: str | None = None

    @property
    def diverged(self) -> bool:
        """True when the loss or a weight became NaN / infinite in this epoch."""
        return self.cause is not None


@dataclass
class History:
    """What a training run recorded, one entry per completed epoch: the one history type.

    :func:`regviz.training.fit` fills it epoch by epoch (:meth:`add`), the reproductions store
    it (its JSON form is :meth:`to_dict`), NumPy trainers such as d2l's fill it directly. It is
    open-ended: the curves every trainer records are fields, any other per-epoch series (d2l's
    ``epoch`` and ``weight_norm``...) lives in :attr:`curves` (read any of them with
    :meth:`curve`). ``train_error`` / ``test_error`` hold only the evaluated epochs (the last one
    when the run evaluated once); ``histograms`` maps an epoch to ``(counts, edges)`` of the
    recorded weights; ``diverged_at_epoch`` is the 1-based epoch of the first NaN / infinity and
    ``cause`` says what diverged.
    """

    loss: list[float] = field(default_factory=list)
    penalty: list[float] = field(default_factory=list)
    train_error: list[float] = field(default_factory=list)
    test_error: list[float] = field(default_factory=list)
    zero_fraction: list[float] = field(default_factory=list)
    time: list[float] = field(default_factory=list)
    histograms: dict[int, tuple[list[float], list[float]]] = field(default_factory=dict)
    diverged_at_epoch: int | None = None
    cause: str | None = None
    curves: dict[str, list[float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        clash = set(self.curves) & _HISTORY_FIELDS
        if clash:
            raise ValueError(f"curves must not be named like a field of History, got "
                             f"{sorted(clash)}")

    def add(self, record: EpochRecord) -> None:
        """Append one epoch's record (a diverged epoch only sets ``diverged_at_epoch``)."""
        if record.diverged:
            self.diverged_at_epoch, self.cause = record.epoch, record.cause
            return
        self.time.append(record.time)
        self.loss.append(record.loss)
        self.penalty.append(record.penalty)
        self.zero_fraction.append(record.zero_fraction)
        if record.test_error is not None:
            self.train_error.append(record.train_error)
            self.test_error.append(record.test_error)
        if record.histogram is not None:
            self.histograms[record.epoch] = record.histogram

    def curve(self, name: str) -> list[float]:
        """The per-epoch series ``name``: a field (``loss``...) or one of :attr:`curves`.

        Raises
        ------
        ValueError
            If this history has no such series.
        """
        if name in _HISTORY_CURVES:
            return getattr(self, name)
        if name in self.curves:
            return self.curves[name]
        raise ValueError(f"name must be one of {sorted(_HISTORY_CURVES | set(self.curves))}, "
                         f"got {name!r}")

    def to_dict(self) -> dict:
        """JSON-ready dictionary: the fields, then each of :attr:`curves` as its own key."""
        d = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "curves"}
        d["histograms"] = {str(k): [list(map(float, c)), list(map(float, e))]
                           for k, (c, e) in self.histograms.items()}
        d.update(self.curves)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> History:
        """Inverse of :meth:`to_dict` (keys that are not fields are per-epoch :attr:`curves`)."""
        kw = {k: v for k, v in d.items() if k in _HISTORY_FIELDS}
        kw["histograms"] = {int(k): (list(c), list(e))
                            for k, (c, e) in d.get("histograms", {}).items()}
        kw["curves"] = {k: list(v) for k, v in d.items()
                        if k not in _HISTORY_FIELDS and k != "curves"}
        return cls(**kw)

    @classmethod
    def of(cls, hist: Any) -> History:
        """A copy in JSON form (lists of floats), from a history or anything with this
        ``to_dict()``: what a stored row keeps of a live run (whose histograms are arrays).
        """  # noqa: D205
        return cls.from_dict(hist.to_dict())


#: History's fields, and those of them that are per-epoch series.
_HISTORY_FIELDS = {f.name for f in fields(History)} - {"curves"}
_HISTORY_CURVES = {"loss", "penalty", "train_error", "test_error", "zero_fraction", "time"}
