"""Build the notebooks for delivery: clean ``.ipynb`` copies for Colab, and reveal.js slides.

The percent-format ``notebooks/NN_topic.py`` files stay the only source. Everything is written
under an output folder (``build/`` from the Makefile), never beside the ``.py`` files: an
``.ipynb`` next to its ``.py`` makes jupytext ask which one to trust.

``ipynb``
    One ``NN_topic.ipynb`` per notebook, without outputs, that starts with a setup cell. On Colab
    (``"google.colab" in sys.modules``) the cell installs regviz from its git repository with
    ``--no-deps``, then the package's other dependencies except torch, torchvision and
    jupyterlab, under a constraint that pins the torch Colab already has; anywhere else it does
    nothing.
``slides``
    Each notebook converted with jupytext into ``OUT/src/``, executed (nbclient) and exported
    as nbconvert's ``slides`` would (in this process) to ``OUT/NN_topic.slides.html``. The slide
    breaks are the ``slideshow`` metadata of the markdown cells. Figures are drawn inline
    (``REGVIZ_BACKEND=inline``), and each slider panel's widget output is replaced by the PNG
    it showed, so the slides need no kernel and no widget JavaScript. The decks need no network:
    the template ``tools/templates/regviz_reveal`` loads reveal.js (with its speaker-notes
    plugin) and MathJax 3 from ``OUT/assets/``, which this build fills from the npm registry
    (``npm pack`` of the pinned versions in ``SLIDE_ASSETS``, checked against their sha512,
    cached under ``$REGVIZ_CACHE/npm``). Copy ``OUT`` (for instance to a USB stick) and open a
    deck in a browser. The cells are rearranged for projection (:func:`slide_cells`): code is
    hidden (``--show-code`` keeps it), a section too long for one slide becomes several, each
    figure gets a slide sized to it, and the prose that does not fit goes to the speaker notes
    (S in the deck).
``html``
    Each notebook executed and exported to ``OUT/NN_topic.html``, the accessible page for a
    student who uses assistive technology: one ``h1``, headings in order, a ``main`` landmark,
    every figure with an alt text (:func:`describe_images`), math typeset by a bundled MathJax
    with its assistive MathML (a screen reader reads the formula), no network needed.
    ``--source docs/solutions`` builds the worked solutions the same way (``make solutions``).

Run ``python tools/build_notebooks.py ipynb|slides|html --out DIR [NAME ...]`` (no name: every
notebook).
"""

from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from importlib.metadata import requires
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from project_url import colab_url, project_url  # noqa: E402  (tools/ is not a package)

#: The repository, from pyproject.toml's [project.urls] (tools/project_url.py).
DEFAULT_GIT_URL = project_url()
#: Dependencies a Colab runtime already has in a version it needs (torch) or must not get
#: replaced (jupyterlab would pull new Jupyter server packages into Colab's runtime).
NOT_ON_COLAB = {"torch", "torchvision", "jupyterlab"}
SETUP_TAG = "regviz-setup"
TEMPLATES = ROOT / "tools" / "templates"
SLIDES_TEMPLATE = "regviz_reveal"
HTML_TEMPLATE = "regviz_html"
#: What a deck loads, from the npm registry: package -> (version, sha512 of the tarball as npm's
#: "integrity", the files of the package that go to OUT/assets/PACKAGE/).
SLIDE_ASSETS = {
    "reveal.js": (
        "4.6.0",
        "sha512-QC80rYsZldAe95bW9VImucIPTjfsKhI0jRQrIOXU4P92ZyXb/dfw9L3EE96bN6i7UmeUl1qBieH4UNTr25erYw==",
        ("dist/reveal.js", "dist/reveal.css", "dist/reset.css", "dist/theme/white.css",
         "dist/theme/fonts/source-sans-pro/", "plugin/notes/notes.js", "LICENSE"),
    ),
    "mathjax": (
        "3.2.2",
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        ("es5/tex-svg-full.js", "LICENSE"),
    ),
}
#: What the accessibility tests inject into pages (tests/browser/axe.py), same format.
TEST_ASSETS = {
    "axe-core": (
        "4.14.1",
        "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        ("axe.min.js", "LICENSE"),
    ),
}
#: Code whose value is not for the audience: the backend name ``setup_notebook()`` returns.
HIDDEN_RESULT = re.compile(r"^\s*setup_notebook\(.*\)\s*$", re.MULTILINE)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

SETUP_TEMPLATE = '''\
# Setup. On Google Colab this installs regviz (about a minute) and keeps Colab's own torch;
# anywhere else (make lab, Binder, your own Jupyter) it does nothing.
import sys

if "google.colab" in sys.modules:
    import subprocess
    import tempfile
    from importlib.metadata import PackageNotFoundError, version

    keep = []  # pin the torch Colab ships, so pip never replaces it
    for name in ("torch", "torchvision"):
        try:
            keep.append(f"{{name}}=={{version(name)}}")
        except PackageNotFoundError:
            pass
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as constraints:
        constraints.write("\\n".join(keep) + "\\n")
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--constraint", constraints.name]
    subprocess.check_call([*pip, "--no-deps", {package}])
    subprocess.check_call([
        *pip,
        {dependencies},
    ])
'''


# -- sources -------------------------------------------------------------------------------
def notebook_sources(names: list[str] | None = None, folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The ``NN_topic.py`` notebooks in reading order, or the named ones.

    Raises
    ------
    FileNotFoundError
        If a named notebook has no ``.py`` in ``folder``, or there is none at all.
    """
    if not names:
        sources = sorted(folder.glob("[0-9][0-9]_*.py"))
        if not sources:
            raise FileNotFoundError(f"no NN_topic.py notebooks in {folder}")
        return sources
    sources = [folder / f"{Path(name).stem}.py" for name in names]
    missing = [p.name for p in sources if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such notebook in {folder}: {', '.join(missing)}")
    return sources


def colab_dependencies(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The package's runtime requirements, less those Colab must keep (``NOT_ON_COLAB``).

    Read from pyproject.toml (Python >= 3.11), else from the installed regviz's metadata.
    """
    try:
        import tomllib

        requirements = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    except ModuleNotFoundError:
        requirements = [r for r in requires("regviz") or [] if "extra ==" not in r]

    def name(req: str) -> str:
        return re.split(r"[<>=!~ \[;]", req, maxsplit=1)[0].strip().lower()

    return [req for req in requirements if name(req) not in NOT_ON_COLAB]


def setup_cell_source(git_url: str = DEFAULT_GIT_URL, dependencies: list[str] | None = None) -> str:
    """The Python source of the setup cell that starts every delivered ``.ipynb``.

    Parameters
    ----------
    git_url : str
        The project's git repository, e.g. ``https://github.com/ORG/regviz`` (``@ref`` may
        follow to pin a branch or tag); pip installs ``regviz @ git+GIT_URL``.
    dependencies : list of str, optional
        Requirements installed after regviz itself; default :func:`colab_dependencies`.
    """
    if not re.match(r"^(https?|ssh|file)://\S+$", git_url):
        raise ValueError(f"git_url must be an https://, ssh:// or file:// URL, got {git_url!r}")
    if dependencies is None:
        dependencies = colab_dependencies()
    return SETUP_TEMPLATE.format(
        package=json.dumps(f"regviz @ git+{git_url}"),
        dependencies=",\n        ".join(json.dumps(d) for d in dependencies),
    )


# -- ipynb -----------------------------------------------------------------------------------
def clean_notebook(source: Path, git_url: str = DEFAULT_GIT_URL) -> nbformat.NotebookNode:
    """Read a percent-format notebook; return it with the setup cell first and no outputs."""
    nb = jupytext.read(source)
    nb.metadata.pop("jupytext", None)  # a copy, not a pair: no jupytext round-trip settings
    nb.metadata.setdefault("language_info", {"name": "python"})
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    setup = nbformat.v4.new_code_cell(setup_cell_source(git_url), metadata={"tags": [SETUP_TAG]})
    nb.cells.insert(0, setup)
    for i, cell in enumerate(nb.cells):  # stable ids: rebuilding gives the same file
        cell.id = f"cell-{i:03d}"
    nbformat.validate(nb)
    return nb


def build_ipynb(out: Path, names: list[str] | None = None, git_url: str = DEFAULT_GIT_URL,
                folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """Write ``OUT/NN_topic.ipynb`` for each notebook; return the paths written."""
    out = Path(out)
    _refuse_notebook_dir(out, folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for source in notebook_sources(names, folder):
        target = out / f"{source.stem}.ipynb"
        nbformat.write(clean_notebook(source, git_url), target)
        written.append(target)
    return written


# -- slides ----------------------------------------------------------------------------------
def _widget_images(model_id: str, state: dict) -> list[dict]:
    """The image outputs shown inside a widget and its children (a panel's figure)."""
    model = state.get(model_id)
    if model is None:
        return []
    images = []
    value = model.get("state", {})
    for output in value.get("outputs", []):  # an Output widget: the panel's inline figure
        if "image/png" in output.get("data", {}):
            images.append(output)
    for child in value.get("children", []):
        if isinstance(child, str) and child.startswith("IPY_MODEL_"):
            images.extend(_widget_images(child.removeprefix("IPY_MODEL_"), state))
    return images


def freeze_widgets(nb: nbformat.NotebookNode) -> int:
    """Replace every widget view in the outputs by the images the widget showed.

    The slides then show each slider panel's figure as it was after running, without a kernel
    or the widget JavaScript. Returns how many widget views were replaced.
    """
    state = nb.metadata.get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}
    ).get("state", {})
    replaced = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is None:
                outputs.append(output)
                continue
            replaced += 1
            for image in _widget_images(view["model_id"], state):
                outputs.append(nbformat.v4.new_output(
                    "display_data", data={"image/png": image["data"]["image/png"]},
                    metadata=image.get("metadata", {}),
                ))
        cell.outputs = outputs
    nb.metadata.pop("widgets", None)
    return replaced


def _cache_dir() -> Path:
    return Path(os.environ.get("REGVIZ_CACHE") or Path.home() / ".cache" / "regviz") / "npm"


def _integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def fetch_asset(package: str, cache: Path | None = None) -> Path:
    """The npm tarball of ``package`` at its pinned version, downloaded once into ``cache``.

    Raises
    ------
    RuntimeError
        If npm is missing or fails, or the tarball's sha512 is not the pinned one.
    """
    version, integrity, _ = {**SLIDE_ASSETS, **TEST_ASSETS}[package]
    cache = Path(cache or _cache_dir())
    tarball = cache / f"{package}-{version}.tgz"
    if tarball.exists() and _integrity(tarball) == integrity:
        return tarball
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            f"the slides need {package} {version} from the npm registry, and npm is not "
            f"installed (apt-get install npm; or put {tarball.name} in {cache})"
        )
    cache.mkdir(parents=True, exist_ok=True)
    print(f"slides: fetching {package}@{version} from the npm registry into {cache}",
          flush=True)
    result = subprocess.run([npm, "pack", f"{package}@{version}", "--pack-destination",
                             str(cache), "--silent"], capture_output=True, text=True)
    if result.returncode != 0 or not tarball.exists():
        raise RuntimeError(f"npm pack {package}@{version} failed:\n{result.stderr[-2000:]}")
    if _integrity(tarball) != integrity:
        tarball.unlink()
        raise RuntimeError(f"{tarball.name}: sha512 differs from the pinned {integrity}")
    return tarball


def install_slide_assets(out: Path, cache: Path | None = None,
                         packages: tuple[str, ...] | None = None) -> Path:
    """Write the files every deck (or page) loads into ``OUT/assets/``; return that folder.

    Idempotent. ``packages``: which of :data:`SLIDE_ASSETS` (default all).
    """
    assets = Path(out) / "assets"
    for package, (version, _, members) in SLIDE_ASSETS.items():
        if packages is not None and package not in packages:
            continue
        target = assets / package
        stamp = target / ".version"
        if stamp.exists() and stamp.read_text() == version:
            continue
        shutil.rmtree(target, ignore_errors=True)
        with tarfile.open(fetch_asset(package, cache)) as tar:
            for member in tar.getmembers():
                name = member.name.removeprefix("package/")
                if not member.isfile() or not any(
                    name == m or (m.endswith("/") and name.startswith(m)) for m in members
                ):
                    continue
                path = target / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(tar.extractfile(member).read())
        stamp.write_text(version)
    return assets


#: Run first in every executed notebook (then removed): each matplotlib figure the inline
#: backend shows becomes a PNG whose metadata carries the alt text regviz stored on the figure
#: (``regviz.plots.alt_text``; nothing while that function does not exist). Registered again
#: before every cell, since the notebook's setup cell sets the figure formats anew.
ALT_HOOK = """\
def _regviz_alt_hook():
    from IPython import get_ipython
    from IPython.core.pylabtools import print_figure
    from matplotlib.figure import Figure

    ip = get_ipython()

    def png(fig):
        data = print_figure(fig, "png", bbox_inches="tight")
        try:
            from regviz.plots import alt_text
            alt = alt_text(fig)
        except Exception:
            alt = ""
        return (data, {"alt": alt}) if alt else data

    def install(*args):
        ip.display_formatter.formatters["image/png"].for_type(Figure, png)

    install()
    ip.events.register("pre_run_cell", install)


_regviz_alt_hook()
del _regviz_alt_hook
"""
ALT_HOOK_TAG = "regviz-alt-hook"
#: Tag of the extra last cell of :func:`execute` (run, its text kept aside, then removed).
EXTRA_TAG = "regviz-extra"
#: reveal.js's slide size (px); the decks scale it to the screen (1280 x 720 and 1920 x 1080
#: are both 16:9, so the whole slide shows on both).
SLIDE_SIZE = (1280, 720)
#: Lines of prose (about 70 characters at the decks' 30 px text on a 1280 px slide) that fit
#: under a slide's heading, and under a figure's heading beside the figure.
SLIDE_LINES = 11
FIGURE_SLIDE_LINES = 1.6
CHARS_PER_LINE = 70
#: Calls in a cell that name what it draws (for an alt text made from the cell).
DRAWS = re.compile(r"\b(plot_\w+|\w+Panel|\w+_figure|figure_\w+|imshow|plot|scatter|hist)\(")
IMG_TAG = re.compile(r"^\s*<img\b[^>]*>\s*$", re.DOTALL)
IMG_ALT = re.compile(r"""\balt=(["'])(.*?)\1""", re.DOTALL)


GREEK = {"lambda": "λ", "alpha": "α", "beta": "β", "eta": "η", "sigma": "σ", "mu": "μ",
         "ell": "ℓ"}


def _plain(markdown: str) -> str:
    """Markdown heading or sentence as plain text (no #, *, `, $; TeX commands dropped)."""
    text = re.sub(r"^#+\s*", "", markdown.strip())
    text = re.sub(r"\\(lambda|alpha|beta|eta|sigma|mu|ell)\b",
                  lambda m: GREEK[m.group(1)], text)
    text = re.sub(r"\\[a-zA-Z]+", "", text)
    text = re.sub(r"[*_`$\\{}]", "", text)
    return " ".join(text.split())


def _headings(source: str) -> list[tuple[int, str]]:
    """(level, text) of the markdown headings of SOURCE, outside fenced code."""
    found, fenced = [], False
    for line in source.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and (m := re.match(r"^(#{1,6})\s+(.*)", line)):
            found.append((len(m.group(1)), _plain(m.group(2))))
    return found


def _image_alt(output: dict) -> str:
    """The alt text an image output carries already ('' if none)."""
    alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
    html = output.get("data", {}).get("text/html", "")
    if not alt and isinstance(html, str) and IMG_TAG.match(html):
        found = IMG_ALT.search(html)
        alt = found.group(2) if found else ""
    return " ".join(str(alt).split())


def _set_image_alt(output: dict, alt: str) -> None:
    import html as html_module

    output.setdefault("metadata", {}).setdefault("image/png", {})["alt"] = alt
    page = output.get("data", {}).get("text/html", "")
    if isinstance(page, str) and IMG_TAG.match(page):
        quoted = html_module.escape(alt, quote=True)
        if IMG_ALT.search(page):
            page = IMG_ALT.sub(lambda m: f'alt="{quoted}"', page, count=1)
        else:
            page = page.replace("<img", f'<img alt="{quoted}"', 1)
        output["data"]["text/html"] = page


def describe_images(nb: nbformat.NotebookNode) -> int:
    """Give every image output of NB an alt text of at least four words, unique on the page.

    The text regviz stored on the figure (``regviz.plots.alt_text``, carried by the image's
    metadata) is kept. An image without one is described from its cell: the section it is in
    and what the cell draws (a fallback for figures regviz did not draw). Two different images
    with the same text are told apart by their position ("figure 2 of 3 with this
    description"). Returns how many texts were made or changed.
    """
    heading, changed = "", 0
    images: list[tuple[dict, str]] = []  # (output, its png)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = _headings(cell.source)
            if found:
                heading = found[-1][1]
            continue
        if cell.cell_type != "code":
            continue
        draws = sorted(set(DRAWS.findall(cell.source)))
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png is None:
                continue
            alt = _image_alt(output)
            if len(alt.split()) < 4:
                what = f"drawn by {', '.join(f'{d}()' for d in draws)}" if draws else \
                    "drawn by the code of this section"
                alt = f"Figure in the section \u201c{heading or 'Introduction'}\u201d, {what}."
                if _image_alt(output):
                    alt = f"{_image_alt(output)}: {alt}"
                _set_image_alt(output, alt)
                changed += 1
            images.append((output, png))
    by_alt: dict[str, list[tuple[dict, str]]] = {}
    for output, png in images:
        by_alt.setdefault(_image_alt(output), []).append((output, png))
    for alt, same in by_alt.items():
        if len({png for _, png in same}) < 2:
            continue
        for k, (output, _) in enumerate(same, start=1):
            _set_image_alt(output, f"{alt.rstrip('.')} (figure {k} of {len(same)} with this "
                                   f"description).")
            changed += 1
    return changed


def accessible_cells(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of NB whose headings make one outline: one ``h1``, no level skipped.

    The first heading becomes the only ``h1`` (a later ``# ...`` becomes ``##``); a heading
    more than one level below the one before it is raised to the next level. The ``h1``'s text
    becomes the page title.
    """
    nb = copy.deepcopy(nb)
    previous, title = 0, None
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines, fenced = [], False
        for line in cell.source.splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
            m = None if fenced else re.match(r"^(#{1,6})(\s+.*)", line)
            if m:
                level = len(m.group(1))
                if title is None:
                    level, title = 1, _plain(m.group(2))
                else:
                    level = max(2, min(level, previous + 1))
                previous = level
                line = "#" * level + m.group(2)
            lines.append(line)
        cell.source = "\n".join(lines)
    if title:
        nb.metadata["title"] = title
    return nb


def _markdown_blocks(source: str) -> list[str]:
    """SOURCE cut into blocks that stay together on a slide.

    Paragraphs, lists, display math, fenced code; each heading is a block of its own.
    """
    blocks, current, math, fenced = [], [], False, False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
        if not fenced and stripped.count("$$") % 2 == 1:
            math = not math
        if not (math or fenced) and not stripped and current:
            blocks.append("\n".join(current))
            current = []
            continue
        if not (math or fenced) and re.match(r"^#{1,6}\s", line):
            if current:
                blocks.append("\n".join(current))
            blocks.append(line)
            current = []
            continue
        if stripped or current:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    # a list item continues the list above it
    merged: list[str] = []
    for block in blocks:
        if merged and re.match(r"^\s*([-*+]|\d+\.)\s", block) and \
                re.match(r"^\s*([-*+]|\d+\.)\s", merged[-1].splitlines()[-1] if
                         merged[-1].splitlines() else ""):
            merged[-1] += "\n" + block
        else:
            merged.append(block)
    return merged


def _lines(block: str) -> float:
    """Rough height of a markdown block on a slide, in lines of text.

    A paragraph's source lines are joined (they wrap as one text); a list item starts a line
    of its own; inline math counts about half its TeX; display math two lines per row.
    """
    if block.lstrip().startswith("$$"):
        return 1.0 + 1.6 * max(1, block.count("\\\\") + 1)
    if block.lstrip().startswith("```"):
        return 0.8 * len(block.splitlines())
    items: list[str] = []
    for line in block.splitlines():
        if not items or re.match(r"^\s*([-*+]|\d+\.)\s", line):
            items.append(line.strip())
        else:
            items[-1] += " " + line.strip()
    total = 0.0
    for text in items:
        text = re.sub(r"\$([^$]*)\$", lambda m: "x" * max(1, len(m.group(1)) // 2), text)
        text = re.sub(r"\]\([^)]*\)", "]", text)  # a link shows its text only
        text = re.sub(r"[*_`]", "", text)
        total += max(1, -(-len(text) // CHARS_PER_LINE))
    return total + 0.5


def _shown_outputs(cell: nbformat.NotebookNode, show_code: bool) -> list[dict]:
    """The outputs of a code cell worth projecting: images and HTML (tables).

    With the code shown, its text output too.
    """
    kept = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data or "text/html" in data or "image/svg+xml" in data:
            kept.append(output)
        elif show_code and output.get("output_type") in ("stream", "execute_result"):
            kept.append(output)
    return kept


def slide_cells(nb: nbformat.NotebookNode, *, show_code: bool = False) -> nbformat.NotebookNode:
    """The notebook rearranged for projection, by its sections (a ``slide`` cell starts one).

    - Code is hidden (``show_code`` keeps it): a code cell contributes its figures and tables.
    - A section's prose fills its first slide up to :data:`SLIDE_LINES`; a block that does not
      fit starts one more slide (a vertical ``subslide``, "... (continued)"); what fits on
      neither goes to the speaker notes of the slide it belongs to.
    - Each figure or table gets a slide of its own under the section's title, with at most
      :data:`FIGURE_SLIDE_LINES` of the prose that follows it; the rest goes to that slide's
      notes (or to one continuation slide).

    The notebook's own cells are not changed; a new notebook is returned.
    """
    def md(text: str, slide_type: str) -> nbformat.NotebookNode:
        return nbformat.v4.new_markdown_cell(
            text, metadata={"slideshow": {"slide_type": slide_type}})

    sections: list[list[nbformat.NotebookNode]] = []
    for cell in nb.cells:
        if cell.metadata.get("slideshow", {}).get("slide_type") == "slide" or not sections:
            sections.append([])
        sections[-1].append(cell)

    slides: list[dict] = []
    for section in sections:
        title = next((h[0][1] for c in section if c.cell_type == "markdown"
                      and (h := _headings(c.source))), "")
        current: dict | None = None
        continued = False

        def start(kind: str, blocks: list[str], budget: float, used: float,
                  output: nbformat.NotebookNode | None = None) -> dict:
            slides.append({"kind": kind, "head": blocks, "output": output, "after": [],
                           "notes": [], "budget": budget, "used": used})
            return slides[-1]

        for cell in section:
            if cell.cell_type == "markdown":
                for block in _markdown_blocks(cell.source):
                    height = 1.5 if re.match(r"^#{1,6}\s", block) else _lines(block)
                    if current is None:
                        current = start("slide", [block], SLIDE_LINES, height)
                    elif current["used"] + height <= current["budget"]:
                        current["after" if current["output"] is not None else "head"].append(
                            block)
                        current["used"] += height
                    elif not continued and height <= SLIDE_LINES - 1.5:
                        continued = True
                        heading = f"### {title} (continued)" if title else ""
                        current = start("subslide", [heading, block], SLIDE_LINES, 1.5 + height)
                    else:
                        current["notes"].append(block)
            elif cell.cell_type == "code":
                outputs = _shown_outputs(cell, show_code)
                shown: list[nbformat.NotebookNode] = []
                if show_code and cell.source.strip():
                    shown = [nbformat.v4.new_code_cell(cell.source, outputs=outputs)]
                else:
                    shown = [nbformat.v4.new_code_cell("", outputs=[o]) for o in outputs]
                for holder in shown:
                    kind = "slide" if current is None else "subslide"
                    current = start(kind, [f"### {title}"] if title else [],
                                    FIGURE_SLIDE_LINES, 0.0, holder)
                    continued = False

    cells: list[nbformat.NotebookNode] = []
    for slide in slides:
        kind = slide["kind"]
        head = [b for b in slide["head"] if b.strip()]
        if head:
            cells.append(md("\n\n".join(head), kind))
            kind = "-"
        if slide["output"] is not None:
            slide["output"].metadata["slideshow"] = {"slide_type": kind}
            cells.append(slide["output"])
            kind = "-"
        if slide["after"]:
            cells.append(md("\n\n".join(slide["after"]), kind))
        if slide["notes"]:
            cells.append(md("\n\n".join(slide["notes"]), "notes"))
    deck = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.metadata))
    deck.cells = cells
    return deck


def hide_setup_results(nb: nbformat.NotebookNode) -> int:
    """Drop the ``Out:`` of cells that only set the notebook up (``'inline'`` on a slide)."""
    hidden = 0
    for cell in nb.cells:
        if cell.cell_type == "code" and HIDDEN_RESULT.search(cell.source):
            kept = [o for o in cell.get("outputs", []) if o.get("output_type") != "execute_result"]
            hidden += len(cell.outputs) - len(kept)
            cell.outputs = kept
    return hidden


def execute(source: Path, src: Path, *, timeout: int = 1800,
            extra: str | None = None) -> nbformat.NotebookNode:
    """Run SOURCE (a percent-format notebook) into ``SRC/NAME.ipynb`` as a static notebook.

    Figures are drawn inline (``REGVIZ_BACKEND=inline``), every figure image carries the alt
    text regviz stored on it (:data:`ALT_HOOK`, run before the notebook's cells and removed
    afterwards), widget views are replaced by the images they showed
    (:func:`freeze_widgets`), the setup cell's value is dropped, and every image without an
    alt text gets one (:func:`describe_images`). Returns the notebook, also written to SRC.

    ``extra``, if given, is the source of one more cell run after the notebook's last in the
    same kernel (a test asking the notebook's checks for their answers); its printed text goes
    to ``SRC/NAME.extra.txt``, written before the notebook, and the cell is removed.

    The kernel (this Python's ``python3``) runs in SRC and is driven by nbclient in this
    process, as ``jupyter nbconvert --execute`` would drive it (widget state stored), without
    starting nbconvert in a new Python for each notebook.

    Raises
    ------
    nbclient.exceptions.CellExecutionError
        If a cell fails (the message holds the cell and its traceback).
    """
    from nbclient import NotebookClient

    env = {**os.environ, "REGVIZ_BACKEND": "inline"}
    env.pop("MPLBACKEND", None)
    src.mkdir(parents=True, exist_ok=True)
    executed = src / f"{source.stem}.ipynb"
    nb = jupytext.read(source)
    nb.cells.insert(0, nbformat.v4.new_code_cell(ALT_HOOK, metadata={"tags": [ALT_HOOK_TAG]}))
    if extra is not None:
        nb.cells.append(nbformat.v4.new_code_cell(extra, metadata={"tags": [EXTRA_TAG]}))
    nb = nbformat.reads(jupytext.writes(nb, fmt="ipynb"), as_version=4)
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(src)}}).execute(env=env)
    finally:
        nbformat.write(nb, executed)  # what ran, for a look at a failure
    if extra is not None:
        last = nb.cells.pop()
        if EXTRA_TAG not in last.metadata.get("tags", []):
            raise RuntimeError(f"{executed}: the extra cell is no longer the last one")
        text = "".join(o.get("text", "") for o in last.get("outputs", []))
        (src / f"{source.stem}.extra.txt").write_text(text)
    nb.cells = [c for c in nb.cells if ALT_HOOK_TAG not in c.metadata.get("tags", [])]
    freeze_widgets(nb)
    hide_setup_results(nb)
    describe_images(nb)
    nbformat.write(nb, executed)
    return nb


def build_slides(out: Path, names: list[str] | None = None, *, timeout: int = 1800,
                 folder: Path = NOTEBOOK_DIR, cache: Path | None = None,
                 show_code: bool = False,
                 executed: dict[str, nbformat.NotebookNode] | None = None) -> list[Path]:
    """Execute each notebook and write ``OUT/NN_topic.slides.html``; return the paths written.

    The decks load reveal.js and MathJax from ``OUT/assets/`` (:func:`install_slide_assets`),
    so ``OUT`` works with no network. The cells are rearranged for projection by
    :func:`slide_cells` (code hidden unless ``show_code``). ``executed`` maps a notebook's name
    to its already executed notebook (``html`` and ``slides`` built together run it once).

    Raises
    ------
    nbclient.exceptions.CellExecutionError
        If a notebook fails to execute.
    subprocess.CalledProcessError
        If a deck fails to convert (nbconvert's own message is printed).
    RuntimeError
        If the reveal.js / MathJax packages cannot be fetched (no npm, wrong checksum).
    """
    out = Path(out)
    _refuse_notebook_dir(out, folder)
    src = out / "src"
    src.mkdir(parents=True, exist_ok=True)
    install_slide_assets(out, cache)
    written = []
    for source in notebook_sources(names, folder):
        nb = (executed or {}).get(source.stem)
        if nb is None:
            nb = execute(source, src, timeout=timeout)
        deck_source = out / "src" / f"{source.stem}.deck.ipynb"
        nbformat.write(slide_cells(nb, show_code=show_code), deck_source)
        written.append(_export(
            "slides", deck_source, out / f"{source.stem}.slides.html", SLIDES_TEMPLATE,
            SlidesExporter={"reveal_url_prefix": "assets/reveal.js", "reveal_theme": "white",
                            "reveal_width": str(SLIDE_SIZE[0]),
                            "reveal_height": str(SLIDE_SIZE[1])},
            TemplateExporter={} if show_code else {"exclude_input": True}))
    return written


def build_html(out: Path, names: list[str] | None = None, *, timeout: int = 1800,
               folder: Path = NOTEBOOK_DIR, cache: Path | None = None,
               executed: dict[str, nbformat.NotebookNode] | None = None) -> list[Path]:
    """Execute each notebook and write the accessible page ``OUT/NN_topic.html``.

    One ``h1`` (the notebook's title; any later ``h1`` is demoted), headings without skipped
    levels, a ``main`` landmark, the page title from the ``h1``, an alt text on every figure,
    and MathJax 3 (SVG with assistive MathML) from ``OUT/assets/`` (no network).

    Raises
    ------
    nbclient.exceptions.CellExecutionError
        If a notebook fails to execute.
    subprocess.CalledProcessError
        If a page fails to convert.
    """
    out = Path(out)
    _refuse_notebook_dir(out, folder)
    src = out / "src"
    src.mkdir(parents=True, exist_ok=True)
    install_slide_assets(out, cache, packages=("mathjax",))
    written = []
    for source in notebook_sources(names, folder):
        nb = (executed or {}).get(source.stem)
        if nb is None:
            nb = execute(source, src, timeout=timeout)
        page = accessible_cells(nb)
        page_source = src / f"{source.stem}.page.ipynb"
        nbformat.write(page, page_source)
        written.append(_export("html", page_source, out / f"{source.stem}.html", HTML_TEMPLATE))
    return written


def _export(kind: str, source: Path, dest: Path, template: str, **traits: dict) -> Path:
    """``jupyter nbconvert --to KIND --template TEMPLATE SOURCE`` into DEST, in this process.

    ``traits`` are nbconvert settings by class (``SlidesExporter={"reveal_theme": "white"}``),
    as ``--Class.trait=value`` would give them; our templates come from :data:`TEMPLATES`.
    """
    from nbconvert.exporters import get_exporter
    from traitlets.config import Config

    config = Config({"TemplateExporter": {"extra_template_basedirs": [str(TEMPLATES)],
                                          "template_name": template}})
    for cls, values in traits.items():
        config[cls].update(values)
    exporter = get_exporter(kind)(config=config)
    resources = {"metadata": {"name": source.stem, "path": str(source.parent)},
                 "unique_key": source.stem}
    body, _ = exporter.from_filename(str(source), resources=resources)
    Path(dest).write_text(body, encoding="utf-8")
    return Path(dest)


def _refuse_notebook_dir(out: Path, folder: Path) -> None:
    if Path(out).resolve() == Path(folder).resolve():
        raise ValueError(f"out must not be the notebooks folder ({folder}): build into build/")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``build_notebooks.py ipynb|slides --out DIR [NAME ...]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["ipynb", "slides", "html", "html+slides"])
    parser.add_argument("names", nargs="*", help="notebook names (default: all)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--git-url", default=DEFAULT_GIT_URL,
                        help="git repository pip installs regviz from on Colab (ipynb)")
    parser.add_argument("--show-code", action="store_true",
                        help="slides: keep the code cells (hidden by default)")
    parser.add_argument("--source", type=Path, default=NOTEBOOK_DIR,
                        help="folder of the NN_topic.py files (html: docs/solutions too)")
    parser.add_argument("--slides-out", type=Path,
                        help="html+slides: where the decks go (default OUT/../slides)")
    parser.add_argument("--executed", type=Path,
                        help="html, slides: take DIR/NN_topic.ipynb, where present, as the "
                             "notebook already executed by execute() (the tests share one run)")
    args = parser.parse_intermixed_args(argv)
    given = {}
    if args.executed is not None:
        given = {source.stem: nbformat.read(args.executed / f"{source.stem}.ipynb", as_version=4)
                 for source in notebook_sources(args.names, args.source)
                 if (args.executed / f"{source.stem}.ipynb").exists()}
    if args.what == "ipynb":
        paths = build_ipynb(args.out, args.names, git_url=args.git_url)
        print(f"Colab, once these are pushed to notebooks/ of the branch 'colab' of "
              f"{args.git_url}:", file=sys.stderr)
        for path in paths:
            try:
                print(f"  {colab_url(args.git_url.split('@')[0], path.stem)}", file=sys.stderr)
            except ValueError:  # not a GitHub URL: no Colab link to print
                break
    elif args.what == "slides":
        paths = build_slides(args.out, args.names, folder=args.source, show_code=args.show_code,
                             executed=given)
    elif args.what == "html":
        paths = build_html(args.out, args.names, folder=args.source, executed=given)
    else:  # both from one execution of each notebook
        slides_out = args.slides_out or args.out.parent / "slides"
        executed = {source.stem: given.get(source.stem) or execute(source, args.out / "src")
                    for source in notebook_sources(args.names, args.source)}
        paths = build_html(args.out, args.names, folder=args.source, executed=executed)
        paths += build_slides(slides_out, args.names, folder=args.source,
                              show_code=args.show_code, executed=executed)
    print(json.dumps([str(p) for p in paths], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
