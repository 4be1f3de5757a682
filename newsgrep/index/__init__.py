"""Stage 2, index: `Article`s in, an index folder out (see FORMAT.md beside this file).

`build` runs it: `changes` finds what changed in the corpus and `plan` gathers what did not
into stretches carried over as blocks (worked out in a forked process while the run starts:
`prefetch`), `records` reads each file into articles and folded fields (a big file in a
process of its own while the indexing process takes them: `read_ahead`), `segments` writes
them as a Whoosh segment (jieba words from `analysis`, for ranking) and a store shard
(`store`, for exact matching), `workers` runs segments in parallel processes, `assembly`
merges shards into the new generation's store, and `generations` publishes it atomically.
`whoosh_private` holds every use of Whoosh's private API; `schema` and `store` take their
fields from `newsgrep.fields`.
"""
