"""Small factories for the controls every panel uses, and the notebook set-up call."""

from __future__ import annotations

import os
import sys
from typing import Any

import numpy as np

__all__ = ["setup_notebook", "float_slider", "log_slider", "p_slider", "P_VALUES"]

#: Values of the p slider of the ball views: 0.1 to 10 on a log scale, then infinity.
P_VALUES: tuple[float, ...] = (*np.round(np.geomspace(0.1, 10.0, 41), 3).tolist(), float("inf"))


def setup_notebook(variant: str = "screen") -> None:
    """Choose the figure backend and the regviz style; call once at the top of a notebook.

    Uses ipympl (``%matplotlib widget``) when it is installed and the front end can show it,
    with Colab's custom widget manager enabled first; otherwise inline figures, which the panels
    update as PNG images. ``REGVIZ_BACKEND=inline`` forces the fallback. Inline figures that
    have a text alternative (:func:`regviz.plots.alt_text`) display with it as the image's alt;
    with ipympl, show a static figure with :func:`regviz.plots.show` to give it one.

    Returns nothing, so a notebook's first cell shows no output (``matplotlib.get_backend()``
    tells the backend in use).
    """
    from ..style import use_style
    from . import _panel  # noqa: F401  (fail early if ipywidgets is missing)

    shell = _ipython()
    wanted = os.environ.get("REGVIZ_BACKEND", "widget").lower()
    if shell is not None and wanted != "inline":
        try:
            import ipympl  # noqa: F401

            if "google.colab" in sys.modules:
                from google.colab import output  # type: ignore[import-not-found]

                output.enable_custom_widget_manager()
            shell.run_line_magic("matplotlib", "widget")
        except Exception:  # no ipympl or no widget manager: fall back, loudly
            print("ipympl is not available here: figures are shown as images and redrawn.")
            shell.run_line_magic("matplotlib", "inline")
    elif shell is not None:
        shell.run_line_magic("matplotlib", "inline")
    use_style(variant)
    if shell is not None:
        from ..plots._alt import register_alt_formatter

        register_alt_formatter(shell)  # inline figures show with their alt text


def _ipython() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return shell if shell is not None and hasattr(shell, "kernel") else None


def float_slider(
    description: str, value: float, min: float, max: float, step: float, **kwargs: Any
) -> Any:
    """A continuous ``FloatSlider`` with a readable label and readout."""
    import ipywidgets as widgets

    return widgets.FloatSlider(
        value=value,
        min=min,
        max=max,
        step=step,
        description=description,
        continuous_update=True,
        readout_format=kwargs.pop("readout_format", ".3g"),
        style={"description_width": "initial"},
        layout={"width": kwargs.pop("width", "320px")},
        **kwargs,
    )


def log_slider(
    description: str, value: float, min_exp: float, max_exp: float, step: float = 0.05, **kw: Any
) -> Any:
    """A ``FloatLogSlider`` from ``10**min_exp`` to ``10**max_exp``."""
    import ipywidgets as widgets

    return widgets.FloatLogSlider(
        value=value,
        base=10,
        min=min_exp,
        max=max_exp,
        step=step,
        description=description,
        continuous_update=True,
        readout_format=kw.pop("readout_format", ".3g"),
        style={"description_width": "initial"},
        layout={"width": kw.pop("width", "320px")},
        **kw,
    )


def p_slider(value: float = 1.0, options: tuple[float, ...] = P_VALUES, **kw: Any) -> Any:
    """A ``SelectionSlider`` over p values (log-spaced, with ``inf`` last, shown as ∞)."""
    import ipywidgets as widgets

    opts = [("∞" if np.isinf(p) else f"{p:g}", p) for p in options]
    if value not in options:
        finite = [q for q in options if np.isfinite(q)]
        value = min(finite, key=lambda q: abs(np.log(q) - np.log(value)))
    return widgets.SelectionSlider(
        options=opts,
        value=value,
        description=kw.pop("description", "p"),
        continuous_update=True,
        style={"description_width": "initial"},
        layout={"width": kw.pop("width", "320px")},
        **kw,
    )
