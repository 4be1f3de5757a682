"""Headline evidence in hard-wrapped columns: is this line (or two- or three-line block)
set apart from the column's text as a headline, a kicker, a subtitle or a sub-head?"""
from __future__ import annotations

import re

from newsgrep.ingest.parsing.cleanup import CLOSERS, ends_open, ends_sentence, width
from newsgrep.ingest.parsing.markers import has_jump_to
from newsgrep.ingest.parsing.measures import (GOES_ON, ReaderState, balanced, is_indented,
                                              leading_space)
from newsgrep.ingest.parsing.units import special_unit, starts_explicitly


def over_dash_subtitle(items: list[tuple[int, str]], idx: int) -> int:
    """A block after space whose last line is a '——' subtitle and whose one to three lines
    above it hold no full stop ('两人死亡！' / '青海一司机酒驾酿惨剧' / '——在没有…'; a kicker
    over a title wrapped on two lines): a headline stack, whatever its first line ends
    with. Returns its number of lines."""
    if idx and not items[idx][0]:
        return 0
    for size in (4, 3, 2):
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


def two_line_head(items: list[tuple[int, str]], idx: int, measure: float, column: float = 0,
                  indents: bool = True) -> int:
    """Is the two-line block at `idx` (blank lines around it) a headline? 2: a title stack,
    set visibly apart (centred, or both lines well short of the column); 1: a headline of
    some kind, as no paragraph stops short without a full stop (its lines neither fill the
    column, nor end a sentence); 0: no. `indents`: the page indents its paragraphs (else
    a line set in is set apart, as a paragraph's first line is not)."""
    block = items[idx:idx + 3]
    if len(block) < 2 or (idx and not block[0][0]) or block[1][0] or (len(block) == 3 and not block[2][0]):
        return 0
    lines = [l.strip() for _, l in block[:2]]
    if any(re.search(r"[。；;]", l) or starts_explicitly(l) or special_unit(l, 0) or has_jump_to(l) for l in lines) \
            or not balanced("".join(lines)) or ends_open(lines[1]):
        return 0
    if lines[0][:1] in "“「\"" and ends_sentence(lines[1]) and width(lines[0]) >= measure - 3.5:
        return 0  # a quoted lead ('“这是我们全家最开心的一' / '天！”') runs on like a paragraph
    if any(width(l) > measure + 1.5 for l in lines):
        return 2  # a line passes the column's edge: headline type, whatever it ends with
    if leading_space(block[1][1]) >= (3 if indents else 2) and not ends_sentence(lines[1]):
        return 2  # a second line set in (centred): no paragraph's second line is
    if all(width(l) < measure - 1.5 for l in lines) and (
            any(leading_space(l) >= 3 for _, l in block[:2]) or all(width(l) < measure - 3.5 for l in lines)):
        return 2
    below = block[2][1].strip()[:1] if len(block) == 3 else ""
    if width(lines[1]) <= min(measure, column or measure) - 1 and not ends_sentence(lines[1]) \
            and below not in GOES_ON:
        return 1  # no paragraph stops short without ending its sentence, unless the text runs on
    first_indented = indents and is_indented(block[0][1])
    if width(lines[0]) < measure - 1.5 and not first_indented and not ends_sentence(lines[1]) \
            and width(lines[1]) <= measure + 1.5 and below not in GOES_ON:
        return 1  # a paragraph's first line fills the column, and its last ends a sentence
    # A question or exclamation over two lines whose first line stops short of the column:
    # no paragraph's first line does ('为什么很多乡村老师不愿意考城，' / '你知道原因吗？').
    asks = lines[1].rstrip(CLOSERS)[-1:] in "？！?!" and not first_indented
    return 1 if asks and width(lines[0]) < measure - 1.5 else 0


def is_head_line(line: str, gap: int, nxt: tuple[int, str] | None, reader: ReaderState,
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
    if s.startswith("——") and width(s) <= measure + 4 and (not reader.buf or is_head_run(reader.buf, measure)):
        return True  # a subtitle's dash
    if leading_space(line) >= (6 if reader.indents else 3):  # centred, even if its quotes close below
        return _centred_head(line, nxt, reader, measure)
    if not balanced(s) or (reader.indents and is_indented(line)):
        return False
    if _stands_alone(s, gap, nxt, reader, measure):
        return True
    if (reader.buf and not is_head_run(reader.buf, measure)) or ends_open(s):
        return False
    return _set_apart(s, gap, nxt, reader, measure)


def _centred_head(line: str, nxt: tuple[int, str] | None, reader: ReaderState, measure: float) -> bool:
    """A line set in deep is centred headline type, unless it is a paragraph's indented
    first line: a clause ends inside it and the text runs on right below ('    本月起，全市
    集中供暖陆续启动，供热'). So is a line set in by one indent whose text and indent fill
    the column, with a flush-left line right below."""
    s = line.strip()
    runs_on = nxt is not None and nxt[0] == 0 and leading_space(line) <= 4 and width(s) <= measure + 1 \
        and (bool(re.search(r"[，,].", s))
             or (not is_indented(nxt[1]) and abs(width(s) + leading_space(line) / 2 - measure) <= 1.5))
    return len(reader.buf) <= 2 and not any(ends_sentence(l) for _, l in reader.buf) and not runs_on


def _stands_alone(s: str, gap: int, nxt: tuple[int, str] | None, reader: ReaderState, measure: float) -> bool:
    """A line no paragraph would leave: alone after a closing credit or short between blank
    lines, finishing the headline right above, or short with text right under it."""
    if not reader.buf and gap and nxt is not None and nxt[0] and not ends_sentence(s) and not ends_open(s) \
            and reader.units and (reader.units[-1].kind == "byline" or width(s) < measure - 1.5
                                  or (story_ended(reader) and not re.search(r"[，,、：:]", s))) \
            and not _runs_on(nxt[1]) and not under_lead_credit(reader):
        # A column break leaves a line behind too ('为海峡两' / '岸同胞', '设有杨浦区慈善超市' /
        # '和爱心企业…', '在车水马龙的高凉公路' / '旁，一块…'), but then the text below runs on;
        # and under a headline's own credit the story's text begins.
        return True
    if _tight_under_closing_credit(s, gap, nxt, reader):
        return True
    if not reader.buf and not reader.units and nxt is not None and nxt[0] and not ends_sentence(s) \
            and not ends_open(s) and not _runs_on(nxt[1]):
        return True  # the page's first line, space under it: a headline (no paragraph stops there)
    if not reader.buf and gap and nxt is not None and nxt[0] and asks_or_exclaims(s, trails=True) \
            and width(s) < min(_headline_room(reader, measure), 30) and s[:1] not in "“「\"" and story_ended(reader):
        # A headline that asks, exclaims or trails off ('台州哪家医院好？', '惊险!骑到一半，
        # 电动自行车突然烧成了火球……'), between blank lines after a story.
        return True
    under_head = not reader.buf and gap == 0 and reader.units and reader.units[-1].kind == "head"
    if under_head and not re.search(r"[。；;]$", s) and (nxt is None or nxt[0] > 0 or width(s) < measure - 2.5):
        return True  # finishes the headline above: set apart below, or short of the column
    # A short line ending '！' or '？' with text right below: where paragraphs are set
    # apart by blank lines, that is a headline's first line, not a paragraph's last.
    ends = ends_sentence(s) and not (reader.para_gap and s.rstrip(CLOSERS)[-1:] in "！？!?")
    if not reader.buf and nxt is not None and nxt[0] == 0 and not ends \
            and not special_unit(nxt[1], 0) and short_above_text(s, nxt[1], measure, ends_open(s)):
        return True
    # A two-line headline set flush against its body: no body line stops short.
    return len(reader.buf) == 1 and nxt is not None and not nxt[0] and width(s) < measure - 3.5 \
        and width(nxt[1]) >= measure - 1.5 and not ends_sentence(s) and not ends_open(s) \
        and block_start(reader) and not re.search(r"[。；;]", reader.buf[0][1])


def _tight_under_closing_credit(s: str, gap: int, nxt: tuple[int, str] | None, reader: ReaderState) -> bool:
    """A phrase with no mark in it, tight under a credit that closed the story above (a
    paragraph, then the credit): the next story opens there, and it opens with its title
    ('…就此结束。' / '本报记者 李四' / '高平警方抓获一名网上逃犯' / '3月4日，…')."""
    units = reader.units
    return not reader.buf and not gap and len(units) >= 2 and units[-1].kind == "byline" \
        and units[-2].kind == "para" and nxt is not None and not nxt[0] and width(s) >= 6 \
        and not re.search(r"[，,。；;、：:！？!?]", s) and not _runs_on(nxt[1]) and balanced(s)


def _runs_on(text: str) -> bool:
    """Does this text go on from the line above: it starts with a character no sentence
    starts with, or its first clause is one character ('旁，一块600多亩的土地')?"""
    t = text.strip()
    return t[:1] in GOES_ON or re.match(r"^[\u4e00-\u9fff][，,]", t) is not None


def unpunctuated_pair(items: list[tuple[int, str]], idx: int) -> int:
    """Two lines between blank lines with no clause mark in them ('起底网络水军：只要给钱' /
    '相关负面帖子全部删除'), the second ending no sentence: a headline (1), for twenty
    characters of body text hold a comma or a stop. Asked only after a finished story."""
    block = items[idx:idx + 3]
    if len(block) < 3 or (idx and not block[0][0]) or block[1][0] or not block[2][0]:
        return 0
    lines = [l.strip() for _, l in block[:2]]
    if any(re.search(r"[，,、。；;]", l) or starts_explicitly(l) or special_unit(l, 0) or has_jump_to(l) for l in lines) \
            or not balanced("".join(lines)) or ends_sentence(lines[1]) or ends_open(lines[1]) \
            or _runs_on(block[2][1]) or sum(width(l) for l in lines) < 12:
        return 0
    return 1


def under_lead_credit(reader: ReaderState) -> bool:
    """Is the last thing read a credit printed under a headline ('□本报记者 何丹')? Its
    story's text comes next, not another headline."""
    units = reader.units
    return len(units) >= 2 and units[-1].kind == "byline" and units[-2].kind == "head" and not units[-2].subhead


def asks_or_exclaims(s: str, trails: bool = False) -> bool:
    """A short line ending '？' or '！' (or, with `trails`, an ellipsis '……') with no full
    stop in it."""
    return s.rstrip(CLOSERS)[-1:] in ("？！?!…" if trails else "？！?!") and not re.search(r"[。；;]", s)


def _headline_room(reader: ReaderState, measure: float) -> float:
    """How wide a lone line after a story may run and still be read as a headline: short of
    the column, or up to the column's edge right after a closing credit (the story is over:
    no paragraph of it follows)."""
    closed = bool(reader.units) and reader.units[-1].kind == "byline" and not under_lead_credit(reader)
    return measure + 2 if closed else measure - 1.5


def story_ended(reader: ReaderState) -> bool:
    """Did the text above end where a story may end: a finished sentence, or a credit?"""
    if not reader.units:
        return False
    last = reader.units[-1]
    return last.kind == "byline" or (last.kind == "para" and (ends_sentence(last.text) or last.jump_to is not None))


def _set_apart(s: str, gap: int, nxt: tuple[int, str] | None, reader: ReaderState, measure: float) -> bool:
    """More space around the line than between paragraphs, wider than the text, or short of
    the column by more than a column break leaves, with space below."""
    if not reader.buf and gap > reader.para_gap and (reader.flush_left or gap >= 2) \
            and nxt is not None and nxt[0] and not ends_sentence(s):
        return True
    if width(s) > measure + 2 and not (nxt is not None and not nxt[0] and re.search(r"[。；;]", nxt[1])):
        return True  # wider than the text: headline type (unless a sentence ends right below)
    if ends_sentence(s) or re.search(r"[！？]", s) or not (nxt is not None and nxt[0] > 0):
        return False
    # Under a line short of the column, a shorter line completes a two-line headline.
    if reader.buf:
        above = width(reader.buf[0][1])
        return width(s) < measure - 3.5 or (above < measure - 3.5 and width(s) < measure - 1)
    return width(s) < measure - 3.5


def run_before_indent(items: list[tuple[int, str]], idx: int) -> bool:
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


def block_start(reader: ReaderState) -> bool:
    """Did the lines held so far begin after space, a credit or a headline (not inside a
    paragraph)?"""
    return bool(reader.buf[0][0]) or not reader.units or reader.units[-1].kind in ("byline", "head")


def short_above_text(s: str, below: str, measure: float, open_end: bool = False) -> bool:
    """Short, yet text runs on right below it: no line of a justified column. A paragraph's
    first line may fall a few characters short (its indent lost in extraction), so either
    the line falls well short, or the line below it is short too (a two-line headline)."""
    if s[-1:].isdigit() and below.strip()[:1].isdigit():
        return False  # a number the wrap broke ('待游客1' / '442万')
    short = measure - width(s)
    return (short > 5 and not open_end) or (short > 2.5 and measure - width(below) > 2.5 and not ends_open(below.strip())
                         and not re.search(r"[。；;]", below))


def is_head_run(buf: list[tuple[int, str]], measure: float) -> bool:
    """A line so far that may sit above a headline: a kicker or a title's first line,
    short of the column."""
    return len(buf) == 1 and width(buf[0][1]) < measure - 1.5 and all(not ends_sentence(l) and not re.search(r"[。；]", l)
                                 and not starts_explicitly(l) for _, l in buf)


def question_after_credit(items: list[tuple[int, str]], idx: int, reader: ReaderState, measure: float) -> int:
    """Lines (1 to 3) of a headline that asks or exclaims right under a closing credit, with
    no blank line around it ('（记者 张明）' / '巴黎拟建三角形摩天大楼' / '浪漫之都要毁了？'):
    a credit ends its story, and no story opens on a short unfinished line. 0: none. The
    question may open a longer stack ('婴儿床如何保养？' / '婴儿床的选购知识'): see below."""
    if reader.buf or not reader.units or reader.units[-1].kind != "byline" or under_lead_credit(reader):
        return 0
    for n in (1, 2, 3):
        block = items[idx:idx + n]
        lines = [l.strip() for _, l in block]
        if len(block) < n or idx + n >= len(items) or any(g for g, _ in block[1:]) \
                or any(re.search(r"[。；;]", l) or starts_explicitly(l) or special_unit(l, 0) for l in lines) \
                or any(width(l) > measure + 1 for l in lines) or lines[0][:1] in "“「\"":
            return 0
        if asks_or_exclaims(lines[-1]) and width(lines[-1]) < measure - 1.5:
            return n + _title_below(items, idx + n, measure)
        if ends_sentence(lines[-1]):
            return 0
    return 0


def _title_below(items: list[tuple[int, str]], idx: int, measure: float) -> int:
    """1 when the line at `idx` finishes a headline stack the line above opened: tight under
    it, a phrase with no sentence in it, set off below by space or a '——' subtitle (a body's
    first line runs on into the next)."""
    if idx + 1 >= len(items) or items[idx][0]:
        return 0
    s = items[idx][1].strip()
    below_gap, below = items[idx + 1]
    if re.search(r"[。；;，,]", s) or ends_sentence(s) or starts_explicitly(s) or special_unit(s, 0) \
            or width(s) > measure + 1:
        return 0
    return 1 if below_gap or below.strip().startswith("——") else 0


def head_run_before_story(items: list[tuple[int, str]], idx: int, measure: float, indents: bool) -> int:
    """Lines (one to three) set tight under a finished paragraph that are a headline: each
    short of the column and ending no sentence, with a story's start right below (a credit,
    an opener, an indented first line on a page that indents). No paragraph goes on after
    its full stop with a short unfinished line. Returns the number of lines (0: none)."""
    for n in range(1, 4):
        if idx + n >= len(items):
            return 0
        gap, line = items[idx + n - 1]
        s = line.strip()
        # Below a short first line a title's last line may reach the column's edge
        # ('五星社区开展肠道' / '传染病防治知识讲座'): no paragraph's line stops unfinished there.
        if (n > 1 and gap) or not _short_head_line(s, measure + 2 if n > 1 else measure):
            return 0
        below = items[idx + n][1]
        # (A full line of text below is no such sign: a sub-head sits there too.)
        if starts_explicitly(below) or _is_credit(below) or (indents and is_indented(below) and not is_indented(line)):
            return n
    return 0


def _is_credit(line: str) -> bool:
    unit = special_unit(line, 0)
    return unit is not None and unit.kind == "byline"


def _short_head_line(s: str, measure: float) -> bool:
    """A line that may be a headline's: short of the column, four characters or more, no
    sentence end or stop in it, its quotes closed, no credit or opener."""
    return 4 <= width(s) < measure - 1.5 and not re.search(r"[。；;]", s) and not ends_sentence(s) \
        and not ends_open(s) and balanced(s) and not starts_explicitly(s) and not has_jump_to(s) \
        and not special_unit(s, 0)


def head_at_page_top(items: list[tuple[int, str]], idx: int, reader: ReaderState, measure: float) -> int:
    """The page's first lines (one to three, tight, none holding a full stop, the last
    ending no sentence and leaving nothing open) with space under them: its first headline,
    kicker and title lines together ('学思想 强党性 重实践 建新功' / '不是爆款的悬疑剧，' /
    '但我却越看越着迷'). No story's text stops short like that. Returns the lines (0: none)."""
    if reader.buf or reader.units:
        return 0
    for n in (1, 2, 3):
        block = items[idx:idx + n]
        if len(block) < n or idx + n >= len(items) or any(g for g, _ in block[1:]):
            return 0
        last = block[-1][1].strip()
        if re.search(r"[。；;]", last) or starts_explicitly(last) or special_unit(last, 0) or width(last) > measure + 4:
            return 0
        if items[idx + n][0] and not ends_sentence(last) and not ends_open(last) \
                and balanced("".join(l for _, l in block)) and not _runs_on(items[idx + n][1]):
            return n
    return 0
