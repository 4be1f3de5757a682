"""Regions → articles: each text block goes to the headline that heads it on the page.

A story's headline stands above its text, so a block belongs to the nearest headline stack
above it that overlaps it across (a vertical headline beside its text heads it from the
side; one set left of its columns, from the left). A headline may span fewer columns than
its text: a block no headline heads goes with the column level with it on its left, else
with the block right above it. A stack set well smaller than a headline above it, inside
one column under that story's text, is a sub-head of that story, not a headline. Blocks
are read column by column (left to right, each top to bottom); a paragraph ends where the
next line is indented, or where a line falls short of its column at a sentence's end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsgrep.ingest.parsing.bylines import (byline_line, page_credit, parse_credit,
                                             split_opener_credit, split_trailing_credit)
from newsgrep.ingest.parsing.cleanup import clean_text, ends_sentence, join_lines
from newsgrep.ingest.parsing.markers import is_jump_line, jump_from, jump_to
from newsgrep.ingest.parsing.units import AUTHOR_NOTE
from newsgrep.ingest.pdf.lines import Line
from newsgrep.ingest.pdf.regions import DECK_RATIO, Block, Regions, Stack
from newsgrep.models import Article

SUBHEAD_RATIO = 0.62   # a sub-head's type against its story's headline, at most
_NOTE_AT_END = re.compile(AUTHOR_NOTE.pattern + r"\s*$")


@dataclass
class Story:
    stack: Stack | None
    blocks: list[Block] = field(default_factory=list)
    decks: list[Line] = field(default_factory=list)   # short lines between headline and text


def read_stories(regions: Regions) -> tuple[list[Article], list[Line]]:
    """The page's articles in reading order, and the text lines no article took."""
    stacks, blocks = _demote_subheads(regions)
    stories = {id(s): Story(s) for s in stacks}
    owners = _owners(blocks, stacks, regions.body_size)
    orphans: list[Block] = []
    for block in blocks:
        owner = owners.get(id(block))
        (stories[id(owner)].blocks if owner is not None else orphans).append(block)
    ordered = sorted(stories.values(), key=lambda s: _reading_key(s.stack.x0, s.stack.top, regions))
    articles, left = [], [l for b in orphans for l in b.lines]
    for story in ordered:
        if not story.blocks:
            left.extend(story.stack.lines)
            continue
        _take_decks(story, regions.body_size)
        articles.append(build_article(story, regions))
    return articles, left


def _reading_key(x0: float, top: float, regions: Regions) -> tuple[float, float]:
    return (round(top / (regions.body_size * 6)), x0)


def _demote_subheads(regions: Regions) -> tuple[list[Stack], list[Block]]:
    """Stacks that are sub-heads inside a story become blocks of their own."""
    stacks, blocks = list(regions.stacks), list(regions.blocks)
    for s in sorted(regions.stacks, key=lambda s: s.top):
        if _is_subhead(s, stacks, blocks, regions.body_size):
            stacks.remove(s)
            blocks.append(Block(list(s.lines)))
    blocks.sort(key=lambda b: (b.top, b.x0))
    return stacks, blocks


def _is_subhead(s: Stack, stacks: list[Stack], blocks: list[Block], body: float) -> bool:
    if s.vertical:
        return False
    cx = (s.x0 + s.x1) / 2
    above = [h for h in stacks if h is not s and h.bottom <= s.top and _overlap(h.x0, h.x1, s.x0, s.x1) > 0]
    if not above or s.size > SUBHEAD_RATIO * max(above, key=lambda h: h.bottom).size:
        return False
    # inside one column, right under that column's text (a banner runs across columns)
    return any(b.x0 - body <= cx <= b.x1 + body and 0 <= s.top - b.bottom < 3 * body
               and s.x1 - s.x0 <= (b.x1 - b.x0) + 2 * body for b in blocks)


def _owners(blocks: list[Block], stacks: list[Stack], body: float) -> dict[int, Stack]:
    """Each block's headline. A block no headline heads belongs with its neighbours: the
    column beside it on its left that starts level with it (a headline often spans fewer
    columns than its story), else the block right above it in its column (a column
    running on below a vertical headline, or past a picture)."""
    owners = {id(b): o for b in blocks if (o := _owner(b, stacks, body)) is not None}
    changed = True
    while changed:
        changed = False
        for block in sorted(blocks, key=lambda b: (b.top, b.x0)):
            if id(block) not in owners:
                neighbour = _level_left(block, blocks, owners, body) or _right_above(block, blocks, owners, body)
                if neighbour is not None:
                    owners[id(block)] = owners[id(neighbour)]
                    changed = True
    return owners


def _level_left(block: Block, blocks: list[Block], owners: dict, body: float) -> Block | None:
    level = [b for b in blocks if id(b) in owners and abs(b.top - block.top) < 1.5 * body
             and b.x1 <= block.x0 + body and block.x0 - b.x1 < 4 * body]
    return max(level, key=lambda b: b.x1) if level else None


def _right_above(block: Block, blocks: list[Block], owners: dict, body: float) -> Block | None:
    above = [b for b in blocks if id(b) in owners and 0 <= block.top - b.bottom < 3 * body
             and _overlap(b.x0, b.x1, block.x0, block.x1) > 0.5 * min(b.x1 - b.x0, block.x1 - block.x0)]
    return max(above, key=lambda b: b.bottom) if above else None


def _owner(block: Block, stacks: list[Stack], body: float) -> Stack | None:
    """The headline heading a block: a vertical one right beside it, else one above it,
    else one level with it on its left."""
    return (_beside(block, stacks, body) or _above(block, stacks, body)
            or _on_the_left(block, stacks, body))


def _gap_across(s: Stack, block: Block) -> float:
    return min(abs(s.x0 - block.x1), abs(block.x0 - s.x1))


def _beside(block: Block, stacks: list[Stack], body: float) -> Stack | None:
    beside = [s for s in stacks if s.vertical and s.top < block.bottom and s.bottom > block.top - 3 * body
              and _gap_across(s, block) < 6 * body]
    return min(beside, key=lambda s: _gap_across(s, block)) if beside else None


def _above(block: Block, stacks: list[Stack], body: float) -> Stack | None:
    """The nearest headline above that overlaps the block across; but a headline that ends
    just short of the block, right above it and well below that one, has opened a story
    in between (a headline often spans fewer columns than its text)."""
    above = [s for s in stacks if not s.vertical and s.bottom <= block.top + 0.5 * body]
    over = [s for s in above
            if _overlap(s.x0, s.x1, block.x0, block.x1) > 0.25 * min(s.x1 - s.x0, block.x1 - block.x0)]
    near = [s for s in above if s not in over and _overlap(s.x0, s.x1, block.x0, block.x1) > -2 * body
            and block.top - s.bottom < 5 * body]
    best = max(over, key=lambda s: s.bottom) if over else None
    closer = max(near, key=lambda s: s.bottom) if near else None
    if closer is not None and (best is None or closer.bottom > best.bottom + 2 * body):
        return closer
    return best


def _on_the_left(block: Block, stacks: list[Stack], body: float) -> Stack | None:
    """A headline set at the left of its story's columns, level with their top."""
    left = [s for s in stacks if not s.vertical and s.x1 <= block.x0 + body
            and abs(s.top - block.top) < 3 * body and block.x0 - s.x1 < 4 * body]
    return max(left, key=lambda s: s.x1) if left else None


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _take_decks(story: Story, body: float) -> None:
    """Short lines right under the headline, above the text's columns: subtitle, credit."""
    stack = story.stack
    for block in sorted(story.blocks, key=lambda b: b.top):
        if stack.vertical or block.top - stack.bottom > 6 * body or len(block.lines) > 2:
            break
        if any(l.x1 - l.x0 > 0.8 * (stack.x1 - stack.x0) + body for l in block.lines):
            break
        if len(story.blocks) > 1:
            story.decks.extend(block.lines)
            story.blocks.remove(block)


def build_article(story: Story, regions: Regions) -> Article:
    title, kicker, subtitle, authors = _headline(story.stack, story.decks, regions.body_size)
    paragraphs = _paragraphs(_column_order(story.blocks, regions.body_size), regions)
    paragraphs, credited, continued_from, continued_to = _furniture_out(paragraphs)
    authors.extend(credited)
    return Article(title=title, body="\n".join(paragraphs), kicker=kicker, subtitle=subtitle,
                   authors=tuple(dict.fromkeys(authors)), continued_from=continued_from,
                   continued_to=continued_to)


def _headline(stack: Stack, decks: list[Line], body: float) -> tuple[str, str, str, list[str]]:
    """Title: the stack's largest lines; kicker above them, subtitle below (and a dashed or
    larger-than-body deck line); a name set smaller in the stack or under it is a credit."""
    biggest = max(l.size for l in stack.lines)
    main = [l for l in stack.lines if l.size >= 0.85 * biggest]
    title = "".join(clean_text(l.text) for l in _read_order(main))
    top, bottom = min(l.top for l in main), max(l.bottom for l in main)
    kicker, sub, names = [], [], []
    for line in [l for l in stack.lines if l not in main] + decks:
        text = clean_text(line.text)
        credit = byline_line(text) or parse_credit(text, bare_ok=True)
        if credit:
            names.extend(credit)
        elif line in stack.lines and not stack.vertical and line.bottom <= top + 1:
            kicker.append(text)
        elif line in stack.lines or text.startswith(("——", "—", "--")) or line.size >= DECK_RATIO * body:
            sub.append(text)
    return title, "".join(kicker), "".join(sub), names


def _read_order(lines: list[Line]) -> list[Line]:
    if lines and lines[0].vertical:
        return sorted(lines, key=lambda l: -l.x0)  # vertical lines read right to left
    return sorted(lines, key=lambda l: (l.top, l.x0))


def _column_order(blocks: list[Block], body: float) -> list[Block]:
    """Blocks column by column, left to right, each column top to bottom."""
    columns: list[list[Block]] = []
    for block in sorted(blocks, key=lambda b: b.x0):
        column = next((c for c in columns if abs(c[0].x0 - block.x0) < 2.5 * body), None)
        if column is None:
            columns.append([block])
        else:
            column.append(block)
    return [b for c in columns for b in sorted(c, key=lambda b: b.top)]


def _paragraphs(blocks: list[Block], regions: Regions) -> list[str]:
    """Join lines into paragraphs: a new one where a line is indented or the line before
    fell short of its column (or a sub-head stands alone in another face)."""
    paragraphs: list[list[str]] = []
    prev: Line | None = None
    prev_block: Block | None = None
    for block in blocks:
        for line in block.lines:
            if prev is None or _starts_paragraph(line, block, prev, prev_block, regions):
                paragraphs.append([])
            paragraphs[-1].append(line.text)
            prev, prev_block = line, block
    return [p for p in (join_lines(lines) for lines in paragraphs) if p]


def _starts_paragraph(line: Line, block: Block, prev: Line, prev_block: Block, regions: Regions) -> bool:
    size = regions.body_size
    heading, after_heading = _is_subhead_line(line, regions), _is_subhead_line(prev, regions)
    if heading != after_heading:
        return True  # a sub-head (wrapped over lines or not) is a paragraph of its own
    if heading:
        return line.top - prev.bottom > 0.8 * size
    if line.x0 - block.x0 > 1.2 * size:
        return True
    if prev.x1 < prev_block.x1 - 1.2 * size and byline_line(clean_text(prev.text)):
        return True  # '本报记者 张三' on a line of its own over the text
    # a line short of its column ends a paragraph only where a sentence ends: lines set
    # around a picture or a logo are short too
    return prev.x1 < prev_block.x1 - 1.2 * size and ends_sentence(prev.text)


def _is_subhead_line(line: Line, regions: Regions) -> bool:
    return line.size >= DECK_RATIO * regions.body_size or (line.font != regions.body_font and line.bold)


def _furniture_out(paragraphs: list[str]) -> tuple[list[str], list[str], int | None, int | None]:
    """Take credits and jump markers out of the body: (body, names, from page, to page)."""
    names: list[str] = []
    jumps: dict[str, int | None] = {"from": None, "to": None}
    kept = []
    for k, para in enumerate(paragraphs):
        if page_credit(para) or AUTHOR_NOTE.fullmatch(para):
            continue  # the page's editors, and who the writer is: no text of the story
        if is_jump_line(para):
            _note_jumps(para, jumps)
            continue
        credit = byline_line(para) if len(para) < 40 else None
        if credit and (k <= 1 or k >= len(paragraphs) - 2):
            names.extend(credit)  # a credit line of its own, over or under the text
            continue
        kept.append(para)
    if kept:
        kept[0], opened = _opening(kept[0], jumps)
        kept[-1], closing = _closing(kept[-1], jumps)
        names = opened + names + closing
    return [p for p in kept if p], names, jumps["from"], jumps["to"]


def _note_jumps(para: str, jumps: dict) -> None:
    frm, to = jump_from(para), jump_to(para)
    jumps["from"] = frm[0] if frm else jumps["from"]
    jumps["to"] = to[0] if to else jumps["to"]


def _opening(para: str, jumps: dict) -> tuple[str, list[str]]:
    """The first paragraph without its '（上接第1版）' and its opener's credit."""
    frm = jump_from(para)
    if frm:
        jumps["from"], para = frm[0], para[frm[1]:].strip()
    para, names = split_opener_credit(para)
    return para, list(names)


def _closing(para: str, jumps: dict) -> tuple[str, list[str]]:
    """The last paragraph without its '（下转第4版）', writer's note and closing credit."""
    to = jump_to(para)
    if to:
        jumps["to"], para = to[0], para[:to[1]].rstrip()
    note = _NOTE_AT_END.search(para)
    if note:
        para = para[:note.start()].rstrip()
    para, names = split_trailing_credit(para)
    return para, list(names)
