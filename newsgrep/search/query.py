"""The query language: text a user types -> a small tree of match conditions.

Syntax (Whoosh's): space-separated terms must all match; AND, OR, NOT (also in lower
case), `-term` to exclude, parentheses;
"quoted phrases" (also “Chinese quotes”); fields `title:` `author:` `paper:` `date:`
`page:` `body:` `kicker:` `subtitle:` with Chinese names (标题 作者 报纸 日期 版面 正文 引题
副题; the table in newsgrep.fields has them all) and either colon (`标题：华为`); ranges
`date:[2023-09 TO 2023-12]`.

A hand-written parser rather than Whoosh's: Whoosh silently drops what it cannot parse
(an unclosed quote, a stray bracket), and a search tool must say so instead of answering
some other question. Terms are folded here exactly as article text is folded.
"""
from __future__ import annotations

import re
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


class QuerySyntaxError(QueryError):
    def __init__(self, message: str):
        super().__init__(f"bad query: {message}")


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
    low: int | None
    high: int | None


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


def _tokens(text: str) -> list[_Token]:
    tokens, i = [], 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char == "(":
            tokens.append(_Token("lparen"))
            i += 1
        elif char == ")":
            tokens.append(_Token("rparen"))
            i += 1
        elif char in QUOTES:
            end = text.find(QUOTES[char], i + 1)
            if end == -1:
                raise QuerySyntaxError(f"unclosed quote {char}: add the closing {QUOTES[char]}")
            tokens.append(_Token("phrase", text[i + 1:end]))
            i = end + 1
        elif char == "[":
            end = text.find("]", i + 1)
            if end == -1:
                raise QuerySyntaxError("unclosed range [: write it as [2023-09 TO 2023-12]")
            tokens.append(_Token("range", text[i + 1:end]))
            i = end + 1
        elif char == "]":
            raise QuerySyntaxError("] without [: write a range as [2023-09 TO 2023-12]")
        elif _excludes(text, i):
            tokens.append(_Token("op", "NOT"))  # -手机: rg and web search's exclusion
            i += 1
        else:
            i = _word_or_field(text, i, tokens)
    return tokens


def _excludes(text: str, i: int) -> bool:
    """A '-' that opens a term (華為 -手机, -"手机", -title:手机) excludes it."""
    starts_term = i == 0 or text[i - 1].isspace() or text[i - 1] == "("
    follows = text[i + 1:i + 2]
    return text[i] == "-" and starts_term and bool(follows) and not follows.isspace() \
        and follows not in "-)"


def _word_or_field(text: str, i: int, tokens: list[_Token]) -> int:
    prefix = _FIELD_PREFIX.match(text, i)
    if prefix and _LATIN_NAME.fullmatch(prefix.group(1)) \
            and prefix.group(1).lower() not in FIELD_NAMES:
        raise QuerySyntaxError(_unknown_field(prefix.group(1), text[i:].split()[0]))
    if prefix and prefix.group(1).lower() in FIELD_NAMES:
        field = FIELD_NAMES[prefix.group(1).lower()]
        tokens.append(_Token("field", field))
        after = prefix.end()
        if after >= len(text) or text[after].isspace() or text[after] == ")":
            raise QuerySyntaxError(f"{prefix.group(0)} needs a value, as in {prefix.group(0)}华为")
        return after
    end = i
    while end < len(text) and not text[end].isspace() and text[end] not in '()"“”[]':
        end += 1
    word = text[i:end]
    # and/or/not in lower case are operators too: quote them ("or") to search the words.
    if word.upper() in OPERATORS:
        tokens.append(_Token("op", word.upper()))
    else:
        tokens.append(_Token("word", word))
    return end


def _unknown_field(name: str, written: str) -> str:
    import difflib

    known = sorted({f for f in FIELD_NAMES.values()})
    close = difflib.get_close_matches(name.lower(), known, n=1)
    hint = f"did you mean {close[0]}:? " if close else ""
    return (f"unknown field {name}: {hint}fields are {', '.join(known)} (or quote it, "
            f"\"{written}\", to search for the text)")


# Parsing --------------------------------------------------------------------------------

class _Parser:
    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
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
                raise QuerySyntaxError(") without (: remove it or add the opening (")
            raise QuerySyntaxError(f"unexpected {token.value or token.kind}")
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
                raise QuerySyntaxError(f"{token.value} needs a term before and after it")
            raise QuerySyntaxError(f"a term is missing {where}; quote operators to search "
                                   "for them as words (\"OR\")")
        self.take()
        if token.kind == "lparen":
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise QuerySyntaxError(f"parentheses nested more than {MAX_NESTING} deep: "
                                       "write the query flatter")
            node = self.or_expr(field)
            if self.peek() is None or self.peek().kind != "rparen":
                raise QuerySyntaxError("unclosed (: add the closing )")
            self.take()
            self.depth -= 1
            return node
        if token.kind == "field":
            if field is not None:
                raise QuerySyntaxError("a field inside another field's value")
            if self.peek() is None:
                raise QuerySyntaxError(f"{token.value}: needs a value")
            return self.primary(token.value, None)
        if token.kind == "range":
            return _range(field, token.value)
        return _condition(field, token.value)

    def _at_op(self, name: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "op" and token.value == name


def _condition(field: str | None, value: str):
    kind = fields.kind_of(field)
    if kind == fields.DATE:
        low, high = _date_bounds(value)
        return DateRange(low, high)
    if kind == fields.PAGE:
        number = _page_number(value)
        return PageRange(number, number)
    folded = fold(value)
    return Text(folded, field) if folded else Everything()


def _range(field: str | None, value: str):
    parts = re.split(r"\s+TO\s+|^TO\s+|\s+TO$|^TO$", value.strip())
    if len(parts) != 2:
        raise QuerySyntaxError(f"range [{value}] should read [LOW TO HIGH]")
    low, high = (p.strip() or None for p in parts)
    kind = fields.kind_of(field)
    if kind == fields.DATE:
        return DateRange(low and _date_bounds(low)[0], high and _date_bounds(high)[1])
    if kind == fields.PAGE:
        return PageRange(low and _page_number(low), high and _page_number(high))
    raise QuerySyntaxError("ranges work on date: and page:, as in date:[2023-09 TO 2023-12]")


def _date_bounds(value: str) -> tuple[str, str]:
    match = _DATE.match(value.strip())
    if not match:
        raise QuerySyntaxError(f"date {value!r}: write 2023, 2023-12 or 2023-12-19")
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12 or day and not 1 <= int(day) <= 31:
        raise QuerySyntaxError(f"date {value!r} does not exist")
    text = year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if day else "")
    return text, text


def _page_number(value: str) -> int:
    digits = value.strip().lstrip("第").rstrip("版")
    if not digits.isdigit():
        raise QuerySyntaxError(f"page {value!r}: write a page number, as in page:4")
    return int(digits)


def parse_query(text: str):
    """The condition tree of a query; QuerySyntaxError says what to fix."""
    bad = _SURROGATE.search(text)
    if bad:
        raise QuerySyntaxError(f"the query holds bytes that are not UTF-8 (at character "
                               f"{bad.start() + 1}): type it in UTF-8")
    tokens = _tokens(text)
    terms = sum(1 for t in tokens if t.kind in ("word", "phrase", "range"))
    if terms > MAX_TERMS:
        raise QuerySyntaxError(f"{terms} terms is more than the {MAX_TERMS} a query may "
                               "hold: search for fewer")
    if not tokens:
        raise QuerySyntaxError("the query is empty: give a word to search for")
    tree = _Parser(tokens).parse()
    if isinstance(tree, Everything):
        raise QuerySyntaxError("nothing searchable is left of the query once invisible "
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
