#!/usr/bin/env python3
"""Pages a second that `newsgrep index` builds from e-paper PDFs on one core, side by side
with the same pages given as their pdftotext text (the baseline: what a user indexed before
PDF input existed).

    python benchmarks/real/index_speed.py [--copies 10] [--rounds 3] [--pdf-only]
        [--version before=/tmp/old-checkout --version now=.]

Each page of benchmarks/real/pages (PDF, and its SLUG.txt) is copied `--copies` times into
a temporary corpus; every round builds a new index with the real CLI in a subprocess pinned
to one core (sched_setaffinity), so start-up and jieba's dictionary load are counted as a
user pays them. A version is a folder put first on PYTHONPATH (default: the installed
newsgrep); versions take turns within each round, in alternating order, so the machine's
load falls on all alike. Prints, per corpus and version, min / median / max wall seconds,
pages a second at the median, and the median CPU seconds (the build's processes, user and
system), with the load average before the first and after the last round.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "pages"


def corpus(folder: Path, suffix: str, copies: int) -> int:
    folder.mkdir()
    count = 0
    for page in sorted(PAGES.glob(f"*_[0-9A-Z][0-9]{suffix}")):
        for k in range(copies):
            shutil.copy(page, folder / f"{k:03d}_{page.name}")
            count += 1
    return count


def one_core() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def time_build(folder: Path, index: Path, path: str | None) -> tuple[float, float]:
    """Wall and CPU seconds of one build from scratch."""
    env = dict(os.environ)
    if path:
        env["PYTHONPATH"] = path
    # -P: `-m` would put the working folder first on the path, and a checkout there would
    # win over the version asked for.
    cmd = [sys.executable, "-P", "-m", "newsgrep", "index", str(folder), "--index", str(index)]
    shutil.rmtree(index, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, preexec_fn=one_core, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pdf-only", action="store_true", help="leave out the text baseline")
    ap.add_argument("--version", action="append", default=[], metavar="NAME=PATH",
                    help="a newsgrep checkout to put first on PYTHONPATH (repeatable)")
    args = ap.parse_args()
    versions = [(v.split("=", 1)[0], os.path.abspath(v.split("=", 1)[1])) for v in args.version] \
        or [("installed", None)]
    kinds = {"PDF pages": ".pdf"} if args.pdf_only else \
        {"PDF pages": ".pdf", "their pdftotext text": ".txt"}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        counts = {name: corpus(root / suffix[1:], suffix, args.copies) for name, suffix in kinds.items()}
        print(f"load before: {load()}")
        times: dict = {(k, v[0]): [] for k in kinds for v in versions}
        for round_ in range(args.rounds):
            for name, suffix in kinds.items():
                for version in (versions if round_ % 2 == 0 else versions[::-1]):
                    times[name, version[0]].append(
                        time_build(root / suffix[1:], root / f"index{suffix}", version[1]))
        print(f"load after:  {load()}")
        print(f"{'corpus':<24}{'version':<12}{'pages':>6}{'min s':>8}{'median s':>10}{'max s':>8}"
              f"{'pages/s':>9}{'cpu s':>8}")
        for (name, version), runs in times.items():
            walls = [w for w, _cpu in runs]
            median = statistics.median(walls)
            cpu = statistics.median(c for _w, c in runs)
            print(f"{name:<24}{version:<12}{counts[name]:>6}{min(walls):>8.1f}{median:>10.1f}"
                  f"{max(walls):>8.1f}{counts[name] / median:>9.1f}{cpu:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
