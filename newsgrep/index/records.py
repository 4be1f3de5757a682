"""One corpus file -> its records: each article as the store keeps it, with its folded fields.

In: a `SourceFile`. Out: (article, folded fields) pairs in page order (ordinal 0 for the
page's text outside its articles; the page's own text and seams beside, `sheets.py`), and
a `FileReport` of what happened: the encoding, the number of articles, warnings, or why
the file was skipped. A page that cannot be cut into articles is still indexed, as page
text, and its report says so: nothing is dropped silently.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from newsgrep.index.changes import SourceFile, source_digest
from newsgrep.index.sheets import with_sheet
from newsgrep.index.store import folded_fields
from newsgrep.ingest.chunks import TextStream, text_stream
from newsgrep.ingest.pages import Part, file_parts
from newsgrep.ingest.sources import (DEFAULT_MAX_FILE_SIZE, CorpusError, Decoded, decode,
                                     is_pdf, looks_binary, read_corpus_file)
from newsgrep.models import Article

Record = tuple[Article, dict[str, str]]


@dataclass
class FileReport:
    """What indexing one file gave: recorded in the manifest, shown as warnings."""

    path: str
    digest: str
    encoding: str = ""
    articles: int = 0
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None

    def manifest_entry(self) -> dict:
        return {"hash": self.digest, "encoding": self.encoding, "articles": self.articles,
                "skipped": self.skipped}


def article_id(name: str, ordinal: int) -> str:
    """A stable id from the file's name inside the corpus (the same pages copied elsewhere
    keep their ids) and the article's place on the page."""
    # os.fsencode: a name's own bytes, also when they are not UTF-8 (surrogate escapes)
    return f"{hashlib.sha1(os.fsencode(name)).hexdigest()[:8]}-{ordinal}"


def read_articles(source: SourceFile, report: FileReport) -> Iterator[Record]:
    """Yield (article, folded fields) for one file, noting trouble in `report`."""
    decoded = _read_pdf(source, report) if is_pdf(source.path) else _read_text(source, report)
    if decoded is None:
        return
    text = decoded.blocks() if isinstance(decoded, TextStream) else decoded.text
    parts = [Part(0, 0, decoded.numbered)] if is_pdf(source.path) else _parts(text, report)
    for part in parts:  # a big file piece by piece, each piece read as a page
        records = []
        for ordinal, article in part.records:
            article = _with_sidecar(article, source.sidecar)
            article = article.identified(article_id(source.name or source.path, ordinal),
                                         source.path, ordinal, decoded.encoding)
            if part.index and not ordinal:  # a later piece's text outside its articles
                article = dataclasses.replace(article, id=f"{article.id}.{part.index}")
            report.articles += 1 if ordinal else 0
            records.append((article, folded_fields(article)))
        # what the page prints is asked of all of its records at once
        yield from with_sheet(records)
    if isinstance(decoded, TextStream):
        report.digest = decoded.digest  # of the bytes read (the file may have changed)
    elif not report.articles and not decoded.text.strip():
        report.skipped = "no text found"


def _read_bytes(source: SourceFile, report: FileReport) -> bytes | None:
    try:  # the size was checked when the file was found; it may have grown since
        data = read_corpus_file(Path(source.path), max(source.size, DEFAULT_MAX_FILE_SIZE))
    except CorpusError as exc:
        report.skipped = str(exc)
        return None
    report.digest = source_digest(data, source.sidecar)
    return data


def _read_pdf(source: SourceFile, report: FileReport):
    """A PDF page file read by its geometry (`ingest.pdf`); None when it holds no text."""
    from newsgrep.ingest.pdf import read_pdf  # pypdfium2 loads only for PDF pages

    data = _read_bytes(source, report)
    if data is None:
        return None
    reading = read_pdf(data)
    report.encoding = "pdf"
    report.warnings.extend(reading.warnings)
    if reading.skipped:
        report.skipped = reading.skipped
        return None
    return reading


def _read_text(source: SourceFile, report: FileReport) -> Decoded | TextStream | None:
    """The file's decoded text (a big UTF-8 file's as a stream, read as it is cut); None
    (and the reason in `report`) when there is none."""
    stream = text_stream(source.path, source.size, _sidecar_bytes(source.sidecar))
    if stream is not None:
        report.encoding = stream.encoding
        return stream
    data = _read_bytes(source, report)
    if data is None:
        return None
    if not data.strip():
        report.skipped = "empty file"
        return None
    if looks_binary(data):
        report.skipped = "binary file"
        return None
    decoded = decode(data)
    report.encoding = decoded.encoding
    report.warnings.extend(decoded.warnings)
    return decoded


def _sidecar_bytes(sidecar: dict) -> bytes:
    """What `changes.source_digest` hashes after a file's bytes: its sidecar."""
    return repr(sorted(sidecar.items())).encode()


def _parts(text: str | Iterator[str], report: FileReport) -> Iterator[Part]:
    """The file's records, piece by piece (`file_parts`); a piece the parser fails on is
    kept as page text, and a file with no article in it is said to have none."""
    blank = isinstance(text, str) and not text.strip()
    count = failed = 0
    first: Part | None = None  # the first piece that failed
    kept = False  # any record at all
    for part in file_parts(text):
        count += 1
        kept = kept or bool(part.records)
        if part.failure:
            failed += 1
            first = first or Part(part.index, part.start, [], part.failure)
        yield part
    as_text = "; indexed as page text" if kept else ""
    if first is not None:
        where = "" if count == 1 else f" in {failed} of {count} parts (the first at character {first.start})"
        report.warnings.append(f"could not be cut into articles{where} ({first.failure}){as_text}")
    elif not report.articles and not blank:
        report.warnings.append("no articles found" + as_text)


def _with_sidecar(article: Article, sidecar: dict) -> Article:
    missing = {k: v for k, v in sidecar.items() if getattr(article, k) is None}
    if "page" not in missing:
        missing.pop("page_label", None)  # a label goes with the page number it labels
    return dataclasses.replace(article, **missing) if missing else article
