"""The MNIST reproductions of the lecture and the forum (optimizer comparisons: :mod:`.optimizers`).

Each reproduction's configuration is one frozen settings dataclass (every field is part of the
cache key); its runner trains from it and returns rows and claims. Torch is imported inside the
runners only.

Lambda conventions: ``lam`` multiplies the sum over weights; the lecture's L1 table applies the
soft threshold ``min(lam, |w|)`` per step directly, which is ``L1(lam / lr).prox(w, step=lr)``.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, field

from .registry import Outcome, Reproduction, network_trained
from .results import Claim, History, Row


class Method:
    """The methods (row names) of this module's reproductions."""

    # the lecture's tables
    L2_LOSS = "l2-loss"
    L1_PROX = "l1-prox"
    # the forum's MLP
    NONE = "none"
    L1_ALL = "l1-loss-all-params"
    L1_WEIGHTS = "l1-loss-weights-only"
    L1_ALL_LARGE_BATCH = "l1-loss-all-params-batch-200"  # named for the default large_batch
    L2_WEIGHT_DECAY = "l2-weight-decay"
    AS_POSTED_NONE = "as-posted-none"
    AS_POSTED_L1 = "as-posted-l1-loss-all-params"

#: The lecture notes' errors (source 003): ``{lam: (train error, test error)}``.
LECTURE_L2 = {0.0: (0.0, 0.064), 0.001: (0.0, 0.063), 0.002: (0.0, 0.064),
              0.004: (0.005, 0.065), 0.01: (0.022, 0.075), 0.02: (0.048, 0.101)}
LECTURE_L1 = {0.0: (0.0, 0.064), 1e-5: (0.0, 0.063), 2e-5: (0.0, 0.067), 5e-5: (0.004, 0.068),
              1e-4: (0.087, 0.128), 2e-4: (0.057, 0.101), 5e-4: (0.496, 0.516)}
#: How close a row must come to the lecture's (test and train error) to count as reproduced.
LECTURE_TOLERANCE = 0.03


@dataclass(frozen=True)
class TrainSetup:
    """How one network is trained (the arguments of :func:`regviz.training.fit`)."""

    model: str
    epochs: int
    lr: float
    batch_size: int
    optimizer: str = "sgd"
    loss: str = "cross_entropy"
    shuffle: str = "every_epoch"
    dtype: str = "float32"

    def fit_kwargs(self) -> dict:
        """The keywords of ``fit`` this setup fixes."""
        return {"epochs": self.epochs, "lr": self.lr, "batch_size": self.batch_size,
                "optimizer": self.optimizer, "loss": self.loss, "shuffle": self.shuffle}


#: The convnet setup chosen for the lecture's tables (see docs and notebook 06).
FLEURET = TrainSetup(model="convnet", epochs=20, lr=0.05, batch_size=50, shuffle="once")
#: The forum's MLP and optimizer (its learning rate, batch size and epochs).
FORUM = TrainSetup(model="mlp", epochs=20, lr=0.01, batch_size=50)


@dataclass(frozen=True)
class FleuretSettings:
    """One of the lecture's tables: the convnet on 1,000 digits, one row per lambda.

    Each row is trained with ``seeds_per_row`` consecutive seeds: the row's numbers come from
    the first (``--seed``), the others show how far one run of the same setup can land.
    """

    penalty: str
    lambdas: tuple[float, ...]
    setup: TrainSetup = FLEURET
    seeds_per_row: int = 4
    params: str = "all"
    n_train_per_class: int = 100
    mnist_n_train: int | None = 1000
    histogram_range: tuple[float, float] = (-0.3, 0.3)


@dataclass
class FleuretRow(Row):
    """A row of the lecture's table: the lecture's errors beside ours, and every seed's."""

    lecture_test_error: float | None = None
    lecture_train_error: float | None = None
    gap_vs_lecture: float | None = None
    train_gap_vs_lecture: float | None = None
    test_error_seeds: list[float | None] = field(default_factory=list)
    train_error_seeds: list[float | None] = field(default_factory=list)
    zero_fraction_seeds: list[float | None] = field(default_factory=list)
    test_error_min: float | None = None
    test_error_max: float | None = None
    gap_to_seed_range: float | None = None


@dataclass(frozen=True)
class ForumSettings:
    """The forum's MLP: no penalty, L1 at the posted and a tenth of the posted lambda, L2."""

    setup: TrainSetup = FORUM
    lam: float = 0.01
    lam_small: float = 0.001
    weight_decay: float = 0.01
    large_batch: int = 200
    n_train_per_class: int = 400
    mnist_n_train: int | None = None


@dataclass
class ForumRow(Row):
    """A run of the forum's MLP; the L2 row also says SGD's ``weight_decay`` (``= 2 * lam``)."""

    weight_decay: float | None = None


def load_data(source: str, settings):
    """The MNIST split a reproduction trains on (``settings`` say how many digits)."""
    from regviz import data

    if source == "sample":
        return data.load_sample(n_train_per_class=settings.n_train_per_class)
    if source == "mnist":
        return data.load_mnist(n_train=settings.mnist_n_train)
    raise ValueError(f"source must be one of {data.SOURCES}, got {source!r}")


def _train(model_name, data, *, seed, **kw):
    from regviz.models import make_model
    from regviz.training import fit

    dtype = kw.pop("dtype", None)
    model = make_model(model_name, seed=seed)
    if dtype == "float64":
        model = model.double()
    kw.setdefault("evaluate", "last")
    hist = fit(model, data, seed=seed, progress=kw.pop("progress", False), **kw)
    network_trained()
    return model, hist


def gap_to_range(value: float, values) -> float:
    """Distance from ``value`` to the interval ``[min(values), max(values)]`` (0 inside it)."""
    lo, hi = min(values), max(values)
    return max(0.0, lo - value, value - hi)


def _last(values: list):
    return values[-1] if values else None


# --------------------------------------------------------------------------------------------
# The lecture's tables


def run_fleuret(settings: FleuretSettings, data, *, seed: int, progress: bool = False,
                device: str = "cpu", threads: int | None = None) -> Outcome:
    """Train every row of one of the lecture's tables with ``seeds_per_row`` seeds."""
    from regviz.penalties import L1, L2
    from regviz.training import Recording, Regularization

    s = settings
    table = LECTURE_L2 if s.penalty == "l2" else LECTURE_L1
    seeds = [seed + k for k in range(s.seeds_per_row)]
    rows = []
    for lam in s.lambdas:
        if s.penalty == "l2":
            reg = Regularization(L2(lam), "loss", params=s.params) if lam else None
            method = Method.L2_LOSS
        else:
            reg = Regularization(L1(lam / s.setup.lr), "prox", params=s.params) if lam else None
            method = Method.L1_PROX
        rec = Recording(params=s.params, histogram_epochs=(s.setup.epochs,),
                        histogram_range=s.histogram_range)
        hists = [
            _train(s.setup.model, data, seed=sd, regularization=reg, recording=rec,
                   progress=progress, device=device, threads=threads, **s.setup.fit_kwargs())[1]
            for sd in seeds
        ]
        lect_train, lect_test = table.get(lam, (None, None))
        first = History.of(hists[0])
        test, train = _last(first.test_error), _last(first.train_error)
        # a diverged run has no error: it counts as None and stays out of the range
        errs = [_last(h.test_error) for h in hists]
        finite = [e for e in errs if e is not None]
        rows.append(FleuretRow.from_history(
            method, lam, first, lecture_test_error=lect_test, lecture_train_error=lect_train,
            gap_vs_lecture=abs(test - lect_test) if None not in (test, lect_test) else None,
            train_gap_vs_lecture=(abs(train - lect_train)
                                  if None not in (train, lect_train) else None),
            test_error_seeds=errs,
            train_error_seeds=[_last(h.train_error) for h in hists],
            zero_fraction_seeds=[_last(h.zero_fraction) for h in hists],
            test_error_min=min(finite) if finite else None,
            test_error_max=max(finite) if finite else None,
            gap_to_seed_range=(gap_to_range(lect_test, finite)
                               if finite and lect_test is not None else None)))
    gaps = [r.gap_vs_lecture for r in rows if r.gap_vs_lecture is not None]
    ranged = [r.gap_to_seed_range for r in rows if r.gap_to_seed_range is not None]
    facts = {
        "seeds": seeds,
        "penalized": "all parameters" if s.params == "all" else "weights only",
        "l1_threshold_per_step": "lam (lecture), i.e. L1(lam/lr).prox(w, step=lr)",
        "max_gap_vs_lecture": max(gaps) if gaps else None,
        "max_gap_to_seed_range": max(ranged) if ranged else None,
    }
    return Outcome(rows, facts=facts)


def fleuret_claims(rows: list[FleuretRow], settings: FleuretSettings) -> list[Claim]:
    """The lecture's train and test error of every row, against ours (first seed).

    Claim ids: ``test-error-at-LAM`` and ``train-error-at-LAM`` (``LAM`` as ``f"{lam:g}"``).
    """
    name = "L2 in the loss" if settings.penalty == "l2" else "L1 as a proximal step"
    tol = LECTURE_TOLERANCE
    claims = []
    for r in rows:
        lo, hi = r.test_error_min, r.test_error_max
        spread = (f"Seeds {lo:.3f} to {hi:.3f}." if lo is not None else "")
        for kind, source_value, ours in (("test", r.lecture_test_error, r.test_error),
                                         ("train", r.lecture_train_error, r.train_error)):
            if source_value is None:
                continue
            why = ("One run is one draw: the lecture's value is within the tolerance of our "
                   "seeds' range." if kind == "test" and lo is not None
                   and lo - tol <= source_value <= hi + tol else
                   "Our setup (learning rate, batch, epochs are our assumptions; the lecture "
                   "gives none) lands elsewhere on this row.")
            claims.append(Claim.within(
                f"{name}, λ = {r.lam:g}: {kind} error {source_value:.3f}", "lecture",
                source_value, ours, tol=tol, note=spread if kind == "test" else "",
                why_not=why, id=f"{kind}-error-at-{r.lam:g}"))
    return claims


# --------------------------------------------------------------------------------------------
# The forum's MLP


@contextlib.contextmanager
def _torch_threads(threads: int | None):
    import torch

    old = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(old)


def train_as_posted(data, *, lam: float, setup: TrainSetup = FORUM, seed: int = 0,
                    device: str = "cpu", threads: int | None = None) -> History:
    """The forum's training loop as posted: L1 over every parameter, and no ``zero_grad``.

    ``loss += lam * sum(|p|)``, ``loss.backward()``, ``optimizer.step()``: without
    ``optimizer.zero_grad()`` each step's gradient is added to all the previous ones, so the
    step grows with the step count. Same data order, seeds and evaluation as ``fit``.
    """
    import torch
    from torch import nn

    from regviz.models import make_model

    dev = torch.device(device)
    x_tr = torch.as_tensor(data.x_train).to(dev)
    y_tr = torch.as_tensor(data.y_train).to(dev)
    model = make_model(setup.model, seed=seed).to(dev)
    opt = torch.optim.SGD(model.parameters(), lr=setup.lr, weight_decay=0.0)
    hist = History()
    gen = torch.Generator(device="cpu").manual_seed(seed)
    n = len(x_tr)
    l1 = lambda: sum(p.abs().sum() for p in model.parameters())  # noqa: E731
    with _torch_threads(threads), torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model.train()
        for epoch in range(1, setup.epochs + 1):
            perm = torch.randperm(n, generator=gen).to(dev)
            total, bad = 0.0, None
            for b in range(0, n, setup.batch_size):
                idx = perm[b:b + setup.batch_size]
                loss = nn.functional.cross_entropy(model(x_tr[idx]), y_tr[idx])
                if lam:
                    loss = loss + lam * l1()
                if not math.isfinite(loss.item()):
                    bad = f"loss became {loss.item()} at batch {b // setup.batch_size + 1}"
                    break
                total += loss.item() * len(idx)
                loss.backward()  # as posted: no optimizer.zero_grad()
                opt.step()
            if bad is None and not all(torch.isfinite(p).all() for p in model.parameters()):
                bad = "a weight became NaN or infinite"
            if bad is not None:
                hist.diverged_at_epoch, hist.cause = epoch, bad
                break
            hist.loss.append(total / n)
            with torch.no_grad():
                hist.penalty.append(float(lam * l1()))
                ws = torch.cat([p.flatten() for p in model.parameters()])
                hist.zero_fraction.append(float((ws == 0).double().mean()))
        if hist.diverged_at_epoch is None:
            from regviz.training import error_rate

            x_te, y_te = torch.as_tensor(data.x_test).to(dev), torch.as_tensor(data.y_test).to(dev)
            hist.train_error.append(error_rate(model, x_tr, y_tr))
            hist.test_error.append(error_rate(model, x_te, y_te))
    network_trained()
    return hist


def run_forum(settings: ForumSettings, data, *, seed: int, progress: bool = False,
              device: str = "cpu", threads: int | None = None) -> Outcome:
    """The forum's runs, corrected (``fit``) and as posted (no ``zero_grad``)."""
    from regviz.penalties import L1, L2
    from regviz.training import Regularization as Reg

    s = settings
    kw = {**s.setup.fit_kwargs(), "device": device, "threads": threads, "progress": progress}
    large = {**kw, "batch_size": s.large_batch}
    M = Method
    runs = [
        (M.NONE, 0.0, None, kw),
        (M.L1_ALL, s.lam, Reg(L1(s.lam), "loss", params="all"), kw),
        (M.L1_ALL, s.lam_small, Reg(L1(s.lam_small), "loss", params="all"), kw),
        (M.L1_WEIGHTS, s.lam, Reg(L1(s.lam), "loss", params="weights"), kw),
        (M.L1_WEIGHTS, s.lam_small, Reg(L1(s.lam_small), "loss", params="weights"), kw),
        (M.L1_ALL_LARGE_BATCH, s.lam, Reg(L1(s.lam), "loss", params="all"), large),
        # SGD's weight_decay = 2 * lam
        (M.L2_WEIGHT_DECAY, s.weight_decay / 2,
         Reg(L2(s.weight_decay / 2), "weight_decay", params="all"), kw),
    ]
    rows = []
    for method, lam, reg, train_kw in runs:
        _, hist = _train(s.setup.model, data, seed=seed, regularization=reg, **train_kw)
        wd = s.weight_decay if method == M.L2_WEIGHT_DECAY else None
        rows.append(ForumRow.from_history(method, lam, hist, weight_decay=wd))
    for lam in (0.0, s.lam):
        hist = train_as_posted(data, lam=lam, setup=s.setup, seed=seed, device=device,
                               threads=threads)
        rows.append(ForumRow.from_history(M.AS_POSTED_NONE if lam == 0 else M.AS_POSTED_L1,
                                          lam, hist))
    from regviz.models import make_model

    n_params = sum(p.numel() for p in make_model(s.setup.model).parameters())
    facts = {"l2_note": "l2-weight-decay row: lambda = weight_decay / 2",
             "as_posted_note": "as-posted-* rows: the forum's loop without optimizer.zero_grad()",
             "n_parameters": n_params}
    return Outcome(rows, facts=facts)


def _acc(row: Row | None) -> float | None:
    return None if row is None or row.test_error is None else round(1.0 - row.test_error, 4)


def forum_claims(rows: list[ForumRow], s: ForumSettings) -> list[Claim]:
    """The forum's numbers and remarks, against our runs (ids: :data:`FORUM_CLAIMS`)."""
    M = Method
    find = {(r.method, r.lam): r for r in rows}
    none, l2 = find.get((M.NONE, 0.0)), find.get((M.L2_WEIGHT_DECAY, s.weight_decay / 2))
    dead = find.get((M.L1_ALL, s.lam))
    small = find.get((M.L1_ALL, s.lam_small))
    wonly = find.get((M.L1_WEIGHTS, s.lam))
    big = find.get((M.L1_ALL_LARGE_BATCH, s.lam))
    posted = find.get((M.AS_POSTED_NONE, 0.0))
    posted_l1 = find.get((M.AS_POSTED_L1, s.lam))
    data = ("We train on 4,000 digits of the offline sample (the forum: full MNIST, "
            "5-fold splits), 20 epochs.")
    claims = [
        Claim.within("Without L1 or L2, test accuracy reaches 94%.", "forum", 0.94, _acc(none),
                     tol=0.03, note=data, id="no-penalty-94"),
        Claim.within("With L2 (SGD's weight_decay), accuracy reaches 96%.", "forum", 0.96,
                     _acc(l2), tol=0.03,
                     note=f"The forum does not give its weight_decay; we use {s.weight_decay:g} "
                          f"(its lan_l1 value).",
                     why_not="On our 4,000 digits L2 does not add 2 points over no penalty.",
                     id="l2-96"),
        Claim.within(f"L1 at λ = {s.lam:g} drops accuracy to 11%.", "forum", 0.11, _acc(dead),
                     tol=0.03, note="Chance is 10%: every weight is pulled to 0.",
                     id="l1-drops-to-11"),
    ]
    if posted_l1 is not None:
        claims.append(Claim.within(
            f"L1 at λ = {s.lam:g} drops accuracy to 11% (the loop as posted, no zero_grad).",
            "forum", 0.11, _acc(posted_l1), tol=0.03,
            note="The posted loop adds every step's gradient to all the previous ones.",
            why_not="The loop as posted does not give the forum's 11% either: another sign "
                    "that the forum's real loop called zero_grad.", id="as-posted-l1-drops-to-11"))
    recovered = _acc(small) is not None and _acc(none) is not None and \
        _acc(small) >= _acc(none) - 0.03
    claims.append(Claim.holds(
        f"Decreasing λ from {s.lam:g} to {s.lam_small:g} recovers normal accuracy.", "forum",
        "recovers", _acc(small), recovered,
        tolerance="accuracy at the small λ >= accuracy without penalty - 0.03",
        id="small-lambda-recovers"))
    posted_ok = posted is not None and posted.diverged_at_epoch is None and \
        _acc(posted) is not None and _acc(posted) >= 0.9
    claims.append(Claim.holds(
        "Is my implementation wrong? (the posted loop, without optimizer.zero_grad(), "
        "reaches 94% without penalty)", "forum", 0.94,
        _acc(posted) if posted is not None and posted.diverged_at_epoch is None else
        f"NaN in epoch {posted.diverged_at_epoch}" if posted is not None else None,
        posted_ok, tolerance="as-posted run without penalty finishes with accuracy >= 0.9",
        note="Gradients accumulate from step to step when zero_grad is left out.",
        why_not="The loop as posted does not train: the forum's real loop most likely had "
                "optimizer.zero_grad() and the paste lost it. Check that line first.",
        id="as-posted-trains"))
    better = _acc(big) is not None and _acc(dead) is not None and _acc(big) > _acc(dead) + 0.05
    claims.append(Claim.holds(
        "A larger batch size decreases L1's influence.", "forum", "decreases", _acc(big),
        better, tolerance=f"accuracy at batch {s.large_batch} > accuracy at batch "
                          f"{s.setup.batch_size} + 0.05 (λ = {s.lam:g}, same epochs)",
        note=f"Per step the pull on each weight is lr·λ = {s.setup.lr * s.lam:g} whatever the "
             f"batch; a {s.large_batch // s.setup.batch_size}× larger batch makes "
             f"{s.large_batch // s.setup.batch_size}× fewer steps per epoch, so less pull per "
             f"epoch.",
        why_not="Fewer steps per epoch were not enough to escape the collapse here.",
        id="larger-batch-helps"))
    claims.append(Claim.holds(
        "L1 kills the network because there are so many parameters whose sum is huge.",
        "forum", "the count", _acc(wonly), False,
        tolerance="the per-weight pull depends on the count of parameters",
        note=f"Each weight's gradient of λΣ|w| is λ·sign(w), whatever the count: the pull is "
             f"lr·λ = {s.setup.lr * s.lam:g} per step per weight. The sum is large, but no "
             f"weight feels the sum. Weights only (no biases) at λ = {s.lam:g}: accuracy "
             f"{_acc(wonly) if _acc(wonly) is not None else float('nan'):.3f}.",
        id="parameter-count-kills"))
    helps = _acc(wonly) is not None and _acc(dead) is not None and _acc(wonly) > _acc(dead) + 0.05
    claims.append(Claim.holds(
        "K. Frank: L1 on the weights only (not the biases) might do less harm.", "forum",
        "less harm", _acc(wonly), helps,
        tolerance=f"accuracy weights-only > all parameters + 0.05 at λ = {s.lam:g}",
        why_not=f"At λ = {s.lam:g} the weights themselves are pulled to 0: sparing the 410 "
                f"biases does not save the network.", id="weights-only-less-harm"))
    return claims


#: The ids of :func:`forum_claims`, in order (the as-posted one only when that run exists).
FORUM_CLAIMS = ("no-penalty-94", "l2-96", "l1-drops-to-11", "as-posted-l1-drops-to-11",
                "small-lambda-recovers", "as-posted-trains", "larger-batch-helps",
                "parameter-count-kills", "weights-only-less-harm")


# --------------------------------------------------------------------------------------------
# The reproductions of this module (found by the registry)


def _fleuret_networks(s: FleuretSettings) -> int:
    return len(s.lambdas) * s.seeds_per_row


def _forum_networks(s: ForumSettings) -> int:
    # no penalty; L1 at both lambdas on all parameters and on weights; a larger batch; L2;
    # then the loop as posted without penalty and with L1
    return 7 + 2


REPRODUCTIONS = (
    Reproduction(
        "fleuret-l2", FleuretSettings(penalty="l2", lambdas=tuple(LECTURE_L2)),
        runner=f"{__name__}:run_fleuret", data=f"{__name__}:load_data",
        claims=f"{__name__}:fleuret_claims", row_type=FleuretRow, networks=_fleuret_networks,
        reference=True, order=1,
        description="The lecture's convnet on 1,000 digits, λΣw² in the loss"),
    Reproduction(
        "fleuret-l1", FleuretSettings(penalty="l1", lambdas=tuple(LECTURE_L1)),
        runner=f"{__name__}:run_fleuret", data=f"{__name__}:load_data",
        claims=f"{__name__}:fleuret_claims", row_type=FleuretRow, networks=_fleuret_networks,
        reference=True, order=2,
        description="The lecture's convnet on 1,000 digits, L1 as a proximal step"),
    Reproduction(
        "forum-l1", ForumSettings(), runner=f"{__name__}:run_forum",
        data=f"{__name__}:load_data", claims=f"{__name__}:forum_claims",
        row_type=ForumRow, networks=_forum_networks, reference=True, order=3,
        description="The forum's MLP: L1 at 0.01 and 0.001, L2 weight_decay, the loop as posted"),
)


__all__ = ["FLEURET", "FORUM", "FORUM_CLAIMS", "FleuretRow", "FleuretSettings", "ForumRow",
           "ForumSettings", "LECTURE_L1", "LECTURE_L2", "Method", "REPRODUCTIONS", "TrainSetup",
           "load_data"]
