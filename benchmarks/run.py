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

# Targets from issue 5: (comparison, limit). "ratio" rows compare newsgrep with stock.
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


def _tree_pss_kib(root: int) -> int:
    """Summed PSS of root and its descendants; PSS splits pages shared after fork()."""
    tree, todo, total = _children_map(), [root], 0
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, []))
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
    if proc.returncode not in (0, 1):  # 1 is newsgrep's "nothing found"
        sys.stderr.write(f"warning: exit {proc.returncode} from {' '.join(cmd)}\n{stderr[-2000:]}\n")
    peak = usage.ru_maxrss / 1024
    return Run(seconds, peak, max(tree_peak, peak) if sample_tree else None,
               proc.returncode, stdout)


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
