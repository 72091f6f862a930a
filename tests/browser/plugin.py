"""The browser harness's fixtures and hooks (registered by ``tests/conftest.py``).

- ``chromium``: one Playwright Chromium for the session (skip/require policy of
  :func:`browser.require_browser`); tests open their own contexts and pages in it.
- ``jupyterlab``: one JupyterLab server for the session (:class:`browser.Lab`).
- ``serve``: ``serve(folder)`` -> a :class:`browser.StaticServer` of that folder, one per folder.

Any test that uses one of them is marked ``browser`` at collection, so ``-m "not browser"``
leaves every browser out; the summary and ``build/browser/report.json`` come from
:data:`browser.REPORT`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, REPORT, SHOTS, Lab, StaticServer, require_browser
from browser import axe as _axe  # noqa: F401  (registers the accessibility report section)
from browser import summaries as _summaries  # noqa: F401  (JupyterLab's and the site's tables)

BROWSER_FIXTURES = {"chromium", "jupyterlab", "serve"}


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium through Playwright, launched once; skipped (or failed) without it."""
    require_browser()
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                     headless=True)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def jupyterlab(chromium, tmp_path_factory):
    """One JupyterLab server for every test that drives notebooks in it."""
    lab = Lab(tmp_path_factory.mktemp("jupyterlab"))
    try:
        yield lab
    finally:
        lab.stop()


@pytest.fixture(scope="session")
def serve():
    """``serve(folder)``: a static server of FOLDER on 127.0.0.1 (started once per folder)."""
    servers: dict[Path, StaticServer] = {}

    def start(folder: Path) -> StaticServer:
        folder = Path(folder).resolve()
        if folder not in servers:
            servers[folder] = StaticServer(folder)
        return servers[folder]

    try:
        yield start
    finally:
        for server in servers.values():
            server.stop()


#: The browser pass runs on two xdist workers, a file each at a time (``--dist loadfile
#: --no-loadscope-reorder``); xdist hands each worker two files at the start, the 1st and 3rd
#: of this order to one, the 2nd and 4th to the other: the site (the longest, mostly one busy
#: core) beside the accessibility build and the JupyterLab test (mostly waiting on the
#: kernel), which balances the two. A file not listed goes last.
FILE_ORDER = ("test_site.py", "test_a11y.py", "test_build.py", "test_browser.py")
#: The other pass (``-m "not browser"``, also ``--no-loadscope-reorder``) starts with its longest
#: files, longest first, so that no long file starts late and leaves a core idle at the end
#: (measured 2026-12-07, seconds of one worker: test_references 315 (its retrains train on one
#: thread), test_assignments 138, test_readme 97 with a cold site build, test_figures 79,
#: test_notebooks 63, test_lookups 56, test_widgets_frames 44; every other file under 21). In
#: xdist's default order (most tests first) test_references started at 226 s and ran alone for
#: the last 95 s of a 549 s pass.
SLOW_FIRST = ("test_references.py", "test_assignments.py", "test_readme.py", "test_figures.py",
              "test_notebooks.py", "test_lookups.py", "test_widgets_frames.py")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)

    order = SLOW_FIRST + FILE_ORDER  # each pass's -m deselects the other's files afterwards

    def rank(item) -> int:
        name = item.path.name
        return order.index(name) if name in order else len(order)

    if any(item.get_closest_marker("browser") for item in items):
        items.sort(key=rank)  # stable: the tests of a file keep their order


def pytest_terminal_summary(terminalreporter):
    REPORT.summary(terminalreporter)


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller prints and writes the report
        workeroutput["regviz_report"] = REPORT.dump()
        return
    REPORT.write()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """xdist's controller: take a finished worker's report (a hook only xdist calls)."""
    dumped = getattr(node, "workeroutput", {}).get("regviz_report")
    if dumped:
        REPORT.merge(dumped)
