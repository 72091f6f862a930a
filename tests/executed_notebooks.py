"""Each notebook executed once per test run, for every test that reads its outputs.

``tests/test_lookups.py`` (the first pass of ``make test``) executes every notebook with
``tools/build_notebooks.py``'s :func:`execute`, as ``make html`` and ``make slides`` do, and
keeps the executed notebooks in pytest's cache folder; ``tests/test_a11y.py`` (the browser
pass) builds its pages and decks from them instead of executing each notebook a second time.
The folder is named by a hash of everything an execution depends on (the notebooks, the
package, the build tool), so a changed file means a fresh execution, never a stale page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from source_digest import files_digest

ROOT = Path(__file__).resolve().parents[1]
#: What an executed notebook depends on.
INPUTS = ("notebooks/*.py", "regviz/**/*.py", "regviz/**/*.json", "tools/build_notebooks.py")


def key() -> str:
    """A hash of every file in :data:`INPUTS` (paths and contents)."""
    return files_digest(ROOT, INPUTS)[:16]


def folder(config) -> Path:
    """This code's folder of executed notebooks in pytest's cache (older ones removed)."""
    base = Path(config.cache.mkdir("regviz-executed"))
    current = base / key()
    for old in base.iterdir():
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
    current.mkdir(exist_ok=True)
    return current
