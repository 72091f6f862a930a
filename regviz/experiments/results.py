"""Typed results of the reproductions and their one JSON codec (no torch).

A reproduction's :class:`Result` holds its configuration, one :class:`Row` per training run,
the :class:`Claim` list (each number or statement of the source, and whether we reproduce it)
and the :class:`Provenance` of the numbers (torch version, device, threads, date). The JSON
form is the one ``python -m regviz reproduce NAME --json`` prints: ``{"name", "source",
"config", "rows", "claims", "provenance"}``, every row with ``method``, ``lambda``,
``train_error``, ``test_error``, ``zero_fraction``, ``final_loss`` and ``diverged_at_epoch``
plus the reproduction's own keys. :meth:`Result.to_dict` and :meth:`Result.from_dict` are the
codec; nothing else reads or writes the JSON. A row's per-epoch :class:`History` is the one
history type of :mod:`regviz.training_records` (re-exported here).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import typing
from dataclasses import dataclass, field, fields
from typing import Any

from regviz.training_records import History

__all__ = ["Claim", "History", "Provenance", "Result", "Row"]

#: The row keys every reproduction fills (``lambda`` is :attr:`Row.lam` in Python).
ROW_KEYS = ("method", "lambda", "train_error", "test_error", "zero_fraction", "final_loss",
            "diverged_at_epoch")


def _finite(x: float | None) -> float | None:
    """``x``, or None when it is None, NaN or infinite (JSON has no NaN)."""
    return x if (x is None or math.isfinite(x)) else None


@dataclass
class Row:
    """One training run of a reproduction.

    A reproduction with columns of its own subclasses it (a dataclass whose extra fields all
    have defaults); :meth:`to_dict` writes those fields as JSON keys after the common ones, and
    :meth:`from_dict` called on the subclass reads them back.

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
        Values of a stored row that its row type has no field for (a result written by another
        version); kept so that writing the row back loses nothing, never read as attributes.
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

    def to_dict(self, *, history: bool = True) -> dict:
        """The JSON row: the common keys, ``cause`` when diverged, ``history``, then the row
        type's own fields and any :attr:`extra`.
        """  # noqa: D205
        d = {"method": self.method, "lambda": self.lam, "train_error": self.train_error,
             "test_error": self.test_error, "zero_fraction": self.zero_fraction,
             "final_loss": _finite(self.final_loss), "diverged_at_epoch": self.diverged_at_epoch}
        if self.diverged_at_epoch is not None or self.cause is not None:
            d["cause"] = self.cause
        if history and self.history is not None:
            d["history"] = self.history.to_dict()
        for name in _own_fields(type(self)):
            value = getattr(self, name)
            d[name] = list(value) if isinstance(value, tuple) else value
        d.update(self.extra)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Row:
        """Inverse of :meth:`to_dict` for this row type: keys it has no field for go to
        :attr:`extra`.
        """  # noqa: D205
        d = dict(d)
        hist = d.pop("history", None)
        kw = {"method": d.pop("method"), "lam": d.pop("lambda")}
        for name in ("train_error", "test_error", "zero_fraction", "final_loss",
                     "diverged_at_epoch", "cause"):
            kw[name] = d.pop(name, None)
        own = _own_fields(cls)
        for name, is_tuple in own.items():
            if name in d:
                value = d.pop(name)
                kw[name] = tuple(value) if is_tuple and isinstance(value, list) else value
        return cls(**kw, history=None if hist is None else History.from_dict(hist), extra=d)

    @classmethod
    def from_history(cls, method: str, lam: float, hist: Any, **values: Any) -> Row:
        """A row from a training history: its last epoch's numbers, the curves, and
        ``values`` for the row type's own fields.

        Raises
        ------
        ValueError
            If a value has no field in this row type.
        """  # noqa: D205
        h = History.of(hist)
        last = lambda v: v[-1] if v else None  # noqa: E731  (a diverged run has no entry)
        unknown = sorted(set(values) - set(_own_fields(cls)))
        if unknown:
            raise ValueError(f"values must be fields of {cls.__name__} "
                             f"({list(_own_fields(cls))}), got {unknown}")
        return cls(method=method, lam=lam, train_error=last(h.train_error),
                   test_error=last(h.test_error), zero_fraction=last(h.zero_fraction),
                   final_loss=_finite(last(h.loss)), diverged_at_epoch=h.diverged_at_epoch,
                   cause=h.cause, history=h, **values)


@functools.cache
def _own_fields(cls: type) -> dict[str, bool]:
    """The fields a row type adds to :class:`Row`, in order, each with "is it a tuple"."""
    if not dataclasses.is_dataclass(cls) or not issubclass(cls, Row):
        raise ValueError(f"row_type must be a dataclass subclass of Row, got {cls!r}")
    base = {f.name for f in fields(Row)}
    return {f.name: _is_tuple(f) for f in fields(cls) if f.name not in base}


def _is_tuple(f: dataclasses.Field) -> bool:
    hint = f.type
    if isinstance(hint, str):
        return hint.replace(" ", "").startswith(("tuple[", "tuple|")) or hint == "tuple"
    return hint is tuple or typing.get_origin(hint) is tuple




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
    id : str
        A short stable identifier (``"l1-kills-at-0.01"``) by which tests and notebooks find
        the claim (:meth:`Result.claim`); the sentence may be reworded, the id stays.
    """

    claim: str
    source: str
    source_value: Any
    ours: Any
    reproduced: bool
    tolerance: str
    note: str = ""
    id: str = ""

    @classmethod
    def within(cls, claim: str, source: str, source_value: float, ours: float | None, *,
               tol: float, note: str = "", why_not: str = "", id: str = "") -> Claim:  # noqa: A002
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
                   note.strip(), id)

    @classmethod
    def ratio(cls, claim: str, source: str, source_value: float, ours: float | None, *,
              factor: float, note: str = "", why_not: str = "", id: str = "") -> Claim:  # noqa: A002
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
                   f"source / {factor:g} <= ours <= source * {factor:g}", note.strip(), id)

    @classmethod
    def holds(cls, claim: str, source: str, source_value: Any, ours: Any, ok: bool, *,
              tolerance: str, note: str = "", why_not: str = "", id: str = "") -> Claim:  # noqa: A002
        """A statement: reproduced when ``ok`` (the test is described by ``tolerance``)."""
        if not ok and why_not:
            note = (note + " " if note else "") + why_not
        return cls(claim, source, source_value, ours, bool(ok), tolerance, note.strip(), id)

    def to_dict(self) -> dict:
        """JSON form: ``id, claim, source, source_value, ours, reproduced, tolerance, note``."""
        return {"id": self.id, **{f.name: getattr(self, f.name) for f in fields(self)
                                  if f.name != "id"}}

    @classmethod
    def from_dict(cls, d: dict) -> Claim:
        """Inverse of :meth:`to_dict` (a claim stored without ``id`` reads with ``""``)."""
        optional = ("tolerance", "note", "source", "id")
        return cls(**{f.name: d.get(f.name, "") if f.name in optional else d[f.name]
                      for f in fields(cls)})


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

    def rows_of(self, method: str) -> list[Row]:
        """The rows of ``method``, in order (empty when there are none)."""
        return [r for r in self.rows if r.method == method]

    def column(self, name: str, method: str | None = None) -> list[Any]:
        """The attribute ``name`` of every row (of ``method`` only, when given), in order.

        Raises
        ------
        ValueError
            If the rows have no attribute ``name``.
        """
        rows = self.rows if method is None else self.rows_of(method)
        try:
            return [getattr(r, name) for r in rows]
        except AttributeError:
            raise ValueError(f"name must be an attribute of the rows of {self.name!r}, got "
                             f"{name!r}") from None

    def claim(self, id: str) -> Claim:  # noqa: A002
        """The claim whose :attr:`Claim.id` is ``id``.

        Raises
        ------
        ValueError
            If no claim has that id.
        """
        for c in self.claims:
            if c.id == id:
                return c
        raise ValueError(f"id must be one of {[c.id for c in self.claims]}, got {id!r}")

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
        row_type = _row_type(d["name"])
        return cls(name=d["name"], source=d.get("source", "sample"), config=dict(d["config"]),
                   rows=[row_type.from_dict(r) for r in d["rows"]],
                   claims=[Claim.from_dict(c) for c in d.get("claims") or []],
                   provenance=None if prov is None else Provenance.from_dict(prov),
                   key=d.get("key"))


def _row_type(name: str) -> type[Row]:
    """The row type the registry declares for reproduction ``name`` (:class:`Row` if none)."""
    from . import registry

    return registry.row_type_of(name)
