"""Plain exports ("title, blank line, body") read as such, whatever their web copy holds.

Regression: print-layout evidence (a credit opening a body, short lines cut mid-sentence,
a lone credit line) was taken from a single story of web copy, and twenty-article files
of the benchmark corpus lost their titles.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from newsgrep.ingest.parsing import parse_page

DATA = Path(__file__).parent / "data"
FILES = sorted((DATA / "plain_exports").glob("*.txt")) + sorted((DATA / "bench_sample").glob("*.txt"))


def titles_of(text: str) -> list[str]:
    """The export's own titles: the first line of the file and each line after a body."""
    return [title for title, _blank, _body, _end in _records(text)]


def _records(text: str):
    lines = text.split("\n")
    i = 0
    while i + 2 < len(lines):
        title, blank = lines[i], lines[i + 1]
        j = i + 2
        while j < len(lines) and lines[j] != "":
            j += 1
        yield title, blank, lines[i + 2:j], j
        i = j + 1


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_story_of_an_export_keeps_its_title(path):
    text = path.read_text(encoding="utf-8")
    articles = parse_page(text)
    assert len(articles) == 20
    expected = [t.replace(" ", "") for t in titles_of(text)][:20]
    assert [a.title.replace(" ", "") for a in articles][:5] == expected[:5]


def test_a_credit_flush_between_blank_lines_over_indented_text_is_print_layout():
    page = ("俄一居民楼发生天然气爆炸\n\n据该州紧急情况总局发布的最新公告，救援人员共找到14具遗体。\n\n"
            "外卖订餐，如何维权\n\n本报记者　严兴凯　何嘉东\n\n"
            "　　在消费维权这件事上，以斗争求团结则团结存，以退让求团结则团结亡。\n"
            "而现在的外卖服务便利多了，已经形成规模。\n")
    first, second = parse_page(page)
    assert second.title == "外卖订餐，如何维权" and second.authors == ("严兴凯", "何嘉东")


def test_web_reposts_one_paragraph_a_line_between_rules():
    para = "为了享受这片刻的美好，人们三三两两聚在一起，或沿岷江旁的步行道拾级而下，或在新修建的羌族风情街边点壶清茶。"
    lines = []
    for title in ("【香港北角车祸死亡人数增至4人】", "【城区新增三处公共停车场】"):
        lines += [title, "", para, "", para.replace("美好", "时光"), "", "（责编：杜璐雪）", "", "-" * 30, ""]
    arts = parse_page("\n".join(lines))
    assert [a.title for a in arts] == ["香港北角车祸死亡人数增至4人", "城区新增三处公共停车场"]
    assert all("责编" not in a.body and "---" not in a.body for a in arts)


def test_a_first_title_that_reads_like_a_header_is_a_title():
    """corpus 0223: '简报知天下2018.05.18' once became paper and date, and the export's
    stories ran together; a line naming no page, in an export's exact blank lines, is the
    first story's title."""
    page = ("简报知天下2018.05.18\n\n5月18日简报，星期五，农历四月初四\n"
            "1、签了！中国与欧亚经济联盟正式签署经贸合作协定！\n\n"
            "卡还在，钱没了!被盗刷后他做了这件事\n\n都说人生最痛苦的事情莫过于卡还在，钱没了！\n"
            "今年7月份彭先生就遭遇了这样的糟心事。\n\n"
            "石家庄有卖维达小包纸的吗，急急急\n\n石家庄有卖维达小包纸的吗，急急急\n")
    articles = parse_page(page)
    assert [a.title for a in articles] == ["简报知天下2018.05.18", "卡还在，钱没了!被盗刷后他做了这件事",
                                           "石家庄有卖维达小包纸的吗，急急急"]
    assert all(a.paper is None and a.date is None for a in articles)
