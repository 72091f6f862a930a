"""How long does one slider move take, in place, against drawing a new figure each time?

For every interactive view of every notebook (the ``BENCHMARK_VIEWS`` of each
``regviz.widgets`` module, plus notebook 06's cached-runs panel), times on Agg:

- *update*: ``panel.set(control=value)``, i.e. the callback (new data on the artists) plus the
  cheap redraw (blitting the dynamic artists, or a full draw when the view asks for one);
- *naive*: what a notebook without panels does on every move, building the view anew at the
  same values and drawing it (``factory(**values)`` then ``canvas.draw()``).

Both are medians over the sweep of each control. Prints a line per view and, last,
``slowest update: X ms (VIEW); smallest speedup over redraw: Yx``.

Targets (issue 3): 1D/2D views <= 10 ms, 3D <= 80 ms, every view >= 3x faster than the naive
redraw. Run with ``python benchmarks/slider_latency.py [--repeat N] [--only TEXT]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from regviz.widgets import benchmark_views  # noqa: E402

Sweep = dict[str, list]


def collect_views(only: str = "") -> dict[str, tuple[Callable, Sweep]]:
    """Every view of :func:`regviz.widgets.benchmark_views`, and notebook 06's cached runs.

    The cached runs (which train when the cache is cold) are left out when ``only`` excludes
    them.
    """
    views = benchmark_views()
    if only in "06 cached runs":
        views.update(cached_runs_views())
    return dict(sorted(views.items()))


def cached_runs_views() -> dict[str, tuple[Callable, Sweep]]:
    """Notebook 06's slider over cached runs; needs the cached reproduction (trains if cold)."""
    from regviz.experiments import reproduce
    from regviz.widgets.training import CachedRunsPanel

    result = reproduce("fleuret-l1")
    indices = list(range(len(result.rows)))

    def factory(index: int = 0) -> CachedRunsPanel:
        return CachedRunsPanel(result, index=index)

    # the slider's values are indices; sweep them back and forth to get >= 10 moves
    return {"06 cached runs": (factory, {"index": (indices + indices[::-1]) * 2})}


def is_3d(panel) -> bool:
    return any(getattr(ax, "name", "") == "3d" for ax in panel.figure.axes)


def time_view(factory: Callable, sweep: Sweep, repeat: int) -> tuple[float, float, bool]:
    """Median ms of one in-place update and of one naive rebuild, and whether the view is 3D."""
    panel = factory()
    panel.redraw(full=True)
    updates, naives = [], []
    for _ in range(repeat):
        for name, values in sweep.items():
            for value in values:
                t0 = time.perf_counter()
                panel.set(**{name: value})
                updates.append(time.perf_counter() - t0)
    if panel.last_error is not None:
        raise RuntimeError(f"update failed: {panel.last_error!r}")
    for name, values in sweep.items():
        others = {k: v for k, v in panel.values.items() if k != name}
        for value in values[:: max(1, len(values) // 5)]:
            t0 = time.perf_counter()
            fresh = _build(factory, {**others, name: value})
            fresh.figure.canvas.draw()
            naives.append(time.perf_counter() - t0)
            plt.close(fresh.figure)
    plt.close(panel.figure)
    return 1e3 * statistics.median(updates), 1e3 * statistics.median(naives), is_3d(panel)


def _build(factory: Callable, values: dict):
    """A new panel at ``values``; factories that take no such keywords are set after building."""
    try:
        return factory(**values)
    except TypeError:
        panel = factory()
        panel.set(**values)
        return panel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="sweeps per control (default 3)")
    parser.add_argument("--only", default="", help="time only views whose name contains this")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error(f"--repeat must be >= 1, got {args.repeat}")

    rows = []
    print(f"{'view':32s} {'update ms':>10s} {'new figure ms':>14s} {'speedup':>8s}  target")
    for name, (factory, sweep) in collect_views(args.only).items():
        if args.only not in name:
            continue
        update, naive, three_d = time_view(factory, sweep, args.repeat)
        target = 80.0 if three_d else 10.0
        speedup = naive / update
        ok = update <= target and speedup >= 3
        rows.append((name, update, speedup))
        print(f"{name:32s} {update:10.2f} {naive:14.1f} {speedup:7.1f}x  "
              f"<= {target:.0f} ms, >= 3x: {'ok' if ok else 'MISSED'}")
    if not rows:
        parser.error(f"no view matches --only {args.only!r}")
    slowest = max(rows, key=lambda r: r[1])
    smallest = min(rows, key=lambda r: r[2])
    print(f"slowest update: {slowest[1]:.1f} ms ({slowest[0]}); "
          f"smallest speedup over redraw: {smallest[2]:.1f}x ({smallest[0]})")


if __name__ == "__main__":
    main()
