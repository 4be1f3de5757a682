"""Human-readable results: title, a metadata line, a snippet with matches highlighted.

The same lines on a terminal and in a pipe; colour (through rich) only where the
environment allows it, and no wrapping: long lines stay whole for grep and friends.
"""
from __future__ import annotations

import os

from newsgrep.environment import Environment
from newsgrep.models import Article, Hit, Span

MATCH_STYLE = "bold black on yellow"


def display_path(path: str) -> str:
    """The path relative to the current folder when it lies below it, else as stored."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def metadata_line(a: Article) -> str:
    parts = [a.paper, a.date, f"第{a.page}版" if a.page else None,
             "、".join(a.authors) if a.authors else None, display_path(a.path),
             f"id {a.id}"]
    return " · ".join(p for p in parts if p)


class TextPrinter:
    def __init__(self, env: Environment):
        self.env = env
        self.console = None
        if env.color:
            from rich.console import Console

            self.console = Console(file=env.stdout, force_terminal=True, soft_wrap=True,
                                   highlight=False, markup=False, emoji=False)

    def line(self, text: str, spans: tuple[Span, ...] = (), style: str = "") -> None:
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
        title = hit.article.display_title
        self.line(title, hit.title_highlights, "bold")
        self.line("  " + metadata_line(hit.article), (), "dim")
        shifted = tuple(Span(s.start + 2, s.end + 2) for s in hit.highlights)
        self.line("  " + hit.snippet, shifted)
        self.line("")

    def end(self, total: int, shown: int, seconds: float) -> None:
        more = f", {shown} shown (use -n 0 for all)" if shown < total else ""
        summary = f"{total} article{'s' if total != 1 else ''}{more} in {seconds * 1000:.0f} ms"
        if self.env.stdout_isatty:
            self.line(summary, (), "dim")
        else:
            self.env.stderr.write(summary + "\n")
