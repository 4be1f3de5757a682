"""Writing gram postings: a build share's articles -> segment databases, and each
generation's maps from segment articles to store places (the format: `grams.py`)."""
from __future__ import annotations

import operator
import sqlite3
import zlib
from array import array
from collections import Counter
from pathlib import Path

from newsgrep.fields import SHEET_FIELD
from newsgrep.index.grams import (CHAR_BITS, COMPRESS_FROM, FIELD_CODES, FIELD_SHIFT,
                                  MAX_COUNT, blob, read_map, segment_articles)
from newsgrep.index.sheets import SEAMS, split_seams


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
            ((n, blob(i), blob(p)) for n, (i, p) in enumerate(articles)))

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


