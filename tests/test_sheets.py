"""The sheet's seams (`index/sheets.py`): every string a page prints and none of its
records holds has a seam pair (or, one character, is a lone character of the page), so
posting only the seams loses no page grep finds."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

import pytest

from newsgrep.index.sheets import (page_from_references, page_references, seams_of,
                                   split_seams)

LETTERS = st.text(alphabet="abc的是", min_size=0, max_size=12)


def _missed_strings(page: str, pieces: list[str]):
    """Every string of the page (no newline) that no piece holds."""
    for line in page.split("\n"):
        for start in range(len(line)):
            for end in range(start + 1, len(line) + 1):
                string = line[start:end]
                if not any(string in piece for piece in pieces):
                    yield string


def _page_of(pieces: list[str], extra: list[str], order) -> tuple[str, str]:
    """A page printing the records' pieces and more, in some order, with line ends and
    stray characters between them; and what its records hold (`held`)."""
    parts = pieces + extra
    order.shuffle(parts)
    page = "".join(p + order.choice(("", "", "\n", "x")) for p in parts)
    return page, "\x00".join(p for p in pieces if p)


PAGES = dict(pieces=st.lists(LETTERS, max_size=5), extra=st.lists(LETTERS, max_size=4),
             order=st.randoms(use_true_random=False))


@settings(max_examples=400, deadline=None)
@given(**PAGES)
def test_every_string_no_record_holds_has_a_seam(pieces, extra, order):
    page, held = _page_of(pieces, extra, order)
    lone, pairs = split_seams(seams_of(page, held))
    for string in _missed_strings(page, pieces):
        if len(string) == 1:
            assert string in lone, (page, pieces, string)
        else:
            assert any(string[k:k + 2] in pairs for k in range(len(string) - 1)), \
                (page, pieces, string)


def test_a_page_its_records_hold_whole_has_few_seams():
    title, body = "南京长江大桥通车", "今天上午，大桥正式通车。市民纷纷前来。"
    page = f"{title}\n本报讯（记者 张三）{body}"
    lone, pairs = split_seams(seams_of(page, "\x00".join((title, body, "张三"))))
    assert set(lone) == set("本报讯（记者 ）")
    assert "车本" not in pairs  # across a newline: no query holds one
    assert "讯（" in pairs and "）今" in pairs and "三）" in pairs
    assert not {"长江", "大桥", "通车", "市民"} & set(pairs)


def test_pages_narrowed_pair_by_pair_still_find_what_grep_finds(tmp_path, monkeypatch):
    """Seam candidates narrowed by every pair (as when a pair is a seam on many pages)
    lose no page grep finds: longer strings of the seed pages, each page checked."""
    import random
    import sys

    import newsgrep
    from newsgrep.search import searcher

    from tests.conftest import REPO, SEEDS

    sys.path.insert(0, str(REPO / "benchmarks"))
    from grep_equivalence import mismatches, read_texts

    monkeypatch.setattr(searcher, "FEW_CANDIDATES", 0)
    index = tmp_path / "index"
    newsgrep.build_index([SEEDS], index)
    texts = read_texts(sorted(SEEDS.glob("*.txt")))
    strings = set()
    for views in texts.values():
        text = views[0]
        strings |= {text[i:i + size] for size in (3, 4, 6) for i in range(len(text) - size)}
    strings = {s for s in strings if s == s.strip() and '"' not in s}
    chosen = set(random.Random(26).sample(sorted(strings), 1500))
    assert list(mismatches(index, texts, chosen)) == []


@settings(max_examples=400, deadline=None)
@given(**PAGES)
def test_a_page_is_rebuilt_from_its_references_whatever_its_records_hold(pieces, extra, order):
    page, held = _page_of(pieces, extra, order)
    assert page_from_references(page_references(page, held), held) == page


def test_a_page_its_records_hold_is_stored_in_a_few_bytes():
    title, body = "南京长江大桥通车", "今天上午，大桥正式通车。市民纷纷前来。" * 40
    page = f"本报讯\n{title}\n{body}\n（记者 王明）\n"
    held = "\x00".join((title, body))
    data = page_references(page, held)
    assert page_from_references(data, held) == page
    assert len(data) < len(page.encode("utf-8")) // 20


def test_references_read_against_other_records_are_refused():
    held = "今天上午，大桥正式通车。"
    data = page_references("大桥正式通车", held)
    with pytest.raises(ValueError):
        page_from_references(data, "短")
    with pytest.raises(ValueError):
        page_from_references(data[:-2], held)


def test_the_store_rebuilds_every_page_from_its_references(tmp_path):
    # The store keeps each page as references into its records (issue 26: the pages were
    # an eighth of the index); every page must read back exactly as it was folded.
    import newsgrep
    from newsgrep.fields import SHEET_FIELD
    from newsgrep.index.changes import find_sources
    from newsgrep.index.generations import open_current
    from newsgrep.index.records import FileReport, read_articles
    from newsgrep.index.store import Store

    from tests.conftest import SEEDS

    index = tmp_path / "index"
    newsgrep.build_index([SEEDS], index)
    pages = {article.id: folded[SHEET_FIELD]
             for source in find_sources([SEEDS], [])
             for article, folded in read_articles(source, FileReport(source.path, ""))
             if folded.get(SHEET_FIELD)}
    generation = open_current(index)
    store = Store(generation.store_dir, generation.expected("store"))
    ids = store.columns["id"]
    read = {ids[doc]: store.folded(doc, SHEET_FIELD) for doc in range(len(store))
            if ids[doc] in pages}
    assert read == pages and len(pages) == len(list(SEEDS.glob("*.txt")))
