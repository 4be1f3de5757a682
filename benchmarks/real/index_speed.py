#!/usr/bin/env python3
"""Pages a second that `newsgrep index` builds from e-paper PDFs on one core, side by side
with the same pages given as their pdftotext text (the baseline: what a user indexed before
PDF input existed).

    python benchmarks/real/index_speed.py [--copies 10] [--rounds 3]

Each page of benchmarks/real/pages (PDF, and its SLUG.txt) is copied `--copies` times into
a temporary corpus; every round builds a new index with the real CLI in a subprocess pinned
to one core (sched_setaffinity), so start-up and jieba's dictionary load are counted as a
user pays them. Prints min / median / max seconds and pages a second for both corpora.
"""
from __future__ import annotations

import argparse
import os
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


def time_build(folder: Path, index: Path) -> float:
    exe = shutil.which("newsgrep")
    cmd = [exe] if exe else [sys.executable, "-m", "newsgrep"]
    shutil.rmtree(index, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(cmd + ["index", str(folder), "--index", str(index)], check=True,
                   capture_output=True, preexec_fn=one_core)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        kinds = {"PDF pages": ".pdf", "their pdftotext text": ".txt"}
        counts = {name: corpus(root / suffix[1:], suffix, args.copies) for name, suffix in kinds.items()}
        print(f"{'corpus':<24}{'pages':>6}{'min s':>8}{'median s':>10}{'max s':>8}{'pages/s':>9}")
        for name, suffix in kinds.items():
            times = [time_build(root / suffix[1:], root / f"index{suffix}") for _ in range(args.rounds)]
            median = statistics.median(times)
            print(f"{name:<24}{counts[name]:>6}{min(times):>8.1f}{median:>10.1f}{max(times):>8.1f}"
                  f"{counts[name] / median:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
