"""The indexer's word cutter gives jieba's own words (accurate mode, no HMM), word for word:
the index's words must be the ones a query's words are compared with."""
from __future__ import annotations

import random

from newsgrep.index import wordcut
from newsgrep.index.analysis import segmenter
from newsgrep.normalize import fold
from tests.conftest import REPO

# CJK, Latin letters and digits (which jieba runs together), the characters its block
# pattern keeps in words (+#&._%-), punctuation, spaces and line ends of every kind
ALPHABET = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
            "也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起"
            "abcXYZ0123456789+#&._%-，。、！？“”（）《》：；\n\r\t 　")


def jieba_words(tokenizer, text):
    return list(tokenizer.cut(text, HMM=False))


def test_real_pages_cut_as_jieba_cuts_them():
    tokenizer = segmenter()
    pages = sorted((REPO / "benchmarks" / "real" / "pages").glob("*.txt"))
    for page in pages:
        text = fold(page.read_text(encoding="utf-8"))
        assert list(wordcut.cut(tokenizer, text)) == jieba_words(tokenizer, text), page.name


def test_any_mix_of_characters_cuts_as_jieba_cuts_it():
    tokenizer, rng = segmenter(), random.Random(21)
    for _ in range(2000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60)))
        assert list(wordcut.cut(tokenizer, text)) == jieba_words(tokenizer, text), repr(text)


def test_ties_go_to_the_longer_word_as_in_jieba():
    tokenizer = segmenter()
    for text in ("", " ", "a", "ab1 c", "中华人民共和国", "北京大学生前来应聘", "C++和C#", "3.14%"):
        assert list(wordcut.cut(tokenizer, text)) == jieba_words(tokenizer, text), text
