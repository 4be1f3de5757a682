"""Header forms of archive exports and trade papers (parsing/header.py): labelled fields,
the slash header, a paper's name alone on top, page numbers with leading zeros."""
from __future__ import annotations

import pytest

from newsgrep.ingest.parsing import parse_masthead, parse_page

BODY = ["", "   湖南鑫成建设公司拖欠工资", "", "\u3000\u3000本报讯（记者 杜晨）这一项目是株洲市荷塘区城乡建设局发包的项目。"]


@pytest.mark.parametrize("header,paper,date,page", [
    (["中国交通周报", "版面: 06    综合新闻", "日期: 2019-04-29"], "中国交通周报", "2019-04-29", 6),
    (["版面：06", "出版日期：2019年4月29日"], None, "2019-04-29", 6),
    (["【报纸名称】吉林工人报", "【出版日期】2022.11.21", "【版次】第5版"], "吉林工人报", "2022-11-21", 5),
    (["【报纸名称】人民铁道", "【日期】2021-03-04", "【版名】要闻", "【版面】第008版"], "人民铁道", "2021-03-04", 8),
    (["赣南日报/2014年/08月/24日/第008版", "国际"], "赣南日报", "2014-08-24", 8),
    (["03版", "2019年3月4日"], None, "2019-03-04", 3),
    (["青年导报", "2019年3月4日 星期一", "第008版"], "青年导报", "2019-03-04", 8),
])
def test_header_forms(header, paper, date, page):
    mast = parse_masthead(header + BODY)
    assert (mast.paper, mast.date, mast.page) == (paper, date, page)
    assert mast.lines_used == len(header)


def test_trade_paper_page_gets_its_header_and_keeps_its_headline():
    page = "\n".join(["中国交通周报", "版面: 06    综合新闻", "日期: 2019-04-29"] + BODY)
    [art] = parse_page(page)
    assert (art.paper, art.date, art.page) == ("中国交通周报", "2019-04-29", 6)
    assert art.title == "湖南鑫成建设公司拖欠工资"


def test_a_date_slash_is_still_a_date():
    mast = parse_masthead(["2024/03/05 星期二", "第3版"] + BODY)
    assert (mast.date, mast.page) == ("2024-03-05", 3)


# Forms real papers print that the masthead reader once missed (heldout4, d2, heldout3).
@pytest.mark.parametrize("header,paper,date,page", [
    # a paper's English name beside its own; the weekday in full-width brackets; page and section
    (["大洋洲時報   CHINESE DAILY", "2014年9月20日（星期六）  A9  本地"], "大洋洲時報", "2014-09-20", 9),
    (["美西華人日報   OVERSEAS CHINESE NEWS", "2022年11月28日（星期一）  A1  中國"], "美西華人日報", "2022-11-28", 1),
    # a district paper named '<place>新闻'
    (["2020-02-26   云州新闻", "A12  科技", "责任编辑 许江博"], "云州新闻", "2020-02-26", 12),
    (["海西法治报  教育", "2022年5月10日  星期二  第13版  责任编辑/付叶枫"], "海西法治报", "2022-05-10", 13),
    # 3-4 line heads: page label with a section, editors
    (["华商财经报", "2018年5月3日", "版次：A5 · 公司", "编辑 王强 美编 李丽"], "华商财经报", "2018-05-03", 5),
    (["综合 06版 2013.04.02", "星期二"], None, "2013-04-02", 6),
])
def test_more_header_forms(header, paper, date, page):
    mast = parse_masthead(header + BODY)
    assert (mast.paper, mast.date, mast.page) == (paper, date, page)
    assert mast.lines_used == len(header)


def test_front_page_licence_codes_are_no_page_number():
    # '邮发代号 13-5' once read as page 13: a front page with no printed page number is page 1.
    header = ["                江 淮 日 报", "              JIANGHUAI RIBAO", "",
              "2020年6月8日  星期一        今日8版", "国内统一连续出版物号 CN 18-0013   邮发代号 13-5",
              "--------------------------------------------"]
    mast = parse_masthead(header + BODY)
    assert (mast.paper, mast.date, mast.page) == ("江淮日报", "2020-06-08", 1)


def test_paper_named_only_in_the_foot_fills_the_head():
    page = ["文化 | 第21版 | 2009年2月25日", "", ""] + BODY + ["", "", "北国青年报·副刊"]
    mast = parse_masthead(page)
    assert (mast.paper, mast.date, mast.page) == ("北国青年报", "2009-02-25", 21)
    assert (mast.lines_used, mast.trailing_used) == (1, 1)
    [art] = parse_page("\n".join(page))
    assert art.paper == "北国青年报" and "副刊" not in art.body


def test_foot_header_with_chinese_numeral_date():
    page = BODY + ["", "------------------------------------------------",
                   "第 4 版          太行报          一九九三年十一月十二日  星期五"]
    mast = parse_masthead(page)
    assert (mast.paper, mast.date, mast.page) == ("太行报", "1993-11-12", 4)


def test_district_foot_with_name_section_and_folio():
    page = BODY + ["", "────────────────────────", "龙华新闻 · 体育 · 05", "2024/7/13"]
    mast = parse_masthead(page)
    assert (mast.paper, mast.date, mast.page) == ("龙华新闻", "2024-07-13", 5)


def test_crlf_page_reads_its_header():
    text = "\r\n".join(["大洋洲時報   CHINESE DAILY", "2014年9月20日（星期六）  A9  本地"] + BODY)
    [art] = parse_page(text)
    assert (art.paper, art.date, art.page) == ("大洋洲時報", "2014-09-20", 9)
    mast = parse_masthead(text.split("\n"))  # '\r' left on each line breaks no rule
    assert (mast.paper, mast.date, mast.page) == ("大洋洲時報", "2014-09-20", 9)


@pytest.mark.parametrize("line", ["国际新闻  2024年8月22日", "城市新闻  第3版"])
def test_a_topic_news_word_is_a_section_not_a_paper(line):
    assert parse_masthead([line] + BODY).paper is None


def test_headline_ending_in_bao_is_no_header():
    page = ["市场监管部门被举报", "", "\u3000\u3000本报讯 2024年3月5日，有市民反映……"]
    mast = parse_masthead(page)
    assert mast.lines_used == 0 and mast.paper is None


def test_a_dot_folio_and_a_body_line_with_a_date():
    assert parse_masthead(["·12·", "2019年3月4日"] + BODY).page == 12
    mast = parse_masthead(["2024年3月5日，市政府召开常务会议，研究部署春季农业生产工作。"] + BODY)
    assert mast.lines_used == 0 and mast.date is None


# Forms the masthead reader once missed (heldout5): section over page over name over date,
# day-first dates, issue-numbered campus papers with the folio at the foot, front-page
# mastheads with the owner and weather lines, a web re-post's channel and posting time.
@pytest.mark.parametrize("header,paper,date,page", [
    (["文体新闻", "A9", "羊城晚报", "2024/9/20"], "羊城晚报", "2024-09-20", 9),
    (["中國\u3000A18", "25/12/2015", "文匯報"], "文匯報", "2015-12-25", 18),
    (["29-6-2004\u3000新明日报\u3000第22页"], "新明日报", "2004-06-29", 22),
    (["新华日报", "XINHUA DAILY", "中共江苏省委机关报", "国内统一连续出版物号 CN 49-0096",
      "1996年2月20日\u3000星期二\u3000农历三月十五", "第22447期\u3000今日8版", "", "天气：阴转晴\u3000-2～28℃"],
     "新华日报", "1996-02-20", 1),
    (["每日精选", "2018-07-11 15:48"], None, "2018-07-11", None),
])
def test_heldout5_header_forms(header, paper, date, page):
    mast = parse_masthead(header + BODY)
    assert (mast.paper, mast.date, mast.page) == (paper, date, page)
    assert mast.lines_used == len(header)


@pytest.mark.parametrize("name", ["武汉大学报", "复旦", "新清华"])
def test_issue_number_names_the_paper_and_the_foot_folio_numbers_the_page(name):
    # '第1112期' is the issue, not the page: the page is the '·4·' folio at the foot.
    page = [f"{name}\u3000第1112期", "2005年6月11日"] + BODY + ["", "编辑：王佳阳 美编：顾斌 校对：文丽", "·4·"]
    mast = parse_masthead(page)
    assert (mast.paper, mast.date, mast.issue, mast.page) == (name, "2005-06-11", 1112, 4)
    assert mast.trailing_used == 2


def test_a_month_first_date_is_read_when_the_day_cannot_be_a_month():
    mast = parse_masthead(["7/25/2015\u3000A3"] + BODY)
    assert (mast.date, mast.page) == ("2015-07-25", 3)


def test_a_short_title_over_a_body_line_is_no_header():
    # a short line on top is a section only over a line that is header text itself
    mast = parse_masthead(["暴雨来袭", "本报讯 2019年3月4日，全市迎来今年首场暴雨，多条道路积水。"] + BODY)
    assert mast.lines_used == 0 and mast.date is None


def test_a_front_page_jump_in_chinese_numerals_is_no_folio():
    page = ["北方日报", "2019年6月26日  星期三", "国内统一连续出版物号 CN 32-0022", "今日24版", ""] + BODY + ["（下转第六版）"]
    mast = parse_masthead(page)
    # A front page: page 1 by the README's convention, and never the 6 of its jump line.
    assert (mast.date, mast.page, mast.trailing_used) == ("2019-06-26", 1, 0)


def test_a_day_first_date_in_a_story_line_is_no_header():
    mast = parse_masthead(["警方於25/12/2015在港島拘捕三名男子，涉嫌盜竊。"] + BODY)
    assert mast.lines_used == 0 and mast.date is None


def test_a_foot_that_ends_a_story_numbers_no_page():
    page = ["复旦\u3000第2151期", "2010年12月28日"] + BODY + ["", "目前，该案已移送检察院审查起诉，第3版另有报道。"]
    mast = parse_masthead(page)
    assert (mast.paper, mast.page, mast.trailing_used) == ("复旦", 1, 0)


def test_stray_folios_in_page_and_dot_forms_are_dropped():
    from newsgrep.ingest.parsing.header import drop_folios
    kept, page = drop_folios(["正文一行。", "·4·", "第22页", "正文二行。"])
    assert (kept, page) == (["正文一行。", "正文二行。"], 4)


# Forms the masthead reader once missed (heldout7): letter-spaced mastheads, running heads
# with a rule under them and the paper in the foot, headers stacked a fact a line,
# full-width digits.
RULE = "──────────────────────────────"


def test_a_masthead_letter_spaced_with_ideographic_spaces_over_an_index_is_page_one():
    page = ["                   南\u3000方\u3000日\u3000报", "", "2017年1月21日\u3000星期六",
            "今日12版\u3000\u3000国内统一连续出版物号 CN 31-0068"] + BODY + [
            "▶ 森林法实施条例\u3000\u3000（9版）", "▶ 健康产业迎来发展契机\u3000\u3000（11版）"]
    mast = parse_masthead(page)
    assert (mast.paper, mast.date, mast.page, mast.lines_used) == ("南方日报", "2017-01-21", 1, 4)


def test_a_running_head_over_a_rule_takes_the_paper_from_the_foot():
    page = ["3\u3000\u3000公司·产业" + "\u3000" * 13 + "2018.2.9\u3000星期五", RULE] + BODY + [
            "", RULE, "经济观察报\u3000责任编辑：蔡柏璐\u3000制作：黎静丽\u3000E-mail:zqrb@zqrb.net"]
    mast = parse_masthead(page)
    assert (mast.paper, mast.date, mast.page) == ("经济观察报", "2018-02-09", 3)
    assert (mast.lines_used, mast.trailing_used) == (2, 2)


@pytest.mark.parametrize("foot,paper", [
    ("大众日报\u3000国际新闻部主办\u3000\u3000新闻热线：64272714", "大众日报"),
    ("参考消息\u3000国际新闻部主办\u3000\u3000新闻热线：66422904", "参考消息"),
])
def test_a_header_stacked_a_fact_a_line_takes_the_paper_from_the_desk_in_the_foot(foot, paper):
    page = ["2", "国际", "2015年5月10日\u3000星期日", "责编：薛洋平"] + BODY + ["", foot]
    mast = parse_masthead(page)
    assert (mast.paper, mast.date, mast.page, mast.lines_used) == (paper, "2015-05-10", 2, 4)


def test_full_width_digits_and_chinese_page_numerals():
    mast = parse_masthead(["中国体育报\u3000２０１１年４月１５日\u3000星期五", "第２３版\u3000综合\u3000责任编辑：肖鹏强"] + BODY)
    assert (mast.paper, mast.date, mast.page) == ("中国体育报", "2011-04-15", 23)
    mast = parse_masthead(["第六版\u3000国际", "2019年3月4日\u3000星期一"] + BODY)
    assert (mast.date, mast.page) == ("2019-03-04", 6)


def test_a_number_over_a_story_line_is_no_stacked_header():
    # a list item or a count on top is a folio only over the date (or a section and the date)
    mast = parse_masthead(["1", "国际", "本报讯 2019年3月4日，全市迎来今年首场暴雨，多条道路积水。"] + BODY)
    assert mast.lines_used == 0 and mast.page is None


def test_a_story_line_ending_in_a_paper_name_at_the_foot_is_no_running_foot():
    page = ["第3版\u3000国际", "2019年3月4日\u3000星期一"] + BODY + ["", "记者从市委宣传部主办的会上获悉 新华日报"]
    mast = parse_masthead(page)
    assert (mast.paper, mast.trailing_used) == (None, 0)


def test_district_paper_named_without_bao_and_a_section_with_a_padded_number():
    def read(lines):
        m = parse_masthead(lines + [""] + BODY)
        return m.paper, m.date, m.page
    assert read(["今日龙岗          第8版", "2020年1月23日          社区"]) == ("今日龙岗", "2020-01-23", 8)
    assert read(["都市时报  2018年8月22日", "关注  06", "主编 史峰  责编 韩华涛"]) == ("都市时报", "2018-08-22", 6)
    assert read(["访谈 | 2017年5月6日 星期六 | 第3版 | 编辑 顾峰"])[0] is None  # a section, no paper
    assert read(["闽  江  日  报", "2020年5月20日  星期三   今日八版"])[:2] == ("闽江日报", "2020-05-20")


def test_a_folio_glued_to_its_section_beside_the_newsrooms_wechat_is_a_running_head():
    """Real e-paper text (issue 21): '05综合新闻微信：…' once became a headline."""
    page = ("05综合新闻微信：sanmenxinwen\n\n三门县召开安全生产工作会议\n\n"
            "本报讯（记者 王普）昨日，三门县召开安全生产工作会议，部署下一阶段工作。\n\n全县各单位负责人参加会议。\n")
    [article] = parse_page(page)
    assert article.title == "三门县召开安全生产工作会议" and article.page == 5


def test_the_newsrooms_contact_line_is_no_story():
    story = "三门县召开安全生产工作会议\n\n本报讯（记者 王普）昨日，三门县召开安全生产工作会议，部署工作。\n\n全县各单位负责人参加会议。\n"
    contact = "投稿邮箱：smxw@163.com  新闻热线：83300000\n"
    for page in (contact + "\n" + story, story + "\n" + contact):
        [article] = parse_page(page)
        assert article.title == "三门县召开安全生产工作会议" and "热线" not in article.body


def test_a_headline_opening_with_a_number_is_no_folio():
    [article] = parse_page("5部门联合发文整治网络乱象\n\n本报讯（记者 王普）昨日，5部门联合发文，部署下一阶段工作。\n")
    assert article.title == "5部门联合发文整治网络乱象" and article.page is None
