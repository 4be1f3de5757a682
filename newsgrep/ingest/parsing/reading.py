"""Read a page's lines into units, in each of the two print layouts.

Columns: lines are joined into paragraphs until a sentence end that the layout confirms;
a run of unpunctuated lines before something that opens a story is a headline run.
One paragraph per line: a line is a paragraph, unless it visibly breaks off mid-sentence.
"""
from __future__ import annotations

import re

from newsgrep.ingest.parsing.bylines import OPENER, split_opener_credit, split_trailing_credit
from newsgrep.ingest.parsing.cleanup import CLOSERS, ends_open, ends_sentence, join_lines, simplified, width
from newsgrep.ingest.parsing.headlines import is_subhead
from newsgrep.ingest.parsing.markers import NUMBERED, has_jump_to
from newsgrep.ingest.parsing.units import (Unit, column_width, head_groups, indent, line_ends_paragraph,
                                          numbered, para_units, special_unit, starts_explicitly)


class _ColumnReader:
    """Collects the lines of one paragraph (or headline run) at a time."""

    def __init__(self, column: float, indents: bool, para_gap: int) -> None:
        self.column = column
        self.indents = indents  # this page indents the first line of each paragraph
        self.para_gap = para_gap  # blank lines this page puts between paragraphs
        self.flush_left = para_gap == 0
        self.units: list[Unit] = []
        self.buf: list[tuple[int, str]] = []

    def flush(self, next_explicit: bool) -> None:
        if not self.buf:
            return
        pairs, self.buf = self.buf, []
        texts = [l for _, l in pairs]
        gap = pairs[0][0]
        joined = join_lines(texts)
        if (next_explicit or self._flush_left_run(pairs)) and not ends_sentence(joined) \
                and not re.search(r"[。；;]", joined) and not starts_explicitly(texts[0]) \
                and not has_jump_to(joined) and not split_trailing_credit(joined)[1]:
            self.units.append(Unit("head", groups=head_groups(pairs), gap=gap,
                                   indent=indent(pairs[0][1])))
            return
        if len(texts) > 1 and is_subhead(texts[0], _paragraph_measure(texts, self.column)) \
                and not (self.indents and is_indented(texts[0])) and _balanced(texts[0]) \
                and not starts_explicitly(texts[0]):
            self.units.append(Unit("head", groups=[[texts[0]]], gap=gap, subhead=True))
            texts, gap = texts[1:], 0
        self.units.extend(para_units(texts, gap))

    def add(self, gap: int, line: str) -> None:
        self.buf.append((gap, line))

    def _flush_left_run(self, pairs: list[tuple[int, str]]) -> bool:
        """On a page that indents paragraphs, a short unindented run before an indented
        paragraph is no paragraph: a headline."""
        return (self.indents and len(pairs) <= 3 and not is_indented(pairs[0][1])
                and not any(re.search(r"[。；]", l) for _, l in pairs))


def column_units(lines: list[str]) -> list[Unit]:
    """Hard-wrapped narrow columns: join lines into paragraphs, find headline runs."""
    items = numbered(lines)
    reader = _ColumnReader(column_width(lines), _indents_paragraphs(items), _paragraph_gap(items))
    skip = False
    skip_to = 0
    for idx, (gap, line) in enumerate(items):
        if skip or idx < skip_to:
            skip = False
            continue
        nxt = items[idx + 1] if idx + 1 < len(items) else None
        if reader.buf and (not _balanced(join_lines([l for _, l in reader.buf]))
                           or (not gap and _credit_goes_on(reader.buf))):
            # Inside a bracket left open above ('本报讯（记者' / '张三）'), or a list of names
            # cut after its comma ('本报讯 实习生高远、' / '钟岚 记者许达 本周…').
            reader.add(gap, line)
            if line_ends_paragraph(line, nxt, reader.column, reader.buf):
                reader.flush(nxt is None or starts_explicitly(nxt[1]))
            continue
        stacked = 0 if reader.buf else _over_dash_subtitle(items, idx)
        if stacked:
            reader.units.append(Unit("head", groups=[[l.strip() for _, l in items[idx:idx + stacked]]],
                                     gap=gap, indent=indent(line), stack=True))
            skip_to = idx + stacked
            continue
        level = 0 if reader.buf else _two_line_head(items, idx, _measure(items, idx + 1, reader.column),
                                                    reader.column)
        if level:
            reader.units.append(Unit("head", groups=[[line.strip(), nxt[1].strip()]], gap=gap,
                                     indent=indent(line), stack=level == 2))
            skip = True
            continue
        special = special_unit(line, gap)
        if special or starts_explicitly(line) or (reader.indents and is_indented(line)):
            reader.flush(True)
            if special:
                reader.units.append(special)
                continue
        measure = _measure(items, idx, reader.column)
        if reader.buf and ends_sentence(reader.buf[-1][1]) and not re.search(r"[。；;]", line) \
                and (width(line) > max([measure] + [width(l) for _, l in reader.buf]) + 2
                     or (reader.indents and _run_before_indent(items, idx))):
            # A paragraph ended at its line's end, and headline type follows (wider than the
            # column, or flush left over an indented paragraph): no blank line needed. One
            # short line between two paragraphs is a sub-head ('数字赋能').
            reader.flush(False)
        if reader.indents and not gap and nxt is not None and not nxt[0] and is_indented(nxt[1]) \
                and not is_indented(line) and width(line) < 0.6 * measure and not re.search(r"[。；;，,]", line) \
                and not special_unit(line, 0) and not starts_explicitly(line) \
                and (not reader.buf or ends_sentence(reader.buf[-1][1])) \
                and (reader.buf or (reader.units and reader.units[-1].kind == "para")):
            reader.flush(False)
            reader.units.append(Unit("head", groups=[[line.strip()]], gap=gap, subhead=True))
            continue
        if not reader.buf and _numbered_subhead(line, nxt, measure):
            reader.flush(True)
            reader.units.append(Unit("head", groups=[[line.strip()]], gap=gap, subhead=True, decorated=True))
            continue
        if _is_head_line(line, gap, nxt, reader, measure):
            reader.flush(True)
            reader.units.append(Unit("head", groups=[[line.strip()]], gap=gap, indent=indent(line),
                                     wide=width(line) > measure + 2))
            continue
        reader.add(gap, line)
        if line_ends_paragraph(line, nxt, reader.column, reader.buf):
            reader.flush(nxt is None or starts_explicitly(nxt[1]))
    reader.flush(True)
    return merge_heads(reader.units)


def _over_dash_subtitle(items: list[tuple[int, str]], idx: int) -> int:
    """A block after space whose last line is a '——' subtitle and whose one or two lines
    above it hold no full stop ('两人死亡！' / '青海一司机酒驾酿惨剧' / '——在没有…'): a
    headline stack, whatever its first line ends with. Returns its number of lines."""
    if idx and not items[idx][0]:
        return 0
    for size in (3, 2):
        block = items[idx:idx + size]
        if len(block) < size or any(g for g, _ in block[1:]):
            continue
        last = block[-1][1].strip()
        after = items[idx + size] if idx + size < len(items) else None
        if not last.startswith("——") or width(last) > 30 or (after is not None and not after[0]
                                                            and not special_unit(after[1], 0)):
            continue
        if any(re.search(r"[。；;]", l) or starts_explicitly(l) or width(l) > 40 for _, l in block[:-1]):
            continue
        return size
    return 0


def _credit_goes_on(buf: list[tuple[int, str]]) -> bool:
    """Is the paragraph so far an opener and a credit that the line cut ('本报讯 实习生高远、',
    '本报讯 记者汪兰丽 龚明')? Then the next line goes on with it, whatever it looks like."""
    if len(buf) != 1 or not starts_explicitly(buf[0][1]):
        return False
    text = buf[0][1].strip()
    if text[-1:] in "、，,":
        return True
    rest, names = split_opener_credit(text)
    return bool(names) and OPENER.fullmatch(simplified(rest.strip())) is not None


def _two_line_head(items: list[tuple[int, str]], idx: int, measure: float, column: float = 0) -> int:
    """Is the two-line block at `idx` (blank lines around it) a headline? 2: a title stack,
    set visibly apart (centred, or both lines well short of the column); 1: a headline of
    some kind, as no paragraph stops short without a full stop (its lines neither fill the
    column, nor end a sentence); 0: no."""
    block = items[idx:idx + 3]
    if len(block) < 2 or (idx and not block[0][0]) or block[1][0] or (len(block) == 3 and not block[2][0]):
        return 0
    lines = [l.strip() for _, l in block[:2]]
    if any(re.search(r"[。；;]", l) or starts_explicitly(l) or special_unit(l, 0) or has_jump_to(l) for l in lines) \
            or not _balanced("".join(lines)) or ends_open(lines[1]):
        return 0
    if lines[0][:1] in "“「\"" and ends_sentence(lines[1]) and width(lines[0]) >= measure - 3.5:
        return 0  # a quoted lead ('“这是我们全家最开心的一' / '天！”') runs on like a paragraph
    if any(width(l) > measure + 1.5 for l in lines):
        return 2  # a line passes the column's edge: headline type, whatever it ends with
    if _lead(block[1][1]) >= 3 and not ends_sentence(lines[1]):
        return 2  # a second line set in (centred): no paragraph's second line is
    if all(width(l) < measure - 1.5 for l in lines) and (
            any(_lead(l) >= 3 for _, l in block[:2]) or all(width(l) < measure - 3.5 for l in lines)):
        return 2
    below = block[2][1].strip()[:1] if len(block) == 3 else ""
    if width(lines[1]) <= min(measure, column or measure) - 1 and not ends_sentence(lines[1]) \
            and below not in _GOES_ON:
        return 1  # no paragraph stops short without ending its sentence, unless the text runs on
    # A question or exclamation over two lines whose first line stops short of the column:
    # no paragraph's first line does ('为什么很多乡村老师不愿意考城，' / '你知道原因吗？').
    asks = lines[1].rstrip(CLOSERS)[-1:] in "？！?!" and not is_indented(block[0][1])
    return 1 if asks and width(lines[0]) < measure - 1.5 else 0


def _paragraph_gap(items: list[tuple[int, str]]) -> int:
    """How many blank lines this page sets between paragraphs (0: they run on tight)."""
    ends = [gap for (_, line), (gap, _) in zip(items, items[1:]) if ends_sentence(line)]
    if len(ends) < 4:
        return 1
    return 0 if sum(1 for g in ends if g == 0) >= 0.6 * len(ends) else sorted(ends)[len(ends) // 2]


def _paragraph_measure(texts: list[str], column: float) -> float:
    """The width a paragraph's lines fill (its last line may fall short)."""
    widths = sorted(width(t) for t in texts[1:-1])
    return widths[len(widths) // 2] if len(widths) >= 2 else column


def is_indented(line: str) -> bool:
    return line.startswith(("\u3000", "  "))


def _indents_paragraphs(items: list[tuple[int, str]], wrapped: bool = True) -> bool:
    """Does this page mark paragraph starts with an indent ('\u3000\u3000在学习…')?"""
    # In columns, counted on lines that run on into the next one, as a paragraph's first
    # line does; a headline set in by two spaces stands alone.
    indented = sum(1 for (_, l), (g, n) in zip(items, items[1:] + [(1, "")])
                   if is_indented(l) and _lead(l) < 6
                   and (not wrapped or (not g and not ends_sentence(l) and not is_indented(n))))
    return indented >= 3 and indented >= 0.04 * len(items)


def _measure(items: list[tuple[int, str]], idx: int, column: float) -> float:
    """The measure of the text that follows line `idx` (stories on one page may be set in
    different column widths): the median width of the first run of three or more lines
    within the next dozen, its last line left out; else the page's column."""
    run: list[float] = []
    for n, (gap, line) in enumerate(items[idx + 1:idx + 13]):
        if gap or special_unit(line, 0):
            if len(run) >= 3:
                break
            run = []
            if special_unit(line, 0):
                continue
        run.append(width(line))
    if len(run) < 3:
        return column
    body = sorted(run[:-1])
    return body[len(body) // 2]


def _is_head_line(line: str, gap: int, nxt: tuple[int, str] | None, reader: _ColumnReader,
                  measure: float) -> bool:
    """A line set apart from the column's text: a headline or a sub-head.

    Set centred (deep leading space) or wider than the text after it, it is in headline
    type (body lines never pass the column edge); a kicker may sit above it. Short of that
    measure and followed by a blank line, at a paragraph's start, it stands alone (a one-
    or two-line headline), as does a line finishing a headline right under it. Never a
    line that holds a full stop or opens a quote it does not close.
    """
    s = line.strip()
    if starts_explicitly(s) or has_jump_to(s) or re.search(r"[。；]", s):
        return False
    if s.startswith("——") and width(s) <= measure + 4 and (not reader.buf or _is_head_run(reader.buf, measure)):
        return True  # a subtitle's dash
    if _lead(line) >= (6 if reader.indents else 3):  # centred, even if its quotes close below
        # ...unless it is a paragraph's indented first line: a clause ends inside it and
        # the text runs on right below ('    本月起，全市集中供暖陆续启动，供热').
        # So is a line set in by one indent whose text and indent fill the column, with
        # a flush-left line right below.
        runs_on = nxt is not None and nxt[0] == 0 and _lead(line) <= 4 and width(s) <= measure + 1 \
            and (bool(re.search(r"[，,].", s))
                 or (not is_indented(nxt[1]) and abs(width(s) + _lead(line) / 2 - measure) <= 1.5))
        return len(reader.buf) <= 2 and not any(ends_sentence(l) for _, l in reader.buf) and not runs_on
    if not _balanced(s) or (reader.indents and is_indented(line)):
        return False
    if not reader.buf and gap and nxt is not None and nxt[0] and not ends_sentence(s) and not ends_open(s) \
            and reader.units and (reader.units[-1].kind == "byline" or width(s) < measure - 1.5) \
            and nxt[1].strip()[:1] not in _GOES_ON:
        # Standing alone after a closing credit, or short of the column between blank
        # lines: a headline. A column break leaves a line behind too ('为海峡两' / '岸同胞',
        # '设有杨浦区慈善超市' / '和爱心企业…'), but then the text below runs on.
        return True
    under_head = not reader.buf and gap == 0 and reader.units and reader.units[-1].kind == "head"
    if under_head and not re.search(r"[。；;]$", s) and (nxt is None or nxt[0] > 0 or width(s) < measure - 2.5):
        return True  # finishes the headline above: set apart below, or short of the column
    # A short line ending '！' or '？' with text right below: where paragraphs are set
    # apart by blank lines, that is a headline's first line, not a paragraph's last.
    ends = ends_sentence(s) and not (reader.para_gap and s.rstrip(CLOSERS)[-1:] in "！？!?")
    if not reader.buf and nxt is not None and nxt[0] == 0 and not ends \
            and not special_unit(nxt[1], 0) and _short_above_text(s, nxt[1], measure, ends_open(s)):
        return True
    if len(reader.buf) == 1 and nxt is not None and not nxt[0] and width(s) < measure - 3.5 \
            and width(nxt[1]) >= measure - 1.5 and not ends_sentence(s) and not ends_open(s) \
            and _block_start(reader) and not re.search(r"[。；;]", reader.buf[0][1]):
        return True  # a two-line headline set flush against its body: no body line stops short
    if reader.buf and not _is_head_run(reader.buf, measure):
        return False
    if ends_open(s):
        return False
    if not reader.buf and gap > reader.para_gap and (reader.flush_left or gap >= 2) \
            and nxt is not None and nxt[0] and not ends_sentence(s):
        return True  # more space around it than between paragraphs: set apart
    if width(s) > measure + 2 and not (nxt is not None and not nxt[0] and re.search(r"[。；;]", nxt[1])):
        return True  # wider than the text: headline type (unless a sentence ends right below)
    if ends_sentence(s) or re.search(r"[！？]", s):
        return False
    # Short by more than a few characters: a column break leaves a full line behind.
    # Under a line short of the column, a shorter line completes a two-line headline.
    if not (nxt is not None and nxt[0] > 0):
        return False
    if reader.buf:
        above = width(reader.buf[0][1])
        return width(s) < measure - 3.5 or (above < measure - 3.5 and width(s) < measure - 1)
    return width(s) < measure - 3.5


# Characters no sentence starts with: text beginning with one continues the line above.
_GOES_ON = set("的了着过和与及或等并而之者们地得，,、。；;：:）)”」")


def _run_before_indent(items: list[tuple[int, str]], idx: int) -> bool:
    """Are the lines from `idx` a short run (one to three lines) flush left, with no
    sentence in them, right above an indented paragraph? On a page that indents its
    paragraphs, that run is a headline."""
    for n in range(idx, min(idx + 4, len(items))):
        gap, line = items[n]
        if n > idx and gap:
            return False
        if is_indented(line):
            return n > idx
        if re.search(r"[。；;]", line) or ends_sentence(line):
            return False
    return False


def _numbered_subhead(line: str, nxt: tuple[int, str] | None, measure: float) -> bool:
    """'二、加强宣传引导', '（一）完善设施建设': a numbered sub-head, standing apart or short
    of the column (a numbered paragraph's first line fills it and runs on)."""
    s = line.strip()
    if not NUMBERED.match(s) or re.search(r"[，,。；;：:]", s) or ends_sentence(s) or width(s) > 20:
        return False
    return nxt is None or nxt[0] > 0 or width(s) < measure - 3.5


def _block_start(reader: _ColumnReader) -> bool:
    """Did the lines held so far begin after space, a credit or a headline (not inside a
    paragraph)?"""
    return bool(reader.buf[0][0]) or not reader.units or reader.units[-1].kind in ("byline", "head")


def _short_above_text(s: str, below: str, measure: float, open_end: bool = False) -> bool:
    """Short, yet text runs on right below it: no line of a justified column. A paragraph's
    first line may fall a few characters short (its indent lost in extraction), so either
    the line falls well short, or the line below it is short too (a two-line headline)."""
    if s[-1:].isdigit() and below.strip()[:1].isdigit():
        return False  # a number the wrap broke ('待游客1' / '442万')
    short = measure - width(s)
    return (short > 5 and not open_end) or (short > 2.5 and measure - width(below) > 2.5 and not ends_open(below.strip())
                         and not re.search(r"[。；;]", below))


def _lead(line: str) -> int:
    """Leading space in half-width units (a full-width space is two)."""
    body = line.lstrip(" \u3000")
    lead = line[:len(line) - len(body)]
    return lead.count(" ") + 2 * lead.count("\u3000")


def _balanced(text: str) -> bool:
    """A headline closes the quotes and brackets it opens; a wrapped body line need not."""
    return all(text.count(a) == text.count(b) for a, b in ("“”", "（）", "《》", "()", "「」"))


def _is_head_run(buf: list[tuple[int, str]], measure: float) -> bool:
    """A line so far that may sit above a headline: a kicker or a title's first line,
    short of the column."""
    return len(buf) == 1 and width(buf[0][1]) < measure - 1.5 and all(not ends_sentence(l) and not re.search(r"[。；]", l)
                                 and not starts_explicitly(l) for _, l in buf)


def stack_markdown(units: list[Unit]) -> list[Unit]:
    """Markdown headings of different levels with no text between them are one headline
    stack: '# 标题' over '## ——副题', or '## 引题' over '# 标题'."""
    out: list[Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if u.kind == "head" and u.markdown and prev is not None and prev.kind == "head" and prev.markdown \
                and u.level != prev.level and len(prev.groups) < 3:
            prev.groups.extend(u.groups)
            prev.level = min(prev.level, u.level)
            continue
        out.append(u)
    return out


def merge_heads(units: list[Unit]) -> list[Unit]:
    """Adjacent headline units are one stack; a blank line between them starts a group."""
    out: list[Unit] = []
    last_indent = 0
    units = stack_markdown(units)
    for u in units:
        prev = out[-1] if out else None
        if u.kind == "head" and prev is not None and prev.kind == "head" and not (u.markdown or prev.markdown) \
                and not u.subhead and not prev.subhead:
            if u.gap > 0 or (u.indent > last_indent and not ends_open(prev.groups[-1][-1])):
                prev.groups.extend(u.groups)
            else:
                prev.groups[-1].extend(l for g in u.groups for l in g)
            prev.wide = prev.wide or u.wide
            last_indent = u.indent
            continue
        out.append(u)
        last_indent = u.indent
    return out


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
    indents = _indents_paragraphs(items, wrapped=False)
    # A paragraph's own indent: a line set in deeper than that is centred.
    leads = sorted(_lead(l) for _, l in items if is_indented(l) and width(l) > 20)
    para_lead = leads[len(leads) // 2] if indents and leads else 0
    units: list[Unit] = []
    i = 0
    while i < len(items):
        gap, line = items[i]
        special = special_unit(line, gap)
        if special:
            units.append(special)
            i += 1
            continue
        if _numbered_subhead(line, items[i + 1] if i + 1 < len(items) else None, 20):
            units.append(Unit("head", groups=[[line.strip()]], gap=gap, subhead=True, decorated=True))
            i += 1
            continue
        above_dash = i + 1 < len(items) and not items[i + 1][0] and items[i + 1][1].strip().startswith("——") \
            and width(items[i + 1][1]) <= 30
        set_apart = _set_apart(line, indents) or ((gap >= 2 or above_dash) and _question_title(line))
        parts = [line]
        while not set_apart and _joins_next(parts[-1], len(parts) > 1) and i + 1 < len(items) \
                and not starts_explicitly(items[i + 1][1]) and not special_unit(items[i + 1][1], 0) \
                and not _set_apart(items[i + 1][1], indents):
            i += 1
            parts.append(items[i][1])
        i += 1
        _add_line_unit(units, parts, gap, set_apart, para_lead)
    return stack_markdown(units)


def _question_title(line: str) -> bool:
    """A short line ending '？' or '！' after extra space (or over a '——' subtitle): a
    headline that asks or exclaims."""
    s = line.strip()
    return width(s) <= 40 and s.rstrip(CLOSERS)[-1:] in "？！?!" and not re.search(r"[。；;]", s) \
        and not starts_explicitly(s)


def _set_apart(line: str, indents: bool) -> bool:
    """A line set as a headline: centred, or flush left where paragraphs are indented."""
    s = line.strip()
    if not s or width(s) > 40 or re.search(r"[。；;]", s) or ends_open(s) or starts_explicitly(s):
        return False
    return _lead(line) >= (6 if indents else 3) or (indents and not is_indented(line))


def _add_line_unit(units: list[Unit], parts: list[str], gap: int, set_apart: bool = False,
                   para_lead: int = 0) -> None:
    text = join_lines(parts)
    if len(parts) == 1 and (set_apart or is_headline_line(text)):
        prev = units[-1] if units else None
        # Centred is a title's setting; flush left may be a sub-head's too, but a sub-head
        # is a short phrase: a long line set apart from indented paragraphs is a title.
        # Centred means set in deeper than a paragraph's own indent.
        wide = _lead(parts[0]) >= max(3, para_lead + 2) or (set_apart and width(text) >= 14)
        if prev and prev.kind == "head" and not prev.markdown and gap <= 1:
            prev.groups[0].append(parts[0].strip())
            prev.wide = prev.wide or wide
        else:
            units.append(Unit("head", groups=[[parts[0].strip()]], gap=gap, wide=wide))
    else:
        units.extend(para_units(parts, gap))
