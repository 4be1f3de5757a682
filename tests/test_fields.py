"""The field table (newsgrep/fields.py) and the stages that read it agree."""
from __future__ import annotations

import subprocess
import sys

import pytest

from newsgrep import fields
from newsgrep.errors import QueryError
from newsgrep.index.schema import build_schema
from newsgrep.index.store import folded_fields
from newsgrep.models import Article
from newsgrep.search.query import DateRange, PageRange, Text, parse_query
from tests.conftest import REPO


def test_every_query_name_parses_to_its_field():
    for name, field in fields.QUERY_NAMES.items():
        tree = parse_query(f"{name}：2023" if fields.kind_of(field) != fields.PAGE
                           else f"{name}:4")
        kind = fields.kind_of(field)
        if kind == fields.DATE:
            assert tree == DateRange("2023", "2023"), name
        elif kind == fields.PAGE:
            assert tree == PageRange(4, 4), name
        else:
            assert tree == Text("2023", field), name


def test_keyword_fields_are_not_query_names():
    for query in ("id:x", "path:x"):  # an unknown field is an error, not a silent text search
        with pytest.raises(QueryError, match="unknown field"):
            parse_query(query)


def test_defaults_are_text_fields_with_a_store_blob():
    assert set(fields.DEFAULT_FIELDS) <= set(fields.SEARCH_FIELDS)
    assert fields.DEFAULT_FIELDS == ("title", "kicker", "subtitle", "author", "body")
    assert "paper" in fields.SEARCH_FIELDS and "paper" not in fields.DEFAULT_FIELDS


def test_fields_sharing_a_word_field_agree_on_its_boost():
    for f in fields.FIELDS:
        if f.words in fields.WORD_FIELDS and f.kind == fields.TEXT:
            assert f.boost == fields.WORD_FIELDS[f.words], f.name
    assert fields.WORD_FIELDS == {"title": 3.0, "body": 1.0}


def test_schema_is_built_from_the_table():
    schema = build_schema()
    assert set(schema.names()) == set(fields.WORD_FIELDS) | set(fields.KEYWORD_FIELDS)
    for name, boost in fields.WORD_FIELDS.items():
        assert schema[name].format.field_boost == boost


def test_word_fields_for_a_condition():
    assert fields.word_fields_for(None) == ("title", "body")
    assert fields.word_fields_for("title") == ("title",)
    assert fields.word_fields_for("author") == ("body",)
    assert fields.word_fields_for("paper") == ()


def test_store_folds_every_search_field_and_keeps_authors_apart():
    article = Article(title="華為", body="正文", authors=("宋明", "李四"), paper="楊浦時報")
    folded = folded_fields(article)
    assert tuple(folded) == fields.SEARCH_FIELDS
    assert folded["title"] == "华为" and folded["paper"] == "杨浦时报"
    assert folded["author"] == "宋明" + fields.AUTHOR_SEPARATOR + "李四"


def test_columns_hold_every_column_field():
    assert {f.name for f in fields.FIELDS if f.column} <= set(fields.COLUMNS)
    assert {fields.ARTICLE_KEY, fields.FILE_KEY} <= set(fields.KEYWORD_FIELDS)


def test_the_table_imports_nothing_heavy():
    code = "import sys, newsgrep.fields; print(sorted(m for m in sys.modules " \
           "if m.split('.')[0] in ('whoosh', 'jieba', 'rich')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, check=True)
    assert done.stdout.strip() == "[]"
