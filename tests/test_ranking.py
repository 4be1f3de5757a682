"""Ranking on real indexes: every match scored, title first, whole words above parts of
words, proximity, and the cases issue 12 was filed for."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgrep.cli import app

from newsgrep.index.build import Indexer
from newsgrep.search.ranking import _smallest_gap
from newsgrep.search.searcher import Searcher
from tests.conftest import SEEDS

SAMPLE = Path(__file__).parent / "data" / "bench_sample"
FILLER = "会议听取了各部门的工作汇报，并就下一步工作进行了部署安排。" * 3


@pytest.fixture(scope="module")
def seeds(seed_index):
    s = Searcher.open(seed_index)
    yield s
    s.close()


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    Indexer(folder / "index", [SAMPLE]).run()
    s = Searcher.open(folder / "index")
    yield s
    s.close()


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """Pairs of articles alike but for one thing: a whole word or part of one, two words
    together or far apart."""
    corpus = tmp_path_factory.mktemp("twins")
    articles = [
        ("研讨会召开", "本报讯 学者们在会上讨论了马克的生平。" + FILLER),
        ("研讨会举行", "本报讯 学者们在会上讨论了马克思生平。" + FILLER),
        ("合作协议签署", "本报讯 杨浦华为双方签署合作协议。" + FILLER),
        ("合作协议签订", "本报讯 杨浦双方签署合作协议。" + FILLER + "华为表示欢迎。"),
    ]
    (corpus / "0000.txt").write_text("".join(f"{t}\n\n{b}\n\n" for t, b in articles),
                                     encoding="utf-8")
    Indexer(corpus / "index", [corpus / "0000.txt"]).run()
    s = Searcher.open(corpus / "index")
    yield s
    s.close()


def titles(searcher: Searcher, query: str, **options) -> list[str]:
    return [searcher.record(doc).title for doc in searcher.rank(query, **options).docs]


def test_part_word_title_match_ranks_in_the_top_three(seeds):
    # 杨浦区 is one jieba word: before issue 12 this article ranked 21st of 23.
    assert "上海城市数字化转型体验周在杨浦区开幕" in titles(seeds, "杨浦")[:3]


@pytest.mark.parametrize("query", ["杨浦", "区", "数字", '"数字化转型"', "标题:杨浦",
                                   "作者:封辰霏", "杨浦 华为", "杨浦 OR 华为"])
def test_every_match_gets_a_score_and_ranking_adds_or_drops_nothing(seeds, query):
    ranked = seeds.rank(query)
    assert set(ranked.docs) == set(seeds.rank(query, rank=False).docs)
    assert all(ranked.scores[doc] > 0 for doc in ranked.docs)
    scores = [ranked.scores[doc] for doc in ranked.docs]
    assert scores == sorted(scores, reverse=True)


def test_one_character_queries_get_distinct_meaningful_scores(seeds):
    ranked = seeds.rank("区")
    scores = [ranked.scores[doc] for doc in ranked.docs]
    assert len(set(scores)) > len(scores) * 0.8
    in_title = ["区" in seeds.record(doc).title for doc in ranked.docs]
    assert in_title == sorted(in_title, reverse=True)  # title matches first


@pytest.mark.parametrize("query", ["杨浦", "华为", "区", "数字", "发展"])
def test_title_matches_rank_first(seeds, sample, query):
    for searcher in (seeds, sample):
        holds = [query in searcher.store.folded(doc, "title")
                 for doc in searcher.rank(query).docs]
        assert holds == sorted(holds, reverse=True), searcher.generation.folder


def test_sort_by_date_keeps_the_scores(seeds):
    assert seeds.rank("杨浦", sort="date").scores == seeds.rank("杨浦").scores


@pytest.mark.parametrize("sort", ["score", "date"])
def test_json_scores_of_a_one_character_query_are_distinct(seed_index, sort):
    # 区 is in 34 of the 35 seed records: tiny IDF, so printed scores keep 6 digits.
    done = CliRunner().invoke(app, ["search", "区", "--index", str(seed_index), "--json",
                                    "-n", "0", "--sort", sort])
    scores = [json.loads(line)["score"] for line in done.stdout.splitlines()]
    assert len(scores) > 30 and len(set(scores)) == len(scores) and min(scores) > 0


def test_whole_word_counts_more_than_part_of_a_word(twins):
    # 马克 is a word of the first article and only part of 马克思 in the second.
    assert titles(twins, "马克") == ["研讨会召开", "研讨会举行"]


def test_terms_close_together_rank_above_terms_far_apart(twins):
    assert titles(twins, "杨浦 华为") == ["合作协议签署", "合作协议签订"]
    assert titles(twins, "华为 杨浦") == ["合作协议签署", "合作协议签订"]


def test_phrase_in_the_title_ranks_the_known_item_first(seeds):
    # Two title words that stand together in one title only: that article first.
    assert titles(seeds, "数字化 转型")[0] == "上海城市数字化转型体验周在杨浦区开幕"


@pytest.mark.parametrize("text, needles, gap", [
    ("杨浦与华为签署", ["杨浦", "华为"], 1),
    ("华为杨浦", ["华为", "杨浦"], 0),
    ("华为杨浦", ["杨浦", "华为"], 1),  # together, but not in the query's order
    ("杨浦区", ["杨浦", "浦区"], 1),
    ("a华为bbbbb杨浦cc华为", ["杨浦", "华为"], 2),
    ("杨浦华为xx杨浦", ["杨浦", "华为"], 0),
])
def test_smallest_gap(text, needles, gap):
    assert _smallest_gap(text, needles) == gap


@pytest.fixture(scope="module")
def headlines(tmp_path_factory):
    """A long headline holding both words of a query among short ones holding one of them
    (the other in their text), as the independent benchmark's long-title known items."""
    corpus = tmp_path_factory.mktemp("headlines")
    long_title = "突发：因道路结冰高速公路多车相撞致多人受伤，这份冬季安全行车提示请查收"
    articles = [(f"突发大火{k}号楼浓烟滚滚", "现场消防员注意安全，" + FILLER) for k in range(6)]
    articles.append((long_title, "本报讯 " + FILLER))
    (corpus / "0000.txt").write_text("".join(f"{t}\n\n{b}\n\n" for t, b in articles),
                                     encoding="utf-8")
    Indexer(corpus / "index", [corpus / "0000.txt"]).run()
    s = Searcher.open(corpus / "index")
    yield s, long_title
    s.close()


def test_a_long_headline_holding_every_word_beats_short_ones_holding_one(headlines):
    searcher, long_title = headlines
    assert titles(searcher, "突发 安全")[0] == long_title


def test_the_page_text_outside_articles_ranks_below_the_articles(tmp_path):
    # '【…】' openers are furniture the parser takes out of the story's first line, so the
    # line is kept again as the page's text outside its articles (a record numbered 0).
    story = "【环球网综合报道】据英国每日邮报报道，一名男孩在奔跑过马路时被车撞飞，随后奇迹般地脱险。"
    text = "".join(f"男孩过马路被撞飞{k}\n\n{story + chr(10) + FILLER * 4 if k == 0 else FILLER}\n\n"
                   for k in range(3))
    (tmp_path / "0000.txt").write_text(text, encoding="utf-8")
    Indexer(tmp_path / "index", [tmp_path / "0000.txt"]).run()
    searcher = Searcher.open(tmp_path / "index")
    ranked = searcher.rank("奔跑过马路").docs
    ordinals = [searcher.record(doc).ordinal for doc in ranked]
    searcher.close()
    assert 0 in ordinals and ordinals[0] != 0, ordinals
