"""regviz: the math, plots and widgets behind the weight-regularization notebooks.

``import regviz`` gives the penalties and the style; the other modules are imported by name
(``regviz.landscape``, ``regviz.plots``, ``regviz.widgets``...). Importing regviz does not import
torch: only the modules that train (``regviz.training`` and what uses it) do.
"""

# _quiet first: no matplotlib font-cache notice under a student's first cell
from . import _quiet, penalties  # noqa: F401
from .penalties import L0, L1, L2, ElasticNet, Lp
from .style import use_style

__version__ = "0.1.0"

__all__ = ["penalties", "L0", "L1", "L2", "Lp", "ElasticNet", "use_style", "__version__"]
