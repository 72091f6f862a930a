"""The registry of reproductions, their keys, the cache and the shipped reference results.

A reproduction is a :class:`Reproduction`: a name, its settings (a frozen dataclass: its whole
configuration, in one place), the data it trains on and a runner ``"module:function"``. The
runner's module is imported only when the reproduction runs, so importing the registry (or
loading a stored result) never imports torch, and runners can live in any module::

    register(Reproduction("my-run", settings=MySettings(), runner="mypkg.runs:run_mine"))

The runner is called as ``run(settings, data, *, seed, progress, device, threads)`` and returns
a :class:`Outcome` (rows, claims and the facts the run derived).

Where the numbers come from, in order (see :func:`reproduce`):

1. the user's cache, ``cache_dir()/runs/NAME-KEY.json``, under :func:`cache_key` (the
   configuration, the torch and regviz versions);
2. the reference result shipped in the package (``regviz/experiments/reference/NAME.json``),
   when its configuration key (:func:`config_key`) equals the requested one; it says which
   torch version, device and threads made it;
3. otherwise the reproduction trains, on the CPU with :data:`THREADS` threads unless told
   otherwise, and stores the result in the cache.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import importlib
import json
import platform
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from regviz.data import atomic_write_bytes, cache_dir

from .results import Claim, Provenance, Result, Row

#: Bumped whenever a runner's code changes what it computes (part of every key).
RESULTS_SCHEMA = 4
#: Reproductions train on the CPU by default: the same numbers on every machine.
DEVICE = "cpu"
#: ... with one thread: the thread count changes the third decimal of the tables, and one
#: thread is as fast as two for these small networks (and never oversubscribes a shared CPU).
THREADS = 1
#: Where the shipped reference results live (package data).
REFERENCE_DIR = Path(__file__).with_name("reference")


@dataclass(frozen=True)
class Outcome:
    """What a runner returns: its rows, the claims, and facts derived while running."""

    rows: list[Row]
    claims: list[Claim] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reproduction:
    """A named reproduction.

    Attributes
    ----------
    name : str
        Its name on the command line.
    settings : frozen dataclass
        Its whole configuration; every field is part of the cache key.
    runner : str or callable
        ``"module:function"`` (imported when it runs) or the function itself.
    data : str, callable or None
        ``"module:function"`` or a function ``(source, settings) -> data``; None when the
        runner makes its own data.
    claims : str, callable or None
        ``"module:function"`` or a function ``(rows, settings) -> list[Claim]``: the source's
        claims judged on the rows. Applied after training and again whenever a stored result
        is loaded, so a corrected claim needs no retraining. None: the runner's claims.
    description : str
        One line for the Markdown output.
    torch : bool
        Whether it trains with torch (its provenance then records torch's version).
    """

    name: str
    settings: Any
    runner: str | Callable
    data: str | Callable | None = None
    claims: str | Callable | None = None
    description: str = ""
    torch: bool = True


_REGISTRY: dict[str, Reproduction] = {}


def register(spec: Reproduction) -> Reproduction:
    """Add ``spec`` to the registry (replacing one of the same name) and return it.

    Raises
    ------
    ValueError
        If its settings are neither a dataclass instance nor a JSON-ready dict.
    """
    if not (dataclasses.is_dataclass(spec.settings) and not isinstance(spec.settings, type)
            or isinstance(spec.settings, dict)):
        raise ValueError(f"settings of {spec.name!r} must be a dataclass instance or a dict, "
                         f"got {type(spec.settings).__name__}")
    _REGISTRY[spec.name] = spec
    return spec


def result_function_runner(ref: str | Callable, *, source: str = "") -> Callable:
    """A runner from a function ``f(*, seed) -> dict`` that returns a whole JSON result.

    For reproductions that make their own data and claims (no torch): their rows, claims and
    configuration are decoded with :meth:`Result.from_dict`; ``source`` names the source of
    the claims that do not say it.
    """

    def runner(settings, data, *, seed, progress=False, device=DEVICE, threads=None):
        res = Result.from_dict(_resolve(ref)(seed=seed))
        for c in res.claims:
            c.source = c.source or source
        return Outcome(res.rows, res.claims, {"data": res.source, **res.config})

    return runner


def names() -> tuple[str, ...]:
    """The registered reproductions, in registration order."""
    return tuple(_REGISTRY)


def get(name: str) -> Reproduction:
    """The registered reproduction ``name``.

    Raises
    ------
    ValueError
        If ``name`` is not registered.
    """
    if name not in _REGISTRY:
        raise ValueError(f"name must be one of {names()}, got {name!r}")
    return _REGISTRY[name]


def _resolve(ref: str | Callable) -> Callable:
    if callable(ref):
        return ref
    module, _, attr = ref.partition(":")
    return getattr(importlib.import_module(module), attr)


def settings_dict(settings: Any) -> dict:
    """JSON form of a settings dataclass or dict (tuples as lists)."""
    plain = settings if isinstance(settings, dict) else dataclasses.asdict(settings)
    return json.loads(json.dumps(plain))


def torch_version() -> str | None:
    """The installed torch's version, read without importing torch (None when absent)."""
    try:
        return metadata.version("torch")
    except metadata.PackageNotFoundError:  # pragma: no cover
        return None


def _hash(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()[:16]


def _config(name: str, settings: Any, *, seed: int, source: str, device: str,
            threads: int | None) -> dict:
    return {"name": name, "settings": settings_dict(settings), "seed": seed, "source": source,
            "device": str(device), "threads": threads, "schema": RESULTS_SCHEMA}


def config_key(name: str, *, settings: Any = None, seed: int = 0, source: str = "sample",
               device: str = DEVICE, threads: int | None = THREADS) -> str:
    """Hash of everything that changes a reproduction's numbers, except the software versions.

    That is the name, every field of its settings (``settings`` defaults to the registered
    ones), the seed, the data source, the device, the thread count and the results schema. A
    shipped reference result is loaded when its key equals this.
    """
    settings = get(name).settings if settings is None else settings
    return _hash(_config(name, settings, seed=seed, source=source, device=device,
                         threads=threads))


def cache_key(name: str, *, settings: Any = None, seed: int = 0, source: str = "sample",
              device: str = DEVICE, threads: int | None = THREADS) -> str:
    """:func:`config_key` plus the torch and regviz versions: the key of the user's cache."""
    from regviz import __version__

    base = config_key(name, settings=settings, seed=seed, source=source, device=device,
                      threads=threads)
    return _hash({"config": base, "torch": torch_version(), "regviz": __version__})


def _cache_path(name: str, key: str) -> Path:
    return cache_dir() / "runs" / f"{name}-{key}.json"


def reference_path(name: str) -> Path:
    """Where the shipped reference result of ``name`` lives."""
    return REFERENCE_DIR / f"{name}.json"


def _read(path: Path, name: str) -> Result | None:
    """The result stored at ``path``; None (with a warning) when it is corrupt."""
    try:
        result = Result.from_dict(json.loads(path.read_text()))
        if result.name != name:
            raise ValueError(f"it holds {result.name!r}")
        return result
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        warnings.warn(f"result file {path} is corrupt ({exc}); recomputing", RuntimeWarning,
                      stacklevel=3)
        return None


def load_reference(name: str, *, key: str | None = None) -> Result | None:
    """The shipped reference result of ``name``; None when absent or its key is not ``key``."""
    path = reference_path(name)
    if not path.exists():
        return None
    result = _read(path, name)
    if result is None or (key is not None and result.key != key):
        return None
    return result


def _provenance(spec: Reproduction, device: str, threads: int | None) -> Provenance:
    from regviz import __version__

    return Provenance(
        torch_version=torch_version() if spec.torch else None, device=str(device),
        threads=threads, date=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        regviz_version=__version__, python_version=platform.python_version())


def run(name: str, *, settings: Any = None, seed: int = 0, source: str = "sample",
        device: str = DEVICE, threads: int | None = THREADS, progress: bool = False) -> Result:
    """Train reproduction ``name`` now (no cache), with ``settings`` or its registered ones."""
    spec = get(name)
    settings = spec.settings if settings is None else settings
    data = _resolve(spec.data)(source, settings) if spec.data is not None else None
    outcome = _resolve(spec.runner)(settings, data, seed=seed, progress=progress,
                                    device=device, threads=threads)
    config = {**settings_dict(settings), **outcome.facts, "seed": seed, "device": str(device),
              "threads": threads}
    if data is not None and hasattr(data, "describe"):
        config["data"] = data.describe()
    result = Result(name=name, source=source, config=config, rows=list(outcome.rows),
                    claims=list(outcome.claims), provenance=_provenance(spec, device, threads),
                    key=config_key(name, settings=settings, seed=seed, source=source,
                                   device=device, threads=threads))
    return _judged(result, spec, settings)


def _judged(result: Result, spec: Reproduction, settings: Any) -> Result:
    """``result`` with its claims judged by the reproduction's ``claims`` function (if any)."""
    if spec.claims is not None:
        result.claims = list(_resolve(spec.claims)(result.rows, settings))
    return result


def reproduce(
    name: str,
    *,
    seed: int = 0,
    source: str = "sample",
    cache: bool = True,
    retrain: bool = False,
    reference: bool = True,
    device: str = DEVICE,
    threads: int | None = THREADS,
    settings: Any = None,
    progress: bool = False,
) -> Result:
    """The reproduction ``name``: shipped, cached, or trained now.

    Parameters
    ----------
    name : str
        One of :func:`names`.
    seed : int
        Seed of initialization, shuffling and dropout.
    source : {"sample", "mnist"}
        Data source (see :mod:`regviz.data`).
    cache : bool
        Read / write the result under ``cache_dir()/runs`` (a corrupt file is recomputed with
        a warning).
    retrain : bool
        Train even when a cached or shipped result matches (the result is still cached).
    reference : bool
        Use the shipped reference result when its configuration matches.
    device : str
        Where to train: ``"cpu"`` by default, so the numbers are the same on every machine;
        ``"cuda"`` to use a GPU (a different key: it does not load the CPU results).
    threads : int or None
        ``torch.set_num_threads`` while training (None: torch's default, whatever the machine
        gives; part of the key).
    settings : dataclass, optional
        Other settings than the registered ones (a different key).

    Returns
    -------
    Result
    """
    spec = get(name)
    settings = spec.settings if settings is None else settings
    kw = {"settings": settings, "seed": seed, "source": source, "device": device,
          "threads": threads}
    path = _cache_path(name, cache_key(name, **kw))
    if not retrain:
        if cache and path.exists():
            result = _read(path, name)
            if result is not None:
                return _judged(result, spec, settings)
        if reference:
            result = load_reference(name, key=config_key(name, **kw))
            if result is not None:
                return _judged(result, spec, settings)
    result = run(name, progress=progress, **kw)
    if cache:
        atomic_write_bytes(path, json.dumps(result.to_dict()).encode())
    return result


def write_reference(result: Result, *, folder: Path | None = None) -> Path:
    """Store ``result`` as the shipped reference of its reproduction (for ``reproduce``)."""
    path = (Path(folder) if folder is not None else REFERENCE_DIR) / f"{result.name}.json"
    atomic_write_bytes(path, (json.dumps(result.to_dict(), indent=None) + "\n").encode())
    return path
