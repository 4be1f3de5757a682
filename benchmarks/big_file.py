#!/usr/bin/env python3
"""One big file against the same text as many files (issue 26): does indexing a single
50 MB text file take about what its pages take, in bounded memory, with its articles?

Builds, from the benchmark corpus (7,353 articles in 368 files, 25 MB, written by
../shared/bench/make_corpus.py), the corpus --copies times (default 2: 50 MB) as

- `split/`: the files as they are, copy k in `split/k/` (736 files for 2 copies), and
- `single/all.txt`: the same files, in the same order, concatenated into one file,

then indexes each with the real CLI (`python -m newsgrep index DIR --index IDX --rebuild`),
every run a fresh process, the two sides taking turns (--rounds, default 2: split, single,
single, split), and prints per side: wall time (median of the rounds), peak memory of the
whole process tree, articles (`newsgrep stats --json`), index size (du of the current
generation), the warnings the run printed; then the bars of issue 26.

Peak memory is measured three ways, every 0.1 s over the tree of the run's processes
(the CLI and its forked workers): the sum over the processes of each one's peak RSS
(VmHWM, read from /proc at the last sample each was seen: an upper bound, as pages
shared after fork() count in every process), the peak of the summed RSS, and the peak
of the summed PSS (shared pages split between their processes); and the largest single
process's peak RSS (wait4's ru_maxrss). The bar is checked against the first.

    python benchmarks/big_file.py                      # 50 MB, 2 rounds (about 15 minutes on 2 cores)
    python benchmarks/big_file.py --copies 1 --rounds 1 --json out.json
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (benchmarks/run.py: the process tree under a run)

HERE = Path(__file__).resolve().parent
CACHE, MAKE_CORPUS = bench.CACHE, bench.MAKE_CORPUS

TIME_BAR = 2.0        # single file / split files, wall time
MEMORY_BAR_MIB = 300  # peak of the whole process tree (sum of per-process peak RSS)
ARTICLES_BAR = 0.02   # the single file's articles within 2% of the split files'


@dataclass
class Run:
    seconds: float
    status: int
    peak_sum_hwm_mib: float      # sum over processes of each one's peak RSS (upper bound)
    peak_rss_sum_mib: float      # peak of the summed RSS, sampled
    peak_pss_sum_mib: float      # peak of the summed PSS, sampled
    largest_process_mib: float   # ru_maxrss of the largest process (wait4)
    processes: int
    warnings: list[str] = field(default_factory=list)


def say(message: str) -> None:
    sys.stderr.write(f"[big_file] {message}\n")
    sys.stderr.flush()


def load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# --- the two corpora ---------------------------------------------------------------------

def corpus_files(corpus: Path) -> list[Path]:
    if not corpus.is_dir() or not any(corpus.glob("*.txt")):
        say(f"writing the benchmark corpus into {corpus}")
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(corpus)], check=True,
                       stdout=sys.stderr)
    return sorted(corpus.glob("*.txt"))


def build_sides(files: list[Path], copies: int, work: Path) -> tuple[Path, Path]:
    """`split/` (copy k in split/k/) and `single/all.txt`: the same bytes, in the same order."""
    split, single = work / "split", work / "single"
    for folder in (split, single):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    with open(single / "all.txt", "wb") as whole:
        for k in range(copies):
            (split / str(k)).mkdir()
            for path in files:
                data = path.read_bytes()
                (split / str(k) / path.name).write_bytes(data)
                whole.write(data)
    return split, single


# --- measuring one run -------------------------------------------------------------------

def _status_kib(pid: int, keys: tuple[str, ...]) -> dict[str, int]:
    values = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                name = line.split(":", 1)[0]
                if name in keys:
                    values[name] = int(line.split()[1])
        with open(f"/proc/{pid}/smaps_rollup") as f:
            values["Pss"] = next(int(l.split()[1]) for l in f if l.startswith("Pss:"))
    except (OSError, StopIteration, ValueError):
        pass
    return values


def measure(cmd: list[str], env: dict, interval: float = 0.1) -> Run:
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        hwm: dict[int, int] = {}
        rss_peak = pss_peak = 0
        while True:
            got, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if got:
                break
            rss = pss = 0
            for pid in bench.process_tree(proc.pid):
                values = _status_kib(pid, ("VmHWM", "VmRSS"))
                if "VmHWM" in values:
                    hwm[pid] = max(hwm.get(pid, 0), values["VmHWM"])
                rss += values.get("VmRSS", 0)
                pss += values.get("Pss", 0)
            rss_peak, pss_peak = max(rss_peak, rss), max(pss_peak, pss)
            time.sleep(interval)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    if proc.returncode:
        say(f"exit {proc.returncode} from {' '.join(cmd)}:\n{stderr[-2000:]}")
    largest = usage.ru_maxrss / 1024
    warnings = [l for l in stderr.splitlines() if "could not be cut" in l or "no articles" in l]
    return Run(seconds, proc.returncode, max(sum(hwm.values()) / 1024, largest),
               rss_peak / 1024, pss_peak / 1024, largest, len(hwm), warnings)


def stats(newsgrep: list[str], index: Path, env: dict) -> dict:
    out = subprocess.run([*newsgrep, "stats", "--json", "--index", str(index)],
                         capture_output=True, text=True, env=env, check=True).stdout
    return json.loads(out)


def generation_mib(index: Path) -> float:
    current = (index / "CURRENT").read_text().strip()
    return sum(p.stat().st_size for p in (index / current).rglob("*") if p.is_file()) / 2**20


# --- the report --------------------------------------------------------------------------

def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=Path(os.environ.get("NEWSGREP_BENCH_CORPUS",
                                                                      CACHE / "corpus")))
    p.add_argument("--copies", type=int, default=2, help="corpus copies (2: 50 MB)")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--work", type=Path, default=CACHE / "big_file")
    p.add_argument("--newsgrep", default=f"{sys.executable} -m newsgrep",
                   help="how to call newsgrep (default: this Python's)")
    p.add_argument("--memory", type=int, help="`newsgrep index --memory` for both sides "
                   "(default: the command's own)")
    p.add_argument("--json", type=Path, help="write every figure here too")
    a = p.parse_args()

    newsgrep = a.newsgrep.split()
    env = dict(os.environ, NEWSGREP_NO_AUTOINDEX="1")
    files = corpus_files(a.corpus)
    split, single = build_sides(files, a.copies, a.work)
    size = (single / "all.txt").stat().st_size
    say(f"{len(files) * a.copies} files and one file of {size / 2**20:.1f} MiB; load {load()}")
    sides = {"split": split, "single": single}
    runs: dict[str, list[Run]] = {"split": [], "single": []}
    loads = [load()]
    for r in range(a.rounds):
        order = ["split", "single"] if r % 2 == 0 else ["single", "split"]
        for side in order:
            index = a.work / f"index-{side}"
            shutil.rmtree(index, ignore_errors=True)
            memory = ["--memory", str(a.memory)] if a.memory else []
            run = measure([*newsgrep, "index", str(sides[side]), "--index", str(index),
                           "--rebuild", *memory], env)
            runs[side].append(run)
            loads.append(load())
            say(f"round {r + 1} {side}: {run.seconds:.1f} s, tree peak {run.peak_sum_hwm_mib:.0f} MiB"
                f" (summed RSS {run.peak_rss_sum_mib:.0f}, PSS {run.peak_pss_sum_mib:.0f}), load {loads[-1]}")
    result = {"bytes": size, "files": len(files) * a.copies, "copies": a.copies,
              "memory_option": a.memory,
              "loads": loads, "cores": os.cpu_count(), "sides": {}}
    for side in ("split", "single"):
        index = a.work / f"index-{side}"
        figures = stats(newsgrep, index, env)
        result["sides"][side] = {
            "seconds": statistics.median(r.seconds for r in runs[side]),
            "seconds_each": [round(r.seconds, 1) for r in runs[side]],
            "peak_sum_hwm_mib": max(r.peak_sum_hwm_mib for r in runs[side]),
            "peak_rss_sum_mib": max(r.peak_rss_sum_mib for r in runs[side]),
            "peak_pss_sum_mib": max(r.peak_pss_sum_mib for r in runs[side]),
            "largest_process_mib": max(r.largest_process_mib for r in runs[side]),
            "processes": max(r.processes for r in runs[side]),
            "articles": figures.get("articles"),
            "index_mib": generation_mib(index),
            "status": max(r.status for r in runs[side]),
            "warnings": runs[side][-1].warnings[:5],
        }
    print(report(result))
    if a.json:
        a.json.write_text(json.dumps(result, indent=2, ensure_ascii=False))


def report(result: dict) -> str:
    s, b = result["sides"]["split"], result["sides"]["single"]
    lines = [f"{result['bytes'] / 2**20:.1f} MiB of text: {result['files']} files, or one file; "
             f"{result['cores']} cores; load (1, 5, 15 min) before and after each run: "
             + " | ".join(result["loads"]),
             "",
             "| | split files | one file |",
             "|---|---:|---:|"]
    rows = [("wall time, s (median)", "seconds", "{:.1f}"),
            ("each round, s", "seconds_each", "{}"),
            ("peak memory, sum of per-process peak RSS, MiB", "peak_sum_hwm_mib", "{:.0f}"),
            ("peak of summed RSS, MiB", "peak_rss_sum_mib", "{:.0f}"),
            ("peak of summed PSS, MiB", "peak_pss_sum_mib", "{:.0f}"),
            ("largest process, peak RSS, MiB", "largest_process_mib", "{:.0f}"),
            ("processes", "processes", "{}"),
            ("articles", "articles", "{}"),
            ("index size (current generation), MiB", "index_mib", "{:.1f}"),
            ("exit status", "status", "{}")]
    for label, key, fmt in rows:
        lines.append(f"| {label} | {fmt.format(s[key])} | {fmt.format(b[key])} |")
    ratio = b["seconds"] / s["seconds"]
    gap = abs(b["articles"] - s["articles"]) / max(1, s["articles"])
    lines += ["",
              f"time: one file / split = {ratio:.2f} (bar <= {TIME_BAR}): "
              f"{'met' if ratio <= TIME_BAR else 'NOT met'}",
              f"memory: one file {b['peak_sum_hwm_mib']:.0f} MiB (bar < {MEMORY_BAR_MIB}): "
              f"{'met' if b['peak_sum_hwm_mib'] < MEMORY_BAR_MIB else 'NOT met'}",
              f"articles: {b['articles']} against {s['articles']} ({100 * gap:.2f}% apart, bar "
              f"{100 * ARTICLES_BAR:.0f}%): {'met' if gap <= ARTICLES_BAR else 'NOT met'}"]
    if b["warnings"]:
        lines.append("one file's warnings: " + "; ".join(b["warnings"]))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
