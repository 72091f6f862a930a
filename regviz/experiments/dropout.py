"""``dropout-vs-l2``: the forum's MLP with its dropout off and on, crossed with its penalties.

The forum's network (source 004) has ``Dropout(0.3)`` after its first layer and
``Dropout(0.4)`` after its second, and its numbers (94% without penalty, 96% with L2, 11% with
L1 at λ = 0.01) were all measured with that dropout on; nobody in the thread says what dropout
did to them. This reproduction trains the same MLP on the same data and epochs as ``forum-l1``
(:class:`regviz.experiments.mnist.ForumSettings`), once with dropout off and once with the
forum's rates, with no penalty, L2 as SGD's ``weight_decay`` and L1 in the loss at the forum's
λ and a tenth of it. Torch is imported inside the runner only.
"""

from __future__ import annotations

from dataclasses import dataclass

from .mnist import FORUM, TrainSetup
from .registry import Outcome, Reproduction, network_trained
from .results import Claim, Row


class ClaimId:
    """The claims' ids (tests and notebook 10 find claims by these)."""

    FORUM_NONE = "forum-94-with-dropout"
    FORUM_L2 = "forum-96-l2-with-dropout"
    FORUM_L1 = "forum-11-l1-with-dropout"
    NARROWS_GAP = "dropout-narrows-gap"
    L1_COLLAPSE = "l1-collapses-without-dropout"
    L2_SMALL = "l2-small-either-way"
    L1_SMALL_RECOVERS = "l1-small-recovers-with-dropout"


class Method:
    """The rows' ``method`` names (the penalty; the dropout rates are the ``dropout`` column)."""

    NONE = "none"
    L2 = "l2-weight-decay"
    L1 = "l1-loss-all-params"


#: No dropout, and the forum's rates (after the first and the second hidden layer).
OFF: tuple[float, float] = (0.0, 0.0)
FORUM_DROPOUT: tuple[float, float] = (0.3, 0.4)
#: How close an accuracy must come to the forum's to count as reproduced (as in ``forum-l1``).
ACCURACY_TOLERANCE = 0.03


@dataclass(frozen=True)
class DropoutSettings:
    """The whole setup: the forum's MLP, optimizer and data size, dropout off / on × penalty.

    Attributes
    ----------
    setup : TrainSetup
        The forum's training (SGD, lr 0.01, batches of 50, 20 epochs), as ``forum-l1``.
    dropouts : tuple of (float, float)
        The dropout rates of the two hidden layers, one run per pair.
    weight_decay : float
        SGD's ``weight_decay`` of the L2 rows (``lam = weight_decay / 2``), as ``forum-l1``.
    l1_lambdas : tuple of float
        λ of L1 in the loss over all parameters: the forum's 0.01 and a tenth of it.
    n_train_per_class, mnist_n_train :
        The data, as ``forum-l1`` (4,000 digits of the offline sample).
    """

    setup: TrainSetup = FORUM
    dropouts: tuple[tuple[float, float], ...] = (OFF, FORUM_DROPOUT)
    weight_decay: float = 0.01
    l1_lambdas: tuple[float, ...] = (0.01, 0.001)
    n_train_per_class: int = 400
    mnist_n_train: int | None = None


@dataclass
class DropoutRow(Row):
    """A row of ``dropout-vs-l2``: the common columns, the dropout rates used, and for the L2
    rows SGD's ``weight_decay`` (``lam = weight_decay / 2``; None on the other rows).
    """  # noqa: D205

    dropout: tuple[float, float] = OFF
    weight_decay: float | None = None


def networks(settings: DropoutSettings) -> int:
    """How many networks :func:`run` trains: each dropout setting × (none, L2, each L1 λ)."""
    return len(settings.dropouts) * (2 + len(settings.l1_lambdas))


def _penalties(s: DropoutSettings):
    """``(method, lam, how)`` of every penalty, ``how`` the Regularization's mode (or None)."""
    yield Method.NONE, 0.0, None
    yield Method.L2, s.weight_decay / 2, "weight_decay"
    for lam in s.l1_lambdas:
        yield Method.L1, lam, "loss"


def _runs(s: DropoutSettings):
    from regviz.penalties import L1, L2
    from regviz.training import Regularization as Reg

    for method, lam, how in _penalties(s):
        pen = None if how is None else (L2(lam) if method == Method.L2 else L1(lam))
        yield method, lam, None if pen is None else Reg(pen, how, params="all")


def run(settings: DropoutSettings, data, *, seed: int, progress: bool = False,
        device: str = "cpu", threads: int | None = None) -> Outcome:
    """Train every (dropout, penalty) pair of ``settings`` once with ``seed``."""
    from regviz.models import make_model
    from regviz.training import fit

    s = settings
    kw = {**s.setup.fit_kwargs(), "device": device, "threads": threads, "progress": progress,
          "evaluate": "last"}
    rows = []
    for rates in s.dropouts:
        for method, lam, reg in _runs(s):
            model = make_model(s.setup.model, seed=seed, dropout=tuple(rates))
            hist = fit(model, data, seed=seed, regularization=reg, **kw)
            network_trained()  # the progress bar of `regviz figures` counts it
            wd = s.weight_decay if method == Method.L2 else None
            rows.append(DropoutRow.from_history(method, lam, hist, dropout=tuple(rates),
                                                weight_decay=wd))
    facts = {"l2_note": "l2-weight-decay rows: lambda = weight_decay / 2",
             "dropout_note": "dropout: the rates after the first and second hidden layer"}
    return Outcome(rows, facts=facts)


def _find(rows: list[Row], method: str, lam: float, rates: tuple[float, float]) -> Row | None:
    for r in rows:
        if r.method == method and r.lam == lam and tuple(r.dropout) == tuple(rates):
            return r
    return None


def _acc(row: Row | None) -> float | None:
    return None if row is None or row.test_error is None else round(1.0 - row.test_error, 4)


def _gap(row: Row | None) -> float | None:
    if row is None or row.test_error is None or row.train_error is None:
        return None
    return round(row.test_error - row.train_error, 4)


def claims(rows: list[Row], settings: DropoutSettings) -> list[Claim]:
    """The forum's numbers (all measured with its dropout on) and what dropout changes."""
    s = settings
    on, off = FORUM_DROPOUT, OFF
    lam2 = s.weight_decay / 2
    big, small = s.l1_lambdas[0], s.l1_lambdas[-1]
    got = {(m, lam, d): _find(rows, m, lam, d) for d in (on, off)
           for m, lam in ((Method.NONE, 0.0), (Method.L2, lam2), (Method.L1, big),
                          (Method.L1, small))}
    tol = ACCURACY_TOLERANCE
    data = "4,000 digits of the offline sample, 20 epochs, as forum-l1."
    out = [
        Claim.within("Without L1 or L2 (dropout 0.3 / 0.4 on), test accuracy reaches 94%.",
                     "forum", 0.94, _acc(got[Method.NONE, 0.0, on]), tol=tol, note=data,
                     id=ClaimId.FORUM_NONE),
        Claim.within("With L2 (dropout on), accuracy reaches 96%.", "forum", 0.96,
                     _acc(got[Method.L2, lam2, on]), tol=tol,
                     note=f"weight_decay {s.weight_decay:g}, as forum-l1.",
                     why_not="On our 4,000 digits L2 does not add 2 points over no penalty.",
                     id=ClaimId.FORUM_L2),
        Claim.within(f"L1 at λ = {big:g} (dropout on) drops accuracy to 11%.", "forum", 0.11,
                     _acc(got[Method.L1, big, on]), tol=tol, note="Chance is 10%.",
                     id=ClaimId.FORUM_L1),
    ]
    # what dropout changes: our own statements, judged on the rows
    none_on, none_off = got[Method.NONE, 0.0, on], got[Method.NONE, 0.0, off]
    gap_on, gap_off = _gap(none_on), _gap(none_off)
    narrows = gap_on is not None and gap_off is not None and gap_on < gap_off
    out.append(Claim.holds(
        "Dropout narrows the gap between test and training error (no penalty).", "regviz",
        "narrower", gap_on, narrows, tolerance="test - train error with dropout < without",
        note=f"Gap without dropout: {gap_off}.", id=ClaimId.NARROWS_GAP))
    dead_off, normal_off = _acc(got[Method.L1, big, off]), _acc(none_off)
    collapses = dead_off is not None and normal_off is not None and dead_off < normal_off - 0.5
    out.append(Claim.holds(
        f"The collapse under L1 at λ = {big:g} is L1's, not dropout's: without dropout the "
        "network collapses too.", "regviz", "collapses", dead_off, collapses,
        tolerance="accuracy with L1 and dropout off < accuracy without penalty (off) - 0.5",
        note=f"With dropout on: {_acc(got[Method.L1, big, on])}. Each weight's L1 pull lr·λ "
             f"per step does not depend on dropout.", id=ClaimId.L1_COLLAPSE))
    l2_gain = []
    for d in (off, on):
        plain, l2 = got[Method.NONE, 0.0, d], got[Method.L2, lam2, d]
        ok = None not in (plain, l2) and None not in (plain.test_error, l2.test_error)
        l2_gain.append(round(plain.test_error - l2.test_error, 4) if ok else None)
    out.append(Claim.holds(
        "L2 changes the test error by less than 1 point whether dropout is on or off.",
        "regviz", "< 0.01", l2_gain[1], all(g is not None and abs(g) < 0.01 for g in l2_gain),
        tolerance="|test error without penalty - with L2| < 0.01, dropout off and on",
        note=f"L2's gain in test error: {l2_gain[0]} without dropout, {l2_gain[1]} with it.",
        id=ClaimId.L2_SMALL))
    small_on = _acc(got[Method.L1, small, on])
    recovers = small_on is not None and _acc(none_on) is not None and \
        small_on >= _acc(none_on) - tol
    out.append(Claim.holds(
        f"Decreasing λ from {big:g} to {small:g} recovers normal accuracy (dropout on).",
        "forum", "recovers", small_on, recovers,
        tolerance="accuracy at the small λ >= accuracy without penalty - 0.03",
        id=ClaimId.L1_SMALL_RECOVERS))
    return out


def effects(rows: list[Row], settings: DropoutSettings | None = None) -> list[str]:
    """One sentence per penalty: what turning the forum's dropout on did to its test error."""
    s = DropoutSettings() if settings is None else settings
    names = {Method.NONE: "Without a penalty", Method.L2: "With L2 (weight_decay "
             f"{s.weight_decay:g})", Method.L1: "With L1 in the loss"}
    out = []
    for method, lam, _ in _penalties(s):
        off, on = _find(rows, method, lam, OFF), _find(rows, method, lam, FORUM_DROPOUT)
        if off is None or on is None or None in (off.test_error, on.test_error):
            continue
        label = names[method] + (f" at λ = {lam:g}" if method == Method.L1 else "")
        change = on.test_error - off.test_error
        verb = "lowered" if change < 0 else "raised" if change > 0 else "left"
        gap_off, gap_on = _gap(off), _gap(on)
        out.append(f"{label}, dropout {verb} the test error from {off.test_error:.3f} to "
                   f"{on.test_error:.3f} ({change:+.3f}); the gap between test and training "
                   f"error went from {gap_off:.3f} to {gap_on:.3f}.")
    return out


REPRODUCTIONS = (
    Reproduction(
        "dropout-vs-l2", DropoutSettings(), runner=f"{__name__}:run",
        data="regviz.experiments.mnist:load_data", claims=f"{__name__}:claims",
        row_type=DropoutRow, networks=networks, reference=True, order=3.5,
        description="The forum's MLP with its dropout (0.3 / 0.4) off and on, × no penalty, "
                    "L2 weight_decay, L1 at 0.01 and 0.001"),
)
