"""Writing gram postings: a build share's articles -> segment databases, and each
generation's maps from segment articles to store places (the format: `grams.py`)."""
from __future__ import annotations

import operator
import os
import sqlite3
import sys
from array import array
from collections import Counter
from pathlib import Path

from newsgrep.fields import SHEET_FIELD
from newsgrep.index.arrays import Moves
from newsgrep.index.grams import (CHAR_BITS, FIELD_CODES, FIELD_SHIFT, MAX_COUNT, blob,
                                  block_cuts, encode_block, read_map, segment_articles)
from newsgrep.index.sheets import SEAMS, split_seams

_BIG_ENDIAN = sys.byteorder == "big"


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
        local = len(self._articles)
        self._articles.append((article_id, path))
        if self._np is None:
            self._entries += self._add_counted(local, folded)
        else:
            self._entries += self._add_with_numpy(local, folded)
        if self._entries >= self.budget:
            self.flush()

    def _add_with_numpy(self, local: int, folded: dict[str, str]) -> int:
        """Every field's characters and pairs as keys, counted by one `unique`; how many
        entries it added."""
        np = self._np
        parts = []
        for field, code in FIELD_CODES.items():
            chars, pairs = _posted(field, folded)
            if not chars and not pairs:
                continue
            points = _code_points(np, chars)
            tag = code << FIELD_SHIFT
            parts.append(points | tag)
            if pairs is None:  # a text: every pair of neighbours
                firsts, seconds = points[:-1], points[1:]
            else:  # the sheet's seam pairs, one after another
                both = _code_points(np, "".join(pairs))
                firsts, seconds = both[0::2], both[1::2]
            if len(firsts):
                parts.append(((firsts << CHAR_BITS) | seconds) | tag)
        if not parts:
            return 0
        keys, counts = np.unique(np.concatenate(parts), return_counts=True)
        self._keys.append(keys)
        self._counts.append(np.minimum(counts, MAX_COUNT).astype(np.uint8))
        self._locals.append(np.full(len(keys), local, dtype=np.uint32))
        return len(keys)

    def _add_counted(self, local: int, folded: dict[str, str]) -> int:
        """The same keys and counts as the NumPy path, counted by `Counter`; how many
        entries it added."""
        rows, added = self._rows, 0
        for field, code in FIELD_CODES.items():
            text, seams = _posted(field, folded)
            tag = code << FIELD_SHIFT
            chars = Counter(text)
            pairs = Counter(map(operator.add, text, text[1:]) if seams is None else seams)
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
                segment.add_lists(_counted_lists(self._rows))
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


def _posted(field: str, folded: dict[str, str]) -> tuple[str, list[str] | None]:
    """What a field posts: its text's characters and pairs (None: every pair of the
    text), or, for a page's sheet whose seams are known, only those (`sheets.py`)."""
    if field == SHEET_FIELD and SEAMS in folded:
        return split_seams(folded[SEAMS])
    return folded.get(field, ""), None


def _code_points(np, text: str):
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"),
                         dtype="<u4").astype(np.int64)


class SegmentFile:
    """One segment database being written: postings in ascending key order (in one or
    several sorted pieces, each after the last), packed in blocks (`grams.py`), then its
    articles."""

    def __init__(self, path: Path):
        self.connection = sqlite3.connect(path)
        self.connection.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE blocks(first INTEGER PRIMARY KEY, entries INTEGER NOT NULL,"
            " data BLOB NOT NULL);"
            "CREATE TABLE articles(local INTEGER PRIMARY KEY, id BLOB NOT NULL,"
            " path BLOB NOT NULL);")

    def add_sorted(self, keys, locals_, counts) -> None:
        """Postings from flat NumPy arrays sorted by key (articles ascending within a
        key)."""
        if not len(keys):
            return
        np = __import__("numpy")
        bounds = np.flatnonzero(keys[1:] != keys[:-1]) + 1
        starts = np.concatenate([[0], bounds])
        lengths = np.diff(np.concatenate([starts, [len(keys)]]))
        docs = locals_.astype("<u4")
        gaps = docs.copy()
        gaps[1:] -= docs[:-1]
        gaps[starts] = docs[starts]  # each list starts from its first number
        firsts = keys[starts].astype("<i8")
        tallies = np.minimum(counts, MAX_COUNT).astype(np.uint8)
        lengths32 = lengths.astype("<u4")
        cuts = block_cuts(lengths.tolist()) + [len(starts)]
        ends = (starts + lengths).tolist()
        starts = starts.tolist()
        self._insert((int(firsts[a]), ends[b - 1] - starts[a],
                      encode_block(firsts[a:b].tobytes(), lengths32[a:b].tobytes(),
                                   gaps[starts[a]:ends[b - 1]].tobytes(),
                                   tallies[starts[a]:ends[b - 1]].tobytes()))
                     for a, b in zip(cuts, cuts[1:]))

    def add_lists(self, lists) -> None:
        """Postings as (key, article numbers, counts) lists in ascending key order (the
        plain-Python path: the same blocks, byte for byte, as `add_sorted` writes)."""
        lists = list(lists)
        cuts = block_cuts([len(docs) for _key, docs, _counts in lists]) + [len(lists)]
        self._insert(_packed(lists[a:b]) for a, b in zip(cuts, cuts[1:]) if a < b)

    def _insert(self, blocks) -> None:
        self.connection.executemany("INSERT INTO blocks VALUES (?, ?, ?)", blocks)

    def add_articles(self, articles) -> None:
        """The segment's articles, (id, path) in local order."""
        self.connection.executemany(
            "INSERT INTO articles VALUES (?, ?, ?)",
            ((n, blob(i), blob(p)) for n, (i, p) in enumerate(articles)))

    def close(self) -> None:
        self.connection.commit()
        self.connection.close()


def _packed(lists) -> tuple[int, int, bytes]:
    """One block's row from its (key, article numbers, counts) lists."""
    keys = array("q", (key for key, _docs, _counts in lists))
    lengths = array("I", (len(docs) for _key, docs, _counts in lists))
    gaps, counts = array("I"), bytearray()
    for _key, docs, tallies in lists:
        gaps.extend(b - a for a, b in zip((0, *docs), docs))
        counts.extend(min(n, MAX_COUNT) for n in tallies)
    if _BIG_ENDIAN:
        for values in (keys, lengths, gaps):
            values.byteswap()
    return lists[0][0], len(gaps), \
        encode_block(keys.tobytes(), lengths.tobytes(), gaps.tobytes(), bytes(counts))


def _counted_lists(rows: dict[int, list[tuple[int, int]]]):
    """(key, article numbers, counts) in key order, from a small job's counts."""
    for key in sorted(rows):
        yield key, [local for local, _n in rows[key]], [n for _local, n in rows[key]]


def write_maps(folder: Path, places: dict[str, int], old_folder: Path | None,
               touched: set[str], moved: Moves | None = None) -> dict[str, int]:
    """Write each segment's map (local article -> store place, -1 when gone) for a new
    generation whose store puts article id at `places[id]`.

    Segments carried over from the previous generation (`old_folder`) keep an article only
    if it was live there and its file was not changed or removed in this run (`touched`):
    the new version of a changed file's article has the same id, in a new segment. With
    `moved` (each old store place's new place, -1 for the records of touched files), a
    carried-over map is the old one moved, without reading the segment's articles.
    Returns each segment's count of live articles, by name, in order."""
    names = sorted(p.stem for p in folder.glob("*.db")) if folder.is_dir() else []
    live = {}
    for name in names:
        old_map = read_map(old_folder / f"{name}.map") \
            if old_folder is not None and (old_folder / f"{name}.map").exists() else None
        mapping = _moved(old_map, moved) if old_map is not None and moved is not None \
            else None
        if mapping is None:
            mapping = array("i")
            for local, article_id, path in segment_articles(folder / f"{name}.db"):
                alive = old_map is None or (old_map[local] >= 0 and path not in touched)
                mapping.append(places.get(article_id, -1) if alive else -1)
        if old_map is None or mapping != old_map or not _linked(old_folder, folder, name):
            with open(folder / f"{name}.map", "wb") as handle:
                mapping.tofile(handle)
        live[name] = len(mapping) - _nones(mapping)
    return live


def _linked(old_folder: Path, folder: Path, name: str) -> bool:
    """Keep a map the update left as it was by a hard link to the old one (not written,
    synced and checksummed again: most maps, after an edit); False where links fail."""
    try:
        os.link(old_folder / f"{name}.map", folder / f"{name}.map")
    except OSError:
        return False
    return True


def _nones(mapping: array) -> int:
    """How many articles a map has gone (-1): a count of the byte pattern of -1, at C
    speed. Exact for a map (no value below -1): a run of 0xff bytes there is the items
    of -1 in it and at most three bytes of a neighbour, so it counts those items."""
    return mapping.tobytes().count(b"\xff" * mapping.itemsize)


def _moved(old_map: array, moved: Moves) -> array | None:
    """An old map with every place moved to its new one (None if it points outside the
    old store: then it is made anew from the segment's articles)."""
    try:
        mapping = moved.remapped(old_map)
    except IndexError:
        return None
    return mapping if isinstance(mapping, array) else array("i", mapping)


