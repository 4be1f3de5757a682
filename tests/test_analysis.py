from pathlib import Path

import pytest

from newsgrep.index import analysis
from newsgrep.index.analysis import (UserDictError, WordTokenizer, read_userdict, save_dictionary_db,
                               segment, segmenter, segmenter_for)
from newsgrep.normalize import fold
from tests.conftest import SEEDS


def test_tokens_have_ordinal_positions_and_character_offsets():
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in WordTokenizer()("杨浦与华为签署 数字孪生", positions=True, chars=True)]
    assert [t[1] for t in tokens] == list(range(len(tokens)))
    text = fold("杨浦与华为签署 数字孪生")
    for word, _pos, start, end in tokens:
        assert text[start:end] == word


def test_segment_drops_punctuation():
    assert "，" not in segment(fold("杨浦，华为。"))


def test_userdict_is_validated(tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes("\ufeff薛侃 10 nr\r\n周海鹰\r\n".encode("utf-8"))
    words, digest = read_userdict(good)
    assert [w.word for w in words] == ["薛侃", "周海鹰"] and words[0].freq == 10
    assert len(digest) == 64
    bad = tmp_path / "bad.txt"
    bad.write_text("薛侃 ten\n", encoding="utf-8")
    with pytest.raises(UserDictError, match=":1: frequency"):
        read_userdict(bad)
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("杨浦区 10\n".encode("gbk"))
    with pytest.raises(UserDictError, match="UTF-8"):
        read_userdict(gbk)
    with pytest.raises(UserDictError, match="cannot read"):
        read_userdict(tmp_path / "missing.txt")


def test_partial_dictionary_cuts_exactly_like_the_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    full = segmenter()
    save_dictionary_db()
    assert (tmp_path / "newsgrep" / analysis.DICTIONARY_DB).is_file()
    monkeypatch.setattr(analysis, "_SEGMENTERS", {})
    for page in sorted(SEEDS.glob("*.txt")):
        text = fold(page.read_text(encoding="utf-8"))
        partial = segmenter_for(text)
        assert partial is not full
        assert list(partial.cut(text, HMM=False)) == list(full.cut(text, HMM=False))
