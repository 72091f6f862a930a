"""Opening, running and saving a notebook in JupyterLab leaves its .py byte-for-byte unchanged.

JupyterLab reads and writes the percent-format notebooks through jupytext's contents manager with
the settings of ``jupytext.toml``. Here every ``notebooks/NN_topic.py`` goes through that same
contents manager in a temporary copy of the repository's layout: read, given what a run in
JupyterLab adds (``language_info``, the kernelspec of the kernel that ran it, widget state,
execution counts, outputs, cell metadata such as ``execution`` and ``scrolled``), saved, and
compared with the committed bytes. tests/test_browser.py checks the same in a real JupyterLab
(File > Save after Run All).

Why it matters: with ``notebook_metadata_filter = "-all"`` a save dropped the 12-line header,
kernelspec included, so a student's working copy went dirty after a Run All and the next open of
that notebook asked "Select Kernel".
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))


def _kernelspec(name: str) -> dict:
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(name)
    return {"name": name, "display_name": spec.display_name, "language": spec.language}


def _run_and_save(root: Path, relpath: str) -> None:
    """What JupyterLab does to a notebook between opening it and File > Save."""
    from jupytext import AsyncTextFileContentsManager

    manager = AsyncTextFileContentsManager(root_dir=str(root))

    async def go():
        model = await manager.get(relpath, content=True, type="notebook")
        nb = model["content"]
        metadata = nb["metadata"]
        # JupyterLab writes the running kernel's spec and language into the notebook
        metadata["kernelspec"] = _kernelspec(metadata["kernelspec"]["name"])
        metadata["language_info"] = {"name": "python", "version": "3.11.2",
                                     "codemirror_mode": {"name": "ipython", "version": 3},
                                     "file_extension": ".py", "mimetype": "text/x-python"}
        metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
        for i, cell in enumerate(nb["cells"]):
            cell["metadata"]["scrolled"] = True
            cell["metadata"]["jupyter"] = {"source_hidden": False}
            if cell["cell_type"] == "code":
                cell["execution_count"] = i + 1
                cell["metadata"]["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
                cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "ran\n"}]
        await manager.save({"type": "notebook", "format": "json", "content": nb}, relpath)

    asyncio.run(go())


@pytest.mark.parametrize("source", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_saving_a_run_notebook_leaves_the_py_unchanged(source, tmp_path):
    shutil.copy(ROOT / "jupytext.toml", tmp_path / "jupytext.toml")
    (tmp_path / "notebooks").mkdir()
    copy = tmp_path / "notebooks" / source.name
    shutil.copy(source, copy)
    _run_and_save(tmp_path, f"notebooks/{source.name}")
    saved, committed = copy.read_text(), source.read_text()
    if saved != committed:
        import difflib

        diff = "".join(difflib.unified_diff(committed.splitlines(True), saved.splitlines(True),
                                            "committed", "saved", n=1))
        pytest.fail(f"{source.name}: a save from JupyterLab would rewrite it (copy the header of "
                    f"notebooks/01_penalty_landscapes.py):\n{diff[:3000]}")
    assert not list((tmp_path / "notebooks").glob("*.ipynb")), "a save wrote an .ipynb beside it"


def test_every_notebook_names_an_installed_kernel():
    """The header's kernelspec is the one JupyterLab finds, so it starts it without asking."""
    import jupytext

    for source in NOTEBOOKS:
        spec = jupytext.read(source).metadata.get("kernelspec")
        assert spec, f"{source.name}: no kernelspec in the header"
        assert spec == _kernelspec(spec["name"]), f"{source.name}: {spec}"


def test_shipped_lab_settings_silence_the_news_and_open_py_as_notebooks():
    import json

    settings = json.loads((ROOT / "lab-overrides.json").read_text())
    assert settings["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["python"] == "Jupytext Notebook"
