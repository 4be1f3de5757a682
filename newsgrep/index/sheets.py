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

import sys
import zlib
from array import array
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
    seams (`SEAMS`), found against every record of the file, and the page as references
    into its own records (`REFERENCES`), which the store keeps instead of the page."""
    page = next((folded[SHEET_FIELD] for _article, folded in records
                 if folded.get(SHEET_FIELD)), "")
    if not page:
        return records
    printed = _Printed(page)
    held = held_text(f for _a, f in records)
    marked = []
    for k, (article, folded) in enumerate(records):
        if printed.misses(folded):
            article = replace(article, unprinted=True)
        if folded.get(SHEET_FIELD):
            folded = {**folded, SEAMS: seams_of(page, held), REFERENCES: page_references(
                folded[SHEET_FIELD], held_text(f for _a, f in _own_records(records, k)))}
        marked.append((article, folded))
    return marked


def _own_records(records: list[tuple], first: int) -> list[tuple]:
    """The records a sheet at `first` is stored against: it and those after it up to the
    next sheet. A reader finds them as the store's records from the sheet's on, up to the
    next sheet or file (`StoreFolder._page_records`), perhaps with more after them:
    references only reach into the ones here, and a longer `held` starts with the same
    text."""
    stop = next((k for k in range(first + 1, len(records)) if records[k][1].get(SHEET_FIELD)),
                len(records))
    return records[first:stop]


def held_text(folded_records) -> str:
    """What a page's records hold, as the sheet is cut and rebuilt against: their
    folded default fields, in record order, joined by NULs."""
    return "\x00".join(f[name] for f in folded_records for name in DEFAULT_FIELDS
                       if f[name])


def page_references(page: str, held: str) -> bytes:
    """The page as what `held` holds of it: each run of the page is a stretch of `held`
    (its length and start there) or of the characters no record holds (its length,
    negated, and start among them). Compressed; `page_from_references` reads it back.

    Whole-number arrays rather than varints: a page is read back for every doubtful
    record a query checks (hundreds at 10x), and arrays are read in one call where
    varints took a Python step each: 0.02 ms a page against 0.55)."""
    lengths, starts, literal = array("i"), array("i"), []
    i, at = 0, -1
    while i < len(page):
        if not (0 <= at < len(held) and held[at] == page[i]):
            at = _find_start(page, i, held, within_line=False)
        if at < 0:
            if lengths and lengths[-1] < 0:  # a run of characters no record holds
                lengths[-1] -= 1
            else:
                lengths.append(-1)
                starts.append(len(literal))
            literal.append(page[i])
            i += 1
            continue
        length = _agreeing(page, i, held, at)
        lengths.append(length)
        starts.append(at)
        i, at = i + length, at + length
    head = array("i", [len(page), len(lengths)])
    return zlib.compress(b"".join(map(_little, (head, lengths, starts)))
                         + "".join(literal).encode("utf-8"), 6)


def page_from_references(data: bytes, held: str) -> str:
    """The page `page_references` made, rebuilt from the same `held`; ValueError when
    they do not fit (a damaged store)."""
    try:
        raw = zlib.decompress(data)
        size, count = _ints(raw[:8])
        lengths = _ints(raw[8:8 + 4 * count])
        starts = _ints(raw[8 + 4 * count:8 + 8 * count])
        literal = raw[8 + 8 * count:].decode("utf-8")
    except (zlib.error, ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"page references: {exc}") from None
    if len(lengths) != count or len(starts) != count or min(starts, default=0) < 0:
        raise ValueError("page references: cut short")
    page = "".join([held[at:at + n] if n > 0 else literal[at:at - n]
                    for n, at in zip(lengths, starts)])
    if len(page) != size:  # a run outside its records reads short
        raise ValueError("page references: the page's length differs")
    return page


def _little(values: array) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _ints(data: bytes) -> array:
    values = array("i")
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return values


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
