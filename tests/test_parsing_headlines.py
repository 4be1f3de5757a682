"""Headline stacks in narrow columns: one title wrapped over two lines, a kicker over its
title, a title over its subtitle. Type sizes are lost in text extraction, so the lines and
their words are all the evidence (headlines.build_headline, words)."""
from __future__ import annotations

import pytest

from newsgrep.ingest.parsing import parse_page
from newsgrep.ingest.parsing.headlines import build_headline
from newsgrep.ingest.parsing.words import breaks_word, open_at_break


@pytest.mark.parametrize("lines,column", [
    (["最高法将修改司法解释", "严管“减假暂”"], 12),             # complete halves, no kicker's marks
    (["产业发展成为贫困户增收的根", "本依托，确保实现稳定脱贫"], 13),  # a break inside '根本'
    (["世界正在悄悄惩罚沉迷玩手机", "的人，值得所有人一看"], 13),      # no phrase starts with '的'
    (["江苏ppp落地率52%", "显著高于全国平均水平"], 16),         # figures, and a predicate below
    (["市纪委市监委通报七起", "教育领域违纪违法典型案例"], 12),
    (["持续优化金融服务工作", "助力经济高质量发展"], 16),          # two predicates of one title
    (["沙河：今日", "高温32度，全国第二"], 11),                  # a statement begun after a colon
    (["来电：街电董事长陈欧、ceo", "原源诋毁来电，涉嫌商业诽谤"], 12),
    (["故事：她被人陷害，离家出走想", "查出陷害自己的人，意外发现真相"], 15),  # clauses filling the column
])
def test_wrapped_title_is_one_title(lines, column):
    head = build_headline([lines], float(column), False)
    assert (head.kicker, head.title, head.subtitle) == ("", "".join(lines), "")


@pytest.mark.parametrize("lines,column", [
    (["生态文明建设", "长江岸线非法码头全部拆除"], 14),     # a section's name: a nominal verb
    (["学思想 强党性 重实践 建新功", "我市新建改建公园50座"], 14),  # a slogan
    (["走基层·看变化", "乡村振兴路上的年轻人"], 12),         # labels joined by a middle dot
    (["护航中高考", "全市考点周边交通管控措施出台"], 14),      # much shorter than its title
])
def test_kicker_over_its_title(lines, column):
    head = build_headline([lines], float(column), False)
    assert (head.kicker, head.title) == (lines[0].replace(" ", ""), lines[1])


@pytest.mark.parametrize("lines,column", [
    (["大型话剧《穷孩子·富", "孩子》在湛江影剧院上演"], 11),   # a middle dot, but a quote left open
    (["告别脏乱 塘溪镇梅", "溪河人行道保持干净"], 9),          # two chunks, but the line fills the column
])
def test_a_labels_form_that_runs_on_is_a_titles_first_line(lines, column):
    head = build_headline([lines], float(column), False)
    assert head.kicker == "" and head.title == "".join(lines).replace(" ", "")


def test_kicker_over_a_title_wrapped_over_two_lines():
    head = build_headline([["民生实事进行时", "最高法将修改司法解释", "严管“减假暂”"]], 12.0, False)
    assert (head.kicker, head.title) == ("民生实事进行时", "最高法将修改司法解释严管“减假暂”")


def test_title_over_a_plain_subtitle_with_clauses():
    head = build_headline([["十楼抛下狗屎险些砸中太婆 城管调监控找出抛物者",
                            "为了美好城市生活，坚决抵制高空抛物"]], 23.0, False)
    assert (head.title, head.subtitle) == ("十楼抛下狗屎险些砸中太婆城管调监控找出抛物者",
                                           "为了美好城市生活，坚决抵制高空抛物")


def test_a_word_read_across_the_break_counts_only_when_both_pieces_stand_alone():
    assert breaks_word("产业发展成为贫困户增收的根", "本依托")
    assert not breaks_word("防汛一线", "路人吓坏")  # '线路' across the break, but '一线' ends its line


def test_a_line_ending_a_clause_with_le_is_no_open_phrase():
    assert not open_at_break("所有人都蒙圈了", "就是这样一次游玩经历")
    assert open_at_break("记者调查发现的", "问题")


# ---------------------------------------------------------------------------
# Headlines set tight under the story above, or at the top of the page

_ABOVE = ("　　上周末，市区多处道路因施工临时封闭，交\n警部门提醒市民提前规划出行路线，绕行拥堵\n"
          "路段。交警部门表示，施工期间将加派警力。\n")
_BELOW = ("记者从最高人民法院获悉，最高法将修改司\n法解释，进一步规范减刑、假释、暂予监外执\n"
          "行工作，严格把关，防止权钱交易。据介绍，\n此次修改将重点关注职务犯罪和金融犯罪。\n")


@pytest.mark.parametrize("head", [["最高法将修改司法解释"], ["最高法将修改司法解释", "严管“减假暂”"]])
@pytest.mark.parametrize("start", ["本报讯（记者 张三）", "本报记者 张三\n"], ids=["opener", "credit"])
def test_headline_flush_under_a_finished_story_opens_the_next(head, start):
    page = "道路施工提示\n\n" + _ABOVE + "\n".join(head) + "\n" + start + _BELOW
    first, second = parse_page(page)
    assert first.body.endswith("施工期间将加派警力。")
    assert second.title == "".join(head) and second.authors == ("张三",)


def test_the_pages_first_line_with_space_under_it_is_a_headline():
    page = "女司机撞断隔离栏肇事逃逸受重罚\n\n 日前，在我市人民路新跃桥上，\n发生一起汽车撞断道路中央隔离\n栏的事故，肇事司机驾车逃逸。\n"
    (article,) = parse_page(page)
    assert article.title == "女司机撞断隔离栏肇事逃逸受重罚" and article.body.startswith("日前")


def test_a_line_left_by_a_column_break_under_a_headlines_credit_is_its_text():
    page = ("司机驾考作弊被抓现行\n\n□本报记者 何丹 通讯员 石莹敏\n\n5月24日，恭城瑶族自治县\n\n"
            "公安局交警大队车管所科目\n一考场上，一考生作弊被民\n警抓现行，作弊工具被缴获。\n")
    (article,) = parse_page(page)
    assert article.body == "5月24日，恭城瑶族自治县公安局交警大队车管所科目一考场上，一考生作弊被民警抓现行，作弊工具被缴获。"


def test_a_short_subhead_between_blank_lines_stays_in_its_story():
    page = ("“苏州好人”揭榜本市3位市民入选\n\n本报记者 张三\n\n日前，苏州市文明办揭晓第六期\n“苏州好人”名单，本市胡兰、黄\n"
            "鸿、郑利锋上榜。至此，本市共有\n50人入选“苏州好人榜”。\n\n用心用情办实事\n\n"
            "胡兰是辛庄镇常南村村民。去年\n冬天，胡兰不顾寒冷的气温，勇\n敢地跳入河中救起落水老人。\n\n"
            "直到获救的老人几经周折找到单\n位，众人才知道胡兰的善举。\n")
    (article,) = parse_page(page)
    assert "用心用情办实事" in article.body.split("\n")


def test_a_headline_trailing_off_after_a_closing_credit_opens_the_next_story():
    page = ("退休老人发挥余热\n\n老人说：“希望继续发挥自身余热，\n为单位建设添砖加瓦。”\n本报通讯员 龙福\n\n"
            "惊险!骑到一半，电动自行车突然烧成了火球……\n\n 好端端的电动自行车，骑着骑着突然冒烟，\n"
            "掀开坐垫，火苗窜得足有一人高。12月11日的\n早上，丁师傅被这一幕吓坏了。\n")
    first, second = parse_page(page)
    assert first.authors == ("龙福",) and second.title == "惊险!骑到一半，电动自行车突然烧成了火球……"


def test_the_pages_first_lines_over_space_are_its_first_headline_stack():
    page = ("学思想 强党性 重实践 建新功\n不是爆款的悬疑剧，\n但我却越看越着迷\n\n“再坚持一下，就快到了！”\n\n"
            "今天就来安利一部悬疑剧——\n《罪人》两季，每季八集，\n刷完一季需要六个小时，\n但真的值得一看。\n")
    (article,) = parse_page(page)
    assert (article.kicker, article.title) == ("学思想强党性重实践建新功", "不是爆款的悬疑剧，但我却越看越着迷")
    assert article.body.startswith("“再坚持一下，就快到了！”")


def test_kicker_over_a_two_line_title_and_its_dash_subtitle():
    page = ("前一篇的标题\n\n正文第一句话说完了。第二句话\n也说完了。\n\n\n生态文明建设\n广东揭阳工厂突发大火，\n整栋大楼在烈焰中\n"
            "——写在活动启动之际\n\n2018年12月12日，广东威武实业\n有限公司一栋楼发生火情。火焰\n席卷了整栋大楼，浓烟滚滚。\n")
    first, second = parse_page(page)
    assert (second.kicker, second.title, second.subtitle) == (
        "生态文明建设", "广东揭阳工厂突发大火，整栋大楼在烈焰中", "——写在活动启动之际")


def test_a_colon_title_that_said_its_piece_keeps_its_subtitle():
    head = build_headline([["越野赛第三日：张国宇继续领跑", "重复使用两遍，总里程64.8公里"]], 18.0, False)
    assert (head.title, head.subtitle) == ("越野赛第三日：张国宇继续领跑", "重复使用两遍，总里程64.8公里")


def test_a_title_set_to_its_measure_over_three_lines_is_one_title():
    lines = ["监测数据造假屡禁", "不止，环保监测规", "管问题任重道远"]
    head = build_headline([lines], 11, False)
    assert (head.kicker, head.title) == ("", "".join(lines))


_STORY = ("　　记者昨天从区市场监管局获悉，网红酒店的餐厅近日被多名顾客投诉，顾客称在酒店餐厅用餐后"
          "出现腹泻症状。市场监管部门已对这家网红酒店的餐厅进行检查，并对后厨食材抽样送检。")


def _page(kicker: str, title: str, story: str) -> str:
    wrapped = [story[i:i + 18] for i in range(0, len(story), 18)]
    return "\n".join(["", "", kicker, title, "本报记者 王明", *wrapped, ""])


def test_a_weighed_kicker_the_story_speaks_of_is_the_titles_first_half():
    art = parse_page(_page("沪网红酒店", "人均500的餐厅吃得上吐下泻", _STORY))[0]
    assert (art.kicker, art.title) == ("", "沪网红酒店人均500的餐厅吃得上吐下泻")


def test_a_section_label_over_a_title_stays_its_kicker():
    art = parse_page(_page("民生实事进行时", "人均500的餐厅吃得上吐下泻", _STORY))[0]
    assert (art.kicker, art.title) == ("民生实事进行时", "人均500的餐厅吃得上吐下泻")


def test_a_headlines_last_line_that_exclaims_stays_in_it_over_its_credit():
    text = "　　原来，李某系无业游民，妻子在包头市打工，还有两个孩子。民警找到受害女生时，她的父母才知道。"
    page = "\n".join(["今日龙岗          第8版", "2020年1月23日          社区", "",
                      "   凌晨4点多，五年级", "   男生房间透出亮光，", "   妈妈推门一看气炸！", "    本报记者 覃晨帆",
                      *[text[i:i + 12] for i in range(0, len(text), 12)], ""])
    art = parse_page(page)[0]
    # Three lines of one measure, clauses and all: one title.
    assert (art.kicker, art.title) == ("", "凌晨4点多，五年级男生房间透出亮光，妈妈推门一看气炸！")
    assert art.authors == ("覃晨帆",) and art.body.startswith("原来")
