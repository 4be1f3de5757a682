"""Lines → the regions of a page: its furniture bands, headline stacks and text blocks.

What the type says: the size most of the page's glyphs share is the body size; a line set
markedly larger is a headline; lines in the narrow bands at the page's top and foot are its
running head and foot (paper, date, page, section, editors), and so is a paper's name set
large high on a front page; words inside a picture in another face (a chart's labels) and
a caption by a picture are the picture's. Text lines are cut into blocks, each one
column's run of lines with no headline across it and no gap wider than a line between them.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from operator import attrgetter

from newsgrep.ingest.pdf.glyphs import PageGlyphs
from newsgrep.ingest.pdf.lines import Line

HEAD_RATIO = 1.2        # a headline's type is this much larger than the body's, at least
DECK_RATIO = 1.08       # kickers and subtitles: larger than the body, or in another face
TOP_BAND = 0.075        # the running head lies in this share of the page height …
FOOT_BAND = 0.03        # … and the running foot in this one
MASTHEAD_BAND = 0.2     # a front page's masthead (the paper's name set large) stands here
_SIZE, _FONT = attrgetter("size"), attrgetter("font")
# The paper's name as a masthead sets it: '扬子晚报', '今日龙岗', 'XX日报', 'NEW SANMEN'.
_MASTHEAD = re.compile(r"[\u4e00-\u9fff]{2,8}(?:报|新闻|周刊)|[A-Z][A-Z .&'-]{4,40}")


class Stack:
    """Headline lines set one over another: kicker, title, subtitle. Its box and size are
    kept as lines join it: stories ask them for every block on the page."""

    __slots__ = ("lines", "x0", "x1", "top", "bottom", "size", "vertical")

    def __init__(self, lines: list[Line]):
        self.lines: list[Line] = []
        self.x0 = self.top = float("inf")
        self.x1 = self.bottom = self.size = float("-inf")
        self.vertical = True
        for line in lines:
            self.add(line)

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.x0, self.x1 = min(self.x0, line.x0), max(self.x1, line.x1)
        self.top, self.bottom = min(self.top, line.top), max(self.bottom, line.bottom)
        self.size = max(self.size, line.size)
        self.vertical = self.vertical and line.vertical


class Block:
    """One column's run of text lines, top to bottom."""

    __slots__ = ("lines", "x0", "x1")

    def __init__(self, lines: list[Line]):
        self.lines: list[Line] = []
        self.x0, self.x1 = float("inf"), float("-inf")
        for line in lines:
            self.add(line)

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.x0, self.x1 = min(self.x0, line.x0), max(self.x1, line.x1)

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom

    @property
    def size(self) -> float:
        return self.lines[0].size


@dataclass
class Regions:
    header: list[Line]
    footer: list[Line]
    pictures: list[Line]     # words inside a picture: labels, not article text
    stacks: list[Stack]
    blocks: list[Block]
    body_size: float
    body_font: str


def body_style(lines: list[Line]) -> tuple[float, str]:
    """The size and face most of the page's characters are set in."""
    glyphs = [g for line in lines for g in line.glyphs]
    if not glyphs:
        return 10.0, ""
    # Counted as drawn, then by the size rounded: a page has a few sizes and thousands of
    # glyphs (a rounded size first counted where its first glyph is, as one by one).
    sizes: Counter = Counter()
    for size, count in Counter(map(_SIZE, glyphs)).items():
        sizes[round(size, 1)] += count
    return sizes.most_common(1)[0][0], Counter(map(_FONT, glyphs)).most_common(1)[0][0]


def find_regions(page: PageGlyphs, lines: list[Line]) -> Regions:
    size, font = body_style(lines)
    charts = _charts(page.images, [l for l in lines if is_head(l, size)])
    pictures = _with_caption_runs([l for l in lines if _picture_words(l, charts, size, font)
                                   or _caption(l, charts, size, font)], lines, size)
    # A folio or section name set large in the top band ('7 理论') is the running head too.
    high = [l for l in lines if is_head(l, size) and l.bottom <= page.height * TOP_BAND + size
            and l.x1 - l.x0 < 0.25 * page.width]
    high += [l for l in lines if is_head(l, size) and l.top < page.height * MASTHEAD_BAND
             and _MASTHEAD.fullmatch(l.text.replace(" ", "")) and l not in high]
    taken = {id(l) for l in pictures + high}
    rest = [l for l in lines if id(l) not in taken]
    stacks = _stacks([l for l in rest if is_head(l, size)])
    blocks = _blocks([l for l in rest if not is_head(l, size)], stacks, size)
    # The running head and foot: a line or two in the page's top or foot band, apart
    # from every column (a column's last lines may reach as low as the foot's).
    header = _band_blocks(blocks, lambda b: b.bottom <= page.height * TOP_BAND + size)
    footer = _band_blocks(blocks, lambda b: b.top >= page.height * (1 - FOOT_BAND))
    furniture = {id(b) for b in header + footer}
    return Regions(high + [l for b in header for l in b.lines], [l for b in footer for l in b.lines],
                   pictures, stacks, [b for b in blocks if id(b) not in furniture], size, font)


def _band_blocks(blocks: list["Block"], in_band) -> list["Block"]:
    return [b for b in blocks if len(b.lines) <= 2 and in_band(b)]


def is_head(line: Line, body: float) -> bool:
    return line.size >= HEAD_RATIO * body or (line.vertical and line.size >= DECK_RATIO * body)


def _charts(images, heads: list[Line]) -> list[tuple[float, float, float, float]]:
    """Pictures that may carry words of their own: neither rules nor dots, nor the tint
    behind a headline (whose credit line is the story's)."""
    charts = []
    for box in images:
        x0, top, x1, bottom = box
        if (x1 - x0) * (bottom - top) < 2000:
            continue
        if any(_inside(h, box) for h in heads):
            continue
        charts.append(box)
    return charts


def _inside(line: Line, box) -> bool:
    x0, top, x1, bottom = box
    return line.x0 >= x0 - 1 and line.x1 <= x1 + 1 and line.top >= top - 1 and line.bottom <= bottom + 1


def _picture_words(line: Line, charts, body: float, font: str) -> bool:
    """A chart's labels and a photo's overprint: small type inside a picture, not in the
    body's face (a tinted box behind a story is a picture too, with the story's text on it)."""
    if is_head(line, body) or line.font == font:
        return False
    return any(_inside(line, box) for box in charts)


def _caption(line: Line, charts, body: float, font: str) -> bool:
    """A photo's caption: type other than the body's, just under or over a picture and
    within its width."""
    if is_head(line, body) or line.font == font:
        return False
    for x0, top, x1, bottom in charts:
        close = -body < line.top - bottom < 1.5 * body or -body < top - line.bottom < 1.5 * body
        if close and line.x0 >= x0 - body and line.x1 <= x1 + body:
            return True
    return False


def _with_caption_runs(found: list[Line], lines: list[Line], body: float) -> list[Line]:
    """A caption runs on over lines of its face set right under it."""
    found = list(found)
    for line in sorted(lines, key=lambda l: l.top):
        if line in found or is_head(line, body):
            continue
        if any(c.font == line.font and 0 <= line.top - c.bottom < 0.8 * body
               and abs(c.x0 - line.x0) < 2 * body for c in found):
            found.append(line)
    return found


def _stacks(heads: list[Line]) -> list[Stack]:
    """Headline lines one over the other (or side by side, for vertical ones) as stacks."""
    stacks: list[Stack] = []
    for line in sorted(heads, key=lambda l: (l.top, l.x0)):
        host = next((s for s in stacks if _stacks_with(s, line)), None)
        if host is None:
            stacks.append(Stack([line]))
        else:
            host.add(line)
    return stacks


def _stacks_with(stack: Stack, line: Line) -> bool:
    if stack.vertical != line.vertical:
        return False
    size = min(stack.size, line.size)
    if line.vertical:  # columns of a vertical headline, and its credit, stand side by side
        beside = -0.2 * size <= line.x0 - stack.x1 < 2 * size or -0.2 * size <= stack.x0 - line.x1 < 2 * size
        return beside and line.top < stack.bottom and line.bottom > stack.top
    overlap = min(stack.x1, line.x1) - max(stack.x0, line.x0)
    return overlap > 0.3 * min(stack.x1 - stack.x0, line.x1 - line.x0) \
        and -0.2 * size < line.top - stack.bottom < 1.0 * size


def _blocks(texts: list[Line], stacks: list[Stack], size: float) -> list[Block]:
    """Cut the text lines into column blocks: a block ends at a gap, a change of column,
    a change of type, or a headline that runs across it."""
    blocks: list[Block] = []
    for line in sorted(texts, key=lambda l: (l.top, l.x0)):
        host = next((b for b in reversed(blocks) if _continues_block(b, line, stacks)), None)
        if host is None:
            blocks.append(Block([line]))
        else:
            host.add(line)
    return blocks


def _continues_block(block: Block, line: Line, stacks: list[Stack]) -> bool:
    last = block.lines[-1]
    size = max(last.size, line.size)
    if abs(last.size - line.size) > 0.1 * size or line.vertical or last.vertical:
        return False
    gap = line.top - last.bottom
    if not -0.3 * size < gap < 0.9 * size:
        return False
    # the same column: the line starts at the block's left edge or one indent in, and
    # ends inside the block's right edge (a short last line) or at it
    left, right = block.x0, block.x1
    if not (left - 2.6 * size <= line.x0 <= left + 2.6 * size and line.x1 <= right + 2.6 * size):
        return False
    if line.x1 < left or (line.x1 - line.x0) > 1.5 * (right - left) + 2 * size:
        return False
    return not any(s.top >= last.bottom - 1 and s.bottom <= line.top + 1
                   and s.x0 < line.x1 and s.x1 > line.x0 for s in stacks)
