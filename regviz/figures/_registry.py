"""The figure registry: one :class:`LectureFigure` per lecture figure, added by :func:`register`."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure

from ..experiments.results import Result

#: Formats ``--format`` accepts, and the default list.
FORMATS: tuple[str, ...] = ("pdf", "png", "svg")
DEFAULT_FORMATS: tuple[str, ...] = ("pdf", "png")
#: Resolution of the PNG files: a (8, 5) inch figure is 1200 x 750 pixels.
DPI: int = 150
#: The reproductions behind the MNIST figures.
MNIST_RUNS: tuple[str, ...] = ("fleuret-l2", "fleuret-l1")
#: The reproductions behind notebook 07's training curves (an MLP on the MNIST sample).
PRACTICE_RUNS: tuple[str, ...] = ("forum-l1", "sqrt-penalty")

_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# No timestamps and a fixed SVG id salt, so the same figure gives the same bytes.
_METADATA = {"pdf": {"CreationDate": None}, "svg": {"Date": None}, "png": {}}
_SAVE_RC = {"savefig.bbox": "standard", "svg.hashsalt": "regviz", "pdf.compression": 6}


@dataclass(frozen=True)
class LectureFigure:
    """One registry entry: how to draw a lecture figure and what to say under it.

    Attributes
    ----------
    name : str
        File stem and ``--only`` name: lower case words joined by ``-``.
    caption : str
        One or two sentences for the slide / the manifest.
    draw : callable
        ``draw(fig, results)`` fills the empty ``fig``; ``results`` maps the names in
        ``requires`` to their :class:`~regviz.experiments.Result`.
    figsize : tuple of float
        Size in inches; the PNG is ``figsize * DPI`` pixels.
    requires : tuple of str
        Names of :mod:`regviz.experiments` reproductions the figure needs (empty for most).
    notebook : str
        The notebook that teaches the figure.
    """

    name: str
    caption: str
    draw: Callable[[Figure, Mapping[str, Result]], Any]
    figsize: tuple[float, float] = (8.0, 5.0)
    requires: tuple[str, ...] = ()
    notebook: str = ""

    @property
    def mnist(self) -> bool:
        """Whether the figure needs trained networks (a reproduction that trains some)."""
        from ..experiments import networks_of

        return any(networks_of(name) > 0 for name in self.requires)

    @property
    def png_size(self) -> tuple[int, int]:
        """Width and height of the PNG in pixels."""
        return round(self.figsize[0] * DPI), round(self.figsize[1] * DPI)


#: The registry, in the order the lectures show the figures.
FIGURES: dict[str, LectureFigure] = {}


def register(
    name: str,
    caption: str,
    *,
    figsize: tuple[float, float] = (8.0, 5.0),
    requires: Sequence[str] = (),
    notebook: str = "",
) -> Callable[[Callable], Callable]:
    """Decorator adding ``draw(fig, results)`` to :data:`FIGURES` under ``name``.

    Raises
    ------
    ValueError
        If ``name`` is taken or not lower-case words joined by ``-``, or ``caption`` is empty.
    """
    if not _NAME.match(name):
        raise ValueError(f"name must be lower-case words joined by '-', got {name!r}")
    if name in FIGURES:
        raise ValueError(f"name {name!r} is already registered")
    if not caption.strip():
        raise ValueError(f"caption of {name!r} must not be empty")

    def deco(draw: Callable) -> Callable:
        FIGURES[name] = LectureFigure(name, caption, draw, tuple(figsize), tuple(requires),
                                      notebook)
        return draw

    return deco
