#!/usr/bin/env python3
"""The stock pipeline newsgrep is measured against: Whoosh + jieba as jieba documents it.

One Whoosh document per article (title and body through `jieba.analyse.ChineseAnalyzer`,
both stored), a `QueryParser` on the body, the top 10 hits with `hit.highlights("body")`,
printed as plain text. Nothing here is tuned; that is the point of a baseline.

    python benchmarks/stock.py build CORPUS_DIR [--index DIR]
    python benchmarks/stock.py query QUERY [--index DIR] [-n 10]
"""
import argparse
import os
import shutil
import sys
from pathlib import Path

DEFAULT_INDEX = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) \
    / "newsgrep-bench" / "stock-index"


def split_articles(text: str):
    """Yield (title, body) pairs from a corpus file: title line, blank line, body, blank line.

    This is the naive reading of the corpus format. A body that itself contains a blank
    line (23 of the 7,353 articles do) shifts the pairing for the rest of that file; the
    text indexed is the same either way, so the workload stays comparable.
    """
    blocks = text.split("\n\n")
    if blocks and not blocks[-1].strip():
        blocks.pop()
    for i in range(0, len(blocks), 2):
        title = blocks[i].strip()
        body = blocks[i + 1].strip() if i + 1 < len(blocks) else ""
        yield title, body


def build_schema():
    # Imported here so `--help` stays fast; jieba's documentation uses exactly this schema shape.
    from jieba.analyse import ChineseAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    analyzer = ChineseAnalyzer()
    return Schema(path=ID(stored=True),
                  title=TEXT(stored=True, analyzer=analyzer),
                  body=TEXT(stored=True, analyzer=analyzer))


def build(corpus: Path, index_dir: Path) -> int:
    """Index every .txt file under corpus from scratch; return the number of articles."""
    from whoosh import index

    # Start from an empty folder, as `newsgrep index --rebuild` does; old segments would
    # otherwise linger on disk and inflate the index size.
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    ix = index.create_in(str(index_dir), build_schema())
    writer = ix.writer()
    count = 0
    for path in sorted(corpus.rglob("*.txt")):
        for title, body in split_articles(path.read_text(encoding="utf-8")):
            writer.add_document(path=str(path), title=title, body=body)
            count += 1
    writer.commit()
    return count


def query(text: str, index_dir: Path, limit: int, out=sys.stdout) -> int:
    """Print the top hits with highlighted fragments; return the total number of matches."""
    from whoosh import highlight, index
    from whoosh.qparser import QueryParser

    ix = index.open_dir(str(index_dir))
    parsed = QueryParser("body", ix.schema).parse(text)
    with ix.searcher() as searcher:
        hits = searcher.search(parsed, limit=limit)
        # Plain text, as a pipe would want it: no HTML tags around the matched terms.
        hits.formatter = highlight.NullFormatter()
        for hit in hits:
            out.write(f"{hit['path']}  {hit['title']}\n")
            out.write(f"    {hit.highlights('body')}\n")
        total = len(hits)
        out.write(f"{total} articles\n")
    return total


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="index a corpus folder from scratch")
    b.add_argument("corpus", type=Path)
    b.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    q = sub.add_parser("query", help="print the top hits with highlights")
    q.add_argument("query")
    q.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    q.add_argument("-n", "--limit", type=int, default=10)
    a = p.parse_args()
    if a.command == "build":
        print(f"{build(a.corpus, a.index)} articles indexed into {a.index}")
    else:
        query(a.query, a.index, a.limit)


if __name__ == "__main__":
    main()
