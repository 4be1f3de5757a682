"""An update's plan (`index/plan.py`): unchanged files carried as stretches (`Kept`),
every other file an item of its own. Real indexes of the seed pages in temporary folders."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from newsgrep.index import changes
from newsgrep.index.build import Indexer
from newsgrep.index.changes import SourceFile
from newsgrep.index.generations import open_current
from newsgrep.index.plan import Kept, plan_update

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture()
def built(tmp_path, monkeypatch):
    """The seeds copied and indexed, with stamps recorded (the copy was just written)."""
    monkeypatch.setattr(changes, "SETTLED_NS", 0)
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    return corpus, index


def _plan(corpus: Path, index: Path, one_line_table: bool = False):
    old = open_current(index)
    try:
        if one_line_table:  # as versions before lines wrote it
            old._files_data = json.dumps(old.files).encode()
        return plan_update([corpus], 1 << 30, index, old), old.file_ranges, old.file_lines()
    finally:
        old.release()


def test_an_edit_is_an_item_between_two_stretches_kept_as_they_were(built):
    corpus, index = built
    pages = sorted(str(p) for p in corpus.glob("*.txt"))
    Path(pages[2]).write_text(Path(pages[2]).read_text("utf-8") + "\n补记", "utf-8")
    plan, ranges, lines = _plan(corpus, index)
    assert [type(item) for item in plan.items] == [Kept, SourceFile, Kept]
    first, edited, last = plan.items
    assert (first.files, last.files, edited.path) == (2, 2, pages[2])
    assert [s.path for s in plan.changed] == [pages[2]] and not plan.removed
    for kept, paths in ((first, pages[:2]), (last, pages[3:])):
        assert list(kept.records) == [n for path in paths for n in ranges[path]]
        assert kept.lines == b",\n".join(lines[path] for path in paths)
    assert set(plan.old_entries) == set(plan.old_ranges) == {pages[2]}


def test_a_file_touched_but_not_changed_is_an_item_with_its_new_stamp(built):
    corpus, index = built
    page = sorted(corpus.glob("*.txt"))[0]
    info = os.stat(page)
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
    plan, _ranges, _lines = _plan(corpus, index)
    assert plan.nothing and [type(item) for item in plan.items] == [SourceFile, Kept]
    assert plan.items[0].stamp[1] == info.st_mtime_ns + 10**9
    assert Indexer(index).run().unchanged == 5  # nothing to index: the table is as it was


def test_removed_and_added_files_break_the_stretches(built):
    corpus, index = built
    pages = sorted(corpus.glob("*.txt"))
    pages[1].unlink()
    (corpus / "003a_added.txt").write_text("新增一页\n\n本报讯 新增的一篇报道。\n", "utf-8")
    plan, _ranges, _lines = _plan(corpus, index)
    assert plan.removed == [str(pages[1])] and str(pages[1]) in plan.old_entries
    kinds = [type(item) for item in plan.items]
    assert kinds == [Kept, Kept, SourceFile, Kept]  # 000 | 002 003 | 003a | 004
    assert [s.path for s in plan.changed] == [str(corpus / "003a_added.txt")]
    summary = Indexer(index).run()
    assert (summary.added, summary.removed, summary.unchanged) == (1, 1, 4)


def test_a_table_on_one_line_plans_every_file_as_an_item(built):
    corpus, index = built
    plan, ranges, _lines = _plan(corpus, index, one_line_table=True)
    assert all(isinstance(item, SourceFile) for item in plan.items) and len(plan.items) == 5
    assert plan.old_ranges == ranges and plan.nothing
