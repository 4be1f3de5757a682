"""The article store: every article's fields as read, and their folded text for exact matching.

Whoosh ranks; the gram postings (`grams.py`) name the candidates; this store has the last
word on what matches. Each searchable field is one folded UTF-8 file with the articles
one after another, each ended by NUL (folding never produces NUL, so no match can run from
one article into the next); a candidate's stretch is read and searched for the string:
exact, whatever jieba made of the words, and as complete as grep. Records (the original
text and metadata) are JSON Lines with an offset table, so a hit's article is one read
away.

A generation's store is a sequence of **parts** (`store_folder.py`), each holding the
records of a run of corpus files in store order, one file (a pack, `store_pack.py`),
listed with each one's first article number in `parts.json`. A part is never changed
once written: an update hard-links the
parts whose files did not change and writes new ones only where files changed
(`store_layout.py`), so that its cost follows the change, not the archive. `Store` reads
the parts as one store numbered 0, 1, 2 … across them.
"""
from __future__ import annotations

import json
import os
import re
import stat
import sys
from array import array
from bisect import bisect_right
from itertools import groupby
from pathlib import Path

from newsgrep.errors import IndexDamaged, IndexIncompatible
from newsgrep.fields import ARTICLE_KEY
from newsgrep.index.contents import damaged, matches, rebuild_hint
# The store's spelling and its one-folder reader and writer: part of this module's API.
from newsgrep.index.store_folder import (Columns, StoreFolder, StoreWriter,  # noqa: F401
                                         read_array, records_by_path)
from newsgrep.index.store_format import (  # noqa: F401
    AUTHOR_SEPARATOR, COLUMNS, COMPRESSED_FIELDS, COMPRESSION_LEVEL, DEFAULT_FIELDS,
    DOCMAP, INTEGER_COLUMNS, MAPPED_FIELDS, NONE_NUMBER, RECORDS, SEARCH_FIELDS,
    field_text, folded_fields, json_text, record_from_json, record_line, record_to_json,
    stored_text, text_file)
from newsgrep.models import Article
from newsgrep.normalize import Origins

# The parts table: which parts make the store, in order, and what each holds.
PARTS = "parts.json"
# The layout of a store folder this code reads; another is refused ("--rebuild").
# 1: parts, each a folder (before it, one folder of files for the whole store); 2: each
# part one file, its folder's files packed (`store_pack.py`).
STORE_LAYOUT = 2
# A part's name (its pack's file name): the generation that wrote it and a number
# (never reused).
PART_NAME = re.compile(r"^gen-\d{6}(?:-[0-9a-f]+)?-\d+$")


def part_entry(name: str, first: int, records: int, articles: int, size: int,
               lengths: dict[str, list[int]]) -> dict:
    """A part's line in the parts table."""
    return {"name": name, "first": first, "records": records, "articles": articles,
            "bytes": size, "lengths": lengths}


def write_parts(store_dir: Path, parts: list[dict]) -> None:
    """The parts table, written once the parts are: the store is whatever it lists."""
    (store_dir / PARTS).write_text(
        json_text({"layout": STORE_LAYOUT, "parts": parts}), encoding="utf-8")


class Store:
    """Read side of a generation's store: its parts as one, numbered across them.

    With `expected` (each file's size and checksum from the generation's manifest, by
    name inside the store folder), the parts table and the docmap are checked against
    their checksums as they are read; a part checks the members it reads whole against
    their CRC-32 (`store_pack.py`). Parts are opened when first needed: a query reads
    only the parts its candidates are in, besides the columns and offsets it reads across
    all of them.
    """

    def __init__(self, folder: Path, expected: dict[str, dict] | None = None):
        self.folder = folder
        self.expected = expected
        self._table: list[dict] | None = None
        self._firsts: list[int] = []
        self._parts: dict[int, StoreFolder] = {}
        self._starts: dict[str, array] = {}
        self._averages: dict[str, float] = {}
        self._docmap: array | None = None
        self._docmap_bounded = False
        self.columns = Columns(self)  # each column read when first used

    def damaged(self, detail: str) -> IndexDamaged:
        return damaged(self.folder.parent.parent, detail)

    @property
    def table(self) -> list[dict]:
        """The parts table's entries, checked to number the records one after another."""
        if self._table is None:
            self._table = self._read_table()
            self._firsts = [entry["first"] for entry in self._table]
        return self._table

    def _read_table(self) -> list[dict]:
        index_dir = self.folder.parent.parent
        try:
            data = (self.folder / PARTS).read_bytes()
        except FileNotFoundError:  # a store of one folder, from before parts
            raise IndexIncompatible(f"index {index_dir} was written by another newsgrep "
                                    f"(its store has no {PARTS}); {rebuild_hint(index_dir)}") \
                from None
        if self.expected is not None and not matches(data, self.expected.get(PARTS)):
            raise self.damaged(f"store/{PARTS} does not match its checksum")
        try:
            table = json.loads(data)
            layout, parts = table["layout"], table["parts"]
        except (ValueError, KeyError, TypeError):
            raise self.damaged(f"store/{PARTS} does not read") from None
        if layout != STORE_LAYOUT:
            raise IndexIncompatible(f"index {index_dir} has another store layout ({layout!r}); "
                                    f"{rebuild_hint(index_dir)}")
        if not _sound_parts(parts):
            raise self.damaged(f"store/{PARTS} does not read")
        return parts

    def __len__(self) -> int:
        table = self.table
        return table[-1]["first"] + table[-1]["records"] if table else 0

    def part(self, k: int) -> StoreFolder:
        """Part `k`, opened (its pack: a regular file, never a symlink) when first asked
        for."""
        if k not in self._parts:
            entry = self.table[k]
            name = entry["name"]
            path = self.folder / name
            try:
                is_file = stat.S_ISREG(os.lstat(path).st_mode)
            except OSError:
                is_file = False
            if not is_file:
                raise self.damaged(f"store/{name} is not a part")
            self._parts[k] = StoreFolder.packed(path, entry["records"], f"store/{name}",
                                                self.damaged)
        return self._parts[k]

    def part_of(self, doc: int) -> int:
        """The number of the part holding article `doc`."""
        if not 0 <= doc < len(self):
            raise IndexError(doc)
        return bisect_right(self._firsts, doc) - 1

    def locate(self, doc: int) -> tuple[StoreFolder, int]:
        """The part holding article `doc`, and its number there."""
        k = self.part_of(doc)
        return self.part(k), doc - self._firsts[k]

    def article_count(self, first: int = 0, stop: int | None = None) -> int:
        """Records that are articles (not a page's text outside its articles)."""
        if first == 0 and stop is None:
            return sum(entry["articles"] for entry in self.table)
        return sum(1 for ordinal in self.columns["ordinal"][first:stop] if ordinal)

    def read_column(self, column: str) -> list:
        """One column's values across the parts, one per article."""
        if column not in COLUMNS:
            raise KeyError(column)
        pieces = [self.part(k).read_column(column) for k in range(len(self.table))]
        whole = array("q") if column in INTEGER_COLUMNS and \
            all(isinstance(p, array) for p in pieces) else []
        for piece in pieces:
            whole.extend(piece)
        return whole

    def starts(self, field: str) -> array:
        """The field's N+1 offsets as if its parts' files were one: record `d`'s folded
        text is `starts[d+1] - starts[d] - 1` bytes (what ranking asks)."""
        if field not in self._starts:
            if field not in SEARCH_FIELDS:
                raise KeyError(field)
            chunks, base = [], 0
            for k in range(len(self.table)):
                local = self.part(k).starts(field)
                chunks.append(_shifted(local[1:], base))
                base += local[-1]
            whole = array("q", [0])
            whole.frombytes(b"".join(chunks))
            self._starts[field] = whole
        return self._starts[field]

    def average_length(self, field: str) -> float:
        """The mean folded length of the field (bytes) over the articles that have it
        (ranking asks it for every article it scores: summed over the parts once)."""
        if field not in self._averages:
            try:
                total = sum(entry["lengths"][field][0] for entry in self.table)
                present = sum(entry["lengths"][field][1] for entry in self.table)
            except (KeyError, TypeError, IndexError):
                raise self.damaged(f"store/{PARTS} does not read") from None
            self._averages[field] = max(total, 1) / max(present, 1)
        return self._averages[field]

    def field_bytes(self, doc: int, field: str) -> bytes:
        """Article `doc`'s folded `field`, UTF-8, its NUL left out (decompressed)."""
        part, local = self.locate(doc)
        return part.field_bytes(local, field)

    def folded(self, doc: int, field: str) -> str:
        return self.field_bytes(doc, field).decode()

    def count_in(self, doc: int, field: str, needle: str) -> int:
        return self.field_bytes(doc, field).count(needle.encode())

    def raw_record(self, doc: int) -> bytes:
        """Record `doc`'s JSON line, as `record_line` made it."""
        part, local = self.locate(doc)
        return part.raw_record(local)

    def record(self, doc: int) -> Article:
        part, local = self.locate(doc)
        return part.record(local)

    def fold_of(self, doc: int, field: str) -> tuple[str, Origins]:
        """Article `doc`'s folded `field` and where each folded character came from in
        the original (title and body), as stored at index time."""
        part, local = self.locate(doc)
        return part.field_bytes(local, field).decode(), part.origins(local, field)

    def docs_by_path(self) -> dict[str, list[int]]:
        """Each file's articles, as store indexes in page order."""
        return records_by_path(self.columns["path"])

    def file_ranges(self, files: dict[str, dict] | None = None) -> dict[str, range | list[int]]:
        """Each file's records, as store indexes in page order (a range: the store keeps a
        file's records together, the files in path order).

        From the `records` count of each file's entry in the generation's files table
        (`files`, in store order) when they add up to the store, at the cost of one
        addition a file; else (an index made before the counts) from the path column, at
        the cost of reading it (13 ms at 10x)."""
        ranges: dict[str, range | list[int]] = {}
        first = 0
        for path, entry in (files or {}).items():
            count = entry.get("records")
            if type(count) is not int or count < 0:
                break
            if count:
                ranges[path] = range(first, first + count)
            first += count
        else:
            if files and first == len(self):
                return ranges
        ranges, first = {}, 0
        for path, run in groupby(self.columns["path"]):
            count = sum(1 for _ in run)
            if path in ranges:  # never written so; read all the same
                ranges[path] = [*ranges[path], *range(first, first + count)]
            else:
                ranges[path] = range(first, first + count)
            first += count
        return ranges

    def article_id(self, doc: int) -> str:
        """Record `doc`'s article id (one part's id column read, not the store's)."""
        part, local = self.locate(doc)
        return part.columns[ARTICLE_KEY][local]

    def whoosh_docmap(self, bounded: bool = True) -> array:
        """For every Whoosh document number, its record's place (-1: deleted); read and
        checked against its checksum once. `bounded`: every place is checked to lie in the
        store (once), for a reader that takes them as places; an update, which carries them
        over or looks a few up (`in_store`), leaves out this pass over the whole table
        (3 ms at 10x)."""
        if self._docmap is None:
            self._docmap = self._read_docmap()
        if bounded and not self._docmap_bounded:
            if self._docmap and (max(self._docmap) >= len(self) or min(self._docmap) < -1):
                raise self.damaged(f"store/{DOCMAP} points past the records")
            self._docmap_bounded = True
        return self._docmap

    def in_store(self, place: int) -> int:
        """`place`, a place taken from the docmap unchecked, if it lies in the store."""
        if not 0 <= place < len(self):
            raise self.damaged(f"store/{DOCMAP} points past the records")
        return place

    def _read_docmap(self) -> array:
        try:
            data = (self.folder / DOCMAP).read_bytes()
        except FileNotFoundError:
            raise self.damaged(f"store/{DOCMAP} is missing") from None
        if self.expected is not None and not matches(data, self.expected.get(DOCMAP)):
            raise self.damaged(f"store/{DOCMAP} does not match its checksum")
        return read_array(data)

    def docs_containing(self, field: str, needle: str) -> list[int]:
        """Ascending indexes of the articles whose folded `field` contains `needle`, by one
        scan of the whole field. Queries find matches through the gram postings
        (`search.occurrences`); this scan is the plain answer they are checked against."""
        if not needle:
            return list(range(len(self)))
        docs: list[int] = []
        for k, entry in enumerate(self.table):
            docs.extend(entry["first"] + d
                        for d in self.part(k).docs_containing(field, needle.encode()))
        return docs

    def close(self) -> None:
        for part in self._parts.values():
            part.close()
        self._parts.clear()


def _shifted(values: array, base: int) -> bytes:
    """`values` (64-bit, each and its sum with `base` below 2**63) plus `base`, as bytes.

    Done at C speed, for a cold query builds the offsets of every field it ranks across
    all parts (73k records at 10x: 10 ms a field by a Python loop, 1.5 ms so): the values'
    bytes read as one big integer, `base` added to every 8-byte lane at once by adding
    `base` times the integer whose lanes all hold 1; no lane overflows, so no carry
    crosses into the next."""
    data = values.tobytes()
    if not base or not data:
        return data
    one = (1).to_bytes(values.itemsize, sys.byteorder)
    total = int.from_bytes(data, sys.byteorder) + \
        base * int.from_bytes(one * len(values), sys.byteorder)
    return total.to_bytes(len(data), sys.byteorder)


def _sound_parts(parts) -> bool:
    """Parts named as a writer names them, numbering the records one after another."""
    if not isinstance(parts, list):
        return False
    first = 0
    for entry in parts:
        try:
            if not PART_NAME.match(entry["name"]) or entry["first"] != first or \
                    type(entry["records"]) is not int or entry["records"] <= 0 or \
                    not isinstance(entry["lengths"], dict):
                return False
        except (KeyError, TypeError):
            return False
        first += entry["records"]
    return len({entry["name"] for entry in parts}) == len(parts)
