r"""Weight decay on a layer followed by BatchNorm: it sets the angular update, not the size.

A linear layer followed by BatchNorm computes the same function for ``W`` and ``c*W`` (c > 0):
the loss is scale invariant, so its gradient is orthogonal to ``W`` and shrinks like
``1/||W||``. Plain SGD then only lets the norm grow (each step adds a vector orthogonal to
``W``). With torch-style weight decay ``wd`` (``grad + wd*W``) and momentum ``mu``, the norm
settles where decay and gradient balance, and the angle between ``W_t`` and ``W_{t+1}`` tends to

.. math:: \Delta\theta = \sqrt{\frac{2\,\eta\,\lambda}{1 + \mu}}

(van Laarhoven 2017; Wan et al. 2021, "Spherical motion dynamics"), whatever the gradient's
size: the balance is between squared norms, so the prediction is for the root mean square of
the angle, which is what :func:`run` reports as ``angular_update`` (the plain mean is beside
it: it is lower when the gradient's size varies from batch to batch).

The network: ``Linear(784, hidden, bias=False) -> BatchNorm1d -> ReLU -> Linear(hidden, 10)``
on the 1,000 training digits, batches of 50. ``lambda`` in the rows is torch's
``weight_decay``; regviz's ``lam`` (``lam*sum(w**2)`` in the loss) is half of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from regviz.normalization import predicted_angular_update, relaxation_steps

from .registry import Outcome, Reproduction, network_trained
from .results import Claim, History, Row

SOURCE = "Wan et al. 2021"
#: A measured angular update counts as the prediction within this relative error.
TOLERANCE = 0.25


class Method:
    """The runs' method names."""

    SGD = "sgd"  # momentum ``settings.momentum``, weights decayed, norm parameters not
    SGD_PLAIN = "sgd-no-momentum"
    NO_DECAY = "sgd-no-decay"
    DECAY_ALL = "sgd-decay-all"  # also BatchNorm's gains and biases and the last bias
    BEFORE_EQUILIBRIUM = "sgd-before-equilibrium"  # a budget shorter than the relaxation


PENALIZED = (Method.SGD, Method.SGD_PLAIN, Method.DECAY_ALL)


@dataclass(frozen=True)
class NormalizedSettings:
    """The whole setup of ``normalized-decay``.

    Attributes
    ----------
    hidden : int
        Units of the layer followed by BatchNorm.
    batch_size, steps, window :
        Batches of 50, 4,000 SGD steps (200 epochs of the 1,000 digits); the angular update is
        measured over the last ``window`` steps.
    momentum : float
        Momentum of the main runs (``sgd`` rows).
    runs : tuple of (lr, weight_decay)
        The main runs, with ``momentum``.
    plain_runs : tuple of (lr, weight_decay)
        Runs without momentum.
    no_decay_runs : tuple of (lr, momentum)
        Runs without weight decay: the norm only grows.
    decay_all_run : (lr, weight_decay)
        With ``momentum``: decay every parameter (BatchNorm's gains and biases too), beside the
        main run of the same lr and weight decay that decays the weights only.
    slow_run : (lr, weight_decay)
        Without momentum, with ``1/(2*lr*wd)`` longer than the budget: not at equilibrium.
    n_train_per_class, mnist_n_train :
        Training digits (the sample: per class; full MNIST: how many).
    """

    hidden: int = 100
    batch_size: int = 50
    steps: int = 4000
    window: int = 1000
    momentum: float = 0.9
    runs: tuple[tuple[float, float], ...] = ((0.05, 0.01), (0.05, 0.005), (0.02, 0.01))
    plain_runs: tuple[tuple[float, float], ...] = ((0.1, 0.01), (0.2, 0.01), (0.1, 0.005))
    no_decay_runs: tuple[tuple[float, float], ...] = ((0.1, 0.0), (0.05, 0.9))
    decay_all_run: tuple[float, float] = (0.05, 0.01)
    slow_run: tuple[float, float] = (0.1, 0.0005)
    n_train_per_class: int = 100
    mnist_n_train: int | None = 1000


@dataclass
class NormalizedRow(Row):
    r"""One run: ``lam`` is torch's ``weight_decay``.

    Attributes
    ----------
    lr, momentum : float
        The SGD step.
    decayed : str
        ``"weights"`` (the two weight matrices) or ``"all"`` (every parameter).
    angular_update : float
        Root mean square over the last ``window`` steps of the angle (radians) between the
        BatchNorm layer's weight before and after a step.
    mean_angular_update : float
        The plain mean of the same angles.
    predicted_angular_update : float
        :math:`\sqrt{2\,lr\,\lambda / (1 + \mu)}` (0 without decay).
    weight_norm : float
        The BatchNorm layer's ``||W||`` at the end (per epoch in ``history.curves``).
    equilibrium_steps : float or None
        :math:`(1 - \mu) / (2\,lr\,\lambda)`, the time scale of the norm's approach (None
        without decay).
    gain_mean : float
        Mean BatchNorm gain at the end.
    """

    lr: float = 0.0
    momentum: float = 0.0
    decayed: str = "weights"
    angular_update: float | None = None
    mean_angular_update: float | None = None
    predicted_angular_update: float = 0.0
    weight_norm: float | None = None
    equilibrium_steps: float | None = None
    gain_mean: float | None = None

    @property
    def ratio(self) -> float | None:
        """Measured over predicted angular update (None without a prediction)."""
        if not self.predicted_angular_update or self.angular_update is None:
            return None
        return self.angular_update / self.predicted_angular_update


def make_net(hidden: int, *, seed: int):
    """``Linear(784, hidden, bias=False) -> BatchNorm1d -> ReLU -> Linear(hidden, 10)``."""
    import torch
    from torch import nn

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return nn.Sequential(nn.Flatten(), nn.Linear(784, hidden, bias=False),
                             nn.BatchNorm1d(hidden), nn.ReLU(), nn.Linear(hidden, 10))


def scale_invariance(hidden: int, data, *, seed: int, factor: float = 10.0) -> dict:
    """Loss and gradient of a fresh network at ``W`` and ``factor * W`` on one batch.

    Returns the relative change of the loss, ``|cos(grad, W)|`` and the gradient-norm ratio
    ``||g(cW)|| * c / ||g(W)||`` (1 when the gradient shrinks like ``1/||W||``), in float64.
    """
    import torch

    net = make_net(hidden, seed=seed).double().train()
    x = torch.as_tensor(data.x_train[:200], dtype=torch.float64)
    y = torch.as_tensor(data.y_train[:200])
    w = net[1].weight

    def loss_grad():
        net.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        return loss.item(), w.grad.detach().clone()

    loss1, g1 = loss_grad()
    cos = float((g1 * w.detach()).sum() / (g1.norm() * w.detach().norm()))
    with torch.no_grad():
        w.mul_(factor)
    loss2, g2 = loss_grad()
    return {"factor": factor, "loss": loss1, "loss_scaled": loss2,
            "relative_loss_change": abs(loss2 - loss1) / loss1, "grad_cosine": abs(cos),
            "grad_norm_ratio": float(g2.norm() * factor / g1.norm())}


def _train(s: NormalizedSettings, data, method: str, lr: float, wd: float, momentum: float, *,
           decay_all: bool, seed: int) -> NormalizedRow:
    import numpy as np
    import torch

    net = make_net(s.hidden, seed=seed)
    w = net[1].weight
    weights = [w, net[4].weight]
    others = [p for p in net.parameters() if all(p is not q for q in weights)]
    groups = ([{"params": list(net.parameters()), "weight_decay": wd}] if decay_all else
              [{"params": weights, "weight_decay": wd}, {"params": others, "weight_decay": 0.0}])
    opt = torch.optim.SGD(groups, lr=lr, momentum=momentum)
    x = torch.as_tensor(data.x_train)
    y = torch.as_tensor(data.y_train)
    n = len(y)
    gen = torch.Generator().manual_seed(seed)
    angles = np.empty(s.steps)
    norms, epoch_rms, losses = [], [], []
    step = 0
    net.train()
    while step < s.steps:
        perm = torch.randperm(n, generator=gen)
        first, epoch_loss, batches = step, 0.0, 0
        for i in range(0, n - s.batch_size + 1, s.batch_size):
            idx = perm[i:i + s.batch_size]
            before = w.detach().clone()
            loss = torch.nn.functional.cross_entropy(net(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            after = w.detach()
            cos = (before * after).sum() / (before.norm() * after.norm())
            angles[step] = math.acos(min(1.0, max(-1.0, float(cos.double()))))
            epoch_loss += loss.item()
            batches += 1
            step += 1
            if step == s.steps:
                break
        norms.append(float(w.detach().norm()))
        epoch_rms.append(float(np.sqrt(np.mean(angles[first:step] ** 2))))
        losses.append(epoch_loss / batches)
    net.eval()
    with torch.no_grad():
        def error(xs, ys):
            pred = torch.cat([net(torch.as_tensor(xs[i:i + 500])).argmax(1)
                              for i in range(0, len(xs), 500)])
            return float((pred != torch.as_tensor(ys)).float().mean())

        train_error, test_error = error(data.x_train, data.y_train), error(data.x_test,
                                                                             data.y_test)
        gain = float(net[2].weight.mean())
    last = angles[-s.window:]
    hist = History(loss=losses, curves={"weight_norm": norms, "angular_update": epoch_rms})
    return NormalizedRow(
        method=method, lam=wd, train_error=train_error, test_error=test_error,
        zero_fraction=0.0, final_loss=losses[-1], history=hist, lr=lr, momentum=momentum,
        decayed="all" if decay_all else "weights",
        angular_update=float(np.sqrt(np.mean(last ** 2))),
        mean_angular_update=float(np.mean(last)),
        predicted_angular_update=predicted_angular_update(lr, wd, momentum),
        weight_norm=norms[-1],
        equilibrium_steps=relaxation_steps(lr, wd, momentum) if wd > 0 else None,
        gain_mean=gain)


def run(settings: NormalizedSettings, data, *, seed: int, progress: bool = False,
        device: str = "cpu", threads: int | None = None) -> Outcome:
    """Train every run of ``settings`` (on the CPU; ``device`` other than CPU is refused)."""
    import torch

    if str(device) != "cpu":
        raise ValueError(f"device must be 'cpu' for normalized-decay, got {device!r}")
    s = settings
    old_threads = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    try:
        plan = [(Method.SGD, lr, wd, s.momentum, False) for lr, wd in s.runs]
        plan += [(Method.SGD_PLAIN, lr, wd, 0.0, False) for lr, wd in s.plain_runs]
        plan += [(Method.NO_DECAY, lr, 0.0, mu, False) for lr, mu in s.no_decay_runs]
        plan.append((Method.DECAY_ALL, *s.decay_all_run, s.momentum, True))
        plan.append((Method.BEFORE_EQUILIBRIUM, *s.slow_run, 0.0, False))
        rows = []
        for k, (method, lr, wd, mu, every) in enumerate(plan):
            if progress:
                print(f"normalized-decay: run {k + 1}/{len(plan)} {method} lr={lr:g} "
                      f"weight_decay={wd:g} momentum={mu:g}", flush=True)
            rows.append(_train(s, data, method, lr, wd, mu, decay_all=every, seed=seed))
            network_trained()  # the progress bar of `regviz figures` counts it
        facts = {
            "lambda_convention": "lambda is torch's weight_decay (SGD adds weight_decay * w to "
                                 "the gradient); regviz's lam (lam * sum(w**2) in the loss) "
                                 "is weight_decay / 2",
            "angular_update": f"root mean square of the per-step angle of the BatchNorm "
                              f"layer's weight over the last {s.window} of {s.steps} steps",
            "network": f"Linear(784, {s.hidden}, bias=False) -> BatchNorm1d -> ReLU -> "
                       f"Linear({s.hidden}, 10)",
            "scale_invariance": scale_invariance(s.hidden, data, seed=seed),
        }
    finally:
        torch.set_num_threads(old_threads)
    return Outcome(rows, facts=facts)


def load_data(source: str, settings: NormalizedSettings):
    """The 1,000 training digits (see :func:`regviz.experiments.mnist.load_data`)."""
    from .mnist import load_data as mnist_data

    return mnist_data(source, settings)


def normalized_claims(rows: list[NormalizedRow], s: NormalizedSettings) -> list[Claim]:
    """The theory's statements judged on the runs (missing runs stay listed, not reproduced)."""
    claims = []
    for r in rows:
        if r.method not in PENALIZED:
            continue
        pred = r.predicted_angular_update
        claims.append(Claim.holds(
            f"Angular update at equilibrium sqrt(2ηλ/(1+μ)) = {pred:.4f} rad per step "
            f"({r.method}, lr {r.lr:g}, weight_decay {r.lam:g}, momentum {r.momentum:g}).",
            SOURCE, round(pred, 5),
            None if r.angular_update is None else round(r.angular_update, 5),
            r.ratio is not None and abs(r.ratio - 1) <= TOLERANCE,
            tolerance=f"|measured / predicted - 1| <= {TOLERANCE:g}",
            note=f"Measured: RMS angle over the last {s.window} of {s.steps} steps; mean "
                 f"angle {r.mean_angular_update:.4f}.",
            why_not="Not at equilibrium within the budget.",
            id=f"angle-{r.method}-lr{r.lr:g}-wd{r.lam:g}"))
    free = [r for r in rows if r.method == Method.NO_DECAY]
    grows = bool(free) and all(
        r.history is not None and all(b >= a for a, b in zip(
            r.history.curve("weight_norm"), r.history.curve("weight_norm")[1:], strict=False))
        for r in free if r.momentum == 0)
    end = {f"lr {r.lr:g}, momentum {r.momentum:g}": round(r.weight_norm, 3) for r in free}
    claims.append(Claim.holds(
        "Without weight decay the norm of a scale-invariant layer only grows (plain SGD).",
        "van Laarhoven 2017", "grows every epoch", end, grows,
        tolerance="||W|| never decreases from one epoch to the next (momentum 0)",
        note="Each step adds a vector orthogonal to W: ||W||² grows by lr²·||g||².",
        id="norm-grows-without-decay"))
    slow = [r for r in rows if r.method == Method.BEFORE_EQUILIBRIUM]
    for r in slow:
        claims.append(Claim.holds(
            "A budget shorter than the relaxation time 1/(2ηλ) ends before equilibrium: the "
            "angular update is still below the prediction.", SOURCE,
            round(r.predicted_angular_update, 5), round(r.angular_update, 5),
            r.ratio is not None and r.ratio < 1 - TOLERANCE and r.equilibrium_steps > s.steps,
            tolerance=f"measured / predicted < {1 - TOLERANCE:g} and 1/(2ηλ) > {s.steps} steps",
            note=f"lr {r.lr:g}, weight_decay {r.lam:g}: 1/(2ηλ) = {r.equilibrium_steps:.0f} "
                 f"steps.", id="slow-before-equilibrium"))
    by = {(r.method, r.lr, r.lam): r for r in rows}
    lr, wd = s.decay_all_run
    a, b = by.get((Method.DECAY_ALL, lr, wd)), by.get((Method.SGD, lr, wd))
    if a is not None and b is not None:
        claims.append(Claim.holds(
            "Decaying BatchNorm's gains too shrinks them, without changing the weights' "
            "angular update.", SOURCE,
            "gains shrink; same angular update",
            {"gain_mean decay-all": round(a.gain_mean, 3),
             "gain_mean weights only": round(b.gain_mean, 3),
             "test_error decay-all": round(a.test_error, 3),
             "test_error weights only": round(b.test_error, 3)},
            a.gain_mean < b.gain_mean and abs(a.ratio - b.ratio) <= TOLERANCE,
            tolerance=f"smaller mean gain, ratios within {TOLERANCE:g} of each other",
            id="decay-all-shrinks-gains"))
    return claims


def _networks(s: NormalizedSettings) -> int:
    return len(s.runs) + len(s.plain_runs) + len(s.no_decay_runs) + 2


REPRODUCTIONS = (
    Reproduction(
        "normalized-decay", NormalizedSettings(), runner=f"{__name__}:run",
        data=f"{__name__}:load_data", claims=f"{__name__}:normalized_claims",
        row_type=NormalizedRow, networks=_networks, reference=True,
        description="A layer followed by BatchNorm: weight decay sets the angular update "
                    "sqrt(2ηλ/(1+μ))"),
)
