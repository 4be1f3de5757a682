"""Headlines: which short lines are titles, and how a cluster splits into 引题/主题/副题.

A headline is short, ends no sentence, and is followed by what opens a story (a credit,
an opener, a body). In narrow columns a long title wraps onto two or three lines of
about the column width ('最高法将修改司法解释' / '严管“减假暂”'): those lines are one title.
A kicker (引题) sits above the main title, a subtitle (副题, often '——…') below it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from newsgrep.ingest.parsing.cleanup import CLOSERS, CONTINUING, TERMINAL, clean_text, unmarked, width
from newsgrep.ingest.parsing.words import (breaks_word, ends_nominal_verb, has_verb, names_specifics,
                                          open_at_break, starts_predicate)


@dataclass(frozen=True)
class Headline:
    """A headline as printed: kicker (引题), title, subtitle (副题), and a signed author."""

    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    # The kicker is the upper line of a two-line stack that only the score told from a
    # wrapped title: the story's text may still show it was the title's first half.
    kicker_weighed: bool = False


def is_slogan(text: str) -> bool:
    """'学思想 强党性 重实践 建新功': three or more short chunks is a banner, not a title."""
    chunks = text.split()
    return len(chunks) >= 3 and all(len(c) <= 5 for c in chunks)


def is_subhead(line: str, column: float) -> bool:
    """A short unpunctuated first line of a paragraph is a sub-head ('把数据放进“安全屋”')."""
    s = line.strip()
    t = s.rstrip(CLOSERS)
    return bool(t) and t[-1] not in TERMINAL + CONTINUING and width(s) < 0.72 * column


# Longer than one headline runs: a heading this long that a space splits in two holds a
# title and its subtitle. ('纪委8次亮剑“灯下黑” 30年老同事先后落马' is one title in two halves.)
_TITLE_AND_SUBTITLE = 30


def split_heading(text: str) -> list[str]:
    """'# 标题,助力… 副题…' holds title and subtitle; '上海城市数字化转型 体验周…' is one title."""
    parts = text.split()
    if len(parts) == 2 and all(len(p) >= 10 for p in parts) and len(parts[0] + parts[1]) > _TITLE_AND_SUBTITLE:
        return [clean_text(p) for p in parts]
    return [clean_text(text)]


def _wrap_evidence(above: str, first: str, second: str, column: float | None, measure: float) -> float:
    """Is `second` the next line of the title whose lines so far are `above` (its last
    line `first`) ('三明三元区党政代表团/一行来…', '最高法将修改司法解释/严管“减假暂”')?
    inf: surely; -inf: surely not; else a score, zero or more for a wrap (`_wrap_score`).

    The first line of a wrapped title runs (nearly) to the column edge, or breaks where a
    phrase cannot end; a kicker above a title is a complete phrase, usually a good deal
    shorter than the title, and names a section rather than the story's subject.
    """
    if second.startswith("——") or (is_label(above) and _closed(above) and not _fills(first, second, column or 0)):
        # A subtitle starts below; a label ('学思想 强党性 …') is a kicker of its own (one
        # that leaves a quote open or fills the column is a title's first line).
        return -math.inf
    if re.search(r"[，,、：:的被将与把及或]$", first) or re.search(r"[！？!?]", above):
        # A clause or phrase left open, or an exclaiming or asking line: a kicker is
        # neither ('大赞！庆阳这个'), so the next line finishes the same title.
        return math.inf
    if column is None:
        # Without a column to fill, a shorter line under a headline line finishes it; a
        # kicker (引题) is the shorter line above its title.
        return math.inf if width(second) <= width(above) and width(above) <= 24 else -math.inf
    if not _closed(above) or breaks_word(first, second) or open_at_break(first, second):
        return math.inf  # a quote left open, or a break inside a word or a phrase: the title goes on
    if re.search(r"[，,]", second) and not (_fills(first, second, column) and not re.search(r"\s", first)) \
            and not _opens_statement(first) and not _wrapped_at_measure(first, second):
        # Clauses below a complete line: a subtitle, or a title under its kicker. A line
        # that fills the column runs on into them, clauses and all ('故事：她被人陷害，离家
        # 出走想' / '查出…'): no kicker runs to the edge; one whose phrases a space sets
        # apart is complete. So does a line that opens a statement.
        return -math.inf
    return _wrap_score(first, second, column, measure)


def _wrapped_at_measure(first: str, second: str) -> bool:
    """A long line with a line no longer under it, the break inside a clause (no comma or
    space closes the first line): one title wrapped at its own measure ('4岁女童因尿裤子遭继
    父棍殴' / '致死埋尸，嫌疑人已被批捕'). A kicker is a short phrase over a longer title."""
    colon = re.search(r"[：:]", first)
    said = bool(colon) and has_verb(first[colon.end():])  # '越野赛第三日：张国宇继续领跑' is whole
    return width(first) >= 11 and width(second) <= width(first) + 0.5 and not re.search(r"[，,、：:\s]$", first) \
        and not re.search(r"\s", first) and not said


def _opens_statement(line: str) -> bool:
    """'沙河：今日' / '来电：街电董事长陈欧、ceo': a colon inside the line names who or where,
    and the statement after it has only begun (no predicate yet, no clause closed by a
    comma or set apart by a space), so clauses below carry it on rather than start a
    subtitle; '…第三日：张国宇继续领跑' said its piece and is a whole title."""
    colon = re.search(r"[：:]", line)
    rest = line[colon.end():] if colon and colon.start() > 0 else ""
    return bool(rest) and not re.search(r"[，,；;\s]", rest) and not has_verb(rest)


def _fills(first: str, second: str, column: float) -> bool:
    """Does the first line run to the column's edge, with no wider line under it? A wrap
    fills one line and carries the rest over; a line wider than the column is set across
    columns, complete in itself, and a wider line below is set in other type."""
    return column - 1.5 <= width(first) <= column + 1.5 and width(second) <= width(first) + 1.5


def _wrap_score(first: str, second: str, column: float, measure: float) -> float:
    """Both lines are complete phrases: weigh what tells a title's first line from a
    kicker. Zero or more: one title.

    Round weights, each for a fact a sub-editor would name: a title's first line fills
    the column; a kicker is much shorter than the title under it and names a section in
    general words ('民生实事进行时', '生态文明建设'); a title's halves name the story's own
    places, bodies and figures, hold its clauses, and its second half is the shorter one
    or the predicate of the first ('江苏ppp落地率52%' / '显著高于…'). A score and not one
    more rule, because none of these facts decides alone (kickers can be long, titles
    short) while two or three together rarely mislead; the weights were checked on
    stacks built from the corpus's own titles, not fitted to a page set.
    """
    score = 2.5 if _fills(first, second, column) else 0.0  # as no kicker does
    score += 2 if names_specifics(first) else 0
    score -= 1.5 if ends_nominal_verb(first) else 0
    score -= 1.5 if width(first) <= 0.7 * width(second) else 0
    score -= 1.5 if width(first) < 0.5 * measure else 0
    score += 1 if width(second) <= width(first) else 0
    score += 1.5 if width(second) <= 0.6 * width(first) else 0  # the rest of a title carried over
    # A predicate under a line with no verb of its own: the two halves of one clause
    # ('企业恶俗营销' / '易导致“大翻车”'); a section's name is followed by a title with its
    # own subject.
    score += (2 if not has_verb(first) else 0.5) if starts_predicate(second) else 0
    score += 1 if re.search(r"[、，,；;：:]", first) else 0  # clauses: a kicker is one phrase
    return score


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
    merged, weighed = [], False
    for g in groups:
        lines = [l.strip() for l in g if l.strip()]
        evidence = _break_evidence(lines, column)
        weighed |= len(groups) == 1 and len(lines) == 2 and not math.isinf(evidence[0]) and evidence[0] < 0
        merged += _merge_wraps(lines, evidence)
    subtitle, authors = "", ()
    if len(merged) >= 2 and merged[-1].startswith("——"):
        subtitle = clean_text(merged.pop())
        authors = dash_author(raw[-1])
    head = _stack(merged, subtitle, authors)
    if weighed and head.kicker and not names_section(head.kicker):
        head = replace(head, kicker_weighed=True)
    return head


def _merge_wraps(lines: list[str], evidence: list[float]) -> list[str]:
    """Join the lines of each title that wrapped, given the wrap evidence at each break.
    A stack holds at most a kicker, a title and a subtitle: of the breaks in three lines or
    more that no word or measure decides, at most one is a wrap, none when the title
    already wrapped where the words say so."""
    soft = _soft_wrap(evidence) if len(lines) >= 3 else None
    even = _set_to_measure(lines)
    merged = lines[:1]
    for n, (line, e) in enumerate(zip(lines[1:], evidence)):
        if even and e != math.inf and not line.startswith("——") and not is_label(merged[-1]):
            # Set to one measure, clauses and all: the comma rule's subtitle is no line of it.
            merged[-1] += line
        elif e >= 0 and (len(lines) < 3 or e >= _SURE or n == soft):
            merged[-1] += line
        else:
            merged.append(line)
    return merged


# A score this high is no weighing any more: two or three facts of a wrap agree (the line
# fills the headline's measure, names the story's subject, and the next line carries its
# predicate), so a tall stack may wrap there beside a sure break ('河南一少女失踪6年后' /
# '被找到，已与一对父' / '子生3孩并精神分裂').
_SURE = 4.0


def _set_to_measure(lines: list[str]) -> bool:
    """Three lines or more of one width (within a character) but the last, which is no
    wider: one title the compositor wrapped at its measure ('监测数据造假屡禁' / '不止，环保
    监测规' / '管问题任重道远'). A kicker and a subtitle are set to their own lengths."""
    body = [l for l in lines if not l.startswith("——")]
    if len(body) < 3:
        return False
    top = max(width(l) for l in body)
    return all(top - width(l) <= 1 for l in body[:-1]) and width(body[-1]) <= top


def _soft_wrap(evidence: list[float]) -> int | None:
    """Which break of a tall stack the scores alone may join: the likeliest, the lower
    break winning a near tie (a kicker over a two-line title is commoner than a kicker
    that wraps); none if a break is a sure wrap already."""
    if any(e == math.inf for e in evidence):
        return None
    weak = [(e + n, n) for n, e in enumerate(evidence) if not math.isinf(e)]
    return max(weak)[1] if weak else None


def _break_evidence(lines: list[str], column: float | None) -> list[float]:
    """The wrap evidence (`_wrap_evidence`) at each break between the lines, read top down
    with every break of positive evidence taken as a wrap."""
    # The title's own measure: its widest line ('——' subtitles are set apart).
    measure = max((width(l) for l in lines if not l.startswith("——")), default=0)
    evidence: list[float] = []
    above = lines[0] if lines else ""
    for first, second in zip(lines, lines[1:]):
        evidence.append(_wrap_evidence(above, first, second, column, measure))
        above = above + second if evidence[-1] >= 0 else second
    return evidence


def _stack(lines: list[str], subtitle: str, authors: tuple[str, ...]) -> Headline:
    """Name the parts of a headline stack: the title is the line before any subtitle."""
    merged = [clean_text(unmarked(m)) for m in lines]
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
    # holds a comma, and so is a section's label; otherwise a comma or a dash marks the
    # lower line as the subtitle.
    short_kicker = width(first) <= 10 and width(second) >= 1.5 * width(first)
    if not (short_kicker or names_section(lines[0])) and (re.search(r"[，,]", second) or second.startswith("——")):
        return Headline("", first, second)
    return Headline(first, second, "")


def names_section(line: str) -> bool:
    """A column's or campaign's label, not a story's title: a label by its form
    (`is_label`), or a few general words ending in a verb used as a noun ('生态文明建设')."""
    return is_label(line) or (width(line) <= 8 and ends_nominal_verb(line) and not names_specifics(line))


def is_label(line: str) -> bool:
    """Short chunks set apart by spaces ('稳增长 促发展', '学思想 强党性 …') or
    joined by a middle dot ('走基层·看变化'): a label's form, never a title's line."""
    chunks = line.split()
    return is_slogan(line) or (len(chunks) == 2 and all(len(c) <= 4 for c in chunks)) \
        or ("·" in line and width(line) <= 12)


def dash_author(line: str) -> tuple[str, ...]:
    """'——定海路街道党工委书记 李颖' names the author of a signed piece: the last word."""
    m = re.search(r"\s([\u4e00-\u9fff·]{2,4})$", line)
    return (m.group(1),) if m else ()
