#!/usr/bin/env python3
"""Which PDF library reads e-paper pages best: speed and CJK correctness, side by side.

    pip install pdfplumber pymupdf   # the candidates newsgrep does not ship
    python benchmarks/real/libraries.py [DIR]

For every PDF in DIR (default: benchmarks/real/pages) each library extracts every character
with its box and font size (what the layout reader needs). Reported per library: pages a
second (best of three rounds, one core) and CJK correctness, the share of the page's
characters (pdftotext's SLUG.txt, spaces removed, as the reference) that the library's
characters cover, counted as multisets.
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def chars_pypdfium2(data: bytes) -> list[tuple[str, float]]:
    from newsgrep.ingest.pdf.glyphs import read_glyphs
    return [(g.char, g.size) for page in read_glyphs(data) for g in page.glyphs]


def chars_pdfplumber(data: bytes) -> list[tuple[str, float]]:
    import io

    import pdfplumber
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(c["text"], c["size"]) for page in pdf.pages for c in page.chars]


def chars_pymupdf(data: bytes) -> list[tuple[str, float]]:
    import pymupdf
    out = []
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for page in doc:
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        out.extend((c["c"], span["size"]) for c in span["chars"])
    return out


LIBRARIES = {"pypdfium2": chars_pypdfium2, "pdfplumber (pdfminer.six)": chars_pdfplumber,
             "PyMuPDF": chars_pymupdf}


def coverage(chars: list[tuple[str, float]], reference: str) -> float:
    want = Counter(c for c in reference if not c.isspace())
    got = Counter(c for c, _size in chars if not c.isspace())
    return sum((want & got).values()) / max(1, sum(want.values()))


def measure(folder: Path) -> list[tuple[str, float, float]]:
    pdfs = sorted(folder.glob("*.pdf"))
    rows = []
    for name, extract in LIBRARIES.items():
        try:
            extract(pdfs[0].read_bytes())
        except ImportError:
            rows.append((name, float("nan"), float("nan")))
            continue
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            results = [extract(p.read_bytes()) for p in pdfs]
            best = min(best, time.perf_counter() - start)
        cov = sum(coverage(r, p.with_suffix(".txt").read_text(encoding="utf-8"))
                  for r, p in zip(results, pdfs)) / len(pdfs)
        rows.append((name, len(pdfs) / best, cov))
    return rows


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "pages"
    print(f"{'library':<28}{'pages/s':>9}{'CJK coverage':>14}")
    for name, speed, cov in measure(folder):
        print(f"{name:<28}{speed:>9.1f}{cov:>14.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
