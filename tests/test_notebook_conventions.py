"""Every notebook follows the exercise and cell rules of issue 9.

For each ``notebooks/NN_*.py`` (new notebooks join by their name):

- every ``check_*`` call's first argument is the literal ``None`` or a function defined in the
  notebook whose body starts with ``return None`` (the student writes it);
- the notebook ends with a ``## Exercises`` section holding at least three ``check_*`` calls, at
  least one of them a code exercise (a student's function);
- no code cell has more than 12 non-blank lines;
- ``docs/solutions/NN_*.py`` exists, and calls every check of the notebook's exercises with the
  same arguments after the answer (tests/test_solutions.py runs it).

``problems`` returns what is wrong with one notebook's text; the planted notebooks below prove
that each rule can fail.
"""

from __future__ import annotations

import ast
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
SOLUTIONS = ROOT / "docs" / "solutions"
MAX_LINES = 12
MIN_EXERCISES = 3


def _cells(text: str) -> list[tuple[str, str]]:
    nb = jupytext.reads(text, fmt="py:percent")
    return [(c.cell_type, c.source) for c in nb.cells]


def _check_name(call: ast.Call) -> str | None:
    f = call.func
    name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
    return name if name and name.startswith("check_") else None


def _stub_functions(trees: list[ast.Module]) -> tuple[set[str], set[str]]:
    """Names of functions defined at top level, and those whose body starts with ``return None``."""
    defined, stubs = set(), set()
    for tree in trees:
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                defined.add(node.name)
                first = node.body[0]
                if (isinstance(first, ast.Return) and isinstance(first.value, ast.Constant)
                        and first.value.value is None):
                    stubs.add(node.name)
                else:
                    stubs.discard(node.name)
    return defined, stubs


def check_calls(text: str) -> list[tuple[bool, ast.Call]]:
    """``(in_exercises, call)`` for every ``check_*`` call in the notebook's code cells."""
    out, in_exercises = [], False
    for kind, source in _cells(text):
        if kind == "markdown":
            for line in source.splitlines():
                if line.startswith("## "):
                    in_exercises = line.strip() == "## Exercises"
            continue
        if kind != "code":
            continue
        tree = ast.parse(source)
        out += [(in_exercises, n) for n in ast.walk(tree)
                if isinstance(n, ast.Call) and _check_name(n)]
    return out


def _code_trees(text: str) -> list[ast.Module]:
    return [ast.parse(src) for kind, src in _cells(text) if kind == "code"]


def problems(text: str, stem: str, solutions: Path = SOLUTIONS) -> list[str]:
    """Every rule the notebook ``text`` (named ``stem``) breaks, one message each."""
    found = []
    cells = _cells(text)
    for i, (kind, source) in enumerate(cells):
        n = sum(1 for line in source.splitlines() if line.strip())
        if kind == "code" and n > MAX_LINES:
            first = source.strip().splitlines()[0][:60]
            found.append(f"code cell {i} has {n} non-blank lines (at most {MAX_LINES}): {first}")
    headings = [line.strip() for kind, src in cells if kind == "markdown"
                for line in src.splitlines() if line.startswith("## ")]
    if "## Exercises" not in headings:
        found.append("no '## Exercises' section")
    elif headings[-1] != "## Exercises":
        found.append(f"the notebook does not end with its exercises (last section: {headings[-1]})")
    _, stubs = _stub_functions(_code_trees(text))
    n_exercises = n_code = 0
    for in_exercises, call in check_calls(text):
        name = _check_name(call)
        first = call.args[0] if call.args else None
        is_none = isinstance(first, ast.Constant) and first.value is None
        is_stub = isinstance(first, ast.Name) and first.id in stubs
        if not (is_none or is_stub):
            shown = ast.unparse(first) if first is not None else "no argument"
            found.append(f"{name}({shown}, ...) does not start from None or from a function of "
                         "the notebook whose body starts with `return None`")
        if in_exercises:
            n_exercises += 1
            n_code += is_stub
    if n_exercises < MIN_EXERCISES:
        found.append(f"{n_exercises} check_* calls under '## Exercises' (at least "
                     f"{MIN_EXERCISES})")
    if n_code < 1:
        found.append("no code exercise (a check_* call on the student's own function)")
    if not (solutions / f"{stem}.py").exists():
        found.append(f"no worked solutions in docs/solutions/{stem}.py")
    return found


def _signature(call: ast.Call) -> tuple[str, str]:
    rest = [ast.unparse(a) for a in call.args[1:]]
    rest += sorted(f"{k.arg}={ast.unparse(k.value)}" for k in call.keywords)
    return _check_name(call), ", ".join(rest)


def solution_gaps(text: str, solution_text: str) -> list[str]:
    """The notebook's exercise checks that the solution file does not call with the same args."""
    solved = {_signature(c) for _, c in check_calls(solution_text)}
    return [f"{name}(answer, {args})" for ex, call in check_calls(text) if ex
            for name, args in [_signature(call)] if (name, args) not in solved]


def test_notebooks_are_found():
    assert len(NOTEBOOKS) >= 8, NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_follows_the_conventions(path):
    assert problems(path.read_text(), path.stem) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_solutions_answer_every_exercise_with_the_notebooks_arguments(path):
    solution = SOLUTIONS / f"{path.stem}.py"
    if not solution.exists():
        pytest.fail(f"no worked solutions in docs/solutions/{path.stem}.py")
    assert solution_gaps(path.read_text(), solution.read_text()) == []


# --- the rules can fail: planted notebooks -----------------------------------------------------
HEADER = "# %% [markdown]\n# # A planted notebook\n\n# %%\nimport numpy as np\n\n"
EXERCISES = """# %% [markdown]
# ## Exercises

# %%
def soft(z, t):
    return None  # your code here


check_soft(soft)

# %%
check_a(None, x=1)

# %%
check_b(None)
"""


def planted(tmp_path, body: str = "", exercises: str = EXERCISES) -> list[str]:
    (tmp_path / "99_planted.py").write_text("")
    return problems(HEADER + body + exercises, "99_planted", solutions=tmp_path)


def test_a_good_planted_notebook_passes(tmp_path):
    assert planted(tmp_path) == []


def test_an_answer_typed_into_the_check_fails(tmp_path):
    found = planted(tmp_path, exercises=EXERCISES.replace("check_b(None)", "check_b(0.5)"))
    assert found and "check_b(0.5" in found[0]


def test_a_check_fed_a_computed_answer_fails(tmp_path):
    body = "# %%\nanswer = max([1, 2])\ncheck_best(answer, 2)\n\n"
    found = planted(tmp_path, body)
    assert len(found) == 1 and "check_best(answer" in found[0]


def test_a_student_function_with_a_body_fails(tmp_path):
    solved = EXERCISES.replace("return None  # your code here", "return z - t")
    found = planted(tmp_path, exercises=solved)
    assert any("check_soft(soft" in f for f in found)
    assert any("no code exercise" in f for f in found)


def test_two_exercises_are_not_enough(tmp_path):
    found = planted(tmp_path, exercises=EXERCISES.replace("# %%\ncheck_b(None)\n", ""))
    assert found == ["2 check_* calls under '## Exercises' (at least 3)"]


def test_number_exercises_only_fail(tmp_path):
    numbers_only = EXERCISES.replace("check_soft(soft)", "check_c(None)")
    assert planted(tmp_path, exercises=numbers_only) == [
        "no code exercise (a check_* call on the student's own function)"]


def test_exercises_must_close_the_notebook(tmp_path):
    found = planted(tmp_path, exercises=EXERCISES + "# %% [markdown]\n# ## Appendix\n")
    assert found == ["the notebook does not end with its exercises (last section: ## Appendix)"]
    assert "no '## Exercises' section" in planted(tmp_path, exercises="")


def test_a_long_code_cell_fails(tmp_path):
    body = "# %%\n" + "".join(f"x{i} = {i}\n\n" for i in range(13)) + "\n"
    found = planted(tmp_path, body)
    assert len(found) == 1 and "13 non-blank lines" in found[0]
    short = "# %%\n" + "".join(f"x{i} = {i}\n\n" for i in range(12)) + "\n"
    assert planted(tmp_path, short) == []  # blank lines do not count


def test_missing_solutions_fail(tmp_path):
    assert problems(HEADER + EXERCISES, "98_other", solutions=tmp_path) == [
        "no worked solutions in docs/solutions/98_other.py"]


def test_solutions_must_use_the_notebooks_arguments():
    solution = "# %%\nassert check_soft(soft)\nassert check_a(3, x=1)\nassert check_b(2)\n"
    assert solution_gaps(HEADER + EXERCISES, solution) == []
    assert solution_gaps(HEADER + EXERCISES, solution.replace("x=1", "x=2")) == [
        "check_a(answer, x=1)"]
