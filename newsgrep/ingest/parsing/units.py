"""Lines → layout units: the page as a sequence of headlines, paragraphs and bylines.

Two layouts are read: hard-wrapped narrow columns (most lines fill one short width) and
one paragraph per line. Either way a paragraph unit carries what its text says about
the story: an opener (本报讯), a credit, a jump in or out, an editor's note.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsgrep.ingest.parsing.bylines import (OPENER, ROLE_WORD, byline_line, caption_credit, page_credit, parse_credit,
                                            split_opener_credit, split_trailing_credit)
from newsgrep.ingest.parsing.cleanup import (clean_text, ends_open, ends_sentence, keep_space,
                                            simplified, width)
from newsgrep.ingest.parsing.headlines import is_slogan
from newsgrep.ingest.parsing.markers import (BANNER, CONTACT_LINE, MARKDOWN, NOTE, PAGE_CREDIT, is_jump_line,
                                             jump_from, jump_to)


@dataclass
class Unit:
    """One layout element of the page, in reading order."""

    kind: str                      # "head", "para", "byline", "caption", "banner", "rule", "furniture"
    text: str = ""
    groups: list[list[str]] = field(default_factory=list)  # head: lines per headline group
    markdown: bool = False
    authors: tuple[str, ...] = ()
    opener: bool = False
    note: bool = False
    jump_from: int | None = None
    jump_to: int | None = None
    gap: int = 0                   # blank lines before this unit
    inline_byline: bool = False    # byline that trailed a paragraph
    subhead: bool = False          # a head found inside a run of body text
    indent: int = 0                # spaces before a head's first line
    stack: bool = False            # a two-line headline block set apart: a title's form
    wide: bool = False             # a head wider than the page's columns: headline type
    decorated: bool = False        # a sub-head marked as one ('■温情服务', '◆ 把好事办好')
    level: int = 0                 # a markdown heading's level ('#' 1, '##' 2)
    levels: list[int] = field(default_factory=list)  # markdown: each group's level
    middle: float = 0.0            # where a head's last line has its middle (0: not known)
    brief: bool = False            # a brief's title run into its text ('【标题】正文…'): opens a story

    @property
    def explicit(self) -> bool:
        """A paragraph that can only open an article (本报讯, 上接, 编者按, a lead credit)."""
        return self.kind == "para" and (self.opener or self.note or self.jump_from is not None)


def _join_raw(lines: list[str]) -> tuple[str, list[int]]:
    """Join a paragraph's lines keeping spaces inside lines (credits are split by them);
    also where each line break fell (a credit may end at one: '记者许达' / '本周…')."""
    out, breaks = "", []
    for raw in lines:
        line = raw.strip()
        # One space opening a continued line is the word gap the wrap fell on ('（记者 令狐悦远' /
        # ' 汤蓓凯 实习生…'): two names, not one. (Two or more is an indent.)
        gap = raw.startswith(" ") and not raw.startswith("  ")
        if out and line and (gap or keep_space(out[-1], line[0]) and out[-1].isalpha() and line[0].isalpha()):
            out += " "
        if out:
            breaks.append(len(out))
        out += line
    return out, breaks


# A brief (简讯) prints its title run into its text: '【电白区纪委监委高效处理…转办信访件】今年8月
# 底，…', '■无处申冤:上海青浦中医医院误诊致人死亡 2015年7月…'. A title is a phrase, not a
# lead-in word ('【现场】记者看到…' is the story's own), and ends no sentence.
_BRIEF_TITLE = re.compile(r"^\s*(?:【([^【】。；;]{6,40})】|[■●◆▲□]\s*([^\s【】。；;！？!?]{6,40}?)\s+(?=\S))")


def brief_title(text: str) -> tuple[str, int] | None:
    """The title a brief's paragraph opens with, and where its text starts."""
    m = _BRIEF_TITLE.match(text)
    if not m or len(text) - m.end() < 10:
        return None
    title = m.group(1) or m.group(2)
    folded = simplified(title)
    if OPENER.match(folded) or NOTE.match(folded) or ROLE_WORD.search(folded) or is_jump_line(title):
        return None  # 【本报讯】, 【编者按：】, 【记者 张三】, ▲接第1版: no title
    return clean_text(title), m.end()


def para_units(lines: list[str], gap: int = 0) -> list[Unit]:
    """Turn the lines of one paragraph into a para unit (plus a byline that trailed it);
    a brief's run-in title becomes a headline of its own before it."""
    text, breaks = _join_raw(lines)
    brief = brief_title(text)
    if brief:
        title, start = brief
        rest = [Unit("head", groups=[[title]], gap=gap, brief=True)]
        text = text[start:]
        return rest + _para_units_of(text, [b - start for b in breaks if b > start], 0)
    return _para_units_of(text, breaks, gap)


def _para_units_of(text: str, breaks: list[int], gap: int) -> list[Unit]:
    text, names = split_trailing_credit(text)
    unit = Unit("para", gap=gap)
    jumped = jump_from(text)
    if jumped:
        unit.jump_from, text = jumped[0], text[jumped[1]:]
        breaks = [b - jumped[1] for b in breaks if b > jumped[1]]
    jumped = jump_to(text)
    if jumped:
        unit.jump_to, text = jumped[0], text[:jumped[1]]
        text, more = split_trailing_credit(text.rstrip())
        names = names or more
    text, unit.authors = split_opener_credit(text, breaks)
    unit.opener = bool(OPENER.match(simplified(text))) or bool(unit.authors)
    unit.note = bool(NOTE.match(text))
    unit.text = clean_text(text)
    if not unit.text and unit.authors and not (unit.jump_to or unit.jump_from):
        # A credit on lines of its own ('（记者 韦成 程立颖' / '通讯员 梁海）'): a byline.
        return [Unit("byline", authors=unit.authors + names, gap=gap)]
    units = [unit] if unit.text or unit.jump_to or unit.jump_from else []
    if names:
        units.append(Unit("byline", authors=names, inline_byline=True))
    return units


_DECORATION = "■□◆◇●○★☆▲△◎"


def is_decorated_subhead(s: str) -> bool:
    """A short line behind a mark ('■温情服务', '◆ 把好事办好') or in 【】: a sub-head inside
    a story (a credit behind a mark was read before this is asked)."""
    if not s or width(s) > 24 or re.search(r"[。；;，,]", s) or ends_open(s) or is_jump_line(s):
        return False  # '▲接第1版', '▶转第4版': a jump behind its arrow
    return s[0] in _DECORATION or (s[0] == "【" and s[-1] == "】" and not OPENER.match(simplified(s)))


# A bracketed credit the column cut before its bracket closed ('（记者 马红 通讯员' /
# '肖蕾梓）生肖羊属羊…'): only role words and names, the bracket left open.
_CUT_CREDIT = re.compile(r"[（(]\s*(?:本报|特约|特派)?(?:记者|通讯员|实习生)[\u4e00-\u9fff\s、，,·]*")


def starts_explicitly(line: str) -> bool:
    """Does this line open something new whatever came before (an opener, a credit, 上接)?"""
    s = line.strip()
    return bool(OPENER.match(simplified(s)) or jump_from(s) or NOTE.match(s)
                or byline_line(s) or MARKDOWN.match(s) or split_opener_credit(s)[1]
                or _CUT_CREDIT.fullmatch(simplified(s)))


# A note on the writer under a commentary: '（作者系法律工作者）', '（作者单位：…）'.
AUTHOR_NOTE = re.compile(r"[（(]\s*作者(?:系|为|是|单位)[^（()）]{2,40}[）)]")

# A line drawn across the column ('------', '＝＝＝＝', '※※※'): the end of a story.
_RULE = re.compile(r"[-—－=＝_＿*＊~～·•※◆◇]{6,}")

# A row of a table of figures: cells set apart by wide gaps, figures in them
# ('总量（万元）  3360  5753  8949'). Text lines have no wide gap inside.
_TABLE_ROW = re.compile(r"\S(?:\s{2,}|\u3000)\S.*\S(?:\s{2,}|\u3000)\S")
_TABLE_TITLE = re.compile(r"^\s*(?:附)?表\s*[\d一二三四五六七八九十]*\s*[:：]")


def table_row(line: str) -> bool:
    """A row of a table of figures: three cells or more, set apart by wide gaps, with
    figures among them. No story's prose: a table is read as furniture."""
    s = line.strip()
    return bool(_TABLE_ROW.search(s)) and len(re.findall(r"\d+(?:\.\d+)?", s)) >= 2


def table_title(line: str, nxt: str | None) -> bool:
    """'表：各区情况' over a table's first row."""
    return bool(_TABLE_TITLE.match(line)) and len(line.strip()) <= 30 and nxt is not None and table_row(nxt)


# Set this far in, a line is pushed to the right edge: where a paper signs a story with its
# writers' bare names ('                唐洋立  覃岚梦' under the last paragraph).
_RIGHT_ALIGNED = 8


def _right_aligned_names(line: str) -> tuple[str, ...] | None:
    """Bare names set flush right: the placement vouches for them as a credit."""
    if _indent_width(line[:indent(line)]) < _RIGHT_ALIGNED or len(line.strip()) > 20:
        return None
    return parse_credit(line.strip(), bare_ok=True)


def special_unit(line: str, gap: int) -> Unit | None:
    """Bylines, banners and markdown headings stand alone whatever the layout."""
    s = line.strip()
    inner = s.strip("（()）【】[]")
    if (PAGE_CREDIT.match(simplified(inner)) or page_credit(inner)) and len(s) <= 40:
        return Unit("furniture", text=s, gap=gap)  # the page's editors ('（责编：杜璐雪）'): no story's text
    if CONTACT_LINE.fullmatch(simplified(s)):
        return Unit("furniture", text=s, gap=gap)  # '投稿邮箱：…  新闻热线：…
    if _RULE.fullmatch(s):
        return Unit("rule", text=s, gap=gap)
    if AUTHOR_NOTE.fullmatch(s):
        return Unit("furniture", text=s, gap=gap)  # '（作者系法律工作者）': who wrote it, no text of it
    names = byline_line(s) or _right_aligned_names(line)
    if names or (s[:1] in "■□" and len(s) <= 30 and ROLE_WORD.search(simplified(s))):
        # A marked credit is a byline even when its name was cut off ('■记者 陈'): no text.
        return Unit("byline", authors=names or (), gap=gap)
    if is_decorated_subhead(s):
        return Unit("head", groups=[[s]], gap=gap, subhead=True, decorated=True)
    m = MARKDOWN.match(s)
    if m:
        text = m.group(2).strip()
        if is_slogan(text):
            return Unit("banner", text=text, gap=gap)
        level = len(m.group(1))
        return Unit("head", groups=[[text]], markdown=True, gap=gap, level=level, levels=[level])
    if BANNER.search(clean_text(s)) and width(s) <= 20 and not re.search(r"[。；;，,、！？!?]", s):
        return Unit("banner", text=s, gap=gap)  # not a body line ending '…在本专栏'
    return None


def caption_unit(lines: list[str], gap: int) -> Unit | None:
    """A photo caption on these lines, a paragraph of its own ('图为活动现场。 记者 杜娜 摄')."""
    names = caption_credit(_join_raw(lines)[0])
    return None if names is None else Unit("caption", authors=names, gap=gap)


def numbered(lines: list[str]) -> list[tuple[int, str]]:
    """Non-blank lines with the count of blank lines before each."""
    out, gap = [], 0
    for line in lines:
        if line.strip():
            out.append((gap, line))
            gap = 0
        else:
            gap += 1
    return out


def strip_margin(lines: list[str]) -> list[str]:
    """Take off the left margin every line of the page shares: `pdftotext -layout` sets the
    whole column in by the page's margin ('  化推进…'), so a paragraph's indent and a centred
    headline are measured from the column's edge, not the paper's."""
    leads = [len(l) - len(l.lstrip(" ")) for l in lines if l.strip()]
    if len(leads) < 6:
        return lines
    margin = min(sorted(leads)[len(leads) // 5:] or [0])  # the fifth of lines set in least may be headers
    if margin == 0 or sum(1 for n in leads if n >= margin) < 0.8 * len(leads):
        return lines
    return [l[min(margin, len(l) - len(l.lstrip(" "))):] for l in lines]


def column_width(lines: list[str]) -> float:
    """The page's column measure: what most body lines fill."""
    widths = sorted(width(l) for l in lines if l.strip() and width(l) <= 24)
    if not widths:
        return 16.0
    return widths[int(len(widths) * 0.8)]


def layout(lines: list[str]) -> str:
    """'column' for hard-wrapped narrow columns: most lines are short and run on into the
    next line mid-sentence (stories may be set in different widths); else 'line', one
    paragraph per line."""
    texts = [l for l in lines if l.strip()]
    widths = sorted(width(l) for l in texts)
    if len(widths) < 6 or widths[len(widths) // 2] > 40:
        return "line"
    if sum(w for w in widths if w > 40) >= 0.6 * sum(widths):
        return "line"  # most of the text in lines no column holds, however many short lines sit between
    pairs = [l for l, n in zip(lines, lines[1:]) if l.strip() and n.strip()]
    # A wrap runs into a line of its own measure; a headline over a paragraph line that
    # runs twice as long, or past any column, is no wrap.
    wrapped = sum(1 for l, n in zip(lines, lines[1:]) if l.strip() and n.strip() and not ends_sentence(l)
                  and not (width(n) > 30 and width(n) > 1.5 * width(l)))
    full = column_width(lines)
    filled = sum(1 for w in widths if full - 2.5 <= w <= full + 1)
    # A short page with blank lines between its paragraphs has few lines running on, but
    # where one line runs into the next, a narrow page wraps mid-sentence.
    narrow = [(l, n) for l, n in zip(lines, lines[1:]) if l.strip() and n.strip() and width(n) <= 30]
    narrow_runs = len(narrow) >= 4 and sum(1 for l, _ in narrow if not ends_sentence(l)) >= 0.6 * len(pairs) \
        and widths[len(widths) // 2] <= 24
    return "column" if wrapped >= 0.4 * len(texts) or filled >= 0.5 * len(widths) or narrow_runs else "line"


def line_ends_paragraph(line: str, nxt: tuple[int, str] | None, column: float,
                        buf: list[tuple[int, str]] = ()) -> bool:
    """A paragraph ends at a jump, a closing credit, or a sentence end the layout confirms.

    A line ending in a digit or mid-sentence never ends one: the column wrap only cut it.
    `buf` holds the paragraph's lines so far (this one last): a credit may wrap over two
    ('…巡查。（本报' / '记者 周明）').
    """
    if jump_to(line.rstrip()) or split_trailing_credit(line.strip())[1]:
        return True
    if len(buf) > 1 and jump_to(_join_raw([l for _, l in buf[-2:]])[0]):
        return True  # a jump the column wrapped ('…挽损1.4亿余元。下转第20' / '版')
    if len(buf) > 1 and line.rstrip()[-1:] in "）)】〕":
        joined = _join_raw([l for _, l in buf])[0]
        if split_trailing_credit(joined)[1] or byline_line(joined):
            return True
    if not ends_sentence(line):
        return False
    # A paragraph's first line fills the column with its indent ('　　连日以来，…降温。').
    lead = len(line) - len(line.lstrip(" \u3000"))
    return nxt is None or nxt[0] > 0 or width(line) + _indent_width(line[:lead]) < column - 1.5 \
        or is_dialogue(nxt[1]) or (nxt[1].lstrip()[:1] in "▲△" and caption_unit([nxt[1]], 0) is not None)


# An interview's turns: '问：…', '答：…', '记者：…'. Text, never a headline.
_DIALOGUE = re.compile(r"^\s*(?:问|答|记者|主持人|[QqAa])\s*[:：]")


def is_dialogue(line: str) -> bool:
    """Does the line open a turn of an interview ('问：普通消费者应当注意什么？')?"""
    return bool(_DIALOGUE.match(line))


def _indent_width(lead: str) -> float:
    return lead.count("\u3000") + 0.5 * lead.count(" ")


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \u3000"))


def head_groups(buf: list[tuple[int, str]]) -> list[list[str]]:
    """Split a headline run into groups at blank lines and at a line indented deeper than
    the one above it (a second headline set in beside the first), unless the line above
    was left open ('賣幾塊錢的水餃年入幾十億，') or the two lines are centred on one axis
    (a centred headline's shorter second line sits deeper by half what it lacks)."""
    groups: list[list[str]] = []
    above = None
    for gap, line in buf:
        if not groups or gap > 0 or (indent(line) > indent(above) and not ends_open(groups[-1][-1])
                                     and not _centred_together(above, line)):
            groups.append([])
        groups[-1].append(line.strip())
        above = line
    return groups


def _centred_together(above: str, line: str) -> bool:
    """Do both lines have their middle at the same place, within a character?"""
    return abs(middle(above) - middle(line)) <= 1


def middle(line: str) -> float:
    """Where the line's middle falls, counting its indent: centred lines share it."""
    return _indent_width(line[:indent(line)]) + width(line.strip()) / 2
