"""A student's first cell shows nothing: no backend name, no font-cache notice (issue 19)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import regviz  # noqa: F401  (installs the font-cache filter)
from regviz._quiet import FONT_LOGGER, FontCacheNotice
from regviz.widgets import setup_notebook

ROOT = Path(__file__).resolve().parents[1]


def test_setup_notebook_returns_nothing_to_display():
    import matplotlib as mpl

    with mpl.rc_context():  # setup_notebook sets the regviz style: keep it out of other tests
        assert setup_notebook() is None


def test_every_notebook_calls_setup_as_a_bare_statement():
    """Its value, if it had one, would be the cell's output: it must have none (above)."""
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    assert notebooks
    for nb in notebooks:
        assert re.search(r"^setup_notebook\(\)$", nb.read_text(), re.MULTILINE), nb.name


def test_font_cache_notice_is_dropped_and_other_warnings_pass(caplog):
    logger = logging.getLogger(FONT_LOGGER)
    assert sum(isinstance(f, FontCacheNotice) for f in logger.filters) == 1
    with caplog.at_level(logging.WARNING, logger=FONT_LOGGER):
        logger.warning("Matplotlib is building the font cache; this may take a moment.")
        logger.warning("findfont: Font family 'Nope' not found.")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["findfont: Font family 'Nope' not found."]
