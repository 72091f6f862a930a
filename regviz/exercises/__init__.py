"""Checked exercises: each ``check_...`` helper tells the student whether an answer is right.

One module per notebook topic. The answer is always the first argument, and a notebook's call
starts from ``None`` (a number to work out) or from the student's own function, whose body
starts as ``return None`` (code to write). Every helper prints one short verdict and returns a
:class:`Verdict`: true when the answer is right, and silent when it is the last line of a cell,
so the student sees the message and no ``Out: False`` echo under it.

- an unanswered ``None`` is told how to answer (:func:`unanswered`);
- a wrong answer gets a hint, never the answer (:func:`report`);
- a function is run against an oracle on a list of inputs, and the first input where it differs
  is shown (:func:`check_function`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

__all__ = ["Verdict", "report", "close", "unanswered", "check_function", "NOT_ANSWERED"]

#: What an unanswered exercise prints.
NOT_ANSWERED = "Not answered yet: replace None with your answer{what} and run the cell again."


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


def report(ok: bool, right: str, wrong: str) -> Verdict:
    """Print the verdict on an answer and return it.

    Parameters
    ----------
    ok : bool
        Whether the answer is right.
    right, wrong : str
        What to say in each case: confirm the idea when right, give a hint (never the answer)
        when wrong.
    """
    return _say(ok, ("Correct. " + right) if ok else ("Not yet. " + wrong))


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


def _show(x: Any) -> str:
    if isinstance(x, np.ndarray):
        return np.array2string(x, precision=6, threshold=12)
    if isinstance(x, tuple):
        return "(" + ", ".join(_show(v) for v in x) + ")"
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
    hint: str = "",
) -> Verdict:
    r"""Run the student's function against an oracle and report the first input where they differ.

    Each entry of ``inputs`` is one call: a tuple is unpacked into positional arguments, a dict
    into keyword arguments, anything else is passed as the single argument. Outputs are compared
    as float arrays, elementwise: :math:`|s - o| \le \mathrm{atol} + \mathrm{rtol}\,|o|`, with
    NaN never equal to anything.

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
    right, hint : str
        What to add when every call matches, and the hint to give when one does not.
    """
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
            return report(False, "", f"{name}({shown}) raised {type(exc).__name__}: {exc}. "
                                     f"{hint}".strip())
        if got is None:
            return _say(False, f"Not answered yet: {name} still returns None. Write its body "
                               "and run the cell again.")
        want = call(oracle)
        g, w = _to_array(got), _to_array(want)
        if g is None or g.shape != np.shape(w):
            return report(False, "", f"{name}({shown}) returned {_show(got)}, which does not have "
                                     f"the shape of the expected result ({np.shape(w)}). {hint}"
                                     .strip())
        if not np.all(np.abs(g - w) <= atol + rtol * np.abs(w)):
            return report(False, "", f"{name}({shown}) returned {_show(got)}; expected "
                                     f"{_show(want)}. {hint}".strip())
    return report(True, f"{name} agrees with the reference on every input tried. {right}".strip(),
                  "")
