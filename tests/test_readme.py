"""The README's examples run: its Python API block, every query of its query-language
table, and every `newsgrep search …` command it shows (on the seed pages; an example may
find nothing, never fail)."""
from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgrep.cli import app
from tests.conftest import SEEDS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def _table_queries() -> list[str]:
    """The first column of the query-language table: each backticked query."""
    queries = []
    for row in _section("Query language").splitlines():
        if row.startswith("| `"):
            queries += re.findall(r"`([^`]+)`", row.split(" | ")[0])
    return queries


def _search_commands() -> list[str]:
    """`newsgrep search …` as the README shows it, in code spans and code blocks, leaving
    out what needs a cluster, a pipe or a folder of its own."""
    found = re.findall(r"(?m)(?:^|`|&& )(newsgrep search [^`\n#]+)", README)
    return sorted({c.strip() for c in found
                   if not re.search(r"--url|[|>]|papers|QUERY|\.\.\.", c)})


def test_the_python_api_block_runs(tmp_path, monkeypatch):
    block = re.search(r"```python\n(.*?)```", _section("Python API"), re.S).group(1)
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {"print": lambda *args: None})
    assert (tmp_path / "index").is_dir()


def test_the_examples_are_found():
    assert len(_table_queries()) >= 25 and len(_search_commands()) >= 4


@pytest.mark.parametrize("query", _table_queries())
def test_each_query_of_the_table_reads(seed_index, query):
    result = CliRunner().invoke(app, ["search", query, "-c", "--index", str(seed_index)])
    assert result.exit_code in (0, 1), result.output


@pytest.mark.parametrize("command", _search_commands())
def test_each_search_command_shown_runs(seed_index, command):
    # the index option goes first: after a `--` (search -- -title:华为) it would be a term
    command_name, *arguments = shlex.split(command)[1:]
    argv = [command_name, "--index", str(seed_index), *arguments]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code in (0, 1), (command, result.output)
