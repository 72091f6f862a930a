"""No hint in regviz/exercises/ contains code, and none is the answer (issue 20, point 1).

Every module of ``regviz.exercises`` is read twice: its source, for every string given as a hint
(``hints=`` of :func:`~regviz.exercises.exercise`, :func:`~regviz.exercises.report`,
:func:`~regviz.exercises.check_function`, the old ``hint=``) or as feedback on a wrong answer
(``report``'s third argument, the explanations of a multiple-choice question), and at run time,
for every hint tier registered with :func:`~regviz.exercises.exercise`. Code is a library or
method call (``np.sign(``, ``x.sum(``, ``max(``), an assignment (``w = ...``, ``w -= ...``), a
loop (``for b in ...``, ``while ...:``), a slice or index (``X[train]``, ``x[:3]``), or Python
operators (``**``, ``@``). A planted module with such hints must be caught.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
import re
import sys
from pathlib import Path

import pytest

import regviz.exercises as ex

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted((ROOT / "regviz" / "exercises").glob("*.py"))

#: Python names and library prefixes whose call in a hint is code.
_CALLABLE = (r"np|numpy|math|torch|scipy|sklearn|regviz|gen|en|plt|sum|max|min|abs|len|range|"
             r"sorted|zip|enumerate|print|float|int|list|sqrt|exp|log|sign|argmin|argmax|mean")
CODE_PATTERNS: dict[str, re.Pattern[str]] = {
    "a library or method call": re.compile(r"\b[A-Za-z_]\w*\.[A-Za-z_]\w*\s*\("),
    "a function call": re.compile(rf"\b(?:{_CALLABLE})\s*\("),
    "a library name": re.compile(r"\b(?:np|numpy|torch|math|scipy|sklearn|plt)\.\w"),
    "an assignment": re.compile(r"\b[A-Za-z_]\w*(?:\[[^\]]*\])?\s*(?:[-+*/@%]|\*\*|//)?=(?!=)"),
    "a loop": re.compile(r"\bfor\s+[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*\s+in\b|\bwhile\b[^.]*:"),
    "a slice or an index": re.compile(r"[A-Za-z_)\]]\[[^\]]*\]"),
    "a Python operator": re.compile(r"\*\*|\s@\s|\blambda\s+\w+\s*:|\bdef\s+\w+\(|\breturn\s"),
}


def code_in(text: str) -> str | None:
    """What kind of code ``text`` contains (the first found), or None for prose."""
    for kind, pattern in CODE_PATTERNS.items():
        m = pattern.search(text)
        if m:
            return f"{kind} ({m.group(0)!r})"
    return None


def _strings(node: ast.AST) -> list[str]:
    """Every string literal under ``node``, f-strings by their literal parts joined."""
    out = []
    for n in ast.walk(node):
        if isinstance(n, ast.JoinedStr):
            out.append("".join(v.value for v in n.values
                               if isinstance(v, ast.Constant) and isinstance(v.value, str)))
        elif isinstance(n, ast.Constant) and isinstance(n.value, str):
            out.append(n.value)
    return out


def _call_name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def hint_texts(source: str) -> list[tuple[int, str]]:
    """``(line, text)`` of every hint and wrong-answer feedback string in a module's source."""
    tree = ast.parse(source)
    found: list[tuple[int, ast.AST]] = []
    wrong_names: set[str] = set()
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        name = _call_name(call)
        for kw in call.keywords:
            if kw.arg in ("hints", "hint") or (name == "report" and kw.arg == "wrong"):
                found.append((call.lineno, kw.value))
        if name == "report" and len(call.args) >= 3:
            found.append((call.lineno, call.args[2]))
            if isinstance(call.args[2], ast.Name):
                wrong_names.add(call.args[2].id)
    # a feedback variable (wrong = "...", hint = "...") passed to report, and the
    # explanations of multiple-choice options (dicts of text -> (is_right, explanation))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in wrong_names | {"hint", "wrong"}
                   for t in targets) and node.value is not None:
                found.append((node.lineno, node.value))
        if isinstance(node, ast.Dict) and node.values and all(
                isinstance(v, ast.Tuple) and len(v.elts) == 2 for v in node.values):
            found += [(node.lineno, v.elts[1]) for v in node.values]
    return [(line, text) for line, n in found for text in _strings(n) if text.strip()]


def problems_in(path: Path) -> list[str]:
    return [f"{path.name}:{line}: {kind}: {text!r}"
            for line, text in hint_texts(path.read_text())
            if (kind := code_in(text))]


def _import_all() -> None:
    for info in pkgutil.iter_modules(ex.__path__):
        importlib.import_module(f"regviz.exercises.{info.name}")


def test_modules_are_found():
    assert len(MODULES) >= 10, MODULES


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_no_hint_or_feedback_in_the_source_contains_code(path):
    assert problems_in(path) == []


def test_every_module_declares_its_hints_in_tiers():
    """Each check of every module has hint tiers: at least two for a number or code exercise."""
    _import_all()
    checks = {key: e for key, e in ex.registered().items() if key.startswith("regviz.")}
    public = {f"{m.__name__}.{name}" for m in map(importlib.import_module, (
        f"regviz.exercises.{i.name}" for i in pkgutil.iter_modules(ex.__path__)))
        for name in getattr(m, "__all__", []) if name.startswith("check_")}
    assert public and public <= set(checks), sorted(public - set(checks))
    for key in public:
        assert len(checks[key].hints) >= (1 if "why" in key or "meaning" in key else 2), key


def test_no_registered_hint_tier_contains_code():
    _import_all()
    bad = [f"{key} hint {i + 1}: {kind}: {text!r}"
           for key, e in ex.registered().items() if key.startswith("regviz.")
           for i, text in enumerate(e.hints) if (kind := code_in(text))]
    assert bad == []


def test_two_tiers_of_a_check_differ():
    _import_all()
    for key, e in ex.registered().items():
        if key.startswith("regviz.") and len(e.hints) > 1:
            assert len(set(e.hints)) == len(e.hints), key


# --- the detector catches planted bad hints ----------------------------------------------------
PLANTED = '''
from regviz.exercises import exercise, report, check_function

@exercise(hints=("Use np.linalg.solve on the normal equations.", "Fine prose."))
def check_a(answer):
    return report(False, "", "Call x.sum() over the rows.")

@exercise(hints=("Start from w = np.zeros(3).", "Then w -= lr * grad."))
def check_b(answer):
    wrong = "for b in range(0, n, batch_size) take a step"
    return report(False, "", wrong)

@exercise(hints=("Predict X[train] and compare.", "Take the first three, x[:3]."))
def check_c(answer):
    return check_function(answer, abs, [1.0], name="f", hint="return sign(z) * max(|z| - t, 0)")

OPTIONS = {"a": (False, "it is lam * w ** 2"), "b": (True, "fine prose"),
           "c": (False, "prose"), "d": (False, "prose")}
'''

GOOD = [
    "Set the derivative to zero and solve for lambda.",
    "The step is the learning rate times lambda; compare it with |w| at the last step.",
    "Between 0 and 1 the loss's slope is negative, so lambda comes out positive.",
    "At 0 the subgradient of t|x| is the interval [-t, t].",
    "Section 5: the sum of the shrinkage factors s_j squared over s_j squared plus 2n lambda.",
    "For each fold, fit on the other folds.",
]
BAD = [
    "Use np.sign and np.maximum: np.sign(z) * np.maximum(abs(z) - t, 0).",
    "grad = X.T @ (X @ w - y) / len(y)",
    "w = soft_threshold(w - lr * grad, t)",
    "for b in range(0, len(y), batch_size): step",
    "Take X[train] and y[test].",
    "Evaluate on x[:100].",
    "Raise it to lam * w ** 2.",
    "Call model.named_parameters() and keep the weights.",
    "Return max(|z| - t, 0) times the sign.",
    "while w > 0: subtract lam",
    "Use lambda w: w * 2 as the gradient.",
]


@pytest.mark.parametrize("text", GOOD)
def test_prose_passes(text):
    assert code_in(text) is None


@pytest.mark.parametrize("text", BAD)
def test_code_is_caught(text):
    assert code_in(text) is not None


def test_a_planted_module_is_caught_in_its_source_and_at_run_time(tmp_path, monkeypatch):
    path = tmp_path / "planted_hints.py"
    path.write_text(PLANTED)
    found = problems_in(path)
    for needle in ("np.linalg.solve", "x.sum()", "np.zeros", "w -= lr", "for b in range",
                   "X[train]", "x[:3]", "max(|z|", "lam * w ** 2"):
        assert any(needle in f for f in found), (needle, found)
    assert not any("Fine prose" in f or "fine prose" in f for f in found)
    monkeypatch.syspath_prepend(str(tmp_path))
    spec = importlib.util.spec_from_file_location("planted_hints", path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "planted_hints", module)
    spec.loader.exec_module(module)
    tiers = module.check_a.hints + module.check_b.hints + module.check_c.hints
    assert sum(code_in(t) is not None for t in tiers) == 5
