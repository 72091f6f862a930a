r"""Checked exercises: each ``check_...`` helper tells the student whether an answer is right.

One module per notebook topic. The answer is always the first argument, and a notebook's call
starts from ``None`` (a number to work out, a letter to choose) or from the student's own
function, whose body starts as ``return None`` (code to write). Every helper prints one short
verdict and returns a :class:`Verdict`: true when the answer is right, and silent when it is the
last line of a cell, so the student sees the message and no ``Out: False`` echo under it.

- an unanswered ``None`` is told how to answer (:func:`unanswered`);
- a wrong answer gets feedback on that answer and a *tiered* hint, never code and never the
  answer (:func:`report`): the first wrong answer to a check prints hint 1 (the idea: which
  property, which formula in words, which section), the second prints hint 2 (narrower), and
  :func:`hint` asks for the next tier without answering;
- a multiple-choice question (:func:`check_choice`) has at least four options, each wrong option
  with its own explanation (printed as the feedback when it is chosen), the right one confirmed
  with why;
- a function is run against an oracle on a list of inputs, and the first input where it differs
  is shown (:func:`check_function`): that is feedback on the student's code, not a hint.

Writing an exercise
-------------------
Declare the hints (and, for a numeric answer, the expected value as a function of the check's
parameters) with :func:`exercise`; the body says whether the answer is right::

    from regviz.exercises import check_choice, close, exercise, report, unanswered

    def _minimizer(lam=0.6, p=0.5):
        return minimizer(lam, p)

    @exercise(hints=("The idea in words: which property, which section.",
                     "Narrower: which quantity to compare, still without code."),
              expected=_minimizer)
    def check_minimizer(answer, lam=0.6, p=0.5):
        if (v := unanswered(answer, "a number")) is not None:
            return v
        ok = close(answer, _minimizer(lam, p))
        return report(ok, "Why it is right.", "" if ok else "Feedback on this answer.")

    SPARSE = {  # option -> (is it right?, why), shown as (a), (b), ... in this order
        "The corners of the L1 ball lie on the axes": (True, "Why this is the reason."),
        "The L1 penalty is convex": (False, "So is L2's, which is not sparse."),
        "The L1 penalty is larger than L2 near 0": (False, "Why that does not follow."),
        "The L1 penalty has no gradient": (False, "It has one everywhere but at 0."),
    }

    @exercise(hints=("Compare what the two balls look like near the axes.",))
    def check_why_sparse(answer):
        return check_choice(answer, SPARSE, question="Why does L1 give exact zeros?")

In the notebook a student writes ``check_minimizer(None, lam=0.6, p=0.5)``, replaces ``None``
with an answer, and calls ``hint(check_minimizer)`` for the next hint. Hints are plain prose:
no library call, assignment, loop or slice (``tests/test_exercises_hints.py`` scans every module
here), and never the answer (``tests/test_lookups.py`` also checks that no numeric answer appears
in a notebook above its exercise). ``{name}`` in a hint is replaced by the check's argument of
that name, so a hint can say "at lambda {lam}".
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import math
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["Verdict", "report", "close", "unanswered", "check_function", "check_choice",
           "choice_answer", "show_choices", "exercise", "hint", "hints_of", "registered",
           "reset_hints", "NOT_ANSWERED",
           "Exercise"]

#: What an unanswered exercise prints.
NOT_ANSWERED = "Not answered yet: replace None with your answer{what} and run the cell again."

#: How many hint tiers a check has at most (the first: the idea; the second: narrower).
MAX_TIERS = 3


class Verdict:
    """The outcome of a check: truthy when the answer is right, with the message printed.

    It has no visible representation in a notebook (``_ipython_display_`` shows nothing), so a
    check on the last line of a cell prints its message only.
    """

    __slots__ = ("ok", "message")

    def __init__(self, ok: bool, message: str) -> None:
        self.ok = bool(ok)
        self.message = message

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return f"Verdict(ok={self.ok})"

    def _ipython_display_(self) -> None:
        """Show nothing: the message was printed when the check ran."""


def _say(ok: bool, message: str) -> Verdict:
    print(message)
    return Verdict(ok, message)


class Exercise:
    """What :func:`exercise` records about one check: its hint tiers and its expected answer.

    Attributes
    ----------
    key : str
        ``module.check_name``, unique over the package.
    name : str
        The check's name, as a student calls it.
    hints : tuple of str
        The tiers, broadest first; ``{param}`` fields are filled with the check's arguments.
    expected : callable or None
        The expected answer as a function of the check's parameters (all but the answer), for
        numeric and choice exercises; ``None`` for a code exercise.
    shown : int
        How many tiers the student has seen (a wrong answer or :func:`hint` shows the next).
    params : dict
        The check's arguments at its last call (its defaults before the first).
    """

    __slots__ = ("key", "name", "hints", "expected", "shown", "params")

    def __init__(self, key: str, name: str, hints: Sequence[str],
                 expected: Callable[..., Any] | None = None,
                 params: Mapping[str, Any] | None = None) -> None:
        self.key, self.name = key, name
        self.hints = _validate_hints(hints)
        self.expected = expected
        self.shown = 0
        self.params = dict(params or {})

    def __repr__(self) -> str:
        return f"Exercise({self.key!r}, {len(self.hints)} hints)"

    def text(self, tier: int) -> str:
        """Hint ``tier`` (1-based) with its ``{param}`` fields filled in."""
        template = self.hints[tier - 1]
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        if not fields:
            return template
        return template.format(**{f: _fmt(self.params.get(f, "?")) for f in fields})

    def next_tier(self, tier: int | None = None) -> str:
        """Mark the next tier (or ``tier``) as shown and return its line, '' without hints."""
        n = len(self.hints)
        if n == 0:
            return ""
        if tier is None:
            tier = min(self.shown + 1, n)
        elif not 1 <= tier <= n:
            raise ValueError(f"tier must be between 1 and {n} for {self.name}, got {tier!r}")
        self.shown = max(self.shown, tier)
        line = f"Hint {tier} of {n}: {self.text(tier)}"
        if tier < n:
            line += (f" (Still stuck? A second wrong answer, or hint({self.name}), gives a "
                     "narrower hint.)")
        return line


def _fmt(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _validate_hints(hints: Sequence[str] | str) -> tuple[str, ...]:
    if isinstance(hints, str):
        hints = (hints,)
    hints = tuple(hints)
    if len(hints) > MAX_TIERS or not all(isinstance(h, str) and h.strip() for h in hints):
        raise ValueError(f"hints must be 1 to {MAX_TIERS} non-empty strings, broadest first, "
                         f"got {hints!r}")
    return hints


#: Every check declared with :func:`exercise` (or seen by :func:`report`), by key.
_REGISTRY: dict[str, Exercise] = {}
_CURRENT: contextvars.ContextVar[Exercise | None] = contextvars.ContextVar("exercise",
                                                                          default=None)


def exercise(*, hints: Sequence[str], expected: Callable[..., Any] | None = None
             ) -> Callable[[Callable[..., Verdict]], Callable[..., Verdict]]:
    """Declare a check's hint tiers (and expected answer); decorate the ``check_*`` function.

    Parameters
    ----------
    hints : sequence of str
        One to three hints, broadest first: hint 1 is the idea (which property, which formula
        in words, which section), hint 2 narrows it. Prose only: no code, never the answer.
    expected : callable, optional
        The expected answer from the check's parameters (every argument but the answer, same
        names and defaults). Tests use it (e.g. that the answer is not printed above the
        exercise); the check itself may call it too.

    Returns
    -------
    callable
        A decorator. The decorated check has the attributes ``exercise`` (its
        :class:`Exercise`), ``hints`` and ``expected``.
    """
    tiers = _validate_hints(hints)
    if not tiers:
        raise ValueError("hints must hold at least one hint")

    def decorate(check: Callable[..., Verdict]) -> Callable[..., Verdict]:
        sig = inspect.signature(check)
        names = list(sig.parameters)[1:]
        defaults = {k: p.default for k, p in sig.parameters.items()
                    if k in names and p.default is not inspect.Parameter.empty}
        ex = Exercise(f"{check.__module__}.{check.__name__}", check.__name__, tiers, expected,
                      defaults)
        _REGISTRY[ex.key] = ex

        @functools.wraps(check)
        def wrapper(*args: Any, **kwargs: Any) -> Verdict:
            try:
                bound = sig.bind(*args, **kwargs)
                bound.apply_defaults()
                ex.params = {k: v for k, v in bound.arguments.items() if k in names}
            except TypeError:
                pass  # the call itself will raise the right error
            token = _CURRENT.set(ex)
            try:
                return check(*args, **kwargs)
            finally:
                _CURRENT.reset(token)

        wrapper.exercise = ex  # type: ignore[attr-defined]
        wrapper.hints = tiers  # type: ignore[attr-defined]
        wrapper.expected = expected  # type: ignore[attr-defined]
        return wrapper

    return decorate


def _caller_exercise(hints: Sequence[str] | None, key: str | None) -> Exercise | None:
    """The exercise a report belongs to: by key, the running decorated check, or the caller."""
    if key is None:
        current = _CURRENT.get()
        if current is not None:
            return current
        frame = inspect.currentframe()
        while frame is not None:
            if frame.f_globals.get("__name__") != __name__ and \
                    frame.f_code.co_name.startswith("check_"):
                key = f"{frame.f_globals.get('__name__')}.{frame.f_code.co_name}"
                break
            frame = frame.f_back
        if key is None:
            return None
    ex = _REGISTRY.get(key)
    if ex is None:
        ex = _REGISTRY[key] = Exercise(key, key.rsplit(".", 1)[-1], hints or ())
    elif hints is not None and tuple(hints) != ex.hints:
        ex.hints = _validate_hints(hints)
    return ex


def report(ok: bool, right: str, wrong: str = "", *, hints: Sequence[str] | None = None,
           key: str | None = None) -> Verdict:
    """Print the verdict on an answer and return it; a wrong answer also gets the next hint.

    Parameters
    ----------
    ok : bool
        Whether the answer is right.
    right : str
        What to say when it is right: confirm the idea.
    wrong : str, optional
        Feedback on this particular wrong answer (e.g. "that is the L1 threshold, not L1/2's"),
        printed before the hint. Never the answer, never code.
    hints : sequence of str, optional
        The tiers, when the check was not declared with :func:`exercise` (which is better: then
        :func:`hint` knows them before the first answer).
    key : str, optional
        Which exercise this is (``module.check_name``); found from the running check otherwise.
    """
    if ok:
        return _say(True, ("Correct. " + right).strip())
    ex = _caller_exercise(hints, key)
    tier = ex.next_tier() if ex is not None else ""
    return _say(False, "\n".join(s for s in (("Not yet. " + wrong.strip()).strip(), tier) if s))


def hint(check: Callable[..., Any] | str, tier: int | None = None) -> None:
    """Print the next hint of ``check`` (or hint number ``tier``) without answering it.

    Parameters
    ----------
    check : callable or str
        The check, as the notebook calls it (e.g. ``hint(check_minimizer)``), or its key.
    tier : int, optional
        Which hint, from 1 (the idea) on; the next one not yet shown by default.
    """
    ex = _REGISTRY.get(check) if isinstance(check, str) else getattr(check, "exercise", None)
    if ex is None and callable(check):
        ex = _REGISTRY.get(f"{check.__module__}.{check.__name__}")
    if ex is None or not ex.hints:
        name = check if isinstance(check, str) else getattr(check, "__name__", repr(check))
        print(f"{name} has no hints: its feedback comes with your answer.")
        return
    print(ex.next_tier(tier))


def hints_of(check: Callable[..., Any]) -> tuple[str, ...]:
    """The hint templates of a check declared with :func:`exercise` (empty otherwise)."""
    ex = getattr(check, "exercise", None)
    return ex.hints if ex is not None else ()


def registered() -> dict[str, Exercise]:
    """Every exercise known so far (import the topic modules first), by key."""
    return dict(_REGISTRY)


def reset_hints() -> None:
    """Forget which hints were shown (a fresh start: the next wrong answer gets hint 1)."""
    for ex in _REGISTRY.values():
        ex.shown = 0


def unanswered(answer: Any, what: str = "") -> Verdict | None:
    """Tell the student how to answer when ``answer`` is still ``None``.

    Returns a false :class:`Verdict` (after printing how to answer) when ``answer is None``, and
    ``None`` otherwise, so a check reads ``if (v := unanswered(answer)) is not None: return v``.

    Parameters
    ----------
    answer : object
        The student's answer.
    what : str, optional
        What kind of answer is expected, e.g. ``"a number"`` or ``"a list of two floats"``.
    """
    if answer is None:
        return _say(False, NOT_ANSWERED.format(what=f" ({what})" if what else ""))
    return None


def close(answer: Any, expected: float, *, rel: float = 1e-3, abs_: float = 1e-3) -> bool:
    r"""True when ``answer`` is a number within ``rel`` (relative) or ``abs_`` of ``expected``.

    That is :math:`|a - e| \le \max(\mathrm{rel}\,\max(|a|, |e|),\ \mathrm{abs\_})`.
    """
    try:
        a = float(answer)
    except (TypeError, ValueError):
        return False
    if math.isinf(expected):
        return a == expected
    return math.isfinite(a) and math.isclose(a, expected, rel_tol=rel, abs_tol=abs_)


def _letters(n: int) -> str:
    return string.ascii_lowercase[:n]


def _validate_options(options: Mapping[str, tuple[bool, str]]) -> list[tuple[str, bool, str]]:
    if not isinstance(options, Mapping):
        raise ValueError("options must be a dict of option text -> (is_right, explanation)")
    rows = []
    for text, value in options.items():
        try:
            right, why = value
        except (TypeError, ValueError):
            raise ValueError(f"options[{text!r}] must be (is_right, explanation), got "
                             f"{value!r}") from None
        if not (isinstance(text, str) and text.strip() and isinstance(why, str) and why.strip()):
            raise ValueError(f"options: every option needs a text and an explanation, got "
                             f"{text!r}: {value!r}")
        rows.append((text, bool(right), why))
    if len(rows) < 4 or sum(r for _, r, _ in rows) != 1:
        raise ValueError(f"options must hold at least 4 options with exactly one right, got "
                         f"{len(rows)} options with {sum(r for _, r, _ in rows)} right")
    return rows


def choice_answer(options: Mapping[str, tuple[bool, str]]) -> str:
    """The letter of the right option of a multiple-choice question."""
    rows = _validate_options(options)
    letters = _letters(len(rows))
    return next(letter for letter, (_, right, _) in zip(letters, rows, strict=True) if right)


def show_choices(options: Mapping[str, tuple[bool, str]], question: str = "") -> str:
    """The question and its options as the student sees them: ``(a) ...`` one a line."""
    rows = _validate_options(options)
    lines = [question.strip()] if question.strip() else []
    letters = _letters(len(rows))
    lines += [f"  ({letter}) {text}" for letter, (text, _, _) in zip(letters, rows, strict=True)]
    return "\n".join(lines)


def check_choice(answer: Any, options: Mapping[str, tuple[bool, str]], *, question: str = "",
                 key: str | None = None) -> Verdict:
    """Check a multiple-choice answer (one letter) and explain the option chosen.

    Parameters
    ----------
    answer : str or None
        The student's letter, ``"a"``, ``"b"``, ... in the order of ``options`` (case and
        parentheses do not matter). ``None`` prints the question and its options.
    options : dict
        Option text -> ``(is_right, explanation)``: at least four options, exactly one right.
        A wrong option's explanation says why it is wrong (the feedback when it is chosen);
        the right one's says why it is right.
    question : str, optional
        The question, printed with the options while unanswered.
    key : str, optional
        Which exercise this is, when the calling check was not declared with :func:`exercise`.

    Raises
    ------
    ValueError
        If ``options`` has fewer than four options, not exactly one right one, or an option
        without an explanation.
    """
    rows = _validate_options(options)
    letters = _letters(len(rows))
    listed = ", ".join(letters[:-1]) + f" or {letters[-1]}"
    if answer is None:
        return _say(False, NOT_ANSWERED.format(what=f" (one letter: {listed})") + "\n"
                    + show_choices(options, question))
    letter = str(answer).strip().strip("()").strip().lower()
    if len(letter) != 1 or letter not in letters:
        return _say(False, f"Not yet. Answer with one letter, {listed} (got {answer!r}):\n"
                    + show_choices(options))
    text, right, why = rows[letters.index(letter)]
    said = f"({letter}) {text}: {why}"
    return report(True, said) if right else report(False, "", said, key=key)


def _show(x: Any) -> str:
    if isinstance(x, np.ndarray):
        return np.array2string(x, precision=6, threshold=12)
    if isinstance(x, tuple):
        return "(" + ", ".join(_show(v) for v in x) + ")"
    if isinstance(x, np.generic):
        return repr(x.item())
    return repr(x)


def _to_array(x: Any) -> np.ndarray | None:
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        return None


def check_function(
    student: Callable[..., Any] | None,
    oracle: Callable[..., Any],
    inputs: Iterable[Any],
    *,
    name: str,
    rtol: float = 1e-7,
    atol: float = 1e-9,
    right: str = "",
    hints: Sequence[str] | None = None,
    hint: str = "",
) -> Verdict:
    r"""Run the student's function against an oracle and report the first input where they differ.

    Each entry of ``inputs`` is one call: a tuple is unpacked into positional arguments, a dict
    into keyword arguments, anything else is passed as the single argument. Outputs are compared
    as float arrays, elementwise: :math:`|s - o| \le \mathrm{atol} + \mathrm{rtol}\,|o|`, with
    NaN never equal to anything. The first differing call (its input, the student's output and
    the expected one) is the feedback; the next hint tier follows it.

    Parameters
    ----------
    student : callable or None
        The student's function (``None`` counts as unanswered).
    oracle : callable
        The reference implementation.
    inputs : iterable
        The calls to compare, in the order they are tried.
    name : str
        The function's name, as the student wrote it (used in the messages).
    rtol, atol : float
        Tolerances of the comparison.
    right : str
        What to add when every call matches.
    hints : sequence of str, optional
        The hint tiers, when the calling check was not declared with :func:`exercise`.
    hint : str, optional
        A single hint (older form of ``hints``).
    """
    if hints is None and hint:
        hints = (hint,)
    if student is None:
        return unanswered(None, f"the function {name}")
    for args in inputs:
        call = (
            (lambda f, a=args: f(*a)) if isinstance(args, tuple)
            else (lambda f, a=args: f(**a)) if isinstance(args, dict)
            else (lambda f, a=args: f(a))
        )
        shown = _show(args) if not isinstance(args, dict) else ", ".join(
            f"{k}={_show(v)}" for k, v in args.items())
        try:
            got = call(student)
        except Exception as exc:  # the student's code failing is an answer to report, not a crash
            return report(False, "", f"{name}({shown}) raised {type(exc).__name__}: {exc}.",
                          hints=hints)
        if got is None:
            return _say(False, f"Not answered yet: {name} still returns None. Write its body "
                               "and run the cell again.")
        want = call(oracle)
        g, w = _to_array(got), _to_array(want)
        if g is None or g.shape != np.shape(w):
            return report(False, "", f"{name}({shown}) returned {_show(got)}, which does not have "
                                     f"the shape of the expected result ({np.shape(w)}).",
                          hints=hints)
        if not np.all(np.abs(g - w) <= atol + rtol * np.abs(w)):
            return report(False, "", f"{name}({shown}) returned {_show(got)}; expected "
                                     f"{_show(want)}.", hints=hints)
    return report(True, f"{name} agrees with the reference on every input tried. {right}".strip())
