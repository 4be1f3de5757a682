"""Field-tagged archive records: a database export prints each article as labelled fields.

    【引题】奋进新征程        标题：…
    【标题】…                作者：本报记者 张三
    【作者】本报记者 张三      正文：
    【正文】                  　　hard-wrapped body…
    　　hard-wrapped body…

The labels say what each line is, so no layout evidence is needed: a page that has a
title field and a body field is read here, record by record; any other page is left to
the layout readers. Header fields (报纸名称, 出版日期, 版次) may stand anywhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsgrep.ingest.parsing.bylines import parse_byline, parse_credit
from newsgrep.ingest.parsing.cleanup import clean_text, ends_open, ends_sentence, simplified, width
from newsgrep.ingest.parsing.header import parse_masthead
from newsgrep.ingest.parsing.markers import is_jump_line, jump_from, jump_to, split_title_jump
from newsgrep.ingest.parsing.measures import indents_paragraphs, is_indented
from newsgrep.ingest.parsing.units import column_width, line_ends_paragraph, numbered, para_units
from newsgrep.models import Article

# What each label names, as archives spell it. One table: detection and reading both use it.
FIELDS = {
    "kicker": ("引题", "肩题", "眉题"),
    "title": ("标题", "题名", "题目", "篇名", "主题", "正题"),
    "subtitle": ("副题", "副标题", "子标题"),
    "authors": ("作者", "责任者", "记者", "署名"),
    "body": ("正文", "全文", "内容"),
    "header": ("报纸名称", "报纸", "报名", "刊名", "出版日期", "日期", "版次", "版面", "版号", "版名", "期号",
               "栏目", "专栏", "来源", "媒体"),
}
_KIND = {label: kind for kind, labels in FIELDS.items() for label in labels}
_NAMES = "|".join(sorted(_KIND, key=len, reverse=True))
# '【标题】…' anywhere a label opens the line; 'label：…' only flush left, colon required.
_FIELD = re.compile(rf"^\s*【\s*({_NAMES})\s*】\s*(.*)$|^({_NAMES})\s*[:：]\s*(.*)$")
_SEPARATOR = re.compile(r"^\s*(?:[-=_*─━—]{3,}|[-=*]\s*){1,}\s*$")
_TITLE_KINDS = ("kicker", "title")


def field_line(line: str) -> tuple[str, str, str] | None:
    """(kind, label, value) of a labelled line ('【作者】本报记者 张三'), else None."""
    m = _FIELD.match(simplified(line.rstrip()))
    if m is None:
        return None
    label = m.group(1) or m.group(3)
    at = m.start(2) if m.group(1) else m.start(4)
    return _KIND[label], label, line.rstrip()[at:].strip()


def is_record_page(lines: list[str]) -> bool:
    """A page of labelled records: it labels a title and a body (a stray '标题：' in a
    story is one label, not a form)."""
    kinds = {f[0] for f in map(field_line, lines) if f}
    return "title" in kinds and "body" in kinds


@dataclass
class _Record:
    fields: dict[str, list[str]] = field(default_factory=dict)  # kind → its lines
    header: list[str] = field(default_factory=list)             # header field lines

    def starts_over(self, kind: str) -> bool:
        """A headline field after the record's title or body begins the next record."""
        have = self.fields.keys()
        return kind in _TITLE_KINDS and ("body" in have or "title" in have
                                        or (kind == "kicker" and "kicker" in have))


def record_articles(lines: list[str]) -> tuple[list[str], list[Article]] | None:
    """(the page's header lines, its articles) when the page is made of labelled records,
    else None: the page is left to the layout readers."""
    if not is_record_page(lines):
        return None
    header: list[str] = []
    records: list[_Record] = []
    current: list[str] | None = None
    for line in lines:
        f = field_line(line)
        if f is None:
            if _SEPARATOR.match(line):
                current = None
            elif current is not None:
                current.append(line)
            elif line.strip():
                header.append(line)  # before any record: the slash header, a section word
            continue
        kind, label, value = f
        if kind == "header":
            # Before the first record: the page's; after a record's end: the next record's.
            if records and current is None and records[-1].fields:
                records.append(_Record())
            (records[-1].header if records else header).append(f"【{label}】{value}")
            current = None
            continue
        if not records or records[-1].starts_over(kind) or current is None and kind in _TITLE_KINDS \
                and records[-1].fields:
            records.append(_Record())
        current = records[-1].fields.setdefault(kind, [])
        if value:
            current.append(value if kind != "body" else line[line.index(value):])
    return header, [a for a in map(_article, records) if a is not None]


def _article(record: _Record) -> Article | None:
    f = record.fields
    title = _joined(f.get("title", []))
    paragraphs, authors, jumps = _body(f.get("body", []))
    if not title and not paragraphs:
        return None
    title, title_from = _title_jump(title)
    names = _authors(" ".join(l.strip() for l in f.get("authors", []))) or authors
    meta = parse_masthead(record.header) if record.header else None
    extra = {k: getattr(meta, k) for k in ("paper", "date", "issue", "page")
             if meta is not None and getattr(meta, k) is not None}
    return Article(title=title, body="\n".join(paragraphs), kicker=_joined(f.get("kicker", [])),
                   subtitle=_joined(f.get("subtitle", [])), authors=names,
                   continued_from=jumps[0] if jumps[0] is not None else title_from,
                   continued_to=jumps[1], **extra)


def _title_jump(title: str) -> tuple[str, int | None]:
    """'城市更新让老街焕发新活力（上接第1版）': the title, and the page it continues from."""
    split = split_title_jump([title]) if title else []
    if len(split) != 2:
        return title, None
    return clean_text(split[0]), jump_from(split[1])[0]


def _joined(lines: list[str]) -> str:
    return "".join(clean_text(l) for l in lines if l.strip())


def _authors(value: str) -> tuple[str, ...]:
    """Names in an author field: the byline grammar first ('本报记者 张三 李四', '记者 X 通讯员 Y');
    the field itself vouches for bare names the grammar would not take alone ('廖彤 乌兰图雅')."""
    if not value:
        return ()
    names = parse_credit(value) or parse_byline(value)
    if names:
        return names
    tokens = [t for t in re.split(r"[\s、，,;；/／|｜]+", value) if t]
    found: list[str] = []
    for token in tokens:
        found.extend(parse_byline(token) or ((token,) if _looks_named(token) else ()))
    return tuple(dict.fromkeys(found))


def _looks_named(token: str) -> bool:
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,5}|[\u4e00-\u9fff]{1,6}[·・][\u4e00-\u9fff·・]{1,12}"
                             r"|[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,3}", token))


def _body(lines: list[str]) -> tuple[list[str], tuple[str, ...], tuple[int | None, int | None]]:
    """The body field's paragraphs, a credit it prints, and its jumps (from, to)."""
    items = numbered(lines)
    column = column_width([l for _, l in items])
    # A body field that opens indented marks its paragraphs so, however few it has.
    indents = bool(items) and (indents_paragraphs(items) or is_indented(items[0][1]))
    paragraphs: list[str] = []
    authors: tuple[str, ...] = ()
    jumps: list[int | None] = [None, None]
    for group in _paragraph_lines(items, column, indents):
        for unit in para_units(group):
            if unit.kind == "byline":
                authors = authors or unit.authors
                continue
            authors = authors or unit.authors
            if unit.jump_from is not None and jumps[0] is None and not paragraphs:
                jumps[0] = unit.jump_from
            if unit.jump_to is not None:
                jumps[1] = unit.jump_to
            if unit.text:
                paragraphs.append(unit.text)
    return paragraphs, authors, (jumps[0], jumps[1])


def _paragraph_lines(items: list[tuple[int, str]], column: float, indents: bool) -> list[list[str]]:
    """Group the body's lines into paragraphs. On a body that indents, a paragraph starts
    at an indented line (a line short of the column is no end there: digits print narrow);
    otherwise where the column reader ends one. Either way a blank line or a jump ends
    one, and a short unpunctuated line between paragraphs is a sub-head of its own."""
    groups: list[list[str]] = []
    ended = True
    for n, (gap, line) in enumerate(items):
        nxt = items[n + 1] if n + 1 < len(items) else None
        head = (ended or ends_sentence(items[n - 1][1])) and _subhead(line, column, nxt, indents)
        if ended or gap > 0 or head or (indents and is_indented(line)) or is_jump_line(line):
            groups.append([])
        groups[-1].append(line)
        if indents:
            ended = jump_to(line.rstrip()) is not None
        else:
            ended = line_ends_paragraph(line, nxt, column, [(0, l) for l in groups[-1]])
        ended = ended or head or is_jump_line(line)
    return groups


def _subhead(line: str, column: float, nxt: tuple[int, str] | None, indents: bool) -> bool:
    """A short line opening a paragraph that neither ends a sentence nor runs on: a
    paragraph's first line fills the column, so this one stands alone ('让老百姓得实惠')."""
    s = line.strip()
    if not s or ends_sentence(s) or ends_open(s) or re.search(r"[。；;，,]", s) or width(s) > 24:
        return False
    if indents:
        return not is_indented(line) and (nxt is None or nxt[0] > 0 or is_indented(nxt[1]))
    return width(s) < column - 2
