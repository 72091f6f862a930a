"""Build one Otter-Grader assignment per notebook from the notebook and its worked solution.

For every ``notebooks/NN_topic.py`` with a ``docs/solutions/NN_topic.py`` this writes an Otter
Assign master notebook (``build/assignments/NN_topic/master/NN_topic.ipynb``) and runs
``otter assign`` on it, which gives::

    build/assignments/NN_topic/student/NN_topic.ipynb      hand this out (and its tests/)
    build/assignments/NN_topic/autograder/NN_topic.ipynb   the worked solutions, filled in
    build/assignments/NN_topic/autograder/*.zip            Otter's autograder (Gradescope or
                                                           ``otter run -a ZIP submission.ipynb``)

One source, no copies: the master is generated each time. Everything above a notebook's
``## Exercises`` heading is copied as it is. Each ``check_*`` call under it becomes a question
worth one point: its prompt is the exercise's text and the notebook's own starting code (the
student's ``None`` or ``return None``), its solution the worked solution's code for that check,
and its test the notebook's check itself (``assert check_...(answer, ...)``), so the autograder
grades exactly what the check tells the student. A check called on ``None`` in the notebook gets
a named answer, ``answer_<name> = None``, so that the test can see it.

Usage::

    python tools/build_assignments.py [--out build/assignments] [--jobs 2] [NN_topic ...]
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import multiprocessing as mp
import shutil
import sys
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = "## Exercises"
POINTS = 1


def _check_calls(source: str) -> list[ast.Call]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and n.func.id.startswith("check_")]


def _is_exercises_heading(cell) -> bool:
    return cell.cell_type == "markdown" and any(
        line.strip() == f"# {EXERCISES}" or line.strip() == EXERCISES
        for line in cell.source.splitlines())


def _answer_name(call: ast.Call) -> str:
    return "answer_" + call.func.id.removeprefix("check_")


def _takes_none(call: ast.Call) -> bool:
    return bool(call.args) and isinstance(call.args[0], ast.Constant) and call.args[0].value is None


def solution_parts(path: Path) -> dict[str, tuple[str, str]]:
    """For each check a solution asserts: (the solution's code before it, its answer expression).

    The code is every statement of the solution's code cells between the previous ``assert
    check_...(...)`` and this one (the first check also gets the file's imports), asserts left
    out; the answer is the assert's first argument, as written.
    """
    nb = jupytext.read(path)
    out: dict[str, tuple[str, str]] = {}
    pending: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        for stmt in tree.body:
            test = stmt.test if isinstance(stmt, ast.Assert) else None
            if isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and \
                    test.func.id.startswith("check_"):
                out[test.func.id] = ("\n".join(pending).strip(),
                                     ast.unparse(test.args[0]) if test.args else "None")
                pending = []
            else:
                pending.append(ast.get_source_segment(cell.source, stmt, padded=True) or
                               ast.unparse(stmt))
    return out


def _raw(text: str):
    return nbformat.v4.new_raw_cell(text)


def _question(name: str, prompts: list, code_cells: list, solutions: dict, stem: str) -> list:
    """The master cells of one question: config, prompts, solution cell, tests."""
    calls = [c for cell in code_cells for c in _check_calls(cell.source)]
    cells = [_raw(f"# BEGIN QUESTION\nname: {name}\npoints: {POINTS * len(calls)}"), *prompts]
    prompt_lines, kept_lines, check_lines = [], [], []
    for cell in code_cells:
        lines = cell.source.splitlines()
        role = ["prompt"] * len(lines)  # blank lines and comments stay with the student's code
        for stmt in ast.parse(cell.source).body:
            span = range(stmt.lineno - 1, stmt.end_lineno)
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                for i in span:
                    role[i] = "kept"
            elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and \
                    _check_calls(ast.unparse(stmt)):
                call = stmt.value
                if _takes_none(call):
                    prompt_lines.append(f"{_answer_name(call)} = None  # your answer")
                    call.args[0] = ast.Name(_answer_name(call))
                check_lines.append(ast.unparse(call))
                for i in span:
                    role[i] = "check"
        kept_lines += [ln for ln, r in zip(lines, role, strict=True) if r == "kept"]
        prompt_lines += [ln for ln, r in zip(lines, role, strict=True) if r == "prompt"]
    while prompt_lines and not prompt_lines[-1].strip():
        prompt_lines.pop()
    while prompt_lines and not prompt_lines[0].strip():
        prompt_lines.pop(0)
    solution_lines = []
    for call in calls:
        if call.func.id not in solutions:
            raise ValueError(f"{stem}: the worked solution asserts no {call.func.id}")
        code, answer = solutions[call.func.id]
        if code:
            solution_lines.append(code)
        if _takes_none(call):
            solution_lines.append(f"{_answer_name(call)} = {answer}")
    source = "\n".join(kept_lines)
    if prompt_lines:
        source += '\n""" # BEGIN PROMPT\n' + "\n".join(prompt_lines) + '\n"""; # END PROMPT'
    source += ("\n# BEGIN SOLUTION NO PROMPT\n" + "\n\n".join(solution_lines)
               + "\n# END SOLUTION\n" + "\n".join(check_lines))
    cells += [_raw("# BEGIN SOLUTION"), nbformat.v4.new_code_cell(source.strip() + "\n"),
              _raw("# END SOLUTION"), _raw("# BEGIN TESTS")]
    for k, call in enumerate(calls):
        if _takes_none(call):
            call.args[0] = ast.Name(_answer_name(call))
        names = sorted({call.func.id} | ({call.args[0].id} if isinstance(call.args[0], ast.Name)
                                         else set()))
        fn = f"test_{name}_{k}"
        signature = ", ".join(names)
        cells.append(nbformat.v4.new_code_cell(
            f"def {fn}({signature}):\n    assert {ast.unparse(call)}\n\n{fn}({signature})"))
    cells += [_raw("# END TESTS"), _raw("# END QUESTION")]
    return cells


def repository_url() -> str:
    """The project's address (pyproject.toml), for the autograder's requirements.txt."""
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return meta["project"]["urls"]["Repository"]


def build_master(notebook: Path, solution: Path) -> nbformat.NotebookNode:
    """The Otter Assign master notebook of one notebook and its worked solution."""
    nb = jupytext.read(notebook)
    stem = notebook.stem
    heading = next((i for i, c in enumerate(nb.cells) if _is_exercises_heading(c)), None)
    if heading is None:
        raise ValueError(f"{notebook.name} has no '{EXERCISES}' section")
    solutions = solution_parts(solution)
    config = {
        "name": stem,
        "requirements": "requirements.txt",
        "init_cell": True,
        "check_all_cell": False,
        "export_cell": {"pdf": False, "instructions": "Upload the zip file this cell makes."},
        "generate": {"pdf": False, "filtering": False, "show_stdout": True},
        "tests": {"ok_format": False, "files": False},
        "run_tests": False,
        "solutions_pdf": False,
        "template_pdf": False,
    }
    cells = [_raw("# ASSIGNMENT CONFIG\n" + json.dumps(config, indent=1))]
    cells += nb.cells[:heading + 1]
    prompts: list = []
    code: list = []
    n = 0
    for cell in nb.cells[heading + 1:]:
        if cell.cell_type == "code" and _check_calls(cell.source):
            code.append(cell)
            n += 1
            cells += _question(f"q{n}", prompts, code, solutions, stem)
            prompts, code = [], []
        elif cell.cell_type == "code":
            code.append(cell)
        else:
            prompts.append(cell)
    if prompts or code:
        cells += prompts + code
    master = nbformat.v4.new_notebook(cells=cells, metadata=nb.metadata)
    master.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
    for k, cell in enumerate(master.cells):
        cell["id"] = f"{stem[:2]}-{k:03d}"
    return master


def build_one(notebook: Path, solution: Path, out: Path) -> tuple[str, float]:
    """Write the master and run Otter Assign on it; return (stem, seconds).

    Otter is imported in this process (importing it takes seconds, so a worker builds several
    assignments with one import).
    """
    from otter.assign import main as otter_assign

    start = time.perf_counter()
    folder = (out / notebook.stem).resolve()
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "master").mkdir(parents=True)
    master = build_master(notebook, solution)
    path = folder / "master" / f"{notebook.stem}.ipynb"
    nbformat.write(master, path)
    (folder / "master" / "requirements.txt").write_text(f"regviz @ git+{repository_url()}\n")
    with contextlib.redirect_stdout(io.StringIO()) as log:
        try:
            otter_assign(str(path), str(folder), no_pdfs=True, no_run_tests=True)
        except Exception as exc:
            raise RuntimeError(f"otter assign failed on {notebook.stem}: {exc}\n"
                               f"{log.getvalue()}") from exc
    return notebook.stem, time.perf_counter() - start


def grade_one(notebook: Path, autograder: Path, out: Path) -> tuple[int, str, float]:
    """Grade one notebook offline with Otter (``otter run``) in this process.

    Returns (0 or 1 for a crash, the end of Otter's log, seconds); ``out/results.json`` holds
    the scores. Run it in a worker process: Otter changes the working directory, and importing
    it costs seconds, paid once per worker.
    """
    from otter.run import main as otter_run

    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    log = io.StringIO()
    try:
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            otter_run(str(notebook), autograder=str(autograder), output_dir=str(out),
                      no_logo=True)
        code = 0
    except Exception as exc:  # a crash of the grader is a failure to report, with its log
        code, log = 1, io.StringIO(log.getvalue() + repr(exc))
    return code, log.getvalue()[-4000:], time.perf_counter() - start


def pairs(names: list[str] | None = None) -> list[tuple[Path, Path]]:
    """(notebook, worked solution) for every notebook that has both, or for ``names``."""
    out = []
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py")):
        solution = ROOT / "docs" / "solutions" / notebook.name
        if (names is None or notebook.stem in names) and solution.exists():
            out.append((notebook, solution))
    return out


def main(argv: list[str] | None = None) -> int:
    """Build the assignments named on the command line (default: all), two at a time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="notebook stems (default: every notebook)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "assignments")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    todo = pairs(args.names or None)
    if not todo:
        parser.error("no notebook with a worked solution found")
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    jobs = max(1, min(args.jobs, len(todo)))
    if jobs == 1:
        done = [build_one(nb, sol, args.out) for nb, sol in todo]
    else:  # processes, not threads: Otter Assign changes the working directory
        with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("spawn")) as pool:
            done = list(pool.map(build_one, *zip(*todo, strict=True),
                                 [args.out] * len(todo)))
    for stem, seconds in done:
        print(f"{stem}: {seconds:.1f} s -> {args.out / stem}")
    print(f"{len(todo)} assignments in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
