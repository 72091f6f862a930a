"""axe-core through Playwright: WCAG 2.1 A and AA violations of a page or of parts of it.

axe-core is the pinned release from the npm registry (``TEST_ASSETS`` in
tools/build_notebooks.py, fetched with ``npm pack`` once into ``$REGVIZ_CACHE/npm``, checked
against its sha512), as the slides' reveal.js is; it is injected into the page under test.
"""

from __future__ import annotations

import importlib.util
import tarfile
from functools import cache

from browser import REPORT, ROOT

#: The rule sets of WCAG 2.0 and 2.1, levels A and AA (axe-core's tags).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def _build_tool():
    spec = importlib.util.spec_from_file_location("build_notebooks",
                                                  ROOT / "tools" / "build_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def axe_source() -> str:
    """The source of axe.min.js at the pinned version (npm pack on first use)."""
    tarball = _build_tool().fetch_asset("axe-core")
    with tarfile.open(tarball) as tar:
        return tar.extractfile("package/axe.min.js").read().decode()


def axe_version() -> str:
    return _build_tool().TEST_ASSETS["axe-core"][0]


RUN_JS = """
async ([include, tags]) => {
  const nodes = include ? [...document.querySelectorAll(include)] : null;
  if (nodes && nodes.length === 0) return [];
  const context = nodes ? {include: nodes} : document;
  const result = await axe.run(context, {runOnly: {type: 'tag', values: tags},
                                         resultTypes: ['violations'], elementRef: true});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary,
                              ipywidgetsSlider: Boolean(n.element &&
                                                        n.element.closest('.widget-slider'))}))
  }));
}
"""

#: Every <img> in scope: its alt text and what it shows (src, cut), to check length and reuse.
IMAGES_JS = """
(include) => [...document.querySelectorAll((include || 'body') + ' img')]
  .filter(img => img.getBoundingClientRect().width > 0 || img.closest('.reveal'))
  .map(img => ({alt: img.getAttribute('alt'), src: (img.getAttribute('src') || '').slice(-4000)}))
"""


def violations(page, include: str | None = None) -> list[dict]:
    """axe's WCAG 2.1 A/AA violations of PAGE (or of the elements matching INCLUDE)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    return page.evaluate(RUN_JS, [include, WCAG_TAGS])


#: Violations that are ipywidgets' and not regviz's to fix: its slider handle (noUiSlider) gets
#: role="slider" without a name (ipywidgets does not pass the description to noUiSlider's
#: handleAttributes). Counted and reported, not failed; README's accessibility statement names
#: it, and the panels' live description says what the slider set.
THIRD_PARTY = {"aria-input-field-name"}
#: How the summary names the third-party barriers.
THIRD_PARTY_NAMES = {"aria-input-field-name": "ipywidgets slider handles without a name"}


def _ipywidgets_barrier(rule: str, node: dict) -> bool:
    return rule in THIRD_PARTY and bool(node.get("ipywidgetsSlider"))


def split_third_party(found: list[dict]) -> tuple[list[dict], list[dict]]:
    """(regviz's violations, ipywidgets' known slider-handle ones) of an axe result."""
    ours, theirs = [], []
    for v in found:
        known = [n for n in v["nodes"] if _ipywidgets_barrier(v["id"], n)]
        other = [n for n in v["nodes"] if n not in known]
        if other:
            ours.append({**v, "nodes": other})
        if known:
            theirs.append({**v, "nodes": known})
    return ours, theirs


def alt_problems(page, include: str | None = None) -> list[str]:
    """Images in scope whose alt text is shorter than four words, or shared by two images that
    show different things."""
    problems, seen = [], {}
    for image in page.evaluate(IMAGES_JS, include):
        alt = " ".join((image["alt"] or "").split())
        if len(alt.split()) < 4:
            problems.append(f"alt text of fewer than four words: {alt!r}")
        elif alt in seen and seen[alt] != image["src"]:
            problems.append(f"two different figures share the alt text {alt[:100]!r}")
        seen.setdefault(alt, image["src"])
    return problems


def describe(found: list[dict]) -> str:
    """Violations as lines a person can act on."""
    lines = []
    for v in found:
        targets = "; ".join(n["target"] for n in v["nodes"][:4])
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']} "
                     f"-- {targets}")
    return "\n".join(lines)


def count(found: list[dict]) -> int:
    """How many elements violate a rule, over all rules."""
    return sum(len(v["nodes"]) for v in found)


def _write_summary(write) -> None:
    write(f"axe-core {axe_version()}, WCAG 2.1 A + AA rules; elements in violation:")
    for name, r in sorted(REPORT.of("axe").items()):
        known = ", ".join(f"{THIRD_PARTY_NAMES.get(rule, rule)} {n}"
                          for rule, n in sorted(r.get("third_party", {}).items()))
        write(f"  {name:48s} {r['violations']:4d}  ({r['where']})"
              + (f"; third-party, counted: {known}" if known else ""))
    for name, r in sorted(REPORT.of("slides").items()):
        write(f"  deck {name:43s} {r['slides']:3d} slides, tallest {r['tallest']} px of "
              f"{r['max_height']}, widest {r['widest']} px of {r['max_width']}, "
              f"{r['notes']} speaker notes")


REPORT.section("axe", "accessibility: axe-core violations and slide sizes", _write_summary)
