"""Printers turn search results into output; one class per format, one interface.

The hit printers (text, JSON Lines) take hits one at a time (`hit`) and close with
`finish`, so search code never knows which format it feeds; `lists` has the grep-style
outputs (`-l`, `-c`), which need no hits at all.
"""
from __future__ import annotations

from newsgrep.environment import Environment


def build_printer(kind: str, env: Environment):
    if kind == "json":
        from newsgrep.printers.jsonlines import JsonLinesPrinter
        return JsonLinesPrinter(env)
    from newsgrep.printers.text import TextPrinter
    return TextPrinter(env)
