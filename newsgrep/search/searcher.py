"""Run a query: exact matching, BM25F ranking, hits with spans.

`occurrences` decides which articles match (exact substrings of folded text, found
through the gram postings and checked in the store, so nothing grep would find is
missed); `ranking.Ranker` scores every one of them (BM25F over the exact occurrences of
each term, whole jieba words above parts of words, proximity), so answering a query
never loads jieba's dictionary. Articles no positive term scores (a query of
dates or pages only) are ordered by date.
"""
from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from newsgrep.index import generations, grams
from newsgrep.index.grams import GramIndex
from newsgrep.errors import IndexDamaged
from newsgrep.normalize import fold
from newsgrep.search.highlight import context_passages, highlight_title, make_snippet
from newsgrep.models import Article, Hit
from newsgrep.search.query import (And, DateRange, Everything, Not, Or, PageRange, Text,
                                   page_accepts, parse_query, positive_texts)
from newsgrep.fields import DEFAULT_FIELDS, PRINTED_FIELDS, SHEET_FIELD
from newsgrep.index.store import Store
from newsgrep.search import ranking
from newsgrep.search.occurrences import FEW_CANDIDATES, Occurrences

# More like this: how much of an article is read for its words, and how many are kept.
SIMILAR_SCAN = 3000
SIMILAR_WORDS = 12
# Whole pages kept in memory between reads (a page is tens of kilobytes).
PAGES_REMEMBERED = 32


@dataclass(frozen=True)
class Ranking:
    """The articles a query matches, ranked (or sorted), and what is needed to show them."""

    total: int                  # every matching article
    docs: list[int]             # store indexes in order, cut to the limit asked for
    scores: dict[int, float]    # BM25F score of every matching article (ranked runs only)
    texts: list[Text]           # the query's positive terms, to highlight
    seconds: float
    page_texts: int = 0         # how many of the matches are page text outside articles


class Searcher:
    """Queries against one generation of an index."""

    def __init__(self, generation: generations.Generation):
        self.generation = generation
        self.store = Store(generation.store_dir, generation.expected("store"))
        self.grams = GramIndex(generation.folder / grams.FOLDER, self.store.damaged,
                               generation.expected(grams.FOLDER))
        self.occurrences = Occurrences(self.store, self.grams)
        self._whoosh = None
        self._sheets: list[int] | None = None
        self._pages: dict[int, str] = {}
        self.ranker = ranking.Ranker(self.store, self.occurrences, self._whoosh_searcher)

    @classmethod
    def open(cls, index_dir: Path) -> "Searcher":
        return cls(generations.open_current(index_dir))

    def close(self) -> None:
        self.store.close()
        self.grams.close()
        if self._whoosh is not None:
            self._whoosh.close()
        self.generation.release()  # writers may collect this generation now

    # Matching ---------------------------------------------------------------------------

    def matching(self, tree) -> set[int]:
        """Store indexes of the articles the condition tree accepts."""
        if isinstance(tree, Text):
            fields = DEFAULT_FIELDS if tree.field is None else (tree.field,)
            found: set[int] = set()
            for field in fields:
                found.update(self.occurrences.of(field, tree.text))
            if tree.field is None or tree.field in PRINTED_FIELDS:
                found = self._printed(tree.text, found)
            if tree.field is None:
                found |= self._sheet_matches(tree.text, found)
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
            return self._on_pages(tree)
        if isinstance(tree, Everything):
            return self._all()
        raise TypeError(tree)

    def _printed(self, text: str, found: set[int]) -> set[int]:
        """`found` without the records whose match the page does not print: text the
        parser joined across something it took out (a credit, a caption) is no match."""
        unprinted = self.store.columns["unprinted"]
        doubtful = sorted(doc for doc in found if unprinted[doc])  # page by page
        if not doubtful:
            return found
        sheets = self._sheet_of_page()
        if len(text) <= 2:
            # One gram: on its page if a record printed whole holds it, or a seam is it.
            sure = {sheets[doc] for doc in found if not unprinted[doc]}
            sure.update(sheets[doc] for doc in self.grams.postings(SHEET_FIELD, text))
            doubtful = [doc for doc in doubtful if sheets[doc] not in sure]
        return found.difference(doc for doc in doubtful
                                if text not in self._page(sheets[doc]))

    def _sheet_of_page(self) -> list[int]:
        """For each record, the record that holds its whole page: its file's first, or,
        in a big file read in pieces (`ingest/chunks.py`), its piece's first (each piece
        is a page: its first record is the one with a sheet)."""
        if self._sheets is None:
            starts = self.store.starts(SHEET_FIELD)
            sheets: list[int] = []
            page, previous = -1, None
            for doc, path in enumerate(self.store.columns["path"]):
                if path != previous or starts[doc + 1] - starts[doc] > 1:
                    page = doc
                sheets.append(page)
                previous = path
            self._sheets = sheets
        return self._sheets

    def _page(self, doc: int) -> str:
        """The whole page, folded, that record `doc` (a file's first) keeps; the last
        few read are remembered."""
        page = self._pages.get(doc)
        if page is None:
            if len(self._pages) >= PAGES_REMEMBERED:
                self._pages.clear()
            page = self._pages[doc] = self.store.folded(doc, SHEET_FIELD)
        return page

    def _sheet_matches(self, text: str, found: set[int]) -> set[int]:
        """The first records of pages whose whole folded text holds `text` while none
        of their records does: a credit line, a jump marker, a string running from one
        field into the next. So a bare term finds every page grep finds in the folded file,
        and a page whose articles hold the term is not listed twice.

        Such a string runs across a seam of its page (`index/sheets.py`): only the
        seams are posted. A character or a pair posted there is printed on the page; a
        longer string is looked for in the pages where one of its pairs is a seam."""
        if not text:
            return set()
        found_pages = {self._sheet_of_page()[doc] for doc in found}
        if len(text) <= 2:
            return {doc for doc in self.grams.postings(SHEET_FIELD, text)
                    if doc not in found_pages}
        candidates: set[int] = set()
        for pair in grams.bigrams(text):
            candidates.update(self.grams.postings(SHEET_FIELD, pair))
        candidates = {doc for doc in candidates if doc not in found_pages}
        if len(candidates) > FEW_CANDIDATES:
            candidates = self._holding_every_pair(text, candidates)
        return {doc for doc in sorted(candidates) if text in self._page(doc)}

    def _holding_every_pair(self, text: str, pages: set[int]) -> set[int]:
        """The pages (first records) that hold every pair of `text`, each in a record
        or across a seam: asked pair by pair, the rarest first, until few are left, so
        that a pair many pages have a seam at (记者) does not send the query reading
        them all."""
        sheets = self._sheet_of_page()
        pairs = grams.bigrams(text)
        sizes = dict.fromkeys(pairs, 0)
        for field in DEFAULT_FIELDS:
            for pair, size in self.grams.sizes(field, pairs).items():
                sizes[pair] += size
        for pair in sorted(pairs, key=sizes.__getitem__):
            if len(pages) <= FEW_CANDIDATES:
                break
            held = set(self.grams.postings(SHEET_FIELD, pair))
            for field in DEFAULT_FIELDS:
                held.update(sheets[doc] for doc in self.grams.postings(field, pair))
            pages &= held
        return pages

    def _all(self) -> set[int]:
        return set(range(len(self.store)))

    def _on_pages(self, bounds: PageRange) -> set[int]:
        """Articles on the pages `bounds` names; with a section letter (page:A1), only
        articles whose page was printed with that letter."""
        pages = self.store.columns["page"]
        if bounds.section is None:
            return {doc for doc, page in enumerate(pages) if page_accepts(bounds, page)}
        labels = self.store.columns["page_label"]
        return {doc for doc, (page, label) in enumerate(zip(pages, labels))
                if page_accepts(bounds, page, label)}

    def _by_column(self, column: str, accept) -> set[int]:
        return {doc for doc, value in enumerate(self.store.columns[column]) if accept(value)}

    # Ranking ----------------------------------------------------------------------------

    def rank(self, query: str, limit: int | None = None, sort: str = "score",
             rank: bool = True, offset: int = 0) -> Ranking:
        """Match `query` exactly, then order the matches: by relevance, by date (newest
        first; "date-asc" oldest first), or (rank=False, for counts and file lists) by
        store order. `offset` and `limit` cut one page out of the whole order."""
        started = time.perf_counter()
        tree = parse_query(query)
        texts = positive_texts(tree)
        self.occurrences.forget()
        docs = self.matching(tree)
        scores = self.ranker.scores(docs, texts) if rank else {}
        stop = None if limit is None else offset + limit
        if not rank:
            ordered = sorted(docs)
        elif sort in ("date", "date-asc"):
            ordered = self._by_date(docs, newest_first=sort == "date")
        else:
            ordered = self._by_relevance(docs, scores, stop)
        ordinals = self.store.columns["ordinal"]
        page_texts = sum(1 for doc in docs if ordinals[doc] == 0)
        return Ranking(len(docs), ordered[offset:stop], scores, texts,
                       time.perf_counter() - started, page_texts)

    def count(self, query: str) -> int:
        """How many articles match `query`: matching alone, nothing ordered or scored."""
        self.occurrences.forget()
        return len(self.matching(parse_query(query)))

    def _by_date(self, docs: set[int], newest_first: bool = True) -> list[int]:
        """Dated articles by date, undated ones last; ties in store order."""
        dates = self.store.columns["date"]
        ties = -1 if newest_first else 1  # equal dates stay in store order either way
        dated = sorted((d for d in docs if dates[d]), key=lambda d: (dates[d], ties * d),
                       reverse=newest_first)
        return dated + sorted(d for d in docs if not dates[d])

    def _by_relevance(self, docs: set[int], scores: dict[int, float],
                      stop: int | None) -> list[int]:
        def newest(doc: int):
            dates = self.store.columns["date"]  # read only if some match is unscored
            return dates[doc] or "", -doc
        return ranking.order(docs, scores, newest, stop)

    def _word_scores(self, docs: set[int], texts: list[Text]) -> dict[int, float]:
        """Whoosh's BM25F over the jieba words of `texts`, for the articles in `docs`."""
        return ranking.word_scores(self._whoosh_searcher(), self.store.whoosh_docmap(),
                                   docs, texts)

    def _whoosh_searcher(self):
        if self._whoosh is None:
            from newsgrep.index.schema import build_schema, build_scorer
            from newsgrep.index.whoosh_private import open_whoosh

            try:  # the schema from code; Whoosh's pickles read by a safe unpickler
                ix = open_whoosh(self.generation.whoosh_dir, build_schema())
                self._whoosh = ix.searcher(weighting=build_scorer())
            except IndexDamaged as exc:
                raise generations.naming(exc, self.generation.folder.parent) from None
            except Exception as exc:  # missing or unreadable segment files
                raise generations.damaged(self.generation.folder.parent,
                                          type(exc).__name__) from None
        return self._whoosh

    # Neighbours and suggestions --------------------------------------------------------

    def similar(self, doc: int, limit: int = 10) -> Ranking:
        """Articles most like article `doc`: its most telling index words (frequent in it,
        rare in the archive) searched together, BM25F ranked; the article itself left out.

        The words are looked up in the index's vocabulary, like query words, so this needs
        no jieba dictionary."""
        started = time.perf_counter()
        article = self.store.record(doc)
        text = Text(fold(article.title + "。" + article.body[:SIMILAR_SCAN]))
        searcher = self._whoosh_searcher()
        counts = Counter(word for _field, word in
                         ranking.index_words(searcher, [text], len(text.text)))
        reader = searcher.reader()
        total = max(reader.doc_count(), 1)
        weight = {w: n * math.log(total / (1 + reader.doc_frequency("body", w)))
                  for w, n in counts.items()}
        key_words = sorted(weight, key=lambda w: (-weight[w], w))[:SIMILAR_WORDS]
        texts = [Text(w) for w in key_words]
        scores = self._word_scores(self._all() - {doc}, texts)
        ordered = sorted(scores, key=lambda d: (-scores[d], d))[:limit]
        return Ranking(len(scores), ordered, scores, texts, time.perf_counter() - started)

    def suggest(self, query: str) -> str | None:
        """A query like `query` that finds something, when `query` finds nothing: each
        term that matches no article respelled from the index's vocabulary (see
        `newsgrep.search.suggest`). None when there is nothing better to offer."""
        from newsgrep.search.suggest import suggest

        def occurs(text: Text) -> bool:
            searched = DEFAULT_FIELDS if text.field is None else (text.field,)
            return any(self.occurrences.of(field, text.text) for field in searched)

        self.occurrences.forget()
        return suggest(query, self._whoosh_searcher().reader(), self.grams,
                       lambda tree: len(self.matching(tree)), occurs)

    # Hits -------------------------------------------------------------------------------

    def hit(self, doc: int, ranking: Ranking, context: int | None = None) -> Hit:
        """The hit for one ranked article: its record, score, snippet and match spans;
        with `context`, also every body match with that many sentences around it. Each
        field's fold and its map to the original come from the store: nothing is folded
        again (folding was most of the cost of printing thousands of hits)."""
        article = self.store.record(doc)
        body = self.store.fold_of(doc, "body")
        body_needles = [t.text for t in ranking.texts if t.field in (None, "body")]
        title_needles = [t.text for t in ranking.texts if t.field in (None, "title")]
        snippet, spans = make_snippet(article.body, body_needles, body)
        if not spans and body_needles and self._sheet_of_page()[doc] == doc:
            snippet, spans = self._sheet_snippet(doc, body_needles) or (snippet, spans)
        title_spans = highlight_title(article.title, title_needles,
                                      self.store.fold_of(doc, "title"))
        count, passages = (None, []) if context is None else \
            context_passages(article.body, body_needles, context, body)
        return Hit(article, ranking.scores.get(doc, 0.0), snippet, spans, title_spans,
                   count, tuple(passages))

    def _sheet_snippet(self, doc: int, needles: list[str]):
        """For a match only the page's whole text holds (a credit line, a jump marker):
        a snippet of the page around it, as folded, or None."""
        for view in self._page(doc).split("\n"):
            snippet, spans = make_snippet(view, needles)
            if spans:
                return snippet, spans
        return None

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


