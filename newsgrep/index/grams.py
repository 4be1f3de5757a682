"""Character n-gram postings: which articles can hold a string, found without reading them.

The store answers "does this article hold this string" exactly, but only by reading the
article. These postings say which articles hold each character (unigram) and each pair of
neighbouring characters (bigram) of every searchable field's folded text, with how often:
a string of one or two characters is answered from one posting list alone, a longer one
by intersecting its bigrams' lists and checking only those candidates in the store. So a
query touches the postings and articles it needs, not the archive.

Why grams and not jieba's words: matching is exact substrings (a query finds what grep
finds, whatever jieba cut), and every substring of a text is made of its bigrams.

Storage: one SQLite database per segment (`grams/NNN.db`), written once and never changed.
Its postings are packed in blocks of neighbouring keys, each one row: the keys, each
key's segment-local article numbers (ascending, as gaps) and their occurrence counts
(saturated at 255: BM25 saturates long before), zlib-compressed together. One row per key
cost more in SQLite's own bookkeeping (about 15 bytes a row, and most bigrams are in one
article) than the postings themselves; packed, a posting entry takes about two bytes. A
lookup reads the one block whose first key is at or below the key (a B-tree step) and
unpacks it. A table of the segment's articles (id and file) follows. SQLite gives a file
format every tool reads, and `PRAGMA integrity_check`. A segment is made by each share of
a build (a worker may write several, one each time its memory budget fills); later updates
add segments and hard-link the old ones. Each generation writes, per segment, a map from
local article number to the generation's store place (-1 for an article that was removed
or replaced since): `grams/NNN.map`.

Writing (`gram_writer.py`) uses NumPy (grams of a whole article at C speed, one sort per
segment); reading (here) uses only the standard library, so a query does not pay NumPy's
import.
"""
from __future__ import annotations

import sqlite3
import sys
import zlib
from array import array
from bisect import bisect_left
from itertools import accumulate
from pathlib import Path

from newsgrep.fields import SEARCH_FIELDS
from newsgrep.index.contents import matches

FOLDER = "grams"
CHAR_BITS = 21           # every code point fits; a bigram is two code points
FIELD_SHIFT = 2 * CHAR_BITS
MAX_COUNT = 255
# A block of postings closes once it holds this many entries (a longer list has a block
# of its own): small enough to unpack in tens of microseconds, big enough that zlib finds
# the repeats between neighbouring lists.
BLOCK_ENTRIES = 2048
BLOCK_LEVEL = 6  # zlib level of a block: 12 % smaller than level 1, written once
_BIG_ENDIAN = sys.byteorder == "big"
# Bytes of build memory per posting entry: key, count and article number, and the sort's
# index and copies at a flush (measured: a worker's peak grew by 211 MB for 4.1 M entries).
BYTES_PER_ENTRY = 52
DEFAULT_BUDGET_MIB = 128
# A change holding a file this big is indexed with budgets of BIG_FILE_MIB by default
# (`build.buffers_mib`). 16, the least `--memory` takes: such a file is also read in a
# process of its own (`read_ahead`), which holds about 70 MiB beside the indexing one.
BIG_FILE_BYTES = 8 << 20
BIG_FILE_MIB = 16
# Unpacked blocks a reader keeps (each about 10 KB).
BLOCKS_KEPT = 64

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


def _little(values: array) -> bytes:
    if _BIG_ENDIAN:
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _numbers(typecode: str, data) -> array:
    values = array(typecode)
    values.frombytes(data)
    if _BIG_ENDIAN:
        values.byteswap()
    return values


def encode_block(keys: bytes, lengths: bytes, gaps: bytes, counts: bytes) -> bytes:
    """One block of postings as stored: zlib of the number of keys (uint32), the keys
    (int64, ascending), each key's number of entries (uint32), every list's article
    numbers as gaps (uint32; a list starts from its first number) and their counts
    (uint8), all little-endian, one list after another."""
    header = (len(keys) // 8).to_bytes(4, "little")
    return zlib.compress(header + keys + lengths + gaps + counts, BLOCK_LEVEL)


def block_cuts(lengths) -> list[int]:
    """Where blocks start, as indexes into a run of sorted keys with these list lengths:
    a new block each time the entries before a key cross a multiple of BLOCK_ENTRIES."""
    cuts, before, block = [0], 0, 0
    for i, n in enumerate(lengths):
        if before // BLOCK_ENTRIES != block:
            block = before // BLOCK_ENTRIES
            if cuts[-1] != i:
                cuts.append(i)
        before += n
    return cuts


class Block:
    """A block of postings unpacked: its keys, and each key's articles and counts."""

    __slots__ = ("keys", "lengths", "gaps", "counts")

    def __init__(self, data: bytes):
        raw = zlib.decompress(data)
        n = int.from_bytes(raw[:4], "little")
        self.keys = _numbers("q", raw[4:4 + 8 * n])
        self.lengths = _numbers("I", raw[4 + 8 * n:4 + 12 * n])
        total = sum(self.lengths)
        at = 4 + 12 * n
        self.gaps = _numbers("I", raw[at:at + 4 * total])
        self.counts = raw[at + 4 * total:]
        if len(self.counts) != total or len(self.gaps) != total:
            raise ValueError("a postings block does not fit its lengths")

    def find(self, key: int) -> int | None:
        """The key's place in the block, or None."""
        i = bisect_left(self.keys, key)
        return i if i < len(self.keys) and self.keys[i] == key else None

    def postings(self, i: int) -> tuple[array, bytes]:
        """The i-th key's segment-local article numbers and their counts."""
        start = sum(self.lengths[:i])
        end = start + self.lengths[i]
        return array("I", accumulate(self.gaps[start:end])), self.counts[start:end]


def segment_postings(connection: sqlite3.Connection, low: int, high: int):
    """Every posting of keys in [low, high) of a segment, as flat NumPy arrays (key,
    segment-local article number, count) in key order, articles ascending within a key:
    for merging segments. Unpacked a block at a time with array operations: a block holds
    up to a thousand short lists, which one by one cost a merge most of its time."""
    import numpy as np

    start = connection.execute("SELECT max(first) FROM blocks WHERE first <= ?",
                               (low,)).fetchone()[0]
    keys, numbers, counts = [], [], []
    for (data,) in connection.execute(
            "SELECT data FROM blocks WHERE first >= ? AND first < ? ORDER BY first",
            (low if start is None else start, high)):
        block_keys, block_numbers, block_counts = _block_arrays(np, data)
        inside = (block_keys >= low) & (block_keys < high)
        keys.append(block_keys[inside])
        numbers.append(block_numbers[inside])
        counts.append(block_counts[inside])
    if not keys:
        return (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64),
                np.zeros(0, dtype=np.uint8))
    return np.concatenate(keys), np.concatenate(numbers), np.concatenate(counts)


def _block_arrays(np, data: bytes):
    """A stored block (`encode_block`) as flat arrays: each posting's key, article
    number (its list's gaps summed) and count."""
    raw = zlib.decompress(data)
    n = int.from_bytes(raw[:4], "little")
    lengths = np.frombuffer(raw, "<u4", n, 4 + 8 * n).astype(np.int64)
    total = int(lengths.sum())
    at = 4 + 12 * n
    if len(raw) != at + 5 * total:
        raise ValueError("a postings block does not fit its lengths")
    gaps = np.frombuffer(raw, "<u4", total, at).astype(np.int64)
    summed = np.concatenate([[0], np.cumsum(gaps)])
    list_starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if n else lengths
    numbers = summed[1:] - np.repeat(summed[list_starts], lengths)
    keys = np.repeat(np.frombuffer(raw, "<i8", n, 4), lengths)
    return keys, numbers, np.frombuffer(raw, np.uint8, total, at + 4 * total)


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
        self._blocks: dict[tuple[int, int], Block] = {}

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
            listed = self._list(connection, key)
            if listed is None:
                continue
            locals_, counts = listed
            try:  # C-speed loops: a common character has tens of thousands of postings
                found.update(zip(map(mapping.__getitem__, locals_), counts))
            except IndexError:
                raise self._damaged(f"{FOLDER} postings point past their map") from None
        found.pop(-1, None)  # the articles no map keeps (-1): removed or replaced
        return found

    def sizes(self, field: str, grams: list[str]) -> dict[str, int]:
        """How many articles (live or not) each gram's postings list: a cheap measure of
        which grams are rarest, read without decoding the lists themselves."""
        sizes = dict.fromkeys(grams, 0)
        for connection, _mapping in self.segments:
            for gram in grams:
                found = self._block(connection, gram_key(field, gram))
                if found is not None:
                    block, i = found
                    sizes[gram] += block.lengths[i]
        return sizes

    def _list(self, connection: sqlite3.Connection, key: int) -> tuple[array, bytes] | None:
        found = self._block(connection, key)
        return None if found is None else found[0].postings(found[1])

    def _block(self, connection: sqlite3.Connection, key: int) -> tuple[Block, int] | None:
        """The unpacked block that would hold `key`, and the key's place in it (None when
        the segment has no such key). The last blocks read are kept: a query asks for
        a term's grams one after another, and neighbouring keys share blocks."""
        try:
            row = connection.execute("SELECT first, data FROM blocks WHERE first <= ? "
                                     "ORDER BY first DESC LIMIT 1", (key,)).fetchone()
        except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise  # misuse of the connection is newsgrep's bug, not damage to the index
        except sqlite3.DatabaseError as exc:
            raise self._damaged(f"{FOLDER}: {exc}") from None
        if row is None:
            return None
        cache_key = (id(connection), row[0])
        block = self._blocks.get(cache_key)
        if block is None:
            try:
                block = Block(row[1])
            except (ValueError, zlib.error):
                raise self._damaged(f"{FOLDER} postings of a gram do not fit their counts") \
                    from None
            if len(self._blocks) >= BLOCKS_KEPT:
                self._blocks.clear()
            self._blocks[cache_key] = block
        i = block.find(key)
        return None if i is None else (block, i)

    def close(self) -> None:
        for connection, _mapping in self._segments or ():
            connection.close()
        self._segments = None
        self._blocks.clear()


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

