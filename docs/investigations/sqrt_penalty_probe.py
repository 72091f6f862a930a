"""Why the Q&A's runs NaN at small lambda and not at large: watch every weight cross 0.

Trains the chosen setup (Adam, 784-10 logistic model, 4,000 digits, batches of 64, default
initialization, ``lam * torch.sqrt(p.abs()).sum()`` over all parameters) at a few lambdas
and, after every step, for each weight that changed sign or reached 0, records how close it
landed to 0 *in units of the float32 spacing at its previous value* (``|w_new| / ulp(w_old)``:
0 is an exact zero, hence the next gradient is 0 * inf = NaN). A NaN needs a landing at 0; the
rate of landings within a few thousand ulps estimates how often that happens. It also records
the step sizes ``|dw| / lr`` (Adam's normalized step) and the data gradient against the
penalty's at the end.

Usage::

    OMP_NUM_THREADS=1 PYTHONPATH=$PWD python docs/investigations/sqrt_penalty_probe.py \
        --lams 0.001,0.01,0.1,100 --epochs 120 --log build/sqrt_probe.jsonl
"""

from __future__ import annotations

import argparse
import json

import numpy as np
import torch
from torch import nn

from regviz import data as rdata


def main(argv=None):
    """Command line: one line of counts per lambda."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--epochs", type=int, default=120)
    ap.add_argument("--lams", default="0.001,0.01,0.1,100")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--log", default="build/sqrt_probe.jsonl")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    split = rdata.load_sample(n_train_per_class=400)
    x = torch.from_numpy(split.x_train).flatten(1)
    y = torch.from_numpy(split.y_train)
    for lam in (float(v) for v in args.lams.split(",")):
        torch.manual_seed(args.seed)
        net = nn.Linear(784, 10)
        opt = torch.optim.Adam(net.parameters(), lr=args.lr)
        gen = torch.Generator().manual_seed(args.seed)
        crossings = 0
        bins = np.zeros(8, dtype=np.int64)  # landings at |w_new|/ulp(w_old) in [0], (0,1e1], ...
        steps = []
        nan_epoch = None
        for epoch in range(1, args.epochs + 1):
            perm = torch.randperm(len(y), generator=gen)
            for i in range(0, len(y), 64):
                idx = perm[i:i + 64]
                loss = nn.functional.cross_entropy(net(x[idx]), y[idx])
                loss = loss + sum(lam * torch.sqrt(p.abs()).sum() for p in net.parameters())
                opt.zero_grad()
                loss.backward()
                old = net.weight.detach().clone()
                opt.step()
                new = net.weight.detach()
                crossed = (torch.sign(new) != torch.sign(old)) & (old != 0)
                if crossed.any():
                    o = old[crossed].numpy()
                    n = new[crossed].numpy()
                    ratio = np.abs(n) / np.spacing(np.abs(o).astype(np.float32))
                    crossings += int(crossed.sum())
                    bins[0] += int((ratio == 0).sum())
                    edges = [0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, np.inf]
                    bins[1:] += np.histogram(ratio[ratio > 0], bins=edges)[0]
                if i == 0 and epoch % 10 == 0:
                    steps.append(float(((new - old).abs() / args.lr).median()))
                if not torch.isfinite(new).all():
                    nan_epoch = epoch
                    break
            if nan_epoch:
                break
        # data gradient against the penalty's on the final weights (full batch)
        w = net.weight
        opt.zero_grad()
        nn.functional.cross_entropy(net(x), y).backward()
        g_data = w.grad.abs().flatten()
        g_pen = (lam / (2 * torch.sqrt(w.detach().abs().clamp_min(1e-30)))).flatten()
        res = {
            "lam": lam, "lr": args.lr, "seed": args.seed, "nan_epoch": nan_epoch,
            "crossings": crossings,
            "landings_exact0_1e1_1e2_1e3_1e4_1e5_1e6_more": bins.tolist(),
            "median_step_over_lr_every_10_epochs": [round(s, 3) for s in steps],
            "median_abs_w_over_lr": float(w.detach().abs().median() / args.lr),
            "median_data_grad": float(g_data.median()),
            "median_penalty_grad": float(g_pen.median()),
            "fraction_penalty_grad_wins": float((g_pen > g_data).float().mean()),
        }
        print(json.dumps(res), flush=True)
        with open(args.log, "a") as f:
            f.write(json.dumps(res) + "\n")


if __name__ == "__main__":
    main()
