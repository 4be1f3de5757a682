"""The dictionary read lazily from the per-user database (jieba_setup.lazy_tagger) tags and
cuts exactly as the whole dictionary does: the page parser asks it about headline lines,
and a one-file update must not pay for loading the whole dictionary."""
from pathlib import Path

import pytest

from newsgrep import jieba_setup
from newsgrep.index import analysis

CORPUS_LINES = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def taggers(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CACHE_HOME", str(cache))
    try:
        whole = jieba_setup.new_tokenizer()
        whole.initialize()
        jieba_setup.save_dictionary_db(whole)
        assert jieba_setup.dictionary_db() is not None
        import jieba.posseg

        yield jieba.posseg.POSTokenizer(whole), jieba_setup.lazy_tagger()
    finally:
        patch.undo()


def _lines() -> list[str]:
    lines = []
    for path in sorted(CORPUS_LINES.rglob("*.txt")):
        lines += [line.strip() for line in path.read_text(encoding="utf-8", errors="replace")
                  .splitlines() if 0 < len(line.strip()) <= 60]
    return lines[:3000] + ["中国农业发展银行", "华为手机", "所有人都蒙圈了", "江苏ppp落地率52%",
                           "深入推进新时代职业能力建设", "薛侃", "防汛一线路人"]


def test_lazy_tagger_tags_as_the_whole_dictionary(taggers):
    whole, lazy = taggers
    lines = _lines()
    assert len(lines) > 100
    for line in lines:
        assert [tuple(p) for p in lazy.cut(line)] == [tuple(p) for p in whole.cut(line)], line
        assert list(lazy.tokenizer.cut(line, HMM=False)) == \
            list(whole.tokenizer.cut(line, HMM=False)), line


def test_lazy_tagger_reads_only_what_it_needs(taggers):
    _whole, lazy = taggers
    fresh = jieba_setup.lazy_tagger()
    list(fresh.cut("华为手机"))
    assert 0 < len(dict.keys(fresh.tokenizer.FREQ)) < 5000


def test_no_database_no_lazy_tagger(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert jieba_setup.lazy_tagger() is None
    assert analysis.DICTIONARY_DB == jieba_setup.DICTIONARY_DB
