"""Articles -> cluster documents, and what an incremental push has to send and delete.

In: corpus files (`SourceFile`s, found and hashed as for the local index) and the per-path
hashes the cluster holds. Out: one document per article (page-text records included, as
the local index keeps them): every exported field (`full_fields`), the folded text of
each searchable field, the jieba words of each word field, and its file's hash; `_id` is
the article id. Deleting is by query: a changed file's documents with another hash, and
every document of a file that is gone.

Document shape (tests/golden/cluster/documents.json has the seed pages'):
  id, kind, path, title, kicker, subtitle, authors, paper, date, page, issue,
  continued_from, continued_to, ordinal, encoding, body     as `export` writes them
  folded   {title, kicker, subtitle, paper, body: folded text; author: list, one a name;
            on a page's first record also sheet: the whole page, folded, and page: every
            text of the page's records that a bare term searches, one a value}
  words    {title, body: jieba words, space-separated}
  source_hash   the file's hash (content, sidecar, analyser and mapping versions)
  source_documents   how many documents the file has (a push cut short is told by it)
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from newsgrep import fields
from newsgrep.cluster.mapping import (MAPPING_VERSION, PAGE_RECORDS, SHEET, SOURCE_COUNT,
                                      SOURCE_HASH)
from newsgrep.index.changes import Changes, SourceFile, compare
from newsgrep.models import Article
from newsgrep.versions import ANALYSER_VERSION

# Paths per delete-by-query request: two leaf queries each, well under the clause limit
# (indices.query.bool.max_clause_count, 1024 on OpenSearch and older Elasticsearch).
DELETE_BATCH = 250


@dataclass
class FileDocuments:
    """One file's documents, and what reading it gave (warnings, or why it was skipped)."""

    path: str
    source_hash: str
    documents: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None


def source_hash(digest: str) -> str:
    """The hash stored with a file's documents: its content hash, and how it was read."""
    key = f"{digest}|{ANALYSER_VERSION}|{MAPPING_VERSION}"
    return hashlib.sha1(key.encode()).hexdigest()


def build_document(article: Article, folded: dict[str, str], words: dict[str, list[str]],
                   file_hash: str) -> dict:
    """The cluster document of one article (its `_id` is `article.id`)."""
    from newsgrep.printers.jsonlines import full_fields

    document = full_fields(article)
    document["folded"] = {name: _folded_value(name, folded[name])
                          for name in fields.MATCHED_FIELDS}
    document["words"] = {name: " ".join(found) for name, found in words.items()}
    document[SOURCE_HASH] = file_hash
    return document


def _folded_value(name: str, text: str):
    # A field of several values (authors) is one text in the store, its values joined by
    # a separator no query can match across; the cluster gets them as an array, which
    # Lucene's position gap between values keeps apart the same way.
    if _multi_valued(name):
        return [v for v in text.split(fields.AUTHOR_SEPARATOR) if v]
    return text


def _record_texts(document: dict) -> list[str]:
    """A record's texts that a bare term is looked for in, one value each."""
    texts = []
    for name in fields.DEFAULT_FIELDS:
        value = document["folded"][name]
        texts.extend(v for v in (value if isinstance(value, list) else [value]) if v)
    return texts


def _multi_valued(name: str) -> bool:
    """Is the field read from a tuple of values (Article.authors)?"""
    attribute = Article.__dataclass_fields__[fields.FIELD_BY_NAME[name].source]
    return isinstance(attribute.default, tuple)


def file_documents(source: SourceFile, tokenizer=None) -> FileDocuments:
    """Read, cut, fold and segment one file, as `newsgrep index` does, into documents."""
    from newsgrep.index.analysis import segmenter
    from newsgrep.index.records import FileReport, read_articles
    from newsgrep.index.segments import ranking_words

    tokenizer = tokenizer or segmenter()
    report = FileReport(source.path, source.digest)
    records = list(read_articles(source, report))
    # The digest of the bytes actually read, which may be newer than the scan's.
    result = FileDocuments(source.path, source_hash(report.digest or source.digest),
                           warnings=[f"{source.path}: {w}" for w in report.warnings],
                           skipped=report.skipped)
    head = None
    for article, folded in records:
        words = ranking_words(folded, tokenizer)
        document = build_document(article, folded, words, result.source_hash)
        if folded.get(fields.SHEET_FIELD) or head is None:  # a page's first record
            head = document
            head["folded"][SHEET] = folded.get(fields.SHEET_FIELD, "")
            head["folded"][PAGE_RECORDS] = []
        head["folded"][PAGE_RECORDS].extend(_record_texts(document))
        result.documents.append(document)
    for document in result.documents:
        document[SOURCE_COUNT] = len(result.documents)
    return result


def index_actions(index: str, files: Iterable[FileDocuments]) -> Iterator[dict]:
    """Bulk `index` actions for the documents of `files`, keyed by article id."""
    for found in files:
        for document in found.documents:
            yield {"_op_type": "index", "_index": index, "_id": document["id"],
                   "_source": document}


def plan(sources: list[SourceFile], held: dict[str, str]) -> Changes:
    """Which files to push (new or changed) and which paths to delete, given the hash
    the cluster holds per path."""
    known = {path: {"hash": value} for path, value in held.items()}
    hashed = [SourceFile(s.path, s.size, source_hash(s.digest), s.sidecar) for s in sources]
    changes = compare(hashed, known)
    by_path = {s.path: s for s in sources}
    return Changes(sources, [by_path[s.path] for s in changes.changed], changes.removed)


def stale_queries(pushed: dict[str, str], removed: list[str]) -> Iterator[dict]:
    """Delete-by-query bodies for what a push leaves behind: documents of a pushed file
    that carry another hash (articles the new version no longer has) and documents of
    removed files. In batches of DELETE_BATCH paths."""
    items = sorted(pushed.items())
    for start in range(0, len(items), DELETE_BATCH):
        yield {"query": {"bool": {"minimum_should_match": 1, "should": [
            {"bool": {"filter": [{"term": {"path": path}}],
                      "must_not": [{"term": {SOURCE_HASH: value}}]}}
            for path, value in items[start:start + DELETE_BATCH]]}}}
    gone = sorted(removed)
    for start in range(0, len(gone), DELETE_BATCH):
        yield {"query": {"terms": {"path": gone[start:start + DELETE_BATCH]}}}


def article_from_source(source: dict) -> Article:
    """The Article a cluster document (or its `_source`) was built from."""
    known = Article.__dataclass_fields__
    values = {k: v for k, v in source.items() if k in known}
    values["authors"] = tuple(values.get("authors") or ())
    return Article(**values)
