"""One line of a page header → the facts it states: the date in its national forms, the page's
number or folio, the issue number, the paper's name; or that the line is no header text.
header.py decides which of the page's lines make its header.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsgrep.ingest.parsing.cleanup import simplified

_NUMERALS = {c: i for i, c in enumerate("〇一二三四五六七八九十")}
_NUMERALS["零"] = 0
# The desk that runs a page, a word of its own ('国际新闻部主办'), as a running foot prints it.
_DESK = r"(?<!\S)[\u4e00-\u9fff]{1,8}(?:部|社|中心|编辑室)主办(?!\S)"
# Full-width digits and letters ('２０１８年', '第３版', 'Ａ３') read as their ASCII forms.
_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B) if chr(c - 0xFEE0).isalnum()}

# A running head of only a number and a section ('16  要闻', '5 国际新闻'): the number is
# the page's. Set apart by wide space, or the word is one sections are named by.
SECTIONS = r"要闻|新闻|国际|国内|经济|财经|产业|体育|文化|文体|社会|时评|评论|观察|地方|综合|副刊|教育|健康|科技|法治|民生|城事|专题|视点|热点|理论|娱乐|广告"
_DATE = re.compile(r"(\d{4})\s*(?:年\s*|[-./／]\s*)(\d{1,2})\s*(?:月\s*|[-./／]\s*)(\d{1,2})(?:\s*日)?(?!\d)")
# Taiwan prints the year of the Republic: 中華民國105年5月27日 is 2016-05-27.
_ROC_DATE = re.compile(r"(?:中华民国|民国)\s*(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# Hong Kong, Macau, Singapore and Malaysia print the day first: 25/12/2015, 29-6-2004.
_DMY_DATE = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*[-./／]\s*(\d{1,2})\s*[-./／]\s*(\d{4})(?![\d/.\-])")
_CN_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
PAGE = re.compile(r"第\s*[A-Ha-h]?\s*([0-9一二三四五六七八九十]{1,3})\s*[版页]\s*[:：]?|(?<![A-Za-z0-9])([A-H])\s*([0-9]{1,2})(?![0-9A-Za-z])"
                   r"|(?<![0-9期第])([0-9]{1,3})\s*版(?!面)|^\s*([0-9]{1,2})(?=\s|$|[\u4e00-\u9fff·]{0,4}(?:" + SECTIONS + r")\s*$)"
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
    r"|(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])"
    # how to reach the newsroom ('投稿邮箱：smxw@163.com  新闻热线：83300000', '微信：sanmenxinwen')
    r"|(?:投稿|来稿|报料)?(?:邮箱|信箱|热线|电话|微信(?:公众号)?|微博|QQ)\s*[:：]\s*[\w.@\-]+")

# The page's editors ('责任编辑：蔡柏璐', '责编 顾楠'), as a page's foot prints them beside the
# paper's name ('经济观察报　责任编辑：蔡柏璐　制作：黎静丽').
_CREDIT = re.compile(r"(?:责任编辑|责编|美编|编辑|制作)\s*[:：]?\s*[\u4e00-\u9fff]{2,4}")


_SECTION_FOLIO = re.compile(
    rf"\s*\d{{1,2}}(?:\s{{2,}}|\s*\u3000|\s*(?=\S*(?:{SECTIONS})))[\u4e00-\u9fff·・]{{2,6}}(?:\s+[\u4e00-\u9fff]{{2,4}})?\s*"
    rf"|\s*\S*(?:{SECTIONS})\S*\s+\d{{1,2}}\s*")


# Under a header line, a word and a number set apart by wide space ('关注  06'): the page's
# section and number, whatever the section is called.
_WORD_FOLIO = re.compile(r"\s*[\u4e00-\u9fff·・]{2,6}(?:\s{2,}|\u3000)\d{1,2}\s*")


def read_number(text: str) -> int:
    """A number printed in digits or in Chinese numerals ('12', '十二', '二十')."""
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + _NUMERALS.get(text[1:2], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _NUMERALS[tens] * 10 + (_NUMERALS[ones] if ones else 0)
    return _NUMERALS.get(text, 0)


@dataclass
class HeaderFacts:
    """What the header lines read so far state, and how many of them were header text."""

    paper: str | None = None
    date: str | None = None
    issue: int | None = None
    page: int | None = None
    page_label: str | None = None  # the page as printed when a section letter leads it ('A3')
    front: bool = False   # a front-page masthead: issue number, licence, pages in this issue
    licensed: bool = False  # the serial number and page count ('今日12版　国内统一连续出版物号 CN 31-0068')
    signals: int = 0


def read_line(line: str, facts: HeaderFacts, pending: str) -> bool:
    """Add what a header line states to `facts`; False when the line is not header text.
    `pending`: the end of the line above, where a date may have begun."""
    s = _folded(line)
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
    if _read_folio(s, facts):
        return True
    return _read_facts(line, _set_solid(s), facts, pending)


def _folded(line: str) -> str:
    """The line as the rules read it: no Markdown heading marks, simplified characters,
    half-width digits and letters."""
    return simplified(re.sub(r"^#{1,6}\s+", "", line.strip())).translate(_HALF_WIDTH)


def _read_folio(s: str, facts: HeaderFacts) -> bool:
    """A folio alone on its line ('■ 4 ■'): the page's number; its marks are decoration."""
    folio = re.fullmatch(r"([■□◆●·•\-—–])\s*(\d{1,3})\s*\1", s.strip())
    if not folio:
        return False
    facts.page = facts.page if facts.page is not None else int(folio.group(2))
    facts.signals += 1
    return True


def _set_solid(s: str) -> str:
    """Spaced type ('星 期 二', '2021 年 9 月', a masthead letter-spaced with ideographic spaces:
    '南　方　日　报', '闽  江  日  报') as if set solid."""
    return re.sub(r"(?<![\u4e00-\u9fff])(?:[\u4e00-\u9fff](?: {1,2}|\u3000)){2,}[\u4e00-\u9fff](?![\u4e00-\u9fff])",
                  lambda m: re.sub("[ \u3000]", "", m.group()), s)


def _read_facts(line: str, s: str, facts: HeaderFacts, pending: str) -> bool:
    """Take the line's facts out of it (date, issue, the paper's name, page): it is header
    text when they leave no more than a header's few words."""
    rest, found = _read_date(s, facts, pending)
    issue = _read_issue(rest, facts)
    # The desk that runs the page ('参考消息　国际新闻部主办') names the paper beside it, as an
    # issue number does; the page's editors ('经济观察报　责任编辑：蔡柏璐') vouch for a name too.
    hosted = re.search(_DESK, rest) is not None
    vouched = issue or hosted or _CREDIT.search(rest) is not None
    rest = _NOISE.sub(" ", rest)
    # The name first, so a page number after it reads as it would beside a section
    # ('龙华新闻 · 体育 · 05'); it is kept below only if the line proves a header.
    name = _paper_name(rest) or (_named_by_issue(rest) if (issue or hosted) and facts.paper is None else None)
    if name:
        rest = rest[:name.start()] + " " * len(name.group()) + rest[name.end():]
    m = _page_number(rest, bool(found or facts.signals or name))
    if m and facts.page is None:
        facts.page = read_number(m.group(1) or m.group(3) or m.group(4) or m.group(5) or m.group(6))
        facts.page_label = page_label(m.group(), facts.page)
        rest = rest[:m.start()] + " " * (m.end() - m.start()) + rest[m.end():]
        found = True
    if name and facts.paper is None and (_STRONG_PAPER.match(name.group()) or found or facts.signals or vouched
                                         or name.group() == s.strip() or _beside_section(rest)):
        facts.paper = _as_printed(line, name.group())
        found = True
    elif name:
        rest = rest[:name.start()] + name.group() + rest[name.end():]
    return _read_leftover(s, rest, facts, found)


def _read_date(s: str, facts: HeaderFacts, pending: str) -> tuple[str, bool]:
    """The line without its dates, and whether it stated the header's first date."""
    roc = _ROC_DATE.search(s)
    dmy = None if roc else _DMY_DATE.search(s)
    m = roc or dmy or _CN_DATE.search(s) or _DATE.search(pending + s)
    found = bool(m) and facts.date is None
    if found:
        facts.date = _roc_iso(roc) if roc else _dmy_iso(dmy) if dmy else _iso(m)
    rest = _DATE.sub(" ", _CN_DATE.sub(" ", _DMY_DATE.sub(" ", _ROC_DATE.sub(" ", s))))
    # A date set over two lines ('2024年' / '3月5日'): each part is the date's, not a word.
    return re.sub(r"^\s*\d{4}\s*年\s*$|^\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$", " ", rest), found


def _read_issue(rest: str, facts: HeaderFacts) -> bool:
    """The issue number and what marks a front page (licence, serial number, page count);
    True when the line numbers its issue."""
    issue = _ISSUE.search(rest)
    if issue:
        facts.issue = facts.issue or int(issue.group(1))
        facts.front = True
    if re.search(r"本期\s*\d+\s*版|准印证|刊号|邮发代号", rest):
        facts.front = True
    if re.search(r"今日\s*\d+\s*版|连续出版物号", rest):
        facts.licensed = True
        facts.front = True  # the issue's page count and licence: a front page, page 1 (README)
    return issue is not None


def _read_leftover(s: str, rest: str, facts: HeaderFacts, found: bool) -> bool:
    """What the facts left of the line (`rest`): a header's line keeps at most a section's
    word or two beside them, or opens with the paper's name. True, one more signal, if so."""
    leftover = [w for w in rest.split() if w]
    if facts.paper is None and not facts.signals and found and len(leftover) == 1 and s.strip().startswith(leftover[0]) \
            and re.fullmatch(r"[\u4e00-\u9fff]{4,6}", leftover[0]) and not re.search(SECTIONS, leftover[0]):
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

def _labelled_paper(line: str, name: str, facts: HeaderFacts) -> bool:
    """'【报纸名称】吉林工人报': the field says this is the paper's name, whatever it ends in."""
    name = name.strip()
    if not re.fullmatch(r"[\u4e00-\u9fff·・]{2,12}", name):
        return False
    facts.paper = facts.paper or _as_printed(line, name)
    facts.signals += 1
    return True


def page_label(printed: str, page: int | None) -> str | None:
    """'A3' when the page number as printed has a section letter ('A3', '第B2版', '版次：C8'):
    A1 and B1 are different pages of one issue."""
    letter = re.search(r"([A-Ha-h])\s*[0-9]", printed)
    return f"{letter.group(1).upper()}{page}" if letter and page is not None else None


def _page_number(rest: str, beside_facts: bool) -> re.Match | None:
    """Where the header line states its page. A bare '02' is a page number only beside
    other header facts, or beside a section's name ('16  要闻', '要闻 12')."""
    m = PAGE.search(rest)
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
    if len(words) != 1 or re.fullmatch(rf"\S*(?:{SECTIONS})\S*", words[0]):
        return None
    return re.search(r"(?<!\S)[\u4e00-\u9fff]{2,6}(?!\S)", rest)


def _beside_section(rest: str) -> bool:
    """What a line holds beside a paper's name is only its section ('海西法治报  教育'),
    so the name is no headline's last word."""
    words = rest.split()
    return 0 < len(words) <= 2 and all(re.fullmatch(rf"\S*(?:{SECTIONS})\S*", w) for w in words)


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
    return read_number(text)
