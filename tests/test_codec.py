"""newsgrep's Whoosh codec (newsgrep/index/codec.py, word_postings.py): the same index as
Whoosh's W3 codec gives, term by term and search by search, in far fewer bytes."""
from __future__ import annotations

import pickle
import random

import pytest
from whoosh import fields as whoosh_fields
from whoosh import index as whoosh_index
from whoosh import qparser
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

from newsgrep.errors import IndexDamaged
from newsgrep.index import whoosh_private
from newsgrep.index.codec import NewsgrepCodec
from newsgrep.index.word_postings import all_varints, get_varint, put_varint

TERM_STATS = ("weight", "doc_frequency", "min_length", "max_length", "max_weight",
              "min_id", "max_id")


def schema():
    """Ours (frequencies, boosted title, ID keys) plus a positions field: stored raw."""
    return whoosh_fields.Schema(
        id=whoosh_fields.ID(stored=True, unique=True, sortable=True), path=whoosh_fields.ID(),
        title=whoosh_fields.TEXT(phrase=False, field_boost=3.0),
        body=whoosh_fields.TEXT(phrase=False), phrased=whoosh_fields.TEXT())


def documents(count=700):
    rng = random.Random(26)
    words = [f"w{n}" for n in range(300)]
    return [dict(id=f"d{n}", path=f"p{n % 7}", title=" ".join(rng.choices(words[:20], k=3)),
                 body=" ".join(rng.choices(words, k=rng.randint(0, 300))),
                 phrased=" ".join(rng.choices(words[:40], k=5)))
            for n in range(count)]


def build(folder, codec, compound=True):
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema())
    writer = SegmentWriter(ix, codec=codec, compound=compound)
    for doc in documents():
        writer.add_document(**doc)
    writer.commit()
    return whoosh_index.open_dir(str(folder))


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    root = tmp_path_factory.mktemp("codec")
    return build(root / "w3", W3Codec()), build(root / "ours", NewsgrepCodec())


def postings(reader, field, text):
    matcher, out = reader.postings(field, text), []
    while matcher.is_active():
        out.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return out


def test_every_term_has_w3s_statistics_and_postings(pair):
    with pair[0].reader() as w3, pair[1].reader() as ours:
        terms = list(w3.all_terms())
        assert list(ours.all_terms()) == terms
        lists = {len(postings(w3, f, t)) for f, t in terms}
        assert min(lists) == 1 and max(lists) > 300  # inlined lists and several blocks
        for field, text in terms:
            a, b = w3.term_info(field, text), ours.term_info(field, text)
            assert [getattr(a, s)() for s in TERM_STATS] == \
                [getattr(b, s)() for s in TERM_STATS], (field, text)
            assert postings(w3, field, text) == postings(ours, field, text), (field, text)
            assert w3.doc_frequency(field, text) == ours.doc_frequency(field, text)
            assert w3.frequency(field, text) == ours.frequency(field, text)


def test_block_statistics_and_skipping_match(pair):
    with pair[0].reader() as w3, pair[1].reader() as ours:
        common = max(w3.all_terms(), key=lambda t: w3.doc_frequency(*t))
        a, b = w3.postings(*common), ours.postings(*common)
        for target in (5, 200, 201, 650):
            a.skip_to(target)
            b.skip_to(target)
            assert (a.id(), a.block_max_weight(), a.block_min_length(), a.block_max_id()) == \
                (b.id(), b.block_max_weight(), b.block_min_length(), b.block_max_id())


@pytest.mark.parametrize("query", ["w1", "w1 w2", "w3 OR w250", "title:w5", 'phrased:"w1 w2"',
                                   "w1 NOT w3", "w29*", "w12~1"])
def test_searches_rank_the_same(pair, query):
    parser = qparser.QueryParser("body", schema())
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parsed = parser.parse(query)
    with pair[0].searcher() as w3, pair[1].searcher() as ours:
        for limit in (None, 10):
            assert [(h.docnum, h.score) for h in w3.search(parsed, limit=limit)] == \
                [(h.docnum, h.score) for h in ours.search(parsed, limit=limit)], query


def test_prefixes_and_vocabulary_lookups(pair):
    with pair[0].reader() as w3, pair[1].reader() as ours:
        assert list(w3.expand_prefix("body", "w1")) == list(ours.expand_prefix("body", "w1"))
        assert list(ours.expand_prefix("body", "zz")) == []
        assert ours.doc_frequency("body", "nothing") == 0
        assert ("body", b"w1") in ours._terms and ("body", b"nothing") not in ours._terms


def test_word_frequencies_read_inlined_and_block_lists(pair):
    with pair[0].reader() as w3, pair[1].reader() as ours:
        for word in ("w1", "w250", "w299"):
            assert sorted(whoosh_private.word_frequencies(ours, "title", word)) == \
                sorted(whoosh_private.word_frequencies(w3, "title", word))
            assert sorted(whoosh_private.word_frequencies(ours, "body", word)) == \
                sorted(whoosh_private.word_frequencies(w3, "body", word))


def test_much_smaller_than_w3(pair):
    def size(ix):
        return sum(ix.storage.file_length(name) for name in ix.storage.list())
    assert size(pair[1]) < size(pair[0]) / 2.5


def test_varints_round_trip():
    numbers = [0, 1, 127, 128, 300, 2 ** 21, 2 ** 35]
    out = bytearray()
    for n in numbers:
        put_varint(n, out)
    assert all_varints(bytes(out)) == numbers
    assert get_varint(out, 0) == (0, 1)
    assert all_varints(bytes([1, 2, 3])) == [1, 2, 3]


def test_newsgrep_segments_carry_the_codec_and_open_safely(tmp_path):
    (tmp_path / "ix").mkdir()
    ix = whoosh_index.create_in(str(tmp_path / "ix"), schema())
    writer = ix.writer()
    side = whoosh_private.segment_writer(ix)
    side.add_document(id="a-1", path="a.txt", body="hello world", title="hi")
    whoosh_private.commit_with(writer, [whoosh_private.finish_segment(side)], merge=False)
    opened = whoosh_private.open_whoosh(tmp_path / "ix", schema())
    (segment,) = opened._segments()
    assert type(segment.codec()) is NewsgrepCodec
    merger = opened.writer()  # an update's merges write our codec too
    assert type(merger.codec) is NewsgrepCodec
    merger.cancel()
    assert type(whoosh_private.safe_loads(pickle.dumps(NewsgrepCodec(), 2))) is NewsgrepCodec


def test_a_codec_with_settings_is_refused(tmp_path):
    codec = NewsgrepCodec()
    codec.anything = "x"
    segment = codec.new_segment(None, whoosh_private.INDEX_NAME)
    with pytest.raises(IndexDamaged):
        whoosh_private._check_segments([segment])


def test_a_garbled_term_table_is_damage_not_a_crash(tmp_path):
    ix = build(tmp_path / "ix", NewsgrepCodec(), compound=False)
    trm = next((tmp_path / "ix").glob("*.trm"))
    data = bytearray(trm.read_bytes())
    data[100:400] = bytes(300)
    trm.write_bytes(bytes(data))
    with pytest.raises(IndexDamaged):
        with ix.reader() as reader:
            for field, text in reader.all_terms():
                reader.term_info(field, text)
