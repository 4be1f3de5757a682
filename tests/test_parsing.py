"""Tests for newsgrep.ingest.parsing: golden seed pages, one test per layout rule, and fuzzing."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgrep.models import Article
from newsgrep.ingest.parsing import clean_text, parse_byline, parse_masthead, parse_page

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLDEN = Path(__file__).resolve().parent / "golden"
FIELDS = ["title", "kicker", "subtitle", "authors", "paper", "date", "issue", "page",
          "continued_from", "continued_to", "body"]

# Where the golden (an editor's reading) and the parser knowingly disagree: (seed, article, field).
KNOWN_DEVIATIONS = {
    # A sub-head as wide as a paragraph's first line cannot be told from one by width alone.
    ("000_c18af8268db4f541", 4, "body"),
    # '…副科长方' / '雏声表示' breaks a name across a blank line; the first half looks like
    # a sub-head (short, unpunctuated) and nothing but a dictionary could tell.
    ("003_c616ab6b8247df4d", 1, "body"),
}


def golden_cases():
    for seed in SEEDS:
        expected = json.loads((GOLDEN / f"{seed.stem}.json").read_text(encoding="utf-8"))
        got = parse_page(seed.read_text(encoding="utf-8"))
        yield seed.stem, expected, got


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_article_count_and_titles(seed):
    expected = json.loads((GOLDEN / f"{seed.stem}.json").read_text(encoding="utf-8"))
    got = parse_page(seed.read_text(encoding="utf-8"))
    assert [a.title for a in got] == [e["title"] for e in expected]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_matches_golden_field_by_field(seed):
    expected = json.loads((GOLDEN / f"{seed.stem}.json").read_text(encoding="utf-8"))
    got = parse_page(seed.read_text(encoding="utf-8"))
    problems = []
    for i, (e, a) in enumerate(zip(expected, got)):
        for name in FIELDS:
            value = getattr(a, name)
            value = list(value) if name == "authors" else value
            if value != e[name] and (seed.stem, i, name) not in KNOWN_DEVIATIONS:
                problems.append(f"article {i} ({e['title']!r}) field {name}: "
                                f"expected {e[name]!r}, got {value!r}")
    assert len(got) == len(expected), f"{len(got)} articles, golden has {len(expected)}"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("seed,index,name", sorted(KNOWN_DEVIATIONS))
def test_known_deviations_still_differ(seed, index, name):
    """When a known deviation gets fixed, drop it from KNOWN_DEVIATIONS."""
    expected = json.loads((GOLDEN / f"{seed}.json").read_text(encoding="utf-8"))
    got = parse_page((ROOT / "seeds" / f"{seed}.txt").read_text(encoding="utf-8"))
    if getattr(got[index], name) == expected[index][name]:
        pytest.fail(f"{seed} article {index} {name} now matches: remove it from KNOWN_DEVIATIONS")
    pytest.xfail("known deviation")


# ---------------------------------------------------------------------------
# Cleaning


def test_justified_spaces_removed_between_chinese():
    assert clean_text("流 的 种 子 ，加 强 常 态 化 沟 通 、项") == "流的种子，加强常态化沟通、项"


def test_spaces_removed_between_chinese_and_latin_or_digits():
    assert clean_text("首笔 100 万元资助") == "首笔100万元资助"
    assert clean_text("区块链、Web3.0 等前沿") == "区块链、Web3.0等前沿"


def test_spaces_kept_between_latin_words():
    assert clean_text("乔纳森·米切尔(Jonathan Mitchell)") == "乔纳森·米切尔(Jonathan Mitchell)"
    assert clean_text("的 2023 INCLUSION 外滩大会") == "的2023 INCLUSION外滩大会"


# ---------------------------------------------------------------------------
# Hard-wrapped columns

COLUMN_PAGE = """\
本报讯 按照区委关于大兴调
查研究的工作部署，9月4日上午，
区委副书记、区长周海鹰赴区金融
办调研，深入了解本区金融工作情

况，对进一步做好金融服务实体经
济高质量发展提出具体要求。副区
长施方参加。

周海鹰听取了区金融办今年
以来各项工作情况及下一步工作
计划的汇报，并给予肯定。 ■傅新
"""


def test_hard_wrap_joined_across_mid_sentence_blank_line():
    [article] = parse_page(COLUMN_PAGE)
    first, second = article.body.split("\n")
    assert first.startswith("本报讯按照区委关于大兴调查研究的工作部署")
    assert "金融工作情况，对进一步" in first
    assert first.endswith("副区长施方参加。")
    assert second.startswith("周海鹰听取了区金融办今年以来")


def test_trailing_byline_after_body_names_author_and_leaves_body():
    [article] = parse_page(COLUMN_PAGE)
    assert article.authors == ("傅新",)
    assert "■" not in article.body and "傅新" not in article.body


def test_subhead_in_feature_does_not_split_article():
    page = """\
以“科技·创造可持续未来”为主
题的外滩大会于9月7日开启。本
届大会聚焦人工智能等前沿技术。

把数据放进“安全屋”
“了解优刻得做什么的人可能

不多，但用过优刻得相关产品的人
一定很多。”副总裁刘杰说。
"""
    [article] = parse_page(page)
    assert article.body.split("\n")[1] == "把数据放进“安全屋”"


# ---------------------------------------------------------------------------
# Bylines


@pytest.mark.parametrize("text,names", [
    ("■记者 汤顺佳 文/摄", ("汤顺佳",)),
    ("■傅新", ("傅新",)),
    ("■封辰霏 宗禾", ("封辰霏", "宗禾")),
    ("记者 张雯", ("张雯",)),
    ("■记者 陈", ()),  # a name cut off by the layout is no byline
])
def test_byline_forms(text, names):
    assert parse_byline(text) == names


def test_inline_opener_byline():
    page = "在互利共赢中实现发展\n\n本报讯(记者 张雯)为深入学习贯彻重要思想,大赛启动。\n"
    [article] = parse_page(page)
    assert article.authors == ("张雯",)
    assert article.body == "本报讯为深入学习贯彻重要思想,大赛启动。"


def test_byline_under_headline_belongs_to_that_article():
    page = ("派出所上线排队查询功能\n\n■记者 陈涛\n\n本报讯 市民王先生近日来到派出所。\n\n"
            "提升退役军人思政工作成效\n\n■记者 汤顺佳\n\n本报讯 总结会近日举行。\n")
    first, second = parse_page(page)
    assert (first.title, first.authors) == ("派出所上线排队查询功能", ("陈涛",))
    assert (second.title, second.authors) == ("提升退役军人思政工作成效", ("汤顺佳",))


def test_byline_after_body_belongs_to_article_above():
    page = ("# 杨浦与华为签署协议\n\n本报讯 签约仪式举行。\n\n■记者 宋明\n\n"
            "## 体验周开幕\n\n本报讯 体验周开幕。\n\n■封辰霏 宗禾\n")
    first, second = parse_page(page)
    assert first.authors == ("宋明",)
    assert second.authors == ("封辰霏", "宗禾")


def test_orphan_bylines_at_page_end_are_dropped():
    page = ("让科技创新策源力成为现实生产力\n\n(上接第1版)搭建基础科学平台。\n\n"
            "力争将张江杨浦园打造成为\n\n■记者 陈涛\n\n■记者 陈\n")
    [article] = parse_page(page)
    assert article.authors == ()


# ---------------------------------------------------------------------------
# Headlines


def test_kicker_title_subtitle_in_column_layout():
    page = ("跑出创全“加速度”绘就文明“实景图”\n"
            "杨浦召开创建全国文明城区专题推进会，再深化再细化再强化\n\n"
            "本报讯 为深入践行人民城\n市重要理念，推进会召开。\n")
    [article] = parse_page(page)
    assert article.title == "跑出创全“加速度”绘就文明“实景图”"
    assert article.subtitle == "杨浦召开创建全国文明城区专题推进会，再深化再细化再强化"


def test_kicker_above_title():
    page = "激发青年创业激情和创优动力\n\n“创青春”上海(虹口)青年创新创业大赛启动\n\n本报讯 大赛启动。\n"
    [article] = parse_page(page)
    assert article.kicker == "激发青年创业激情和创优动力"
    assert article.title == "“创青春”上海(虹口)青年创新创业大赛启动"


def test_title_wrapped_in_narrow_column_is_joined():
    page = (" 三明三元区党政代表团\n一行来杨浦区考察交流\n\n本报讯 近日，区委副书记周海\n"
            "鹰会见三明市三元区委副书记、区\n长肖世龙率领的三元区党政代表团\n"
            "一行。区委常委、常务副区长尼冰\n参加，区领导祁克萍陪同考察。\n")
    [article] = parse_page(page)
    assert article.title == "三明三元区党政代表团一行来杨浦区考察交流"


def test_dash_subtitle_names_the_author():
    page = ("加速城区有机更新擦亮民生幸福底色\n——定海路街道党工委书记 李颖\n\n"
            "(上接第1版)定海路街道位于杨浦区东南端。\n")
    [article] = parse_page(page)
    assert article.title == "加速城区有机更新擦亮民生幸福底色"
    assert article.subtitle.startswith("——定海路街道党工委书记")
    assert article.authors == ("李颖",)


def test_markdown_heading_with_title_and_subtitle():
    page = ("# 杨浦与华为签署深化战略合作框架协议,助力创新型数字化改革 "
            "创新联合体将在城市数字孪生生态等方面展开合作\n\n本报讯 签约。\n")
    [article] = parse_page(page)
    assert article.title == "杨浦与华为签署深化战略合作框架协议,助力创新型数字化改革"
    assert article.subtitle == "创新联合体将在城市数字孪生生态等方面展开合作"


def test_markdown_heading_broken_by_a_space_is_one_title():
    [article] = parse_page("## 上海城市数字化转型 体验周在杨浦区开幕\n\n本报讯 开幕。\n")
    assert article.title == "上海城市数字化转型体验周在杨浦区开幕"
    assert article.subtitle == ""


def test_headline_cluster_matched_to_bodies_by_content():
    page = """\
本报讯 每年的9月5日是“中华
慈善日”。上海慈善周杨浦区主
题活动在五角场广场启动。 ■汤顺佳

本报讯 周海鹰赴区金融办调
研，要求持续优化金融服务，助
力经济高质量发展。 ■傅新

持续优化金融服务工作
助力经济高质量发展

“上海慈善周”杨浦区主题活动启动

本报讯 8月31日上午，杨浦区与
怀化市签署合作框架协议，打造东
西部城市协作的典范。 （下转第4版）
"""
    arts = parse_page(page)
    assert [a.title for a in arts] == ["“上海慈善周”杨浦区主题活动启动",
                                       "持续优化金融服务工作助力经济高质量发展", ""]
    assert arts[2].body.startswith("本报讯8月31日")


# ---------------------------------------------------------------------------
# Jumps, masthead, furniture


def test_jump_to_next_page():
    [article] = parse_page("标题在此\n\n本报讯 引导两地商协会加强交流合作， （下转第4版）\n")
    assert article.continued_to == 4
    assert "下转" not in article.body and article.body.endswith("合作，")


@pytest.mark.parametrize("marker", ["(上接第1版)", "(上接▶1版)", "（上接第1版）"])
def test_jump_from_previous_page(marker):
    [article] = parse_page(f"在互利共赢中实现共同发展\n\n{marker}杰克·佩里表示感谢。\n")
    assert article.continued_from == 1
    assert article.body == "杰克·佩里表示感谢。"


MASTHEAD = """\


2023年  
12月19日  
星期二  
农历癸卯年十一月初七  
第95期(总第2768期)

本期8版

# 楊浦時報

YANGPU TIMES



沪内部资料准印证(B)第0189号 每周逢二、四出版 新闻热线:65653113

## 学思想 强党性 重实践 建新功

推动主题教育走深走实

# 杨浦与华为签署深化战略合作框架协议

本报讯 12月13日下午,签约仪式举行。
"""


def test_masthead_sets_paper_date_issue_page_and_is_no_article():
    [article] = parse_page(MASTHEAD)
    # The paper's name as printed: traditional stays traditional (search folds it).
    assert (article.paper, article.date, article.issue, article.page) == (
        "楊浦時報", "2023-12-19", 95, 1)
    assert article.title == "杨浦与华为签署深化战略合作框架协议"
    assert article.kicker == ""


def test_masthead_reader_alone():
    mast = parse_masthead(MASTHEAD.split("\n"))
    assert (mast.paper, mast.date, mast.issue) == ("楊浦時報", "2023-12-19", 95)
    assert parse_masthead(["本报讯 2023年12月19日,签约仪式举行。"]).date is None


def test_editors_note_stays_in_body_and_byline_after_it():
    page = """\
从学子到企业家，梦想在这里启航
编者按：当前，上海已形成科创中心基本框架体

系，科技创新策源功能持续提升。

■记者 沈莹 文/摄

今年 3 月，上海精智实业股份
有限公司成功挂牌。 （下转第4版）
"""
    [article] = parse_page(page)
    assert article.authors == ("沈莹",)
    assert article.body.startswith("编者按：当前，上海已形成科创中心基本框架体系")
    assert article.body.endswith("有限公司成功挂牌。")


def test_column_banner_is_not_a_title():
    page = ("上一篇的正文在这里结束。\n\n虹口区法治政府建设工作专栏\n\n第十八期\n\n"
            "聚焦数字赋能 优化政务服务\n\n区数据局持续夯实城区精细化治理基石\n\n"
            "区数据局聚焦数字赋能、优化政务服务。\n")
    arts = parse_page(page)
    assert arts[-1].title == "区数据局持续夯实城区精细化治理基石"
    assert arts[-1].kicker == "聚焦数字赋能优化政务服务"
    assert all("专栏" not in a.title + a.body and "第十八期" not in a.body for a in arts)


def test_blank_line_mid_sentence_joined_in_line_layout():
    page = ("# 标题\n\n本报讯 薛侃指出,双方合作已经有了坚实的基础,此次签约标\n\n"
            "志双方的合作迈向了更高起点。\n")
    [article] = parse_page(page)
    assert article.body == "本报讯薛侃指出,双方合作已经有了坚实的基础,此次签约标志双方的合作迈向了更高起点。"


# ---------------------------------------------------------------------------
# Plain layout: title, blank, body, blank


PLAIN = """\
周六晚到卖场听夜场摇滚

中央路红星开启“爱木”狂购  三伏天已到，比天气更热的是鲁班文化节。
7月18日18:00-21:00，派对将闪亮登场。

北京老教授泄露，速速看看！！！

大家好，我是老王。

早上好



动漫形象“熊大”遭侵权 权利人起诉销售商获赔偿

中新网南京7月10日电 百货商店被告上法庭。

 \u3000\u3000深圳华强数字动漫有限公司出品的动画片。

"""


def test_plain_layout():
    arts = parse_page(PLAIN)
    assert [a.title for a in arts] == ["周六晚到卖场听夜场摇滚", "北京老教授泄露，速速看看！！！",
                                       "早上好", "动漫形象“熊大”遭侵权权利人起诉销售商获赔偿"]
    assert arts[0].body.count("\n") == 1
    assert arts[2].body == ""
    assert arts[3].body.endswith("动画片。")


def plain_page(*stories: tuple[str, str]) -> str:
    """A page as the plain exporter writes it (the benchmark corpus): stripped fields."""
    return "".join(f"{t.strip()}\n\n{b.strip()}\n\n" for t, b in stories)


def test_plain_whitespace_only_lines_in_body_are_not_breaks():
    # bench 0259: lines of a space or a tab read as blank lines, and the next title
    # ('鄂尔多斯境内一轿车发生自燃') was swallowed by the body above.
    page = plain_page(
        ("恒大文化产业岂止于亏损", "原标题：恒大学万达\n \n \n\t今年7月，恒大拆分文化集团。\n \n\t    \n"
                                "\t 音乐节成最大收入支柱  \n \n\t目前，恒大音乐共有4大业务板块。"),
        ("鄂尔多斯境内一轿车发生自燃", "昨日下午，一辆轿车在高速上起火。"),
        ("第三条", "正文。"))
    arts = parse_page(page)
    assert [a.title for a in arts] == ["恒大文化产业岂止于亏损", "鄂尔多斯境内一轿车发生自燃", "第三条"]
    assert arts[0].body.splitlines() == ["原标题：恒大学万达", "今年7月，恒大拆分文化集团。",
                                         "音乐节成最大收入支柱", "目前，恒大音乐共有4大业务板块。"]


def test_plain_numbered_list_and_subheads_stay_in_one_body():
    # bench 0133, 0175, 0198: short lines between '\xa0 \xa0' lines became articles.
    page = plain_page(
        ("站长网播报：百度血友吧事件发酵", "导读\n\xa0 \xa0\n\xa0\xa01.一篇读懂公开课pro!应用\n\xa0 \xa0\n"
                                   "\xa0\xa0没错，这就是一个开端。\n\xa0 \xa0\n\xa0\xa02.百度出卖血友吧继续发酵\n"
                                   "\xa0 \xa0\n\xa0\xa0良心商家拒绝假实木\n\xa0 \xa0\n\xa0\xa0这其实是有一点矛盾的。"),
        ("支付宝晒全民账单", "移动支付占比为65%。"))
    arts = parse_page(page)
    assert [a.title for a in arts] == ["站长网播报：百度血友吧事件发酵", "支付宝晒全民账单"]
    assert arts[0].body.splitlines() == ["导读", "1.一篇读懂公开课pro!应用", "没错，这就是一个开端。",
                                         "2.百度出卖血友吧继续发酵", "良心商家拒绝假实木", "这其实是有一点矛盾的。"]


def test_plain_short_line_after_whitespace_lines_is_body_not_title():
    # bench 0021, 0192: '标签：' closed a body over lines of spaces and became a title.
    page = plain_page(("导演祁汉谈新片", "正文一段。\n分享到：\n \n \n \n标签："),
                      ("奇葩“碰瓷”没见过这么狠的", "正文。"))
    arts = parse_page(page)
    assert [a.title for a in arts] == ["导演祁汉谈新片", "奇葩“碰瓷”没见过这么狠的"]
    assert arts[0].body.endswith("标签：")


def test_plain_opener_inside_body_does_not_start_an_article():
    # bench 0005: '本报讯' on the second line of a body opened an untitled article.
    page = plain_page(("盗贼在妇产科得手", "原标题：盗贼在妇产科得手\n\u3000\u3000本报讯 （贺燕飞）2月14日，嫌疑人落网。"),
                      ("废水排进河里了", "本报讯因工作人员违规操作，废水排入河道。"))
    arts = parse_page(page)
    assert [a.title for a in arts] == ["盗贼在妇产科得手", "废水排进河里了"]
    assert "本报讯" in arts[0].body


def test_plain_empty_title_and_empty_body_keep_their_places():
    # bench 0297 (a story without a title) and 0247 (stories without a body).
    page = plain_page(("第一条", "正文一。"), ("", "没有标题的正文。"), ("没有正文", ""), ("第四条", "正文四。"))
    arts = parse_page(page)
    assert [(a.title, a.body) for a in arts] == [("第一条", "正文一。"), ("", "没有标题的正文。"),
                                                 ("没有正文", ""), ("第四条", "正文四。")]


def test_plain_page_opening_with_a_body_loses_no_text():
    page = "接上页的正文。\n第二行。\n\n" + plain_page(("标题二", "正文二。"), ("标题三", "正文三。"))
    arts = parse_page(page)
    assert [(a.title, a.body) for a in arts][0] == ("", "接上页的正文。\n第二行。")
    assert [a.title for a in arts[1:]] == ["标题二", "标题三"]


def test_plain_blank_line_inside_body_with_trailing_space():
    # The exporter strips fields, so whitespace beside a blank line puts it inside a body.
    page = plain_page(("熊大遭侵权", "被告上法庭。 \n\n深圳华强出品的动画片。"), ("第二条", "正文。"),
                      ("第三条", "广告代码 \n\n\n\n\n  \n\t原标题：第三条"))
    arts = parse_page(page)
    assert [a.title for a in arts] == ["熊大遭侵权", "第二条", "第三条"]
    assert arts[0].body == "被告上法庭。\n深圳华强出品的动画片。"


def test_plain_byline_inside_body_keeps_the_plain_layout():
    # bench 0126: one '■通讯员' line in a body sent the whole page to the print-page rules,
    # which took the body's short unpunctuated lines for titles.
    page = plain_page(("春节消防安保工作圆满完成", "消防大队圆满完成安保任务。\n统一思想提高认识\n"
                                            "全体官兵统一思想。\n加强检查消除隐患\n\u3000\u3000■通讯员 丁忠正"),
                      ("阻人自杀获见义勇为表彰", "正文。"), ("第三条", "正文。"))
    arts = parse_page(page)
    assert [a.title for a in arts] == ["春节消防安保工作圆满完成", "阻人自杀获见义勇为表彰", "第三条"]
    assert arts[0].authors == ("丁忠正",)


def test_plain_layout_with_crlf_line_ends():
    # '\r\n' once became two line ends, a blank line after every line of a body.
    page = plain_page(("第一条", "正文一。\n小标题\n第二段。"), ("第二条", "正文二。"))
    assert parse_page(page.replace("\n", "\r\n")) == parse_page(page)


# ---------------------------------------------------------------------------
# Robustness


@pytest.mark.parametrize("text", ["", "   \n\n \u3000 \n", "\x00\x01\ufffd\ud7ff", "■", "#", "(上接第1版)"])
def test_odd_inputs(text):
    assert isinstance(parse_page(text), list)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("本报讯■记者 张文/摄（下转第4版）(上接▶1版)#\n\n。，“”"
                                             "标题杨浦时報2023年12月19日第95期abc 12")), max_size=400))
def test_fuzz_layout_alphabet_never_raises(text):
    from newsgrep.ingest.parsing import _parse  # the core, without parse_page's safety net
    for article in _parse(text):
        assert isinstance(article, Article)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_any_unicode_never_raises(text):
    from newsgrep.ingest.parsing import _parse
    assert isinstance(_parse(text), list)


def test_two_million_character_line_parses():
    # No timing assertion (timings belong in benchmarks/); a regex that backtracked
    # catastrophically here would hang the suite, which is the failure this guards against.
    text = ("杨浦 区委 书记, 本报讯 (下转 " * 100_000)[:2_000_000]
    articles = parse_page(text)
    assert sum(len(a.body) + len(a.title) for a in articles) > 1_000_000
