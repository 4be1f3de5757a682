"""newsgrep: full-text search for Chinese newspaper archives.

    import newsgrep
    newsgrep.build_index(["seeds"], "index")
    with newsgrep.open_index("index") as ix:
        for hit in ix.search("华为", limit=10):
            print(hit.article.title, hit.score)

The pipeline, one package per stage: `ingest` (page files → articles), `index` (articles →
an index folder), `search` (query → hits); `printers` and `cli` sit on top of `api`.
Names load on first use, so `import newsgrep` costs nothing until one is needed.
"""

__version__ = "0.1.0"

__all__ = [
    "build_index", "open_index", "Index", "Results", "Summary",
    "Article", "Hit", "Span",
    "NewsgrepError", "QueryError", "ArgumentError", "IndexMissing", "IndexDamaged",
    "IndexIncompatible", "IndexClosed", "ArticleNotFound", "ExitStatus",
    "parse_page",
]

_HOMES = {
    "build_index": "newsgrep.api", "open_index": "newsgrep.api", "Index": "newsgrep.api",
    "Results": "newsgrep.api", "Summary": "newsgrep.index.build",
    "Article": "newsgrep.models", "Hit": "newsgrep.models", "Span": "newsgrep.models",
    "NewsgrepError": "newsgrep.errors", "QueryError": "newsgrep.errors",
    "ArgumentError": "newsgrep.errors", "IndexClosed": "newsgrep.errors",
    "IndexMissing": "newsgrep.errors", "IndexDamaged": "newsgrep.errors",
    "IndexIncompatible": "newsgrep.errors", "ArticleNotFound": "newsgrep.errors",
    "ExitStatus": "newsgrep.errors",
    "parse_page": "newsgrep.ingest.parsing",
}


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'newsgrep' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
