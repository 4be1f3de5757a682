"""PDF pages (e-paper 版面 PDFs) → articles, read from what the PDF carries.

In: a PDF file's bytes. Out: a `PdfReading`: the page's articles numbered as a text page's
are (ordinal 0 for the text outside every article), the page's text, warnings, or why the
file holds nothing to index (a scan without a text layer needs OCR first).

Stages, one module each: glyphs (the PDF library: characters with box, size and face) →
lines (glyphs on a baseline, or stacked upright) → regions (running head and foot,
headline stacks, column blocks, words inside pictures) → stories (blocks under their
headline, read column by column; credits, jumps and sub-heads as the text parser reads
them). The page's running head gives paper, date and page through the text parser's
header reader.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from newsgrep.ingest.pages import page_records
from newsgrep.ingest.parsing.cleanup import clean_text
from newsgrep.ingest.parsing.header import parse_masthead
from newsgrep.ingest.parsing.header_lines import page_label
from newsgrep.ingest.pdf.glyphs import PageGlyphs, PdfUnreadable, read_glyphs
from newsgrep.ingest.pdf.lines import Line, build_lines
from newsgrep.ingest.pdf.regions import Regions, find_regions
from newsgrep.ingest.pdf.stories import read_stories
from newsgrep.models import Article

__all__ = ["read_pdf", "read_pages", "PdfReading", "pdf_page_articles"]

# Fewer drawn characters than this on every page: a scan (or a picture page), not text.
MIN_TEXT_GLYPHS = 20
# More of the characters than this unmapped (U+FFFD, private use): the text layer is noise.
MAX_UNMAPPED = 0.3


@dataclass
class PdfReading:
    text: str = ""
    numbered: list[tuple[int, Article]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None
    encoding: str = "pdf"


def read_pdf(data: bytes) -> PdfReading:
    """Read a PDF file's pages into numbered articles; never raises on a bad file."""
    try:
        pages = read_glyphs(data)
    except PdfUnreadable as exc:
        return PdfReading(skipped=f"not a readable PDF ({exc})")
    return read_pages(pages)


def read_pages(pages: list[PageGlyphs]) -> PdfReading:
    """The pages' glyphs read into numbered articles (or why there is nothing to read)."""
    if not any(len(p.glyphs) >= MIN_TEXT_GLYPHS for p in pages):
        return PdfReading(skipped="no text layer (a scanned page?): run OCR on it first, "
                                  "e.g. ocrmypdf, then index the result")
    if _unmapped_share(pages) > MAX_UNMAPPED:
        return PdfReading(skipped="its text layer does not say which characters it draws (fonts "
                                  "without a Unicode map): run OCR on it, e.g. ocrmypdf --force-ocr")
    articles: list[Article] = []
    texts: list[str] = []
    warnings: list[str] = []
    for number, page in enumerate(pages, 1):
        try:
            page_articles, text = pdf_page_articles(page)
        except Exception as exc:  # a reader bug must not lose the page: its text stays searchable
            page_articles, text = [], "\n".join(_texts(_by_position(build_lines(page.glyphs))))
            warnings.append(f"page {number} could not be cut into articles "
                            f"({type(exc).__name__}: {exc}); indexed as page text")
        articles.extend(page_articles)
        texts.append(text)
    text = "\n".join(texts)
    return PdfReading(text=text, numbered=page_records(text, articles), warnings=warnings)


def _unmapped_share(pages: list[PageGlyphs]) -> float:
    chars = "".join(g.char for p in pages for g in p.glyphs)
    return len(_UNMAPPED.findall(chars)) / max(1, len(chars))


_UNMAPPED = re.compile("[\ufffd\ue000-\uf8ff]")  # what PDFium reads a glyph it cannot map as


def pdf_page_articles(page: PageGlyphs) -> tuple[list[Article], str]:
    """One page's articles (with the running head's paper, date and page) and its text."""
    lines = build_lines(page.glyphs)
    regions = find_regions(page, lines)
    articles, _left = read_stories(regions)
    meta = _page_facts(regions, lines, page.height)
    if meta:
        articles = [replace(a, **meta) for a in articles]
    return articles, "\n".join(_texts(_by_position(lines)))


# Where else a page may print its facts: a front page's date under its masthead stands in
# this share of the page's height, below the running head's band.
UPPER_BAND = 0.16


def _page_facts(regions: Regions, lines: list[Line], height: float) -> dict:
    """Paper, date, issue and page as the running head states them, else the running foot,
    else small type high on the page (a front page's date line under its masthead)."""
    upper = [l for l in lines if l.bottom <= height * UPPER_BAND and l.size < 1.6 * regions.body_size
             and l not in regions.header]
    facts: dict = {}
    for group in (regions.header, regions.footer, regions.header + upper):
        if not group or all(facts.get(k) is not None for k in ("paper", "date", "issue", "page")):
            continue  # nothing to read there, or nothing left to learn
        mast = parse_masthead(_texts(_by_position(group)))
        if facts.get("page") is None and mast.page is not None:
            facts["page_label"] = mast.page_label  # the page and its label, from one place
        for key in ("paper", "date", "issue", "page"):
            if facts.get(key) is None and getattr(mast, key) is not None:
                facts[key] = getattr(mast, key)
    if facts.get("page") is None:
        facts["page"], facts["page_label"] = _folio(_texts(regions.header))
    return {k: v for k, v in facts.items() if v is not None}


# A running head's folio with its section: '7 理论', 'A03 要闻', '第5版 经济'.
_FOLIO = re.compile(r"^(?:第\s*)?[A-Ha-h]?(\d{1,2})\s*(?:版)?\s*[:：]?\s*[\u4e00-\u9fff·・]{0,8}$")


def _folio(texts: list[str]) -> tuple[int | None, str | None]:
    """The page number a running head's folio states, and its label ('A3') when it has a
    section letter."""
    for text in texts:
        m = _FOLIO.match(text)
        if m:
            return int(m.group(1)), page_label(m.group(), int(m.group(1)))
    return None, None


def _by_position(lines: list[Line]) -> list[Line]:
    return sorted(lines, key=lambda l: (round(l.top), l.x0))


def _texts(lines: list[Line]) -> list[str]:
    return [t for t in (clean_text(l.text) for l in lines) if t]
