r"""What exact zeros save: the primer's feature cross and the bytes a model takes to store.

The primer (seed 002) motivates L1 with a feature cross of bucketed latitude and longitude:
most cells of the cross are "the middle of the ocean", and a model whose weights there are
exactly 0 need not store them. :func:`make_globe` builds a small globe of that kind (a grid of
``lat_buckets x lon_buckets`` cells, a signal on a few islands), :func:`sample_globe` draws
points as one-hot crossed features, and :func:`stored_bytes` counts what a weight array takes
stored densely (float32) or as a sparse CSR matrix (float32 values, int32 column indices and
row pointers, the layout of ``scipy.sparse.csr_matrix`` and ``torch.sparse_csr_tensor``).
NumPy and SciPy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._arrays import check_param

__all__ = ["Globe", "csr_bytes", "dense_bytes", "make_globe", "sample_globe", "stored_bytes"]

#: Bytes of one stored value (float32) and of one index (int32).
VALUE_BYTES = 4
INDEX_BYTES = 4


@dataclass(frozen=True)
class Globe:
    """A synthetic globe: the probability of label 1 in each (latitude, longitude) cell.

    Attributes
    ----------
    p : ndarray, shape (lat_buckets, lon_buckets)
        Probability of label 1 in each cell.
    signal : ndarray of bool, same shape
        The island cells (where ``p`` is ``p_signal``).
    """

    p: np.ndarray
    signal: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        """``(lat_buckets, lon_buckets)``."""
        return self.p.shape

    @property
    def dimensions(self) -> int:
        """Number of crossed features: one per cell."""
        return int(self.p.size)

    def bayes_error(self) -> float:
        """Error of the best possible classifier, points uniform over the cells."""
        return float(np.mean(np.minimum(self.p, 1 - self.p)))


def make_globe(lat_buckets: int = 120, lon_buckets: int = 240, *, islands: int = 25,
               p_signal: float = 0.9, p_background: float = 0.02, seed: int = 0) -> Globe:
    """A globe whose label is mostly 1 on ``islands`` random rectangles and mostly 0 elsewhere.

    Parameters
    ----------
    lat_buckets, lon_buckets : int
        Grid size (>= 8 each); the cross has ``lat_buckets * lon_buckets`` dimensions.
    islands : int
        Number of rectangles (2 to 6 cells tall, 2 to 10 wide).
    p_signal, p_background : float
        Probability of label 1 on an island and in the ocean, in [0, 1].
    seed : int
        Seed of the islands' places.
    """
    for name, v in (("lat_buckets", lat_buckets), ("lon_buckets", lon_buckets)):
        if not isinstance(v, int | np.integer) or v < 8:
            raise ValueError(f"{name} must be an integer >= 8, got {v!r}")
    if not isinstance(islands, int | np.integer) or islands < 0:
        raise ValueError(f"islands must be an integer >= 0, got {islands!r}")
    for name, v in (("p_signal", p_signal), ("p_background", p_background)):
        if check_param(name, v) > 1:
            raise ValueError(f"{name} must be in [0, 1], got {v!r}")
    rng = np.random.default_rng(seed)
    signal = np.zeros((lat_buckets, lon_buckets), dtype=bool)
    for _ in range(islands):
        h, w = int(rng.integers(2, 7)), int(rng.integers(2, 11))
        a, b = int(rng.integers(0, lat_buckets - h)), int(rng.integers(0, lon_buckets - w))
        signal[a:a + h, b:b + w] = True
    return Globe(np.where(signal, p_signal, p_background), signal)


def sample_globe(globe: Globe, n: int, *, seed: int = 0):
    """``n`` points uniform on the globe, as one-hot crossed features and labels.

    Returns
    -------
    X : scipy.sparse.csr_matrix, shape (n, globe.dimensions)
        One 1 per row, in the column of the point's cell (``lat_bucket * lon_buckets +
        lon_bucket``).
    y : ndarray of int, shape (n,)
        Labels drawn with the cell's probability.
    lat, lon : ndarray, shape (n,)
        The points in degrees.
    """
    from scipy import sparse

    if not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n!r}")
    rng = np.random.default_rng(seed)
    nlat, nlon = globe.shape
    lat = rng.uniform(-90, 90, n)
    lon = rng.uniform(-180, 180, n)
    i = np.minimum(((lat + 90) / 180 * nlat).astype(int), nlat - 1)
    j = np.minimum(((lon + 180) / 360 * nlon).astype(int), nlon - 1)
    cell = i * nlon + j
    y = (rng.random(n) < globe.p.ravel()[cell]).astype(int)
    X = sparse.csr_matrix((np.ones(n, dtype=np.float32), cell, np.arange(n + 1)),
                          shape=(n, globe.dimensions))
    return X, y, lat, lon


def dense_bytes(w) -> int:
    """Bytes of ``w`` stored densely as float32: ``4 * w.size``."""
    return VALUE_BYTES * int(np.asarray(w).size)


def csr_bytes(w) -> int:
    """Bytes of ``w`` (a vector is one row) stored as CSR: values, column indices, row pointers.

    ``4 * nnz + 4 * nnz + 4 * (rows + 1)`` with float32 values and int32 indices.
    """
    a = np.asarray(w)
    a2 = a.reshape(1, -1) if a.ndim <= 1 else a.reshape(a.shape[0], -1)
    nnz = int(np.count_nonzero(a2))
    return (VALUE_BYTES + INDEX_BYTES) * nnz + INDEX_BYTES * (a2.shape[0] + 1)


def stored_bytes(w, layout: str) -> int:
    """Bytes of ``w`` in ``layout``: ``"dense"`` (float32) or ``"csr"`` (see :func:`csr_bytes`).

    Raises
    ------
    ValueError
        If ``layout`` is neither.
    """
    if layout == "dense":
        return dense_bytes(w)
    if layout == "csr":
        return csr_bytes(w)
    raise ValueError(f"layout must be 'dense' or 'csr', got {layout!r}")
