"""Marks a page prints around stories: jump references, editor's notes, banners, markdown.

Jumps are read in all their printed forms: '（下转第2版）', '下转第2版', '（转第4版）', '（紧转第9版）',
'（上接第1版）', '接第1版', '续第1版', '(上接▶1版)', '◀上接第15版', '(上接A8版)', traditional 轉/接,
with or without brackets or arrows ('▲接第1版', '转第4版▶'), alone on a line or at a headline's end.
"""
from __future__ import annotations

import re

from newsgrep.ingest.parsing.cleanup import simplified

# '第4版', '4版', 'A4版', 'A4' (a lettered page needs no 版), '第二版'.
_PAGE_NO = (r"(?:第\s*)?[▶►>→]?\s*(?:[A-Ha-h]\s*(\d{1,2})(?:\s*版)?|(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:版|页|面))")
# Arrows and marks printed before or after a jump: '▲接第1版', '▶转第4版', '转第4版▶'.
_MARK = r"[▶►◀◄←→▲△▼▽☞◆■●]"
JUMP_FROM = re.compile(rf"^\s*[(（【]?\s*{_MARK}?\s*(?:上接|紧接|续接|接|承|上承|续)\s*{_PAGE_NO}\s*{_MARK}?\s*[)）】]?")
# A jump to a later page ends the paragraph: 下转/转 anywhere at the end of a line.
_JUMP_TO_AT_END = re.compile(rf"[(（【]?\s*{_MARK}?\s*(?:下转|紧转|续转|转至|转到|转)\s*{_PAGE_NO}\s*{_MARK}?\s*[)）】]?\s*$")
# Production credits of the page, not of a story: '本版编辑：张三  校对：李四'.
PAGE_CREDIT = re.compile(r"^\s*(?:(?:本版|本期)?(?:责任|美术|图片|文字)?编辑|美编|校对|版式|组版|照排|审读)\s*[:：]")
# How to reach the newsroom, a line of its own in a page's head or foot ('投稿邮箱：
# smxw@163.com  新闻热线：83300000'): page furniture, never a story's title or text.
_CONTACT_FIELD = (r"(?:投稿|来稿|报料|新闻|广告|发行|订阅|读者)?(?:邮箱|信箱|热线|电话|微信(?:公众号)?|微博|传真|QQ)"
                  r"\s*[:：]\s*[\w.@\-]+")
CONTACT_LINE = re.compile(rf"\s*(?:{_CONTACT_FIELD}\s*)+")
NOTE = re.compile(r"^(?:编者按|编者的话|编辑手记|编后)\s*[:：]")
# A numbered sub-head's number: '一、', '（二）', '3.'.
NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．])")
MARKDOWN = re.compile(r"^(#{1,6})\s+(.*)$")
# A whole line (or heading) in bold or underline: '**记者 马光 报道**', '## **标题**'.
_EMPHASIS = re.compile(r"^(\s*(?:#{1,6}\s+)?)(\*\*|__)(?!\s)(.+?)(?<!\s)\2\s*$")
BANNER = re.compile(r"(?:专栏|专刊|特刊)$|^第[一二三四五六七八九十百零〇\d]{1,6}期$")

_CN = {c: i for i, c in enumerate("〇一二三四五六七八九")}


def _page(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(ones, 0) if ones else 0)
    return _CN.get(text, 0)


def jump_to(text: str) -> tuple[int, int, int] | None:
    """(page, start, end) of a '下转第N版' at the end of the text, else None."""
    m = _JUMP_TO_AT_END.search(simplified(text))
    return (_page(m.group(1) or m.group(2)), m.start(), m.end()) if m else None


def jump_from(text: str) -> tuple[int, int] | None:
    """(page, end) of a '上接第N版' opening the text, else None."""
    m = JUMP_FROM.match(simplified(text))
    return (_page(m.group(1) or m.group(2)), m.end()) if m else None


def unwrap_emphasis(line: str) -> str:
    """A markdown export sets credits and headings in bold ('**本报记者 张三**'): the marks
    are no text, and would hide the credit or heading from every rule."""
    m = _EMPHASIS.match(line)
    return m.group(1) + m.group(3) if m else line


# Markdown's own marks around text a reader sees: a quote's '>', a list's bullet, a link's
# brackets and address, inline bold; a rule ('---') or an image is no text at all.
_MD_HEADING = re.compile(r"^#{1,6}\s+[^#\s].*[\u4e00-\u9fff]")  # flush left, words in it (not noise)
_MD_LEAD = re.compile(r"^(\s*)(?:>\s?)+|^(\s*)[-*+]\s+(?=\S)")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:https?://|/|\.)[^)\s]*\)")
_MD_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def strip_markdown(lines: list[str]) -> list[str]:
    """On a markdown export (it has '#' headings), the text a reader sees: no quote or
    list marks, links as their words, no rules or images, no inline bold. Other pages are
    left as they are: a print page's '-' or '>' is its own text."""
    if not any(_MD_HEADING.match(l) for l in lines):
        return lines
    out = []
    for line in lines:
        if _MD_RULE.match(line):
            out.append("")
            continue
        line = _MD_LINK.sub(r"\1", _MD_LEAD.sub(lambda m: m.group(1) or m.group(2) or "", line))
        out.append(unwrap_emphasis(line) if _EMPHASIS.match(line) else _MD_BOLD.sub(r"\2", line))
    return out


# A headline that prints where it comes from at its end: '城市更新让老街焕发新活力（上接第1版）'.
_TITLE_JUMP_FROM = re.compile(rf"^(\S.{{3,40}}?)\s*([(（【]\s*{_MARK}?\s*(?:上接|紧接|续接|接|续)\s*{_PAGE_NO}\s*[)）】])\s*$")


def split_title_jump(lines: list[str]) -> list[str]:
    """Put a jump printed at a headline's end on a line of its own under the headline."""
    out: list[str] = []
    for line in lines:
        m = _TITLE_JUMP_FROM.match(simplified(line.strip())) if line.strip() else None
        if m and not re.search(r"[。；;，,]", m.group(1)):
            out.extend([line[:len(line) - len(line.lstrip())] + line.strip()[:m.end(1)], m.group(2)])
        else:
            out.append(line)
    return out


def is_jump_line(text: str) -> bool:
    """Is the line a jump marker and nothing else ('转第4版', '▲接第1版', '（下转第2版）')?"""
    s = simplified(text.strip())
    to = _JUMP_TO_AT_END.search(s)
    frm = JUMP_FROM.match(s)
    return bool(s) and ((to is not None and to.start() == 0) or (frm is not None and frm.end() == len(s)))


def has_jump_to(text: str) -> bool:
    return jump_to(text.rstrip()) is not None
