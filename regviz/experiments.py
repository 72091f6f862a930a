"""Named reproductions of the sources' experiments, cached on disk as JSON.

Each reproduction returns ``{"name", "source", "config", "rows"}``; every row carries
``method``, ``lambda``, ``train_error``, ``test_error``, ``zero_fraction``, ``final_loss`` and
``diverged_at_epoch`` (``None`` when training did not diverge), plus extra keys.

Lambda conventions: ``lam`` multiplies the sum over weights; the lecture's L1 table applies the
soft threshold ``min(lam, |w|)`` per step directly, which is ``L1(lam / lr).prox(w, step=lr)``.
"""

from __future__ import annotations

import hashlib
import json
import math
import warnings

from regviz.data import atomic_write_bytes, cache_dir

NAMES = (
    "fleuret-l2",
    "fleuret-l1",
    "forum-l1",
    "sqrt-penalty",
    "sgd-weight-decay",
    "adam-vs-adamw",
)

#: The lecture notes' test errors (source 003).
LECTURE_L2 = {0.0: 0.064, 0.001: 0.063, 0.002: 0.064, 0.004: 0.065, 0.01: 0.075, 0.02: 0.101}
LECTURE_L1 = {
    0.0: 0.064,
    1e-5: 0.063,
    2e-5: 0.067,
    5e-5: 0.068,
    1e-4: 0.128,
    2e-4: 0.101,
    5e-4: 0.516,
}

#: The convnet setup chosen for the fleuret tables (see notebook 06). Each row is trained with
#: ``seeds_per_row`` consecutive seeds: the row's own numbers come from the first (``--seed``),
#: the others show how far one run of the same setup can land from another.
FLEURET = {
    "model": "convnet",
    "epochs": 20,
    "lr": 0.05,
    "batch_size": 50,
    "optimizer": "sgd",
    "loss": "cross_entropy",
    "shuffle": "once",
    "seeds_per_row": 4,
}
FORUM = {"model": "mlp", "epochs": 20, "lr": 0.01, "batch_size": 50, "optimizer": "sgd"}
#: The Q&A's square-root runs (issue 10): the setup that reproduced most of its claims among
#: those tried in docs/investigations/sqrt_penalty.md. The Q&A gives the penalty, the lambdas
#: and 120 epochs; the model (784-10), Adam, lr 3e-5 and batches of 64 are our choice.
SQRT = {
    "model": "784-10 (softmax regression)",
    "epochs": 120,
    "lr": 3e-5,
    "batch_size": 64,
    "optimizer": "adam",
    "init": "PyTorch default",
    "lambdas": (0.001, 0.01, 0.1, 1.0, 100.0),
    "prox_lambdas": (0.001, 0.01, 0.1),
}


def _finite(x):
    return x if (x is None or math.isfinite(x)) else None


def _last(values: list):
    """The last entry of a per-epoch list, ``None`` when it is empty (a diverged run)."""
    return values[-1] if values else None


def _row(method: str, lam: float, hist, **extra) -> dict:
    row = {
        "method": method,
        "lambda": lam,
        "train_error": _last(hist.train_error),
        "test_error": _last(hist.test_error),
        "zero_fraction": _last(hist.zero_fraction),
        "final_loss": _finite(_last(hist.loss)),
        "diverged_at_epoch": hist.diverged_at_epoch,
    }
    if hist.diverged_at_epoch is not None:
        row["cause"] = hist.cause
    row["history"] = hist.to_dict()
    row.update(extra)
    return row


def _train(model_name, data, *, seed, **kw):
    from regviz.models import make_model
    from regviz.training import fit

    dtype = kw.pop("dtype", None)
    model = make_model(model_name, seed=seed)
    if dtype == "float64":
        model = model.double()
    kw.setdefault("evaluate", "last")
    return model, fit(model, data, seed=seed, progress=kw.pop("progress", False), **kw)


def gap_to_range(value: float, values) -> float:
    """Distance from ``value`` to the interval ``[min(values), max(values)]`` (0 inside it)."""
    lo, hi = min(values), max(values)
    return max(0.0, lo - value, value - hi)


def _fleuret(kind: str, data, *, seed: int, progress: bool) -> tuple[dict, list]:
    from regviz.penalties import L1, L2

    cfg = dict(FLEURET)
    table = LECTURE_L2 if kind == "l2" else LECTURE_L1
    seeds = [seed + k for k in range(cfg["seeds_per_row"])]
    rows = []
    train_kw = {k: cfg[k] for k in ("epochs", "lr", "batch_size", "optimizer", "loss", "shuffle")}
    for lam in table:
        if kind == "l2":
            pen = L2(lam) if lam else None
            kw = {"penalty": pen, "penalty_mode": "loss", "params": "all"}
            method = "l2-loss"
        else:
            pen = L1(lam / cfg["lr"]) if lam else None
            kw = {"penalty": pen, "penalty_mode": "prox" if lam else "loss", "params": "all"}
            method = "l1-prox"
        hists = [
            _train("convnet", data, seed=s, histogram_epochs=(cfg["epochs"],),
                   histogram_range=(-0.3, 0.3), progress=progress, **train_kw, **kw)[1]
            for s in seeds
        ]
        r = _row(method, lam, hists[0], lecture_test_error=table[lam])
        r["gap_vs_lecture"] = (
            abs(r["test_error"] - table[lam]) if r["test_error"] is not None else None
        )
        # a diverged run has no error: it counts as None and stays out of the range
        r["test_error_seeds"] = [_last(h.test_error) for h in hists]
        r["zero_fraction_seeds"] = [_last(h.zero_fraction) for h in hists]
        spread = [e for e in r["test_error_seeds"] if e is not None]
        r["test_error_min"] = min(spread) if spread else None
        r["test_error_max"] = max(spread) if spread else None
        r["gap_to_seed_range"] = gap_to_range(table[lam], spread) if spread else None
        rows.append(r)
    cfg["seeds"] = seeds
    cfg["penalized"] = "all parameters"
    cfg["l1_threshold_per_step"] = "lam (lecture), i.e. L1(lam/lr).prox(w, step=lr)"
    gaps = [r["gap_vs_lecture"] for r in rows if r["gap_vs_lecture"] is not None]
    cfg["max_gap_vs_lecture"] = max(gaps) if gaps else None
    ranged = [r["gap_to_seed_range"] for r in rows if r["gap_to_seed_range"] is not None]
    cfg["max_gap_to_seed_range"] = max(ranged) if ranged else None
    return cfg, rows


def _forum(data, *, seed: int, progress: bool) -> tuple[dict, list]:
    from regviz.penalties import L1

    cfg = dict(FORUM)
    kw = {k: cfg[k] for k in ("epochs", "lr", "batch_size", "optimizer")}
    runs = [
        ("none", 0.0, {}),
        ("l1-loss-all-params", 0.01, {"penalty": L1(0.01), "params": "all"}),
        ("l1-loss-all-params", 0.001, {"penalty": L1(0.001), "params": "all"}),
        ("l1-loss-weights-only", 0.001, {"penalty": L1(0.001), "params": "weights"}),
        ("l2-weight-decay", 0.0005, {"weight_decay": 0.001, "params": "all"}),
    ]
    rows = []
    for method, lam, extra in runs:
        _, hist = _train("mlp", data, seed=seed, progress=progress, **kw, **extra)
        rows.append(_row(method, lam, hist))
    cfg["l2_note"] = "l2-weight-decay row: lambda = weight_decay / 2"
    return cfg, rows


def _sqrt(data, *, seed: int, progress: bool) -> tuple[dict, list]:
    """The Q&A's square-root runs in the setup that reproduces most of its claims.

    See docs/investigations/sqrt_penalty.md: Adam's normalized step holds every penalized weight
    at a size of about ``lr``, so ``sum sqrt|w|`` is about ``N * sqrt(1.5 lr)`` whatever lambda;
    with N = 7,850 (a 784-10 model) and lr 3e-5 that is the Q&A's 50.
    """
    import torch

    from regviz.penalties import Lp
    from regviz.training import fit

    cfg = dict(SQRT)
    kw = {k: cfg[k] for k in ("epochs", "lr", "batch_size", "optimizer")}

    def model():
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            return torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))

    def run(method, lam, net, **extra):
        h = fit(net, data, seed=seed, progress=progress, params="all", evaluate="last",
                **kw, **extra)
        with torch.no_grad():
            w = torch.cat([p.flatten() for p in net.parameters()])
            finite = bool(torch.isfinite(w).all())
            s_sqrt = float(torch.sqrt(w.abs()).sum()) if finite else None
            med = float(w.abs().median() / cfg["lr"]) if finite else None
        return _row(method, lam, h, sum_sqrt_abs_w=s_sqrt, median_abs_w_over_lr=med)

    rows = [run("none", 0.0, model())]
    for lam in cfg["lambdas"]:
        fn = lambda p, lam=lam: lam * torch.sqrt(p.abs()).sum()  # noqa: E731  (Q&A's expression)
        rows.append(run("sqrt-loss", lam, model(), penalty_fn=fn))
    for lam in cfg["prox_lambdas"]:
        rows.append(run("sqrt-prox-half-threshold", lam, model(), penalty=Lp(0.5, lam),
                        penalty_mode="prox"))
    # A separate illustration, not the Q&A's mechanism: a parameter that is exactly 0 from the
    # start (here the biases, zeroed by hand) gets autograd's 0 * inf = NaN at the first step.
    net = model()
    with torch.no_grad():
        net[1].bias.zero_()
    lam = cfg["lambdas"][0]
    rows.append(run("sqrt-loss-zero-bias-illustration", lam, net,
                    penalty_fn=lambda p: lam * torch.sqrt(p.abs()).sum()))
    cfg["naive_penalty"] = "lam * torch.sqrt(p.abs()).sum() over all parameters"
    cfg["n_parameters"] = 784 * 10 + 10
    return cfg, rows


def _max_diff(m1, m2) -> float:
    pairs = zip(m1.parameters(), m2.parameters(), strict=True)
    return max((a - b).abs().max().item() for a, b in pairs)


def _small(data, n: int = 500):
    """Evenly spaced ``n`` training and ``n`` test digits (the split is sorted by class)."""
    tr = max(len(data.y_train) // n, 1)
    te = max(len(data.y_test) // n, 1)
    return (data.x_train[::tr][:n], data.y_train[::tr][:n],
            data.x_test[::te][:n], data.y_test[::te][:n])


def _sgd_wd(data, *, seed: int, progress: bool) -> tuple[dict, list]:
    from regviz.penalties import L2

    cfg = {"model": "convnet", "epochs": 1, "lr": 0.05, "batch_size": 50, "n_train": 500,
           "dtype": "float64"}
    small = _small(data)
    rows = []
    # float64, so that the comparison measures the algebra and not float32 rounding (in float32
    # the two orders of summation drift apart by ~1e-5 after 10 momentum steps).
    small = tuple(a.astype("float64") if a.dtype.kind == "f" else a for a in small)
    for momentum in (0.0, 0.9):
        for lam in (0.001, 0.01):
            kw = dict(epochs=1, lr=0.05, batch_size=50, momentum=momentum, params="all")
            m1, h1 = _train("convnet", small, seed=seed, penalty=L2(lam), progress=progress,
                            dtype="float64", **kw)
            m2, _ = _train(
                "convnet", small, seed=seed, weight_decay=2 * lam, progress=progress,
                dtype="float64", **kw
            )
            rows.append(
                _row(
                    f"l2-loss-vs-sgd-weight-decay-momentum-{momentum}",
                    lam,
                    h1,
                    momentum=momentum,
                    weight_decay=2 * lam,
                    max_abs_weight_diff=_max_diff(m1, m2),
                )
            )
    return cfg, rows


def _adam(data, *, seed: int, progress: bool) -> tuple[dict, list]:
    import torch

    from regviz.penalties import L2

    cfg = {"model": "convnet", "epochs": 2, "lr": 0.001, "batch_size": 50, "n_train": 500}
    small = _small(data)
    rows = []
    for lam in (0.001, 0.01):
        kw = dict(epochs=2, lr=0.001, batch_size=50, params="all")
        m1, h1 = _train(
            "convnet", small, seed=seed, optimizer="adam", penalty=L2(lam), progress=progress, **kw
        )
        m2, h2 = _train(
            "convnet", small, seed=seed, optimizer="adamw", weight_decay=2 * lam,
            progress=progress, **kw,
        )
        m0, _ = _train("convnet", small, seed=seed, optimizer="adam", progress=progress, **kw)
        # Which weights does Adam + L2 decay less?  Compare shrinkage vs the unpenalized run
        # across the convnet's layers: fc1 / conv kernels with large gradients get a smaller
        # effective decay 2*lam*w / sqrt(v).
        w0 = torch.cat([p.detach().flatten() for p in m0.parameters()])
        w1 = torch.cat([p.detach().flatten() for p in m1.parameters()])
        w2 = torch.cat([p.detach().flatten() for p in m2.parameters()])
        shrink_adam = float((w0.abs() - w1.abs()).mean())
        shrink_adamw = float((w0.abs() - w2.abs()).mean())
        per_layer = {}
        triples = zip(m0.named_parameters(), m1.parameters(), m2.parameters(), strict=True)
        for (name, p0), p1, p2 in triples:
            p0, p1, p2 = p0.detach(), p1.detach(), p2.detach()
            per_layer[name] = {
                "adam_l2_shrink": float((p0.abs() - p1.abs()).mean()),
                "adamw_shrink": float((p0.abs() - p2.abs()).mean()),
            }
        # Gradient magnitude of the data loss per weight (unpenalized model, all 500 digits):
        # Adam's v tracks its square. Mean shrink of |w| in the top and bottom quartiles.
        m0.zero_grad()
        xs, ys = torch.as_tensor(small[0]), torch.as_tensor(small[1])
        torch.nn.functional.cross_entropy(m0(xs), ys).backward()
        g = torch.cat([p.grad.flatten() for p in m0.parameters()]).abs()
        lo, hi = g <= g.quantile(0.25), g >= g.quantile(0.75)

        def rel(w, mask, w0=w0):
            """Mean of |w0| - |w| over ``mask`` (how much the decay shrank those weights)."""
            return float((w0.abs() - w.abs())[mask].mean())

        quart = {
            "adam_l2": {"low_grad": rel(w1, lo), "high_grad": rel(w1, hi)},
            "adamw": {"low_grad": rel(w2, lo), "high_grad": rel(w2, hi)},
        }
        rows.append(
            _row("adam-l2-loss", lam, h1, max_abs_weight_diff=_max_diff(m1, m2),
                 mean_shrink=shrink_adam, per_layer_shrink=per_layer,
                 shrink_low_grad=quart["adam_l2"]["low_grad"],
                 shrink_high_grad=quart["adam_l2"]["high_grad"])
        )
        rows.append(
            _row("adamw-decoupled", lam, h2, weight_decay=2 * lam,
                 max_abs_weight_diff=_max_diff(m1, m2), mean_shrink=shrink_adamw,
                 shrink_low_grad=quart["adamw"]["low_grad"],
                 shrink_high_grad=quart["adamw"]["high_grad"])
        )
    cfg["note"] = (
        "Adam + L2 divides the decay 2*lam*w by sqrt(v): weights with large gradient "
        "second moments are decayed less; AdamW decays every weight by lr*wd*w."
    )
    return cfg, rows


_RUNNERS = {
    "fleuret-l2": lambda d, **k: _fleuret("l2", d, **k),
    "fleuret-l1": lambda d, **k: _fleuret("l1", d, **k),
    "forum-l1": _forum,
    "sqrt-penalty": _sqrt,
    "sgd-weight-decay": _sgd_wd,
    "adam-vs-adamw": _adam,
}


#: Bumped whenever a reproduction's code changes what it computes (part of the cache key).
RESULTS_SCHEMA = 3

#: The forum's and the Q&A's MLP see more digits than the lecture's 1,000 (4,000 of the sample),
#: so that 20 epochs of SGD make enough steps for the L1 collapse to show.
MLP_TRAIN_PER_CLASS = 400


def _load_for(name: str, source: str):
    from regviz import data

    mlp = name in ("forum-l1", "sqrt-penalty")
    if source == "sample":
        return data.load_sample(n_train_per_class=MLP_TRAIN_PER_CLASS if mlp else 100)
    if source == "mnist":
        return data.load_mnist(n_train=None if mlp else 1000)
    raise ValueError(f"source must be one of {data.SOURCES}, got {source!r}")


def cache_key(name: str, *, seed: int, source: str) -> str:
    """Hash of the reproduction's full configuration and the package version."""
    from regviz import __version__

    cfg = {
        "name": name,
        "seed": seed,
        "source": source,
        "version": __version__,
        "fleuret": FLEURET,
        "forum": FORUM,
        "sqrt": SQRT,
        "mlp_train_per_class": MLP_TRAIN_PER_CLASS,
        "schema": RESULTS_SCHEMA,
    }
    return hashlib.sha256(json.dumps(cfg, sort_keys=True).encode()).hexdigest()[:16]


def _cache_path(name, *, seed, source):
    return cache_dir() / "runs" / f"{name}-{cache_key(name, seed=seed, source=source)}.json"


def reproduce(
    name: str,
    *,
    seed: int = 0,
    source: str = "sample",
    cache: bool = True,
    progress: bool = False,
) -> dict:
    """Run (or load from the cache) the reproduction ``name``.

    Parameters
    ----------
    name : str
        One of :data:`NAMES`.
    seed : int
        Seed of initialization, shuffling and dropout.
    source : {"sample", "mnist"}
        Data source (see :mod:`regviz.data`).
    cache : bool
        Read / write the result as JSON under ``cache_dir()/runs``; a corrupt file is
        recomputed with a warning.

    Returns
    -------
    dict
        ``{"name", "source", "config", "rows"}``.
    """
    if name not in _RUNNERS:
        raise ValueError(f"name must be one of {NAMES}, got {name!r}")
    path = _cache_path(name, seed=seed, source=source)
    if cache and path.exists():
        try:
            result = json.loads(path.read_text())
            if not isinstance(result, dict) or result.get("name") != name:
                raise ValueError("unexpected content")
            return result
        except (ValueError, UnicodeDecodeError) as exc:
            warnings.warn(
                f"cache file {path} is corrupt ({exc}); recomputing", RuntimeWarning, stacklevel=2
            )
    data = _load_for(name, source)
    cfg, rows = _RUNNERS[name](data, seed=seed, progress=progress)
    cfg.update({"seed": seed, "data": data.describe()})
    result = {"name": name, "source": source, "config": cfg, "rows": rows}
    if cache:
        atomic_write_bytes(path, json.dumps(result).encode())
    return result


def table_rows(result: dict, *, per_seed: bool = False) -> list[dict]:
    """Rows without the bulky per-epoch history (for printing and ``--json``).

    The per-seed lists (``test_error_seeds``, ``zero_fraction_seeds``) are kept only with
    ``per_seed=True``: a table shows their min and max instead.
    """
    skip = {"history", "per_layer_shrink"}
    if not per_seed:
        skip |= {"test_error_seeds", "zero_fraction_seeds"}
    return [{k: v for k, v in r.items() if k not in skip} for r in result["rows"]]


def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def to_markdown(result: dict) -> str:
    """Markdown table of a reproduction's rows."""
    rows = table_rows(result)
    keys = list(dict.fromkeys(k for r in rows for k in r))
    lines = [f"**{result['name']}** ({result['config'].get('data', result['source'])})", ""]
    lines.append("| " + " | ".join(keys) + " |")
    lines.append("|" + "---|" * len(keys))
    for r in rows:
        lines.append("| " + " | ".join(_fmt(r.get(k)) for k in keys) + " |")
    return "\n".join(lines)


def to_latex(result: dict) -> str:
    """LaTeX tabular of a reproduction's rows."""
    rows = table_rows(result)
    keys = list(dict.fromkeys(k for r in rows for k in r))
    esc = lambda s: str(s).replace("_", r"\_")  # noqa: E731
    out = [r"\begin{tabular}{" + "l" * len(keys) + "}", " & ".join(map(esc, keys)) + r" \\"]
    out.append(r"\hline")
    for r in rows:
        out.append(" & ".join(esc(_fmt(r.get(k))) for k in keys) + r" \\")
    out.append(r"\end{tabular}")
    return "\n".join(out)
