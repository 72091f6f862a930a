"""One look for every regviz figure, in a screen and a lecture variant.

Nothing changes on import: a notebook calls :func:`use_style` itself, and the ``figures``
command draws inside :func:`style_context`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import matplotlib as mpl

__all__ = [
    "COLORS",
    "LINESTYLES",
    "MARKERS",
    "BACKGROUND",
    "TEXT_COLOR",
    "penalty_color",
    "penalty_name",
    "penalty_style",
    "role_style",
    "series_style",
    "rc_params",
    "use_style",
    "style_context",
]

#: The figure background every contrast is measured against (tests/test_plots_style.py).
BACKGROUND = "#ffffff"
#: Text, ticks and labels: near-black, 16:1 on white.
TEXT_COLOR = "#222222"

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


#: Colour is never the only cue: each penalty and each method also has a line style...
LINESTYLES: dict[str, Any] = {
    "L2": "-",
    "L1": "--",
    "Lp": "-.",
    "sqrt": "-.",
    "L0": ":",
    "ElasticNet": (0, (6, 1.5, 1.5, 1.5, 1.5, 1.5)),
    "prox": "-",
    "subgradient": "--",
}
#: ... and a marker (drawn every few points on a line, or alone on a scatter).
MARKERS: dict[str, str] = {
    "L2": "o",
    "L1": "s",
    "Lp": "^",
    "sqrt": "^",
    "L0": "D",
    "ElasticNet": "v",
    "prox": "o",
    "subgradient": "x",
}

#: Size of the markers that ride on lines (every tenth of the way), smaller than data points.
MARKER_SIZE = 4.5
#: Line styles and markers for series told apart by their order (``series_style(i)``).
_SERIES_LS: tuple[Any, ...] = ("-", "--", "-.", ":", (0, (6, 1.5, 1.5, 1.5, 1.5, 1.5)))
_SERIES_MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "*")
_SERIES_COLORS: tuple[str, ...] = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#000000", "#5f5f5f",
)


def penalty_name(penalty: Any) -> str:
    """The style key of a penalty: ``L2``, ``L1``, ``Lp``, ``L0`` or ``ElasticNet``.

    ``Lp`` with ``p == 1`` or ``p == 2`` is ``L1`` or ``L2``.
    """
    name = type(penalty).__name__
    if name == "Lp":
        p = float(penalty.p)
        name = {1.0: "L1", 2.0: "L2"}.get(p, "Lp")
    return name


def penalty_color(penalty: Any) -> str:
    """Colour of a penalty by its kind (``L2``, ``L1``, ``Lp``, ``L0``, ``ElasticNet``).

    ``Lp`` with ``p == 1`` or ``p == 2`` takes the L1 or L2 colour.
    """
    return COLORS.get(penalty_name(penalty), COLORS["total"])


def role_style(role: str, *, markevery: Any = 0.1, marker: bool = True) -> dict[str, Any]:
    """``color``, ``linestyle`` (and ``marker``, ``markevery``) of a role of :data:`COLORS`.

    Keyword arguments for ``ax.plot``; a role without its own line style is solid.

    Raises
    ------
    ValueError
        If ``role`` is not a key of :data:`COLORS`.
    """
    if role not in COLORS:
        raise ValueError(f"role must be one of {sorted(COLORS)}, got {role!r}")
    out: dict[str, Any] = {"color": COLORS[role], "linestyle": LINESTYLES.get(role, "-")}
    if marker and role in MARKERS:
        out.update(marker=MARKERS[role], markevery=markevery, markersize=MARKER_SIZE)
    return out


def penalty_style(penalty: Any, *, markevery: Any = 0.1, marker: bool = True,
                  color: bool = False) -> dict[str, Any]:
    """Line style and marker of a penalty (and its colour with ``color=True``), for ``plot``."""
    name = penalty_name(penalty)
    out: dict[str, Any] = {"linestyle": LINESTYLES.get(name, "-")}
    if marker and name in MARKERS:
        out.update(marker=MARKERS[name], markevery=markevery, markersize=MARKER_SIZE)
    if color:
        out["color"] = penalty_color(penalty)
    return out


def series_style(i: int, *, markevery: Any = 0.1, color: bool = True,
                 marker: bool = True) -> dict[str, Any]:
    """Colour, line style and marker of the ``i``-th series of a figure (all three differ)."""
    out: dict[str, Any] = {"linestyle": _SERIES_LS[i % len(_SERIES_LS)]}
    if marker:
        out.update(marker=_SERIES_MARKERS[i % len(_SERIES_MARKERS)], markevery=markevery,
                   markersize=MARKER_SIZE)
    if color:
        out["color"] = _SERIES_COLORS[i % len(_SERIES_COLORS)]
    return out


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
    "text.color": TEXT_COLOR,
    "axes.labelcolor": TEXT_COLOR,
    "axes.edgecolor": "#333333",
    "xtick.color": TEXT_COLOR,
    "ytick.color": TEXT_COLOR,
    "figure.facecolor": BACKGROUND,
    "axes.facecolor": BACKGROUND,
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
