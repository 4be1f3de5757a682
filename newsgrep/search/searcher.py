"""Run a query: exact matching in the article store, BM25F ranking by Whoosh, hits with spans.

The store decides which articles match (exact substrings of folded text, so nothing grep
would find is missed). Whoosh's BM25F over jieba words, title boosted, orders them; words
for the query come from the index's own vocabulary, so answering a query never loads
jieba's dictionary. Articles no query word scores are ordered by title match, match count
and date.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from newsgrep.index import generations
from newsgrep.errors import IndexDamaged
from newsgrep.search.highlight import highlight_title, make_snippet
from newsgrep.models import Article, Hit
from newsgrep.search.query import (And, DateRange, Everything, Not, Or, PageRange, Text,
                                   parse_query, positive_texts)
from newsgrep.index.store import DEFAULT_FIELDS, Store

# Longest query substring tried as an index word when turning a query into ranking words.
MAX_WORD_LENGTH = 8
MAX_QUERY_SCAN = 64


@dataclass(frozen=True)
class Ranking:
    """The articles a query matches, ranked (or sorted), and what is needed to show them."""

    total: int                  # every matching article
    docs: list[int]             # store indexes in order, cut to the limit asked for
    scores: dict[int, float]    # BM25F scores of the ranked articles that have one
    texts: list[Text]           # the query's positive terms, to highlight
    seconds: float


class Searcher:
    """Queries against one generation of an index."""

    def __init__(self, generation: generations.Generation):
        self.generation = generation
        self.store = Store(generation.store_dir)
        self._whoosh = None

    @classmethod
    def open(cls, index_dir: Path) -> "Searcher":
        return cls(generations.open_current(index_dir))

    def close(self) -> None:
        self.store.close()
        if self._whoosh is not None:
            self._whoosh.close()

    # Matching ---------------------------------------------------------------------------

    def matching(self, tree) -> set[int]:
        """Store indexes of the articles the condition tree accepts."""
        if isinstance(tree, Text):
            fields = DEFAULT_FIELDS if tree.field is None else (tree.field,)
            found: set[int] = set()
            for field in fields:
                found.update(self.store.docs_containing(field, tree.text))
            return found
        if isinstance(tree, And):
            positives = [p for p in tree.parts if not isinstance(p, (Not, Everything))]
            found = self.matching(positives[0]) if positives else self._all()
            for part in positives[1:]:
                if not found:
                    break
                found &= self.matching(part)
            for part in tree.parts:
                if isinstance(part, Not) and found:
                    found -= self.matching(part.part)
            return found
        if isinstance(tree, Or):
            return set().union(*(self.matching(p) for p in tree.parts))
        if isinstance(tree, Not):
            return self._all() - self.matching(tree.part)
        if isinstance(tree, DateRange):
            return self._by_column("date", lambda d: d is not None and _date_in(d, tree))
        if isinstance(tree, PageRange):
            return self._by_column("page", lambda p: p is not None and _page_in(p, tree))
        if isinstance(tree, Everything):
            return self._all()
        raise TypeError(tree)

    def _all(self) -> set[int]:
        return set(range(len(self.store)))

    def _by_column(self, column: str, accept) -> set[int]:
        return {doc for doc, value in enumerate(self.store.columns[column]) if accept(value)}

    # Ranking ----------------------------------------------------------------------------

    def rank(self, query: str, limit: int | None = None, sort: str = "score",
             rank: bool = True) -> Ranking:
        """Match `query` exactly, then order the matches: by relevance, by date, or (with
        rank=False, for counts and file lists) by store order."""
        started = time.perf_counter()
        tree = parse_query(query)
        texts = positive_texts(tree)
        docs = self.matching(tree)
        scores = self._word_scores(docs, texts) if rank else {}
        if not rank:
            ordered = sorted(docs)
        elif sort == "date":
            ordered = self._by_date(docs)
        else:
            ordered = self._by_relevance(docs, scores, texts)
        if limit is not None:
            ordered = ordered[:limit]
        return Ranking(len(docs), ordered, scores, texts, time.perf_counter() - started)

    def _by_date(self, docs: set[int]) -> list[int]:
        dates = self.store.columns["date"]
        return sorted(docs, key=lambda d: (dates[d] or "", -d), reverse=True)

    def _by_relevance(self, docs: set[int], scores: dict[int, float],
                      texts: list[Text]) -> list[int]:
        dates = self.store.columns["date"]
        unscored = [d for d in docs if d not in scores]

        def fallback(doc: int):
            in_title = any(t.field in (None, "title") and
                           self.store.count_in(doc, "title", t.text) for t in texts)
            count = sum(self.store.count_in(doc, "body", t.text) for t in texts
                        if t.field in (None, "body"))
            return (in_title, count, dates[doc] or "", -doc)

        ranked = sorted(scores, key=lambda d: (scores[d], -d), reverse=True)
        return ranked + sorted(unscored, key=fallback, reverse=True)

    def _word_scores(self, docs: set[int], texts: list[Text]) -> dict[int, float]:
        """BM25F scores from Whoosh for the matching articles that hold a query word."""
        if not docs or not texts:
            return {}
        from whoosh import query as wq

        searcher = self._whoosh_searcher()
        words = self._index_words(searcher, texts)
        if not words:
            return {}
        terms = [wq.Term(field, word) for field, word in words]
        docmap = self.store.whoosh_docmap()
        allowed = {docnum for docnum, doc in enumerate(docmap) if doc in docs}
        results = searcher.search(wq.Or(terms), limit=None, filter=allowed)
        return {docmap[hit.docnum]: hit.score for hit in results}

    def _whoosh_searcher(self):
        if self._whoosh is None:
            from whoosh import index as whoosh_index

            from newsgrep.index.schema import build_scorer

            try:
                ix = whoosh_index.open_dir(str(self.generation.whoosh_dir))
                self._whoosh = ix.searcher(weighting=build_scorer())
            except Exception as exc:  # missing or unreadable segment files
                raise IndexDamaged(
                    f"index {self.generation.folder.parent} is damaged ({type(exc).__name__}); "
                    f"{generations.REBUILD_HINT}") from None
        return self._whoosh

    @staticmethod
    def _index_words(searcher, texts: list[Text]) -> set[tuple[str, str]]:
        """Index words inside the query's texts: every substring of two or more characters
        the index knows as a word (it holds no shorter ones), per field searched."""
        reader = searcher.reader()
        words = set()
        for text in texts:
            fields = [f for f in ("title", "body") if text.field in (None, f)]
            if text.field in ("kicker", "subtitle", "author"):
                fields = ["body"]
            # Words are short: a long pasted query needs no more than its opening to rank.
            for start in range(min(len(text.text), MAX_QUERY_SCAN)):
                for end in range(start + 2, min(len(text.text), start + MAX_WORD_LENGTH) + 1):
                    candidate = text.text[start:end]
                    for field in fields:
                        if reader.doc_frequency(field, candidate):
                            words.add((field, candidate))
        return words

    # Hits -------------------------------------------------------------------------------

    def hit(self, doc: int, ranking: Ranking) -> Hit:
        """The hit for one ranked article: its record, score, snippet and match spans."""
        article = self.store.record(doc)
        texts = ranking.texts
        snippet, spans = make_snippet(article.body,
                                      [t.text for t in texts if t.field in (None, "body")])
        title_spans = highlight_title(article.title,
                                      [t.text for t in texts if t.field in (None, "title")])
        return Hit(article, ranking.scores.get(doc, 0.0), snippet, spans, title_spans)

    def record(self, doc: int) -> Article:
        return self.store.record(doc)

    def path_of(self, doc: int) -> str:
        return self.store.columns["path"][doc]

    def find_id(self, article_id: str) -> int | None:
        try:
            return self.store.columns["id"].index(article_id)
        except ValueError:
            return None


def _date_in(date: str, bounds: DateRange) -> bool:
    if bounds.low is not None and date[:len(bounds.low)] < bounds.low:
        return False
    return bounds.high is None or date[:len(bounds.high)] <= bounds.high


def _page_in(page: int, bounds: PageRange) -> bool:
    return (bounds.low is None or page >= bounds.low) and \
        (bounds.high is None or page <= bounds.high)
