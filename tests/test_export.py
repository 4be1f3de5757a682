"""Getting text out through the real CLI: `export QUERY` (only the matching articles,
whole), `export --format text` (plain text), `search --body`."""
from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from newsgrep.cli import app


def run(index, *args):
    return CliRunner().invoke(app, [*args, "--index", str(index)])


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_export_a_query_writes_only_its_articles_whole(seed_index):
    hits = json_lines(run(seed_index, "search", "华为", "--json").stdout)
    result = run(seed_index, "export", "华为", "--format", "jsonl")
    assert result.exit_code == 0
    exported = json_lines(result.stdout)
    assert [a["id"] for a in exported] == [h["id"] for h in hits if h["kind"] == "article"]
    every = {a["id"]: a for a in json_lines(run(seed_index, "export").stdout)}
    assert len(every) > len(exported)
    assert all(a == every[a["id"]] and "华为" in a["title"] + a["body"] for a in exported)


def test_export_query_words_and_exclusions_as_search_reads_them(seed_index):
    # several words are one query, and an unquoted -word excludes, as in search
    words = json_lines(run(seed_index, "export", "华为", "-hcs").stdout)
    quoted = json_lines(run(seed_index, "export", "华为 -hcs").stdout)
    assert words == quoted and 0 < len(words) < 3
    assert run(seed_index, "export", "没有这样的词语组合xyz").exit_code == 1


def test_export_text_is_plain_text(seed_index):
    articles = json_lines(run(seed_index, "export", "华为").stdout)
    text = run(seed_index, "export", "华为", "--format", "text").stdout
    assert not text.lstrip().startswith("{")
    blocks = text.rstrip("\n").split("\n\n")
    assert len(blocks) == len(articles)
    for block, article in zip(blocks, articles):
        header, *lines = block.split("\n")
        assert header.endswith(f"id {article['id']}")
        assert article["title"] in lines
        body = [p for p in article["body"].split("\n") if p.strip()]
        assert lines[-len(body):] == body


def test_export_csv_of_a_query(seed_index):
    rows = list(csv.DictReader(io.StringIO(run(seed_index, "export", "华为", "--format",
                                               "csv").stdout)))
    assert len(rows) == 3 and all("华为" in r["title"] + r["body"] for r in rows)
    assert run(seed_index, "export", "--bom").exit_code == 2  # --bom is for CSV


def test_search_body_in_json_and_csv(seed_index):
    every = {a["id"]: a for a in json_lines(run(seed_index, "export").stdout)}
    hits = json_lines(run(seed_index, "search", "华为", "--json", "--body").stdout)
    assert hits and all(h["body"] == every[h["id"]]["body"] for h in hits)
    assert "body" not in json_lines(run(seed_index, "search", "华为", "--json").stdout)[0]
    rows = list(csv.DictReader(io.StringIO(run(seed_index, "search", "华为", "--format",
                                               "csv", "--body").stdout)))
    assert [r["body"] for r in rows] == [every[h["id"]]["body"] for h in hits]
    refused = run(seed_index, "search", "华为", "--body")
    assert refused.exit_code == 2 and "--json" in refused.stderr
