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
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from newsgrep.ingest.parsing.cleanup import simplified

_NUMERALS = {c: i for i, c in enumerate("〇一二三四五六七八九十")}
_NUMERALS["零"] = 0
# The desk that runs a page, a word of its own ('国际新闻部主办'), as a running foot prints it.
_DESK = r"(?<!\S)[\u4e00-\u9fff]{1,8}(?:部|社|中心|编辑室)主办(?!\S)"
# Full-width digits and letters ('２０１８年', '第３版', 'Ａ３') read as their ASCII forms.
_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B) if chr(c - 0xFEE0).isalnum()}

_DATE = re.compile(r"(\d{4})\s*(?:年\s*|[-./／]\s*)(\d{1,2})\s*(?:月\s*|[-./／]\s*)(\d{1,2})(?:\s*日)?(?!\d)")
# Taiwan prints the year of the Republic: 中華民國105年5月27日 is 2016-05-27.
_ROC_DATE = re.compile(r"(?:中华民国|民国)\s*(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# Hong Kong, Macau, Singapore and Malaysia print the day first: 25/12/2015, 29-6-2004.
_DMY_DATE = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*[-./／]\s*(\d{1,2})\s*[-./／]\s*(\d{4})(?![\d/.\-])")
_CN_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_PAGE = re.compile(r"第\s*[A-Ha-h]?\s*([0-9一二三四五六七八九十]{1,3})\s*[版页]\s*[:：]?|(?<![A-Za-z0-9])([A-H])\s*([0-9]{1,2})(?![0-9A-Za-z])"
                   r"|(?<![0-9期第])([0-9]{1,3})\s*版(?!面)|^\s*([0-9]{1,2})(?=\s|$)"
                   r"|(?:版次|版面|版号)\s*[:：]?\s*[A-Ha-h]?([0-9]{1,3})(?![0-9])")
# A database export labels its header fields ('【报纸名称】吉林工人报', '版面: 06', '出版日期：…'):
# the label is no text of the header, and a paper label vouches for the name after it.
_LABEL = re.compile(r"^\s*(?:【\s*(报纸名称|报纸|报名|刊名|媒体|出版日期|日期|版次|版面|版号|版名|期号)\s*】"
                    r"|(报纸名称|报名|刊名|出版日期|日期|版次|版面|版号|版名|期号)\s*[:：])\s*")
_PAPER_LABELS = ("报纸名称", "报纸", "报名", "刊名", "媒体")
# Fields an archive strings together with slashes ('赣南日报/2014年/08月/24日/第008版'): a
# slash after a word closes a field; one between digits is a date's ('2024/03/05').
_FIELD_SLASH = re.compile(r"(?<=[\u4e00-\u9fff])\s*[/／]\s*")
_ISSUE = re.compile(r"第\s*(\d{1,6})\s*期")
_PAPER = re.compile(r"[\u4e00-\u9fff]{1,8}(?:日报|晚报|时报|早报|晨报|商报|都市报|青年报|法制报|周报|导报|快报|报)")
# A paper's name ends in 报, but so do headlines ('…部门被举报') and words (举报, 通报): a
# name is two to six characters, with none of the words a sentence is built from.
_NOT_IN_PAPER_NAMES = set("被的了是在将把对向与和为")
# Two-character words ending in 报 that are no paper (明報, 大公報 are).
_BAO_WORDS = frozenset("举报 通报 公报 简报 情报 快报 画报 海报 喜报 捷报 汇报 预报 电报 年报 月报 周报 晚报 晨报"
                       " 早报 日报 党报 上报 申报 回报 警报 季报 学报 小报 大报 登报 见报 读报 看报 办报 时报 商报".split())
# District papers go by '<place>新闻' (龙华新闻, 云州新闻); '<topic>新闻' is a section.
_NEWS_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}新闻")
_NEWS_SECTIONS = (r"国|社会|体育|经济|财经|文|娱|科|教|法|时政|本|地方|城|图片|视频|综合|热点|要|两岸|港澳|台"
                  r"|海外|华人|区县|县区|农村|军|环球|全|今日|一周|头条|重点|专题|民生|健康|旅游|汽车|房产|网络")
_STRONG_PAPER = re.compile(r"^[\u4e00-\u9fff]{2,8}(?:日报|晚报|时报|早报|晨报|商报|都市报|青年报|法制报|周报|导报|快报)$")
# Words a header may hold around its facts; whatever is left over must be a short word
# (a section name: 国际, 经济·产业) or the line is not a header.
_NOISE = re.compile(
    r"[(（]\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[)）]|星期[一二三四五六日天]|周[一二三四五六日]|礼拜[一二三四五六日天]|农历\S*|(?:总)?第\s*\d+\s*期|本期\s*\d+\s*版"
    r"|[(（]总第\s*\d+\s*期[)）]|(?:责任编辑|美术编辑|图片编辑|摄影编辑|值班编辑|见习编辑|编辑|美编|责任校对|校对|版式设计|版式|组版|责编|审读|照排|设计|制图|制作)"
    r"\s*[:：]?\s*[\u4e00-\u9fff]{2,4}"
    r"|\S*(?:准印证|新闻热线|出版|网址|E-mail|邮编|国内统一|刊号|邮发代号)\S*(?:\s*\S+@\S+|\s*[:：]?\s*\d+(?:-\d+)+)?"
    r"|[A-Z][A-Z .]{3,}|http\S+|www\.\S+|[(（]\s*[)）]|(?<![\d.])\d+(?:-\d+)+(?![\d.])"
    r"|今日\s*\d+\s*版|[|｜/·•\-—_—─━═]+|连续出版物号\S*|CN\s*\d{2}-\d{4}\S*"
    # a front page's owner ('中共江苏省委机关报', '国际新闻部主办') and weather ('天气：阴转晴 -2～28℃'); the
    # time a web page was posted ('2019-05-24 10:32')
    r"|\S{0,12}机关报|" + _DESK + r"|天气\s*[:：]\s*[\u4e00-\u9fff]{1,6}(?:\s*-?\d+\s*[~～至—-]\s*-?\d+\s*℃)?"
    r"|(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])")

# The page's editors ('责任编辑：蔡柏璐', '责编 顾楠'), as a page's foot prints them beside the
# paper's name ('经济观察报　责任编辑：蔡柏璐　制作：黎静丽').
_CREDIT = re.compile(r"(?:责任编辑|责编|美编|编辑|制作)\s*[:：]?\s*[\u4e00-\u9fff]{2,4}")


# A running head of only a number and a section ('16  要闻', '5 国际新闻'): the number is
# the page's. Set apart by wide space, or the word is one sections are named by.
_SECTIONS = r"要闻|新闻|国际|国内|经济|财经|产业|体育|文化|文体|社会|时评|评论|观察|地方|综合|副刊|教育|健康|科技|法治|民生|城事|专题|视点|热点|理论|娱乐|广告"
_SECTION_FOLIO = re.compile(
    rf"\s*\d{{1,2}}(?:\s{{2,}}|\s*\u3000|\s+(?=\S*(?:{_SECTIONS})))[\u4e00-\u9fff·・]{{2,6}}(?:\s+[\u4e00-\u9fff]{{2,4}})?\s*"
    rf"|\s*\S*(?:{_SECTIONS})\S*\s+\d{{1,2}}\s*")


# Under a header line, a word and a number set apart by wide space ('关注  06'): the page's
# section and number, whatever the section is called.
_WORD_FOLIO = re.compile(r"\s*[\u4e00-\u9fff·・]{2,6}(?:\s{2,}|\u3000)\d{1,2}\s*")


@dataclass(frozen=True)
class Masthead:
    """What a page header states, and how many leading lines it used."""

    paper: str | None = None
    date: str | None = None
    issue: int | None = None
    page: int | None = None
    lines_used: int = 0
    trailing_used: int = 0  # lines of a running foot at the end of the page


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + _NUMERALS.get(text[1:2], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _NUMERALS[tens] * 10 + (_NUMERALS[ones] if ones else 0)
    return _NUMERALS.get(text, 0)


@dataclass
class _Facts:
    paper: str | None = None
    date: str | None = None
    issue: int | None = None
    page: int | None = None
    front: bool = False   # a front-page masthead: issue number, licence, pages in this issue
    licensed: bool = False  # the serial number and page count ('今日12版　国内统一连续出版物号 CN 31-0068')
    signals: int = 0


def _read_line(line: str, facts: _Facts, pending: str) -> bool:
    """Add what a header line states to `facts`; False when the line is not header text."""
    s = simplified(re.sub(r"^#{1,6}\s+", "", line.strip())).translate(_HALF_WIDTH)
    label = _LABEL.match(s)
    if label:
        field, s = label.group(1) or label.group(2), s[label.end():]
        if field in _PAPER_LABELS:
            return _labelled_paper(line, s, facts)
        if field == "版名" and re.fullmatch(r"[\u4e00-\u9fff·・]{1,8}", s.strip()):
            facts.signals += 1  # the page's section: header text, no fact we keep
            return True
        if field.startswith("版"):
            s = f"{field} {s}"  # '版面: 06' reads by the page-number rule for labelled pages
    s = _FIELD_SLASH.sub(" ", s)
    if re.search(r"(?:转|接)\s*第?\s*[▶►>→]?\s*[A-H]?[\d一二三四五六七八九十]", s):
        return False  # a jump marker names another page, not this one
    # Spaced type ('星 期 二', '2021 年 9 月', a masthead letter-spaced with ideographic spaces:
    # '南　方　日　报') reads as set solid; a folio's marks ('■ 4 ■') are decoration.
    folio = re.fullmatch(r"([■□◆●·•\-—–])\s*(\d{1,3})\s*\1", s.strip())
    if folio:
        facts.page = facts.page if facts.page is not None else int(folio.group(2))
        facts.signals += 1
        return True
    s = re.sub(r"(?<![\u4e00-\u9fff])(?:[\u4e00-\u9fff](?: {1,2}|\u3000)){2,}[\u4e00-\u9fff](?![\u4e00-\u9fff])",
               lambda m: re.sub("[ \u3000]", "", m.group()), s)  # '闽  江  日  报' too
    rest = s
    found = 0
    roc = _ROC_DATE.search(rest)
    dmy = None if roc else _DMY_DATE.search(rest)
    m = roc or dmy or _CN_DATE.search(rest) or _DATE.search(pending + rest)
    if m and facts.date is None:
        facts.date = _roc_iso(roc) if roc else _dmy_iso(dmy) if dmy else _iso(m)
        found += 1
    rest = _DATE.sub(" ", _CN_DATE.sub(" ", _DMY_DATE.sub(" ", _ROC_DATE.sub(" ", rest))))
    rest = re.sub(r"^\s*\d{4}\s*年\s*$|^\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$", " ", rest)
    issue = m = _ISSUE.search(rest)
    if m:
        facts.issue = facts.issue or int(m.group(1))
        facts.front = True
    if re.search(r"本期\s*\d+\s*版|准印证|刊号|邮发代号", rest):
        facts.front = True
    if re.search(r"今日\s*\d+\s*版|连续出版物号", rest):
        facts.licensed = True
        facts.front = True  # the issue's page count and licence: a front page, page 1 (README)
    # The desk that runs the page ('参考消息　国际新闻部主办') names the paper beside it, as an
    # issue number does; the page's editors ('经济观察报　责任编辑：蔡柏璐') vouch for a name too.
    hosted = re.search(_DESK, rest) is not None
    vouched = bool(issue) or hosted or _CREDIT.search(rest) is not None
    rest = _NOISE.sub(" ", rest)
    # The name first, so a page number after it reads as it would beside a section
    # ('龙华新闻 · 体育 · 05'); it is kept below only if the line proves a header.
    name = _paper_name(rest) or (_named_by_issue(rest) if (issue or hosted) and facts.paper is None else None)
    if name:
        rest = rest[:name.start()] + " " * len(name.group()) + rest[name.end():]
    m = _page_number(rest, bool(found or facts.signals or name))
    if m and facts.page is None:
        facts.page = _number(m.group(1) or m.group(3) or m.group(4) or m.group(5) or m.group(6))
        rest = rest[:m.start()] + " " * (m.end() - m.start()) + rest[m.end():]
        found += 1
    if name and facts.paper is None and (_STRONG_PAPER.match(name.group()) or found or facts.signals or vouched
                                         or name.group() == s.strip() or _beside_section(rest)):
        facts.paper = _as_printed(line, name.group())
        found += 1
    elif name:
        rest = rest[:name.start()] + name.group() + rest[name.end():]
    leftover = [w for w in rest.split() if w]
    if facts.paper is None and not facts.signals and found and len(leftover) == 1 and s.strip().startswith(leftover[0]) \
            and re.fullmatch(r"[\u4e00-\u9fff]{4,6}", leftover[0]) and not re.search(_SECTIONS, leftover[0]):
        # The page's first header line opens with a name beside its page or date ('今日龙岗
        # 第8版'): the paper's, though it does not end in 报. A section is named in a word or
        # two ('访谈 | 2017年5月6日', '中國　A18'), a paper at more length.
        facts.paper = leftover[0]
        leftover = []
    if any(len(w) > 6 for w in leftover) or len(leftover) > 2:
        return False
    if found or s.strip() != rest.strip():
        facts.signals += 1
        return True
    return False


def _labelled_paper(line: str, name: str, facts: _Facts) -> bool:
    """'【报纸名称】吉林工人报': the field says this is the paper's name, whatever it ends in."""
    name = name.strip()
    if not re.fullmatch(r"[\u4e00-\u9fff·・]{2,12}", name):
        return False
    facts.paper = facts.paper or _as_printed(line, name)
    facts.signals += 1
    return True


def _page_number(rest: str, beside_facts: bool) -> re.Match | None:
    """Where the header line states its page. A bare '02' is a page number only beside
    other header facts, or beside a section's name ('16  要闻', '要闻 12')."""
    m = _PAGE.search(rest)
    if m is None and (_SECTION_FOLIO.fullmatch(rest) or beside_facts and _WORD_FOLIO.fullmatch(rest)):
        m = re.search(r"()()()()(\d{1,2})\s*$", rest)  # '要闻 12', '关注  06': the number closes the head
    if m and m.group(5) and not (beside_facts or _PAPER.search(rest) or _SECTION_FOLIO.fullmatch(rest)):
        return None
    return m


def _paper_name(text: str) -> re.Match | None:
    """A paper's name standing as a word of its own in a header line (not a headline's end)."""
    for m in (*_PAPER.finditer(text), *_NEWS_NAME.finditer(text)):
        word = m.group()
        before, after = text[:m.start()][-1:], text[m.end():][:1]
        if before.strip() or after.strip() or word in _BAO_WORDS:
            continue  # part of a longer run of text (a headline, a sentence), or a word
        if word.endswith("新闻") and re.search(_NEWS_SECTIONS, word[:-2]):
            continue  # '国际新闻', '本地新闻': a section's name
        if _STRONG_PAPER.match(word) or (len(word) <= 6 and not set(word) & _NOT_IN_PAPER_NAMES):
            return m
    return None


def _named_by_issue(rest: str) -> re.Match | None:
    """'复旦　第2151期', '新清华　第1526期': only a masthead numbers its issues, so the one word
    beside the number is the paper's name, whatever it ends in; so is the one word beside the
    desk that runs the page ('参考消息　国际新闻部主办')."""
    words = rest.split()
    if len(words) != 1 or re.fullmatch(rf"\S*(?:{_SECTIONS})\S*", words[0]):
        return None
    return re.search(r"(?<!\S)[\u4e00-\u9fff]{2,6}(?!\S)", rest)


def _beside_section(rest: str) -> bool:
    """What a line holds beside a paper's name is only its section ('海西法治报  教育'),
    so the name is no headline's last word."""
    words = rest.split()
    return 0 < len(words) <= 2 and all(re.fullmatch(rf"\S*(?:{_SECTIONS})\S*", w) for w in words)


def _dmy_iso(m: re.Match) -> str | None:
    """Day first, as these papers print it; a first number over 12 can only be the day,
    and a second one over 12 shows the rare month-first print."""
    a, b, y = (int(g) for g in m.groups())
    day, month = (a, b) if b <= 12 else (b, a)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{y:04d}-{month:02d}-{day:02d}"


def _roc_iso(m: re.Match) -> str | None:
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y + 1911:04d}-{mo:02d}-{d:02d}"


def _as_printed(line: str, folded_name: str) -> str:
    """The paper's name as the page prints it (traditional stays traditional): matching ran
    on a same-length folded copy of the line, so the name sits at the same place."""
    text = re.sub(r"^#{1,6}\s+", "", line.strip())
    at = simplified(text).find(folded_name)
    return text[at:at + len(folded_name)] if at >= 0 else folded_name


def _iso(m: re.Match) -> str:
    y, mo, d = (_cn_year(g) if not g.isdigit() else int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _cn_year(text: str) -> int:
    if len(text) == 4:
        return int("".join(str(_NUMERALS[c]) for c in text))
    return _number(text)


def _scan(lines: list[str], order: range) -> tuple[_Facts, int]:
    """Read header lines in `order` (top down or bottom up); stop at the first text line."""
    facts = _Facts()
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
        if not _read_line(line, trial, tail):
            if not (_name_between(lines, order, n, trial, tail) or _section_word(lines, order, n, trial)
                    or _folio_on_top(lines, order, n, trial)):
                break
        facts = trial
        tail = re.sub(r"\s+", "", simplified(line))[-12:]
        used = n + 1
    return facts, used


def _section_word(lines: list[str], order: range, n: int, facts: _Facts) -> bool:
    """A section name on a line of its own under the header ('第4版' / '财经' / blank): the
    page's section, not a kicker. Only at the top: after a page number, before a blank; or
    a section's name between header lines ('人民日报' / '要闻' / '2022年5月30日'); or the
    page's first line, a section or a web channel, over a line stating the page or the date
    ('文体新闻' / 'A9' / '羊城晚报', '每日精选' / '2018-07-11 15:48')."""
    name = lines[order[n]].strip()
    after = order[n + 1] if n + 1 < len(order) else None
    if not re.fullmatch(r"[\u4e00-\u9fff·・]{2,5}", name) or order.step != 1:
        return False
    if facts == _Facts() and after is not None and not any(l.strip() for l in lines[:order[n]]):
        below = _Facts()
        return _read_line(lines[after], below, "") and (below.date is not None or below.page is not None)
    if after is not None and lines[after].strip() and (facts.paper or facts.date) \
            and re.fullmatch(rf"\S*(?:{_SECTIONS})\S*", name):
        return _read_line(lines[after], replace(facts), "")  # '人民日报' / '要闻' / '2022年5月30日'
    if facts.page is not None and facts.date is None and after is not None and lines[after].strip():
        below = replace(facts)  # '2' / '国际' / '2015年5月10日　星期日': a header stacked a fact a line
        return _read_line(lines[after], below, "") and below.date is not None
    return facts.page is not None and (after is None or not lines[after].strip())


def _folio_on_top(lines: list[str], order: range, n: int, facts: _Facts) -> bool:
    """A number alone as the page's first line, over the date or over a section and the date
    ('2' / '国际' / '2015年5月10日　星期日' / '责编：薛洋平'): the page's number, a header
    stacked one fact a line. A number over anything else may be a story's list item."""
    line = lines[order[n]].strip()
    if order.step != 1 or facts != _Facts() or not re.fullmatch(r"\d{1,3}", line) or int(line) == 0 \
            or any(l.strip() for l in lines[:order[n]]):
        return False
    below = [i for i in order[n + 1:n + 4] if lines[i].strip()][:2]
    if below and re.fullmatch(r"[\u4e00-\u9fff·・]{2,5}", lines[below[0]].strip()):
        below = below[1:]  # the section's name between the number and the date
    probe = _Facts(page=int(line))
    if not below or not _read_line(lines[below[0]], probe, "") or probe.date is None:
        return False
    facts.page = int(line)
    facts.signals += 1
    return True


def _name_between(lines: list[str], order: range, n: int, facts: _Facts, tail: str) -> bool:
    """A short name between header lines ('2021年11月22日 星期一' / '人民铁道' / '第4版'): a
    paper whose name has no 报. Taken only when a date was read above and the next line
    is header text too."""
    name = lines[order[n]].strip()
    if facts.date is None or facts.paper is not None or not re.fullmatch(r"[\u4e00-\u9fff]{4,6}", name):
        return False
    following = [lines[i] for i in order[n + 1:n + 4] if lines[i].strip()]
    if not following or not _read_line(following[0], replace(facts), tail) or not _PAGE.search(following[0]):
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


def _with_foot(lines: list[str], head: _Facts, used: int) -> Masthead:
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
    page = mast.page if head.page is not None or foot.page is None else foot.page
    return replace(mast, paper=head.paper or foot.paper, page=page, trailing_used=foot_used)


def _bare_foot_folio(lines: list[str]) -> Masthead:
    """A number alone as the page's last line ('12'): the folio at its foot."""
    filled = [i for i, l in enumerate(lines) if l.strip()]
    if len(filled) >= 3 and re.fullmatch(r"\d{1,3}", lines[filled[-1]].strip()) and int(lines[filled[-1]]) > 0:
        return Masthead(page=int(lines[filled[-1]]), trailing_used=len(lines) - filled[-1])
    return Masthead()


def _enough(f: _Facts) -> bool:
    strong = f.date is not None or f.page is not None
    return (strong and f.signals >= 1) or (f.paper is not None and f.signals >= 2)


def _masthead(f: _Facts, used: int, trailing: int) -> Masthead:
    page = f.page if f.page is not None else (1 if f.front else None)
    return Masthead(f.paper, f.date, f.issue, page, used, trailing)


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
            page = _number(m.group(1) or m.group(3) or m.group(4))
    return kept, page
