"""An 80-column terminal (newsgrep.printers.text): every line fits, the id `show` needs
stays whole however long the path, and the context asked for with -C is wrapped, not cut.
Widths are measured with rich's own cell count, through the real CLI on a real index."""
from __future__ import annotations

import io
import re
import shutil

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from newsgrep.cli import app
from newsgrep.environment import Environment
from newsgrep.models import Span
from newsgrep.printers.text import (TextPrinter, display_width, shorten_left, summary_line,
                                    wrap)

from conftest import SEEDS

ANSI = re.compile(r"\x1b\[[0-9;]*m")
DEEP = "archive/shanghai/yangpu-times/2023/12/19/pages-from-the-epaper-site/broadsheet"


@pytest.fixture(scope="module")
def deep_index(tmp_path_factory):
    """The seed pages indexed from a realistic, long folder path."""
    root = tmp_path_factory.mktemp("deep")
    shutil.copytree(SEEDS, root / DEEP)
    result = CliRunner().invoke(app, ["index", str(root / "archive"),
                                      "--index", str(root / "index")])
    assert result.exit_code == 0, result.output
    return root / "index"


def terminal(index, *args, color: bool = True, width: int = 80) -> list[str]:
    out = io.StringIO()
    env = Environment(stdout=out, stderr=io.StringIO(), stdout_isatty=True, color=color,
                      width=width)
    result = CliRunner().invoke(app, ["search", *args, "--index", str(index)], obj=env)
    assert result.exit_code == 0, result.output
    return ANSI.sub("", out.getvalue()).splitlines()


def ids(index, *args) -> list[str]:
    result = CliRunner().invoke(app, ["search", *args, "--json", "--index", str(index)])
    return re.findall(r'"id": "([^"]+)"', result.stdout)


@pytest.mark.parametrize("color", [True, False])
def test_ids_stay_whole_on_80_columns(deep_index, color):
    lines = terminal(deep_index, "杨浦", "-n", "10", color=color)
    assert all(cell_len(line) <= 80 for line in lines)
    shown = " ".join(lines)
    for article_id in ids(deep_index, "杨浦", "-n", "10"):
        assert f"id {article_id}" in shown
    assert "…" in shown and ".txt · id " in shown  # the path gave way, its file name kept


def test_context_passages_wrap_on_80_columns(deep_index):
    lines = terminal(deep_index, "华为", "-n", "1", "-C", "1")
    passage = [line for line in lines if line.startswith("  │ ")]
    assert all(cell_len(line) <= 80 for line in lines)
    assert len(passage) > 3 and "id " in lines[1] and "matches" in lines[1]
    text = "".join(line[4:] for line in passage)
    pipe = CliRunner().invoke(app, ["search", "华为", "-n", "1", "-C", "1",
                                    "--index", str(deep_index)]).stdout
    whole = "".join(line[4:] for line in pipe.splitlines() if line.startswith("  │ "))
    assert text == whole  # wrapped, nothing left out


def test_summary_wraps_instead_of_losing_its_hint():
    out = io.StringIO()
    printer = TextPrinter(Environment(stdout=out, stdout_isatty=True, width=60))
    printer.summary(summary_line(3400, 10, 0.012, 12))
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and all(cell_len(line) <= 60 for line in lines)
    assert "use -n 0 for all" in " ".join(lines)


def test_wrap_keeps_highlights_and_words():
    lines = wrap("数字孪生数字孪生 digital twin", (Span(4, 8), Span(9, 16)), 12)
    assert [text for text, _ in lines] == ["数字孪生数字", "孪生 digital", " twin"]
    assert [spans for _, spans in lines] == [(Span(4, 6),), (Span(0, 2), Span(3, 10)), ()]
    assert [text for text, _ in wrap("数字 digital twin", (), 12)] == ["数字 digital", " twin"]
    assert [text for text, _ in wrap("数 digital twin", (), 12)] == ["数 digital ", "twin"]
    assert [text for text, _ in wrap("一二三四五，六", (), 10)] == ["一二三四", "五，六"]


def test_shorten_left_keeps_the_file_name():
    short = shorten_left("/very/long/path/to/page.txt", 14)
    assert short.startswith("…") and short.endswith("/page.txt") and display_width(short) <= 14
    assert shorten_left("page.txt", 12) == "page.txt"
