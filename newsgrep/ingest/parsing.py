"""Cut one decoded newspaper page into the articles an editor would see on it.

Pages come from print layouts: narrow hard-wrapped columns, one paragraph per line, or a
plain "title, blank line, body" export. We find the masthead, headlines (with kicker and
subtitle), bylines and jump markers, join hard wraps, and return `Article`s in page order.
Everything here is a pure function of the text; nothing raises on odd input.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from newsgrep.models import Article

__all__ = ["parse_page", "clean_text", "parse_byline", "parse_masthead"]


# ---------------------------------------------------------------------------
# Text cleaning


_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0\u2002-\u200b]+")
_ASCII_WORD = re.compile(r"[0-9A-Za-z%.+\-/&'$#@]")


def _keep_space(before: str, after: str) -> bool:
    """A space survives only between two Latin/digit tokens ("Jonathan Mitchell")."""
    return bool(_ASCII_WORD.match(before)) and bool(_ASCII_WORD.match(after))


def clean_text(text: str) -> str:
    """Collapse layout spacing: drop spaces next to Chinese, keep one between Latin words."""
    def fix(m: re.Match) -> str:
        s, e = m.start(), m.end()
        if s == 0 or e == len(text):
            return ""
        return " " if _keep_space(text[s - 1], text[e]) else ""
    return _SPACE_RUN.sub(fix, text).strip()


def _join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines of one paragraph; a wrap between Latin words keeps a space."""
    out = ""
    for line in lines:
        line = clean_text(line)
        if not line:
            continue
        if out and _keep_space(out[-1], line[0]) and out[-1].isalpha() and line[0].isalpha():
            out += " "
        out += line
    return out


def _width(line: str) -> float:
    """Printed width in em: Chinese characters 1, ASCII 0.5. Long lines are only 'long'."""
    s = line.strip()
    if len(s) > 80:
        return float(len(s))
    return len(s) - 0.5 * sum(1 for c in s if c < "\u1100")


# ---------------------------------------------------------------------------
# Line-level patterns


_TERMINAL = "。！？!?；;…"
_CLOSERS = "”’」』）)》〉】\"'"
_CONTINUING = "，,、：:—-（(“「《"
_OPENER = re.compile(r"^本报(?:讯|记者)")
_OPENER_AUTHORS = re.compile(
    r"^(本报讯)\s*[(（]\s*((?:记者|通讯员|实习生|见习记者|特约记者|本报记者)[^()（）]{1,40})[)）]")
_JUMP_TO = re.compile(r"[(（]\s*(?:下转|转)\s*(?:第\s*)?[▶►>]?\s*(\d{1,3})\s*版\s*[)）]")
_JUMP_FROM = re.compile(r"^\s*[(（]\s*(?:上接|接)\s*(?:第\s*)?[▶►>]?\s*(\d{1,3})\s*版\s*[)）]")
_NOTE = re.compile(r"^(?:编者按|编者的话|编辑手记)\s*[:：]")
_BYLINE_LINE = re.compile(r"^[■□▲●◆]")
_TRAILING_BYLINE = re.compile(r"\s[■□][^■□]{1,30}$")
_MARKDOWN = re.compile(r"^(#{1,6})\s+(.*)$")
_BANNER = re.compile(r"(?:专栏|专刊|特刊)$|^第[一二三四五六七八九十百零〇\d]{1,6}期$")
_ROLES = re.compile(r"^(?:本报|特约|见习|首席)?(?:记者|通讯员|实习生|摄影记者|编辑|撰稿)")
_TAILS = re.compile(r"(?:文/摄|文/图|图/文|摄影|摄|文|图|报道|整理)$")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$|^[A-Za-z][A-Za-z .'-]{1,30}$")


def _ends_sentence(text: str) -> bool:
    """True when the text ends a sentence (closing quotes and brackets looked through)."""
    t = text.rstrip().rstrip(_CLOSERS)
    return bool(t) and t[-1] in _TERMINAL


def _ends_open(text: str) -> bool:
    """True when the text visibly continues: a trailing comma, dash, opening quote."""
    t = text.rstrip()
    return bool(t) and t[-1] in _CONTINUING


def parse_byline(text: str) -> tuple[str, ...]:
    """Names in a byline: '■记者 汤顺佳 文/摄' -> ('汤顺佳',); '■封辰霏 宗禾' -> both.

    Returns () when what follows the mark does not look like names (a truncated '■记者 陈').
    """
    body = text.strip().lstrip("■□▲●◆").strip()
    names: list[str] = []
    for token in re.split(r"[\s、,，;；]+", body):
        token = token.strip("()（）")
        if _TAILS.fullmatch(token):
            continue
        token = _TAILS.sub("", _ROLES.sub("", token)) if len(token) > 4 else _ROLES.sub("", token)
        if not token:
            continue
        if not _NAME.match(token):
            return ()
        names.append(token)
    return tuple(names)


def _split_trailing_byline(text: str) -> tuple[str, tuple[str, ...]]:
    """'等特色活动。 ■记者 汤顺佳 文/摄' -> ('等特色活动。', ('汤顺佳',))."""
    m = _TRAILING_BYLINE.search(text)
    if not m:
        return text, ()
    names = parse_byline(m.group())
    return (text[:m.start()].rstrip(), names) if names else (text, ())


# ---------------------------------------------------------------------------
# Masthead


_T2S = str.maketrans("楊時報區東聞華書號門長寧靜陽灣閔匯滙興國經濟軍鄉鎮發勞動農廣電視臺龍虹島",
                     "杨时报区东闻华书号门长宁静阳湾闵汇汇兴国经济军乡镇发劳动农广电视台龙虹岛")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISSUE = re.compile(r"第\s*(\d{1,6})\s*期")
_MAST_NOISE = re.compile(
    r"^(?:星期[一二三四五六日天]|农历|本期\s*\d+\s*版|[A-Z][A-Z .]{3,}$|.*(?:准印证|新闻热线|出版|网址|E-mail|邮编))")
_PAPER = re.compile(r"^[\u4e00-\u9fff]{2,8}[报報]$")


@dataclass(frozen=True)
class Masthead:
    """What a front-page masthead states, and how many leading lines it used."""

    paper: str | None = None
    date: str | None = None
    issue: int | None = None
    page: int | None = None
    lines_used: int = 0


def parse_masthead(lines: list[str]) -> Masthead:
    """Read a masthead from the top of a page; a page without one gives an empty Masthead.

    The masthead must open the page and show at least two of: paper name, date, issue,
    noise lines (weekday, licence); a masthead means this is the front page.
    """
    paper = date = issue = None
    signals, last, head = 0, 0, ""
    for i, raw in enumerate(lines[:40]):
        line = _MARKDOWN.sub(r"\2", raw.strip())
        if not line:
            continue
        head = (head + line)[-40:]
        m = _DATE.search(head)
        found = False
        if m and date is None:
            date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            found = True
        if _ISSUE.search(line) and issue is None and len(line) < 30:
            issue = int(_ISSUE.search(line).group(1))
            found = True
        elif _PAPER.match(line) and paper is None:
            paper = line.translate(_T2S)
            found = True
        elif _MAST_NOISE.match(line) or (re.fullmatch(r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日", line)):
            found = True
        if not found:
            break
        signals += 1
        last = i + 1
    if signals < 2 or (paper is None and date is None):
        return Masthead()
    return Masthead(paper, date, issue, 1, last)


# ---------------------------------------------------------------------------
# Units: the page as a sequence of headlines, paragraphs and bylines


@dataclass
class Unit:
    """One layout element of the page, in reading order."""

    kind: str                      # "head", "para", "byline", "banner"
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

    @property
    def explicit(self) -> bool:
        """A paragraph that can only open an article (本报讯, 上接, 编者按)."""
        return self.kind == "para" and (self.opener or self.note or self.jump_from is not None)


def _para_unit(lines: list[str], gap: int = 0) -> list[Unit]:
    """Turn the lines of one paragraph into a para unit (plus a byline that trailed it)."""
    last, names = _split_trailing_byline(lines[-1])
    text = _join_lines(lines[:-1] + [last])
    unit = Unit("para", gap=gap)
    m = _JUMP_FROM.match(text)
    if m:
        unit.jump_from = int(m.group(1))
        text = text[m.end():]
    m = _JUMP_TO.search(text)
    if m:
        unit.jump_to = int(m.group(1))
        text = (text[:m.start()] + text[m.end():]).strip()
    m = _OPENER_AUTHORS.match(text)
    if m:
        unit.authors = parse_byline(m.group(2))
        text = m.group(1) + text[m.end():]
    unit.opener = bool(_OPENER.match(text))
    unit.note = bool(_NOTE.match(text))
    unit.text = clean_text(text)
    units = [unit] if unit.text or unit.jump_to or unit.jump_from else []
    if names:
        units.append(Unit("byline", authors=names, inline_byline=True))
    return units


def _starts_explicitly(line: str) -> bool:
    s = line.strip()
    return bool(_OPENER.match(s) or _JUMP_FROM.match(s) or _NOTE.match(s)
                or _BYLINE_LINE.match(s) or _MARKDOWN.match(s))


def _special_unit(line: str, gap: int) -> Unit | None:
    """Bylines, banners and markdown headings stand alone whatever the layout."""
    s = line.strip()
    if _BYLINE_LINE.match(s):
        return Unit("byline", authors=parse_byline(s), gap=gap)
    m = _MARKDOWN.match(s)
    if m:
        text = m.group(2).strip()
        if _is_slogan(text):
            return Unit("banner", text=text, gap=gap)
        return Unit("head", groups=[[text]], markdown=True, gap=gap)
    if _BANNER.search(clean_text(s)) and _width(s) <= 20:
        return Unit("banner", text=s, gap=gap)
    return None


def _is_slogan(text: str) -> bool:
    """'学思想 强党性 重实践 建新功': three or more short chunks is a banner, not a title."""
    chunks = text.split()
    return len(chunks) >= 3 and all(len(c) <= 5 for c in chunks)


def _numbered(lines: list[str]) -> list[tuple[int, str]]:
    """Non-blank lines with the count of blank lines before each."""
    out, gap = [], 0
    for line in lines:
        if line.strip():
            out.append((gap, line))
            gap = 0
        else:
            gap += 1
    return out


def _column_width(lines: list[str]) -> float:
    widths = sorted(_width(l) for l in lines if l.strip() and _width(l) <= 24)
    if not widths:
        return 16.0
    return widths[int(len(widths) * 0.8)]


def _column_units(lines: list[str]) -> list[Unit]:
    """Hard-wrapped narrow columns: join lines into paragraphs, find headline runs.

    A paragraph ends on a sentence end that is followed by a blank line or falls short of
    the column; a blank line after an unfinished line is layout, not a break. A run of
    lines with no sentence end that is followed by an article start is a headline run.
    """
    width = _column_width(lines)
    items = _numbered(lines)
    units: list[Unit] = []
    buf: list[tuple[int, str]] = []

    def flush(next_explicit: bool) -> None:
        if not buf:
            return
        texts = [l for _, l in buf]
        joined = _join_lines(texts)
        if next_explicit and not _ends_sentence(joined) and not _JUMP_TO.search(joined) \
                and not _TRAILING_BYLINE.search(texts[-1]):
            units.append(Unit("head", groups=_head_groups(buf), gap=buf[0][0]))
        else:
            if len(texts) > 1 and _is_subhead(texts[0], width):
                units.append(Unit("head", groups=[[texts[0]]], gap=buf[0][0], subhead=True))
                texts = texts[1:]
            units.extend(_para_unit(texts, buf[0][0]))
        buf.clear()

    for idx, (gap, line) in enumerate(items):
        special = _special_unit(line, gap)
        if special or _starts_explicitly(line):
            flush(True)
            if special:
                units.append(special)
                continue
        buf.append((gap, line))
        nxt = items[idx + 1] if idx + 1 < len(items) else None
        if _line_ends_paragraph(line, nxt, width):
            flush(nxt is None or _starts_explicitly(nxt[1]))
    flush(True)
    return units


def _line_ends_paragraph(line: str, nxt: tuple[int, str] | None, width: float) -> bool:
    if _JUMP_TO.search(line) or _TRAILING_BYLINE.search(line):
        return True
    if not _ends_sentence(line):
        return False
    return nxt is None or nxt[0] > 0 or _width(line) < width - 1.5


def _is_subhead(line: str, width: float) -> bool:
    """A short unpunctuated first line of a paragraph is a sub-head ('把数据放进“安全屋”')."""
    s = line.strip()
    t = s.rstrip(_CLOSERS)
    return bool(t) and t[-1] not in _TERMINAL + _CONTINUING and _width(s) < 0.72 * width


def _head_groups(buf: list[tuple[int, str]]) -> list[list[str]]:
    """Split a headline run into headline groups at blank lines and indented lines."""
    groups: list[list[str]] = []
    for gap, line in buf:
        if not groups or gap > 0 or line[:1] in " \u3000":
            groups.append([])
        groups[-1].append(line.strip())
    return groups


def _joins_next(line: str) -> bool:
    """In one-paragraph-per-line pages, does this line break off mid-sentence?"""
    s = line.strip()
    if _ends_sentence(s) or _JUMP_TO.search(s) or _TRAILING_BYLINE.search(s):
        return False
    if _ends_open(s):
        return True
    return _width(s) > 24 or bool(re.search(r"[，,、。；;：:]", s))


def _line_units(lines: list[str]) -> list[Unit]:
    """One paragraph per line; blank lines in mid-sentence are joined over."""
    items = _numbered(lines)
    units: list[Unit] = []
    i = 0
    while i < len(items):
        gap, line = items[i]
        special = _special_unit(line, gap)
        if special:
            units.append(special)
            i += 1
            continue
        parts = [line]
        while _joins_next(parts[-1]) and i + 1 < len(items) and not _starts_explicitly(items[i + 1][1]) \
                and not _special_unit(items[i + 1][1], 0):
            i += 1
            parts.append(items[i][1])
        i += 1
        text = _join_lines(parts)
        if len(parts) == 1 and _is_headline_line(text):
            prev = units[-1] if units else None
            if prev and prev.kind == "head" and not prev.markdown and gap <= 1:
                prev.groups[0].append(line.strip())
            else:
                units.append(Unit("head", groups=[[line.strip()]], gap=gap))
        else:
            units.extend(_para_unit(parts, gap))
    return units


def _is_headline_line(text: str) -> bool:
    return (0 < _width(text) <= 40 and not _ends_sentence(text) and not _ends_open(text)
            and not _starts_explicitly(text) and not _JUMP_TO.search(text))


# ---------------------------------------------------------------------------
# Headlines


def _split_heading(text: str) -> list[str]:
    """'# 标题,助力… 副题…' holds title and subtitle; '上海城市数字化转型 体验周…' is one title."""
    parts = text.split()
    if len(parts) == 2 and all(len(p) >= 10 for p in parts):
        return [clean_text(p) for p in parts]
    return [clean_text(text)]


def _is_wrap(first: str, second: str, narrow: bool) -> bool:
    """Two lines of one title wrapped in a narrow column ('三明三元区党政代表团/一行来…')."""
    return narrow and not second.startswith("——") and _width(second) <= _width(first) + 2 \
        and _width(first) <= 16


@dataclass(frozen=True)
class Headline:
    """A headline as printed: kicker (引题), title, subtitle (副题), and a signed author."""

    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    authors: tuple[str, ...] = ()


def _headline(lines: list[str], narrow: bool, markdown: bool) -> Headline:
    """Kicker, title, subtitle from the raw lines of one headline group."""
    raw = [l.strip() for l in lines if l.strip()]
    lines = [clean_text(l) for l in raw]
    if markdown and len(lines) == 1:
        lines = _split_heading(raw[0])
        if len(lines) == 2:
            return Headline("", lines[0], lines[1])
    merged: list[str] = []
    for line in lines:
        if merged and _is_wrap(merged[-1], line, narrow):
            merged[-1] += line
        else:
            merged.append(line)
    subtitle, authors = "", ()
    if len(merged) >= 2 and merged[-1].startswith("——"):
        subtitle = merged.pop()
        authors = _dash_author(raw[-1])
    if not merged:
        return Headline("", subtitle, "", authors)
    if len(merged) == 1:
        return Headline("", merged[0], subtitle, authors)
    if subtitle:
        return Headline(merged[-2], merged[-1], subtitle, authors)
    if len(merged) >= 3:
        return Headline(merged[-3], merged[-2], merged[-1])
    first, second = merged
    if re.search(r"[，,]", second) or second.startswith("——"):
        return Headline("", first, second)
    return Headline(first, second, "")


def _dash_author(line: str) -> tuple[str, ...]:
    """'——定海路街道党工委书记 李颖' names the author of a signed piece: the last word."""
    m = re.search(r"\s([\u4e00-\u9fff·]{2,4})$", line)
    return (m.group(1),) if m else ()


# ---------------------------------------------------------------------------
# Assembling articles


@dataclass
class _Draft:
    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    paras: list[str] = field(default_factory=list)
    body_count: int = 0
    subheads: set[int] = field(default_factory=set)
    continued_from: int | None = None
    continued_to: int | None = None
    closed: bool = False

    def apply(self, head: Headline) -> None:
        self.kicker, self.title, self.subtitle = head.kicker, head.title, head.subtitle
        self.add_authors(head.authors)

    def add_authors(self, names) -> None:
        for n in names:
            if n not in self.authors:
                self.authors.append(n)

    def finish(self) -> Article:
        return Article(title=self.title, body="\n".join(p for p in self.paras if p),
                       kicker=self.kicker, subtitle=self.subtitle, authors=tuple(self.authors),
                       continued_from=self.continued_from, continued_to=self.continued_to)


def _byline_convention(units: list[Unit]) -> str:
    """'before' when this page prints standalone bylines under the headline, else 'after'."""
    before = after = 0
    for i, u in enumerate(units):
        if u.kind != "byline" or u.inline_byline or not u.authors or i == 0:
            continue
        if units[i - 1].kind == "head":
            before += 1
        elif units[i - 1].kind == "para" and not units[i - 1].note:
            after += 1
    return "before" if before > after else "after"


def _page_uses_explicit_starts(units: list[Unit]) -> bool:
    """Do headlines on this page sit on a 本报讯/byline/上接? Then a bare one is a sub-head."""
    heads = explicit = 0
    for i, u in enumerate(units[:-1]):
        if u.kind == "head" and not u.markdown:
            heads += 1
            nxt = units[i + 1]
            explicit += nxt.kind == "byline" or nxt.explicit or nxt.kind == "head"
    return heads > 0 and explicit >= 0.5 * heads


def _assemble(units: list[Unit], narrow: bool) -> list[Article]:
    drafts: list[_Draft] = []
    clusters: list[Headline] = []
    convention = _byline_convention(units)
    explicit_page = _page_uses_explicit_starts(units)
    cur: _Draft | None = None
    after_banner = False

    def start() -> _Draft:
        d = _Draft()
        drafts.append(d)
        return d

    for i, u in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        if u.kind == "banner":
            after_banner = True
            if cur:
                cur.closed = True
            continue
        if u.kind == "head":
            if narrow and len(u.groups) >= 2:
                clusters.extend(_headline(g, narrow, u.markdown) for g in u.groups)
                if cur:
                    cur.closed = True
                continue
            lines = u.groups[0]
            if after_banner and u.markdown and len(lines) > 1:
                lines = lines[-1:]
            is_title = cur is None or cur.closed or not u.subhead and (
                u.markdown or after_banner or u.gap >= 2 or len(lines) > 1 or not explicit_page
                or (nxt is not None and (nxt.kind == "byline" or nxt.explicit)))
            if not is_title:
                cur.subheads.add(len(cur.paras))
                cur.paras.append(_join_lines(lines))
                continue
            if cur is not None and not cur.paras and not cur.title and not cur.authors:
                drafts.remove(cur)
            cur = start()
            cur.apply(_headline(lines, narrow, u.markdown))
            after_banner = False
            continue
        after_banner = False
        if u.kind == "byline":
            if not u.authors:
                continue
            if cur is not None and cur.body_count == 0 and not cur.closed:
                cur.add_authors(u.authors)
            elif u.inline_byline and cur is not None:
                cur.add_authors(u.authors)
                cur.closed = True
            elif cur is not None and not cur.closed and cur.paras and _ends_sentence(cur.paras[-1]) \
                    and not (convention == "before" and nxt is not None and nxt.kind == "para"):
                cur.add_authors(u.authors)
                cur.closed = True
            elif nxt is not None and nxt.kind == "para":
                cur = start()
                cur.add_authors(u.authors)
            continue
        # a paragraph
        if cur is None or cur.closed or (u.explicit and cur.body_count > 0):
            cur = start()
        if u.jump_from is not None and cur.continued_from is None:
            cur.continued_from = u.jump_from
        cur.add_authors(u.authors)
        if u.text:
            cur.paras.append(u.text)
        if not u.note:
            cur.body_count += 1
        if u.jump_to is not None:
            cur.continued_to = u.jump_to
            cur.closed = True
    _match_clusters(drafts, clusters)
    _reattach_strays(drafts)
    return [d.finish() for d in drafts if d.paras]


def _similarity(part: str, whole: str) -> float:
    """Share of the character pairs of `part` that also occur in `whole`."""
    pb = _bigrams(part)
    return len(pb & _bigrams(whole)) / (len(pb) or 1)


def _reattach_strays(drafts: list[_Draft]) -> None:
    """Move a misplaced column back to the article that breaks off mid-sentence.

    Text extraction sometimes files the last column of an article under its neighbour
    ('…打造成为' ends one story; '上海科技创新中心核心功能承载区。' opens a stray block
    elsewhere). Such a block shows itself by a sub-head (and maybe one short sentence just
    before it); if it reads more like the unfinished story than like its host, it moves.
    """
    for target in drafts:
        if not target.paras or target.continued_to or _ends_sentence(target.paras[-1]):
            continue
        whole = target.title + "".join(target.paras)
        best = None
        for host in drafts:
            if host is target or len(host.paras) < 3:
                continue
            for k in _stray_starts(host):
                tail = "".join(host.paras[k:])
                gain = _similarity(tail, whole) - _similarity(tail, host.title + "".join(host.paras[:k]))
                if gain > 0.1 and (best is None or gain > best[0] + 0.02):
                    best = (gain, host, k)
        if best:
            _, host, k = best
            target.paras[-1] += host.paras[k]
            target.paras.extend(host.paras[k + 1:])
            del host.paras[k:]


def _stray_starts(host: _Draft) -> list[int]:
    """Where a misplaced block could begin inside `host`: at a sub-head, or one short
    sentence before it; never at the first paragraph."""
    starts = []
    for k in sorted(host.subheads):
        if k >= 2 and len(host.paras[k - 1]) <= 20 and _ends_sentence(host.paras[k - 2]):
            starts.append(k - 1)
        if k >= 1 and _ends_sentence(host.paras[k - 1]):
            starts.append(k)
    return starts


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\w]", "", text)
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


def _match_clusters(drafts: list[_Draft], heads: list[Headline]) -> None:
    """Give headlines printed together to the untitled bodies they share the most words with."""
    untitled = [d for d in drafts if not d.title and d.paras]
    pairs = []
    for hi, head in enumerate(heads):
        hb = _bigrams(head.kicker + head.title + head.subtitle)
        for di, d in enumerate(untitled):
            score = len(hb & _bigrams("".join(d.paras))) / (len(hb) or 1)
            pairs.append((score, hi, di))
    used_h, used_d = set(), set()
    for score, hi, di in sorted(pairs, reverse=True):
        if score <= 0.05 or hi in used_h or di in used_d:
            continue
        used_h.add(hi)
        used_d.add(di)
        untitled[di].apply(heads[hi])


# ---------------------------------------------------------------------------
# Plain export: title, blank line, body, blank line


def _plain_articles(lines: list[str]) -> list[Article] | None:
    """Articles of a plain export, or None when the page is not one.

    Such a page is a run of fields, title and body in turn, each stripped and followed by
    one empty line. It has none of a print page's furniture, so the layout alone says where
    an article starts: nothing inside a body (本报讯, a short line, a numbered list) does.
    """
    stories = _plain_stories(_plain_fields(_trim_blank_ends(lines)))
    if not _looks_plain(stories):
        return None
    return [_plain_article(title, body) for title, body in stories if title or body]


def _trim_blank_ends(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def _plain_fields(lines: list[str]) -> list[list[str]]:
    """Cut the page at field separators; each field is a list of lines (maybe none).

    The exporter strips every field, so a separator is a run of empty lines with text flush
    against both sides, and 2k-1 empty lines are k separators (empty fields between).
    A blank line with whitespace beside it, or an even run, can only lie inside a body; so
    does a line of spaces or tabs, which is body text, not a break.
    """
    fields: list[list[str]] = [[]]
    i = 0
    while i < len(lines):
        if lines[i]:
            fields[-1].append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and not lines[j]:
            j += 1
        if _is_separator(lines, i, j):
            fields.extend([] for _ in range((j - i + 1) // 2))
        else:
            fields[-1].extend(lines[i:j])
        i = j
    return fields


def _is_separator(lines: list[str], start: int, end: int) -> bool:
    """Are the empty lines lines[start:end] a field separator? (See _plain_fields.)"""
    if start == 0 or end == len(lines) or (end - start) % 2 == 0:
        return False
    return not lines[start - 1][-1].isspace() and not lines[end][0].isspace()


def _plain_stories(fields: list[list[str]]) -> list[tuple[list[str], list[str]]]:
    """Pair fields as (title lines, body lines).

    A title is one line: a longer field where a title is due is more of the body before it,
    cut off by a blank line the separator test could not tell apart (or, at the top of the
    page, a body without a title).
    """
    stories: list[tuple[list[str], list[str]]] = []
    expect_title = True
    for field_lines in fields:
        if expect_title and len(field_lines) > 1:
            if not stories:
                stories.append(([], []))
            stories[-1][1].extend(field_lines)
        elif expect_title:
            stories.append((field_lines, []))
            expect_title = False
        else:
            stories[-1][1].extend(field_lines)
            expect_title = True
    return stories


def _looks_plain(stories: list[tuple[list[str], list[str]]]) -> bool:
    """Do most title fields read as titles, with no byline set apart as a field of its own?

    A print page with paragraphs set apart by blank lines alternates too, but there every
    other 'title' is a full paragraph, and bylines stand between blank lines.
    """
    titles = [title for title, _ in stories if title]
    good = sum(_reads_as_title(t) for t in titles)
    if len(titles) < 2 or good < 0.8 * len(titles):
        return False
    return not any(len(f) == 1 and _is_byline(f[0]) for story in stories for f in story)


def _reads_as_title(field_lines: list[str]) -> bool:
    """One short line that ends no sentence and is no byline or jump marker."""
    if len(field_lines) != 1:
        return False
    line = field_lines[0].strip()
    return (_width(line) <= 60 and not line.endswith("。") and not _JUMP_TO.search(line)
            and not line.startswith(("■", "□")))


def _is_byline(line: str) -> bool:
    """'■记者 陈涛'; not '▲图为现场', a caption bullet that web copy uses too."""
    return line.lstrip().startswith(("■", "□")) and bool(parse_byline(line))


def _plain_article(title: list[str], body: list[str]) -> Article:
    """One story of a plain export: each body line is a paragraph."""
    units = [u for line in body if line.strip() for u in _para_unit([line])]
    authors: list[str] = []
    for name in (n for u in units for n in u.authors):
        if name not in authors:
            authors.append(name)
    jumps_from = [u.jump_from for u in units if u.jump_from is not None]
    jumps_to = [u.jump_to for u in units if u.jump_to is not None]
    return Article(title=clean_text(title[0]) if title else "",
                   body="\n".join(u.text for u in units if u.kind == "para" and u.text),
                   authors=tuple(authors),
                   continued_from=jumps_from[0] if jumps_from else None,
                   continued_to=jumps_to[-1] if jumps_to else None)


# ---------------------------------------------------------------------------
# Entry point


def _layout(lines: list[str]) -> str:
    """'column' for hard-wrapped narrow columns: most lines fill the same short width."""
    widths = sorted(_width(l) for l in lines if l.strip())
    if len(widths) < 6 or widths[len(widths) // 2] > 20:
        return "line"
    full = _column_width(lines)
    filled = sum(1 for w in widths if full - 2.5 <= w <= full + 1)
    return "column" if filled >= 0.5 * len(widths) else "line"


def parse_page(text: str) -> list[Article]:
    """Split one decoded page into its articles, in page order.

    Never raises: a page we cannot make sense of yields what could be read, or [].
    """
    try:
        return _parse(text)
    except Exception:  # a parser bug must not stop indexing the rest of an archive
        return []


def _parse(text: str) -> list[Article]:
    # Plain exports are told by their exact blank lines, so keep trailing spaces until then.
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    mast = parse_masthead(raw)
    raw = raw[mast.lines_used:]
    articles = None if mast.lines_used else _plain_articles(raw)
    if articles is None:
        lines = [l.rstrip() for l in raw]
        narrow = _layout(lines) == "column"
        units = _column_units(lines) if narrow else _line_units(lines)
        articles = _assemble(units, narrow=narrow)
    meta = {k: v for k, v in (("paper", mast.paper), ("date", mast.date),
                              ("issue", mast.issue), ("page", mast.page)) if v is not None}
    return [replace(a, **meta) for a in articles] if meta else articles
