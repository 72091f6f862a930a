r"""Notebook 09's data sets: five 2D binary classification sets drawn from a seed.

NumPy only (no torch import), like :mod:`regviz.playground`, which trains on them and
re-exports every name here (``regviz.playground.make_dataset`` is the documented entry point).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import choice, integer, number

__all__ = ["DATASETS", "Dataset", "make_dataset"]

DATASETS: tuple[str, ...] = ("moons", "circles", "xor", "spiral", "gaussians")


# -- data --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Dataset:
    """A 2D binary classification set, split into train and test points.

    Attributes
    ----------
    name : str
        One of :data:`DATASETS`.
    x_train, x_test : numpy.ndarray
        Points, shape ``(n, 2)``, roughly inside ``[-1.6, 1.6]**2``.
    y_train, y_test : numpy.ndarray
        Labels 0.0 / 1.0, shape ``(n,)``.
    noise, seed
        How it was drawn.
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    noise: float
    seed: int

    @property
    def n(self) -> int:
        """The number of points, train and test together."""
        return len(self.y_train) + len(self.y_test)

    def __repr__(self) -> str:
        return (f"Dataset({self.name!r}, n={self.n}, noise={self.noise:g}, "
                f"test={len(self.y_test)}, seed={self.seed})")


def _points(name: str, n: int, noise: float, rng: np.random.Generator):
    n1 = n // 2
    n0 = n - n1
    if name == "moons":
        t0, t1 = rng.uniform(0, np.pi, n0), rng.uniform(0, np.pi, n1)
        a = np.c_[np.cos(t0), np.sin(t0)]
        b = np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]
        x = (np.r_[a, b] - [0.5, 0.25]) * [1.0, 1.4]
    elif name == "circles":
        t = rng.uniform(0, 2 * np.pi, n)
        r = np.r_[np.full(n0, 1.2), np.full(n1, 0.5)]
        x = r[:, None] * np.c_[np.cos(t), np.sin(t)]
    elif name == "xor":
        x = rng.uniform(-1.2, 1.2, (n, 2))
        x += 0.12 * np.sign(x)  # a small gap around the axes before noise
        y = (x[:, 0] * x[:, 1] > 0).astype(float)
        return x + noise * rng.standard_normal((n, 2)), y
    elif name == "spiral":
        t = np.sqrt(rng.uniform(0.02, 1.0, n)) * 2.6 * np.pi
        turn = np.r_[np.zeros(n0), np.full(n1, np.pi)]
        x = (t / (2.6 * np.pi) * 1.4)[:, None] * np.c_[np.cos(t + turn), np.sin(t + turn)]
    else:  # gaussians
        x = np.r_[rng.standard_normal((n0, 2)) * 0.35 + [-0.6, -0.6],
                  rng.standard_normal((n1, 2)) * 0.35 + [0.6, 0.6]]
    y = np.r_[np.zeros(n0), np.ones(n1)]
    return x + noise * rng.standard_normal((n, 2)), y


def make_dataset(name: str, *, n: int = 200, noise: float = 0.2, test_fraction: float = 0.5,
                 seed: int = 0) -> Dataset:
    r"""Draw a 2D classification set and split it into train and test points.

    Parameters
    ----------
    name : str
        ``"moons"`` (two interleaved half circles), ``"circles"`` (a ring around a disc),
        ``"xor"`` (the four quadrants, label = sign of :math:`x_1 x_2`), ``"spiral"`` (two
        intertwined arms) or ``"gaussians"`` (two blobs).
    n : int, optional
        The number of points, train and test together, ``>= 4``. Default 200.
    noise : float, optional
        Standard deviation of the Gaussian noise added to every coordinate, in ``[0, 2]``.
    test_fraction : float, optional
        The share of the points held out for testing, in ``(0, 1)``. Default one half.
    seed : int, optional
        Seed of the local generator: the same arguments give the same points.

    Returns
    -------
    Dataset

    Raises
    ------
    ValueError
        If ``name`` is unknown or a number is out of range; the message names the parameter.
    """
    choice("name", name, DATASETS)
    n = integer("n", n, low=4)
    noise = number("noise", noise, low=0.0, high=2.0)
    test_fraction = number("test_fraction", test_fraction, low=0.0, high=1.0, low_open=True,
                           high_open=True)
    seed = integer("seed", seed, low=0)
    rng = np.random.default_rng(seed)
    x, y = _points(name, n, noise, rng)
    order = rng.permutation(n)
    n_test = min(max(1, round(test_fraction * n)), n - 1)
    test, tr = order[:n_test], order[n_test:]
    return Dataset(name, x[tr].copy(), y[tr].copy(), x[test].copy(), y[test].copy(), noise, seed)
