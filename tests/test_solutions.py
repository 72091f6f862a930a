"""Every worked solution (docs/solutions/*.py) runs, and every one of its checks says Correct.

A solution file is a standalone percent-format script: it imports what it needs, defines or
computes each answer, and asserts the notebook's check on it. tests/test_notebook_conventions.py
makes sure it calls every check of its notebook with the notebook's arguments.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "docs" / "solutions").glob("[0-9][0-9]_*.py"))


def test_solutions_are_found():
    assert len(SOLUTIONS) >= 6, SOLUTIONS


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_solution_runs_and_every_check_passes(path):
    source = path.read_text()
    n_checks = len(re.findall(r"^assert check_\w+\(", source, flags=re.M))
    assert n_checks >= 3, f"{path.name} asserts only {n_checks} checks"
    env = {**os.environ, "MPLBACKEND": "Agg",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, str(path)], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, f"{path.name} failed:\n{run.stdout[-3000:]}{run.stderr[-3000:]}"
    verdicts = re.findall(r"^(Correct\.|Not yet\.|Not answered yet)", run.stdout, flags=re.M)
    assert verdicts == ["Correct."] * n_checks, run.stdout[-3000:]
