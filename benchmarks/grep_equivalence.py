"""Does `newsgrep search S -l` list exactly the files grep finds? (README: "it never misses
an article grep would have found".)

For every distinct two-character string of the seed pages and of 20 corpus files (drawn
with a fixed seed), compare the files `Index.files` lists for the quoted string with the
files whose text, normalised as the README says, holds it: each file folded whole
(`normalize.fold`: width, case, traditional to simplified, no space between Chinese
characters or across a line break between them), and a line break between two narrow
characters also read joined (`1+2+` / `3+4`). Only this script's own `grep_text` defines
the expected side; the index is built through the public API.

    python benchmarks/grep_equivalence.py CORPUS [--index DIR] [--files 20] [--seed 22]

Prints the number of strings checked and every mismatch; exits 1 when there is one.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def grep_text(raw: bytes) -> list[str]:
    """The texts grep is run on for one file: the whole file folded, and each pair of
    lines broken between two narrow characters folded as joined."""
    from newsgrep.ingest.sources import decode
    from newsgrep.normalize import fold, is_wide

    text = decode(raw).text
    lines = text.splitlines()
    views = [fold(text)]
    for line, following in zip(lines, lines[1:]):
        before, after = line.rstrip()[-1:], following.lstrip()[:1]
        if before and after and not is_wide(before) and not is_wide(after):
            views.append(fold(line + following))
    return views


def two_char_strings(views: list[str]) -> set[str]:
    """Every distinct string of two characters of a file's folded text, spaces at neither
    end (a query's spaces around a term are not part of it)."""
    text = views[0]
    return {s for s in (text[i:i + 2] for i in range(len(text) - 1)) if s == s.strip()}


def quoted(term: str) -> str:
    """The term as one quoted phrase of the query language, whatever it holds."""
    for opening, closing in (('"', '"'), ("「", "」"), ("“", "”")):
        if opening not in term and closing not in term:
            return opening + term + closing
    raise ValueError(f"no quote fits {term!r}")


def mismatches(index: Path, texts: dict[str, list[str]], strings: set[str]):
    """Yield (string, files grep finds and search does not, files search finds and grep
    does not) for every string on which they differ."""
    import newsgrep

    with newsgrep.open_index(index) as ix:
        for term in sorted(strings):
            expected = {path for path, views in texts.items() if any(term in v for v in views)}
            found = set(ix.files(quoted(term)))
            if found != expected:
                yield term, expected - found, found - expected


def read_texts(files: list[Path]) -> dict[str, list[str]]:
    return {str(f.resolve()): grep_text(f.read_bytes()) for f in files}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--index", type=Path, help="an index of the corpus and the seeds")
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()
    import newsgrep

    seeds = sorted((REPO / "seeds").glob("*.txt"))
    corpus = sorted(args.corpus.rglob("*.txt"))
    sample = random.Random(args.seed).sample(corpus, min(args.files, len(corpus)))
    with tempfile.TemporaryDirectory() as scratch:
        index = args.index
        if index is None:
            index = Path(scratch) / "index"
            started = time.perf_counter()
            newsgrep.build_index([REPO / "seeds", args.corpus], index)
            print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        texts = read_texts(seeds + corpus)
        strings = set()
        for path in seeds + sample:
            strings |= two_char_strings(texts[str(path.resolve())])
        started = time.perf_counter()
        bad = 0
        for term, missing, extra in mismatches(index, texts, strings):
            bad += 1
            print(f"{term!r}: search misses {len(missing)} ({sorted(missing)[:2]}), "
                  f"finds {len(extra)} more ({sorted(extra)[:2]})")
        print(f"{len(strings)} strings of {len(seeds)} seed pages and {len(sample)} corpus "
              f"files, {len(texts)} files searched: {bad} mismatches "
              f"({time.perf_counter() - started:.0f} s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
