"""Facets: how a whole result set spreads over papers, years or months, pages and authors.

Counts come from the store's columns (one list lookup an article), so a facet over
thousands of hits costs about as much as counting them. Articles a page does not date,
number or credit fall in an "unknown" bucket, so each facet's counts add up to the number
of matching articles (authors excepted: an article by two people counts for both).
"""
from __future__ import annotations

from collections import Counter

from newsgrep.errors import NewsgrepError

UNKNOWN = "unknown"
# Facet name (as typed after --facet) -> the column it reads and how a value is bucketed.
FACETS = {
    "paper": ("paper", str),
    "date": ("date", lambda date: date[:4]),       # by year
    "year": ("date", lambda date: date[:4]),
    "month": ("date", lambda date: date[:7]),
    "date:month": ("date", lambda date: date[:7]),
    "page": ("page", int),
    "author": ("authors", str),
}


def check_facet(name: str) -> str:
    if name not in FACETS:
        raise NewsgrepError(f"no facet {name!r}: use one of {', '.join(FACETS)}")
    return name


def count_facet(searcher, docs, name: str) -> dict:
    """{value: number of articles} over `docs`: papers and authors most frequent first,
    dates and pages in order; unknown last."""
    column, bucket = FACETS[check_facet(name)]
    if column == "paper":  # one paper however its masthead spells it (楊浦時報, 杨浦时报)
        from newsgrep.search.statistics import count_papers

        return count_papers([searcher.store.columns["paper"][doc] for doc in docs])
    counts: Counter = Counter()
    if column == "authors":
        for doc in docs:
            authors = searcher.record(doc).authors
            counts.update(authors or [UNKNOWN])
    else:
        values = searcher.store.columns[column]
        counts.update(bucket(values[doc]) if values[doc] is not None else UNKNOWN
                      for doc in docs)
    unknown = counts.pop(UNKNOWN, 0)
    if column in ("date", "page"):  # a time line and a page order read in their own order
        ordered = dict(sorted(counts.items()))
    else:
        ordered = dict(sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))))
    if unknown:
        ordered[UNKNOWN] = unknown
    return ordered
