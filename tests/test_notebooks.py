"""Every notebook, converted from its percent-format .py into a temporary folder, runs under nbval.

The notebooks' checks are `assert` lines. nbval runs each code cell as one test item; a notebook
passes when every code cell ran and none failed, so a conversion that yields nothing cannot pass.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

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
    target = folder / f"{source.stem}.ipynb"
    subprocess.run(
        [sys.executable, "-m", "jupytext", "--quiet", "--to", "ipynb", "-o", str(target),
         str(source)],
        check=True,
    )
    return target


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_runs(name, tmp_path):
    source = NOTEBOOK_DIR / f"{name}.py"
    assert source.exists(), f"{source} is missing"
    nb = convert(source, tmp_path)
    cells = json.loads(nb.read_text())["cells"]
    n_code = sum(c["cell_type"] == "code" for c in cells)
    assert n_code >= 3, f"{name}: conversion produced only {n_code} code cells"
    assert any("assert " in "".join(c["source"]) for c in cells if c["cell_type"] == "code"), (
        f"{name} checks nothing"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
         "--nbval-cell-timeout=900", "-p", "no:cacheprovider", "-q", str(nb)],
        cwd=tmp_path, capture_output=True, text=True, timeout=1800,
    )
    tail = result.stdout[-6000:] + result.stderr[-2000:]
    passed = re.search(r"(\d+) passed", result.stdout)
    assert result.returncode == 0, f"{name} failed under nbval:\n{tail}"
    assert passed and int(passed.group(1)) == n_code, (
        f"{name}: expected {n_code} cells to pass, nbval said:\n{tail}"
    )
