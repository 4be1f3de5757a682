"""The small things of issue 23, each through the real CLI on a real index: honest summary
lines, refused option clashes, one did-you-mean, help that fits 80 columns, an unknown id
as an error, a progress bar that guesses nothing, stats that say why files were skipped,
and file names that are not UTF-8 kept recoverable in JSON."""
from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from newsgrep.cli import app
from newsgrep.environment import Environment


def run(*args, env: Environment | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], obj=env)


def one_line_error(result) -> bool:
    return (result.exit_code == 2 and "Traceback" not in result.output
            and len(result.stderr.strip().splitlines()) == 1)


def test_an_offset_past_the_last_hit_says_so_and_still_found(seed_index):
    result = run("search", "华为", "--offset", "30", "--index", seed_index)
    assert result.exit_code == 0  # the query found articles; the page is empty
    assert "3 articles; none from 31 on (--offset 30)" in result.stderr
    assert "31–30" not in result.stderr


@pytest.mark.parametrize("flags", [["--bom"], ["--bom", "--json"], ["-C", "1", "-c"],
                                   ["-C", "1", "-l"], ["-C", "1", "--format", "csv"]])
def test_options_that_would_be_ignored_are_refused(seed_index, flags):
    result = run("search", "华为", *flags, "--index", seed_index)
    assert one_line_error(result), (flags, result.stderr)
    assert result.stdout == ""


@pytest.mark.parametrize("args, suggestion", [(["serch", "华为"], "'search'"),
                                              (["cluster", "pussh"], "'push'")])
def test_an_unknown_command_is_suggested_once(args, suggestion):
    result = run(*args)
    assert result.exit_code == 2
    assert result.output.count(f"Did you mean {suggestion}?") == 1


@pytest.mark.parametrize("command", ["show", "similar"])
def test_an_unknown_id_is_an_error(seed_index, command):
    result = run(command, "no-such-id", "--index", seed_index)
    assert one_line_error(result)
    assert "no article 'no-such-id'" in result.stderr


def test_similar_prints_how_many_are_shown_not_a_meaningless_total(seed_index):
    hit = json.loads(run("search", "华为", "--json", "--index", seed_index).stdout.splitlines()[0])
    result = run("similar", hit["id"], "-n", "3", "--index", seed_index)
    assert result.exit_code == 0
    assert result.stderr.strip().splitlines()[-1].startswith("3 most similar articles in ")
    assert "-n 0" not in result.stderr  # similar takes no -n 0


@pytest.fixture(scope="module")
def undecodable_index(tmp_path_factory):
    """An index of one seed page whose file name holds the byte 0xff (Linux allows it)."""
    import os
    import shutil

    from newsgrep import build_index
    from tests.conftest import SEEDS

    folder = tmp_path_factory.mktemp("undecodable")
    corpus = folder / "corpus"
    corpus.mkdir()
    name = os.fsencode(corpus) + b"/page\xff.txt"
    shutil.copy(sorted(SEEDS.glob("*.txt"))[1], os.fsdecode(name))
    build_index(corpus, folder / "index")
    return folder / "index", name


@pytest.mark.parametrize("command", [["search", "华为", "--json"],
                                     ["export", "华为", "--format", "jsonl"]])
def test_a_file_name_that_is_not_utf8_is_recoverable_from_json(undecodable_index, command):
    import os

    index, name = undecodable_index
    result = CliRunner().invoke(app, [*command, "--index", str(index)])
    assert result.exit_code == 0
    lines = result.stdout_bytes.decode("utf-8").splitlines()  # UTF-8, never raw bytes
    records = [json.loads(line) for line in lines]
    assert records and all(os.fsencode(r["path"]) == name for r in records)
    assert '\\udcff' in lines[0]
    assert f'"title": "{records[0]["title"]}"' in lines[0]  # the rest stays as is


def test_the_progress_bar_claims_no_total_and_no_time_left_before_it_knows(tmp_path):
    import time

    from rich.console import Console

    from newsgrep.cli.common import progress_bar

    progress, update = progress_bar(Environment(stderr=io.StringIO(), stderr_isatty=True))

    def shown() -> str:
        console = Console(file=io.StringIO(), width=100, record=True)
        console.print(progress.make_tasks_table(progress.tasks))
        return console.export_text()

    update(3, None, "reading")
    assert "reading" in shown() and " 3 " in shown()
    assert "/?" not in shown() and "left" not in shown() and "-:--" not in shown()
    update(4, 10, "indexing")
    time.sleep(0.1)
    update(6, 10, "indexing")
    assert "6/10" in shown() and "left" in shown()


def _command_paths(command, path=()):
    """Every command and subcommand of the CLI, as the words that name it."""
    import click

    yield path
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _command_paths(sub, (*path, name))


def _help_cases():
    import typer
    return list(_command_paths(typer.main.get_command(app)))


@pytest.mark.parametrize("path", _help_cases(), ids=lambda path: " ".join(path) or "newsgrep")
def test_every_help_fits_80_columns(path):
    from rich.cells import cell_len

    result = run(*path, "-h")
    assert result.exit_code == 0, path
    wide = [line for line in result.stdout.splitlines() if cell_len(line) > 80]
    assert not wide, wide


def test_show_fits_its_header_to_the_terminal(seed_index):
    from rich.cells import cell_len

    hit = json.loads(run("search", "华为", "--json", "--index", seed_index).stdout.splitlines()[0])
    out = io.StringIO()
    env = Environment(stdout=out, stderr=io.StringIO(), stdout_isatty=True, width=60)
    result = run("show", hit["id"], "--no-pager", "--index", seed_index, env=env)
    assert result.exit_code == 0
    header = next(line for line in out.getvalue().splitlines() if f"id {hit['id']}" in line)
    assert cell_len(header) <= 60 and header.endswith(f"id {hit['id']}")


def test_stats_counts_skipped_files_apart_with_why(tmp_path):
    import os
    import shutil

    from tests.conftest import SEEDS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], corpus / "page.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    os.mkfifo(corpus / "fifo.txt")
    index = tmp_path / "ix"
    assert run("index", corpus, "--index", index).exit_code == 0
    figures = json.loads(run("stats", "--index", index, "--json").stdout)
    assert list(figures["encodings"]) == ["utf-8"]  # skipped files were never decoded
    assert figures["skipped_files"] == 3 == sum(figures["skipped_reasons"].values())
    assert {"empty file", "binary file"} <= set(figures["skipped_reasons"])
    text = run("stats", "--index", index).stdout
    assert "?" not in text and "0.0 MB" not in text
    skipped = next(line for line in text.splitlines() if line.startswith("skipped "))
    assert "empty file (1)" in skipped and "binary file (1)" in skipped and "unread" in skipped
    size = next(line for line in text.splitlines() if line.startswith("size "))
    assert size.split()[-1] in ("kB", "MB") and float(size.split()[1]) > 0


def test_a_file_name_that_is_not_utf8_reaches_the_pager_as_its_bytes(undecodable_index,
                                                                   tmp_path, monkeypatch):
    import shlex
    import sys

    index, name = undecodable_index
    paged = tmp_path / "paged"
    copy = f"import sys; open({str(paged)!r}, 'wb').write(sys.stdin.buffer.read())"
    monkeypatch.setenv("PAGER", shlex.join([sys.executable, "-c", copy]))
    article_id = json.loads(run("search", "华为", "--json", "--index", index).stdout
                            .splitlines()[0])["id"]
    env = Environment(stdout=io.StringIO(), stderr=io.StringIO(), stdout_isatty=True,
                      width=200)
    result = run("show", article_id, "--index", index, env=env)
    assert result.exit_code == 0
    assert name.rsplit(b"/", 1)[1] in paged.read_bytes()
