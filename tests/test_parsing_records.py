"""Field-tagged archive records (parsing/records.py): database exports that print each
article as labelled fields (【标题】…【正文】), often GBK-encoded. Pages written by hand."""
from __future__ import annotations

from newsgrep.ingest.parsing import parse_page
from newsgrep.ingest.parsing.records import is_record_page, record_articles
from newsgrep.ingest.sources import decode

BRACKETED = """\
【报纸名称】吉林工人报
【出版日期】2022.11.21
【版次】第5版

【引题】奋进新征程
【标题】变短板为跳板，集客业务变革在此一役
【副题】——济南多部门联合发力
【作者】本报记者 侯颖伟 张小明
【正文】
　　营销经理的困惑只是目前集客业务短板的冰山一角，
而像流程没有打通需要人工催单，财务风险控制不严存
在资金监管漏洞。
支撑体系
　　开战前期，侦查小队搜集最新的战局信息，反馈给
作战指挥部。

--------------------

【标题】南通家纺乘“互联网＋”东风华丽转身
【作者】记者 冯璐 通讯员 覃飞
【正文】
　　曾经常年车水马龙、往来客商摩肩接踵的热闹场景，
近两年却逐步淡出。

--------------------
"""

SLASH_HEADER = """\
赣南日报/2014年/08月/24日/第008版
国际

【标题】德江县举行中小型水库防洪抢险应急演练
【作者】廖彤 乌兰图雅
【正文】
　　夏季多雨水，为进一步增强应对汛情的反应和处置
能力，提升防汛应急抢险水平。
　　在无人机侦查之后，演练正式开始。（下转第2版）
"""


def test_records_read_as_articles_with_their_fields():
    arts = parse_page(BRACKETED)
    assert [a.title for a in arts] == ["变短板为跳板，集客业务变革在此一役", "南通家纺乘“互联网＋”东风华丽转身"]
    first, second = arts
    assert first.kicker == "奋进新征程"
    assert first.subtitle == "——济南多部门联合发力"  # as printed, like the layout readers
    assert first.authors == ("侯颖伟", "张小明")
    assert second.authors == ("冯璐", "覃飞")
    assert (first.paper, first.date, first.page) == ("吉林工人报", "2022-11-21", 5)
    assert (second.paper, second.date, second.page) == ("吉林工人报", "2022-11-21", 5)


def test_body_wraps_join_into_paragraphs_and_subheads_stand_alone():
    first = parse_page(BRACKETED)[0]
    assert first.body.split("\n") == [
        "营销经理的困惑只是目前集客业务短板的冰山一角，而像流程没有打通需要人工催单，财务风险控制不严存在资金监管漏洞。",
        "支撑体系",
        "开战前期，侦查小队搜集最新的战局信息，反馈给作战指挥部。",
    ]


def test_slash_header_bare_author_names_and_a_jump():
    [art] = parse_page(SLASH_HEADER)
    assert (art.paper, art.date, art.page) == ("赣南日报", "2014-08-24", 8)
    assert art.authors == ("廖彤", "乌兰图雅")  # the field vouches for names without a role word
    assert art.continued_to == 2
    assert art.body.split("\n")[-1] == "在无人机侦查之后，演练正式开始。"
    assert "国际" not in art.body and "赣南日报" not in art.body


def test_gbk_round_trip_through_decode():
    decoded = decode(BRACKETED.encode("gbk"))
    assert parse_page(decoded.text) == parse_page(BRACKETED)
    assert parse_page(decoded.text)[0].title == "变短板为跳板，集客业务变革在此一役"


def test_colon_labels_and_an_unindented_body():
    page = """\
标题：城市更新让老街焕发新活力
作者：记者 张三
日期：2021-03-04
正文：
老街改造从去年开始，居民参与了每一个环节的讨论，方案前后改了
七次。
改造后的老街保留了原有的石板路。
"""
    [art] = parse_page(page)
    assert art.title == "城市更新让老街焕发新活力"
    assert art.authors == ("张三",)
    assert art.date == "2021-03-04"
    assert art.body.split("\n") == ["老街改造从去年开始，居民参与了每一个环节的讨论，方案前后改了七次。",
                                    "改造后的老街保留了原有的石板路。"]


def test_each_record_keeps_its_own_date():
    page = """\
【标题】第一篇
【日期】2020-01-02
【正文】
　　第一篇的正文。

【标题】第二篇
【日期】2020-01-03
【正文】
　　第二篇的正文。
"""
    arts = parse_page(page)
    assert [(a.title, a.date, a.body) for a in arts] == [("第一篇", "2020-01-02", "第一篇的正文。"),
                                                         ("第二篇", "2020-01-03", "第二篇的正文。")]


def test_a_story_that_mentions_a_label_is_no_record_page():
    page = ["本报讯 记者在现场看到，公告栏写着：", "标题：关于停水的通知", "　　居民们纷纷驻足。"]
    assert not is_record_page(page)
    assert record_articles(page) is None
    text = "\n".join(page)
    assert [a.title for a in parse_page(text)] != ["关于停水的通知"]


def test_a_title_that_continues_from_another_page():
    page = "【标题】城市更新让老街焕发新活力（上接第1版）\n【正文】\n　　老街改造从去年开始。\n"
    [art] = parse_page(page)
    assert (art.title, art.continued_from, art.body) == ("城市更新让老街焕发新活力", 1, "老街改造从去年开始。")
