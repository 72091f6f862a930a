"""The slider panel: controls, a figure drawn once, and an update that changes artists in place.

A panel subclass builds its figure and artists in ``__init__`` and implements :meth:`Panel.update`,
which sets new data on the artists (``set_data``, ``set_ydata``, ``set_offsets``...) and draws
nothing. :meth:`Panel.refresh` calls it and then redraws cheaply: the static part of the figure is
kept as a bitmap and only the artists listed as *dynamic* are drawn again (blitting), unless
``update`` returns True to ask for a full draw (for instance after changing axis limits).

With ipympl (``%matplotlib widget``) the figure is the live canvas; otherwise (Colab without the
custom widget manager, nbval, plain inline) the panel renders the figure as a PNG into an
``Output`` widget after each change. Errors raised by ``update`` inside a slider callback are
printed in the panel's ``output`` instead of being lost in the kernel log.

One frame rule: what a frame shows is computed once, by :meth:`Panel.compute_frame` (a small
frozen dataclass, also used by the ``plot_*`` function that draws the first frame), and
:meth:`Panel.draw_frame` sets it on the artists; :meth:`Panel.update` is the two in a row. The
frame also describes itself in words (:meth:`Panel.describe`): every redraw puts that sentence
in :attr:`Panel.description`, an ARIA live region under the figure that screen readers announce
politely, and stores it as the figure's alt text (:func:`regviz.plots.alt_text`).
"""

from __future__ import annotations

import base64
import html
import io
import traceback
from collections.abc import Iterable, Mapping
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..plots._alt import set_alt_text

__all__ = ["Panel", "make_figure", "interactive_backend", "live_region"]


def live_region(text: str) -> str:
    """``text`` as the HTML of a polite ARIA live region (``role="status"``)."""
    return (f'<div class="regviz-description" role="status" aria-live="polite" '
            f'aria-atomic="true">{html.escape(text)}</div>')


def interactive_backend() -> bool:
    """True when matplotlib draws on live ipympl canvases (``%matplotlib widget``)."""
    backend = matplotlib.get_backend().lower()
    return "ipympl" in backend or backend == "widget"


def _sends_frames(canvas: Any) -> bool:
    """True for a canvas that sends its frames to a browser (ipympl's, the webagg protocol)."""
    return hasattr(canvas, "_force_full")


def make_figure(nrows: int = 1, ncols: int = 1, **kwargs: Any) -> tuple[Figure, Any]:
    """Create a panel's figure and axes, the way the current backend needs them.

    With ipympl the figure comes from pyplot (so it has a live canvas) but is not shown on
    creation; otherwise it is a plain :class:`~matplotlib.figure.Figure` on an Agg canvas that
    pyplot does not track (so inline mode does not show it a second time at the end of the cell).
    Keyword arguments go to :meth:`~matplotlib.figure.Figure.subplots` (``subplot_kw``,
    ``gridspec_kw``, ``sharex``...) except ``figsize``, which goes to the figure.
    """
    figsize = kwargs.pop("figsize", None)
    if interactive_backend():
        with plt.ioff():
            fig = plt.figure(figsize=figsize)
        fig.canvas.header_visible = False
        fig.canvas.toolbar_position = "right"
    else:
        fig = Figure(figsize=figsize)
        FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


class Panel:
    """Base class of every interactive view.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure, drawn once (see :func:`make_figure`).
    controls : mapping of str to ipywidgets value widget
        The sliders and other controls, by the keyword name :meth:`update` receives.
    dynamic : iterable of Artist
        The artists that :meth:`update` changes; they are redrawn over a cached background.
    extra : iterable of ipywidgets widget, optional
        Other widgets shown beside the controls (buttons, labels).

    Attributes
    ----------
    figure, controls, artists, output, readout
        The figure, the controls, a dict of named artists (filled by the subclass), the
        ``Output`` widget where callback errors appear, and an ``HTML`` line for live numbers
        (cheaper than redrawing text in the figure: glyph rendering costs milliseconds).
    description : ipywidgets.HTML
        Under the figure: what it shows now, in words (:meth:`describe`), as a polite ARIA live
        region; updated with every redraw.
    frame : object or None
        The frame shown now (from :meth:`compute_frame`), for panels that use frames.
    last_error : BaseException or None
        The last exception raised inside a slider callback.
    """

    def __init__(
        self,
        figure: Figure,
        controls: Mapping[str, Any],
        dynamic: Iterable[Artist] = (),
        extra: Iterable[Any] = (),
    ) -> None:
        import ipywidgets as widgets

        self.figure = figure
        self.controls: dict[str, Any] = dict(controls)
        self.artists: dict[str, Any] = getattr(self, "artists", {})
        self.dynamic: list[Artist] = []
        self.extra = list(extra)
        self.output = widgets.Output()
        self.readout = widgets.HTML()
        self.description = widgets.HTML(layout={"margin": "0.25em 0"})
        if not callable(getattr(type(self), "frame", None)):  # a panel's own frame() stays
            self.frame: Any = getattr(self, "frame", None)
        self.last_error: BaseException | None = None
        self._image = None if interactive_backend() else widgets.Output()
        self._background = None
        self._suspended = False
        self._shown = False
        self.figure.canvas.mpl_connect("draw_event", self._on_draw)
        self.set_dynamic(dynamic)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    # -- what a subclass implements ------------------------------------------------------------
    def compute_frame(self, **values: Any) -> Any:
        """What the panel shows for these control values: a small frozen dataclass.

        The same function gives the first frame (drawn by the ``plot_*`` function) and every
        later one; it draws nothing.
        """
        raise NotImplementedError

    def draw_frame(self, frame: Any) -> bool | None:
        """Set ``frame`` on the artists; draw nothing. True asks for a full redraw."""
        raise NotImplementedError

    def update(self, **values: Any) -> bool | None:
        """Set new data on the artists for the given control values; draw nothing.

        :meth:`compute_frame` then :meth:`draw_frame`. Return True when the change needs a full
        redraw (axis limits, text outside the dynamic artists), anything else for a blit of the
        dynamic artists.
        """
        self.frame = self.compute_frame(**values)
        return self.draw_frame(self.frame)

    def describe(self) -> str:
        """What the panel shows now, in one or two sentences computed from its data.

        Default: the current frame's ``describe()``, else the text the last update stored in
        ``self.text``.
        """
        if self.frame is not None and hasattr(self.frame, "describe"):
            return self.frame.describe()
        text = getattr(self, "text", None)
        if not text:
            raise NotImplementedError(f"{type(self).__name__} has no description")
        return text

    def announce(self) -> str:
        """Put :meth:`describe` in the live region and on the figure as its alt text."""
        text = self.describe()
        value = live_region(text)
        if self.description.value != value:
            self.description.value = value
        set_alt_text(self.figure, text)
        return text

    # -- driving the panel ---------------------------------------------------------------------
    @property
    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values: Any) -> None:
        """Set several controls at once and refresh once; errors are raised, not printed.

        Raises
        ------
        ValueError
            If a name is not one of the panel's controls.
        """
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(
                f"unknown control(s) {sorted(unknown)}; this panel has {sorted(self.controls)}"
            )
        self._suspended = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._suspended = False
        self.refresh()

    def refresh(self) -> None:
        """Run :meth:`update` with the current values, then redraw."""
        full = self.update(**self.values)
        self.redraw(full=full is True)

    def set_dynamic(self, artists: Iterable[Artist]) -> None:
        """Declare the artists that :meth:`update` changes (drawn over the cached background)."""
        for artist in self.dynamic:
            artist.set_animated(False)
        self.dynamic = list(artists)
        for artist in self.dynamic:
            artist.set_animated(True)
        self._background = None

    def redraw(self, *, full: bool = False) -> None:
        """Redraw the figure: blit the dynamic artists, or draw everything when ``full``.

        The description (live region and alt text) follows the figure.
        """
        self.announce()
        canvas = self.figure.canvas
        if _sends_frames(canvas):
            # ipympl (webagg) would send a frame as the pixels that changed since the last one,
            # for the browser to paint over what it shows; the browser reads whether a frame is
            # whole or a diff from a separate message, and under load it once cleared the canvas
            # before painting a diff (notebook 10 in JupyterLab was left showing the moved
            # curves alone, no axes). Every frame goes out whole: about 5 ms more to encode and
            # 55 kB more to send (a 950 x 360 figure), and no sequence of messages can lose
            # the background.
            canvas._force_full = True
        if full or self._background is None or not self.dynamic:
            canvas.draw()  # the draw_event handler stores the background, draws dynamic artists
        else:
            canvas.restore_region(self._background)
            self._draw_dynamic()
            canvas.blit(self.figure.bbox)
        if self._image is not None and self._shown:
            self._show_png()

    # -- display -------------------------------------------------------------------------------
    @property
    def widget(self) -> Any:
        """The whole panel as one ipywidgets box (controls, figure, description, output)."""
        import ipywidgets as widgets

        top = widgets.HBox([*self.controls.values(), *self.extra], layout={"flex_flow": "wrap"})
        return self._box(top)

    def _box(self, top: Any) -> Any:
        """Controls on top, the readout, the figure, its live description, the error output."""
        import ipywidgets as widgets

        view = self.figure.canvas if self._image is None else self._image
        manager = getattr(view, "manager", None)
        if _sends_frames(view) and manager is not None:
            # ipympl: send the figure's size with the display, as the front end's "initialized"
            # message would have the kernel do. In CI, JupyterLab twice left notebook 13's last
            # panel at a 0 x 0 canvas (controls and text shown, no figure): a view takes its
            # size from the model when it is drawn, so with the size already there it cannot
            # miss it.
            _, _, width, height = self.figure.bbox.bounds
            manager.resize(width, height)
        self._shown = True
        if self._image is not None and not self._image.outputs:
            self.redraw(full=True)
        else:
            self.announce()
        return widgets.VBox([top, self.readout, view, self.description, self.output])

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    def savefig(self, fname: Any, **kwargs: Any) -> None:
        """Save the figure as it is now (PNG, PDF, SVG...) and keep the panel working."""
        self.announce()
        self.figure.savefig(fname, **kwargs)
        self._background = None

    # -- internals -----------------------------------------------------------------------------
    def _on_change(self, change: Any) -> None:
        if self._suspended:
            return
        try:
            self.refresh()
            self.last_error = None
        except Exception as exc:  # shown to the student, not lost in the kernel log
            self.last_error = exc
            self.output.append_stderr(
                f"Could not update the figure for {self.values}:\n{traceback.format_exc()}"
            )

    def _on_draw(self, event: Any) -> None:
        canvas = self.figure.canvas
        if event is not None and event.canvas is not canvas:
            return
        if getattr(canvas, "_is_saving", False):
            self._background = None
            return
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        self._draw_dynamic()

    def _draw_dynamic(self) -> None:
        for artist in self.dynamic:
            if artist.get_visible():
                self.figure.draw_artist(artist)

    def _show_png(self) -> None:
        from PIL import Image

        # the Agg canvas holds the frame just drawn: encode it, no second render
        buf = io.BytesIO()
        rgba = np.asarray(self.figure.canvas.buffer_rgba())
        Image.fromarray(rgba).save(buf, format="png", compress_level=1)
        png = base64.b64encode(buf.getvalue()).decode("ascii")
        # replacing the Output's outputs directly works with or without a kernel attached
        alt = self.describe()
        self._image.outputs = (
            {"output_type": "display_data",
             "data": {"image/png": png, "text/plain": alt},
             "metadata": {"image/png": {"alt": alt}}},
        )
