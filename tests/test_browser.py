"""Every notebook in a real browser: JupyterLab from this environment, driven in Chromium.

For each notebook the test opens ``notebooks/NN_topic.py`` from its file-browser path, checks that
JupyterLab shows it as a notebook (the Jupytext viewer, not the text editor), runs all cells from
the Run menu, waits until every code cell has run and the kernel is idle, fails on any error
output, then focuses the first slider, presses ArrowRight and waits for the figure's pixels to
change. The time from the key press to the changed pixels is measured inside the page (keydown
timestamp to the first draw on the figure's canvas that leaves different pixels) and confirmed
from outside with element screenshots. Per notebook and the median over notebooks are printed in
pytest's summary and written to ``build/browser/report.json`` (kind ``jupyterlab``) by the
browser harness (tests/browser/), which also starts JupyterLab and Chromium; screenshots go to
``$REGVIZ_BROWSER_SHOTS`` (default ``/tmp/browser_shots/``). The latency goal (100 ms) is
reported, not asserted: it depends on the machine.

Chromium is Debian's (``/usr/bin/chromium``): Playwright cannot download its own browser here.
Without it (or without the ``playwright`` package) the test skips and says so plainly in the
summary, unless ``REGVIZ_REQUIRE_BROWSER=1`` (set by ``.ci/run``), which turns the skip into a
failure. A notebook listed in ``tests/test_notebooks.py``'s ``EXPECTED`` but missing from
``notebooks/`` fails at once, before JupyterLab starts; run a subset with ``-k``.

JupyterLab runs with a throw-away settings folder that turns autosave off (the test saves once,
on purpose, after the run: File > Save must leave the ``.py`` byte-for-byte as committed) and
renders every cell (no windowing), and a throw-away workspaces folder. The default viewer for
``.py`` files still comes from ``.venv/share/jupyter/lab/settings/overrides.json`` (``make setup``
copies lab-overrides.json).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser import (  # noqa: F401  (CHROMIUM, CHROMIUM_ARGS: other tests import them from here)
    CHROMIUM,
    CHROMIUM_ARGS,
    REPORT,
    REQUIRE,
    ROOT,
    SHOTS,
    Lab,
    browser_unavailable,
)
from test_notebooks import EXPECTED

NOTEBOOK_DIR = ROOT / "notebooks"
#: Seconds a notebook may take to run all cells (06 and 07 train networks on a cold cache).
RUN_TIMEOUT = float(os.environ.get("REGVIZ_BROWSER_TIMEOUT", "1200"))
#: Seconds the kernel may sit idle with cells left unrun before Run All counts as stopped.
STALL_TIMEOUT = 15.0
#: Seconds to wait for the figure's pixels to change after the key press.
PIXEL_TIMEOUT = 10.0
#: ArrowRight presses per notebook; the notebook's latency is their median.
PRESSES = 5
ERROR_MIME = "application/vnd.jupyter.error"
STDERR_MIME = "application/vnd.jupyter.stderr"
#: Source that makes a slider: a regviz panel, an ipywidgets slider, interact.
SLIDER_CODE = re.compile(r"\w*Panel\(|\w*[sS]lider\(|\binteract\w*\(")
#: Kernel states that end a run: waiting longer cannot help.
KERNEL_GONE = {"dead", "autorestarting", "restarting", "terminating"}

#: Per notebook: median key-press-to-pixels time (ms), each press (ms), Run All time (s).
RESULTS: dict[str, dict] = {}


# -- JupyterLab and Chromium come from the harness (tests/browser/) ----------------------------
@pytest.fixture(scope="module")
def browser_page_factory(jupyterlab, chromium):
    """The harness's JupyterLab and Chromium; yield the server and a function that opens a page."""
    context = chromium.new_context(viewport={"width": 1700, "height": 1100})

    def open_page():
        page = context.new_page()
        page.set_default_timeout(60_000)
        return page

    try:
        yield jupyterlab, open_page
    finally:
        context.close()


# -- in-page helpers ---------------------------------------------------------------------------
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

#: Counts code cells and how many have run ("[n]:" prompt) or are queued/running ("[*]:"),
#: and reads the kernel status and any open dialog.
CELL_STATE_JS = """
() => {
  const panel = document.querySelector('@PANEL@');
  const cells = panel ? [...panel.querySelectorAll('.jp-CodeCell')] : [];
  const prompts = cells.map(c => (c.querySelector('.jp-InputPrompt') || {}).textContent || '');
  const status = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const dialog = document.querySelector('.jp-Dialog');
  return {
    code: cells.length,
    done: prompts.filter(p => /\\[\\d+\\]/.test(p)).length,
    busy: prompts.filter(p => p.includes('*')).length,
    sliders: panel ? panel.querySelectorAll('.widget-slider').length : 0,
    kernel: status ? status.getAttribute('data-status') : null,
    dialog: dialog ? dialog.innerText : null,
  };
}
""".replace("@PANEL@", PANEL)

#: The error outputs of the visible notebook: every error output, and stderr that carries a
#: traceback or an error (warnings and progress bars on stderr are not failures).
ERRORS_JS = """
() => [...document.querySelectorAll('@PANEL@ .jp-OutputArea-output')]
  .filter(o => o.dataset.mimeType === '@ERROR@' ||
               (o.dataset.mimeType === '@STDERR@' && /Traceback|Error/.test(o.innerText)))
  .map(o => o.innerText)
"""
ERRORS_JS = (
    ERRORS_JS.replace("@PANEL@", PANEL).replace("@ERROR@", ERROR_MIME)
    .replace("@STDERR@", STDERR_MIME)
)

#: Installs a watcher on the figure: every keydown on the slider handle arms it with a timestamp,
#: and the first later moment the figure's pixels differ from before the key press ends it. On a
#: canvas every drawImage/putImageData is followed by a pixel check (so the time is that of the
#: draw itself, with no polling cost on the main thread); a 100 ms poll backs it up. An <img>
#: figure (the inline fallback) is re-read from its output area every 10 ms, since the Output
#: widget replaces the element.
WATCH_JS = """
([figure, area, handle]) => {
  const isCanvas = figure.tagName === 'CANVAS';
  const read = () => {
    if (isCanvas) {
      const ctx = figure.getContext('2d');
      const data = ctx.getImageData(0, 0, figure.width, figure.height).data;
      let h1 = 0x811c9dc5, h2 = 0;
      const u32 = new Uint32Array(data.buffer);
      for (let i = 0; i < u32.length; i++) {
        h1 = Math.imul(h1 ^ u32[i], 16777619); h2 = (h2 + u32[i]) | 0;
      }
      return `${figure.width}x${figure.height}:${h1}:${h2}`;
    }
    const img = area.querySelector('.widget-output img');
    return img ? img.src : '';
  };
  const w = {presses: [], armed: null, before: null, timer: null};
  window.__regvizWatch = w;
  const check = () => {
    if (w.armed === null) return;
    if (read() !== w.before) {
      w.presses.push(performance.now() - w.armed);
      w.armed = null;
      clearInterval(w.timer);
    }
  };
  if (isCanvas) {
    const ctx = figure.getContext('2d');
    for (const method of ['drawImage', 'putImageData']) {
      const original = ctx[method].bind(ctx);
      ctx[method] = (...args) => { const r = original(...args); check(); return r; };
    }
  }
  handle.addEventListener('keydown', () => {
    w.before = read();
    w.armed = performance.now();
    clearInterval(w.timer);
    w.timer = setInterval(check, isCanvas ? 100 : 10);
  }, {capture: true});
  return true;
}
"""


def _fail_on_errors(page, name: str, when: str) -> None:
    errors = page.evaluate(ERRORS_JS)
    if errors:
        pytest.fail(f"{name}: error output {when}:\n" + "\n---\n".join(errors)[-3000:],
                    pytrace=False)


def _run_all(page, name: str) -> None:
    """Run > Run All Cells, and wait until a cell is queued or has run.

    The notebook's kernel is running and idle before this (``_wait_for_kernel``), so a click
    that starts nothing is a failure, not something to retry.
    """
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    deadline = time.monotonic() + STALL_TIMEOUT
    while time.monotonic() < deadline:
        state = page.evaluate(CELL_STATE_JS)
        if state["busy"] or state["done"]:  # "[*]" on queued cells, "[n]" on run ones
            return
        time.sleep(0.25)
    page.screenshot(path=str(SHOTS / f"{name}_not_started.png"))
    pytest.fail(f"{name}: Run All Cells started no cell (last state "
                f"{page.evaluate(CELL_STATE_JS)})", pytrace=False)


def _wait_for_run(page, name: str, run_timeout: float = RUN_TIMEOUT) -> float | None:
    """Wait until every code cell shows an execution count and the kernel is idle.

    The kernel is fresh, so a numbered prompt means the cell ran in this Run All. Fails at once
    on an error output, a dialog (for instance jupytext's conflict with an .ipynb) or a dead
    kernel; otherwise after ``run_timeout`` seconds. Returns the ``time.monotonic()`` at which
    the first slider was seen (polled every 0.25 s), or None if the notebook showed none: the
    "open -> first slider" figure that the JupyterLab and site reports put side by side.
    """
    deadline = time.monotonic() + run_timeout
    state: dict = {}
    stalled_since = None
    first_slider = None
    while time.monotonic() < deadline:
        _fail_on_errors(page, name, "while running all cells")
        state = page.evaluate(CELL_STATE_JS)
        if first_slider is None and state["sliders"]:
            first_slider = time.monotonic()
        if state["dialog"]:
            page.screenshot(path=str(SHOTS / f"{name}_dialog.png"))
            pytest.fail(f"{name}: JupyterLab opened a dialog: {state['dialog'][:500]}",
                        pytrace=False)
        if state["kernel"] in KERNEL_GONE:
            pytest.fail(f"{name}: the kernel went {state['kernel']} while running all cells",
                        pytrace=False)
        if (
            state["code"] > 0
            and state["done"] == state["code"]
            and state["busy"] == 0
            and state["kernel"] == "idle"
        ):
            return first_slider
        # Run All stopped short (an error this test did not recognise, an interrupted kernel)
        if state["kernel"] == "idle" and state["busy"] == 0:
            stalled_since = stalled_since or time.monotonic()
            if time.monotonic() - stalled_since > STALL_TIMEOUT:
                page.screenshot(path=str(SHOTS / f"{name}_stalled.png"))
                pytest.fail(f"{name}: Run All stopped after {state['done']} of {state['code']} "
                            f"code cells with the kernel idle", pytrace=False)
        else:
            stalled_since = None
        time.sleep(0.25)
    page.screenshot(path=str(SHOTS / f"{name}_timeout.png"))
    pytest.fail(f"{name}: cells did not all run within {run_timeout:.0f} s (last state {state}; "
                f"REGVIZ_BROWSER_TIMEOUT sets the limit)", pytrace=False)


def _open_as_notebook(page, lab: Lab, relpath: str, name: str):
    """Open RELPATH by its file-browser path; return the locator of the notebook panel."""
    page.goto(lab.url(relpath))
    panel = page.locator(PANEL)
    first_cell = panel.locator(".jp-Notebook .jp-Cell").first
    try:
        first_cell.wait_for(state="visible", timeout=120_000)
    except Exception:
        page.screenshot(path=str(SHOTS / f"{name}_open.png"))
        as_text = page.locator(".jp-FileEditor:visible").count() > 0
        pytest.fail(
            f"{name}: {relpath} did not open as a notebook"
            + (" (it opened in the text editor: is the Jupytext default viewer set? "
               "make setup copies lab-overrides.json)" if as_text else ""),
            pytrace=False,
        )
    assert page.locator(".jp-FileEditor:visible").count() == 0, f"{name} opened as text"
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    stem = Path(relpath).stem
    assert tab.inner_text().strip().startswith(stem[:12]), f"{name}: another tab is current"
    # every cell of the .py is rendered as a notebook cell
    import jupytext

    expected = len(jupytext.read(ROOT / relpath).cells)
    cells = panel.locator(".jp-Notebook .jp-Cell")
    deadline = time.monotonic() + 60
    while cells.count() != expected and time.monotonic() < deadline:
        time.sleep(0.1)
    assert cells.count() == expected, (
        f"{name}: {cells.count()} cells shown, jupytext reads {expected} from {relpath}"
    )
    _wait_for_kernel(page, lab, relpath, name)
    dialog = page.locator(".jp-Dialog")
    if dialog.count():
        page.screenshot(path=str(SHOTS / f"{name}_dialog.png"))
        pytest.fail(f"{name}: JupyterLab opened a dialog: {dialog.first.inner_text()[:500]}",
                    pytrace=False)
    return panel


#: The notebook toolbar's kernel name while its session has no kernel yet.
NO_KERNEL = "No Kernel"


def _wait_for_kernel(page, lab: Lab, relpath: str, name: str, timeout: float = 120.0) -> None:
    """Wait until the notebook's own kernel is running and idle, as seen by the server and page.

    Why this matters: JupyterLab starts the kernel in the background after the notebook shows,
    and until the session exists its execution indicator reads "idle" while the toolbar reads
    "No Kernel". A Run All in that window finds no kernel, starts a second one and, when that
    start loses the race, opens the "Select Kernel" dialog. The first kernel after a server start
    is the slow one (cold imports), so the first notebook opened lost that race most often. Here
    Run All waits for what a person waits for: the kernel's name in the toolbar and an idle
    kernel. A dialog at this point is a real failure (a notebook without its kernelspec).
    """
    deadline = time.monotonic() + timeout
    state = {}
    while time.monotonic() < deadline:
        dialog = page.locator(".jp-Dialog")
        if dialog.count():
            page.screenshot(path=str(SHOTS / f"{name}_dialog.png"))
            pytest.fail(f"{name}: JupyterLab opened a dialog before the kernel started: "
                        f"{dialog.first.inner_text()[:500]}", pytrace=False)
        sessions = [s for s in lab.api("GET", "sessions") or [] if s["path"] == relpath]
        kernel = page.locator(f"{PANEL} .jp-Toolbar-kernelName, {PANEL} .jp-KernelName").first
        shown = kernel.inner_text().strip() if kernel.count() else ""
        status = page.evaluate(CELL_STATE_JS)["kernel"]
        state = {"sessions": len(sessions), "toolbar": shown, "status": status}
        if (
            sessions and sessions[0].get("kernel")
            and sessions[0]["kernel"]["execution_state"] == "idle"
            and shown and shown != NO_KERNEL and status == "idle"
        ):
            return
        time.sleep(0.2)
    page.screenshot(path=str(SHOTS / f"{name}_no_kernel.png"))
    pytest.fail(f"{name}: the notebook's kernel did not start within {timeout:.0f} s "
                f"(last state {state})", pytrace=False)


def _save_leaves_source_unchanged(page, panel, relpath: str, name: str, committed: bytes) -> None:
    """Save the run notebook (File > Save, as a student would) and require the .py unchanged.

    JupyterLab saves through jupytext with the settings of jupytext.toml; the header block of
    every notebook must be exactly what those settings write (tests/test_jupytext_roundtrip.py
    checks the same without a browser). On a difference the committed bytes are put back, so a
    failing run never leaves the working copy dirty.
    """
    path = ROOT / relpath
    before = path.stat().st_mtime_ns
    panel.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    while path.stat().st_mtime_ns == before and time.monotonic() < deadline:
        time.sleep(0.1)
    dialog = page.locator(".jp-Dialog")
    if dialog.count():
        page.screenshot(path=str(SHOTS / f"{name}_save_dialog.png"))
        pytest.fail(f"{name}: saving opened a dialog: {dialog.first.inner_text()[:500]}",
                    pytrace=False)
    assert path.stat().st_mtime_ns != before, f"{name}: Ctrl+S did not save {relpath}"
    time.sleep(0.3)  # the write is done when the mtime moved; let a second write land
    saved = path.read_bytes()
    if saved != committed:
        path.write_bytes(committed)
        import difflib

        diff = "".join(difflib.unified_diff(
            committed.decode().splitlines(True), saved.decode().splitlines(True),
            "committed", "saved by JupyterLab", n=1))
        pytest.fail(f"{name}: saving in JupyterLab rewrote {relpath}:\n{diff[:3000]}",
                    pytrace=False)


AT_MAX_JS = (
    "h => parseFloat(h.getAttribute('aria-valuenow')) >= "
    "parseFloat(h.getAttribute('aria-valuemax'))"
)


def _measure_slider(page, panel, name: str) -> list[float]:
    """Press an arrow key on the first slider PRESSES times; return each key-to-pixels time (ms)."""
    slider = panel.locator(".widget-slider").first
    assert slider.count() == 1, f"{name}: no slider found"
    output = panel.locator(".jp-OutputArea", has=page.locator(".widget-slider")).first
    figure = output.locator(".jupyter-matplotlib-canvas-div canvas, .widget-output img").first
    if figure.count() == 0:
        page.screenshot(path=str(SHOTS / f"{name}_nofigure.png"))
        (SHOTS / f"{name}_nofigure.html").write_text(output.inner_html())
    assert figure.count() == 1, f"{name}: no figure in the output of the first slider"
    # ipympl sizes its canvas from the kernel's answer, which may come after the kernel is idle
    # for a panel near the end of a notebook: give it up to 20 s, the output in view (the
    # output, not the canvas: Playwright would wait for a 0x0 canvas to become visible). A
    # canvas still 0x0 is a panel shown without its figure (CI, notebook 13, twice, before
    # regviz's panels sent their size with the display).
    output.scroll_into_view_if_needed()
    deadline = time.monotonic() + 2 * PIXEL_TIMEOUT
    while True:
        size = figure.evaluate(
            "f => f.tagName === 'CANVAS' ? [f.width, f.height] : [f.naturalWidth, f.naturalHeight]"
        )
        if min(size) > 0 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert min(size) > 0, (
        f"{name}: the figure beside the first slider is not drawn in JupyterLab "
        f"({size[0]}x{size[1]} pixels)"
    )
    figure.scroll_into_view_if_needed()
    handle = slider.locator(".noUi-handle").first
    time.sleep(0.5)  # let the first frame settle
    before = figure.screenshot()
    page.evaluate(
        WATCH_JS, [figure.element_handle(), output.element_handle(), handle.element_handle()]
    )
    handle.focus()
    watch: dict = {}
    for i in range(PRESSES):
        # ArrowRight, or ArrowLeft at the slider's maximum (a short slider, such as a few
        # cached runs, reaches its end within PRESSES presses)
        key = "ArrowLeft" if handle.evaluate(AT_MAX_JS) else "ArrowRight"
        handle.press(key)
        deadline = time.monotonic() + PIXEL_TIMEOUT
        while time.monotonic() < deadline:
            watch = page.evaluate("window.__regvizWatch")
            if len(watch["presses"]) > i:
                break
            time.sleep(0.01)
        assert watch["armed"] is not None or len(watch["presses"]) > i, (
            f"{name}: the slider handle did not get the key press"
        )
        assert len(watch["presses"]) > i, (
            f"{name}: figure pixels did not change within {PIXEL_TIMEOUT:.0f} s of {key} "
            f"(press {i + 1})"
        )
        time.sleep(0.3)  # let the panel settle before the next press
    after = figure.screenshot()
    for _ in range(50):  # the outside view agrees (a screenshot may lag a frame)
        if after != before:
            break
        time.sleep(0.02)
        after = figure.screenshot()
    assert after != before, f"{name}: the figure's screenshot did not change"
    output.screenshot(path=str(SHOTS / f"{name}.png"))
    return watch["presses"]


#: Window sizes (CSS pixels) at which every figure must fit its output area, with JupyterLab's
#: file browser open: a 1400 x 1000 window (issue 9), and the same window at 200 % browser zoom
#: (WCAG 1.4.4 and 1.4.10: the zoom halves the CSS pixels the page lays out in).
FIT_SIZES = {"1400x1000": (1400, 1000), "1400x1000 at 200 % zoom": (700, 500)}


def _check_figure_widths(page, name: str) -> None:
    """Fail when a figure (ipympl panel, canvas or image) is wider than its output area.

    Measured at each of :data:`FIT_SIZES`; the page's own viewport is restored afterwards.
    """
    widths_js = """([panel, zoomed]) => {
      const found = new Set();
      // at 200 % zoom a figure may be wider than the column if it can be scrolled into view
      // (WCAG 1.4.10 exempts two-dimensional content such as figures from reflow): an element
      // between it and the output area scrolls sideways. Cut off is what fails.
      const scrolls = (fig, area) => {
        for (let e = fig.parentElement; e; e = e.parentElement) {
          const o = getComputedStyle(e).overflowX;
          if ((o === 'auto' || o === 'scroll') && e.scrollWidth > e.clientWidth) return true;
          if (e === area) return false;
        }
        return false;
      };
      document.querySelectorAll(panel + ' .jp-OutputArea-output').forEach((area) => {
        const box = area.getBoundingClientRect();
        area.querySelectorAll('.jupyter-matplotlib, canvas, img').forEach((fig) => {
          const r = fig.getBoundingClientRect();
          if (r.width > 0 && r.right > box.right + 1 && !(zoomed && scrolls(fig, area))) {
            const what = fig.tagName === 'DIV' ? 'ipympl figure' : fig.tagName.toLowerCase();
            const over = Math.round(r.right - box.right);
            found.add(`${what} ${Math.round(r.width)} px wide in an output area of ` +
                      `${Math.round(box.width)} px (${over} px too wide)`);
          }
        });
      });
      return [...found];
    }"""
    before = page.viewport_size
    too_wide = []
    try:
        for label, (width, height) in FIT_SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(1000)  # let JupyterLab lay the panels out again
            zoomed = "zoom" in label
            too_wide += [f"{label}: {w}" for w in page.evaluate(widths_js, [PANEL, zoomed])]
    finally:
        page.set_viewport_size(before)
    if too_wide:
        page.screenshot(path=str(SHOTS / f"{name}_too_wide.png"))
    assert not too_wide, (
        f"{name}: figures wider than the notebook column (file browser open):\n  "
        + "\n  ".join(too_wide)
    )


# -- notebook-specific interactions, run after the slider check ---------------------------------
#: ``name -> function(page, panel, name) -> dict of extra results``, registered by notebook name.
INTERACTIONS: dict = {}


def interaction(name: str):
    """Register the decorated function as notebook NAME's extra browser check."""
    def register(function):
        INTERACTIONS[name] = function
        return function
    return register


#: Counts the frames a canvas shows: after each drawImage/putImageData, a hash of its pixels;
#: every new hash is a frame, stamped with performance.now().
FRAMES_JS = """
(figure) => {
  const ctx = figure.getContext('2d');
  const w = {stamps: [], last: null};
  const read = () => {
    const data = ctx.getImageData(0, 0, figure.width, figure.height).data;
    const u32 = new Uint32Array(data.buffer);
    let h1 = 0x811c9dc5, h2 = 0;
    for (let i = 0; i < u32.length; i++) {
      h1 = Math.imul(h1 ^ u32[i], 16777619); h2 = (h2 + u32[i]) | 0;
    }
    return `${h1}:${h2}`;
  };
  w.last = read();
  for (const method of ['drawImage', 'putImageData']) {
    const original = ctx[method].bind(ctx);
    ctx[method] = (...args) => {
      const r = original(...args);
      const now = read();
      if (now !== w.last) { w.last = now; w.stamps.push(performance.now()); }
      return r;
    };
  }
  window.__regvizFrames = w;
  return true;
}
"""

#: Where the playground's views are in its figure, as (left, top, right, bottom) fractions.
PLAYGROUND_VIEWS = {
    "boundary": (0.08, 0.07, 0.32, 0.44),
    "network": (0.45, 0.08, 0.97, 0.44),
    "curves": (0.45, 0.60, 0.98, 0.90),
}
PLAY_SECONDS = 4.0


def _crop(png: bytes, box: tuple[float, float, float, float]) -> bytes:
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    w, h = image.size
    return image.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w),
                       int(box[3] * h))).tobytes()


@interaction("09_playground")
def _drive_playground(page, panel, name: str) -> dict:
    """Play a few seconds (boundary, network and curves change; frames counted), Pause (nothing
    changes any more), Reset (the first frame comes back exactly)."""
    output = panel.locator(".jp-OutputArea", has=page.locator(".widget-play")).first
    figure = output.locator(".jupyter-matplotlib-canvas-div canvas").first
    assert figure.count() == 1, f"{name}: no live (ipympl) canvas beside the Play button"
    play = output.locator("button", has_text=re.compile(r"^\s*Play\s*$")).first  # the toggle
    figure.scroll_into_view_if_needed()
    time.sleep(1.0)
    first = figure.screenshot()
    page.evaluate(FRAMES_JS, figure.element_handle())
    play.click()
    time.sleep(PLAY_SECONDS)
    played = figure.screenshot()
    pause = output.locator("button", has_text=re.compile(r"^\s*Pause\s*$")).first
    assert pause.count() == 1, f"{name}: the Play toggle does not say Pause while playing"
    pause.click()
    stamps = page.evaluate("window.__regvizFrames.stamps")
    for view, box in PLAYGROUND_VIEWS.items():
        assert _crop(played, box) != _crop(first, box), f"{name}: Play did not change the {view}"
    assert len(stamps) >= 3, f"{name}: only {len(stamps)} frames in {PLAY_SECONDS:.0f} s of Play"
    fps = (len(stamps) - 1) / ((stamps[-1] - stamps[0]) / 1000.0)
    time.sleep(1.5)  # frames already on their way may still land
    paused = figure.screenshot()
    time.sleep(1.5)
    assert figure.screenshot() == paused, f"{name}: the figure still changes after Pause"
    output.locator("button", has_text=re.compile(r"^\s*Reset\s*$")).click()
    deadline = time.monotonic() + PIXEL_TIMEOUT
    reset = figure.screenshot()
    while reset != first and time.monotonic() < deadline:
        time.sleep(0.2)
        reset = figure.screenshot()
    if reset != first:
        (SHOTS / f"{name}_before_play.png").write_bytes(first)
        (SHOTS / f"{name}_after_reset.png").write_bytes(reset)
    assert reset == first, f"{name}: Reset did not give back the first frame (shots in {SHOTS})"
    (SHOTS / f"{name}_played.png").write_bytes(played)
    print(f"{name}: Play showed {len(stamps)} frames, {fps:.1f} frames/s; Pause held; Reset "
          f"gave back the first frame")
    return {"frames_per_s": round(fps, 1), "frames": len(stamps),
            "load_1min": round(os.getloadavg()[0], 1)}


# -- 06: the live training panel: Train changes the figure each epoch, Stop stops it ------------
#: Seconds a 10-epoch Train click may take in the browser before the test gives up (the goal,
#: under 10 s on 2 idle cores, is reported, not asserted: it depends on the machine's load).
TRAIN_TIMEOUT = 300.0


def _frames_until(figure, done, timeout: float) -> list[float]:
    """Times (s) at which FIGURE's screenshot changed, until DONE() is true or TIMEOUT."""
    start, last, changes = time.monotonic(), figure.screenshot(), []
    while not done() and time.monotonic() - start < timeout:
        time.sleep(0.1)
        shot = figure.screenshot()
        if shot != last:
            changes.append(round(time.monotonic() - start, 2))
            last = shot
    return changes


@interaction("06_mnist_l2_l1")
def _train_and_stop(page, panel, name: str) -> dict:
    output = panel.locator(".jp-OutputArea", has=page.locator("button", has_text="Train")).first
    train = output.locator("button", has_text="Train").first
    stop = output.locator("button", has_text="Stop").first
    figure = output.locator(".jupyter-matplotlib-canvas-div canvas, .widget-output img").first
    assert train.count() == 1 and stop.count() == 1 and figure.count() == 1, (
        f"{name}: no live training panel (Train, Stop and a figure) found")
    figure.scroll_into_view_if_needed()
    # one click with the default setting: the figure changes epoch after epoch until it ends
    start = time.monotonic()
    train.click()
    deadline = start + 30
    while train.is_enabled() and time.monotonic() < deadline:  # the kernel took the click
        time.sleep(0.05)
    assert not train.is_enabled(), f"{name}: Train did not start a run within 30 s"
    frames = _frames_until(figure, train.is_enabled, TRAIN_TIMEOUT)
    click_s = time.monotonic() - start
    assert train.is_enabled(), f"{name}: a Train click did not finish in {TRAIN_TIMEOUT:.0f} s"
    assert len(frames) >= 5, f"{name}: the figure changed only {len(frames)} times in a run"
    output.screenshot(path=str(SHOTS / f"{name}_trained.png"))
    # a second run, stopped after its first epoch: afterwards the figure stays as it is
    before = figure.screenshot()
    train.click()
    deadline = time.monotonic() + 60
    while figure.screenshot() == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert figure.screenshot() != before, f"{name}: the second run never changed the figure"
    stop.click()
    deadline = time.monotonic() + 60
    while not train.is_enabled() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert train.is_enabled(), f"{name}: Stop did not end the run within 60 s"
    time.sleep(0.5)
    after_stop = figure.screenshot()
    time.sleep(3.0)
    assert figure.screenshot() == after_stop, f"{name}: the figure still changes after Stop"
    assert "stopped after" in output.inner_text(), f"{name}: the stopped run is not in the table"
    output.screenshot(path=str(SHOTS / f"{name}_stopped.png"))
    print(f"{name}: Train click (10 epochs) {click_s:.1f} s in the browser, the figure changed "
          f"{len(frames)} times; Stop stopped it")
    return {"train_click_s": round(click_s, 1), "train_frames": len(frames)}


# -- accessibility of the outputs (issue 23): axe-core, alt texts, keyboard only -----------------
#: The notebook's output areas: what regviz puts on the page. JupyterLab's own interface is not
#: regviz's to fix (JupyterLab states it does not conform to WCAG 2.1 AA), so axe looks here only.
OUTPUTS = f"{PANEL} .jp-OutputArea-output"
#: Once the panels announce their state (regviz/widgets writes ``role="status"`` live regions),
#: the keyboard check requires the description beside the slider to change with it.
LIVE_REGIONS = any('role="status"' in p.read_text() for p in (ROOT / "regviz").rglob("*.py"))
FOCUSABLE = ("button, input, select, textarea, [tabindex]:not([tabindex='-1']), "
             ".noUi-handle, a[href]")

#: Whether the keyboard focus is on the slider handle, and how the handle looks (outline, ring,
#: colours): the focus is visible when the focused handle looks different from the unfocused.
FOCUS_JS = """
(handle) => {
  const a = document.activeElement;
  const s = getComputedStyle(handle);
  return {onHandle: a === handle || Boolean(a && handle.contains(a)),
          look: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow,
                 s.backgroundColor, s.borderColor, s.transform].join('|')};
}
"""


def check_outputs_accessible(page, name: str, where: str) -> int:
    """axe-core (WCAG 2.1 A/AA) over the notebook's output areas and the alt texts of their
    images; fails on any violation; returns the count recorded in the report."""
    from browser import axe

    found, theirs = axe.split_third_party(axe.violations(page, OUTPUTS))
    REPORT.add("axe", f"{name} ({where} outputs)", {
        "violations": axe.count(found), "where": f"{where} output areas",
        "third_party": {v["id"]: len(v["nodes"]) for v in theirs}})
    assert not found, f"{name} in {where}: axe-core WCAG 2.1 A/AA violations in the outputs:\n" \
                      f"{axe.describe(found)}"
    problems = axe.alt_problems(page, OUTPUTS)
    assert not problems, f"{name} in {where}: {problems[:5]}"
    return axe.count(found)


def operate_by_keyboard(page, panel, name: str) -> dict:
    """Reach the first slider with Tab from the first control of its panel, see the focus, move
    it with an arrow key, and read the panel's live description before and after."""
    output = panel.locator(".jp-OutputArea", has=page.locator(".widget-slider")).first
    handle = output.locator(".widget-slider .noUi-handle").first
    controls = output.locator(FOCUSABLE)
    assert controls.count() > 0, f"{name}: nothing in the panel takes the keyboard focus"
    page.evaluate("document.activeElement && document.activeElement.blur()")
    unfocused = page.evaluate(FOCUS_JS, handle.element_handle())["look"]
    controls.first.focus()
    tabs = 0
    state = page.evaluate(FOCUS_JS, handle.element_handle())
    while not state["onHandle"] and tabs < 20:
        page.keyboard.press("Tab")
        tabs += 1
        state = page.evaluate(FOCUS_JS, handle.element_handle())
    assert state["onHandle"], f"{name}: 20 Tab presses from the panel's first control never " \
                              f"reached its first slider"
    visible = state["look"] != unfocused
    assert visible, f"{name}: the focused slider handle looks as it does unfocused ({unfocused})"
    live = output.locator("[role=status], [aria-live]")
    before = live.first.inner_text() if live.count() else None
    key = "ArrowLeft" if handle.evaluate(AT_MAX_JS) else "ArrowRight"
    page.keyboard.press(key)
    changed = None
    if before is not None:
        deadline = time.monotonic() + PIXEL_TIMEOUT
        while time.monotonic() < deadline and live.first.inner_text() == before:
            time.sleep(0.1)
        changed = live.first.inner_text() != before
        assert changed, f"{name}: the panel's live description did not change after {key}"
        assert live.first.get_attribute("aria-live") in ("polite", None) or \
            live.first.get_attribute("role") == "status"
    elif LIVE_REGIONS:
        pytest.fail(f"{name}: the first slider's panel has no live description region "
                    f"(role=status)", pytrace=False)
    return {"keyboard_tabs": tabs, "focus_visible": visible,
            "live_description_changed": changed}


def check_notebook(lab: Lab, open_page, relpath: str, name: str,
                   run_timeout: float = RUN_TIMEOUT) -> dict:
    """Open RELPATH (from the repository root) in JupyterLab, run all, move the first slider.

    Returns the notebook's results (latency median and each press in ms, Run All seconds; no
    latency for a notebook whose source makes no slider); fails the test with a message naming
    NAME on any problem.
    """
    committed = (ROOT / relpath).read_bytes()
    wants_slider = bool(SLIDER_CODE.search(committed.decode()))
    page = open_page()
    try:
        opened = time.monotonic()
        panel = _open_as_notebook(page, lab, relpath, name)
        start = time.monotonic()
        _run_all(page, name)
        first_slider = _wait_for_run(page, name, run_timeout)
        run_all = time.monotonic() - start
        _fail_on_errors(page, name, "after running all cells")
        _check_figure_widths(page, name)
        check_outputs_accessible(page, name, "JupyterLab")

        if not wants_slider:
            assert panel.locator(".widget-slider").count() == 0, (
                f"{name}: a slider appeared, but SLIDER_CODE finds none in the source"
            )
            _save_leaves_source_unchanged(page, panel, relpath, name, committed)
            print(f"{name}: run all {run_all:.1f} s; no slider in this notebook")
            return {"latency_ms": None, "presses_ms": [], "run_all_s": round(run_all, 1),
                    "open_to_slider_s": None}
        presses = _measure_slider(page, panel, name)
        page.screenshot(path=str(SHOTS / f"{name}_page.png"))
        _fail_on_errors(page, name, "after moving the slider")
        keyboard = operate_by_keyboard(page, panel, name)
        extra = INTERACTIONS[name](page, panel, name) if name in INTERACTIONS else {}
        extra = {**keyboard, **extra}
        _fail_on_errors(page, name, "after its interaction")
        _save_leaves_source_unchanged(page, panel, relpath, name, committed)
    except BaseException:
        try:  # what the page looked like, for the failure report
            page.screenshot(path=str(SHOTS / f"{name}_failed.png"), timeout=10_000)
            print(f"{name}: screenshot of the failure in {SHOTS / f'{name}_failed.png'}")
        except Exception:
            pass
        raise
    finally:
        page.close()
        try:
            lab.shutdown_sessions()
        except OSError as exc:  # do not hide the test's own failure behind a cleanup error
            print(f"could not shut down the kernels: {exc}")
    print(f"{name}: run all {run_all:.1f} s; key press -> changed pixels, median of "
          f"{len(presses)}: {statistics.median(presses):.1f} ms")
    return {
        "latency_ms": round(statistics.median(presses), 1),
        "presses_ms": [round(t, 1) for t in presses],
        "run_all_s": round(run_all, 1),
        "open_to_slider_s": None if first_slider is None else round(first_slider - opened, 1),
        **extra,
    }


def _needs_torch() -> set[str]:
    """The notebooks that train networks (torch): the site leaves them out by the same rule."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_site
    finally:
        sys.path.pop(0)
    _, excluded = build_site.choose_notebooks(build_site.available_modules())
    return set(excluded)


#: ``slow`` on the notebooks that train networks, so ``-m "not slow"`` leaves them out.
TRAINS = _needs_torch()
NOTEBOOK_PARAMS = [pytest.param(name, marks=[pytest.mark.slow] if name in TRAINS else [])
                   for name in EXPECTED]


@pytest.mark.browser
@pytest.mark.parametrize("name", NOTEBOOK_PARAMS)
def test_notebook_in_jupyterlab(name, request):
    source = NOTEBOOK_DIR / f"{name}.py"
    if not source.exists():
        pytest.fail(
            f"notebooks/{name}.py is missing (listed in tests/test_notebooks.py EXPECTED); "
            f"run the others with -k",
            pytrace=False,
        )
    stray_before = set(NOTEBOOK_DIR.glob("*.ipynb"))
    assert not stray_before, (
        f"remove {sorted(p.name for p in stray_before)} from notebooks/: an .ipynb beside its "
        f".py makes jupytext ask which one to trust"
    )
    lab, open_page = request.getfixturevalue("browser_page_factory")
    RESULTS[name] = check_notebook(lab, open_page, f"notebooks/{name}.py", name)
    REPORT.add("jupyterlab", name, RESULTS[name])
    stray = set(NOTEBOOK_DIR.glob("*.ipynb")) - stray_before
    assert not stray, f"JupyterLab wrote {sorted(stray)} beside the .py (jupytext pairing?)"
    checkpoints = NOTEBOOK_DIR / ".ipynb_checkpoints"
    if checkpoints.exists() and not any(checkpoints.iterdir()):
        shutil.rmtree(checkpoints, ignore_errors=True)


# -- the browser test can fail: notebooks with a planted fault -----------------------------------
PLANTED_HEADER = """\
# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A notebook with a planted fault (written by tests/test_browser.py)

# %%
import ipywidgets as widgets
import matplotlib.pyplot as plt

%matplotlib widget
"""
PLANTED = {
    # an exception while running all cells
    "raises": PLANTED_HEADER + """
# %%
raise ValueError("planted failure for the browser test")

# %%
print("never reached")
""",
    # a slider whose moves never reach the figure
    "frozen": PLANTED_HEADER + """
# %%
with plt.ioff():
    fig, ax = plt.subplots(figsize=(4, 3))
ax.plot([0, 1], [0, 1])
slider = widgets.FloatSlider(value=0.5, min=0.0, max=1.0, step=0.1)
widgets.VBox([slider, fig.canvas])
""",
}


@pytest.mark.browser
@pytest.mark.parametrize(
    ("fault", "message"),
    [("raises", "planted failure for the browser test"),
     ("frozen", "figure pixels did not change")],
)
def test_the_browser_check_catches(fault, message, request):
    folder = ROOT / "build" / "browser-selftest"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{fault}.py").write_text(PLANTED[fault])
    lab, open_page = request.getfixturevalue("browser_page_factory")
    with pytest.raises((pytest.fail.Exception, AssertionError), match=message):
        check_notebook(lab, open_page, f"build/browser-selftest/{fault}.py", f"planted-{fault}",
                       run_timeout=120)


#: Holds back JupyterLab's request that starts a notebook's kernel, as a cold first kernel
#: start does, so that the notebook shows (indicator "idle", toolbar "No Kernel") long before
#: it has a kernel: the window in which a Run All used to open "Select Kernel".
SLOW_KERNEL_JS = """
(() => {
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input.url;
    const method = (init && init.method) || (typeof input === 'string' ? 'GET' : input.method);
    if (url.includes('/api/sessions') && method === 'POST') {
      return new Promise(r => setTimeout(r, @DELAY@)).then(() => fetch0.call(this, input, init));
    }
    return fetch0.call(this, input, init);
  };
})();
"""


@pytest.mark.browser
def test_run_all_waits_for_a_slow_first_kernel(request):
    """The 'Select Kernel' race, forced: the kernel starts 10 s after the notebook shows."""
    folder = ROOT / "build" / "browser-selftest"
    folder.mkdir(parents=True, exist_ok=True)
    header = "".join((NOTEBOOK_DIR / f"{EXPECTED[0]}.py").read_text().splitlines(True)[:12])
    source = folder / "slow_kernel.py"
    source.write_text(header + '# %%\nprint("ran with the kernel JupyterLab started")\n')
    lab, open_page = request.getfixturevalue("browser_page_factory")
    page = open_page()
    page.add_init_script(SLOW_KERNEL_JS.replace("@DELAY@", "10000"))
    try:
        relpath = "build/browser-selftest/slow_kernel.py"
        started = time.monotonic()
        _open_as_notebook(page, lab, relpath, "slow-kernel")
        # Run All comes only once the notebook has its kernel, however late that is
        assert time.monotonic() - started >= 10
        assert [s for s in lab.api("GET", "sessions") if s["path"] == relpath]
        shown = page.locator(f"{PANEL} .jp-Toolbar-kernelName, {PANEL} .jp-KernelName").first
        assert shown.inner_text().strip() not in ("", NO_KERNEL)
        _run_all(page, "slow-kernel")
        _wait_for_run(page, "slow-kernel", run_timeout=120)
        assert page.locator(".jp-Dialog").count() == 0
    finally:
        page.close()
        lab.shutdown_sessions()


def _run_pytest(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", str(Path(__file__)), "-p", "no:cacheprovider", "-ra",
         "-k", "test_notebook_in_jupyterlab and 01_", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


def test_without_chromium_the_skip_is_plain_and_require_fails(tmp_path):
    env = {**os.environ, "REGVIZ_CHROMIUM": str(tmp_path / "no-chromium")}
    env.pop(REQUIRE, None)
    skipped = _run_pytest(env)
    assert skipped.returncode == 0, skipped.stdout[-3000:]
    assert "1 skipped" in skipped.stdout, skipped.stdout[-3000:]
    assert "BROWSER TEST SKIPPED" in skipped.stdout
    assert "The browser test did not run" in skipped.stdout
    assert "apt-get install chromium" in skipped.stdout

    required = _run_pytest({**env, REQUIRE: "1"})
    assert required.returncode == 1, required.stdout[-3000:]
    assert "1 failed" in required.stdout
    assert f"browser test required ({REQUIRE}=1)" in required.stdout
    assert "apt-get install chromium" in required.stdout


def test_a_missing_notebook_fails_at_once(tmp_path, monkeypatch):
    """A notebook in EXPECTED without its .py fails with its name, before any server starts."""
    monkeypatch.setattr(sys.modules[__name__], "NOTEBOOK_DIR", tmp_path)

    class NoFixture:
        def getfixturevalue(self, name):
            raise AssertionError(f"started {name} for a missing notebook")

    missing = r"notebooks/01_penalty_landscapes\.py is missing"
    with pytest.raises(pytest.fail.Exception, match=missing):
        test_notebook_in_jupyterlab("01_penalty_landscapes", NoFixture())
