"""Slider panels: each interactive view builds its figure once and updates artists in place.

Panels expose ``controls`` (the sliders, by name), ``artists`` (what they drew, by name),
``set(**values)`` to drive them from code or tests, and ``output`` where callback errors appear.
No other regviz module imports this one.
"""

from ._panel import Panel, interactive_backend, make_figure
from .controls import P_VALUES, float_slider, log_slider, p_slider, setup_notebook
from .landscape import LandscapePanel

__all__ = [
    "Panel",
    "make_figure",
    "interactive_backend",
    "setup_notebook",
    "float_slider",
    "log_slider",
    "p_slider",
    "P_VALUES",
    "LandscapePanel",
]
