"""No exercise's answer can be read off anything above it (issue 20, point 2).

Every notebook (``notebooks/NN_*.py``, whichever exist) is executed once as ``make html`` runs
it (``tools/build_notebooks.py``: inline figures with their alt texts, widgets frozen to the
images they showed; one kernel per notebook, two at a time), and kept for tests/test_a11y.py
(tests/executed_notebooks.py). In the same kernel a last cell asks every exercise's
check for its expected answer, with the notebook's own arguments (``check.expected(...)``,
declared with :func:`regviz.exercises.exercise`): the test never types an answer. Then, for each
exercise, the text of every cell above it (markdown, code) and of every output above it (text,
HTML, LaTeX; no images) is searched for the answer: a number matches when it equals the answer
to three significant digits (for a whole-number answer, the whole number). A pair matches when
all its nonzero coordinates appear. Letters of multiple-choice questions and code exercises are
not numbers and are skipped.
"""

from __future__ import annotations

import ast
import json
import math
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
MARK = "LOOKUP-ANSWERS:"
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def check_calls(source: str) -> list[ast.Call]:
    """The ``check_*`` calls of one code cell (magics and shell lines dropped)."""
    text = "\n".join(line for line in source.splitlines()
                     if not line.lstrip().startswith(("%", "!")))
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and n.func.id.startswith("check_")]


def answer_cell(nb) -> str:
    """A cell that prints, as JSON, every exercise's expected answer by its cell index."""
    lines = ["import json as _lk_json", "import numpy as _lk_np", "_lk = {}",
             "def _lk_conv(v):",
             "    if isinstance(v, str):",
             "        return v",
             "    try:",
             "        return _lk_np.asarray(v, dtype=float).tolist()",
             "    except (TypeError, ValueError):",
             "        return repr(v)"]
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for call in check_calls(cell.source):
            first = call.args[0] if call.args else None
            if not (isinstance(first, ast.Constant) and first.value is None):
                continue  # a code exercise: the student's function, no number to look up
            rest = [ast.unparse(a) for a in call.args[1:]]
            rest += [ast.unparse(k) for k in call.keywords]
            name = call.func.id
            lines += [
                "try:",
                f"    _lk_f = getattr({name}, 'expected', None)",
                f"    _lk[{i}] = [{name!r}, 'no expected=' if _lk_f is None else "
                f"_lk_conv(_lk_f({', '.join(rest)}))]",
                "except Exception as _lk_e:",
                f"    _lk[{i}] = [{name!r}, 'error: ' + repr(_lk_e)]",
            ]
    lines.append(f"print({MARK!r} + _lk_json.dumps(_lk))")
    return "\n".join(lines)


def execute(source: Path, scratch: Path, cache: Path) -> dict:
    """Run one notebook plus its answer cell; return its cells and the answers by cell index.

    The run is ``make html``'s (:func:`build_notebooks.execute`); the executed notebook goes to
    ``cache`` for tests/test_a11y.py (tests/executed_notebooks.py), and is taken from there
    when this code already ran it.
    """
    import build_notebooks

    nb_path, answers_path = cache / f"{source.stem}.ipynb", cache / f"{source.stem}.extra.txt"
    start = time.perf_counter()
    if not (nb_path.exists() and answers_path.exists()):
        build_notebooks.execute(source, scratch, timeout=900,
                                extra=answer_cell(build_notebooks.jupytext.read(source)))
        for name in (answers_path.name, nb_path.name):  # the notebook last: it marks done
            os.replace(scratch / name, cache / name)
    seconds = time.perf_counter() - start
    nb = nbformat.read(nb_path, as_version=4)
    answers = json.loads(answers_path.read_text().split(MARK, 1)[1])
    return {"cells": nb.cells, "answers": {int(k): v for k, v in answers.items()},
            "seconds": seconds}


@pytest.fixture(scope="module")
def executed(tmp_path_factory, request):
    """Every notebook executed once (two kernels at a time), by stem."""
    from executed_notebooks import folder as cache_folder

    scratch = tmp_path_factory.mktemp("lookups")
    cache = cache_folder(request.config)
    env = {"OMP_NUM_THREADS": "1",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = {p.stem: pool.submit(execute, p, scratch, cache) for p in NOTEBOOKS}
            results = {}
            for stem, f in futures.items():
                try:
                    results[stem] = f.result()
                except Exception as exc:  # one notebook that fails to run fails its own test
                    results[stem] = exc
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return results


#: An inline image in an HTML output (``src="data:image/png;base64,..."``).
DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")


def cell_text(cell) -> str:
    """A cell's source and the text of its outputs (images left out)."""
    parts = [cell.source]
    for out in cell.get("outputs", []):
        parts.append(out.get("text", "") if isinstance(out.get("text", ""), str) else "")
        data = out.get("data", {})
        for mime in ("text/plain", "text/html", "text/markdown", "text/latex"):
            value = data.get(mime, "")
            value = "".join(value) if isinstance(value, list) else value
            # an HTML output may carry its figure inline (an <img> with its alt text): the
            # image's base64 bytes are not text a student reads, and hold every short number
            parts.append(DATA_URI.sub("", value))
    return "\n".join(parts)


def _sig3(x: float) -> float:
    return float(f"{abs(x):.3g}")


def _digits(token: str) -> int:
    mantissa = re.split(r"[eE]", token.lstrip("+-"))[0].replace(".", "").lstrip("0")
    return len(mantissa) if "." in token else len(mantissa.rstrip("0")) or 1


def appears(value: float, text: str) -> str | None:
    """The token of ``text`` equal to ``value`` to three significant digits, if any."""
    want = _sig3(value)
    need = min(3, _digits(f"{want:g}"))
    for token in NUMBER.findall(text):
        try:
            v = float(token)
        except ValueError:
            continue
        if math.isfinite(v) and _sig3(v) == want and _digits(token) >= need:
            return token
    return None


def found_above(answer, text: str) -> list[str]:
    """The tokens that give ``answer`` away (all coordinates of a pair must appear)."""
    values = [answer] if isinstance(answer, (int, float)) else list(answer)
    values = [float(v) for v in values if float(v) != 0.0]
    hits = [appears(v, text) for v in values]
    return [h for h in hits if h] if values and all(hits) else []


def test_notebooks_are_found():
    assert len(NOTEBOOKS) >= 10, NOTEBOOKS


# --- the matcher itself ------------------------------------------------------------------------
def test_the_matcher_finds_an_answer_to_three_digits():
    assert found_above(0.73443, "x* = 0.734 at lambda 0.85")
    assert found_above(0.73443, "x* = 0.7344")
    assert not found_above(0.73443, "x* = 0.73, lambda 0.85")
    assert found_above(14, "n = 14 observations") and not found_above(14, "n = 140, 1.4")
    assert found_above(194.0, "194 steps") and not found_above(194.0, "19 steps, 1,940")
    assert found_above((0.3077, 0.4615), "w = (0.308, 0.462)")
    assert not found_above((0.3077, 0.4615), "w = (0.308, 0.5)")
    assert found_above(2.4375e-4, "lambda = 2.44e-04")


def test_an_inline_image_is_not_searched_but_its_alt_text_is():
    cell = nbformat.v4.new_code_cell("show(fig)")
    html = '<img alt="The minimiser is 0.731" src="data:image/png;base64,iVBOR53w+/53Q==">'
    cell.outputs = [nbformat.v4.new_output("display_data", {"text/html": html})]
    assert appears(53, cell_text(cell)) is None
    assert appears(0.731, cell_text(cell)) == "0.731"


def test_a_planted_look_up_is_caught():
    cells = [nbformat.v4.new_markdown_cell("The amplitude is $a = 0.0243$."),
             nbformat.v4.new_code_cell("check_cycle_amplitude(None, lr=0.04, lam=0.3, p=0.3)")]
    text = "\n".join(cell_text(c) for c in cells[:1])
    assert found_above(0.024291504, text) == ["0.0243"]


# --- every notebook -----------------------------------------------------------------------------
@pytest.mark.parametrize("source", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_answer_appears_above_its_exercise(executed, source):
    run = executed[source.stem]
    if isinstance(run, Exception):
        pytest.fail(f"{source.stem} did not run: {str(run)[-2000:]}")
    cells, answers = run["cells"], run["answers"]
    print(f"{source.stem}: executed in {run['seconds']:.0f} s, {len(answers)} answers")
    assert answers, f"{source.stem}: no exercise with a None answer found"
    problems = []
    for index, (name, answer) in sorted(answers.items()):
        if isinstance(answer, str):
            if answer == "no expected=" or answer.startswith("error"):
                problems.append(f"{name} (cell {index}): the check gives no expected answer "
                                f"({answer}); declare it with @exercise(expected=...)")
            continue  # a letter: a multiple-choice question
        above = "\n".join(cell_text(c) for c in cells[:index])
        if hits := found_above(answer, above):
            problems.append(f"{name} (cell {index}): its answer {answer} appears above it as "
                            f"{hits}")
    assert problems == []
