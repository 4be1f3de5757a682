"""Incremental updates, rebuilds and the index's bookkeeping, on real Whoosh indexes."""
from __future__ import annotations

import json
import stat

import pytest

from newsgrep.errors import NewsgrepError
from newsgrep.index.build import Indexer
from newsgrep.search.searcher import Searcher


def count(index_dir, query="杨浦") -> int:
    s = Searcher.open(index_dir)
    try:
        return s.rank(query, rank=False).total
    finally:
        s.close()


def articles(index_dir) -> int:
    s = Searcher.open(index_dir)
    try:
        return s.store.article_count()
    finally:
        s.close()


def test_second_run_touches_nothing(seed_copy, tmp_path):
    ix = tmp_path / "ix"
    first = Indexer(ix, [seed_copy]).run()
    second = Indexer(ix).run()  # corpus remembered in the index
    assert first.added == 5
    assert (second.added, second.updated, second.removed, second.unchanged) == (0, 0, 0, 5)
    assert second.articles == first.articles


def test_changed_file_is_replaced_not_doubled(seed_copy, tmp_path):
    ix = tmp_path / "ix"
    total = Indexer(ix, [seed_copy]).run().articles
    page = seed_copy / "001_cd34915e0be2f362.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("华为", "鸿蒙"), encoding="utf-8")
    summary = Indexer(ix).run()
    assert summary.updated == 1 and summary.unchanged == 4
    assert articles(ix) == total
    assert count(ix, "鸿蒙") > 0
    assert count(ix, "华为签署") == 0


def test_removed_file_leaves_the_index(seed_copy, tmp_path):
    ix = tmp_path / "ix"
    Indexer(ix, [seed_copy]).run()
    (seed_copy / "001_cd34915e0be2f362.txt").unlink()
    summary = Indexer(ix).run()
    assert summary.removed == 1
    assert count(ix, "胡厚崑") == 0


def test_rebuild_gives_the_same_index(seed_copy, tmp_path):
    ix = tmp_path / "ix"
    first = Indexer(ix, [seed_copy]).run()
    again = Indexer(ix, [seed_copy], rebuild=True).run()
    assert again.added == 5 and again.articles == first.articles


def test_index_folder_is_private(seed_copy, tmp_path):
    ix = tmp_path / "ix"
    Indexer(ix, [seed_copy]).run()
    assert stat.S_IMODE(ix.stat().st_mode) == 0o700


def test_manifest_records_corpus_hashes_and_analyser(seed_copy, tmp_path):
    ix = tmp_path / "ix"
    Indexer(ix, [seed_copy]).run()
    current = (ix / "CURRENT").read_text().strip()
    manifest = json.loads((ix / current / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["roots"] == [str(seed_copy)]
    files = json.loads((ix / current / "files.json").read_text("utf-8"))
    assert all(len(f["hash"]) == 64 for f in files.values())
    assert manifest["analyser"]


def test_index_of_another_analyser_asks_for_rebuild(seed_copy, tmp_path):
    ix = tmp_path / "ix"
    Indexer(ix, [seed_copy]).run()
    current = ix / (ix / "CURRENT").read_text().strip() / "manifest.json"
    manifest = json.loads(current.read_text(encoding="utf-8"))
    manifest["analyser"] = "something-else"
    current.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(NewsgrepError, match="--rebuild"):
        Searcher.open(ix)
    with pytest.raises(NewsgrepError, match="--rebuild"):
        Indexer(ix).run()
    assert Indexer(ix, rebuild=True).run().added == 5


def test_missing_corpus_path_is_an_error(tmp_path):
    with pytest.raises(NewsgrepError, match="not found"):
        Indexer(tmp_path / "ix", [tmp_path / "nowhere"]).run()


def test_sidecar_fills_missing_metadata(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "p.txt").write_text("标题一\n\n本报讯 正文内容在这里。\n", encoding="utf-8")
    (corpus / "p.meta.toml").write_text('paper = "虹口报"\ndate = 2024-12-05\npage = 3\n',
                                        encoding="utf-8")
    Indexer(tmp_path / "ix", [corpus]).run()
    s = Searcher.open(tmp_path / "ix")
    article = s.record(0)
    s.close()
    assert (article.paper, article.date, article.page) == ("虹口报", "2024-12-05", 3)


def test_parallel_build_matches_a_serial_one(seed_copy, tmp_path, monkeypatch):
    from newsgrep.index import build as indexing

    serial = Indexer(tmp_path / "serial", [seed_copy], workers=1).run()
    monkeypatch.setattr(indexing, "PARALLEL_THRESHOLD_BYTES", 0)
    parallel = Indexer(tmp_path / "parallel", [seed_copy], workers=2).run()
    assert parallel.articles == serial.articles
    for query in ("华为", "杨浦", "title:数字", "侃"):
        assert count(tmp_path / "parallel", query) == count(tmp_path / "serial", query)
    # Whoosh ranks the same articles whichever process wrote them.
    s = Searcher.open(tmp_path / "parallel")
    results = s.rank("华为 数字化", limit=5)
    assert all(results.scores.get(d, 0) > 0 for d in results.docs[:1])
    s.close()


def test_incremental_update_after_parallel_build(seed_copy, tmp_path, monkeypatch):
    from newsgrep.index import build as indexing

    monkeypatch.setattr(indexing, "PARALLEL_THRESHOLD_BYTES", 0)
    ix = tmp_path / "ix"
    total = Indexer(ix, [seed_copy], workers=2).run().articles
    page = seed_copy / "002_250b9268bf67af87.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert Indexer(ix, workers=2).run().updated == 1
    assert articles(ix) == total


def test_page_remainder_keeps_only_text_outside_articles():
    from newsgrep.ingest.pages import page_articles
    from tests.conftest import SEEDS

    numbered = page_articles((SEEDS / "001_cd34915e0be2f362.txt").read_text(encoding="utf-8"))
    ordinal, remainder = numbered[0]
    assert ordinal == 0
    assert "楊浦時報" in remainder.body and "65653113" in remainder.body
    assert "华为" not in remainder.body  # article text is not repeated
    assert [n for n, _ in numbered[1:]] == list(range(1, len(numbered)))
    page = (SEEDS / "000_c18af8268db4f541.txt").read_text(encoding="utf-8")
    assert page_articles(page)[0][0] == 1  # every line of 000 belongs to an article


def whoosh_ids(index_dir) -> list[str]:
    """The ids of the live Whoosh documents: one per stored record, never two."""
    s = Searcher.open(index_dir)
    try:
        reader = s._whoosh_searcher().reader()
        column = reader.column_reader("id")
        return [column[n] for n in range(reader.doc_count_all()) if not reader.is_deleted(n)]
    finally:
        s.close()


def test_one_article_edit_keeps_the_others_and_replaces_that_one(seed_copy, tmp_path):
    ix = tmp_path / "ix"
    Indexer(ix, [seed_copy]).run()
    before = sorted(whoosh_ids(ix))
    page = seed_copy / "002_250b9268bf67af87.txt"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("周慧琳一行先后前往", "周慧琳一行首先前往"), encoding="utf-8")
    assert Indexer(ix).run().updated == 1
    assert sorted(whoosh_ids(ix)) == before  # same articles, each once
    assert count(ix, "首先前往") == 1 and count(ix, "先后前往") == 0
    s = Searcher.open(ix)
    # The edited article (公共文化) and kept ones (数字经济) are all still ranked by Whoosh.
    results = s.rank("公共文化 OR 数字经济")
    assert results.total > 2 and all(results.scores.get(d, 0) > 0 for d in results.docs)
    s.close()


def test_a_shrinking_file_leaves_no_stale_documents(seed_copy, tmp_path):
    ix = tmp_path / "ix"
    Indexer(ix, [seed_copy]).run()
    page = seed_copy / "002_250b9268bf67af87.txt"
    text = page.read_text(encoding="utf-8")
    page.write_text(text[:text.index("三明三元区党政代表团")], encoding="utf-8")
    Indexer(ix).run()
    ids = whoosh_ids(ix)
    assert len(ids) == len(set(ids))
    s = Searcher.open(ix)
    assert sorted(ids) == sorted(s.store.columns["id"])
    s.close()
    assert count(ix, "肖世龙") == 0


def test_compare_finds_new_changed_and_removed_files():
    from newsgrep.index.changes import SourceFile, compare

    sources = [SourceFile("a.txt", 1, "h1", {}), SourceFile("b.txt", 1, "new", {}),
               SourceFile("c.txt", 1, "h3", {})]
    old = {"a.txt": {"hash": "h1"}, "b.txt": {"hash": "h2"}, "gone.txt": {"hash": "h4"}}
    changes = compare(sources, old)
    assert [s.path for s in changes.changed] == ["b.txt", "c.txt"]
    assert changes.removed == ["gone.txt"] and changes.unchanged == 1
    assert compare(sources[:1], {"a.txt": {"hash": "h1"}}).nothing


def test_split_evenly_shares_bytes_not_files():
    from newsgrep.index.changes import SourceFile
    from newsgrep.index.workers import split_evenly

    sizes = [900, 500, 400, 100, 100]
    groups = split_evenly([SourceFile(f"{i}.txt", n, "", {}) for i, n in enumerate(sizes)], 2)
    assert sorted(sum(s.size for s in g) for g in groups) == [1000, 1000]
    assert len(split_evenly([SourceFile("one.txt", 5, "", {})], 4)) == 1
