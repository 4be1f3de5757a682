"""split_columns: `pdftotext -layout` pages come back column by column; every other page is
left alone (None)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsgrep.ingest.parsing.gutters import find_bands, split_columns
from newsgrep.ingest.sources import decode

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "benchmarks" / "real" / "pages"
LAYOUT_PAGES = sorted(REAL.glob("*.layout.txt"))
PLAIN_PAGES = sorted([*(ROOT / "tests" / "data" / "layouts").glob("*.txt"),
                      *(ROOT / "seeds").glob("*.txt"),
                      *(ROOT / "tests" / "data" / "plain_exports").glob("*.txt"),
                      *(p for p in REAL.glob("*.txt") if not p.name.endswith(".layout.txt"))])


def _lines(path: Path) -> list[str]:
    return decode(path.read_bytes()).text.split("\n")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _running_pairs(path: Path) -> list[str]:
    """Two lines running on down one column, as the reading-order extraction (`X.txt`) gives
    them, spaces removed."""
    lines = [_squash(line) for line in _lines(path.with_name(path.name.replace(".layout", "")))]
    return [a + b for a, b in zip(lines, lines[1:]) if len(a) >= 12 and len(b) >= 12]


@pytest.mark.parametrize("page", LAYOUT_PAGES, ids=lambda p: p.stem)
def test_layout_page_reads_down_its_columns(page):
    lines = _lines(page)
    split = split_columns(lines)
    assert split is not None
    pairs = _running_pairs(page)
    assert len(pairs) > 100
    read = _squash("\n".join(split))
    across = _squash("\n".join(lines))
    # Read straight across, hardly a pair of column lines is contiguous; read by columns,
    # nearly all are (the misses are boxes and a vertical title pdftotext set among the columns).
    assert sum(p in across for p in pairs) < 0.05 * len(pairs)
    assert sum(p in read for p in pairs) > 0.9 * len(pairs)


@pytest.mark.parametrize("page", LAYOUT_PAGES[:1], ids=lambda p: p.stem)
def test_layout_page_keeps_every_character(page):
    lines = _lines(page)
    kept = _squash("".join(split_columns(lines)))
    assert sorted(kept) == sorted(_squash("".join(lines)))


@pytest.mark.parametrize("page", PLAIN_PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_page_not_set_in_columns_is_left_alone(page):
    assert split_columns(_lines(page)) is None


def _two_columns(left: list[str], right: list[str], gutter: int = 4) -> list[str]:
    width = max(len(line) for line in left)
    return [f"{a:<{width}}{' ' * gutter}{b}".rstrip() for a, b in zip(left, right)]


LEFT = ["一二三四五六七八九十甲乙", "丙丁戊己庚辛壬癸子丑寅卯", "辰巳午未申酉戌亥天地玄黄",
        "宇宙洪荒日月盈昃辰宿列张", "寒来暑往秋收冬藏闰余成岁"]
RIGHT = ["律吕调阳云腾致雨露结为霜", "金生丽水玉出昆冈剑号巨阙", "珠称夜光果珍李柰菜重芥姜",
         "海咸河淡鳞潜羽翔龙师火帝", "鸟官人皇始制文字乃服衣裳"]


def test_headline_across_both_columns_opens_a_band():
    headline = ["    推位让国有虞陶唐吊民伐罪周发殷汤坐朝问道"]
    page = _two_columns(LEFT, RIGHT) * 2 + headline + _two_columns(RIGHT, LEFT) * 2
    bands = find_bands(page)
    assert [(b.start, b.end, bool(b.gutters)) for b in bands] == [
        (0, 10, True), (10, 11, False), (11, 21, True)]
    split = split_columns(page)
    assert split[:len(LEFT)] == LEFT
    assert split.index(headline[0].strip()) == 2 * len(LEFT) + 2 * len(RIGHT) + 2


def test_justified_type_is_no_gutter():
    # One space between every character is justification, not a gutter.
    column = [" ".join(line) for line in LEFT + RIGHT] * 2
    assert split_columns(column) is None


def test_short_aligned_list_is_left_alone():
    table = ["姓名      单位", "张三      人民日报", "李四      光明日报", "王五      经济日报"]
    assert split_columns(table) is None
