"""What training records, as plain data (NumPy only, no torch): :class:`Recording` says what
to record, each epoch gives an :class:`EpochRecord`, a run's :class:`History` collects them.

:mod:`regviz.training` trains and re-exports these; :class:`regviz.experiments.History` is the
stored (JSON) form of a :class:`History` (``History.of(hist)``).
"""  # noqa: D205

from __future__ import annotations

from dataclasses import asdict, dataclass, field

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
    r"""What ``fit`` recorded, one entry per completed epoch.

    Attributes
    ----------
    loss : list of float
        Mean training objective (data loss + penalty in the loss) over the epoch's batches.
    penalty : list of float
        Penalty value :math:`\sum_W` ``penalty.total(w)`` at the end of the epoch (0 without
        one, and when the optimizer applies it as weight decay).
    train_error, test_error : list of float
        Fraction misclassified at the end of the epoch (only the evaluated epochs).
    zero_fraction : list of float
        Fraction of recorded entries that are exactly 0.
    time : list of float
        Wall-clock seconds of the epoch's training.
    histograms : dict
        ``{epoch: (counts, edges)}`` of the recorded weights at the epochs asked for.
    diverged_at_epoch : int or None
        1-based epoch at which the loss or a weight became NaN / infinite.
    cause : str or None
        What diverged.
    """

    loss: list = field(default_factory=list)
    penalty: list = field(default_factory=list)
    train_error: list = field(default_factory=list)
    test_error: list = field(default_factory=list)
    zero_fraction: list = field(default_factory=list)
    time: list = field(default_factory=list)
    histograms: dict = field(default_factory=dict)
    diverged_at_epoch: int | None = None
    cause: str | None = None

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

    def to_dict(self) -> dict:
        """JSON-ready dictionary (histogram arrays as lists, epochs as string keys)."""
        d = asdict(self)
        d["histograms"] = {
            str(k): [np.asarray(c).tolist(), np.asarray(e).tolist()]
            for k, (c, e) in self.histograms.items()
        }
        return d

    @classmethod
    def from_dict(cls, d: dict) -> History:
        """Inverse of :meth:`to_dict`."""
        d = dict(d)
        d["histograms"] = {
            int(k): (np.asarray(c), np.asarray(e)) for k, (c, e) in d["histograms"].items()
        }
        return cls(**d)
