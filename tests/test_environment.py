"""pyproject.toml and environment.yml list the same packages; the setup files are sound."""

import re
import subprocess
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONDA_NAMES = {"pytorch-cpu": "torch"}  # conda-forge name -> PyPI name
CONDA_ONLY = {"python", "pip"}


def names(requirements):
    return {re.split(r"[<>=!~ \[;]", r, maxsplit=1)[0].strip().lower() for r in requirements}


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = names(project["dependencies"]) | names(project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    listed = names(d for d in env["dependencies"] if isinstance(d, str))
    conda = {CONDA_NAMES.get(n, n) for n in listed}
    assert conda - CONDA_ONLY == wanted


def test_postbuild_installs_the_package_and_is_valid_shell():
    text = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps -e ." in text
    subprocess.run(["bash", "-n", str(ROOT / "postBuild")], check=True)


def test_jupyterlab_opens_py_notebooks_as_notebooks():
    import json

    overrides = json.loads((ROOT / "lab-overrides.json").read_text())
    viewers = overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["python"] == "Jupytext Notebook"
    assert 'formats = "py:percent"' in (ROOT / "jupytext.toml").read_text()
    assert "*.ipynb" in (ROOT / ".gitignore").read_text().splitlines()
