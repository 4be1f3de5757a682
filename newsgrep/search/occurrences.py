"""Where a string occurs: the articles whose folded field holds it, and how often.

In: the gram postings (`index.grams`) and the article store. Out: store place ->
occurrences, exact, for one field and one folded string.

A string of one or two characters is one gram: its postings are the answer, counts
included, and no article is read. A longer string can only be in articles that hold all
of its bigrams: the rarest bigrams' postings are intersected until few candidates are
left, and only those are read from the store and counted. So the work follows how rare
the string is, not how large the archive is, and the answer is still what grep would say.
"""
from __future__ import annotations

from newsgrep.index.grams import GramIndex, bigrams
from newsgrep.index.store import Store

# Below this many candidates, reading them costs less than intersecting another list.
FEW_CANDIDATES = 64
# Strings remembered while one query runs: matching and ranking look for the same ones.
REMEMBERED = 64


class Occurrences:
    """Exact occurrences of strings in one generation's fields."""

    def __init__(self, store: Store, grams: GramIndex):
        self.store = store
        self.grams = grams
        self._memo: dict[tuple[str, str], dict[int, int]] = {}

    def forget(self) -> None:
        """Drop what was remembered (a long-lived searcher would otherwise keep it)."""
        self._memo.clear()

    def of(self, field: str, text: str) -> dict[int, int]:
        """Store place -> occurrences of `text` in the folded `field`, for every article
        that holds it (an empty text is in every article, zero times)."""
        key = (field, text)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= REMEMBERED:
                self._memo.clear()
            found = self._memo[key] = self._find(field, text)
        return found

    def _find(self, field: str, text: str) -> dict[int, int]:
        if not text:
            return dict.fromkeys(range(len(self.store)), 0)
        if len(text) <= 2:
            return self.grams.postings(field, text)
        candidates = self._candidates(field, bigrams(text))
        counted = {}
        for doc in sorted(candidates):
            count = self.store.count_in(doc, field, text)
            if count:
                counted[doc] = count
        return counted

    def _candidates(self, field: str, pairs: list[str]) -> set[int]:
        """Articles holding every bigram, or enough of the rarest ones to leave few."""
        sizes = self.grams.sizes(field, pairs)
        rarest_first = sorted(pairs, key=sizes.__getitem__)
        if sizes[rarest_first[0]] == 0:
            return set()
        candidates = set(self.grams.postings(field, rarest_first[0]))
        for pair in rarest_first[1:]:
            if len(candidates) <= FEW_CANDIDATES:
                break
            candidates.intersection_update(self.grams.postings(field, pair))
        return candidates
