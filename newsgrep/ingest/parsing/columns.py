"""Read hard-wrapped narrow columns into units: lines are joined into paragraphs until a
sentence end that the layout confirms; a run of unpunctuated lines before something that
opens a story is a headline run (column_heads weighs the evidence)."""
from __future__ import annotations

import re
from dataclasses import replace

from newsgrep.ingest.parsing.bylines import OPENER, ends_with_photo_credit, split_opener_credit, split_trailing_credit
from newsgrep.ingest.parsing.cleanup import ends_open, ends_sentence, join_lines, simplified, width
from newsgrep.ingest.parsing.column_heads import (asks_or_exclaims, head_at_page_top, head_run_before_story, is_head_line,
                                                 over_dash_subtitle, question_after_credit, run_before_indent,
                                                 story_ended, two_line_head, unpunctuated_pair)
from newsgrep.ingest.parsing.headlines import is_subhead
from newsgrep.ingest.parsing.markers import has_jump_to, is_jump_line
from newsgrep.ingest.parsing.measures import (balanced, indents_paragraphs, is_indented, numbered_subhead,
                                             paragraph_gap, stack_markdown)
from newsgrep.ingest.parsing.units import (Unit, caption_unit, column_width, head_groups, indent, line_ends_paragraph,
                                          is_dialogue, middle, numbered, para_units, special_unit, starts_explicitly,
                                          table_row, table_title)


class ColumnReader:
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
        if self._head_run(pairs, joined, next_explicit):
            self.units.append(Unit("head", groups=head_groups(pairs), gap=gap,
                                   indent=indent(pairs[0][1]), middle=middle(pairs[-1][1])))
            return
        if len(texts) > 1 and is_subhead(texts[0], _paragraph_measure(texts, self.column)) \
                and not (self.indents and is_indented(texts[0])) and balanced(texts[0]) \
                and not starts_explicitly(texts[0]):
            self.units.append(Unit("head", groups=[[texts[0]]], gap=gap, subhead=True))
            texts, gap = texts[1:], 0
        self.units.extend(para_units(texts, gap))

    def add(self, gap: int, line: str) -> None:
        self.buf.append((gap, line))

    def _head_run(self, pairs: list[tuple[int, str]], joined: str, next_explicit: bool) -> bool:
        """Are the lines held a headline run: no sentence ended in them, before what opens a
        story or flush left over indented text; or, at a story's start, a flush-left line
        or two that ask or exclaim ('代驾在行驶中离奇身亡！' / '车主亲历惊魂一刻')?"""
        if re.search(r"[。；;]", joined) or starts_explicitly(pairs[0][1]) or has_jump_to(joined) \
                or split_trailing_credit(joined)[1]:
            return False
        if not ends_sentence(joined):
            return next_explicit or self._flush_left_run(pairs)
        return (self._flush_left_run(pairs) or self._alone_after_credit(pairs)) and asks_or_exclaims(joined) \
            and self._at_story_start(pairs)

    def _alone_after_credit(self, pairs: list[tuple[int, str]]) -> bool:
        """One line right under a story's closing credit, before the next paragraph: a
        paragraph never starts a story after its credit, so an asking or exclaiming line
        there is the next story's headline, however it is set ('（余娜）' / '    5月1日起税率
        调整，你关注的10大问题全在这里!' / '　　国家税务总局…')."""
        return len(pairs) == 1 and bool(self.units) and self.units[-1].kind == "byline" \
            and width(pairs[0][1].strip()) <= 2 * self.column

    def _at_story_start(self, pairs: list[tuple[int, str]]) -> bool:
        """Do the lines held begin where a story may begin (the page's top, after a finished
        story or under a headline), and not as the rest of a paragraph a column break cut
        (that fills its first line, and a quote may open it)?"""
        first = pairs[0][1].strip()
        if first[:1] in "“「\"" or (len(pairs) > 1 and width(first) >= self.column - 1.5) or len(pairs) > 2:
            return False
        return not self.units or story_ended(self) or self.units[-1].kind == "head"

    def _flush_left_run(self, pairs: list[tuple[int, str]]) -> bool:
        """On a page that indents paragraphs, a short unindented run before an indented
        paragraph is no paragraph: a headline."""
        return (self.indents and len(pairs) <= 3 and not is_indented(pairs[0][1])
                and not any(re.search(r"[。；]", l) for _, l in pairs))


def column_units(lines: list[str]) -> list[Unit]:
    """Hard-wrapped narrow columns: join lines into paragraphs, find headline runs."""
    items = numbered(lines)
    reader = ColumnReader(column_width(lines), indents_paragraphs(items), paragraph_gap(items))
    idx = 0
    while idx < len(items):
        idx += _read_head_block(reader, items, idx) or _read_line(reader, items, idx)
    reader.flush(True)
    return merge_heads(_headlines_ending_in_a_cry(reader.units), reader.column)


def _read_head_block(reader: ColumnReader, items: list[tuple[int, str]], idx: int) -> int:
    """A headline of two or three lines read at once, at a paragraph's start: a stack over
    a '——' subtitle, or a two-line block after space. Returns the lines taken (0: none)."""
    if reader.buf or is_dialogue(items[idx][1]):
        return 0
    gap, line = items[idx]
    captioned = _caption_lines(reader, items, idx)
    if captioned:
        return captioned
    stacked = over_dash_subtitle(items, idx)
    if stacked:
        reader.units.append(Unit("head", groups=[[l.strip() for _, l in items[idx:idx + stacked]]],
                                 gap=gap, indent=indent(line), stack=True))
        return stacked
    top = head_at_page_top(items, idx, reader, text_measure(items, idx + 1, reader.column))
    if top:
        reader.units.append(Unit("head", groups=[[l.strip() for _, l in items[idx:idx + top]]], gap=gap,
                                 indent=indent(line)))
        return top
    asked = question_after_credit(items, idx, reader, text_measure(items, idx + 1, reader.column))
    if asked:
        reader.units.append(Unit("head", groups=[[l.strip() for _, l in items[idx:idx + asked]]], gap=gap,
                                 indent=indent(line)))
        return asked
    level = two_line_head(items, idx, text_measure(items, idx + 1, reader.column), reader.column, reader.indents) \
        or (story_ended(reader) and unpunctuated_pair(items, idx))
    if level:
        reader.units.append(Unit("head", groups=[[line.strip(), items[idx + 1][1].strip()]], gap=gap,
                                 indent=indent(line), stack=level == 2))
        return 2
    return 0


def _caption_lines(reader: ColumnReader, items: list[tuple[int, str]], idx: int) -> int:
    """A photo caption of one to three lines at a paragraph's start, ending at a line's end
    (the column wraps its credit: '图为新建成的设施一角。 本报记' / '者 余玲俊 摄')."""
    lines: list[str] = []
    for gap, line in items[idx:idx + 3]:
        if lines and gap:
            break
        lines.append(line)
        unit = caption_unit(lines, items[idx][0])
        if unit is not None and (ends_sentence(lines[-1]) or ends_with_photo_credit(lines[-1])):
            reader.flush(True)
            reader.units.append(unit)
            return len(lines)
    return 0


def _inside_open_credit(reader: ColumnReader, gap: int) -> bool:
    """Inside a bracket left open above ('本报讯（记者' / '张三）'), or a list of names cut
    after its comma ('本报讯 实习生高远、' / '钟岚 记者许达 本周…'): the next line goes on."""
    return bool(reader.buf) and (not balanced(join_lines([l for _, l in reader.buf]))
                                 or (not gap and _credit_goes_on(reader.buf)))


def _read_line(reader: ColumnReader, items: list[tuple[int, str]], idx: int) -> int:
    """Read one line: a special unit, a headline or sub-head line, or a paragraph's line."""
    gap, line = items[idx]
    nxt = items[idx + 1] if idx + 1 < len(items) else None
    if not _inside_open_credit(reader, gap):
        special = special_unit(line, gap)
        if special is not None and special.decorated and _runs_on(reader, line, nxt):
            special = None  # '■无处申冤:上海' / '青浦中医…': a brief's run-in title, not a sub-head
        if special or starts_explicitly(line) or (reader.indents and is_indented(line)):
            reader.flush(True)
            if special:
                reader.units.append(special)
                return 1
        if table_row(line) or table_title(line, nxt[1] if nxt else None):
            reader.flush(True)
            reader.units.append(Unit("furniture", text=line.strip(), gap=gap))  # a table: figures, no prose
            return 1
        if is_dialogue(line) and (not reader.buf or ends_sentence(reader.buf[-1][1])):
            reader.flush(True)  # '问：…' opens a paragraph of an interview, whatever its length
            reader.add(gap, line)
            if line_ends_paragraph(line, nxt, reader.column, reader.buf):
                reader.flush(nxt is None or starts_explicitly(nxt[1]))
            return 1
        if is_jump_line(line):
            # '（转第22版）' on a line of its own ends the paragraph above: never a headline.
            reader.add(gap, line)
            reader.flush(nxt is None or starts_explicitly(nxt[1]))
            return 1
        measure = text_measure(items, idx, reader.column)
        if _ends_before_head_type(reader, items, idx, measure):
            reader.flush(False)
        head = _line_head(reader, items, idx, measure)
        if head is not None:
            reader.flush(not head.subhead or head.decorated)
            reader.units.append(head)
            return 1
    reader.add(gap, line)
    if line_ends_paragraph(line, nxt, reader.column, reader.buf):
        reader.flush(nxt is None or starts_explicitly(nxt[1]))
    return 1


def _runs_on(reader: ColumnReader, line: str, nxt: tuple[int, str] | None) -> bool:
    """Does the line fill the column and run on into the next, with no blank line and no
    indent between: the first line of a paragraph, whatever mark it opens with."""
    return nxt is not None and not nxt[0] and not (reader.indents and is_indented(nxt[1])) \
        and width(line) + (1 if is_indented(line) else 0) >= reader.column - 1.5


def _ends_before_head_type(reader: ColumnReader, items: list[tuple[int, str]], idx: int,
                           measure: float) -> bool:
    """A paragraph ended at its line's end, and headline type follows (wider than the
    column, or flush left over an indented paragraph): no blank line needed."""
    line = items[idx][1]
    return bool(reader.buf) and ends_sentence(reader.buf[-1][1]) and not re.search(r"[。；;]", line) \
        and (width(line) > max([measure] + [width(l) for _, l in reader.buf]) + 2
             or (reader.indents and run_before_indent(items, idx))
             or head_run_before_story(items, idx, measure, reader.indents) > 0)


def _line_head(reader: ColumnReader, items: list[tuple[int, str]], idx: int, measure: float) -> Unit | None:
    """The line as a headline unit of its own (a sub-head, a numbered sub-head, a headline
    line), or None."""
    gap, line = items[idx]
    nxt = items[idx + 1] if idx + 1 < len(items) else None
    if _flush_left_subhead(reader, gap, line, nxt, measure):
        return Unit("head", groups=[[line.strip()]], gap=gap, subhead=True)
    if not reader.buf and numbered_subhead(line, nxt, measure):
        return Unit("head", groups=[[line.strip()]], gap=gap, subhead=True, decorated=True)
    if is_head_line(line, gap, nxt, reader, measure):
        return Unit("head", groups=[[line.strip()]], gap=gap, indent=indent(line), wide=width(line) > measure + 2,
                    middle=middle(line))
    return None


def _flush_left_subhead(reader: ColumnReader, gap: int, line: str, nxt: tuple[int, str] | None,
                        measure: float) -> bool:
    """On a page that indents paragraphs, one short line flush left between two paragraphs
    is a sub-head ('数字赋能')."""
    return reader.indents and not gap and nxt is not None and not nxt[0] and is_indented(nxt[1]) \
        and not is_indented(line) and width(line) < 0.6 * measure and not re.search(r"[。；;，,]", line) \
        and not special_unit(line, 0) and not starts_explicitly(line) \
        and (not reader.buf or ends_sentence(reader.buf[-1][1])) \
        and bool(reader.buf or (reader.units and reader.units[-1].kind == "para"))


def _credit_goes_on(buf: list[tuple[int, str]]) -> bool:
    """Is the paragraph so far an opener and a credit that the line cut ('本报讯 实习生高远、',
    '本报讯 记者汪兰丽 龚明')? Then the next line goes on with it, whatever it looks like."""
    if len(buf) > 3 or not starts_explicitly(buf[0][1]):
        return False
    text = join_lines([l for _, l in buf]).strip()
    if text[-1:] in "、，," or re.search(r"(?:记者|通讯员|实习生|摄影)\s*$", text):
        return True  # cut after a comma or a role word ('本报讯 记者' / '徐璐桂、雷俊睿 通讯员' / '郭志 5月…')
    if len(buf) != 1:
        return False
    if OPENER.fullmatch(simplified(text)):
        return True  # a dateline alone on its line ('新华社成都12月3日电'): its credit or text follows
    rest, names = split_opener_credit(text)
    return bool(names) and OPENER.fullmatch(simplified(rest.strip())) is not None


def _paragraph_measure(texts: list[str], column: float) -> float:
    """The width a paragraph's lines fill (its last line may fall short)."""
    widths = sorted(width(t) for t in texts[1:-1])
    return widths[len(widths) // 2] if len(widths) >= 2 else column


def text_measure(items: list[tuple[int, str]], idx: int, column: float) -> float:
    """The measure of the text that follows line `idx` (stories on one page may be set in
    different column widths): the median width of the first run of three or more lines
    within the next dozen, its last line left out; else the page's column."""
    run: list[float] = []
    for n, (gap, line) in enumerate(items[idx + 1:idx + 13]):
        if gap or special_unit(line, 0) or table_row(line):
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


def _headlines_ending_in_a_cry(units: list[Unit]) -> list[Unit]:
    """A headline whose last line asks or exclaims ('   凌晨4点多，五年级' / '   男生房间透出亮
    光，' / '   妈妈推门一看气炸！'): that line, read as a one-line paragraph because it ends a
    sentence, goes back to the headline when a credit or an opener follows it, since a story's
    text never starts with one short cry before its own credit."""
    out: list[Unit] = []
    for n, u in enumerate(units):
        head = out[-1] if out else None
        after = units[n + 1] if n + 1 < len(units) else None
        if head is not None and head.kind == "head" and not head.subhead and u.kind == "para" and not u.gap \
                and not u.authors and u.jump_to is None and u.jump_from is None and len(u.text) <= 20 \
                and asks_or_exclaims(u.text) and after is not None and (after.kind == "byline" or after.explicit):
            head.groups[-1].append(u.text)
            continue
        out.append(u)
    return out


def merge_heads(units: list[Unit], column: float = 0) -> list[Unit]:
    """Adjacent headline units are one stack; a blank line between them starts a group, and
    so does a line set in deeper, unless the line above fills the column: then the title
    wrapped and its second line is centred ('台湾一护理师执行任务因公殉职' / '    时隔一年…')."""
    out: list[Unit] = []
    last_indent = 0
    units = stack_markdown(units)
    for u in units:
        prev = out[-1] if out else None
        if u.kind == "head" and prev is not None and prev.kind == "head" and prev.decorated and len(prev.groups) == 1 \
                and not (u.subhead or u.brief or u.markdown):
            # A marked label over a headline, no text between ('【城市记忆】' / '哈尔滨话剧院…'):
            # a sub-head always has text under it, so this is the title's kicker.
            label = prev.groups[0][0].strip().strip("【】[]")
            out[-1] = replace(u, groups=[[label]] + u.groups, gap=prev.gap)
            last_indent = u.indent
            continue
        if u.kind == "head" and prev is not None and prev.kind == "head" and not (u.markdown or prev.markdown) \
                and not u.subhead and not prev.subhead and not u.brief:
            above = prev.groups[-1][-1]
            fills = column and abs(width(above) - column) <= 1.5 and len(prev.groups[-1]) == 1
            centred = u.middle and prev.middle and abs(u.middle - prev.middle) <= 1
            if u.gap > 0 or (u.indent > last_indent and not ends_open(above) and not fills and not centred):
                prev.groups.extend(u.groups)
            else:
                prev.groups[-1].extend(l for g in u.groups for l in g)
            prev.wide = prev.wide or u.wide
            prev.middle = u.middle
            last_indent = u.indent
            continue
        out.append(u)
        last_indent = u.indent
    return out
