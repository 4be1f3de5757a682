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
