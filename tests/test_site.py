"""The browser-only edition: build the JupyterLite site, serve it locally, run every notebook.

``make site`` is run first (with the build environment it sets up; ``REGVIZ_SITE_NO_BUILD=1``
uses the ``build/site/`` already there). The site is then served from ``build/site/`` on
127.0.0.1 by a plain static file server, and Chromium (Debian's, through Playwright) opens each
notebook that ``build/site/site-manifest.json`` lists (the build decides which notebooks run
without torch, so a new one is tested with no list to edit). For each: Run All Cells, no error
output, the first slider moved with the arrow key until its figure's pixels change (the same
measurement as ``tests/test_browser.py``), and every request the browser made went to the local
server. The first notebook is opened in a fresh browser profile: the bytes the server sent for it
are the first-visit download of a student; the others reuse the browser's cache, as a student's
next notebook does.

The figures (site size, first-visit download, opening a notebook to its first slider, key press
to changed pixels) are printed in pytest's summary beside JupyterLab's (when
``tests/test_browser.py`` ran in the same session) and written to ``build/browser/report.json``
(kind ``site``) by the browser harness (tests/browser/), which also provides Chromium and the
static server.
Screenshots go to ``$REGVIZ_BROWSER_SHOTS`` (default ``/tmp/browser_shots/``) as ``site_*.png``.

Run it with ``make test-site`` (a few minutes; ``make test`` runs it with everything else) or
``pytest -m site tests/test_site.py``; ``-k 04_`` runs one notebook.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from browser import HOST, REPORT, ROOT, SHOTS, StaticServer
from test_browser import (
    PANEL,
    _check_figure_widths,
    _fail_on_errors,
    _measure_slider,
    _run_all,
    _wait_for_run,
    check_outputs_accessible,
    operate_by_keyboard,
)

SITE = ROOT / "build" / "site"
MANIFEST = SITE / "site-manifest.json"
#: Seconds one notebook may take to open and run all cells in the browser's Python.
RUN_TIMEOUT = float(os.environ.get("REGVIZ_SITE_TIMEOUT", "240"))

pytestmark = [pytest.mark.site, pytest.mark.browser]

RESULTS: dict[str, dict] = {}
FACTS: dict[str, float] = REPORT.facts.setdefault("site", {})
#: the paths the server sent for the first notebook in a fresh browser
FIRST_VISIT: list[str] = []


def _manifest_notebooks() -> list[str]:
    """The notebooks the site will hold, by the build's own rule (``make site`` runs the same
    code); the site is built later, in the fixture, so this cannot read its manifest."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_site
    finally:
        sys.path.pop(0)
    included, _ = build_site.choose_notebooks(build_site.available_modules())
    return [path.stem for path in included]


def _build_site() -> None:
    if os.environ.get("REGVIZ_SITE_NO_BUILD") == "1" and MANIFEST.exists():
        return
    result = subprocess.run(["make", "-C", str(ROOT), "site"], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"make site failed:\n{(result.stdout + result.stderr)[-4000:]}",
                    pytrace=False)


def _site_size() -> int:
    return sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def site(chromium, serve):
    """Build and serve the site; yield (server, browser) (Chromium from the harness)."""
    _build_site()
    FACTS["site_mb"] = _site_size() / 1e6
    server = serve(SITE)
    try:
        yield server, chromium
    finally:
        FACTS["first_visit_paths"] = FIRST_VISIT


NOTEBOOKS = _manifest_notebooks()


def _goto(context, server: StaticServer, name: str):
    page = context.new_page()
    page.set_default_timeout(60_000)
    start = time.monotonic()
    page.goto(server.url(f"lab/index.html?path={name}.ipynb"))
    return page, start


def _run(page, name: str) -> float:
    """Wait for the kernel, Run All Cells; return when it started."""
    page.locator(f"{PANEL} .jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
    page.locator(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(
        timeout=RUN_TIMEOUT * 1000)
    run_start = time.monotonic()
    _run_all(page, name)
    return run_start


def _finish(page, name: str, start: float, run_start: float) -> dict:
    """Wait for the run to end without errors, move the first slider; return the figures."""
    first_slider = _wait_for_run(page, name, RUN_TIMEOUT)
    run_all = time.monotonic() - run_start
    _fail_on_errors(page, name, "after running all cells")
    assert first_slider is not None, f"{name}: Run All ended and no slider appeared"
    open_to_slider = first_slider - start
    presses = _measure_slider(page, page.locator(PANEL), name)
    _fail_on_errors(page, name, "after moving the slider")
    page.screenshot(path=str(SHOTS / f"site_{name}.png"))
    _check_figure_widths(page, f"site_{name}")
    check_outputs_accessible(page, name, "site")
    keyboard = operate_by_keyboard(page, page.locator(PANEL), name)
    return {"open_to_slider_s": round(open_to_slider, 1), "run_all_s": round(run_all, 1),
            "latency_ms": round(statistics.median(presses), 1),
            "presses_ms": [round(t, 1) for t in presses], **keyboard}


@pytest.fixture(scope="module")
def runs(site, request) -> dict[str, str]:
    """Run every selected notebook of the site; return the failure message of each that failed.

    One notebook at a time, as a student opens them: the first in a fresh browser profile (its
    download is the first visit), the others reusing that profile's cache. Not two at once: one
    notebook already keeps both cores of a small machine busy (the kernel's worker and the page),
    so two at once took as long in all (265 s against 246 s here) and doubled every figure.
    """
    server, browser = site
    selected = [item.callspec.params["name"] for item in request.session.items
                if getattr(item, "originalname", "") == "test_notebook_in_the_site"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.on("request", lambda r: REQUESTS.append(r.url))
    failures: dict[str, str] = {}
    for number, name in enumerate(selected):
        sent_before = len(server.sent)
        page, start = _goto(context, server, name)
        try:
            RESULTS[name] = _finish(page, name, start, _run(page, name))
            REPORT.add("site", name, RESULTS[name])
        except (Exception, pytest.fail.Exception) as exc:
            failures[name] = str(exc)
            try:
                page.screenshot(path=str(SHOTS / f"site_{name}_failed.png"), timeout=10_000)
            except Exception:
                pass
        finally:
            page.close()
        if number == 0 and name in RESULTS:
            files = server.sent[sent_before:]
            FACTS["first_notebook"] = name
            FACTS["first_visit_mb"] = sum(size for _, size in files) / 1e6
            FACTS["first_visit_files"] = len(files)
            FIRST_VISIT.extend(sorted({path for path, _ in files}))
    context.close()
    return failures


REQUESTS: list[str] = []


def test_the_site_holds_the_torch_free_notebooks(site):
    manifest = json.loads(MANIFEST.read_text())
    assert manifest["notebooks"] == NOTEBOOKS
    for name in manifest["notebooks"]:
        assert (SITE / "files" / f"{name}.ipynb").is_file()
    # the notebooks that need torch are left out, and the landing notebook says so
    assert {"06_mnist_l2_l1", "07_questions_from_practice"} <= set(manifest["excluded"])
    landing = (SITE / "files" / manifest["landing"]).read_text()
    for name in [*manifest["notebooks"], *manifest["excluded"]]:
        assert name in landing
    # nothing beside the sources
    assert not list((ROOT / "notebooks").glob("*.ipynb"))
    # Pyodide and every package it loads are files of the site
    lock = json.loads((SITE / "static" / "pyodide" / "pyodide-lock.json").read_text())
    for entry in lock["packages"].values():
        assert (SITE / "static" / "pyodide" / entry["file_name"]).is_file(), entry["file_name"]
    assert lock["packages"]["regviz"]["depends"]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_in_the_site(name, runs):
    assert name not in runs, runs.get(name)
    assert name in RESULTS
    elsewhere = sorted({url for url in REQUESTS if urlsplit(url).hostname != HOST
                        and not url.startswith(("data:", "blob:"))})
    assert not elsewhere, f"the browser asked other hosts: {elsewhere[:10]}"
