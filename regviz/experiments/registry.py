"""The registry of reproductions, their keys, the cache and the shipped reference results.

A reproduction is a :class:`Reproduction`: a name, its settings (a frozen dataclass: its whole
configuration, in one place), the data it trains on, a runner ``"module:function"``, its row
type, how many networks it trains and whether a reference result ships. Each module of the
:mod:`regviz.experiments` package declares its reproductions in a module-level tuple
``REPRODUCTIONS``; the registry imports every module of the package (once, on first use) and
registers them, in module name order and then tuple order (``Reproduction.order`` puts a
reproduction earlier). So adding a reproduction is one new module::

    REPRODUCTIONS = (Reproduction("my-run", MySettings(), runner=f"{__name__}:run"),)

Modules of the package must not import torch at import time: the runner's module is imported
only when the reproduction runs, so listing the reproductions (or loading a stored result) never
imports torch. :func:`register` adds one by hand (tests, or runners outside the package).

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

import contextvars
import dataclasses
import datetime as _dt
import hashlib
import importlib
import json
import math
import pkgutil
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
    row_type : type
        Its rows' class: :class:`Row` or a dataclass subclass with the reproduction's own
        columns as fields (stored results are decoded with it).
    networks : int or callable
        How many networks a run trains (every one, also those trained outside
        :func:`regviz.training.fit`), or a function ``settings -> int``; 0 when it trains none.
    reference : bool
        Whether a reference result ships in the package (``reference/NAME.json``).
    order : float
        Where it is listed: lower first; equal orders keep module name order, then the order
        of the module's ``REPRODUCTIONS``.
    """

    name: str
    settings: Any
    runner: str | Callable
    data: str | Callable | None = None
    claims: str | Callable | None = None
    description: str = ""
    torch: bool = True
    row_type: type[Row] = Row
    networks: int | Callable[[Any], int] = 0
    reference: bool = False
    order: float = math.inf


_REGISTRY: dict[str, Reproduction] = {}
#: The package whose modules declare ``REPRODUCTIONS``.
PACKAGE = "regviz.experiments"
_discovered = False
_DISCOVERED: set[str] = set()


def _check(spec: Reproduction) -> Reproduction:
    if not isinstance(spec, Reproduction):
        raise ValueError(f"REPRODUCTIONS must hold Reproduction objects, got {spec!r}")
    if not (dataclasses.is_dataclass(spec.settings) and not isinstance(spec.settings, type)
            or isinstance(spec.settings, dict)):
        raise ValueError(f"settings of {spec.name!r} must be a dataclass instance or a dict, "
                         f"got {type(spec.settings).__name__}")
    if not (isinstance(spec.row_type, type) and issubclass(spec.row_type, Row)
            and dataclasses.is_dataclass(spec.row_type)):
        raise ValueError(f"row_type of {spec.name!r} must be a dataclass subclass of Row, got "
                         f"{spec.row_type!r}")
    if not (callable(spec.networks) or isinstance(spec.networks, int) and spec.networks >= 0):
        raise ValueError(f"networks of {spec.name!r} must be an int >= 0 or a function of the "
                         f"settings, got {spec.networks!r}")
    return spec


def discover(*, refresh: bool = False) -> tuple[Reproduction, ...]:
    """Import every module of :data:`PACKAGE` and register its ``REPRODUCTIONS``.

    Done once, on first use of the registry (``refresh=True`` does it again, keeping what
    :func:`register` added by hand). Modules whose name starts with ``_`` are skipped.

    Returns
    -------
    tuple of Reproduction
        The discovered reproductions, in registration order.

    Raises
    ------
    ValueError
        If two modules declare the same name, or a declaration is malformed.
    """
    global _discovered
    if _discovered and not refresh:
        return tuple(s for s in _REGISTRY.values() if s.name in _DISCOVERED)
    package = importlib.import_module(PACKAGE)
    found: list[tuple[float, str, int, Reproduction]] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{PACKAGE}.{info.name}")
        for k, spec in enumerate(getattr(module, "REPRODUCTIONS", ())):
            found.append((_check(spec).order, info.name, k, spec))
    found.sort(key=lambda t: t[:3])
    seen: dict[str, str] = {}
    for _, module, _, spec in found:
        if spec.name in seen:
            raise ValueError(f"reproduction {spec.name!r} is declared by both {seen[spec.name]} "
                             f"and {module}")
        seen[spec.name] = module
    by_hand = {n: s for n, s in _REGISTRY.items() if n not in _DISCOVERED}
    _REGISTRY.clear()
    _DISCOVERED.clear()
    for _, _, _, spec in found:
        _REGISTRY[spec.name] = spec
        _DISCOVERED.add(spec.name)
    _REGISTRY.update({n: s for n, s in by_hand.items() if n not in _REGISTRY})
    _discovered = True
    return tuple(spec for *_, spec in found)



def _registry() -> dict[str, Reproduction]:
    if not _discovered:
        discover()
    return _REGISTRY


def register(spec: Reproduction) -> Reproduction:
    """Add ``spec`` to the registry (replacing one of the same name) and return it.

    For reproductions outside :mod:`regviz.experiments` (tests, a user's own runs); those of
    the package are found by :func:`discover`.

    Raises
    ------
    ValueError
        If its settings are neither a dataclass instance nor a JSON-ready dict, or its
        ``row_type`` / ``networks`` are malformed.
    """
    _registry()[spec.name] = _check(spec)
    return spec


def unregister(name: str) -> None:
    """Remove ``name`` from the registry (a no-op when absent)."""
    _registry().pop(name, None)
    _DISCOVERED.discard(name)


#: Called after each network a runner trains (set by :func:`run` for its caller).
_ON_NETWORK: contextvars.ContextVar[Callable[[], Any] | None] = contextvars.ContextVar(
    "on_network", default=None)


def network_trained() -> None:
    """Runners call this once after each network they train (a progress bar counts them).

    The caller of :func:`reproduce` / :func:`run` passes ``on_network``; the count is checked
    against :attr:`Reproduction.networks` in the tests.
    """
    callback = _ON_NETWORK.get()
    if callback is not None:
        callback()


def names() -> tuple[str, ...]:
    """The registered reproductions, in registration order."""
    return tuple(_registry())


def shipped() -> tuple[str, ...]:
    """The reproductions whose reference result ships in the package (``reference=True``)."""
    return tuple(n for n, s in _registry().items() if s.reference)


def networks_of(name: str, settings: Any = None) -> int:
    """How many networks reproduction ``name`` trains with ``settings`` (default: its own)."""
    spec = get(name)
    n = spec.networks
    return int(n(spec.settings if settings is None else settings) if callable(n) else n)


def row_type_of(name: str) -> type[Row]:
    """The row type of reproduction ``name``; :class:`Row` for a name not registered."""
    spec = _registry().get(name)
    return Row if spec is None else spec.row_type


def get(name: str) -> Reproduction:
    """The registered reproduction ``name``.

    Raises
    ------
    ValueError
        If ``name`` is not registered.
    """
    reg = _registry()
    if name not in reg:
        raise ValueError(f"name must be one of {names()}, got {name!r}")
    return reg[name]


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
        threads=threads, date=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        regviz_version=__version__, python_version=platform.python_version())


def run(name: str, *, settings: Any = None, seed: int = 0, source: str = "sample",
        device: str = DEVICE, threads: int | None = THREADS, progress: bool = False,
        on_network: Callable[[], Any] | None = None) -> Result:
    """Train reproduction ``name`` now (no cache), with ``settings`` or its registered ones.

    ``on_network()`` is called after each network trained (see :func:`network_trained`).
    """
    spec = get(name)
    settings = spec.settings if settings is None else settings
    data = _resolve(spec.data)(source, settings) if spec.data is not None else None
    token = _ON_NETWORK.set(on_network)
    try:
        outcome = _resolve(spec.runner)(settings, data, seed=seed, progress=progress,
                                        device=device, threads=threads)
    finally:
        _ON_NETWORK.reset(token)
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
    on_network: Callable[[], Any] | None = None,
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
    progress : bool
        Show progress bars while training.
    on_network : callable, optional
        Called after each network trained (:func:`networks_of` says how many there will be).

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
    result = run(name, progress=progress, on_network=on_network, **kw)
    if cache:
        atomic_write_bytes(path, json.dumps(result.to_dict()).encode())
    return result


def is_stored(name: str, *, seed: int = 0, source: str = "sample", device: str = DEVICE,
              threads: int | None = THREADS) -> bool:
    """Whether :func:`reproduce` finds ``name`` in the cache or the shipped references."""
    kw = {"seed": seed, "source": source, "device": device, "threads": threads}
    if _cache_path(name, cache_key(name, **kw)).exists():
        return True
    return load_reference(name, key=config_key(name, **kw)) is not None


def write_reference(result: Result, *, folder: Path | None = None) -> Path:
    """Store ``result`` as the shipped reference of its reproduction (for ``reproduce``)."""
    path = (Path(folder) if folder is not None else REFERENCE_DIR) / f"{result.name}.json"
    atomic_write_bytes(path, (json.dumps(result.to_dict(), indent=None) + "\n").encode())
    return path
