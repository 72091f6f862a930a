r"""What exact zeros pay: the primer's feature cross, and pruned copies of the forum's MLP.

Two parts, one reproduction (``sparsity-pays``):

1. **The feature cross** (seed 002): a synthetic globe of ``120 x 240`` latitude x longitude
   buckets crossed into 28,800 one-hot dimensions, the label mostly 1 on a few islands and
   mostly 0 in the ocean (:func:`regviz.sparsity.make_globe`). Logistic regression with L2 and
   with L1 (scikit-learn's liblinear, ``C`` chosen on a validation set): test error, exact-zero
   fraction and the bytes the weights take stored as a deployment would, densely (float32) for
   L2, as a sparse CSR row (float32 values, int32 indices) for L1.
2. **Networks**: the forum's MLP (784-200-200-10) trained as in ``forum-l1`` with no penalty,
   with L1 in the loss (weights hover near 0, the lecture's remark), with L1 as a proximal
   step (scattered exact zeros: stored as CSR, run with dense or sparse kernels) and with the
   group lasso as a proximal step on the hidden layers' rows (whole units removed: the network
   is rebuilt as a smaller dense one, :func:`prune_units`). Parameters, stored bytes and the
   measured time of a forward pass on a batch of test digits, one thread.

``lambda``: regviz's (``lam`` times the sum over weights, mean data loss). For scikit-learn's
``C`` on ``n`` training points that is ``1/(C n)`` for L1 and ``1/(2 C n)`` for L2.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .mnist import FORUM, TrainSetup
from .registry import Outcome, Reproduction, network_trained
from .results import Claim, History, Row

#: The seeds' statements, verbatim (seed 002: the primer; seed 003: the lecture notes).
PRIMER_L2 = ("L2 regularization encourages weights to be small, but doesn’t force them to "
             "exactly 0.0.")
PRIMER_L1 = ("So we can use L1 regularization to encourage many of the uninformative "
             "coefficients in our model to be exactly 0, and thus reap RAM savings at "
             "inference time.")
LECTURE_FOOTPRINT = ("While this is not a problem in principle, since  $w_t$  will fluctuate "
                     "around zero, it can be an issue if the zeroed weights are handled in a "
                     "specific manner (e.g. sparse coding to reduce memory footprint or "
                     "computation).")
#: The acceptance of the feature cross: L1's bytes at most this share of L2's ...
BYTES_SHARE = 0.25
#: ... at a test error at most this much above L2's.
ERROR_MARGIN = 0.02


class Model:
    """The ``model`` column."""

    FEATURE_CROSS = "feature-cross"
    FORUM_MLP = "forum-mlp"


class Method:
    """The runs' method names."""

    L2 = "l2"
    L1 = "l1"
    NONE = "none"
    L1_LOSS = "l1-loss"
    L1_PROX = "l1-prox"
    GROUP_LASSO = "group-lasso-prox"


@dataclass(frozen=True)
class SparsitySettings:
    """The whole setup of ``sparsity-pays``.

    Attributes
    ----------
    lat_buckets, lon_buckets, islands, p_signal, p_background, globe_seed :
        The globe (:func:`regviz.sparsity.make_globe`).
    n_train, n_val, n_test : int
        Points drawn uniformly on it (enough that every cell is seen in training).
    Cs : tuple of float
        scikit-learn's ``C`` tried for each penalty; the smallest whose validation error is
        within one standard error of the lowest is ``selected`` (the one-standard-error rule).
    setup : TrainSetup
        The forum's MLP and its training (``forum-l1``'s).
    l1_lam : float
        L1's lambda, in the loss and as a proximal step.
    group_lams : tuple of float
        Group-lasso lambdas (proximal step on the rows of the two hidden layers).
    timing_batch, timing_repeats : int
        A forward pass on this many test digits, timed this many times (the minimum is kept).
    n_train_per_class, mnist_n_train :
        The digits (``forum-l1``'s 4,000).
    """

    lat_buckets: int = 120
    lon_buckets: int = 240
    islands: int = 25
    p_signal: float = 0.9
    p_background: float = 0.02
    globe_seed: int = 0
    n_train: int = 400_000
    n_val: int = 100_000
    n_test: int = 200_000
    Cs: tuple[float, ...] = (0.01, 0.1, 1.0, 10.0)
    setup: TrainSetup = FORUM
    l1_lam: float = 0.003
    group_lams: tuple[float, ...] = (0.04, 0.06)
    timing_batch: int = 1000
    timing_repeats: int = 30
    n_train_per_class: int = 400
    mnist_n_train: int | None = None


@dataclass
class SparsityRow(Row):
    """One model: ``lam`` is regviz's lambda.

    Attributes
    ----------
    model : str
        ``"feature-cross"`` or ``"forum-mlp"``.
    stored_bytes : int
        Bytes of all its parameters as stored: float32 dense, or CSR for the L1 models.
    layout : str
        ``"dense"`` or ``"csr"`` (the weight matrices of an L1 model; biases stay dense).
    dense_bytes : int
        The same parameters stored densely, for comparison.
    parameters : int
        Numbers stored: for a dense layout every parameter, for CSR the nonzero weights and
        the biases.
    C, val_error, selected :
        Feature cross: scikit-learn's ``C``, the validation error, and whether this ``C`` is
        the one chosen for its penalty (the one-standard-error rule on the validation set).
    units : tuple of int
        Networks: hidden units kept per hidden layer.
    inference_ms : float or None
        Networks: fastest forward pass on ``timing_batch`` digits (dense kernels), ms.
    inference_ms_sparse : float or None
        L1 networks: the same with the weights as CSR tensors (``torch.sparse.mm``).
    """

    model: str = Model.FEATURE_CROSS
    stored_bytes: int = 0
    layout: str = "dense"
    dense_bytes: int = 0
    parameters: int = 0
    C: float | None = None
    val_error: float | None = None
    selected: bool = False
    units: tuple[int, ...] = field(default_factory=tuple)
    inference_ms: float | None = None
    inference_ms_sparse: float | None = None


# ---------------------------------------------------------------------------------------------
# 1. the feature cross


def feature_cross_rows(s: SparsitySettings, *, seed: int) -> tuple[list[SparsityRow], dict]:
    """Fit L2 and L1 logistic regression on the globe for every ``C``; rows and facts."""
    import warnings

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from regviz.sparsity import csr_bytes, dense_bytes, make_globe, sample_globe

    globe = make_globe(s.lat_buckets, s.lon_buckets, islands=s.islands, p_signal=s.p_signal,
                       p_background=s.p_background, seed=s.globe_seed)
    x_tr, y_tr, *_ = sample_globe(globe, s.n_train, seed=seed)
    x_va, y_va, *_ = sample_globe(globe, s.n_val, seed=seed + 1)
    x_te, y_te, *_ = sample_globe(globe, s.n_test, seed=seed + 2)
    rows = []
    for method, ratio in ((Method.L2, 0.0), (Method.L1, 1.0)):
        mine = []
        for C in s.Cs:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # liblinear's convergence chatter
                m = LogisticRegression(C=C, l1_ratio=ratio, solver="liblinear",
                                       intercept_scaling=100.0, tol=1e-6, max_iter=1000)
                m.fit(x_tr, y_tr)
            w = m.coef_.ravel()
            lam = 1.0 / (C * s.n_train) / (2.0 if method == Method.L2 else 1.0)
            layout = "dense" if method == Method.L2 else "csr"
            stored = (dense_bytes(w) if layout == "dense" else csr_bytes(w)) + dense_bytes([0.0])
            mine.append(SparsityRow(
                method=method, lam=lam, train_error=float(np.mean(m.predict(x_tr) != y_tr)),
                test_error=float(np.mean(m.predict(x_te) != y_te)),
                zero_fraction=float(np.mean(w == 0)), model=Model.FEATURE_CROSS,
                stored_bytes=stored, layout=layout, dense_bytes=dense_bytes(w) + 4,
                parameters=int(np.count_nonzero(w) if layout == "csr" else w.size) + 1,
                C=C, val_error=float(np.mean(m.predict(x_va) != y_va))))
        # the one-standard-error rule: the strongest penalty whose validation error is within
        # one standard error of the best one's (the same rule for both penalties)
        best = min(r.val_error for r in mine)
        se = float(np.sqrt(best * (1 - best) / s.n_val))
        chosen = min((r for r in mine if r.val_error <= best + se), key=lambda r: r.C)
        chosen.selected = True
        rows += mine
    facts = {"feature_cross": {
        "dimensions": globe.dimensions, "island_cells": int(globe.signal.sum()),
        "bayes_error": globe.bayes_error(),
        "ocean_error": float(np.mean(globe.p)),  # error of always answering 0
        "unseen_cells": int(globe.dimensions - np.unique(x_tr.indices).size),
        "solver": "scikit-learn LogisticRegression(solver='liblinear', intercept_scaling=100)",
        "lambda_from_C": "L1: 1/(C n_train); L2: 1/(2 C n_train)",
        "selection": "per penalty, the smallest C whose validation error is within one "
                     "standard error, sqrt(e(1-e)/n_val), of the lowest",
    }}
    return rows, facts


# ---------------------------------------------------------------------------------------------
# 2. the forum's MLP, pruned


def linear_layers(model) -> list:
    """The ``nn.Linear`` layers of ``model`` in order."""
    import torch

    return [m for m in model.modules() if isinstance(m, torch.nn.Linear)]


def prune_units(model, *, slope: float = 0.01):
    r"""Rebuild an MLP without its dead hidden units, as a smaller dense network.

    A hidden unit whose incoming row of weights is exactly 0 outputs the constant
    :math:`\phi(b_i)` (:math:`\phi` the LeakyReLU of ``slope``); that constant times the next
    layer's column :math:`i` is folded into the next layer's bias and the unit is removed.
    The result computes the same function as ``model`` in eval mode (dropout off).

    Parameters
    ----------
    model : torch.nn.Module
        A stack of ``Linear`` layers with LeakyReLU between them (the forum's MLP).

    Returns
    -------
    torch.nn.Sequential
        ``Flatten, Linear, LeakyReLU, ..., Linear`` with the surviving units.
    """
    import torch
    from torch import nn

    layers = linear_layers(model)
    weights = [m.weight.detach().clone() for m in layers]
    biases = [m.bias.detach().clone() for m in layers]
    for k in range(len(layers) - 1):
        dead = (weights[k] == 0).all(dim=1)
        const = nn.functional.leaky_relu(biases[k][dead], slope)
        biases[k + 1] = biases[k + 1] + weights[k + 1][:, dead] @ const
        keep = ~dead
        weights[k], biases[k] = weights[k][keep], biases[k][keep]
        weights[k + 1] = weights[k + 1][:, keep]
    mods: list = [nn.Flatten()]
    for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
        lin = nn.Linear(w.shape[1], w.shape[0])
        with torch.no_grad():
            lin.weight.copy_(w)
            lin.bias.copy_(b)
        mods.append(lin)
        if k < len(weights) - 1:
            mods.append(nn.LeakyReLU(slope))
    return nn.Sequential(*mods).eval()


def sparse_forward(model, *, slope: float = 0.01):
    """A forward function of ``model`` whose weight matrices are CSR tensors."""
    import warnings

    import torch

    layers = linear_layers(model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "sparse CSR support is in beta"
        mats = [m.weight.detach().to_sparse_csr() for m in layers]
    biases = [m.bias.detach() for m in layers]

    def forward(x):
        h = x.flatten(1).T.contiguous()
        for k, (w, b) in enumerate(zip(mats, biases, strict=True)):
            h = torch.sparse.mm(w, h) + b[:, None]
            if k < len(mats) - 1:
                h = torch.nn.functional.leaky_relu(h, slope)
        return h.T

    return forward


def time_ms(forward, x, *, repeats: int) -> float:
    """Fastest of ``repeats`` calls of ``forward(x)`` in milliseconds (after 3 warm-ups)."""
    import time

    import torch

    with torch.inference_mode():
        for _ in range(3):
            forward(x)
        best = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            forward(x)
            best = min(best, time.perf_counter() - t0)
    return 1000.0 * best


def _train_mlp(s: SparsitySettings, data, *, method: str, lam: float, seed: int):
    """The forum's MLP trained with plain SGD and the method's penalty; returns model, history."""
    import torch

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)  # the dropout masks: the same numbers on every run
        return _train_mlp_seeded(s, data, method=method, lam=lam, seed=seed)


def _train_mlp_seeded(s: SparsitySettings, data, *, method: str, lam: float, seed: int):
    import torch

    from regviz.models import make_model
    from regviz.penalties import L1, GroupLasso

    setup = s.setup
    net = make_model(setup.model, seed=seed)
    layers = linear_layers(net)
    opt = torch.optim.SGD(net.parameters(), lr=setup.lr)
    gen = torch.Generator().manual_seed(seed)
    x, y = torch.as_tensor(data.x_train), torch.as_tensor(data.y_train)
    hist = History()
    for _ in range(setup.epochs):
        net.train()
        perm = torch.randperm(len(y), generator=gen)
        total, batches = 0.0, 0
        for i in range(0, len(y), setup.batch_size):
            idx = perm[i:i + setup.batch_size]
            loss = torch.nn.functional.cross_entropy(net(x[idx]), y[idx])
            full = loss
            if method == Method.L1_LOSS:
                full = loss + sum(L1(lam).total(m.weight) for m in layers)
            opt.zero_grad()
            full.backward()
            opt.step()
            with torch.no_grad():
                if method == Method.L1_PROX:
                    for m in layers:
                        m.weight.copy_(L1(lam).prox(m.weight, step=setup.lr))
                elif method == Method.GROUP_LASSO:
                    for m in layers[:-1]:  # the output layer's rows are the classes: kept
                        m.weight.copy_(GroupLasso(lam).prox(m.weight, step=setup.lr))
            total += loss.item()
            batches += 1
        hist.loss.append(total / batches)
        weights = [m.weight.detach() for m in layers]
        hist.zero_fraction.append(float(sum(int((w == 0).sum()) for w in weights)
                                        / sum(w.numel() for w in weights)))
    net.eval()
    return net, hist


def _error(forward, xs, ys) -> float:
    import torch

    with torch.inference_mode():
        pred = torch.cat([forward(torch.as_tensor(xs[i:i + 1000])).argmax(1)
                          for i in range(0, len(xs), 1000)])
    return float((pred != torch.as_tensor(ys)).float().mean())


def network_rows(s: SparsitySettings, data, *, seed: int) -> list[SparsityRow]:
    """Train and measure the forum MLP's runs (one thread is set by the caller)."""
    import torch

    from regviz.sparsity import csr_bytes, dense_bytes

    x_time = torch.as_tensor(data.x_test[:s.timing_batch])
    plan = [(Method.NONE, 0.0), (Method.L1_LOSS, s.l1_lam), (Method.L1_PROX, s.l1_lam)]
    plan += [(Method.GROUP_LASSO, lam) for lam in s.group_lams]
    rows = []
    for method, lam in plan:
        net, hist = _train_mlp(s, data, method=method, lam=lam, seed=seed)
        network_trained()  # the progress bar of `regviz figures` counts it
        layers = linear_layers(net)
        weights = [m.weight.detach().numpy() for m in layers]
        biases = [m.bias.detach().numpy() for m in layers]
        n_all = sum(w.size + b.size for w, b in zip(weights, biases, strict=True))
        full_bytes = sum(dense_bytes(w) + dense_bytes(b) for w, b in zip(weights, biases,
                                                                          strict=True))
        zero = hist.zero_fraction[-1]
        sparse_ms = None
        if method == Method.GROUP_LASSO:
            small = prune_units(net)
            small_layers = linear_layers(small)
            units = tuple(m.out_features for m in small_layers[:-1])
            params = sum(p.numel() for p in small.parameters())
            stored, layout, forward = 4 * params, "dense", small
        elif method in (Method.L1_PROX, Method.L1_LOSS):
            units = tuple(int((w != 0).any(axis=1).sum()) for w in weights[:-1])
            nnz = sum(int((w != 0).sum()) for w in weights)
            params = nnz + sum(b.size for b in biases)
            stored = sum(csr_bytes(w) + dense_bytes(b) for w, b in zip(weights, biases,
                                                                       strict=True))
            layout, forward = "csr", net
            sparse_ms = time_ms(sparse_forward(net), x_time, repeats=s.timing_repeats)
        else:
            units = tuple(w.shape[0] for w in weights[:-1])
            params, stored, layout, forward = n_all, full_bytes, "dense", net
        row = SparsityRow.from_history(
            method, lam, hist, model=Model.FORUM_MLP, stored_bytes=stored, layout=layout,
            dense_bytes=full_bytes, parameters=params, units=units,
            inference_ms=time_ms(forward, x_time, repeats=s.timing_repeats),
            inference_ms_sparse=sparse_ms)
        row.train_error = _error(forward, data.x_train, data.y_train)
        row.test_error = _error(forward, data.x_test, data.y_test)
        row.zero_fraction = zero
        rows.append(row)
    return rows


def run(settings: SparsitySettings, data, *, seed: int, progress: bool = False,
        device: str = "cpu", threads: int | None = None) -> Outcome:
    """Fit the feature-cross models and train the forum MLP's runs (CPU only)."""
    import torch

    if str(device) != "cpu":
        raise ValueError(f"device must be 'cpu' for sparsity-pays, got {device!r}")
    old = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    try:
        if progress:
            print("sparsity-pays: feature cross", flush=True)
        rows, facts = feature_cross_rows(settings, seed=seed)
        if progress:
            print("sparsity-pays: forum MLP", flush=True)
        rows += network_rows(settings, data, seed=seed)
    finally:
        torch.set_num_threads(old)
    facts["timing"] = (f"fastest of {settings.timing_repeats} forward passes on "
                       f"{settings.timing_batch} test digits, {threads} torch thread(s)")
    facts["stored_as"] = ("dense: float32; csr: float32 values + int32 column indices + "
                          "int32 row pointers per weight matrix, biases dense")
    return Outcome(rows, facts=facts)


def load_data(source: str, settings: SparsitySettings):
    """The forum's digits (see :func:`regviz.experiments.mnist.load_data`)."""
    from .mnist import load_data as mnist_data

    return mnist_data(source, settings)


def _selected(rows, method):
    return next((r for r in rows if r.model == Model.FEATURE_CROSS and r.method == method
                 and r.selected), None)


def sparsity_claims(rows: list[SparsityRow], s: SparsitySettings) -> list[Claim]:
    """The seeds' statements judged on the rows (missing runs stay listed, not reproduced)."""
    claims = []
    l2, l1 = _selected(rows, Method.L2), _selected(rows, Method.L1)
    l2_rows = [r for r in rows if r.model == Model.FEATURE_CROSS and r.method == Method.L2]
    claims.append(Claim.holds(
        PRIMER_L2, "primer", "no weight exactly 0.0",
        {f"C={r.C:g}": r.zero_fraction for r in l2_rows},
        bool(l2_rows) and all(r.zero_fraction == 0 for r in l2_rows),
        tolerance="no exact zero in any L2 feature-cross model",
        note="Every cell is seen in training, so every L2 weight gets a gradient.",
        id="l2-no-exact-zeros"))
    ok = (l1 is not None and l2 is not None and l1.stored_bytes <= BYTES_SHARE * l2.stored_bytes
          and l1.test_error <= l2.test_error + ERROR_MARGIN)
    claims.append(Claim.holds(
        PRIMER_L1, "primer", f"L1 stores <= {BYTES_SHARE:g} of L2's bytes",
        None if l1 is None or l2 is None else {
            "l1 bytes": l1.stored_bytes, "l2 bytes": l2.stored_bytes,
            "l1 test error": round(l1.test_error, 4), "l2 test error": round(l2.test_error, 4),
            "l1 zero fraction": round(l1.zero_fraction, 4)},
        ok, tolerance=f"selected L1 model: bytes <= {BYTES_SHARE:g} x L2's, test error <= "
                      f"L2's + {ERROR_MARGIN:g}",
        note="The feature cross of a synthetic globe; L1 stored as CSR, L2 dense.",
        id="l1-reaps-ram-savings"))
    net = {r.method: r for r in rows
           if r.model == Model.FORUM_MLP and r.method != Method.GROUP_LASSO}
    loss, prox, dense = net.get(Method.L1_LOSS), net.get(Method.L1_PROX), net.get(Method.NONE)
    ok = (loss is not None and prox is not None and dense is not None
          and loss.zero_fraction < 0.01 and prox.zero_fraction > 0.5
          and prox.stored_bytes < dense.stored_bytes <= loss.stored_bytes)
    claims.append(Claim.holds(
        LECTURE_FOOTPRINT, "lecture", "L1 by gradient steps: no exact zeros to store sparsely",
        None if loss is None or prox is None else {
            "l1-loss zero fraction": round(loss.zero_fraction, 4),
            "l1-prox zero fraction": round(prox.zero_fraction, 4),
            "l1-loss CSR bytes": loss.stored_bytes, "l1-prox CSR bytes": prox.stored_bytes,
            "dense bytes": None if dense is None else dense.stored_bytes},
        ok, tolerance="L1 in the loss: < 1 % exact zeros and CSR no smaller than dense; "
                      "L1 as a prox step: > 50 % zeros and CSR smaller than dense",
        note=f"Forum MLP, λ = {s.l1_lam:g}.", id="footprint-needs-exact-zeros"))
    groups = [r for r in rows if r.model == Model.FORUM_MLP and r.method == Method.GROUP_LASSO]
    if dense is not None and prox is not None and groups:
        g = max(groups, key=lambda r: dense.parameters - r.parameters)
        faster = g.inference_ms < dense.inference_ms
        claims.append(Claim.holds(
            "Scattered zeros do not make a dense network faster; removing whole units does.",
            "regviz", "structured pruning is faster",
            {"dense ms": round(dense.inference_ms, 3),
             "l1-prox ms (dense kernels)": round(prox.inference_ms, 3),
             "l1-prox ms (CSR kernels)": round(prox.inference_ms_sparse, 3),
             f"group lasso λ={g.lam:g} ms": round(g.inference_ms, 3),
             "units kept": list(g.units)},
            faster and prox.inference_ms >= 0.7 * dense.inference_ms,
            tolerance="group-lasso network faster than the dense one; L1's dense-kernel time "
                      "at least 0.7 x the dense one",
            note="Times are of this machine (one thread) and vary with its load.",
            id="structured-is-faster"))
    return claims


def _networks(s: SparsitySettings) -> int:
    return 3 + len(s.group_lams)


REPRODUCTIONS = (
    Reproduction(
        "sparsity-pays", SparsitySettings(), runner=f"{__name__}:run",
        data=f"{__name__}:load_data", claims=f"{__name__}:sparsity_claims",
        row_type=SparsityRow, networks=_networks, reference=True,
        description="Exact zeros measured: a feature cross with L1 vs L2 (bytes), the forum "
                    "MLP pruned unit by unit vs scattered zeros (bytes, inference time)"),
)
