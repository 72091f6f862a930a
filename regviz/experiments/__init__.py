"""Named reproductions of the sources' experiments: typed results, claims, cache, references.

``reproduce(name)`` returns a :class:`Result`: the configuration, one :class:`Row` per training
run, the source's :class:`Claim` list (each number or statement, ours next to it, and whether
it is reproduced within a stated tolerance) and the :class:`Provenance` of the numbers. The
reference results ship with the package and load in milliseconds when the configuration
matches; ``reproduce(name, retrain=True)`` (``--no-cache`` on the command line) trains.

Each module of this package declares its reproductions in a ``REPRODUCTIONS`` tuple
(:mod:`.mnist`, :mod:`.sqrt`, :mod:`.linear`...); :mod:`regviz.experiments.registry` finds
them. Runners import torch only when they run.
"""

from __future__ import annotations

from .mnist import (
    FLEURET,
    FORUM,
    LECTURE_L1,
    LECTURE_L2,
    FleuretSettings,
    ForumSettings,
    gap_to_range,
)
from .optimizers import AdamSettings, WeightDecaySettings
from .registry import (
    DEVICE,
    RESULTS_SCHEMA,
    THREADS,
    Outcome,
    Reproduction,
    cache_key,
    config_key,
    discover,
    get,
    is_stored,
    load_reference,
    names,
    networks_of,
    register,
    reproduce,
    shipped,
    unregister,
    write_reference,
)
from .results import Claim, History, Provenance, Result, Row
from .sqrt import SqrtSettings

__all__ = [
    "AdamSettings", "FleuretSettings", "ForumSettings", "SqrtSettings", "WeightDecaySettings",
    "DEVICE", "FLEURET", "FORUM", "LECTURE_L1", "LECTURE_L2", "NAMES", "RESULTS_SCHEMA",
    "THREADS", "Claim", "History", "Outcome", "Provenance", "Reproduction", "Result", "Row",
    "cache_key", "claims_markdown", "claims_summary", "config_key", "discover",
    "gap_to_range", "get", "is_stored", "load_reference", "names", "networks_of", "register",
    "reproduce", "shipped", "unregister",
    "show_claims", "table_rows",
    "to_latex", "to_markdown", "write_reference",
]

def __getattr__(name: str):
    # NAMES follows the registry, also for reproductions registered by other modules
    if name == "NAMES":
        return names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------------------------
# Output: rows and claims as tables


def table_rows(result: Result, *, per_seed: bool = False) -> list[dict]:
    """The JSON rows without the bulky per-epoch history (for printing and ``--json``).

    The per-seed lists (``*_seeds``) are kept only with ``per_seed=True``: a table shows their
    min and max instead.
    """
    skip = {"per_layer_shrink", "cv_curve"}
    rows = [r.to_dict(history=False) for r in result.rows]
    return [{k: v for k, v in r.items()
             if k not in skip and (per_seed or not k.endswith("_seeds"))} for r in rows]


def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "**no**"
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, list | tuple):
        return ", ".join(_fmt(x) for x in v)
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_fmt(x)}" for k, x in v.items())
    return str(v).replace("|", "\\|")


def claims_summary(result: Result) -> str:
    """One line per source: how many of its claims are reproduced, and which are not."""
    lines = []
    for source, (ok, n) in result.by_source().items():
        missed = [c.claim for c in result.claims if c.source == source and not c.reproduced]
        tail = f"; not: {'; '.join(missed)}" if missed else ""
        lines.append(f"{source}: {ok} of {n} claims reproduced{tail}")
    return "\n".join(lines)


def claims_markdown(result: Result) -> str:
    """The claims as a Markdown table; a claim we do not reproduce is marked **no**."""
    lines = ["| source | claim | source value | ours | reproduced | tolerance | note |",
             "|---|---|---|---|---|---|---|"]
    for c in result.claims:
        lines.append("| " + " | ".join(_fmt(v) for v in (
            c.source, c.claim, c.source_value, c.ours, c.reproduced, c.tolerance,
            c.note or "")) + " |")
    summary = claims_summary(result).replace("\n", "; ")
    return "\n".join([f"Claims: {summary}", "", *lines])


def show_claims(result: Result) -> None:
    """Display the claims table of ``result`` in a notebook (plain text elsewhere)."""
    text = claims_markdown(result)
    try:
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover
        print(text)
        return
    display(Markdown(text))


def _provenance_line(result: Result) -> str:
    p = result.provenance
    if p is None:
        return ""
    return (f"_Trained {p.date} with torch {p.torch_version} on {p.device}, {p.threads} "
            f"threads (regviz {p.regviz_version})._")


def to_markdown(result: Result, *, claims: bool = True) -> str:
    """Markdown table of a reproduction's rows, then (``claims=True``) its claims.

    Column headings are the row fields with spaces for underscores (``test error``), so a
    heading can wrap and a wide table still fits a notebook's column.
    """
    rows = table_rows(result)
    keys = list(dict.fromkeys(k for r in rows for k in r))
    lines = [f"**{result.name}** ({result.config.get('data', result.source)})", ""]
    lines.append("| " + " | ".join(k.replace("_", " ") for k in keys) + " |")
    lines.append("|" + "---|" * len(keys))
    for r in rows:
        lines.append("| " + " | ".join(_fmt(r.get(k)) for k in keys) + " |")
    if claims and result.claims:
        lines += ["", claims_markdown(result)]
    prov = _provenance_line(result)
    if prov:
        lines += ["", prov]
    return "\n".join(lines)


#: The columns a slide shows, in this order, with their headings (the others stay in --json).
LATEX_COLUMNS = {"method": "method", "lambda": r"$\lambda$", "train_error": "train error",
                 "test_error": "test error", "zero_fraction": "zeros", "final_loss": "final loss",
                 "diverged_at_epoch": "diverged at"}


def to_latex(result: Result, *, columns: tuple[str, ...] | None = None) -> str:
    r"""A slide-ready booktabs table of a reproduction's rows, the claims summary as caption.

    Only the :data:`LATEX_COLUMNS` (or ``columns``) that the rows fill; numbers to three
    significant digits (``$2.78\times10^{-17}$``, not ``2.776e-17``); ``\lambda`` in math;
    text escaped for LaTeX. A ``table`` that needs ``booktabs`` (and ``graphicx``, which
    beamer loads) and fits the frame's width (scaled down only when wider).
    """
    import math
    import re

    rows = table_rows(result)
    keys = [k for k in (columns or LATEX_COLUMNS) if any(r.get(k) is not None for r in rows)]
    special = {"\\": r"\textbackslash{}", "~": r"\~{}", "^": r"\^{}"}

    def tex(s: object) -> str:
        return re.sub(r"([\\&%$#_{}~^])", lambda m: special.get(m.group(1), "\\" + m.group(1)),
                      str(s))

    def cell(v: object) -> str:
        if v is None:
            return "--"
        if isinstance(v, bool) or not isinstance(v, int | float):
            return tex(_fmt(v).replace("**", ""))
        if v == 0 or not math.isfinite(v):
            return "0" if v == 0 else tex(v)
        exponent = math.floor(math.log10(abs(v)))
        if -3 <= exponent < 4:
            return f"{v:.3g}"
        mantissa = float(f"{v / 10**exponent:.3g}")
        return "$" + ("" if mantissa == 1 else f"{mantissa:g}\\times") + f"10^{{{exponent}}}$"

    spec = "".join("l" if k == "method" else "r" for k in keys)
    head = " & ".join(LATEX_COLUMNS.get(k, tex(k.replace("_", " "))) for k in keys)
    caption = tex(claims_summary(result).replace("\n", "; ")) or "no claims"
    out = [r"\begin{table}", r"\centering\small",
           r"\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{%",
           rf"\begin{{tabular}}{{{spec}}}", r"\toprule", head + r" \\", r"\midrule"]
    out += [" & ".join(cell(r.get(k)) for k in keys) + r" \\" for r in rows]
    out += [r"\bottomrule", r"\end{tabular}}", rf"\caption{{{tex(result.name)}: {caption}}}",
            r"\end{table}"]
    return "\n".join(out)
