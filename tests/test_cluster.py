"""Tests for newsgrep.cluster: the Query DSL and the bulk documents as data, the mapping, and
the same answers as the local index.

What runs everywhere:
- golden JSON (tests/golden/cluster/) for the request of every construct of the query
  language, for the mapping and for the bulk documents of a seed page;
- a small model of how the cluster evaluates our requests (bool, match_phrase on
  single-character tokens, ranges), run over the pushed documents and compared, query by
  query, with the local index's answers. The model is what the mapping promises
  (token i = character i at position i; Lucene's gap between array values);
- a stand-in HTTP server, only for what a real node cannot be made to do on demand
  (refuse one chosen document).
The real check of those promises is tests/test_cluster_node.py, on a real OpenSearch node.

Regenerate the golden files after an intended change:
    NEWSGREP_UPDATE_GOLDEN=1 python -m pytest -q -n 0 tests/test_cluster.py
"""
from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from typer.testing import CliRunner

from newsgrep import fields
from newsgrep.cluster import mapping as cluster_mapping
from newsgrep.cli.cluster import cluster_app
from newsgrep.cluster.documents import (article_from_source, file_documents, plan,
                                        source_hash, stale_queries)
from newsgrep.cluster.translate import build_hits, build_search, date_range, translate
from newsgrep.index.changes import SourceFile, find_sources
from newsgrep.models import Article
from newsgrep.printers.jsonlines import full_fields
from newsgrep.search.query import DateRange, parse_query
from newsgrep.search.searcher import _date_in
from tests.conftest import seeds_with_sidecars

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden" / "cluster"
UPDATE = bool(os.environ.get("NEWSGREP_UPDATE_GOLDEN"))
GOLDEN_SEED = "seeds/001_cd34915e0be2f362.txt"  # page text, two authors, kickers, a jump

# Every construct of the query language, each once at least.
CONSTRUCTS = [
    "华为",                                  # a word, in every default field
    "杨浦 华为",                              # words: all must match
    "杨浦 AND 华为",
    "杨浦 and 华为",                          # operators in lower case
    "杨浦 OR 华为",
    "杨浦 or 华为",
    "杨浦 NOT 华为",
    "杨浦 not 华为",
    "NOT 华为",                               # a query of exclusion only
    "杨浦 -华为",                             # -term
    '杨浦 -"数字化 转型"',                     # -"phrase"
    "华为 -title:手机",                        # -field:term
    '"数字化转型"',                           # a phrase
    "“数字化转型”",                           # Chinese quotes
    '"Deep Seek"',                           # a phrase keeps the space between Latin words
    "杨浦 NOT (华为 OR 金融)",                  # grouping
    "(杨浦 OR 虹口) (华为 OR 金融)",
    "华为 and 杨浦 or not 虹口",                # precedence: AND before OR
    "華為 ＡＢＣ",                             # folding: traditional, full width, case
    "虹口 \u200b",                            # a term folding to nothing matches all
    "title:华为", "标题：华为", "标题名:华为", "题目:华为", "題目:华为",
    "title:(华为 OR 鸿蒙)",                    # a field over a group
    "kicker:薛侃", "引题：薛侃",
    "subtitle:街道", "副题:街道", "副标题：街道",
    "author:封辰霏", "authors:封辰霏", "作者：陈涛", "记者:汤顺佳",
    "paper:杨浦", "报纸：杨浦时报", "报:杨浦",
    "body:金融", "正文：金融",
    "date:2023", "date:2023-12", "date:2023-12-19", "日期：2023年12月", "日期:2023年12月19日",
    "date:2023-2-31",                          # a day that does not exist in February
    "date:[2023-09 TO 2023-12]", "date:[2023-12-02 TO 2024]",
    "date:[TO 2023-12-01]", "date:[2023-12 TO]",
    "-date:2023-12",
    "page:1", "版面：1", "版:第4版", "page:[1 TO 4]", "版面:[TO 1]", "page:[2 TO]",
    "华为 date:2023-12 page:1",
]
# Request options other than the query.
OPTIONS = [
    {"query": "华为", "sort": "date", "limit": 20, "offset": 0},
    {"query": "华为", "sort": "date-asc", "limit": 10, "offset": 10},
    {"query": "NOT 华为", "sort": "score", "limit": 0, "offset": 0},
]


def _golden(name: str, actual):
    """Compare with tests/golden/cluster/NAME (or write it, with NEWSGREP_UPDATE_GOLDEN)."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return json.loads(path.read_text("utf-8"))


# Translation ------------------------------------------------------------------------------

def _requests() -> list[dict]:
    cases = [{"query": q, "sort": "score", "limit": 10, "offset": 0} for q in CONSTRUCTS]
    cases += OPTIONS
    return [dict(case, request=build_search(case["query"], case["limit"], case["offset"],
                                            case["sort"])) for case in cases]


def test_every_construct_translates_as_the_golden_request_says():
    actual = _requests()
    expected = _golden("queries.json", actual)
    assert [c["query"] for c in actual] == [c["query"] for c in expected], \
        "the golden lists other queries: regenerate it (see the module docstring)"
    for got, want in zip(actual, expected):
        assert got == want, f"request for {got['query']!r} differs from the golden"


def test_every_query_name_in_the_field_table_is_covered():
    used = {name for q in CONSTRUCTS for name in fields.QUERY_NAMES
            if f"{name}:" in q or f"{name}：" in q}
    assert used == set(fields.QUERY_NAMES), set(fields.QUERY_NAMES) - used


def test_phrases_match_on_folded_fields_and_ranking_only_scores():
    body = build_search("标题：华为 报纸：杨浦")
    assert body["query"]["bool"]["filter"] == [{"bool": {"must": [
        {"match_phrase": {"folded.title": "华为"}},
        {"match_phrase": {"folded.paper": "杨浦"}}]}}]
    # Only the title condition ranks (paper has no words), with the title's boost.
    assert body["query"]["bool"]["should"] == [{"match": {"words.title": {
        "query": "华为", "operator": "or", "boost": fields.WORD_FIELDS["title"]}}}]


def test_a_bare_word_searches_the_default_fields_from_the_table_then_the_page():
    records, page_only = translate(parse_query("华为"))["bool"]["should"]
    assert records["multi_match"]["fields"] == [f"folded.{f}" for f in fields.DEFAULT_FIELDS]
    assert records["multi_match"]["type"] == "phrase"
    assert page_only == {"bool": {"filter": [{"match_phrase": {"folded.sheet": "华为"}}],
                                  "must_not": [{"match_phrase": {"folded.page": "华为"}}]}}


@pytest.mark.parametrize("low, high, expected", [
    ("2023", "2023", {"gte": "2023", "lt": "2024"}),
    ("2023-12", "2023-12", {"gte": "2023-12", "lt": "2023-13"}),
    ("2023-12-19", "2023-12-19", {"gte": "2023-12-19", "lt": "2023-12-1:"}),
    (None, "2023-12", {"lt": "2023-13"}),
    ("2023-12", None, {"gte": "2023-12"}),
])
def test_date_prefix_bounds(low, high, expected):
    assert date_range(low, high) == expected


def _in_range(value: str, bounds: dict) -> bool:
    """How a keyword range compares: UTF-8 bytes, i.e. code points."""
    data = value.encode()
    return all({"gte": data >= b.encode(), "gt": data > b.encode(),
                "lte": data <= b.encode(), "lt": data < b.encode()}[op]
               for op, b in bounds.items())


_DATE_TEXT = st.text(alphabet="0123456789-年月:", max_size=11)


@given(_DATE_TEXT, st.one_of(st.none(), _DATE_TEXT.filter(bool)),
       st.one_of(st.none(), _DATE_TEXT.filter(bool)))
def test_date_ranges_agree_with_the_local_prefix_rule_for_any_string(date, low, high):
    assert _in_range(date, date_range(low, high)) == _date_in(date, DateRange(low, high))


def test_sort_must_be_known():
    from newsgrep.errors import NewsgrepError

    with pytest.raises(NewsgrepError, match="sort must be one of"):
        build_search("华为", sort="relevance")


# Mapping ----------------------------------------------------------------------------------

def test_mapping_command_prints_the_golden_mapping():
    result = CliRunner().invoke(cluster_app, ["mapping"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body == _golden("mapping.json", body)
    assert set(body) == {"settings", "mappings"}


def test_template_wraps_the_same_body():
    result = CliRunner().invoke(cluster_app, ["mapping", "--template", "newsgrep-*",
                                              "--shards", "3", "--replicas", "1"])
    template = json.loads(result.output)
    assert template["index_patterns"] == ["newsgrep-*"]
    assert template["template"]["mappings"] == cluster_mapping.build_mappings()
    assert template["template"]["settings"]["number_of_shards"] == 3


def _mapped(properties: dict, dotted: str) -> dict | None:
    head, _, rest = dotted.partition(".")
    entry = properties.get(head)
    if entry is None or not rest:
        return entry
    inner = entry.get("properties") or entry.get("fields") or {}
    return _mapped(inner, rest)


def _fields_used(clause) -> set[str]:
    """Every field a request names in its queries and sorts."""
    found: set[str] = set()
    if isinstance(clause, list):
        for item in clause:
            found |= _fields_used(item)
    elif isinstance(clause, dict):
        for key, value in clause.items():
            if key in ("match_phrase", "range", "match", "term", "terms", "prefix"):
                found |= set(value)
            elif key == "multi_match":
                found |= set(value["fields"])
            elif key == "sort":
                found |= {f for item in value for f in item if f != "_score"}
            else:
                found |= _fields_used(value)
    return found


def test_mapping_has_every_field_the_translator_uses():
    properties = cluster_mapping.build_mappings()["properties"]
    used = set().union(*(_fields_used(c["request"]) for c in _requests()))
    used |= _fields_used({"query": next(stale_queries({"p": "h"}, ["q"]))["query"]})
    for name in used:
        assert _mapped(properties, name) is not None, f"{name} is not in the mapping"
    analyzers = cluster_mapping.build_settings()["analysis"]["analyzer"]
    for name in fields.MATCHED_FIELDS:
        folded = _mapped(properties, f"folded.{name}")
        assert folded["analyzer"] == cluster_mapping.CHAR_ANALYZER
    tokenizer = cluster_mapping.build_settings()["analysis"]["tokenizer"]["newsgrep_char"]
    # Single characters, every character kept: what makes a phrase a substring.
    assert tokenizer == {"type": "ngram", "min_gram": 1, "max_gram": 1, "token_chars": []}
    assert analyzers[cluster_mapping.CHAR_ANALYZER]["filter"] == []
    for word_field in fields.WORD_FIELDS:
        assert _mapped(properties, f"words.{word_field}")["analyzer"] == \
            cluster_mapping.WORD_ANALYZER


def test_mapping_keeps_every_exported_field():
    from newsgrep.cluster.documents import article_from_source

    exported = full_fields(Article(title="t", body="b", page=3, page_label="A3"))
    assert set(exported) <= set(cluster_mapping.EXPORTED_FIELDS), \
        set(exported) - set(cluster_mapping.EXPORTED_FIELDS)
    assert article_from_source(exported) == Article(title="t", body="b", page=3,
                                                    page_label="A3")


# Documents --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_documents():
    sources = find_sources([SEEDS], [])
    return {Path(s.path).name: file_documents(s) for s in sources}


def test_seed_page_documents_match_the_golden(monkeypatch):
    monkeypatch.chdir(REPO)  # relative paths: ids and paths the same on every machine
    source = find_sources([Path(GOLDEN_SEED)], [])[0]
    source = SourceFile(GOLDEN_SEED, source.size, source.digest, source.sidecar)
    found = file_documents(source)
    actual = {"path": found.path, "source_hash": found.source_hash,
              "documents": found.documents}
    expected = _golden("documents.json", actual)
    assert [d["id"] for d in actual["documents"]] == [d["id"] for d in expected["documents"]], \
        "the seed page is cut differently now: if the parser changed on purpose, " \
        "regenerate the golden (see the module docstring)"
    assert actual == expected


def test_documents_carry_exported_folded_and_segmented_fields(seed_documents):
    from newsgrep.index.analysis import segmenter
    from newsgrep.index.store import folded_fields
    from newsgrep.index.segments import ranking_words

    for found in seed_documents.values():
        assert found.documents and not found.skipped
        for document in found.documents:
            article = article_from_source(document)
            assert {k: document[k] for k in full_fields(article)} == full_fields(article)
            folded = folded_fields(article)
            assert document["folded"]["author"] == [v for v in folded["author"].split(
                fields.AUTHOR_SEPARATOR) if v]
            assert {k: v for k, v in document["folded"].items()
                    if k in fields.MATCHED_FIELDS and k != "author"} == \
                {k: v for k, v in folded.items() if k != "author" and k in fields.MATCHED_FIELDS}
            words = ranking_words(folded, segmenter())
            assert document["words"] == {k: " ".join(v) for k, v in words.items()}
            assert document["source_hash"] == found.source_hash


def test_worker_processes_read_the_same_documents(seed_documents):
    from newsgrep.cluster.push import read_files

    found = {Path(f.path).name: f.documents for f in read_files(find_sources([SEEDS], []), 2)}
    assert found == {name: f.documents for name, f in seed_documents.items()}


def test_documents_include_page_text_as_the_local_index_does(seed_documents):
    kinds = {d["kind"] for found in seed_documents.values() for d in found.documents}
    assert kinds == {"article", "page-text"}


def test_plan_sends_new_and_changed_files_and_deletes_removed_ones():
    a = SourceFile("/c/a.txt", 1, "da", {})
    b = SourceFile("/c/b.txt", 1, "db", {})
    c = SourceFile("/c/c.txt", 1, "dc", {})
    held = {"/c/a.txt": source_hash("da"), "/c/b.txt": source_hash("old"),
            "/c/gone.txt": source_hash("dg")}
    changes = plan([a, b, c], held)
    assert [s.path for s in changes.changed] == ["/c/b.txt", "/c/c.txt"]
    assert changes.removed == ["/c/gone.txt"]
    assert changes.unchanged == 1


def test_stale_queries_delete_other_versions_of_pushed_files_and_removed_files():
    queries = list(stale_queries({"/c/b.txt": "hb"}, ["/c/gone.txt"]))
    assert queries == [
        {"query": {"bool": {"minimum_should_match": 1, "should": [
            {"bool": {"filter": [{"term": {"path": "/c/b.txt"}}],
                      "must_not": [{"term": {"source_hash": "hb"}}]}}]}}},
        {"query": {"terms": {"path": ["/c/gone.txt"]}}},
    ]


def test_source_hash_changes_with_the_analyser(monkeypatch):
    import newsgrep.cluster.documents as documents

    before = source_hash("d")
    monkeypatch.setattr(documents, "ANALYSER_VERSION", "another")
    assert source_hash("d") != before


# The same answers as the local index, on a model of the cluster --------------------------

POSITION_GAP = 100  # Lucene's default position_increment_gap between array values


def _positions(value) -> dict[str, set[int]]:
    """Single-character tokens at consecutive positions, as the char analyser makes them."""
    positions: dict[str, set[int]] = {}
    at = 0
    for text in value if isinstance(value, list) else [value]:
        for char in text:
            positions.setdefault(char, set()).add(at)
            at += 1
        at += POSITION_GAP
    return positions


def _phrase(value, text: str) -> bool:
    if value is None:
        return False
    positions = _positions(value)
    tokens = list(text)  # the query, through the same analyser
    return any(all(start + i in positions.get(t, ()) for i, t in enumerate(tokens))
               for start in positions.get(tokens[0], ()))


def _value(document: dict, dotted: str):
    for part in dotted.split("."):
        document = document.get(part) if isinstance(document, dict) else None
    return document


def _compare(value, bound) -> tuple:
    return (value.encode(), bound.encode()) if isinstance(value, str) else (value, bound)


def model_matches(clause: dict, document: dict) -> bool:
    """Does the cluster match `document` with `clause`: the subset of Query DSL we send."""
    (kind, body), = clause.items()
    if kind == "match_all":
        return True
    if kind == "bool":
        must = body.get("must", []) + body.get("filter", [])
        should = body.get("should", [])
        default = 1 if should and not must else 0
        minimum = body.get("minimum_should_match", default)
        return (all(model_matches(c, document) for c in must)
                and not any(model_matches(c, document) for c in body.get("must_not", []))
                and sum(model_matches(c, document) for c in should) >= minimum)
    if kind == "match_phrase":
        (name, text), = body.items()
        return _phrase(_value(document, name), text)
    if kind == "multi_match":
        assert body["type"] == "phrase"
        return any(_phrase(_value(document, name), body["query"]) for name in body["fields"])
    if kind == "range":
        (name, bounds), = body.items()
        value = _value(document, name)
        if value is None:
            return False
        ops = {"gte": lambda a, b: a >= b, "gt": lambda a, b: a > b,
               "lte": lambda a, b: a <= b, "lt": lambda a, b: a < b}
        return all(ops[op](*_compare(value, bound)) for op, bound in bounds.items())
    if kind in ("term", "terms"):
        (name, wanted), = body.items()
        value = _value(document, name)
        values = set(value) if isinstance(value, list) else {value}
        return bool(values & (set(wanted) if kind == "terms" else {wanted}))
    if kind == "match":  # ranking words: any of them
        (name, spec), = body.items()
        return bool(set(spec["query"].split()) & set((_value(document, name) or "").split()))
    raise AssertionError(f"the model knows no {kind} query")


# Sidecar lines for the seed pages: dates where a page prints none (001 prints 2023-12-19),
# full and partial, one page left undated; page numbers where none is known.
SEED_SIDECARS = {"000_c18af8268db4f541": 'date = "2023-12-01"',
                 "002_250b9268bf67af87": 'date = "2024-01-05"',
                 "003_c616ab6b8247df4d": 'date = "2023-12"\npage = 5',
                 "004_a45b530a45489c74": "page = 4"}
SAME_ANSWER_QUERIES = CONSTRUCTS + [
    "杨浦", "金融", "数字", "上海", "author:霏宗", "封辰霏", "author:封辰霏 OR author:宋明",
    "date:[2023-12 TO 2023-12-05]", "date:[2023-12-19 TO]", "date:2024 OR date:2023-12-01",
    "NOT date:2023", "page:1 date:2023-12", "NOT page:1", "杨浦 -page:[1 TO 4]",
    "“在新的起点上”", "title:杨浦 OR body:虹口", "1+2+3+4",
    '"Jon Edwards"', '"jon edwards"', "JonEdwards", '"YANGPU TIMES"', "ＹＡＮＧＰＵ", "楊浦",
    "page:[4 TO 5]", "page:[2 TO 4]", "NOT page:[TO 4]",
]


@pytest.fixture(scope="module")
def dated_corpus(tmp_path_factory):
    """The seed pages with dates in their sidecars, indexed locally, and their documents."""
    import newsgrep

    folder = tmp_path_factory.mktemp("dated")
    corpus = seeds_with_sidecars(folder, SEED_SIDECARS)
    newsgrep.build_index([corpus], folder / "index")
    documents = [d for s in find_sources([corpus], []) for d in file_documents(s).documents]
    return folder / "index", documents


@pytest.mark.parametrize("query", SAME_ANSWER_QUERIES)
def test_model_cluster_matches_what_the_local_index_matches(dated_corpus, query):
    import newsgrep

    index, documents = dated_corpus
    request = build_search(query)
    found = {d["id"] for d in documents if model_matches(request["query"], d)}
    with newsgrep.open_index(index) as ix:
        local = {hit.article.id for hit in ix.search(query, limit=0)}
    assert found == local


# Strings only a page's whole text holds (a jump marker, a credit line): the local index
# finds them on the page's first record, and so does the cluster, by the page's sheet.
SHEET_QUERIES = ["(上接第1版)", "第4版"]


@pytest.mark.parametrize("query", SHEET_QUERIES)
def test_model_cluster_finds_what_a_page_holds_whole_on_its_first_record(dated_corpus, query):
    import newsgrep

    index, documents = dated_corpus
    request = build_search(query)
    found = {d["id"] for d in documents if model_matches(request["query"], d)}
    page_only = {d["id"] for d in documents if model_matches(
        translate(parse_query(query))["bool"]["should"][1], d)}
    with newsgrep.open_index(index) as ix:
        local = {hit.article.id for hit in ix.search(query, limit=0)}
    assert found == local and page_only


def test_every_page_is_headed_by_one_record_with_its_sheet(seed_documents):
    for found in seed_documents.values():
        heads = [d for d in found.documents if "sheet" in d["folded"]]
        assert heads and heads[0] is found.documents[0]
        texts = [t for h in heads for t in h["folded"]["page"]]
        assert len(texts) == sum(1 for d in found.documents for name in fields.DEFAULT_FIELDS
                                 for v in (d["folded"][name] if name == "author"
                                           else [d["folded"][name]]) if v)


def test_the_seed_dates_make_date_queries_tell_something(dated_corpus):
    import newsgrep

    index, _documents = dated_corpus
    with newsgrep.open_index(index) as ix:
        counts = {q: ix.count(q) for q in ("date:2023-12", "date:2023-12-01", "date:2024")}
    assert all(counts.values()) and counts["date:2023-12"] > counts["date:2023-12-01"]


# Hits -------------------------------------------------------------------------------------

def test_hits_from_a_response_are_the_local_hits(dated_corpus):
    """The same article, score aside, gives the same hit: snippet, spans, passages."""
    import newsgrep

    index, documents = dated_corpus
    by_id = {d["id"]: d for d in documents}
    query = "华为 OR 标题：杨浦"
    with newsgrep.open_index(index) as ix:
        local = list(ix.search(query, limit=0, context=1))
    excluded = set(cluster_mapping_excludes())
    response = {"hits": {"total": {"value": len(local), "relation": "eq"}, "hits": [
        {"_id": h.id, "_score": 2.5,
         "_source": {k: v for k, v in by_id[h.id].items() if k not in excluded}}
        for h in local]}}
    hits, total = build_hits(response, query, context=1)
    assert total == len(local)
    for got, want in zip(hits, local):
        assert got.article == want.article
        assert (got.snippet, got.highlights, got.title_highlights) == \
            (want.snippet, want.highlights, want.title_highlights)
        assert (got.match_count, got.passages) == (want.match_count, want.passages)
        assert got.score == 2.5


def cluster_mapping_excludes():
    from newsgrep.cluster.translate import SOURCE_EXCLUDES

    return SOURCE_EXCLUDES


# Command line -----------------------------------------------------------------------------

def test_query_command_prints_the_request():
    result = CliRunner().invoke(cluster_app, ["query", "标题：华为", "-手机", "-n", "5"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == build_search("标题：华为 -手机", 5)


def test_query_command_reports_a_bad_query():
    result = CliRunner().invoke(cluster_app, ["query", '"华为'])
    assert result.exit_code == 2
    assert "unclosed quote" in result.output


def test_push_to_no_cluster_fails_in_one_line(tmp_path):
    pytest.importorskip("elasticsearch")
    page = tmp_path / "p.txt"
    page.write_text("标题\n正文", "utf-8")
    result = CliRunner().invoke(cluster_app, ["push", str(page), "--url",
                                              "http://127.0.0.1:9", "--client",
                                              "elasticsearch"])
    assert result.exit_code == 2
    assert result.output == ("newsgrep: cluster index check failed: cannot reach a cluster "
                             "at http://127.0.0.1:9 (ConnectionError); is a cluster running "
                             "there?\n")


def test_push_to_no_cluster_with_the_client_left_to_choose(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("标题\n正文", "utf-8")
    result = CliRunner().invoke(cluster_app, ["push", str(page), "--url",
                                              "http://user:secret@127.0.0.1:9"])
    assert result.exit_code == 2
    assert result.output.startswith("newsgrep: cannot reach a cluster at "
                                    "http://user:***@127.0.0.1:9 (")
    assert "secret" not in result.output and len(result.output.splitlines()) == 1


# The product, from what the root endpoint says --------------------------------------------

@pytest.mark.parametrize("info, product", [
    ({"version": {"distribution": "opensearch", "number": "2.19.6"},
      "tagline": "The OpenSearch Project: https://opensearch.org/"}, "opensearch"),
    ({"version": {"number": "7.10.2"}, "tagline": "The OpenSearch Project"}, "opensearch"),
    ({"version": {"number": "9.1.0", "build_flavor": "default"},
      "tagline": "You Know, for Search"}, "elasticsearch"),
    ({}, None), ([], None), ({"error": "unauthorized"}, None),
])
def test_the_product_is_read_from_the_root_endpoint(info, product):
    from newsgrep.cluster.client import product_of

    assert product_of(info) == product


def test_the_client_asked_for_is_used_whatever_the_product():
    from newsgrep.cluster.client import choose_client

    assert choose_client("elasticsearch", "opensearch") == "elasticsearch"
    assert choose_client("opensearch", None) == "opensearch"
    pytest.importorskip("opensearchpy")
    assert choose_client("auto", "opensearch") == "opensearch"


# The official client over HTTP, against a stand-in server ------------------------------

class StandIn:
    """An HTTP server that answers the few requests newsgrep makes, the way Elasticsearch
    would under the model above: not Elasticsearch, but the official client, its bulk
    helper and every request newsgrep builds really go over the wire to it, and documents
    are checked against the mapping (`dynamic: strict`)."""

    def __init__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.indexes: dict[str, dict] = {}   # name -> {"body": …, "docs": {id: source}}
        self.requests: list[tuple[str, str]] = []
        self.refuse: set[str] = set()        # document ids to refuse, as a full disk would
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else b""
                path = self.path.split("?")[0]
                stand_in.requests.append((self.command, path))
                try:
                    status, body = stand_in.handle(self.command, path, data)
                except Exception as exc:  # shown in the failing test's output
                    status, body = 500, {"error": f"stand-in: {type(exc).__name__}: {exc}"}
                payload = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def handle(self, method: str, path: str, data: bytes):
        parts = [p for p in path.split("/") if p]
        if parts == ["_bulk"]:
            return 200, self.bulk(data)
        if not parts:
            return 200, {"version": {"number": "9.0.0"}, "tagline": "You Know, for Search"}
        name, action = parts[0], (parts[1] if len(parts) > 1 else None)
        index = self.indexes.get(name)
        if action is None and method == "HEAD":
            return (200 if index else 404), None
        if action is None and method == "PUT":
            self.indexes[name] = {"body": json.loads(data), "docs": {}}
            return 200, {"acknowledged": True, "index": name}
        if index is None:
            return 404, {"error": {"type": "index_not_found_exception"}, "status": 404}
        if action == "_mapping":
            return 200, {name: {"mappings": index["body"]["mappings"]}}
        if action == "_refresh":
            return 200, {"_shards": {"failed": 0}}
        body = json.loads(data or b"{}")
        if action == "_search":
            return 200, self.search(index, body)
        if action == "_delete_by_query":
            gone = [i for i, d in index["docs"].items() if model_matches(body["query"], d)]
            for doc_id in gone:
                del index["docs"][doc_id]
            return 200, {"deleted": len(gone)}
        return 400, {"error": f"the stand-in knows no {method} {path}"}

    def bulk(self, data: bytes) -> dict:
        lines = [json.loads(line) for line in data.decode().splitlines() if line.strip()]
        items, errors = [], False
        for header, source in zip(lines[::2], lines[1::2]):
            (op, meta), = header.items()
            index = self.indexes[meta["_index"]]
            unknown = _unmapped(index["body"]["mappings"]["properties"], source)
            if meta["_id"] in self.refuse:
                unknown = "refused by the test"
            if unknown:
                errors = True
                items.append({op: {"_id": meta["_id"], "status": 400, "error": {
                    "type": "strict_dynamic_mapping_exception", "reason": unknown}}})
                continue
            index["docs"][meta["_id"]] = source
            items.append({op: {"_id": meta["_id"], "_index": meta["_index"], "status": 201}})
        return {"errors": errors, "took": 1, "items": items}

    def search(self, index: dict, body: dict) -> dict:
        docs = list(index["docs"].values())
        if "aggs" in body:
            composite = body["aggs"]["files"]["composite"]
            counted = Counter((d["path"], d["source_hash"], d["source_documents"]) for d in docs)
            keys = sorted(counted)
            if "after" in composite:
                after = tuple(composite["after"][k] for k in ("path", "hash", "count"))
                keys = [k for k in keys if k > after]
            page = keys[:composite["size"]]
            buckets = [{"key": {"path": p, "hash": h, "count": n}, "doc_count": counted[p, h, n]}
                       for p, h, n in page]
            files = {"buckets": buckets}
            if page:
                files["after_key"] = buckets[-1]["key"]
            return {"hits": {"total": {"value": len(docs)}, "hits": []},
                    "aggregations": {"files": files}}
        found = [d for d in docs if model_matches(body["query"], d)]
        found.sort(key=lambda d: (d["path"], d["ordinal"]))
        total = len(found)
        if "search_after" in body:  # the stand-in sorts by its tie-breaks only
            after = tuple(body["search_after"][-2:])
            found = [d for d in found if (d["path"], d["ordinal"]) > after]
        start = body.get("from", 0)
        excluded = set(body["_source"]["excludes"])
        hits = [{"_id": d["id"], "_score": 1.0, "sort": [1.0, d["path"], d["ordinal"]],
                 "_source": {k: v for k, v in d.items() if k not in excluded}}
                for d in found[start:start + body.get("size", 10)]]
        return {"hits": {"total": {"value": total, "relation": "eq"}, "hits": hits}}


def _unmapped(properties: dict, source: dict, prefix: str = "") -> str | None:
    for key, value in source.items():
        if key not in properties:
            return f"field [{prefix}{key}] is not in the mapping"
        inner = properties[key].get("properties")
        if inner is not None:
            problem = _unmapped(inner, value, f"{prefix}{key}.")
            if problem:
                return problem
    return None


@pytest.fixture()
def stand_in():
    pytest.importorskip("elasticsearch")
    server = StandIn()
    yield server
    server.close()


def test_a_file_the_cluster_took_only_in_part_is_sent_again(stand_in, tmp_path):
    from newsgrep.cluster.client import Cluster
    from newsgrep.cluster.push import push_corpus

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    page = str(corpus / "001_cd34915e0be2f362.txt")
    stand_in.refuse = {file_documents(find_sources([Path(page)], [])[0]).documents[1]["id"]}
    cluster = Cluster(stand_in.url, "elasticsearch")
    first = push_corpus(cluster, [corpus], "news", workers=1)
    assert first.failed_files == 1 and len(first.errors) == 1
    assert first.errors[0].startswith(f"{page}: article ")
    assert not [d for d in stand_in.indexes["news"]["docs"].values() if d["path"] == page]
    stand_in.refuse = set()
    second = push_corpus(cluster, [corpus], "news", workers=1)
    assert (second.pushed_files, second.unchanged, second.errors) == (1, 4, [])
    assert [d for d in stand_in.indexes["news"]["docs"].values() if d["path"] == page]
    cluster.close()


def test_a_long_pasted_query_stays_under_the_clause_limit():
    from newsgrep.cluster.translate import MAX_RANKING_TERMS

    body = build_search("".join(chr(0x4E00 + i) for i in range(300)))  # 448 stretches
    words = [len(c["match"][f]["query"].split()) for c in body["query"]["bool"]["should"]
             for f in c["match"]]
    assert words == [MAX_RANKING_TERMS, MAX_RANKING_TERMS]
    assert sum(words) + 3 < 1024
