"""Bylines: where a page prints its credits, and the names each one gives.

A credit is role words (记者, 本报记者, 通讯员, 实习生, 文/图, 摄 …) and person names in
any order, maybe bracketed, maybe marked (■), with 报道/摄 suffixes. It stands on its own
line, follows an opener (本报讯（记者 张三）, 本报北京3月4日电（记者 张三）, any paper's 讯:
新京报讯 记者X, 【大公報訊】大公報記者X報道：, 香港文匯報訊（記者 X）), stands in a bracket
with the place it was filed from (〔記者X／台北報導〕), or closes the body (……制定的。（记者
王小月）). A credit may wrap over lines; a mark may part role from name (报道●张三), commas
may list the names, and a web repost's 作者 counts while its 来源 does not. The page's
production credits (责任编辑, 美编, 校对, （责编：X）) are no story's authors. Whether words
are a credit, and whose names they give, is the grammar in credits.py; this module finds
where a credit stands: a line of its own, a caption, a story's first or last words.
"""
from __future__ import annotations

import re

from newsgrep.ingest.parsing.cleanup import TERMINAL, CLOSERS, ends_sentence, simplified
# ROLE_WORD and parse_credit are read from here too (units, records, the package).
from newsgrep.ingest.parsing.credits import (CLOSE_BRACKETS, MARKS, OPEN_BRACKETS, ROLE, ROLE_AT, ROLE_WORD, credit_pieces,
                                            fold, is_name, originals, parse_credit)


def parse_byline(text: str) -> tuple[str, ...]:
    """Names in a byline: '■记者 汤顺佳 文/摄' -> ('汤顺佳',); '■封辰霏 宗禾' -> both.

    Returns () when the text is no credit (a truncated '■记者 陈', a sentence).
    """
    return parse_credit(text, bare_ok=True) or ()


def byline_line(line: str) -> tuple[str, ...] | None:
    """The names of a line that is a credit and nothing else, else None.

    A role word makes any line a credit ('本报记者 张三', '文/张三 图/李四'); bare names
    need a mark ('■傅新') or a bracket around the whole line ('（王小月）').
    """
    s = line.strip()
    if s.startswith("——") and ROLE_AT.search(fold(s)):
        s = s.lstrip("—").strip()  # '——武汉读者杨佳丹': a letter signed under its last line
    if not s or len(s) > 60 or page_credit(s):
        return None
    if sum(s.count(c) for c in OPEN_BRACKETS) != sum(s.count(c) for c in CLOSE_BRACKETS):
        return None  # the rest of a bracket opened on the line above ('谢梅英 许敏 记者 杨伟梅）')
    marked = s[0] in MARKS
    bracketed = s[0] in OPEN_BRACKETS and s[-1] in CLOSE_BRACKETS
    if bracketed and (s.count("（") + s.count("(") > 1):
        return None
    names = parse_credit(s, bare_ok=marked or bracketed)
    return names or None


# A photo caption opens by pointing at its picture ('图为…', '上图：…', '（图）…', '资料图片')
# and may end with the photographer's credit ('图为活动现场。 记者 杜娜 摄'). It describes a
# picture, so it is no paragraph of the story; its photographer is one of the story's authors.
_CAPTION_OPENER = re.compile(r"^\s*[▲△↑]?\s*(?:图为|[上下左右中]图[:：为]?|图\s*[:：]|[（(]图[）)]|资料图片?|图片\s*[:：])")
# An arrow pointing up at the picture opens a caption too, when a photo credit ends it
# ('▲参赛选手在比赛中。 记者 余艳波 摄').
_CAPTION_ARROW = re.compile(r"^\s*[▲△↑]")
_PHOTO_SUFFIX = re.compile(r"(?:摄影?|供图)\s*[）)]?\s*$")
# A caption is a line or two; a paragraph that opens with '图为' and runs on is text.
_CAPTION_MAX = 80


def _credited_picture(t: str, s: str) -> bool:
    """One short sentence that a photo credit closes ('游客在景区游览。 方然英 摄',
    '施工人员在项目现场作业。（孟萱海摄）'): a caption with no word pointing at its picture."""
    if len(s) > 50 or not _PHOTO_SUFFIX.search(s):
        return False
    cut = max(s.rfind(c) for c in "。！？（(")
    sentence = s[:cut + 1].rstrip("（( ")
    # A picture's caption is one plain clause; a story's last paragraph over its photo
    # credit runs on in clauses ('但如此这般，…只怕是hold不住。本报记者 万杰琪摄').
    return 0 < cut <= 25 and sentence.count("。") == 1 and sentence.endswith("。") and not re.search(r"[，,；;]", sentence) \
        and bool(parse_credit(t[cut + 1:].strip(" ）)"), bare_ok=True))


def ends_with_photo_credit(line: str) -> bool:
    """Does the line close with a photo credit's suffix ('… 余玲俊 摄', '（X摄）', 攝 too)?"""
    return bool(_PHOTO_SUFFIX.search(simplified(line)))


def caption_credit(text: str) -> tuple[str, ...] | None:
    """A photo caption's credited names (() when it credits no one), or None when `text` is
    no caption."""
    t = text.strip()
    s = fold(t)
    # Without a credit, only a short statement ('△工作人员正在进行检查。'): a line behind an
    # arrow that asks or exclaims is a brief's title ('△生肖鸡，…还在等什么?').
    arrow = _CAPTION_ARROW.match(s) and (_PHOTO_SUFFIX.search(s) or len(s) <= 30 and s.rstrip()[-1:] == "。")
    if len(s) > _CAPTION_MAX or not (_CAPTION_OPENER.match(s) or arrow or _credited_picture(t, s)):
        return None
    if not _PHOTO_SUFFIX.search(s):
        return () if ends_sentence(s) or len(s) <= 30 else None
    # The credit is what follows the caption's last sentence end or its last bracket.
    cut = max(s.rfind(c) for c in "。！？（(：:")
    return parse_credit(t[cut + 1:].strip(" ）)"), bare_ok=True) or ()


# The page's production credits: editors, layout, proofreading. Never a story's authors.
_EDITORIAL = (r"(?:本版|本期)?(?:责任|美术|图片|文字|值班|见习|摄影)?编辑|本版责编|责编|美编|校对|版式设计|版式|组版"
              r"|照排|审读|设计|制图|统筹")
_PAGE_CREDIT = re.compile(rf"^(?:{_EDITORIAL})\s*[:：]?")


def page_credit(line: str) -> bool:
    """'责任编辑：何建军　版式设计：周', '本版编辑 王小红 美编 李强': editorial roles and
    names only (the last name may be cut off by the page's edge)."""
    folded = fold(line.strip().strip(MARKS).strip())
    if folded[:1] in OPEN_BRACKETS and folded[-1:] in CLOSE_BRACKETS:
        folded = folded[1:-1].strip()  # '（责编：郑子）' closing a web repost
    if not _PAGE_CREDIT.match(folded):
        return False
    for token in re.split(r"[\s:：、|｜/／·]+", folded):
        rest = re.sub(rf"^(?:{_EDITORIAL})", "", token)
        if rest and not re.fullmatch(r"[\u4e00-\u9fff]{1,4}", rest):
            return False
    return True


# Openers that start a story: 本报讯, 【本报讯】, 本报北京3月4日电, 新华社北京3月4日电.
# A PDF extraction may space the digits out ('本报10月 21 日讯', '新华社武汉 9 月 14 日电').
_DATELINE = r"[\u4e00-\u9fff]{0,8}?\s?\d{1,2}\s?月\s?\d{1,2}\s?日\s?(?:电|讯)"
# Any paper's lead: 本报讯, 新京报讯, 钱江晚报讯, 【大公報訊】, 香港文匯報訊, 【明報專訊】, and short
# names (南都讯) when a space, bracket or role word follows: '通讯录', '资讯显示' are words.
_PAPER_LEAD = (r"[\u4e00-\u9fff]{1,6}(?:报|刊|网|社)(?:专讯|讯)"
               r"|[\u4e00-\u9fff]{2,3}(?:专讯|讯)(?=[\s（(【〔]|$|记者|实习生|通讯员|特约)")
OPENER = re.compile(
    rf"^\s*[【\[〔]?\s*(?:{_PAPER_LEAD}|(?:本报|本刊|新华社|中新社|中新网|人民网|新华网|央视网|人民日报)?{_DATELINE}"
    r"|(?:新华社|中新社)[\u4e00-\u9fff]{2,6}电"
    # A wire story's lead: '据新华社电', '据中新社北京3月5日电', '据法新社报道'.
    r"|据[\u4e00-\u9fff]{2,8}?社(?:[\u4e00-\u9fff]{0,6}\d{0,2}月?\d{0,2}日?)?电)\s*[】\]〕]?")
_LEAD_BRACKET = re.compile(r"^\s*[（(【\[〔]([^（()）【】\[\]〔〕]{2,40})[）)】\]〕]")
# '本报记者 张三 报道', '大公報記者陳志強報道：' (the colon goes with the credit).
_CITED_SOURCE = re.compile(r"据[\u4e00-\u9fff]{0,8}(?:报道|报导)$")
_LEAD_WORDS = re.compile(rf"^\s*((?:{ROLE})\s*[\u4e00-\u9fff·、\s]{{2,30}}?(?:报道|报导))\s*[:：]?")


def split_opener_credit(text: str, breaks: list[int] = ()) -> tuple[str, tuple[str, ...]]:
    """Take the credit out of a story's first words; the opener itself stays in the text.

    '本报讯（记者 张三 通讯员 李四）为…' → ('本报讯为…', ('张三', '李四'));
    '本报讯 记者张三报道 为…', '（记者 张三）本报讯…' and '本报记者 张三 报道 …' too.
    `breaks`: where the page's line breaks fell in `text`; a credit may end at one.
    """
    folded = fold(text)
    m = OPENER.match(folded)
    start = m.end() if m else 0
    rest = folded[start:]
    for pattern, bare in ((_LEAD_BRACKET, bool(m)), (_LEAD_WORDS, False)):
        c = pattern.match(rest)
        if not c or (pattern is _LEAD_WORDS and _CITED_SOURCE.search(c.group(1))):
            continue  # '…覃晗海 据外媒报道，': the body's first words cite a source, no '报道' credit
        names = parse_credit(text[start + c.start(1):start + c.end(1)], bare_ok=bare)
        if names:
            return (text[:start].rstrip() + " " + text[start + c.end():].lstrip()).strip(), names
    if m:
        return _split_spaced_credit(text, start, breaks)
    return text, ()


def _split_spaced_credit(text: str, start: int, breaks: list[int] = ()) -> tuple[str, tuple[str, ...]]:
    """'本报讯 记者 张三 通讯员 李四 两个月前…': the credit is the run of space-separated
    role words and names after the opener, up to the first word that is neither. A line
    break inside a word may be where the credit ended ('记者许达' / '本周…')."""
    words = list(re.finditer(r"[^\s、]+", text[start:]))
    end, names, pieces = start, [], []
    for w in words[:10]:
        word, cut = w.group(), False
        inside = [b - start - w.start() for b in breaks if start + w.start() < b < start + w.end()]
        if inside and credit_pieces(fold(word)) is None:
            word, cut = word[:inside[0]], True
        folded = fold(word)
        found = credit_pieces(folded)
        if found is None or (not pieces and not found[0]) or (cut and not found[0]) \
                or not all(is_name(n, strict=True) for n in found[1]):
            break  # the body begins (or no role word leads: not a credit)
        pieces.append(found)
        names.extend(originals(word, folded, found[1]))
        end = start + w.start() + len(word)
        if cut:
            break
    if not names:
        return text, ()
    return (text[:start].rstrip() + " " + text[end:].lstrip()).strip(), tuple(dict.fromkeys(names))


_TRAILING = re.compile(r"[（(【\[]([^（()）【】\[\]]{2,40})[）)】\]]\s*$")
# '……制定的。 記者 陳大文 報道': a role word after the last sentence, no bracket or mark.
_TRAILING_WORDS = re.compile(rf"(?<=[{TERMINAL}”’])(\s*)((?:{ROLE})[^。！？!?，,；;”“]{{2,36}})$")
_CREDIT_END = re.compile(r"(?:报道|报导|摄影?|供图)$")
_TRAILING_MARK = re.compile(r"[■□◆★]([^■□◆★]{1,40})$")


def split_trailing_credit(text: str) -> tuple[str, tuple[str, ...]]:
    """'……统一制定的。（记者 王小月）' → ('……统一制定的。', ('王小月',)); also '。 ■记者 X'
    and '。 記者 陳大文 報道'."""
    m = _TRAILING_MARK.search(text)
    if m and (m.start() == 0 or text[m.start() - 1] in " \u3000" + TERMINAL + CLOSERS):
        names = parse_credit(m.group(), bare_ok=True)
        if names:
            return text[:m.start()].rstrip(), names
    m = _TRAILING_WORDS.search(fold(text))
    if m and (m.group(1) or _CREDIT_END.search(m.group(2).rstrip())):
        names = parse_credit(text[m.start(2):])  # spaced off, or closed by 报道: no sentence's words
        if names:
            return text[:m.start()].rstrip(), names
    m = _TRAILING.search(text)
    if m and m.start() > 0 and text[:m.start()].rstrip()[-1:] in TERMINAL + CLOSERS.replace("）", "").replace(")", "") \
            and not OPENER.fullmatch(fold(text[:m.start()]).rstrip()):  # '【本报讯】（记者 X）' opens
        names = parse_credit(m.group(1), bare_ok=True)
        if names:
            return text[:m.start()].rstrip(), names
    return text, ()
