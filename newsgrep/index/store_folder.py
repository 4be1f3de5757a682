"""One folder of the article store: a part of a generation's store, or a worker's shard.

A folder holds its records' files as `FORMAT.md` describes them (records, each field's
folded text and offsets, the fold maps, the columns), numbered from 0 within the folder.
`StoreWriter` writes one, article by article or by copying runs from another folder;
`StoreFolder` reads one, from the folder (a shard) or from the pack a part's folder is
made into (`store_pack.py`). The whole store of a generation (`store.py`) is a sequence
of such parts.
"""
from __future__ import annotations

import json
import mmap
import os
import zlib
from array import array
from bisect import bisect_right
from pathlib import Path
from typing import Callable

from newsgrep.errors import IndexDamaged
from newsgrep.index.contents import damaged
from newsgrep.index.store_pack import PackFiles
from newsgrep.index.sheets import REFERENCES, held_text, page_from_references, page_references
from newsgrep.fields import DEFAULT_FIELDS, SHEET_FIELD
from newsgrep.index.store_format import (COLUMNS, COMPRESSED_FIELDS, INTEGER_COLUMNS,
                                         MAPPED_FIELDS, NONE_NUMBER, RECORDS, SEARCH_FIELDS,
                                         field_text, json_text, pack_record,
                                         record_dictionary, record_from_json, record_line,
                                         stored_text, text_file, unpack_record)
from newsgrep.models import Article
from newsgrep.normalize import Origins, fold_mapped

# Bytes a copy between folders reads at once (`StoreWriter.copy_range`).
COPY_BYTES = 4 << 20
_READ = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)


class StoreWriter:
    """Writes a new store folder article by article (fresh, or copying from another)."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._records = open(folder / RECORDS, "wb")
        self._record_offsets = array("q", [0])
        self._blobs = {f: open(folder / text_file(f), "wb") for f in SEARCH_FIELDS}
        self._starts = {f: array("q", [0]) for f in SEARCH_FIELDS}
        self._maps = {f: open(folder / f"{f}.origins", "wb") for f in MAPPED_FIELDS}
        self._map_starts = {f: array("q", [0]) for f in MAPPED_FIELDS}
        self._columns: dict[str, list] = {c: [] for c in COLUMNS}

    def __len__(self) -> int:
        return len(self._record_offsets) - 1

    def add(self, stored: Article, folded: dict[str, str]) -> None:
        record = pack_record(record_line(stored), record_dictionary(
            folded["title"].encode(), folded["body"].encode()))
        self._append(self._records, self._record_offsets, record, [len(record)])
        for f in SEARCH_FIELDS:
            data = (_sheet_references(folded) if f == SHEET_FIELD else
                    stored_text(f, folded[f])) + b"\x00"
            self._append(self._blobs[f], self._starts[f], data, [len(data)])
        for f in MAPPED_FIELDS:
            packed = fold_mapped(field_text(stored, f))[1].pack()
            self._append(self._maps[f], self._map_starts[f], packed, [len(packed)])
        for column in COLUMNS:
            self._columns[column].append(getattr(stored, column))

    def copy_range(self, source: "StoreFolder", first: int, stop: int) -> None:
        """Copy articles first..stop-1 of another folder as they are, byte for byte."""
        offsets = source.record_offsets
        self._copy(self._records, self._record_offsets, source, RECORDS,
                   offsets[first], offsets[stop],
                   [offsets[d + 1] - offsets[first] for d in range(first, stop)])
        for f in SEARCH_FIELDS:
            starts = source.starts(f)
            self._copy(self._blobs[f], self._starts[f], source, text_file(f),
                       starts[first], starts[stop],
                       [starts[d + 1] - starts[first] for d in range(first, stop)])
        for f in MAPPED_FIELDS:
            starts = source.map_starts(f)
            self._copy(self._maps[f], self._map_starts[f], source, f"{f}.origins",
                       starts[first], starts[stop],
                       [starts[d + 1] - starts[first] for d in range(first, stop)])
        for column in COLUMNS:
            self._columns[column].extend(source.columns[column][first:stop])

    @staticmethod
    def _append(handle, offsets: array, data: bytes, ends: list[int]) -> None:
        base = offsets[-1]
        handle.write(data)
        offsets.extend(base + end for end in ends)

    @staticmethod
    def _copy(handle, offsets: array, source: "StoreFolder", name: str, start: int,
              end: int, ends: list[int]) -> None:
        """Copy bytes start..end of `source`'s member `name`, a block at a time: a big
        file's records are one range of tens of megabytes, never held at once."""
        base = offsets[-1]
        for at in range(start, end, COPY_BYTES):
            handle.write(source.read_at(name, at, min(end, at + COPY_BYTES)))
        offsets.extend(base + length for length in ends)

    def articles(self) -> int:
        """Records written so far that are articles (not a page's text outside them)."""
        return sum(1 for ordinal in self._columns["ordinal"] if ordinal)

    def size(self) -> int:
        """Bytes of records, folded text and fold maps written so far."""
        return self._record_offsets[-1] + sum(s[-1] for s in self._starts.values()) + \
            sum(s[-1] for s in self._map_starts.values())

    def close(self) -> dict[str, list[int]]:
        """Finish the folder; per searchable field, its folded bytes (NULs left out) and
        how many records have it, for BM25's average field lengths."""
        # Durability is the publisher's job (generations.publish syncs the whole folder).
        for handle in (self._records, *self._blobs.values(), *self._maps.values()):
            handle.close()
        for f in MAPPED_FIELDS:
            _write_array(self.folder / f"{f}.ostarts", self._map_starts[f])
        _write_array(self.folder / "records.offsets", self._record_offsets)
        for f in SEARCH_FIELDS:
            _write_array(self.folder / f"{f}.starts", self._starts[f])
        for column, values in self._columns.items():
            _write_column(self.folder, column, values)
        return {f: [self._starts[f][-1] - (len(self._starts[f]) - 1),
                    sum(1 for a, b in zip(self._starts[f], self._starts[f][1:]) if b - a > 1)]
                for f in SEARCH_FIELDS}


def records_by_path(paths: list[str]) -> dict[str, list[int]]:
    """Each file's records (numbers in a path column's order), by the file's path."""
    docs: dict[str, list[int]] = {}
    for doc, path in enumerate(paths):
        docs.setdefault(path, []).append(doc)
    return docs


def _write_column(folder: Path, column: str, values: list) -> None:
    """One column, one file, so that a query loads only the columns it uses: whole numbers
    (or none) as a binary array, anything else as a JSON list."""
    if column in INTEGER_COLUMNS:
        _write_array(folder / f"{column}.column",
                     array("q", (NONE_NUMBER if v is None else v for v in values)))
    else:
        (folder / f"{column}.json").write_text(json_text(values), encoding="utf-8")


def _write_array(path: Path, values: array) -> None:
    with open(path, "wb") as handle:
        values.tofile(handle)


def read_array(data: bytes) -> array:
    values = array("q")
    values.frombytes(data[:len(data) - len(data) % values.itemsize])
    return values


def _map(path: str):
    """The file's bytes, memory-mapped (an empty file cannot be mapped: plain bytes)."""
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


class Columns:
    """A store's columns by name, each read when first used."""

    def __init__(self, store):
        self._store = store
        self._loaded: dict[str, list] = {}

    def __getitem__(self, column: str) -> list:
        if column not in self._loaded:
            self._loaded[column] = self._store.read_column(column)
        return self._loaded[column]


class FolderFiles:
    """A store folder's files, one per member: a worker's shard, written by this run
    (parts are packs: `store_pack.PackFiles`, the same calls)."""

    def __init__(self, folder: Path, label: str, damage: Callable[[str], IndexDamaged]):
        self._path = str(folder)
        self.label = label
        self.damage = damage
        self._fds: dict[str, int] = {}
        self._mapped: dict[str, mmap.mmap | bytes] = {}

    def _missing(self, name: str) -> IndexDamaged:
        return self.damage(f"{self.label}/{name} is missing")

    def size(self, name: str) -> int:
        try:
            return os.stat(os.path.join(self._path, name)).st_size
        except FileNotFoundError:
            raise self._missing(name) from None

    def read(self, name: str) -> bytes:
        try:
            fd = os.open(os.path.join(self._path, name), _READ)
        except FileNotFoundError:
            raise self._missing(name) from None
        try:
            return os.read(fd, os.fstat(fd).st_size + 1)
        finally:
            os.close(fd)

    def read_at(self, name: str, start: int, end: int) -> bytes:
        fd = self._fds.get(name)
        if fd is None:
            try:
                fd = self._fds[name] = os.open(os.path.join(self._path, name), _READ)
            except FileNotFoundError:
                raise self._missing(name) from None
        data = os.pread(fd, end - start, start)
        if len(data) != end - start:
            raise self.damage(f"{self.label}/{name} is shorter than its offsets say")
        return data

    def mapped(self, name: str) -> tuple[mmap.mmap | bytes, int, int]:
        if name not in self._mapped:
            self._mapped[name] = _map(os.path.join(self._path, name))
        blob = self._mapped[name]
        return blob, 0, len(blob)

    def close(self) -> None:
        for blob in self._mapped.values():
            if isinstance(blob, mmap.mmap):
                blob.close()
        self._mapped.clear()
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()


class StoreFolder:
    """Read side of one store folder: a part of a generation's store (a pack,
    `store_pack.py`), or a worker's shard (a folder). Members are read when first needed.

    A part's members read whole are checked against their CRC-32 as they are read, and
    every offset table against the member it points into: damage is an IndexDamaged
    error, never a wrong answer. `count`, when the caller knows it (a part's entry in the
    parts table), is the number of records every table must have. `label` names the part
    in messages ("store/<part>").
    """

    def __init__(self, files: FolderFiles | PackFiles, count: int | None = None):
        self._files = files
        self.label = files.label
        self._count = count
        self._map_starts: dict[str, array] = {}
        self._starts: dict = {}
        self._record_offsets = None
        self.columns = Columns(self)  # each column read when first used

    @classmethod
    def shard(cls, folder: Path) -> "StoreFolder":
        """A worker's shard, written by this run."""
        return cls(FolderFiles(folder, folder.name,
                               lambda detail: damaged(folder.parent.parent, detail)))

    @classmethod
    def packed(cls, path: Path, count: int, label: str,
               damage: Callable[[str], IndexDamaged]) -> "StoreFolder":
        """A part of a generation's store, from its pack."""
        return cls(PackFiles(path, label, damage), count)

    def __len__(self) -> int:
        if self._count is None:
            self._count = len(self.record_offsets) - 1
        return self._count

    def damaged(self, detail: str) -> IndexDamaged:
        return self._files.damage(detail)

    def _offsets(self, name: str, size: int, count: int | None) -> array:
        """An offset table, checked to cover its data member of `size` bytes."""
        values = read_array(self._files.read(name))
        if not values or values[0] != 0 or values[-1] != size or \
                (count is not None and len(values) != count + 1):
            raise self.damaged(f"{self.label}/{name} does not fit its data")
        return values

    @property
    def record_offsets(self) -> array:
        if self._record_offsets is None:
            self._record_offsets = self._offsets("records.offsets", self._files.size(RECORDS),
                                                 self._count)
        return self._record_offsets

    def read_column(self, column: str) -> list:
        """One column's values, one per record, checked to fit the records."""
        if column not in COLUMNS:
            raise KeyError(column)
        if column in INTEGER_COLUMNS:
            values = read_array(self._files.read(f"{column}.column"))
            if NONE_NUMBER in values:  # else the array serves as it is (ordinals: always)
                values = [None if v == NONE_NUMBER else v for v in values]
        else:
            try:
                values = json.loads(self._files.read(f"{column}.json").decode("utf-8"))
            except ValueError:
                raise self.damaged(f"{self.label}/{column}.json is not JSON") from None
        if not isinstance(values, (list, array)) or len(values) != len(self):
            raise self.damaged(f"{self.label} column {column} does not fit the records")
        return values

    def starts(self, field: str) -> array:
        if field not in self._starts:
            if field not in SEARCH_FIELDS:
                raise KeyError(field)
            size = self._files.size(text_file(field))
            self._starts[field] = self._offsets(f"{field}.starts", size, len(self))
        return self._starts[field]

    def map_starts(self, field: str) -> array:
        if field not in self._map_starts:
            if field not in MAPPED_FIELDS:
                raise KeyError(field)
            self._map_starts[field] = self._offsets(
                f"{field}.ostarts", self._files.size(f"{field}.origins"), len(self))
        return self._map_starts[field]

    def span_bytes(self, first: int, stop: int) -> int:
        """Bytes of records, folded text and fold maps of records first..stop-1."""
        tables = [self.record_offsets, *map(self.starts, SEARCH_FIELDS),
                  *map(self.map_starts, MAPPED_FIELDS)]
        return sum(t[stop] - t[first] for t in tables)

    def read_at(self, name: str, start: int, end: int) -> bytes:
        """Bytes start..end of a member, read (not mapped): a query reads a few articles
        of members of hundreds of megabytes, and mapped pages it touched would count in
        its memory for as long as it runs."""
        return self._files.read_at(name, start, end)

    def field_bytes(self, doc: int, field: str) -> bytes:
        """Record `doc`'s folded `field`, UTF-8, its NUL left out (decompressed; a
        page's sheet rebuilt from its records)."""
        starts = self.starts(field)
        data = self.read_at(text_file(field), starts[doc], starts[doc + 1] - 1)
        if data and field == SHEET_FIELD:
            try:
                return page_from_references(data, held_text(self._page_records(doc))).encode()
            except ValueError as exc:
                raise self.damaged(f"{self.label}/{text_file(field)}: {exc}") from None
        if data and field in COMPRESSED_FIELDS:
            try:
                return zlib.decompress(data)
            except zlib.error:
                raise self.damaged(f"{self.label}/{text_file(field)} does not decompress") \
                    from None
        return data

    def _page_records(self, first: int) -> list[dict[str, str]]:
        """The folded default fields of the records a sheet at `first` was stored against
        (`sheets._own_records`): it and those after it up to the next sheet or file."""
        sheets, paths = self.starts(SHEET_FIELD), self.columns["path"]
        stop = first + 1
        while stop < len(self) and paths[stop] == paths[first] and \
                sheets[stop + 1] - sheets[stop] <= 1:
            stop += 1
        texts = {name: self._texts(name, first, stop) for name in DEFAULT_FIELDS}
        return [{name: texts[name][k] for name in DEFAULT_FIELDS} for k in range(stop - first)]

    def _texts(self, field: str, first: int, stop: int) -> list[str]:
        """The folded `field` (a plain one) of records first..stop-1, read at once."""
        starts = self.starts(field)
        data = self.read_at(text_file(field), starts[first], starts[stop])
        texts = data.decode().split("\x00")
        if len(texts) != stop - first + 1:  # each record's text ends with a NUL
            raise self.damaged(f"{self.label}/{text_file(field)} does not fit its starts")
        return texts[:-1]

    def raw_record(self, doc: int) -> bytes:
        """Record `doc`'s JSON line, as `record_line` made it."""
        offsets = self.record_offsets
        data = self.read_at(RECORDS, offsets[doc], offsets[doc + 1])
        try:
            return unpack_record(data, record_dictionary(self.field_bytes(doc, "title"),
                                                         self.field_bytes(doc, "body")))
        except zlib.error:
            raise self.damaged(f"record {doc} of {self.label}/{RECORDS} does not read") \
                from None

    def record(self, doc: int) -> Article:
        raw = self.raw_record(doc)
        try:
            return record_from_json(raw)
        except (ValueError, TypeError, KeyError):
            raise self.damaged(f"record {doc} of {self.label}/{RECORDS} does not read") \
                from None

    def origins(self, doc: int, field: str) -> Origins:
        """Where each folded character of record `doc`'s `field` came from."""
        starts = self.map_starts(field)
        packed = self.read_at(f"{field}.origins", starts[doc], starts[doc + 1])
        try:
            return Origins.unpack(packed)
        except (ValueError, IndexError):
            raise self.damaged(f"{self.label}/{field}.origins does not read") from None

    def docs_containing(self, field: str, needle: bytes) -> list[int]:
        """Ascending numbers of the records whose folded `field` contains `needle`, by one
        scan of the field's file (record by record for a compressed field)."""
        if field in COMPRESSED_FIELDS:
            return [doc for doc in range(len(self)) if needle in self.field_bytes(doc, field)]
        starts = self.starts(field)
        blob, base, end = self._files.mapped(text_file(field))
        docs = []
        pos = blob.find(needle, base, end)
        while pos != -1:
            doc = bisect_right(starts, pos - base) - 1
            docs.append(doc)
            pos = blob.find(needle, base + starts[doc + 1], end)
        return docs

    def close(self) -> None:
        self._files.close()


def _sheet_references(folded: dict) -> bytes:
    """What the store keeps of a record's sheet: the page as references into its
    records (`sheets.with_sheet` made them), or, for a record made without them, the page
    as references into nothing (its characters), which reads back the same."""
    page = folded[SHEET_FIELD]
    if not page:
        return b""
    return folded.get(REFERENCES) or page_references(page, "")
