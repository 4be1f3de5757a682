"""The query tree -> Query DSL, and a cluster's answer -> newsgrep `Hit`s.

Matching and ranking stay apart, as in the local index. The whole condition tree goes in
the `filter` of one bool query: it decides which articles match and scores nothing.
Ranking is a `should` beside it: the index words inside the query's positive terms,
BM25-scored in the word fields with the field table's boosts.

    Text(t, None)      multi_match phrase over the folded default fields, or the page's
                       sheet where no record of the page holds t (its first record)
    Text(t, field)     match_phrase on folded.<field> (paper and author too: the query
                       language matches them as substrings, `paper:杨浦` finds 杨浦时报)
    And / Or / Not     bool must (+ must_not) / should, minimum 1 / must_not
    DateRange          range on `date` (a keyword), bounds as the prefix rule needs
    PageRange          range on `page`
    Everything         match_all

Hits are built from the returned `_source` (the original text), and highlighted by
newsgrep's own highlighter (`search.highlight`), not the cluster's: its spans are exact
and in the original text, the same as a local search shows. The cluster's highlighter
would mark folded text, one character token at a time.
"""
from __future__ import annotations

from newsgrep import fields
from newsgrep.cluster.mapping import (PAGE_RECORDS, SHEET, SOURCE_COUNT, SOURCE_HASH,
                                      folded_field, words_field)
from newsgrep.errors import NewsgrepError
from newsgrep.models import Hit
from newsgrep.search.query import (And, DateRange, Everything, Not, Or, PageRange, Text,
                                   parse_query, positive_texts)

# Query substrings of 2..8 characters from the first 64 may be index words (none is
# shorter; the local searcher looks its words up the same way). Kept here rather than
# imported: local ranking is free to change without changing what the cluster is sent.
MAX_WORD_LENGTH = 8
MAX_QUERY_SCAN = 64
# Terms per word field in the ranking clause: Lucene 9 counts every leaf query against
# max_clause_count (1024 on OpenSearch and older Elasticsearch), across the whole request.
MAX_RANKING_TERMS = 250
# What a hit needs back: the exported fields, not the folded text and words.
SOURCE_EXCLUDES = ["folded", "words", SOURCE_HASH, SOURCE_COUNT]
SORTS = ("score", "date", "date-asc")
# Tie-breaks, in the spirit of the local store order (files by path, articles in page order).
_TIES = [{"path": "asc"}, {"ordinal": "asc"}]


def translate(tree) -> dict:
    """The Query DSL clause that matches what `tree` matches in the local index."""
    if isinstance(tree, Text):
        return text_clause(tree)
    if isinstance(tree, And):
        must = [translate(p) for p in tree.parts
                if not isinstance(p, (Not, Everything))]
        must_not = [translate(p.part) for p in tree.parts if isinstance(p, Not)]
        clause: dict = {}
        if must:
            clause["must"] = must
        if must_not:
            clause["must_not"] = must_not
        return {"bool": clause} if clause else {"match_all": {}}
    if isinstance(tree, Or):
        return {"bool": {"should": [translate(p) for p in tree.parts],
                         "minimum_should_match": 1}}
    if isinstance(tree, Not):
        return {"bool": {"must_not": [translate(tree.part)]}}
    if isinstance(tree, DateRange):
        return {"range": {"date": date_range(tree.low, tree.high)}}
    if isinstance(tree, PageRange):
        bounds = {}
        if tree.low is not None:
            bounds["gte"] = tree.low
        if tree.high is not None:
            bounds["lte"] = tree.high
        pages = {"range": {"page": bounds}}
        if tree.section is None:
            return pages
        # page:A1: section A's page 1 only, as the page was printed ('A1', never 'B1')
        return {"bool": {"filter": [pages, {"prefix": {"page_label": tree.section}}]}}
    if isinstance(tree, Everything):
        return {"match_all": {}}
    raise TypeError(f"no translation for {tree!r}")


def text_clause(text: Text) -> dict:
    """A folded substring in one field; or in any default field, or on the page where no
    record holds it (then its first record matches, as locally)."""
    if text.field is not None:
        return {"match_phrase": {folded_field(text.field): text.text}}
    records = {"multi_match": {"query": text.text, "type": "phrase",
                               "fields": [folded_field(f) for f in fields.DEFAULT_FIELDS]}}
    page_only = {"bool": {"filter": [{"match_phrase": {folded_field(SHEET): text.text}}],
                          "must_not": [{"match_phrase": {folded_field(PAGE_RECORDS): text.text}}]}}
    return {"bool": {"should": [records, page_only], "minimum_should_match": 1}}


def date_range(low: str | None, high: str | None) -> dict:
    """Range bounds on the `date` keyword for the query language's prefix rule.

    Locally a date d is in [low TO high] when d[:len(low)] >= low and
    d[:len(high)] <= high, so `date:2023-12` is every date that starts with 2023-12.
    On strings, d[:k] >= low is the same as d >= low; and d[:k] <= high is the same as
    d < the first string after everything that starts with `high`: `high` with its last
    character raised by one (2023 -> "lt 2024", 2023-12 -> "lt 2023-13",
    2023-12-19 -> "lt 2023-12-1:"). Keyword ranges compare UTF-8 bytes, which order as
    code points do, as Python's strings compare: exact for any date string a sidecar
    may hold, partial dates included.
    """
    bounds = {}
    if low is not None:
        bounds["gte"] = low
    if high is not None:
        bounds["lt"] = high[:-1] + chr(ord(high[-1]) + 1)
    return bounds


def ranking_clauses(texts: list[Text]) -> list[dict]:
    """BM25 on the word fields: every 2..8 character stretch of the positive terms
    (stretches that are no index word score nothing), per word field they rank in."""
    candidates: dict[str, dict[str, None]] = {}
    for text in texts:
        for word_field in fields.word_fields_for(text.field):
            found = candidates.setdefault(word_field, {})
            for word in _stretches(text.text):
                found[word] = None
    clauses = []
    for word_field, boost in fields.WORD_FIELDS.items():
        words = list(candidates.get(word_field, {}))[:MAX_RANKING_TERMS]
        if words:
            clauses.append({"match": {words_field(word_field): {
                "query": " ".join(words), "operator": "or", "boost": boost}}})
    return clauses


def _stretches(text: str) -> list[str]:
    stretches = []
    for start in range(min(len(text), MAX_QUERY_SCAN)):
        for end in range(start + 2, min(len(text), start + MAX_WORD_LENGTH) + 1):
            stretch = text[start:end]
            if not any(c.isspace() for c in stretch):  # index words hold no spaces
                stretches.append(stretch)
    return stretches


def build_search(query: str, limit: int = 10, offset: int = 0, sort: str = "score",
                 after: list | None = None) -> dict:
    """The search request body for a query in newsgrep's language: `limit` hits from the
    `offset`-th, or (`after`, a hit's sort values) the `limit` hits after that one."""
    if sort not in SORTS:
        raise NewsgrepError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    tree = parse_query(query)
    bool_query: dict = {"filter": [translate(tree)]}
    ranking = ranking_clauses(positive_texts(tree))
    if ranking:
        bool_query["should"] = ranking
    body = {"query": {"bool": bool_query}, "from": offset, "size": limit,
            "track_total_hits": True, "sort": _sort(sort),
            "_source": {"excludes": SOURCE_EXCLUDES}}
    if sort != "score":
        body["track_scores"] = True  # hits show their score, as local ones sorted by date do
    if after is not None:
        body["search_after"] = after  # the sort ends in path and ordinal: one hit each
        del body["from"]
    return body


def _sort(sort: str) -> list:
    """Best first (date, then store order, break ties), or by date with undated last."""
    newest = {"date": {"order": "desc", "missing": "_last"}}
    if sort == "score":
        return [{"_score": {"order": "desc"}}, newest, *_TIES]
    if sort == "date":
        return [newest, *_TIES]
    return [{"date": {"order": "asc", "missing": "_last"}}, *_TIES]


def build_hits(response: dict, query: str, context: int | None = None) -> tuple[list[Hit], int]:
    """The hits of a search response, in order, and how many articles matched in all."""
    texts = positive_texts(parse_query(query))
    found = response["hits"]
    return [build_hit(raw, texts, context) for raw in found["hits"]], total_of(response)


def total_of(response: dict) -> int:
    total = response["hits"]["total"]
    return total["value"] if isinstance(total, dict) else total


def build_hit(raw: dict, texts: list[Text], context: int | None = None) -> Hit:
    """One hit: the article from `_source`, its score, snippet and spans as a local search
    computes them (the same functions, on the same original text)."""
    from newsgrep.cluster.documents import article_from_source
    from newsgrep.search.highlight import context_passages, highlight_title, make_snippet

    article = article_from_source(raw["_source"])
    body_needles = [t.text for t in texts if t.field in (None, "body")]
    snippet, spans = make_snippet(article.body, body_needles)
    title_spans = highlight_title(article.title,
                                  [t.text for t in texts if t.field in (None, "title")])
    count, passages = (None, []) if context is None else \
        context_passages(article.body, body_needles, context)
    return Hit(article, raw.get("_score") or 0.0, snippet, spans, title_spans, count,
               tuple(passages))
