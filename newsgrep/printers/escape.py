"""Control characters made visible: a page file holding `ESC[2J` or an OSC 8 link must not
clear, retitle or disguise the terminal that shows it.

Every C0 and C1 control character but newline and tab (and DEL) prints as `\\xNN`; text
output and messages go through here, JSON output never does (JSON escapes them itself,
exactly).
"""
from __future__ import annotations

import re

from newsgrep.models import Span

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _shown(match: re.Match) -> str:
    return f"\\x{ord(match.group()):02x}"


def escape_controls(text: str) -> str:
    """`text` with each control character (but newline and tab) written as `\\xNN`."""
    return _CONTROL.sub(_shown, text) if _CONTROL.search(text) else text


def escape_with_spans(text: str, spans: tuple[Span, ...]) -> tuple[str, tuple[Span, ...]]:
    """`escape_controls(text)`, and the spans moved to where their text went."""
    if not _CONTROL.search(text):
        return text, spans
    starts = []  # where each original character starts in the escaped text
    pieces = []
    at = 0
    for char in text:
        starts.append(at)
        piece = _CONTROL.sub(_shown, char)
        pieces.append(piece)
        at += len(piece)
    starts.append(at)
    return "".join(pieces), tuple(Span(starts[s.start], starts[s.end]) for s in spans)
