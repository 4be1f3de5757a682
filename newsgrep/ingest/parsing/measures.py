"""What both page readers measure on a line: its leading space, indent, balanced quotes;
whether a page indents its paragraphs; numbered sub-heads; markdown heading stacks."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Protocol

from newsgrep.ingest.parsing.cleanup import ends_sentence, width
from newsgrep.ingest.parsing.markers import NUMBERED
from newsgrep.ingest.parsing.units import Unit


class ReaderState(Protocol):
    """What headline evidence may read of a column reader (columns.ColumnReader): the page's
    measures, and the units and lines read so far."""

    column: float
    indents: bool
    para_gap: int
    flush_left: bool
    units: list[Unit]
    buf: list[tuple[int, str]]


def is_indented(line: str) -> bool:
    return line.startswith(("\u3000", "  "))


def indents_paragraphs(items: list[tuple[int, str]], wrapped: bool = True) -> bool:
    """Does this page mark paragraph starts with an indent ('\u3000\u3000在学习…')?"""
    # In columns, counted on lines that run on into the next one, as a paragraph's first
    # line does; a headline set in by two spaces stands alone.
    indented = sum(1 for (_, l), (g, n) in zip(items, items[1:] + [(1, "")])
                   if is_indented(l) and leading_space(l) < 6
                   and (not wrapped or (not g and not ends_sentence(l) and not is_indented(n))))
    return indented >= 3 and indented >= 0.04 * len(items)


def leading_space(line: str) -> int:
    """Leading space in half-width units (a full-width space is two)."""
    body = line.lstrip(" \u3000")
    lead = line[:len(line) - len(body)]
    return lead.count(" ") + 2 * lead.count("\u3000")


def balanced(text: str) -> bool:
    """A headline closes the quotes and brackets it opens; a wrapped body line need not."""
    return all(text.count(a) == text.count(b) for a, b in ("“”", "（）", "《》", "()", "「」"))


def numbered_subhead(line: str, nxt: tuple[int, str] | None, measure: float) -> bool:
    """'二、加强宣传引导', '（一）完善设施建设': a numbered sub-head, standing apart or short
    of the column (a numbered paragraph's first line fills it and runs on)."""
    s = line.strip()
    if not NUMBERED.match(s) or re.search(r"[，,。；;：:]", s) or ends_sentence(s) or width(s) > 20:
        return False
    return nxt is None or nxt[0] > 0 or width(s) < measure - 3.5


# Characters no sentence starts with: text beginning with one continues the line above.
GOES_ON = set("的了着过和与及或等并而之者们地得，,、。；;：:）)”」")


def stack_markdown(units: list[Unit]) -> list[Unit]:
    """Markdown headings of different levels with no text between them are one headline
    stack: '# 标题' over '## ——副题' (or a plain '——副题' line), or '## 引题' over '# 标题'."""
    out: list[Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if u.kind == "head" and u.markdown and prev is not None and prev.kind == "head" and prev.markdown \
                and u.level != prev.level and len(prev.groups) < 3:
            prev.groups.extend(u.groups)
            prev.levels.extend(u.levels)
            prev.level = min(prev.level, u.level)
            continue
        if prev is not None and prev.kind == "head" and prev.markdown and _plain_dash_line(u):
            prev.groups.append([u.text if u.kind == "para" else u.groups[0][0]])
            prev.levels.append(prev.levels[-1])  # '## 标题' over a plain '——副题' line: its subtitle
            continue
        if u.kind == "head" and u.markdown and prev is not None and prev.kind == "head" and not prev.markdown \
                and not prev.subhead and len(prev.groups) == 1 and len(prev.groups[0]) == 1 \
                and width(prev.groups[0][0]) <= 12 and not (len(out) >= 2 and out[-2].kind == "banner"):
            # A short plain line over a heading, nothing between: the kicker the export left
            # unmarked ('民生实事进行时' / '## 解决大家的填报志愿问题…'), set a level below. (A
            # line under a banner is the banner's own: seed 001's '推动主题教育走深走实'.)
            out[-1] = replace(u, groups=prev.groups + u.groups, levels=[u.level + 1] + u.levels, gap=prev.gap)
            continue
        out.append(u)
    return out


def _plain_dash_line(u: Unit) -> bool:
    """A plain line opening with a dash, short and ending no sentence: a subtitle's form."""
    text = u.text if u.kind == "para" else (u.groups[0][0] if u.kind == "head" and len(u.groups) == 1
                                             and len(u.groups[0]) == 1 and not u.markdown else "")
    return text.startswith("——") and width(text) <= 40 and not ends_sentence(text) \
        and not (u.kind == "para" and (u.authors or u.jump_from or u.jump_to))


def paragraph_gap(items: list[tuple[int, str]]) -> int:
    """How many blank lines this page sets between paragraphs (0: they run on tight)."""
    ends = [gap for (_, line), (gap, _) in zip(items, items[1:]) if ends_sentence(line)]
    if len(ends) < 4:
        return 1
    return 0 if sum(1 for g in ends if g == 0) >= 0.6 * len(ends) else sorted(ends)[len(ends) // 2]
