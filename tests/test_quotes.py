"""Every quotation attributed to a source text is verbatim (CONTRIBUTING.md, "Quoting sources").

The convention: a quotation from one of the five source texts (the seeds in ``../shared/seeds/``
beside the checkout) is written in double quotation marks, "..." or “...”, immediately followed
by its source tag in parentheses: ``(Q&A)``, ``(article)``, ``(primer)``, ``(lecture)`` or
``(forum)``. This test finds every such quotation in the notebooks' markdown cells, the README
and the docs, and checks that it appears in the tagged seed word for word, case and whitespace
aside (an ellipsis, ``...`` or ``…``, may join verbatim pieces, which must then appear in that
order). Inline-math delimiters (``$``, ``\\(``, ``\\)``), markdown emphasis (``*``) and code
backticks are ignored on both sides, so ``$x\\%$`` matches the seed's ``\\(x\\%\\)``.

A paraphrase carries no quotation marks; a second test fails on any quotation of five words or
more without a tag that either shares a run of four words with a seed or follows a sentence that
names a source ("the Q&A's ...", "the lecture says ..."), so a quote from a source cannot slip
past untagged. (Quotation marks around the authors' own phrases are left alone.)

The seeds are looked up in ``$REGVIZ_SEEDS`` if set, else ``../shared/seeds`` relative to the
repository root (where CI has them). Missing seeds are a failure with a message, never a skip.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Source tag -> seed file prefix in ../shared/seeds/.
SOURCES = {
    "Q&A": "000",      # Q&A thread on square-root (L1/2) regularization in PyTorch
    "article": "001",  # machine-reworded copy of Amy Ma's article on Lp norms and elastic net
    "primer": "002",   # Aman Chadha's primer on L1 / L2 regularization
    "lecture": "003",  # François Fleuret's EE-559 lecture notes 5.4, L2 and L1 penalties
    "forum": "004",    # PyTorch forum thread on L1 with an MLP on MNIST
}
TAG = "|".join(re.escape(t) for t in SOURCES)
#: A quotation: straight or curly double quotes, then (after optional `*` / `_` closing an
#: emphasis) the tag in parentheses.
QUOTE = re.compile(r'(?:"([^"]+)"|“([^”]+)”)[*_]*\s*\((' + TAG + r')\)')
ANY_QUOTE = re.compile(r'"([^"\n]+(?:\n[^"\n]+)*)"|“([^”]+)”')
ELLIPSIS = re.compile(r"\.\.\.|…|\[\.\.\.\]")
LONG = 5  # words: an untagged quotation this long, with a source named just before it, fails
#: Words that attribute a quotation to one of the sources, looked for in the same paragraph, up
#: to ``ATTRIBUTION_REACH`` characters before the opening quotation mark.
ATTRIBUTION = re.compile(r"Q&A|forum|lecture|primer|article|the answer|the post|the notes|"
                         r"K\. Frank|Fleuret|Chadha|Amy Ma", re.IGNORECASE)
ATTRIBUTION_REACH = 150
SHINGLE = 4  # words in a row shared with a seed: the quotation comes from that seed


def seed_dir() -> Path:
    """Folder holding the seed texts (``$REGVIZ_SEEDS`` or ``../shared/seeds``)."""
    return Path(os.environ.get("REGVIZ_SEEDS", ROOT.parent / "shared" / "seeds"))


def load_seeds(folder: Path | None = None) -> dict[str, str]:
    """Tag -> normalized seed text; a clear failure when a seed is missing."""
    folder = seed_dir() if folder is None else folder
    seeds = {}
    for tag, prefix in SOURCES.items():
        found = sorted(folder.glob(f"{prefix}_*.txt"))
        if not found:
            pytest.fail(f"seed text for {tag!r} ({prefix}_*.txt) not found in {folder}: the "
                        "quotation test needs the source texts beside the checkout "
                        "(../shared/seeds) or in $REGVIZ_SEEDS", pytrace=False)
        seeds[tag] = normalize(found[0].read_text(encoding="utf-8"))
    return seeds


def normalize(text: str) -> str:
    """Lower case, no whitespace, no math delimiters / emphasis / backticks, plain punctuation."""
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("−", "-"), ("–", "-"),
                 ("\\(", ""), ("\\)", ""), ("$", ""), ("*", ""), ("`", "")):
        text = text.replace(a, b)
    return re.sub(r"\s+", "", text.lower())


def prose(path: Path) -> str:
    """The prose of a file: a notebook's markdown cells (comment marks removed), else all of it."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return text
    cells, keep = [], False
    for line in text.splitlines():
        if line.startswith("# %%"):
            keep = "[markdown]" in line
            cells.append("")
        elif keep:
            cells.append(re.sub(r"^# ?", "", line))
    return "\n".join(cells)


def prose_files() -> list[Path]:
    """Notebooks, README and docs (markdown, and the markdown cells of docs' notebooks)."""
    files = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    files += [ROOT / "README.md", ROOT / "CONTRIBUTING.md"]
    files += sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "docs").rglob("*.py"))
    return [f for f in files if f.is_file()]


def quotations(text: str) -> list[tuple[str, str]]:
    """``(quoted text, tag)`` for every tagged quotation in ``text``."""
    return [(m.group(1) or m.group(2), m.group(3)) for m in QUOTE.finditer(text)]


def verbatim(quote: str, seed: str) -> bool:
    """Whether ``quote``'s pieces (split at ellipses) appear in ``seed`` in order."""
    at = 0
    for piece in ELLIPSIS.split(quote):
        piece = normalize(piece).strip(".,;:")
        if not piece:
            continue
        found = seed.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_seeds_are_there():
    seeds = load_seeds()
    assert all(len(text) > 1000 for text in seeds.values())


def test_every_tagged_quotation_is_verbatim():
    seeds = load_seeds()
    found, wrong = 0, []
    for path in prose_files():
        for quote, tag in quotations(prose(path)):
            found += 1
            if not verbatim(quote, seeds[tag]):
                wrong.append(f'{rel(path)}: "{" ".join(quote.split())}" ({tag})')
    assert found >= 10, f"only {found} tagged quotations found: is the convention still used?"
    assert not wrong, "not verbatim in the tagged source:\n" + "\n".join(wrong)


def words(text: str) -> list[str]:
    """Lower-case words, math delimiters and punctuation dropped (for the shingle test)."""
    return re.findall(r"[a-z0-9%]+", normalize_spaced(text))


def normalize_spaced(text: str) -> str:
    """:func:`normalize`, but keeping the spaces between words."""
    return " ".join(normalize(word) for word in text.split())


def shingles(text: str) -> set[tuple[str, ...]]:
    """Every run of ``SHINGLE`` consecutive words of ``text``."""
    w = words(text)
    return {tuple(w[i:i + SHINGLE]) for i in range(len(w) - SHINGLE + 1)}


def attributed_untagged(text: str, seeds: dict[str, str] | None = None) -> list[str]:
    """Untagged quotations of ``LONG`` words or more that come from a source.

    A quotation comes from a source when it shares ``SHINGLE`` words in a row with a seed text
    (``seeds``: tag -> raw text), or when its paragraph names a source just before it.
    """
    seed_shingles = set().union(*(shingles(s) for s in (seeds or {}).values()))
    tagged = {m.start() for m in QUOTE.finditer(text)}
    found = []
    for m in ANY_QUOTE.finditer(text):
        quote = m.group(1) or m.group(2)
        if m.start() in tagged or len(quote.split()) < LONG:
            continue
        before = text[max(0, m.start() - ATTRIBUTION_REACH):m.start()].split("\n\n")[-1]
        if ATTRIBUTION.search(before) or shingles(quote) & seed_shingles:
            found.append(" ".join(quote.split()))
    return found


def raw_seeds() -> dict[str, str]:
    """Tag -> the seed's text as written (for the shingle test)."""
    load_seeds()  # fails with its message when a seed is missing
    return {tag: next(seed_dir().glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
            for tag, prefix in SOURCES.items()}


def test_no_attributed_quotation_without_a_tag():
    seeds = raw_seeds()
    untagged = [f'{rel(path)}: "{quote}"' for path in prose_files()
                for quote in attributed_untagged(prose(path), seeds)]
    assert not untagged, ("a quotation attributed to a source needs its tag (a paraphrase "
                          "takes no quotation marks):\n" + "\n".join(untagged))


def test_an_untagged_misattributed_quotation_fails_and_an_own_phrase_passes():
    assert attributed_untagged('The Q&A: "the closer we get to zero, the less we get close".')
    assert attributed_untagged('The lecture\nsays "penalties matter when data is scarce" there.')
    assert not attributed_untagged('So the rule "keep the strong directions, drop the weak".')
    assert not attributed_untagged('The Q&A.\n\nSo the rule "keep the strong ones, drop weak".')
    # no source named, but four words in a row from the forum post
    seeds = raw_seeds()
    assert attributed_untagged('He wrote: "so many parameters, whose sum is hugely large".', seeds)
    assert not attributed_untagged('So the rule "keep the strong directions, drop the weak".',
                                   seeds)


def test_a_planted_misquote_fails():
    seeds = load_seeds()
    good = 'The answer: "The more we get close to zero, the less we get close to zero!" (Q&A).'
    bad = good.replace("The more", "The closer")
    assert quotations(good) == [("The more we get close to zero, the less we get close to zero!",
                                 "Q&A")]
    assert verbatim(*quotations(good)[0][:1], seeds["Q&A"])
    assert not verbatim(quotations(bad)[0][0], seeds["Q&A"])
    # right words, wrong source
    assert not verbatim(quotations(good)[0][0], seeds["forum"])
    # an ellipsis joins pieces only in the source's order
    joined = "the loss comes down to around 0.5 ... becomes nan around epoch 70"
    assert verbatim(joined, seeds["Q&A"])
    assert not verbatim("becomes nan around epoch 70 ... the loss comes down to around 0.5",
                        seeds["Q&A"])
    # math delimiters and whitespace aside: the primer's \(x\%\) is the notebook's $x\%$
    assert verbatim("even if you remove $x\\%$ of a number billions of times", seeds["primer"])


def test_the_whole_check_fails_on_a_planted_misquote(tmp_path):
    seeds = load_seeds()
    page = tmp_path / "07_planted.py"
    page.write_text('# %% [markdown]\n# The post: "whose sum is hugely enough to influence\n'
                    '# the whole process" (forum).\n\n# %%\nx = "not prose" # (forum)\n')
    found = quotations(prose(page))
    assert [tag for _, tag in found] == ["forum"]
    assert not verbatim(found[0][0], seeds["forum"])
    fixed = page.read_text().replace("whose sum is hugely", "whose sum is supposed to be hugely")
    page.write_text(fixed)
    assert verbatim(quotations(prose(page))[0][0], seeds["forum"])


def test_missing_seeds_fail_with_a_message(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="seed text for"):
        load_seeds(tmp_path)
