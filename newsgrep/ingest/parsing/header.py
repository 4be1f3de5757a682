"""Page headers: the masthead of a front page and the running head of any page.

A header is a run of lines at the top (or foot) of the page made only of header words:
a date (2024年3月5日, 2024-03-06, 2024.03.05, 中華民國105年5月27日), weekday and lunar date,
a page number (第3版, A3, 3版, 03版, 第008版, 第6版 国际, A3 经济·产业, a '■ 4 ■' folio), the paper's
name (XX日报, XX晚报, XX報, XX周报 alone on the top line, or a short name between header lines:
人民铁道), an issue number, an editor credit (责任编辑 张三), a section word under the page
number, licence and hotline noise; spaced type (星 期 二) reads as set solid. Archive exports
label the fields ('版面: 06    综合新闻', '日期: 2019-04-29', '【报纸名称】吉林工人报',
'【出版日期】2022.11.21', '【版次】第5版'; a paper label vouches for any name) or string them
together with slashes ('赣南日报/2014年/08月/24日/第008版'). Overseas papers print an English
name beside their own ('大洋洲時報   CHINESE DAILY') and the weekday in brackets; district papers
go by '<place>新闻'; a running head without the paper's name may have it in the page's foot
('北国青年报·副刊'). Hong Kong, Macau and Singapore print the day first (25/12/2015, 29-6-2004);
a section may stand over the page number, the name and the date, a line each ('文体新闻' / 'A9'
/ '羊城晚报' / '2024/9/20'); a campus paper names itself beside its issue number ('复旦　第2151期')
and prints the page as a folio at the foot ('·4·'); a front page adds its owner ('中共江苏省委
机关报') and the weather; a web re-post has only a channel and the time it was posted ('每日精选'
/ '2018-07-11 15:48'). A masthead may be letter-spaced with ideographic spaces ('南　方　日　报')
over its serial number and page count ('今日12版　国内统一连续出版物号 CN 31-0068'): with an index
of stories inside ('（9版）'), page 1. A running head may set page, section and date apart by
ideographic spaces over a rule ('3　　公司·产业　　2018.2.9　星期五' / '────'), or stack them a
line each ('2' / '国际' / '2015年5月10日'), with the paper in the foot beside its editors or the
desk that runs the page ('经济观察报　责任编辑：蔡柏璐', '参考消息　国际新闻部主办'); digits may
be full-width ('第２３版'). Such lines say what page this is; they are never an article's title.
header_lines reads what one line states; this module decides which lines make the header.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from newsgrep.ingest.parsing.cleanup import simplified
from newsgrep.ingest.parsing.header_lines import PAGE, SECTIONS, HeaderFacts, read_line, read_number


@dataclass(frozen=True)
class Masthead:
    """What a page header states, and how many leading lines it used."""

    paper: str | None = None
    date: str | None = None
    issue: int | None = None
    page: int | None = None
    lines_used: int = 0
    trailing_used: int = 0  # lines of a running foot at the end of the page
    page_label: str | None = None  # the page with its section letter ('A3'), when printed so


def _scan(lines: list[str], order: range) -> tuple[HeaderFacts, int]:
    """Read header lines in `order` (top down or bottom up); stop at the first text line."""
    facts = HeaderFacts()
    used = seen = 0
    tail = ""
    for n, i in enumerate(order):
        line = lines[i]
        if not line.strip():
            continue
        seen += 1
        if seen > 12:
            break
        if len(line.strip()) > 70 and "准印证" not in line:
            break
        trial = replace(facts)
        if not read_line(line, trial, tail):
            if not (_name_between(lines, order, n, trial, tail) or _section_word(lines, order, n, trial)
                    or _folio_on_top(lines, order, n, trial)):
                break
        facts = trial
        tail = re.sub(r"\s+", "", simplified(line))[-12:]
        used = n + 1
    return facts, used


def _section_word(lines: list[str], order: range, n: int, facts: HeaderFacts) -> bool:
    """A section name on a line of its own under the header ('第4版' / '财经' / blank): the
    page's section, not a kicker. Only at the top: after a page number, before a blank; or
    a section's name between header lines ('人民日报' / '要闻' / '2022年5月30日'); or the
    page's first line, a section or a web channel, over a line stating the page or the date
    ('文体新闻' / 'A9' / '羊城晚报', '每日精选' / '2018-07-11 15:48')."""
    name = lines[order[n]].strip()
    after = order[n + 1] if n + 1 < len(order) else None
    if not re.fullmatch(r"[\u4e00-\u9fff·・]{2,5}", name) or order.step != 1:
        return False
    if facts == HeaderFacts() and after is not None and not any(l.strip() for l in lines[:order[n]]):
        below = HeaderFacts()
        return read_line(lines[after], below, "") and (below.date is not None or below.page is not None)
    if after is not None and lines[after].strip() and (facts.paper or facts.date) \
            and re.fullmatch(rf"\S*(?:{SECTIONS})\S*", name):
        return read_line(lines[after], replace(facts), "")  # '人民日报' / '要闻' / '2022年5月30日'
    if facts.page is not None and facts.date is None and after is not None and lines[after].strip():
        below = replace(facts)  # '2' / '国际' / '2015年5月10日　星期日': a header stacked a fact a line
        return read_line(lines[after], below, "") and below.date is not None
    return facts.page is not None and (after is None or not lines[after].strip())


def _folio_on_top(lines: list[str], order: range, n: int, facts: HeaderFacts) -> bool:
    """A number alone as the page's first line, over the date or over a section and the date
    ('2' / '国际' / '2015年5月10日　星期日' / '责编：薛洋平'): the page's number, a header
    stacked one fact a line. A number over anything else may be a story's list item."""
    line = lines[order[n]].strip()
    if order.step != 1 or facts != HeaderFacts() or not re.fullmatch(r"\d{1,3}", line) or int(line) == 0 \
            or any(l.strip() for l in lines[:order[n]]):
        return False
    below = [i for i in order[n + 1:n + 4] if lines[i].strip()][:2]
    if below and re.fullmatch(r"[\u4e00-\u9fff·・]{2,5}", lines[below[0]].strip()):
        below = below[1:]  # the section's name between the number and the date
    probe = HeaderFacts(page=int(line))
    if not below or not read_line(lines[below[0]], probe, "") or probe.date is None:
        return False
    facts.page = int(line)
    facts.signals += 1
    return True


def _name_between(lines: list[str], order: range, n: int, facts: HeaderFacts, tail: str) -> bool:
    """A short name between header lines ('2021年11月22日 星期一' / '人民铁道' / '第4版'): a
    paper whose name has no 报. Taken only when a date was read above and the next line
    is header text too."""
    name = lines[order[n]].strip()
    if facts.date is None or facts.paper is not None or not re.fullmatch(r"[\u4e00-\u9fff]{4,6}", name):
        return False
    following = [lines[i] for i in order[n + 1:n + 4] if lines[i].strip()]
    if not following or not read_line(following[0], replace(facts), tail) or not PAGE.search(following[0]):
        return False
    facts.paper = name
    facts.signals += 1
    return True


def parse_masthead(lines: list[str]) -> Masthead:
    """Read the page header from the top (or else the foot) of a page.

    A header needs a date or page number, or a paper name with another signal; a header
    with an issue number or licence line is a front page, so page 1 unless it says.
    """
    top, used = _scan(lines, range(len(lines)))
    if top.licensed and _points_inside(lines):
        top.front = True
    if _enough(top):
        return _with_foot(lines, top, used)
    bottom, used_b = _scan(lines, range(len(lines) - 1, -1, -1))
    if _enough(bottom):
        return _masthead(bottom, 0, used_b)
    return _bare_foot_folio(lines)


def _points_inside(lines: list[str]) -> bool:
    """The page lists stories on other pages of the issue ('▶ 森林法实施条例　　（9版）'): the
    front page's index. Under a masthead that states the issue's serial number and page count,
    it makes the page the front one; the serial number alone leaves the page unstated."""
    return sum(bool(re.search(r"[（(]\s*[A-H]?\d{1,2}\s*版\s*[）)]\s*$", l)) for l in lines) >= 2


def _with_foot(lines: list[str], head: HeaderFacts, used: int) -> Masthead:
    """A running head without the paper's name, and a foot that prints it ('文化 | 第21版 |
    2009年2月25日' … '北国青年报·副刊'): the foot names the paper. A masthead without a page
    number, and a folio at the foot ('武汉大学报　第1112期' … '·4·'): the foot numbers the page
    (a numbered issue is page 1 only when no page number is printed). Taken only when the
    foot is header text through and through and states nothing the head contradicts."""
    mast = _masthead(head, used, 0)
    if head.paper is not None and head.page is not None:
        return mast
    foot, foot_used = _scan(lines[used:], range(len(lines) - used - 1, -1, -1))
    if foot.paper is None and (foot.page is None or not _enough(foot)):
        return mast
    if foot.date not in (None, head.date) or foot.page not in (None, head.page) and head.page is not None \
            or foot.paper not in (None, head.paper) and head.paper is not None:
        return mast
    by_foot = head.page is None and foot.page is not None
    return replace(mast, paper=head.paper or foot.paper, trailing_used=foot_used,
                   page=foot.page if by_foot else mast.page,
                   page_label=foot.page_label if by_foot else mast.page_label)


def _bare_foot_folio(lines: list[str]) -> Masthead:
    """A number alone as the page's last line ('12'): the folio at its foot."""
    filled = [i for i, l in enumerate(lines) if l.strip()]
    if len(filled) >= 3 and re.fullmatch(r"\d{1,3}", lines[filled[-1]].strip()) and int(lines[filled[-1]]) > 0:
        return Masthead(page=int(lines[filled[-1]]), trailing_used=len(lines) - filled[-1])
    return Masthead()


def _enough(f: HeaderFacts) -> bool:
    strong = f.date is not None or f.page is not None
    return (strong and f.signals >= 1) or (f.paper is not None and f.signals >= 2)


def _masthead(f: HeaderFacts, used: int, trailing: int) -> Masthead:
    page = f.page if f.page is not None else (1 if f.front else None)
    return Masthead(f.paper, f.date, f.issue, page, used, trailing, f.page_label)


# A folio alone on its line ('第7版', '— 第2版 —', '第二版', '第22页', '·4·'): page furniture
# printed at the foot of a page or between its columns, never a word of a story.
_FOLIO_LINE = re.compile(r"[\s—\-－·•]*第\s*[A-Ha-h]?\s*([0-9０-９一二三四五六七八九十]{1,3})\s*[版页頁][\s—\-－·•]*"
                         r"|\s*([·•■])\s*(\d{1,3})\s*\2\s*"
                         r"|\s*[—\-－]{1,2}\s*(\d{1,3})\s*[—\-－]{1,2}\s*")  # '— 8 —', '- 2 -'



def drop_folios(lines: list[str]) -> tuple[list[str], int | None]:
    """The page's lines without its stray folios, and the page number the first one prints."""
    kept, page = [], None
    for line in lines:
        m = _FOLIO_LINE.fullmatch(line)
        if m is None or not line.strip():
            kept.append(line)
        elif page is None:
            page = read_number(m.group(1) or m.group(3) or m.group(4))
    return kept, page
