"""Gram postings: matching through them finds exactly what a scan of the store finds.

Real indexes in temporary folders: the seed pages and two files of the benchmark corpus,
built with small memory budgets (so that several segments are written), updated, and
searched for random stretches of their own text, checked against a plain scan of the
folded fields (`Store.docs_containing`, what the store answered before grams existed).
"""
from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from newsgrep.errors import IndexDamaged
from newsgrep.fields import MATCHED_FIELDS
from newsgrep.index import grams
from newsgrep.index.build import Indexer
from newsgrep.search.searcher import Searcher

DATA = Path(__file__).resolve().parent / "data"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    for page in (DATA / "bench_sample").glob("*.txt"):
        shutil.copy(page, corpus / page.name)
    return corpus


def _random_needles(searcher: Searcher, count: int, seed: int):
    """(field, stretch) pairs cut from the index's own folded text, of 1 to 12 characters."""
    rng = random.Random(seed)
    store = searcher.store
    while count:
        field = rng.choice(MATCHED_FIELDS)  # the sheet posts its seams only
        text = store.folded(rng.randrange(len(store)), field)
        if not text:
            continue
        size = rng.choice((1, 2, 3, 4, 5, 8, 12))
        start = rng.randrange(max(1, len(text) - size + 1))
        yield field, text[start:start + size]
        count -= 1


def _assert_same_as_scan(index: Path, needles: int = 300, seed: int = 7) -> None:
    searcher = Searcher.open(index)
    try:
        for field, needle in _random_needles(searcher, needles, seed):
            found = searcher.occurrences.of(field, needle)
            assert sorted(found) == searcher.store.docs_containing(field, needle), needle
            for doc, count in found.items():
                assert count >= 1
                if len(needle) > 2:  # one- and two-character counts come from postings
                    assert count == searcher.store.count_in(doc, field, needle)
    finally:
        searcher.close()


def test_postings_find_what_a_scan_finds(tmp_path):
    index = tmp_path / "index"
    Indexer(index, [_corpus(tmp_path)]).run()
    _assert_same_as_scan(index)


def test_a_small_memory_budget_writes_several_segments_with_the_same_answers(tmp_path):
    index = tmp_path / "index"
    Indexer(index, [_corpus(tmp_path)], workers=1, memory_mib=1).run()
    segments = list((next(index.glob("gen-*")) / grams.FOLDER).glob("*.db"))
    assert len(segments) > 2
    _assert_same_as_scan(index)


def test_updates_retire_old_postings_and_add_new_ones(tmp_path):
    corpus = _corpus(tmp_path)
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    page = sorted(corpus.glob("*.txt"))[0]
    old_text = page.read_text("utf-8")
    page.write_text(old_text.replace("的", "滘"), "utf-8")  # a character no seed holds
    removed = sorted(corpus.glob("*.txt"))[-1]
    removed_words = removed.read_text("utf-8")[200:206]
    removed.unlink()
    Indexer(index, [corpus]).run()
    searcher = Searcher.open(index)
    try:
        paths = searcher.store.columns["path"]
        holders = {paths[d] for d in searcher.occurrences.of("body", "滘")}
        assert holders == {str(page)}
        assert not any(p == str(removed) for p in paths)
        assert all(paths[d] != str(removed)
                   for d in searcher.occurrences.of("body", removed_words))
        # The edited page's old text no longer matches through its old postings.
        assert all(paths[d] != str(page) or "的" in searcher.store.folded(d, "body")
                   for d in searcher.occurrences.of("body", "的"))
    finally:
        searcher.close()
    _assert_same_as_scan(index, seed=11)


def test_a_segment_with_no_live_article_is_dropped(tmp_path):
    corpus = _corpus(tmp_path)
    index = tmp_path / "index"
    Indexer(index, [corpus], workers=1).run()
    first = {p.name for p in (next(index.glob("gen-*")) / grams.FOLDER).glob("*.db")}
    for page in corpus.glob("*.txt"):
        page.write_text(page.read_text("utf-8") + "\n", "utf-8")
    Indexer(index, [corpus], workers=1).run()
    current = (index / (index / "CURRENT").read_text().strip()) / grams.FOLDER
    assert first.isdisjoint(p.name for p in current.glob("*.db"))
    _assert_same_as_scan(index, needles=100)


def test_a_damaged_segment_is_reported_by_check(tmp_path):
    from newsgrep.api import open_index

    index = tmp_path / "index"
    Indexer(index, [SEEDS]).run()
    segment = next((next(index.glob("gen-*")) / grams.FOLDER).glob("*.db"))
    data = bytearray(segment.read_bytes())
    data[len(data) // 2: len(data) // 2 + 64] = b"\xff" * 64  # same size: only a check sees it
    segment.write_bytes(bytes(data))
    with open_index(index) as opened, pytest.raises(IndexDamaged, match="checksum"):
        opened.check()


def test_segments_are_sqlite_with_postings_blocks_in_key_order(tmp_path):
    index = tmp_path / "index"
    Indexer(index, [SEEDS]).run()
    segment = next((next(index.glob("gen-*")) / grams.FOLDER).glob("*.db"))
    connection = sqlite3.connect(segment)
    try:
        firsts = [k for (k,) in connection.execute("SELECT first FROM blocks ORDER BY rowid")]
        assert firsts == sorted(firsts) and len(firsts) > 10
        keys = grams.segment_postings(connection, 0, 1 << 62)[0].tolist()
        assert keys == sorted(keys) and len(set(keys)) > 1000
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()


def test_a_segments_postings_unpacked_at_once_are_those_of_each_key(tmp_path):
    """`segment_postings` (a merge's reading, a block at a time) gives every key's
    articles and counts as the query path's `Block.postings` does, key by key, and only
    the keys of the range asked for, however it falls across blocks."""
    index = tmp_path / "index"
    Indexer(index, [SEEDS]).run()
    segment = next((next(index.glob("gen-*")) / grams.FOLDER).glob("*.db"))
    connection = grams.open_read_only(segment)
    try:
        expected = []
        for (data,) in connection.execute("SELECT data FROM blocks ORDER BY first"):
            block = grams.Block(data)
            for i, key in enumerate(block.keys):
                numbers, counts = block.postings(i)
                expected.extend((key, n, c) for n, c in zip(numbers, counts))
        all_keys = sorted({key for key, _n, _c in expected})
        bounds = [0, all_keys[1], all_keys[len(all_keys) // 3], all_keys[-1], 1 << 62]
        for low, high in [(0, 1 << 62), *zip(bounds, bounds[1:]), (bounds[2], bounds[2] + 1)]:
            keys, numbers, counts = grams.segment_postings(connection, low, high)
            assert list(zip(keys.tolist(), numbers.tolist(), counts.tolist())) == \
                [p for p in expected if low <= p[0] < high]
    finally:
        connection.close()


def test_many_segments_are_merged_down_with_the_same_answers(tmp_path, monkeypatch):
    from newsgrep.index import gram_merge

    monkeypatch.setattr(gram_merge, "MAX_SEGMENTS", 2)  # the corpus is small: merge early
    monkeypatch.setattr(gram_merge, "MAX_SMALL", 1)
    corpus = _corpus(tmp_path)
    index = tmp_path / "index"
    Indexer(index, [corpus], workers=1, memory_mib=1).run()
    for round_ in range(3):  # updates add segments; the edited files' old postings die
        for page in sorted(corpus.glob("*.txt"))[round_::3]:
            page.write_text(page.read_text("utf-8") + f"\n补记第{round_}次", "utf-8")
        Indexer(index, [corpus], workers=1, memory_mib=1).run()
        current = (index / (index / "CURRENT").read_text().strip()) / grams.FOLDER
        assert len(list(current.glob("*.db"))) <= 3
        assert any("merged" in p.name for p in current.glob("*.db"))
        _assert_same_as_scan(index, needles=150, seed=round_)
    searcher = Searcher.open(index)
    try:
        assert len(searcher.occurrences.of("body", "补记第2次")) == len(
            sorted(corpus.glob("*.txt"))[2::3])
    finally:
        searcher.close()


def test_an_update_beside_big_segments_merges_only_small_ones():
    # A one-file update's segment is never merged into a build share's (at 10x that
    # rewrote 3.4 MB an update, half its time); small ones are merged among themselves.
    from newsgrep.index.gram_merge import MAX_SEGMENTS, MAX_SMALL, to_merge

    build = {f"build-{k}": 9000 + k for k in range(MAX_SEGMENTS)}
    updates = {f"update-{k}": 20 + k for k in range(MAX_SMALL + 1)}
    assert to_merge({**build, "update-0": 20}) == []
    assert to_merge({**build, **updates}) == sorted(updates)
    more = {**build, "build-x": 8000, "update-0": 20}
    assert to_merge(more) == ["build-0", "build-x"]


def test_small_updates_count_grams_without_numpy_to_the_same_segments(tmp_path):
    """An update of a few files counts its grams in plain Python; the segment it writes
    must hold exactly what the NumPy path writes for the same articles."""
    from newsgrep.index.gram_writer import GramWriter
    from newsgrep.index.store import folded_fields
    from newsgrep.ingest.parsing import parse_page

    articles = [a for page in sorted(SEEDS.glob("*.txt"))
                for a in parse_page(page.read_text("utf-8"))]
    rows = {}
    for small in (False, True):
        writer = GramWriter(tmp_path / str(small), "t", 1 << 30, small=small)
        for n, article in enumerate(articles):
            writer.add(f"id{n}", "p", folded_fields(article))
        writer.flush()
        connection = sqlite3.connect(tmp_path / str(small) / "t-000.db")
        rows[small] = connection.execute("SELECT * FROM blocks ORDER BY first").fetchall()
        connection.close()
    assert rows[True] == rows[False] and len(rows[True]) > 10
