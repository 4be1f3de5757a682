"""A page's records: its articles, numbered from 1, and its text outside every article.

What the parser leaves out of every article (a masthead, banners, stray fragments of other
columns) is still text grep would find, so it is kept as a record of its own (ordinal 0).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from newsgrep.ingest.chunks import PIECE_CHARS, pieces
from newsgrep.ingest.parsing import byline_line, clean_text, parse_page, read_page
from newsgrep.models import Article
from newsgrep.normalize import fold


def page_articles(text: str) -> list[tuple[int, Article]]:
    """The page's articles, numbered from 1, and, numbered 0, the page's other text.

    What the parser leaves out of every article (a masthead, banners, stray fragments of
    other columns) is still text grep would find, so it is kept as an untitled record of
    its own: searchable, and never mixed into an article.
    """
    return page_records(text, parse_page(text))


def page_records(text: str, articles: list[Article]) -> list[tuple[int, Article]]:
    """A page's articles as its records: numbered from 1, the page's other text as 0,
    the whole page beside the first (`with_page_text`). Text and PDF pages alike."""
    numbered: list[tuple[int, Article]] = list(enumerate(articles, 1))
    remainder = page_remainder(text, articles)
    if remainder:
        first = articles[0] if articles else Article(title="", body="")
        numbered.insert(0, (0, Article(title="", body=remainder, paper=first.paper,
                                       date=first.date, issue=first.issue, page=first.page,
                                       page_label=first.page_label)))
    return with_page_text(text, numbered)


@dataclass(frozen=True)
class Part:
    """One piece of a page file (`newsgrep.ingest.chunks`), read as a page of its own."""

    index: int
    start: int                            # where the piece starts in the file, in characters
    records: list[tuple[int, Article]]    # as `page_records`, the ordinals running on
    failure: str | None = None            # why it could not be cut into articles


# What a page's header states, which the pieces after a page's first take from it.
_PAGE_FACTS = ("paper", "date", "issue", "page", "page_label")


def file_parts(text: str | Iterable[str], piece_chars: int = PIECE_CHARS) -> Iterator[Part]:
    """A page file's records, piece by piece (its text whole, or in blocks as a big file
    is read: `chunks.TextStream`): a file of one piece (any page: a page is
    kilobytes) gives exactly `page_articles(text)`. The articles are numbered 1, 2, … across
    the pieces, each piece's text outside its articles is a record numbered 0, and each
    piece's first record carries that piece's whole text (`with_page_text`), so time and
    memory stay in proportion to one piece. A piece the parser fails on is kept as page text
    (its failure said), and the others are read as usual."""
    ordinal = 0
    stated: dict = {}  # the running page's header, from its first piece
    for piece in pieces(text, piece_chars):
        try:
            mast, articles = read_page(piece.text)
            if piece.opens_page:
                stated = {k: getattr(mast, k, None) for k in _PAGE_FACTS
                          if getattr(mast, k, None) is not None}
            elif stated:  # the page's header is in its first piece
                articles = [replace(a, **{k: v for k, v in stated.items() if getattr(a, k) is None})
                            for a in articles]
            numbered, failure = page_records(piece.text, articles), None
        except Exception as exc:  # a parser bug must not lose the rest of the file
            numbered, failure = page_text_records(piece.text), f"{type(exc).__name__}: {exc}"
            if piece.opens_page:
                stated = {}
        records = []
        for n, article in numbered:
            if n:
                ordinal += 1
            records.append((ordinal if n else 0, article))
        yield Part(piece.index, piece.start, records, failure)


def page_text_records(text: str) -> list[tuple[int, Article]]:
    """The whole page as one record of text outside any article, as for a page with none,
    with the whole page beside it (as every page's first record) so that search finds
    what grep finds there too."""
    remainder = page_remainder(text, [])
    return with_page_text(text, [(0, Article(title="", body=remainder))]) if remainder else []


def with_page_text(text: str, numbered: list[tuple[int, Article]]
                   ) -> list[tuple[int, Article]]:
    """The page's records as search needs them beside grep: the first carries the whole
    page, where a bare term finds what no record holds alone (a credit line, a headline
    running into its opener). The index marks the records holding text the page does not
    print, and posts only the page's seams (`newsgrep.index.sheets`)."""
    if numbered:
        ordinal, first = numbered[0]
        numbered = [(ordinal, replace(first, page_text=text)), *numbered[1:]]
    return numbered


# What the parser turns into metadata rather than text: credits (role words, brackets,
# 报道/摄 suffixes), openers, jump markers and markdown heading marks. Lines are folded
# (simplified, half-width) and cut at these before their text is looked for.
_FURNITURE = re.compile(
    r"[■□▶►◆●★#【】\[\]]|本报讯|本刊讯"
    r"|\((?:本报|新华社|中新社)?(?:特约|特派|首席|见习|实习|摄影)?(?:记者|通讯员)[^)]*\)"
    r"|(?:本报|新华社|中新社)?(?:特约|特派|首席|见习|实习|摄影|融媒体?|全媒体)?(?:记者|通讯员)"
    r"|实习生|文[/·]摄|文[/·]图|图[/·]文|文/|图/|报道|报导|\s摄\s*$"
    r"|\((?:上接|紧接|下转|转|接)[^)]*\)|(?:上接|紧接|下转|转|接)\s*第?\s*[▶►>]?\s*[A-Ha-h]?\d{1,3}\s*版?")
_WORDLESS = re.compile(r"[\W_]+")
# Markdown marks of an export (# 楊浦時報, **…**) are layout, not the page's text.
_MARKUP = re.compile(r"^\s*#{1,6}\s*|\*\*|__")


def page_remainder(text: str, articles: list[Article]) -> str:
    """The page's lines holding text that no article holds, as printed."""
    # Compared without punctuation: the parser may move a line's quotes and commas.
    covered = "\x00".join(_WORDLESS.sub("", fold(part)) for a in articles
                          for part in (a.kicker, a.title, a.subtitle, a.body, *a.authors))
    credited = {n for a in articles for n in a.authors}
    kept = []
    for line in text.splitlines():
        folded = fold(line)
        if not folded or not _has_uncovered_text(folded, covered):
            continue  # the usual line: text some article holds
        names = byline_line(line)  # asked only now: it may ask jieba's tagger
        if names and set(names) <= credited:
            continue  # a credit line whose every name an article carries
        kept.append(clean_text(_MARKUP.sub("", line)))
    return "\n".join(kept)


def _has_uncovered_text(folded: str, covered: str) -> bool:
    for piece in _FURNITURE.split(folded):
        piece = _WORDLESS.sub("", piece)
        if piece in covered:  # the usual case: a line of some article's text
            continue
        while piece:
            # The longest start of the piece found in some article's text (a headline can
            # print as title and subtitle run together, so the piece may span two fields).
            low, high = 0, len(piece)
            while low < high:
                middle = (low + high + 1) // 2
                if piece[:middle] in covered:
                    low = middle
                else:
                    high = middle - 1
            # A run of one character is found anywhere; it proves nothing.
            if low < min(2, len(piece)):
                return True
            piece = piece[low:]
    return False
