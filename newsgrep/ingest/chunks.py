"""Cut a big page file into pieces the parser reads one at a time.

A page is kilobytes; an archive dump may put a whole year in one file. Parsing and
indexing such a file as one page costs time that grows faster than its size (every
story compared with every other) and memory for all of it at once. So a file longer than
`PIECE_CHARS` is read in pieces: at every form feed (a page break, where no article goes
on), and within a page at a boundary where an article cannot go on, each piece about
`PIECE_CHARS` long (twice that at most: a run of long stories). A file no longer than that is one piece, its whole text, read
exactly as it always was.

The pieces are the file's text cut, never changed: joined, they give the text back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from newsgrep.ingest.parsing.cleanup import ends_sentence, width

# Characters of one piece: a few dozen stories (a page is a few thousand characters). The
# parser's cross-page looks cost the square of a piece's length, so a piece is kept small
# enough for them to stay a small part of the time, large enough for a page's own habits
# (its column measure, its byline convention) to show.
PIECE_CHARS = 64 * 1024

# A story's title: a short line that ends no sentence.
_TITLE_WIDTH = 40
# Blank lines (spaces and ideographic spaces allowed) between two lines of text.
_BLANK_RUN = re.compile(r"\n(?:[ \t\u3000]*\n)+")


@dataclass(frozen=True)
class Piece:
    """A stretch of a file's text read as a page of its own."""

    index: int       # 0, 1, … in file order
    start: int       # where it starts in the file's text, in characters
    text: str
    opens_page: bool  # the first piece of the file, or of a page after a form feed


def pieces(text: str, size: int = PIECE_CHARS) -> Iterator[Piece]:
    """The file's text in pieces (see the module's docstring); one piece when it is no
    longer than `size`."""
    if len(text) <= size:
        yield Piece(0, 0, text, True)
        return
    index = start = 0
    opens_page = True
    while start < len(text):
        feed = text.find("\f", start, start + size)
        if feed >= 0:  # a page break (pdftotext ends every page with one)
            end = feed + 1
        elif len(text) - start <= size:
            end = len(text)
        else:
            end = story_boundary(text, start + size // 2, start + size, start + 2 * size)
        yield Piece(index, start, text[start:end], opens_page)
        opens_page = feed >= 0
        index, start = index + 1, end


def story_boundary(text: str, low: int, high: int, limit: int) -> int:
    """Where to cut `text`, best between `low` and `high`: the last place there before a
    story's title (a short line set apart by blank lines, after a finished sentence), else
    the first such place before `limit` (a run of long stories), else the last place
    after a blank line between `low` and `high`, else the last line end there. Only when
    the range holds no line end at all is a line cut."""
    titles, blanks = _boundaries(text, low, high)
    if titles:
        return titles[-1]
    later = next(iter(_boundaries(text, high, limit, first=True)[0]), None)
    if later is not None:
        return later
    if blanks:
        return blanks[-1]
    line_end = text.rfind("\n", low, high)
    return line_end + 1 if line_end >= 0 else high


def _boundaries(text: str, low: int, high: int, first: bool = False) -> tuple[list[int], list[int]]:
    """Places between `low` and `high` after blank lines: those before a story's title,
    and all of them (`first`: stop at the first title)."""
    titles, blanks = [], []
    for m in _BLANK_RUN.finditer(text, low, high):
        blanks.append(m.end())
        if _opens_story(text, m.start(), m.end()):
            titles.append(m.end())
            if first:
                break
    return titles, blanks


def _opens_story(text: str, blank_start: int, at: int) -> bool:
    """Is the line at `at` (after blank lines that start at `blank_start`) a story's title
    after the end of another: a short line ending no sentence, with a blank line under it,
    below a line that ends a sentence?"""
    line_end = text.find("\n", at)
    if line_end < 0:
        return False
    line = text[at:line_end].strip()
    if not line or width(line) > _TITLE_WIDTH or ends_sentence(line) or line[-1] in "，,、：:；;":
        return False
    below_end = text.find("\n", line_end + 1)
    if below_end < 0 or text[line_end + 1:below_end].strip():
        return False  # the title stands alone: the line under it is blank
    above = text[text.rfind("\n", 0, blank_start) + 1:blank_start].strip()
    return bool(above) and ends_sentence(above)
