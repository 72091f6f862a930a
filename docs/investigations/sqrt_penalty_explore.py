"""Explore which training setup reproduces the Q&A's square-root-penalty runs (issue 10).

Plain torch, independent of ``regviz.training.fit``: one setup = optimizer, learning rate,
network, which parameters carry the penalty, batch size, epochs. For each setup it trains the
Q&A's lambdas (0.001, 0.01, 0.1, 1, 100) and a run without penalty, from PyTorch's default
initialization, with the Q&A's penalty ``lam * torch.sqrt(p.abs()).sum()`` added to the loss,
and appends one JSON line per run to the log:
``{"setup", "lam", "nan_epoch", "loss", "data_loss", "sum_sqrt", "train_acc", "test_acc", ...}``.

Usage (from the repository root, one thread)::

    OMP_NUM_THREADS=1 PYTHONPATH=$PWD python docs/investigations/sqrt_penalty_explore.py \
        --opt adam --lr 1e-3 --net 784-10 --epochs 120 --log build/sqrt_explore.jsonl

``--table LOG`` prints the log as the Markdown table of docs/investigations/sqrt_penalty.md.
``--probe`` also records, at the first NaN, which parameter went NaN and whether it held an
exact 0 before the step (autograd's 0 * inf), and the count of exact zeros per epoch.
"""

from __future__ import annotations

import argparse
import json
import math
import time

import torch
from torch import nn

from regviz import data as rdata

LAMS = (0.0, 0.001, 0.01, 0.1, 1.0, 100.0)


def make_net(spec: str, *, seed: int, bn: bool = False) -> nn.Module:
    """``"784-10"`` (logistic), ``"784-32-10"``, ``"forum"`` (784-200-200-10, dropout)."""
    torch.manual_seed(seed)
    if spec == "forum":
        from regviz.models import ForumMLP

        return ForumMLP()
    sizes = [int(s) for s in spec.split("-")]
    layers: list[nn.Module] = [nn.Flatten()]
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            if bn:
                layers.append(nn.BatchNorm1d(b))
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def sum_sqrt(params) -> float:
    """The Q&A's sum of sqrt|w| over ``params``."""
    with torch.no_grad():
        return float(sum(torch.sqrt(p.abs()).sum() for p in params))


def accuracy(net, x, y) -> float:
    """Fraction of ``x`` classified right."""
    net.eval()
    with torch.no_grad():
        acc = float((net(x).argmax(1) == y).float().mean())
    net.train()
    return acc


def run(args, lam: float, split) -> dict:
    """Train one setup at one lambda; return the log line."""
    net = make_net(args.net, seed=args.seed, bn=args.bn)
    if args.penalize == "all":
        pen = list(net.parameters())
    else:  # weights only: matrices, no biases / BN parameters
        pen = [p for n, p in net.named_parameters() if n.endswith("weight") and p.dim() > 1]
    n_pen = sum(p.numel() for p in pen)
    opt = {
        "sgd": lambda: torch.optim.SGD(net.parameters(), lr=args.lr),
        "momentum": lambda: torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9),
        "adam": lambda: torch.optim.Adam(net.parameters(), lr=args.lr),
        "rmsprop": lambda: torch.optim.RMSprop(net.parameters(), lr=args.lr),
    }[args.opt]()
    xtr = torch.from_numpy(split.x_train).flatten(1)
    ytr = torch.from_numpy(split.y_train)
    xte = torch.from_numpy(split.x_test).flatten(1)
    yte = torch.from_numpy(split.y_test)
    gen = torch.Generator().manual_seed(args.seed)
    n = len(ytr)
    ce = nn.CrossEntropyLoss()
    nan_epoch = None
    probe = None
    curve = []
    zeros_per_epoch = []
    for epoch in range(1, args.epochs + 1):
        perm = torch.randperm(n, generator=gen)
        tot, tot_data, nb, zero_hits = 0.0, 0.0, 0, 0
        for i in range(0, n, args.batch):
            idx = perm[i:i + args.batch]
            opt.zero_grad()
            data_loss = ce(net(xtr[idx]), ytr[idx])
            loss = data_loss
            if lam:
                for p in pen:
                    loss = loss + lam * torch.sqrt(p.abs()).sum()
            loss.backward()
            if args.probe:
                zero_hits += sum(int((p == 0).sum()) for p in pen)
                if probe is None:
                    for name, p in net.named_parameters():
                        if p.grad is not None and torch.isnan(p.grad).any():
                            bad = torch.isnan(p.grad)
                            probe = {"param": name, "epoch": epoch,
                                     "nan_grads": int(bad.sum()),
                                     "value_at_nan_grad": [float(v) for v in p[bad][:5]],
                                     "loss_finite": bool(torch.isfinite(loss))}
                            break
            opt.step()
            tot += loss.item()
            tot_data += data_loss.item()
            nb += 1
        zeros_per_epoch.append(zero_hits)
        curve.append(tot / nb)
        if not math.isfinite(tot) and nan_epoch is None:
            nan_epoch = epoch
            break
    out = {
        "setup": args.name, "lam": lam, "nan_epoch": nan_epoch,
        "loss": curve[-1], "data_loss": tot_data / nb, "sum_sqrt": sum_sqrt(pen),
        "n_penalized": n_pen, "train_acc": accuracy(net, xtr, ytr),
        "test_acc": accuracy(net, xte, yte),
        "curve_every_10": [round(c, 4) for c in curve[9::10]],
    }
    if args.probe:
        out["probe"] = probe
        out["exact_zero_hits_per_epoch"] = zeros_per_epoch[:: max(1, len(zeros_per_epoch) // 12)]
    return out


def table(log: str) -> str:
    """The log as a Markdown table: one line per setup, one column per lambda.

    Each cell is ``loss / sum sqrt|w| / test accuracy``, or ``NaN@epoch``.
    """
    runs: dict[str, dict[float, dict]] = {}
    with open(log) as f:
        for line in f:
            r = json.loads(line)
            runs.setdefault(r["setup"], {})[r["lam"]] = r
    lams = sorted({lam for by in runs.values() for lam in by})
    out = ["| setup | " + " | ".join(f"lam {lam:g}" for lam in lams) + " |",
           "|---|" + "---|" * len(lams)]
    for setup, by in runs.items():
        cells = []
        for lam in lams:
            r = by.get(lam)
            if r is None:
                cells.append("")
            elif r["nan_epoch"] is not None:
                cells.append(f"NaN@{r['nan_epoch']}")
            else:
                cells.append(f"{r['loss']:.3g} / {r['sum_sqrt']:.3g} / {r['test_acc']:.2f}")
        out.append(f"| {setup} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def main(argv=None):
    """Command line: one setup, every lambda (or ``--table LOG``)."""
    if argv is None:
        import sys

        argv = sys.argv[1:]
    if argv[:1] == ["--table"]:
        print(table(argv[1]))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--opt", default="adam", choices=["sgd", "momentum", "adam", "rmsprop"])
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--net", default="784-10")
    ap.add_argument("--bn", action="store_true", help="BatchNorm after hidden layers")
    ap.add_argument("--penalize", default="all", choices=["all", "weights"])
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=120)
    ap.add_argument("--per-class", type=int, default=100, help="training digits per class")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lams", default=",".join(str(v) for v in LAMS))
    ap.add_argument("--probe", action="store_true")
    ap.add_argument("--log", default="build/sqrt_explore.jsonl")
    args = ap.parse_args(argv)
    args.name = (f"{args.opt} lr={args.lr:g} net={args.net}{'+bn' if args.bn else ''} "
                 f"pen={args.penalize} batch={args.batch} ep={args.epochs} "
                 f"n={args.per_class * 10} seed={args.seed}")
    torch.set_num_threads(1)
    split = rdata.load_sample(n_train_per_class=args.per_class)
    for lam in (float(v) for v in args.lams.split(",")):
        t0 = time.perf_counter()
        res = run(args, lam, split)
        res["seconds"] = round(time.perf_counter() - t0, 1)
        line = json.dumps(res)
        print(line, flush=True)
        with open(args.log, "a") as f:
            f.write(line + "\n")


if __name__ == "__main__":
    main()
