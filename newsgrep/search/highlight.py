"""Highlight spans and snippets, computed against the original text.

Matches are found in folded text (where the search found them) and mapped back through the
fold's origin table, so a highlight covers exactly the matched characters as printed,
across line breaks, justification spaces and width folding; never a shorter jieba token.
"""
from __future__ import annotations

from newsgrep.models import Span
from newsgrep.normalize import fold_with_origins

SNIPPET_LENGTH = 160
SCAN_START = 600  # characters of body folded first when looking for the snippet
SNIPPET_LEAD = 40
ELLIPSIS = "…"


def find_spans(original: str, needles: list[str]) -> list[Span]:
    """Where each folded needle occurs in `original`, as merged, sorted original spans."""
    needles = [n for n in needles if n]
    if not needles or not original:
        return []
    folded, origins = fold_with_origins(original)
    spans = []
    for needle in needles:
        pos = folded.find(needle)
        while pos != -1:
            end = pos + len(needle)
            spans.append((origins[pos], origins[end - 1] + 1))
            pos = folded.find(needle, end)
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[Span]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [Span(s, e) for s, e in merged]


def _leading_spans(body: str, needles: list[str]) -> list[Span]:
    """The matches a snippet can show, folding no more of the body than it needs.

    Most first matches come early, and folding a long article whole for every hit is what
    makes printing thousands of hits slow. Folding a cut-off start of the text can differ
    from the whole only near the cut, so only matches well before it are trusted.
    """
    margin = SNIPPET_LENGTH + max((len(n) for n in needles), default=0) + 2
    length = SCAN_START
    while length < len(body):
        spans = find_spans(body[:length], needles)
        if spans and spans[0].end + margin < length:
            return [s for s in spans if s.end + margin < length]
        length *= 4
    return find_spans(body, needles)


def highlight_title(title: str, needles: list[str]) -> tuple[Span, ...]:
    return tuple(find_spans(title, needles))


def make_snippet(body: str, needles: list[str]) -> tuple[str, tuple[Span, ...]]:
    """A one-line window of the body around its first match, and the spans inside it."""
    spans = _leading_spans(body, needles)
    start = max(0, spans[0].start - SNIPPET_LEAD) if spans else 0
    # Widen to the end of a long match so the highlight is never cut.
    end = min(len(body), max(start + SNIPPET_LENGTH, spans[0].end if spans else 0))
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


def context_passages(body: str, needles: list[str], around: int
                     ) -> tuple[int, list[tuple[str, tuple[Span, ...]]]]:
    """Every match of the body with `around` sentences either side: (number of matches,
    passages), passages that overlap merged, each with its spans, in body order."""
    spans = find_spans(body, needles)
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
