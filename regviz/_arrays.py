"""NumPy / torch dispatch without importing torch.

The math modules accept NumPy arrays, Python numbers and torch tensors and return the same kind
they were given. Torch is recognised through ``sys.modules``: if the caller holds a tensor, torch
is already imported, so nothing here ever imports it.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from ._validate import number

__all__ = ["is_tensor", "as_array", "like", "check_param"]


def is_tensor(x: Any) -> bool:
    """Return True when ``x`` is a torch tensor (without importing torch)."""
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(x, torch.Tensor)


def as_array(x: Any) -> np.ndarray:
    """Return ``x`` as a float NumPy array (tensors are moved to the CPU first)."""
    if is_tensor(x):
        return x.detach().cpu().numpy()
    a = np.asarray(x)
    if not np.issubdtype(a.dtype, np.floating):
        a = a.astype(float)
    return a


def like(result: np.ndarray, template: Any) -> Any:
    """Return ``result`` in the kind of ``template``: tensor, NumPy array or NumPy scalar."""
    if is_tensor(template):
        torch = sys.modules["torch"]
        return torch.as_tensor(result, dtype=template.dtype, device=template.device)
    result = np.asarray(result)
    if result.ndim == 0 and np.ndim(template) == 0 and not isinstance(template, np.ndarray):
        return result[()]
    return result


def check_param(
    name: str, value: Any, *, positive: bool = False, allow_inf: bool = False
) -> float:
    """Validate a scalar parameter and return it as a float.

    Parameters
    ----------
    name : str
        The parameter's name, used in the error message.
    value : float
        The value to check: a finite real number, ``>= 0`` (or ``> 0`` with ``positive``).
    positive : bool, optional
        Require ``value > 0`` instead of ``value >= 0``.
    allow_inf : bool, optional
        Accept ``math.inf`` (e.g. the exponent of the max norm, p = infinity).

    Raises
    ------
    ValueError
        If ``value`` is not a real number, is NaN or infinite, or is out of range.
    """
    return number(name, value, low=0.0, low_open=positive, allow_inf=allow_inf)
