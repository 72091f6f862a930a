"""The project's public address, kept in one place: ``[project.urls] Repository`` in pyproject.toml.

Everything that names the repository reads it from there: the Colab setup cell of ``make ipynb``
(pip installs ``regviz @ git+URL``), the Colab links it prints, and the README's Binder badge and
links, which ``set`` rewrites and tests/test_readme.py checks against pyproject.toml.

A course that teaches from its own fork runs once::

    make project-url URL=https://github.com/ORG/REPO

and then does by hand what the tool prints and does not do itself: commit the two files,
rebuild the JupyterLite site (``make site``: its START_HERE page names the address) and the
Colab notebooks (``make ipynb``; on the ``colab`` branch they need ``git add -f``, since
``.gitignore`` has ``*.ipynb``). Only the address line and the links change; every other byte
of both files stays as it was.

Run ``python tools/project_url.py`` to print the address, ``... set URL`` to change it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
README = ROOT / "README.md"
# [ \t]*, not \s*: \s would also swallow the newline and blank line after the address line
LINE = re.compile(r'^(Repository[ \t]*=[ \t]*")([^"]+)(")[ \t]*$', re.MULTILINE)
GITHUB = re.compile(r"^https://github\.com/([A-Za-z0-9][\w.-]*)/([A-Za-z0-9][\w.-]*?)(?:\.git)?/?$")
#: Branch Binder builds from, and the branch the generated Colab notebooks are pushed to.
BINDER_BRANCH = "main"
COLAB_BRANCH = "colab"


def project_url(pyproject: Path = PYPROJECT) -> str:
    """The repository URL from pyproject.toml's ``[project.urls] Repository``."""
    match = LINE.search(pyproject.read_text())
    if match is None:
        raise ValueError(f"{pyproject}: no `Repository = \"...\"` line under [project.urls]")
    return match.group(2)


def org_repo(url: str) -> tuple[str, str]:
    """``("ORG", "REPO")`` of a GitHub URL; ValueError for anything else."""
    match = GITHUB.match(url)
    if match is None:
        raise ValueError(f"url must look like https://github.com/ORG/REPO, got {url!r}")
    return match.group(1), match.group(2)


def binder_url(url: str) -> str:
    """Binder, opening JupyterLab on the repository with the notebooks/ folder shown."""
    org, repo = org_repo(url)
    return f"https://mybinder.org/v2/gh/{org}/{repo}/{BINDER_BRANCH}?urlpath=lab/tree/notebooks"


def colab_url(url: str, name: str) -> str:
    """Colab, opening ``notebooks/NAME.ipynb`` of the branch ``make ipynb`` output is pushed to."""
    org, repo = org_repo(url)
    return (f"https://colab.research.google.com/github/{org}/{repo}/blob/{COLAB_BRANCH}/"
            f"notebooks/{name}.ipynb")


def set_project_url(url: str, *, pyproject: Path = PYPROJECT, readme: Path = README) -> str:
    """Point pyproject.toml and the README's links at ``url``; return the old URL."""
    new_org, new_repo = org_repo(url.rstrip("/"))
    url = f"https://github.com/{new_org}/{new_repo}"
    old = project_url(pyproject)
    old_org, old_repo = org_repo(old)
    pyproject.write_text(LINE.sub(lambda m: f"{m.group(1)}{url}{m.group(3)}",
                                  pyproject.read_text(), count=1))
    text = readme.read_text()
    for before, after in [
        (f"github.com/{old_org}/{old_repo}", f"github.com/{new_org}/{new_repo}"),
        (f"/gh/{old_org}/{old_repo}/", f"/gh/{new_org}/{new_repo}/"),
        (f"/github/{old_org}/{old_repo}/", f"/github/{new_org}/{new_repo}/"),
    ]:
        text = text.replace(before, after)
    readme.write_text(text)
    return old


def main(argv: list[str] | None = None) -> int:
    """``project_url.py`` prints the address; ``project_url.py set URL`` changes it."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print(project_url())
        return 0
    if len(argv) == 2 and argv[0] == "set":
        old = set_project_url(argv[1])
        print(f"project URL: {old} -> {project_url()} (pyproject.toml and README.md rewritten).\n"
              "Not done by this tool: commit both files; rebuild the JupyterLite site (make "
              "site), whose START_HERE names the address; rebuild the Colab notebooks (make "
              "ipynb) and commit them on the colab branch with git add -f (*.ipynb is "
              "git-ignored).")
        return 0
    print("usage: project_url.py [set https://github.com/ORG/REPO]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
