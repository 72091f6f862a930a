"""SGD's ``weight_decay`` against explicit L2, and Adam + L2 against AdamW, on the MNIST sample.

Two reproductions that train the lecture's convnet a few steps and compare the weights: K.
Frank's "explicit L2 is exactly weight_decay for plain SGD" (``sgd-weight-decay``, float64), and
the AdamW paper's "Adam + L2 is not AdamW" (``adam-vs-adamw``). Torch is imported inside the
runners only; the data and training helpers are :mod:`.mnist`'s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .mnist import TrainSetup, _torch_threads, _train
from .registry import Outcome, Reproduction
from .results import Claim, Row

__all__ = ["AdamRow", "AdamSettings", "Method", "REPRODUCTIONS", "WeightDecayRow",
           "WeightDecaySettings", "adam_claims", "run_adam", "run_sgd_weight_decay",
           "weight_decay_claims"]


class Method:
    """The methods (row names) of this module's reproductions."""

    # SGD's weight_decay, without and with momentum (named for the default momenta; the rows'
    # momentum column says which)
    SGD_PLAIN = "l2-loss-vs-sgd-weight-decay-momentum-0.0"
    SGD_MOMENTUM = "l2-loss-vs-sgd-weight-decay-momentum-0.9"
    # Adam + L2 against AdamW
    ADAM_L2 = "adam-l2-loss"
    ADAMW = "adamw-decoupled"


@dataclass(frozen=True)
class WeightDecaySettings:
    """Explicit ``lam * sum(w**2)`` against SGD's ``weight_decay = 2 * lam``, in float64."""

    setup: TrainSetup = TrainSetup(model="convnet", epochs=1, lr=0.05, batch_size=50,
                                   dtype="float64")
    momenta: tuple[float, ...] = (0.0, 0.9)
    lambdas: tuple[float, ...] = (0.001, 0.01)
    n_small: int = 500
    n_train_per_class: int = 100
    mnist_n_train: int | None = 1000


@dataclass
class WeightDecayRow(Row):
    """Explicit L2 (the row's numbers) against SGD's ``weight_decay``: the weights' distance."""

    momentum: float = 0.0
    weight_decay: float | None = None
    max_abs_weight_diff: float | None = None


@dataclass(frozen=True)
class AdamSettings:
    """Adam with ``lam * sum(w**2)`` in the loss against AdamW with ``weight_decay = 2 * lam``."""

    setup: TrainSetup = TrainSetup(model="convnet", epochs=2, lr=0.001, batch_size=50)
    lambdas: tuple[float, ...] = (0.001, 0.01)
    n_small: int = 500
    n_train_per_class: int = 100
    mnist_n_train: int | None = 1000


@dataclass
class AdamRow(Row):
    """Adam + L2 or AdamW: how much each shrinks the weights against Adam alone.

    ``shrink_low_grad`` / ``shrink_high_grad``: mean shrink of ``|w|`` over the quarter of the
    weights with the smallest / largest data-loss gradient; ``per_layer_shrink`` (Adam + L2
    rows): ``{layer: {"adam_l2_shrink", "adamw_shrink"}}``.
    """

    max_abs_weight_diff: float | None = None
    mean_shrink: float | None = None
    per_layer_shrink: dict[str, dict[str, float]] | None = None
    shrink_low_grad: float | None = None
    shrink_high_grad: float | None = None
    weight_decay: float | None = None


def _max_diff(m1, m2) -> float:
    pairs = zip(m1.parameters(), m2.parameters(), strict=True)
    return max((a - b).abs().max().item() for a, b in pairs)


def _small(data, n: int = 500):
    """Evenly spaced ``n`` training and ``n`` test digits (the split is sorted by class)."""
    tr = max(len(data.y_train) // n, 1)
    te = max(len(data.y_test) // n, 1)
    return (data.x_train[::tr][:n], data.y_train[::tr][:n],
            data.x_test[::te][:n], data.y_test[::te][:n])


def run_sgd_weight_decay(settings: WeightDecaySettings, data, *, seed: int,
                         progress: bool = False, device: str = "cpu",
                         threads: int | None = None) -> Outcome:
    """Explicit L2 in the loss vs SGD's ``weight_decay``: the weights after the same steps."""
    from regviz.penalties import L2
    from regviz.training import Regularization

    s = settings
    # float64, so that the comparison measures the algebra and not float32 rounding (in float32
    # the two orders of summation drift apart by a float32 rounding step or so, 3e-8 measured
    # after these 10 momentum steps: tests/test_notebook_claims.py).
    small = tuple(a.astype(s.setup.dtype) if a.dtype.kind == "f" else a
                  for a in _small(data, s.n_small))
    kw = {"epochs": s.setup.epochs, "lr": s.setup.lr, "batch_size": s.setup.batch_size,
          "dtype": s.setup.dtype, "device": device, "threads": threads, "progress": progress}
    rows = []
    for momentum in s.momenta:
        for lam in s.lambdas:
            m1, h1 = _train(s.setup.model, small, seed=seed, momentum=momentum,
                            regularization=Regularization(L2(lam), "loss", params="all"), **kw)
            m2, _ = _train(s.setup.model, small, seed=seed, momentum=momentum,  # wd = 2 * lam
                           regularization=Regularization(L2(lam), "weight_decay", params="all"),
                           **kw)
            method = Method.SGD_PLAIN if momentum == 0 else Method.SGD_MOMENTUM
            rows.append(WeightDecayRow.from_history(
                method, lam, h1, momentum=momentum, weight_decay=2 * lam,
                max_abs_weight_diff=_max_diff(m1, m2)))
    return Outcome(rows, facts={"n_train": s.n_small})


def weight_decay_claims(rows: list[WeightDecayRow], settings: WeightDecaySettings) -> list[Claim]:
    """K. Frank's "explicit L2 equals weight_decay for plain SGD", on the weights."""
    plain = [r.max_abs_weight_diff for r in rows if r.momentum == 0]
    heavy = [r.max_abs_weight_diff for r in rows if r.momentum != 0]
    claims = [Claim.holds(
        "K. Frank: an explicit L2 penalty is exactly equivalent to weight_decay for plain SGD.",
        "forum", "equal", max(plain), max(plain) <= 1e-10,
        tolerance="largest weight difference <= 1e-10 (float64) with lambda*sum(w**2) in the "
                  "loss and weight_decay = 2*lambda",
        note="Equal up to float64 rounding.", id="sgd-l2-is-weight-decay")]
    if heavy:
        claims.append(Claim.holds(
            "... and with momentum too (beyond what the forum says).", "regviz", "equal",
            max(heavy), max(heavy) <= 1e-10, tolerance="largest weight difference <= 1e-10",
            id="momentum-l2-is-weight-decay"))
    return claims


def run_adam(settings: AdamSettings, data, *, seed: int, progress: bool = False,
             device: str = "cpu", threads: int | None = None) -> Outcome:
    """Adam with L2 in the loss vs AdamW: which weights each one shrinks."""
    import torch

    from regviz.penalties import L2
    from regviz.training import Recording, Regularization

    s = settings
    small = _small(data, s.n_small)
    kw = {"epochs": s.setup.epochs, "lr": s.setup.lr, "batch_size": s.setup.batch_size,
          "recording": Recording(params="all"), "device": device, "threads": threads,
          "progress": progress}
    rows = []
    with _torch_threads(threads):
        for lam in s.lambdas:
            m1, h1 = _train(s.setup.model, small, seed=seed, optimizer="adam",
                            regularization=Regularization(L2(lam), "loss", params="all"), **kw)
            m2, h2 = _train(s.setup.model, small, seed=seed, optimizer="adamw",  # wd = 2 * lam
                            regularization=Regularization(L2(lam), "decoupled", params="all"),
                            **kw)
            m0, _ = _train(s.setup.model, small, seed=seed, optimizer="adam", **kw)
            m0, m1, m2 = m0.cpu(), m1.cpu(), m2.cpu()
            flat = lambda m: torch.cat([p.detach().flatten() for p in m.parameters()])  # noqa: E731
            w0, w1, w2 = flat(m0), flat(m1), flat(m2)
            per_layer = {}
            triples = zip(m0.named_parameters(), m1.parameters(), m2.parameters(), strict=True)
            for (name, p0), p1, p2 in triples:
                p0, p1, p2 = p0.detach(), p1.detach(), p2.detach()
                per_layer[name] = {"adam_l2_shrink": float((p0.abs() - p1.abs()).mean()),
                                   "adamw_shrink": float((p0.abs() - p2.abs()).mean())}
            # Gradient magnitude of the data loss per weight (unpenalized model): Adam's v
            # tracks its square. Mean shrink of |w| in the top and bottom quartiles.
            m0.zero_grad()
            xs, ys = torch.as_tensor(small[0]), torch.as_tensor(small[1])
            torch.nn.functional.cross_entropy(m0(xs), ys).backward()
            g = torch.cat([p.grad.flatten() for p in m0.parameters()]).abs()
            lo, hi = g <= g.quantile(0.25), g >= g.quantile(0.75)
            rel = lambda w, mask, w0=w0: float((w0.abs() - w.abs())[mask].mean())  # noqa: E731
            diff = _max_diff(m1, m2)
            rows.append(AdamRow.from_history(
                Method.ADAM_L2, lam, h1, max_abs_weight_diff=diff,
                mean_shrink=float((w0.abs() - w1.abs()).mean()), per_layer_shrink=per_layer,
                shrink_low_grad=rel(w1, lo), shrink_high_grad=rel(w1, hi)))
            rows.append(AdamRow.from_history(
                Method.ADAMW, lam, h2, weight_decay=2 * lam, max_abs_weight_diff=diff,
                mean_shrink=float((w0.abs() - w2.abs()).mean()),
                shrink_low_grad=rel(w2, lo), shrink_high_grad=rel(w2, hi)))
    return Outcome(rows, facts={
        "n_train": s.n_small,
        "note": "Adam + L2 divides the decay 2*lam*w by sqrt(v): weights with large gradient "
                "second moments are decayed less; AdamW decays every weight by lr*wd*w."})


def adam_claims(rows: list[AdamRow], settings: AdamSettings | None = None) -> list[Claim]:
    """Adam + L2 is not AdamW, and decays the weights with large gradients less.

    Claim ids: ``adam-l2-not-adamw-at-LAM``, ``adam-l2-spares-large-gradients-at-LAM``,
    ``adamw-decays-alike-at-LAM`` (``LAM`` as ``f"{lam:g}"``).
    """
    src = "AdamW paper"
    claims = []
    for r in rows:
        if r.method == Method.ADAM_L2:
            claims.append(Claim.holds(
                f"Adam with L2 in the loss is not AdamW (λ = {r.lam:g}).", src, "different",
                r.max_abs_weight_diff, r.max_abs_weight_diff > 1e-3,
                tolerance="largest weight difference > 1e-3 after the same steps",
                id=f"adam-l2-not-adamw-at-{r.lam:g}"))
            ratio = r.shrink_low_grad / r.shrink_high_grad if r.shrink_high_grad else math.inf
            claims.append(Claim.holds(
                f"Adam + L2 decays weights with large gradients less (λ = {r.lam:g}).", src,
                "less", ratio, ratio > 3,
                tolerance="shrink of the lowest-gradient quarter > 3 × the highest quarter's",
                id=f"adam-l2-spares-large-gradients-at-{r.lam:g}"))
        elif r.method == Method.ADAMW:
            ratio = r.shrink_low_grad / r.shrink_high_grad if r.shrink_high_grad else math.inf
            claims.append(Claim.holds(
                f"AdamW decays every weight alike (λ = {r.lam:g}).", src, "alike", ratio,
                0.5 < ratio < 2, tolerance="0.5 < shrink ratio (low / high gradient) < 2",
                id=f"adamw-decays-alike-at-{r.lam:g}"))
    return claims


def _weight_decay_networks(s: WeightDecaySettings) -> int:
    return 2 * len(s.momenta) * len(s.lambdas)  # L2 in the loss, SGD's weight_decay


def _adam_networks(s: AdamSettings) -> int:
    return 3 * len(s.lambdas)  # Adam + L2, AdamW, Adam alone


_MNIST = "regviz.experiments.mnist"
REPRODUCTIONS = (
    Reproduction(
        "sgd-weight-decay", WeightDecaySettings(), runner=f"{__name__}:run_sgd_weight_decay",
        data=f"{_MNIST}:load_data", claims=f"{__name__}:weight_decay_claims",
        row_type=WeightDecayRow, networks=_weight_decay_networks, reference=True, order=5,
        description="Explicit λΣw² in the loss against SGD's weight_decay = 2λ"),
    Reproduction(
        "adam-vs-adamw", AdamSettings(), runner=f"{__name__}:run_adam",
        data=f"{_MNIST}:load_data", claims=f"{__name__}:adam_claims",
        row_type=AdamRow, networks=_adam_networks, reference=True, order=6,
        description="Adam with λΣw² in the loss against AdamW"),
)
