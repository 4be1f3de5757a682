"""The printed forms the parser reads beyond the seeds: credits, page headers, jumps,
headlines in narrow columns, sub-heads, wrapped numbers, traditional characters.

Each case is a form real Chinese newspapers print (issue 10), written out by hand.
"""
from __future__ import annotations

import pytest

from newsgrep.ingest.pages import page_articles
from newsgrep.ingest.parsing import byline_line, parse_byline, parse_masthead, parse_page
from newsgrep.ingest.parsing.bylines import split_opener_credit, split_trailing_credit
from newsgrep.ingest.parsing.markers import jump_from, jump_to

# ---------------------------------------------------------------------------
# Credits on a line of their own


@pytest.mark.parametrize("line,names", [
    ("本报记者 张三", ("张三",)),
    ("（记者 张三）", ("张三",)),
    ("(记者 张三 通讯员 李四)", ("张三", "李四")),
    ("【记者 张三】", ("张三",)),
    ("记者 张三 李四 报道", ("张三", "李四")),
    ("记者张三报道", ("张三",)),
    ("特约通讯员 张三 记者 李四", ("张三", "李四")),
    ("记者 张三 实习生 李四", ("张三", "李四")),
    ("本报记者 张三 见习记者 王小明 通讯员 欧阳晓", ("张三", "王小明", "欧阳晓")),
    ("文·图 张三", ("张三",)),
    ("文/张三 图/李四", ("张三", "李四")),
    ("图/文 张三", ("张三",)),
    ("张三 摄", ("张三",)),
    ("摄影记者 李强", ("李强",)),
    ("本报特派记者 欧阳晓", ("欧阳晓",)),
    ("新华社记者 王小月", ("王小月",)),
    ("记者 张三、李四", ("张三", "李四")),
    ("通讯员 阿依古丽·买买提", ("阿依古丽·买买提",)),
    ("■记者 汤顺佳 文/摄", ("汤顺佳",)),
    ("■傅新", ("傅新",)),
    ("（王小月）", ("王小月",)),
    ("本報記者 陳明", ("陳明",)),
    ("通訊員 張偉 實習生 劉芳", ("張偉", "劉芳")),
])
def test_credit_lines(line, names):
    assert byline_line(line) == names


@pytest.mark.parametrize("line", [
    "记者了解到，活动现场设有慈善超市",
    "记者日前走访参会企业优刻得",
    "记者表示：",
    "▲图为现场",
    "（完）",
    "（下转第4版）",
    "■记者 陈",          # a name cut off by the layout
    "最高法将修改司法解释",
    "本报讯 每年的9月5日是",
])
def test_not_credit_lines(line):
    assert byline_line(line) is None


@pytest.mark.parametrize("text,rest,names", [
    ("本报讯（记者 张三 通讯员 李四）为深入", "本报讯 为深入", ("张三", "李四")),
    ("本报北京3月4日电（记者 张三）最高", "本报北京3月4日电 最高", ("张三",)),
    ("新华社北京3月4日电（记者 张三 李四）国务院", "新华社北京3月4日电 国务院", ("张三", "李四")),
    ("本报讯 记者张三报道 为深入", "本报讯 为深入", ("张三",)),
    ("本报讯 记者 江宇飞 通讯员 卢伟博 两个月前", "本报讯 两个月前", ("江宇飞", "卢伟博")),
    ("本报3月4日讯（记者 张三）昨天", "本报3月4日讯 昨天", ("张三",)),
    ("本报10月 21 日讯（记者 刘泽 通讯员 夏红文）时尚", "本报10月 21 日讯 时尚", ("刘泽", "夏红文")),
    ("新华社武汉 9 月 14 日电 (记者覃毅晨 通讯员覃波娟)据该州", "新华社武汉 9 月 14 日电 据该州", ("覃毅晨", "覃波娟")),
    ("【本報訊】（記者 陳明）昨日", "【本報訊】 昨日", ("陳明",)),
    ("本报讯 （贺燕飞 王小毅）2月14日", "本报讯 2月14日", ("贺燕飞", "王小毅")),
    ("本报记者 张三 报道 昨日下午", "昨日下午", ("张三",)),
    ("本报讯 每年的9月5日是", "本报讯 每年的9月5日是", ()),
    ("本报讯 记者了解到，昨天", "本报讯 记者了解到，昨天", ()),
    ("本报讯 记者雷艳、冯宁春 通讯员覃晗海 据外媒报道，当地", "本报讯 据外媒报道，当地", ("雷艳", "冯宁春", "覃晗海")),
])
def test_credit_after_opener(text, rest, names):
    assert split_opener_credit(text) == (rest, names)


@pytest.mark.parametrize("text,rest,names", [
    ("……统一制定的。（记者 王小月）", "……统一制定的。", ("王小月",)),
    ("他说。（本报记者 张三 通讯员 李四）", "他说。", ("张三", "李四")),
    ("等特色活动。 ■记者 汤顺佳 文/摄", "等特色活动。", ("汤顺佳",)),
    ("成功上市。（王小月）", "成功上市。", ("王小月",)),
    ("有关规定。（完）", "有关规定。（完）", ()),
    ("合作， （下转第4版）", "合作， （下转第4版）", ()),
])
def test_credit_closing_the_body(text, rest, names):
    assert split_trailing_credit(text) == (rest, names)


def test_parse_byline_keeps_its_contract():
    assert parse_byline("■封辰霏 宗禾") == ("封辰霏", "宗禾")
    assert parse_byline("这是一句话。") == ()


# ---------------------------------------------------------------------------
# Page headers


@pytest.mark.parametrize("header,paper,date,page", [
    ("2024-03-06\n人民日报\n第3版", "人民日报", "2024-03-06", 3),
    ("2024年3月5日 星期二 农历甲辰年正月廿五\n第6版 国际", None, "2024-03-05", 6),
    ("A3 经济·产业\n责任编辑 张三", None, None, 3),
    ("新民晚报 2024.03.05 3版", "新民晚报", "2024-03-05", 3),
    ("22  钱江晚报  2021年10月1日 星期五  经济·产业  责任编辑 马昕  美术编辑 罗丹", "钱江晚报", "2021-10-01", 22),
    ("新民晚報\n2024年3月5日\n星期二\n编辑 张三 美编 李四", "新民晚報", "2024-03-05", None),
    ("嘉定報\n2020年\n7月23日\n星期四\n農曆庚子年六月十五\n第4718期(總第18865期)\n本期8版", "嘉定報", "2020-07-23", 1),
    ("2020年12月8日 星期二\n第13421期\n01 要闻\n今日12版\n海峡都市报", "海峡都市报", "2020-12-08", 1),
    ("第三版", None, None, 3),
    ("2022年5月30日  星期一\n第12版  责任编辑/张三", None, "2022-05-30", 12),
    ("2022年5月30日 星期一 第12版 要闻 责任编辑：王五", None, "2022-05-30", 12),
    ("16  要闻", None, None, 16),
    ("5 国际新闻", None, None, 5),
    ("A3 经济·产业", None, None, 3),
    ("版次：12", None, None, 12),
    ("人民日报\n要闻\n2022年5月30日 星期一\n第12版", "人民日报", "2022-05-30", 12),
    ("·要闻· 12", None, None, 12),
    ("12 要闻·综合", None, None, 12),
])
def test_page_headers(header, paper, date, page):
    mast = parse_masthead((header + "\n\n标题在这里\n\n正文第一段。").split("\n"))
    assert (mast.paper, mast.date, mast.page) == (paper, date, page)


def test_header_at_the_foot_of_the_page():
    mast = parse_masthead("标题\n\n正文一段。\n\n人民日報 2024年3月5日 第3版".split("\n"))
    assert (mast.paper, mast.date, mast.page, mast.trailing_used) == ("人民日報", "2024-03-05", 3, 1)


@pytest.mark.parametrize("text", ["本报讯 2023年12月19日,签约仪式举行。", "最高法将修改司法解释\n严管“减假暂”",
                                  "（下转第4版）", "正文。\n\n（上接第1版）"])
def test_text_is_no_header(text):
    assert parse_masthead(text.split("\n")).lines_used == 0 and parse_masthead(text.split("\n")).page is None


def test_page_that_prints_its_number_is_that_page_and_header_is_no_title():
    page = "第3版 要闻\n2024年3月5日 星期二\n\n最高法将修改司法解释\n\n本报讯 最高人民法院近日表示。\n"
    [article] = parse_page(page)
    assert (article.page, article.date, article.title) == (3, "2024-03-05", "最高法将修改司法解释")


# ---------------------------------------------------------------------------
# Jumps


@pytest.mark.parametrize("text,page", [
    ("合作，（下转第2版）", 2), ("合作，（转第4版）", 4), ("合作，下转第2版", 2), ("合作，(下转A2版)", 2),
    ("合作，（轉第4版）", 4), ("合作，（下转第二版）", 2), ("合作，（转A4）", 4), ("合作，▶下转第4版", 4),
    ("合作，（下转4版）", 4), ("出行安全。（紧转第9版）", 9), ("出行安全。（续转第3版）", 3),
    ("出行安全。(转至B2版)", 2),
])
def test_jump_to_forms(text, page):
    assert jump_to(text)[0] == page


@pytest.mark.parametrize("text,page", [
    ("（上接第1版）薛侃表示", 1), ("接第1版 薛侃表示", 1), ("(上接▶1版)杰克", 1), ("（上接第一版）", 1),
    ("上接第12版 文字", 12), ("（紧接A1）文字", 1), ("（上接A1版）文字", 1), ("（接第1版）文字", 1),
    ("◀上接第15版“没想到”", 15), ("(上接B8版)在许多人", 8), ("◄上接第三版 文字", 3), ("（紧接第十二版）", 12),
    ("（緊接A1）聲稱", 1),
])
def test_jump_from_forms(text, page):
    assert jump_from(text)[0] == page


@pytest.mark.parametrize("line", ["3 问", "1 引言"])
def test_a_number_before_a_word_is_no_running_head_without_wide_space_or_a_section_name(line):
    assert parse_masthead([line, "", "正文在这里继续写。"]).page is None


@pytest.mark.parametrize("foot,page", [("第2版", 2), ("- 2 -", 2), ("— 14 —", 14), ("·2·", 2), ("12", 12)])
def test_folio_alone_at_the_foot_is_the_page_number(foot, page):
    text = "城市更新让老街焕发新活力\n\n" + _COLUMN_STORY + "\n\n" + foot + "\n"
    [article] = parse_page(text)
    assert article.page == page and foot.strip("-— ") not in article.body[-4:]


def test_production_credits_at_the_foot_are_no_story_text():
    page = ("标题在此\n\n本报讯 正文第一段写完了。\n\n第二段也写完了。\n\n本版编辑：张三  校对：李四\n")
    [article] = parse_page(page)
    assert article.body.endswith("第二段也写完了。") and article.authors == ()


def test_jump_marker_on_its_own_line():
    page = ("标题在此\n\n本报讯 引导两地商协会加强交流合作，推动\n\n（下转第4版）\n\n"
            "第二篇\n\n（上接第1版）\n正文继续。\n")
    first, second = parse_page(page)
    assert (first.continued_to, second.continued_from) == (4, 1)
    assert "下转" not in first.body and "上接" not in second.body


_COLUMN_STORY = ("　　本报讯（记者 李四）近日，市文旅局发布消息，今年\n国庆假期全市共接待游客1442万人次，实现旅游收入\n"
                 "八十二亿元，同比分别增长百分之十二和百分之十五。\n　　据介绍，假期期间全市各大景区秩序井然，未发生\n"
                 "重大安全事故。")
_LINE_STORY = ("　　在推进过程中，市里还出台了多项配套措施，为企业发展提供了有力保障。据统计，今年以来全市新增市场主体"
               "一万二千余户，同比增长百分之十五。\n　　下一步，该市将继续优化营商环境，推动更多政策落地见效。")


@pytest.mark.parametrize("marker,page", [
    ("▲接第1版", 1), ("上接第1版", 1), ("接第1版", 1), ("（上接第1版）", 1), ("◆接第3版", 3), ("续第1版", 1),
], ids=["arrow", "up", "bare", "bracket", "diamond", "xu"])
def test_jump_from_alone_on_a_line_under_the_title(marker, page):
    text = "城市更新让老街焕发新活力\n" + marker + "\n" + _COLUMN_STORY + "\n\n国庆假期游客量创新高\n\n" + _COLUMN_STORY + "\n"
    first, second = parse_page(text)
    assert (first.title, first.continued_from) == ("城市更新让老街焕发新活力", page)
    assert "接第" not in first.body and first.body.startswith("本报讯近日")


@pytest.mark.parametrize("marker,page", [
    ("\n▶转第4版", 4), ("\n\n转第4版", 4), ("\n转第4版", 4), ("\n转第4版▶", 4), ("\n▼转第4版", 4),
    ("下转第2版", 2), ("\n（下转 第2版）", 2),
], ids=["arrow", "alone", "flush", "arrow-after", "down-arrow", "no-bracket", "spaced"])
@pytest.mark.parametrize("story", [_COLUMN_STORY, _LINE_STORY], ids=["columns", "lines"])
def test_jump_to_alone_after_the_last_paragraph(marker, page, story):
    text = "城市更新让老街焕发新活力\n\n" + story + marker + "\n\n国庆假期游客量创新高\n\n" + story + "\n"
    first, second = parse_page(text)
    assert first.continued_to == page and second.title == "国庆假期游客量创新高"
    assert "转" not in first.body[-12:] and not first.body.endswith(("▶", "▼"))


def test_jump_to_wrapped_by_the_column_ends_its_story():
    story = ("　　本报讯（记者 李四）近日，市文旅局发布消息，今年\n国庆假期全市共接待游客1442万人次，实现旅游收入\n"
             "八十二亿元，同比增长百分之十二和百分之十五。下转第20\n版\n")
    text = "城市更新让老街焕发新活力\n\n" + story + "\n国庆假期游客量创新高\n\n" + _COLUMN_STORY + "\n"
    first, second = parse_page(text)
    assert first.continued_to == 20 and second.title == "国庆假期游客量创新高"


def test_a_body_line_ending_with_a_section_word_is_no_banner():
    text = ("莲藕的吃法\n\n莲藕富含淀粉、蛋白质和维\n生素，适合在现时天气\n食用。笔者曾多次在本专栏\n"
            "聊到有关莲藕的菜式，这次\n再与大家分享一道家常菜。\n")
    (article,) = parse_page(text)
    assert "笔者曾多次在本专栏聊到" in article.body


def test_jump_from_printed_at_the_headline_end():
    text = "城市更新让老街焕发新活力（上接第1版）\n\n" + _COLUMN_STORY + "\n\n国庆假期游客量创新高\n\n" + _COLUMN_STORY + "\n"
    first, _ = parse_page(text)
    assert (first.title, first.continued_from) == ("城市更新让老街焕发新活力", 1)


def test_jump_from_before_a_dateline_opens_the_story():
    text = ("（接第1版）本报讯（记者 张三）在推进过程中，市里还出\n台了多项配套措施，为企业发展提供了有力保障。据统\n"
            "计，今年以来全市新增市场主体一万二千余户。\n\n国庆假期游客量创新高\n\n" + _COLUMN_STORY + "\n")
    first, _ = parse_page(text)
    assert (first.continued_from, first.authors) == (1, ("张三",)) and "接第" not in first.body


_MD_BODY = ("在推进过程中，市里还出台了多项配套措施，为企业发展提供了有力保障。据统计，今年以来全市新增市场主体一万二千余户。\n\n"
            "下一步，该市将继续优化营商环境，推动更多政策落地见效。\n\n## 第二篇新闻的标题在这里\n\n"
            "据介绍，假期期间全市各大景区秩序井然，未发生重大安全事故。\n")


@pytest.mark.parametrize("head,kicker,title,subtitle,authors", [
    ("## 城市更新让老街焕发新活力\n\n——来自杭州拱墅区的调查", "", "城市更新让老街焕发新活力", "——来自杭州拱墅区的调查", ()),
    ("## 城市更新让老街焕发新活力\n——来自杭州拱墅区的调查", "", "城市更新让老街焕发新活力", "——来自杭州拱墅区的调查", ()),
    ("## 城市更新让老街焕发新活力\n\n### ——来自杭州拱墅区的调查", "", "城市更新让老街焕发新活力", "——来自杭州拱墅区的调查", ()),
    ("## 城市更新让老街焕发新活力\n\n**记者 马光 曾琴纨 报道**", "", "城市更新让老街焕发新活力", "", ("马光", "曾琴纨")),
    ("## 城市更新让老街焕发新活力\n\n**本报记者 马光**", "", "城市更新让老街焕发新活力", "", ("马光",)),
    ("## 城市更新让老街焕发新活力\n\n__记者 马光 报道__", "", "城市更新让老街焕发新活力", "", ("马光",)),
    ("## **城市更新让老街焕发新活力**", "", "城市更新让老街焕发新活力", "", ()),
    ("# 高质量发展调研行\n\n## 城市更新让老街焕发新活力", "高质量发展调研行", "城市更新让老街焕发新活力", "", ()),
    ("### 高质量发展调研行\n## 城市更新让老街焕发新活力", "高质量发展调研行", "城市更新让老街焕发新活力", "", ()),
    ("## 城市更新 让老街焕发新活力", "", "城市更新让老街焕发新活力", "", ()),
], ids=["dash-line", "dash-line-tight", "dash-h3", "bold-credit", "bold-staff-credit", "underline-credit",
        "bold-heading", "kicker-h1", "kicker-h3", "space-inside"])
def test_markdown_export_headings_and_credits(head, kicker, title, subtitle, authors):
    first, second = parse_page(head + "\n\n" + _MD_BODY)
    assert (first.kicker, first.title, first.subtitle, first.authors) == (kicker, title, subtitle, authors)
    assert first.body.startswith("在推进过程中") and "*" not in first.body
    assert second.title == "第二篇新闻的标题在这里"


_BLANK_STORY = ("本报讯（记者 李四）近日，市文旅局发布消息，今年国\n庆假期全市共接待游客1442万人次，实现旅游收入八十\n"
                "二亿元，同比分别增长百分之十二和百分之十五。\n\n据介绍，假期期间全市各大景区秩序井然，未发生重大安\n全事故。")
_LINE_OPENER_STORY = ("　　本报讯（记者 李四）近日，市文旅局发布消息，今年国庆假期全市共接待游客1442万人次，实现旅游收入八十二亿元。\n"
                      "　　据介绍，假期期间全市各大景区秩序井然，未发生重大安全事故。")


@pytest.mark.parametrize("title", ["台州哪家医院好？", "渣土车出入工地“滴撒漏” 罚！"])
@pytest.mark.parametrize("story", [_COLUMN_STORY, _BLANK_STORY, _LINE_OPENER_STORY], ids=["indent", "blank", "lines"])
def test_headline_ending_in_a_question_or_exclamation_after_a_story(title, story):
    text = "城市更新让老街焕发新活力\n\n" + story + "\n\n" + title + "\n\n" + story + "\n"
    first, second = parse_page(text)
    assert first.body.endswith("事故。") and second.title == title.replace(" ", "")


@pytest.mark.parametrize("gap", ["\n\n", "\n"])
def test_question_paragraph_inside_a_story_is_no_headline(gap):
    para = "据介绍，假期期间全市各大景区秩序井然，未发生重大安\n全事故。各景区负责人表示，将继续做好服务保障工作。"
    text = ("城市更新让老街焕发新活力\n\n" + _BLANK_STORY + "\n" + gap[1:] + "为什么会这样？" + gap + para + "\n\n" + para
            + "\n\n第二篇新闻的标题\n\n" + _BLANK_STORY + "\n")
    first, second = parse_page(text)
    assert "为什么会这样？" in first.body and second.title == "第二篇新闻的标题"


_TOURISM = ("　　近日，市文旅局发布消息，今年国庆假期全市共接待游客1442万人次，实现旅游收入八十二亿元，同比分别增长百分之十二和百分之十五。",
            "　　据介绍，国庆假期期间全市各大景区秩序井然，未发生重大安全事故。各景区负责人表示，将继续做好游客服务保障工作。")


@pytest.mark.parametrize("subhead", ["●延伸阅读", "■链接", "一、多措并举筑牢安全防线", "服务跑出加速度"])
@pytest.mark.parametrize("layout", ["lines", "columns"])
def test_subhead_flush_between_paragraphs_stays_in_its_story(subhead, layout):
    grain = "　　日前，省农业农村厅召开秋粮收购工作会议，部署今年秋粮收购工作，要求各地确保农民卖粮顺畅。"
    paras = [*_TOURISM, grain]
    if layout == "columns":  # wrapped at 22 characters, paragraphs indented
        paras = ["\n".join(p[i:i + 22] for i in range(0, len(p), 22)) for p in paras]
    first, second, grain = paras
    page = ("国庆假期游客量创新高\n\n" + first + "\n" + subhead + "\n" + second + "\n" + first + "\n\n秋粮收购全面展开\n\n"
            + grain + "\n" + grain + "\n")
    tourism, grain = parse_page(page)
    assert subhead.lstrip("●■") in tourism.body and grain.title == "秋粮收购全面展开"


def test_headline_nearly_as_wide_as_the_column_after_a_finished_story():
    # Paragraphs set apart by blank lines; the headline is one character short of the column.
    page = ("2014年12月，被告人邓某远和何某贵在东兴市\n收集了一批猴子，欲运到广东省阳江市。之后\n，二人一番商量，打算一同运送这批猴子。\n\n"
            "垣曲“逸景花城”房产项目一片空地售房忙\n\n近期，垣曲县居民住户反映该县“逸景花城”\n"
            "房产开发项目无任何手续，一片空地，虚假宣\n传，竟然售房搞非法融资。\n\n有居民表示，已经交了房款的30%，却迟\n"
            "迟不见开工，开发商也不给任何说法和承诺\n。\n")
    first, second = parse_page(page)
    assert first.body.endswith("这批猴子。") and second.title == "垣曲“逸景花城”房产项目一片空地售房忙"


def test_line_left_by_a_column_break_before_a_one_character_clause_is_no_headline():
    page = ("市民高温天气出行提示\n\n患有高血压多年的郭民胜，\n由于体重超重，心脏也出\n现了问题，这已经是他第\n"
            "三次因为心脏问题住院了。\n\n在车水马龙的高凉公路\n\n旁，一块600多亩的土地\n空旷闲置了近22年之久。\n")
    [article] = parse_page(page)
    assert "高凉公路旁，一块" in article.body.replace("\n", "")


def test_title_filling_the_column_with_its_second_line_centred_is_one_title():
    from newsgrep.ingest.parsing.columns import merge_heads
    from newsgrep.ingest.parsing.units import Unit

    def heads():
        return [Unit("head", groups=[["台湾一护理师执行任务因公殉职"]], gap=0, indent=0),
                Unit("head", groups=[["时隔一年未发抚恤金"]], gap=0, indent=4)]

    [wrapped] = merge_heads(heads(), column=13.5)
    assert wrapped.groups == [["台湾一护理师执行任务因公殉职", "时隔一年未发抚恤金"]]
    [stacked] = merge_heads(heads(), column=20)  # short of a wide column: a kicker over its title
    assert stacked.groups == [["台湾一护理师执行任务因公殉职"], ["时隔一年未发抚恤金"]]


@pytest.mark.parametrize("first,second", [("金股推荐：八大机构", "投资策略及10月金股汇总"),
                                          ("用酱油瓶猛砸！", "不孝子当街毒打母亲引众愤")])
def test_short_line_over_a_full_one_between_blank_lines_is_a_headline(first, second):
    # Eleven characters a line, set flush, paragraphs tight.
    story = ("长假之后，a股今日迎来1\n0月第一个交易日。下面\n是我们最新整理的八大机\n构投资策略及10月金股，\n供投资者参考。\n"
             "投资策略：a股盈利牵牛，\n当前主战场以制造业领域\n盈利修复为主线。")
    page = ("按照扑救方案，2月13日\n凌晨5点269名专业、半专\n业扑火队员全部集结进入\n火场扑救林火，8点又投\n"
            "入80名森林武警参与扑救。\n火场周边无重要设施，火\n灾未造成人员伤亡。\n\n"
            + first + "\n" + second + "\n\n" + story + "\n")
    articles = parse_page(page)
    assert articles[-1].title == first + second and articles[-1].body.startswith("长假之后")


def test_two_full_lines_without_a_clause_mark_after_a_closing_credit_are_a_headline():
    page = ("球队在新赛季的表现令人\n失望，球迷纷纷表达不满\n。 ■郑雪\n\n 起底网络水军：只要给钱\n相关负面帖子全部删除\n\n"
            "网络发帖本来是网民畅\n谈思想，反映情况，表\n达见解，吐露民声的平\n台，也有人借此牟利。\n")
    articles = parse_page(page)
    assert articles[-1].title == "起底网络水军：只要给钱相关负面帖子全部删除"
    assert articles[-1].body.startswith("网络发帖")


def test_credit_cut_after_its_role_words_goes_on_over_lines():
    page = ("谨防消防诈骗\n\n  本报讯 记者\n黎华晟　蒋妍俊 通讯员\n朱娜　龚然新 最近屡屡出现\n不法分子冒充消防人员推荐\n"
            "施工项目，请大家提高警惕。\n")
    [article] = parse_page(page)
    assert article.authors == ("黎华晟", "蒋妍俊", "朱娜", "龚然新") and article.title == "谨防消防诈骗"
    assert article.body.startswith("本报讯最近屡屡出现")


# ---------------------------------------------------------------------------
# Headlines, sub-heads, openers


NARROW = """\
最高法将修改司法解释
严管“减假暂”

本报记者 张三

本报北京3月4日电 最高人民法
院近日表示，将修改关于减刑、
假释、暂予监外执行的司法解
释，进一步严格规范相关程序。

严格审查材料
对于职务犯罪、金融犯罪等罪犯
的减刑、假释、暂予监外执行，
法院将从严把握条件，司法解释
将进一步严格规范相关程序。

“同学们，你们知道未成年人不
良行为有哪些？”检察官问道。
这是一堂生动的法治课，同学们
踊跃发言，现场气氛十分热烈。

春运首日铁路发送旅客
创同期新高

本报讯（记者 李四 通讯员 王
五）春运首日，全国铁路预计发
送旅客1050万人次，景区接待
游客1
442万人次，同比增长明显。

加强运力保障
铁路部门加开临客列车，满足旅
客出行需求，做好服务保障工作。
"""


def test_two_line_headline_in_a_narrow_column_is_one_title():
    first, second = parse_page(NARROW)
    assert first.title == "最高法将修改司法解释严管“减假暂”" and first.kicker == ""
    assert second.title == "春运首日铁路发送旅客创同期新高"


def test_byline_under_headline_and_opener_credit():
    first, second = parse_page(NARROW)
    assert first.authors == ("张三",)
    assert second.authors == ("李四", "王五")
    assert second.body.startswith("本报讯春运首日")


def test_subheads_and_quoted_lines_stay_in_their_story():
    first, second = parse_page(NARROW)
    paras = first.body.split("\n")
    assert "严格审查材料" in paras
    assert any(p.startswith("“同学们，你们知道未成年人不良行为有哪些？”") for p in paras)
    assert "加强运力保障" in second.body.split("\n")


def test_number_broken_by_the_column_is_joined():
    _, second = parse_page(NARROW)
    assert "接待游客1442万人次" in second.body


def test_quoted_lead_before_the_dateline_does_not_open_a_story():
    page = ("西媒：越南“漂浮”住宅助防洪水袭击\n\n记者 莫宇洋 报道\n\n“我们不得不到山里躲避几天？”\n"
            "中评社北京5月23日电 西媒称，一些建造在空水桶上的漂浮住宅。\n")
    [article] = parse_page(page)
    assert article.authors == ("莫宇洋",) and article.body.startswith("“我们不得不")


def test_credit_at_the_end_of_the_body_names_the_author():
    page = ("收费标准统一制定\n\n本报讯 近日，市发改委公布了新的收费标准，\n标准由省里统一制定的。（记者 王小月）\n\n"
            "第二篇稿子\n\n本报讯 另一件事发生了。\n")
    first, second = parse_page(page)
    assert first.authors == ("王小月",) and first.body.endswith("统一制定的。")
    assert second.title == "第二篇稿子"


def test_byline_line_is_not_the_title():
    page = ("春运首日铁路发送旅客创同期新高\n\n本报记者 张三 通讯员 李四\n\n"
            "春运首日，全国铁路预计发送旅客。\n\n第二条新闻标题\n\n记者 王五 报道\n\n另一条新闻的正文。\n")
    first, second = parse_page(page)
    assert (first.title, first.authors) == ("春运首日铁路发送旅客创同期新高", ("张三", "李四"))
    assert (second.title, second.authors) == ("第二条新闻标题", ("王五",))


def test_traditional_page():
    page = ("新民晚報\n2024年3月5日 星期二\n第3版\n\n春運首日鐵路發送旅客創新高\n\n本報記者 張偉\n\n"
            "【本報訊】春運首日，全國鐵路發送旅客。（下轉第4版）\n")
    [article] = parse_page(page)
    assert (article.paper, article.page, article.authors, article.continued_to) == ("新民晚報", 3, ("張偉",), 4)
    assert article.body.startswith("【本報訊】春運首日")


def test_parse_page_raises_instead_of_hiding_a_bug(monkeypatch):
    import newsgrep.ingest.parsing as parsing

    def broken(*_, **__):
        raise RuntimeError("bug")
    monkeypatch.setattr(parsing, "assemble", broken)
    with pytest.raises(RuntimeError):
        parsing.parse_page("标题\n\n本报讯 正文一。\n\n另一段正文在这里。\n\n第三段。\n\n第四段。\n\n第五段。\n")


# ---------------------------------------------------------------------------
# Page text outside the articles


def test_credit_lines_are_not_stray_page_text():
    page = ("春运首日铁路发送旅客创同期新高\n\n本报记者 张三 通讯员 李四\n\n春运首日，全国铁路发送旅客。\n\n"
            "第二条新闻标题\n\n文·图 王五\n\n另一条新闻的正文。\n\n第三条\n\n■记者 赵六 文/摄\n\n第三条正文。\n")
    records = page_articles(page)
    assert [n for n, _ in records] == [1, 2, 3]


# ---------------------------------------------------------------------------
# Regressions from pages laid out in other papers' styles


def test_centred_two_line_headline_and_credit_wrapped_over_lines():
    page = """\
正文的上一篇在这里结束了，这是最后一
句话，写得很完整。（记者 王小月）

        南京一市民养百斤宠物猪
 居民不堪其扰城管将猪“遣返”

本报讯（通讯员
谢梅英 许敏 记者 杨伟梅）不久前，化
工园城管执法大队大厂中队接到市民投
诉，反映晓山一村有人养猪。接到举报
后，执法人员立即前往调查处理此事。
"""
    first, second = parse_page(page)
    assert first.authors == ("王小月",)
    assert second.title == "南京一市民养百斤宠物猪居民不堪其扰城管将猪“遣返”"
    assert second.authors == ("谢梅英", "许敏", "杨伟梅")
    assert second.body.startswith("本报讯不久前")


def test_line_layout_with_indented_paragraphs_reads_flush_left_titles():
    page = ("恩诺教育：一个暴力孩子的成长史\n\n　　本报讯（见习记者 柳娜国） 父母的争吵孩子持续看在眼里，"
            "暴力倾向随之而来，教育专家建议家长控制情绪。\n\n　　恩诺教育的老师说，孩子的暴力行为多半学自家庭，"
            "家长以身作则最重要。\n\n"
            "惨剧！婚礼现场新郎是死人，新娘却含泪完成婚礼？\n\n　　新郎在迎亲路上遭遇车祸身亡，新娘坚持穿上婚纱"
            "完成仪式，宾客无不落泪。\n\n　　婚礼现场，双方亲友默默站立，司仪哽咽着念完誓词。\n")
    first, second = parse_page(page)
    assert (first.title, first.authors) == ("恩诺教育：一个暴力孩子的成长史", ("柳娜国",))
    assert second.title == "惨剧！婚礼现场新郎是死人，新娘却含泪完成婚礼？"


def test_credit_naming_where_it_was_reported_from():
    assert byline_line("本报记者 公孙洋 西安报道") == ("公孙洋",)
    assert byline_line("本报记者 张三 报道") == ("张三",)


# ---------------------------------------------------------------------------
# Credits in the forms other papers print (any paper's 讯, Hong Kong and Taiwan)


@pytest.mark.parametrize("text,rest,names", [
    ("新京报讯 记者许文 通讯员杨帆 昨天上午", "新京报讯 昨天上午", ("许文", "杨帆")),
    ("南都讯 实习生邝宁 记者乔向东 近日，", "南都讯 近日，", ("邝宁", "乔向东")),
    ("钱江晚报讯 记者钟毅、黄文斌 日前", "钱江晚报讯 日前", ("钟毅", "黄文斌")),
    ("【大公報訊】大公報記者陳志強報道：昨日", "【大公報訊】 昨日", ("陳志強",)),
    ("香港文匯報訊（記者 黃子健）特區政府", "香港文匯報訊 特區政府", ("黃子健",)),
    ("【明報專訊】政府昨日公布", "【明報專訊】政府昨日公布", ()),
    ("〔記者林志明／台北報導〕行政院昨日", "行政院昨日", ("林志明",)),
    ("〔記者林志明、王大同／綜合報導〕颱風", "颱風", ("林志明", "王大同")),
    ("本报讯 记者周伟 通讯员孟\x1f升蕾 近日，", "本报讯 近日，", ("周伟", "孟升蕾")),
    ("本报讯 实习生高远 记者许达\x1f本周一场大雨", "本报讯 本周一场大雨", ("高远", "许达")),
    ("本报讯 实习生高远 记者\x1f许达 南京市作\x1f为试点城市", "本报讯 南京市作为试点城市", ("高远", "许达")),
])
def test_credit_after_other_papers_openers(text, rest, names):
    """\x1f marks where the page broke the line."""
    breaks, at = [], text.find("\x1f")
    while at >= 0:
        breaks.append(at - len(breaks))
        at = text.find("\x1f", at + 1)
    assert split_opener_credit(text.replace("\x1f", ""), breaks) == (rest, names)


@pytest.mark.parametrize("text", ["通讯录显示，", "资讯显示，本月", "审讯中他交代"])
def test_words_ending_in_xun_are_no_opener(text):
    from newsgrep.ingest.parsing.bylines import OPENER
    from newsgrep.ingest.parsing.cleanup import simplified
    assert not OPENER.match(simplified(text))


@pytest.mark.parametrize("line,names", [
    ("記者林志明、王大同／綜合報導", ("林志明", "王大同")),
    ("〔記者林志明／台北報導〕", ("林志明",)),
    ("（吳家豪）", ("吳家豪",)),
])
def test_taiwan_credit_lines(line, names):
    assert byline_line(line) == names


def test_credit_wrapped_over_two_lines_after_an_opener():
    page = ("标题写在这里第一条\n\n本报讯 记者钱晓 通讯员王\n芳 近日，市里召开会议，\n部署下一阶段工作任务。\n\n"
            "第二条新闻的标题\n\n本报讯 实习生高远、\n钟岚 记者许达 本周\n一场大雨过后，道路积水。\n")
    first, second = parse_page(page)
    assert first.authors == ("钱晓", "王芳") and first.body.startswith("本报讯近日，市里召开会议")
    assert second.authors == ("高远", "钟岚", "许达") and second.title == "第二条新闻的标题"
    assert second.body == "本报讯本周一场大雨过后，道路积水。"


def test_narrow_columns_between_blank_lines_are_no_plain_export():
    page = ("第一条新闻的标题\n\n本报讯 昨天上午，全市召开\n安全生产工作会议，部署\n节前各项安全工作，要求\n"
            "各部门落实责任。\n\n第二条新闻的标题\n\n本报讯 近日，一场大雨\n过后，多条道路出现积水，\n"
            "市政部门连夜组织抢险，\n保障市民出行安全。\n")
    first, second = parse_page(page)
    assert first.body == "本报讯昨天上午，全市召开安全生产工作会议，部署节前各项安全工作，要求各部门落实责任。"


def test_hong_kong_openers_start_their_stories():
    page = ("星島日報 2023年5月2日 星期二\nA4 港聞\n\n"
            "九龍城舊區重建展開\n\n　　【星島日報訊】星島日報記者陳志\n強報道：市建局昨日宣布，九龍城\n一帶舊樓將展開重建計劃。\n\n"
            "聚焦民生\n屯門新巴士線下月開通\n\n　　【星島日報訊】星島日報記者何\n嘉欣報道：運輸署昨日表示，屯門\n區將新增一條巴士路線。\n")
    first, second = parse_page(page)
    assert (first.title, first.authors) == ("九龍城舊區重建展開", ("陳志強",))
    assert (second.kicker, second.title, second.authors) == ("聚焦民生", "屯門新巴士線下月開通", ("何嘉欣",))
    assert second.body.startswith("【星島日報訊】運輸署")


# ---------------------------------------------------------------------------
# Page furniture and lead words are no authors; decorated sub-heads are no credits


@pytest.mark.parametrize("line", [
    "本版编辑 王小红 美编 李强 校对 赵敏",
    "责任编辑：何建军　版式设计：周",
    "本版责编：梁静　杜军",
    "■温情服务",
    "◆ 把好事办好",
    "■ 守护一方平安",
])
def test_furniture_and_decorated_lines_are_no_credits(line):
    assert byline_line(line) is None


@pytest.mark.parametrize("text", ["本报讯 本版编辑", "新京报讯", "（本版编辑）"])
def test_lead_and_role_words_are_no_names(text):
    assert not parse_byline(text)


def test_marked_subheads_stay_in_the_story():
    page = ("社区服务送上门\n\n本报讯（记者 何平）昨天，社区工作人员走进\n居民家中，帮助老人解决生活难题。\n\n"
            "■温情服务\n\n工作人员为行动不便的老人上门理发，\n还帮他们打扫房间、更换灯泡。\n\n"
            "◆ 把好事办好\n\n社区负责人说，今后将定期开展服务，\n让更多老人感受到温暖。\n\n"
            "一、建立服务台账\n\n每户老人的需求都登记在册，\n逐项落实。\n\n"
            "本版编辑 王小红 美编 李强\n")
    [article] = parse_page(page)
    paras = article.body.split("\n")
    assert "■温情服务" in paras and "◆把好事办好" in paras and "一、建立服务台账" in paras
    assert article.authors == ("何平",)


# ---------------------------------------------------------------------------
# Where a story ends: a closing credit, even wrapped over two lines


def test_closing_credit_wrapped_over_lines_ends_the_story():
    page = ("全市启动冬季供暖工作\n\n    本月起，全市集中供暖陆续启动，供热\n部门提前完成管网检修，确保居民按时\n"
            "用上暖气。热力公司负责人表示，今年\n将加强巡查。（本报\n记者 周明 通讯员 梁燕）\n\n\n"
            "老旧小区加装电梯提速\n\n    今年以来，全市老旧小区加装电梯工作\n进展顺利，已有一百余部电梯投入使\n"
            "用，居民出行更加方便。（实习生 闫\n红 记者 高磊）\n")
    first, second = parse_page(page)
    assert (first.title, first.authors) == ("全市启动冬季供暖工作", ("周明", "梁燕"))
    assert first.body.endswith("将加强巡查。")
    assert (second.title, second.authors) == ("老旧小区加装电梯提速", ("闫红", "高磊"))


def test_line_as_wide_as_the_column_after_a_closing_credit_is_a_title():
    page = ("2024年3月5日 星期二 第2版\n\n德清查处一起商标侵权案件\n\n近日，德清县市场监管局查处了一起\n"
            "商标侵权案件，对涉事企业处以罚款。\n执法人员辗转多地进行调查取证，\n最终查清了全部案情。\n"
            "（记者 汤明 通讯员 田健）\n\n长沙的士司机高价载客被查扣车辆\n\n长沙黄花机场是湖南的重要窗口，外\n"
            "地的陈先生在机场打车时遭遇喊价，\n没有给钱竟然被甩客下车。今天，这\n台的士被依法查扣。\n\n"
            "根据举报，这台的士很快被查扣，并\n且面临顶格处罚。\n记者 杜斌 摄\n")
    first, second = parse_page(page)
    assert first.authors == ("汤明", "田健")
    assert second.title == "长沙的士司机高价载客被查扣车辆"
    assert second.body.startswith("长沙黄花机场") and second.authors == ("杜斌",)


def test_jump_marker_wrapped_over_lines_and_alone_in_line_layout():
    page = ("路面湿滑追尾事故多发\n\n    12月11日早上，因天降小雪，路面湿\n滑，交警提醒广大驾驶人注意安全。（紧\n"
            "转第9版）\n\n\n第二条新闻标题在此\n\n    全市今年新建公园二十座，市民休闲\n有了更多好去处。\n")
    first, second = parse_page(page)
    assert first.continued_to == 9 and first.body.endswith("注意安全。")
    lines = ("2024年3月5日 第2版\n\n偷车贼触电身亡引发赔偿争议\n\u3000\u3000武汉一小区发生一起离奇事件，一名小偷在"
             "偷电瓶时触电身亡，家属随后将车主告上法庭，索赔四十余万元。\n\u3000\u3000法院审理后认为，车主并无过错。\n"
             "(下转10版)\n\n本版编辑 刘华 美编 蒋丹 校对 赵轩\n")
    [article] = parse_page(lines)
    assert article.continued_to == 10 and article.body.endswith("车主并无过错。") and article.authors == ()


def test_closing_credit_on_two_lines_of_its_own():
    page = ("男子窃取公民信息被判刑\n\n社会发展日新月异，一些不法分子\n利用技术手段窃取公民个人信息。\n"
            "民警将两人带回派出所调查。\n（记者 韦成 程立颖 \n通讯员 梁海）\n\n\n"
            "公安部通报打击诈骗成效\n\n公安部今天召开新闻发布会，通报\n打击保健品诈骗犯罪的成效。\n")
    first, second = parse_page(page)
    assert first.authors == ("韦成", "程立颖", "梁海") and first.body.endswith("带回派出所调查。")
    assert second.title == "公安部通报打击诈骗成效"


def test_quoted_lead_over_two_lines_is_no_headline():
    page = ("上一篇的正文写完了，一句完整的话。\n（本报记者 汤明）\n\n\n"
            "小伙广场燃放烟花求婚险些引发火灾\n\n本报记者　许英\n\n　　“这是我们全家最开心的一\n天！”\n\n"
            "　　情人节本是求婚的好日子，可是\n一对情侣却把浪漫的求婚仪式变成\n了紧张的救火现场。\n\n"
            "　　所幸火势被及时扑灭，没有造成\n较大的损失。\n")
    articles = parse_page(page)
    last = articles[-1]
    assert (last.title, last.authors) == ("小伙广场燃放烟花求婚险些引发火灾", ("许英",))
    assert last.body.startswith("“这是我们全家最开心的一天！”\n情人节")


@pytest.mark.parametrize("line,names", [
    ("〔記者高國／高雄報導〕", ("高國",)),
    ("記者林志明、王大同／台北報導", ("林志明", "王大同")),
])
def test_place_after_the_slash_is_no_name(line, names):
    assert byline_line(line) == names


@pytest.mark.parametrize("line", ["■强化监管执法", "■严格落实责任", "◆ 把好事办好"])
def test_marked_phrases_are_no_glued_names(line):
    assert byline_line(line) is None


# ---------------------------------------------------------------------------
# More page headers: folios, ROC dates, a paper name without 报, spaced type


@pytest.mark.parametrize("header,paper,date,page", [
    ("■ 3 ■\n2019年5月6日 星期一", None, "2019-05-06", 3),
    ("聯合報 中華民國108年3月2日 星期六\nA5 生活", "聯合報", "2019-03-02", 5),
    ("2022年6月13日\u3000星期一\n中国民航\n第 6 版 · 综合", "中国民航", "2022-06-13", 6),
    ("成都日报\n2021 年 9 月 28 日\n星 期 二\n第 5 版", "成都日报", "2021-09-28", 5),
    ("明報 2021年12月8日 星期三\nA10 港聞", "明報", "2021-12-08", 10),
    ("大公報 2018年2月28日 星期三\nA15 港聞", "大公報", "2018-02-28", 15),
])
def test_more_page_headers(header, paper, date, page):
    mast = parse_masthead((header + "\n\n标题在这里\n\n正文第一段。").split("\n"))
    assert (mast.paper, mast.date, mast.page) == (paper, date, page)


@pytest.mark.parametrize("page", [
    "2015年3月1日 星期日\nA12版 社會\n\n臺中有關部門被舉報\n\n正文第一段。",
    "B2 | 评论\n2017年7月1日 星期六  编辑 王波  校对 朱倩\n\n网友举报过期食品获奖2毛钱，\n商家回应\n\n正文。",
])
def test_headline_ending_in_bao_is_no_paper(page):
    assert parse_masthead(page.split("\n")).paper is None


def test_two_line_title_flush_against_the_body():
    page = ("2018-10-07  第7版\n\n\n帮考生填报志愿的应用上线，\n选大学挑专业\n桌面图标标明了这款应用的业务\n"
            "范围，它主要面向准备高考的所\n有用户，界面采用红色，预示喜\n庆的事情即将发生。\n"
            "录取进度一栏按时间阶段描述各\n个时间段的高招安排。\n（记者 程静 何可）\n\n"
            "美团打车上海首战\n美团打车今天在上海上线，首日\n订单量超过预期，车费优惠力度\n较大，吸引了不少乘客。\n")
    first, second = parse_page(page)
    assert first.title == "帮考生填报志愿的应用上线，选大学挑专业"
    assert first.body.startswith("桌面图标") and first.authors == ("程静", "何可")
    assert second.title == "美团打车上海首战"


def test_agency_after_a_wrapped_credit_is_no_name():
    page = ("有一种骄傲叫我是中国人\n\n本报讯 记者 朱国平\n通讯员 贺敏 新华网\n北京3月5日消息，\n“它不仅是一部电影，\n"
            "更像是一盏明灯，将\n永远照耀着我奋发向\n上！”观众说。\n")
    [article] = parse_page(page)
    assert article.authors == ("朱国平", "贺敏")
    assert byline_line("■餘霞海") == ("餘霞海",)


def test_long_flush_left_line_among_indented_paragraphs_is_a_title():
    page = ("2017-10-11\n\n培训机构：一个暴力孩子的成长史\n\n  本报讯（见习记者 柳娜）父母的争吵持续着，五岁的小明"
            "蜷缩着身体躲在卧室的角落里，瑟瑟发抖。\n\n婚礼现场突遭变故，新娘含泪完成婚礼仪式\n\n"
            "  这本应该是一件开心快乐的事情，孩子的婚礼却变成了葬礼，亲友们无不落泪。\n\n"
            "全面推进旅游革命，与乡村振兴深度融合\n\n记者 孙芳 通讯员 杜薇\n\n  景区门票将降低，推出更多旅游惠民措施。\n")
    titles = [a.title for a in parse_page(page)]
    assert titles == ["培训机构：一个暴力孩子的成长史", "婚礼现场突遭变故，新娘含泪完成婚礼仪式",
                      "全面推进旅游革命，与乡村振兴深度融合"]


def test_place_reported_from_after_the_names():
    assert byline_line("本报记者钱旭华 杭州报道") == ("钱旭华",)
    assert byline_line("记者 张三 李四 北京报道") == ("张三", "李四")


def test_two_line_headline_wider_than_the_column_at_the_top():
    page = ("宁波日报  2017年8月25日 星期五\n第2版 健康\n\n\n涉嫌严重违纪违法某某被调查！\n曾任某市中级人民法院副院长\n\n"
            "1977年至1978年，他在莘\n县单庙乡下乡当知青；此后\n在泰山医学院学习医学专\n业，毕业后分配到法院。\n")
    [article] = parse_page(page)
    assert article.title == "涉嫌严重违纪违法某某被调查！曾任某市中级人民法院副院长"
    assert article.body.startswith("1977年")


def test_line_above_a_dash_subtitle_is_a_title_in_line_layout():
    page = ("  外卖平台永久关闭这家店 自媒体该如何“蹭”热点？\n——而不是为了流量\n\n"
            "在这起事件上，人们表达对受害者的同情，谴责涉事者，或呼吁尽快查明真相，都是讨论此事的正确姿势。\n\n"
            "但涉事自媒体用写小说的手法编造细节，措辞夸张露骨，给人以很大的不适感，这就越界了。\n\n"
            "本质上，自媒体带了“媒体”二字，就该遵守媒体伦理，不是所有热点都可以随意蹭。\n")
    [article] = parse_page(page)
    assert (article.title, article.subtitle) == ("外卖平台永久关闭这家店自媒体该如何“蹭”热点？", "——而不是为了流量")


def test_short_line_between_blank_lines_is_a_title_unless_the_text_runs_on():
    page = ("外卖骑手服成了小偷的幌子\n\n记者黄英 摄影报道\n\n日前，一名男子身穿外卖\n服挨家敲门，以送外卖为\n"
            "幌子进屋偷走平板电脑。\n\n镇江铝合金门窗厂\n\n门窗厂座落在江苏南部、\n长江南岸，交通十分便利，\n"
            "产品远销全国各地。\n\n活动现场设有慈善超市\n\n和爱心企业公益市集，开\n展义卖、公益募捐等活动。\n")
    first, second = parse_page(page)
    assert first.title == "外卖骑手服成了小偷的幌子" and first.body.endswith("偷走平板电脑。")
    assert second.title == "镇江铝合金门窗厂"
    assert "活动现场设有慈善超市和爱心企业公益市集" in second.body


def test_question_over_two_lines_short_of_the_column_is_a_title():
    page = ("上一篇的最后一段写到这里就结束了，\n句子完整。\n\n\n为什么乡村老师不愿意考城，\n你知道原因吗？\n\n"
            "很多老师师范一毕业，都会被分配到乡\n下先教一段时间的书，要到城里教书，\n还得参加考试，也就是“考城”。\n")
    articles = parse_page(page)
    assert articles[-1].title == "为什么乡村老师不愿意考城，你知道原因吗？"
    assert articles[-1].body.startswith("很多老师")


def test_exclaiming_first_line_is_no_kicker():
    page = ("大赞！庆阳这个\n县1日拘4人！重拳打老赖\n\n本报讯 今天，“五一”小长假即将结\n束，庆阳市华池法院执行局干警依法\n"
            "对4名老赖实施司法拘留。\n")
    [article] = parse_page(page)
    assert (article.kicker, article.title) == ("", "大赞！庆阳这个县1日拘4人！重拳打老赖")


def test_markdown_heading_levels_stack_into_one_headline():
    page = ("# 攀枝花警方摧毁一涉黑犯罪集团\n\n## ——开展打黑除恶专项斗争以来\n\n记者 薛婷 陶杰\n\n"
            "据介绍，该集团长期垄断本市屠宰行业，激起民愤。警方调集警力开展了缉捕行动。\n\n"
            "# 尚志市教育局开展十八岁成人仪式活动\n\n## 青春与责任相伴，成长与感恩同行\n\n"
            "本报讯 为激发青年学生的社会责任感，教育局组织学生开展宣誓活动。\n\n"
            "## 聚焦平安建设\n\n# 两人死亡！青海一司机酒驾酿惨剧\n\n当事人醉酒驾驶机动车超速行驶，造成两人死亡。\n")
    first, second, third = parse_page(page)
    assert (first.title, first.subtitle) == ("攀枝花警方摧毁一涉黑犯罪集团", "——开展打黑除恶专项斗争以来")
    assert (second.title, second.subtitle) == ("尚志市教育局开展十八岁成人仪式活动", "青春与责任相伴，成长与感恩同行")
    assert (third.kicker, third.title) == ("聚焦平安建设", "两人死亡！青海一司机酒驾酿惨剧")


def test_kicker_and_wide_title_after_an_uncredited_story_open_a_new_one():
    page = ("B21 财经\n\n男子在歌厅听到一声惊叫，女友从楼上摔下受伤\n　　很多年轻人喜欢去歌厅消磨时光，\n"
            "特别是职场人士，平时工作压力大，\n偶尔出来放松一下也是好事。这一天\n男子和女友来到一家歌厅，玩得很开\n"
            "心，当天还点了一些酒水。\n\n一把手谈发展\n清远一男子肇事逃逸致人死亡，潜逃四年后终落网\n"
            "　　2015年1月27日晚，在清远连州\n一路段发生一起小型客车撞行人的\n交通事故，肇事车辆逃离现场。\n"
            "　　（记者 叶秀斌 通讯员 孔永睿）\n")
    first, second = parse_page(page)
    assert first.body.endswith("点了一些酒水。")
    assert (second.kicker, second.title) == ("一把手谈发展", "清远一男子肇事逃逸致人死亡，潜逃四年后终落网")


def test_opener_credit_cut_by_the_line_goes_on_below():
    page = ("21版\n\n\n浙江丽水山体滑坡救援进行时\n目前为止无疫情发生\n\n本报讯 记者汪兰丽 龚明\n通讯员魏昕 钱悦颖 近日丽\n"
            "水多阴雨天气，里东水库站\n点降雨量为18毫米，周边民\n房水位快速增高。\n")
    [article] = parse_page(page)
    assert article.authors == ("汪兰丽", "龚明", "魏昕", "钱悦颖")
    assert article.body.startswith("本报讯近日丽水多阴雨天气")


def test_two_line_headline_with_its_second_line_set_in():
    page = ("第3段正文在这里结束，这是最后\n一句话。\n\n会东男子实习期酒驾被查\n        还没“转正”又得“回炉”\n\n"
            "柴某饮酒后驾驶机动车的行为\n违反了道路交通安全法，被依\n法处以罚款并暂扣驾驶证。\n")
    articles = parse_page(page)
    assert articles[-1].title.startswith("会东男子实习期酒驾被查")
    assert articles[-1].body.startswith("柴某饮酒后")


def test_credit_after_a_body_ending_in_a_quote_closes_it():
    page = ("全家吃炭火锅一氧化碳中毒\n\n昨天，一家人在饭店吃炭火锅时\n出现头晕症状，被紧急送医。因\n"
            "为李女士已经走法律程序，所以\n正在等待法院的“判决”\n（江德 肖瑶）\n")
    [article] = parse_page(page)
    assert article.authors == ("江德", "肖瑶") and article.body.endswith("“判决”")


def test_slogan_over_a_title_is_its_kicker():
    page = ("学思想 强党性 重实践 建新功\n连续14年获评全国综治优秀省\n\n本报讯 全省公众安全感、满意度均创历史\n"
            "新高，连续十四年被评为全国综治优秀\n省，平安建设取得新成效。\n")
    [article] = parse_page(page)
    assert (article.kicker, article.title) == ("学思想强党性重实践建新功", "连续14年获评全国综治优秀省")


def test_short_kicker_over_a_title_wrapped_after_a_comma():
    page = ("第2版　要闻\n2024年3月5日\n\n一线调研\n无证驾车、\n冲撞民警山西晋城一男子胆子够大\n——专家解读政策要点\n\n"
            "撰文 梁新 杨娟 摄影 黄宇\n\n“办事就该这么方便！”\n\n晋城男子张某无证驾驶农用车，途\n经检查站时冲撞执勤民警，已被依\n法刑事拘留。\n")
    [article] = parse_page(page)
    assert (article.kicker, article.title) == ("一线调研", "无证驾车、冲撞民警山西晋城一男子胆子够大")
    assert article.authors == ("梁新", "杨娟", "黄宇")


@pytest.mark.parametrize("page", [
    ("全市推进垃圾分类工作\n\n本报讯 全市垃圾分类工作取得新进展，各区积极推进，成效明显，居民参与热情高涨。\n\n"
     "（一）完善设施建设\n\n各区新建分类投放点一千余个，基本实现全覆盖，垃圾清运能力大幅提升。\n\n"
     "二、加强宣传引导\n\n通过多种形式开展宣传，居民知晓率大幅提高，分类准确率稳步上升。\n"),
    ("全市推进垃圾分类工作\n\n本报讯 全市垃圾分类工作取得新\n进展，各区积极推进，成效明显，\n居民参与热情高涨。\n"
     "（一）完善设施建设\n各区新建分类投放点一千余个，\n基本实现全覆盖，垃圾清运能力\n大幅提升。\n"
     "二、加强宣传引导\n通过多种形式开展宣传，居民知\n晓率大幅提高，分类准确率稳步\n上升。\n"),
])
def test_numbered_subheads_stay_in_the_story(page):
    [article] = parse_page(page)
    assert "（一）完善设施建设" in article.body.split("\n") and "二、加强宣传引导" in article.body.split("\n")


def test_section_word_under_the_header_is_no_kicker():
    page = "2021年11月22日 星期一\n第 4 版\n财经\n\n央行下调存款准备金率\n\n本报讯 中国人民银行决定下调金融\n机构存款准备金率0.5个百分点。\n"
    [article] = parse_page(page)
    assert (article.kicker, article.title, article.page) == ("", "央行下调存款准备金率", 4)


def test_indent_only_paragraphs_with_headlines_flush_left():
    page = ("2021年3月2日 第5版\n\n市区新增三条公交线路\n　　本月起，市区新增三条公交线\n路，方便市民出行。公交公司表\n"
            "示，将根据客流调整班次。\n　　新线路覆盖多个新建小区，居\n民出行更加便利。\n"
            "郊区农家乐迎来客流高峰，周末一房难求\n周边游持续升温\n　　随着天气转暖，郊区农家乐迎\n"
            "来客流高峰，不少农家乐周末一\n房难求。\n数字赋能\n　　多家农家乐开通了网上预订，\n"
            "游客可以提前锁定房间。\n")
    first, second = parse_page(page)
    assert first.title == "市区新增三条公交线路" and first.body.endswith("居民出行更加便利。")
    assert second.title.startswith("郊区农家乐迎来客流高峰") and "数字赋能" in second.body.split("\n")


def test_indented_first_line_after_a_dash_subtitle_is_body():
    page = ("整顿居民私装地锁乱象 积极推进小区环境整治\n——其他居民群起效仿\n\n　　金阊街道中街路社区辖区\n"
            "内的曹家巷东小区是一个无\n\n物业管理的小区，由于没有\n门禁，车辆随意进出，小区\n停车难题日益严峻。\n")
    [article] = parse_page(page)
    assert (article.title, article.subtitle) == ("整顿居民私装地锁乱象积极推进小区环境整治", "——其他居民群起效仿")
    assert article.body.startswith("金阊街道中街路社区辖区内的曹家巷东小区是一个无物业管理的小区")


def test_traditional_photo_credit_and_title_continued_after_a_comma():
    assert byline_line("記者閆琪國、湯順佳攝影報道") == ("閆琪國", "湯順佳")
    page = ("第15版\n\n\n賣幾塊錢的水餃年入幾十億，\n  故事被拍成電視劇\n——疾病等等挑戰\n\n本報通訊員 廖國娟 記者 閆斌坤\n\n"
            "他從街邊小攤做起，如今水餃\n賣到了全國各地，年銷售額超\n過幾十億元。\n")
    [article] = parse_page(page)
    assert (article.kicker, article.title) == ("", "賣幾塊錢的水餃年入幾十億，故事被拍成電視劇")
    assert article.authors == ("廖國娟", "閆斌坤")


def test_a_word_or_two_over_a_paragraph_is_a_section_head():
    page = ("十楼抛下杂物险些砸中老人\n\n本报讯（记者 王平）昨日，一名老\n人在小区楼下散步时，险些被楼上\n抛下的杂物砸中，城管调取监控找\n"
            "出了抛物者。\n\n链接\n\n根据市容环境卫生管理条例，执法\n人员对抛物者开出50元罚单。\n\n"
            "相关新闻\n\n近年来，小区已覆盖监控设备，高\n空抛物现象明显减少。\n")
    [article] = parse_page(page)
    assert article.body.split("\n")[-4:] == ["链接", "根据市容环境卫生管理条例，执法人员对抛物者开出50元罚单。",
                                             "相关新闻", "近年来，小区已覆盖监控设备，高空抛物现象明显减少。"]


def test_two_line_paragraph_ending_in_a_jump_is_no_headline():
    page = ("句容法院赴驻句部队\n开展法律拥军慰问活动\n\n●本报记者 葛锋\n\n　　活动中，该院张院长一行与驻句某部\n"
            "进行座谈交流， ▶下转第4版\n\n北京一医院被指虚假宣传\n\n　　“这家医院为何屡屡得手？”一位\n"
            "家长向本报讲述了自己的经历，他说孩子\n在这家医院治疗了半年，花费了数万元，\n病情却没有任何好转。\n")
    first, second = parse_page(page)
    assert first.continued_to == 4 and first.body == "活动中，该院张院长一行与驻句某部进行座谈交流，"
    assert second.title == "北京一医院被指虚假宣传"


@pytest.mark.parametrize("head,title", [
    ("世界杯来啦！\n一定要警惕你男朋友干这件事", "世界杯来啦！一定要警惕你男朋友干这件事"),
    ("成都出台共享单车新规：\n企业不合格将责令退出", "成都出台共享单车新规：企业不合格将责令退出"),
])
def test_two_line_headlines_short_of_or_wider_than_the_column(head, title):
    page = ("上一篇的最后一段在这里结束了，\n句子完整地写完。■记者 韩晓\n\n" + head + "\n\n《规范》包括运营企业车辆\n"
            "及设施设备管理、车辆投放、\n停放和调度等管理规范33条，\n是对共享单车运营企业进行\n服务质量考核的重要依据。\n")
    articles = parse_page(page)
    assert articles[-1].title == title and articles[-1].body.startswith("《规范》")


def test_headline_with_a_comma_retold_by_its_lead_is_no_cut_paragraph():
    page = ("2025年5月20日 第16版\n\n永城一环卫工被撞身亡 肇事司机逃逸\n\n（记者 施建明）12月20日，永城市公安局交警大队快速侦破一起交通肇事逃逸案，"
            "肇事者已被抓获。\n\n悉尼闹市发生车祸，警方在现场发现一把枪\n\n当地时间12月12日晚，悉尼发生车祸，警方在现场发现一把枪。"
            "据悉，这把枪是乘客在车祸发生后丢弃的。（宋蕾 陶然）\n")
    first, second = parse_page(page)
    assert first.authors == ("施建明",)
    assert (second.title, second.authors) == ("悉尼闹市发生车祸，警方在现场发现一把枪", ("宋蕾", "陶然"))


def test_markdown_page_is_no_plain_export():
    page = ("# 广西一官员因受贿获刑\n\n“案发后，被告人退出全部赃款。”\n\n经法院审理查明，被告人在担任主任期间收受贿赂。\n\n"
            "由赖某对该笔钱进行分配\n\n2014年10月，被告人指示他人从科室经费中支取现金。\n\n"
            "# 郓城公安8天刑拘12人\n\n记者 袁晨 朱平\n\n3月20日至27日，郓城县公安局依法刑事拘留12名犯罪嫌疑人。\n")
    first, second = parse_page(page)
    assert first.title == "广西一官员因受贿获刑" and "由赖某对该笔钱进行分配" in first.body.split("\n")
    assert second.title == "郓城公安8天刑拘12人"


def test_short_page_of_long_paragraph_lines_is_a_line_layout():
    page = ("楚天都市报 2024年03月07日 第23版：国际\n\n\n坚持以人民为中心\n    临汾尧都：两骑摩托的偷车贼16分钟盗走面包车\n"
            "    ——现在车被偷走\n本报特派记者 韦平悦\n车主于师傅介绍，两个小偷12月9日凌晨骑摩托车出现在村里，十几分钟后停在路边的面包车就被偷走了，监控拍下了全过程。\n\n"
            "  惊险！驴友登山被困百米悬崖，6名消防员上演生命大营救\n五一假期，外出旅游人多拥挤，不少市民选择留在本地登山游玩，一名驴友在登山途中被困百米悬崖，消防员连夜救援。\n\n"
            "  男子私设电网致人亡 缓刑期间又设电网再犯罪\n张某曾因私设电网捕获猎物致人死亡被判处缓刑，没想到在缓刑期间他又在山上私设电网，再次被警方抓获。\n")
    titles = [a.title for a in parse_page(page)]
    assert titles == ["临汾尧都：两骑摩托的偷车贼16分钟盗走面包车", "惊险！驴友登山被困百米悬崖，6名消防员上演生命大营救",
                      "男子私设电网致人亡缓刑期间又设电网再犯罪"]


def test_two_line_headline_one_character_short_and_a_cut_paragraph():
    page = ("2021年11月11日\n1版 要闻\n\n男子遗失20余张民工社保卡\n幸被好心市民捡到归还\n\n社会保障卡对于公民来说\n"
            "非常重要，凭借它可以去医\n院看病，也可以领取养老保\n险。民警将卡交还了失主。\n\n今年，哪一类人群最容易被\n"
            "骗？骗子今年又玩了哪些新\n\n花样？民警汇总数据，带您\n看看今年的“成绩单”。\n")
    [article] = parse_page(page)
    assert article.title == "男子遗失20余张民工社保卡幸被好心市民捡到归还"
    assert "骗子今年又玩了哪些新花样？" in article.body


def test_subhead_set_in_like_the_paragraphs_is_not_centred():
    body = "事故发生后不久，交警和医护人员先后赶到现场，并展开相关工作，现场秩序很快恢复正常。"
    page = ("痛心！电瓶车女子倒在车轮下\n\n　　12月12日，有市民在一处十字路口目睹了一起交通事故，一辆铲车撞上一位推着电瓶车的女子。\n"
            "　　据现场目击者介绍，事故发生后，驾驶铲车的司机感觉到车身出现明显颠簸，立即停车查看。\n\n"
            "    未来可期\n\n　　" + body + "\n\n    后续进展\n\n　　" + body + "\n")
    [article] = parse_page(page)
    assert ["未来可期", "后续进展"] == [p for p in article.body.split("\n") if len(p) < 8]


def test_wide_numbered_paragraph_line_is_no_headline():
    page = ("京东商城卖家发货规范\n\n1.1卖家应当在平台规定的时间内发货，但有\n特殊规定的除外。\n\n"
            "1.2消费者申请退款时卖家尚未发货的，卖家\n应当征得消费者同意后再发货。\n\n第二条新闻的标题\n\n"
            "12月20日，某地发生一起交通事\n故，所幸没有造成人员伤亡，交\n警正在调查事故原因。\n")
    first, second = parse_page(page)
    assert first.body.startswith("1.1卖家") and first.body.endswith("同意后再发货。")
    assert second.title == "第二条新闻的标题"


def test_opener_and_credit_filling_their_own_line_open_the_story():
    assert split_trailing_credit("【本报讯】（记者 唐欣 郭毅）") == ("【本报讯】（记者 唐欣 郭毅）", ())
    page = ("起底网络水军：只要给钱\n相关负面帖子全部删除\n\n　　【本报讯】（记者 唐欣 郭毅）\n网络发帖本来是网民畅谈思想，反映情\n"
            "况，表达见解的平台，其中不乏尖锐观\n点，也有人借此牟利。\n")
    [article] = parse_page(page)
    assert article.authors == ("唐欣", "郭毅") and article.body.startswith("【本报讯】网络发帖")


def test_lines_over_a_dash_subtitle_are_its_headline():
    page = ("一案，已由检察院依法向法院提起\n公诉。\n\n 两人死亡！\n青海一司机酒驾酿惨剧\n——在没有限速标志的路段\n\n"
            "（记者 柳芳 通讯员 孔华）当事人王某\n醉酒驾驶机动车超速行驶，造成两\n人死亡。\n")
    articles = parse_page(page)
    last = articles[-1]
    assert (last.title, last.subtitle, last.authors) == ("两人死亡！青海一司机酒驾酿惨剧", "——在没有限速标志的路段", ("柳芳", "孔华"))


_CREDITED_THEN_QUESTION = (
    "法律援助伸援手 帮助百姓解难事\n\n"
    "本报讯（记者 张明）今年以来，我市法律援助中心共受理案件三百余件，为群众挽回经济损失一千余万元。\n\n"
    "据介绍，下一步中心将继续扩大援助范围，让更多困难群众享受到便捷的法律服务。（记者 张明）\n\n"
    "巴黎拟建三角形摩天大楼 浪漫之都要毁了？\n\n"
    "新华社巴黎3月4日电 法国巴黎市议会日前批准了一项建设三角形摩天大楼的计划，引发不少市民的担忧和争议。\n\n"
    "支持者则表示，新建筑将为城市带来新的活力和就业机会。\n\n"
    "第7版\n")


def test_question_headline_after_a_closing_credit_opens_the_next_story():
    first, second = parse_page(_CREDITED_THEN_QUESTION)
    assert first.title == "法律援助伸援手帮助百姓解难事" and first.kicker == ""  # one line, one title
    assert first.body.endswith("法律服务。") and first.authors == ("张明",)
    assert second.title == "巴黎拟建三角形摩天大楼浪漫之都要毁了？" and second.body.startswith("新华社巴黎")


def test_folio_alone_on_a_line_is_furniture_and_the_page_number():
    *_, last = parse_page(_CREDITED_THEN_QUESTION)
    assert last.body.endswith("就业机会。") and "第7版" not in last.body and last.page == 7
    page = "人民日报 2024年3月5日 第3版\n\n" + _CREDITED_THEN_QUESTION
    assert all(a.page == 3 for a in parse_page(page))  # the header's number stands


def test_question_headline_under_a_closing_credit_in_narrow_columns():
    page = ("法律援助伸援手 帮助百姓解难事\n本报讯（记者 张明）今年以来，\n我市法律援助中心共受理案件\n"
            "三百余件，为群众挽回经济损\n失一千余万元。中心还开通了\n热线电话，全天候解答群众的\n法律咨询。\n"
            "（记者 张明）\n巴黎拟建三角形摩天大楼\n浪漫之都要毁了？\n新华社巴黎3月4日电 法国巴\n"
            "黎市议会日前批准了一项建设\n三角形摩天大楼的计划，引发\n不少市民的担忧和争议。\n")
    first, second = parse_page(page)
    assert first.body.endswith("法律咨询。") and first.authors == ("张明",)
    assert second.title == "巴黎拟建三角形摩天大楼浪漫之都要毁了？" and second.body.startswith("新华社巴黎")


def test_column_label_over_a_title_after_a_finished_story_is_the_next_kicker():
    page = ("村里来了新书记\n本报讯（记者 张明）今年以来，\n我市法律援助中心共受理案件\n三百余件，为群众挽回经济损\n"
            "失一千余万元。中心还开通了\n热线电话，全天候解答群众的\n法律咨询。\n走基层·看变化\n乡村振兴路上的年轻人\n"
            "春节刚过，村里的年轻人就忙\n碌起来。他们在电商平台上销\n售当地的特产，收入比往年翻\n了一番。\n第2版\n")
    first, second = parse_page(page)
    assert first.body.endswith("法律咨询。") and "走基层" not in first.body
    assert (second.kicker, second.title) == ("走基层·看变化", "乡村振兴路上的年轻人")
    assert second.body.endswith("翻了一番。") and second.page == 2


def test_question_opening_a_headline_stack_under_a_credit_keeps_the_line_below():
    page = ("村里来了新书记\n本报讯（记者 张明）今年以来，\n我市法律援助中心共受理案件\n三百余件，为群众挽回经济损\n"
            "失一千余万元。\n（记者 张明）\n\n婴儿床如何保养？\n婴儿床的选购知识\n\n婴儿床经常需要升降，所以要\n"
            "定期检查婴儿床螺钉是否松动\n或丢失，支架是否稳固。\n")
    first, second = parse_page(page)
    assert first.body.endswith("一千余万元。")
    assert (second.kicker, second.title) == ("", "婴儿床如何保养？婴儿床的选购知识")
    assert second.body.startswith("婴儿床经常需要升降")


def test_a_wrap_on_the_space_between_two_names_keeps_them_two():
    page = ("青岛新增两处理赔服务中心\n\n　　本报讯 （记者 令狐悦远\n 汤蓓凯 实习生 于峰璐）青\n岛车辆快速理赔又添新去处。\n"
            "据介绍，服务中心已开门纳\n客，多家保险公司入驻。（覃霞\n 陈勇轩）\n")
    (article,) = parse_page(page)
    assert article.authors == ("令狐悦远", "汤蓓凯", "于峰璐", "覃霞", "陈勇轩")
    assert article.body == "本报讯青岛车辆快速理赔又添新去处。据介绍，服务中心已开门纳客，多家保险公司入驻。"


def test_an_indented_first_line_ending_a_sentence_at_the_column_edge_goes_on():
    page = ("市安委办要求各部门防事故\n\n　　连日以来，我市遭遇大范围降温。\n雨雪冰冻天气易引发各类事故。为预防\n"
            "事故的发生，近日，市安委办下发紧急\n通知，要求各地各单位做好当前雨雪冰\n冻天气事故的预防和应急处置工作。\n")
    (article,) = parse_page(page)
    assert article.body.count("\n") == 0 and article.body.startswith("连日以来")


def test_a_dateline_alone_on_its_line_goes_on_with_the_credit_below():
    page = ("市中区：\n王官庄街道十区社区发放消防安全告知书\n\n　　新华社成都12月3日电\n（记者 段振鹏）为进一步做\n"
            "好辖区火灾防控工作，增强社\n会公众消防安全意识，近日，\n十区社区发放消防安全告知书。\n")
    (article,) = parse_page(page)
    assert article.title == "市中区：王官庄街道十区社区发放消防安全告知书" and article.authors == ("段振鹏",)
    assert article.body.startswith("新华社成都12月3日电为进一步")


def test_a_headline_with_a_list_mark_over_an_indented_line_in_line_layout():
    page = ("2014年7月8日　星期二　第6版　时政\n\n吸毒、酒驾、玩手机女子驾车撞上对向两车\n"
            "　　洋县一年轻女子因驾车玩手机引发交通事故，本人受伤并致3车受损。后经检验鉴定，该女子系酒后吸毒驾车。\n"
            "5月7日11时许，洋县交警大队事故处理中队接到报警，称一辆小轿车与两辆货车相撞。\n")
    (article,) = parse_page(page)
    assert article.title == "吸毒、酒驾、玩手机女子驾车撞上对向两车" and article.body.startswith("洋县")


def test_markdown_heading_deeper_than_the_title_is_a_sub_head():
    page = ("# 我市今年将新建改建城市公园20座\n\n**本报记者 王小明**\n\n"
            "记者从市园林局获悉，今年我市将新建改建城市公园20座，新增绿地面积120公顷。\n\n"
            "## 口袋公园嵌入老城区\n\n在东城区，一块闲置多年的空地正在改造，预计6月底完工。\n\n"
            "### 郊野公园连成绿道\n\n> “我们希望市民骑着自行车就能从城区到郊外。”该负责人说。\n\n"
            "# 春季流感进入高发期\n\n**本报记者 李华**\n\n近期气温变化大，流感进入高发期。\n\n"
            "**如何区分流感和普通感冒**\n\n专家介绍，流感起病急，常伴有高热等症状，详见[疾控中心](https://example.cn/flu)提示。\n")
    first, second = parse_page(page)
    assert first.title == "我市今年将新建改建城市公园20座" and first.authors == ("王小明",)
    assert first.body.split("\n")[1:] == ["口袋公园嵌入老城区", "在东城区，一块闲置多年的空地正在改造，预计6月底完工。",
                                          "郊野公园连成绿道", "“我们希望市民骑着自行车就能从城区到郊外。”该负责人说。"]
    assert second.title == "春季流感进入高发期" and second.body.endswith("详见疾控中心提示。")


def test_markdown_section_name_over_stories_leaves_them_at_the_title_level():
    page = ("# 要闻\n\n## 我市今年将新建改建城市公园20座\n\n记者从市园林局获悉，今年我市将新建改建城市公园20座。\n\n"
            "## 春季流感进入高发期\n\n近期气温变化大，流感进入高发期，专家提醒做好防护。\n\n"
            "## 高速公路清明假期免费通行\n\n清明节假期期间，全省高速公路对小型客车免费通行。\n")
    assert [a.title for a in parse_page(page)] == ["我市今年将新建改建城市公园20座", "春季流感进入高发期",
                                                   "高速公路清明假期免费通行"]


def test_two_line_headline_set_in_on_a_page_of_flush_paragraphs():
    page = ("国家标准；”之规定。交警提醒驾驶人\n遵守有关规定，安全出行。\n\n  吉福君：台风来了，\n  你在想什么呢？\n\n"
            "新华社广州1月15日电\n（记者杨小宏 秦毅锋）\n据我的家吉福了解：前几\n日台风“天鸽”来势汹汹，\n"
            "不少市民在家中囤积了大\n量食物和饮用水。\n")
    first, second = parse_page(page)
    assert (second.title, second.authors) == ("吉福君：台风来了，你在想什么呢？", ("杨小宏", "秦毅锋"))


def test_flush_left_exclaiming_headline_over_indented_paragraphs():
    page = ("代驾在行驶中离奇身亡！\n车主亲历惊魂一刻\n　　2018年12月15日晚，南京江宁市民李先生，\n"
            "与朋友饭后，叫了一名代驾回家，没想到在\n江宁新亭东路与天印大道交界处，经历了惊\n魂一刻。\n"
            "　　事发时，李先生正在后座同朋友打电话，\n突然发现代驾司机趴在方向盘上一动不动。\n\n"
            "又一个“黑油点”被查处！你平时有无帮衬呢？\n记者 丁雨亮 通讯员 龙思刚\n"
            "　　日前，龙岗警方在抓获非法买卖汽油男子\n杨某强，缴获1400升汽油的基础上深挖扩线，\n成功抓获幕后老板苗某。\n")
    first, second = parse_page(page)
    assert first.title == "代驾在行驶中离奇身亡！车主亲历惊魂一刻"
    assert (second.title, second.authors) == ("又一个“黑油点”被查处！你平时有无帮衬呢？", ("丁雨亮", "龙思刚"))


def test_title_whose_second_line_is_set_in_on_a_page_of_flush_paragraphs():
    page = ("海口警方破获一起盗窃案\n\n12月11日6时20分许，市公安\n局崖州分局接到事主李女士\n报警，称其鱼排被盗。民警\n"
            "随即展开调查，将嫌疑人抓\n获，等待处理。\n\n海口一男子收购走私车窜改\n  车辆信息抵押骗钱获刑2年半\n\n"
            "男子陈某泉收购走私车辆后\n窜改信息后用作抵押，骗取\n他人22万余元。近日，海口\n市中级法院作出终审判决。\n")
    first, second = parse_page(page)
    assert second.title == "海口一男子收购走私车窜改车辆信息抵押骗钱获刑2年半"



def test_title_wrapped_in_a_narrow_column_after_a_finished_story_opens_the_next():
    # Stories set at different measures: the title's lines are as short as the narrow story
    # above, and run longer than a column together, so they are no sub-head of it.
    page = ("枣阳警方开展飓风扫毒\n三天抓获8名吸贩毒人员\n　　12月11日，枣阳市\n公安局吴店派出所将\n涉嫌吸毒的违法嫌疑\n"
            "人李某某抓获，经使\n用吗啡、甲基安非他\n明、氯胺酮检测试剂\n对其尿液进行检测，\n甲基安非他明项结果\n"
            "呈阳性。经调查，12\n月5日，李某某伙同\n他人在枣阳市吴店镇\n吸食冰毒。\n\n"
            "时尚女子专偷名牌\n警方寻找被盗商家\n　　事主于2月3日到羊坊店派出所\n报警，称其工作的海淀区某商场\n"
            "一层品牌店内丢失了一个价值约\n4000元的黑色手提包。\n　　民警根据监控，在商场内找到\n"
            "了嫌疑人的踪迹，目前此案正在\n进一步审查中。\n\n"
            "城市建设提速\n本报记者 张三\n　　日前，市政府召开常务会议，\n研究部署今年城市建设重点工作。\n")
    first, second, third = parse_page(page)
    assert second.title == "时尚女子专偷名牌警方寻找被盗商家" and second.body.startswith("事主于2月3日")


@pytest.mark.parametrize("line, names", [
    ("本报记者 张三 发自北京", ("张三",)),
    ("本报特派记者 张三 李四 发自卡塔尔多哈", ("张三", "李四")),
])
def test_credit_that_says_where_it_was_sent_from(line, names):
    assert byline_line(line) == names


def test_a_bracketed_credit_the_column_cut_opens_the_story_under_its_title():
    page = ("前一篇的标题\n\n正文第一句话说完了。第二\n句话也说完了，就此结束。\n\n"
            "正月财运最好的三大生肖，\n财神爷进家门，钞票堆满屋\n（记者 马红 通讯员\n肖蕾梓）生肖羊属羊\n"
            "的人到了正月分开始，\n同样是财运旺盛，他\n们命中能够得到贵人\n的指引，因此发现了\n很多新的赚钱门路。\n")
    first, second = parse_page(page)
    assert second.title == "正月财运最好的三大生肖，财神爷进家门，钞票堆满屋"
    assert second.authors == ("马红", "肖蕾梓") and second.body.startswith("生肖羊属羊")


def test_a_titles_last_line_tight_over_its_credit_may_run_to_the_column_edge():
    page = ("前一篇的标题\n\n苍等地可能发生雷电活\n动，并伴有冰雹、阵性\n大风等强对流天气。\n五星社区开展肠道\n"
            "传染病防治知识讲座\n本报记者 宋然霞 摄\n随着炎炎夏日的到来，\n社区组织居民参加讲座\n，了解防治的知识。\n")
    first, second = parse_page(page)
    assert first.body.endswith("大风等强对流天气。")
    assert second.title == "五星社区开展肠道传染病防治知识讲座" and second.authors == ("宋然霞",)


def test_paragraph_gap_is_read_between_paragraphs_not_under_credits():
    from newsgrep.ingest.parsing.assemble import typical_gap
    from newsgrep.ingest.parsing.units import Unit
    # Stories of two tight paragraphs, each first one a blank line under its credit.
    units = [Unit("head"), Unit("byline", gap=1), Unit("para", gap=1), Unit("para", gap=0)] * 3
    assert typical_gap(units) == 0


def test_a_titles_line_that_fills_the_column_over_an_own_line_credit_on_a_tight_page():
    page = ("前一篇的标题\n本报记者 李四\n正文第一句话说完了。第二\n句话也说完了，就此结束。\n涉嫌危险驾驶罪\n"
            "高平警方抓获一名网上逃犯\n本报记者 张三\n3月4日，高平市公安局民警\n在巡逻中发现一名男子形迹\n可疑，经查系网上逃犯。\n")
    first, second = parse_page(page)
    assert first.body == "正文第一句话说完了。第二句话也说完了，就此结束。"
    assert second.title.endswith("高平警方抓获一名网上逃犯") and second.authors == ("张三",)


def test_an_unpunctuated_line_tight_under_a_closing_credit_is_the_next_title():
    page = ("前一篇的标题\n正文第一句话说完了。第二\n句话也说完了，就此结束。\n本报记者 李四\n高平警方抓获一名网上逃犯\n"
            "3月4日，高平市公安局民警\n在巡逻中发现一名男子形迹\n可疑，经查系网上逃犯。\n本报记者 张三\n")
    first, second = parse_page(page)
    assert first.authors == ("李四",) and first.body.endswith("就此结束。")
    assert (second.title, second.authors) == ("高平警方抓获一名网上逃犯", ("张三",))


def test_markdown_export_with_a_plain_kicker_and_a_plain_dash_subtitle():
    page = "\n".join([
        "## 第一个故事的标题", "", "第一个故事的正文，讲的是社区里新建的口袋公园已经开放。", "", "", "",
        "民生实事进行时", "", "## 帮你选大学挑专业", "", "——志愿填报咨询会周末举行", "",
        "原标题：志愿怎么填？专家来支招！", "",
        "本周六，市教育考试院将在体育馆举办志愿填报咨询会，全市八十多所高校到场答疑。", ""])
    arts = parse_page(page)
    assert [(a.kicker, a.title, a.subtitle) for a in arts] == [
        ("", "第一个故事的标题", ""), ("民生实事进行时", "帮你选大学挑专业", "——志愿填报咨询会周末举行")]
    assert arts[0].body.endswith("已经开放。")
    assert arts[1].body.split("\n")[0] == "原标题：志愿怎么填？专家来支招！"


def test_a_one_line_markdown_title_in_two_halves_is_one_title():
    page = "## 纪委8次亮剑“灯下黑” 30年老同事先后落马\n\n两人都是1957年10月出生，都是“老纪检人”。\n"
    assert parse_page(page)[0].title == "纪委8次亮剑“灯下黑”30年老同事先后落马"


def test_credit_forms_with_joined_roles_and_spaced_names():
    from newsgrep.ingest.parsing.bylines import byline_line
    assert byline_line("文并摄/罗杰斌") == ("罗杰斌",)
    assert byline_line("通讯员 龙 明") == ("龙明",)  # a two-character name spaced to three
    assert byline_line("记者 王 明 李小红") == ("王明", "李小红")


def test_a_bracketed_label_over_a_headline_is_its_kicker():
    text = "高雅艺术进校园活动走进四中校园已有四年，从交响乐到诗朗诵，四中师生们感受着艺术的魅力。" * 2
    page = "\n".join(["文化 | 第14版 | 2009年6月11日", "", "", "【城市记忆】", "", "哈尔滨话剧院带", "着7个演出节目",
                      "走进哈四中校园", "", "文并摄/罗杰斌", "", *[text[i:i + 10] for i in range(0, len(text), 10)], ""])
    art = parse_page(page)[0]
    assert (art.kicker, art.title, art.authors) == ("城市记忆", "哈尔滨话剧院带着7个演出节目走进哈四中校园", ("罗杰斌",))


def test_bare_names_set_flush_right_under_a_story_are_its_credit():
    text = "据介绍，知网由清华大学、清华同方发起，始建于1999年6月，是一个学术文献数据库，收录期刊上万种。"
    page = "\n".join(["", "", "知网回应充值问题", "", *[text[i:i + 24] for i in range(0, len(text), 24)],
                      " " * 32 + "唐洋立  覃 岚", "", "", "另一篇报道的标题", "", *[text[i:i + 24] for i in range(0, len(text), 24)], ""])
    arts = parse_page(page)
    assert arts[0].authors == ("唐洋立", "覃岚") and "唐洋立" not in arts[0].body


def test_a_jump_line_of_its_own_is_never_a_headline():
    text = "一名男子因嫌打工太累，采取砸车玻璃方式盗窃车内财物，结果刚刚作案一次便被警方抓获。"
    page = "\n".join(["莱西警方抓获一名盗窃嫌疑人", *["　　" + text[:16]] + [text[i:i + 18] for i in range(16, len(text), 18)],
                      "（转第22版）", "      广元一对夫妻因烤火取暖一氧化碳中毒！", "　　本报讯（记者 严红）" + text[:8],
                      text[8:26], text[26:]])
    arts = parse_page(page)
    assert arts[0].continued_to == 22 and "转第" not in arts[0].body
    assert arts[1].title == "广元一对夫妻因烤火取暖一氧化碳中毒！"


def test_a_table_of_figures_is_neither_a_headline_nor_a_story():
    text = "同时，温度骤降之后容易引发心脑血管疾病、感冒等，公众需关注天气预报，及时添衣保暖，出行时要注意安全。"
    wrapped = [text[i:i + 18] for i in range(0, len(text), 18)]
    page = "\n".join(["", "", "冷空气抵达我省", "", "17日起又有一股冷空气抵达我省，温度", "大幅下降，空气质量也会好转起来。", "",
                      *wrapped, "", "表：各区情况", "项目  2011年  2017年  2022年", "总量（万元）  3360  5753  8949",
                      "增幅（%）  5.2  22.9  15.3", "", "记者 唐娟红", ""])
    arts = parse_page(page)
    assert [a.title for a in arts] == ["冷空气抵达我省"]
    assert arts[0].authors == ("唐娟红",) and "3360" not in arts[0].body and arts[0].body.count("\n") == 1


def test_a_flush_line_over_a_credited_paragraph_on_a_tight_page_opens_a_story():
    a = "　　給客服反應過兩次回覆都是在調查，到現在也沒有消息。誰有好辦法能解決這個問題？"
    b = "　　〔記者崔晨、雷靜陽∕高雄報導〕這麼多的少數民族中，苗族和侗族是其中的主體，絕大部分的村寨都是苗寨侗寨。"
    page = "\n".join(["網購的煩惱", *[a[i:i + 18] for i in range(0, len(a), 18)], "蘇州那邊有賣黑魔鬼的",
                      *[b[i:i + 18] for i in range(0, len(b), 18)]])
    arts = parse_page(page)
    assert arts[-1].title == "蘇州那邊有賣黑魔鬼的" and "崔晨" in arts[-1].authors
    assert arts[-2].body.endswith("誰有好辦法能解決這個問題？")


def test_a_short_line_over_an_opener_is_its_headline_not_the_story_above():
    story = "　　区里今年新建的口袋公园已经全部开放，附近居民每天都来散步健身。"
    nxt = "　　本报长沙3月2日电（记者邹睿晨）潍坊高新区召开重点民生实事新闻发布会，介绍今年的民生实事。"
    page = "\n".join(["口袋公园开放", "", *[story[i:i + 20] for i in range(0, len(story), 20)], "",
                      "     民生年，潍坊高新区为你做了这些事!", "", *[nxt[i:i + 20] for i in range(0, len(nxt), 20)]])
    arts = parse_page(page)
    assert arts[-1].title == "民生年，潍坊高新区为你做了这些事!" and arts[-1].authors == ("邹睿晨",)
    assert "民生年" not in arts[0].body


def test_a_source_the_text_cites_is_no_credit():
    from newsgrep.ingest.parsing.bylines import parse_credit
    assert parse_credit("根據媒體報道，周世峰、王宇等極") is None
    assert parse_credit("记者 张三 李四 报道") == ("张三", "李四")


def test_a_page_set_in_by_a_margin_reads_like_one_set_flush():
    text = "从3月起，我省教育系统重点抓好集团化推进“校农结合”五个试点，确保全省学校食堂采购贫困户的农产品。"
    lines = ["  " + text[i:i + 18] for i in range(0, len(text), 18)]
    lines[0] = "    " + lines[0].lstrip()
    page = "\n".join(["", "         贵州“校农结合”拓宽产销经络", "", "            文/图 巴特尔·其其格", "",
                      *lines, *lines, "", "                        — 8 —"])
    arts = parse_page(page)
    assert [a.title for a in arts] == ["贵州“校农结合”拓宽产销经络"]
    assert arts[0].authors == ("巴特尔·其其格",) and arts[0].page == 8 and arts[0].body.count("\n") == 1


def test_an_interviews_question_is_text_and_an_arrow_caption_ends_the_paragraph_above():
    q = "问：普通消费者应当注意什么？"
    a = "答：国内全部媒体报道的与安全生产相关的文章总量为九十九万篇，本期舆情曲线前期趋于平缓。"
    body = "　　记者从市场监管局获悉，今年春节期间全市共受理消费者咨询投诉一百五十九件，同比下降。"
    page = "\n".join(["", "", "春节消费投诉下降", "本报记者 王明", *[body[i:i + 18] for i in range(0, len(body), 18)],
                      q, *[a[i:i + 18] for i in range(0, len(a), 18)], "▲工作人员正在进行检查。", ""])
    arts = parse_page(page)
    assert [x.title for x in arts] == ["春节消费投诉下降"]
    assert q in arts[0].body.split("\n") and "▲" not in arts[0].body
