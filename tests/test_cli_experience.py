"""What rg and archive users expect of the command line, through the real CLI on a real index."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgrep.cli import app
from newsgrep.environment import Environment
from newsgrep.printers.text import display_width


def run(index, *args, env: Environment | None = None):
    return CliRunner().invoke(app, [*args, "--index", str(index)], obj=env)


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_unquoted_words_are_one_query(seed_index):
    joined = run(seed_index, "search", "华为", "薛侃", "--json")
    quoted = run(seed_index, "search", "华为 薛侃", "--json")
    assert joined.exit_code == 0 and joined.stdout == quoted.stdout


@pytest.mark.parametrize("flags", [["-l", "-c"], ["--json", "-l"], ["-n", "3", "-l"],
                                   ["--format", "csv", "--json"], ["-0"], ["-l", "--facet", "paper"]])
def test_conflicting_outputs_are_refused(seed_index, flags):
    result = run(seed_index, "search", "杨浦", *flags)
    assert result.exit_code == 2
    assert "newsgrep:" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_offset_pages_through_a_stable_order(seed_index):
    every = [h["id"] for h in json_lines(run(seed_index, "search", "杨浦", "--json").stdout)]
    first = json_lines(run(seed_index, "search", "杨浦", "--json", "-n", "5").stdout)
    second = json_lines(run(seed_index, "search", "杨浦", "--json", "-n", "5",
                            "--offset", "5").stdout)
    assert [h["id"] for h in first + second] == every[:10]


def test_facets_add_up_to_the_count(seed_index):
    count = int(run(seed_index, "search", "杨浦", "-c").stdout.split()[0])
    result = run(seed_index, "search", "杨浦", "--json", "--facet", "paper", "--facet", "date",
                 "--facet", "page")
    facets = json_lines(result.stdout)[-1]["facets"]
    for name in ("paper", "date", "page"):
        assert sum(facets[name].values()) == count, name
    text = run(seed_index, "search", "杨浦", "-c", "--facet", "month").stdout
    assert text.startswith(f"{count}\n") and "month:" in text


def test_unknown_facet_is_an_error(seed_index):
    result = run(seed_index, "search", "杨浦", "--facet", "colour")
    assert result.exit_code == 2 and "paper" in result.stderr


def test_sort_by_date_both_ways_keeps_scores(seed_index):
    newest = json_lines(run(seed_index, "search", "杨浦", "--json", "--sort", "date").stdout)
    oldest = json_lines(run(seed_index, "search", "杨浦", "--json", "--sort", "date-asc").stdout)
    dates = [h["date"] for h in newest if h["date"]]
    assert dates == sorted(dates, reverse=True)
    assert [h["date"] for h in oldest if h["date"]] == sorted(dates)
    assert any(h["score"] > 0 for h in newest)


def test_csv_for_search_and_export(seed_index):
    rows = list(csv.DictReader(io.StringIO(run(seed_index, "search", "华为", "--format",
                                               "csv").stdout)))
    assert rows and all("华为" in (r["title"] + r["snippet"]) for r in rows)
    export = run(seed_index, "export", "--format", "csv", "--bom").stdout
    assert export.startswith("\ufeffid,")
    articles = list(csv.DictReader(io.StringIO(export.lstrip("\ufeff"))))
    assert len(articles) == len(json_lines(run(seed_index, "export").stdout))


def test_null_separated_file_names(seed_index):
    out = run(seed_index, "search", "杨浦", "-l", "-0").stdout
    names = out.split("\0")
    assert names[-1] == "" and len(names) > 2 and "\n" not in out


def test_version_help_and_completion():
    runner = CliRunner()
    assert runner.invoke(app, ["--version"]).stdout.startswith("newsgrep ")
    help_text = runner.invoke(app, ["search", "-h"]).stdout
    assert "title:" in help_text and "date:" in help_text
    assert "--install-completion" in runner.invoke(app, ["--help"]).stdout


def test_context_shows_every_match_with_a_count(seed_index):
    hits = json_lines(run(seed_index, "search", "华为", "--json", "-C", "1").stdout)
    top = hits[0]
    assert top["match_count"] >= 5
    marked = [p["text"][s:e] for p in top["passages"] for s, e in p["highlights"]]
    assert len(marked) == top["match_count"] and set(marked) == {"华为"}
    text = run(seed_index, "search", "华为", "-C", "0", "-n", "1").stdout
    assert "matches" in text and "│" in text


def test_show_highlights_the_query(seed_index):
    hit = json_lines(run(seed_index, "search", "华为", "--json", "-n", "1").stdout)[0]
    plain = run(seed_index, "show", hit["id"], "-q", "华为", "--color", "never")
    coloured = run(seed_index, "show", hit["id"], "-q", "华为", "--color", "always")
    assert plain.exit_code == 0 and "\x1b[" not in plain.stdout
    assert "\x1b[" in coloured.stdout and "华为" in coloured.stdout


def test_similar_lists_other_articles(seed_index):
    hit = json_lines(run(seed_index, "search", "title:华为", "--json", "-n", "1").stdout)[0]
    similar = json_lines(run(seed_index, "similar", hit["id"], "--json", "-n", "3").stdout)
    assert 0 < len(similar) <= 3 and hit["id"] not in {s["id"] for s in similar}
    assert similar[0]["score"] >= similar[-1]["score"] > 0


def test_did_you_mean(seed_index):
    result = run(seed_index, "search", "数字化转形")
    assert result.exit_code == 1 and "did you mean: 数字化转型" in result.stderr
    as_json = json_lines(run(seed_index, "search", "华伟", "--json").stdout)
    assert as_json == [{"suggestion": "华为"}]


def test_lines_fit_the_terminal(seed_index):
    out = io.StringIO()
    env = Environment(stdout=out, stderr=io.StringIO(), stdout_isatty=True, width=50)
    assert run(seed_index, "search", "杨浦", env=env).exit_code == 0
    lines = out.getvalue().splitlines()
    assert lines and max(display_width(line) for line in lines) <= 50


def test_summary_tells_page_text_from_articles(seed_index):
    err = run(seed_index, "search", "杨浦时报").stderr
    assert "page text" in err and "article" in err


def test_minus_word_on_the_command_line_excludes(seed_index):
    every = int(run(seed_index, "search", "杨浦", "-c").stdout)
    without = int(run(seed_index, "search", "杨浦", "-华为", "-c").stdout)
    with_huawei = int(run(seed_index, "search", "杨浦 华为", "-c").stdout)
    assert without == every - with_huawei


def test_unknown_option_and_field_are_errors(seed_index):
    option = run(seed_index, "search", "华为", "--jsn")
    field = run(seed_index, "search", "titel:华为")
    assert option.exit_code == field.exit_code == 2
    assert "--jsn" in option.stderr and "titel" in field.stderr


def test_stats_counts_articles_without_paper_or_date(seed_index):
    figures = json.loads(run(seed_index, "stats", "--json").stdout)
    assert sum(figures["papers"].values()) == figures["articles"]
    assert "unknown" in figures["papers"]  # the 虹口 page names no paper, and has no sidecar
    assert 0 < figures["undated_articles"] < figures["articles"]


def test_search_on_an_unreachable_cluster_is_one_line(seed_index):
    result = run(seed_index, "search", "华为", "--url", "http://127.0.0.1:9")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    refused = run(seed_index, "search", "华为", "--url", "http://127.0.0.1:9", "-l")
    assert refused.exit_code == 2 and "local index" in refused.stderr


def test_skipped_files_are_counted_as_warned(tmp_path):
    import os
    import shutil

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(next(iter(sorted((Path(__file__).parent.parent / "seeds").glob("*.txt")))),
                corpus / "page.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(corpus / "fifo.txt")
    index = tmp_path / "ix"
    for _ in range(2):  # the first build, then a run with nothing changed
        result = CliRunner().invoke(app, ["index", str(corpus), "--index", str(index)])
        warned = [w for w in result.stderr.splitlines() if "skipped" in w]
        assert result.exit_code == 0 and "4 skipped" in result.stdout
    assert len(warned) == 4 and all("nowhere" not in w for w in warned)
    figures = json.loads(CliRunner().invoke(app, ["stats", "--index", str(index),
                                                  "--json"]).stdout)
    assert figures["skipped_files"] == 4 and figures["files"] == 1


def test_page_text_snippet_shows_no_markdown_marks(seed_index):
    hits = json_lines(run(seed_index, "search", "楊浦時報", "--json").stdout)
    page_text = [h for h in hits if h["kind"] == "page-text"]
    assert page_text and "#" not in page_text[0]["snippet"]
