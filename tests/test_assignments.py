"""``make assignments`` builds one Otter-Grader assignment per notebook, and Otter grades it
offline: the worked solutions get full marks, the untouched student notebook zero, no crash.

The assignments are built once (``tools/build_assignments.py``, two at a time) into a temporary
folder; then every notebook's autograder notebook (the worked solutions filled in) and student
notebook are graded with ``otter run`` (no container: this environment), two gradings at a
time. Every notebook with a worked solution is covered, so new ones join by themselves. The
times of the build and of each grading are printed (``pytest -s``).
"""  # noqa: D205

from __future__ import annotations

import ast
import json
import multiprocessing as mp
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))  # worker processes find it on the same path
import build_assignments as build  # noqa: E402

PAIRS = build.pairs()
STEMS = [nb.stem for nb, _ in PAIRS]
#: The grading kernels draw with ipympl, as a student's JupyterLab does (``REGVIZ_BACKEND=widget``,
#: regviz's default): with no front end asking for pixels, no figure is rendered, 1.5 s less a
#: grading than inline PNGs (9 s) here.
ENV = {**os.environ, "MPLBACKEND": "Agg", "REGVIZ_BACKEND": "widget", "OMP_NUM_THREADS": "1",
       "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


def test_every_notebook_has_a_worked_solution():
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    assert len(notebooks) >= 10 and STEMS == [p.stem for p in notebooks]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("assignments")
    start = time.perf_counter()
    assert build.main(["--out", str(out), "--jobs", "2"]) == 0
    print(f"\nbuilt {len(STEMS)} assignments in {time.perf_counter() - start:.0f} s")
    return out


@pytest.fixture(scope="module")
def graded(built):
    """(stem, 'solution' | 'student') -> (exit code, log, results JSON or None, seconds)."""
    jobs = {}
    for stem in STEMS:
        folder = built / stem
        (zipfile,) = (folder / "autograder").glob("*.zip")
        jobs[stem, "solution"] = (folder / "autograder" / f"{stem}.ipynb", zipfile,
                                  built / "graded" / stem / "solution")
        jobs[stem, "student"] = (folder / "student" / f"{stem}.ipynb", zipfile,
                                 built / "graded" / stem / "student")
    saved = dict(os.environ)
    os.environ.update({k: ENV[k] for k in ("MPLBACKEND", "REGVIZ_BACKEND", "OMP_NUM_THREADS",
                                           "PYTHONPATH")})
    start = time.perf_counter()
    try:
        with ProcessPoolExecutor(max_workers=2, mp_context=mp.get_context("spawn")) as pool:
            futures = {key: pool.submit(build.grade_one, *args) for key, args in jobs.items()}
            done = {key: f.result() for key, f in futures.items()}
    finally:
        os.environ.clear()
        os.environ.update(saved)
    results = {}
    for key, (code, log, seconds) in done.items():
        path = jobs[key][2] / "results.json"
        results[key] = (code, log, json.loads(path.read_text()) if path.exists() else None,
                        seconds)
        print(f"graded {key[0]} ({key[1]}) in {seconds:.0f} s")
    print(f"graded {len(done)} notebooks in {time.perf_counter() - start:.0f} s")
    return results


def n_checks(stem: str) -> int:
    """The check calls under the notebook's Exercises heading: one question each."""
    nb = jupytext.read(ROOT / "notebooks" / f"{stem}.py")
    heading = next(i for i, c in enumerate(nb.cells) if build._is_exercises_heading(c))
    return sum(len(build._check_calls(c.source)) for c in nb.cells[heading + 1:]
               if c.cell_type == "code")


def scores(results: dict) -> dict[str, tuple[float, float]]:
    return {t["name"]: (t["score"], t["max_score"]) for t in results["tests"]
            if t.get("max_score") is not None and t["name"].startswith("q")}


@pytest.mark.parametrize("stem", STEMS)
def test_the_assignment_has_a_question_per_check(built, stem):
    folder = built / stem
    assert (folder / "student" / f"{stem}.ipynb").exists()
    assert len(list((folder / "autograder").glob("*.zip"))) == 1
    student = json.loads((folder / "student" / f"{stem}.ipynb").read_text())
    text = "".join("".join(c["source"]) for c in student["cells"])
    assert "# BEGIN SOLUTION" not in text and "END PROMPT" not in text
    start = (ROOT / "notebooks" / f"{stem}.py").read_text()  # the student's starting code
    for name, (code, _) in build.solution_parts(ROOT / "docs" / "solutions" /
                                                f"{stem}.py").items():
        for stmt in ast.parse(code).body:  # each computing line of the worked solution
            if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Expr)):
                continue
            for line in ast.unparse(stmt).splitlines():
                if len(line.strip()) >= 25 and line.strip() not in start:
                    assert line.strip() not in text, (
                        f"{stem}: the worked solution of {name} leaks into the student "
                        f"notebook: {line}")
    n = sum('grader.check("q' in "".join(c["source"]) for c in student["cells"])
    assert n == n_checks(stem)


@pytest.mark.parametrize("stem", STEMS)
def test_worked_solutions_get_full_marks(graded, stem):
    code, log, results, _ = graded[stem, "solution"]
    assert code == 0 and results, log
    got = scores(results)
    assert len(got) == n_checks(stem)
    assert all(score == most > 0 for score, most in got.values()), got


@pytest.mark.parametrize("stem", STEMS)
def test_the_untouched_student_notebook_gets_zero_without_crashing(graded, stem):
    code, log, results, _ = graded[stem, "student"]
    assert code == 0 and results, log
    got = scores(results)
    assert len(got) == n_checks(stem)
    assert all(score == 0 and most > 0 for score, most in got.values()), got


def test_a_student_answer_is_what_gets_graded(tmp_path):
    """The master's test asserts the notebook's own check on the student's named answer."""
    stem = STEMS[1]
    master = build.build_master(ROOT / "notebooks" / f"{stem}.py",
                                ROOT / "docs" / "solutions" / f"{stem}.py")
    tests = [c.source for c in master.cells if c.cell_type == "code"
             and c.source.startswith("def test_q")]
    assert len(tests) == n_checks(stem)
    for source in tests:
        tree = ast.parse(source)
        assert isinstance(tree.body[0], ast.FunctionDef) and "assert check_" in source
