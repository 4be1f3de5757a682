"""Credit forms real papers print that the byline grammar once missed (issue: authors
recall): marks between role and name, 作者 lines under a source, comma-listed names,
transliterated names, names that start with 文, compound surnames glued to the next name.
"""
from __future__ import annotations

import pytest

from newsgrep.ingest.parsing import byline_line
from newsgrep.ingest.parsing.bylines import page_credit, parse_credit, split_opener_credit, split_trailing_credit


@pytest.mark.parametrize("line,names", [
    ("报道●钱芳磊　摄影●程雪楠", ("钱芳磊", "程雪楠")),
    ("来源：新闻客户端　作者：黎萍", ("黎萍",)),
    ("作者：段宏涛 杜颖", ("段宏涛", "杜颖")),
    ("作者：艾尼瓦尔·托乎提　巴图·孟和", ("艾尼瓦尔·托乎提", "巴图·孟和")),
    ("学生记者 白桂欣 实习记者 金娟平", ("白桂欣", "金娟平")),
    ("文/巴图·孟和　图/于雪", ("巴图·孟和", "于雪")),
    ("〔記者迪麗努爾·阿布都／新竹報導〕", ("迪麗努爾·阿布都",)),
    ("本报记者 文刚 汪阳 龚磊琳", ("文刚", "汪阳", "龚磊琳")),
    ("本报记者 文梅磊 皇甫伟 郑州报道", ("文梅磊", "皇甫伟")),
    ("（记者慕容敏婷史俊峰通讯员崔玲）", ("慕容敏婷", "史俊峰", "崔玲")),
    ("记者 陈博建，赵阳", ("陈博建", "赵阳")),
    ("【記者熱依拉·買合木提、付靜報道】", ("熱依拉·買合木提", "付靜")),
    ("记者 张三、李四 杭州报道", ("张三", "李四")),
    ("特約記者 孔斌睿、邵萍", ("孔斌睿", "邵萍")),       # 約: the role word in traditional print
    ("本报记者 莫和政", ("莫和政",)),                     # 和 in a given name
    ("文/宋媛和", ("宋媛和",)),
    ("■记者 万晓 通讯员 东方和", ("万晓", "东方和")),
    ("记者 张三和李四", ("张三", "李四")),                # ... but 和 between two names joins them
    ("◎记者 卢秀 黎倩月 实习生 阿布都拉", ("卢秀", "黎倩月", "阿布都拉")),  # transliterated
])
def test_credit_forms(line, names):
    assert byline_line(line) == names


@pytest.mark.parametrize("line", [
    "来源：新华社",            # a source names no author
    "记者张三，李四说",        # a comma in a sentence: '李四说' is no name
    "（责编：郑子）",          # the web page's editor
    "文、张某智、张某滨、孙某东、",  # a wrapped list of suspects, names withheld
    "记者 张三 都说了",
])
def test_not_authors(line):
    assert not byline_line(line)


@pytest.mark.parametrize("line,names", [
    ("记者次仁多吉", ("次仁多吉",)),        # no surname: jieba's dictionary knows the name
    ("记者格桑旺姆报道", ("格桑旺姆",)),
])
def test_names_without_a_surname_glued_to_the_role(line, names):
    assert byline_line(line) == names


def test_opener_with_listed_reporters_over_a_wrap():
    assert split_opener_credit("【本報訊】記者次仁多吉、張薇娥報道：今天")[1] == ("次仁多吉", "張薇娥")


def test_place_glued_to_the_role_is_no_name():
    assert byline_line("记者西安报道") is None


def test_bracketed_editor_is_page_furniture():
    assert page_credit("（责编：阿不都·热合曼）")
    assert not parse_credit("（责编：郑子）", bare_ok=True)


@pytest.mark.parametrize("text,names", [
    ("……制定的。 記者 陳大文 報道", ("陳大文",)),
    ("……制定的。記者陳大文報道", ("陳大文",)),
    ("……制定的。记者张三、李四报道", ("张三", "李四")),
    ("……制定的。（作者：张三）", ("张三",)),
])
def test_credit_closing_the_body(text, names):
    assert split_trailing_credit(text) == ("……制定的。", names)


@pytest.mark.parametrize("text", [
    "……制定的。记者随后赶到现场",   # the body goes on about the reporter
    "……制定的。记者李明说",
    "……制定的。（来源：新华社）",
    "……制定的。（责编：郑子）",
])
def test_no_credit_closing_the_body(text):
    assert split_trailing_credit(text) == (text, ())


def test_commentary_and_letters_credits_and_page_furniture():
    from newsgrep.ingest.parsing.bylines import byline_line, page_credit
    from newsgrep.ingest.parsing.units import special_unit
    assert byline_line("□特约评论员 邱涛越") == ("邱涛越",)
    assert byline_line("四川绵阳 读者 龙霞飞") == ("龙霞飞",)  # a letter's signature: place, then name
    assert byline_line("（江西九江 汤芳莉）") == ("汤芳莉",)
    assert special_unit(" " * 32 + "湖南岳阳  袁丽亮", 1).authors == ("袁丽亮",)
    assert page_credit("本版责任编辑：莫睿文 蔡刚欣")
    assert special_unit("（作者系法律工作者）", 0).kind == "furniture"


def test_wire_leads_and_readers_signatures():
    from newsgrep.ingest.parsing.bylines import OPENER, byline_line
    assert OPENER.match("据新华社电为了加强对非法营运的治理") and not OPENER.match("据悉，今年")
    assert byline_line("——武汉 读者 宋浩") == ("宋浩",)  # a letter signed under its last line
    assert byline_line("——北京读者 阿力木·哈力克") == ("阿力木·哈力克",)
    assert byline_line("武汉读者杨佳丹") == ("杨佳丹",)
    assert byline_line("【读者来信】") is None  # a column's label
    assert byline_line("■格桑卓玛") == ("格桑卓玛",)  # no surname, but the tagger knows the name
