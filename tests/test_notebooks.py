"""Every notebook, converted from its percent-format .py into a temporary folder, runs under nbval.

The notebooks' checks are `assert` lines. nbval runs each code cell as one test item; a notebook
passes when every code cell ran and none failed, so a conversion that yields nothing cannot pass.
One nbval session runs them all (a kernel each), read back per notebook from its JUnit report.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
EXPECTED = [
    "00_why_regularize",
    "01_penalty_landscapes",
    "02_lp_balls",
    "03_gradients_and_p_below_1",
    "04_proximal_operators",
    "05_bayesian_view",
    "06_mnist_l2_l1",
    "07_questions_from_practice",
    "08_elastic_net",
    "09_playground",
    "10_dropout_and_noise",
    "11_implicit_regularization",
    "12_weight_decay_and_normalization",
    "13_sparsity_that_pays",
]


def notebook_sources() -> list[Path]:
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.py"))


def test_every_notebook_is_found():
    assert [p.stem for p in notebook_sources()] == EXPECTED


def convert(source: Path, folder: Path) -> Path:
    """SOURCE (percent format) as ``FOLDER/NAME.ipynb``, the way ``jupytext --to ipynb`` does."""
    target = folder / f"{source.stem}.ipynb"
    jupytext.write(jupytext.read(source), target)
    return target


@pytest.fixture(scope="module")
def nbval_results(tmp_path_factory) -> dict[str, dict]:
    """One nbval session over every notebook (each still in a kernel of its own): by notebook,
    its code cells, the cells nbval passed, the failures' messages and nbval's output.

    One ``pytest --nbval-lax`` process for all fourteen instead of one each saves starting
    pytest and converting with a new Python thirteen times (about 3 s a notebook here).
    """
    folder = tmp_path_factory.mktemp("nbval")
    paths = [convert(source, folder) for source in notebook_sources()]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
         "--nbval-cell-timeout=900", "-p", "no:cacheprovider", "-q",
         f"--junitxml={folder / 'nbval.xml'}", *[p.name for p in paths]],
        cwd=folder, capture_output=True, text=True, timeout=3600,
    )
    tail = result.stdout[-6000:] + result.stderr[-2000:]
    report = folder / "nbval.xml"
    cases = ET.parse(report).getroot().iter("testcase") if report.exists() else []
    out = {p.stem: {"cells": json.loads(p.read_text())["cells"], "passed": 0, "failures": []}
           for p in paths}
    for case in cases:
        entry = out.get(Path(case.get("classname", "")).stem)
        if entry is None:
            continue
        problems = [c for c in case if c.tag in ("failure", "error")]
        if problems:
            entry["failures"] += [f"{case.get('name')}: {c.get('message', '')}\n"
                                  f"{(c.text or '')[-3000:]}" for c in problems]
        elif not any(c.tag == "skipped" for c in case):
            entry["passed"] += 1
    for entry in out.values():
        entry["output"] = tail
    return out


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_runs(name, nbval_results):
    assert (NOTEBOOK_DIR / f"{name}.py").exists(), f"{name}.py is missing"
    run = nbval_results[name]
    code = [c for c in run["cells"] if c["cell_type"] == "code"]
    assert len(code) >= 3, f"{name}: conversion produced only {len(code)} code cells"
    assert any("assert " in "".join(c["source"]) for c in code), f"{name} checks nothing"
    assert not run["failures"], f"{name} failed under nbval:\n" + "\n".join(run["failures"])
    assert run["passed"] == len(code), (
        f"{name}: expected {len(code)} cells to pass, nbval passed {run['passed']}:\n"
        f"{run['output']}")
