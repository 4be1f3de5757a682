"""A page's sheet: what search needs of the whole page beside its records.

In: one file's records with their folded fields, the first carrying the whole page
folded (`fields.SHEET_FIELD`). Out: the same records, those holding text the page does
not print marked `unprinted`, and the first also carrying the page's seams (`SEAMS`):
each character of the page that no record holds, and each pair of neighbouring
characters the page prints across a seam, where no record's text runs on (a credit the
parser took out, the step from a headline into its opener, a line of furniture). Only
the seams are posted for the sheet (`gram_writer.py`); the page itself is stored as
references into its records' folded text (`page_references`, `page_from_references`),
about a hundredth of the page compressed, and rebuilt only for the pages a query's seams
name.

Why that is enough: the page is cut into stretches that some record of it holds whole
(`_seams`); a string inside one stretch is found through that record. A string the page
prints and no record holds therefore runs across a cut, so one of its pairs is a seam
pair of the page (a single character: one of the page's characters no record holds).
"""
from __future__ import annotations

import zlib
from dataclasses import replace
from operator import add

from newsgrep.fields import AUTHOR_SEPARATOR, DEFAULT_FIELDS, PRINTED_FIELDS, SHEET_FIELD

# The folded-fields key of the first record's seams: its lone characters, a NUL, then
# its seam pairs one after another (folding never produces NUL).
SEAMS = "sheet.seams"
# The folded-fields key of the first record's page as references (`page_references`,
# bytes), which the store keeps instead of the page.
REFERENCES = "sheet.references"
# Characters of the page looked up at once when a stretch starts anew: long enough to
# find the record it comes from, short enough to be found when little of it is held.
_PROBE = 8


def with_sheet(records: list[tuple]) -> list[tuple]:
    """The file's (article, folded fields) records as search needs them beside grep:
    each record holding text its page does not print (the parser joined it across
    something it took out) marked `unprinted`, and the record carrying the page given its
    seams (`SEAMS`), found against every record of the file."""
    page = next((folded[SHEET_FIELD] for _article, folded in records
                 if folded.get(SHEET_FIELD)), "")
    if not page:
        return records
    printed = _Printed(page)
    marked = []
    for k, (article, folded) in enumerate(records):
        if printed.misses(folded):
            article = replace(article, unprinted=True)
        if folded.get(SHEET_FIELD):
            held = held_text(f for _a, f in records)
            folded = {**folded, SEAMS: seams_of(page, held), REFERENCES: page_references(
                folded[SHEET_FIELD], held_text(f for _a, f in _own_records(records, k)))}
        marked.append((article, folded))
    return marked


def _own_records(records: list[tuple], first: int) -> list[tuple]:
    """The records a sheet at `first` is stored against: it and those after it up to the
    next sheet. A reader finds them as the store's records from the sheet's on, up to
    the next sheet or file (`page_records`), perhaps with more after them: references
    only reach into the ones here, and a longer `held` starts with the same text."""
    stop = next((k for k in range(first + 1, len(records)) if records[k][1].get(SHEET_FIELD)),
                len(records))
    return records[first:stop]


def held_text(folded_records) -> str:
    """What a page's records hold, as the sheet is cut and rebuilt against: their
    folded default fields, in record order, joined by NULs."""
    return "\x00".join(f[name] for f in folded_records for name in DEFAULT_FIELDS
                       if f[name])


def page_references(page: str, held: str) -> bytes:
    """The page as what `held` holds of it: a run of the page copied from `held` is
    its length and place there, a character no record holds is itself. Compressed;
    `page_from_references` reads it back."""
    out = bytearray(_varint(len(page)))
    i, at, end = 0, -1, 0
    while i < len(page):
        if not (0 <= at < len(held) and held[at] == page[i]):
            at = _find_start(page, i, held, within_line=False)
        if at < 0:
            literal = page[i].encode("utf-8")
            out += _varint(len(literal) << 1) + literal
            i += 1
            continue
        length = _agreeing(page, i, held, at)
        out += _varint(length << 1 | 1) + _varint(_zigzag(at - end))
        i, at, end = i + length, at + length, at + length
    return zlib.compress(bytes(out), 6)


def page_from_references(data: bytes, held: str) -> str:
    """The page `page_references` made, rebuilt from the same `held`; ValueError when
    they do not fit (a damaged store)."""
    try:
        raw = zlib.decompress(data)
    except zlib.error as exc:
        raise ValueError(f"page references: {exc}") from None
    size, p = _read_varint(raw, 0)
    parts, end = [], 0
    while p < len(raw):
        tag, p = _read_varint(raw, p)
        if tag & 1:
            delta, p = _read_varint(raw, p)
            at = end + _unzigzag(delta)
            end = at + (tag >> 1)
            if at < 0 or end > len(held):
                raise ValueError("page references: a run outside its records")
            parts.append(held[at:end])
        else:
            parts.append(raw[p:p + (tag >> 1)].decode("utf-8"))
            p += tag >> 1
    page = "".join(parts)
    if len(page) != size:
        raise ValueError("page references: the page's length differs")
    return page


def _varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _read_varint(data: bytes, p: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if p >= len(data):
            raise ValueError("page references: cut short")
        byte = data[p]
        value |= (byte & 0x7F) << shift
        p, shift = p + 1, shift + 7
        if byte < 0x80:
            return value, p


def _zigzag(value: int) -> int:
    return value << 1 if value >= 0 else (-value << 1) - 1


def _unzigzag(value: int) -> int:
    return value >> 1 if not value & 1 else -((value + 1) >> 1)


class _Printed:
    """What the folded page prints: is each folded field of a record on it, or at least
    each of its characters and pairs of neighbours?"""

    def __init__(self, page: str):
        self.page = page
        self._grams: set[str] | None = None

    def misses(self, folded: dict[str, str]) -> bool:
        """Does a field the page prints hold a character or pair the page does not?"""
        for name in PRINTED_FIELDS:
            for piece in folded[name].split(AUTHOR_SEPARATOR):
                if piece in self.page:  # the usual case, and every gram of it is too
                    continue
                grams = self.grams()
                if not grams.issuperset(piece) or \
                        not grams.issuperset(map(add, piece, piece[1:])):
                    return True
        return False

    def grams(self) -> set[str]:
        if self._grams is None:
            page = self.page
            self._grams = set(page).union(map(add, page, page[1:]))
        return self._grams


def seams_of(page: str, held: str) -> str:
    """The page's seams (see `SEAMS`) against `held`, the folded fields of its records
    joined by NULs. Pairs and characters holding a newline are left out: no query holds
    one."""
    lone = set(page).difference(held, "\n")
    pairs = {page[p - 1:p + 1] for p in _seams(page, held)}
    return "".join(sorted(lone)) + "\x00" + "".join(sorted(p for p in pairs if "\n" not in p))


def split_seams(seams: str) -> tuple[str, list[str]]:
    """`SEAMS` read back: the lone characters, and the seam pairs."""
    lone, _nul, pairs = seams.partition("\x00")
    return lone, [pairs[i:i + 2] for i in range(0, len(pairs), 2)]


def _seams(page: str, held: str) -> list[int]:
    """Positions p (0 < p < len(page)) where the page is cut: page[p-1] and page[p] lie
    in no one stretch of the page that `held` holds whole.

    Greedy, left to right: a stretch runs on in the record it came from while the page
    follows it, else starts at the first place `held` holds its next few characters and
    is stretched as far as the page agrees. A cut too many only costs a posting; every
    stretch is checked against `held`, so no cut is missing."""
    cuts: list[int] = []
    size, i, at = len(page), 0, -1
    while i < size:
        if page[i] == "\n":
            i, at = i + 1, -1
            continue
        if not (0 <= at < len(held) and held[at] == page[i]):
            at = _find_start(page, i, held)
            if at < 0:  # a character no record holds: a stretch of its own
                if i:
                    cuts.append(i)
                i += 1
                continue
        length = _agreeing(page, i, held, at)
        if i:
            cuts.append(i)
        i, at = i + length, at + length
    return cuts


def _find_start(page: str, i: int, held: str, within_line: bool = True) -> int:
    """Where `held` holds the longest start (up to _PROBE characters, of its line only
    when `within_line`) of page[i:], or -1."""
    probe = page[i:i + _PROBE]
    if within_line:
        probe = probe.split("\n", 1)[0]
    at = held.find(probe)
    if at >= 0:
        return at
    low, high, found = 0, len(probe) - 1, -1
    while low < high:  # the longest start of the probe that `held` holds
        middle = (low + high + 1) // 2
        place = held.find(probe[:middle])
        if place >= 0:
            low, found = middle, place
        else:
            high = middle - 1
    return found if low else -1


def _agreeing(page: str, i: int, held: str, at: int) -> int:
    """How many characters page[i:] and held[at:] share from the start (page[i] is
    held[at]): doubled while they agree, then halved back."""
    limit = min(len(page) - i, len(held) - at)
    low, step = 1, 1
    while low + step <= limit and page[i:i + low + step] == held[at:at + low + step]:
        low, step = low + step, step * 2
    high = min(low + step - 1, limit)
    while low < high:
        middle = (low + high + 1) // 2
        if page[i:i + middle] == held[at:at + middle]:
            low = middle
        else:
            high = middle - 1
    return low
