"""The public Python API: build an index, open it, search it. The command line is built on it.

    import newsgrep
    newsgrep.build_index(["seeds"], "index")
    with newsgrep.open_index("index") as ix:
        ix.count("华为")
        for hit in ix.search("华为", limit=10):
            print(hit.article.title, hit.score)

An open `Index` reads one generation of the index: updates published while it is open do
not change what it answers. It may be shared between threads (a web app serving from one
open index): its calls take turns, so each answers as it would alone.
"""
from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, overload

if TYPE_CHECKING:
    from newsgrep.search.searcher import Searcher

from newsgrep.errors import ArgumentError, ArticleNotFound, IndexClosed
from newsgrep.models import Article, Hit

StrPath = str | PathLike
SORTS = ("score", "date", "date-asc")


def build_index(corpus: StrPath | Iterable[StrPath] | None = None, index: StrPath = "index", *,
                rebuild: bool = False, userdict: StrPath | None = None, wait: float = 30.0,
                progress: Callable[[int, int | None, str], None] | None = None,
                max_file_size: int | None = None, memory_mib: int | None = None):
    """Build or update the index at `index` from `corpus`: a page file or folder, or a
    list of them (str or Path).

    Without `corpus`: the corpus recorded in the index, else ./seeds. Only new, changed and
    removed files are indexed again; `rebuild=True` starts over. Returns a `Summary`
    (`articles`, `files`, `skipped`, `seconds`, `warnings`, …). `progress(done, total,
    phase)` is called as the build goes: phase "reading", "indexing" (done of total
    changed files), "writing", "publishing". Files over `max_file_size` bytes (default 64 MiB) and
    anything but regular files are skipped with a warning. `memory_mib` bounds the gram
    postings each indexing process gathers before writing a segment (default 128).
    """
    from newsgrep.index import prefetch

    roots = _paths(corpus) if corpus is not None else None
    # The corpus walk starts in a forked process before the indexing code loads.
    ahead = None if rebuild else prefetch.start(Path(index), roots or None, max_file_size)
    try:
        from newsgrep.index.build import Indexer
        from newsgrep.ingest.sources import DEFAULT_MAX_FILE_SIZE

        indexer = Indexer(Path(index), roots or None, rebuild=rebuild,
                          userdict=Path(userdict) if userdict is not None else None,
                          progress=progress, lock_timeout=wait,
                          max_file_size=max_file_size or DEFAULT_MAX_FILE_SIZE,
                          memory_mib=memory_mib, prefetched=ahead)
        return indexer.run()
    finally:
        if ahead is not None:
            ahead.close()


def _paths(corpus: StrPath | Iterable[StrPath]) -> list[Path]:
    """The corpus as paths: a str or Path is one path (never a sequence of letters)."""
    if isinstance(corpus, (str, PathLike)):
        return [Path(corpus)]
    return [Path(p) for p in corpus]


def _in_turn(method):
    """Run an `Index` call holding its lock: the searcher's caches, its Whoosh reader
    (file positions) and its SQLite connections serve one call at a time."""
    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)
    return locked


def open_index(index: StrPath = "index") -> "Index":
    """Open an index for searching; use it as a context manager (or call `close`)."""
    return Index(index)


@dataclass(frozen=True, repr=False)
class Results:
    """The hits of one search, in order, with how many articles matched in all.

    A sequence of `Hit`: `len(results)`, `results[0]`, `results[:3]` (a list). Each hit
    (snippet and highlights) is built when it is reached, so printing the first of many
    thousands costs no more than the first.
    """

    index: "Index"
    ranking: object  # search.searcher.Ranking
    context: int | None = None
    query: str | None = None       # what was searched
    similar_to: str | None = None  # or the article whose likes these are

    def __iter__(self) -> Iterator[Hit]:
        for doc in self.ranking.docs:
            yield self._hit(doc)

    def __len__(self) -> int:
        return len(self.ranking.docs)

    @overload
    def __getitem__(self, position: int) -> Hit: ...

    @overload
    def __getitem__(self, position: slice) -> list[Hit]: ...

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self._hit(doc) for doc in self.ranking.docs[position]]
        return self._hit(self.ranking.docs[position])  # IndexError past the end, as a list

    def __repr__(self) -> str:
        shown, total = len(self), self.total
        count = f"{total} hit{'' if total == 1 else 's'}" if shown == total \
            else f"{shown} of {total} hits"
        about = f"like {self.similar_to!r}" if self.similar_to is not None \
            else f"for {self.query!r}"
        return f"<Results {count} {about}>"

    def _hit(self, doc: int) -> Hit:
        with self.index._lock:
            return self.index._live().hit(doc, self.ranking, self.context)

    @property
    def total(self) -> int:
        """How many articles (and page-text records) match, shown or not."""
        return self.ranking.total

    @property
    def seconds(self) -> float:
        return self.ranking.seconds

    @property
    def page_texts(self) -> int:
        """How many of the `total` matches are page text outside articles."""
        return self.ranking.page_texts


class Index:
    """An open index: search, count, list files, read articles."""

    def __init__(self, index: StrPath = "index"):
        from newsgrep.search.searcher import Searcher

        self.path = Path(index)
        self._lock = threading.RLock()
        self._searcher: Searcher | None = Searcher.open(self.path)

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Index {str(self.path)!r}{' closed' if self._searcher is None else ''}>"

    @_in_turn
    def close(self) -> None:
        """Release the index's files; later calls raise `IndexClosed`. Closing twice is
        harmless."""
        if self._searcher is not None:
            searcher, self._searcher = self._searcher, None
            searcher.close()

    def _live(self):
        """The open searcher; after `close()`, `IndexClosed` saying how to reopen."""
        if self._searcher is None:
            raise IndexClosed(f"the index {self.path} is closed: open it again with "
                              f"newsgrep.open_index({str(self.path)!r})")
        return self._searcher

    # Searching -----------------------------------------------------------------------

    @_in_turn
    def search(self, query: str, limit: int | None = 10, sort: str = "score",
               offset: int = 0, context: int | None = None) -> Results:
        """The articles that match `query`, best first (`sort="date"`: newest first,
        `"date-asc"`: oldest first), from the `offset`-th on.

        `limit=None` (or 0) returns them all. With `context=N` (0 or more) each hit also
        carries every body match with N sentences around it (`hit.passages`,
        `hit.match_count`). Raises `QueryError` for a malformed query, `ArgumentError` (a
        `ValueError`) for an argument out of range.
        """
        if sort not in SORTS:
            raise ArgumentError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        if (limit is not None and limit < 0) or offset < 0:
            raise ArgumentError("limit and offset take a number of articles (limit 0: all)")
        if context is not None and (isinstance(context, bool) or not isinstance(context, int)
                                    or context < 0):
            raise ArgumentError(f"context takes a number of sentences around each match, "
                                f"0 or more, not {context!r}")
        ranking = self._live().rank(query, limit=limit or None, sort=sort, offset=offset)
        return Results(self, ranking, context, query=query)

    @_in_turn
    def facets(self, query: str, names: Iterable[str]) -> dict[str, dict]:
        """For each facet (paper, date or year, month, page, author), how many of the
        articles matching `query` fall on each value: {"paper": {"杨浦时报": 30, …}}."""
        from newsgrep.search.facets import check_facet, count_facet

        names = [check_facet(name) for name in names]
        searcher = self._live()
        docs = searcher.rank(query, rank=False).docs
        return {name: count_facet(searcher, docs, name) for name in names}

    @_in_turn
    def count(self, query: str) -> int:
        """How many articles match `query` (page-text records included, as grep would)."""
        return self._live().count(query)

    @_in_turn
    def files(self, query: str) -> list[str]:
        """Each page file holding a match, once, in index order."""
        searcher = self._live()
        ranking = searcher.rank(query, rank=False)
        return list(dict.fromkeys(searcher.path_of(doc) for doc in ranking.docs))

    @_in_turn
    def similar(self, article_id: str, limit: int = 10) -> Results:
        """The articles most like this one (its most telling words searched together)."""
        ranking = self._live().similar(self._doc(article_id), limit)
        return Results(self, ranking, similar_to=article_id)

    def query_terms(self, query: str) -> list[str]:
        """The folded strings `query` looks for (its positive terms), for highlighting."""
        from newsgrep.search.query import parse_query, positive_texts

        return [text.text for text in positive_texts(parse_query(query))]

    @_in_turn
    def suggest(self, query: str) -> str | None:
        """For a query that finds nothing, a near one that finds something (did you mean):
        each term that matches nothing respelled from the index's own words, characters of
        the same sound or shape counting closest, the rest of the query kept as typed.
        None when no near query finds anything."""
        return self._live().suggest(query)

    # Reading ----------------------------------------------------------------------------

    @_in_turn
    def article(self, article_id: str) -> Article:
        """The article with this id (ids come from hits); raises `ArticleNotFound`."""
        return self._live().record(self._doc(article_id))

    @_in_turn
    def story(self, article_id: str) -> list[Article]:
        """Every indexed part of the story this article belongs to, in reading order
        (a story jumped from page 1 to page 4 has two parts)."""
        from newsgrep.search.jumps import story_parts

        searcher = self._live()
        parts = story_parts(searcher.store, self._doc(article_id))
        return [searcher.record(doc) for doc in parts]

    def articles(self, page_text: bool = False) -> Iterator[Article]:
        """Every article in index order; with `page_text=True` also each page's text
        outside its articles (ordinal 0)."""
        for doc in range(len(self._live().store)):
            with self._lock:
                article = self._live().record(doc)
            if page_text or not article.is_page_text:
                yield article

    @_in_turn
    def check(self) -> tuple[int, int]:
        """Read every file of the open generation and compare it with the checksum
        recorded when it was written: (files, bytes) checked, or `IndexDamaged`."""
        from newsgrep.index.generations import verify
        from newsgrep.index.grams import check_segments

        searcher = self._live()
        checked = verify(searcher.generation, checksums=True)
        searcher._whoosh_searcher()  # its TOC and segments open (safely) or it is damaged
        problems = check_segments(searcher.grams.folder)
        if problems:  # checksums agree, yet SQLite disagrees: written damaged
            raise searcher.store.damaged(problems[0])
        return checked

    @_in_turn
    def stats(self) -> dict:
        """What the index holds: articles, files, papers, dates, encodings, size."""
        from newsgrep.search.statistics import collect_stats

        searcher = self._live()
        return collect_stats(searcher, self.path)

    @_in_turn
    def _doc(self, article_id: str) -> int:
        doc = self._live().find_id(article_id)
        if doc is None:
            from newsgrep.index.contents import index_option

            raise ArticleNotFound(f"no article {article_id!r} in {self.path}; ids come from "
                                  f"`newsgrep search{index_option(self.path)}`")
        return doc
