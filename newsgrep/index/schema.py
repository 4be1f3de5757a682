"""The Whoosh schema: one document per article, jieba words for BM25F ranking.

Built from the field table (newsgrep.fields): an ID field per keyword field (the article's
id, unique and kept in a column for the docmap; its file's path, for deleting a file's
articles), and a word field per ranking field, with its boost. Word fields keep
frequencies, not positions: phrases and substrings are matched exactly by the article
store, so positions would only make the index bigger and slower to write. Nothing is
stored: the id column is all the docmap reads (a stored copy cost 4% of whoosh/, pickled).
Segments are written with newsgrep's codec (`codec.py`, `whoosh_private.segment_writer`).
"""
from whoosh import fields as whoosh_fields
from whoosh.scoring import BM25F

from newsgrep import fields
from newsgrep.index.analysis import WordTokenizer

TITLE_BOOST = fields.TITLE_BOOST  # kept for its importers


def build_schema() -> whoosh_fields.Schema:
    words = WordTokenizer()
    spec = {}
    for name in fields.KEYWORD_FIELDS:
        key = name == fields.ARTICLE_KEY
        spec[name] = whoosh_fields.ID(unique=key, sortable=key)
    for name, boost in fields.WORD_FIELDS.items():
        spec[name] = whoosh_fields.TEXT(analyzer=words, phrase=False, field_boost=boost)
    return whoosh_fields.Schema(**spec)


def build_scorer() -> BM25F:
    return BM25F()
