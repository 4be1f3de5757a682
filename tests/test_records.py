"""Reading one corpus file into records (newsgrep/index/records.py): pages the parser
cannot cut are indexed as page text and reported, never dropped in silence."""
from __future__ import annotations

from newsgrep.ingest import pages
from newsgrep.index.build import Indexer
from newsgrep.index.changes import SourceFile
from newsgrep.index.records import FileReport, read_articles
from newsgrep.search.searcher import Searcher
from tests.conftest import SEEDS

GOOD_PAGE = (SEEDS / "001_cd34915e0be2f362.txt").read_text(encoding="utf-8")
BAD_PAGE = "第一行文字\n\n本报讯 这一页让解析器出错，但文字仍应可以搜到。\n"


def read(path) -> tuple[list, FileReport]:
    report = FileReport(str(path), "")
    found = list(read_articles(SourceFile(str(path), 0, "", {}), report))
    return found, report


def fail_on_bad_page(monkeypatch):
    """Make the page parser raise on BAD_PAGE, as a parser bug would."""
    real = pages.read_page

    def read_page(text):
        if "解析器出错" in text:
            raise ValueError("unexpected layout")
        return real(text)

    monkeypatch.setattr(pages, "read_page", read_page)


def test_a_page_the_parser_fails_on_is_kept_as_page_text(tmp_path, monkeypatch):
    fail_on_bad_page(monkeypatch)
    page = tmp_path / "bad.txt"
    page.write_text(BAD_PAGE, encoding="utf-8")
    found, report = read(page)
    assert [article.ordinal for article, _folded in found] == [0]
    assert "解析器出错" in found[0][0].body and found[0][0].path == str(page)
    assert report.articles == 0 and report.skipped is None
    assert report.warnings == ["could not be cut into articles (ValueError: unexpected layout);"
                               " indexed as page text"]


def test_parser_failure_is_a_warning_naming_the_file_and_the_run_goes_on(tmp_path, monkeypatch):
    fail_on_bad_page(monkeypatch)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bad.txt").write_text(BAD_PAGE, encoding="utf-8")
    (corpus / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    summary = Indexer(tmp_path / "ix", [corpus]).run()
    bad = corpus / "bad.txt"
    assert summary.added == 2 and summary.skipped == 0
    assert f"{bad}: could not be cut into articles (ValueError: unexpected layout); " \
           "indexed as page text" in summary.warnings
    assert not any(w.startswith(f"{corpus / 'good.txt'}:") for w in summary.warnings)
    searcher = Searcher.open(tmp_path / "ix")
    try:
        found = searcher.store.docs_containing("body", "解析器出错")
        assert [searcher.record(d).path for d in found] == [str(bad)]
        assert searcher.store.docs_containing("title", "华为")  # the good page's articles
    finally:
        searcher.close()


def test_a_page_without_articles_is_reported(tmp_path):
    page = tmp_path / "phone.txt"
    page.write_text("电话：65653113\n", encoding="utf-8")
    found, report = read(page)
    assert [article.ordinal for article, _folded in found] == [0]
    assert report.warnings == ["no articles found; indexed as page text"]


def test_a_page_with_articles_gives_no_warning(tmp_path):
    page = tmp_path / "good.txt"
    page.write_text(GOOD_PAGE, encoding="utf-8")
    found, report = read(page)
    assert report.articles > 1 and report.warnings == []
    assert [a.ordinal for a, _folded in found] == list(range(len(found)))


def test_an_empty_page_is_skipped_without_a_parse_warning(tmp_path):
    page = tmp_path / "blank.txt"
    page.write_text("   \n\n", encoding="utf-8")
    found, report = read(page)
    assert found == [] and report.skipped == "empty file" and report.warnings == []
