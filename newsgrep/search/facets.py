"""Facets: how a whole result set spreads over papers, years or months, pages and authors.

Counts come from the store's columns (one list lookup an article), so a facet over
thousands of hits costs about as much as counting them. Articles a page does not date,
number or credit fall in an "unknown" bucket, so each facet's counts add up to the number
of matching articles (authors excepted: an article by two people counts for both).
"""
from __future__ import annotations

from collections import Counter

from newsgrep.errors import NewsgrepError
from newsgrep.fields import QUERY_NAMES

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
    """The facet `name` asks for: its own name, or a field's as the query language names
    it (`报纸` is paper, `日期` date, `版面` page, `作者` author)."""
    if name in FACETS:
        return name
    field = QUERY_NAMES.get(name.lower())
    if field in FACETS:
        return field
    names = [n for n in FACETS if ":" not in n]
    aliases = [alias for alias, field in QUERY_NAMES.items()
               if field in FACETS and alias not in FACETS]
    raise NewsgrepError(f"no facet {name!r}: use one of {', '.join(names)} "
                        f"(or {', '.join(aliases)})")


def count_facet(searcher, docs, name: str) -> dict:
    """{value: number of articles} over `docs`: papers and authors most frequent first,
    dates and pages in order; unknown last."""
    column, bucket = FACETS[check_facet(name)]
    counts: Counter = Counter()
    if column == "paper":  # one paper however its masthead spells it (楊浦時報, 杨浦时报)
        labels = paper_labels(searcher.store.columns["paper"], searcher.store.columns["ordinal"])
        for name, n in Counter(searcher.store.columns["paper"][doc] for doc in docs).items():
            counts[labels[name] if name else UNKNOWN] += n
    elif column == "authors":  # one person however a byline spells the name
        for doc in docs:
            counts.update(searcher.record(doc).authors or [UNKNOWN])
        counts = _folded_together(counts)
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


def paper_labels(papers: list, ordinals: list) -> dict[str, str]:
    """Each paper name in the index -> the one label of every name that folds alike: the
    spelling its articles print most (as `newsgrep stats` names it, a tie to the first
    seen), the same whatever a query finds. A name only page text carries is labelled by
    its most printed spelling there."""
    from newsgrep.normalize import fold

    in_articles = Counter(p for p, n in zip(papers, ordinals) if n and p)
    everywhere = Counter(p for p in papers if p)
    groups: dict[str, list[str]] = {}
    for name in dict.fromkeys([*in_articles, *everywhere]):  # articles' order first
        groups.setdefault(fold(name), []).append(name)
    labels = {}
    for spellings in groups.values():
        weight = in_articles if any(in_articles[s] for s in spellings) else everywhere
        label = max(spellings, key=lambda s: weight[s])  # max keeps the first of a tie
        labels.update(dict.fromkeys(spellings, label))
    return labels


def _folded_together(counts: Counter) -> Counter:
    """`counts` with values that fold alike (張雯, 张雯) added up under one label: the
    spelling that folding leaves as it is when one was counted (the simplified, half-width
    one), else the most frequent (alphabetical on a tie), so a label does not change with
    the spellings one query happens to find."""
    from newsgrep.normalize import fold

    groups: dict[str, Counter] = {}
    for value, n in counts.items():
        key = value if value == UNKNOWN else fold(value)
        groups.setdefault(key, Counter())[value] += n
    merged: Counter = Counter()
    for key, spellings in groups.items():
        label = key if key in spellings else min(spellings, key=lambda v: (-spellings[v], v))
        merged[label] += sum(spellings.values())
    return merged
