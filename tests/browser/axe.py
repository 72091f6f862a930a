"""axe-core through Playwright: WCAG 2.1 A and AA violations of a page or of parts of it.

axe-core is the pinned release from the npm registry (``TEST_ASSETS`` in
tools/build_notebooks.py, fetched with ``npm pack`` once into ``$REGVIZ_CACHE/npm``, checked
against its sha512), as the slides' reveal.js is; it is injected into the page under test.
"""

from __future__ import annotations

import importlib.util
import tarfile
from functools import cache

from browser import ROOT

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
  const context = include ? {include: [...document.querySelectorAll(include)].map(e => [e])}
                          : document;
  if (include && context.include.length === 0) return [];
  const result = await axe.run(context, {runOnly: {type: 'tag', values: tags},
                                         resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
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
