"""Word segmentation: jieba set up for newsgrep, and the Whoosh tokenizer built on it.

Words only rank results (BM25F); exact matching is the job of the character store, so the
tokenizer can use jieba's plain mode without HMM (faster, and unknown words are still found by
the store). Tokens carry ordinal positions and character offsets, unlike jieba's own
ChineseAnalyzer, which puts character offsets into positions and breaks phrase queries.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from whoosh.analysis import Token, Tokenizer

from newsgrep.index import wordcut
from newsgrep.jieba_setup import DICTIONARY_DB, dictionary_db, new_tokenizer  # noqa: F401
from newsgrep.jieba_setup import save_dictionary_db as save_base_dictionary
from newsgrep.normalize import fold


# A token worth indexing holds at least one letter, digit or CJK character.
_WORDLIKE = re.compile(r"[^\W_]", re.UNICODE)


class UserDictError(ValueError):
    """A user dictionary that jieba would misread; the message names file and line."""


@dataclass(frozen=True)
class UserWord:
    word: str
    freq: int | None = None
    tag: str | None = None


def read_userdict(path: Path) -> tuple[tuple[UserWord, ...], str]:
    """Parse a jieba-format user dictionary ("word [freq] [tag]" a line): entries and hash.

    Tolerates a UTF-8 BOM and CRLF line ends; anything else jieba would silently misread is
    an error that names the line.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserDictError(f"cannot read user dictionary {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserDictError(
            f"{path}: not UTF-8 (byte {exc.start}); save the dictionary as UTF-8") from None
    entries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        entries.append(_parse_userdict_line(path, lineno, line))
    if not entries:
        raise UserDictError(f"{path}: no words found; write one 'word [freq] [tag]' a line")
    digest = hashlib.sha256("\n".join(
        f"{e.word}\t{e.freq}\t{e.tag}" for e in entries).encode()).hexdigest()
    return tuple(entries), digest


def _parse_userdict_line(path: Path, lineno: int, line: str) -> UserWord:
    parts = line.split()
    if len(parts) > 3:
        raise UserDictError(
            f"{path}:{lineno}: expected 'word [freq] [tag]', got {line!r}")
    word = fold(parts[0])
    freq = tag = None
    if len(parts) >= 2:
        if not parts[1].isdigit():
            raise UserDictError(
                f"{path}:{lineno}: frequency must be a whole number, got {parts[1]!r}")
        freq = int(parts[1])
    if len(parts) == 3:
        tag = parts[2]
    if not word or not _WORDLIKE.search(word):
        raise UserDictError(f"{path}:{lineno}: {parts[0]!r} is not a word")
    return UserWord(word, freq, tag)


# Whole-dictionary tokenizers loaded in this process, by the user words added to them.
_SEGMENTERS: dict[tuple, object] = {}
# Heads asked for in one query (SQLite allows 32,766 parameters since 3.32).
_SQL_BATCH = 5000


def segmenter(userwords: tuple[UserWord, ...] = ()):
    """jieba's tokenizer with its whole dictionary, loaded once per process, quiet, and
    caching in the user's folder."""
    if userwords not in _SEGMENTERS:
        tokenizer = new_tokenizer()
        tokenizer.initialize()
        _add_userwords(tokenizer, userwords)
        _SEGMENTERS[userwords] = tokenizer
    return _SEGMENTERS[userwords]


def _add_userwords(tokenizer, userwords: tuple[UserWord, ...]) -> None:
    for entry in userwords:
        tokenizer.add_word(entry.word, entry.freq, entry.tag)


def segmenter_for(text: str, userwords: tuple[UserWord, ...] = ()):
    """A tokenizer that cuts `text` exactly as the whole dictionary would, loading only
    the entries that can occur in it.

    jieba looks up only substrings of the sentence it cuts, so the dictionary entries whose
    first two characters occur in the text (and the single characters) give the same
    words. Reading those from a small database takes a fraction of the second that loading
    the whole dictionary costs: what makes a one-file update quick. Falls back to the
    whole dictionary where the database cannot be had.
    """
    if userwords in _SEGMENTERS:
        return _SEGMENTERS[userwords]
    database = _dictionary_db()
    if database is None:
        return segmenter(userwords)
    sample = text + "".join(w.word for w in userwords)
    heads = list(set(sample) | {sample[i:i + 2] for i in range(len(sample) - 1)})
    tokenizer = new_tokenizer(cached=False)  # its entries come from the database
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            tokenizer.total = db.execute("SELECT total FROM meta").fetchone()[0]
            for start in range(0, len(heads), _SQL_BATCH):
                batch = heads[start:start + _SQL_BATCH]
                tokenizer.FREQ.update(db.execute(
                    "SELECT word, freq FROM entries WHERE head IN (%s)"
                    % ",".join("?" * len(batch)), batch))
    except sqlite3.Error:  # damaged cache, or an old SQLite: the whole dictionary will do
        return segmenter(userwords)
    tokenizer.initialized = True
    _add_userwords(tokenizer, userwords)
    return tokenizer


def _dictionary_db() -> Path | None:
    return dictionary_db()


def save_dictionary_db() -> None:
    """Write the whole dictionary's entries into the per-user database, once per machine
    (from a process that has loaded the whole dictionary anyway)."""
    # Only the plain dictionary is cached: an index's user words are added per index.
    base = _SEGMENTERS.get(())
    if base is not None:
        save_base_dictionary(base)


def segment(folded: str, tokenizer=None) -> list[str]:
    """The word-like jieba words of already folded text, in order."""
    tokenizer = tokenizer or segmenter()  # the plain dictionary when none is given
    return [w for w in wordcut.cut(tokenizer, folded) if _WORDLIKE.search(w)]  # jieba's cut, faster


class WordTokenizer(Tokenizer):
    """Whoosh tokenizer over jieba words of folded text.

    Accepts a string (segmented here) or a list of words already segmented by `segment`
    (indexing segments in worker processes and hands the words to Whoosh).
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if isinstance(value, str):
            words = self._located_words(fold(value))
        else:
            words = _locate_in_sequence(value)
        for pos, (word, start, end) in enumerate(words, start_pos):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token

    @staticmethod
    def _located_words(folded: str):
        offset = 0
        for word in segmenter().cut(folded, HMM=False):
            start, offset = offset, offset + len(word)
            if _WORDLIKE.search(word):
                yield word, start, offset


def _locate_in_sequence(words):
    """Offsets for pre-segmented words, counted as if they were written end to end."""
    offset = 0
    for word in words:
        yield word, offset, offset + len(word)
        offset += len(word)
