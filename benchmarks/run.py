#!/usr/bin/env python3
"""Benchmark newsgrep against the stock Whoosh + jieba pipeline (benchmarks/stock.py).

Every figure is measured on child processes, alternating the two tools, and reported as a
median with the ratio newsgrep/stock next to its target. Run from the repo root:

    python benchmarks/run.py [--quick] [--scale] [--repeat N] [--markdown FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
STOCK = HERE / "stock.py"
MAKE_CORPUS = HERE.parent.parent / "shared" / "bench" / "make_corpus.py"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newsgrep-bench"

QUERIES = ["华为", "发展", "北京大学", "新冠", "车"]
MIB = 1024 * 1024

# Targets from issue 5. Ratios are newsgrep/stock; memory limits apply to newsgrep alone.
QUERY_TIME_RATIO = 0.20
QUERY_PEAK_MIB = 120
BUILD_TIME_RATIO = 0.60
INCREMENTAL_FRACTION = 0.05
SCALE_PEAK_MIB = 1024
SCALE_QUERY_RATIO = 2.0


# ---------------------------------------------------------------------------
# Measuring one child process


@dataclass
class Run:
    """One child process: wall time, its own peak RSS, and (if sampled) its tree's peak."""
    seconds: float
    peak_rss_mib: float          # max RSS of the child or any reaped descendant (wait4)
    tree_peak_mib: float | None  # peak of the summed PSS of the whole process tree
    status: int
    stdout: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (0, 1)  # 1 is newsgrep's "nothing found"


def say(message: str) -> None:
    """Progress on stderr, so stdout holds only the report."""
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


def _children_map() -> dict[int, list[int]]:
    """Parent pid -> child pids, read from /proc (the tree changes while a build runs)."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: split after the last ")".
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def process_tree(root: int) -> list[int]:
    """`root` and every process below it, as /proc shows them now."""
    tree, todo, found = _children_map(), [root], []
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def _tree_pss_kib(root: int) -> int:
    """Summed PSS of root and its descendants; PSS splits pages shared after fork()."""
    total = 0
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            pass  # the process ended between listing and reading
    return total


def measure(cmd: list[str], *, sample_tree: bool = False, capture: bool = False,
            env: dict | None = None, interval: float = 0.1) -> Run:
    """Run cmd once; stdout goes to /dev/null unless captured, stderr is kept for errors."""
    # Files, not pipes: nothing to drain while waiting, so the timing loop stays simple.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out if capture else subprocess.DEVNULL,
                                stderr=err, env=env)
        status, usage, tree_peak = _wait(proc.pid, sample_tree, interval)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not Popen
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    run = Run(seconds, peak, max(tree_peak, peak) if sample_tree else None,
              proc.returncode, stdout)
    if not run.ok:
        say(f"exit {run.status} from {' '.join(cmd)}:\n{stderr.strip()[-2000:]}")
    return run


def _wait(pid: int, sample_tree: bool, interval: float):
    """Reap pid with wait4, which gives the rusage of that one child (and its reaped children).

    RUSAGE_CHILDREN's ru_maxrss is the largest single process, not a sum; a parallel build's
    workers run at once, so with sample_tree we also poll the tree's summed PSS.
    """
    tree_peak = 0
    while True:
        got, status, usage = os.wait4(pid, os.WNOHANG if sample_tree else 0)
        if got:
            return status, usage, tree_peak / 1024
        tree_peak = max(tree_peak, _tree_pss_kib(pid))
        time.sleep(interval)


def median_run(runs: list[Run]) -> Run:
    """The run with the median wall time, with the largest peak seen across all runs."""
    ordered = sorted(runs, key=lambda r: r.seconds)
    mid = ordered[(len(ordered) - 1) // 2]
    # One failed run spoils the figure: keep its status so the report says so.
    status = next((r.status for r in runs if not r.ok), mid.status)
    return Run(statistics.median(r.seconds for r in runs),
               max(r.peak_rss_mib for r in runs),
               max((r.tree_peak_mib or 0) for r in runs) or None, status, mid.stdout)


def alternate(first: list[str], second: list[str], repeat: int, **kwargs) -> tuple[Run, Run]:
    """Run two commands repeat times each, taking turns which goes first, after a warm-up."""
    measure(first, **kwargs)
    measure(second, **kwargs)
    a, b = [], []
    for i in range(repeat):
        if i % 2 == 0:
            a.append(measure(first, **kwargs))
            b.append(measure(second, **kwargs))
        else:
            b.append(measure(second, **kwargs))
            a.append(measure(first, **kwargs))
    return median_run(a), median_run(b)


# ---------------------------------------------------------------------------
# Tools


@dataclass
class Tools:
    """How to call newsgrep, the stock pipeline and ripgrep, with a quiet environment."""
    newsgrep: str
    python: str
    rg: str | None
    env: dict = field(default_factory=lambda: dict(os.environ, NEWSGREP_NO_AUTOINDEX="1"))

    def ng(self, *args) -> list[str]:
        return [self.newsgrep, *map(str, args)]

    def stock(self, *args) -> list[str]:
        return [self.python, str(STOCK), *map(str, args)]

    def ng_json(self, *args) -> dict:
        run = measure(self.ng(*args), capture=True, env=self.env)
        return json.loads(run.stdout) if run.status == 0 else {}

    def ng_count(self, query: str, index: Path) -> int | None:
        run = measure(self.ng("search", query, "--index", index, "-c"), capture=True,
                      env=self.env)
        return int(run.stdout.strip()) if run.stdout.strip().isdigit() else None


def find_newsgrep(explicit: str | None) -> str:
    """Prefer the newsgrep next to this Python (the project's venv), then PATH."""
    beside = Path(sys.executable).parent / "newsgrep"
    found = explicit or (str(beside) if beside.exists() else shutil.which("newsgrep"))
    if not found:
        sys.exit("newsgrep is not installed: run `pip install -e .` in this Python, "
                 "or pass --newsgrep PATH")
    return found


def ensure_corpus(path: Path, copies: int = 1) -> Path:
    """Write the benchmark corpus with ../shared/bench/make_corpus.py unless it is there."""
    if any(path.rglob("*.txt")):
        return path
    if not MAKE_CORPUS.exists():
        sys.exit(f"{MAKE_CORPUS} not found; pass --corpus DIR with the corpus already built")
    cmd = [sys.executable, str(MAKE_CORPUS), str(path)]
    if copies > 1:
        cmd += ["--copies", str(copies)]
    subprocess.run(cmd, check=True, stdout=sys.stderr)  # keep stdout for the report
    return path


def disk_mib(folder: Path) -> float:
    """Disk usage like `du -s`: allocated blocks, not apparent sizes."""
    return sum(p.stat().st_blocks * 512 for p in folder.rglob("*") if p.is_file()) / MIB


# ---------------------------------------------------------------------------
# The report


@dataclass
class Row:
    figure: str
    newsgrep: str
    stock: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""


def verdict(met: bool | None) -> str:
    return {True: "yes", False: "NO", None: ""}[met]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:.1f} s"


def mib(value: float | None) -> str:
    return "" if value is None else f"{value:.0f} MiB"


HEADER = ["figure", "newsgrep", "stock", "newsgrep/stock", "target", "met", "note"]


def cells(row: Row) -> list[str]:
    return [row.figure, row.newsgrep, row.stock, row.ratio, row.target, verdict(row.met),
            row.note]


def text_table(rows: list[Row]) -> str:
    table = [HEADER] + [cells(r) for r in rows]
    widths = [max(_width(line[i]) for line in table) for i in range(len(HEADER))]
    return "\n".join("  ".join(c + " " * (w - _width(c)) for c, w in zip(line, widths)).rstrip()
                     for line in table)


def _width(text: str) -> int:
    # CJK characters take two terminal columns; without this the table drifts.
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in cells(r)) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor() or "unknown")
    mem_kib = next((int(line.split()[1]) for line in _lines("/proc/meminfo")
                    if line.startswith("MemTotal:")), 0)
    return {"CPU": cpu,
            "cores": f"{os.cpu_count()} ({len(os.sched_getaffinity(0))} usable)",
            "memory": f"{mem_kib / 1024 / 1024:.1f} GiB",
            "OS": f"{platform.system()} {platform.release()}",
            "Python": platform.python_version(),
            "newsgrep": _git_state(),
            "ripgrep": _rg_version()}


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def _git_state() -> str:
    head = subprocess.run(["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True)
    if head.returncode:
        return "working tree (no commit yet)"
    dirty = subprocess.run(["git", "-C", str(HERE.parent), "status", "--porcelain"],
                           capture_output=True, text=True).stdout.strip()
    return head.stdout.strip() + (" + uncommitted changes" if dirty else "")


def _rg_version() -> str:
    rg = shutil.which("rg")
    if not rg:
        return "not installed (no rg -c reference figures)"
    return subprocess.run([rg, "--version"], capture_output=True, text=True).stdout.split("\n")[0]


# ---------------------------------------------------------------------------
# The benchmarks, one function per figure group


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else ""


def bench_builds(tools: Tools, corpus: Path, ng_index: Path, stock_index: Path,
                 repeat: int) -> list[Row]:
    """Full builds from scratch, taking turns; the last ones leave the indexes for queries."""
    ng_runs, stock_runs = [], []
    ng_cmd = tools.ng("index", corpus, "--index", ng_index, "--rebuild")
    stock_cmd = tools.stock("build", corpus, "--index", stock_index)
    for i in range(repeat):
        order = [(ng_cmd, ng_runs), (stock_cmd, stock_runs)]
        for cmd, runs in (order if i % 2 == 0 else order[::-1]):
            say(f"build {i + 1}/{repeat}: {' '.join(cmd[-5:])}")
            runs.append(measure(cmd, sample_tree=True, capture=True, env=tools.env))
    ng, st = require(median_run(ng_runs), "newsgrep build"), require(median_run(stock_runs),
                                                                      "stock build")
    _mark_stock_index(stock_index, corpus)
    time_ratio = ng.seconds / st.seconds
    return [
        Row(f"full build, wall time (median of {repeat})", secs(ng.seconds), secs(st.seconds),
            ratio(ng.seconds, st.seconds), f"≤ {BUILD_TIME_RATIO:.2f}",
            time_ratio <= BUILD_TIME_RATIO, ng.stdout.strip()),
        Row("full build, peak memory (process tree PSS, sampled)", mib(ng.tree_peak_mib),
            mib(st.tree_peak_mib), ratio(ng.tree_peak_mib, st.tree_peak_mib)),
        Row("full build, peak RSS of the largest process", mib(ng.peak_rss_mib),
            mib(st.peak_rss_mib), ratio(ng.peak_rss_mib, st.peak_rss_mib)),
        Row("articles indexed", str(tools.ng_json("stats", "--index", ng_index, "--json")
                                    .get("articles", "?")),
            st.stdout.split()[0] if st.stdout else "?",
            note="the corpus holds 7,353 articles"),
    ]


def require(run: Run, what: str) -> Run:
    """Stop here: every later figure needs what this run was to produce."""
    if not run.ok:
        sys.exit(f"{what} failed with exit status {run.status}; see the message above")
    return run


def failed(ng: Run, st: Run) -> str:
    """A note naming the tool whose runs failed, so a fast failure never reads as a win."""
    bad = [f"{name} failed (exit {r.status})" for name, r in (("newsgrep", ng), ("stock", st))
           if not r.ok]
    return "; ".join(bad)


def _mark_stock_index(stock_index: Path, corpus: Path) -> None:
    # Remember which corpus the stock index holds, so --quick can reuse it safely.
    (stock_index / "benchmark-corpus").write_text(str(corpus.resolve()))


def ensure_indexes(tools: Tools, corpus: Path, ng_index: Path, stock_index: Path) -> None:
    """For --quick: bring both indexes up to date without timing the builds."""
    say(f"updating the newsgrep index {ng_index}")
    if not measure(tools.ng("index", corpus, "--index", ng_index), env=tools.env).ok:
        say("the update failed; rebuilding the newsgrep index from scratch")
        require(measure(tools.ng("index", corpus, "--index", ng_index, "--rebuild"),
                        env=tools.env), "newsgrep build")
    marker = stock_index / "benchmark-corpus"
    if not marker.exists() or marker.read_text() != str(corpus.resolve()):
        say(f"building the stock index {stock_index} (about 2 minutes)")
        require(measure(tools.stock("build", corpus, "--index", stock_index), env=tools.env),
                "stock build")
        _mark_stock_index(stock_index, corpus)


def bench_queries(tools: Tools, corpus: Path, ng_index: Path, stock_index: Path,
                  queries: list[str], repeat: int) -> tuple[list[Row], dict[str, Run]]:
    """One query per new process, top 10 with highlights, plain output to /dev/null."""
    rows, ng_medians = [], {}
    for q in queries:
        say(f"query {q}: {repeat} alternating runs each")
        ng, st = alternate(tools.ng("search", q, "--index", ng_index, "-n", 10),
                           tools.stock("query", q, "--index", stock_index), repeat,
                           env=tools.env)
        ng_medians[q] = ng
        found = tools.ng_count(q, ng_index)
        stock_out = measure(tools.stock("query", q, "--index", stock_index), capture=True,
                            env=tools.env).stdout.strip().splitlines()
        stock_found = stock_out[-1].split()[0] if stock_out else "?"
        note = failed(ng, st) or f"matches: newsgrep {found}, stock {stock_found}"
        note += _rg_note(tools, q, corpus, repeat)
        good = ng.ok and st.ok
        rows.append(Row(f"query {q}: wall time (median of {repeat})", ms(ng.seconds),
                        ms(st.seconds), ratio(ng.seconds, st.seconds),
                        f"≤ {QUERY_TIME_RATIO:.2f}",
                        good and ng.seconds <= QUERY_TIME_RATIO * st.seconds, note))
        rows.append(Row(f"query {q}: peak RSS", mib(ng.peak_rss_mib), mib(st.peak_rss_mib),
                        ratio(ng.peak_rss_mib, st.peak_rss_mib), f"≤ {QUERY_PEAK_MIB} MiB",
                        good and ng.peak_rss_mib <= QUERY_PEAK_MIB))
    return rows, ng_medians


def _rg_note(tools: Tools, query: str, corpus: Path, repeat: int) -> str:
    """ripgrep's time and line count, for reference: a floor no index has to beat."""
    if not tools.rg:
        return "; rg not installed"
    runs = [measure([tools.rg, "-c", query, str(corpus)], capture=True) for _ in range(repeat)]
    lines = sum(int(line.rsplit(":", 1)[1]) for line in runs[0].stdout.splitlines()
                if ":" in line)
    return f"; rg -c: {ms(statistics.median(r.seconds for r in runs))}, {lines} lines"


def bench_sizes(tools: Tools, ng_index: Path, stock_index: Path) -> list[Row]:
    ng, st = disk_mib(ng_index), disk_mib(stock_index)
    stats = tools.ng_json("stats", "--index", ng_index, "--json")
    note = f"newsgrep stats: index_bytes {stats.get('index_bytes', '?')}"
    return [Row("index size on disk (du)", mib(ng), mib(st), ratio(ng, st), note=note)]


def bench_incremental(tools: Tools, corpus: Path, work: Path, repeat: int,
                      files: int = 90) -> list[Row]:
    """Change one file of a small corpus; the update must cost a sliver of a full build."""
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        small, index = Path(tmp) / "corpus", Path(tmp) / "index"
        small.mkdir()
        for path in sorted(corpus.rglob("*.txt"))[:files]:
            shutil.copy(path, small / path.name)
        say(f"incremental: full build of {files} files")
        full = require(measure(tools.ng("index", small, "--index", index, "--rebuild"),
                               sample_tree=True, env=tools.env), "newsgrep build")
        before = tools.ng_json("stats", "--index", index, "--json").get("articles")
        victim = sorted(small.glob("*.txt"))[files // 2]
        original = victim.read_text(encoding="utf-8")
        updates = []
        for i in range(repeat):
            marker = f"benchedit{i}"
            # Prefix the first article's body: same articles, one changed.
            victim.write_text(original.replace("\n\n", f"\n\n{marker} ", 1), encoding="utf-8")
            say(f"incremental: update {i + 1}/{repeat} after editing {victim.name}")
            updates.append(require(measure(tools.ng("index", small, "--index", index),
                                           capture=True, env=tools.env), "newsgrep update"))
        after = tools.ng_json("stats", "--index", index, "--json").get("articles")
        edited = tools.ng_count(marker, index)
    update = median_run(updates)
    share = update.seconds / full.seconds
    return [
        Row(f"incremental update, 1 of {files} files changed (median of {repeat})",
            secs(update.seconds), ratio=f"{share:.1%} of full",
            target=f"≤ {INCREMENTAL_FRACTION:.0%} of full", met=share <= INCREMENTAL_FRACTION,
            note=f"full build of the {files} files: {secs(full.seconds)}; "
                 f"{update.stdout.strip()}"),
        Row("articles after the update (replaced, never doubled)", f"{after} (before {before})",
            met=after == before and after is not None),
        Row(f"the edited article is found once ({marker})", str(edited), met=edited == 1),
    ]


def bench_scale(tools: Tools, work: Path, queries: list[str], repeat: int,
                one_x: dict[str, Run]) -> list[Row]:
    """The 10x corpus: build memory must stay bounded, queries must not slow down with size."""
    corpus = ensure_corpus(work / "corpus-x10", copies=10)
    index = work / "newsgrep-index-x10"
    say("10x: full newsgrep build (this takes a while)")
    build = require(measure(tools.ng("index", corpus, "--index", index, "--rebuild"),
                            sample_tree=True, capture=True, env=tools.env), "10x build")
    rows = [
        Row("10x build: wall time", secs(build.seconds), note=build.stdout.strip()),
        Row("10x build: peak memory (process tree PSS, sampled)", mib(build.tree_peak_mib),
            target=f"< {SCALE_PEAK_MIB} MiB", met=build.tree_peak_mib < SCALE_PEAK_MIB,
            note=f"largest process {mib(build.peak_rss_mib)}"),
        Row("10x index size on disk (du)", mib(disk_mib(index))),
    ]
    for q in queries:
        cmd = tools.ng("search", q, "--index", index, "-n", 10)
        measure(cmd, env=tools.env)
        run = median_run([measure(cmd, env=tools.env) for _ in range(repeat)])
        base = one_x[q].seconds
        rows.append(Row(f"10x query {q}: wall time (median of {repeat})", ms(run.seconds),
                        ratio=f"{run.seconds / base:.2f}x of 1x ({ms(base)})",
                        target=f"≤ {SCALE_QUERY_RATIO:.0f}x of 1x",
                        met=run.seconds <= SCALE_QUERY_RATIO * base,
                        note=f"peak RSS {mib(run.peak_rss_mib)}; "
                             f"matches {tools.ng_count(q, index)}"))
    return rows


# ---------------------------------------------------------------------------
# Command line


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true",
                   help="smoke test: 3 query runs, no build or incremental figures")
    p.add_argument("--scale", action="store_true",
                   help="also build and query the 10x corpus (slow)")
    p.add_argument("--repeat", type=int, default=1, help="runs of each build (default 1)")
    p.add_argument("--query-repeat", type=int, default=None,
                   help="runs of each query per tool (default 5, 3 with --quick)")
    p.add_argument("--queries", default=",".join(QUERIES),
                   help=f"comma-separated queries (default {','.join(QUERIES)})")
    p.add_argument("--corpus", type=Path, default=None,
                   help="the 1x corpus folder; built there if empty (default: WORK/corpus)")
    p.add_argument("--work", type=Path, default=CACHE,
                   help=f"folder for corpora and indexes (default {CACHE})")
    p.add_argument("--markdown", type=Path, help="also write the results as Markdown")
    p.add_argument("--newsgrep", help="the newsgrep executable (default: next to this Python)")
    return p.parse_args()


def report(info: dict[str, str], rows: list[Row], args: argparse.Namespace) -> None:
    print("\n".join(f"{k}: {v}" for k, v in info.items()))
    print()
    print(text_table(rows))
    if args.markdown:
        machine_lines = "\n".join(f"- **{k}**: {v}" for k, v in info.items())
        args.markdown.write_text(f"{machine_lines}\n\n{markdown_table(rows)}\n",
                                 encoding="utf-8")
        say(f"wrote {args.markdown}")


def main() -> None:
    args = parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    tools = Tools(find_newsgrep(args.newsgrep), sys.executable, shutil.which("rg"))
    corpus = ensure_corpus(args.corpus or args.work / "corpus")
    ng_index, stock_index = args.work / "newsgrep-index", args.work / "stock-index"
    queries = [q for q in args.queries.split(",") if q]
    query_repeat = args.query_repeat or (3 if args.quick else 5)
    files = sum(1 for _ in corpus.rglob("*.txt"))
    info = machine() | {"corpus": f"{corpus} ({files} files, {disk_mib(corpus):.0f} MiB)",
                        "command": " ".join(["benchmarks/run.py", *sys.argv[1:]])}
    rows = []
    if args.quick:
        ensure_indexes(tools, corpus, ng_index, stock_index)
    else:
        rows += bench_builds(tools, corpus, ng_index, stock_index, args.repeat)
    query_rows, one_x = bench_queries(tools, corpus, ng_index, stock_index, queries,
                                      query_repeat)
    rows += query_rows + bench_sizes(tools, ng_index, stock_index)
    if not args.quick:
        rows += bench_incremental(tools, corpus, args.work, max(args.repeat, 1))
    if args.scale:
        rows += bench_scale(tools, args.work, queries, query_repeat, one_x)
    report(info, rows, args)


if __name__ == "__main__":
    main()
