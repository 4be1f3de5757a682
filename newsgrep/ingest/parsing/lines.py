"""Read one-paragraph-per-line pages into units: a line is a paragraph, unless it visibly
breaks off mid-sentence; a short line set apart is a headline."""
from __future__ import annotations

import re

from newsgrep.ingest.parsing.bylines import OPENER, byline_line, split_trailing_credit
from newsgrep.ingest.parsing.cleanup import CLOSERS, ends_open, ends_sentence, join_lines, simplified, width
from newsgrep.ingest.parsing.markers import NUMBERED, has_jump_to, is_jump_line
from newsgrep.ingest.parsing.measures import (indents_paragraphs, is_indented, leading_space, numbered_subhead,
                                             paragraph_gap, stack_markdown)
from newsgrep.ingest.parsing.units import Unit, caption_unit, numbered, para_units, special_unit, starts_explicitly


def _joins_next(line: str, continuing: bool = False) -> bool:
    """In one-paragraph-per-line pages, does this line break off mid-sentence?

    `continuing`: the line already continues a cut paragraph, so a comma in it is a
    paragraph's, not a headline's.
    """
    s = line.strip()
    if ends_sentence(s) or has_jump_to(s) or split_trailing_credit(s)[1]:
        return False
    if ends_open(s) or s[-1:].isdigit() or (OPENER.match(simplified(s)) and width(s) > 16):
        return True
    # A paragraph cut by a stray blank line is long; a headline (even with a comma in it)
    # is short and stands alone.
    body = NUMBERED.sub("", s)  # '一、建立服务台账': a numbered sub-head's '、' is no list
    return width(s) > 36 or bool(re.search(r"[。；;、]", body)) or (continuing and bool(re.search(r"[，,]", s)))


def is_headline_line(text: str) -> bool:
    return (0 < width(text) <= 40 and not ends_sentence(text) and not ends_open(text)
            and not starts_explicitly(text) and not has_jump_to(text))


def line_units(lines: list[str]) -> list[Unit]:
    """One paragraph per line; blank lines in mid-sentence are joined over."""
    items = numbered(lines)
    indents = indents_paragraphs(items, wrapped=False)
    # A paragraph's own indent: a line set in deeper than that is centred.
    leads = sorted(leading_space(l) for _, l in items if is_indented(l) and width(l) > 20)
    para_lead = leads[len(leads) // 2] if indents and leads else 0
    para_gap = paragraph_gap(items)
    units: list[Unit] = []
    i = 0
    while i < len(items):
        gap, line = items[i]
        special = special_unit(line, gap) or caption_unit([line], gap)
        if special:
            units.append(special)
            i += 1
            continue
        if numbered_subhead(line, items[i + 1] if i + 1 < len(items) else None, 20):
            units.append(Unit("head", groups=[[line.strip()]], gap=gap, subhead=True, decorated=True))
            i += 1
            continue
        above_dash = i + 1 < len(items) and not items[i + 1][0] and items[i + 1][1].strip().startswith("——") \
            and width(items[i + 1][1]) <= 30
        # A question or exclamation with more space around it than paragraphs get: a headline.
        apart = gap > para_gap and (i + 1 == len(items) or items[i + 1][0] > para_gap)
        closed = i > 0 and _ends_credited(items[i - 1][1]) and i + 1 < len(items) and not _quoted(line)
        set_apart = _set_apart(line, indents) or ((gap >= 2 or above_dash or apart or closed) and _question_title(line))
        parts = [line]
        # An indented line opens a paragraph: no cut paragraph goes on into it.
        while not set_apart and _joins_next(parts[-1], len(parts) > 1) and i + 1 < len(items) \
                and not starts_explicitly(items[i + 1][1]) and not special_unit(items[i + 1][1], 0) \
                and not _set_apart(items[i + 1][1], indents) and not is_indented(items[i + 1][1]):
            i += 1
            parts.append(items[i][1])
        i += 1
        _add_line_unit(units, parts, gap, set_apart, para_lead)
    return stack_markdown(_mark_tight_subheads(units))


def _mark_tight_subheads(units: list[Unit]) -> list[Unit]:
    """On a page that sets blank lines somewhere, a short line with none around it, between
    a finished paragraph and the next ('服务跑出加速度'), is a sub-head of the running
    story, not a new story's title: a title gets space above it."""
    if not any(u.gap for u in units[1:]):
        return units
    for prev, u, nxt in zip(units, units[1:], units[2:]):
        if u.kind == "head" and not (u.markdown or u.wide or u.subhead) and len(u.groups) == 1 \
                and len(u.groups[0]) == 1 and not u.gap and nxt.kind == "para" and not nxt.gap \
                and not nxt.explicit and prev.kind == "para" and ends_sentence(prev.text):
            u.subhead = True
    return units


def _ends_credited(line: str) -> bool:
    """Does the line close a story with its credit ('……服务。（记者 张明）', '本报记者 李华')?
    What follows a closing credit opens the next story, so a question there is its title."""
    s = line.strip()
    return bool(split_trailing_credit(s)[1] or byline_line(s))


def _quoted(line: str) -> bool:
    """A line all in quotes ('“同学们，你们知道…？”') is a quoted lead, not a headline."""
    s = line.strip()
    return s[:1] in "“「\"" and s[-1:] in "”」\""


def _question_title(line: str) -> bool:
    """A short line ending '？' or '！' after extra space (or over a '——' subtitle): a
    headline that asks or exclaims."""
    s = line.strip()
    return width(s) <= 40 and s.rstrip(CLOSERS)[-1:] in "？！?!" and not re.search(r"[。；;]", s) \
        and not starts_explicitly(s)


def _set_apart(line: str, indents: bool) -> bool:
    """A line set as a headline: centred, or flush left where paragraphs are indented."""
    s = line.strip()
    if not s or width(s) > 40 or re.search(r"[。；;]", s) or ends_open(s) or starts_explicitly(s) \
            or is_jump_line(s):
        return False  # a jump marker alone on its line is set apart too, but belongs to its story
    return leading_space(line) >= (6 if indents else 3) or (indents and not is_indented(line))


def _add_line_unit(units: list[Unit], parts: list[str], gap: int, set_apart: bool = False,
                   para_lead: int = 0) -> None:
    text = join_lines(parts)
    if len(parts) == 1 and (set_apart or is_headline_line(text)):
        prev = units[-1] if units else None
        # Centred is a title's setting; flush left may be a sub-head's too, but a sub-head
        # is a short phrase: a long line set apart from indented paragraphs is a title.
        # Centred means set in deeper than a paragraph's own indent.
        wide = leading_space(parts[0]) >= max(3, para_lead + 2) or (set_apart and width(text) >= 14)
        if prev and prev.kind == "head" and not prev.markdown and gap <= 1:
            prev.groups[0].append(parts[0].strip())
            prev.wide = prev.wide or wide
        else:
            units.append(Unit("head", groups=[[parts[0].strip()]], gap=gap, wide=wide))
    else:
        units.extend(para_units(parts, gap))
