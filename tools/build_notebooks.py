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
    Each notebook converted with jupytext into ``OUT/src/``, then
    ``jupyter nbconvert --to slides --execute`` writes ``OUT/NN_topic.slides.html``. The slide
    breaks are the ``slideshow`` metadata of the markdown cells. Figures are drawn inline
    (``REGVIZ_BACKEND=inline``), and each slider panel's widget output is replaced by the PNG
    it showed, so the slides need no kernel and no widget JavaScript. The decks need no network:
    the template ``tools/templates/regviz_reveal`` loads reveal.js (with its speaker-notes
    plugin) and MathJax 3 from ``OUT/assets/``, which this build fills from the npm registry
    (``npm pack`` of the pinned versions in ``SLIDE_ASSETS``, checked against their sha512,
    cached under ``$REGVIZ_CACHE/npm``). Copy ``OUT`` (for instance to a USB stick) and open a
    deck in a browser.

Run ``python tools/build_notebooks.py ipynb|slides --out DIR [NAME ...]`` (no name: every
notebook).
"""

from __future__ import annotations

import argparse
import base64
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
    version, integrity, _ = SLIDE_ASSETS[package]
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


def install_slide_assets(out: Path, cache: Path | None = None) -> Path:
    """Write the files every deck loads into ``OUT/assets/`` (idempotent); return that folder."""
    assets = Path(out) / "assets"
    for package, (version, _, members) in SLIDE_ASSETS.items():
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


def hide_setup_results(nb: nbformat.NotebookNode) -> int:
    """Drop the ``Out:`` of cells that only set the notebook up (``'inline'`` on a slide)."""
    hidden = 0
    for cell in nb.cells:
        if cell.cell_type == "code" and HIDDEN_RESULT.search(cell.source):
            kept = [o for o in cell.get("outputs", []) if o.get("output_type") != "execute_result"]
            hidden += len(cell.outputs) - len(kept)
            cell.outputs = kept
    return hidden


def build_slides(out: Path, names: list[str] | None = None, *, timeout: int = 1800,
                 folder: Path = NOTEBOOK_DIR, jupyter: list[str] | None = None,
                 cache: Path | None = None) -> list[Path]:
    """Execute each notebook and write ``OUT/NN_topic.slides.html``; return the paths written.

    The decks load reveal.js and MathJax from ``OUT/assets/`` (:func:`install_slide_assets`),
    so ``OUT`` works with no network.

    Raises
    ------
    subprocess.CalledProcessError
        If a notebook fails to execute or convert (nbconvert's own message is printed).
    RuntimeError
        If the reveal.js / MathJax packages cannot be fetched (no npm, wrong checksum).
    """
    out = Path(out)
    _refuse_notebook_dir(out, folder)
    src = out / "src"
    src.mkdir(parents=True, exist_ok=True)
    install_slide_assets(out, cache)
    jupyter = jupyter or [sys.executable, "-m", "jupyter"]
    env = {**os.environ, "REGVIZ_BACKEND": "inline"}
    env.pop("MPLBACKEND", None)
    written = []
    for source in notebook_sources(names, folder):
        executed = src / f"{source.stem}.ipynb"
        jupytext.write(jupytext.read(source), executed)
        subprocess.run(
            [*jupyter, "nbconvert", "--to", "notebook", "--execute", "--inplace",
             f"--ExecutePreprocessor.timeout={timeout}", str(executed)],
            check=True, env=env,
        )
        nb = nbformat.read(executed, as_version=4)
        freeze_widgets(nb)
        hide_setup_results(nb)
        nbformat.write(nb, executed)
        cmd = [*jupyter, "nbconvert", "--to", "slides", "--output-dir", str(out.resolve()),
               f"--TemplateExporter.extra_template_basedirs={TEMPLATES}",
               f"--template={SLIDES_TEMPLATE}",
               "--SlidesExporter.reveal_url_prefix=assets/reveal.js",
               "--SlidesExporter.reveal_theme=white", str(executed)]
        subprocess.run(cmd, check=True, env=env)
        written.append(out / f"{source.stem}.slides.html")
    return written


def _refuse_notebook_dir(out: Path, folder: Path) -> None:
    if Path(out).resolve() == Path(folder).resolve():
        raise ValueError(f"out must not be the notebooks folder ({folder}): build into build/")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``build_notebooks.py ipynb|slides --out DIR [NAME ...]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["ipynb", "slides"])
    parser.add_argument("names", nargs="*", help="notebook names (default: all)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--git-url", default=DEFAULT_GIT_URL,
                        help="git repository pip installs regviz from on Colab (ipynb)")
    args = parser.parse_intermixed_args(argv)
    if args.what == "ipynb":
        paths = build_ipynb(args.out, args.names, git_url=args.git_url)
        print(f"Colab, once these are pushed to notebooks/ of the branch 'colab' of "
              f"{args.git_url}:", file=sys.stderr)
        for path in paths:
            try:
                print(f"  {colab_url(args.git_url.split('@')[0], path.stem)}", file=sys.stderr)
            except ValueError:  # not a GitHub URL: no Colab link to print
                break
    else:
        paths = build_slides(args.out, args.names)
    print(json.dumps([str(p) for p in paths], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
