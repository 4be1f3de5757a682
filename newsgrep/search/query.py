"""The query language: text a user types -> a small tree of match conditions.

Syntax (Whoosh's): space-separated terms must all match; AND, OR, NOT (also in lower
case), `-term` to exclude, parentheses;
"quoted phrases" (also “Chinese quotes”); fields `title:` `author:` `paper:` `date:`
`page:` `body:` `kicker:` `subtitle:` with Chinese names (标题 作者 报纸 日期 版面 正文 引题
副题; the table in newsgrep.fields has them all) and either colon (`标题：华为`); ranges
`date:[2023-09 TO 2023-12]`, open ones `[2023 TO]`, written as comparisons too
(`date:>=2023`, `page:<4`). A prefix search is the term itself (`华为*` is `华为`): every
term already matches inside longer text.

A hand-written parser rather than Whoosh's: Whoosh silently drops what it cannot parse
(an unclosed quote, a stray bracket), and a search tool must say so instead of answering
some other question. Syntax opens only where a term starts: a bracket or quote inside a
word is its text, as pasted headlines print them (本报讯(记者, [图]北麓, 海能”总经理).
Terms are folded here exactly as article text is folded.
"""
from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass

from newsgrep import fields
from newsgrep.errors import QueryError
from newsgrep.normalize import fold

# Every field name a query may use (English and Chinese) -> the field: from the field table.
FIELD_NAMES = fields.QUERY_NAMES
OPERATORS = {"AND", "OR", "NOT"}
QUOTES = {'"': '"', "“": "”", "”": "”", "「": "」"}
_FIELD_PREFIX = re.compile(r"([^\s:：()\"“”\[\]]+)[:：]")
# A name before a colon that can only be meant as a field (titel:华为), not text (比分3：1).
_LATIN_NAME = re.compile(r"[A-Za-z_]{2,}")
# Beyond these a query is not something a person typed: refuse it with a clear line
# rather than recurse (nesting) or spend seconds (thousands of terms).
MAX_NESTING = 100
MAX_TERMS = 1000
_SURROGATE = re.compile("[\ud800-\udfff]")
_DATE = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?$")
# `date:>=2023`, `page:<4`: a comparison before a date or page (also ≥ ≤ and full width).
_COMPARISON = re.compile(r"^(>=|<=|>|<)(.*)$")
_COMPARISON_FORMS = str.maketrans({"＞": ">", "＜": "<", "＝": "=", "≥": ">=", "≤": "<="})
# A page as printed: 4, 第4版, A4 (a section's page: A1 and B1 are different pages).
_PAGE = re.compile(r"^\s*第?\s*([A-Za-z])?\s*(\d{1,4})\s*[版页]?\s*$")


def _bad(message: str) -> QueryError:
    """The error for a query that cannot be read: what is wrong and what to type."""
    return QueryError(f"bad query: {message}")


# The name this module's error had; it is the documented `QueryError` itself.
QuerySyntaxError = QueryError


# The tree -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    """Folded text that must occur in `field` (None: any default field)."""
    text: str
    field: str | None = None


@dataclass(frozen=True)
class DateRange:
    """Dates compared on their first len(bound) characters; None is an open end."""
    low: str | None
    high: str | None


@dataclass(frozen=True)
class PageRange:
    """Page numbers low..high (None: an open end); with `section`, only that section's
    pages (page:A1 is not page B1)."""
    low: int | None
    high: int | None
    section: str | None = None


def page_accepts(bounds: PageRange, page: int | None, label: str | None = None) -> bool:
    """Does an article on `page` (printed as `label`, e.g. 'A3') fall in `bounds`?"""
    if page is None:
        return False
    if bounds.section is not None and (label or "")[:1].upper() != bounds.section:
        return False
    return (bounds.low is None or page >= bounds.low) and \
        (bounds.high is None or page <= bounds.high)


@dataclass(frozen=True)
class And:
    parts: tuple


@dataclass(frozen=True)
class Or:
    parts: tuple


@dataclass(frozen=True)
class Not:
    part: object


@dataclass(frozen=True)
class Everything:
    """What a condition becomes when nothing searchable is left of it (e.g. only
    zero-width characters): it matches every article."""


# Lexing ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Token:
    kind: str   # word, phrase, range, field, op, lparen, rparen
    value: str = ""
    at: int = 0  # where it starts in the query (for a stray parenthesis's hint)


def _tokens(text: str) -> list[_Token]:
    tokens, i = [], 0
    pasted = [0]  # parentheses opened as text inside a word, not yet closed
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char == "(":
            tokens.append(_Token("lparen", at=i))
            i += 1
        elif char == ")":
            tokens.append(_Token("rparen", at=i))
            i += 1
        elif char in QUOTES:
            end = text.find(QUOTES[char], i + 1)
            if end == -1:
                raise _bad(f"unclosed quote {char}: add the closing {QUOTES[char]}")
            tokens.append(_Token("phrase", text[i + 1:end]))
            i = end + 1
        elif char == "[" and _opens_range(text, i, tokens):
            end = text.find("]", i + 1)
            if end == -1:
                raise _bad("unclosed range [: write it as [2023-09 TO 2023-12]")
            tokens.append(_Token("range", text[i + 1:end]))
            i = end + 1
        elif char == "]":
            raise _bad("] without [: write a range as [2023-09 TO 2023-12]")
        elif _excludes(text, i):
            tokens.append(_Token("op", "NOT"))  # -手机: rg and web search's exclusion
            i += 1
        else:
            i = _word_or_field(text, i, tokens, pasted)
    return tokens


def _opens_range(text: str, i: int, tokens: list[_Token]) -> bool:
    """A '[' opens a range after a field (date:[…]) or around a TO; else it is text, as in
    a pasted headline's `[图]` or `[热事件]`."""
    if tokens and tokens[-1].kind == "field":
        return True
    end = text.find("]", i + 1)
    return re.search(r"(?<!\S)TO(?!\S)", text[i + 1:end if end != -1 else len(text)]) is not None


def _excludes(text: str, i: int) -> bool:
    """A '-' that opens a term (華為 -手机, -"手机", -title:手机) excludes it."""
    starts_term = i == 0 or text[i - 1].isspace() or text[i - 1] == "("
    follows = text[i + 1:i + 2]
    return text[i] == "-" and starts_term and bool(follows) and not follows.isspace() \
        and follows not in "-)"


def _word_or_field(text: str, i: int, tokens: list[_Token], pasted: list[int]) -> int:
    prefix = _FIELD_PREFIX.match(text, i)
    if prefix and _LATIN_NAME.fullmatch(prefix.group(1)) \
            and prefix.group(1).lower() not in FIELD_NAMES:
        raise _bad(_unknown_field(prefix.group(1), text[i:].split()[0]))
    if prefix and prefix.group(1).lower() in FIELD_NAMES:
        field = FIELD_NAMES[prefix.group(1).lower()]
        tokens.append(_Token("field", field))
        after = prefix.end()
        if after >= len(text) or text[after].isspace() or text[after] == ")":
            raise _bad(f"{prefix.group(0)} needs a value, as in {prefix.group(0)}华为")
        return after
    end = _word_end(text, i, pasted)
    word = text[i:end]
    # and/or/not in lower case are operators too: quote them ("or") to search the words.
    if word.upper() in OPERATORS:
        tokens.append(_Token("op", word.upper()))
    else:
        tokens.append(_Token("word", word))
    return end


def _word_end(text: str, i: int, pasted: list[int]) -> int:
    """Where the word starting at `i` ends. Brackets and quotes inside a word are its text,
    as pasted headlines print them (本报讯(记者, 小额贷款【私人], 海能”总经理): syntax opens
    only where a term starts. A ')' closes a parenthesis opened inside a word (本报讯(记者
    张雯)) as text; any other ')' ends the word and closes a group. `_tokens` reads what
    opens a term (a quote, a '(') before calling here, so every word has a character."""
    end = i
    while end < len(text) and not text[end].isspace():
        char = text[end]
        if char == ")":
            if not pasted[0]:
                break
            pasted[0] -= 1
        elif char == "(":
            pasted[0] += 1
        end += 1
    return end


def _quote_hint(text: str, at: int) -> str:
    """For a parenthesis pasted as text (本报讯(记者): the words around it, quoted, which
    search for it as printed. Nothing when they hold a quote already."""
    start, end = at, at
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    chunk = text[start:end]
    if any(q in chunk for q in (*QUOTES, *QUOTES.values())):
        return ""
    return f', or quote it, "{chunk}", to search for the text'


def _unstarred(word: str) -> str:
    """A term without a trailing `*`: a prefix search (华为*) finds what the term finds,
    since every term already matches inside longer text. Elsewhere `*` is text (*ST康美)."""
    return word.rstrip("*") or word


def _unknown_field(name: str, written: str) -> str:
    import difflib

    known = sorted({f for f in FIELD_NAMES.values()})
    close = difflib.get_close_matches(name.lower(), known, n=1)
    hint = f"did you mean {close[0]}:? " if close else ""
    return (f"unknown field {name}: {hint}fields are {', '.join(known)} (or quote it, "
            f"\"{written}\", to search for the text)")


# Parsing --------------------------------------------------------------------------------

class _Parser:
    def __init__(self, tokens: list[_Token], text: str):
        self.tokens = tokens
        self.text = text
        self.i = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self):
        node = self.or_expr(None)
        if self.peek() is not None:
            token = self.peek()
            if token.kind == "rparen":
                raise _bad(") without (: remove it or add the opening ("
                           + _quote_hint(self.text, token.at))
            raise _bad(f"unexpected {token.value or token.kind}")
        return node

    def or_expr(self, field):
        parts = [self.and_expr(field)]
        while self._at_op("OR"):
            self.take()
            parts.append(self.and_expr(field, after="OR"))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self, field, after: str | None = None):
        parts = [self.unary(field, after)]
        while (token := self.peek()) is not None and token.kind != "rparen" \
                and not self._at_op("OR"):
            if self._at_op("AND"):
                self.take()
                parts.append(self.unary(field, "AND"))
            else:
                parts.append(self.unary(field, None))
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self, field, after: str | None):
        negations = 0
        while self._at_op("NOT"):  # a loop, not recursion: NOT NOT … may be long
            self.take()
            negations, after = negations + 1, "NOT"
        node = self.primary(field, after)
        return Not(node) if negations % 2 else node

    def primary(self, field, after: str | None):
        token = self.peek()
        if token is None or token.kind == "rparen" or token.kind == "op":
            where = f"after {after}" if after else "here"
            if token is not None and token.kind == "op":
                raise _bad(f"{token.value} needs a term before and after it")
            raise _bad(f"a term is missing {where}; quote operators to search "
                                   "for them as words (\"OR\")")
        self.take()
        if token.kind == "lparen":
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise _bad(f"parentheses nested more than {MAX_NESTING} deep: "
                                       "write the query flatter")
            node = self.or_expr(field)
            if self.peek() is None or self.peek().kind != "rparen":
                raise _bad("unclosed (: add the closing )" + _quote_hint(self.text, token.at))
            self.take()
            self.depth -= 1
            return node
        if token.kind == "field":
            if field is not None:
                raise _bad("a field inside another field's value")
            if self.peek() is None:
                raise _bad(f"{token.value}: needs a value")
            return self.primary(token.value, None)
        if token.kind == "range":
            return _range(field, token.value)
        if token.kind == "word" and fields.kind_of(field) != fields.PAGE:  # page:1*: 1, 10…?
            return _condition(field, _unstarred(token.value))
        return _condition(field, token.value)

    def _at_op(self, name: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "op" and token.value == name


def _condition(field: str | None, value: str):
    kind = fields.kind_of(field)
    if kind in (fields.DATE, fields.PAGE):
        compared = _COMPARISON.match(value.translate(_COMPARISON_FORMS))
        if compared:
            return _compared(field, kind, compared.group(1), compared.group(2))
    if kind == fields.DATE:
        low, high = _date_bounds(value)
        return DateRange(low, high)
    if kind == fields.PAGE:
        number, section = _page_value(value)
        return PageRange(number, number, section)
    folded = fold(value)
    return Text(folded, field) if folded else Everything()


def _compared(field: str, kind: str, op: str, value: str):
    """`date:>=2023`, `page:<4`: the open range [2023 TO], [TO 3]. A strict comparison
    moves the bound one step past the value, in the value's own unit (a year, a month, a
    day, a page)."""
    if not value:
        raise _bad(f"{field}:{op} needs a value, as in {field}:{op}"
                   + ("2023" if kind == fields.DATE else "4"))
    if kind == fields.DATE:
        low, high = _date_bounds(value)
        if op == ">=":
            return DateRange(low, None)
        if op == "<=":
            return DateRange(None, high)
        if op == ">":
            return DateRange(_date_step(high, 1), None)
        return DateRange(None, _date_step(low, -1))
    number, section = _page_value(value)
    if op == "<" and number <= 1:
        raise _bad(f"page:<{value} finds nothing: pages start at 1")
    low = {">=": number, ">": number + 1}.get(op)
    high = {"<=": number, "<": number - 1}.get(op)
    return PageRange(low, high, section)


def _range(field: str | None, value: str):
    parts = re.split(r"\s+TO\s+|^TO\s+|\s+TO$|^TO$", value.strip())
    if len(parts) != 2:
        raise _bad(f"range [{value}] should read [LOW TO HIGH]")
    low, high = (p.strip() or None for p in parts)
    kind = fields.kind_of(field)
    if kind == fields.DATE:
        bounds = DateRange(low and _date_bounds(low)[0], high and _date_bounds(high)[1])
        width = min(len(bounds.low or ""), len(bounds.high or ""))
        if width and bounds.low[:width] > bounds.high[:width]:
            raise _backwards(value, low, high)
        return bounds
    if kind == fields.PAGE:
        (first, first_section), (last, last_section) = (
            _page_value(p) if p else (None, None) for p in (low, high))
        if low and high and first_section != last_section:
            raise _bad(f"range [{value}] spans two sections: a page range stays within one, "
                       f"as in [A1 TO A4] (B1 is another section's page 1)")
        if first is not None and last is not None and first > last:
            raise _backwards(value, low, high)
        return PageRange(first, last, first_section or last_section)
    raise _bad("ranges work on date: and page:, as in date:[2023-09 TO 2023-12]")


def _backwards(value: str, low: str, high: str) -> QueryError:
    return _bad(f"range [{value}] runs backwards, so nothing is in it: "
                f"write the lower end first, [{high} TO {low}]")


def _date_bounds(value: str) -> tuple[str, str]:
    match = _DATE.match(value.strip())
    if not match:
        raise _bad(f"date {value!r}: write 2023, 2023-12 or 2023-12-19 "
                   "(or a range: date:>=2023, date:[2023-09 TO 2023-12])")
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12 or day and not 1 <= int(day) <= 31:
        raise _bad(f"date {value!r} does not exist")
    text = year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if day else "")
    return text, text


def _date_step(bound: str, step: int) -> str:
    """The year, month or day after (step 1) or before (step -1) `bound`, in its unit."""
    year, month, day = (int(part) for part in (bound + "-0-0").split("-")[:3])
    if len(bound) == 10:
        try:
            last = calendar.monthrange(year, month)[1]
            if day > last:  # 2023-02-31 matches nothing: what lies around it is the month's end
                day, step = last, max(step, 0)
            return (datetime.date(year, month, day) + datetime.timedelta(days=step)).isoformat()
        except (OverflowError, ValueError):  # before 0001-01-01 or after 9999-12-31
            return _out_of_dates(bound, step)
    if len(bound) == 7:
        year, month = divmod(year * 12 + month - 1 + step, 12)
        moved = f"{year:04d}-{month + 1:02d}"
    else:
        year += step
        moved = f"{year:04d}"
    return moved if 1 <= year <= 9999 else _out_of_dates(bound, step)


def _out_of_dates(bound: str, step: int) -> str:
    raise _bad(f"nothing is dated {'after' if step > 0 else 'before'} {bound}: "
               f"use date:{'>=' if step > 0 else '<='}{bound}")


def _page_value(value: str) -> tuple[int, str | None]:
    """A page as printed: its number and, when it has one, its section letter
    (`4`, `第4版`, `A1`, `b12`, `Ａ３` -> (1, "A"))."""
    match = _PAGE.match(unicodedata.normalize("NFKC", value))
    if not match:
        raise _bad(f"page {value!r}: write a page number, as in page:4 (or page:A4 for a "
                   "section's page, page:>=4, page:[1 TO 4])")
    section = match.group(1).upper() if match.group(1) else None
    return int(match.group(2)), section


def parse_query(text: str):
    """The condition tree of a query; QuerySyntaxError says what to fix."""
    bad = _SURROGATE.search(text)
    if bad:
        raise _bad(f"the query holds bytes that are not UTF-8 (at character "
                               f"{bad.start() + 1}): type it in UTF-8")
    tokens = _tokens(text)
    terms = sum(1 for t in tokens if t.kind in ("word", "phrase", "range"))
    if terms > MAX_TERMS:
        raise _bad(f"{terms} terms is more than the {MAX_TERMS} a query may "
                               "hold: search for fewer")
    if not tokens:
        raise _bad("the query is empty: give a word to search for")
    tree = _Parser(tokens, text).parse()
    if isinstance(tree, Everything):
        raise _bad("nothing searchable is left of the query once invisible "
                               "characters are removed: give a word to search for")
    return tree


def positive_texts(node) -> list[Text]:
    """The text conditions that must or may match (not under NOT): what to highlight and
    rank by."""
    if isinstance(node, Text):
        return [node]
    if isinstance(node, (And, Or)):
        return [t for part in node.parts for t in positive_texts(part)]
    return []
