"""One look for every regviz figure, in a screen and a lecture variant.

Nothing changes on import: a notebook calls :func:`use_style` itself, and the ``figures``
command draws inside :func:`style_context`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import matplotlib as mpl

__all__ = ["COLORS", "penalty_color", "rc_params", "use_style", "style_context"]

#: Colours by role, shared across notebooks (colour-blind-safe, from the Okabe-Ito palette).
COLORS: dict[str, str] = {
    "loss": "#5f5f5f",
    "total": "#0b3c5d",
    "minimizer": "#d55e00",
    "L2": "#0072b2",
    "L1": "#e69f00",
    "Lp": "#cc79a7",
    "L0": "#009e73",
    "ElasticNet": "#56b4e9",
    "sqrt": "#cc79a7",
    "ball": "#0072b2",
    "contour": "#5f5f5f",
    "prox": "#009e73",
    "subgradient": "#d55e00",
    "accent": "#d55e00",
}


def penalty_color(penalty: Any) -> str:
    """Colour of a penalty by its kind (``L2``, ``L1``, ``Lp``, ``L0``, ``ElasticNet``).

    ``Lp`` with ``p == 1`` or ``p == 2`` takes the L1 or L2 colour.
    """
    name = type(penalty).__name__
    if name == "Lp":
        p = float(penalty.p)
        name = {1.0: "L1", 2.0: "L2"}.get(p, "Lp")
    return COLORS.get(name, COLORS["total"])


_BASE: dict[str, Any] = {
    "figure.constrained_layout.use": True,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "normal",
    "lines.linewidth": 2.0,
    "lines.markersize": 7,
    "legend.frameon": False,
    "savefig.bbox": "tight",
    "savefig.dpi": 150,
    "image.cmap": "viridis",
    "mathtext.fontset": "dejavusans",  # math the same size and face as the labels around it
}

_VARIANTS: dict[str, dict[str, Any]] = {
    "screen": {
        "figure.figsize": (9.0, 3.8),
        "figure.dpi": 100,
        "font.size": 11,
        "axes.titlesize": 12,
        "axes.labelsize": 11,
        "legend.fontsize": 10,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
    },
    "lecture": {
        "figure.figsize": (8.0, 5.0),
        "figure.dpi": 100,
        "font.size": 16,
        "axes.titlesize": 18,
        "axes.labelsize": 17,
        "legend.fontsize": 14,
        "xtick.labelsize": 14,
        "ytick.labelsize": 14,
        "lines.linewidth": 2.6,
    },
}


def rc_params(variant: str = "screen") -> dict[str, Any]:
    """The rcParams of a variant: ``"screen"`` (notebooks) or ``"lecture"`` (slides, PDF).

    Raises
    ------
    ValueError
        If ``variant`` is not one of the two.
    """
    if variant not in _VARIANTS:
        raise ValueError(f"variant must be one of {sorted(_VARIANTS)}, got {variant!r}")
    return {**_BASE, **_VARIANTS[variant]}


def use_style(variant: str = "screen") -> None:
    """Apply the regviz look to every later figure (call once at the top of a notebook)."""
    mpl.rcParams.update(rc_params(variant))


@contextlib.contextmanager
def style_context(variant: str = "lecture") -> Iterator[None]:
    """Draw inside a ``with`` block in the given variant, restoring rcParams afterwards."""
    with mpl.rc_context(rc_params(variant)):
        yield
