"""Printers: the JSON Lines printer writes each hit as it comes, in the documented format."""
from __future__ import annotations

import io
import json

from newsgrep.environment import Environment
from newsgrep.models import Article, Hit, Span
from newsgrep.printers.jsonlines import JsonLinesPrinter


def _hit(n: int) -> Hit:
    article = Article(title=f"医院{n}", body="正文", id=f"a{n}", path="p.txt", ordinal=1)
    return Hit(article, 1.5, "…正文", (Span(1, 3),), (Span(0, 2),))


def test_json_lines_stream_one_line_per_hit_as_it_comes():
    # `--json -n 0` over a whole archive must not hold its hits: each is written (to the
    # stream's own buffer, not flushed line by line) before the next is built.
    out = io.StringIO()
    printer = JsonLinesPrinter(Environment(stdout=out))
    printer.begin("医院")
    for n in range(3):
        printer.hit(_hit(n))
        assert out.getvalue().count("\n") == n + 1
    printer.end(3, 3, 0.01)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["id"] for line in lines] == ["a0", "a1", "a2"]
    assert lines[0]["title_highlights"] == [[0, 2]] and lines[0]["highlights"] == [[1, 3]]
    assert lines[0]["snippet"] == "…正文" and lines[0]["score"] == 1.5


def test_a_path_that_is_not_utf8_is_escaped_not_lost():
    article = Article(title="t", body="b", id="x", path="\udcff.txt", ordinal=1)
    out = io.StringIO()
    JsonLinesPrinter(Environment(stdout=out)).hit(Hit(article, 0.0, "b"))
    assert json.loads(out.getvalue())["path"] == "\udcff.txt"
    assert "\\udcff" in out.getvalue()
