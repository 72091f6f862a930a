"""Time fit against the lecture's handwritten loop, and the cost of the L1 proximal step.

Trains the lecture's convnet on 1,000 digits for a few epochs, interleaving three variants
(handwritten loop, fit without penalty, fit with the L1 prox) so that machine noise hits them
alike; reports medians. Last line:
fit/handwritten time ratio: R; prox overhead: P%; achieved GFLOP/s: G (matmul peak M)
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from regviz.data import load_sample
from regviz.models import make_model
from regviz.penalties import L1
from regviz.training import Regularization, fit


def handwritten(model, x, y, *, epochs, lr, batch_size):
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(epochs):
        perm = torch.randperm(len(x))
        for b in range(0, len(x), batch_size):
            idx = perm[b : b + batch_size]
            output = model(x[idx])
            loss = criterion(output, y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


def convnet_forward_flops() -> float:
    conv1 = 24 * 24 * 32 * 25 * 2
    conv2 = 4 * 4 * 64 * 32 * 25 * 2
    fc = 256 * 200 * 2 + 200 * 10 * 2
    return float(conv1 + conv2 + fc)


def matmul_peak(n: int = 1024, reps: int = 10) -> float:
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    t = time.perf_counter()
    for _ in range(reps):
        a @ b
    return 2 * n**3 * reps / (time.perf_counter() - t) / 1e9


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=9)
    args = ap.parse_args()
    data = load_sample()
    x, y = torch.as_tensor(data.x_train), torch.as_tensor(data.y_train)
    kw = dict(epochs=args.epochs, lr=0.1, batch_size=50)
    times = {"handwritten": [], "fit": [], "fit+prox": []}
    names = list(times)
    for rep in range(args.repeats + 1):  # the first round warms up
        # rotate the order each round: whichever variant runs first after another one's
        # allocations pays for them, and that cost must not always land on the same variant
        for name in names[rep % 3:] + names[: rep % 3]:
            model = make_model("convnet", seed=rep)
            torch.manual_seed(rep)
            t = time.perf_counter()
            if name == "handwritten":
                handwritten(model, x, y, **kw)
            elif name == "fit":
                fit(model, data, evaluate=False, progress=False, seed=rep, **kw)
            else:
                fit(model, data, evaluate=False, progress=False, seed=rep,
                    regularization=Regularization(L1(5e-4 / 0.1), "prox", params="all"), **kw)
            if rep:
                times[name].append(time.perf_counter() - t)
    med = {k: statistics.median(v) for k, v in times.items()}
    for k, v in med.items():
        print(f"{k:12s} median {v:.3f} s for {args.epochs} epochs ({args.repeats} repeats)")
    ratio = med["fit"] / med["handwritten"]
    overhead = 100 * (med["fit+prox"] / med["fit"] - 1)
    gflops = 3 * convnet_forward_flops() * len(x) * args.epochs / med["fit"] / 1e9
    print(f"torch threads: {torch.get_num_threads()}")
    print(f"fit/handwritten time ratio: {ratio:.3f}; prox overhead: {overhead:.1f}%; "
          f"achieved GFLOP/s: {gflops:.2f} (matmul peak {matmul_peak():.1f})")


if __name__ == "__main__":
    main()
