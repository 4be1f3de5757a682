"""Printers turn search results into output; one class per format, one interface.

Every printer takes hits one at a time (`hit`) and closes with `finish`, so search code
never knows which format it feeds.
"""
from __future__ import annotations

from newsgrep.environment import Environment


def build_printer(kind: str, env: Environment):
    if kind == "json":
        from newsgrep.printers.jsonlines import JsonLinesPrinter
        return JsonLinesPrinter(env)
    from newsgrep.printers.text import TextPrinter
    return TextPrinter(env)
