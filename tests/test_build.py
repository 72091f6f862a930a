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
#: Raw TeX left in the text of a slide: MathJax did not typeset it.
RAW_MATH = re.compile(r"\$[^$\n]{1,200}\$")


@pytest.fixture(scope="module")
def slides_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    before = snapshot(NOTEBOOK_DIR)
    make("slides", out, f"NOTEBOOKS={' '.join(SLIDES_FOR)}")
    assert snapshot(NOTEBOOK_DIR) == before, "the slides build wrote into notebooks/"
    return out / "slides"


def test_slides_one_html_per_notebook_with_sections(slides_build):
    folder = slides_build
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
        # setup_notebook()'s return value ('inline') is not shown on a slide
        setup = [c for c in executed.cells if build.HIDDEN_RESULT.search(c.get("source", ""))]
        assert setup and not any(o.output_type == "execute_result"
                                 for c in setup for o in c.outputs)


def test_slides_load_nothing_from_the_network(slides_build):
    """Every src/href of a deck is inside the folder; the folder holds what they name."""
    for deck in slides_build.glob("*.slides.html"):
        html = deck.read_text()
        links = re.findall(r"""(?:src|href)=["']([^"'#][^"']*)["']""", html)
        assert links, f"{deck.name}: no scripts or style sheets found"
        for link in links:
            if link.startswith("data:"):
                continue
            assert not re.match(r"^(https?:)?//", link), f"{deck.name} loads {link}"
            assert (slides_build / link).is_file(), f"{deck.name}: {link} is not in the folder"
        for word in ("require.js", "jquery", "mermaid", "unpkg", "cdnjs", "cdn.jsdelivr"):
            assert word not in html.lower(), f"{deck.name} still mentions {word}"


def test_hide_setup_results_drops_only_the_setup_value():
    nb = nbformat.v4.new_notebook()
    setup = nbformat.v4.new_code_cell(
        "from regviz.widgets import setup_notebook\n\nsetup_notebook()",
        outputs=[nbformat.v4.new_output("execute_result", data={"text/plain": "'inline'"},
                                        execution_count=1),
                 nbformat.v4.new_output("stream", text="note\n")],
    )
    other = nbformat.v4.new_code_cell("1 + 1", outputs=[nbformat.v4.new_output(
        "execute_result", data={"text/plain": "2"}, execution_count=2)])
    nb.cells = [setup, other]
    assert build.hide_setup_results(nb) == 1
    assert [o["output_type"] for o in setup.outputs] == ["stream"]
    assert len(other.outputs) == 1


def _offline_context(browser):
    """A browser context in which every request off this machine is blocked and recorded."""
    blocked: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 800})

    def route(r):
        url = r.request.url
        if re.match(r"^(file:|data:|blob:|about:|https?://127\.0\.0\.1[:/])", url):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    context.route("**/*", route)
    return context, blocked


def _wait_for_deck(page) -> None:
    page.wait_for_function("typeof Reveal !== 'undefined' && Reveal.isReady()", timeout=60_000)
    page.wait_for_function(
        "document.documentElement.getAttribute('data-regviz-math') === 'typeset'",
        timeout=60_000,
    )


def test_slides_run_offline_in_chromium(slides_build, chromium, serve):
    """The deck from the folder alone: reveal.js navigates, math is typeset, print and speaker
    views work, and no request leaves 127.0.0.1 / the file itself."""
    deck = (slides_build / f"{SLIDES_FOR[0]}.slides.html").resolve()
    failed: list[str] = []
    # what `make present` does: the speaker view wants http://, not file://
    server = serve(slides_build)
    context, blocked = _offline_context(chromium)
    try:
        page = context.new_page()
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto(deck.as_uri())
        _wait_for_deck(page)
        total = page.evaluate("Reveal.getTotalSlides()")
        assert total >= 3
        assert page.evaluate("Reveal.getIndices().h") == 0
        page.keyboard.press("ArrowRight")
        page.wait_for_function("Reveal.getIndices().h === 1", timeout=10_000)
        text = page.evaluate("document.querySelector('.reveal .slides').innerText")
        assert not RAW_MATH.findall(text), f"raw TeX on a slide: {RAW_MATH.findall(text)[:3]}"
        assert page.locator(".reveal .slides mjx-container").count() > 10
        assert "'inline'" not in text and "'widget'" not in text
        # headings keep their case (an uppercase theme would print λ as Λ, f as F)
        assert page.evaluate("getComputedStyle(document.querySelector("
                             "'.reveal .slides h2')).textTransform") == "none"

        pdf = context.new_page()  # ?print-pdf: every slide laid out as a page
        pdf.on("requestfailed", lambda r: failed.append(r.url))
        pdf.goto(deck.as_uri() + "?print-pdf")
        _wait_for_deck(pdf)
        pdf.wait_for_function(f"document.querySelectorAll('.pdf-page').length >= {total}",
                              timeout=30_000)

        served = context.new_page()  # speaker view (S) follows the deck
        served.on("requestfailed", lambda r: failed.append(r.url))
        served.goto(server.url(deck.name))
        _wait_for_deck(served)
        with context.expect_page() as popup:
            served.keyboard.press("s")
        speaker = popup.value
        current = "document.querySelector('#current-slide iframe')"
        speaker.wait_for_function(
            f"{current} && {current}.contentWindow.Reveal && "
            f"{current}.contentWindow.Reveal.isReady()", timeout=60_000)
        served.keyboard.press("ArrowRight")
        speaker.wait_for_function(
            f"{current}.contentWindow.Reveal.getIndices().h === 1", timeout=10_000)
    finally:
        context.close()
    assert not blocked, f"the deck asked the network for {blocked[:5]}"
    assert not failed, f"requests that failed: {failed[:5]}"


# -- the cells' arrangement for slides and pages (no kernel, no browser) ------------------------
def _image(png: str, alt: str | None = None):
    metadata = {"image/png": {"alt": alt}} if alt else {}
    return nbformat.v4.new_output("display_data", data={"image/png": png}, metadata=metadata)


def test_describe_images_gives_every_figure_a_distinct_text_of_four_words():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## Soft threshold"),
        nbformat.v4.new_code_cell("plot_prox_maps(lam=1.0)", outputs=[_image("AAA")]),
        nbformat.v4.new_code_cell("x", outputs=[_image("BBB", "The minimiser sits at 0.")]),
        nbformat.v4.new_code_cell("x", outputs=[_image("CCC", "The minimiser sits at 0.")]),
        nbformat.v4.new_code_cell("x", outputs=[_image("BBB", "The minimiser sits at 0.")]),
    ]
    build.describe_images(nb)
    alts = [o.metadata["image/png"]["alt"] for c in nb.cells[1:] for o in c.outputs]
    assert "Soft threshold" in alts[0] and "plot_prox_maps()" in alts[0]
    assert all(len(a.split()) >= 4 for a in alts)
    # the regviz text is kept; two different figures with it are told apart, the same one not
    assert all(a.startswith("The minimiser sits at 0") for a in alts[1:])
    assert alts[1] != alts[2] and len(set(alts)) == 4


def test_accessible_cells_make_one_h1_and_no_skipped_level():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · Title\n\ntext"),
                nbformat.v4.new_markdown_cell("#### Deep\n\n```\n# not a heading\n```"),
                nbformat.v4.new_markdown_cell("# Another top")]
    page = build.accessible_cells(nb)
    assert page.metadata["title"] == "01 · Title"
    assert page.cells[1].source.startswith("## Deep") and "# not a heading" in page.cells[1].source
    assert page.cells[2].source == "## Another top"
    assert nb.cells[2].source == "# Another top"  # the notebook itself is not changed


def test_slide_cells_hide_code_and_send_what_does_not_fit_to_the_notes():
    long = " ".join(["word"] * 80)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## Section\n\n" + "\n\n".join([long] * 6),
                                      metadata={"slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_code_cell("print(1)\nplot()", outputs=[
            nbformat.v4.new_output("stream", text="1\n"), _image("AAA", "a figure of four")]),
        nbformat.v4.new_markdown_cell(long),
    ]
    deck = build.slide_cells(nb)
    kinds = [(c.cell_type, c.metadata["slideshow"]["slide_type"]) for c in deck.cells]
    assert ("markdown", "notes") in kinds, kinds
    assert [k for _, k in kinds].count("slide") == 1 and ("markdown", "subslide") in kinds
    code = [c for c in deck.cells if c.cell_type == "code"]
    assert code and all(c.source == "" for c in code)
    assert [o["output_type"] for c in code for o in c.outputs] == ["display_data"]
    text = " ".join(c.source for c in deck.cells)
    assert text.count(long) == 7, "every paragraph is on a slide or in the notes, once"
    shown = build.slide_cells(nb, show_code=True)
    assert any(c.cell_type == "code" and "plot()" in c.source for c in shown.cells)
