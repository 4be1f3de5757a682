"""Glyphs → lines: the characters a page draws, gathered into the lines a reader sees.

A line is a run of glyphs of one size on one baseline (or, for upright Chinese set
vertically, one above the next in one column), with no gap wider than a column gutter.
Producers draw glyphs in any order, so runs are first taken in drawing order and then
runs that continue each other on the page are joined.
"""
from __future__ import annotations

import re
from collections import Counter
from operator import attrgetter, sub

from newsgrep.ingest.pdf.glyphs import Glyph

# Glyph fields read over a whole line at C speed (a page makes tens of thousands of lines
# of its glyphs, counting the runs tried and cut).
_X0, _X1, _TOP, _BOTTOM = attrgetter("x0"), attrgetter("x1"), attrgetter("top"), attrgetter("bottom")
_SIZE, _FONT, _BOLD = attrgetter("size"), attrgetter("font"), attrgetter("bold")
_CX, _CY, _CHAR = attrgetter("cx"), attrgetter("cy"), attrgetter("char")
# Two ASCII characters side by side: only there may a line's text need a space.
_ASCII_PAIR = re.compile(r"[\x00-\x7f]{2}")

# The widest gap inside a line, in ems: wider is a gutter between columns. Letter-spaced
# headlines open gaps of an em or more, so large type may spread further.
BODY_GAP = 0.9
HEAD_GAP = 2.2


class Line:
    """Glyphs read as one line; its box, size and face are fixed when it is made."""

    __slots__ = ("glyphs", "vertical", "x0", "x1", "top", "bottom", "size", "font", "bold", "_text")

    def __init__(self, glyphs: list[Glyph], vertical: bool = False):
        self.glyphs = glyphs
        self.vertical = vertical
        self.x0 = min(map(_X0, glyphs))
        self.x1 = max(map(_X1, glyphs))
        # The typical glyph's box, not the extremes: a ratio colon or a symbol font's box
        # can be twice as tall as the line's type and would reach into the next line.
        if vertical:
            self.top, self.bottom = min(map(_TOP, glyphs)), max(map(_BOTTOM, glyphs))
        else:
            self.top, self.bottom = _median(map(_TOP, glyphs)), _median(map(_BOTTOM, glyphs))
        self.size = _median(map(_SIZE, glyphs))
        fonts = list(map(_FONT, glyphs))
        self.font = fonts[0] if fonts.count(fonts[0]) == len(fonts) else \
            Counter(fonts).most_common(1)[0][0]
        self.bold = sum(map(_BOLD, glyphs)) * 2 > len(glyphs)
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = _joined(self.glyphs, self.vertical)
        return self._text


def _median(values) -> float:
    values = sorted(values)
    return values[len(values) // 2]


def build_lines(glyphs: list[Glyph]) -> list[Line]:
    """The page's lines, each glyph in exactly one."""
    vertical, flat = _vertical_runs(glyphs)
    return _baseline_lines(flat) + vertical


def _vertical_runs(glyphs: list[Glyph]) -> tuple[list[Line], list[Glyph]]:
    """Runs of CJK glyphs drawn one under the next (vertical headlines and bylines), and the
    glyphs left for horizontal lines."""
    vertical: list[Line] = []
    flat: list[Glyph] = []
    run: list[Glyph] = []
    for g in glyphs:
        # _below's first test, asked here first: the usual next glyph stands beside
        if run and abs(g.cx - run[-1].cx) < 0.3 * g.size and _below(run[-1], g):
            run.append(g)
            continue
        if len(run) == 1:  # the usual run: one glyph
            flat.append(run[0])
        elif run:
            _settle(run, vertical, flat)
        run = [g]
    if run:
        _settle(run, vertical, flat)
    return vertical, flat


def _settle(run: list[Glyph], vertical: list[Line], flat: list[Glyph]) -> None:
    if _is_vertical(run):
        vertical.append(Line(run, vertical=True))
    else:
        flat.extend(run)


def _is_vertical(run: list[Glyph]) -> bool:
    """Three glyphs stacked make a vertical line; two only when spaced apart like a name
    set vertically ('江　畅'): a short line's last glyph over the next line's first is not."""
    if len(run) >= 3:
        return True
    return (len(run) == 2 and run[1].top - run[0].bottom > 0.6 * run[0].size
            and all("\u4e00" <= g.char <= "\u9fff" for g in run))


def _below(above: Glyph, g: Glyph) -> bool:
    """g is the next character of a vertical line (upright CJK set top to bottom)."""
    size = g.size  # the test that fails first for the usual, horizontal neighbour goes first
    return (abs(g.cx - above.cx) < 0.3 * size and _same_size(above.size, size)
            and -0.3 * size < g.top - above.bottom < 2.5 * size
            and ord(g.char) > 0x2E80 and ord(above.char) > 0x2E80)


def _same_size(a: float, b: float) -> bool:
    return max(a, b) <= 1.12 * min(a, b)


def _baseline_lines(glyphs: list[Glyph]) -> list[Line]:
    """Glyphs of one size whose centres share a baseline, cut where a gutter opens.

    Justified Chinese squeezes punctuation, so neighbouring em boxes overlap by up to
    half an em: glyphs are ordered by their centres, never by drawing order.
    """
    snap = _size_classes(glyphs)
    by_size: dict[float, list[Glyph]] = {}
    for g in glyphs:
        by_size.setdefault(snap[g.size], []).append(g)
    lines = []
    for size, group in by_size.items():
        group.sort(key=_CY)
        # Single link: a face with other ascents (Latin digits in a CJK line) sits a
        # little off the line's centre, while the next line is a whole em or more away.
        centres = list(map(_CY, group))
        for row in _parted(group, centres, centres, 0.35 * size):
            lines.extend(_cut_at_gutters(row, size))
    return lines


def _parted(items: list, starts: list[float], ends: list[float], limit: float) -> list[list]:
    """`items` (in order) cut wherever one starts more than `limit` past the end of the one
    before it; the gaps are measured at C speed, a page has thousands."""
    cuts = [k for k, gap in enumerate(map(sub, starts[1:], ends), 1) if gap > limit]
    bounds = [0, *cuts, len(items)]
    return [items[a:b] for a, b in zip(bounds, bounds[1:])]


def _size_classes(glyphs: list[Glyph]) -> dict[float, float]:
    """Each size to the commonest size within 10% of it: a dash or a digit drawn a little
    larger belongs to its line's type."""
    counts = Counter(map(_SIZE, glyphs))
    snap: dict[float, float] = {}
    for size, _count in counts.most_common():
        home = next((c for c in snap.values() if max(c, size) <= 1.1 * min(c, size)), size)
        snap[size] = home
    return snap


def _cut_at_gutters(row: list[Glyph], size: float) -> list[Line]:
    row.sort(key=_CX)
    limit = (HEAD_GAP if size >= 14 else BODY_GAP) * size
    return [Line(run) for run in _parted(row, list(map(_X0, row)), list(map(_X1, row)), limit)]


def _joined(glyphs: list[Glyph], vertical: bool) -> str:
    """The line's text; a space only where Latin words or numbers stand apart."""
    text = "".join(map(_CHAR, glyphs))
    if vertical or not _ASCII_PAIR.search(text):
        return text
    out = [glyphs[0].char]
    for prev, g in zip(glyphs, glyphs[1:]):
        if g.x0 - prev.x1 > 0.25 * g.size and (prev.char.isascii() and g.char.isascii()):
            out.append(" ")
        out.append(g.char)
    return "".join(out)
