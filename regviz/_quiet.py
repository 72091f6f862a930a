"""Keep matplotlib's one-time font-cache notice out of students' notebooks.

A kernel whose matplotlib has no font cache yet (every fresh browser kernel of the JupyterLite
site, a first run anywhere) logs "Matplotlib is building the font cache; this may take a
moment." on the ``matplotlib.font_manager`` logger, which a notebook shows as a red stderr box
under a student's first cell. This module, imported first by ``regviz/__init__.py``, drops that
one message; every other matplotlib warning still shows. It changes no setting and imports
nothing but :mod:`logging`.
"""

from __future__ import annotations

import logging

#: The logger matplotlib's font manager writes to (``logging.getLogger(__name__)`` there).
FONT_LOGGER = "matplotlib.font_manager"


class FontCacheNotice(logging.Filter):
    """Drop the "building the font cache" notice, pass every other record."""

    def filter(self, record: logging.LogRecord) -> bool:  # noqa: D102
        return "building the font cache" not in record.getMessage()


def install() -> None:
    """Attach :class:`FontCacheNotice` to matplotlib's font-manager logger, once."""
    logger = logging.getLogger(FONT_LOGGER)
    if not any(isinstance(f, FontCacheNotice) for f in logger.filters):
        logger.addFilter(FontCacheNotice())


install()
