"""`make ipynb` and `make slides` (tools/build_notebooks.py): what students and lecturers get.

Both builds run through the Makefile into a temporary BUILD folder, with this environment
(VENV=sys.prefix, its setup stamp taken as up to date), and must leave notebooks/ untouched.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import types
from importlib.metadata import version
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
GIT_URL = "https://example.org/lecturer/regviz@teaching"

spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "tools/build_notebooks.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)


def notebook_names() -> list[str]:
    return [p.stem for p in sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.py"))]


def snapshot(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime for p in folder.rglob("*")}


def make(target: str, build_dir: Path, *args: str) -> subprocess.CompletedProcess:
    if shutil.which("make") is None:
        pytest.fail("make is not installed (the README's quick start needs it)")
    venv = Path(sys.prefix)
    cmd = ["make", "--no-print-directory", "-o", str(venv / ".regviz-installed"),
           f"VENV={venv}", f"BUILD={build_dir}", target, *args]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, f"{' '.join(cmd)} failed:\n{result.stdout[-3000:]}\n" \
                                   f"{result.stderr[-3000:]}"
    return result


# -- make ipynb --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ipynb_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    before = snapshot(NOTEBOOK_DIR)
    make("ipynb", out, f"REGVIZ_GIT_URL={GIT_URL}")
    return out / "ipynb", before


def test_ipynb_one_clean_notebook_per_source(ipynb_build):
    folder, before = ipynb_build
    names = notebook_names()
    assert names, "no notebooks found"
    assert sorted(p.stem for p in folder.glob("*.ipynb")) == names
    for name in names:
        nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        nbformat.validate(nb)
        assert "jupytext" not in nb.metadata, f"{name}: a copy must not look like a jupytext pair"
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.outputs == [] and c.execution_count is None for c in code), (
            f"{name}: outputs in a delivered notebook"
        )
        # the same cells as the .py, after the setup cell
        import jupytext

        source = jupytext.read(NOTEBOOK_DIR / f"{name}.py")
        assert [c.source for c in nb.cells[1:]] == [c.source for c in source.cells]
        slides = [c for c in nb.cells if c.metadata.get("slideshow")]
        assert slides == [c for c in nb.cells[1:] if c.metadata.get("slideshow")]
    assert snapshot(NOTEBOOK_DIR) == before, "the ipynb build wrote into notebooks/"


def test_ipynb_starts_with_a_setup_cell_guarded_by_google_colab(ipynb_build):
    folder, _ = ipynb_build
    for path in sorted(folder.glob("*.ipynb")):
        first = nbformat.read(path, as_version=4).cells[0]
        assert first.cell_type == "code", f"{path.name}: first cell is {first.cell_type}"
        assert build.SETUP_TAG in first.metadata.get("tags", [])
        body = ast.parse(first.source).body
        # `import sys`, then everything under `if "google.colab" in sys.modules:`
        assert isinstance(body[0], ast.Import) and body[0].names[0].name == "sys"
        assert len(body) == 2 and isinstance(body[1], ast.If), f"{path.name}: unguarded code"
        assert ast.unparse(body[1].test) == "'google.colab' in sys.modules"
        assert f"regviz @ git+{GIT_URL}" in first.source


def run_setup_cell(source: str, monkeypatch, on_colab: bool) -> list[list[str]]:
    calls: list[list[str]] = []

    def check_call(cmd, *args, **kwargs):
        calls.append(list(cmd))
        return 0

    monkeypatch.setattr(subprocess, "check_call", check_call)
    if on_colab:
        colab = types.ModuleType("google.colab")
        monkeypatch.setitem(sys.modules, "google.colab", colab)
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(compile(source, "setup-cell", "exec"), {})
    return calls


def test_setup_cell_does_nothing_outside_colab(monkeypatch):
    assert run_setup_cell(build.setup_cell_source(GIT_URL), monkeypatch, on_colab=False) == []


def test_setup_cell_on_colab_installs_regviz_and_keeps_colabs_torch(monkeypatch):
    calls = run_setup_cell(build.setup_cell_source(GIT_URL), monkeypatch, on_colab=True)
    assert len(calls) == 2
    regviz, deps = calls
    assert regviz[1:4] == ["-m", "pip", "install"] and "--no-deps" in regviz
    assert regviz[-1] == f"regviz @ git+{GIT_URL}"
    names = {re.split(r"[<>=!~ \[;]", d, maxsplit=1)[0].lower() for d in deps[7:]}
    assert names and not names & {"torch", "torchvision", "jupyterlab"}
    assert {"numpy", "matplotlib", "ipywidgets", "ipympl", "mlxtend"} <= names
    for cmd in calls:  # pip may not replace the torch that is there
        constraints = Path(cmd[cmd.index("--constraint") + 1]).read_text().split()
        assert f"torch=={version('torch')}" in constraints
        assert f"torchvision=={version('torchvision')}" in constraints


def test_bad_git_url_and_missing_notebook_are_refused(tmp_path):
    with pytest.raises(ValueError, match="git_url must be"):
        build.setup_cell_source("github.com/regviz/regviz")
    with pytest.raises(FileNotFoundError, match="99_nothing.py"):
        build.notebook_sources(["99_nothing"])
    with pytest.raises(ValueError, match="notebooks folder"):
        build.build_ipynb(NOTEBOOK_DIR)


def test_freeze_widgets_puts_the_panel_image_in_place_of_the_widget():
    nb = nbformat.v4.new_notebook()
    view = {"model_id": "box", "version_major": 2, "version_minor": 0}
    cell = nbformat.v4.new_code_cell("panel", outputs=[
        nbformat.v4.new_output("display_data", data={build.WIDGET_VIEW: view,
                                                     "text/plain": "VBox()"}),
    ])
    nb.cells.append(cell)
    png = "iVBORw0KGgo="
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {
        "box": {"state": {"children": ["IPY_MODEL_slider", "IPY_MODEL_out"]}},
        "slider": {"state": {"value": 1.0}},
        "out": {"state": {"outputs": [{"output_type": "display_data",
                                       "data": {"image/png": png}, "metadata": {}}]}},
    }}}
    assert build.freeze_widgets(nb) == 1
    assert [o["data"] for o in nb.cells[0].outputs] == [{"image/png": png}]
    assert "widgets" not in nb.metadata


# -- make slides -------------------------------------------------------------------------------
SLIDES_FOR = ["01_penalty_landscapes"]  # one small notebook keeps `make test` short


def test_slides_one_html_per_notebook_with_sections(tmp_path):
    before = snapshot(NOTEBOOK_DIR)
    make("slides", tmp_path, f"NOTEBOOKS={' '.join(SLIDES_FOR)}")
    folder = tmp_path / "slides"
    assert sorted(p.name for p in folder.glob("*.html")) == [f"{n}.slides.html" for n in SLIDES_FOR]
    for name in SLIDES_FOR:
        html = (folder / f"{name}.slides.html").read_text()
        source = (NOTEBOOK_DIR / f"{name}.py").read_text()
        n_slides = source.count('slideshow={"slide_type": "slide"}')
        assert n_slides >= 3
        # reveal.js: one <section> per slide inside a <section> per horizontal slide
        assert html.count("<section") >= n_slides, f"{name}: fewer sections than slides"
        assert "Reveal.initialize" in html
        executed = nbformat.read(folder / "src" / f"{name}.ipynb", as_version=4)
        assert all(c.execution_count for c in executed.cells if c.cell_type == "code"), (
            f"{name}: the slides come from a notebook that did not fully run"
        )
        assert json.dumps(executed.cells).count(build.WIDGET_VIEW) == 0
        # the slider panel's figure is in the slides as an image, not as a widget view
        assert "data:image/png;base64" in html
        assert build.WIDGET_VIEW not in html
        assert "Traceback" not in html
    assert snapshot(NOTEBOOK_DIR) == before, "the slides build wrote into notebooks/"
