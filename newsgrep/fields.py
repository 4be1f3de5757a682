"""The searchable fields of an article, in one table that every stage reads.

Each row says what a field is called (in queries, English and Chinese), whether a bare
query term looks in it, how the index keeps it, how much its words weigh in Whoosh's BM25F,
and how much an exact match in it weighs in newsgrep's ranking (newsgrep.search.ranking):

    field     kind     query names           default  store          Whoosh words     rank (b)
    title     text     标题 题目 題目 标题名   yes      folded blob    title (boost 3)  20 (1.0)
    kicker    text     引题                   yes      folded blob    body             15 (1.0)
    subtitle  text     副题 副标题             yes      folded blob    body             10 (1.0)
    author    text     authors 作者 记者       yes      folded blob    body              3 (0)
    paper     text     报纸 报                 no       blob + column  -                 1 (0)
    body      text     正文                   yes      folded blob    body              1 (0.75)
    date      date     日期                   -        column         -                -
    page      page     版面 版                 -        column         -                -
    id, path  keyword  (not in queries)       -        column         Whoosh ID field  -
    sheet     text     (not in queries)       fallback folded blob  -                -

`sheet` is a page's whole text, folded as one (kept with the page's first record):
what no record of the page holds on its own (a credit line, a jump marker, a string
running from a headline into its opener) is found there, so that a bare term finds every
page grep would find in the folded file (`Searcher.matching`). It is stored compressed
and posts only its seams, the grams no record answers (`newsgrep/index/sheets.py`).

Matching is exact, on the folded blobs and columns of the article store; the Whoosh
words only rank. Imports nothing heavy, so the query parser and `--help` stay quick.
"""
from __future__ import annotations

from dataclasses import dataclass

# Kinds: how a query value for the field is read, and what it is matched against.
TEXT = "text"        # a folded substring of the field's blob
DATE = "date"        # a date or date range, against the date column
PAGE = "page"        # a page number or range, against the page column
KEYWORD = "keyword"  # an exact Whoosh term (the article's id, its file's path); not in queries


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()  # other names a query may use (`标题：华为`)
    default: bool = False          # searched by a query term that names no field
    folded: bool = False           # kept as folded text in the store, one blob per field
    column: bool = False           # kept as a value per article in the store's columns
    words: str | None = None       # the Whoosh field its jieba words rank in, if any
    boost: float = 1.0             # BM25F weight of that Whoosh field (fields sharing it agree)
    rank_weight: float = 0.0       # BM25F weight of an exact match in this field (0: none)
    length_b: float = 0.0          # BM25 length normalisation of this field (0: none, 1: full)
    attribute: str = ""            # the Article attribute it is read from (default: name)
    hidden: bool = False           # no query names it; matched only as a bare term's fallback

    @property
    def source(self) -> str:
        return self.attribute or self.name

    @property
    def queryable(self) -> bool:
        return self.kind != KEYWORD and not self.hidden


FIELDS: tuple[Field, ...] = (
    # Headlines weigh most: one title match outweighs any number of body matches; their
    # length counts in full (the shorter the headline, the more the match is its subject).
    Field("title", TEXT, ("标题", "题目", "題目", "标题名"), default=True, folded=True,
          words="title", boost=3.0, rank_weight=20.0, length_b=1.0),
    Field("kicker", TEXT, ("引题",), default=True, folded=True, words="body",
          rank_weight=15.0, length_b=1.0),
    Field("subtitle", TEXT, ("副题", "副标题"), default=True, folded=True, words="body",
          rank_weight=10.0, length_b=1.0),
    # Authors are one text, joined by AUTHOR_SEPARATOR, so no match runs across two names.
    Field("author", TEXT, ("authors", "作者", "记者"), default=True, folded=True,
          words="body", attribute="authors", rank_weight=3.0),
    Field("paper", TEXT, ("报纸", "报"), folded=True, column=True, rank_weight=1.0),
    Field("body", TEXT, ("正文",), default=True, folded=True, words="body",
          rank_weight=1.0, length_b=0.75),
    # The whole page, folded as one: a bare term's fallback (see the module docstring).
    Field("sheet", TEXT, folded=True, attribute="page_text", hidden=True),
    Field("date", DATE, ("日期",), column=True),
    Field("page", PAGE, ("版面", "版"), column=True),
    Field("id", KEYWORD, column=True, words="id"),
    Field("path", KEYWORD, column=True, words="path"),
)

FIELD_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
# Every name a query may put before a colon -> the field it means (looked up lower-cased).
QUERY_NAMES: dict[str, str] = {alias: f.name for f in FIELDS if f.queryable
                               for alias in (f.name, *f.aliases)}
# Fields with a folded-text blob in the store: what a text condition can match.
SEARCH_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.folded)
# The same without hidden fields: what a query can name, and what a cluster is sent.
MATCHED_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.folded and not f.hidden)
# Fields whose text is the page's own (not the paper's name, which may come from a
# sidecar): a match in them must be printed on the page (see models.Article.unprinted).
PRINTED_FIELDS: tuple[str, ...] = ("title", "kicker", "subtitle", "author", "body")
# The hidden field of a page's whole text: a bare term found there and in no record of
# the page matches the page's first record.
SHEET_FIELD = "sheet"
# The fields an unqualified term searches.
DEFAULT_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.default)
# Whoosh fields of jieba words, in ranking order, with their BM25F boosts.
WORD_FIELDS: dict[str, float] = {f.words: f.boost for f in FIELDS
                                 if f.kind == TEXT and f.words}
# Text fields whose exact matches rank, with their BM25F weights.
RANK_WEIGHTS: dict[str, float] = {f.name: f.rank_weight for f in FIELDS
                                  if f.kind == TEXT and f.rank_weight}
# Whoosh ID fields: exact terms, one per article.
KEYWORD_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind == KEYWORD)
# The Whoosh term that names an article, and the one that names its file (for deleting a
# file's articles); both are also store columns.
ARTICLE_KEY = "id"
FILE_KEY = "path"
# Per-article values in the store's columns (a file each): the column fields, and what a hit needs
# beside them (its place on the page, its jump links).
COLUMNS: tuple[str, ...] = (*(f.name for f in FIELDS if f.column),
                            "ordinal", "continued_from", "continued_to", "unprinted",
                            "page_label")
# Between two authors in the author field: folding removes control characters, so no query
# can match across it.
AUTHOR_SEPARATOR = "\x01"
TITLE_BOOST = FIELD_BY_NAME["title"].boost


def kind_of(name: str | None) -> str:
    """The kind of a query condition's field (None, a bare term: text)."""
    return TEXT if name is None else FIELD_BY_NAME[name].kind


def fields_ranking_into(word_field: str) -> tuple[str, ...]:
    """The text fields whose words go into one Whoosh word field, in table order."""
    return tuple(f.name for f in FIELDS if f.kind == TEXT and f.words == word_field)


def word_fields_for(name: str | None) -> tuple[str, ...]:
    """The Whoosh word fields that rank a text condition on `name` (None: a bare term)."""
    names = DEFAULT_FIELDS if name is None else (name,)
    wanted = {FIELD_BY_NAME[n].words for n in names}
    return tuple(w for w in WORD_FIELDS if w in wanted)
