"""jieba set up once for newsgrep: imported quickly, quiet, its dictionary cached per user.

Both the indexer (words for ranking) and the page parser (parts of speech of headline
words) load jieba; this is the one place that knows how.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path


def import_jieba():
    """Import jieba without pkg_resources.

    jieba's `_compat` imports setuptools' pkg_resources (about 0.25 s, more than the rest
    of jieba) only to open its own data files, and opens them by path when the import
    fails. Python 3.11 venvs ship setuptools, so the import is hidden while jieba loads.
    """
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        if hidden:
            del sys.modules["pkg_resources"]
    return jieba


def cache_dir() -> Path | None:
    """A per-user folder for jieba's dictionary cache, or None where none can be made
    (the temp folder jieba uses by default is shared, and may not be writable)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "newsgrep"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def new_tokenizer(cached: bool = True):
    """A quiet, uninitialised jieba tokenizer; with `cached`, it keeps its prefix
    dictionary in the user's cache folder (or in memory only, on a read-only home)."""
    jieba = import_jieba()
    # jieba logs "Building prefix dict" and cache-write failures: never a user's concern.
    jieba.setLogLevel(logging.CRITICAL + 1)
    tokenizer = jieba.Tokenizer()
    if cached:
        cache = cache_dir()
        if cache is not None:
            tokenizer.cache_file = str(cache / "jieba.cache")
            tokenizer.tmp_dir = str(cache)
        else:  # read-only home: rebuild the prefix dictionary in memory each time
            tokenizer.cache_file = os.devnull
    return tokenizer
