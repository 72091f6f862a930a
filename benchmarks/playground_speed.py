"""How long does one frame of notebook 09's playground take in the kernel?

One animation frame is what a Play tick does: ``steps_per_frame`` optimizer steps of the default
setting (a 2-8-8-1 tanh network, 200 moons points, SGD with momentum), then every view updated
(boundary field, network drawing, weight histogram, loss / accuracy / zero curves) and redrawn
on the Agg canvas by blitting, as the panel does. With ipympl the kernel then also encodes the
frame as a PNG for the browser, whole (the panel sets ``_force_full``: see
``regviz/widgets/_panel.py``): measured separately, the same way.
The browser adds the transfer and paint of the image; the browser test reports the frames per
second it sees.

Prints the median and the spread over the frames, the optimizer steps per second without
drawing, and last ``playground frame: X ms for K steps``. X is the kernel process's CPU time per
frame (``time.process_time``): on a shared machine the wall-clock time also counts the time
other processes held the cores, so it is printed beside it, with the load average, but the CPU
time is what an idle 2-core laptop's kernel would spend. Target (issue 12): X <= 30 ms with
K >= 10 on 2 cores. Run ``python benchmarks/playground_speed.py [--frames N] [--steps K]``.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from regviz import use_style  # noqa: E402
from regviz.playground import Trainer, make_dataset  # noqa: E402
from regviz.widgets.playground import PlaygroundPanel  # noqa: E402


def frame_png(canvas) -> bytes:
    """The PNG ipympl sends after a frame: the whole canvas (matplotlib's get_diff_image in its
    full mode, which regviz's panels ask for)."""  # noqa: D205
    buff = np.asarray(canvas.buffer_rgba())
    with io.BytesIO() as png:
        Image.fromarray(buff).save(png, format="png")
        return png.getvalue()


def frame_times(frames: int, steps: int) -> tuple[list[float], list[float], list[float]]:
    """Wall-clock and CPU ms of each of ``frames`` frames of ``steps`` steps, and PNG CPU ms."""
    panel = PlaygroundPanel(steps_per_frame=steps)
    panel.redraw(full=True)
    for _ in range(5):
        panel.advance()
    wall, cpu, png = [], [], []
    for _ in range(frames):
        start, start_cpu = time.perf_counter(), time.process_time()
        panel.advance()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
        start_cpu = time.process_time()
        frame_png(panel.figure.canvas)
        png.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu, png


def steps_per_second(steps: int = 2000) -> float:
    """Optimizer steps per CPU second of the default setting, history recorded, nothing drawn."""
    trainer = Trainer(make_dataset("moons"))
    start = time.process_time()
    trainer.step(steps)
    return steps / (time.process_time() - start)


def main() -> None:  # noqa: D103
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=100)
    parser.add_argument("--steps", type=int, default=10, help="optimizer steps per frame")
    args = parser.parse_args()
    use_style()
    wall, cpu, png = frame_times(args.frames, args.steps)
    median = statistics.median(cpu)
    q = statistics.quantiles(cpu, n=10)
    print(f"default setting: 2-8-8-1 tanh network, 200 moons points, sgd; {args.frames} frames")
    print(f"frame, CPU time: median {median:.1f} ms, 10% {q[0]:.1f} ms, 90% {q[-1]:.1f} ms "
          f"(= {1000 / median:.0f} frames/s kernel-side)")
    print(f"frame, wall clock: median {statistics.median(wall):.1f} ms")
    print(f"then ipympl's PNG of the frame, CPU time: median "
          f"{statistics.median(png):.1f} ms (frame + PNG: "
          f"{statistics.median([a + b for a, b in zip(cpu, png, strict=True)]):.1f} ms)")
    print(f"training alone: {steps_per_second():.0f} steps/s "
          f"({args.steps * 1000 / median:.0f} steps/s while drawing)")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"playground frame: {median:.1f} ms for {args.steps} steps")


if __name__ == "__main__":
    main()
