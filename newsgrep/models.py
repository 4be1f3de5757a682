"""The records that flow through newsgrep's pipeline: parsed articles and search hits.

Frozen dataclasses only; no I/O here, so every stage can be tested on plain values.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Article:
    """One article as an editor would cut it out of a page, and as the index keeps it.

    Text fields hold the cleaned text (hard wraps joined, justification spaces removed);
    `body` keeps paragraphs apart with a single newline. Metadata a page does not state is
    None (or empty): the indexer fills paper/date/page/issue from a sidecar file later.
    The parser leaves the identity fields empty; the indexer sets them (`identified`).
    """

    title: str
    body: str
    kicker: str = ""
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    paper: str | None = None
    date: str | None = None          # ISO "YYYY-MM-DD"
    issue: int | None = None
    page: int | None = None
    continued_from: int | None = None  # page this part continues from, "(上接第1版)"
    continued_to: int | None = None    # page the story jumps to, "（下转第4版）"
    # Identity in an index: stable id, the page file, the place on the page (1, 2, … in
    # page order; 0 for the page's text outside its articles) and the file's encoding.
    id: str = ""
    path: str = ""
    ordinal: int | None = None
    encoding: str = "utf-8"
    # On the page's first record only: the whole page as read, searched for what no record
    # of the page holds alone (fields.SHEET_FIELD). Not kept in the store's records.
    page_text: str = ""
    # True when a field holds a character or a pair of neighbours the page does not print
    # (the parser joined text across something it took out): search then checks a match
    # against the page's own text, so it finds what grep finds and nothing else.
    unprinted: bool = False
    page_label: str | None = None  # the page with its section letter, when printed so ('A3')

    def identified(self, id: str, path: str, ordinal: int, encoding: str) -> "Article":
        return replace(self, id=id, path=path, ordinal=ordinal, encoding=encoding)

    @property
    def is_page_text(self) -> bool:
        """The page's text outside every article (masthead, banners), kept searchable."""
        return self.ordinal == 0

    @property
    def display_title(self) -> str:
        if self.is_page_text:
            return "（版面其他文字 · page text outside articles）"
        return self.title or "（无标题 · untitled）"


@dataclass(frozen=True)
class Span:
    """A highlighted stretch [start, end) of code points in a snippet or field."""

    start: int
    end: int


@dataclass(frozen=True)
class Hit:
    """One search result: the article, its score, and a snippet with match spans."""

    article: Article
    score: float
    snippet: str
    highlights: tuple[Span, ...] = ()
    title_highlights: tuple[Span, ...] = field(default=())
    # With context asked for: how often the body matches, and each match with the
    # sentences around it (passages that overlap are merged).
    match_count: int | None = None
    passages: tuple[tuple[str, tuple[Span, ...]], ...] = ()

    @property
    def id(self) -> str:
        return self.article.id
