"""Cut one decoded newspaper page into the articles an editor would see on it.

Pipeline, one module per stage:
  header     page header (paper, date, page, issue) at the top or foot of the page
  records    field-tagged archive records (【标题】…【正文】), told apart by their labels
  plain      the plain 'title, blank, body' export, told apart by its exact blank lines
  columns    hard-wrapped columns → units (column_heads: headline evidence)
  lines      one-paragraph-per-line pages → units (measures: shared by both)
  units      one unit: its credit (bylines), opener, jumps (markers)
  assemble   units → articles; matching takes second looks across the page
Everything here is a pure function of text: no files, no index.

Why evidence rules and not a trained model: the decisions (is this line a headline, a
sub-head, a credit?) rest on a handful of layout facts a reader can name and check (a line
wider than the text below it, a blank line where paragraphs run tight, a line short of a
justified column with text right under it, a credit or opener after it, a story already
closed by its credit). Each rule is a few lines with its reason beside it, and fails in
ways a golden file shows. A classifier would need labelled pages from many papers, which we
do not have (a generator's pages would teach it the generator), and would hide why it
decided. Vocabulary overlap is used only as the last tie-break (assemble.changes_subject).
"""
from __future__ import annotations

from dataclasses import replace

from newsgrep.ingest.parsing.bylines import byline_line, parse_byline, parse_credit
from newsgrep.ingest.parsing.cleanup import clean_text
from newsgrep.ingest.parsing.gutters import split_columns
from newsgrep.ingest.parsing.header import Masthead, drop_folios, parse_masthead
from newsgrep.ingest.parsing.assemble import assemble
from newsgrep.ingest.parsing.plain import plain_articles
from newsgrep.ingest.parsing.records import record_articles
from newsgrep.ingest.parsing.columns import column_units
from newsgrep.ingest.parsing.lines import line_units
from newsgrep.ingest.parsing.markers import split_title_jump, strip_markdown, unwrap_emphasis
from newsgrep.ingest.parsing.units import column_width, layout, strip_margin
from newsgrep.models import Article

__all__ = ["parse_page", "read_page", "clean_text", "parse_byline", "parse_credit", "byline_line",
           "parse_masthead", "Masthead"]


def parse_page(text: str) -> list[Article]:
    """Split one decoded page into its articles, in page order.

    May raise on a page the parser cannot handle (a bug, not a property of the page):
    the caller reports it naming the file, and keeps the page's text searchable.
    """
    return _parse(text)


def _parse(text: str) -> list[Article]:
    return read_page(text)[1]


def read_page(text: str) -> tuple[Masthead, list[Article]]:
    """`parse_page`, with what the page's header states (the pieces of a big file after
    its first take what their header says: `newsgrep.ingest.pages.file_parts`)."""
    # Plain exports are told by their exact blank lines, so keep trailing spaces until then.
    raw = strip_markdown(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    raw = [unwrap_emphasis(l) for l in raw]
    raw = split_columns(raw) or raw
    mast = parse_masthead(raw)
    if mast.lines_used == 1 and mast.page is None and plain_articles(raw) is not None:
        # A plain export's first title may read like a header ('简报知天下2018.05.18'):
        # a line naming no page, in the export's exact blank lines, is a story's title.
        mast = Masthead()
    raw, folio = drop_folios(raw[mast.lines_used:len(raw) - mast.trailing_used])
    if mast.page is None and folio is not None:
        mast = replace(mast, page=folio)
    records = record_articles(raw)
    if records is not None:  # labelled fields: the labels say it all (header lines too)
        head, articles = records
        mast = _filled(mast, parse_masthead(head))
    elif not (mast.lines_used or mast.trailing_used):
        articles = plain_articles(raw)
    else:
        articles = None
    if articles is None:
        lines = strip_margin(split_title_jump([l.rstrip() for l in raw]))
        narrow = layout(lines) == "column"
        units = column_units(lines) if narrow else line_units(lines)
        articles = assemble(units, column=column_width(lines) if narrow else None)
    meta = {k: v for k, v in (("paper", mast.paper), ("date", mast.date),
                              ("issue", mast.issue), ("page", mast.page),
                              ("page_label", mast.page_label)) if v is not None}
    # A record may state its own paper or date; the page's fills what it does not.
    return mast, [replace(a, **{k: v for k, v in meta.items() if getattr(a, k) is None})
                  for a in articles]


def _filled(mast: Masthead, more: Masthead) -> Masthead:
    filled = replace(mast, **{k: getattr(more, k) for k in ("paper", "date", "issue", "page")
                              if getattr(mast, k) is None and getattr(more, k) is not None})
    return replace(filled, page_label=more.page_label) if mast.page is None else filled
