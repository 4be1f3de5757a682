"""The cluster index: its settings and mappings, one versioned body built from the field table.

Three kinds of field, mirroring the local index:

- `folded.<field>` for every searchable field (title, kicker, subtitle, author, paper,
  body): newsgrep's own folded text (`normalize.fold`), analysed into single characters
  by an `ngram` tokenizer with min_gram = max_gram = 1 and no `token_chars` (which means
  keep every character: spaces between Latin words, punctuation, digits all become
  tokens; nothing is split away, lower-cased or stemmed). Token i is character i, at
  position i, so a `match_phrase` of the folded query (analysed the same way, slop 0) is
  true exactly where the query is a substring of the field: the local store's
  `bytes.find`. Authors are an array; the gap Lucene puts between the values of an array
  (`position_increment_gap`, 100) keeps a phrase from running across two names, as the
  store's separator does.
- `folded.sheet` and `folded.page`, on a page's first record only: the page's whole
  folded text, and each text of its records that a bare term searches (an array, kept
  apart by the same gap). A bare term is also true for that record where the sheet holds
  it and no value of `page` does: what the local index finds on a page's sheet (a credit
  line, a jump marker, a word split between two records). They roughly double the index
  (1.9 times on a quarter of the benchmark corpus).
- `words.<word field>` (title, body): the jieba words newsgrep's ranking uses
  (`segments.ranking_words`), space-joined and split again by a `whitespace` analyser, for
  BM25. Fields sharing a word field and its boost come from `newsgrep.fields`.
- Every exported field (`printers.jsonlines.full_fields`) as it is exported: keywords for
  ids, paths, papers and authors; integers for pages; `date` a keyword, because the query
  language compares dates as strings by prefix (see `translate.date_range`), with a
  `date.calendar` date sub-field for date histograms. Texts are kept in `_source` only.

`MAPPING_VERSION` goes up with any change here or in how documents are built; `push`
refuses an index made with another version.
"""
from __future__ import annotations

from newsgrep import fields
from newsgrep.versions import ANALYSER_VERSION

MAPPING_VERSION = 3
DEFAULT_INDEX = "newsgrep"
CHAR_ANALYZER = "newsgrep_chars"
WORD_ANALYZER = "newsgrep_words"
# Per path: a hash of the file (and sidecar) plus the analyser and mapping versions, so
# a file is pushed again when it changes or when newsgrep would read it differently.
SOURCE_HASH = "source_hash"
# On a page's first record: the whole page, folded (`folded.sheet`), and every text of the
# page's records a bare term searches (`folded.page`, one a value): a bare term that the
# page holds and none of its records does matches that record, as in the local index.
SHEET = "sheet"
PAGE_RECORDS = "page"
# Per document: how many documents its file has. A file whose held documents number
# fewer (a push cut short between two bulk requests) is pushed again.
SOURCE_COUNT = "source_documents"

# How each exported field (printers.jsonlines.full_fields) is kept, and each Article
# attribute an export may grow. A new export field must be added here (a document with a
# field the mapping lacks is refused: `dynamic: strict`); tests/test_cluster.py checks.
_KEYWORD = {"type": "keyword"}
_INTEGER = {"type": "integer"}
_STORED_TEXT = {"type": "text", "index": False}
EXPORTED_FIELDS: dict[str, dict] = {
    "id": _KEYWORD,
    "kind": _KEYWORD,
    "path": _KEYWORD,
    "title": _STORED_TEXT,
    "kicker": _STORED_TEXT,
    "subtitle": _STORED_TEXT,
    "authors": _KEYWORD,
    "paper": _KEYWORD,
    "date": {"type": "keyword",
             "fields": {"calendar": {"type": "date", "format": "strict_date",
                                     "ignore_malformed": True}}},
    "page": _INTEGER,
    "page_label": _KEYWORD,
    "issue": _INTEGER,
    "continued_from": _INTEGER,
    "continued_to": _INTEGER,
    "ordinal": _INTEGER,
    "encoding": _KEYWORD,
    "body": _STORED_TEXT,
}


def folded_field(name: str) -> str:
    """The cluster field holding a searchable field's folded text."""
    return f"folded.{name}"


def words_field(word_field: str) -> str:
    """The cluster field holding a word field's jieba words."""
    return f"words.{word_field}"


def build_settings(shards: int | None = None, replicas: int | None = None) -> dict:
    settings: dict = {
        "analysis": {
            "tokenizer": {
                "newsgrep_char": {"type": "ngram", "min_gram": 1, "max_gram": 1,
                                  "token_chars": []},
            },
            "analyzer": {
                # No filters: the text arrives folded, and must stay character for character.
                CHAR_ANALYZER: {"type": "custom", "tokenizer": "newsgrep_char", "filter": []},
                WORD_ANALYZER: {"type": "custom", "tokenizer": "whitespace", "filter": []},
            },
        },
    }
    if shards is not None:
        settings["number_of_shards"] = shards
    if replicas is not None:
        settings["number_of_replicas"] = replicas
    return settings


def build_mappings() -> dict:
    folded = {name: {"type": "text", "analyzer": CHAR_ANALYZER,
                     "index_options": "positions",
                     "norms": False}  # matching only: never scored
              for name in (*fields.MATCHED_FIELDS, SHEET, PAGE_RECORDS)}
    words = {name: {"type": "text", "analyzer": WORD_ANALYZER} for name in fields.WORD_FIELDS}
    return {
        "dynamic": "strict",  # a misspelt document field fails the push, not the search
        "_meta": {"newsgrep": {"mapping_version": MAPPING_VERSION,
                               "analyser_version": ANALYSER_VERSION,
                               "word_boosts": dict(fields.WORD_FIELDS)}},
        "properties": {
            **EXPORTED_FIELDS,
            SOURCE_HASH: _KEYWORD,
            SOURCE_COUNT: _INTEGER,
            "folded": {"properties": folded},
            "words": {"properties": words},
        },
    }


def build_index_body(shards: int | None = None, replicas: int | None = None) -> dict:
    """What `PUT /<index>` takes: settings and mappings."""
    return {"settings": build_settings(shards, replicas), "mappings": build_mappings()}


def build_index_template(pattern: str, shards: int | None = None,
                         replicas: int | None = None) -> dict:
    """The same as a composable index template (`PUT _index_template/newsgrep`), for
    clusters where indexes are made by pattern (one per year, say)."""
    return {"index_patterns": [pattern], "version": MAPPING_VERSION,
            "_meta": {"newsgrep_mapping_version": MAPPING_VERSION},
            "template": build_index_body(shards, replicas)}


def mapping_version_of(mappings: dict) -> int | None:
    """The newsgrep mapping version recorded in an index's mappings, if any."""
    return mappings.get("_meta", {}).get("newsgrep", {}).get("mapping_version")
