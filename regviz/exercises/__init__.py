"""Checked exercises: each ``check_...`` helper tells the student whether an answer is right.

One module per notebook topic. Every helper prints a short verdict (with a hint when the answer
is wrong) and returns True or False, so a notebook can also ``assert`` on it.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["report", "close"]


def report(ok: bool, right: str, wrong: str) -> bool:
    """Print the verdict on an answer and return ``ok``.

    Parameters
    ----------
    ok : bool
        Whether the answer is right.
    right, wrong : str
        What to say in each case: confirm the idea when right, give a hint when wrong.
    """
    print(("Correct. " + right) if ok else ("Not yet. " + wrong))
    return bool(ok)


def close(answer: Any, expected: float, *, rel: float = 1e-3, abs_: float = 1e-3) -> bool:
    """True when ``answer`` is a number within ``rel`` (relative) or ``abs_`` of ``expected``."""
    try:
        a = float(answer)
    except (TypeError, ValueError):
        return False
    if math.isinf(expected):
        return a == expected
    return math.isfinite(a) and math.isclose(a, expected, rel_tol=rel, abs_tol=abs_)
