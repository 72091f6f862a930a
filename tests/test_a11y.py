"""Accessibility of what regviz produces (issue 23): the ``make html`` pages and the slide decks.

One build (``tools/build_notebooks.py html+slides``) of the notebooks this run selects
(``-k 01_`` builds one) into a scratch folder, from the notebooks tests/test_lookups.py executed
earlier in the same run where present (tests/executed_notebooks.py), else executing each once;
then, in the harness's Chromium with every request off 127.0.0.1 blocked:

- each page and each deck: zero axe-core violations of WCAG 2.1 A and AA (axe-core pinned from
  the npm registry, tests/browser/axe.py), every image with an alt text of at least four words,
  no two different figures sharing one;
- each page: one ``h1``, no heading level skipped, a ``main`` landmark, every formula typeset
  with its assistive MathML (what a screen reader reads);
- each deck: no slide's content taller or wider than the screen at 1280 x 720 and 1920 x 1080,
  and speaker notes.

The output areas of the notebooks in JupyterLab and in the JupyterLite site are checked by
tests/test_browser.py and tests/test_site.py while they run (JupyterLab's own interface is not
regviz's: those checks are scoped to the outputs). Counts go to the summary and to
``build/browser/report.json`` (kinds ``axe`` and ``slides``).
"""

from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from browser import HOST, REPORT, ROOT, notebook_names
from browser import axe as a11y

SIZES = [(1280, 720), (1920, 1080)]
NAMES = notebook_names()

#: Every slide of a deck (each vertical one too): its content's height and width against the
#: deck's configured size (reveal.js scales the configured slide to the screen).
MEASURE_JS = """
() => {
  const out = [], cfg = Reveal.getConfig();
  for (const h of Reveal.getHorizontalSlides()) {
    const vs = h.querySelectorAll(':scope > section');
    for (const s of (vs.length ? [...vs] : [h])) {
      const i = Reveal.getIndices(s);
      Reveal.slide(i.h, i.v || 0);
      out.push({slide: `${i.h + 1}.${(i.v || 0) + 1}`, height: s.scrollHeight,
                width: s.scrollWidth, max_height: cfg.height, max_width: cfg.width});
    }
  }
  Reveal.slide(0, 0);
  return out;
}
"""

#: The page's outline and what a screen reader gets of its math.
OUTLINE_JS = """
() => ({
  headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .map(h => [Number(h.tagName[1]), h.innerText.trim()]),
  main: document.querySelectorAll('main, [role=main]').length,
  math: document.querySelectorAll('mjx-container').length,
  spoken: document.querySelectorAll('mjx-container mjx-assistive-mml math').length,
  title: document.title,
})
"""


@pytest.fixture(scope="module")
def built(request, tmp_path_factory, chromium):
    """html pages and decks of the notebooks selected in this run (one execution each).

    Returns the build folder and, per notebook whose build failed, the build's message (one
    broken notebook fails its own tests, not the others').
    """
    selected = sorted({item.callspec.params["name"] for item in request.session.items
                       if item.module is request.module and hasattr(item, "callspec")})
    from executed_notebooks import folder as executed_folder

    out = tmp_path_factory.mktemp("a11y")
    failures: dict[str, str] = {}
    # the notebooks tests/test_lookups.py executed in this run's first pass, where present
    executed = executed_folder(request.config)

    def build(name: str) -> None:
        cmd = [sys.executable, str(ROOT / "tools" / "build_notebooks.py"), "html+slides",
               "--out", str(out / "html"), "--slides-out", str(out / "slides"),
               "--executed", str(executed), name]
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=3600)
        if result.returncode != 0:
            failures[name] = f"{' '.join(cmd)} failed:\n{result.stderr[-4000:]}"

    # the first build alone (it installs the shared assets/), then two at a time: a build is
    # one notebook's kernel, mostly on one core, and the browser pass of `make test` has the
    # machine to itself
    for name in selected[:1]:
        build(name)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(build, selected[1:]))
    return out, failures


@pytest.fixture(scope="module")
def offline(chromium):
    """A page factory in which every request off this machine is blocked and recorded."""
    blocked: list[str] = []
    contexts = []

    def open_page(width: int, height: int):
        context = chromium.new_context(viewport={"width": width, "height": height})
        contexts.append(context)

        def route(r):
            url = r.request.url
            if re.match(rf"^(file:|data:|blob:|about:|https?://{HOST}[:/])", url):
                r.continue_()
            else:
                blocked.append(url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(60_000)
        return page

    yield open_page, blocked
    for context in contexts:
        context.close()


def _typeset(page) -> None:
    page.wait_for_function(
        "document.documentElement.getAttribute('data-regviz-math') === 'typeset'",
        timeout=60_000)


@pytest.mark.parametrize("name", NAMES)
def test_html_page_is_accessible(name, built, offline, serve):
    built, failures = built
    assert name not in failures, failures.get(name)
    open_page, blocked = offline
    server = serve(built / "html")
    page = open_page(1280, 900)
    page.goto(server.url(f"{name}.html"))
    _typeset(page)
    found = a11y.violations(page)
    REPORT.add("axe", f"{name}.html", {"violations": a11y.count(found), "where": "make html"})
    assert not found, f"{name}.html: axe-core WCAG 2.1 A/AA violations:\n{a11y.describe(found)}"
    assert not a11y.alt_problems(page), a11y.alt_problems(page)
    outline = page.evaluate(OUTLINE_JS)
    levels = [level for level, _ in outline["headings"]]
    assert levels.count(1) == 1 and levels[0] == 1, f"{name}: h1s {outline['headings'][:3]}"
    pairs = zip(outline["headings"], outline["headings"][1:], strict=False)
    skips = [(a, b) for a, b in pairs if b[0] > a[0] + 1]
    assert not skips, f"{name}: heading levels skipped: {skips[:3]}"
    assert outline["main"] == 1, f"{name}: {outline['main']} main landmarks"
    # the page's title is its h1 (whose typeset math the page text spells differently)
    assert outline["title"].split()[:4] == outline["headings"][0][1].split()[:4]
    assert outline["math"] > 0 and outline["spoken"] == outline["math"], (
        f"{name}: {outline['spoken']} of {outline['math']} formulas have assistive MathML")
    assert not blocked, f"{name}.html asked the network for {blocked[:5]}"


@pytest.mark.parametrize("name", NAMES)
def test_deck_is_accessible_and_fits_the_screen(name, built, offline, serve):
    built, failures = built
    assert name not in failures, failures.get(name)
    open_page, blocked = offline
    server = serve(built / "slides")
    sizes = {}
    for width, height in SIZES:
        page = open_page(width, height)
        page.goto(server.url(f"{name}.slides.html"))
        page.wait_for_function("typeof Reveal !== 'undefined' && Reveal.isReady()")
        _typeset(page)
        slides = page.evaluate(MEASURE_JS)
        too_big = [s for s in slides if s["height"] > s["max_height"] or
                   s["width"] > s["max_width"]]
        assert not too_big, f"{name} at {width}x{height}: slides larger than the screen: " \
                            f"{too_big[:5]}"
        sizes[(width, height)] = slides
        page.close()
    # axe over every slide at once: the print layout shows all of them
    page = open_page(1280, 720)
    page.goto(server.url(f"{name}.slides.html?print-pdf"))
    page.wait_for_function("typeof Reveal !== 'undefined' && Reveal.isReady()")
    _typeset(page)
    found = a11y.violations(page)
    REPORT.add("axe", f"{name}.slides.html", {"violations": a11y.count(found), "where": "deck"})
    assert not found, f"{name} deck: axe-core WCAG 2.1 A/AA violations:\n{a11y.describe(found)}"
    assert not a11y.alt_problems(page), a11y.alt_problems(page)
    notes = page.locator("aside.notes").count()
    slides = sizes[SIZES[0]]
    REPORT.add("slides", name, {
        "slides": len(slides), "notes": notes,
        "tallest": max(s["height"] for s in slides), "widest": max(s["width"] for s in slides),
        "max_height": slides[0]["max_height"], "max_width": slides[0]["max_width"]})
    assert notes >= 1, f"{name}: the deck has no speaker notes"
    assert not blocked, f"{name} deck asked the network for {blocked[:5]}"


def test_worked_solutions_typeset_math_offline(tmp_path, offline, serve):
    """``make solutions`` renders as ``make html`` does: the formulas typeset with no network."""
    name = sorted((ROOT / "docs" / "solutions").glob("[0-9][0-9]_*.py"))[1].stem
    cmd = [sys.executable, str(ROOT / "tools" / "build_notebooks.py"), "html", "--source",
           str(ROOT / "docs" / "solutions"), "--out", str(tmp_path), name]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr[-4000:]
    open_page, blocked = offline
    page = open_page(1280, 900)
    page.goto(serve(tmp_path).url(f"{name}.html"))
    _typeset(page)
    outline = page.evaluate(OUTLINE_JS)
    assert outline["math"] > 0 and outline["spoken"] == outline["math"]
    text = page.evaluate("document.querySelector('main').innerText")
    assert not re.findall(r"\$[^$\n]{1,200}\$", text), "raw TeX left on the page"
    assert not blocked, f"{name}.html asked the network for {blocked[:5]}"
