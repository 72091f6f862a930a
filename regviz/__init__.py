"""regviz: the math, plots and widgets behind the weight-regularization notebooks.

``import regviz`` gives the penalties and the style; the other modules are imported by name
(``regviz.landscape``, ``regviz.plots``, ``regviz.widgets``...). Importing regviz does not import
torch: only the modules that train (``regviz.training`` and what uses it) do.
"""

# _quiet first: no matplotlib font-cache notice under a student's first cell
from . import _quiet, penalties  # noqa: F401
from .penalties import L0, L1, L2, ElasticNet, Lp
from .style import use_style


def _version() -> str:
    """The installed distribution's version: pyproject.toml is the one place it is written."""
    from importlib import metadata

    try:
        return metadata.version("regviz")
    except metadata.PackageNotFoundError:  # a source tree on sys.path, never installed
        return "0+unknown"


__version__ = _version()

__all__ = ["penalties", "L0", "L1", "L2", "Lp", "ElasticNet", "use_style", "__version__"]
