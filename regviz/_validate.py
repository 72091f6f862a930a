"""Parameter validation in one place: a choice, a number in a range, an array's shape.

Each helper returns the checked value (converted where it says so) or raises a ``ValueError``
that names the parameter and says what is allowed, e.g.
``ValueError("mode must be one of ('loss', 'prox'), got 'l2'")``. NumPy only; no torch.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np

__all__ = ["choice", "number", "integer", "array"]


def choice(name: str, value: Any, allowed: Iterable[Any]) -> Any:
    """``value`` itself when it is one of ``allowed``.

    Raises
    ------
    ValueError
        ``"{name} must be one of (...), got {value!r}"``.
    """
    allowed = tuple(allowed)
    try:
        ok = value in allowed
    except TypeError:  # an unhashable or incomparable value
        ok = False
    if not ok:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    return value


def _interval(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    parts = []
    if low is not None:
        parts.append(f"{'>' if low_open else '>='} {low:g}")
    if high is not None:
        parts.append(f"{'<' if high_open else '<='} {high:g}")
    return " and ".join(parts)


def number(name: str, value: Any, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False, allow_inf: bool = False) -> float:
    """``value`` as a float, checked to be a real number (not a bool) within the bounds.

    Parameters
    ----------
    low, high : float, optional
        Bounds (inclusive unless ``low_open`` / ``high_open``).
    allow_inf : bool
        Accept infinities (NaN never).

    Raises
    ------
    ValueError
        ``"{name} must be a finite number >= 0, got ..."`` (the words follow the bounds).
    """
    bounds = _interval(low, high, low_open, high_open)
    allowed = ("a number" if allow_inf else "a finite number") + (f" {bounds}" if bounds else "")
    if allow_inf:
        allowed += " (math.inf allowed)"
    if getattr(value, "ndim", None) == 0 and hasattr(value, "item"):  # 0-d NumPy / torch
        value = value.item()
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    x = float(value)
    if math.isnan(x) or (math.isinf(x) and not allow_inf):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    if low is not None and (x < low or (low_open and x == low)):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    if high is not None and (x > high or (high_open and x == high)):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return x


def integer(name: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """``value`` as an int, checked to be an integer (not a bool) within ``[low, high]``.

    Raises
    ------
    ValueError
        ``"{name} must be an integer >= 1, got ..."``.
    """
    bounds = _interval(low, high, False, False)
    allowed = "an integer" + (f" {bounds}" if bounds else "")
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return int(value)


def array(name: str, value: Any, *, ndim: int | None = None,
          shape: tuple[int | None, ...] | None = None, finite: bool = True) -> np.ndarray:
    """``value`` as a float array, checked for its number of dimensions, shape and finiteness.

    Parameters
    ----------
    ndim : int, optional
        Required number of dimensions.
    shape : tuple, optional
        Required shape; ``None`` entries match any length.
    finite : bool
        Refuse NaN and infinities.

    Raises
    ------
    ValueError
        ``"{name} must have shape (n, 2), got (3,)"`` and the like.
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of numbers, got {value!r}") from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {arr.shape}")
    if shape is not None and (arr.ndim != len(shape) or any(
            want is not None and got != want for got, want in zip(arr.shape, shape, strict=True))):
        want = "(" + ", ".join("n" if w is None else str(w) for w in shape) + \
            ("," if len(shape) == 1 else "") + ")"
        raise ValueError(f"{name} must have shape {want}, got {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return arr
