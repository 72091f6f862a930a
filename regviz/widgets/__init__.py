"""Slider panels: each interactive view builds its figure once and updates artists in place.

Panels expose ``controls`` (the sliders, by name), ``artists`` (what they drew, by name),
``set(**values)`` to drive them from code or tests, and ``output`` where callback errors appear.
Every panel of every notebook is re-exported here; each module also lists its views in
``BENCHMARK_VIEWS`` for ``benchmarks/slider_latency.py``. No other regviz module imports this one.
"""

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

from ._panel import Panel, interactive_backend, make_figure
from .controls import P_VALUES, float_slider, log_slider, p_slider, setup_notebook
from .dynamics import SlopePanel, TrajectoryPanel
from .elastic_net import ElasticNetBallPanel, ElasticNetPathPanel, ElasticNetProxPanel
from .generalization import EarlyStoppingPanel, OverfitPanel, ShrinkagePanel
from .geometry import Ball2DPanel, Ball3DPanel, ConstrainedViewPanel
from .implicit import DoubleDescentPanel
from .landscape import LandscapePanel
from .noise import InputNoisePanel
from .normalization import EquilibriumPanel
from .playground import PlaygroundPanel
from .priors import PosteriorPanel, PriorPanel
from .prox import PlateauPanel, ProxMapPanel, SolverPanel, SubgradProxPanel
from .training import CachedRunsPanel, LiveTrainingPanel

__all__ = [
    "benchmark_views",
    "Panel",
    "make_figure",
    "interactive_backend",
    "setup_notebook",
    "float_slider",
    "log_slider",
    "p_slider",
    "P_VALUES",
    # 00
    "OverfitPanel",
    "ShrinkagePanel",
    "EarlyStoppingPanel",
    # 01
    "LandscapePanel",
    # 02
    "Ball2DPanel",
    "Ball3DPanel",
    "ConstrainedViewPanel",
    # 03
    "SlopePanel",
    "TrajectoryPanel",
    # 04
    "ProxMapPanel",
    "SubgradProxPanel",
    "PlateauPanel",
    "SolverPanel",
    # 05
    "PriorPanel",
    "PosteriorPanel",
    # 06
    "CachedRunsPanel",
    "LiveTrainingPanel",
    # 08
    "ElasticNetBallPanel",
    "ElasticNetProxPanel",
    "ElasticNetPathPanel",
    # 09
    "PlaygroundPanel",
    # 10
    "InputNoisePanel",
    # 11
    "DoubleDescentPanel",
    # 12
    "EquilibriumPanel",
]


def benchmark_views() -> dict[str, tuple[Callable[..., Panel], dict[str, list[Any]]]]:
    """Every view that a module of this package lists in its ``BENCHMARK_VIEWS``, by name.

    Each entry is ``(factory, {control name: values to sweep})``; benchmarks/slider_latency.py
    times them and tests/test_benchmark_views.py checks that no exported panel is missing.
    """
    views: dict[str, tuple[Callable[..., Panel], dict[str, list[Any]]]] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        views.update(getattr(module, "BENCHMARK_VIEWS", {}))
    return views
