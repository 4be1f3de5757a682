"""Stage 2, index: `Article`s in, an index folder out (see FORMAT.md beside this file).

`analysis` segments text with jieba for ranking, `store` keeps each field's folded text for
exact matching, `schema` is the Whoosh side, `generations` publishes each build atomically,
and `build` drives it all: what changed, workers, publishing.
"""
