"""A share of the changed files -> one new Whoosh segment and one store shard.

In: a `GroupJob` (the files, the generation's Whoosh folder, the shard folder, the user
words). Out: the finished, unpublished Whoosh segment (jieba words of each article, for
ranking), a store shard (records and folded text, for matching) and gram segments (which
articles hold each character and pair of characters, for finding them), plus a
`FileReport` per file. Runs in a worker process, or in the builder's own for small changes, where
`ArticleReuse` keeps the Whoosh documents of the articles an edit did not touch.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from whoosh import index as whoosh_index

from newsgrep import fields
from newsgrep.index import whoosh_private
from newsgrep.index.arrays import find_any
from newsgrep.index.analysis import UserWord, segment, segmenter, segmenter_for
from newsgrep.index.changes import SourceFile
from newsgrep.index.gram_writer import GramWriter
from newsgrep.index.grams import budget_entries
from newsgrep.index.read_ahead import records_of
from newsgrep.index.records import FileReport, Record
from newsgrep.index.store import Store, StoreWriter, record_line
from newsgrep.models import Article

# A "word" of hundreds of letters is a run of junk (a hostile file), not a term to rank.
MAX_WORD_LENGTH = 40


@dataclass(frozen=True)
class GroupJob:
    """A share of the changed files for one worker: it writes one segment and one shard."""

    sources: tuple[SourceFile, ...]
    whoosh_dir: str
    shard_dir: str
    userwords: tuple[UserWord, ...] = ()
    # Few files: load only the dictionary entries each file can use (see segmenter_for).
    partial_dictionary: bool = False
    # Where this share writes its gram segments, their names' unique start, and how many
    # posting entries it gathers before writing one (its memory budget).
    grams_dir: str = ""
    grams_prefix: str = "0"
    grams_budget: int = budget_entries(None)
    grams_small: bool = False  # a few files: count grams without NumPy
    # Whoosh's pool of word postings, in MB (`index --memory` bounds it with the grams').
    words_mb: int | None = None


def ranking_words(folded: dict[str, str], tokenizer) -> dict[str, list[str]]:
    """jieba words for BM25F, per Whoosh word field (the title's, and the rest's).

    Words of one character are left out: they say little about relevance, make up a
    quarter of all postings (and of the time Whoosh takes to write them), and the store
    matches them exactly anyway.
    """
    return {word_field: _long_words(" ".join(folded[f] for f in
                                             fields.fields_ranking_into(word_field)), tokenizer)
            for word_field in fields.WORD_FIELDS}


def _long_words(folded: str, tokenizer) -> list[str]:
    return [w for w in segment(folded, tokenizer) if 1 < len(w) <= MAX_WORD_LENGTH]


def _tokenizer_for(job: GroupJob, records: list[Record]):
    if not job.partial_dictionary:
        return segmenter(job.userwords)
    text = "\n".join(folded[name] for _article, folded in records
                     for name in fields.SEARCH_FIELDS)
    return segmenter_for(text, job.userwords)


class ArticleReuse:
    """For an update in this process: which articles of a changed file are unchanged.

    An edit usually touches one article of a page. Unchanged articles (same record, same
    folded text, so the same words) keep their Whoosh documents; only the others are
    deleted and indexed again, which makes a one-article edit cost one article. What it
    looks up is the changed file's own: its old records (by the old files table's
    counts), their ids (one part's column).
    """

    def __init__(self, old_store: Store, old_ranges: dict[str, range | list[int]], writer):
        self.old_store = old_store
        self.writer = writer
        self._ranges = old_ranges  # each old file's records in the old store
        self._places: dict[str, dict[str, int]] = {}  # path -> its old articles' places

    def _old_places(self, path: str) -> dict[str, int]:
        if path not in self._places:
            self._places[path] = {self.old_store.article_id(doc): doc
                                  for doc in self._ranges.get(path, ())}
        return self._places[path]

    def unchanged(self, article: Article, folded: dict[str, str]) -> bool:
        doc = self._old_places(article.path).get(article.id)
        return doc is not None and \
            self.old_store.raw_record(doc) == record_line(article) and \
            all(self.old_store.folded(doc, f) == folded[f] for f in fields.SEARCH_FIELDS)

    def retire(self, path: str, kept: set[str]) -> None:
        """Delete the Whoosh documents of the file's old articles that were not kept.
        The new generation starts with the old one's segments, so the old document
        numbers (the old docmap's) still address the same documents until this writer
        commits. Each article's documents are found by byte searches of the docmap,
        cheaper than opening a Whoosh reader to look the file's path up, or a loop over
        the docmap (80,000 numbers at 10x)."""
        gone = [doc for article_id, doc in self._old_places(path).items()
                if article_id not in kept]
        if not gone:
            return
        for docnum in find_any(self.old_store.whoosh_docmap(bounded=False), gone):
            self.writer.delete_document(docnum)


def index_group(job: GroupJob, on_file: Callable[[FileReport], None],
                reuse: ArticleReuse | None = None):
    """Index a share of the files into a new Whoosh segment and a store shard.

    Returns the finished segment (None when no article was added) for the parent to
    publish. `reuse` (updates in the parent only) keeps unchanged articles' documents.
    """
    ix = whoosh_index.open_dir(job.whoosh_dir)
    writer = whoosh_private.segment_writer(ix, job.words_mb)
    shard = StoreWriter(Path(job.shard_dir))
    grams = GramWriter(Path(job.grams_dir), job.grams_prefix, job.grams_budget,
                       small=job.grams_small)
    added = 0
    try:
        for source in job.sources:
            report = FileReport(source.path, source.digest)
            added += _index_file(source, report, job, writer, Outputs(shard, grams), reuse)
            on_file(report)
        shard.close()
        grams.flush()
        if not added:
            whoosh_private.drop_segment(writer)
            return None
        return whoosh_private.finish_segment(writer)
    except BaseException:
        whoosh_private.cancel_quietly(writer)
        raise


@dataclass(frozen=True)
class Outputs:
    """Where every article of a changed file goes besides Whoosh: the store shard (its
    record and folded text) and the gram postings."""

    shard: StoreWriter
    grams: GramWriter

    def add(self, article: Article, folded: dict[str, str]) -> None:
        self.shard.add(article, folded)
        self.grams.add(article.id, article.path, folded)


def _index_file(source: SourceFile, report: FileReport, job: GroupJob, writer,
                outputs: Outputs, reuse: ArticleReuse | None) -> int:
    """Add one file's articles to the segment (those not kept) and to the shard and gram
    postings (all); returns how many Whoosh documents were added. A big file's records
    come piece by piece (`ingest/chunks.py`) and are handled a batch at a time, so that
    memory holds a batch, never the whole file."""
    kept: set[str] = set()
    added = 0
    tokenizer = None
    for records, whole in _batches(records_of(source, report), RECORDS_AT_ONCE):
        here = {article.id for article, folded in records
                if reuse is not None and reuse.unchanged(article, folded)}
        kept |= here
        fresh = [(article, folded) for article, folded in records if article.id not in here]
        if fresh and tokenizer is None:
            # the partial dictionary is made from the text it will cut: all of the file
            tokenizer = _tokenizer_for(job, fresh) if whole else segmenter(job.userwords)
        for article, folded in fresh:
            keys = {name: whoosh_private.key_term(getattr(article, name))
                    for name in fields.KEYWORD_FIELDS}
            writer.add_document(**keys, **ranking_words(folded, tokenizer))
        for article, folded in records:
            outputs.add(article, folded)
        added += len(fresh)
    if reuse is not None:
        reuse.retire(source.path, kept)
    return added


# A file's records handled at once (a page has a few dozen).
RECORDS_AT_ONCE = 512


def _batches(records, size: int):
    """`records` in lists of `size`, each with whether it is the whole of them."""
    batch = list(itertools.islice(records, size))
    following = list(itertools.islice(records, size))
    whole = not following
    while batch:
        yield batch, whole
        batch, following = following, list(itertools.islice(records, size))
