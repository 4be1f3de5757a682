"""PDF pages: a real e-paper page read by its geometry, scans and broken files, and the CLI
on a folder of PDFs (real pypdfium2, real index, real CLI)."""
from __future__ import annotations

import io
import json
import shutil

import pytest
from typer.testing import CliRunner

from newsgrep.cli import app
from newsgrep.ingest.pdf import read_pdf
from tests.conftest import REPO

PAGES = REPO / "benchmarks" / "real" / "pages"
RMRB = PAGES / "rmrb_20180115_07.pdf"  # 人民日报 2018-01-15 page 7: four essays, one in a side column
runner = CliRunner()


@pytest.fixture(scope="module")
def reading():
    return read_pdf(RMRB.read_bytes())


def articles(reading):
    return [a for ordinal, a in reading.numbered if ordinal]


def test_a_real_page_gives_its_essays_with_titles_and_credits(reading):
    by_title = {a.title: a for a in articles(reading)}
    lead = by_title["履行好人民司法事业的时代使命"]
    assert lead.authors == ("沈德咏",)  # the name set under the headline
    assert by_title["将以人民为中心落到实处"].kicker == "努力增进民生福祉"
    assert lead.body.startswith("习近平同志在学习贯彻党的十九大精神研讨班开班式上的重要讲话中强调")


def test_running_head_gives_date_and_page(reading):
    for article in articles(reading):
        assert (article.date, article.page) == ("2018-01-15", 7)


def test_sub_heads_stay_inside_their_story(reading):
    titles = [a.title for a in articles(reading)]
    assert not any(t.startswith("坚定不移") for t in titles)
    lead = next(a for a in articles(reading) if a.title == "履行好人民司法事业的时代使命")
    assert any(p.startswith("坚定不移巩固党") for p in lead.body.split("\n"))


def test_writer_notes_and_page_furniture_are_no_story_text(reading):
    for article in articles(reading):
        assert "（作者为" not in article.body
        assert "7理论" not in article.body


def test_every_line_of_the_page_is_kept_somewhere(reading):
    kept = "".join(a.title + a.kicker + a.subtitle + a.body + "".join(a.authors)
                   for _ordinal, a in reading.numbered)
    for line in reading.text.splitlines():
        assert line.replace(" ", "")[:6] in kept.replace(" ", "").replace("\n", "") or len(line) < 4


TYPESET = REPO / "tests" / "data" / "pdf"  # seed stories set as a front and an inside page


def folded_paragraphs(text: str) -> list[str]:
    return [p.replace(" ", "") for p in text.split("\n") if p.strip()]


@pytest.mark.parametrize("name", ["front_page", "inside_page"])
def test_typeset_news_pages_read_as_set(name):
    """Regression: headlines over fewer columns than their text, bylines under headlines,
    a masthead, a running head, a jump and a captioned photo (tests/data/pdf/typeset.py)."""
    truth = json.loads((TYPESET / f"{name}.truth.json").read_text(encoding="utf-8"))
    got = articles(read_pdf((TYPESET / f"{name}.pdf").read_bytes()))
    assert [a.title for a in got] == [t["title"] for t in truth["articles"]]
    for article, want in zip(got, truth["articles"]):
        assert list(article.authors) == want["authors"]
        assert article.continued_to == want["continued_to"]
        body, want_body = folded_paragraphs(article.body), folded_paragraphs(want["body"])
        assert body[0].endswith(want_body[0][-20:]) and body[-1] == want_body[-1]
        assert "图为活动现场" not in article.body  # the caption is no story text
    assert {(a.date, a.page, a.paper) for a in got} == {(truth["date"], truth["page"] or 1, truth["paper"])}


def blank_pdf() -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_page_without_text_layer_is_skipped_with_an_ocr_hint():
    result = read_pdf(blank_pdf())
    assert result.skipped and "OCR" in result.skipped
    assert not result.numbered


def test_a_broken_pdf_is_skipped_not_raised():
    result = read_pdf(b"%PDF-1.4\nthis is not a pdf at all")
    assert result.skipped and "not a readable PDF" in result.skipped


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def pdf_index(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("papers")
    shutil.copy(RMRB, corpus / "RMRB_20180115_07.PDF")  # an upper-case name is a page too
    (corpus / "scan.pdf").write_bytes(blank_pdf())
    index = tmp_path_factory.mktemp("ix") / "index"
    result = run("index", corpus, "--index", index)
    assert result.exit_code == 0, result.output
    return corpus, index, result.output


def test_index_reads_pdfs_and_says_which_need_ocr(pdf_index):
    _corpus, _index, output = pdf_index
    assert "1 added" in output or "2 added" in output
    assert "scan.pdf" in output and "OCR" in output


def test_search_list_and_show_work_on_a_pdf_page(pdf_index):
    corpus, index, _ = pdf_index
    listed = run("search", "司法", "--index", index, "-l")
    assert listed.exit_code == 0
    assert listed.stdout.strip().splitlines() == [str(corpus / "RMRB_20180115_07.PDF")]
    hits = [json.loads(l) for l in run("search", "title:司法", "--index", index, "--json").stdout.splitlines()]
    assert hits and hits[0]["title"] == "履行好人民司法事业的时代使命"
    shown = run("show", hits[0]["id"], "--index", index, "--json")
    assert shown.exit_code == 0 and "沈德咏" in shown.stdout


def test_page_text_outside_articles_is_searchable(pdf_index):
    _corpus, index, _ = pdf_index
    # the running head is no article's text, yet grep would find it in the page
    result = run("search", '"星期一"', "--index", index, "-c")
    assert result.exit_code == 0 and int(result.stdout) >= 1


def test_text_the_reader_takes_out_of_stories_is_still_found(pdf_index):
    corpus, index, _ = pdf_index
    # a writer's note is no story text, and a sub-head's words run on into the next
    # paragraph only on the page: grep finds both in the page, so search does
    for query in ('"作者为中国政治学会副会长"', '"中国特色社会主义理论体系研究中心"'):
        result = run("search", query, "--index", index, "-l")
        assert result.exit_code == 0, query
        assert result.stdout.strip() == str(corpus / "RMRB_20180115_07.PDF")


def test_a_text_layer_of_unmapped_glyphs_is_skipped_with_an_ocr_hint():
    """Fonts without a Unicode map draw text PDFium can only call U+FFFD or private-use
    characters: indexing them would index noise."""
    from newsgrep.ingest.pdf import read_pages
    from newsgrep.ingest.pdf.glyphs import Glyph, PageGlyphs

    noise = [Glyph("\ue123", 10.0 * k, 10, 10.0 * k + 9, 19, 9.0, "F1", False, 10.0 * k + 4.5, 14.5)
             for k in range(40)]
    result = read_pages([PageGlyphs(600, 800, noise)])
    assert result.skipped and "OCR" in result.skipped and "Unicode" in result.skipped


def test_a_character_outside_the_bmp_is_one_glyph_never_a_lone_surrogate():
    """PDFium gives a character outside the BMP (𠅤, U+20164, in a name) two indexes, one per
    UTF-16 half, with one box. Read as two characters, each half was a lone surrogate that
    folding could not encode: the whole file failed to index."""
    from newsgrep.ingest.pdf.glyphs import paired

    assert paired([0x5F20, 0xD840, 0xDD64, 0x5E73]) == ["张", "𠅤", "", "平"]
    assert paired([0xD840, 0x41, 0xDD64]) == ["\ufffd", "A", "\ufffd"]  # halves without partners
