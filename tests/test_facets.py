"""Facets through the real CLI: checked before any hit prints, named as queries name
fields, labelled the same whatever a query finds."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from newsgrep.cli import app


def run(index, *args):
    return CliRunner().invoke(app, [*args, "--index", str(index)])


def facets_of(index, query: str, name: str) -> dict:
    result = run(index, "search", query, "--json", "--facet", name)
    return json.loads(result.stdout.splitlines()[-1])["facets"]


def test_unknown_facet_is_refused_before_any_hit(seed_index):
    for extra in ([], ["-c"], ["--json"]):
        result = run(seed_index, "search", "杨浦", "--facet", "bogus", *extra)
        assert result.exit_code == 2 and result.stdout == ""
        message = result.stderr.strip().splitlines()
        assert len(message) == 1 and "paper" in message[0] and "报纸" in message[0]


def test_facets_take_the_query_languages_field_names(seed_index):
    assert facets_of(seed_index, "杨浦", "报纸") == facets_of(seed_index, "杨浦", "paper")
    assert facets_of(seed_index, "杨浦", "日期") == facets_of(seed_index, "杨浦", "date")
    assert facets_of(seed_index, "杨浦", "版面")["page"] == facets_of(seed_index, "杨浦",
                                                                      "page")["page"]
    assert set(facets_of(seed_index, "杨浦", "作者")) == {"author"}


def test_a_paper_has_one_label_whatever_the_query_finds(seed_index):
    # 华为's hits are mostly in pages printing 楊浦時報, 杨浦's mostly 杨浦时报: one label
    # for both, the one `stats` uses.
    stats = json.loads(run(seed_index, "stats", "--json").stdout)
    labels = {label for query in ("华为", "杨浦", "数字化", "title:华为")
              for label in facets_of(seed_index, query, "paper")["paper"]} - {"unknown"}
    assert len(labels) == 1 and labels <= set(stats["papers"])
    text = run(seed_index, "search", "华为", "-c", "--facet", "报纸").stdout
    assert f"{labels.pop()}\n" in text


def test_author_spellings_fold_together_under_a_stable_label():
    from collections import Counter

    from newsgrep.search.facets import _folded_together

    assert _folded_together(Counter({"張雯": 3, "张雯": 1, "unknown": 2})) == \
        Counter({"张雯": 4, "unknown": 2})
    assert _folded_together(Counter({"張雯": 1})) == Counter({"張雯": 1})
