"""Fold text into the form that search compares: the same function for articles and queries.

Folding drops invisible characters (zero-width, controls), joins whitespace the way a reader
does (none between Chinese characters or across a line break inside a number, one space
between Latin words), then folds each
character: NFKC (full-width to half-width), traditional to simplified (OpenCC), case.
`fold_with_origins` returns the same text plus, for every folded character, the index of the
original character it came from, so that matches found in folded text can be highlighted in
the original.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

# Controls (but not whitespace) and format characters (Cf): zero-width spaces and joiners,
# bidi marks, soft hyphen, BOM. Kept literal so that importing needs no scan of Unicode.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
_WHITESPACE = re.compile(r"\s+")
# Marks that join the digits of one number: 12.5, 1,200, 3%, 3‰.
_NUMBER_MARKS = ".,%‰"


@functools.lru_cache(maxsize=None)
def _t2s():
    import opencc  # the conversion tables load only when a text needs them

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=65536)
def is_wide(char: str) -> bool:
    """True for characters that print wide (CJK, full-width forms, CJK punctuation)."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return True
    # General punctuation (“ ” … —) sits between Chinese text without spaces.
    return "\u2010" <= char <= "\u206f"


def _fold_char(char: str) -> str:
    if char == " ":
        return " "
    folded = unicodedata.normalize("NFKC", char)
    if not folded.isascii():
        converted = _t2s().convert(folded)
        # Character-level conversion keeps the offset map simple: accept it only 1:1.
        if len(converted) == len(folded):
            folded = converted
    folded = folded.casefold()
    return "".join(c for c in folded if not c.isspace())


class _FoldTable(dict):
    """A str.translate table that computes each character's folding on first use.

    It also remembers which characters it knows (to find new ones in C, by set
    difference) and which fold into other than one character (the rare ones the origin
    table must account for)."""

    def __init__(self):
        super().__init__()
        self.known: set[str] = set()
        self.uneven: set[str] = set()
        self._uneven_pattern = None
        self.text_in_hand = ""  # what `translate` is folding, so a miss can fold it all
        self.texts_missed = 0

    def __missing__(self, codepoint: int) -> str:
        if self.text_in_hand:
            self.texts_missed += 1
            if self.texts_missed == _BULK_AFTER:
                _prefetch_folds(_common_characters())
            _prefetch_folds(self.text_in_hand)
            self.text_in_hand = ""
            if codepoint in self:
                return self[codepoint]
        return self.remember(chr(codepoint), _fold_char(chr(codepoint)))

    def translate(self, text: str) -> str:
        """`text.translate(self)`; the first unknown character folds all of them at once."""
        self.text_in_hand = text
        try:
            return text.translate(self)
        finally:
            self.text_in_hand = ""

    def remember(self, char: str, folded: str) -> str:
        self[ord(char)] = folded
        self.known.add(char)
        if len(folded) != 1:
            self.uneven.add(char)
            self._uneven_pattern = None
        return folded

    def remember_all(self, chars: list[str], folds: list[str]) -> None:
        self.update(zip(map(ord, chars), folds))
        self.known.update(chars)
        uneven = [c for c, folded in zip(chars, folds) if len(folded) != 1]
        if uneven:
            self.uneven.update(uneven)
            self._uneven_pattern = None

    def uneven_pattern(self) -> re.Pattern:
        if self._uneven_pattern is None:
            chars = "".join(re.escape(c) for c in sorted(self.uneven)) or "\x00"
            self._uneven_pattern = re.compile(f"[{chars}]")
        return self._uneven_pattern


_FOLD_TABLE = _FoldTable()
# A process that meets new characters in this many texts is folding many (printing every
# hit of a query): it folds the common characters in one batch (a few ms) instead of
# hundreds of small batches.
_BULK_AFTER = 32
_PUNCTUATION_BLOCKS = ((0x00A0, 0x0100), (0x2000, 0x2070), (0x3000, 0x3040), (0xFF00, 0xFFF0))


def _common_characters() -> str:
    """The 6,763 characters of GB 2312 (rows 0xB0-0xF7), Latin-1, general and CJK
    punctuation, full-width forms: nearly every character of a mainland paper."""
    rows = bytes(b for high in range(0xB0, 0xF8) for low in range(0xA1, 0xFF)
                 for b in (high, low))
    hanzi = rows.decode("gb2312", "ignore")  # the few empty places are left out
    return hanzi + "".join(chr(c) for low, high in _PUNCTUATION_BLOCKS
                           for c in range(low, high))


def _keeps_space(before: str, after: str) -> bool:
    """A whitespace run survives (as one space) only between two narrow characters."""
    return bool(before) and bool(after) and not is_wide(before) and not is_wide(after)


def _join_whitespace(match: re.Match) -> str:
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if "\n" in match.group() and _inside_number(text, start, before, after):
        return ""  # a number broken by a column's wrap (待游客1 / 442万) reads as one
    return " " if _keeps_space(before, after) else ""


def _inside_number(text: str, start: int, before: str, after: str) -> bool:
    """Does a line break at `start`, between `before` and `after`, fall inside a number:
    1|442, 12.|5, 3|%, 1,|200?"""
    if before.isdigit():
        return after.isdigit() or (bool(after) and after in _NUMBER_MARKS)
    return (before in _NUMBER_MARKS and start > 1 and text[start - 2].isdigit()
            and after.isdigit())


def fold(text: str) -> str:
    """The folded form of `text`, as stored for matching and as queries are compared."""
    text = _INVISIBLE.sub("", text)
    text = _WHITESPACE.sub(_join_whitespace, text)
    if text.isascii():
        return text.lower()
    return _FOLD_TABLE.translate(text)


def fold_page(text: str) -> str:
    """A whole page folded for matching: `fold(text)`, then, after a newline each, every
    run of lines broken between two narrow characters folded as joined with nothing
    (`1+2+` / `3+4`), as a reader (and the parser) joins a number or word the column
    broke, where `fold` alone keeps a space. Folding never makes a newline, nor does a
    query hold one, so no match runs across them."""
    views = [fold(text)]
    lines = text.splitlines()
    run: list[str] = []
    for line, following in zip(lines, lines[1:] + [""]):
        run.append(line)
        if not _narrow_break(line, following):
            if len(run) > 1:
                views.append(fold("".join(run)))
            run = []
    return "\n".join(views)


def _narrow_break(line: str, following: str) -> bool:
    before, after = line.rstrip()[-1:], following.lstrip()[:1]
    return _keeps_space(before, after)


def fold_with_origins(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the index in `text` it came from."""
    folded, origins = fold_mapped(text)
    return folded, list(origins)


def fold_mapped(text: str) -> tuple[str, "Origins"]:
    """`fold(text)` and where each of its characters came from in `text`, as `Origins`.

    The same three steps as `fold`, each carrying the origins along. It runs for every
    hit shown, so the common case (no invisible characters) keeps runs, one per dropped
    stretch of whitespace or character folding into other than one, not a table as long
    as the text.
    """
    if _has_invisible(text):
        visible, table = _drop_invisible(text)
        joined, table = _join_whitespace_with_origins(visible, table)
        runs = Origins.from_list(table)
    else:
        joined, runs = _join_whitespace_mapped(text)
    folded = joined.lower() if joined.isascii() else _FOLD_TABLE.translate(joined)
    if len(folded) != len(joined):
        runs = _expand_uneven(joined, runs)
    return folded, runs


def _join_whitespace_mapped(text: str) -> tuple[str, "Origins"]:
    runs = Origins()
    pieces: list[str] = []
    start = 0
    for match in _WHITESPACE.finditer(text):
        at, end = match.span()
        pieces.append(text[start:at])
        runs.add(start, at - start)
        if _join_whitespace(match) == " ":
            pieces.append(" ")  # the space stands for the stretch's first character
            runs.add(at, 1)
        start = end
    runs.add(start, len(text) - start)
    if not pieces:
        return text, runs
    pieces.append(text[start:])
    return "".join(pieces), runs


def _expand_uneven(joined: str, runs: "Origins") -> "Origins":
    """The origins after characters that fold into none or several (… into ...): each
    of their folded characters comes from the one original character."""
    expanded = Origins()
    start = 0
    for match in _FOLD_TABLE.uneven_pattern().finditer(joined):
        at = match.start()
        runs.copy_into(expanded, start, at)
        for _ in range(len(_FOLD_TABLE[ord(joined[at])])):
            expanded.add(runs[at], 1)
        start = at + 1
    runs.copy_into(expanded, start, len(joined))
    return expanded


class Origins(Sequence):
    """For each character of a folded text, the index of the original character it came
    from, kept as runs: inside a run, consecutive folded characters come from
    consecutive original ones. `origins[i]` is a bisection."""

    __slots__ = ("folded", "original", "length")

    def __init__(self):
        self.folded: list[int] = []    # where each run starts in the folded text
        self.original: list[int] = []  # and in the original
        self.length = 0

    @classmethod
    def from_list(cls, origins: list[int]) -> "Origins":
        runs = cls()
        for origin in origins:
            runs.add(origin, 1)
        return runs

    def add(self, origin: int, count: int) -> None:
        """The next `count` folded characters come from `origin`, `origin` + 1, …"""
        if count <= 0:
            return
        if not self.folded or \
                self.original[-1] + self.length - self.folded[-1] != origin:
            self.folded.append(self.length)
            self.original.append(origin)
        self.length += count

    def copy_into(self, other: "Origins", start: int, stop: int) -> None:
        """other.add the origins of folded characters start..stop-1."""
        run = bisect_right(self.folded, start) - 1
        while start < stop:
            end = self.folded[run + 1] if run + 1 < len(self.folded) else self.length
            end = min(end, stop)
            other.add(self.original[run] + start - self.folded[run], end - start)
            start, run = end, run + 1

    def pack(self) -> bytes:
        """The runs as bytes, to keep beside a stored fold (4-byte integers)."""
        return array("i", [self.length, *self.folded, *self.original]).tobytes()

    @classmethod
    def unpack(cls, data: bytes) -> "Origins":
        numbers = array("i")
        numbers.frombytes(data)
        runs = cls()
        count = (len(numbers) - 1) // 2
        runs.length = numbers[0]
        runs.folded = numbers[1:1 + count].tolist()
        runs.original = numbers[1 + count:].tolist()
        return runs

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(self)[i]
        if i < 0:
            i += self.length
        if not 0 <= i < self.length:
            raise IndexError(i)
        run = bisect_right(self.folded, i) - 1
        return self.original[run] + i - self.folded[run]

    def __iter__(self):
        ends = self.folded[1:] + [self.length]
        for start, end, origin in zip(self.folded, ends, self.original):
            yield from range(origin, origin + end - start)

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def folded_before(self, original: int) -> int:
        """How many folded characters come from original characters before `original`."""
        run = bisect_left(self.original, original) - 1
        if run < 0:
            return 0
        end = self.folded[run + 1] if run + 1 < len(self.folded) else self.length
        return min(end, self.folded[run] + original - self.original[run])


@functools.lru_cache(maxsize=1024)  # asked for each query term, for every hit
def folds_in_place(text: str) -> bool:
    """Does every copy of `text` inside any text fold to `text` itself, character for
    character? True for most folded query terms (no whitespace, nothing that folds), and
    then finding the term in original text finds a match of its folded form there."""
    if not text or _WHITESPACE.search(text) or _has_invisible(text):
        return False
    return _FOLD_TABLE.translate(text) == text and _FOLD_TABLE.uneven.isdisjoint(text)


def _has_invisible(text: str) -> bool:
    # Invisible characters are all unprintable, and most texts are printable but for
    # their line breaks: a check in C spares the regular expression's slower scan.
    if text.isprintable() or text.replace("\n", "").isprintable():
        return False
    return _INVISIBLE.search(text) is not None


def _drop_invisible(text: str) -> tuple[str, list[int]]:
    origins: list[int] = []
    kept: list[str] = []
    start = 0
    for match in _INVISIBLE.finditer(text):
        kept.append(text[start:match.start()])
        origins.extend(range(start, match.start()))
        start = match.end()
    kept.append(text[start:])
    origins.extend(range(start, len(text)))
    return "".join(kept), origins


def _join_whitespace_with_origins(text: str, origins: list[int] | None
                                  ) -> tuple[str, list[int]]:
    """`origins` None stands for the identity (text[i] came from i)."""
    pieces: list[str] = []
    kept: list[int] = []
    start = 0
    for match in _WHITESPACE.finditer(text):
        at = match.start()
        pieces.append(text[start:at])
        kept.extend(range(start, at) if origins is None else origins[start:at])
        if _join_whitespace(match) == " ":
            pieces.append(" ")
            kept.append(at if origins is None else origins[at])
        start = match.end()
    if not pieces:  # no whitespace at all
        return text, list(range(len(text))) if origins is None else origins
    pieces.append(text[start:])
    kept.extend(range(start, len(text)) if origins is None else origins[start:])
    return "".join(pieces), kept


def _prefetch_folds(text: str) -> None:
    """Fold every new character of `text` at once: one OpenCC call instead of one a
    character (the table then answers from memory). Called on a text's first miss."""
    new = [c for c in set(text).difference(_FOLD_TABLE.known) if not c.isascii()]
    if len(new) < 8:
        return
    nfkc = [unicodedata.normalize("NFKC", c) for c in new]
    # A newline between characters keeps OpenCC from reading them as phrases.
    converted = _t2s().convert("\n".join(nfkc)).split("\n")
    if len(converted) != len(new):
        return
    folds = [(normal if normal.isascii() or len(simple) != len(normal) else simple).casefold()
             for normal, simple in zip(nfkc, converted)]
    # as _fold_char: no whitespace inside a folding
    folds = [f if len(f) == 1 and not f.isspace() else "".join(f.split()) for f in folds]
    _FOLD_TABLE.remember_all(new, folds)
