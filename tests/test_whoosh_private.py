"""What newsgrep relies on in Whoosh's private API (newsgrep/index/whoosh_private.py).

When one of these fails after a Whoosh upgrade, indexing is broken in a way the other
tests may only show as a confusing error: read the message, then whoosh_private.py.
"""
from __future__ import annotations

import inspect

import whoosh
from whoosh import fields as whoosh_fields
from whoosh import index as whoosh_index
from whoosh import writing

from newsgrep.index import whoosh_private

VERSION = whoosh.versionstring()


def schema():
    return whoosh_fields.Schema(id=whoosh_fields.ID(stored=True, unique=True, sortable=True),
                                path=whoosh_fields.ID(),
                                body=whoosh_fields.TEXT(phrase=False))


def new_index(folder):
    folder.mkdir()
    return whoosh_index.create_in(str(folder), schema())


def ids(ix) -> list[str]:
    with ix.reader() as reader:
        column = reader.column_reader("id")
        return sorted(column[n] for n in range(reader.doc_count_all())
                      if not reader.is_deleted(n))


def test_private_names_exist_with_the_signatures_we_call():
    init = inspect.signature(writing.SegmentWriter.__init__).parameters
    for name in ("_lk", "compound", "limitmb"):
        assert name in init, (f"Whoosh {VERSION}: SegmentWriter.__init__ lost its `{name}` "
                              "argument; whoosh_private.segment_writer passes it")
    for method in ("_finalize_segment", "_close_segment"):
        assert callable(getattr(writing.SegmentWriter, method, None)), (
            f"Whoosh {VERSION}: SegmentWriter.{method} is gone; whoosh_private calls it")
        params = inspect.signature(getattr(writing.SegmentWriter, method)).parameters
        assert list(params) == ["self"], (
            f"Whoosh {VERSION}: SegmentWriter.{method} now takes {list(params)}; "
            "whoosh_private calls it with no arguments")
    commit = inspect.signature(writing.SegmentWriter.commit).parameters
    assert "mergetype" in commit, (f"Whoosh {VERSION}: SegmentWriter.commit lost `mergetype`, "
                                   "the hook whoosh_private.commit_with publishes segments by")
    for policy in ("MERGE_SMALL", "NO_MERGE"):
        assert callable(getattr(writing, policy, None)), (
            f"Whoosh {VERSION}: whoosh.writing.{policy} is gone; whoosh_private.commit_with "
            "uses it")


def test_segment_written_beside_the_locked_writer_is_published(tmp_path):
    ix = new_index(tmp_path / "ix")
    writer = ix.writer()  # holds the index's write lock, as the builder's writer does
    side = whoosh_private.segment_writer(ix)  # must not need that lock
    side.add_document(id="a-1", path="a.txt", body="hello world")
    side.add_document(id="a-2", path="a.txt", body="second article")
    segment = whoosh_private.finish_segment(side)
    assert segment is not None and segment.doc_count() == 2, (
        f"Whoosh {VERSION}: SegmentWriter._finalize_segment() no longer returns the written "
        "segment")
    whoosh_private.commit_with(writer, [segment], merge=False)
    reopened = whoosh_index.open_dir(str(tmp_path / "ix"))
    assert ids(reopened) == ["a-1", "a-2"], (
        f"Whoosh {VERSION}: a segment from _finalize_segment, listed by commit(mergetype=...), "
        "is not readable after the TOC is written (_commit_toc)")
    with reopened.searcher() as searcher:
        assert searcher.document_number(id="a-2") is not None
    reopened.close()


def test_segments_join_the_existing_ones_and_deletions_apply(tmp_path):
    ix = new_index(tmp_path / "ix")
    first = ix.writer()
    first.add_document(id="old-1", path="old.txt", body="old text")
    first.add_document(id="gone-1", path="gone.txt", body="removed file")
    first.commit()
    writer = ix.writer()
    writer.delete_by_term("path", "gone.txt")
    side = whoosh_private.segment_writer(ix)
    side.add_document(id="new-1", path="new.txt", body="new text")
    whoosh_private.commit_with(writer, [whoosh_private.finish_segment(side)], merge=True)
    assert ids(whoosh_index.open_dir(str(tmp_path / "ix"))) == ["new-1", "old-1"], (
        f"Whoosh {VERSION}: commit(mergetype=...) no longer keeps the old segments, applies "
        "the writer's deletions and adds ours in one commit")


def test_a_dropped_segment_leaves_nothing_behind(tmp_path):
    ix = new_index(tmp_path / "ix")
    writer = ix.writer()
    empty = whoosh_private.segment_writer(ix)
    dropped = empty.newsegment.segid
    whoosh_private.drop_segment(empty)
    assert any(dropped in name for name in ix.storage.list()), \
        "the dropped segment wrote no files: this test no longer tests the sweep"
    side = whoosh_private.segment_writer(ix)
    side.add_document(id="b-1", path="b.txt", body="kept")
    whoosh_private.commit_with(writer, [whoosh_private.finish_segment(side)], merge=False)
    reopened = whoosh_index.open_dir(str(tmp_path / "ix"))
    assert ids(reopened) == ["b-1"]
    stray = [name for name in reopened.storage.list() if dropped in name]
    assert not stray, (f"Whoosh {VERSION}: files of a segment closed with _close_segment() "
                       f"are no longer swept by the next commit: {sorted(stray)}")


def test_cancel_quietly_survives_a_second_cancel(tmp_path):
    ix = new_index(tmp_path / "ix")
    writer = ix.writer()
    writer.cancel()
    whoosh_private.cancel_quietly(writer)  # a closed writer raises inside Whoosh: swallowed


def test_word_frequencies_read_by_block_agree_with_whoosh_matchers(tmp_path):
    boosted = whoosh_fields.Schema(id=whoosh_fields.ID(stored=True), path=whoosh_fields.ID(),
                                   body=whoosh_fields.TEXT(phrase=False, field_boost=3.0))
    (tmp_path / "ix").mkdir()
    ix = whoosh_index.create_in(str(tmp_path / "ix"), boosted)
    for part in range(2):  # two segments, the second after a deletion: docbases and deletes
        writer = ix.writer()
        for n in range(300):
            words = " ".join(["alpha"] * (1 + n % 5) + ["beta"] * (n % 3))
            writer.add_document(id=f"{part}-{n}", path=f"p{n % 7}", body=words)
        if part:
            writer.delete_by_term("path", "p3")
        writer.commit(merge=False)
    with ix.reader() as reader:
        assert len(list(reader.leaf_readers())) == 2
        for word in ("alpha", "beta", "gamma"):
            expected = dict(reader.postings("body", word).items_as("frequency")) \
                if reader.doc_frequency("body", word) else {}
            got = dict(whoosh_private.word_frequencies(reader, "body", word))
            live = {n: f for n, f in got.items() if not reader.is_deleted(n)}
            assert live == expected, word
            assert set(got) - set(live) <= {n for n in range(reader.doc_count_all())
                                             if reader.is_deleted(n)}
