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
