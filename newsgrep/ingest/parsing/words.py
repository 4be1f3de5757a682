"""What a dictionary says about a headline's words: where a line break falls against
jieba's words, and the part of speech of the words on either side of it.

Text extraction loses type sizes, so a title wrapped over two lines and a kicker over its
title look alike; the words still tell them apart (a break inside a word, or after a word
no phrase ends with, is a wrap). Asked only about headline lines, so jieba loads only on
pages that have an ambiguous headline stack.
"""
from __future__ import annotations

from functools import lru_cache

from newsgrep.ingest.parsing.cleanup import simplified
from newsgrep.jieba_setup import lazy_tagger, new_tokenizer

# Parts of speech no phrase ends with: prepositions, conjunctions, structural particles
# ('的', '地', '得'); and none starts with: particles, modal particles, suffixes. ('了',
# '着', '过' may close a clause: '所有人都蒙圈了'.)
_NO_END = {"p", "c", "uj", "ud", "uv"}
_NO_START = {"uj", "ud", "uv", "ug", "uz", "ul", "y", "k", "u"}
# Tags of places, bodies and brands: a story's subject, never a section's label. (jieba's
# person tag is left out: it tags common two-character words as names, '文明', '权威'.)
_SPECIFIC = {"ns", "nt", "nz"}


@lru_cache(maxsize=1)
def _tagger():
    """jieba's part-of-speech tagger, quiet, caching its dictionary in the user's folder
    (the temp folder is shared, and may not be writable). Where the per-user dictionary
    database exists, only the entries the tagged texts use are read: loading the whole
    dictionary and its tags takes longer than indexing a page."""
    tagger = lazy_tagger()
    if tagger is not None:
        return tagger
    tokenizer = new_tokenizer()
    import jieba.posseg  # after new_tokenizer imported jieba itself the quick way

    return jieba.posseg.POSTokenizer(tokenizer)


@lru_cache(maxsize=4096)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) of a short text, read in simplified characters."""
    return tuple((p.word, p.flag) for p in _tagger().cut(simplified(text)) if p.word.strip())


def breaks_word(first: str, second: str) -> bool:
    """Does the break between two lines fall inside a dictionary word ('…贫困户增收的根' /
    '本依托…')? Only dictionary words count, and only when the pieces on either side are
    words of their own lines: '防汛一线' / '路人…' reads '线路' across the break, but
    '一线' ends its line."""
    a, b = simplified(first), simplified(second)
    at = 0
    for word in _words(a + b):
        if at < len(a) < at + len(word):
            tail, head = word[:len(a) - at], word[len(a) - at:]
            return _words(a)[-1:] == [tail] and _words(b)[:1] == [head]
        at += len(word)
    return False


def _words(text: str) -> list[str]:
    return [w for w in _tagger().tokenizer.cut(text, HMM=False) if w.strip()]


def open_at_break(first: str, second: str) -> bool:
    """Does the first line end with a word no phrase ends with (a preposition, a
    conjunction, '的'), or the second start with one no phrase starts with ('了', '吗')?"""
    a, b = tagged(first), tagged(second)
    return bool(a and a[-1][1] in _NO_END) or bool(b and b[0][1] in _NO_START)


def names_specifics(text: str) -> bool:
    """Does the text name a person, place, body or figure ('江苏ppp落地率52%')? A title's
    lines do; a section's label ('民生实事进行时') is generic."""
    return any(ch.isdigit() or ch.isascii() and ch.isalpha() for ch in text) \
        or any(flag in _SPECIFIC for _, flag in tagged(text))


def ends_nominal_verb(text: str) -> bool:
    """Is the text a noun phrase ending with a verb used as a noun ('生态文明建设', '文明
    城市创建'): the form of a section's name? A verb before it makes a predicate
    ('深入推进新时代职业能力建设', '持续优化金融服务工作'), a title's form."""
    words = tagged(text)
    return bool(words) and words[-1][1] == "vn" and not any(flag[:1] == "v" for _, flag in words[:-1])


def starts_predicate(text: str) -> bool:
    """Does the text start with a verb, adverb or preposition: a predicate whose subject
    is on the line above ('囊谦县统战部' / '深入虫草采集区开展检查慰问工作')?"""
    words = tagged(text)
    flag = words[0][1] if words else ""
    return (flag[:1] == "v" and flag != "vn") or flag in ("d", "p", "ad")


def has_verb(text: str) -> bool:
    """Does the text hold a verb (not one used as a noun): a predicate of its own?"""
    return any(flag[:1] == "v" and flag != "vn" for _, flag in tagged(text))
