"""Word segmentation: jieba set up for newsgrep, and the Whoosh tokenizer built on it.

Words only rank results (BM25F); exact matching is the job of the character store, so the
tokenizer can use jieba's plain mode without HMM (faster, and unknown words are still found by
the store). Tokens carry ordinal positions and character offsets, unlike jieba's own
ChineseAnalyzer, which puts character offsets into positions and breaks phrase queries.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from whoosh.analysis import Token, Tokenizer

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


def jieba_cache_dir() -> Path | None:
    """A per-user folder for jieba's dictionary cache, or None where none can be made."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "newsgrep"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


_SEGMENTER = None


def segmenter(userwords: tuple[UserWord, ...] = ()):
    """jieba's tokenizer, loaded once per process, quiet, caching in the user's folder."""
    global _SEGMENTER
    if _SEGMENTER is None:
        import jieba

        # jieba logs "Building prefix dict" and cache-write failures: never a user's concern.
        jieba.setLogLevel(logging.CRITICAL + 1)
        tokenizer = jieba.Tokenizer()
        cache = jieba_cache_dir()
        if cache is not None:
            tokenizer.cache_file = str(cache / "jieba.cache")
            tokenizer.tmp_dir = str(cache)
        else:  # read-only home: rebuild the prefix dictionary in memory each time
            tokenizer.cache_file = os.devnull
        tokenizer.initialize()
        for entry in userwords:
            tokenizer.add_word(entry.word, entry.freq, entry.tag)
        _SEGMENTER = tokenizer
    return _SEGMENTER


def segment(folded: str) -> list[str]:
    """The word-like jieba words of already folded text, in order."""
    return [w for w in segmenter().cut(folded, HMM=False) if _WORDLIKE.search(w)]


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
