"""What an update reads and writes: in proportion to the files that changed, not to the
archive (issue 26). Real indexes in temporary folders."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from newsgrep.index import changes
from newsgrep.index.build import Indexer
from newsgrep.search.searcher import Searcher

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _files(index: Path) -> dict:
    current = (index / "CURRENT").read_text().strip()
    return json.loads((index / current / "files.json").read_text("utf-8"))


def _count(index: Path, query: str) -> int:
    searcher = Searcher.open(index)
    try:
        return searcher.rank(query, rank=False).total
    finally:
        searcher.close()


def test_unchanged_files_are_not_read_again(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    monkeypatch.setattr(changes, "SETTLED_NS", 0)  # the copy's change time is now
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    entries = _files(index)
    assert all(entry.get("stamp") for entry in entries.values())
    read = []
    real_read = changes.read_corpus_file
    monkeypatch.setattr(changes, "read_corpus_file",
                        lambda path, *a: read.append(Path(path).name) or real_read(path, *a))
    page = sorted(corpus.glob("*.txt"))[1]
    page.write_text(page.read_text("utf-8") + "\n补记一则更新成本", "utf-8")
    summary = Indexer(index).run()
    assert read == [page.name]
    assert (summary.updated, summary.unchanged) == (1, 4)
    assert _count(index, "补记一则更新成本") == 1


def test_a_file_rewritten_with_its_old_size_and_times_is_still_seen(tmp_path, monkeypatch):
    """The change time moves on every write and cannot be set back: a same-size edit
    with its modification time restored is found."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    monkeypatch.setattr(changes, "SETTLED_NS", 0)
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    page = sorted(corpus.glob("*.txt"))[2]
    info = os.stat(page)
    text = page.read_text("utf-8")
    edited = text.replace("杨浦", "浦杨", 1) if "杨浦" in text else "甲" + text[1:]
    assert len(edited.encode()) == len(text.encode()) and edited != text
    page.write_text(edited, "utf-8")
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    summary = Indexer(index).run()
    assert summary.updated == 1


def test_a_recently_written_file_is_hashed_again(tmp_path):
    """A stat taken within two seconds of a write is not trusted (the write may share
    its timestamp with a later one): such files carry no stamp and are read next time."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    assert not any(entry.get("stamp") for entry in _files(index).values())
    assert Indexer(index).run().unchanged == 5


def _docmap_read_whole(index: Path) -> list[int]:
    """The docmap as a first build makes it: every Whoosh document's id looked up."""
    from newsgrep.index.assembly import _read_places, store_places
    from newsgrep.index.schema import build_schema
    from newsgrep.index.whoosh_private import open_whoosh

    folder = index / (index / "CURRENT").read_text().strip()
    places = store_places(folder / "store")
    ix = open_whoosh(folder / "whoosh", build_schema())
    try:
        with ix.reader() as reader:
            return [p for leaf, _base in reader.leaf_readers() for p in _read_places(leaf, places)]
    finally:
        ix.close()


def test_an_updates_docmap_placed_from_the_previous_one_is_the_one_read_whole(tmp_path):
    from array import array

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    pages = sorted(corpus.glob("*.txt"))
    for round_, change in enumerate(("edit", "remove", "add", "edit")):
        if change == "edit":  # one article's text: its other articles keep their documents
            page = pages[round_ % len(pages)]
            page.write_text(page.read_text("utf-8").replace("\n\n", f"\n\n补记{round_} ", 1), "utf-8")
        elif change == "remove":
            pages[0].unlink()
        else:
            (corpus / "000_added.txt").write_text("新增一页\n\n本报讯 新增的一篇报道。\n", "utf-8")
        Indexer(index).run()
        folder = index / (index / "CURRENT").read_text().strip()
        written = array("q", (folder / "store" / "whoosh.docmap").read_bytes())
        assert list(written) == _docmap_read_whole(index)
        _gram_maps_agree_with_the_store(folder)
        assert _count(index, f"补记{round_}") == (1 if change == "edit" else 0)


def _gram_maps_agree_with_the_store(folder: Path) -> None:
    """Every live entry of every gram map points at its own article's store record, and
    every record is reached once: an edit's maps, copied with its records cleared (in
    place), and an add's or remove's, moved, alike."""
    from newsgrep.fields import ARTICLE_KEY
    from newsgrep.index import grams
    from newsgrep.index.store import Store

    store = Store(folder / "store")
    try:
        ids = list(store.columns[ARTICLE_KEY])
    finally:
        store.close()
    reached = []
    for segment in sorted((folder / grams.FOLDER).glob("*.db")):
        mapping = grams.read_map(segment.with_suffix(".map"))
        for local, article_id, _path in grams.segment_articles(segment):
            if mapping[local] >= 0:
                assert ids[mapping[local]] == article_id
                reached.append(mapping[local])
    assert sorted(reached) == list(range(len(ids)))


def test_an_update_copies_the_files_table_lines_it_keeps(tmp_path):
    """The files table is one JSON object, an entry a line: an update writes the lines
    of the files it changed, and copies the others' from the previous table."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    before = _table_lines(index)
    page = sorted(corpus.glob("*.txt"))[3]
    page.write_text(page.read_text("utf-8").replace("\n\n", "\n\n补记 ", 1), "utf-8")
    Indexer(index).run()
    after = _table_lines(index)
    assert len(after) == len(before) == 5
    assert [path for path in after if after[path] != before[path]] == [str(page)]
    rebuilt = tmp_path / "rebuilt"
    Indexer(rebuilt, [corpus]).run()
    assert _files(rebuilt).keys() == _files(index).keys()


def _table_lines(index: Path) -> dict[str, str]:
    current = (index / "CURRENT").read_text().strip()
    text = (index / current / "files.json").read_text("utf-8")
    lines = text.split("\n")
    assert (lines[0], lines[-1]) == ("{", "}") and json.loads(text)
    return {next(iter(json.loads("{" + line.rstrip(",") + "}"))): line.rstrip(",")
            for line in lines[1:-1]}


def test_a_files_table_is_an_entry_a_line_and_names_not_utf8_are_escaped(tmp_path):
    """`write_files` writes one JSON object, an entry a line (lines kept from the
    previous table as bytes); a table as earlier versions wrote it, on one line, has no
    lines to keep."""
    from newsgrep.index.generations import Generation, write_files

    files = {"/c/a.txt": {"hash": "1", "records": 2}, "/c/b\udcff.txt": {"hash": "2"}}
    one_line = Generation(tmp_path, {}, _files=files, _files_data=json.dumps(files).encode())
    assert one_line.file_lines() == {}
    (tmp_path / "new").mkdir()
    write_files(tmp_path / "new", [b'"/c/kept.txt":{"hash":"0"}', *files.items()])
    written = (tmp_path / "new" / "files.json").read_bytes()
    assert json.loads(written) == {"/c/kept.txt": {"hash": "0"}, **files}
    assert written.count(b"\n") == 4
    (tmp_path / "empty").mkdir()
    write_files(tmp_path / "empty", [])
    assert json.loads((tmp_path / "empty" / "files.json").read_bytes()) == {}


def test_the_files_table_counts_each_files_store_records(tmp_path):
    """An update finds an unchanged file's records by the files table's counts (one
    addition a file), not by reading the store's path column: the two must agree,
    through edits, removals and additions."""
    from newsgrep.index.generations import open_current
    from newsgrep.index.store import Store

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    pages = sorted(corpus.glob("*.txt"))
    for change in ("edit", "remove", "add", None):
        if change == "edit":
            pages[2].write_text(pages[2].read_text("utf-8").replace("\n\n", "\n\n补记 ", 1),
                                "utf-8")
        elif change == "remove":
            pages[1].unlink()
        elif change == "add":
            (corpus / "000_added.txt").write_text("新增一页\n\n本报讯 新增的一篇报道。\n", "utf-8")
        if change:
            Indexer(index).run()
        generation = open_current(index)
        store = Store(generation.store_dir)
        try:
            by_count = store.file_ranges(generation.files)
            by_column = store.file_ranges(None)
            assert {p: list(r) for p, r in by_count.items()} == \
                {p: list(r) for p, r in by_column.items()} == store.docs_by_path()
            assert all(isinstance(entry.get("records"), int)
                       for entry in generation.files.values())
        finally:
            store.close()
            generation.release()


def test_a_files_table_that_does_not_add_up_is_not_trusted(tmp_path):
    """Counts that do not add up to the store (damage, or an index from before them)
    are passed over for the store's own path column."""
    from newsgrep.index.generations import open_current
    from newsgrep.index.store import Store

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    generation = open_current(index)
    store = Store(generation.store_dir)
    try:
        wrong = {path: dict(entry, records=entry["records"] + 1)
                 for path, entry in generation.files.items()}
        none = {path: {k: v for k, v in entry.items() if k != "records"}
                for path, entry in generation.files.items()}
        expected = {p: list(r) for p, r in store.file_ranges(None).items()}
        for files in (wrong, none):
            assert {p: list(r) for p, r in store.file_ranges(files).items()} == expected
    finally:
        store.close()
        generation.release()


def test_the_benchmark_edits_the_same_page_in_a_corpus_and_its_copies(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "update_cost", Path(__file__).resolve().parent.parent / "benchmarks" / "update_cost.py")
    update_cost = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(update_cost)
    copies = tmp_path / "copies"
    for k in range(3):
        shutil.copytree(SEEDS, copies / str(k))
    one, three = update_cost.edited_page(SEEDS), update_cost.edited_page(copies)
    assert one.name == three.name and three.parent.name == "0"
    assert one.read_bytes() == three.read_bytes()


def test_an_edit_finds_the_unchanged_articles_of_its_file(tmp_path):
    """A one-article edit re-indexes one article: the others of the page are found
    unchanged in the old store, through the files table's counts."""
    from newsgrep.index.changes import find_sources
    from newsgrep.index.generations import open_current
    from newsgrep.index.records import FileReport, read_articles
    from newsgrep.index.segments import ArticleReuse

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    page = corpus / "002_250b9268bf67af87.txt"
    page.write_text(page.read_text("utf-8").replace("周慧琳一行先后前往", "周慧琳一行首先前往"),
                    "utf-8")
    source = next(s for s in find_sources([corpus], []) if s.path == str(page))
    records = list(read_articles(source, FileReport(source.path, source.digest)))
    generation = open_current(index)
    try:
        reuse = ArticleReuse(generation.store, generation.file_ranges, writer=None)
        same = [article.id for article, folded in records if reuse.unchanged(article, folded)]
    finally:
        generation.release()
    assert len(records) > 2 and len(same) == len(records) - 1


def test_an_update_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    """A run freezes what it has loaded (`build._freeze_loaded`) and thaws it at the end;
    a program that froze objects of its own finds them frozen still."""
    import gc

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "index"
    before = gc.get_freeze_count()
    Indexer(index, [corpus]).run()
    page = sorted(corpus.glob("*.txt"))[0]
    page.write_text(page.read_text("utf-8") + "\n补记冻结", "utf-8")
    assert Indexer(index).run().updated == 1
    assert gc.get_freeze_count() == before
    gc.freeze()
    frozen = gc.get_freeze_count()
    try:
        page.write_text(page.read_text("utf-8") + "\n补记又一则", "utf-8")
        assert Indexer(index).run().updated == 1
        assert gc.get_freeze_count() > frozen // 2  # frozen still (less what was freed)
    finally:
        gc.unfreeze()
    assert _count(index, "补记又一则") == 1
