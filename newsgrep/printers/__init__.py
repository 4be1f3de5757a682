"""Printers turn search results into output: one class per format, one interface.

A hit printer is a sink (ripgrep's `Sink`): `begin` once, `hit` for each result in order,
`end` with the totals. Search code never knows which format it feeds. `lists` has the
grep-style outputs (`-l`, `-c`), which need no hits at all; `article` prints `show` and
`export`'s plain text.
"""
from __future__ import annotations

from typing import Protocol

from newsgrep.environment import Environment
from newsgrep.models import Hit


class Printer(Protocol):
    def begin(self, query: str) -> None:
        """Before the first hit."""

    def hit(self, hit: Hit) -> None:
        """One result, in rank order."""

    def end(self, total: int, shown: int, seconds: float, page_texts: int = 0,
            offset: int = 0) -> None:
        """After the last hit: how many matched (`page_texts` of them page text outside
        articles), how many were shown from which offset, how long it took."""


def build_printer(kind: str, env: Environment, bom: bool = False,
                  body: bool = False) -> Printer:
    """`json` for JSON Lines, `csv` for a table (`bom`: UTF-8 marked for Excel),
    `similar` for `similar`'s text, anything else for text; `body` adds each hit's whole
    body to JSON and CSV."""
    if kind == "json":
        from newsgrep.printers.jsonlines import JsonLinesPrinter
        return JsonLinesPrinter(env, body)
    if kind == "csv":
        from newsgrep.printers.table import CsvPrinter
        return CsvPrinter(env, bom, body)
    if kind == "similar":
        from newsgrep.printers.text import SimilarPrinter
        return SimilarPrinter(env)
    from newsgrep.printers.text import TextPrinter
    return TextPrinter(env)
