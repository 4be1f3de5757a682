"""Read a `pdftotext -layout` page column by column: find the gutters that run down the page
between side-by-side columns, cut the page into bands where a line crosses them, and give the
lines back in reading order. A page not set in columns is left alone (None).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# pdftotext places each character (a CJK one too) in one cell, by its x position rounded:
# a column's edge wanders a cell or two from line to line, so gutters are matched this loosely.
NEAR = 2
SEED = 6  # text lines a band's gutters are first read from
MIN_BAND = 3  # fewer lines than this cannot show a gutter apart from a chance alignment
MIN_COLUMN_LINES = 3  # a column with less text is a stray word, not a column
MIN_SIDE_BY_SIDE = 8  # lines with text in two columns a page needs to be read by columns
MIN_COLUMN_WIDTH = 8  # narrower "columns" are a table's cells: a reader reads those across

_GAP = re.compile(r"\S {2,}\S")


@dataclass(frozen=True)
class Band:
    start: int
    end: int
    gutters: tuple[tuple[int, int], ...]  # [a, b): cells blank down the band; none: read across


def split_columns(lines: list[str]) -> list[str] | None:
    """The page's lines in reading order, or None when the page is not set in columns."""
    text = sum(1 for line in lines if line.strip())
    # Two columns side by side need a run of blanks between texts on the same line: without
    # enough such lines the page cannot pass the test below, and is not searched for gutters.
    gapped = sum(1 for line in lines if _GAP.search(line))
    if gapped < MIN_SIDE_BY_SIDE or gapped * 3 < text:
        return None
    bands = find_bands(lines)
    side_by_side = sum(_side_by_side(lines, band) for band in bands)
    # Only a page that mostly runs in columns is taken apart: a false column (a table, an
    # aligned list) would wreck a page the plain reader gets right.
    if side_by_side < MIN_SIDE_BY_SIDE or side_by_side * 3 < text:
        return None
    return _strip_blanks(_read(lines, bands))


def find_bands(lines: list[str]) -> list[Band]:
    """Cut lines into bands: a band ends where a line crosses one of its gutters, or where a
    gutter opens through text the band already holds (the columns below are set anew). A
    gutter that opens where the band was blank (a column starting under a picture) joins it."""
    width = max((len(line) for line in lines), default=0)
    masks = [_open_mask(line, width) for line in lines]
    texts = [i for i, line in enumerate(lines) if line.strip()]
    bands: list[Band] = []
    start, gutters = 0, ()
    for n, i in enumerate(texts):
        seed = texts[n:n + SEED]
        here = _seed_gutters([lines[k] for k in seed], [masks[k] for k in seed])
        new = tuple(g for g in here if not any(_near(g, h) for h in gutters))
        crossed = not all(_passes(lines[i], g) for g in gutters)
        # Lines read across (a header, a headline) stay a band of their own above the columns.
        read_across = bool(new) and not gutters and any(line.strip() for line in lines[start:i])
        reset = any(not _passes(line, g) for g in new for line in lines[start:i])
        if crossed or read_across or reset:
            bands.append(_band(lines, start, i, gutters))
            start, gutters = i, here
        else:
            gutters = tuple(sorted(gutters + new))
    bands.append(_band(lines, start, len(lines), gutters))
    return [b for b in bands if b.end > b.start]


def _band(lines: list[str], start: int, end: int, gutters: tuple[tuple[int, int], ...]) -> Band:
    rows = lines[start:end]
    if sum(1 for line in rows if line.strip()) < MIN_BAND:
        return Band(start, end, ())
    return Band(start, end, _supported(rows, gutters) if gutters else ())


def _seed_gutters(seed: list[str], masks: list[int]) -> tuple[tuple[int, int], ...]:
    """Runs of cells open (blank, and not a lone space of justified type) on every seed line."""
    if len(seed) < MIN_BAND:
        return ()
    both = -1
    for mask in masks:
        both &= mask
    runs = [[m.start(), m.end()] for m in re.finditer("1+", format(both, "b")[::-1])]
    merged: list[list[int]] = []
    for run in runs:
        if merged and run[0] - merged[-1][1] <= 1:
            merged[-1][1] = run[1]
        else:
            merged.append(run)
    # Seed lines must mostly run side by side: a header over a headline is no column.
    return _supported(seed, tuple((a, b) for a, b in merged), paired=(len(seed) + 1) // 2)


def _open_mask(line: str, width: int) -> int:
    """Bit p set where cell p is open: blank with a blank beside it (or past the line's end)."""
    blank = [_blank(line, p) for p in range(width + 2)]
    bits = "".join("1" if blank[p] and (p == 0 or blank[p - 1] or blank[p + 1]) else "0"
                   for p in range(width + 1))
    return int(bits[::-1], 2)


def _near(g: tuple[int, int], h: tuple[int, int]) -> bool:
    return g[0] - NEAR < h[1] and h[0] - NEAR < g[1]


def _supported(lines: list[str], gutters: tuple[tuple[int, int], ...],
               paired: int = 0) -> tuple[tuple[int, int], ...]:
    """Drop gutters until every column between them is wide enough and holds text on enough
    lines, and each gutter has text on both its sides on `paired` lines at least. A run with
    nothing to its left is the page's margin, not a gutter."""
    gutters = list(gutters)
    while gutters:
        edges = [0] + [b for _, b in gutters]
        ends = [a for a, _ in gutters] + [max(len(line) for line in lines)]
        filled = [[bool(line[left:right].strip()) for line in lines]
                  for left, right in zip(edges, ends)]
        weak = [k for k, (left, right) in enumerate(zip(edges, ends))
                if right - left < MIN_COLUMN_WIDTH
                or sum(filled[k]) < min(MIN_COLUMN_LINES, len(lines))]
        if weak:
            del gutters[min(weak[0], len(gutters) - 1)]
            continue
        lonely = [k for k in range(len(gutters))
                  if sum(a and b for a, b in zip(filled[k], filled[k + 1])) < paired]
        if not lonely:
            break
        del gutters[lonely[0]]
    return tuple(gutters)


def _read(lines: list[str], bands: list[Band]) -> list[str]:
    """Bands top to bottom; in a band, columns left to right, each top to bottom."""
    out: list[str] = []
    for band in bands:
        rows = lines[band.start:band.end]
        if not band.gutters:
            out += [line.strip() for line in rows] + [""]
            continue
        # A line blank right across is no break in any one column (pdftotext leaves such lines
        # beside a picture or a box); a cell blank beside text is a gap in its own column.
        rows_kept = [k for k, row in enumerate(rows) if row.strip()]
        for column in _columns(rows, band.gutters):
            out += [column[k].strip() for k in rows_kept] + [""]
    return out


def _columns(rows: list[str], gutters: tuple[tuple[int, int], ...]) -> list[list[str]]:
    """Each column's cells, blanked outside the column so positions stay those of the page."""
    cuts = [[0] + [_cut(row, g) for g in gutters] + [max(len(row), 1)] for row in rows]
    columns = []
    for k in range(len(gutters) + 1):
        column = []
        for row, cut in zip(rows, cuts):
            left, right = cut[k], max(cut[k], cut[k + 1])
            column.append(" " * left + row[left:right])
        columns.append(column)
    return columns


def _cut(row: str, gutter: tuple[int, int]) -> int:
    """Where this row parts at the gutter: the first pair of blanks near it."""
    a, b = gutter
    for p in range(max(a - NEAR, 0), b + NEAR):
        if _blank(row, p) and _blank(row, p + 1):
            return min(p, len(row))
    return min(a, len(row))


def _passes(line: str, gutter: tuple[int, int]) -> bool:
    """The line leaves the gutter open (a blank line leaves every gutter open)."""
    a, b = gutter
    return any(_blank(line, p) and _blank(line, p + 1) for p in range(max(a - NEAR, 0), b + NEAR))


def _side_by_side(lines: list[str], band: Band) -> int:
    """Lines of the band with text in two columns or more."""
    if not band.gutters:
        return 0
    rows = lines[band.start:band.end]
    filled = [[bool(cell.strip()) for cell in column] for column in _columns(rows, band.gutters)]
    return sum(1 for cells in zip(*filled) if sum(cells) >= 2)


def _blank(line: str, p: int) -> bool:
    return p < 0 or p >= len(line) or line[p] == " "


def _strip_blanks(lines: list[str]) -> list[str]:
    """One blank line at most between two lines of text, none at either end."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out
