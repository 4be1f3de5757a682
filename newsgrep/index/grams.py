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

Building uses NumPy (grams of a whole article at C speed, one sort per segment); reading
uses only the standard library, so a query does not pay NumPy's import.
"""
from __future__ import annotations

import operator
import sqlite3
import zlib
from array import array
from collections import Counter
from itertools import accumulate
from pathlib import Path

from newsgrep.fields import SEARCH_FIELDS

FOLDER = "grams"
CHAR_BITS = 21           # every code point fits; a bigram is two code points
FIELD_SHIFT = 2 * CHAR_BITS
MAX_COUNT = 255
# Lists of at least this many articles are stored as compressed gaps when that is shorter.
COMPRESS_FROM = 32
# Bytes of build memory per posting entry: key, count and article number, and the sort's
# index and copies at a flush.
BYTES_PER_ENTRY = 40
DEFAULT_BUDGET_MIB = 160

_FIELD_CODES = {name: code for code, name in enumerate(SEARCH_FIELDS)}


def gram_key(field: str, gram: str) -> int:
    """The integer naming one gram (one or two characters) of one field."""
    code = ord(gram[0]) if len(gram) == 1 else (ord(gram[0]) << CHAR_BITS) | ord(gram[1])
    return code | (_FIELD_CODES[field] << FIELD_SHIFT)


def bigrams(text: str) -> list[str]:
    """The distinct pairs of neighbouring characters of `text`, in order."""
    return list(dict.fromkeys(text[i:i + 2] for i in range(len(text) - 1)))


def budget_entries(mib: int | None) -> int:
    """Posting entries a writer gathers before writing a segment, for a memory budget."""
    return max(1, (mib or DEFAULT_BUDGET_MIB) * (1 << 20) // BYTES_PER_ENTRY)


# Writing ---------------------------------------------------------------------------------

class GramWriter:
    """Gathers the grams of articles as they are indexed and writes them as segments.

    `name_prefix` makes the writer's segment names unique among the build's writers
    (each worker has its own); a segment is written each time `budget` entries are
    gathered, so a worker's memory stays bounded however much it indexes. A `small` job
    (an update of a few files) counts in plain Python: importing NumPy would cost it more
    than all its grams.
    """

    def __init__(self, folder: Path, name_prefix: str, budget: int, small: bool = False):
        if small:
            self._np = None
        else:
            import numpy

            self._np = numpy
        self.folder = folder
        self.prefix = name_prefix
        self.budget = budget
        self.written: list[str] = []
        self._reset()

    def _reset(self) -> None:
        self._rows: dict[int, list[tuple[int, int]]] = {}  # small jobs: key -> (local, n)
        self._keys: list = []
        self._counts: list = []
        self._locals: list = []
        self._articles: list[tuple[str, str]] = []
        self._entries = 0

    def add(self, article_id: str, path: str, folded: dict[str, str]) -> None:
        """Gather one article's grams (its folded searchable fields)."""
        if self._np is None:
            self._entries += self._add_counted(len(self._articles), folded)
            self._articles.append((article_id, path))
            if self._entries >= self.budget:
                self.flush()
            return
        np = self._np
        parts = []
        for field, code in _FIELD_CODES.items():
            text = folded.get(field, "")
            if not text:
                continue
            points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"),
                                   dtype="<u4").astype(np.int64)
            tag = code << FIELD_SHIFT
            parts.append(points | tag)
            if len(points) > 1:
                parts.append(((points[:-1] << CHAR_BITS) | points[1:]) | tag)
        local = len(self._articles)
        self._articles.append((article_id, path))
        if parts:
            keys, counts = np.unique(np.concatenate(parts), return_counts=True)
            self._keys.append(keys)
            self._counts.append(np.minimum(counts, MAX_COUNT).astype(np.uint8))
            self._locals.append(np.full(len(keys), local, dtype=np.uint32))
            self._entries += len(keys)
        if self._entries >= self.budget:
            self.flush()

    def _add_counted(self, local: int, folded: dict[str, str]) -> int:
        """The same keys and counts as the NumPy path, counted by `Counter`; how many
        entries it added."""
        rows, added = self._rows, 0
        for field, code in _FIELD_CODES.items():
            text = folded.get(field, "")
            tag = code << FIELD_SHIFT
            chars, pairs = Counter(text), Counter(map(operator.add, text, text[1:]))
            for char, n in chars.items():
                rows.setdefault(ord(char) | tag, []).append((local, n))
            for pair, n in pairs.items():
                key = (ord(pair[0]) << CHAR_BITS) | ord(pair[1]) | tag
                rows.setdefault(key, []).append((local, n))
            added += len(chars) + len(pairs)
        return added

    def flush(self) -> None:
        """Write what is gathered as one segment (nothing when no article was added)."""
        if not self._articles:
            return
        name = f"{self.prefix}-{len(self.written):03d}"
        self.folder.mkdir(parents=True, exist_ok=True)
        segment = SegmentFile(self.folder / f"{name}.db")
        try:
            if self._np is None:
                segment.add_rows(_counted_rows(self._rows))
            else:
                segment.add_sorted(*self._sorted())
            segment.add_articles(self._articles)
        finally:
            segment.close()
        self.written.append(name)
        self._reset()

    def _sorted(self):
        np = self._np
        if not self._keys:
            return np.zeros(0, np.int64), np.zeros(0, np.uint32), np.zeros(0, np.uint8)
        keys = np.concatenate(self._keys)
        order = np.argsort(keys, kind="stable")  # stable: articles stay ascending per key
        return (keys[order], np.concatenate(self._locals)[order],
                np.concatenate(self._counts)[order])


def _blob(text: str) -> bytes:
    """Ids and paths as bytes: a file name that is not UTF-8 reads as lone surrogates,
    which SQLite's text cannot hold."""
    return text.encode("utf-8", "surrogateescape")


def _text(blob: bytes) -> str:
    return blob.decode("utf-8", "surrogateescape")


class SegmentFile:
    """One segment database being written: postings in ascending key order (in one or
    several sorted pieces, each after the last), then its articles."""

    def __init__(self, path: Path):
        self.connection = sqlite3.connect(path)
        self.connection.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE postings(key INTEGER PRIMARY KEY, docs BLOB NOT NULL,"
            " counts BLOB NOT NULL);"
            "CREATE TABLE articles(local INTEGER PRIMARY KEY, id BLOB NOT NULL,"
            " path BLOB NOT NULL);")

    def add_sorted(self, keys, locals_, counts) -> None:
        """Postings from flat arrays sorted by key (articles ascending within a key): one
        row per key."""
        if not len(keys):
            return
        np = __import__("numpy")
        bounds = np.flatnonzero(keys[1:] != keys[:-1]) + 1
        starts = np.concatenate([[0], bounds]).tolist()
        ends = np.concatenate([bounds, [len(keys)]]).tolist()
        docs = locals_.astype("<u4")
        gaps = docs.copy()
        gaps[1:] -= docs[:-1]
        gaps[starts] = docs[starts]  # each list starts from its first number
        raw, tallies = docs.tobytes(), counts.astype(np.uint8).tobytes()
        gap_bytes = gaps.tobytes()
        self.add_rows((key, _encode_docs(raw, gap_bytes, s, e), tallies[s:e])
                      for key, s, e in zip(keys[starts].tolist(), starts, ends))

    def add_rows(self, rows) -> None:
        """Postings rows (key, stored article numbers, counts), in ascending key order."""
        self.connection.executemany("INSERT INTO postings VALUES (?, ?, ?)", rows)

    def add_articles(self, articles) -> None:
        """The segment's articles, (id, path) in local order."""
        self.connection.executemany(
            "INSERT INTO articles VALUES (?, ?, ?)",
            ((n, _blob(i), _blob(p)) for n, (i, p) in enumerate(articles)))

    def close(self) -> None:
        self.connection.commit()
        self.connection.close()


def _encode_docs(raw: bytes, gaps: bytes, start: int, end: int) -> bytes:
    """A list's article numbers as stored: raw uint32, or, for a long list, its gaps
    zlib-compressed when that is shorter (common grams' gaps are small numbers)."""
    plain = raw[4 * start:4 * end]
    if end - start < COMPRESS_FROM:
        return plain
    packed = zlib.compress(gaps[4 * start:4 * end], 1)
    return packed if len(packed) < len(plain) else plain


def _counted_rows(rows: dict[int, list[tuple[int, int]]]):
    """(key, stored article numbers, counts) in key order, from a small job's counts."""
    for key in sorted(rows):
        if len(rows[key]) == 1:  # most grams of a few files: one article each
            local, n = rows[key][0]
            yield key, local.to_bytes(4, "little"), bytes((min(n, MAX_COUNT),))
            continue
        locals_ = array("I", (local for local, _n in rows[key]))
        gaps = array("I", (b - a for a, b in zip((0, *locals_), locals_)))
        yield (key, _encode_docs(locals_.tobytes(), gaps.tobytes(), 0, len(locals_)),
               bytes(min(n, MAX_COUNT) for _local, n in rows[key]))


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


# Maps from segment articles to store places ----------------------------------------------

def write_maps(folder: Path, places: dict[str, int], old_folder: Path | None,
               touched: set[str]) -> list[str]:
    """Write each segment's map (local article -> store place, -1 when gone) for a new
    generation whose store puts article id at `places[id]`.

    Segments carried over from the previous generation (`old_folder`) keep an article only
    if it was live there and its file was not changed or removed in this run (`touched`):
    the new version of a changed file's article has the same id, in a new segment.
    Returns the segment names, in order."""
    names = sorted(p.stem for p in folder.glob("*.db")) if folder.is_dir() else []
    for name in names:
        old_map = read_map(old_folder / f"{name}.map") \
            if old_folder is not None and (old_folder / f"{name}.map").exists() else None
        mapping = array("i")
        for local, article_id, path in segment_articles(folder / f"{name}.db"):
            alive = old_map is None or (old_map[local] >= 0 and path not in touched)
            mapping.append(places.get(article_id, -1) if alive else -1)
        with open(folder / f"{name}.map", "wb") as handle:
            mapping.tofile(handle)
    return names


def any_alive(map_path: Path) -> bool:
    """Does the map keep any article of its segment?"""
    return any(place >= 0 for place in read_map(map_path))


def segment_articles(path: Path):
    connection = open_read_only(path)
    try:
        for local, article_id, path in connection.execute(
                "SELECT local, id, path FROM articles ORDER BY local"):
            yield local, _text(article_id), _text(path)
    finally:
        connection.close()


def read_map(path: Path) -> array:
    mapping = array("i")
    data = path.read_bytes()
    mapping.frombytes(data[:len(data) - len(data) % mapping.itemsize])
    return mapping


def open_read_only(path: Path) -> sqlite3.Connection:
    # immutable: the file never changes once written, so SQLite takes no locks on it.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


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
        if self._expected is not None:
            from newsgrep.index.generations import CHECKSUM, checksum_of

            entry = self._expected.get(f"{name}.map")
            if entry is None or entry.get(CHECKSUM) != checksum_of(data):
                raise self._damaged(f"{FOLDER}/{name}.map does not match its checksum")
        mapping = array("i")
        mapping.frombytes(data[:len(data) - len(data) % mapping.itemsize])
        return mapping

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

