"""A big file's records read ahead in a child process (`index/read_ahead.py`): the same
records and report as reading it here, a child that never outlives its reader, and a
failure said in one line."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsgrep.errors import NewsgrepError
from newsgrep.index import read_ahead
from newsgrep.index.changes import SourceFile, source_digest
from newsgrep.index.records import FileReport, read_articles

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_PAGES = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture
def big_file(tmp_path, monkeypatch):
    """A file of the seed pages many times over, counted as big (read ahead) here."""
    page = tmp_path / "year.txt"
    data = "\f".join(SEED_PAGES * 6).encode("utf-8")
    page.write_bytes(data)
    monkeypatch.setattr(read_ahead, "STREAM_BYTES", 1000)
    monkeypatch.setattr(read_ahead, "usable_cores", lambda: 2)
    return SourceFile(str(page), len(data), source_digest(data, {"paper": "杨浦时报"}),
                      {"paper": "杨浦时报"}, "year.txt")


def read_here(source):
    report = FileReport(source.path, source.digest)
    return list(read_articles(source, report)), report


def _children() -> set[int]:
    pids = set()
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/children") as f:
            pids |= {int(p) for p in f.read().split()}
    return {p for p in pids if os.path.exists(f"/proc/{p}")
            and b"read_ahead" in Path(f"/proc/{p}/cmdline").read_bytes()}


def test_the_child_gives_the_records_and_report_read_here(big_file, monkeypatch):
    expected, expected_report = read_here(big_file)
    assert read_ahead.reads_ahead(big_file) and len(expected) > 6 * len(SEED_PAGES)

    def not_here(*_args):
        raise AssertionError("read in this process, not in the child")

    monkeypatch.setattr(read_ahead, "read_articles", not_here)
    report = FileReport(big_file.path, big_file.digest)
    assert list(read_ahead.records_of(big_file, report)) == expected
    assert report == expected_report and report.articles > 0
    assert not _children()


def test_a_small_file_or_one_core_is_read_here(big_file, monkeypatch):
    assert not read_ahead.reads_ahead(big_file._replace(size=999))
    monkeypatch.setattr(read_ahead, "usable_cores", lambda: 1)
    assert not read_ahead.reads_ahead(big_file)


def test_a_reader_that_stops_early_leaves_no_child(big_file, monkeypatch):
    monkeypatch.setattr(read_ahead, "BATCH_RECORDS", 1)  # the child is held a few ahead
    records = read_ahead.records_of(big_file, FileReport(big_file.path, big_file.digest))
    next(records)
    assert _children()  # reading ahead while this process holds one record
    records.close()
    assert not _children()


def test_a_child_that_cannot_start_leaves_the_reading_here(big_file, monkeypatch):
    monkeypatch.setattr(read_ahead, "_CHILD", "import sys; sys.exit(1)")
    expected, expected_report = read_here(big_file)
    report = FileReport(big_file.path, big_file.digest)
    assert list(read_ahead.records_of(big_file, report)) == expected
    assert report == expected_report


def test_a_child_that_fails_midway_stops_the_run_in_one_line(big_file, monkeypatch):
    monkeypatch.setattr(read_ahead, "_CHILD", (
        "import pickle, sys; out = sys.stdout.buffer; "
        "pickle.dump(('records', []), out); out.flush(); sys.exit(3)"))
    with pytest.raises(NewsgrepError, match="year.txt failed .*the index is unchanged"):
        list(read_ahead.records_of(big_file, FileReport(big_file.path, big_file.digest)))
    assert not _children()


def test_a_file_read_ahead_indexes_as_one_read_here(big_file, tmp_path, monkeypatch):
    """The whole build with and without the child: the same articles, found alike."""
    from newsgrep.api import build_index, open_index

    corpus = Path(big_file.path).parent
    found = {}
    for ahead in (True, False):
        monkeypatch.setattr(read_ahead, "usable_cores", lambda: 2 if ahead else 1)
        index = tmp_path / f"index-{ahead}"
        build_index([corpus], index)
        with open_index(index) as ix:
            found[ahead] = (ix.stats()["articles"],
                            sorted(h.article.id for h in ix.search("杨浦", limit=None)))
    assert found[True] == found[False] and found[True][0] > 0
