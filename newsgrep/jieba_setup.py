"""jieba set up once for newsgrep: imported quickly, quiet, its dictionary cached per user.

Both the indexer (words for ranking) and the page parser (parts of speech of headline
words) load jieba; this is the one place that knows how.
"""
from __future__ import annotations

import io
import logging
import os
import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

# jieba's dictionary in the user's cache folder, keyed by each entry's first two
# characters (its head), with each word's part of speech: small texts load only the
# entries they can use (`segmenter_for` in index/analysis.py, `lazy_tagger` here) instead
# of the whole dictionary, which takes a second or more to load.
DICTIONARY_DB = "jieba-dictionary-v3.sqlite3"


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


def dictionary_db() -> Path | None:
    """The per-user dictionary database, if it has been written."""
    cache = cache_dir()
    if cache is None:
        return None
    path = cache / DICTIONARY_DB
    return path if path.is_file() else None


def save_dictionary_db(tokenizer) -> None:
    """Write an initialised plain tokenizer's entries (prefixes included, as jieba keeps
    them) and the dictionary's parts of speech into the per-user database, once per
    machine."""
    cache = cache_dir()
    if cache is None or (cache / DICTIONARY_DB).is_file():
        return
    fd, temporary = tempfile.mkstemp(dir=cache, suffix=".tmp")
    os.close(fd)
    try:
        tags = _dictionary_tags(tokenizer)
        with closing(sqlite3.connect(temporary)) as db:
            db.execute("CREATE TABLE meta (total INTEGER)")
            db.execute("INSERT INTO meta VALUES (?)", (tokenizer.total,))
            # Clustered by head: the entries one head asks for lie together on disk.
            db.execute("CREATE TABLE entries (head TEXT, word TEXT, freq INTEGER, tag TEXT, "
                       "PRIMARY KEY (head, word)) WITHOUT ROWID")
            db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?)",
                           ((w[:2], w, f, tags.get(w)) for w, f in tokenizer.FREQ.items()))
            db.commit()
        os.replace(temporary, cache / DICTIONARY_DB)
    except (OSError, sqlite3.Error, ValueError):
        pass  # only an optimisation
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _dictionary_tags(tokenizer) -> dict[str, str]:
    """word -> part of speech, as jieba.posseg reads them from the dictionary file."""
    tags = {}
    with tokenizer.get_dict_file() as handle:
        for line in handle:
            parts = line.strip().decode("utf-8").split(" ")
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


class _Entries:
    """Loads a head's dictionary entries into two dicts (frequencies, tags) when first
    asked; reopens its database in a forked process (a connection must not cross a fork)."""

    def __init__(self, path: Path):
        self.path = path
        self.heads: set[str] = set()
        self.freq: dict[str, int] = {}
        self.tags: dict[str, str] = {}
        self._pid = None
        self._db = None

    def connection(self) -> sqlite3.Connection:
        if self._pid != os.getpid():
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                       check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def load(self, word: str) -> None:
        head = word[:2]
        if head in self.heads:
            return
        self.heads.add(head)
        for entry, freq, tag in self.connection().execute(
                "SELECT word, freq, tag FROM entries WHERE head = ?", (head,)):
            dict.__setitem__(self.freq, entry, freq)
            if tag is not None:
                dict.__setitem__(self.tags, entry, tag)


class _LazyDict(dict):
    """A dict that asks `_Entries` for a key's head before answering: jieba's tokenizer
    only ever looks words up (`in`, `[]`, `get`), so it sees the whole dictionary."""

    def __init__(self, entries: _Entries):
        super().__init__()
        self._entries = entries

    def __contains__(self, key):
        self._entries.load(key)
        return dict.__contains__(self, key)

    def __getitem__(self, key):
        self._entries.load(key)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        self._entries.load(key)
        return dict.get(self, key, default)


def lazy_tagger():
    """jieba's part-of-speech tagger over the per-user database, reading only the entries
    the texts it tags can use: the same words and tags as the whole dictionary's tagger,
    without the two seconds of loading it. None where the database has not been written."""
    path = dictionary_db()
    if path is None:
        return None
    entries = _Entries(path)
    try:
        total = entries.connection().execute("SELECT total FROM meta").fetchone()[0]
        entries.connection().execute("SELECT tag FROM entries LIMIT 1").fetchall()
    except sqlite3.Error:
        return None
    posseg = _import_posseg(path)
    tokenizer = new_tokenizer(cached=False)
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = _LazyDict(entries), total, True
    entries.freq = tokenizer.FREQ
    tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    tagger.tokenizer = tokenizer
    tagger.word_tag_tab = entries.tags = _LazyDict(entries)
    return tagger


def _import_posseg(path: Path):
    """jieba.posseg, imported without reading the whole tag table: the module builds a
    default tagger as it loads, which reads the dictionary file (over a second); that
    default tagger gets the database's tags instead, read as they are asked for."""
    jieba = import_jieba()
    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    jieba.dt.get_dict_file = lambda: io.BytesIO(b"")  # only while the module loads
    try:
        import jieba.posseg
    finally:
        del jieba.dt.get_dict_file
    tags = _Entries(path)
    jieba.posseg.dt.word_tag_tab = tags.tags = _LazyDict(tags)
    return jieba.posseg
