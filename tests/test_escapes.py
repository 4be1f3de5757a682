"""Control characters from page files never reach a terminal raw (issue 22): a page that
clears the screen, retitles the window or hides a link behind OSC 8 prints them as \\xNN
in every text output, while JSON keeps them exact."""
from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from newsgrep.cli import app
from newsgrep.environment import Environment
from newsgrep.models import Span
from newsgrep.printers.escape import escape_controls, escape_with_spans

CLEAR = "\x1b[2J"
TITLE = "\x1b]0;pwned\x07"
LINK = "\x1b]8;;http://evil.example/\x1b\\点此\x1b]8;;\x1b\\"
C1 = "\x9b31m"
PAGE = f"""测试日报

清屏标题{CLEAR}

本报讯 这是一篇正文，包含清屏{CLEAR}和改标题{TITLE}的字样，还有一个链接{LINK}，以及{C1}八位控制符。
第二段正文照常。
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    import newsgrep

    folder = tmp_path_factory.mktemp("escapes")
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / f"page{CLEAR}.txt").write_text(PAGE, encoding="utf-8")
    newsgrep.build_index([corpus], folder / "index")
    return folder / "index"


def run(index, *args, color=False, tty=True):
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, stdout_isatty=tty, stderr_isatty=tty,
                      color=color, width=200)
    result = CliRunner().invoke(app, [*args, "--index", str(index)], obj=env)
    return result, out.getvalue(), err.getvalue()


def raw_controls(text: str) -> set[str]:
    return {c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f}


def test_escaping_keeps_newline_and_tab_and_moves_spans():
    assert escape_controls("a\tb\nc\x1bd\x9be\x7f") == "a\tb\nc\\x1bd\\x9be\\x7f"
    text, spans = escape_with_spans("\x1b[2J清屏", (Span(4, 6),))
    assert text == "\\x1b[2J清屏" and text[spans[0].start:spans[0].end] == "清屏"


@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("tty", [True, False])
def test_search_prints_controls_escaped(hostile, color, tty):
    result, out, err = run(hostile, "search", "清屏", color=color, tty=tty)
    assert result.exit_code == 0, err
    assert "\\x1b[2J" in out and "\\x1b]0;pwned\\x07" in out and "\\x9b31m" in out
    if color:  # rich's own colour codes are the only escapes left
        assert "\x1b[2J" not in out and "\x1b]" not in out and "\x07" not in out
        assert raw_controls(out) <= {"\x1b"}
    else:
        assert raw_controls(out) == set()
    assert raw_controls(err) == set()


def test_show_and_context_print_controls_escaped(hostile):
    result, out, _ = run(hostile, "search", "清屏", "--json", tty=False)
    article_id = json.loads(out.splitlines()[0])["id"]
    for args in (["show", article_id, "--no-pager"], ["search", "清屏", "-C", "1"]):
        result, out, err = run(hostile, *args)
        assert result.exit_code == 0, err
        assert raw_controls(out) == set() and "\\x1b]0;pwned\\x07" in out


def test_paths_facets_and_csv_on_a_terminal_are_escaped(hostile):
    for args in (["search", "清屏", "-l"], ["search", "清屏", "--facet", "paper"],
                 ["search", "清屏", "--format", "csv"], ["stats"]):
        result, out, err = run(hostile, *args)
        assert result.exit_code == 0, (args, err)
        assert raw_controls(out) == set(), args


def test_json_and_piped_paths_stay_exact(hostile):
    result, out, _ = run(hostile, "search", "清屏", "--json")
    hit = json.loads(out.splitlines()[0])
    assert CLEAR in hit["path"] and TITLE in hit["snippet"] + hit["title"] or CLEAR in hit["title"]
    result, out, _ = run(hostile, "show", hit["id"], "--json")
    body = json.loads(out)["body"]
    assert TITLE in body and LINK in body and C1 in body
    result, out, _ = run(hostile, "search", "清屏", "-l", "-0", tty=False)
    assert out.endswith("\0") and CLEAR in out
