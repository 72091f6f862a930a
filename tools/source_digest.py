"""One hash of a set of source files, for builds and tests that must redo work when one changes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def files_digest(root: Path, patterns: Iterable[str], *extra: str) -> str:
    """sha256 (hex) of ROOT's files matching PATTERNS, then of each EXTRA string.

    Each file counts with its path and contents (globs sorted; ``__pycache__`` left out).
    """
    digest = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(Path(root).glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    for text in extra:
        digest.update(text.encode())
    return digest.hexdigest()
