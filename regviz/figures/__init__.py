r"""Every lecture figure, drawn in the lecture style and written as PDF / PNG / SVG.

``python -m regviz figures --out DIR`` loops over :data:`FIGURES`, a registry with one small
function per figure. Each function receives an empty :class:`matplotlib.figure.Figure` (fixed
size, constrained layout, lecture rcParams) and composes it from the plot functions of
:mod:`regviz.plots` and the compute functions of the modules that own the math; it computes
nothing itself. Adding a figure is one decorated function in the recipe module of its
notebook (``nbNN.py`` for notebook NN; the registry itself is :mod:`._registry`)::

    @register("name", "Caption, one or two sentences.", figsize=(8, 5), notebook="02_lp_balls")
    def _name(fig, results):
        plot_something(..., ax=fig.subplots())

Figures listed with ``requires=`` need reproductions of :mod:`regviz.experiments` (shipped,
cached, or trained on first use); they are handed in through ``results`` by name, as
:class:`~regviz.experiments.Result`. Everything is seeded and the
files carry no timestamps, so two runs write identical files.

The figures are :class:`~matplotlib.figure.Figure` objects, never pyplot's global figures, so
nothing stays open after the command.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..experiments.results import Result
from ..style import style_context

# the recipes register their figures on import, grouped by notebook (module nbNN: notebook NN)
from . import nb00, nb01_05, nb06, nb07, nb09, nb10, nb11, nb12_13  # noqa: E402, F401
from ._registry import (  # noqa: E402
    _METADATA,
    _SAVE_RC,
    DEFAULT_FORMATS,
    DPI,
    FIGURES,
    FORMATS,
    MNIST_RUNS,
    PRACTICE_RUNS,
    LectureFigure,
    register,
)

__all__ = [
    "FORMATS",
    "DEFAULT_FORMATS",
    "DPI",
    "MNIST_RUNS",
    "PRACTICE_RUNS",
    "LectureFigure",
    "FIGURES",
    "register",
    "parse_formats",
    "parse_names",
    "select",
    "build",
    "load_results",
    "write_figures",
]


# --------------------------------------------------------------------------------------------
# The command


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    """``"pdf,png"`` (or a list) as a tuple of formats, each one of :data:`FORMATS`.

    Raises
    ------
    ValueError
        If a format is not one of :data:`FORMATS` or the list is empty.
    """
    items = text.split(",") if isinstance(text, str) else list(text)
    formats = tuple(dict.fromkeys(s.strip().lower() for s in items if s.strip()))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ValueError(
            f"format must be a comma-separated list of {', '.join(FORMATS)}, got {text!r}"
        )
    return formats


def parse_names(text: str | Iterable[str]) -> tuple[str, ...]:
    """``"a,b"`` (or a list) as a tuple of registered figure names.

    Raises
    ------
    ValueError
        If a name is not in :data:`FIGURES` or the list is empty.
    """
    items = text.split(",") if isinstance(text, str) else list(text)
    names = tuple(dict.fromkeys(s.strip() for s in items if s.strip()))
    bad = [n for n in names if n not in FIGURES]
    if bad or not names:
        unknown = ", ".join(bad) or repr(text)
        raise ValueError(f"only must name figures among {', '.join(FIGURES)}; unknown: {unknown}")
    return names


def select(
    only: Sequence[str] | None = None, *, mnist: bool = True
) -> tuple[list[LectureFigure], list[LectureFigure]]:
    """The figures to draw, in registry order, and those skipped because ``mnist`` is False.

    Raises
    ------
    ValueError
        If ``only`` names an unknown figure.
    """
    names = parse_names(only) if only is not None else tuple(FIGURES)
    chosen = [FIGURES[n] for n in FIGURES if n in names]
    return [f for f in chosen if mnist or not f.mnist], [f for f in chosen if f.mnist and not mnist]


# -- first use: how many networks, and a progress bar while they train -----------------------
def is_cached(name: str) -> bool:
    """Whether :func:`regviz.experiments.reproduce` loads ``name`` without training."""
    from .. import experiments as ex

    return ex.is_stored(name)


def training_plan(names: Iterable[str]) -> tuple[list[str], int]:
    """The reproductions among ``names`` that are not cached, and how many networks they train
    (as each declares: :func:`regviz.experiments.networks_of`).
    """  # noqa: D205
    from ..experiments import networks_of

    todo = [n for n in dict.fromkeys(names) if not is_cached(n)]
    return todo, sum(networks_of(n) for n in todo)


def load_results(names: Iterable[str], *, progress: bool = True) -> dict[str, Result]:
    """The reproductions by name, via :func:`regviz.experiments.reproduce`.

    The shipped reference results load without training (and without torch) when their
    configuration matches; otherwise the first call trains (minutes on a CPU) while a progress
    bar (tqdm, on stderr) counts the networks, as the runners report them, against
    :func:`training_plan`'s total.
    """
    from ..experiments import reproduce

    names = list(dict.fromkeys(names))
    _, total = training_plan(names)
    if not total or not progress:
        return {name: reproduce(name) for name in names}
    from tqdm.auto import tqdm

    with tqdm(total=total, desc="training", unit="network", file=sys.stderr) as bar:
        return {name: reproduce(name, on_network=lambda: bar.update(1)) for name in names}


def build(spec: LectureFigure, results: Mapping[str, Result] | None = None) -> Figure:
    """Draw one registry entry into a new lecture-style Figure (not registered with pyplot)."""
    results = results or {}
    missing = [n for n in spec.requires if n not in results]
    if missing:
        raise ValueError(f"figure {spec.name!r} needs the results {missing}; got {list(results)}")
    with style_context("lecture"):
        fig = Figure(figsize=spec.figsize, dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)  # a canvas of its own: drawable, and unknown to pyplot
        spec.draw(fig, results)
        fig.canvas.draw()  # lay out while the lecture rcParams are active
    return fig


def save(fig: Figure, path: Path, fmt: str) -> None:
    """Save ``fig`` at its own size (no tight bbox) without timestamps."""
    with style_context("lecture"), mpl.rc_context(_SAVE_RC):
        fig.savefig(path, format=fmt, dpi=DPI, metadata=_METADATA[fmt])


def _markdown_index(manifest: dict) -> str:
    lines = ["# regviz lecture figures", ""]
    if manifest["skipped"]:
        lines += [f"Skipped (MNIST, `--no-mnist`): {', '.join(manifest['skipped'])}.", ""]
    for entry in manifest["figures"]:
        files = entry["files"]
        links = " · ".join(f"[{fmt.upper()}]({files[fmt]})" for fmt in files)
        lines += [f"## {entry['name']}", "", entry["caption"], ""]
        if "png" in files:
            lines += [f"![{entry['name']}]({files['png']})", ""]
        lines += [links + (f" (notebook `{entry['notebook']}`)" if entry["notebook"] else ""), ""]
    return "\n".join(lines)


def write_figures(
    out: str | Path,
    *,
    formats: str | Sequence[str] = DEFAULT_FORMATS,
    only: Sequence[str] | None = None,
    mnist: bool = True,
    results: Mapping[str, Result] | None = None,
    log: Callable[[str], Any] = print,
) -> dict:
    """Write the selected figures in each format, ``manifest.json`` and ``index.md`` to ``out``.

    Parameters
    ----------
    out : str or Path
        Output folder, created if needed.
    formats : str or sequence of str
        Subset of :data:`FORMATS`, e.g. ``"pdf,png"``.
    only : sequence of str, optional
        Names of the figures to write (default: all).
    mnist : bool
        Draw the figures that need the MNIST reproductions (cached; trained on first use).
    results : mapping, optional
        Reproduction dicts by name, used instead of :func:`load_results` (e.g. in tests).
    log : callable
        Receives one line per figure written, plus a few lines of summary.

    Returns
    -------
    dict
        The manifest: ``figures`` (``name``, ``caption``, ``notebook``, ``files`` by format,
        ``png_size``), ``formats``, ``dpi``, ``style``, ``skipped``.
    """
    fmts = parse_formats(formats)
    specs, skipped = select(only, mnist=mnist)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if skipped:
        log(f"skipping {len(skipped)} MNIST figures (--no-mnist): "
            + ", ".join(s.name for s in skipped))
    needed = [n for s in specs for n in s.requires]
    res = dict(results or {})
    todo = [n for n in dict.fromkeys(needed) if n not in res]
    if todo:
        from ..data import cache_dir

        untrained, networks = training_plan(todo)
        stored = [n for n in todo if n not in untrained]
        if stored:  # what happens, said as it happens: nothing trains for these
            log(f"loading reproductions {', '.join(stored)} (the reference results shipped with "
                f"regviz, or the cache in {cache_dir() / 'runs'}: nothing to train)")
        if networks:
            log(f"first use: training {networks} networks for {', '.join(untrained)} (minutes "
                f"on a laptop CPU; a progress bar follows); --no-mnist skips them")
        res.update(load_results(todo))
    entries = []
    for spec in specs:
        fig = build(spec, res)
        try:
            files = {}
            for fmt in fmts:
                path = out / f"{spec.name}.{fmt}"
                save(fig, path, fmt)
                files[fmt] = path.name
        finally:
            fig.clear()
        entries.append({"name": spec.name, "caption": spec.caption, "notebook": spec.notebook,
                        "files": files, "png_size": list(spec.png_size)})
        log(f"{spec.name}: {', '.join(files.values())}")
    manifest = {
        "style": "lecture",
        "dpi": DPI,
        "formats": list(fmts),
        "figures": entries,
        "skipped": [s.name for s in skipped],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    (out / "index.md").write_text(_markdown_index(manifest))
    log(f"{len(entries)} figures in {out}; captions in {out / 'manifest.json'} and "
        f"{out / 'index.md'}")
    return manifest
