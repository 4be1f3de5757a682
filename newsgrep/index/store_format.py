"""How the article store spells what it keeps: the files of each field, a record's JSON
line and its compression, the columns. Shared by the writer and readers of a store folder
(`store_folder.py`) and the whole store of a generation (`store.py`).
"""
from __future__ import annotations

import json
import zlib
from dataclasses import asdict

from newsgrep import fields
from newsgrep.models import Article
from newsgrep.normalize import fold, fold_page

# Kept for their importers; the table in newsgrep.fields is the source.
SEARCH_FIELDS = fields.SEARCH_FIELDS
DEFAULT_FIELDS = fields.DEFAULT_FIELDS
COLUMNS = fields.COLUMNS
AUTHOR_SEPARATOR = fields.AUTHOR_SEPARATOR
# Whoosh document number -> store index, written after Whoosh commits.
DOCMAP = "whoosh.docmap"
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
