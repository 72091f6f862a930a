"""regviz: the math, plots and widgets behind the weight-regularization notebooks.

Importing regviz does not import torch; only :mod:`regviz.training` and the modules that train
do.
"""

from . import penalties
from .penalties import L0, L1, L2, ElasticNet, Lp

__version__ = "0.1.0"

__all__ = ["penalties", "L0", "L1", "L2", "Lp", "ElasticNet", "__version__"]
