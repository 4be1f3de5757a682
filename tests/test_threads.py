"""One open `Index` shared by threads (issue 22): a web app serves every request from one
open index, so its answers from 8 threads at once must equal one thread's, and a misuse
inside newsgrep must never read as damage to the index."""
from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest

import newsgrep
from newsgrep.errors import IndexDamaged

QUERIES = ["华为", "杨浦", "数字 经济", '"记者 张雯"', "title:杨浦", "杨浦 -华为", "文/摄",
           "date:2023", "的", "区", "上海 OR 北京", "下转第4版"]


def answers(ix, query):
    results = ix.search(query, limit=None)
    hits = [(h.id, h.score, h.snippet, h.highlights) for h in results]
    return hits, ix.count(query), ix.files(query), ix.facets(query, ["paper"])


def test_eight_threads_answer_as_one(seed_index):
    with newsgrep.open_index(seed_index) as ix:
        alone = {q: answers(ix, q) for q in QUERIES}
    with newsgrep.open_index(seed_index) as ix:  # opened here, queried from the pool
        with ThreadPoolExecutor(8) as pool:
            shared = list(pool.map(lambda q: (q, answers(ix, q)), QUERIES * 8))
    assert all(found == alone[q] for q, found in shared)


def test_threads_read_articles_and_stories(seed_index):
    with newsgrep.open_index(seed_index) as ix:
        ids = [h.id for h in ix.search("杨浦", limit=None)]
        alone = [ix.article(i) for i in ids]
        with ThreadPoolExecutor(8) as pool:
            shared = list(pool.map(ix.article, ids * 4))
    assert shared == alone * 4


def test_a_connection_misused_is_an_internal_error_not_damage(seed_index):
    with newsgrep.open_index(seed_index) as ix:
        connection, _ = ix._searcher.grams.segments[0]
        connection.close()  # a bug of ours, not a damaged file
        with pytest.raises(sqlite3.ProgrammingError):
            ix.count("华为")
    assert not issubclass(sqlite3.ProgrammingError, IndexDamaged)
