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

import codecs
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from typing import Iterable, Iterator

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


# Characters past a cut's farthest place that deciding it may read (the title's line
# and the line under it).
_LOOKAHEAD = 4096


def pieces(text: str | Iterable[str], size: int = PIECE_CHARS) -> Iterator[Piece]:
    """The file's text in pieces (see the module's docstring); one piece when it is no
    longer than `size`. `text` may come in blocks (a file read as it is cut): the same
    pieces, holding no more than a few pieces' worth of it at once."""
    blocks = iter((text,) if isinstance(text, str) else text)
    buffer, base, ended = "", 0, False  # buffer: the text from `base` on, as far as read

    def read_to(length: int) -> str:
        nonlocal buffer, ended
        parts = [buffer]
        have = len(buffer)
        while have < length and not ended:
            block = next(blocks, None)
            if block is None:
                ended = True
            else:
                parts.append(block)
                have += len(block)
        buffer = "".join(parts) if len(parts) > 1 else buffer
        return buffer

    if len(read_to(size + 1)) <= size:
        yield Piece(0, 0, buffer, True)
        return
    index = start = 0
    opens_page = True
    while True:
        text = read_to(start + 2 * size + _LOOKAHEAD)
        if start >= len(text):
            return
        feed = text.find("\f", start, start + size)
        if feed >= 0:  # a page break (pdftotext ends every page with one)
            end = feed + 1
        elif len(text) - start <= size:  # the buffer holds all that is left
            end = len(text)
        else:
            end = story_boundary(text, start + size // 2, start + size, start + 2 * size)
        yield Piece(index, base + start, text[start:end], opens_page)
        opens_page = feed >= 0
        index, start = index + 1, end
        if start > 4 * size:  # let go of what was cut off
            buffer, base, start = buffer[start:], base + start, 0


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


# A text file this big is read in blocks as it is cut (`TextStream`), never held whole.
STREAM_BYTES = 8 << 20
_BLOCK_BYTES = 1 << 20
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass
class TextStream:
    """A big UTF-8 text file's text, read a block at a time: what `sources.decode` gives
    for it, line ends made \\n and a BOM dropped, never all of it in memory at once. Read
    once by `blocks()`, which also takes the hash of the bytes it reads (`digest`), so the
    hash recorded is that of the text indexed even if the file changed meanwhile."""

    path: str
    encoding: str                 # "utf-8" or "utf-8-sig"
    suffix: bytes = b""           # hashed after the file's bytes (its sidecar)
    digest: str = ""              # SHA-256 of the bytes read and the suffix, once read

    def blocks(self) -> Iterator[str]:
        hasher = hashlib.sha256()
        decoder = codecs.getincrementaldecoder(self.encoding)("replace")
        carry = ""  # a \r that may be the first half of \r\n
        with open(self.path, "rb") as handle:
            while True:
                data = handle.read(_BLOCK_BYTES)
                hasher.update(data)
                text = carry + decoder.decode(data, final=not data)
                carry = "\r" if text.endswith("\r") and data else ""
                text = text[:-1] if carry else text
                if text:
                    yield text.replace("\r\n", "\n").replace("\r", "\n")
                if not data:
                    break
        hasher.update(self.suffix)
        self.digest = hasher.hexdigest()


def text_stream(path: str, size: int, suffix: bytes = b"") -> TextStream | None:
    """A `TextStream` of a regular file over STREAM_BYTES that is valid UTF-8 (checked by
    reading it through once, a block at a time) and holds text; None for any other file,
    which is read whole as before (other encodings, binary and empty files are told apart
    there)."""
    if size <= STREAM_BYTES:
        return None
    try:
        with open(path, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            head = handle.read(_BLOCK_BYTES)
            if b"\x00" in head[:8192] or not head.strip():
                return None  # binary, or blank at its start: left to the whole reading
            encoding = "utf-8-sig" if head.startswith(_UTF8_BOM) else "utf-8"
            decoder = codecs.getincrementaldecoder(encoding)("strict")
            data = head
            while data:
                decoder.decode(data)
                data = handle.read(_BLOCK_BYTES)
            decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError):
        return None
    return TextStream(path, encoding, suffix)
