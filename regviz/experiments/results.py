"""Typed results of the reproductions and their one JSON codec (no torch).

A reproduction's :class:`Result` holds its configuration, one :class:`Row` per training run,
the :class:`Claim` list (each number or statement of the source, and whether we reproduce it)
and the :class:`Provenance` of the numbers (torch version, device, threads, date). The JSON
form is the one ``python -m regviz reproduce NAME --json`` prints: ``{"name", "source",
"config", "rows", "claims", "provenance"}``, every row with ``method``, ``lambda``,
``train_error``, ``test_error``, ``zero_fraction``, ``final_loss`` and ``diverged_at_epoch``
plus the reproduction's own keys. :meth:`Result.to_dict` and :meth:`Result.from_dict` are the
codec; nothing else reads or writes the JSON.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

__all__ = ["Claim", "History", "Provenance", "Result", "Row", "as_result"]

#: The row keys every reproduction fills (``lambda`` is :attr:`Row.lam` in Python).
ROW_KEYS = ("method", "lambda", "train_error", "test_error", "zero_fraction", "final_loss",
            "diverged_at_epoch")


def _finite(x: float | None) -> float | None:
    """``x``, or None when it is None, NaN or infinite (JSON has no NaN)."""
    return x if (x is None or math.isfinite(x)) else None


@dataclass
class History:
    """What training recorded for one run, one entry per completed epoch.

    The JSON form of :class:`regviz.training.History` (that one needs torch; this one does
    not). ``train_error`` / ``test_error`` hold only the last epoch when the run evaluated
    once; ``histograms`` maps an epoch to ``(counts, edges)`` of the penalized weights.
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

    def to_dict(self) -> dict:
        """JSON-ready dictionary (epochs of ``histograms`` as string keys)."""
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["histograms"] = {str(k): [list(map(float, c)), list(map(float, e))]
                           for k, (c, e) in self.histograms.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict) -> History:
        """Inverse of :meth:`to_dict`; also reads :meth:`regviz.training.History.to_dict`."""
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in known}
        kw["histograms"] = {int(k): (list(c), list(e))
                            for k, (c, e) in d.get("histograms", {}).items()}
        return cls(**kw)

    @classmethod
    def of(cls, hist: Any) -> History:
        """From any object with a ``to_dict()`` of this shape (``regviz.training.History``)."""
        return hist if isinstance(hist, cls) else cls.from_dict(hist.to_dict())


@dataclass
class Row:
    """One training run of a reproduction.

    Attributes
    ----------
    method : str
        How the run regularized (``"l2-loss"``, ``"l1-prox"``, ``"as-posted-none"``...).
    lam : float
        Its lambda (JSON key ``"lambda"``).
    train_error, test_error, zero_fraction, final_loss : float or None
        After the last epoch; None when the run diverged (or, for ``final_loss``, was not
        finite).
    diverged_at_epoch : int or None
        1-based epoch of the first NaN / infinity; ``cause`` says what diverged.
    history : History or None
        The per-epoch curves.
    extra : dict
        The reproduction's own values (``lecture_test_error``, ``max_abs_weight_diff``...),
        readable as attributes: ``row.lecture_test_error``.
    """

    method: str
    lam: float
    train_error: float | None = None
    test_error: float | None = None
    zero_fraction: float | None = None
    final_loss: float | None = None
    diverged_at_epoch: int | None = None
    cause: str | None = None
    history: History | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        # only called when normal lookup fails: the reproduction's own values
        if name.startswith("__") or name == "extra":
            raise AttributeError(name)
        try:
            return self.extra[name]
        except KeyError:
            raise AttributeError(
                f"row {self.method!r} has no value {name!r} (has {sorted(self.extra)})"
            ) from None

    def get(self, name: str, default: Any = None) -> Any:
        """The value ``name`` (a field or an extra, JSON key spelling), or ``default``."""
        try:
            return self[name]
        except KeyError:
            return default

    def __getitem__(self, key: str) -> Any:
        """JSON-key access (``row["lambda"]``), for code written against the JSON rows."""
        if key == "lambda":
            return self.lam
        if key == "history":
            return None if self.history is None else self.history.to_dict()
        if key in _ROW_FIELDS:
            return getattr(self, key)
        if key in self.extra:
            return self.extra[key]
        raise KeyError(key)

    def to_dict(self, *, history: bool = True) -> dict:
        """The JSON row: the common keys, ``cause`` when diverged, the extras, ``history``."""
        d = {"method": self.method, "lambda": self.lam, "train_error": self.train_error,
             "test_error": self.test_error, "zero_fraction": self.zero_fraction,
             "final_loss": _finite(self.final_loss), "diverged_at_epoch": self.diverged_at_epoch}
        if self.diverged_at_epoch is not None or self.cause is not None:
            d["cause"] = self.cause
        if history and self.history is not None:
            d["history"] = self.history.to_dict()
        d.update(self.extra)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Row:
        """Inverse of :meth:`to_dict`: unknown keys go to :attr:`extra`."""
        d = dict(d)
        hist = d.pop("history", None)
        kw = {"method": d.pop("method"), "lam": d.pop("lambda")}
        for name in ("train_error", "test_error", "zero_fraction", "final_loss",
                     "diverged_at_epoch", "cause"):
            kw[name] = d.pop(name, None)
        return cls(**kw, history=None if hist is None else History.from_dict(hist), extra=d)

    @classmethod
    def from_history(cls, method: str, lam: float, hist: Any, **extra: Any) -> Row:
        """A row from a training history: its last epoch's numbers, and the curves."""
        h = History.of(hist)
        last = lambda v: v[-1] if v else None  # noqa: E731  (a diverged run has no entry)
        return cls(method=method, lam=lam, train_error=last(h.train_error),
                   test_error=last(h.test_error), zero_fraction=last(h.zero_fraction),
                   final_loss=_finite(last(h.loss)), diverged_at_epoch=h.diverged_at_epoch,
                   cause=h.cause, history=h, extra=extra)


_ROW_FIELDS = {f for f in Row.__dataclass_fields__ if f not in ("lam", "extra", "history")}


@dataclass
class Claim:
    """One number or statement of a source, next to ours.

    Attributes
    ----------
    claim : str
        What the source says, in its words where possible.
    source : str
        Which source (``"lecture"``, ``"forum"``, ``"Q&A"``...).
    source_value : float, str or None
        The source's number (or statement).
    ours : float, str or None
        Our number (None when our run has none, e.g. it diverged).
    reproduced : bool
        Whether ours agrees within :attr:`tolerance`.
    tolerance : str
        The criterion, stated (``"|ours - source| <= 0.03"``).
    note : str
        Why it holds or, for a claim we do not reproduce, why not.
    """

    claim: str
    source: str
    source_value: Any
    ours: Any
    reproduced: bool
    tolerance: str
    note: str = ""

    @classmethod
    def within(cls, claim: str, source: str, source_value: float, ours: float | None, *,
               tol: float, note: str = "", why_not: str = "") -> Claim:
        """Reproduced when ``|ours - source_value| <= tol`` (never when ``ours`` is None).

        ``why_not`` is appended to ``note`` when the claim fails, so a failing claim stays
        listed with its reason.
        """
        if not tol >= 0:
            raise ValueError(f"tol must be >= 0, got {tol!r}")
        ok = ours is not None and math.isfinite(ours) and abs(ours - source_value) <= tol + 1e-12
        if ours is None:
            note = (note + " " if note else "") + "Our run has no value (it diverged)."
        elif not ok and why_not:
            note = (note + " " if note else "") + why_not
        return cls(claim, source, source_value, ours, bool(ok), f"|ours - source| <= {tol:g}",
                   note.strip())

    @classmethod
    def ratio(cls, claim: str, source: str, source_value: float, ours: float | None, *,
              factor: float, note: str = "", why_not: str = "") -> Claim:
        """Reproduced when ``ours`` is within a ``factor`` of ``source_value`` (both > 0)."""
        if not factor >= 1:
            raise ValueError(f"factor must be >= 1, got {factor!r}")
        ok = (ours is not None and math.isfinite(ours) and ours > 0
              and source_value / factor <= ours <= source_value * factor)
        if ours is None:
            note = (note + " " if note else "") + "Our run has no value (it diverged)."
        elif not ok and why_not:
            note = (note + " " if note else "") + why_not
        return cls(claim, source, source_value, ours, bool(ok),
                   f"source / {factor:g} <= ours <= source * {factor:g}", note.strip())

    @classmethod
    def holds(cls, claim: str, source: str, source_value: Any, ours: Any, ok: bool, *,
              tolerance: str, note: str = "", why_not: str = "") -> Claim:
        """A statement: reproduced when ``ok`` (the test is described by ``tolerance``)."""
        if not ok and why_not:
            note = (note + " " if note else "") + why_not
        return cls(claim, source, source_value, ours, bool(ok), tolerance, note.strip())

    def to_dict(self) -> dict:
        """JSON form: ``claim, source, source_value, ours, reproduced, tolerance, note``."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: dict) -> Claim:
        """Inverse of :meth:`to_dict`."""
        return cls(**{f.name: d.get(f.name, "") if f.name in ("tolerance", "note", "source")
                      else d[f.name] for f in fields(cls)})


@dataclass(frozen=True)
class Provenance:
    """Where the numbers of a result come from: what trained them, where, and when."""

    torch_version: str | None
    device: str
    threads: int | None
    date: str
    regviz_version: str
    python_version: str = ""

    def to_dict(self) -> dict:
        """JSON form."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: dict) -> Provenance:
        """Inverse of :meth:`to_dict`."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


@dataclass
class Result:
    """A reproduction: its configuration, rows, claims and provenance.

    Attributes
    ----------
    name : str
        The reproduction's name (``"fleuret-l2"``...).
    source : str
        The data source (``"sample"`` or ``"mnist"``).
    config : dict
        The reproduction's whole configuration as it ran (its settings, the seed, the data,
        the device and threads), plus the facts the run derived (``seeds``...).
    rows : list of Row
    claims : list of Claim
    provenance : Provenance or None
    key : str or None
        The configuration key it was stored under (see ``regviz.experiments.config_key``).
    """

    name: str
    source: str
    config: dict
    rows: list[Row]
    claims: list[Claim] = field(default_factory=list)
    provenance: Provenance | None = None
    key: str | None = None

    def __getitem__(self, key: str) -> Any:
        """JSON-key access (``result["rows"]``), for code written against the JSON result."""
        if key in ("name", "source", "config", "rows", "claims", "provenance"):
            return getattr(self, key)
        raise KeyError(key)

    def row(self, method: str, lam: float) -> Row:
        """The row of ``method`` at ``lam``.

        Raises
        ------
        ValueError
            If no row has that method and lambda.
        """
        for r in self.rows:
            if r.method == method and r.lam == lam:
                return r
        known = sorted({(r.method, r.lam) for r in self.rows})
        raise ValueError(f"no row with method={method!r} and lam={lam!r} in {self.name!r}; "
                         f"rows: {known}")

    def by_source(self) -> dict[str, tuple[int, int]]:
        """``{source: (reproduced, total)}`` over the claims."""
        out: dict[str, tuple[int, int]] = {}
        for c in self.claims:
            ok, n = out.get(c.source, (0, 0))
            out[c.source] = (ok + c.reproduced, n + 1)
        return out

    def to_dict(self, *, history: bool = True) -> dict:
        """The JSON form (``history=False`` leaves the per-epoch curves out)."""
        return {"name": self.name, "source": self.source, "config": self.config,
                "rows": [r.to_dict(history=history) for r in self.rows],
                "claims": [c.to_dict() for c in self.claims],
                "provenance": None if self.provenance is None else self.provenance.to_dict(),
                "key": self.key}

    @classmethod
    def from_dict(cls, d: dict) -> Result:
        """Inverse of :meth:`to_dict`; a result without claims or provenance reads too."""
        prov = d.get("provenance")
        return cls(name=d["name"], source=d.get("source", "sample"), config=dict(d["config"]),
                   rows=[Row.from_dict(r) for r in d["rows"]],
                   claims=[Claim.from_dict(c) for c in d.get("claims") or []],
                   provenance=None if prov is None else Provenance.from_dict(prov),
                   key=d.get("key"))


def as_result(result: Result | dict) -> Result:
    """``result`` itself, or a JSON-shaped dict decoded by :meth:`Result.from_dict`."""
    if isinstance(result, Result):
        return result
    if isinstance(result, dict):
        return Result.from_dict(result)
    raise ValueError(f"result must be a Result or its JSON dict, got {type(result).__name__}")
