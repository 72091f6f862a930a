"""The one browser harness of the test suite: Chromium, its skip/require policy, a static file
server, JupyterLab, axe-core and the report, in one place.

Every test that needs a browser asks for the fixtures of :mod:`browser.plugin` (registered by
``tests/conftest.py``): ``chromium`` (one Playwright Chromium for the whole session),
``jupyterlab`` (one JupyterLab server, rooted at the repository), ``serve`` (a static file
server for a folder). None of them launches anything itself.

Policy: Chromium is Debian's (``/usr/bin/chromium``; Playwright cannot download its own browser
here). Without it, or without the ``playwright`` package, every browser test is skipped with one
plain reason in the summary, unless ``REGVIZ_REQUIRE_BROWSER=1`` (set by ``.ci/run``), which
turns every such skip into a failure.

Report: tests put their figures into :data:`REPORT` (``REPORT.add(kind, name, values)``); at the
end of the session the summary prints every kind that has an entry, and the whole report is
written to ``build/browser/report.json``.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
#: Debian's Chromium; ``REGVIZ_CHROMIUM`` overrides it (the skip-path test points it nowhere).
CHROMIUM = Path(os.environ.get("REGVIZ_CHROMIUM", "/usr/bin/chromium"))
REQUIRE = "REGVIZ_REQUIRE_BROWSER"
SHOTS = Path(os.environ.get("REGVIZ_BROWSER_SHOTS", "/tmp/browser_shots"))
REPORT_PATH = ROOT / "build" / "browser" / "report.json"
HOST = "127.0.0.1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def notebook_names() -> list[str]:
    """Every ``notebooks/NN_topic.py``, in reading order (a new notebook joins by itself)."""
    return [p.stem for p in sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.py"))]


def browser_unavailable() -> str | None:
    """Why no browser test can run on this machine, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found; install it with `apt-get install chromium`"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (it is in the dev extra: pip install -e '.[dev]')"
    return None


def require_browser() -> None:
    """Skip the calling test (or fail it under ``REGVIZ_REQUIRE_BROWSER=1``) without a browser."""
    reason = browser_unavailable()
    if reason is None:
        return
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"browser test required ({REQUIRE}=1) but cannot run: {reason}",
                    pytrace=False)
    REPORT.skipped = reason
    pytest.skip(f"BROWSER TEST SKIPPED: {reason}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


# -- the report ---------------------------------------------------------------------------------
class Report:
    """What the browser tests measured, by kind (``"jupyterlab"``, ``"site"``, ``"axe"``, ...).

    A kind's table is printed by the writer registered for it with :meth:`section`; writers
    read each other's entries from here, in memory (the site's table puts JupyterLab's figures
    beside its own).
    """

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, dict]] = {}
        self.facts: dict[str, dict] = {}
        self.writers: dict[str, tuple[str, Callable]] = {}
        self.skipped: str | None = None

    def add(self, kind: str, name: str, values: dict) -> None:
        self.entries.setdefault(kind, {})[name] = values

    def of(self, kind: str) -> dict[str, dict]:
        return self.entries.get(kind, {})

    def fact(self, kind: str, key: str, value) -> None:
        self.facts.setdefault(kind, {})[key] = value

    def section(self, kind: str, title: str, writer: Callable) -> None:
        """Print ``writer(write)`` under TITLE in the summary when KIND has entries."""
        self.writers[kind] = (title, writer)

    def summary(self, terminalreporter) -> None:
        if self.skipped:
            terminalreporter.section("browser tests SKIPPED", yellow=True, bold=True)
            terminalreporter.write_line(
                f"The browser test did not run: {self.skipped}. Notebooks were not checked in "
                f"JupyterLab, the site, the HTML pages or the slides. Set {REQUIRE}=1 to make "
                f"this a failure (.ci/run does)."
            )
        for kind, (title, writer) in self.writers.items():
            if self.entries.get(kind) or self.facts.get(kind):
                terminalreporter.section(title)
                writer(terminalreporter.write_line)

    def dump(self) -> str:
        """The entries, facts and skip reason as JSON (an xdist worker hands them over)."""
        return json.dumps({"entries": self.entries, "facts": self.facts,
                           "skipped": self.skipped})

    def merge(self, dumped: str) -> None:
        """Add what :meth:`dump` of another process (an xdist worker) holds."""
        data = json.loads(dumped)
        for kind, values in data["entries"].items():
            self.entries.setdefault(kind, {}).update(values)
        for kind, values in data["facts"].items():
            self.facts.setdefault(kind, {}).update(values)
        self.skipped = self.skipped or data["skipped"]

    def write(self) -> None:
        if not self.entries and not self.facts:
            return
        REPORT_PATH.parent.mkdir(parents=True, exist_ok=True)
        old = json.loads(REPORT_PATH.read_text()) if REPORT_PATH.exists() else {}
        # a run of one test file keeps what the others measured last time
        entries = {**old.get("entries", {}), **self.entries}
        facts = {**old.get("facts", {}), **self.facts}
        REPORT_PATH.write_text(json.dumps({"entries": entries, "facts": facts}, indent=2))


REPORT = Report()


# -- a static file server -----------------------------------------------------------------------
class StaticServer:
    """FOLDER on a free port of 127.0.0.1 (threads in this process); counts the bytes it sends.

    The same as ``python -m http.server --directory FOLDER`` (what ``make present`` runs), with
    the MIME types a JupyterLite site needs.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.sent: list[tuple[str, int]] = []
        sent = self.sent

        class Handler(SimpleHTTPRequestHandler):
            extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                              ".wasm": "application/wasm", ".js": "text/javascript",
                              ".mjs": "text/javascript", ".json": "application/json"}

            def log_message(self, *args) -> None:
                pass

            def send_head(self):
                handle = super().send_head()
                if handle is not None and hasattr(handle, "seek"):
                    size = os.fstat(handle.fileno()).st_size
                    sent.append((unquote(urlsplit(self.path).path), size))
                return handle

        self.httpd = ThreadingHTTPServer(
            (HOST, 0), functools.partial(Handler, directory=str(self.root)))
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "") -> str:
        return f"http://{HOST}:{self.port}/{path}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# -- JupyterLab -----------------------------------------------------------------------------------
LAB_SETTINGS = {
    # a run leaves the notebook dirty: never write it back to the .py
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # every cell in the DOM, so prompts and outputs of all cells can be checked
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


class Lab:
    """A JupyterLab server on a free local port, rooted at the repository.

    It runs with a throw-away settings folder (autosave off, no windowing: every cell in the
    DOM) and a throw-away workspaces folder; the default viewer of ``.py`` files still comes
    from ``.venv/share/jupyter/lab/settings/overrides.json`` (``make setup`` copies
    lab-overrides.json).
    """

    def __init__(self, scratch: Path) -> None:
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://{HOST}:{self.port}"
        settings = scratch / "lab-user-settings"
        for name, value in LAB_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        env = {
            **os.environ,
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(scratch / "lab-workspaces"),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("MPLBACKEND", None)  # conftest sets Agg for unit tests; the kernel picks ipympl
        cmd = [
            sys.executable, "-m", "jupyter", "lab", "--no-browser",
            f"--port={self.port}", f"--ServerApp.ip={HOST}",
            f"--ServerApp.token={self.token}", f"--ServerApp.root_dir={ROOT}",
            "--ServerApp.open_browser=False", "--LabApp.news_url=",
            # opening a file makes a checkpoint: keep it out of notebooks/.ipynb_checkpoints
            f"--FileCheckpoints.checkpoint_dir={scratch / 'checkpoints'}",
        ]
        if hasattr(os, "getuid") and os.getuid() == 0:
            cmd.append("--allow-root")
        self.log = scratch / "jupyterlab.log"
        self._log_file = self.log.open("w")
        self.process = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=self._log_file, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 120
        while not answers(f"{self.base}/api/status?token={self.token}"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"JupyterLab did not start:\n{self.log.read_text()[-4000:]}")
            time.sleep(0.3)

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"{self.base}/api/{path}", method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_sessions(self) -> None:
        """Shut down every kernel this server started (one per notebook opened)."""
        for session in self.api("GET", "sessions") or []:
            self.api("DELETE", f"sessions/{session['id']}")

    def url(self, relpath: str) -> str:
        workspace = f"regviz-test-{secrets.token_hex(4)}"
        return f"{self.base}/lab/workspaces/{workspace}/tree/{relpath}?reset&token={self.token}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()
