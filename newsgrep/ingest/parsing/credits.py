"""A credit's grammar: which role words (记者, 本报记者, 通讯员, 文/图, 摄 …) and person names make one,
and the names it gives. Names are told from words by evidence: a role word beside them, a mark, or for
bare names a common surname; jieba's tagger is asked only about a surname-less name glued to its role.
"""
from __future__ import annotations

import re

from newsgrep.ingest.parsing.cleanup import simplified

# Traditional forms of the characters in our role words that the shared fold leaves as
# they are ('特約記者', '駐港記者', '版式設計'); one for one, so offsets still hold.
_ROLE_T2S = str.maketrans("約網傳設計統籌審駐並", "约网传设计统筹审驻并")


def fold(text: str) -> str:
    """The text as role words and names are matched: simplified, one character for one."""
    return simplified(text).translate(_ROLE_T2S)


# 单姓 and 复姓: general knowledge about Chinese names, used only where no role word
# vouches for a name (bare names, or a name glued to its role: 记者张三报道).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章"
    "鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉"
    "骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼"
    "盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云"
    "容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉"
    "银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由萧黔")
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 端木 轩辕 西门"
    " 南宫 独孤 百里 呼延 申屠 澹台 公冶 宗政 濮阳 太史 仲孙 钟离 闻人 万俟 赫连 拓跋".split())

# Role words, longest first so 本报记者 wins over 记者. An agency prefix (新华社, 人民日报)
# is part of the role, not a name.
ROLE = (r"(?:(?:本报|本刊|新华社|中新社|中新网|人民日报|[\u4e00-\u9fff]{1,4}(?:日报|晚报|时报|报社|电视台|报|新闻|客户端))?"
         r"(?:特派|特约|首席|见习|实习|学生|摄影|融媒体?|全媒体|驻[\u4e00-\u9fff]{1,4})?(?:记者|通讯员)"
         r"|(?:本报|本刊|特约|特邀)?评论员|读者|实习生|作者|撰稿|撰文|整理|采写|口述|责任编辑|编辑|美编|校对|摄影|摄像|制图|供图"
         r"|文[·・/／]?图|图[·・/／]?文|文[·・/／]?摄|文并[摄图]|图并文|文|图|摄)")
ROLE_AT = re.compile(ROLE)
ROLE_WORD = re.compile(r"记者|通讯员|实习生|摄影|撰文|文[·・/／]|图[·・/／]|[文图摄][:：]")
_ROLE_ONLY = re.compile(rf"(?:{ROLE}|报道|报导)+")
_SUFFIX = re.compile(r"(?:摄影报道|报道|报导|文[/／]摄|文[/／]图|图[/／]文|摄影|摄|供图|整理|撰稿)$")
MARKS = "■□▲●◆★☆◎"
OPEN_BRACKETS, CLOSE_BRACKETS = "（([【〔［", "）)]】〕］"
_PLACE_CLAUSE = re.compile(r"\s*[/／]\s*[\u4e00-\u9fff]{1,6}(?:报道|报导)$")
_LISTED_REPORTER = re.compile(r"、([\u4e00-\u9fff·]{2,12}?)(报道|报导)$")
_REPORTED_FROM = re.compile(r"[\u4e00-\u9fff]{2,4}(?:报道|报导)")
_SENT_FROM = re.compile(r"(?:发自|发于|来自)[\u4e00-\u9fff]{2,8}")
_SEPARATORS = re.compile(r"[\s、/／|｜:：■□▲●◆★☆◎]+")
# Names listed with commas ('记者 陈博建，赵阳'): a comma in a credit, where every name then
# needs a surname, since a comma is what a sentence is made of.
_COMMA = re.compile(r"[，,]")
# '来源：新闻客户端　作者：黎萍': a source is no author; the 作者 after it is.
_SOURCE_CLAUSE = re.compile(r"^(?:来源|稿源|出处)\s*[:：]\s*\S+")
_SENTENCE_PUNCT = re.compile(r"[，,。；;！!？?“”\"《》]")
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}(?:[·・][\u4e00-\u9fff]{1,8}){1,2}$")
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,3}$")
# Characters common in words and rare in given names: a 'name' holding one is a phrase.
_NOT_IN_NAMES = set("的了是在与对为将把被从也都就要说称表示据这那们个讯")
# '和' is common in given names ('宋媛和', '莫和政') but opens no name: '张三和李四' is two.
_NOT_FIRST_IN_NAMES = _NOT_IN_NAMES | {"和"}


def has_surname(name: str) -> bool:
    """Does the name start with a common surname (单姓 or 复姓)?"""
    s = fold(name)
    return s[:2] in COMPOUND_SURNAMES or s[:1] in SURNAMES


# A role word, a paper's lead or a reporting place is never a name ('本版编辑', '新京报讯').
_NOT_A_NAME = re.compile(r"记者|读者|评论员|来信|来稿|通讯|编辑|责编|美编|校对|设计|讯$|报$|网$|社$|报道|报导|本报|本版")


def is_name(token: str, strict: bool) -> bool:
    if _LATIN_NAME.match(token):
        return not strict
    folded = fold(token)
    dotted = "·" in token or "・" in token  # '巴图·孟和', '迪丽努尔·阿布都': transliterated, any characters
    if not _CJK_NAME.match(token) or _NOT_A_NAME.search(folded):
        return False
    if "某" in folded:
        return False  # '张某智': a party to the story, its name withheld
    # A four-character name a role word vouches for may be transliterated ('阿布都拉'):
    # only its ends must look like a name's.
    inner = folded[-1] if not strict and len(folded) == 4 else folded[1:]
    if not dotted and (folded[0] in _NOT_FIRST_IN_NAMES or set(inner) & _NOT_IN_NAMES):
        return False
    return not strict or "·" in token or "・" in token or has_surname(token)


def _is_bare_name(name: str) -> bool:
    """A name no role word vouches for ('■傅新', '（王小月）'): a surname and two or three
    characters; four only with a compound surname ('■温情服务' is a sub-head)."""
    if not is_name(name, strict=True):
        return _tagged_name(name)  # '■格桑卓玛': a name with no surname, which the tagger knows
    return len(name) <= 3 or "·" in name or "・" in name or fold(name)[:2] in COMPOUND_SURNAMES


def _split_glued(run: str) -> list[str] | None:
    """'张三李四' (two names the column wrap glued): split where both parts take surnames."""
    joined = run.find("和", 2)
    if joined > 0 and is_name(run[:joined], strict=True) and is_name(run[joined + 1:], strict=True):
        return [run[:joined], run[joined + 1:]]  # '张三和李四': 和 joins two names
    if is_name(run, strict=True) and (len(run) <= 3 or not _two_names(run)):
        return [run]
    for cut in (2, 3, 4) if run[:2] in COMPOUND_SURNAMES else (2, 3):  # '慕容敏婷史俊峰'
        head, tail = run[:cut], run[cut:]
        if is_name(head, strict=True) and len(tail) >= 2:
            rest = _split_glued(tail)
            if rest:
                return [head, *rest]
    return None


def _two_names(run: str) -> bool:
    """A four-character run reads as two names when both halves start with a surname."""
    return len(run) == 4 and run[:2] not in COMPOUND_SURNAMES and has_surname(run[2:]) \
        and has_surname(run[:2])


_MEDIA = re.compile(r"[\u4e00-\u9fff]{2,6}(?:报|网|台|社|新闻|客户端)")
_CITING = re.compile(r"(?:根据|依据|据)")


def parse_credit(text: str, bare_ok: bool = False) -> tuple[str, ...] | None:
    """Names credited by `text`, or None when it is not a credit.

    Every piece must be a role word, a 报道/摄 suffix or a name. Without a role word the
    names must start with common surnames and `bare_ok` must say the context vouches
    (a mark, a bracket closing the body).
    """
    folded = fold(text.strip().strip(MARKS).strip())
    commas = bool(_COMMA.search(folded))
    folded = _COMMA.sub("、", folded)
    if not folded or _SENTENCE_PUNCT.search(folded.replace("（", "").replace("）", "")):
        return None
    folded = _SOURCE_CLAUSE.sub("", folded.strip(OPEN_BRACKETS + CLOSE_BRACKETS)).strip()
    if _CITING.match(folded):
        return None  # '根据媒体报道，周世峰、王宇等…': a source the text cites, no credit
    # '記者高國／高雄報導', '記者X、Y／綜合報導': after the slash, where it was reported from.
    folded = _PLACE_CLAUSE.sub("", folded)
    # '熱依拉·買合木提、付靜報道': after 、 comes another name, never the place it was filed from.
    folded = _LISTED_REPORTER.sub(r"、\1 \2", folded)
    names: list[str] = []
    has_role = False
    tokens = _join_spaced_names([t for t in _SEPARATORS.split(folded) if t.strip(OPEN_BRACKETS + CLOSE_BRACKETS)])
    if len(tokens) >= 2 and _MEDIA.fullmatch(tokens[0]) and ROLE_AT.match(tokens[1]):
        tokens = tokens[1:]  # '钱江晚报/紫牛新闻记者 罗丹': the paper, then its reporter
    role_next = len(tokens) >= 2 and bool(_ROLE_ONLY.fullmatch(tokens[1].strip(OPEN_BRACKETS + CLOSE_BRACKETS)))
    if len(tokens) >= 2 and _place(tokens[0].strip(OPEN_BRACKETS + CLOSE_BRACKETS), shortest=2 if role_next else 4):
        tokens = tokens[1:]  # '湖南岳阳  袁丽亮', '（江西九江 汤芳莉）': a signature, place first
    for token in tokens:
        if names and (_REPORTED_FROM.fullmatch(token) or _SENT_FROM.fullmatch(token)):
            continue  # '钱旭华 杭州报道', '张三 发自北京': after the names, where they reported from
        pieces = credit_pieces(token)
        if pieces is None:
            return None
        role, found = pieces
        has_role |= role
        names.extend(found)
    if not names or commas and not all(is_name(n, strict=True) for n in names):
        return None
    if not has_role and not (bare_ok and all(_is_bare_name(n) for n in names)
                             and len(names) == len(tokens)):
        return None  # bare names stand apart: '■强化监管执法' is no '强化监' + '管执法'
    original = originals(text, folded, names)
    return tuple(dict.fromkeys(original))


def _place(token: str, shortest: int = 4) -> bool:
    """'四川绵阳' before '读者 龙霞飞': a letter's signature names where its writer lives,
    and a place is no name (jieba tags most of it ns). Asked of a credit's first token of
    four characters or more only, so jieba loads only for such a token."""
    if len(token) < shortest:
        return False
    from newsgrep.ingest.parsing.words import tagged  # loads jieba
    # Most of it, not all: jieba cuts '湖南岳阳' as 湖/ns 南岳/ns 阳/nr.
    return sum(len(w) for w, flag in tagged(token) if flag == "ns") >= 0.7 * len(token)


_INNER_ROLE = re.compile(r"(?:本报|本刊)?(?:特派|特约|首席|见习|实习|摄影)?(?:记者|通讯员)|实习生|摄影|读者")


def credit_pieces(token: str) -> tuple[bool, list[str]] | None:
    """(has a role, names) of one space-free token ('记者张三报道' → (True, ['张三'])).

    A column wrap can glue a name to the next role ('彭胜通讯员'): the token is then cut
    before the inner role word and read in parts.
    """
    found = _token_pieces(token)
    if found is not None:
        return found
    inner = _INNER_ROLE.search(token, 2)
    if not inner:
        return None
    head, tail = _token_pieces(token[:inner.start()]), credit_pieces(token[inner.start():])
    if tail is not None and tail[0] and not (head and head[0]) and _place(token[:inner.start()], shortest=2):
        head = (False, [])  # '武汉读者杨佳丹': where the reader lives, then the role
    if head is None or tail is None:
        return None
    return head[0] or tail[0], head[1] + tail[1]


def _token_pieces(token: str) -> tuple[bool, list[str]] | None:
    token = token.strip(OPEN_BRACKETS + CLOSE_BRACKETS)
    if not token:
        return False, []
    if _ROLE_ONLY.fullmatch(token):
        return True, []
    role = False
    m = ROLE_AT.match(token)
    if m and m.group() in "文图摄" and is_name(token, strict=True) and len(token) <= 3:
        return False, [token]  # '文刚', '文梅磊': a surname, not 文 glued to a name
    if m and m.end() < len(token):
        role, token = True, token[m.end():]
    glued = role
    suffix = _SUFFIX.search(token)
    if suffix and suffix.start() >= 2:
        token, glued = token[:suffix.start()], True
        if suffix.group().startswith("报") and not is_name(token, strict=True) \
                and not (role and _tagged_name(token)):
            return True, []  # the place it was reported from: 西安报道
    if is_name(token, strict=glued) and not (glued and _two_names(token)):
        return role, [token]
    if role and _tagged_name(token):
        return role, [token]  # '记者次仁多吉': no surname, but the dictionary knows the name
    split = _split_glued(token)
    return (role, split) if split else None


def _tagged_name(token: str) -> bool:
    """Does jieba's dictionary tag the whole token as a person's name ('次仁多吉', '格桑旺姆')?
    Asked only of a name glued to its role word that the surname table does not know: the
    tagger calls common words names too ('文明'), so a role word must vouch as well."""
    if not is_name(token, strict=False) or len(token) < 3:
        return False
    from newsgrep.ingest.parsing.words import tagged  # loads jieba: only for such names

    return all(flag in ("nr", "nrt", "nrfg") for _, flag in tagged(token))


def _join_spaced_names(tokens: list[str]) -> list[str]:
    """A two-character name spaced out to the width of a three-character one ('通讯员 龙 明'):
    a lone surname and the lone character after it are one name."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        pair = tokens[i:i + 2]
        if len(pair) == 2 and all(len(t) == 1 and "\u4e00" <= t <= "\u9fff" for t in pair) and has_surname(pair[0]):
            out.append(pair[0] + pair[1])
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


def originals(text: str, folded: str, names: list[str]) -> list[str]:
    """Names as the page prints them (folding kept offsets, so find them there)."""
    flat = fold(text)
    out = []
    for name in names:
        at = flat.find(name)
        out.append(text[at:at + len(name)] if at >= 0 else name)
    return out
