"""CSV output for spreadsheets: a header row, then one row per hit or article.

Columns are the JSON Lines fields (see `jsonlines`), authors joined by "、"; list and span
fields are left out. Search hits get a `body` column last with `--body`. UTF-8; `--bom` writes the byte-order mark Excel needs to see UTF-8.
"""
from __future__ import annotations

import csv

from newsgrep.environment import Environment
from newsgrep.models import Hit
from newsgrep.printers.escape import escape_controls
from newsgrep.printers.jsonlines import article_fields, full_fields, score_value

HIT_COLUMNS = ("id", "kind", "path", "title", "kicker", "subtitle", "authors", "paper",
               "date", "page", "score", "snippet")
ARTICLE_COLUMNS = ("id", "path", "ordinal", "title", "kicker", "subtitle", "authors",
                   "paper", "date", "issue", "page", "continued_from", "continued_to",
                   "encoding", "body")


def _row(data: dict, columns: tuple[str, ...], terminal: bool = False) -> list:
    """The row's cells; on a terminal with control characters shown as \\xNN (a file
    or a pipe gets them exact)."""
    row = []
    for column in columns:
        value = data.get(column)
        value = "、".join(value) if isinstance(value, list) else "" if value is None else value
        row.append(escape_controls(value) if terminal and isinstance(value, str) else value)
    return row


class CsvPrinter:
    """Search hits as CSV rows (the Printer interface)."""

    def __init__(self, env: Environment, bom: bool = False, body: bool = False):
        self.env = env
        self.writer = csv.writer(env.stdout, lineterminator="\n")
        self.bom = bom
        self.columns = (*HIT_COLUMNS, "body") if body else HIT_COLUMNS

    def begin(self, query: str) -> None:
        if self.bom:
            self.env.stdout.write("\ufeff")
        self.writer.writerow(self.columns)

    def hit(self, hit: Hit) -> None:
        data = article_fields(hit.article)
        data.update(score=score_value(hit.score), snippet=hit.snippet, body=hit.article.body)
        self.writer.writerow(_row(data, self.columns, self.env.stdout_isatty))

    def end(self, total: int, shown: int, seconds: float, page_texts: int = 0,
            offset: int = 0) -> None:
        self.env.stdout.flush()


def write_articles_csv(env: Environment, articles, bom: bool = False) -> None:
    """Every article with every field, one row each (`export --format csv`)."""
    if bom:
        env.stdout.write("\ufeff")
    writer = csv.writer(env.stdout, lineterminator="\n")
    writer.writerow(ARTICLE_COLUMNS)
    for article in articles:
        writer.writerow(_row(full_fields(article), ARTICLE_COLUMNS, env.stdout_isatty))
    env.stdout.flush()

