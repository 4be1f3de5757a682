"""Did you mean: respellings of the terms that find nothing, through the real CLI and
library on real indexes of the seed pages and of a few pages written here."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsgrep.api import build_index, open_index
from newsgrep.cli import app
from newsgrep.search.suggest import close_characters, distance, substitution

# Three pages: 人工智能 in two articles (one headline), 人员只能 in five (three headlines),
# so the commoner near word is the wrong one; iPhone, 华为, 未来, 自己 and 乡村振兴 once
# or twice.
PAGES = {
    "p1.txt": """# 人工智能赋能千行百业

本报讯 人工智能正在走进工厂。专家说，人工智能让生产更聪明，未来人工智能还将走进千家万户。华为在人工智能领域持续投入。

# 工作人员只能步行进入

本报讯 景区入口改造期间，工作人员只能步行进入，游客须提前预约。
""",
    "p2.txt": """# 新款iPhone发布

本报讯 新款iPhone昨日发布，不少市民排队购买iPhone。工作人员只能分批放行。

# 工作人员只能分批进入会场

本报讯 会场安保严格，工作人员只能分批进入，人员只能凭证件出入。
""",
    "p3.txt": """# 面向未来的城市更新

本报讯 人工智能与城市更新结合，描绘未来城市的新图景。相关人员只能在规定时间进入工地。

# 工作人员只能在指定区域活动

本报讯 活动现场，工作人员只能在指定区域活动，自己的物品自己保管。乡村振兴展区人气很旺。
""",
}


@pytest.fixture(scope="module")
def written_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("suggest")
    for name, text in PAGES.items():
        (folder / "pages" / name).parent.mkdir(exist_ok=True)
        (folder / "pages" / name).write_text(text, encoding="utf-8")
    build_index(folder / "pages", folder / "index")
    return folder / "index"


def run(index, *args):
    return CliRunner().invoke(app, [*args, "--index", str(index)])


def did_you_mean(result) -> str | None:
    prefix = "newsgrep: nothing found; did you mean: "
    lines = [line for line in result.stderr.splitlines() if line.startswith(prefix)]
    return lines[0][len(prefix):] if lines else None


# What broke ------------------------------------------------------------------------------

def test_a_misspelt_first_character_of_the_same_sound_is_respelled(seed_index):
    result = run(seed_index, "search", "扬浦")
    assert result.exit_code == 1 and did_you_mean(result) == "杨浦"


def test_the_near_spelling_beats_a_commoner_far_one(written_index):
    # 人员只能 finds more articles, but 只/智 is one slip of the same sound.
    result = run(written_index, "search", "人工只能")
    assert result.exit_code == 1 and did_you_mean(result) == "人工智能"


def test_count_prints_the_suggestion_and_still_fails(seed_index):
    result = run(seed_index, "search", "扬浦", "-c")
    assert result.exit_code == 1 and result.stdout == "0\n"
    assert did_you_mean(result) == "杨浦"


def test_files_with_matches_prints_the_suggestion_and_still_fails(seed_index):
    result = run(seed_index, "search", "扬浦", "-l")
    assert result.exit_code == 1 and result.stdout == ""
    assert did_you_mean(result) == "杨浦"


@pytest.mark.parametrize("typed, meant", [
    ("title:人工只能", "title:人工智能"),
    ("标题：人工只能", "标题：人工智能"),
])
def test_a_field_query_keeps_its_field(written_index, typed, meant):
    assert did_you_mean(run(written_index, "search", typed)) == meant


def test_a_good_word_beside_a_misspelt_one_is_kept(written_index):
    assert did_you_mean(run(written_index, "search", "华为 人工只能")) == "华为 人工智能"


@pytest.mark.parametrize("typed", ["iphnoe", "IPHNOE", "ipone"])
def test_latin_typos_are_respelled_in_lower_case(written_index, typed):
    assert did_you_mean(run(written_index, "search", typed)) == "iphone"


# The query's syntax as typed --------------------------------------------------------------

@pytest.mark.parametrize("typed, meant", [
    ("“人工只能” -苹果", "“人工智能” -苹果"),
    ('"人工 只能" OR 齉齉', '"人工智能" OR 齉齉'),
    ("人工只能* -date:1999", "人工智能* -date:1999"),
    ("(华为 人工只能) NOT 苹果", "(华为 人工智能) NOT 苹果"),
])
def test_quotes_exclusions_and_operators_stay_as_typed(written_index, typed, meant):
    assert did_you_mean(run(written_index, "search", typed)) == meant


def test_an_excluded_term_is_not_respelled(seed_index):
    with open_index(seed_index) as ix:
        assert ix.suggest("扬浦 -华伟") == "杨浦 -华伟"


def test_json_output_carries_the_suggestion(seed_index):
    result = run(seed_index, "search", "扬浦", "--json")
    assert result.exit_code == 1
    assert [json.loads(line) for line in result.stdout.splitlines()] == [{"suggestion": "杨浦"}]


def test_a_same_shape_first_character_is_respelled(written_index):
    # 末 and 未: no sound in common, one four-corner code.
    assert did_you_mean(run(written_index, "search", "末来")) == "未来"


def test_a_near_sound_is_respelled(written_index):
    # 心 xin and 兴 xing: -n and -ng, which many speakers do not tell apart.
    assert did_you_mean(run(written_index, "search", "乡村振心")) == "乡村振兴"


def test_nothing_near_means_no_suggestion(written_index):
    result = run(written_index, "search", "齉齉齉")
    assert result.exit_code == 1 and did_you_mean(result) is None


def test_the_suggestion_finds_something_with_every_term(written_index):
    # 苹果 is in no article: no respelling of 人工只能 alone makes the query match.
    with open_index(written_index) as ix:
        assert ix.suggest("人工只能 苹果") is None
        suggestion = ix.suggest("华为 人工只能")
        assert suggestion and ix.count(suggestion) > 0


def test_a_query_that_matches_is_not_respelled(written_index):
    with open_index(written_index) as ix:
        assert ix.suggest("人工智能") is None


# The costs ---------------------------------------------------------------------------------

def test_same_sound_and_same_shape_cost_less_than_another_character():
    assert substitution("扬", "杨") < 1 and substitution("只", "智") < 1  # yang, zhi
    assert substitution("己", "已") < 1 and substitution("末", "未") < 1  # four corners
    assert substitution("扬", "智") == 1
    assert "杨" in close_characters("扬") and "已" in close_characters("己")


def test_latin_distance_counts_a_swap_as_one_edit():
    assert distance("iphnoe", "iphone") == 1
    assert distance("ipone", "iphone") == 1
    assert distance("iphone", "android", limit=2) > 2


def test_the_sound_and_shape_tables_are_kept_per_user(tmp_path, monkeypatch):
    from newsgrep.search import suggest

    # Read from the packages' own files: a new layout of either should fail here first.
    assert suggest._sources() is not None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    try:
        for _ in range(2):  # derived and saved, then read back
            suggest._tables.cache_clear()
            suggest.close_characters.cache_clear()
            assert suggest.close_characters("扬")["杨"] == suggest.SAME_SOUND
            assert suggest.close_characters("末")["未"] == suggest.SAME_SHAPE
            assert len(list((tmp_path / "newsgrep").glob("spelling-*.sqlite3"))) == 1
    finally:
        suggest._tables.cache_clear()
        suggest.close_characters.cache_clear()


def test_a_term_typed_twice_is_respelled_wherever_it_stands(written_index):
    with open_index(written_index) as ix:
        assert ix.suggest("人工只能 OR title:人工只能 OR 人工只能") == \
            "人工智能 OR title:人工智能 OR 人工智能"
        # Where it is excluded, it stays as typed.
        assert ix.suggest("人工只能 -人工只能") == "人工智能 -人工只能"
        assert ix.suggest("-人工只能 (苹果 OR 人工只能)") == "-人工只能 (苹果 OR 人工智能)"
