import pytest
from hypothesis import given, settings, strategies as st

from newsgrep.errors import NewsgrepError
from newsgrep.search.query import And, DateRange, Not, Or, PageRange, Text, parse_query


def test_space_separated_terms_must_all_match():
    assert parse_query("华为 薛侃") == And((Text("华为"), Text("薛侃")))


def test_quoted_phrase_ignores_spaces_between_chinese():
    assert parse_query('"数字 孪生"') == Text("数字孪生")
    assert parse_query("“数字孪生”") == Text("数字孪生")


def test_fields_with_chinese_names_and_full_width_colon():
    assert parse_query("标题：华为") == Text("华为", "title")
    assert parse_query("作者:宋明") == Text("宋明", "author")
    assert parse_query("正文:华为") == Text("华为", "body")


def test_operators_and_groups():
    assert parse_query("华为 NOT (5G OR 云)") == And(
        (Text("华为"), Not(Or((Text("5g"), Text("云"))))))


def test_field_applies_to_a_group():
    assert parse_query("title:(华为 OR 薛侃)") == Or(
        (Text("华为", "title"), Text("薛侃", "title")))


@pytest.mark.parametrize("query, expected", [
    ("date:2023", DateRange("2023", "2023")),
    ("date:2023-12", DateRange("2023-12", "2023-12")),
    ("日期:2023年12月19日", DateRange("2023-12-19", "2023-12-19")),
    ("date:[2023-09 TO 2023-12]", DateRange("2023-09", "2023-12")),
    ("date:[2023-09 TO]", DateRange("2023-09", None)),
    ("page:4", PageRange(4, 4)),
    ("版面:[1 TO 4]", PageRange(1, 4)),
])
def test_dates_and_pages(query, expected):
    assert parse_query(query) == expected


def test_unknown_field_prefix_is_literal_text():
    assert parse_query("10:30") == Text("10:30")


def test_terms_are_folded_like_articles():
    assert parse_query("華為") == Text("华为")
    assert parse_query("ＨＣＳ") == Text("hcs")


@pytest.mark.parametrize("query", [
    '"未闭合', "title:(", "date:[2023 TO", "(华为", "华为)", "OR", "华为 OR", "NOT",
    "标题：", "date:tomorrow", "page:four", "date:2023-13", "]", "", "   ", "\u200b",
    "title:[a TO b]",
])
def test_malformed_queries_raise_a_clear_error(query):
    with pytest.raises(NewsgrepError) as error:
        parse_query(query)
    assert error.value.message.startswith("bad query:")


@settings(max_examples=300)
@given(st.lists(st.sampled_from(
    list('华为 "“”()[]:：\u200b\t') + ["OR", "NOT", "AND", "TO", "title", "标题", "date",
                                      "page", "2023-12", " "]), max_size=12))
def test_any_query_parses_or_raises_a_query_error(pieces):
    try:
        parse_query("".join(pieces))
    except NewsgrepError:
        pass


def test_minus_excludes_a_term():
    assert parse_query("华为 -手机") == And((Text("华为"), Not(Text("手机"))))
    assert parse_query('华为 -"手 机"') == And((Text("华为"), Not(Text("手机"))))
    assert parse_query("a-b") == Text("a-b")  # a hyphen inside a word is text


def test_lower_case_operators():
    assert parse_query("华为 or 鸿蒙") == parse_query("华为 OR 鸿蒙")
    assert parse_query("华为 not 手机") == parse_query("华为 NOT 手机")
    assert parse_query('"or"') == Text("or")


@pytest.mark.parametrize("query", ["titel:华为", "autor:宋明", "date_:2023"])
def test_unknown_field_is_an_error_naming_it(query):
    with pytest.raises(NewsgrepError) as caught:
        parse_query(query)
    name = query.split(":")[0]
    assert f"unknown field {name}" in caught.value.message and "title" in caught.value.message


def test_a_colon_in_chinese_text_is_not_a_field():
    assert parse_query("比分3：1") == Text("比分3:1")
    assert parse_query("题目：华为") == Text("华为", "title")
