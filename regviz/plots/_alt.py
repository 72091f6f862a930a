"""Text alternatives for figures: what a figure shows, in words computed from its data.

Every public ``plot_*`` function of :mod:`regviz.plots` stores a sentence or two on the axes it
drew (see :func:`described`), and every panel of :mod:`regviz.widgets` stores its live
description on its figure. :func:`alt_text` reads them back, so the ``figures`` command, the
HTML export and the slides can give each image an alt text, and :func:`show` displays a figure
in a notebook with that text as the image's ``alt``.

The stable API (used by tools/ and the build):

- ``alt_text(fig) -> str``: the figure's text alternative ("" if nothing was stored);
- ``set_alt_text(target, text)``: store a text on a Figure (it then wins) or on an Axes;
- ``show(fig, alt=None)``: display a figure as a PNG whose ``alt`` is its text alternative;
- ``register_alt_formatter(shell)``: make every inline figure with a text alternative display
  that way (``regviz.widgets.setup_notebook`` calls it).
"""

from __future__ import annotations

import base64
import functools
import html
import inspect
import io
import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

__all__ = ["alt_text", "set_alt_text", "show", "described", "fmt", "png_bundle",
           "register_alt_formatter"]

_ATTR = "_regviz_alt_text"


def fmt(v: float, digits: int = 3) -> str:
    """A number for a sentence: ``"exactly 0"`` for 0, ``"infinity"``, else ``digits`` digits.

    >>> fmt(0.0), fmt(0.31415), fmt(float("inf")), fmt(1234.5)
    ('exactly 0', '0.314', 'infinity', '1.23e+03')
    """
    v = float(v)
    if v == 0:
        return "exactly 0"
    if math.isinf(v):
        return "infinity" if v > 0 else "minus infinity"
    if math.isnan(v):
        return "undefined"
    return f"{v:.{digits}g}"


def _root(target: Figure | SubFigure | Axes) -> Figure:
    fig = target.figure if isinstance(target, Axes) else target
    while isinstance(fig, SubFigure):
        fig = fig.figure
    return fig


def set_alt_text(target: Figure | SubFigure | Axes, text: str) -> None:
    """Store ``text`` as the text alternative of an Axes, or of a whole Figure.

    A text stored on the Figure replaces the texts of its axes in :func:`alt_text` (a panel
    describes all its axes in one live sentence); texts stored on axes are joined in the order
    the axes were added.

    Raises
    ------
    TypeError
        If ``target`` is neither a Figure nor an Axes, or ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if not isinstance(target, Figure | SubFigure | Axes):
        raise TypeError(f"target must be a matplotlib Figure or Axes, got {type(target).__name__}")
    if isinstance(target, SubFigure):
        target = _root(target)
    setattr(target, _ATTR, " ".join(text.split()))


def alt_text(target: Figure | SubFigure | Axes) -> str:
    """The text alternative of a figure (or of one axes): what it shows, from its data.

    The text stored on the figure by a panel, if any; else the texts the ``plot_*`` functions
    stored on its axes, joined in axes order (each once). Empty when nothing was stored (a
    figure not drawn by regviz).

    Parameters
    ----------
    target : Figure or Axes

    Returns
    -------
    str
        One or a few sentences, plain text (no markup).
    """
    if isinstance(target, Axes):
        return getattr(target, _ATTR, "")
    fig = _root(target)
    own = getattr(fig, _ATTR, "")
    if own:
        return own
    parts: list[str] = []
    for ax in fig.get_axes():
        text = getattr(ax, _ATTR, "")
        if text and text not in parts:
            parts.append(text)
    return " ".join(parts)


def png_bundle(fig: Figure, alt: str | None = None, **savefig: Any) -> tuple[dict, dict]:
    """The display bundle of ``fig`` as a PNG with its alt text: ``(data, metadata)``.

    ``data`` has ``text/html`` (an ``<img>`` with ``alt``), ``image/png`` (base64; its metadata
    carries ``alt`` too) and ``text/plain`` (the alt text itself).
    """
    alt = alt_text(fig) if alt is None else alt
    buf = io.BytesIO()
    fig.savefig(buf, format="png", **savefig)
    png = base64.b64encode(buf.getvalue()).decode("ascii")
    img = (f'<img src="data:image/png;base64,{png}" alt="{html.escape(alt, quote=True)}" '
           'style="max-width:100%;height:auto"/>')
    data = {"text/html": img, "image/png": png, "text/plain": alt}
    return data, {"image/png": {"alt": alt}}


def show(fig: Figure | None = None, *, alt: str | None = None, close: bool = True) -> None:
    """Display a static figure in a notebook as a PNG whose ``alt`` is its text alternative.

    Use it instead of letting the inline backend show the figure (which gives the image no
    alt): ``regviz.plots.show(fig)``.

    Parameters
    ----------
    fig : Figure, optional
        Default: pyplot's current figure.
    alt : str, optional
        The alt text; default :func:`alt_text` ``(fig)``.
    close : bool
        Close the figure in pyplot afterwards, so the inline backend does not show it again.

    Raises
    ------
    ValueError
        If the figure has no text alternative and none is given.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    fig = plt.gcf() if fig is None else fig
    alt = alt_text(fig) if alt is None else alt
    if not alt.strip():
        raise ValueError("the figure has no alt text: draw it with regviz.plots or pass alt=...")
    data, metadata = png_bundle(fig, alt)
    display(data, raw=True, metadata=metadata)
    if close:
        plt.close(fig)


def _figure_bundle(fig: Figure) -> tuple[dict, dict] | None:
    """IPython's mimebundle formatter for figures: the alt-text PNG, or None (the default)."""
    alt = alt_text(fig)
    if not alt or not fig.axes:
        return None
    return png_bundle(fig, alt, bbox_inches="tight")


def register_alt_formatter(shell: Any = None) -> bool:
    """Display every figure that has a text alternative as a PNG with that ``alt``.

    Registers a mimebundle formatter for :class:`~matplotlib.figure.Figure` on the IPython
    ``shell`` (default: the running one), so the inline backend's figures carry their
    :func:`alt_text` in notebook outputs and in exports, with no change to the notebooks.
    Figures without one display as before. Returns False when there is no IPython shell.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    shell.display_formatter.mimebundle_formatter.for_type(Figure, _figure_bundle)
    return True


# -- attaching descriptions to the plot functions ---------------------------------------------
def _axes_of(result: Any, bound: inspect.BoundArguments) -> list[Axes]:
    """The axes a plot function drew on: its ``ax`` / ``axes`` / ``fig`` argument or artists."""
    found: list[Axes] = []

    def add(ax: Any) -> None:
        if isinstance(ax, Axes) and ax not in found:
            found.append(ax)

    def walk(obj: Any, depth: int = 0) -> None:
        if depth > 3:
            return
        if isinstance(obj, Axes):
            add(obj)
        elif isinstance(obj, Artist):
            add(getattr(obj, "axes", None))
        elif isinstance(obj, dict):
            for v in obj.values():
                walk(v, depth + 1)
        elif isinstance(obj, list | tuple) or hasattr(obj, "patches"):
            for v in (obj if isinstance(obj, list | tuple) else obj.patches):
                walk(v, depth + 1)

    walk(result)
    return found


def described(describe: Callable[..., str]) -> Callable[[Callable], Callable]:
    """Decorate a ``plot_*`` function so that it stores ``describe(...)`` as its alt text.

    ``describe`` takes the plot function's own arguments (``ax``, ``axes``, ``fig`` are not
    passed) and returns one or two sentences computed from the data. The text is stored on
    every axes the function drew on (found from its returned artists), and the figure-level
    text is cleared, so :func:`alt_text` of the figure reads the new description.
    """
    want = inspect.signature(describe).parameters
    takes_any = any(p.kind is p.VAR_KEYWORD for p in want.values())

    def wrap(plot: Callable) -> Callable:
        sig = inspect.signature(plot)

        @functools.wraps(plot)
        def plot_and_describe(*args: Any, **kwargs: Any) -> Any:
            result = plot(*args, **kwargs)
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            params = {k: v for k, v in bound.arguments.items()
                      if k not in ("ax", "axes", "fig", "log_ax") and (takes_any or k in want)}
            text = describe(**params)
            axes = _axes_of(result, bound)
            for ax in axes:
                set_alt_text(ax, text)
            if axes:
                fig = _root(axes[0])
                if getattr(fig, _ATTR, ""):
                    setattr(fig, _ATTR, "")
            return result

        plot_and_describe.describe = describe  # type: ignore[attr-defined]
        return plot_and_describe

    return wrap


def series_summary(name: str, x: Iterable[float], y: Iterable[float], *, x_name: str = "x",
                   y_name: str = "") -> str:
    """One clause on a curve: where it starts, ends and is lowest (for describe functions)."""
    x, y = np.asarray(list(x), float), np.asarray(list(y), float)
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return f"{name} has no finite values"
    x, y = x[ok], y[ok]
    i = int(np.argmin(y))
    label = f"{name} {y_name}".strip()
    return (f"{label} goes from {fmt(y[0])} at {x_name} = {fmt(x[0])} to {fmt(y[-1])} at "
            f"{x_name} = {fmt(x[-1])}, lowest {fmt(y[i])} at {x_name} = {fmt(x[i])}")
