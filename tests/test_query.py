import re

import pytest
from hypothesis import given, settings, strategies as st

import newsgrep
from newsgrep.normalize import fold
from newsgrep.errors import NewsgrepError, QueryError
from newsgrep.search import query
from newsgrep.search.query import (And, DateRange, Not, Or, PageRange, Text, page_accepts,
                                   parse_query)


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


# Expected query forms (issue 23) ---------------------------------------------------------

def test_a_prefix_search_is_the_term_itself():
    # Every article holding a word that starts with 华为 holds 华为: matching is by substring.
    assert parse_query("华为*") == Text("华为")
    assert parse_query("title:hcs*") == Text("hcs", "title")
    assert parse_query('"华为*"') == Text("华为*")  # quoted: the asterisk as printed
    assert parse_query("*ST康美") == Text("*st康美")  # a leading * is text (*ST stocks)
    assert parse_query("date:2023*") == DateRange("2023", "2023")
    with pytest.raises(QueryError, match="write a page number"):
        parse_query("page:1*")  # page 1, or 10 to 19? Not guessed


@pytest.mark.parametrize("query, expected", [
    ("date:>=2023", DateRange("2023", None)),
    ("date:>2023", DateRange("2024", None)),
    ("date:<2023", DateRange(None, "2022")),
    ("date:<=2023-05", DateRange(None, "2023-05")),
    ("date:>2023-12", DateRange("2024-01", None)),
    ("date:<2023-01", DateRange(None, "2022-12")),
    ("date:>2024-02-28", DateRange("2024-02-29", None)),
    ("date:<2023-03-01", DateRange(None, "2023-02-28")),
    ("日期：≥2023年5月", DateRange("2023-05", None)),
    ("date:＜＝2023", DateRange(None, "2023")),
    ("page:>=3", PageRange(3, None)),
    ("page:>3", PageRange(4, None)),
    ("版面:<3", PageRange(None, 2)),
    ("page:第4版", PageRange(4, 4)),
    ("date:[2023-12 TO 2023]", DateRange("2023-12", "2023")),  # December 2023: not reversed
])
def test_comparisons_are_open_ranges(query, expected):
    assert parse_query(query) == expected


@pytest.mark.parametrize("query, fix", [
    ("date:[2024 TO 2023]", "[2023 TO 2024]"),
    ("date:[2023-12-19 TO 2023-12-01]", "[2023-12-01 TO 2023-12-19]"),
    ("page:[4 TO 1]", "[1 TO 4]"),
])
def test_a_reversed_range_says_which_way_round(query, fix):
    with pytest.raises(QueryError, match="runs backwards") as error:
        parse_query(query)
    assert fix in error.value.message


@pytest.mark.parametrize("query, terms", [
    ("本报讯(记者", ["本报讯(记者"]),
    ("华为 本报讯(记者 张雯)", ["华为", "本报讯(记者", "张雯)"]),
    ("[图]北麓国际城b区车库脏乱差 灰尘漫天飞", ["[图]北麓国际城b区车库脏乱差", "灰尘漫天飞"]),
    ("鲍师傅道歉 [热事件]", ["鲍师傅道歉", "[热事件]"]),
    ("话题怎么写?(各省二模_搜狐", ["话题怎么写?(各省二模_搜狐"]),
    ("小额贷款【私人];欢迎访问", ["小额贷款【私人];欢迎访问"]),
    ("中远海能”总经理", ["中远海能”总经理"]),
])
def test_brackets_and_quotes_inside_a_pasted_headline_are_its_text(query, terms):
    tree = parse_query(query)
    parts = tree.parts if isinstance(tree, And) else (tree,)
    assert [p.text for p in parts] == [fold(t) for t in terms]


def test_syntax_still_opens_where_a_term_starts():
    assert parse_query("(华为 OR 中兴)手机") == And((Or((Text("华为"), Text("中兴"))), Text("手机")))
    assert parse_query("date:[2023 TO 2024]") == DateRange("2023", "2024")
    with pytest.raises(QueryError, match="ranges work on date"):
        parse_query("[2023 TO 2024]")


@pytest.mark.parametrize("query, quoted", [
    ("记者)", '"记者)"'),
    ("华为 (记者", '"(记者"'),
])
def test_a_stray_parenthesis_suggests_quoting_it(query, quoted):
    with pytest.raises(QueryError) as error:
        parse_query(query)
    assert ("unclosed (" in error.value.message or ") without (" in error.value.message)
    assert f"quote it, {quoted}" in error.value.message


@pytest.mark.parametrize("query, says", [
    ("date:>=", "date:>= needs a value"),
    ("date:>9999-12-31", "nothing is dated after"),
    ("page:<1", "pages start at 1"),
    ("date:next", "date:>=2023"),  # the date error shows the range forms
])
def test_comparisons_that_cannot_be_read(query, says):
    with pytest.raises(QueryError, match=re.escape(says)):
        parse_query(query)


def test_section_pages_read_as_section_and_number():
    assert parse_query("page:A1") == PageRange(1, 1, "A")
    assert parse_query("版面:ｂ１２") == PageRange(12, 12, "B")
    assert parse_query("page:[A2 TO A4]") == PageRange(2, 4, "A")
    assert parse_query("page:>=B3") == PageRange(3, None, "B")
    with pytest.raises(QueryError, match="two sections"):
        parse_query("page:[A1 TO B2]")
    a1 = PageRange(1, 1, "A")
    assert page_accepts(a1, 1, "A1") and not page_accepts(a1, 1, "B1")
    assert not page_accepts(a1, 1, None) and page_accepts(PageRange(1, 1), 1, "B1")


def test_query_syntax_error_is_the_documented_query_error():
    with pytest.raises(newsgrep.QueryError) as error:
        parse_query('"未闭合')
    assert type(error.value) is newsgrep.QueryError
    assert query.QuerySyntaxError is newsgrep.QueryError  # the old name still imports


# The same forms on a real index, through the command line -----------------------------

@pytest.fixture(scope="module")
def dated_index(tmp_path_factory):
    """Three one-story pages, dated and numbered by sidecars: 2022-12-31 p1, 2023-05-10 p2,
    2024-01-02 p3."""
    corpus = tmp_path_factory.mktemp("dated")
    for page, date in ((1, "2022-12-31"), (2, "2023-05-10"), (3, "2024-01-02")):
        (corpus / f"p{page}.txt").write_text(
            f"华为发布新手机\n\n本报讯（记者 张雯）华为公司今天在上海发布了新款HarmonyOS手机，"
            f"这是今年第{page}次发布会。\n", encoding="utf-8")
        (corpus / f"p{page}.meta.toml").write_text(f'date = "{date}"\npage = {page}\n',
                                                  encoding="utf-8")
    index = corpus.parent / (corpus.name + "-index")
    newsgrep.build_index(corpus, index)
    return index


def _search(index, *args):
    from typer.testing import CliRunner

    from newsgrep.cli import app

    return CliRunner().invoke(app, ["search", *args, "--index", str(index), "-l"])


def _pages(result) -> list[str]:
    return sorted(line.rsplit("/", 1)[-1] for line in result.stdout.split())


@pytest.mark.parametrize("query, pages", [
    ("华为*", ["p1.txt", "p2.txt", "p3.txt"]),
    ("harmony*", ["p1.txt", "p2.txt", "p3.txt"]),
    ("date:>=2023", ["p2.txt", "p3.txt"]),
    ("date:>2023-05", ["p3.txt"]),
    ("date:<2023-05-10", ["p1.txt"]),
    ("date:<=2023-05-10", ["p1.txt", "p2.txt"]),
    ("date:<2023", ["p1.txt"]),
    ("page:>=2", ["p2.txt", "p3.txt"]),
    ("page:<3", ["p1.txt", "p2.txt"]),
    ("page:[2 TO 3]", ["p2.txt", "p3.txt"]),
])
def test_query_forms_find_what_they_say(dated_index, query, pages):
    result = _search(dated_index, query)
    assert result.exit_code == 0, result.output
    assert _pages(result) == pages


def test_comparisons_are_the_open_ranges_they_stand_for(dated_index):
    for compared, ranged in (("date:>=2023", "date:[2023 TO]"),
                             ("date:<=2023-05", "date:[TO 2023-05]")):
        assert _pages(_search(dated_index, compared)) == _pages(_search(dated_index, ranged))


@pytest.mark.parametrize("query, says", [
    ("date:[2024 TO 2023]", "write the lower end first, [2023 TO 2024]"),
    ("记者)", 'quote it, "记者)"'),
])
def test_query_form_errors_exit_2_saying_what_to_type(dated_index, query, says):
    result = _search(dated_index, query)
    assert result.exit_code == 2
    assert says in result.stderr


def test_the_pasted_opener_finds_the_page_quoted_or_not(dated_index):
    assert _pages(_search(dated_index, '"本报讯(记者"')) == ["p1.txt", "p2.txt", "p3.txt"]
    assert _pages(_search(dated_index, "本报讯(记者")) == ["p1.txt", "p2.txt", "p3.txt"]
