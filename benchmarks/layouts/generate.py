#!/usr/bin/env python3
"""Lay real news articles out as newspaper pages, the way print-layout text extraction reads.

    python benchmarks/layouts/generate.py OUT_DIR [--pages N] [--seed S] [--corpus /work/corpus]

Writes NAME.txt (the page, UTF-8 or for a few pages GBK) and NAME.truth.json (what a reader
sees on it: paper/date/page printed in the header, and each article's title, kicker,
subtitle, credited names, jump references and body). See README.md for the families.

Everything is decided by one random.Random(seed): the same seed gives the same pages.
Only the standard library and opencc are used.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------------------
# Source articles

_PARA_SPLIT = re.compile(r"(?:[ \t\u00a0\u3000]{2,}|\n|[\u3000\u00a0]+)")
_SPACE = re.compile(r"[ \t\u00a0\u3000]+")
_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]")
_JUNK = re.compile(r"http|www\.|\.com|@|原标题|责任编辑|责编|编辑[:：]|来源[:：]|点击|扫码|二维码|"
                   r"关注|微信|公众号|版权|声明[:：]|转载|上传|图片|图为|配图|视频|文章|本文|浏览器|"
                   r"javascript|cookie|摘要|小编|原创|网友[:：]|（）|\(\)|qq|QQ|资讯请|咨询|热线电话|"
                   r"\*\*|#|【|】|▲|▼|●|■|□|◆|★|☆|→|↓|\||_|……+$")
_CREDIT = re.compile(r"记者|通讯员|实习生|编辑|本报|新华社|中新网|电[（(]|讯[（(]|特约|摄影|供图")
_SENT_END = "。！？”…）"


def clean_space(text: str) -> str:
    """Drop every space except one between two ASCII letters/digits (the reader's form)."""
    text = _SPACE.sub(" ", text).strip()
    out = []
    for i, ch in enumerate(text):
        if ch == " ":
            if (out and _ASCII_ALNUM.match(out[-1]) and i + 1 < len(text)
                    and _ASCII_ALNUM.match(text[i + 1])):
                out.append(" ")
            continue
        out.append(ch)
    return "".join(out)


def to_fullwidth_punct(text: str) -> str:
    """ASCII punctuation inside Chinese text as a paper prints it (full width)."""
    table = {",": "，", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
    out = []
    for i, ch in enumerate(text):
        if ch in table:
            prev = text[i - 1] if i else ""
            if not (prev.isascii() and prev.isalpha()):
                ch = table[ch]
        elif ch == ":" and not (i and text[i - 1].isdigit()):
            ch = "："
        out.append(ch)
    return "".join(out)


@dataclass
class Source:
    title: str
    paragraphs: list[str]


def _clean_title(title: str, rng: random.Random) -> str | None:
    # A space between two phrases of a headline is kept (one); others go.
    title = re.sub(r"\s+", " ", to_fullwidth_punct(title.replace("\u3000", " "))).strip()
    title = re.sub(r"(?<=[^\x00-\x7f]) (?=[，。、：；？！“”（）])|(?<=[，。、：；？！“”（）]) ", "", title)
    title = title.strip(" -—_|")
    if (not 6 <= len(title) <= 40 or _JUNK.search(title) or "..." in title or "…" in title
            or title.startswith("标题") or title.count("（") != title.count("）")
            or title.count("“") != title.count("”") or title.count("《") != title.count("》")):
        return None
    if re.search(r"[-—－]|搜狐|网易|新浪|腾讯|凤凰|百度|头条|网站|原创|[网报]$|判决书|裁定书|组图|图文|多图|视频|[\[\]［］]|娱乐app|官网|注册|开户|博彩|＂", title):
        return None
    title = title.rstrip("！!。")
    if title[-1:] in "，、；：,;:（《“":
        return None    # a cut-off title
    return title if len(title) >= 6 else None


def _clean_body(body: str) -> list[str]:
    paras = []
    for raw in _PARA_SPLIT.split(body):
        p = clean_space(to_fullwidth_punct(raw))
        p = re.sub(r"(?<=[。”！])？$", "", p)   # a stray mark left by a broken encoding
        if (len(p) < 14 or _JUNK.search(p) or not re.search(r"[。！？…][”’）]?$", p) or p[0] in _CLOSING
                or re.search(r"([！？。，…])\1\1", p)):
            continue
        if p.count("“") != p.count("”") or p.count("（") != p.count("）") or p.count("(") != p.count(")"):
            continue
        if re.search(r"[）)][^（(]*$", p[:12]) and not re.search(r"[（(]", p[:12]):
            continue
        if re.search(r"本报|讯[（(]|讯\d|日讯|日电|财经讯|网讯|电[（(]|^据.{0,10}报道|^[（(]?记者", p[:24]):
            continue   # a credit or dateline of the source site
        if re.search(r"[（(][\u4e00-\u9fff]{2,4}(?:[ 、][\u4e00-\u9fff]{2,4})*[）)]\W*$|[（(](?:记者|通讯员|编辑|实习生)", p):
            continue   # a name in brackets reads as a credit
        if p in paras:
            continue   # a repeated paragraph of a badly scraped page
        paras.append(p)
    # Credits inside the source text would be credits nobody lists: drop such stories.
    if paras and (_CREDIT.search(paras[0][:40]) or _CREDIT.search(paras[-1][-30:])):
        return []
    # spam pages sprinkle full stops into the text ("步鑫生。就个性十足…不。合理的")
    if sum(len(re.findall(r"[。！？][^。！？，“”]{1,3}。", p)) for p in paras) >= 2:
        return []
    return paras


def load_corpus(folder: Path, rng: random.Random) -> list[Source]:
    sources, seen = [], set()
    for path in sorted(folder.glob("*.txt")):
        blocks = path.read_text(encoding="utf-8").split("\n\n")
        i = 0
        while i + 1 < len(blocks):
            title, body = blocks[i].strip(), blocks[i + 1]
            if "\n" in title or not title or len(body) < 100:
                i += 1
                continue
            i += 2
            t = _clean_title(title, rng)
            if not t or t in seen:
                continue
            paras = _clean_body(body)
            if not paras or sum(map(len, paras)) < 120:
                continue
            seen.add(t)
            sources.append(Source(t, paras))
    return sources


# ---------------------------------------------------------------------------
# Names, papers, sections

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
            "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶"
            "黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤柳俞施鲁葛")
COMPOUND = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "夏侯", "公孙", "司徒",
            "端木", "长孙", "宇文"]
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红辉建国志鹏飞宇浩然晨阳"
         "欣怡子涵梓轩雨婷佳琪思远俊嘉晓东海燕春梅永立新卫德胜雪丹倩颖婕琳璐瑶蕾薇彤昕悦妍"
         "翔凯斌毅峰亮锋旭昊宏坤鑫琦睿哲瀚晗煜晟")
REAL_LOOKING = ["王小月", "李晓明", "张雯", "陈涛", "宋明", "汤顺佳", "封辰霏", "沈莹", "毛信慧",
                "刘慧", "赵鹏", "孙立平", "周颖", "吴婷婷", "郑雪", "黄慧敏", "朱国平", "许晶晶",
                "欧阳晓光", "司马南", "钱菁", "唐悦", "韩冰", "何可", "邵珍", "罗沙", "姜琳"]


def person(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return rng.choice(REAL_LOOKING)
    surname = rng.choice(COMPOUND) if rng.random() < 0.06 else rng.choice(SURNAMES)
    n = 1 if rng.random() < 0.35 else 2
    if len(surname) == 2:
        n = 1 if rng.random() < 0.6 else 2
    given = "".join(rng.choice(GIVEN) for _ in range(n))
    if n == 2 and rng.random() < 0.05:
        given = "小" + given[1]
    return surname + given


def people(rng: random.Random, k: int) -> list[str]:
    out: list[str] = []
    while len(out) < k:
        p = person(rng)
        if p not in out:
            out.append(p)
    return out


PAPERS = ["南京日报", "扬子晚报", "钱江晚报", "新民晚报", "北京青年报", "南方都市报", "大众日报",
          "长江日报", "羊城晚报", "齐鲁晚报", "潇湘晨报", "华西都市报", "今晚报", "解放日报",
          "湖州日报", "绍兴晚报", "东莞日报", "闵行报", "嘉定报", "温州都市报", "宁波日报",
          "金陵晚报", "城市快报", "燕赵都市报", "楚天都市报", "海峡都市报", "浦东时报", "虹口报",
          "常州日报", "义乌商报"]
PAPER_EN = {"南京日报": "NANJING DAILY", "扬子晚报": "YANGTSE EVENING POST", "新民晚报": "XINMIN EVENING NEWS",
            "解放日报": "JIEFANG DAILY", "今晚报": "TONIGHT NEWS", "长江日报": "CHANGJIANG DAILY"}
SECTIONS = ["要闻", "综合", "经济·产业", "国际", "社会", "城事", "文体", "民生", "财经", "法治",
            "区县新闻", "教育", "健康", "科技", "时评", "文化", "体育", "都市新闻", "深度", "观察"]
SUBHEADS = ["多措并举保民生", "政策红利持续释放", "从“跟跑”到“领跑”", "下一步怎么走", "专家观点",
            "延伸阅读", "记者调查", "链接", "背景", "群众怎么看", "难点在哪里", "破解“最后一公里”",
            "数据说话", "打通堵点", "一线声音", "把好事办实", "让数据多跑路", "精准施策见实效",
            "短板如何补齐", "各方回应", "事件回顾", "亮点纷呈", "相关新闻", "现场", "未来可期",
            "守护“舌尖上的安全”", "特色产业添活力", "三个转变", "多方联动", "防范有招"]
KICKERS = ["聚焦两会", "民生实事", "新春走基层", "一线调查", "奋进新征程", "关注高质量发展",
           "记者手记", "现场直击", "身边的感动", "法治在线", "百姓关注", "城市更新进行时",
           "乡村振兴看变化", "优化营商环境", "今日关注", "特别报道", "热点追踪", "深读",
           "坚持以人民为中心", "全省首个“零碳”示范园区落户", "打好污染防治攻坚战",
           "学习贯彻党的二十大精神", "我为群众办实事", "三夏生产一线见闻", "防汛一线",
           "共同富裕看浙江", "数字赋能 智慧治理", "暑期安全", "聚焦“放管服”改革", "文明创建在行动",
           "一把手谈发展", "新时代 新作为", "开局之年看开局", "稳增长 促发展"]
WEEKDAYS = "一二三四五六日"
GAN, ZHI = "甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉戌亥"
LUNAR_MONTHS = ["正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月",
                "冬月", "腊月"]
LUNAR_DAYS = ["初一", "初二", "初三", "初四", "初五", "初六", "初七", "初八", "初九", "初十",
              "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十",
              "廿一", "廿二", "廿三", "廿四", "廿五", "廿六", "廿七", "廿八", "廿九", "三十"]
CITIES = ["北京", "上海", "广州", "南京", "杭州", "武汉", "成都", "西安", "长沙", "郑州", "济南",
          "福州", "合肥", "天津", "重庆", "昆明", "沈阳", "哈尔滨", "乌鲁木齐", "拉萨"]


def lunar(d: dt.date) -> str:
    """A plausible lunar date line (approximate: the parser must not depend on it)."""
    approx = d - dt.timedelta(days=40)
    year = approx.year
    gz = GAN[(year - 4) % 10] + ZHI[(year - 4) % 12]
    days = (approx - dt.date(approx.year, 1, 1)).days
    return f"农历{gz}年{LUNAR_MONTHS[min(11, days // 30)]}{LUNAR_DAYS[days % 30]}"


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def weekday(d: dt.date, style: int = 0) -> str:
    return ("星期" if style == 0 else "周") + WEEKDAYS[d.weekday()]


# ---------------------------------------------------------------------------
# Line wrapping

_CLOSING = set("，。、；：？！）」』”’》〉…%％") | {"……"}
_OPENING = set("“‘（《「『〈")


def _tokens(text: str, atoms: tuple[str, ...] = ()) -> list[str]:
    """Breakable units: one CJK character, one digit, a Latin word, a space; and `atoms`,
    stretches that must not be broken (two names in a credit: a wrap at the space between
    them would make one name of both)."""
    alt = "".join(re.escape(a) + "|" for a in sorted(atoms, key=len, reverse=True))
    return re.findall(alt + r"——|……|[A-Za-z][A-Za-z'’.\-]*|\s|.", text)


_CREDIT_WORDS = re.compile(r"记者|記者|通讯员|通訊員|实习生|實習生|■|编辑|編輯|[下上]?[转接轉]第?\d")


def tok_width(tok: str) -> float:
    if tok.isspace():
        return 0.5
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" or c in "“”‘’…—" else 0.5 for c in tok)


@dataclass
class Style:
    width: int = 14            # column width in em (CJK characters)
    hang: bool = True          # closing punctuation may overhang instead of starting a line
    justify: float = 0.0       # chance that a short inner line is spread with spaces
    indent: str = ""           # paragraph indent ("　　" or "  ")


def wrap(text: str, style: Style, rng: random.Random, first_indent: str = "",
         atoms: tuple[str, ...] = ()) -> list[str]:
    """Hard-wrap one paragraph at the column width, as a print layout does."""
    atoms = tuple(a for a in atoms if tok_width(a) <= style.width - 2)
    toks = _tokens(text, atoms)
    lines: list[list[str]] = [[]]
    width = style.width - tok_width(first_indent) if first_indent else style.width
    used = 0.0
    i = 0
    while i < len(toks):
        t = toks[i]
        w = tok_width(t)
        cur = lines[-1]
        if t.isspace():
            if not cur:          # a wrap at a space between Latin words drops the space
                i += 1
                continue
            if used + w > width:
                lines.append([])
                used = 0.0
                width = style.width
                i += 1
                continue
        if used + w > width + 1e-9 and cur:
            if t in _CLOSING and style.hang and used + w <= width + 1.01:
                cur.append(t)     # overhang the punctuation mark
                used += w
                i += 1
                continue
            if t in _CLOSING and len(cur) > 1 and not cur[-1].isspace():
                # no mark starts a line: take the last character (and marks after it) down
                moved = []
                while len(cur) > 1 and cur[-1] in _CLOSING:
                    moved.insert(0, cur.pop())
                if len(cur) > 1:
                    moved.insert(0, cur.pop())
                lines.append(moved)
                used = sum(map(tok_width, moved))
                width = style.width
                continue
            # an opening mark does not end a line: move it down
            if cur and cur[-1] in _OPENING and len(cur) > 1:
                moved = cur.pop()
                lines.append([moved])
                used = tok_width(moved)
            else:
                lines.append([])
                used = 0.0
            width = style.width
            continue
        cur.append(t)
        used += w
        i += 1
    def width_of(n: int) -> float:
        return style.width - (tok_width(first_indent) if n == 0 and first_indent else 0)

    out = []
    for n, toks_ in enumerate(lines):
        s = "".join(toks_).rstrip()
        if not s:
            continue
        last = n == len(lines) - 1
        short = sum(map(tok_width, s)) <= width_of(n) - 1
        if (not last and short and style.justify and rng.random() < style.justify * 4
                and not _CREDIT_WORDS.search(s)):
            s = _spread(s, style.width, rng)
        out.append(s)
    if out and first_indent:
        out[0] = first_indent + out[0]
    return out


def wrap_with_end(text: str, end: str, style: Style, rng: random.Random, first_indent: str = "",
                  sep: str = "", atoms: tuple[str, ...] = ()) -> list[str]:
    """Wrap a paragraph and set `end` (a byline, a jump marker) whole at its close: on the
    last line when it fits, else on a line of its own."""
    lines = wrap(text, style, rng, first_indent, atoms)
    if not end:
        return lines
    if lines and sum(map(tok_width, lines[-1])) + tok_width(sep + end) <= style.width + 1:
        lines[-1] += sep + end
    else:
        lines.append(" " * rng.choice([0, 0, 2, 6]) + end.strip())
    return lines


def _spread(line: str, width: int, rng: random.Random) -> str:
    """Justification spaces between characters, as some extractions keep them."""
    chars = list(line)
    if len(chars) < 4:
        return line
    k = rng.randint(1, max(1, min(6, len(chars) // 3)))
    spots = sorted(rng.sample(range(1, len(chars)), min(k, len(chars) - 1)), reverse=True)
    for s in spots:
        if chars[s - 1].isascii() or chars[s].isascii():
            continue
        chars.insert(s, " ")
    return "".join(chars)


# ---------------------------------------------------------------------------
# Articles on a page


@dataclass
class Story:
    title: str
    body: list[str]                 # paragraphs as the reader sees them (credits removed)
    subheads: list[str] = field(default_factory=list)
    kicker: str = ""
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    continued_from: int | None = None
    continued_to: int | None = None
    # how it is printed
    lead: str = ""                  # printed before the first paragraph on its line
    byline_line: str = ""           # a byline on its own line
    byline_where: str = ""          # "under" | "before_body" | "end" | ""
    tail: str = ""                  # appended to the last paragraph on its line
    tail_line: str = ""             # on its own line after the body
    quoted: bool = False            # the first paragraph is a short quoted line
    name_groups: tuple = ()         # "张三 李四": names a wrap must not separate

    def truth(self) -> dict:
        return {"title": self.title, "kicker": self.kicker, "subtitle": self.subtitle,
                "authors": list(self.authors), "continued_from": self.continued_from,
                "continued_to": self.continued_to, "body": "\n".join(self.body),
                "subheads": list(self.subheads)}


class Conv:
    """Simplified or traditional: every printed piece goes through the same converter."""

    def __init__(self, traditional: bool):
        self.traditional = traditional
        self._cc = None
        if traditional:
            import opencc
            self._cc = opencc.OpenCC(traditional if isinstance(traditional, str) else "s2t")

    def __call__(self, text: str) -> str:
        return self._cc.convert(text) if self._cc else text


def byline_forms(rng: random.Random, cv: Conv, d: dt.date, kind: str):
    """Return (authors, printed text, placement) for one credit.

    placement: "lead" (opens the first paragraph), "line" (a line of its own, under the
    headline or after the body), "tail" (closes the last paragraph, in brackets or after ■).
    """
    R = lambda s: cv(s)  # role words and datelines
    n1 = 1 if rng.random() < 0.6 else 2
    reporters = [cv(p) for p in people(rng, n1)]
    helpers = [cv(p) for p in people(rng, 1 if rng.random() < 0.7 else 2)]
    sp = rng.choice([" "] * 14 + ["\u3000"] * 3 + ["、"] * 3)   # between two names
    J = lambda names: sp.join(names)
    city = rng.choice(CITIES)
    md = f"{d.month}月{d.day}日"
    lb, rb = ("（", "）") if rng.random() < 0.8 else ("(", ")")
    forms = {
        # opening the first paragraph
        "bao_xun": (reporters, R("本报讯") + lb + R("记者") + " " + J(reporters) + rb, "lead"),
        "bao_xun_helper": (reporters + helpers,
                           R("本报讯") + lb + R("记者") + " " + J(reporters) + " " + R("通讯员") + " " + J(helpers) + rb, "lead"),
        "bao_xun_helper_first": (helpers + reporters,
                                 R("本报讯") + lb + R("通讯员") + " " + J(helpers) + " " + R("记者") + " " + J(reporters) + rb, "lead"),
        "dateline_ben": (reporters, R(f"本报{city}{md}电") + lb + R("记者") + " " + J(reporters) + rb, "lead"),
        "dateline_xun": (reporters, R(f"本报{md}讯") + lb + R("记者") + " " + J(reporters) + rb, "lead"),
        "xinhua": (reporters, R(f"新华社{city}{md}电") + lb + R("记者") + " " + J(reporters) + rb, "lead"),
        "bracket_xun": (reporters, R("【本报讯】") + "（" + R("记者") + " " + J(reporters) + "）", "lead"),
        "bao_xun_trainee": (reporters, R("本报讯") + lb + R("见习记者") + " " + J(reporters) + rb, "lead"),
        "bao_xun_special": (reporters + helpers, R("本报讯") + lb + R("特约记者") + " " + J(reporters) + " " + R("实习生") + " " + J(helpers) + rb, "lead"),
        "bracket_lead": (reporters, "（" + R("记者") + " " + J(reporters) + "）", "lead"),
        "bracket_lead_helper": (reporters + helpers, "（" + R("记者") + " " + J(reporters) + " " + R("通讯员") + " " + J(helpers) + "）", "lead"),
        "lead_space": (reporters + helpers, R("本报讯") + " " + R("记者") + " " + J(reporters) + " " + R("通讯员") + " " + J(helpers) + " ", "lead"),
        # a line of its own
        "square": (reporters, "■" + R("记者") + rng.choice(["", " "]) + J(reporters), "line"),
        "square_bare": (reporters, "■" + J(reporters), "line"),
        "square_photo": (reporters, "■" + R("记者") + " " + J(reporters) + " " + R("文/摄"), "line"),
        "benbao_line": (reporters, R("本报记者") + " " + J(reporters), "line"),
        "reporters_baodao": (reporters, R("记者") + " " + J(reporters) + " " + R("报道"), "line"),
        "special_helper": (helpers + reporters, R("特约通讯员") + " " + J(helpers) + " " + R("记者") + " " + J(reporters), "line"),
        "intern": (reporters + helpers, R("记者") + " " + J(reporters) + " " + R("实习生") + " " + J(helpers), "line"),
        "wen_tu": (reporters, R("文·图") + " " + J(reporters), "line"),
        "wen_slash_tu": (reporters[:1] + helpers[:1], R("文") + "/" + reporters[0] + " " + R("图") + "/" + helpers[0], "line"),
        "photo_line": (reporters, R("本报记者") + " " + J(reporters) + " " + R("摄"), "line"),
        "reporter_helper_line": (reporters + helpers, R("记者") + " " + J(reporters) + " " + R("通讯员") + " " + J(helpers), "line"),
        "special_envoy": (reporters, R("本报特派记者") + " " + J(reporters), "line"),
        "xinhua_line": (reporters, R("新华社记者") + " " + J(reporters), "line"),
        "reporters_city": (reporters, R("本报记者") + " " + J(reporters) + " " + R(city + "报道"), "line"),
        "trainee_line": (reporters + helpers, R("见习记者") + " " + J(reporters) + " " + R("通讯员") + " " + J(helpers), "line"),
        "box_benbao": (reporters, rng.choice(["□", "◎", "●"]) + R("本报记者") + " " + J(reporters), "line"),
        "wen_benbao_tu": (reporters[:1] + helpers[:1], R("文/本报记者") + " " + reporters[0] + " " + R("图/") + helpers[0], "line"),
        "photo_report": (reporters, R("记者") + " " + J(reporters) + " " + R("摄影报道"), "line"),
        "benbao_helper_line": (helpers + reporters, R("本报通讯员") + " " + J(helpers) + " " + R("记者") + " " + J(reporters), "line"),
        # closing the last paragraph
        "tail_bracket": (reporters, "（" + R("记者") + " " + J(reporters) + "）", "tail"),
        "tail_bracket_helper": (reporters + helpers, "（" + R("记者") + " " + J(reporters) + " " + R("通讯员") + " " + J(helpers) + "）", "tail"),
        "tail_benbao": (reporters, "（" + R("本报记者") + " " + J(reporters) + "）", "tail"),
        "tail_square": (reporters, " ■" + R("记者") + " " + J(reporters), "tail"),
        "tail_square_bare": (reporters, " ■" + J(reporters), "tail"),
    }
    if kind not in forms:
        kind = rng.choice(list(forms))
    groups = tuple(J(g) for g in (reporters, helpers) if len(g) > 1)
    authors, text, placement = forms[kind]
    if rng.random() < 0.2:
        # many papers set the name right after the role: "（记者张三 通讯员李四）"
        text = _ROLE_SPACE.sub(r"\1", text)
    return authors, text, placement, kind, groups


_ROLE_SPACE = re.compile(r"((?:本[报報]|新[华華]社|特约|特約|特派|见习|見習)?(?:记者|記者|通讯员|通訊員|实习生|實習生)) (?=\S)")


def _pick_subheads(rng: random.Random, pool: list[str], paras: list[str]) -> tuple[list[str], list[str]]:
    """Insert 1-3 short unpunctuated sub-heads between paragraphs."""
    if len(paras) < 4:
        return paras, []
    k = min(rng.randint(1, 3), len(paras) // 2)
    spots = sorted(rng.sample(range(1, len(paras)), k))
    out, heads, last = [], [], 0
    for s in spots:
        out.extend(paras[last:s])
        h = _subhead_text(rng, pool, paras[s])
        out.append(h)
        heads.append(h)
        last = s
    out.extend(paras[last:])
    return out, heads


def _subhead_text(rng: random.Random, pool: list[str], following: str) -> str:
    if rng.random() < 0.5:
        # a phrase from inside the section it heads (not its opening words)
        clauses = [c for c in re.split(r"[，。；：？！、]", following)[1:]
                   if 5 <= len(c) <= 14 and not re.search(r"[“”（）《》()A-Za-z]", c)]
        if clauses:
            return rng.choice(clauses)
    return rng.choice(SUBHEADS)


def _quote_opener(rng: random.Random, paras: list[str]) -> str | None:
    """A short line of speech that opens a story ("“同学们，你们知道……？”")."""
    sents = [s for p in paras for s in re.findall(r"(?:^|(?<=[。！？]))([^。！？]{6,24}[。！？])", p)
             if not re.search(r"[“”‘’《》（）()「」A-Za-z:：]", s)]
    if not sents:
        return None
    s = rng.choice(sents)
    return "“" + s + "”"


def make_story(rng: random.Random, src: Source, pool: list[str], cv: Conv, d: dt.date,
               opts: dict) -> Story:
    paras = list(src.paragraphs)
    # a page holds short and long stories; cut at paragraph boundaries
    want = rng.choice([1, 2, 3, 3, 4, 5, 6, 8])
    paras = paras[:max(1, want)]
    while len(paras) > 1 and sum(map(len, paras)) > opts.get("max_chars", 1100):
        paras.pop()
    if len(paras) == 1 and len(paras[0]) > 700:
        cut = paras[0].find("。", 300)
        if cut > 0:
            paras[0] = paras[0][:cut + 1]
    subheads: list[str] = []
    if opts.get("subheads") and rng.random() < 0.55:
        paras, subheads = _pick_subheads(rng, pool, paras)
    quoted = False
    if opts.get("quote_opener") and rng.random() < 0.3:
        q = _quote_opener(rng, paras)
        if q:
            paras.insert(0, q)
            quoted = True
    st = Story(title=src.title, body=paras, subheads=subheads, quoted=quoted)
    if opts.get("kicker") and rng.random() < 0.35:
        k = rng.choice(KICKERS)
        if k and len(k) + 3 <= len(st.title):
            st.kicker = k
    if opts.get("subtitle") and rng.random() < 0.35:
        # most subtitles open with a dash; a plain one (two phrases) never sits under a kicker
        if rng.random() < 0.7 or st.kicker:
            sub = _clause(rng, paras, 6, 22)
            st.subtitle = "——" + sub if sub else ""
        else:
            st.subtitle = _two_clauses(rng, paras) or ""
    # convert every printed piece the same way (traditional pages)
    st.title, st.kicker, st.subtitle = cv(st.title), cv(st.kicker), cv(st.subtitle)
    st.body = [cv(p) for p in st.body]
    st.subheads = [cv(h) for h in st.subheads]
    return st


def _clause(rng: random.Random, paras: list[str], lo: int, hi: int) -> str | None:
    """A phrase of the story (between commas) fit for a kicker or a dash subtitle."""
    found = [c for p in paras for c in re.split(r"[，。；：？！、]", p)
             if lo <= len(c) <= hi and not re.search(r"[“”《》（）()A-Za-z:]|^[\d一二三四五六七八九十]", c)]
    return rng.choice(found) if found else None


def _two_clauses(rng: random.Random, paras: list[str]) -> str | None:
    """A subtitle as papers print them: two phrases, 'X，Y', no closing mark."""
    found = []
    for p in paras:
        for sent in re.findall(r"[^。！？；]+", p):
            parts = sent.split("，")
            for j in range(len(parts) - 1):
                a, b = parts[j], parts[j + 1]
                if (5 <= len(a) <= 16 and 5 <= len(b) <= 16 and not re.search(r"[“”《》（）()：:A-Za-z]", a + b)
                        and not re.match(r"[\d一二三四五六七八九十]", a)):
                    found.append(a + "，" + b)
    return rng.choice(found) if found else None


_DATELINE = re.compile(r"^(【本[报報]讯】|本[报報]讯|本[报報]\S*?[电電讯訊]|新[华華]社\S*?[电電])")


def credit(rng: random.Random, st: Story, cv: Conv, d: dt.date, forms: list[str]) -> None:
    """Credit the story in one of the paper's forms (or not at all)."""
    if not forms or rng.random() < 0.12:
        return
    if st.quoted:
        forms = [f for f in forms if f not in LEAD_FORMS]
        if not forms:
            return
    kind = rng.choice(forms)
    authors, text, placement, kind, groups = byline_forms(rng, cv, d, kind)
    st.authors = authors
    st.name_groups = groups
    if placement == "lead":
        st.lead = text
        # A dateline stays in the body as the reader reads it ("本报讯为深入…"); the credit
        # in brackets does not. The evaluator ignores a leading dateline either way.
        dl = _DATELINE.match(text)
        if dl:
            st.body[0] = dl.group(1) + st.body[0]
    elif placement == "line":
        st.byline_line = text
        # a jumped story's closing credit would be printed on the page it jumps to
        st.byline_where = "under" if st.continued_to is not None else rng.choice(["under", "under", "under", "end"])
    else:
        st.tail = text


# ---------------------------------------------------------------------------
# Page headers


def header(rng: random.Random, cv: Conv, paper: str, d: dt.date, page: int, front: bool,
           form: str) -> tuple[list[str], dict]:
    """The printed header lines and what they state (paper, date, page)."""
    P = cv(paper)
    sec = cv(rng.choice(SECTIONS))
    date_cn = cn_date(d)
    iso = d.isoformat()
    editor = cv(person(rng))
    if front:
        issue = rng.randint(20, 9999)
        total = issue + rng.randint(100, 20000)
        lines = []
        if rng.random() < 0.5:
            lines.append(P)
            if paper in PAPER_EN and rng.random() < 0.6:
                lines.append(PAPER_EN[paper])
        split = rng.random() < 0.5
        if split:
            lines += [f"{d.year}年", f"{d.month}月{d.day}日", cv(weekday(d))]
            if rng.random() < 0.6:
                lines.append(cv(lunar(d)))
        else:
            extra = " " + cv(lunar(d)) if rng.random() < 0.6 else ""
            lines.append(cv(f"{date_cn} {weekday(d)}") + extra)
        lines.append(cv(f"第{issue}期(总第{total}期)") if rng.random() < 0.6 else cv(f"第{total}期"))
        shown_page = None
        if rng.random() < 0.5:
            shown_page = 1
            lines.append(rng.choice(["A1", "第1版", "01", "1版"]) + " " + cv("要闻"))
        lines.append(cv(f"今日{rng.choice([8, 12, 16, 24, 32])}版") if rng.random() < 0.5 else cv(f"本期{rng.choice([4, 8, 12])}版"))
        if not lines[0].startswith(P):
            lines.append(P)
        lines.append(cv(f"国内统一连续出版物号 CN{rng.randint(11, 65)}-{rng.randint(1, 99):04d}"))
        return lines, {"paper": P, "date": iso, "page": shown_page}
    if form == "none":
        return [], {"paper": None, "date": None, "page": None}
    if form == "iso":
        return [iso], {"paper": None, "date": iso, "page": None}
    if form == "iso_page":
        return [f"{iso}  {cv('第')}{page}{cv('版')}"], {"paper": None, "date": iso, "page": page}
    if form == "cn_lunar":
        return [cv(f"{date_cn} {weekday(d)} {lunar(d)}")], {"paper": None, "date": iso, "page": None}
    if form == "multi":
        lines = [cv(date_cn), cv(weekday(d))]
        if rng.random() < 0.5:
            lines = [f"{d.year}" + cv("年"), cv(f"{d.month}月{d.day}日"), cv(weekday(d))]
        lines.append(cv(f"第{page}版"))
        return lines, {"paper": None, "date": iso, "page": page}
    if form == "section_a":
        letter = rng.choice("ABCD")
        lines = [f"{letter}{page} {sec}" if rng.random() < 0.6 else f"{letter}{page:02d} {sec}"]
        if rng.random() < 0.7:
            lines.append(cv(f"{date_cn} {weekday(d)}"))
            return lines, {"paper": None, "date": iso, "page": page}
        return lines, {"paper": None, "date": None, "page": page}
    if form == "di_ban":
        lines = [cv(f"第{page}版") + " " + sec]
        if rng.random() < 0.5:
            lines = [P + "  " + lines[0] + "  " + cv(f"{date_cn}")]
            return lines, {"paper": P, "date": iso, "page": page}
        return lines, {"paper": None, "date": None, "page": page}
    if form == "ban":
        return [cv(f"{page}版")], {"paper": None, "date": None, "page": page}
    if form == "running":
        pg = f"{page:02d}" if rng.random() < 0.5 else str(page)
        parts = [pg, cv(date_cn) + " " + cv(weekday(d)), sec, cv("责任编辑") + " " + editor]
        if rng.random() < 0.5:
            parts.append(cv("美术编辑") + " " + cv(person(rng)))
        if rng.random() < 0.5:
            parts.insert(1, P)
            return ["  ".join(parts)], {"paper": P, "date": iso, "page": page}
        return ["  ".join(parts)], {"paper": None, "date": iso, "page": page}
    if form == "running_two":
        lines = [P + "  " + cv(f"{date_cn} {weekday(d)}"),
                 cv(f"第{page}版") + " " + sec + "  " + cv("责任编辑") + "：" + editor]
        return lines, {"paper": P, "date": iso, "page": page}
    if form == "epaper":
        # an e-paper export: zero-padded date, "第A03版：要闻"
        letter = rng.choice(["", "", "A", "B"])
        padded = f"{d.year}年{d.month:02d}月{d.day:02d}日"
        line = cv(padded) + " " + cv(f"第{letter}{page:02d}版：") + sec
        if rng.random() < 0.4:
            return [P + " " + line], {"paper": P, "date": iso, "page": page}
        return [line], {"paper": None, "date": iso, "page": page}
    if form == "dotted":
        sep = rng.choice([".", "/"])
        ds = f"{d.year}{sep}{d.month:02d}{sep}{d.day:02d}"
        if rng.random() < 0.5:
            return [f"{ds}  " + cv(weekday(d, rng.randint(0, 1))) + f"  {page}"], \
                {"paper": None, "date": iso, "page": page}
        return [ds], {"paper": None, "date": iso, "page": None}
    raise ValueError(form)


HEADER_FORMS = ["none", "iso", "iso_page", "cn_lunar", "multi", "section_a", "di_ban", "ban",
                "running", "running_two", "epaper", "dotted"]

LEAD_FORMS = ["bao_xun", "bracket_xun", "bao_xun_helper", "bao_xun_helper_first", "dateline_ben",
              "dateline_xun", "xinhua", "bracket_lead", "bracket_lead_helper", "lead_space",
              "bao_xun_trainee", "bao_xun_special"]
LINE_FORMS = ["square", "square_bare", "square_photo", "benbao_line", "reporters_baodao",
              "special_helper", "intern", "wen_tu", "wen_slash_tu", "photo_line",
              "reporter_helper_line", "special_envoy", "xinhua_line", "trainee_line", "box_benbao",
              "wen_benbao_tu", "photo_report", "benbao_helper_line", "reporters_city"]
TAIL_FORMS = ["tail_bracket", "tail_bracket_helper", "tail_benbao", "tail_square",
              "tail_square_bare"]

JUMP_TO = ["（下转第{n}版）", "（下转第{n}版）", "下转第{n}版", "转第{n}版", "（转第{n}版）", "（下转{n}版）",
           "▶下转第{n}版", "（下转A{n}版）", "（转A{n}）"]
JUMP_FROM = ["（上接第{n}版）", "（上接第{n}版）", "接第{n}版", "（接第{n}版）", "(上接第{n}版)",
             "（上接▶{n}版）", "（上接A{n}版）", "（紧接A{n}）"]

# Per-story measures, columns wider than 20 em and letter-spaced headlines; --no-extras
# leaves them out to tell their cost from the rest.
EXTRAS = True
WIDTHS: tuple[int, int] | None = None  # --widths: every page's measure drawn from this range

FAMILIES = ["narrow_blank", "narrow_indent", "narrow_flush", "lines", "front_page",
            "continuation", "traditional", "markdown"]


# ---------------------------------------------------------------------------
# Printing a page


def print_headline(rng: random.Random, st: Story, style: Style, narrow: bool, page_opts: dict) -> list[str]:
    out = []
    lead_sp = lambda: " " * rng.choice([0, 0, 0, 1, 2, 4, 8]) if page_opts.get("center") else ""
    if st.kicker:
        out.append(lead_sp() + st.kicker)
    title = st.title
    if page_opts.get("letter_spaced") and len(title) <= 14 and rng.random() < 0.5:
        # a big headline whose extraction spaced its characters ("杨 浦 新 闻")
        out.append(lead_sp() + _letter_space(title, rng))
        if st.subtitle:
            out.append(lead_sp() + st.subtitle)
        return out
    plain_sub = st.subtitle and not st.subtitle.startswith("——")
    if (narrow and page_opts.get("two_line_titles") and len(title) > style.width * 0.9
            and not st.kicker and not plain_sub and rng.random() < 0.7):
        out += [lead_sp() + ln for ln in _split_title(title, style, rng)]
    else:
        out.append(lead_sp() + title)
    if st.subtitle:
        out.append(lead_sp() + st.subtitle)
    return out


def _letter_space(text: str, rng: random.Random) -> str:
    sep = rng.choice([" ", " ", "  ", "\u3000"])
    out = ""
    for i, ch in enumerate(text):
        if i and not (ch.isascii() and text[i - 1].isascii()):
            out += sep
        out += ch
    return out


def _split_title(title: str, style: Style, rng: random.Random) -> list[str]:
    """A long headline set in a narrow column: two (or three) lines, broken at a pause."""
    # at a pause (comma, space, colon, mark) near the middle, when there is one
    best = None
    for i, ch in enumerate(title[:-1]):
        if ch in "，： ？！":
            a, b = title[:i + (0 if ch == " " else 1)].strip(), title[i + 1:].strip()
            if a and b and min(len(a), len(b)) >= 0.6 * max(len(a), len(b)) - 2:
                d = abs(len(a) - len(b))
                if best is None or d < best[0]:
                    best = (d, a, b)
    if best:
        return [best[1], best[2]]
    # else at a word boundary near the middle (a headline is not broken inside a word)
    words = _words(title)
    half = tok_width(title) / 2
    best, acc, best_d = 0, 0.0, 1e9
    for k, w in enumerate(words[:-1]):
        acc += tok_width(w)
        if w[-1:].isdigit() or words[k + 1][:1].isdigit() or words[k + 1][:1] in _CLOSING:
            continue   # never between a number and its unit, nor before a mark
        if abs(acc - half) < best_d:
            best, best_d = k + 1, abs(acc - half)
    a, b = "".join(words[:best]).strip(), "".join(words[best:]).strip()
    while b and b[0] in _CLOSING:
        a, b = a + b[0], b[1:]
    return [a, b] if b else [a]


def _words(text: str) -> list[str]:
    try:
        import jieba  # a project dependency; only headline breaks use it
        jieba.setLogLevel(60)
        return list(jieba.cut(text))
    except Exception:  # pragma: no cover - without jieba, break anywhere
        return list(text)


def markdown_subhead(text: str) -> str:
    """A news site's section head inside a story, as its markdown export writes it: a
    deeper heading, a bold line, or plain text. Chosen by the text, not the page's random
    stream, so pages of a seed keep the rest of their draws."""
    form = zlib.crc32(text.encode("utf-8")) % 4
    return ("## " + text, "### " + text, "**" + text + "**", text)[form]


def print_story(rng: random.Random, st: Story, style: Style, fam: dict) -> tuple[list[str], int]:
    """Lines of one story (headline cluster, byline, body with jump markers), and the index
    of its first body line."""
    lines: list[str] = []
    blank_head = fam["blank_around_head"]
    narrow = fam["wrapped"]
    if fam.get("markdown"):
        if st.kicker:   # a kicker is a smaller heading above the title (as in the seeds)
            lines.append("## " + st.kicker)
            lines.append("")
        lines.append("# " + st.title)
        if st.subtitle:
            lines += ["", "## " + st.subtitle]
    else:
        lines += print_headline(rng, st, style, narrow, fam)
    if blank_head:
        lines.append("")
    if st.byline_line and st.byline_where == "under":
        lines.append(st.byline_line)
        if blank_head or fam.get("markdown"):
            lines.append("")
    body_start = len(lines)
    body_lines: list[list[str]] = []
    n = len(st.body)
    for i, p in enumerate(st.body):
        text = p
        is_sub = p in st.subheads
        if i == 0:
            if st.continued_from is not None:
                text = fam["jump_from"].format(n=st.continued_from) + text
            if st.lead:
                dl = _DATELINE.match(st.lead)
                if dl and text.startswith(dl.group(1)):
                    text = st.lead + (" " if rng.random() < 0.3 and not st.lead.endswith(" ") else "") + text[len(dl.group(1)):]
                else:
                    text = st.lead + text
        end, sep = "", ""
        if i == n - 1:
            if st.tail:
                end = st.tail
            if st.continued_to is not None and fam["jump_inline"]:
                sep = rng.choice([" ", "  ", ""])
                end = end + sep + fam["jump_to"].format(n=st.continued_to)
        if is_sub:
            sub = (" " * rng.choice([0, 0, 2, 4]) if fam.get("center") else "") + p
            if fam.get("markdown"):
                sub = markdown_subhead(p)
            pl = [sub] if not narrow else wrap(p, style, rng)
            body_lines.append(["\x00SUB"] + pl)
        elif narrow:
            body_lines.append(wrap_with_end(text, end, style, rng, style.indent,
                                            atoms=_credit_atoms(st, text) if i == 0 else ()))
        else:
            body_lines.append([(style.indent or "") + text + end])
    if st.continued_to is not None and not fam["jump_inline"]:
        body_lines[-1] = body_lines[-1] + [" " * rng.choice([0, 4, 8]) + fam["jump_to"].format(n=st.continued_to)]
    for k, pl in enumerate(body_lines):
        if pl and pl[0] == "\x00SUB":
            pl = pl[1:]
            if fam["blank_between_paras"] or fam.get("blank_around_sub"):
                if lines and lines[-1] != "":
                    lines.append("")
                lines += pl
                lines.append("")
            else:
                lines += pl
            continue
        lines += pl
        if fam["blank_between_paras"] and k < len(body_lines) - 1:
            lines.append("")
    if st.byline_line and st.byline_where == "end":
        if fam["blank_between_paras"]:
            lines.append("")
        lines.append(st.byline_line)
    return lines, body_start


def _credit_atoms(st: Story, text: str) -> tuple[str, ...]:
    """Unbreakable stretches of an opening credit: runs of names separated by spaces, and
    (when the credit ends with a space, not a bracket) its last name with that space and
    the first character of the text."""
    lead = st.lead
    if not lead:
        return ()
    atoms = list(st.name_groups)
    if lead.endswith(" ") and text.startswith(lead):
        rest = text[len(lead):]
        tail = lead.rstrip().split(" ")[-1]
        for g in st.name_groups:
            if lead.rstrip().endswith(g):
                tail = g
        if rest:
            atoms.append(tail + lead[len(lead.rstrip()):] + rest[0])
    return tuple(atoms)


def column_breaks(rng: random.Random, lines: list[str], marks: list[bool], every: int) -> list[str]:
    """Blank lines where one column ends and the next begins, even mid-paragraph."""
    out, count = [], 0
    for ln, is_body in zip(lines, marks):
        out.append(ln)
        if ln.strip():
            count += 1
        if count >= every and is_body:
            out.append("")
            count = 0
            every = max(8, every + rng.randint(-4, 4))
    return out


def _family_opts(rng: random.Random, family: str) -> dict:
    fam = {
        "family": family, "wrapped": True, "blank_between_paras": False, "blank_around_head": True,
        "indent": "", "center": rng.random() < 0.3, "two_line_titles": True,
        "jump_to": rng.choice(JUMP_TO), "jump_from": rng.choice(JUMP_FROM),
        "jump_inline": rng.random() < 0.6, "column_breaks": False, "markdown": False,
        "traditional": False, "blank_around_sub": rng.random() < 0.5,
        "letter_spaced": rng.random() < 0.12, "per_story_width": rng.random() < 0.35,
    }
    if not EXTRAS:   # the same draws, so pages stay alike apart from these forms
        fam["letter_spaced"] = fam["per_story_width"] = False
    base = family
    if family == "traditional":
        fam["traditional"] = True
        base = rng.choice(["narrow_blank", "narrow_indent", "lines", "front_page", "continuation"])
        fam["base"] = base
    if base in ("narrow_blank", "front_page", "continuation"):
        fam["blank_between_paras"] = base == "narrow_blank" or rng.random() < 0.6
        fam["column_breaks"] = rng.random() < 0.5
        fam["indent"] = "" if fam["blank_between_paras"] or rng.random() < 0.3 else rng.choice(["　　", "  "])
        fam["wrapped"] = base == "narrow_blank" or rng.random() < 0.75
    elif base == "narrow_indent":
        fam["indent"] = rng.choice(["　　", "　　", "  "])
        fam["blank_around_head"] = rng.random() < 0.6
        fam["column_breaks"] = rng.random() < 0.4
    elif base == "narrow_flush":
        fam["blank_around_head"] = rng.random() < 0.8
    elif base == "lines":
        fam["wrapped"] = False
        fam["blank_between_paras"] = rng.random() < 0.5
        fam["indent"] = rng.choice(["", "", "　　", "  "])
        fam["blank_around_head"] = rng.random() < 0.75 or not fam["blank_between_paras"]
    elif base == "markdown":
        fam["wrapped"] = False
        fam["blank_between_paras"] = True
        fam["markdown"] = True
        fam["center"] = False
    return fam


def make_page(rng: random.Random, sources: list[Source], pool: list[str], family: str) -> tuple[str, dict]:
    fam = _family_opts(rng, family)
    base = fam.get("base", family)
    cv = Conv(rng.choice(["s2t", "s2t", "s2tw", "s2hk"]) if fam["traditional"] else False)
    d = dt.date(rng.randint(2016, 2025), rng.randint(1, 12), rng.randint(1, 28))
    paper = rng.choice(PAPERS)
    front = base == "front_page"
    page = 1 if front else rng.randint(2, 24)
    # most columns are 10-20 em; a few extractions keep wider lines
    width = rng.randint(10, 20) if rng.random() < 0.9 else rng.randint(21, 34)
    if not EXTRAS:
        width = min(width, 20)
    if WIDTHS:
        width = rng.randint(*WIDTHS)
    style = Style(width=width, hang=rng.random() < 0.8,
                  justify=rng.choice([0.0, 0.0, 0.05, 0.15]), indent=fam["indent"])
    if front:
        hform = "front"
    elif base == "markdown":
        hform = rng.choice(["none", "iso", "running", "di_ban"])
    else:
        hform = rng.choice(HEADER_FORMS)
    head_lines, meta = header(rng, cv, paper, d, page, front, hform)

    # which byline forms this paper uses: one or two house styles, sometimes a mix
    all_forms = LEAD_FORMS + LINE_FORMS + TAIL_FORMS
    house = rng.sample(all_forms, rng.choice([1, 2, 2, 3, 5]))
    n_stories = rng.randint(2, 6) if base != "lines" else rng.randint(3, 7)
    pick_from = sources
    if base == "markdown":
        # "# 标题 副题" on one heading line reads as title and subtitle: no spaced titles here
        pick_from = [src for src in sources if " " not in src.title]
    chosen = rng.sample(pick_from, n_stories)
    story_opts = {"subheads": rng.random() < 0.5, "quote_opener": rng.random() < 0.3,
                  "kicker": rng.random() < 0.5, "subtitle": rng.random() < 0.5,
                  "max_chars": rng.choice([500, 800, 1100, 1500])}
    stories = [make_story(rng, s, pool, cv, d, story_opts) for s in chosen]
    for st in stories:
        forms = house
        if front and rng.random() < 0.6 and _truncate_for_jump(rng, st):
            st.continued_to = rng.choice([2, 3, 4, 5, 8])
            # the credit of a jumped story is printed before its body
            forms = [f for f in house if f not in TAIL_FORMS] or LEAD_FORMS
        if base == "continuation" and rng.random() < 0.6 and _cut_head_for_jump(rng, st):
            st.continued_from = 1 if rng.random() < 0.8 else rng.randint(2, max(2, page - 1))
            # the second part of a story carries no dateline; its credit closes it
            forms = [f for f in house if f not in LEAD_FORMS] or TAIL_FORMS
        credit(rng, st, cv, d, forms)
    fam["jump_to"] = cv(fam["jump_to"])
    fam["jump_from"] = cv(fam["jump_from"])

    # assemble
    lines: list[str] = []
    marks: list[bool] = []
    # some extractions put the running head at the foot of the page
    footer = head_lines if (head_lines and not front and hform != "multi" and rng.random() < 0.15) else []
    if not footer:
        for ln in head_lines:
            lines.append(ln)
            marks.append(False)
        if head_lines:
            lines.append("")
            marks.append(False)
            if rng.random() < 0.4:
                lines.append("")
                marks.append(False)
    for k, st in enumerate(stories):
        story_style = style
        if fam.get("per_story_width") and fam["wrapped"]:
            # stories on one page are set at different measures
            story_style = Style(width=max(9, min(24, style.width + rng.randint(-4, 4))),
                                hang=style.hang, justify=style.justify, indent=style.indent)
        sl, body_start = print_story(rng, st, story_style, fam)
        for j, ln in enumerate(sl):
            lines.append(ln)
            marks.append(j >= body_start)
        if k < len(stories) - 1:
            gap = rng.choice([1, 1, 1, 2]) if (fam["blank_around_head"] or fam["blank_between_paras"]) else rng.choice([0, 1, 1])
            if fam.get("markdown"):
                gap = max(gap, 1)
            for _ in range(gap):
                lines.append("")
                marks.append(False)
    if fam["column_breaks"] and fam["wrapped"]:
        lines = column_breaks(rng, lines, marks, rng.randint(14, 40))
    if footer:
        lines += ["", ""] + footer
    elif not front and rng.random() < 0.2:
        # the page's production credits: editors are not the stories' authors
        roles = rng.sample(["本版编辑", "责任编辑", "美术编辑", "校对", "版式设计", "本版责编", "组版"], 2)
        sep = rng.choice(["：", " ", "/"])
        lines += ["", "  ".join(cv(r) + sep + cv(person(rng)) for r in roles)]
    # no run of blank lines longer than 3; no trailing spaces on empty lines
    text = "\n".join(lines)
    text = re.sub(r"\n{5,}", "\n\n\n\n", text).strip("\n") + "\n"
    if rng.random() < 0.25:
        text = "\n\n" + text
    truth = {"paper": meta["paper"], "date": meta["date"], "page": meta["page"],
             "layout": family, "articles": [st.truth() for st in stories]}
    return text, truth


def _truncate_for_jump(rng: random.Random, st: Story) -> bool:
    """A front-page story stops mid-sentence and jumps to an inside page."""
    last = st.body[-1]
    if st.body[-1] in st.subheads:
        return False
    if len(last) > 30:
        cut = rng.randint(len(last) // 3, len(last) - 8)
        # stop after a comma when there is one near: papers break at a pause
        m = last.rfind("，", 0, cut + 1)
        if m > 10:
            cut = m + 1
        st.body[-1] = last[:cut]
    return True


def _cut_head_for_jump(rng: random.Random, st: Story) -> bool:
    """An inside-page part starts where the front page left off, often mid-sentence."""
    if st.body[0] in st.subheads or len(st.body[0]) < 30 or st.body[0].startswith("“"):
        return False
    first = st.body[0]
    cut = rng.randint(8, len(first) // 2)
    m = first.find("，", cut)
    if 0 < m < len(first) - 10:
        cut = m + 1
    st.body[0] = first[cut:]
    st.kicker = ""
    return True


def write_page(out: Path, name: str, text: str, truth: dict, encoding: str) -> None:
    data = text.encode(encoding)
    (out / f"{name}.txt").write_bytes(data)
    (out / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--pages", type=int, default=80)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus", type=Path, default=Path("/work/corpus"))
    ap.add_argument("--families", default=",".join(FAMILIES),
                    help="comma-separated subset of: " + ", ".join(FAMILIES))
    ap.add_argument("--gbk", type=float, default=0.08, help="share of pages written in GBK")
    ap.add_argument("--no-extras", action="store_true",
                    help="no per-story measures, columns over 20 em or letter-spaced headlines")
    ap.add_argument("--widths", default="", help="column widths LO-HI in em for every page (e.g. 10-12)")
    a = ap.parse_args(argv)
    global EXTRAS, WIDTHS
    EXTRAS = not a.no_extras
    WIDTHS = tuple(int(w) for w in a.widths.split("-")) if a.widths else None
    rng = random.Random(a.seed)
    sources = load_corpus(a.corpus, rng)
    if len(sources) < 50:
        print(f"only {len(sources)} usable articles in {a.corpus}", file=sys.stderr)
        return 2
    pool = [s.title for s in sources if len(s.title) <= 16]
    families = [f for f in a.families.split(",") if f]
    a.out.mkdir(parents=True, exist_ok=True)
    for i in range(a.pages):
        family = families[i % len(families)]
        prng = random.Random(f"{a.seed}:{i}")
        text, truth = make_page(prng, sources, pool, family)
        encoding = "utf-8"
        if prng.random() < a.gbk:
            try:
                text.encode("gbk")
                encoding = "gbk"
            except UnicodeEncodeError:
                pass
        write_page(a.out, f"{i:03d}_{family}", text, truth, encoding)
    print(f"wrote {a.pages} pages to {a.out} ({len(sources)} source articles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
