"""``regviz reproduce NAME --latex``: a slide-ready booktabs table that compiles in a beamer frame.

The table's structure is checked always; with a LaTeX engine (``pdflatex``, Debian's
``texlive-latex-recommended``, which ``.ci/run`` installs) the table is put unedited into a
beamer frame and compiled, and the PDF must come out without an error or an overfull box.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from regviz.__main__ import main

FRAME = r"""\documentclass{beamer}
\usepackage[utf8]{inputenc}
\usepackage{booktabs}
\begin{document}
\begin{frame}{A reproduction}
%s
\end{frame}
\end{document}
"""


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> str:
    import os

    os.environ.setdefault("REGVIZ_CACHE", str(tmp_path_factory.mktemp("cache")))
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["reproduce", "sgd-weight-decay", "--latex"]) == 0
    return out.getvalue()


def test_latex_table_is_slide_ready(table):
    lines = table.strip().splitlines()
    assert lines[0] == r"\begin{table}" and lines[-1] == r"\end{table}"
    for rule in (r"\toprule", r"\midrule", r"\bottomrule"):
        assert table.count(rule) == 1, rule
    spec = re.search(r"\\begin\{tabular\}\{([lr]+)\}", table).group(1)
    assert 3 <= len(spec) <= 7, f"{len(spec)} columns: a slide shows the chosen few"
    head = lines[lines.index(r"\toprule") + 1]
    assert r"$\lambda$" in head and "lambda" not in head.replace(r"\lambda", "")
    assert r"\_" not in head  # headings are words, not identifiers
    body = lines[lines.index(r"\midrule") + 1:lines.index(r"\bottomrule")]
    assert body and all(row.count("&") == len(spec) - 1 for row in body)
    for row in body:
        for number in re.findall(r"(?<![\w.$^{-])\d+\.\d+", row):
            assert len(number.replace(".", "").lstrip("0")) <= 3, f"unrounded {number} in {row}"
        assert not re.search(r"\de-?\d", row), f"e-notation on a slide: {row}"
    caption = re.search(r"\\caption\{(.*)\}", table).group(1)
    assert "claims reproduced" in caption


@pytest.mark.skipif(shutil.which("pdflatex") is None,
                    reason="no pdflatex (apt-get install texlive-latex-recommended)")
def test_latex_table_compiles_in_a_beamer_frame(table, tmp_path):
    (tmp_path / "slide.tex").write_text(FRAME % table)
    result = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                             "slide.tex"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    log = (tmp_path / "slide.log").read_text(errors="replace")
    assert result.returncode == 0, log[-3000:]
    assert (tmp_path / "slide.pdf").stat().st_size > 0
    assert "Overfull \\hbox" not in log, "the table is wider than the frame"
