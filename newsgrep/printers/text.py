"""Human-readable results: title, a metadata line, a snippet with matches highlighted.

The same lines on a terminal and in a pipe; colour (through rich) only where the
environment allows it. On a terminal every line fits its width (Chinese characters take
two columns); in a pipe long lines stay whole for grep and friends.
"""
from __future__ import annotations

import os

from newsgrep.environment import Environment
from newsgrep.models import Article, Hit, Span
from newsgrep.normalize import is_wide
from newsgrep.printers.escape import escape_controls, escape_with_spans

MATCH_STYLE = "bold black on yellow"
ELLIPSIS = "…"


def display_path(path: str) -> str:
    """The path relative to the current folder when it lies below it, else as stored."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


SEPARATOR = " · "
MIN_PATH = 16  # columns a shortened path keeps before the paper and authors give way
# Punctuation a Chinese line does not start with: the character before it comes along.
CLOSING = set("，。、；：！？）》」』】〉”’,.;:!?)]}")


def metadata_line(a: Article, after: str = "") -> str:
    """paper · date · page · authors · file · id (· `after`), whole."""
    return SEPARATOR.join(p for p in (_metadata_head(a), display_path(a.path),
                                      _metadata_tail(a, after)) if p)


def _metadata_head(a: Article) -> str:
    parts = [a.paper, a.date, f"第{a.page}版" if a.page else None,
             "、".join(a.authors) if a.authors else None]
    return SEPARATOR.join(p for p in parts if p)


def _metadata_tail(a: Article, after: str) -> str:
    return SEPARATOR.join(p for p in (f"id {a.id}", after) if p)


def fit_metadata(a: Article, width: int, after: str = "") -> str:
    """The metadata line in `width` columns with the id whole (`show` needs it): the path
    gives way first, from the left (…/2023/12/page.txt), then the paper and authors from
    the right."""
    head, path, tail = (escape_controls(_metadata_head(a)), escape_controls(display_path(a.path)),
                        _metadata_tail(a, after))
    line = SEPARATOR.join(p for p in (head, path, tail) if p)
    if display_width(line) <= width:
        return line
    fixed = display_width(tail) + 2 * display_width(SEPARATOR)
    path = shorten_left(path, max(width - fixed - display_width(head), MIN_PATH))
    room = width - fixed - display_width(path)
    head = fit(head, (), room)[0] if room > display_width(ELLIPSIS) else ""
    return SEPARATOR.join(p for p in (head, path, tail) if p)


def shorten_left(text: str, width: int) -> str:
    """`text` in `width` columns, its end kept (a path's file name): …the/end."""
    if display_width(text) <= width:
        return text
    start, used = len(text), display_width(ELLIPSIS)
    while start > 0 and used + display_width(text[start - 1]) <= width:
        start -= 1
        used += display_width(text[start])
    return ELLIPSIS + text[start:]


def wrap(text: str, spans: tuple[Span, ...], width: int) -> list[tuple[str, tuple[Span, ...]]]:
    """`text` as lines of at most `width` columns, each with its part of the highlights;
    a line ends between any two Chinese characters, not before closing punctuation, and
    not inside a Latin word when a space comes within the line."""
    lines = []
    start = 0
    while start < len(text):
        end, used = start, 0
        while end < len(text) and used + display_width(text[end]) <= width:
            used += display_width(text[end])
            end += 1
        if end < len(text) and text[end] in CLOSING and end - 1 > start:
            end -= 1
        end = max(end, start + 1)  # a character wider than the line still goes somewhere
        if end < len(text) and text[end - 1:end + 1].isascii() and \
                text[end - 1:end + 1].strip() == text[end - 1:end + 1]:
            space = text.rfind(" ", start, end)
            end = space + 1 if space > start else end
        lines.append((text[start:end], tuple(
            Span(max(s.start, start) - start, min(s.end, end) - start)
            for s in spans if s.start < end and s.end > start)))
        start = end
    return lines or [("", ())]


def display_width(text: str) -> int:
    """Columns `text` takes on a terminal: Chinese and full-width characters take two."""
    return sum(2 if is_wide(char) else 1 for char in text)


def fit(text: str, spans: tuple[Span, ...], width: int) -> tuple[str, tuple[Span, ...]]:
    """Cut `text` to `width` columns, keeping its first highlight in view: a window that
    opens a little before the first match, with … where text was left out."""
    if display_width(text) <= width:
        return text, spans
    start = 0
    if spans:
        # Open about a quarter of the line before the first match, never past it.
        start = spans[0].start
        room = width // 4
        while start > 0 and display_width(text[start - 1:spans[0].start]) <= room:
            start -= 1
    prefix = ELLIPSIS if start > 0 else ""
    budget = width - display_width(prefix) - display_width(ELLIPSIS)  # room for a closing …
    end, used = start, 0
    while end < len(text) and used + display_width(text[end]) <= budget:
        used += display_width(text[end])
        end += 1
    suffix = ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start
    kept = tuple(Span(max(s.start, start) + shift, min(s.end, end) + shift)
                 for s in spans if s.start < end and s.end > start)
    return prefix + text[start:end] + suffix, kept


class TextPrinter:
    """Title, metadata line and snippet per hit; on a terminal each line fits its width."""

    def __init__(self, env: Environment, clip: bool = True):
        self.env = env
        self.clip = clip  # cut lines to the terminal's width (search), or let them wrap
        self.console = None
        if env.color:
            from rich.console import Console

            self.console = Console(file=env.stdout, force_terminal=True, soft_wrap=True,
                                   highlight=False, markup=False, emoji=False)

    @property
    def fits(self) -> bool:
        """Whether lines are made to fit the terminal's width (a pipe gets them whole)."""
        return self.clip and self.env.stdout_isatty

    def room(self, indent: str = "") -> int:
        return max(self.env.width - display_width(indent), 10)

    def line(self, text: str, spans: tuple[Span, ...] = (), style: str = "",
             indent: str = "") -> None:
        """One output line; on a terminal cut to its width (a pipe gets it whole)."""
        text, spans = escape_with_spans(text, spans)
        if self.fits:
            text, spans = fit(text, spans, self.room(indent))
        self._write(indent + text, spans, style, len(indent))

    def wrapped(self, text: str, spans: tuple[Span, ...] = (), style: str = "",
                indent: str = "") -> None:
        """Text that must be read whole: on a terminal wrapped to its width, each line
        indented (a pipe gets one line)."""
        text, spans = escape_with_spans(text, spans)
        pieces = wrap(text, spans, self.room(indent)) if self.fits else [(text, spans)]
        for piece, piece_spans in pieces:
            self._write(indent + piece, piece_spans, style, len(indent))

    def _write(self, text: str, spans: tuple[Span, ...], style: str, shift: int) -> None:
        spans = tuple(Span(s.start + shift, s.end + shift) for s in spans)
        if self.console is None:
            self.env.stdout.write(text + "\n")
            return
        from rich.text import Text

        rich_text = Text(text, style=style)
        for span in spans:
            rich_text.stylize(MATCH_STYLE, span.start, span.end)
        self.console.print(rich_text)

    def begin(self, query: str) -> None:
        pass

    def hit(self, hit: Hit) -> None:
        self.line(hit.article.display_title, hit.title_highlights, "bold")
        matches = ("" if hit.match_count is None else
                   f"{hit.match_count} match{'es' if hit.match_count != 1 else ''}")
        if self.fits:  # the id stays whole: the path gives way
            meta = fit_metadata(hit.article, self.room("  "), matches)
        else:
            meta = metadata_line(hit.article, matches)
        self.line(meta, (), "dim", indent="  ")
        if hit.match_count is None:
            self.line(hit.snippet, hit.highlights, indent="  ")
        for text, spans in hit.passages:  # the context asked for, wrapped, never cut
            self.wrapped(text, spans, indent="  │ ")
        self.line("")

    def end(self, total: int, shown: int, seconds: float, page_texts: int = 0,
            offset: int = 0) -> None:
        self.summary(summary_line(total, shown, seconds, page_texts, offset))

    def summary(self, text: str) -> None:
        """The closing line: on a terminal after the hits, in a pipe on stderr."""
        if self.env.stdout_isatty:
            self.wrapped(text, (), "dim")
        else:
            self.env.stderr.write(escape_controls(text) + "\n")


class SimilarPrinter(TextPrinter):
    """`similar`: the hits as `search` prints them, closed by how many are shown. How many
    articles share any of the article's telling words is no measure of likeness (a common
    word brings in half the archive), so no total is printed."""

    def end(self, total: int, shown: int, seconds: float, page_texts: int = 0,
            offset: int = 0) -> None:
        what = (f"{shown} most similar article{'s' if shown != 1 else ''}" if shown
                else "no article shares its telling words")
        self.summary(f"{what} in {seconds * 1000:.0f} ms")


def summary_line(total: int, shown: int, seconds: float, page_texts: int = 0,
                 offset: int = 0) -> str:
    """'34 matches (33 articles, 1 page text), 10 shown (use -n 0 for all) in 12 ms';
    past the last hit, '3 articles; none from 31 on (--offset 30) in 12 ms'."""
    articles = total - page_texts
    what = f"{articles} article{'s' if articles != 1 else ''}"
    if page_texts:
        what = (f"{total} matches ({what}, {page_texts} page text"
                f"{'s' if page_texts != 1 else ''} outside articles)")
    if offset and not shown and total:  # paged past the last hit: say where they end
        return f"{what}; none from {offset + 1} on (--offset {offset}) in {seconds * 1000:.0f} ms"
    if offset:
        more = f", {offset + 1}–{offset + shown} shown"
    else:
        more = f", {shown} shown (use -n 0 for all)" if shown < total else ""
    return f"{what}{more} in {seconds * 1000:.0f} ms"
