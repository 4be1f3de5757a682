"""The Whoosh schema: one document per article, jieba words for BM25F ranking.

Word fields keep frequencies, not positions: phrases and substrings are matched exactly by
the article store, so positions would only make the index bigger and slower to write.
"""
from whoosh import fields
from whoosh.scoring import BM25F

from newsgrep.index.analysis import WordTokenizer

TITLE_BOOST = 3.0


def build_schema() -> fields.Schema:
    words = WordTokenizer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        path=fields.ID(),
        title=fields.TEXT(analyzer=words, phrase=False, field_boost=TITLE_BOOST),
        body=fields.TEXT(analyzer=words, phrase=False),
    )


def build_scorer() -> BM25F:
    return BM25F()
