"""The update's plan made in a forked process (`index/prefetch.py`): the same plan as
made in the run itself, refused when made against something else. Real indexes of the
seed pages in temporary folders, real forks."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import newsgrep
from newsgrep.index import prefetch
from newsgrep.index.build import Indexer
from newsgrep.index.generations import open_current
from newsgrep.index.plan import plan_update
from newsgrep.ingest.sources import DEFAULT_MAX_FILE_SIZE

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _built(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    page = sorted(corpus.glob("*.txt"))[2]
    page.write_text(page.read_text("utf-8") + "\n补记预取", "utf-8")
    return corpus, index


def test_the_forked_plan_is_the_one_the_run_would_make(tmp_path):
    corpus, index = _built(tmp_path)
    ahead = prefetch.start(index, [corpus])
    assert ahead is not None
    old = open_current(index)
    try:
        here = plan_update([corpus.resolve()], DEFAULT_MAX_FILE_SIZE, index, old)
        taken = ahead.take(old.folder.name, [corpus.resolve()], DEFAULT_MAX_FILE_SIZE)
    finally:
        old.release()
    assert taken is not None and taken.items == here.items
    assert (taken.changed, taken.removed, taken.files) == (here.changed, here.removed, 5)
    assert ahead.pid is None and ahead.fd is None  # reaped, pipe closed


def test_a_plan_made_against_something_else_is_refused(tmp_path):
    corpus, index = _built(tmp_path)
    generation = (index / "CURRENT").read_text().strip()
    for wrong in (("gen-other", [corpus.resolve()], DEFAULT_MAX_FILE_SIZE),
                  (generation, [tmp_path], DEFAULT_MAX_FILE_SIZE),
                  (generation, [corpus.resolve()], 1024)):
        assert prefetch.start(index, [corpus]).take(*wrong) is None


def test_nothing_is_forked_for_an_index_not_built_yet_and_an_unused_fork_is_stopped(tmp_path):
    assert prefetch.start(tmp_path / "none", [SEEDS]) is None
    corpus, index = _built(tmp_path)
    ahead = prefetch.start(index, [corpus])
    pid = ahead.pid
    ahead.close()
    assert ahead.pid is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        pass  # gone: reaped, not left a zombie
    else:
        raise AssertionError(f"process {pid} is still there")


def test_an_update_through_the_api_finds_the_edit(tmp_path):
    corpus, index = _built(tmp_path)
    summary = newsgrep.build_index(corpus, index)
    assert (summary.updated, summary.unchanged) == (1, 4)
    with newsgrep.open_index(index) as ix:
        assert ix.count("补记预取") == 1
