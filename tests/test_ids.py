"""Article ids come from a file's name inside its corpus: the same pages copied elsewhere
keep their ids, and two roots holding the same name still give every article its own id."""
from __future__ import annotations

import shutil
from pathlib import Path

from newsgrep import api
from newsgrep.index.changes import corpus_names

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _ids(corpus, index) -> dict[str, str]:
    """id -> the article's file name, for every article of an index built from `corpus`."""
    api.build_index(corpus, index)
    with api.open_index(index) as ix:
        return {a.id: Path(a.path).name for a in ix.articles()}


def test_the_same_pages_copied_elsewhere_keep_their_ids(tmp_path):
    first = tmp_path / "one" / "seeds"
    second = tmp_path / "two" / "elsewhere"
    shutil.copytree(SEEDS, first)
    shutil.copytree(SEEDS, second)
    ids = _ids(first, tmp_path / "ix1")
    assert ids and ids == _ids(second, tmp_path / "ix2")


def test_ids_of_a_subfolder_carry_the_subfolder(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus / "2023")
    moved = tmp_path / "moved"
    shutil.copytree(corpus, moved)
    assert _ids(corpus, tmp_path / "ix1") == _ids(moved, tmp_path / "ix2")


def test_two_roots_with_the_same_names_give_distinct_ids(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(SEEDS, a)
    shutil.copytree(SEEDS, b)
    api.build_index([a, b], tmp_path / "ix")
    with api.open_index(tmp_path / "ix") as ix:
        articles = list(ix.articles())
    assert len({x.id for x in articles}) == len(articles)
    assert {Path(x.path).parent.name for x in articles} == {"a", "b"}


def test_corpus_names_widen_only_what_collides(tmp_path):
    a, b = tmp_path / "x" / "a", tmp_path / "y" / "a"
    paths = [a / "p.txt", a / "q.txt", b / "p.txt", tmp_path / "single.txt"]
    names = corpus_names(paths, [a, b, tmp_path / "single.txt"])
    assert names[a / "q.txt"] == "q.txt"
    assert names[tmp_path / "single.txt"] == "single.txt"
    # a/p.txt twice: even the roots' names agree, so the whole paths tell them apart
    assert names[a / "p.txt"] == str(a / "p.txt") and names[b / "p.txt"] == str(b / "p.txt")
