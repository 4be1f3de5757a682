"""Read a page's lines into units, in each of the two print layouts.

Columns: lines are joined into paragraphs until a sentence end that the layout confirms;
a run of unpunctuated lines before something that opens a story is a headline run.
One paragraph per line: a line is a paragraph, unless it visibly breaks off mid-sentence.
"""
from __future__ import annotations

import re

from newsgrep.ingest.parsing.bylines import split_trailing_credit
from newsgrep.ingest.parsing.cleanup import ends_open, ends_sentence, join_lines, width
from newsgrep.ingest.parsing.headlines import is_subhead
from newsgrep.ingest.parsing.markers import has_jump_to
from newsgrep.ingest.parsing.units import (Unit, column_width, head_groups, line_ends_paragraph,
                                          numbered, para_units, special_unit, starts_explicitly)


class _ColumnReader:
    """Collects the lines of one paragraph (or headline run) at a time."""

    def __init__(self, column: float) -> None:
        self.column = column
        self.units: list[Unit] = []
        self.buf: list[tuple[int, str]] = []

    def flush(self, next_explicit: bool) -> None:
        if not self.buf:
            return
        pairs, self.buf = self.buf, []
        texts = [l for _, l in pairs]
        gap = pairs[0][0]
        joined = join_lines(texts)
        if next_explicit and not ends_sentence(joined) and not has_jump_to(joined) \
                and not split_trailing_credit(texts[-1].strip())[1]:
            self.units.append(Unit("head", groups=head_groups(pairs), gap=gap))
            return
        if len(texts) > 1 and is_subhead(texts[0], self.column):
            self.units.append(Unit("head", groups=[[texts[0]]], gap=gap, subhead=True))
            texts, gap = texts[1:], 0
        self.units.extend(para_units(texts, gap))

    def add(self, gap: int, line: str) -> None:
        self.buf.append((gap, line))


def column_units(lines: list[str]) -> list[Unit]:
    """Hard-wrapped narrow columns: join lines into paragraphs, find headline runs."""
    reader = _ColumnReader(column_width(lines))
    items = numbered(lines)
    for idx, (gap, line) in enumerate(items):
        special = special_unit(line, gap)
        if special or starts_explicitly(line):
            reader.flush(True)
            if special:
                reader.units.append(special)
                continue
        reader.add(gap, line)
        nxt = items[idx + 1] if idx + 1 < len(items) else None
        if line_ends_paragraph(line, nxt, reader.column):
            reader.flush(nxt is None or starts_explicitly(nxt[1]))
    reader.flush(True)
    return reader.units


def _joins_next(line: str) -> bool:
    """In one-paragraph-per-line pages, does this line break off mid-sentence?"""
    s = line.strip()
    if ends_sentence(s) or has_jump_to(s) or split_trailing_credit(s)[1]:
        return False
    if ends_open(s) or s[-1:].isdigit():
        return True
    return width(s) > 24 or bool(re.search(r"[，,、。；;：:]", s))


def is_headline_line(text: str) -> bool:
    return (0 < width(text) <= 40 and not ends_sentence(text) and not ends_open(text)
            and not starts_explicitly(text) and not has_jump_to(text))


def line_units(lines: list[str]) -> list[Unit]:
    """One paragraph per line; blank lines in mid-sentence are joined over."""
    items = numbered(lines)
    units: list[Unit] = []
    i = 0
    while i < len(items):
        gap, line = items[i]
        special = special_unit(line, gap)
        if special:
            units.append(special)
            i += 1
            continue
        parts = [line]
        while _joins_next(parts[-1]) and i + 1 < len(items) and not starts_explicitly(items[i + 1][1]) \
                and not special_unit(items[i + 1][1], 0):
            i += 1
            parts.append(items[i][1])
        i += 1
        _add_line_unit(units, parts, gap)
    return units


def _add_line_unit(units: list[Unit], parts: list[str], gap: int) -> None:
    text = join_lines(parts)
    if len(parts) == 1 and is_headline_line(text):
        prev = units[-1] if units else None
        if prev and prev.kind == "head" and not prev.markdown and gap <= 1:
            prev.groups[0].append(parts[0].strip())
        else:
            units.append(Unit("head", groups=[[parts[0].strip()]], gap=gap))
    else:
        units.extend(para_units(parts, gap))
