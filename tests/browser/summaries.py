"""The browser pass's summary tables, registered with :data:`browser.REPORT` by the plugin.

They live here, not in the test files, because under xdist the controller prints the summary
and never imports the test modules: it has only what the workers handed over (the report's
entries and facts).
"""

from __future__ import annotations

import statistics

from browser import REPORT

#: The median key-press-to-pixels time a notebook's sliders should stay within (ms).
LATENCY_GOAL_MS = 100.0
#: Frames per second Play should reach (issue 21), reported beside the machine's load.
PLAY_FPS_GOAL = 30.0


def median_latency() -> float | None:
    """The median over notebooks of JupyterLab's key-press-to-pixels medians (ms)."""
    values = [r["latency_ms"] for r in REPORT.of("jupyterlab").values()
              if r["latency_ms"] is not None]
    return statistics.median(values) if values else None


def _jupyterlab(write) -> None:
    for name, r in sorted(REPORT.of("jupyterlab").items()):
        if r["latency_ms"] is None:
            write(f"{name:32s}   (no slider; run all: {r['run_all_s']:.1f} s)")
            continue
        presses = ", ".join(f"{t:.0f}" for t in r["presses_ms"])
        write(
            f"{name:32s} {r['latency_ms']:7.1f} ms  (presses: {presses}; "
            f"run all: {r['run_all_s']:.1f} s; open->slider: {r['open_to_slider_s']:.1f} s)"
            + (f"; Play: {r['frames_per_s']:.1f} frames/s ("
               f"{'within' if r['frames_per_s'] >= PLAY_FPS_GOAL else 'UNDER'} the "
               f"{PLAY_FPS_GOAL:.0f} frames/s goal; load {r['load_1min']})"
               if "frames_per_s" in r else "")
        )
    median = median_latency()
    if median is not None:
        verdict = "within" if median <= LATENCY_GOAL_MS else "OVER"
        write(f"{'median over notebooks':32s} {median:7.1f} ms "
              f"({verdict} the {LATENCY_GOAL_MS:.0f} ms goal)")
        REPORT.fact("jupyterlab", "median_latency_ms", median)
        REPORT.fact("jupyterlab", "goal_ms", LATENCY_GOAL_MS)


def _cells(r: dict) -> str:
    """One notebook's open->slider, run-all and key->pixels figures as table cells."""
    def cell(value, unit: str, width: int) -> str:
        return f"{'-':>{width + len(unit) + 1}s}" if value is None else \
            f"{value:{width}.1f} {unit}"
    return (f"{cell(r.get('open_to_slider_s'), 's', 10)} {cell(r.get('run_all_s'), 's', 7)} "
            f"{cell(r.get('latency_ms'), 'ms', 10)}")


def _site(write) -> None:
    facts = REPORT.facts.get("site", {})
    if "site_mb" in facts:
        write(f"site size on disk: {facts['site_mb']:.1f} MB")
    if "first_visit_mb" in facts:
        write(f"first visit (fresh browser, {facts['first_notebook']}, open + Run All + "
              f"slider): {facts['first_visit_mb']:.1f} MB in {facts['first_visit_files']:.0f}"
              f" files")
    results = REPORT.of("site")
    if not results:
        return
    lab = REPORT.of("jupyterlab")  # tests/test_browser.py's figures, when it ran in this session
    write(f"{'':28s} {'in the site (Pyodide)':^36s}   "
          f"{'in JupyterLab (test_browser.py)':^36s}")
    header = f"{'open->slider':>12s} {'run all':>9s} {'key->pixels':>13s}"
    write(f"{'notebook':28s} {header}   {header}")
    for name, r in sorted(results.items()):
        other = lab.get(name)
        write(f"{name:28s} {_cells(r)}   {_cells(other) if other else '(not run)'}")
    values = [r["latency_ms"] for r in results.values()]
    median_lab = [lab[n]["latency_ms"] for n in results if lab.get(n, {}).get("latency_ms")]
    write(f"{'median key->pixels':28s} {statistics.median(values):33.1f} ms   "
          + (f"{statistics.median(median_lab):33.1f} ms" if median_lab else ""))


REPORT.section("jupyterlab", "browser: slider key press to changed pixels", _jupyterlab)
REPORT.section("site", "site: the notebooks in the browser's Python (JupyterLite)", _site)
