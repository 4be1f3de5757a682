#!/usr/bin/env python3
"""What building and printing hits costs: `search Q --json -n 0` against `search Q -c`.

Both commands find the same articles; the first also ranks them and builds and prints a
JSON Lines hit for each (record, snippet, highlights). The difference of their medians over
the number of hits is the per-hit cost (issue 15 asks for at most 0.1 ms). `--json -n 1`
splits it: ranking every match (-n 1 minus -c, spread over the hits) and building hits
(-n 0 minus -n 1). Whole commands in new processes, the modes interleaved, one warm-up
each; wall time, and CPU time (user + system), which a busy machine disturbs less. Run
from the repo root:

    python benchmarks/hits.py [--index DIR] [--repeat 5] [QUERY ...]

The index defaults to ~/.cache/newsgrep-bench/index-hits, built from the benchmark corpus
(`../shared/bench/make_corpus.py`) when missing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAKE_CORPUS = HERE.parent.parent / "shared" / "bench" / "make_corpus.py"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newsgrep-bench"

# Common terms (hundreds to thousands of hits), a rare one, a single character, a phrase.
QUERIES = ["医院", "发展", "北京", "经济 增长", "车"]
BAR_MS = 0.1


def newsgrep(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsgrep", *args]


def timed(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system, steadier on a busy machine) and lines
    written, of one run in a new process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lines = sum(1 for _ in child.stdout)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):
        sys.exit(f"failed ({child.returncode}): {' '.join(command)}")
    return seconds, usage.ru_utime + usage.ru_stime, lines


def ensure_index(index: Path, corpus: Path) -> None:
    if index.exists():
        return
    if not corpus.exists():
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(corpus)], check=True)
    subprocess.run(newsgrep("index", str(corpus), "--index", str(index)), check=True)


def measure(query: str, index: Path, repeat: int) -> dict:
    """Medians of `repeat` interleaved runs of -c and --json -n 0, and the hit count."""
    count_cmd = newsgrep("search", query, "-c", "--index", str(index))
    json_cmd = newsgrep("search", query, "--json", "-n", "0", "--index", str(index))
    first_cmd = newsgrep("search", query, "--json", "-n", "1", "--index", str(index))
    commands = {"count": count_cmd, "json": json_cmd, "first": first_cmd}
    for command in commands.values():
        timed(command)  # warm the page cache
    runs: dict[str, list] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(timed(command))
    hits = runs["json"][-1][2]
    row = {"query": query, "hits": hits}
    for i, measure in ((0, "wall"), (1, "cpu")):
        count, json_all, first = (statistics.median(r[i] for r in runs[name]) * 1000
                                  for name in ("count", "json", "first"))
        row[measure] = {"count": count, "json": json_all, "first": first}
    return row


def per_hit(rows: list[dict], measure: str) -> tuple[float, float, float]:
    """ms a hit beyond -c, of which ranking and building hits, over `rows` together."""
    hits = max(sum(r["hits"] for r in rows), 1)
    more = max(sum(r["hits"] - 1 for r in rows), 1)
    total = sum(r[measure]["json"] - r[measure]["count"] for r in rows) / hits
    ranking = sum(r[measure]["first"] - r[measure]["count"] for r in rows) / hits
    building = sum(r[measure]["json"] - r[measure]["first"] for r in rows) / more
    return total, ranking, building


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("queries", nargs="*", default=QUERIES)
    parser.add_argument("--index", type=Path, default=CACHE / "index-hits")
    parser.add_argument("--corpus", type=Path, default=CACHE / "corpus")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ensure_index(args.index, args.corpus)
    print("query\thits\t" + "\t".join(
        f"{m}: -c ms\t--json ms\tms/hit\t(ranking\thits)" for m in ("wall", "CPU")))
    rows = []
    for query in args.queries:
        row = measure(query, args.index, args.repeat)
        rows.append(row)
        print(f"{row['query']}\t{row['hits']}\t" + "\t".join(
            f"{row[m]['count']:.0f}\t{row[m]['json']:.0f}\t{total:.3f}\t"
            f"({ranking:.3f}\t{building:.3f})"
            for m in ("wall", "cpu") for total, ranking, building in [per_hit([row], m)]),
            flush=True)
    # Queries with few hits measure mostly noise: all together, each weighs its hits.
    for m in ("wall", "cpu"):
        total, ranking, building = per_hit(rows, m)
        print(f"all queries, {m}: {total:.3f} ms a hit beyond -c (bar {BAR_MS} ms): "
              f"ranking {ranking:.3f}, building hits {building:.3f}; "
              f"medians of {args.repeat}")


if __name__ == "__main__":
    main()
