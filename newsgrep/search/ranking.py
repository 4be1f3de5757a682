"""Relevance: one BM25F score for every article a query matches, and the order they make.

In: the exact occurrences of each query term (`occurrences`), the store's field lengths,
the Whoosh word postings (which occurrences are whole jieba words), the matching articles
and the query's positive terms. Out: a score for each matching article.

Each term is scored as the exact string it is, not as the jieba words or n-grams it might
be cut into: the store counts its occurrences in every field, so a part of a word (杨浦 in
杨浦区), one character (区), a phrase or a field query all get term frequencies, field
lengths and an IDF from the number of articles that hold the string. Per field, BM25
saturates the count and normalises for the field's length; fields add up with the
weights of the field table, a title match weighing more than any number of body
matches. When the term is a word of the index, an occurrence that is not a whole jieba
word of the article (杨浦 inside 杨浦区, 马克 inside 马克思) counts PART_WORD of one that
is. Terms of a multi-term query that stand
close together in a field earn a proximity bonus, as if the group were one more term.

Two adjustments on top of BM25F. Each term a headline holds earns a fixed share of the
title's weight, whatever the headline's length, so a long headline holding every word of
the query ranks above a short one holding one of them (length normalisation alone would
put the short one first). A page's text outside its articles (a record numbered 0) counts
PAGE_TEXT of its score: it is kept so that search misses nothing, not because it is the
article a reader is after.
"""
from __future__ import annotations

import heapq
import math
import operator
from collections import Counter
from typing import Callable

from newsgrep import fields as field_table
from newsgrep.fields import DEFAULT_FIELDS, FIELD_BY_NAME, RANK_WEIGHTS, word_fields_for
from newsgrep.index.store import Store
from newsgrep.search.occurrences import Occurrences
from newsgrep.search.query import Text

K1 = 1.2
# An occurrence inside a longer jieba word, or across two, against a whole-word one, per
# word field. In a headline of a dozen characters the query is rarely there by chance
# (杨浦 in 杨浦区 is the district itself), so a part of a word there loses less.
PART_WORD = {"title": 0.85, "body": 0.6}
# Characters between the terms of a multi-term query that halve their proximity bonus.
CLOSE = 1.0
# Occurrences of the rarest term looked at per field when measuring proximity, and
# articles measured per field.
PROXIMITY_SCAN = 16
PROXIMITY_DOCS = 1000
# Longest query substring tried as an index word when turning a query into ranking words.
MAX_WORD_LENGTH = 8
MAX_QUERY_SCAN = 64
# The share of the title's weight (per term, times its IDF) a headline earns for holding a
# term at all, on top of its saturated, length-normalised count.
TITLE_PRESENCE = 1.0
# What a page-text record's score counts against an article's.
PAGE_TEXT = 0.25


class Ranker:
    """Scores matching articles against a query's terms, for one generation's store."""

    def __init__(self, store: Store, occurrences: Occurrences, whoosh: Callable[[], object]):
        self.store = store
        self.occurrences = occurrences
        self._whoosh = whoosh  # opens Whoosh's searcher when first called
        self._docmap = None

    def scores(self, docs: set[int], texts: list[Text]) -> dict[int, float]:
        """The score of every article in `docs` (0 for one no term occurs in)."""
        terms = list(dict.fromkeys(texts))
        if not docs or not terms:
            return {}
        scores = dict.fromkeys(docs, 0.0)
        idfs, counts = {}, {}
        for term in terms:
            counts[term], idfs[term] = self._occurrences(term, docs)
            shares = self._whole_word_shares(term, counts[term])
            for f, per_doc in counts[term].items():
                self._add_saturated(scores, per_doc, f, idfs[term] * RANK_WEIGHTS[f], shares)
            held = counts[term].get("title", {})
            bonus = idfs[term] * RANK_WEIGHTS["title"] * TITLE_PRESENCE
            for doc in held:
                scores[doc] += bonus
        if len(terms) > 1:
            self._add_proximity(scores, terms, counts, idfs)
        self._demote_page_text(scores)
        return scores

    def _demote_page_text(self, scores: dict[int, float]) -> None:
        """Page-text records (ordinal 0) below the articles they may repeat a line of."""
        ordinals = self.store.columns["ordinal"]
        for doc in scores:
            if not ordinals[doc]:
                scores[doc] *= PAGE_TEXT

    def _add_saturated(self, scores: dict[int, float], per_doc: dict[int, int], f: str,
                       weight: float, shares: dict[tuple[str, int], float]) -> None:
        """Add `weight` times the BM25 saturation of each article's count in field `f`
        (the count weighed by its whole-word share). One tight loop: it runs for every
        match of every field, tens of thousands for a common character."""
        b = FIELD_BY_NAME[f].length_b
        per_byte = K1 * b / self._average_length(f)
        flat, top = K1 * (1 - b), weight * (K1 + 1)
        starts = self.store.starts(f)
        if not shares:
            for doc, n in per_doc.items():
                scores[doc] += top * n / (n + flat + per_byte * (starts[doc + 1] - starts[doc] - 1))
            return
        for doc, n in per_doc.items():
            tf = n * shares.get((f, doc), 1.0)
            scores[doc] += top * tf / (tf + flat + per_byte * (starts[doc + 1] - starts[doc] - 1))

    # Term frequencies and IDF ----------------------------------------------------------

    def _occurrences(self, term: Text, docs: set[int]):
        """{field: {doc: occurrences}} over `docs`, and the IDF of the term (articles of
        the whole index holding it in a field it is looked for in)."""
        counts, holders = {}, set()
        for f in _fields_of(term):
            found = self.occurrences.of(f, term.text)
            holders.update(found)
            counts[f] = found if docs.issuperset(found) else \
                {d: n for d, n in found.items() if d in docs}
        total = len(self.store)
        df = len(holders)
        return counts, math.log(1 + (total - df + 0.5) / (df + 0.5))

    def _whole_word_shares(self, term: Text, counts: dict[str, dict[int, int]]):
        """(field, doc) -> the weight of an average occurrence: 1 when every occurrence is
        a whole jieba word of the article, PART_WORD when none is. Whoosh's word fields say
        how often the term is a word of an article (a word field may gather several text
        fields: its whole words are shared out over them). A term that is no word of the
        index anywhere (one character, a phrase of several words) has no such evidence:
        its occurrences all count in full."""
        shares = {}
        if len(term.text) < 2:  # the word fields hold no one-character words
            return shares
        reader = self._whoosh().reader()
        for word_field in word_fields_for(term.field):
            members = [f for f in field_table.fields_ranking_into(word_field) if f in counts]
            if not members:
                continue
            if not reader.doc_frequency(word_field, term.text):
                continue  # no word of the index: whole or part, every article alike
            whole = self._word_frequencies(reader, word_field, term.text)
            raw = Counter()
            for f in members:
                raw.update(counts[f])
            part = PART_WORD[word_field]
            for doc, n in raw.items():
                w = whole.get(doc, 0)
                if w < n:  # else every occurrence is a whole word: the default share, 1
                    share = (w + part * (n - w)) / n
                    for f in members:
                        shares[(f, doc)] = share
        return shares

    def _word_frequencies(self, reader, word_field: str, word: str) -> dict[int, int]:
        """Store doc -> how often `word` is a jieba word of the word field."""
        from newsgrep.index.whoosh_private import word_frequencies

        if self._docmap is None:
            self._docmap = self.store.whoosh_docmap()
        docmap = self._docmap
        found = {}
        for docnum, freq in word_frequencies(reader, word_field, word):
            doc = docmap[docnum] if docnum < len(docmap) else -1
            if doc >= 0:
                found[doc] = freq
        return found

    def _saturated(self, tf: float, f: str, doc: int) -> float:
        b = FIELD_BY_NAME[f].length_b
        norm = 1 - b + b * self._length(f, doc) / self._average_length(f) if b else 1.0
        return tf * (K1 + 1) / (tf + K1 * norm)

    def _length(self, f: str, doc: int) -> int:
        starts = self.store.starts(f)
        return starts[doc + 1] - starts[doc] - 1  # bytes of folded UTF-8, NUL left out

    def _average_length(self, f: str) -> float:
        return self.store.average_length(f)

    # Proximity ------------------------------------------------------------------------

    def _add_proximity(self, scores: dict[int, float], terms: list[Text], counts, idfs):
        """Where every term occurs in one field, a bonus that grows as they stand closer:
        scored like one more occurrence of all the terms at once, its frequency falling
        from 1 (adjacent) as characters come between them. Measured for the
        PROXIMITY_DOCS best-scored articles of each field (common characters such as
        `的 是` match thousands; a bonus far down the list would not reach the top)."""
        shared = set(_fields_of(terms[0])).intersection(*(_fields_of(t) for t in terms[1:]))
        idf = sum(idfs.values())
        needles = [t.text for t in terms]
        for f in sorted(shared):
            together = set(counts[terms[0]][f]).intersection(
                *(counts[t][f] for t in terms[1:]))
            if len(together) > PROXIMITY_DOCS:
                together = heapq.nlargest(PROXIMITY_DOCS, together, key=scores.__getitem__)
            for doc in together:
                gap = _smallest_gap(self.store.folded(doc, f), needles)
                closeness = 1 / (1 + gap / CLOSE)
                scores[doc] += idf * RANK_WEIGHTS[f] * self._saturated(closeness, f, doc)


def _fields_of(term: Text) -> tuple[str, ...]:
    """The ranked text fields a term is looked for in."""
    names = DEFAULT_FIELDS if term.field is None else (term.field,)
    return tuple(f for f in names if f in RANK_WEIGHTS)


def _smallest_gap(text: str, needles: list[str]) -> int:
    """About the fewest characters between the needles in `text`: 0 when they stand
    together in the query's order; else, around each of the first PROXIMITY_SCAN
    occurrences of the rarest needle, the nearest occurrence of every other one (before or
    after it), the stretch they make less the needles' own lengths, and at least 1 (the
    needles together in another order, 驾驶违法 for 违法 驾驶, are one step away). C-speed
    finds, so cheap on long bodies."""
    if "".join(needles) in text:
        return 0
    anchor = min(needles, key=text.count)
    others = [n for n in needles if n is not anchor]
    least = sum(len(n) for n in needles)
    best, pos, seen = len(text), text.find(anchor), 0
    while pos != -1 and seen < PROXIMITY_SCAN and best > least:
        start, end = pos, pos + len(anchor)
        for other in others:
            size = len(other)
            spans = []
            for place in (text.rfind(other, 0, pos + size), text.find(other, pos)):
                if place != -1:
                    spans.append((max(end, place + size) - min(start, place), place))
            place = min(spans)[1]
            start, end = min(start, place), max(end, place + size)
        best = min(best, end - start)
        pos, seen = text.find(anchor, pos + 1), seen + 1
    return max(best - least, 1)


def order(docs: set[int], scores: dict[int, float], fallback,
          stop: int | None = None) -> list[int]:
    """Scored articles best first (ties in store order), then the rest by `fallback`;
    with `stop`, only the first `stop` of that order (a heap, not a sort of every match)."""
    if stop is not None and stop < len(scores):
        # (-score, doc) pairs compare in C: no key function called per match.
        best = heapq.nsmallest(stop, zip(map(operator.neg, scores.values()), scores))
        if best and best[-1][0] < 0:  # every one scored: no date order needed
            return [doc for _score, doc in best]
    scored = [d for d in docs if scores.get(d)]
    ranked = sorted(scored, key=lambda d: (-scores[d], d))
    unscored = [d for d in docs if not scores.get(d)]
    return ranked + sorted(unscored, key=fallback, reverse=True)


# Whoosh's BM25F over jieba words: for "more like this" ------------------------------

def word_scores(searcher, docmap, docs: set[int], texts: list[Text]) -> dict[int, float]:
    """BM25F scores from Whoosh for the articles in `docs` that hold a word of `texts`."""
    if not docs or not texts:
        return {}
    from whoosh import query as wq

    words = index_words(searcher, texts)
    if not words:
        return {}
    terms = [wq.Term(field, word) for field, word in dict.fromkeys(words)]
    allowed = {docnum for docnum, doc in enumerate(docmap) if doc in docs}
    results = searcher.search(wq.Or(terms), limit=None, filter=allowed)
    return {docmap[hit.docnum]: hit.score for hit in results}


def index_words(searcher, texts: list[Text], scan: int = MAX_QUERY_SCAN) -> list[tuple[str, str]]:
    """Index words inside the texts: every substring of two or more characters the index
    knows as a word (it holds no shorter ones), per word field searched."""
    reader = searcher.reader()
    words = []
    for text in texts:
        word_fields = word_fields_for(text.field)
        # Words are short: a long pasted text needs no more than its opening.
        for start in range(min(len(text.text), scan)):
            for end in range(start + 2, min(len(text.text), start + MAX_WORD_LENGTH) + 1):
                candidate = text.text[start:end]
                for field in word_fields:
                    if reader.doc_frequency(field, candidate):
                        words.append((field, candidate))
    return words
