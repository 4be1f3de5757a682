"""Section pages: a page printed as A1 is not page B1. The parser keeps the letter beside the
number (`Article.page_label`), the index keeps it as a column, and `page:A1` finds only
section A's first page while `page:1` still finds every section's."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

import newsgrep
from newsgrep.cli import app
from newsgrep.ingest.parsing import parse_page

STORY = ("华为发布新手机\n\n"
         "本报讯（记者 张雯）华为公司今天在上海发布了新款手机，这是今年的第{n}次发布会，"
         "现场来了很多观众。\n")


@pytest.mark.parametrize("head, page, label", [
    ("A3 要闻　　2024年3月5日　星期二", 3, "A3"),
    ("新民晚报　第B2版　2024年3月5日", 2, "B2"),
    ("版次：C08　2024年3月5日", 8, "C8"),
    ("第3版　2024年3月5日　星期二", 3, None),
])
def test_the_header_gives_page_and_label(head, page, label):
    article = parse_page(head + "\n\n" + STORY.format(n=1))[0]
    assert (article.page, article.page_label) == (page, label)


@pytest.fixture(scope="module")
def sections(tmp_path_factory):
    """Four pages: A1 and B1 by their running heads, A2 by a sidecar, and a page 1 with no
    section letter."""
    corpus = tmp_path_factory.mktemp("sections")
    (corpus / "a1.txt").write_text("A1 要闻　2024年3月5日\n\n" + STORY.format(n=1), encoding="utf-8")
    (corpus / "b1.txt").write_text("B1 体育　2024年3月5日\n\n" + STORY.format(n=2), encoding="utf-8")
    (corpus / "a2.txt").write_text(STORY.format(n=3), encoding="utf-8")
    (corpus / "a2.meta.toml").write_text('page = "A2"\n', encoding="utf-8")
    (corpus / "p1.txt").write_text("第1版　2024年3月5日\n\n" + STORY.format(n=4), encoding="utf-8")
    index = corpus.parent / "sections-index"
    newsgrep.build_index(corpus, index)
    return index


def _files(index, query: str) -> list[str]:
    result = CliRunner().invoke(app, ["search", query, "--index", str(index), "-l"])
    assert result.exit_code in (0, 1), result.output
    return sorted(line.rsplit("/", 1)[-1] for line in result.stdout.split())


@pytest.mark.parametrize("query, files", [
    ("page:A1", ["a1.txt"]),
    ("page:b1", ["b1.txt"]),
    ("版面:Ａ２", ["a2.txt"]),
    ("page:1", ["a1.txt", "b1.txt", "p1.txt"]),
    ("page:[A1 TO A2]", ["a1.txt", "a2.txt"]),
    ("page:>=A2", ["a2.txt"]),
    ("华为 -page:A1", ["a2.txt", "b1.txt", "p1.txt"]),
    ("page:C1", []),
])
def test_a_section_page_is_found_by_its_letter(sections, query, files):
    assert _files(sections, query) == files


def test_the_label_is_shown_with_the_article(sections):
    with newsgrep.open_index(sections) as ix:
        labels = {a.path.rsplit("/", 1)[-1]: (a.page, a.page_label) for a in ix.articles()}
    assert labels["a1.txt"] == (1, "A1") and labels["a2.txt"] == (2, "A2")
    assert labels["p1.txt"] == (1, None)


def test_a_bad_section_page_in_a_sidecar_is_a_warning(tmp_path):
    (tmp_path / "x.txt").write_text(STORY.format(n=1), encoding="utf-8")
    (tmp_path / "x.meta.toml").write_text('page = "第A版"\n', encoding="utf-8")
    summary = newsgrep.build_index(tmp_path, tmp_path.parent / "x-index")
    assert any("page should be a number" in w for w in summary.warnings)
