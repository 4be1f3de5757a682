#!/usr/bin/env python3
"""Ranking quality of newsgrep against the stock pipeline, on query sets drawn from the corpus.

The stock pipeline is the one a new user would set up: jieba's `ChineseAnalyzer` on Whoosh
(`stock.py`'s index: title and body) searched with a `MultifieldParser` over the title
(boost 3) and the body. Two query sets are drawn from the corpus titles with a fixed seed
and generic rules, never by hand:

- **title words**: jieba words (two or more CJK characters) of the titles that at least
  `--min-titles` titles hold. Figure: precision at k of "the hit's title holds the query",
  over min(k, the number of corpus titles that hold it), so a perfect ranking scores 1.
- **title fragments**: 2 to 4 consecutive CJK characters of a random title (what is left
  of a half-remembered headline, word or not) that at least `--min-titles` titles hold.
  Same figure.
- **known items**: two neighbouring jieba words of one title whose concatenation stands
  in that title only, queried as "word1 word2". Figure: MRR@10 of the article whose title
  holds the pair (a title that never reaches the top 10 counts 0).

Titles are compared folded (width, case, traditional->simplified) and without whitespace,
on each tool's own title of each hit, so a different article split cannot help either.

    python benchmarks/ranking.py                     # both indexes under --work, built if missing
    python benchmarks/ranking.py --queries 60        # a quick subset
    python benchmarks/ranking.py --markdown ranking.md
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

MAKE_CORPUS = HERE.parent.parent / "shared" / "bench" / "make_corpus.py"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newsgrep-bench"
DEFAULT_CORPUS = Path("/work/corpus")
SEED = 12
K = 10
STOCK_TITLE_BOOST = 3.0
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_SPACE = re.compile(r"\s+")


def normal(text: str) -> str:
    """A title as compared here: folded, whitespace removed."""
    from newsgrep.normalize import fold

    return _SPACE.sub("", fold(text))


# Query sets ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Queries:
    title_words: list[str]        # each: a word some titles hold
    fragments: list[str]          # each: a few characters of a title, word or not
    known_items: list[tuple[str, str]]  # (query "w1 w2", the pair w1w2 that one title holds)


def corpus_titles() -> list[str]:
    """The true titles of the corpus articles, from the data set the corpus is made of
    (reading them back from the corpus files would take a body's blank line for the end
    of an article, as `stock.split_articles` does)."""
    sys.path.insert(0, str(MAKE_CORPUS.parent))
    import make_corpus

    return [title for title, _body in make_corpus.articles(make_corpus.fetch_wheel(CACHE))]


def draw_queries(titles: list[str], count: int, min_titles: int, seed: int = SEED) -> Queries:
    """Both query sets, from jieba's cut of every (folded) title."""
    import jieba

    jieba.setLogLevel(60)
    normals = [normal(t) for t in titles]
    cuts = [[w for w in jieba.cut(t, HMM=False)] for t in normals]
    holders = Counter()  # word -> titles holding it as a substring
    vocabulary = sorted({w for cut in cuts for w in cut if _CJK_WORD.match(w)})
    joined = "\x00".join(normals)
    for word in vocabulary:
        holders[word] = _titles_holding(joined, word)
    rng = random.Random(seed)
    title_words = [w for w in vocabulary if holders[w] >= min_titles]
    title_words = rng.sample(title_words, min(count, len(title_words)))
    fragments = set()
    for _attempt in range(100 * count):
        if len(fragments) == count:
            break
        title, size = rng.choice(normals), rng.choice((2, 3, 4))
        start = rng.randrange(max(len(title) - size, 0) + 1)
        piece = title[start:start + size]
        if len(piece) == size and _CJK.match(piece) and \
                _titles_holding(joined, piece) >= min_titles:
            fragments.add(piece)
    known = []
    order = list(range(len(cuts)))
    rng.shuffle(order)
    for i in order:
        pairs = [(a, b) for a, b in zip(cuts[i], cuts[i][1:])
                 if _CJK_WORD.match(a) and _CJK_WORD.match(b)]
        if not pairs:
            continue
        a, b = rng.choice(pairs)
        if _titles_holding(joined, a + b) == 1:
            known.append((f"{a} {b}", a + b))
        if len(known) == count:
            break
    return Queries(title_words, sorted(fragments), known)


def _titles_holding(joined: str, needle: str) -> int:
    count, pos = 0, joined.find(needle)
    while pos != -1:
        count += 1
        pos = joined.find("\x00", pos)
        if pos == -1:
            break
        pos = joined.find(needle, pos)
    return count


# The two rankers ---------------------------------------------------------------------

class Newsgrep:
    name = "newsgrep"

    def __init__(self, index: Path):
        from newsgrep.search.searcher import Searcher

        self.searcher = Searcher.open(index)

    def titles(self, query: str, k: int) -> list[str]:
        ranking = self.searcher.rank(query, limit=k)
        return [self.searcher.record(doc).title for doc in ranking.docs]


class Stock:
    name = "stock"

    def __init__(self, index: Path):
        from whoosh import index as whoosh_index
        from whoosh.qparser import MultifieldParser

        self.ix = whoosh_index.open_dir(str(index))
        self.parser = MultifieldParser(["title", "body"], self.ix.schema,
                                       fieldboosts={"title": STOCK_TITLE_BOOST})
        self.searcher = self.ix.searcher()

    def titles(self, query: str, k: int) -> list[str]:
        hits = self.searcher.search(self.parser.parse(query), limit=k)
        return [hit["title"] for hit in hits]


# Figures -----------------------------------------------------------------------------

def precision_at_k(ranker, words: list[str], holders: dict[str, int], k: int) -> float:
    values = []
    for word in words:
        top = [normal(t) for t in ranker.titles(word, k)]
        values.append(sum(word in t for t in top) / min(k, holders[word]))
    return statistics.fmean(values)


def mrr(ranker, known: list[tuple[str, str]], k: int = K) -> float:
    values = []
    for query, pair in known:
        top = [normal(t) for t in ranker.titles(query, k)]
        values.append(next((1 / rank for rank, t in enumerate(top, 1) if pair in t), 0.0))
    return statistics.fmean(values)


def ensure_indexes(corpus: Path, work: Path) -> tuple[Path, Path]:
    ng, stock = work / "ranking-newsgrep-index", work / "ranking-stock-index"
    if not stock.exists():
        say(f"building the stock index {stock}")
        subprocess.run([sys.executable, str(HERE / "stock.py"), "build", str(corpus),
                        "--index", str(stock)], check=True)
    say(f"updating the newsgrep index {ng}")
    subprocess.run([sys.executable, "-m", "newsgrep", "index", str(corpus), "--index",
                    str(ng)], check=True, stdout=subprocess.DEVNULL)
    return ng, stock


def say(message: str) -> None:
    sys.stderr.write(f"[ranking] {message}\n")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--work", type=Path, default=CACHE)
    p.add_argument("--newsgrep-index", type=Path, help="use this index as it is")
    p.add_argument("--stock-index", type=Path, help="use this stock index as it is")
    p.add_argument("--queries", type=int, default=200, help="queries per set")
    p.add_argument("--min-titles", type=int, default=5,
                   help="title words: how many titles must hold the word")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--markdown", type=Path)
    p.add_argument("--show", action="store_true", help="print every query's figures")
    a = p.parse_args()
    if a.newsgrep_index and a.stock_index:
        ng_index, stock_index = a.newsgrep_index, a.stock_index
    else:
        ng_index, stock_index = ensure_indexes(a.corpus, a.work)
    titles = corpus_titles()
    queries = draw_queries(titles, a.queries, a.min_titles, a.seed)
    joined = "\x00".join(normal(t) for t in titles)
    holders = {w: _titles_holding(joined, w) for w in queries.title_words + queries.fragments}
    rows = []
    for ranker in (Newsgrep(ng_index), Stock(stock_index)):
        started = time.perf_counter()
        figures = [precision_at_k(ranker, queries.title_words, holders, 5),
                   precision_at_k(ranker, queries.title_words, holders, K),
                   precision_at_k(ranker, queries.fragments, holders, K),
                   mrr(ranker, queries.known_items)]
        runs = 2 * len(queries.title_words) + len(queries.fragments) + len(queries.known_items)
        rows.append((ranker.name, figures, (time.perf_counter() - started) / runs))
    table = markdown(rows, queries, a)
    print(table)
    if a.markdown:
        a.markdown.write_text(table + "\n", encoding="utf-8")


def markdown(rows, queries: Queries, a) -> str:
    lines = [f"{len(queries.title_words)} title words and {len(queries.fragments)} title "
             f"fragments (each held by at least {a.min_titles} titles), "
             f"{len(queries.known_items)} known items; seed {a.seed}; "
             f"Python {platform.python_version()}",
             "",
             "| ranker | title words P@5 | title words P@10 | title fragments P@10 | "
             "known-item MRR@10 | ms per query (warm, in process) |",
             "|---|---|---|---|---|---|"]
    for name, figures, per_query in rows:
        lines.append(f"| {name} | " + " | ".join(f"{f:.3f}" for f in figures)
                     + f" | {per_query * 1000:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
