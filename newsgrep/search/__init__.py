"""Stage 3, search: query text in, ranked `Hit`s out.

`query` parses the query language, `searcher` matches it exactly on the store and ranks
with Whoosh, `highlight` places match spans, `jumps` joins the parts of jumped stories.
"""
