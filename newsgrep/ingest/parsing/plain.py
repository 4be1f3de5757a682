"""The plain export layout: 'title, blank line, body, blank line', one story after another.

Told apart from a print page by its exact blank lines and its lack of print furniture;
in it, only the layout says where a story starts.
"""
from __future__ import annotations

from newsgrep.ingest.parsing.bylines import byline_line
from newsgrep.ingest.parsing.cleanup import clean_text, ends_sentence, simplified, width
from newsgrep.ingest.parsing.markers import CONTACT_LINE, MARKDOWN, NUMBERED, PAGE_CREDIT, has_jump_to
from newsgrep.ingest.parsing.units import para_units
from newsgrep.models import Article

# A newspaper column holds eight characters or more; shorter runs of lines are lists.
MIN_COLUMN = 8



def plain_articles(lines: list[str]) -> list[Article] | None:
    """Articles of a plain export, or None when the page is not one.

    Such a page is a run of fields, title and body in turn, each stripped and followed by
    one empty line. It has none of a print page's furniture, so the layout alone says where
    an article starts: nothing inside a body (本报讯, a short line, a numbered list) does.
    """
    lines = _without_contact_ends(_trim_blank_ends(lines))
    stories = _plain_stories(_plain_fields(lines))
    if not _looks_plain(stories) or _lone_credit_line(lines):
        return None
    return [_plain_article(title, body) for title, body in stories if title or body]


def _without_contact_ends(lines: list[str]) -> list[str]:
    """The page without the newsroom's contact lines at its top or foot ('投稿邮箱：…'):
    furniture, no story's title."""
    while lines and CONTACT_LINE.fullmatch(simplified(lines[-1].strip())):
        lines = _trim_blank_ends(lines[:-1])
    while lines and CONTACT_LINE.fullmatch(simplified(lines[0].strip())):
        lines = _trim_blank_ends(lines[1:])
    return lines


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
    """Do most title fields read as titles, with no byline set apart as a field of its own
    or heading a body, and no body set in narrow columns?

    A print page with paragraphs set apart by blank lines alternates too, but there every
    other 'title' is a full paragraph, and bylines stand between blank lines; a page whose
    indented paragraphs hide the separators opens its bodies with a credit line.
    """
    titles = [title for title, _ in stories if title]
    good = sum(_reads_as_title(t) for t in titles)
    if len(titles) < 2 or good < 0.8 * len(titles) or _hard_wrapped([b for _, b in stories]):
        return False
    if sum(1 for story in stories for f in story for l in f[:1] if MARKDOWN.match(l)) >= 2:
        return False  # markdown headings: a markdown export, read by its marks
    # Evidence of print layout must be the page's habit, not one story's quirk: web copy
    # can open a body with '记者 | 肖芳' or hold a lone '（责任编辑：冯虎）'.
    credit_heads = sum(1 for _, body in stories if body and _is_byline(body[0])
                       and not body[0].lstrip().startswith(("■", "□")))
    habit = max(2, 0.25 * len(stories))
    # A reporter's credit standing alone between blank lines is print layout.
    # (A production note, '（责任编辑：冯虎）', is web copy's too.)
    lone_credit = any(len(f) == 1 and _is_byline(f[0])
                      and not PAGE_CREDIT.match(f[0].strip().strip("（()）"))
                      for story in stories for f in story)
    return credit_heads < habit and not lone_credit



def _lone_credit_line(lines: list[str]) -> bool:
    """A reporter's credit set flush between blank lines ('本报记者　严兴凯　何嘉东'), even
    where the line after it is indented, so that the blank line is no field separator: print
    layout. (Web copy keeps a credit inside its body, indented like the body's lines.)"""
    return any(not above.strip() and not below.strip() and line == line.strip() and _is_byline(line)
               and not PAGE_CREDIT.match(line.strip().strip("（()）"))
               for above, line, below in zip(lines, lines[1:], lines[2:]))


def _hard_wrapped(bodies: list[list[str]]) -> bool:
    """Bodies set in narrow columns: many lines short, cut off mid-sentence, and as wide
    as one another (the column's measure). An export writes one paragraph per line, so its
    body lines end sentences or run long; web copy's short lines (lists, captions) vary."""
    lines = sum(1 for b in bodies for l in b if l.strip())
    cut = sorted(width(l) for b in bodies for l, n in zip(b, b[1:]) if l.strip() and n.strip()
                 and width(l) <= 30 and not ends_sentence(l))
    if lines < 4 or len(cut) < 0.4 * lines:
        return False
    measure = cut[len(cut) // 2]
    return measure >= MIN_COLUMN and \
        sum(1 for w in cut if measure - 2 <= w <= measure + 1) >= 0.6 * len(cut)


def _reads_as_title(field_lines: list[str]) -> bool:
    """One short line that ends no sentence and is no byline, jump marker or numbered
    sub-head ('（一）完善设施建设')."""
    if len(field_lines) != 1:
        return False
    line = field_lines[0].strip()
    return (width(line) <= 60 and not line.endswith("。") and not has_jump_to(line)
            and not line.startswith(("■", "□")) and not NUMBERED.match(line))


def _is_byline(line: str) -> bool:
    """'■记者 陈涛', '本报记者 张三'; not '▲图为现场', a caption bullet web copy uses too."""
    return byline_line(line) is not None


def _plain_article(title: list[str], body: list[str]) -> Article:
    """One story of a plain export: each body line is a paragraph."""
    units = [u for line in body if line.strip() for u in para_units([line])]
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
