"""Character n-gram postings: which articles can hold a string, found without reading them.

The store answers "does this article hold this string" exactly, but only by reading the
article. These postings say which articles hold each character (unigram) and each pair of
neighbouring characters (bigram) of every searchable field's folded text, with how often:
a string of one or two characters is answered from one posting list alone, a longer one
by intersecting its bigrams' lists and checking only those candidates in the store. So a
query touches the postings and articles it needs, not the archive.

Why grams and not jieba's words: matching is exact substrings (a query finds what grep
finds, whatever jieba cut), and every substring of a text is made of its bigrams.

Storage: one SQLite database per segment (`grams/NNN.db`), written once and never changed:
a table of postings keyed by one integer per (field, gram), rows in key order, each row
the segment-local article numbers (uint32, ascending; a long list as its gaps, compressed)
and their occurrence counts (uint8, saturated at 255: BM25 saturates long before), and a table of the segment's articles (id
and file). SQLite gives a B-tree lookup that reads a few pages per gram, a file format
every tool reads, and `PRAGMA integrity_check`. A segment is made by each share of a build
(a worker may write several, one each time its memory budget fills); later updates add
segments and hard-link the old ones. Each generation writes, per segment, a map from
local article number to the generation's store place (-1 for an article that was removed
or replaced since): `grams/NNN.map`.

Writing (`gram_writer.py`) uses NumPy (grams of a whole article at C speed, one sort per
segment); reading (here) uses only the standard library, so a query does not pay NumPy's
import.
"""
from __future__ import annotations

import sqlite3
import zlib
from array import array
from itertools import accumulate
from pathlib import Path

from newsgrep.fields import SEARCH_FIELDS
from newsgrep.index.contents import matches

FOLDER = "grams"
CHAR_BITS = 21           # every code point fits; a bigram is two code points
FIELD_SHIFT = 2 * CHAR_BITS
MAX_COUNT = 255
# Lists of at least this many articles are stored as compressed gaps when that is shorter.
COMPRESS_FROM = 32
# Bytes of build memory per posting entry: key, count and article number, and the sort's
# index and copies at a flush (measured: a worker's peak grew by 211 MB for 4.1 M entries).
BYTES_PER_ENTRY = 52
DEFAULT_BUDGET_MIB = 128

FIELD_CODES = {name: code for code, name in enumerate(SEARCH_FIELDS)}


def gram_key(field: str, gram: str) -> int:
    """The integer naming one gram (one or two characters) of one field."""
    code = ord(gram[0]) if len(gram) == 1 else (ord(gram[0]) << CHAR_BITS) | ord(gram[1])
    return code | (FIELD_CODES[field] << FIELD_SHIFT)


def bigrams(text: str) -> list[str]:
    """The distinct pairs of neighbouring characters of `text`, in order."""
    return list(dict.fromkeys(text[i:i + 2] for i in range(len(text) - 1)))


def budget_entries(mib: int | None) -> int:
    """Posting entries a writer gathers before writing a segment, for a memory budget."""
    return max(1, (mib or DEFAULT_BUDGET_MIB) * (1 << 20) // BYTES_PER_ENTRY)


def decode_docs(blob: bytes, count: int) -> array:
    """The article numbers of a stored list of `count` entries (see `_encode_docs`: a
    compressed list is always shorter than its raw form, which tells them apart)."""
    numbers = array("I")
    if len(blob) == 4 * count:
        numbers.frombytes(blob)
        return numbers
    numbers.frombytes(zlib.decompress(blob))
    if len(numbers) != count:
        raise ValueError("postings do not fit their counts")
    return array("I", accumulate(numbers))


def segment_articles(path: Path):
    connection = open_read_only(path)
    try:
        for local, article_id, path in connection.execute(
                "SELECT local, id, path FROM articles ORDER BY local"):
            yield local, text_of(article_id), text_of(path)
    finally:
        connection.close()


def read_map(path: Path) -> array:
    return _int32s(path.read_bytes())


def _int32s(data: bytes) -> array:
    """A map file's numbers (a torn last one left out)."""
    mapping = array("i")
    mapping.frombytes(data[:len(data) - len(data) % mapping.itemsize])
    return mapping


def open_read_only(path: Path) -> sqlite3.Connection:
    # immutable: the file never changes once written, so SQLite takes no locks on it.
    # Any thread may read it (an open Index is shared by a web app's threads; api.Index
    # lets one query at a time use it).
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                           check_same_thread=False)


def blob(text: str) -> bytes:
    """Ids and paths as bytes: a file name that is not UTF-8 reads as lone surrogates,
    which SQLite's text cannot hold."""
    return text.encode("utf-8", "surrogateescape")


def text_of(blob: bytes) -> str:
    return blob.decode("utf-8", "surrogateescape")


# Reading ---------------------------------------------------------------------------------

class GramIndex:
    """The gram postings of one generation, in store places."""

    def __init__(self, folder: Path, damaged, expected: dict[str, dict] | None = None):
        self.folder = folder
        self._damaged = damaged  # detail -> the error to raise
        self._expected = expected  # the manifest's sizes and checksums of the folder's files
        self._segments: list[tuple[sqlite3.Connection, array]] | None = None

    @property
    def segments(self) -> list[tuple[sqlite3.Connection, array]]:
        """Each segment's database and map. The segments are the ones the manifest lists
        (`generations.verify` checked their sizes on open); a map is checked against its
        checksum as it is read, since it decides which articles a posting names."""
        if self._segments is None:
            names = sorted(n[:-3] for n in self._expected if n.endswith(".db")) \
                if self._expected is not None else \
                sorted(p.stem for p in self.folder.glob("*.db")) if self.folder.is_dir() else []
            self._segments = [(open_read_only(self.folder / f"{n}.db"), self._map(n))
                              for n in names]
        return self._segments

    def _map(self, name: str) -> array:
        try:
            data = (self.folder / f"{name}.map").read_bytes()
        except OSError:
            raise self._damaged(f"{FOLDER}/{name}.map is missing") from None
        if self._expected is not None and not matches(data, self._expected.get(f"{name}.map")):
            raise self._damaged(f"{FOLDER}/{name}.map does not match its checksum")
        return _int32s(data)

    def postings(self, field: str, gram: str) -> dict[int, int]:
        """Store place -> occurrences, for every live article whose `field` holds `gram`
        (one or two characters)."""
        found: dict[int, int] = {}
        key = gram_key(field, gram)
        for connection, mapping in self.segments:
            row = self._row(connection, key)
            if row is None:
                continue
            try:
                locals_ = decode_docs(row[0], len(row[1]))
            except (ValueError, zlib.error):
                raise self._damaged(f"{FOLDER} postings of a gram do not fit their counts") \
                    from None
            try:  # C-speed loops: a common character has tens of thousands of postings
                found.update(zip(map(mapping.__getitem__, locals_), row[1]))
            except IndexError:
                raise self._damaged(f"{FOLDER} postings point past their map") from None
        found.pop(-1, None)  # the articles no map keeps (-1): removed or replaced
        return found

    def sizes(self, field: str, grams: list[str]) -> dict[str, int]:
        """How many articles (live or not) each gram's postings list: a cheap measure of
        which grams are rarest, read without the lists themselves."""
        sizes = dict.fromkeys(grams, 0)
        for connection, _mapping in self.segments:
            for gram in grams:
                row = self._row(connection, gram_key(field, gram), "length(counts)")
                if row is not None:
                    sizes[gram] += row[0]
        return sizes

    def _row(self, connection: sqlite3.Connection, key: int, what: str = "docs, counts"):
        try:
            return connection.execute(f"SELECT {what} FROM postings WHERE key = ?",
                                      (key,)).fetchone()
        except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise  # misuse of the connection is newsgrep's bug, not damage to the index
        except sqlite3.DatabaseError as exc:
            raise self._damaged(f"{FOLDER}: {exc}") from None

    def close(self) -> None:
        for connection, _mapping in self._segments or ():
            connection.close()
        self._segments = None


def check_segments(folder: Path) -> list[str]:
    """SQLite's own integrity check of every segment: the problems it finds."""
    problems = []
    for path in sorted(folder.glob("*.db")) if folder.is_dir() else []:
        connection = open_read_only(path)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as exc:
            result = [(str(exc),)]
        finally:
            connection.close()
        if result != [("ok",)]:
            problems.append(f"{FOLDER}/{path.name}: {result[0][0]}")
    return problems

