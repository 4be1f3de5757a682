"""Text cleaning shared by every stage of the parser: spacing, wraps, widths, sentence ends.

Also the one place that folds traditional characters for matching: rules are written in
simplified Chinese and look at `simplified(line)`, while the output keeps the page's text.
"""
from __future__ import annotations

import re

_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0\u2002-\u200b]+")
_ASCII_WORD = re.compile(r"[0-9A-Za-z%.+\-/&'$#@]")

TERMINAL = "。！？!?；;…"
CLOSERS = "”’」』）)》〉】\"'"
CONTINUING = "，,、：:—-（(“「《"


def keep_space(before: str, after: str) -> bool:
    """A space survives only between two Latin/digit tokens ("Jonathan Mitchell")."""
    return bool(_ASCII_WORD.match(before)) and bool(_ASCII_WORD.match(after))


def clean_text(text: str) -> str:
    """Collapse layout spacing: drop spaces next to Chinese, keep one between Latin words."""
    def fix(m: re.Match) -> str:
        s, e = m.start(), m.end()
        if s == 0 or e == len(text):
            return ""
        return " " if keep_space(text[s - 1], text[e]) else ""
    return _SPACE_RUN.sub(fix, text).strip()


# Marks a page sets before a headline or an item of a column ('●南宁城管开展水上执法',
# '■难题如何破解'): type, not words.
HEAD_MARKS = "■□◆◇●○★☆▲△◎▶►"


def unmarked(line: str) -> str:
    """The line without the mark it opens with, or the 【】 it is set in."""
    s = line.strip().lstrip(HEAD_MARKS).lstrip()
    if s.startswith("【") and s.endswith("】") and s.count("【") == 1:
        s = s[1:-1].strip()
    return s


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines of one paragraph.

    A wrap between two Latin words keeps a space; any other wrap (CJK, and digits broken
    by the column: '待游客1' / '442万') joins with nothing, as the printed line did.
    """
    out = ""
    for line in lines:
        line = clean_text(line)
        if not line:
            continue
        if out and keep_space(out[-1], line[0]) and out[-1].isalpha() and line[0].isalpha():
            out += " "
        out += line
    return out


def width(line: str) -> float:
    """Printed width in em: Chinese characters 1, ASCII 0.5. Long lines are only 'long'.

    Justification spaces ('在城市 交 通、市 际交通') take no width of their own: the line
    fills the same measure as its neighbours.
    """
    s = clean_text(line) if " " in line.strip() or "\u3000" in line.strip() else line.strip()
    if len(s) > 80:
        return float(len(s))
    return len(s) - 0.5 * sum(1 for c in s if c < "\u1100")


def ends_sentence(text: str) -> bool:
    """True when the text ends a sentence (closing quotes and brackets looked through)."""
    t = text.rstrip().rstrip(CLOSERS)
    return bool(t) and t[-1] in TERMINAL


def ends_open(text: str) -> bool:
    """True when the text visibly continues: a trailing comma, dash, opening quote."""
    t = text.rstrip()
    return bool(t) and t[-1] in CONTINUING


# Traditional forms of the characters our rules and name tables look at. A one-to-one
# table (not opencc) keeps string offsets valid, costs no import, and covers what the
# rules match: role words, openers, jumps, headers and common surnames.
_TRADITIONAL = (
    "報記訊通訊員實習見攝轉編輯責導電稿華東區國經濟廣視臺灣門長寧陽農曆週禮號總聞時間"
    "開發們來說為會過還與關義專題務業體產術學際評論對應讀圖趙錢孫馮陳衛蔣鄭韓楊許呂張孔"
    "嚴華魯韋馬鳳蘇範葉劉龍賀龔萬覃戴顧譚陸盧鍾蕭鄧謝黃湯羅傅賈廖夏邱鄒閻薛雷湯莊聶"
    "湯劉車項連蘆麥婁竇戚賴龐樊蔡鮑喬鄔閔閭歐陽諸葛司徒軒轅獨孫長鄺鄲邊晉蕭齊貝聯營"
    "屆張頭條獨家環鄉鎮縣區團協議僅據稱據報導綜訂吳溫顏紀費駱簡饒樂雲匯餘閆緊續"
)
_SIMPLIFIED = (
    "报记讯通讯员实习见摄转编辑责导电稿华东区国经济广视台湾门长宁阳农历周礼号总闻时间"
    "开发们来说为会过还与关义专题务业体产术学际评论对应读图赵钱孙冯陈卫蒋郑韩杨许吕张孔"
    "严华鲁韦马凤苏范叶刘龙贺龚万覃戴顾谭陆卢钟萧邓谢黄汤罗傅贾廖夏邱邹阎薛雷汤庄聂"
    "汤刘车项连芦麦娄窦戚赖庞樊蔡鲍乔邬闵闾欧阳诸葛司徒轩辕独孙长邝郸边晋萧齐贝联营"
    "届张头条独家环乡镇县区团协议仅据称据报导综订吴温颜纪费骆简饶乐云汇余闫紧续"
)
_T2S = str.maketrans(_TRADITIONAL, _SIMPLIFIED)


def simplified(text: str) -> str:
    """The text with the traditional characters our rules know folded, same length."""
    return text.translate(_T2S)
