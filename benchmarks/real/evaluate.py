#!/usr/bin/env python3
"""Score the parser on real e-paper pages, read three ways: the PDF itself and pdftotext's two
text extractions.

    python benchmarks/real/evaluate.py [DIR] [--show-failures K] [--json] [--speed]

DIR (default: benchmarks/real/pages) holds, per page, SLUG.pdf, SLUG.txt (`pdftotext`),
SLUG.layout.txt (`pdftotext -layout`) and SLUG.truth.json (checked by hand against the
page; format and metrics: benchmarks/layouts/README.md). Each mode is scored with the
layout benchmark's scorer, so the figures mean the same there and here.
`--speed` also times PDF reading (pages a second, one process, one core).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "layouts"))

import evaluate as layouts  # noqa: E402  (the layout benchmark's scorer)

MODES = ("pdf", "txt", "layout")


def articles_of(mode: str, page: Path) -> tuple[list, str] | None:
    """The parsed articles of one page read one way (ordinal-0 page text left out) and
    the text they were read from; None when the page has no file for that mode."""
    if mode == "pdf":
        from newsgrep.ingest.pdf import read_pdf
        reading = read_pdf(page.with_suffix(".pdf").read_bytes())
        return [a for ordinal, a in reading.numbered if ordinal], reading.text
    from newsgrep.ingest.parsing import parse_page
    source = page.with_suffix(".txt") if mode == "txt" else page.with_name(page.stem + ".layout.txt")
    if not source.exists():
        return None
    text = layouts.decode(source.read_bytes())
    return parse_page(text), text


def evaluate(folder: Path) -> dict[str, layouts.Tally]:
    tallies = {mode: layouts.Tally() for mode in MODES}
    for truth_path in sorted(folder.glob("*.truth.json")):
        page = truth_path.with_name(truth_path.name[:-len(".truth.json")] + ".txt")
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        for mode in MODES:
            try:
                read = articles_of(mode, page)
            except Exception as exc:  # a crash scores as an empty page
                tallies[mode].errors += 1
                tallies[mode].fails["errors"].append((page.stem, f"{type(exc).__name__}: {exc}", "", ""))
                read = [], ""
            if read is not None:
                layouts.score_page(f"{page.stem} [{mode}]", read[1], truth, read[0], tallies[mode])
    return tallies


def pdf_speed(folder: Path, rounds: int = 3) -> float:
    """Pages a second reading every PDF of the folder, best of `rounds`."""
    from newsgrep.ingest.pdf import read_pdf
    pdfs = [p.read_bytes() for p in sorted(folder.glob("*.pdf"))]
    read_pdf(pdfs[0])  # imports and jieba's dictionary are paid once per process
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for data in pdfs:
            read_pdf(data)
        best = min(best, time.perf_counter() - start)
    return len(pdfs) / best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path, nargs="?", default=HERE / "pages")
    ap.add_argument("--show-failures", type=int, default=0, metavar="K")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--speed", action="store_true")
    args = ap.parse_args(argv)
    tallies = evaluate(args.dir)
    if args.json:
        print(json.dumps({m: {k: t.value(k) for k in layouts.METRICS} for m, t in tallies.items()}, indent=1))
    else:
        total = tallies["pdf"]
        print(layouts.table(tallies, total).replace("ALL ", "(pdf)"))
    for mode, tally in tallies.items():
        for metric, fails in tally.fails.items():
            for fail in fails[:args.show_failures]:
                print(f"[{mode}] {metric}: " + " | ".join(map(str, fail)))
    if args.speed:
        print(f"PDF reading: {pdf_speed(args.dir):.1f} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
