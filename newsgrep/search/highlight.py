"""Highlight spans and snippets, computed against the original text.

Matches are found in folded text (where the search found them) and mapped back through the
fold's origin table, so a highlight covers exactly the matched characters as printed,
across line breaks, justification spaces and width folding; never a shorter jieba token.
"""
from __future__ import annotations

from newsgrep.models import Span
from newsgrep.normalize import Origins, fold_mapped, folds_in_place

SNIPPET_LENGTH = 160
SCAN_START = 600  # characters of body folded first when no needle is there verbatim
SNIPPET_LEAD = 40
SNIPPET_SLACK = 48  # line breaks the fold drops between the window and the cut
ELLIPSIS = "…"
# A text's fold and its origins, as `fold_mapped` gives them (or as stored at index time):
# given one, highlighting folds nothing.
Fold = tuple[str, Origins]


def find_spans(original: str, needles: list[str], fold: Fold | None = None) -> list[Span]:
    """Where each folded needle occurs in `original`, as merged, sorted original spans."""
    needles = [n for n in needles if n]
    if not needles or not original:
        return []
    folded, origins = fold or fold_mapped(original)
    return _spans_in(folded, origins, needles)


def _spans_in(folded: str, origins: Origins, needles: list[str],
              stop: int | None = None) -> list[Span]:
    """The matches that start before folded position `stop` (all without)."""
    spans = []
    for needle in needles:
        limit = len(folded) if stop is None else stop + len(needle) - 1
        pos = folded.find(needle, 0, limit)
        while pos != -1:
            end = pos + len(needle)
            spans.append((origins[pos], origins[end - 1] + 1))
            pos = folded.find(needle, end, limit)
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[Span]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [Span(s, e) for s, e in merged]


def _leading_spans(body: str, needles: list[str], fold: Fold | None = None) -> list[Span]:
    """Every match a snippet window shows, folding no more of the body than it needs.

    Folding a long article whole for every hit is what makes printing thousands of hits
    slow. Folding is local, so the fold of a start of the body is a start of the body's
    fold: its matches are exactly the body's matches that end inside it. It is folded
    far enough past the window to have seen every match that starts inside it; a verbatim
    copy of a needle in the body (found without folding) bounds where the first can be.
    """
    needles = [n for n in needles if n]
    if not needles or not body:
        return []
    longest = max(len(n) for n in needles)
    if fold is not None:
        return _leading_spans_in(body, fold, needles, longest)
    length = max(_first_cut(body, needles, longest), 1)
    while length < len(body):
        folded, origins = fold_mapped(body[:length])
        spans = _spans_in(folded, origins, needles)
        if spans:
            window_end = _window(len(body), spans[0])[1]
            if origins.folded_before(window_end) + longest <= len(folded):
                return spans
        length *= 2
    return find_spans(body, needles)


def _leading_spans_in(body: str, fold: Fold, needles: list[str], longest: int
                      ) -> list[Span]:
    """`_leading_spans` when the fold is at hand: the matches up to a little past the
    window, found in it (a common character can match a thousand times)."""
    folded, origins = fold
    first = min((at for at in (folded.find(n) for n in needles) if at >= 0), default=-1)
    if first < 0:
        return []
    stop = first + SNIPPET_LENGTH + 2 * longest + SNIPPET_SLACK
    while True:
        spans = _spans_in(folded, origins, needles, stop)
        window_end = _window(len(body), spans[0])[1]
        if stop >= len(folded) or origins.folded_before(window_end) <= stop:
            return spans
        stop *= 2


def _first_cut(body: str, needles: list[str], longest: int) -> int:
    """How much of the body to fold first: past the window around the first verbatim
    copy of a needle, else SCAN_START."""
    found = [at for at in (body.find(n) for n in needles if folds_in_place(n)) if at >= 0]
    if not found:
        return SCAN_START
    return max(min(found) - SNIPPET_LEAD, 0) + SNIPPET_LENGTH + 2 * longest + SNIPPET_SLACK


def _window(length: int, first: Span | None) -> tuple[int, int]:
    """[start, end) of the snippet in a body of `length`: from a little before the first
    match, widened to the end of a long match so that its highlight is never cut."""
    if first is None:
        return 0, min(length, SNIPPET_LENGTH)
    start = max(0, first.start - SNIPPET_LEAD)
    return start, min(length, max(start + SNIPPET_LENGTH, first.end))


def highlight_title(title: str, needles: list[str], fold: Fold | None = None
                    ) -> tuple[Span, ...]:
    return tuple(find_spans(title, needles, fold))


def make_snippet(body: str, needles: list[str], fold: Fold | None = None
                 ) -> tuple[str, tuple[Span, ...]]:
    """A one-line window of the body around its first match, and the spans inside it.
    `fold`: the body's fold and origins, when the caller has them (from the index)."""
    spans = _leading_spans(body, needles, fold)
    start, end = _window(len(body), spans[0] if spans else None)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(body) else ""
    text = prefix + body[start:end].replace("\n", " ") + suffix
    shift = len(prefix) - start
    inside = tuple(Span(max(s.start, start) + shift, min(s.end, end) + shift)
                   for s in spans if s.start < end and s.end > start)
    return text, inside


_SENTENCE_END = "。！？!?；;\n"


def _sentences(body: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence (or paragraph line) of the body, in order."""
    bounds, start = [], 0
    for i, char in enumerate(body):
        if char in _SENTENCE_END:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(body):
        bounds.append((start, len(body)))
    return bounds


def context_passages(body: str, needles: list[str], around: int, fold: Fold | None = None
                     ) -> tuple[int, list[tuple[str, tuple[Span, ...]]]]:
    """Every match of the body with `around` sentences either side: (number of matches,
    passages), passages that overlap merged, each with its spans, in body order."""
    spans = find_spans(body, needles, fold)
    sentences = _sentences(body)
    windows: list[list[int]] = []
    for span in spans:
        at = next(i for i, (s, e) in enumerate(sentences) if span.start < e)
        low, high = max(0, at - around), min(len(sentences) - 1, at + around)
        if windows and low <= windows[-1][1] + 1:
            windows[-1][1] = max(windows[-1][1], high)
        else:
            windows.append([low, high])
    passages = []
    for low, high in windows:
        start, end = sentences[low][0], sentences[high][1]
        text = body[start:end].strip("\n")
        lead = len(body[start:end]) - len(body[start:end].lstrip("\n"))
        inside = tuple(Span(s.start - start - lead, s.end - start - lead) for s in spans
                       if s.start >= start and s.end <= end)
        passages.append((text.replace("\n", " "), inside))
    return len(spans), passages
