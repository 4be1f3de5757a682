"""The article store: every article's fields as read, and their folded text for exact matching.

Whoosh ranks; the gram postings (`grams.py`) name the candidates; this store has the last
word on what matches. Each searchable field is one folded UTF-8 file with the articles
one after another, each ended by NUL (folding never produces NUL, so no match can run from
one article into the next); a candidate's stretch is read and searched for the string:
exact, whatever jieba made of the words, and as complete as grep. Records (the original
text and metadata) are JSON Lines with an offset table, so a hit's article is one read
away.
"""
from __future__ import annotations

import json
import mmap
import os
import zlib
from array import array
from bisect import bisect_right
from dataclasses import asdict
from pathlib import Path

from newsgrep import fields
from newsgrep.errors import IndexDamaged
from newsgrep.index.contents import damaged, matches
from newsgrep.models import Article
from newsgrep.normalize import Origins, fold, fold_mapped, fold_page

# Kept for their importers; the table in newsgrep.fields is the source.
SEARCH_FIELDS = fields.SEARCH_FIELDS
DEFAULT_FIELDS = fields.DEFAULT_FIELDS
COLUMNS = fields.COLUMNS
AUTHOR_SEPARATOR = fields.AUTHOR_SEPARATOR
# Whoosh document number -> store index, written after Whoosh commits.
DOCMAP = "whoosh.docmap"
# Per searchable field: its folded UTF-8 bytes over all articles, and how many have it.
LENGTHS = "lengths.json"
# Fields whose fold maps (where each folded character came from) are stored, so that a
# hit's highlights are found without folding its text again.
MAPPED_FIELDS = ("title", "body")
# Columns of whole numbers or none, kept as binary arrays (NONE_NUMBER for none).
INTEGER_COLUMNS = ("page", "ordinal", "continued_from", "continued_to", "unprinted")
NONE_NUMBER = -(1 << 62)
# Fields kept zlib-compressed, one stream per record (`<field>.z`): a page's sheet is read
# only for the few pages a query's seams name (`sheets.py`), never scanned.
COMPRESSED_FIELDS = (fields.SHEET_FIELD,)
COMPRESSION_LEVEL = 1  # about half the size; higher levels save 3 % more at 3 times the cost


def text_file(field: str) -> str:
    """The store file holding a searchable field's folded text."""
    return f"{field}.z" if field in COMPRESSED_FIELDS else f"{field}.txt"


def stored_text(field: str, folded: str) -> bytes:
    """A record's folded field as its file keeps it (its NUL ending left out)."""
    data = folded.encode()
    return zlib.compress(data, COMPRESSION_LEVEL) if data and field in COMPRESSED_FIELDS \
        else data


def field_text(article: Article, field: str) -> str:
    """The original text of one searchable field (several authors joined by the separator)."""
    value = getattr(article, fields.FIELD_BY_NAME[field].source)
    if isinstance(value, tuple):
        return AUTHOR_SEPARATOR.join(value)
    return value or ""


def folded_fields(article: Article) -> dict[str, str]:
    """Every searchable field of an article, folded. Folding drops the author separator,
    so a field of several values is folded one value at a time."""
    folded = {}
    for name in SEARCH_FIELDS:
        value = getattr(article, fields.FIELD_BY_NAME[name].source)
        if name == fields.SHEET_FIELD:
            folded[name] = fold_page(value) if value else ""
        elif isinstance(value, tuple):
            folded[name] = AUTHOR_SEPARATOR.join(fold(v) for v in value)
        else:
            folded[name] = fold(value or "")
    return folded


def record_to_json(stored: Article) -> str:
    data = asdict(stored)
    del data["page_text"]  # searched in its folded blob; the page file holds it as printed
    data["authors"] = list(stored.authors)
    return json_text(data)


def json_text(value) -> str:
    """Compact JSON, UTF-8 text as is; escaped (\\udcff) when it holds a lone surrogate,
    as a file name with bytes that are not UTF-8 does, so that it stays lossless."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode()
    except UnicodeEncodeError:
        text = json.dumps(value, separators=(",", ":"))
    return text


def record_line(stored: Article) -> bytes:
    """The article's JSON line in the records (`records.z`, compressed), as compared on
    updates."""
    return record_to_json(stored).encode() + b"\n"


# The records file: each record's JSON line compressed on its own (zlib), with the
# record's folded title and body as the preset dictionary: the text as read differs from
# its folded form in a few characters (full-width punctuation, case), so the record costs
# little more than its metadata. Reading one needs its folded title and body, which a
# hit's display reads anyway.
RECORDS = "records.z"
RECORD_LEVEL = 6
_WINDOW = 32768  # zlib's window: a dictionary longer than this is cut from the front


def record_dictionary(title: bytes, body: bytes) -> bytes:
    return (title + b"\n" + body)[-_WINDOW:]


def pack_record(line: bytes, dictionary: bytes) -> bytes:
    compressor = zlib.compressobj(RECORD_LEVEL, zdict=dictionary) if dictionary else \
        zlib.compressobj(RECORD_LEVEL)
    return compressor.compress(line) + compressor.flush()


def unpack_record(data: bytes, dictionary: bytes) -> bytes:
    decompressor = zlib.decompressobj(zdict=dictionary) if dictionary else zlib.decompressobj()
    line = decompressor.decompress(data)
    if not decompressor.eof:
        raise zlib.error("truncated record")
    return line


def record_from_json(line: bytes | str) -> Article:
    data = json.loads(line)
    data["authors"] = tuple(data["authors"])
    return Article(**data)


class StoreWriter:
    """Writes a new store folder article by article (fresh, or copying from an old store)."""

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

    def add(self, stored: Article, folded: dict[str, str]) -> None:
        record = pack_record(record_line(stored), record_dictionary(
            folded["title"].encode(), folded["body"].encode()))
        self._append(self._records, self._record_offsets, record, [len(record)])
        for f in SEARCH_FIELDS:
            data = stored_text(f, folded[f]) + b"\x00"
            self._append(self._blobs[f], self._starts[f], data, [len(data)])
        for f in MAPPED_FIELDS:
            packed = fold_mapped(field_text(stored, f))[1].pack()
            self._append(self._maps[f], self._map_starts[f], packed, [len(packed)])
        for column in COLUMNS:
            self._columns[column].append(getattr(stored, column))

    def copy_range(self, source: "Store", first: int, stop: int) -> None:
        """Copy articles first..stop-1 of another store as they are, byte for byte."""
        offsets = source.record_offsets
        self._append(self._records, self._record_offsets,
                     source.records_bytes(offsets[first], offsets[stop]),
                     [offsets[d + 1] - offsets[first] for d in range(first, stop)])
        for f in SEARCH_FIELDS:
            starts = source.starts(f)
            self._append(self._blobs[f], self._starts[f],
                         source.field_range(f, first, stop),
                         [starts[d + 1] - starts[first] for d in range(first, stop)])
        for f in MAPPED_FIELDS:
            starts = source.map_starts(f)
            self._append(self._maps[f], self._map_starts[f],
                         source._read_at(f"{f}.origins", starts[first], starts[stop]),
                         [starts[d + 1] - starts[first] for d in range(first, stop)])
        for column in COLUMNS:
            self._columns[column].extend(source.columns[column][first:stop])

    @staticmethod
    def _append(handle, offsets: array, data: bytes, ends: list[int]) -> None:
        base = offsets[-1]
        handle.write(data)
        offsets.extend(base + end for end in ends)

    def close(self) -> None:
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
        lengths = {f: [self._starts[f][-1] - (len(self._starts[f]) - 1),
                       sum(1 for a, b in zip(self._starts[f], self._starts[f][1:]) if b - a > 1)]
                   for f in SEARCH_FIELDS}
        (self.folder / LENGTHS).write_text(json_text(lengths), encoding="utf-8")


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


def _read_array(data: bytes) -> array:
    values = array("q")
    values.frombytes(data[:len(data) - len(data) % values.itemsize])
    return values


def _map(path: Path):
    """The file's bytes, memory-mapped (an empty file cannot be mapped: plain bytes)."""
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


class Columns:
    """The store's columns by name, each read when first used."""

    def __init__(self, store: "Store"):
        self._store = store
        self._loaded: dict[str, list] = {}

    def __getitem__(self, column: str) -> list:
        if column not in self._loaded:
            self._loaded[column] = self._store.read_column(column)
        return self._loaded[column]


class Store:
    """Read side of a store folder. Files are opened when first needed.

    With `expected` (each file's size and checksum from the generation's manifest), every
    file read whole is checked against its checksum as it is read, and every offset table
    against the file it points into: damage is an IndexDamaged error, never a wrong answer.
    """

    def __init__(self, folder: Path, expected: dict[str, dict] | None = None):
        self.folder = folder
        self.expected = expected
        self._blobs: dict = {}
        self._fds: dict[str, int] = {}
        self._map_starts: dict[str, array] = {}
        self._starts: dict = {}
        self._record_offsets = None
        self._columns = None
        self._lengths = None

    def __len__(self) -> int:
        return len(self.record_offsets) - 1

    def article_count(self, first: int = 0, stop: int | None = None) -> int:
        """Records that are articles (not a page's text outside its articles)."""
        return sum(1 for ordinal in self.columns["ordinal"][first:stop] if ordinal)

    def damaged(self, detail: str) -> IndexDamaged:
        return damaged(self.folder.parent.parent, detail)

    def _read(self, name: str) -> bytes:
        """A store file read whole, checked against the manifest's checksum."""
        try:
            data = (self.folder / name).read_bytes()
        except FileNotFoundError:
            raise self.damaged(f"store/{name} is missing") from None
        if self.expected is not None and not matches(data, self.expected.get(name)):
            raise self.damaged(f"store/{name} does not match its checksum")
        return data

    def _offsets(self, name: str, size: int, count: int | None) -> array:
        """An offset table, checked to cover its data file of `size` bytes."""
        values = _read_array(self._read(name))
        if not values or values[0] != 0 or values[-1] != size or \
                (count is not None and len(values) != count + 1):
            raise self.damaged(f"store/{name} does not fit its data")
        return values

    @property
    def record_offsets(self) -> array:
        if self._record_offsets is None:
            self._record_offsets = self._offsets("records.offsets",
                                                 self._size(RECORDS), None)
        return self._record_offsets

    def _size(self, name: str) -> int:
        try:
            return (self.folder / name).stat().st_size
        except FileNotFoundError:
            raise self.damaged(f"store/{name} is missing") from None

    @property
    def columns(self) -> "Columns":
        if self._columns is None:
            self._columns = Columns(self)
        return self._columns

    def read_column(self, column: str) -> list:
        """One column's values, one per article, checked to fit the records."""
        if column not in COLUMNS:
            raise KeyError(column)
        if column in INTEGER_COLUMNS:
            values = _read_array(self._read(f"{column}.column"))
            if NONE_NUMBER in values:  # else the array serves as it is (ordinals: always)
                values = [None if v == NONE_NUMBER else v for v in values]
        else:
            try:
                values = json.loads(self._read(f"{column}.json").decode("utf-8"))
            except ValueError:
                raise self.damaged(f"store/{column}.json is not JSON") from None
        if not isinstance(values, (list, array)) or len(values) != len(self):
            raise self.damaged(f"store column {column} does not fit the records")
        return values

    def average_length(self, field: str) -> float:
        """The mean folded length of the field (bytes) over the articles that have it."""
        if self._lengths is None:
            try:
                lengths = json.loads(self._read(LENGTHS))
                self._lengths = {f: (float(lengths[f][0]), float(lengths[f][1]))
                                 for f in SEARCH_FIELDS}
            except (ValueError, KeyError, TypeError, IndexError):
                raise self.damaged(f"store/{LENGTHS} does not read") from None
        total, present = self._lengths[field]
        return max(total, 1) / max(present, 1)

    def blob(self, field: str):
        """The field's folded text file, memory-mapped: for scanning all of it at once.
        Reading an article's stretch goes through `field_bytes`, which maps nothing."""
        if field not in self._blobs:
            self.starts(field)
            self._blobs[field] = _map(self.folder / text_file(field))
        return self._blobs[field]

    def starts(self, field: str) -> array:
        if field not in self._starts:
            if field not in SEARCH_FIELDS:
                raise KeyError(field)
            size = self._size(text_file(field))
            self._starts[field] = self._offsets(f"{field}.starts", size, len(self))
        return self._starts[field]

    def _read_at(self, name: str, start: int, end: int) -> bytes:
        """Bytes start..end of a store file, read (not mapped): a query reads a few
        articles of files of hundreds of megabytes, and mapped pages it touched would
        count in its memory for as long as it runs."""
        fd = self._fds.get(name)
        if fd is None:
            flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
            try:
                fd = self._fds[name] = os.open(self.folder / name, flags)
            except FileNotFoundError:
                raise self.damaged(f"store/{name} is missing") from None
        data = os.pread(fd, end - start, start)
        if len(data) != end - start:
            raise self.damaged(f"store/{name} is shorter than its offsets say")
        return data

    def field_bytes(self, doc: int, field: str) -> bytes:
        """Article `doc`'s folded `field`, UTF-8, its NUL left out (decompressed)."""
        starts = self.starts(field)
        data = self._read_at(text_file(field), starts[doc], starts[doc + 1] - 1)
        if data and field in COMPRESSED_FIELDS:
            try:
                return zlib.decompress(data)
            except zlib.error:
                raise self.damaged(f"store/{text_file(field)} does not decompress") from None
        return data

    def docs_by_path(self) -> dict[str, list[int]]:
        """Each file's articles, as store indexes in page order."""
        docs: dict[str, list[int]] = {}
        for doc, path in enumerate(self.columns["path"]):
            docs.setdefault(path, []).append(doc)
        return docs

    def whoosh_docmap(self) -> array:
        docmap = _read_array(self._read(DOCMAP))
        if docmap and (max(docmap) >= len(self) or min(docmap) < -1):
            raise self.damaged(f"store/{DOCMAP} points past the records")
        return docmap

    def records_bytes(self, start: int, end: int) -> bytes:
        """Bytes start..end of the records file, as stored (compressed)."""
        return self._read_at(RECORDS, start, end)

    def raw_record(self, doc: int) -> bytes:
        """Record `doc`'s JSON line, as `record_line` made it."""
        offsets = self.record_offsets
        data = self.records_bytes(offsets[doc], offsets[doc + 1])
        try:
            return unpack_record(data, record_dictionary(self.field_bytes(doc, "title"),
                                                         self.field_bytes(doc, "body")))
        except zlib.error:
            raise self.damaged(f"record {doc} of store/{RECORDS} does not read") from None

    def record(self, doc: int) -> Article:
        raw = self.raw_record(doc)
        try:
            return record_from_json(raw)
        except (ValueError, TypeError, KeyError):
            raise self.damaged(f"record {doc} of store/{RECORDS} does not read") from None

    def map_starts(self, field: str) -> array:
        if field not in self._map_starts:
            if field not in MAPPED_FIELDS:
                raise KeyError(field)
            self._map_starts[field] = self._offsets(
                f"{field}.ostarts", self._size(f"{field}.origins"), len(self))
        return self._map_starts[field]

    def fold_of(self, doc: int, field: str) -> tuple[str, Origins]:
        """Article `doc`'s folded `field` and where each folded character came from in
        the original (title and body), as stored at index time."""
        starts = self.map_starts(field)
        packed = self._read_at(f"{field}.origins", starts[doc], starts[doc + 1])
        try:
            origins = Origins.unpack(packed)
        except (ValueError, IndexError):
            raise self.damaged(f"store/{field}.origins does not read") from None
        return self.folded(doc, field), origins

    def field_range(self, field: str, first: int, stop: int) -> bytes:
        """Articles first..stop-1 of the field's file as stored, NULs included."""
        starts = self.starts(field)
        return self._read_at(text_file(field), starts[first], starts[stop])

    def folded(self, doc: int, field: str) -> str:
        return self.field_bytes(doc, field).decode()

    def docs_containing(self, field: str, needle: str) -> list[int]:
        """Ascending indexes of the articles whose folded `field` contains `needle`, by one
        scan of the whole field. Queries find matches through the gram postings
        (`search.occurrences`); this scan is the plain answer they are checked against."""
        blob, starts = self.blob(field), self.starts(field)
        pattern = needle.encode()
        if not pattern:
            return list(range(len(self)))
        if field in COMPRESSED_FIELDS:  # record by record
            return [doc for doc in range(len(self)) if pattern in self.field_bytes(doc, field)]
        docs = []
        pos = blob.find(pattern)
        while pos != -1:
            doc = bisect_right(starts, pos) - 1
            docs.append(doc)
            pos = blob.find(pattern, starts[doc + 1])
        return docs

    def count_in(self, doc: int, field: str, needle: str) -> int:
        return self.field_bytes(doc, field).count(needle.encode())

    def close(self) -> None:
        for blob in self._blobs.values():
            if isinstance(blob, mmap.mmap):
                blob.close()
        self._blobs.clear()
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()
