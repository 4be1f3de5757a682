"""Headlines: which short lines are titles, and how a cluster splits into 引题/主题/副题.

A headline is short, ends no sentence, and is followed by what opens a story (a credit,
an opener, a body). In narrow columns a long title wraps onto two or three lines of
about the column width ('最高法将修改司法解释' / '严管“减假暂”'): those lines are one title.
A kicker (引题) sits above the main title, a subtitle (副题, often '——…') below it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsgrep.ingest.parsing.cleanup import CLOSERS, CONTINUING, TERMINAL, clean_text, width


@dataclass(frozen=True)
class Headline:
    """A headline as printed: kicker (引题), title, subtitle (副题), and a signed author."""

    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    authors: tuple[str, ...] = ()


def is_slogan(text: str) -> bool:
    """'学思想 强党性 重实践 建新功': three or more short chunks is a banner, not a title."""
    chunks = text.split()
    return len(chunks) >= 3 and all(len(c) <= 5 for c in chunks)


def is_subhead(line: str, column: float) -> bool:
    """A short unpunctuated first line of a paragraph is a sub-head ('把数据放进“安全屋”')."""
    s = line.strip()
    t = s.rstrip(CLOSERS)
    return bool(t) and t[-1] not in TERMINAL + CONTINUING and width(s) < 0.72 * column


def split_heading(text: str) -> list[str]:
    """'# 标题,助力… 副题…' holds title and subtitle; '上海城市数字化转型 体验周…' is one title."""
    parts = text.split()
    if len(parts) == 2 and all(len(p) >= 10 for p in parts):
        return [clean_text(p) for p in parts]
    return [clean_text(text)]


def _is_wrap(first: str, second: str, column: float | None, measure: float = 0) -> bool:
    """Two lines of one title ('三明三元区党政代表团/一行来…', '最高法将修改司法解释/严管“减假暂”').

    The first line of a wrapped title runs (nearly) to the column edge or the title's
    own measure; a kicker above a title usually ends with visible room to spare.
    """
    if second.startswith("——") or is_slogan(first):
        return False  # a subtitle starts below; a slogan ('学思想 强党性 …') is a kicker of its own
    if re.search(r"[，,、：:的被将与把及或]$", first):
        return True  # a clause or phrase left open: the next line finishes the same title
    if re.search(r"[！？!?]", first):
        return True  # an exclaiming or asking line opens a title, never a kicker ('大赞！庆阳这个')
    if column is None:
        # Without a column to fill, a shorter line under a headline line finishes it; a
        # kicker (引题) is the shorter line above its title.
        return width(second) <= width(first) and width(first) <= 24
    if not _closed(first):
        return True  # a quote or bracket still open: the title goes on
    if width(first) < 0.5 * measure:
        return False  # far short of the title's own measure, with nothing left open: a kicker
    if re.search(r"[，,]", second) or (width(first) <= 10 and width(second) >= 1.5 * width(first)):
        return False  # a subtitle's clauses, or a short kicker phrase over its title
    return True  # in a narrow column a headline runs on over as many lines as it needs


def _closed(text: str) -> bool:
    return all(text.count(a) <= text.count(b) for a, b in ("“”", "（）", "《》", "()"))


def build_headline(groups: list[list[str]], column: float | None, markdown: bool) -> Headline:
    """Kicker, title, subtitle from the raw lines of a headline stack.

    `groups` are runs of lines set apart by blank lines: a wrap never crosses from one to
    the next. `column` is the page's column width when it is set in narrow columns.
    """
    raw = [l.strip() for g in groups for l in g if l.strip()]
    if markdown and len(raw) == 1:
        parts = split_heading(raw[0])
        if len(parts) == 2:
            return Headline("", parts[0], parts[1])
    merged = [clean_text(m) for g in groups for m in _merge_wraps([l.strip() for l in g if l.strip()], column)]
    subtitle, authors = "", ()
    if len(merged) >= 2 and merged[-1].startswith("——"):
        subtitle = merged.pop()
        authors = dash_author(raw[-1])
    return _stack(merged, subtitle, authors)


def _merge_wraps(lines: list[str], column: float | None) -> list[str]:
    # The title's own measure: its widest line ('——' subtitles are set apart).
    measure = max((width(l) for l in lines if not l.startswith("——")), default=0)
    merged: list[str] = []
    for line in lines:
        if merged and _is_wrap(merged[-1], line, column, measure):
            merged[-1] += line
        else:
            merged.append(line)
    return merged


def _stack(merged: list[str], subtitle: str, authors: tuple[str, ...]) -> Headline:
    """Name the parts of a headline stack: the title is the line before any subtitle."""
    if not merged:
        return Headline("", subtitle, "", authors)
    if len(merged) == 1:
        return Headline("", merged[0], subtitle, authors)
    if subtitle:
        return Headline(merged[-2], merged[-1], subtitle, authors)
    if len(merged) >= 3:
        return Headline("".join(merged[:-2]), merged[-2], merged[-1])
    first, second = merged
    # A short phrase over a much longer line is a kicker (引题) even when the long line
    # holds a comma; otherwise a comma or a dash marks the lower line as the subtitle.
    short_kicker = width(first) <= 10 and width(second) >= 1.5 * width(first)
    if not short_kicker and (re.search(r"[，,]", second) or second.startswith("——")):
        return Headline("", first, second)
    return Headline(first, second, "")


def dash_author(line: str) -> tuple[str, ...]:
    """'——定海路街道党工委书记 李颖' names the author of a signed piece: the last word."""
    m = re.search(r"\s([\u4e00-\u9fff·]{2,4})$", line)
    return (m.group(1),) if m else ()
