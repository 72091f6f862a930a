"""``tools/project_url.py set`` changes the address and nothing else (issue 19, item 25)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import project_url as pu  # noqa: E402

sys.path.pop(0)


def test_set_keeps_every_other_byte_of_both_files(tmp_path):
    pyproject, readme = tmp_path / "pyproject.toml", tmp_path / "README.md"
    before = (ROOT / "pyproject.toml").read_text()
    pyproject.write_text(before)
    readme.write_text((ROOT / "README.md").read_text())
    old = pu.set_project_url("https://github.com/my-course/regviz-2027", pyproject=pyproject,
                             readme=readme)
    assert pyproject.read_text() == before.replace(f'"{old}"',
                                                   '"https://github.com/my-course/regviz-2027"')
    assert "\n\n[project.optional-dependencies]" in pyproject.read_text()
    # and back: the round trip restores the original files exactly
    pu.set_project_url(old, pyproject=pyproject, readme=readme)
    assert pyproject.read_text() == before
    assert readme.read_text() == (ROOT / "README.md").read_text()


def test_set_says_what_is_left_to_do(tmp_path, monkeypatch, capsys):
    pyproject, readme = tmp_path / "pyproject.toml", tmp_path / "README.md"
    pyproject.write_text((ROOT / "pyproject.toml").read_text())
    readme.write_text((ROOT / "README.md").read_text())
    monkeypatch.setattr(pu, "set_project_url",
                        lambda url, _f=pu.set_project_url: _f(url, pyproject=pyproject,
                                                              readme=readme))
    assert pu.main(["set", "https://github.com/my-course/regviz-2027"]) == 0
    out = capsys.readouterr().out
    for step in ("commit both files", "make site", "make ipynb", "git add -f"):
        assert step in out
