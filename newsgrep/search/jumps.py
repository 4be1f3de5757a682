"""Jumped stories: link an article's part on one page to its continuation on another.

"（下转第4版）" on page 1 and "(上接第1版)" on page 4 name each other's pages, not each
other. Two parts belong together when the pages agree both ways, the paper and date agree
where known, and the headlines look alike (continuations often carry a shorter headline).
"""
from __future__ import annotations

from newsgrep.normalize import fold
from newsgrep.index.store import Store

MIN_TITLE_LIKENESS = 0.25


def title_likeness(a: str, b: str) -> float:
    """Share of characters in common between two headlines (0 to 1)."""
    a_chars, b_chars = set(fold(a)), set(fold(b))
    if not a_chars or not b_chars:
        return 0.0
    return len(a_chars & b_chars) / min(len(a_chars), len(b_chars))


def _compatible(columns: dict, doc: int, other: int) -> bool:
    for key in ("paper", "date"):
        mine, theirs = columns[key][doc], columns[key][other]
        if mine is not None and theirs is not None and mine != theirs:
            return False
    return True


def _best_part(store: Store, doc: int, candidates: list[int]) -> int | None:
    title = store.record(doc).title
    scored = [(title_likeness(title, store.record(c).title), c) for c in candidates]
    scored = [(score, c) for score, c in scored if score >= MIN_TITLE_LIKENESS]
    return max(scored)[1] if scored else None


def _linked_part(store: Store, doc: int, forward: bool) -> int | None:
    """The part this one jumps to (forward) or continues from, if it is indexed."""
    columns = store.columns
    # Going forward: "下转第N版" here, "上接第M版" (M = this page) there; backward mirrors it.
    mine, theirs = ("continued_to", "continued_from") if forward else \
        ("continued_from", "continued_to")
    target, page = columns[mine][doc], columns["page"][doc]
    if target is None:
        return None
    candidates = [d for d in range(len(store)) if d != doc
                  and columns["page"][d] == target
                  and columns[theirs][d] is not None
                  and (page is None or columns[theirs][d] == page)
                  and _compatible(columns, doc, d)]
    return _best_part(store, doc, candidates)


def story_parts(store: Store, doc: int) -> list[int]:
    """All parts of the story `doc` belongs to, in reading order (at least `doc`)."""
    parts = [doc]
    while (before := _linked_part(store, parts[0], False)) is not None and before not in parts:
        parts.insert(0, before)
    while (after := _linked_part(store, parts[-1], True)) is not None and after not in parts:
        parts.append(after)
    return parts
