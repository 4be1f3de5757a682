"""The public Python API: build an index, open it, search it. The command line is built on it.

    import newsgrep
    newsgrep.build_index(["seeds"], "index")
    with newsgrep.open_index("index") as ix:
        ix.count("华为")
        for hit in ix.search("华为", limit=10):
            print(hit.article.title, hit.score)

An open `Index` reads one generation of the index: updates published while it is open do
not change what it answers.
"""
from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Callable, Iterable, Iterator

from newsgrep.errors import ArticleNotFound, NewsgrepError
from newsgrep.models import Article, Hit

StrPath = str | PathLike


def build_index(corpus: Iterable[StrPath] | None = None, index: StrPath = "index", *,
                rebuild: bool = False, userdict: StrPath | None = None, wait: float = 30.0,
                progress: Callable[[int, int], None] | None = None):
    """Build or update the index at `index` from `corpus` (page files and folders).

    Without `corpus`: the corpus recorded in the index, else ./seeds. Only new, changed and
    removed files are indexed again; `rebuild=True` starts over. Returns a `Summary`
    (`articles`, `files`, `skipped`, `seconds`, `warnings`, …). `progress(done, total)`
    is called as files are indexed.
    """
    from newsgrep.index.build import Indexer

    roots = [Path(p) for p in corpus] if corpus is not None else None
    indexer = Indexer(Path(index), roots or None, rebuild=rebuild,
                      userdict=Path(userdict) if userdict is not None else None,
                      progress=progress, lock_timeout=wait)
    return indexer.run()


def open_index(index: StrPath = "index") -> "Index":
    """Open an index for searching; use it as a context manager (or call `close`)."""
    return Index(index)


@dataclass(frozen=True)
class Results:
    """The hits of one search, in order, with how many articles matched in all.

    Iterating builds each hit (snippet and highlights) as it is reached, so printing the
    first of many thousands costs no more than the first.
    """

    index: "Index"
    ranking: object  # search.searcher.Ranking
    total: int
    seconds: float

    def __iter__(self) -> Iterator[Hit]:
        searcher = self.index._searcher
        for doc in self.ranking.docs:
            yield searcher.hit(doc, self.ranking)

    def __len__(self) -> int:
        return len(self.ranking.docs)


class Index:
    """An open index: search, count, list files, read articles."""

    def __init__(self, index: StrPath = "index"):
        from newsgrep.search.searcher import Searcher

        self.path = Path(index)
        self._searcher = Searcher.open(self.path)

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._searcher.close()

    # Searching -----------------------------------------------------------------------

    def search(self, query: str, limit: int | None = 10, sort: str = "score") -> Results:
        """The articles that match `query`, best first (`sort="date"`: newest first).

        `limit=None` (or 0) returns them all. Raises `QueryError` for a malformed query.
        """
        if sort not in ("score", "date"):
            raise NewsgrepError(f"sort must be 'score' or 'date', not {sort!r}")
        if limit is not None and limit < 0:
            raise NewsgrepError("limit takes a number of articles, 0 or None for all")
        ranking = self._searcher.rank(query, limit=limit or None, sort=sort)
        return Results(self, ranking, ranking.total, ranking.seconds)

    def count(self, query: str) -> int:
        """How many articles match `query` (page-text records included, as grep would)."""
        return self._searcher.rank(query, rank=False).total

    def files(self, query: str) -> list[str]:
        """Each page file holding a match, once, in index order."""
        ranking = self._searcher.rank(query, rank=False)
        return list(dict.fromkeys(self._searcher.path_of(doc) for doc in ranking.docs))

    # Reading ----------------------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        """The article with this id (ids come from hits); raises `ArticleNotFound`."""
        return self._searcher.record(self._doc(article_id))

    def story(self, article_id: str) -> list[Article]:
        """Every indexed part of the story this article belongs to, in reading order
        (a story jumped from page 1 to page 4 has two parts)."""
        from newsgrep.search.jumps import story_parts

        parts = story_parts(self._searcher.store, self._doc(article_id))
        return [self._searcher.record(doc) for doc in parts]

    def articles(self, page_text: bool = False) -> Iterator[Article]:
        """Every article in index order; with `page_text=True` also each page's text
        outside its articles (ordinal 0)."""
        for doc in range(len(self._searcher.store)):
            article = self._searcher.record(doc)
            if page_text or not article.is_page_text:
                yield article

    def stats(self) -> dict:
        """What the index holds: articles, files, papers, dates, encodings, size."""
        from newsgrep.search.statistics import collect_stats

        return collect_stats(self._searcher, self.path)

    def _doc(self, article_id: str) -> int:
        doc = self._searcher.find_id(article_id)
        if doc is None:
            raise ArticleNotFound(f"no article {article_id!r} in {self.path}; "
                                  "ids come from `newsgrep search`")
        return doc
