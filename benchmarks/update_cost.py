"""Full build, one-file update and index size, side by side for one or more versions.

For each version (a folder to put first on PYTHONPATH, or the installed newsgrep), in
rounds that alternate the versions so that the machine's load falls on all alike:

- a full build of the corpus (`newsgrep index CORPUS --index DIR --rebuild`, a new
  process): wall seconds and CPU seconds of the whole process tree;
- updates after a one-article edit (a marker put before the first paragraph of one
  article of the page whose file name is the corpus's median name, so that a corpus and
  its copies edit the same page; each update edits it anew): wall seconds, and as a
  fraction of the same round's full build;
- bytes an update writes: the new generation's files that are not hard links to the
  previous generation's (compared by inode before and after the update);
- the index's size: bytes of the current generation's files, against the corpus's bytes,
  and per part (store, grams, whoosh, the rest) and per store file kind;
- checks: the marker is found exactly once, the article count is unchanged;
- with `--queries`, cold query times on the built index (a new process each, the
  versions alternating, median of `--query-runs`), so that a smaller index is seen not
  to cost query time.

With two `--corpus` (the corpus and its copies at scale: `make_corpus.py --copies 10`),
each round builds both, then times the updates in turn: one update of each scale and
version after another, the order reversed each time, so that load falls on all alike.
The report gives each version's update time at the second scale against the first: an
update should cost what changed, not the archive.

    python benchmarks/update_cost.py [--corpus DIR [--corpus DIR10]] [--rounds 2]
        [--updates 3] [--version before=/tmp/old-checkout --version now=.] [--json out.json]

The corpus is copied into the work folder first (it is edited), and each version's
modules are compiled to bytecode first, as installing them does. Load averages are
printed before and after every measured run: compare versions within a round.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

DEFAULT_CORPUS = Path(os.environ.get("NEWSGREP_BENCH_CORPUS", "/work/corpus"))


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run(version: tuple[str, str | None], *args) -> tuple[float, float, str]:
    """One newsgrep command in a new process: wall seconds, CPU seconds (children), stdout."""
    env = dict(os.environ)
    if version[1]:
        env["PYTHONPATH"] = version[1]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # -P: `-m` would put the working folder first on the path, and a checkout there
    # would win over the version asked for.
    done = subprocess.run([sys.executable, "-P", "-m", "newsgrep", *map(str, args)], env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{version[0]}: newsgrep {' '.join(map(str, args))} failed:\n"
                         f"{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def generation(index: Path) -> Path:
    return index / (index / "CURRENT").read_text().strip()


def sizes(index: Path) -> dict[str, int]:
    """Bytes of the current generation, in total and per part and store file kind."""
    folder = generation(index)
    parts: dict[str, int] = {}
    for path in folder.rglob("*"):
        if path.is_file():
            rel = path.relative_to(folder)
            part = rel.parts[0] if len(rel.parts) > 1 else "other"
            size = path.stat().st_size
            parts[part] = parts.get(part, 0) + size
            if part == "store":
                for name, member_size in _store_members(path):
                    kind = f"store/{_kind(name)}"
                    parts[kind] = parts.get(kind, 0) + member_size
            if part == "whoosh":
                kind = f"whoosh/*{path.suffix}"
                parts[kind] = parts.get(kind, 0) + size
    parts["total"] = sum(v for k, v in parts.items() if "/" not in k)
    return parts


def _store_members(path: Path) -> list[tuple[str, int]]:
    """A store file's members by name and size: a part's pack (a ZIP archive, index
    format 14) by its members, any other file (a part folder's, before) as itself."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as pack:
            return [(info.filename, info.file_size) for info in pack.infolist()]
    return [(path.name, path.stat().st_size)]


def _kind(name: str) -> str:
    if name.startswith(("records.", "body.", "sheet.", "title.")):
        return name
    return "other (columns, offsets, small fields)"


def inodes(index: Path) -> set[tuple[int, int]]:
    """The current generation's files, by (device, inode)."""
    return {(s.st_dev, s.st_ino) for s in
            (p.stat() for p in generation(index).rglob("*") if p.is_file())}


def new_bytes(index: Path, old: set[tuple[int, int]]) -> int:
    """Bytes of the current generation's files that are not among `old` (hard links)."""
    return sum(s.st_size for s in (p.stat() for p in generation(index).rglob("*")
                                   if p.is_file()) if (s.st_dev, s.st_ino) not in old)


def count(version, index: Path, query: str) -> int:
    _wall, _cpu, out = run(version, "search", query, "--index", index, "-c")
    return int(out.strip() or 0)


def articles(version, index: Path) -> int:
    _wall, _cpu, out = run(version, "stats", "--index", index, "--json")
    return json.loads(out)["articles"]


def edit(page: Path, original: str, marker: str) -> None:
    """A one-article edit: a marker before the first paragraph of the page's first article
    (after its first blank line), the rest of the page as it was."""
    page.write_text(original.replace("\n\n", f"\n\n{marker} ", 1), encoding="utf-8")


def edited_page(corpus: Path) -> Path:
    """The page the updates edit: the first (in path order) whose name is the median of
    the corpus's file names, the same page in a corpus and in its copies."""
    pages = sorted(corpus.rglob("*.txt"))
    median = sorted(p.name for p in pages)[len(pages) // 2]
    return next(p for p in pages if p.name == median)


def build(version, corpus: Path, work: Path, round_: int) -> dict:
    """A full build of `corpus` by `version`: its figures, and what its updates need."""
    index = work / f"index-{version[0]}-{corpus.name}"
    shutil.rmtree(index, ignore_errors=True)
    result: dict = {"version": version[0], "corpus": corpus.name, "round": round_,
                    "load_before_build": load()}
    wall, cpu, out = run(version, "index", corpus, "--index", index, "--rebuild")
    result.update(build_wall=wall, build_cpu=cpu, build_summary=out.strip(),
                  load_after_build=load())
    result["sizes"] = sizes(index)
    result["articles_before"] = articles(version, index)
    result["edited"] = str(edited_page(corpus).relative_to(corpus))
    result.update(update_walls=[], update_loads=[], update_written=[])
    return result


def update(version, corpus: Path, work: Path, result: dict, n: int, last: bool) -> None:
    """One update of `version`'s index after an edit of the page (from its text as the
    copy had it), noted in `result`; after the `last`, the edit is looked for."""
    index = work / f"index-{version[0]}-{corpus.name}"
    page = corpus / result["edited"]
    marker = f"benchedit{result['round']}x{n}{version[0]}q"
    edit(page, ORIGINALS.setdefault(page, page.read_text(encoding="utf-8")), marker)
    result["update_loads"].append(load())
    old = inodes(index)
    wall, _cpu, out = run(version, "index", corpus, "--index", index)
    result["update_walls"].append(wall)
    result["update_written"].append(new_bytes(index, old))
    result["update_summary"] = out.strip()
    if last:
        result["marker_found"] = count(version, index, marker)
        result["articles_after"] = articles(version, index)
        result["update_wall"] = statistics.median(result["update_walls"])
        result["update_fraction"] = result["update_wall"] / result["build_wall"]


ORIGINALS: dict[Path, str] = {}  # each edited page's text as copied, put back at the end


QUERIES = [("华为", "-n", "10"), ("医院", "-c"), ("车", "-n", "10"), ('"人工 智能"', "-n", "10"),
           ("title:手机", "-n", "10"), ("手机 AND 苹果", "-n", "10"), ("北京大学", "-n", "10"),
           ("的 是", "-n", "10")]


def time_queries(versions, work: Path, runs: int, corpus: str) -> dict:
    """Median wall ms of each query per version, cold processes, versions alternating."""
    times: dict = {v[0]: {q[0]: [] for q in QUERIES} for v in versions}
    for n in range(runs):
        for query in QUERIES:
            for version in (versions if n % 2 == 0 else versions[::-1]):
                wall, _cpu, _out = run(version, "search", *query,
                                       "--index", work / f"index-{version[0]}-{corpus}")
                times[version[0]][query[0]].append(wall * 1000)
    return {v: {q: statistics.median(t) for q, t in per.items()} for v, per in times.items()}


def report(results: list[dict], text_bytes: dict[str, int]) -> str:
    lines = [f"corpus {name}: {size:,} bytes" for name, size in text_bytes.items()] + [
        "", "| version | corpus | round | build wall s | build CPU s | update s (each) "
        "| update / build | index MiB | × text | update writes MB | marker found "
        "| articles same | edited | load (build; updates) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        total = r["sizes"]["total"]
        lines.append(
            f"| {r['version']} | {r['corpus']} | {r['round']} | {r['build_wall']:.1f} | "
            f"{r['build_cpu']:.1f} | "
            f"{r['update_wall']:.2f} ({', '.join(f'{w:.2f}' for w in r['update_walls'])}) | "
            f"{r['update_fraction']:.3f} | {total / 2**20:.1f} | "
            f"{total / text_bytes[r['corpus']]:.2f} | "
            f"{statistics.median(r['update_written']) / 1e6:.1f} | "
            f"{r['marker_found']} | {r['articles_before'] == r['articles_after']} | "
            f"{r['edited']} | {r['load_before_build']} → {r['load_after_build']}; "
            f"{' / '.join(r['update_loads'])} |")
    lines += _scale_lines(results, list(text_bytes))
    lines += ["", "Bytes per part (last round of each version and corpus):", ""]
    last = {f"{r['version']} {r['corpus']}": r for r in results}
    kinds = sorted({k for r in last.values() for k in r["sizes"]})
    lines.append("| part | " + " | ".join(last) + " |")
    lines.append("|---|" + "---|" * len(last))
    for kind in kinds:
        lines.append(f"| {kind} | " + " | ".join(
            f"{r['sizes'].get(kind, 0) / 1e6:.1f} MB" for r in last.values()) + " |")
    return "\n".join(lines)


def _scale_lines(results: list[dict], corpora: list[str]) -> list[str]:
    """With two corpora: each version's update seconds at the second against the first
    (medians over its rounds' updates)."""
    if len(corpora) != 2:
        return []
    lines = ["", f"Update at {corpora[1]} against {corpora[0]} (median of every update):", "",
             f"| version | {corpora[0]} s | {corpora[1]} s | ratio |", "|---|---|---|---|"]
    for version in dict.fromkeys(r["version"] for r in results):
        walls = [statistics.median(w for r in results if r["version"] == version and
                                   r["corpus"] == corpus for w in r["update_walls"])
                 for corpus in corpora]
        lines.append(f"| {version} | {walls[0]:.2f} | {walls[1]:.2f} | "
                     f"{walls[1] / walls[0]:.2f} |")
    return lines


def measure_round(versions, corpora: list[Path], work: Path, updates: int,
                  round_: int) -> list[dict]:
    """Every version's build of every corpus, then their updates taken in turn (the
    corpora, then the versions, alternating each time), so that the machine's load falls
    on every scale and version alike: a scale's updates are not timed minutes apart from
    another's."""
    order = versions if round_ % 2 == 0 else versions[::-1]
    results = {}
    for corpus in corpora:
        for version in order:
            print(f"round {round_}: {version[0]} builds {corpus.name} (load {load()})",
                  file=sys.stderr, flush=True)
            results[version, corpus] = build(version, corpus, work, round_)
    for n in range(updates):
        turns = [(v, c) for c in corpora for v in order]
        for version, corpus in turns if n % 2 == 0 else turns[::-1]:
            update(version, corpus, work, results[version, corpus], n, n == updates - 1)
    for result in results.values():
        print(json.dumps(result), file=sys.stderr, flush=True)
    return list(results.values())


def compile_version(version: tuple[str, str | None]) -> None:
    """Write the bytecode of the version's modules, as `pip install` does. Without it,
    where PYTHONDONTWRITEBYTECODE is set (or the folder is read-only) every run compiles
    newsgrep from source, about 0.15 s that an installed newsgrep never pays: a quarter
    of an update, measured on the same indexes with and without (0.70 against 0.56 s)."""
    import compileall

    env = dict(os.environ)
    if version[1]:
        env["PYTHONPATH"] = version[1]
    package = subprocess.run(
        [sys.executable, "-P", "-c", "import newsgrep, os; print(os.path.dirname(newsgrep.__file__))"],
        env=env, capture_output=True, text=True, check=True).stdout.strip()
    compileall.compile_dir(package, quiet=1)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, action="append", default=[],
                        help=f"repeatable: two for an update at scale (default {DEFAULT_CORPUS})")
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--updates", type=int, default=3)
    parser.add_argument("--version", action="append", default=[],
                        help="NAME=PYTHONPATH (repeatable; default: the installed newsgrep)")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--queries", action="store_true", help="also time queries")
    parser.add_argument("--query-runs", type=int, default=5)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    versions = [(v.split("=", 1)[0], os.path.abspath(v.split("=", 1)[1]))
                for v in args.version] or [("installed", None)]
    for name, path in versions:  # a missing folder would run the installed newsgrep
        if path is not None and not os.path.isdir(os.path.join(path, "newsgrep")):
            sys.exit(f"--version {name}={path}: no newsgrep package in that folder "
                     "(`git archive REV newsgrep | tar -x -C FOLDER` makes one)")
    for version in versions:
        compile_version(version)
    work = args.work or Path(tempfile.mkdtemp(prefix="newsgrep-update-cost-"))
    corpora = []
    for k, source in enumerate(args.corpus or [DEFAULT_CORPUS]):
        corpora.append(work / f"{k}-{Path(os.path.abspath(source)).name}")
        if not corpora[-1].exists():
            shutil.copytree(source, corpora[-1])
    time.sleep(2.5)  # a stat younger than 2 s is not trusted to tell a later change
    text_bytes = {c.name: sum(p.stat().st_size for p in c.rglob("*") if p.is_file())
                  for c in corpora}
    results = []
    try:
        for round_ in range(args.rounds):
            results.extend(measure_round(versions, corpora, work, args.updates, round_ + 1))
    finally:
        for page, text in ORIGINALS.items():
            page.write_text(text, encoding="utf-8")
    print(report(results, text_bytes))
    queries = time_queries(versions, work, args.query_runs, corpora[0].name) \
        if args.queries else {}
    if queries:
        print("\n| query | " + " | ".join(queries) + " |\n|---|" + "---|" * len(queries))
        for query in QUERIES:
            print(f"| {' '.join(query)} | " + " | ".join(
                f"{per[query[0]]:.0f} ms" for per in queries.values()) + " |")
        print(f"\nload after the queries: {load()}")
    if args.json:
        args.json.write_text(json.dumps({"text_bytes": text_bytes, "results": results,
                                         "queries": queries}, indent=1))


if __name__ == "__main__":
    main()
