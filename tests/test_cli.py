"""The real commands through typer's CliRunner, on real indexes in temporary folders."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from newsgrep.cli import app
from tests.conftest import REPO, SEEDS

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_index_prints_a_summary(tmp_path):
    result = run("index", SEEDS, "--index", tmp_path / "ix")
    assert result.exit_code == 0
    assert "5 added" in result.stdout and "articles" in result.stdout


def test_search_json_has_the_documented_fields(seed_index):
    result = run("search", "华为", "--index", seed_index, "--json")
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines
    for line in lines:
        hit = json.loads(line)
        for key in ("id", "path", "title", "subtitle", "authors", "paper", "date", "page",
                    "score", "snippet", "highlights"):
            assert key in hit
        assert isinstance(hit["authors"], list)
        assert hit["date"] is None or len(hit["date"]) == 10
        for start, end in hit["highlights"]:
            assert hit["snippet"][start:end] == "华为"
    assert "华为" in result.stdout  # written as is, not \u-escaped


def test_title_field_hits_have_the_word_in_the_title(seed_index):
    for query in ("title:华为", "标题：华为"):
        result = run("search", query, "--index", seed_index, "--json")
        assert result.exit_code == 0
        for line in result.stdout.splitlines():
            assert "华为" in json.loads(line)["title"]


def test_phrase_query(seed_index):
    result = run("search", '"数字孪生"', "--index", seed_index, "-c")
    assert result.exit_code == 0 and int(result.stdout) >= 1


def test_files_with_matches(seed_index):
    result = run("search", "华为", "--index", seed_index, "-l")
    assert result.exit_code == 0
    assert any(line.endswith("001_cd34915e0be2f362.txt") for line in result.stdout.splitlines())


def test_count_and_no_match_exit_1(seed_index):
    result = run("search", "没有这个词语啊", "--index", seed_index, "-c")
    assert result.exit_code == 1 and result.stdout.strip() == "0"
    assert run("search", "没有这个词语啊", "--index", seed_index).exit_code == 1


@pytest.mark.parametrize("query", ['"未闭合', "title:(", "date:[2023 TO", "OR"])
def test_malformed_queries_exit_2_with_one_line(seed_index, query):
    result = run("search", query, "--index", seed_index)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.count("\n") == 1


def test_missing_index_exits_2_with_advice(tmp_path):
    result = run("search", "华为", "--index", tmp_path / "nothing")
    assert result.exit_code == 2
    assert "newsgrep index" in result.stderr


def test_plain_output_has_no_colour_codes(seed_index):
    result = run("search", "华为", "--index", seed_index)
    assert "\x1b[" not in result.stdout
    assert "华为" in result.stdout


def test_colour_always_adds_codes(seed_index):
    result = run("search", "华为", "--index", seed_index, "--color", "always")
    assert "\x1b[" in result.stdout


def test_show_and_export(seed_index):
    hit = json.loads(run("search", "华为", "--index", seed_index, "--json").stdout.splitlines()[0])
    shown = run("show", hit["id"], "--index", seed_index)
    assert shown.exit_code == 0 and hit["title"] in shown.stdout
    as_json = json.loads(run("show", hit["id"], "--index", seed_index, "--json").stdout)
    assert as_json["id"] == hit["id"] and as_json["body"]
    exported = [json.loads(x) for x in run("export", "--index", seed_index).stdout.splitlines()]
    assert len(exported) == len({e["id"] for e in exported}) > 20
    for key in ("kicker", "issue", "continued_from", "continued_to", "body"):
        assert key in exported[0]
    assert run("show", "nope-1", "--index", seed_index).exit_code == 2


def test_stats(seed_index):
    result = run("stats", "--index", seed_index, "--json")
    figures = json.loads(result.stdout)
    assert figures["files"] == 5 and figures["articles"] > 20
    assert figures["papers"]["杨浦时报"] > 0 and figures["index_bytes"] > 0


def test_index_from_environment_variable(seed_index):
    result = runner.invoke(app, ["search", "华为", "-c"], env={"NEWSGREP_INDEX": str(seed_index)})
    assert result.exit_code == 0


def test_fresh_checkout_search_builds_the_default_index(tmp_path):
    """`newsgrep search 华为` in a folder with ./seeds and no index builds it, then answers."""
    (tmp_path / "seeds").symlink_to(SEEDS)
    env = {k: v for k, v in os.environ.items() if k != "NEWSGREP_INDEX"}
    done = subprocess.run([sys.executable, "-m", "newsgrep", "search", "华为", "-l"],
                          cwd=tmp_path, env=env | {"PYTHONPATH": str(REPO)},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "001_cd34915e0be2f362.txt" in done.stdout
    assert (tmp_path / "index" / "CURRENT").is_file()
    assert "Traceback" not in done.stderr


def test_userdict_is_recorded_and_a_different_one_asks_for_rebuild(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("薛侃 1000 nr\n周海鹰 1000 nr\n", encoding="utf-8")
    index = tmp_path / "ix"
    assert run("index", SEEDS, "--index", index, "--userdict", words).exit_code == 0
    assert run("search", "薛侃", "--index", index, "-c").exit_code == 0
    other = tmp_path / "other.txt"
    other.write_text("杨浦区 100\n", encoding="utf-8")
    refused = run("index", "--index", index, "--userdict", other)
    assert refused.exit_code == 2 and "--rebuild" in refused.stderr
    assert run("index", "--index", index, "--userdict", other, "--rebuild").exit_code == 0
    bad = tmp_path / "bad.txt"
    bad.write_text("薛侃 many words here\n", encoding="utf-8")
    failed = run("index", "--index", index, "--userdict", bad)
    assert failed.exit_code == 2 and "bad.txt:1" in failed.stderr


def test_page_text_outside_articles_is_still_found(seed_index):
    """The 001 masthead prints 楊浦時報 and a phone number outside every article."""
    for query in ("杨浦时报", "65653113", "YANGPU", "法治政府建设工作专栏"):
        result = run("search", query, "--index", seed_index, "--json")
        assert result.exit_code == 0, query
        kinds = {json.loads(line)["kind"] for line in result.stdout.splitlines()}
        assert "page-text" in kinds
    exported = [json.loads(x) for x in run("export", "--index", seed_index).stdout.splitlines()]
    assert all(e["kind"] == "article" for e in exported)
