"""Big page files (issue 26): a file of megabytes is read in pieces (`ingest/chunks.py`),
each parsed as a page, so that its time and memory follow its size; it keeps every
article, its pages' text stays findable as grep finds it, and the parser never raises."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from newsgrep.ingest import pages
from newsgrep.ingest.chunks import PIECE_CHARS, pieces
from newsgrep.ingest.pages import file_parts, page_articles
from newsgrep.ingest.parsing import parse_page
from newsgrep.ingest.parsing.draft import Draft
from newsgrep.ingest.parsing.matching import reattach_strays
from tests.conftest import REPO, SEEDS

SEED_PAGES = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
# Plain exports ('title, blank line, body, blank line'), as the benchmark corpus is written.
EXPORTS = [p.read_text(encoding="utf-8")
           for p in sorted((REPO / "tests" / "data" / "bench_sample").glob("*.txt"))]


def articles_of(text: str) -> list:
    return [article for part in file_parts(text) for n, article in part.records if n]


def plain(articles) -> list:
    """Articles without the page text the first record of a page carries."""
    return [replace(a, page_text="") for a in articles]


# --- the IndexError of issue 26 ------------------------------------------------------------

# The smallest page found (cut down, line by line and character by character, from the
# page of the benchmark corpus that raised): reattach_strays moved a block away from its
# host and left the host's sub-head indexes past its last paragraph, and the next look
# at that host (`_stray_starts`) raised IndexError: list index out of range.
STRAY_PAGE = "人民日报　2024年3月5日　第3版\n\n" + "\n".join([
    "。", "城", "。", "：", "版", "任编辑：", "黑", "  宜", "  宜", "  本", "任编辑：", "，我帮你养了",
    "原标题：皇帝哀叹自己没有儿子，太监说：“不怕，我帮你养了个儿子”自夏朝之后中国就成"])


def test_a_block_moved_to_another_story_takes_no_subhead_index_along():
    articles = parse_page(STRAY_PAGE)  # raised IndexError in matching._stray_starts
    assert "".join(a.body for a in articles).count("原标题") == 1


def test_subheads_move_with_the_paragraphs_reattached():
    target = Draft(title="杨浦建设科技创新中心", paras=["杨浦区要把长阳创谷打造成为"])
    host = Draft(title="菜场改造惠民生",
                 paras=["菜场改造完成。", "居民买菜更方便了。", "摊位整齐干净。", "科创承载",
                        "上海科技创新中心核心功能承载区，杨浦区长阳创谷科技创新。",
                        "创新中心", "杨浦科技创新中心建设。"], subheads={3, 5})
    reattach_strays([target, host])
    assert host.paras == ["菜场改造完成。", "居民买菜更方便了。", "摊位整齐干净。"]
    assert host.subheads == set()
    assert [target.paras[k] for k in target.subheads] == ["创新中心"]


# --- pieces --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "\f".join(SEED_PAGES * 4), "\n\n\n".join(SEED_PAGES * 4), "".join(EXPORTS * 3)])
def test_pieces_give_the_text_back_each_bounded(text):
    cut = list(pieces(text))
    assert len(cut) >= 2
    assert "".join(p.text for p in cut) == text
    assert [p.index for p in cut] == list(range(len(cut)))
    assert all(len(p.text) <= 2 * PIECE_CHARS for p in cut)
    assert all(text[p.start:p.start + len(p.text)] == p.text for p in cut)


def test_a_page_is_one_piece_read_exactly_as_before():
    for page in SEED_PAGES:
        assert [p.text for p in pieces(page)] == [page]
        (part,) = file_parts(page)
        assert part.records == page_articles(page)


def test_form_feeds_part_pages_and_each_parses_as_alone():
    text = "\f".join(SEED_PAGES * 4)
    assert all(p.opens_page for p in pieces(text))
    assert plain(articles_of(text)) == plain(a for page in SEED_PAGES * 4 for a in parse_page(page))


def test_an_export_is_cut_before_a_title_and_keeps_its_stories():
    text = "".join(EXPORTS * 3)
    split = [a for page in EXPORTS * 3 for a in parse_page(page)]
    titles = {a.title for a in split}
    cut = list(pieces(text))
    assert len(cut) > 2
    assert all(p.text.split("\n", 1)[0] in titles for p in cut)
    found = articles_of(text)
    assert [a.title for a in found] == [a.title for a in split]
    assert [a.body for a in found] == [a.body for a in split]


def test_ordinals_run_on_across_pieces_and_each_piece_carries_its_page():
    text = "\f".join(SEED_PAGES * 3)
    parts = list(file_parts(text))
    ordinals = [n for part in parts for n, _a in part.records if n]
    assert ordinals == list(range(1, len(ordinals) + 1))
    for part, piece in zip(parts, pieces(text)):
        assert part.records[0][1].page_text == piece.text
        assert not any(a.page_text for _n, a in part.records[1:])


def test_a_piece_the_parser_fails_on_is_page_text_and_the_others_are_read(monkeypatch):
    real = pages.read_page

    def read_page(text):
        if "Z-MARK" in text:
            raise IndexError("list index out of range")
        return real(text)

    monkeypatch.setattr(pages, "read_page", read_page)
    broken = SEED_PAGES[1] + "\nZ-MARK 这一页让解析器出错\n"
    text = "\f".join([*SEED_PAGES * 2, broken, *SEED_PAGES * 2])
    parts = list(file_parts(text))
    failed = [p for p in parts if p.failure]
    assert len(failed) == 1 and failed[0].failure == "IndexError: list index out of range"
    assert [n for n, _a in failed[0].records] == [0]
    assert "Z-MARK" in failed[0].records[0][1].body
    assert len(articles_of(text)) == 4 * sum(len(parse_page(page)) for page in SEED_PAGES)


# --- through the command line --------------------------------------------------------------

REPEATS = 34  # the seed pages this many times: 2 MB


@pytest.fixture(scope="module")
def big_index(tmp_path_factory):
    from newsgrep.cli import app

    folder = tmp_path_factory.mktemp("big")
    big = folder / "corpus" / "big.txt"
    big.parent.mkdir()
    big.write_text("\f".join(SEED_PAGES * REPEATS), encoding="utf-8")
    assert big.stat().st_size > 2_000_000
    index = folder / "index"
    result = CliRunner().invoke(app, ["index", str(big.parent), "--index", str(index)])
    assert result.exit_code == 0, result.output
    return index, big


def cli(*args) -> str:
    from newsgrep.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_big_file_indexes_with_all_its_articles(big_index):
    index, _big = big_index
    per_copy = sum(len(parse_page(page)) for page in SEED_PAGES)
    assert json.loads(cli("stats", "--json", "--index", index))["articles"] == REPEATS * per_copy


def test_the_articles_of_a_big_file_are_found_and_shown(big_index):
    index, big = big_index
    last = parse_page(SEED_PAGES[-1])[-1]
    hits = [json.loads(l) for l in cli("search", f"title:{last.title}", "--json", "-n", "0",
                                       "--index", index).splitlines() if l.startswith("{")]
    hits = [h for h in hits if h.get("kind") == "article"]
    assert len(hits) == REPEATS and {h["path"] for h in hits} == {str(big)}
    newest = max(hits, key=lambda h: int(h["id"].rsplit("-", 1)[1]))  # on the last page
    shown = json.loads(cli("show", newest["id"], "--json", "--index", index))
    assert shown["title"] == last.title and shown["body"] == last.body
    assert shown["ordinal"] == REPEATS * sum(len(parse_page(page)) for page in SEED_PAGES)


def test_text_outside_articles_is_found_on_every_page_of_a_big_file(big_index):
    """A credit line the parser took out is only in the page's own text: each page of
    the big file finds it on its own sheet, not on the file's first page alone."""
    index, _big = big_index
    pages_with_it = sum("记者 张雯" in page for page in SEED_PAGES)
    assert pages_with_it
    count = cli("search", '"记者 张雯"', "-c", "--index", index)
    assert int(count.split()[0]) >= REPEATS * pages_with_it


def test_a_record_joined_across_a_removed_line_is_checked_against_its_own_page(big_index):
    """A record holding text its page does not print (`unprinted`) matches only what its
    page prints: on a later page of a big file, that is its own page, not the file's first."""
    import newsgrep
    from newsgrep.normalize import fold_page

    index, _big = big_index
    per_copy = sum(len(parse_page(page)) for page in SEED_PAGES)
    folded_pages = [fold_page(page) for page in SEED_PAGES]
    with newsgrep.open_index(index) as ix:
        joined = [a for a in ix.articles() if a.unprinted and a.ordinal <= per_copy]
        assert joined
        checked = 0
        for article in joined:
            home = [p for p in folded_pages if fold_page(article.body[:200])[:12] in p]
            phrase = next((w for w in (article.body[i:i + 6] for i in range(0, 120, 6))
                           if w.isalpha() and sum(w in p for p in folded_pages) == 1
                           and home and w in home[0]), None)
            if phrase is None or ix.count(f'"{phrase}"') > 10 * REPEATS:
                continue
            found = {hit.article.ordinal for hit in ix.search(f'"{phrase}"', limit=None)}
            assert {article.ordinal + k * per_copy for k in range(REPEATS)} <= found, phrase
            checked += 1
        assert checked


def test_a_big_utf8_file_is_read_in_blocks_as_it_is_read_whole(tmp_path, monkeypatch):
    """Over chunks.STREAM_BYTES a UTF-8 file is read a block at a time as it is cut (never
    whole): the same records, encoding and hash as reading it whole; CRLF line ends and a
    BOM as `sources.decode` takes them, also where a block ends between \\r and \\n."""
    from newsgrep.index.changes import SourceFile, source_digest
    from newsgrep.index.records import FileReport, read_articles
    from newsgrep.ingest import chunks

    page = tmp_path / "big.txt"
    data = b"\xef\xbb\xbf" + "\f".join(SEED_PAGES * 3).replace("\n", "\r\n").encode("utf-8")
    page.write_bytes(data)
    source = SourceFile(str(page), len(data), "", {"paper": "杨浦时报"})

    def read():
        report = FileReport(str(page), "")
        return [article for article, _folded in read_articles(source, report)], report

    whole, whole_report = read()
    monkeypatch.setattr(chunks, "STREAM_BYTES", 1000)
    monkeypatch.setattr(chunks, "_BLOCK_BYTES", 4097)  # odd: some blocks end inside \r\n
    assert chunks.text_stream(str(page), len(data)) is not None
    streamed, streamed_report = read()
    assert streamed == whole and len(whole) > 3 * len(SEED_PAGES)
    assert streamed_report.encoding == whole_report.encoding == "utf-8-sig"
    assert streamed_report.digest == whole_report.digest == source_digest(data, source.sidecar)


def test_a_big_file_not_in_utf8_is_read_whole(tmp_path, monkeypatch):
    from newsgrep.ingest import chunks

    page = tmp_path / "gbk.txt"
    data = "\f".join(SEED_PAGES * 3).encode("gb18030")
    page.write_bytes(data)
    monkeypatch.setattr(chunks, "STREAM_BYTES", 1000)
    assert chunks.text_stream(str(page), len(data)) is None


def test_memory_bounds_the_word_postings_as_well_as_the_grams(tmp_path):
    # One big file is one process: `--memory` is what keeps it small, so it must reach
    # Whoosh's pool of word postings too, not only the gram buffer (issue 26).
    from pathlib import Path

    from newsgrep.index.build import Indexer
    from newsgrep.index.changes import find_sources
    from newsgrep.index.grams import budget_entries

    sources = find_sources([SEEDS], [])
    small = Indexer(tmp_path / "index", [SEEDS], memory_mib=16)._jobs(sources, tmp_path, ())
    default = Indexer(tmp_path / "index", [SEEDS])._jobs(sources, Path(tmp_path), ())
    assert {(job.words_mb, job.grams_budget) for job in small} == {(16, budget_entries(16))}
    assert {job.words_mb for job in default} == {None}


def test_a_change_holding_a_big_file_gets_small_buffers_unless_the_user_set_them():
    # At the default budget the buffers are most of a big file's process (issue 26: a
    # 50 MB file under 300 MiB): a change holding one gets small ones; small files keep
    # the default, and a budget given with `--memory` is kept as given.
    from newsgrep.index.build import buffers_mib
    from newsgrep.index.grams import BIG_FILE_BYTES, BIG_FILE_MIB
    from newsgrep.index.changes import SourceFile

    def files(*sizes):
        return [SourceFile(f"/corpus/{k}.txt", size, "digest", {})
                for k, size in enumerate(sizes)]

    assert buffers_mib(None, files(1000, BIG_FILE_BYTES - 1)) is None
    assert buffers_mib(None, files(1000, BIG_FILE_BYTES)) == BIG_FILE_MIB
    assert buffers_mib(256, files(BIG_FILE_BYTES)) == 256
    assert buffers_mib(None, []) is None
