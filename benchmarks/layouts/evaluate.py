#!/usr/bin/env python3
"""Score the page parser against laid-out pages with ground truth (NAME.txt + NAME.truth.json).

    python benchmarks/layouts/evaluate.py DIR [--json] [--show-failures K] [--index]
                                          [--parser module:function | file.py:function]

Each page is decoded as the indexer decodes it (`newsgrep.ingest.sources.decode`), parsed
with `parse_page`, and its articles are matched to the true ones by character-bigram overlap
of their folded bodies. Metric definitions: README.md next to this file.
"""
from __future__ import annotations

import argparse
import collections
import importlib
import importlib.util
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

METRICS = ["boundaries", "precision", "subhead_splits", "titles", "kickers", "subtitles",
           "authors_recall", "authors_precision", "jumps", "jumps_set", "paper", "date", "page",
           "straddle_recall", "coverage", "body_exact"]
SHORT = {"boundaries": "bound", "precision": "prec", "subhead_splits": "subh", "titles": "title",
         "kickers": "kick", "subtitles": "subt", "authors_recall": "au_r",
         "authors_precision": "au_p", "jumps": "jump", "jumps_set": "jmp+", "paper": "paper",
         "date": "date", "page": "page", "straddle_recall": "strad", "coverage": "cover",
         "body_exact": "exact",
         "index_straddle": "idx"}

# A dateline that opens a story stays in the body by the project's convention ("本报讯为…");
# another layout may keep or drop it: both sides lose it before comparing.
_DATELINE = re.compile(r"^(?:【本报讯】|本报讯|本报(?:[\u4e00-\u9fff]{1,6})?(?:\d{1,2}月\d{1,2}日)?[电讯]"
                       r"|新华社(?:[\u4e00-\u9fff]{1,6})?(?:\d{1,2}月\d{1,2}日)?电)")
_WS = re.compile(r"\s+")


# ---------------------------------------------------------------------------
# Loading


def load_parser(spec: str):
    mod_name, _, func = spec.rpartition(":")
    if not mod_name:
        mod_name, func = spec, "parse_page"
    if mod_name.endswith(".py"):
        loaded = importlib.util.spec_from_file_location("_layout_parser", mod_name)
        module = importlib.util.module_from_spec(loaded)
        sys.modules[loaded.name] = module
        loaded.loader.exec_module(module)
    else:
        module = importlib.import_module(mod_name)
    return getattr(module, func)


def decode(data: bytes) -> str:
    try:
        from newsgrep.ingest.sources import decode as ng_decode
        return ng_decode(data).text
    except ImportError:  # pragma: no cover - outside the project
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("gb18030", "replace")


def _fold():
    from newsgrep.normalize import fold
    return fold


FOLD = None


def folded(text: str) -> str:
    """Fold as search does, then drop every space: comparisons ignore layout spacing."""
    global FOLD
    if FOLD is None:
        FOLD = _fold()
    return FOLD(text or "").replace(" ", "")


def nows(text: str | None) -> str:
    return _WS.sub("", text or "")


def _headline_key(text: str | None) -> str:
    return nows(text).lstrip("—-－─―")


def body_key(body: str) -> str:
    """The folded body without paragraph breaks or a leading dateline."""
    f = folded(body.replace("\n", ""))
    return _DATELINE.sub("", f, count=1)


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


# ---------------------------------------------------------------------------
# Scoring one page


@dataclass
class Tally:
    num: dict = field(default_factory=lambda: collections.Counter())
    den: dict = field(default_factory=lambda: collections.Counter())
    fails: dict = field(default_factory=lambda: collections.defaultdict(list))
    pages: int = 0
    articles: int = 0
    errors: int = 0
    invented: collections.Counter = field(default_factory=collections.Counter)

    def add(self, metric: str, ok: bool, failure=None) -> None:
        self.den[metric] += 1
        if ok:
            self.num[metric] += 1
        elif failure is not None:
            self.fails[metric].append(failure)

    def merge(self, other: "Tally") -> None:
        self.num.update(other.num)
        self.den.update(other.den)
        for k, v in other.fails.items():
            self.fails[k].extend(v)
        self.pages += other.pages
        self.articles += other.articles
        self.errors += other.errors
        self.invented.update(other.invented)

    def value(self, metric: str) -> float | None:
        return self.num[metric] / self.den[metric] if self.den[metric] else None


def _short(text: str, n: int = 36) -> str:
    text = (text or "").replace("\n", "⏎")
    return text if len(text) <= n else text[:n // 2] + "…" + text[-(n // 2):]


def _art_view(a) -> str:
    if a is None:
        return "(no parsed article)"
    return (f"title={a.title!r} kicker={a.kicker!r} subtitle={a.subtitle!r} "
            f"authors={list(a.authors)} from={a.continued_from} to={a.continued_to} "
            f"body={_short(a.body, 60)!r}")


def _truth_view(t: dict) -> str:
    return (f"title={t['title']!r} kicker={t['kicker']!r} subtitle={t['subtitle']!r} "
            f"authors={t['authors']} from={t['continued_from']} to={t['continued_to']} "
            f"body={_short(t['body'], 60)!r}")


def straddles(text: str, truth: dict, rng: random.Random, k: int = 20) -> list[str]:
    """Up to k stretches of 6-12 characters that a line break cuts, as a reader joins them.

    A stretch is kept only when the joined text is in one true body paragraph (a hard wrap,
    not a paragraph end); stretches with digits come first.
    """
    paras = [folded(p) for a in truth["articles"] for p in a["body"].split("\n")]
    joined = "\x00".join(paras)
    lines = text.split("\n")
    digit, plain = [], []
    for i, line in enumerate(lines):
        a = line.rstrip()
        if not a:
            continue
        j, blanks = i + 1, 0
        while j < len(lines) and not lines[j].strip() and blanks < 2:
            j, blanks = j + 1, blanks + 1
        if j >= len(lines) or not lines[j].strip():
            continue
        b = lines[j].strip()
        left = rng.randint(2, 6)
        right = rng.randint(max(2, 6 - left), max(2, 12 - left))
        sa, sb = a[-left:], b[:right]
        if " " in sa or " " in sb or "\u3000" in sa or "\u3000" in sb or len(sa) < 2 or len(sb) < 2:
            continue
        s = sa + sb
        if folded(s) not in joined:
            continue
        (digit if re.search(r"\d", sa[-1:] + sb[:1]) else plain).append(s)
    rng.shuffle(digit)
    rng.shuffle(plain)
    return (digit + plain)[:k]


def _line_of(text: str, snippet: str) -> int | None:
    """1-based number of the page line where a (folded) snippet starts, if found."""
    if not snippet:
        return None
    lines = text.split("\n")
    folded_lines = [folded(line) for line in lines]
    for i, fl in enumerate(folded_lines):
        joined = fl + (folded_lines[i + 1] if i + 1 < len(lines) else "")
        k = joined.find(snippet)
        if k != -1 and k < len(fl):
            return i + 1
    return None


def score_page(name: str, text: str, truth: dict, parsed: list, tally: Tally) -> list[str]:
    """Add one page's figures to `tally`; returns the page's straddle stretches."""
    # another generator may leave optional keys out: read every field with its default
    T = [{"title": a.get("title") or "", "kicker": a.get("kicker") or "",
          "subtitle": a.get("subtitle") or "", "authors": list(a.get("authors") or []),
          "continued_from": a.get("continued_from"), "continued_to": a.get("continued_to"),
          "body": a.get("body") or "", "subheads": list(a.get("subheads") or [])}
         for a in truth.get("articles", [])]
    truth = dict(truth, articles=T)
    P = parsed
    tally.pages += 1
    tally.articles += len(T)
    tkeys = [body_key(t["body"]) for t in T]
    pkeys = [body_key(p.body) for p in P]
    tb = [bigrams(k) for k in tkeys]
    pb = [bigrams(k) for k in pkeys]
    inter = [[len(tb[i] & pb[j]) for j in range(len(P))] for i in range(len(T))]
    match: list[int | None] = []
    for i in range(len(T)):
        best, score = None, 0.0
        for j in range(len(P)):
            c = inter[i][j] / max(1, len(tb[i]))
            if c > score:
                best, score = j, c
        match.append(best if score >= 0.3 else None)
    matched_by = collections.Counter(m for m in match if m is not None)

    def parsed_of(i):
        return P[match[i]] if match[i] is not None else None

    for i, t in enumerate(T):
        p = parsed_of(i)
        paras = [folded(x) for x in t["body"].split("\n") if x.strip()]
        if paras:
            paras[0] = _DATELINE.sub("", paras[0], count=1)
        first = paras[0] if paras else ""
        last = paras[-1] if paras else ""
        pk = pkeys[match[i]] if p is not None else ""
        ok = p is not None and pk.startswith(first) and pk.endswith(last)
        why = ""
        if p is not None and not ok:
            if matched_by[match[i]] > 1:
                why = "merged with another story"
            elif not pk.startswith(first):
                why = "starts differently" if first.startswith(pk[:8]) or pk.startswith(first[:8]) else "split or wrong start"
            else:
                why = "ends differently"
        where = _line_of(text, first[:6]) if not ok else None
        tally.add("boundaries", ok, (name, (why or "no match") + (f" (story at page line {where})" if where else ""),
                                     _truth_view(t), _art_view(p)))
        tally.add("body_exact", p is not None and pk == tkeys[i],
                  (name, "body differs", _truth_view(t), _art_view(p)))
        # headline fields
        tally.add("titles", p is not None and nows(p.title) == nows(t["title"]),
                  (name, "title", repr(t["title"]), repr(p.title if p else None)))
        for metric, key in (("kickers", "kicker"), ("subtitles", "subtitle")):
            got = getattr(p, key, "") if p is not None else ""
            # a subtitle's leading dash is print decoration: kept or dropped, it is the same
            same = _headline_key(got) == _headline_key(t[key])
            if nows(t[key]) or nows(got):
                tally.add(metric, p is not None and same,
                          (name, key, repr(t[key]), repr(got) + f"  (title {p.title!r})" if p else "None"))
        # authors: every credited name
        true_names = [nows(n) for n in t["authors"]]
        got_names = {nows(n) for n in (p.authors if p is not None else ())}
        for n in true_names:
            tally.add("authors_recall", n in got_names,
                      (name, "name missed", f"{n} of {true_names}", f"parsed {sorted(got_names)} (title {p.title if p else None!r})"))
        # jumps
        for key in ("continued_from", "continued_to"):
            got = getattr(p, key, None) if p is not None else None
            ok = p is not None and got == t[key]
            tally.add("jumps", ok, (name, key, repr(t[key]), repr(got) + f" (title {p.title if p else None!r})"))
            if t[key] is not None:
                tally.add("jumps_set", ok, None)
        # sub-heads: none may open a parsed article
        body_paras = [x for x in t["body"].split("\n") if x.strip()]
        for h in t.get("subheads", []):
            fh = folded(h)
            nxt = None
            for k, x in enumerate(body_paras):
                if x == h and k + 1 < len(body_paras):
                    nxt = folded(body_paras[k + 1])
                    break
            opened = None
            for j, q in enumerate(P):
                qb = folded(q.body.replace("\n", ""))
                if folded(q.title) == fh or (qb.startswith(fh) and not qb.startswith(body_key(t["body"])[:len(fh) + 4])) \
                        or (nxt and qb.startswith(nxt) and j != match[i]):
                    opened = q
                    break
            tally.add("subhead_splits", opened is None,
                      (name, f"sub-head of {t['title']!r} opened an article", repr(h), _art_view(opened)))

    # precision: parsed articles that are exactly one true article
    for j, q in enumerate(P):
        owners = [i for i in range(len(T)) if match[i] == j]
        ok = len(owners) == 1 and inter[owners[0]][j] / max(1, len(pb[j])) >= 0.8
        tally.add("precision", ok, (name, f"parsed article matches {len(owners)} true",
                                    "true titles: " + " | ".join(T[i]["title"] for i in owners),
                                    _art_view(q)))
        # author precision: names the parsed article credits that the truth does too
        owner = owners[0] if owners else (max(range(len(T)), key=lambda i: inter[i][j]) if T else None)
        true_names = {nows(n) for n in T[owner]["authors"]} if owner is not None else set()
        for n in q.authors:
            tally.add("authors_precision", nows(n) in true_names,
                      (name, "name not credited", repr(n), f"truth {sorted(true_names)}; parsed title {q.title!r}"))

    # page metadata: the value most parsed articles carry
    for key in ("paper", "date", "page"):
        values = [getattr(q, key, None) for q in P if getattr(q, key, None) is not None]
        got = collections.Counter(values).most_common(1)[0][0] if values else None
        want = truth.get(key)
        if want is None:
            if got is not None:
                tally.invented[key] += 1
            continue
        same = nows(str(got)) == nows(str(want)) if got is not None else False
        tally.add(key, same, (name, key, repr(want), repr(got)))

    # straddles
    rng = random.Random(name)
    stretches = straddles(text, truth, rng)
    hay = "|".join(folded(f) for q in P
                   for f in (q.title, q.kicker, q.subtitle, q.body.replace("\n", ""), " ".join(q.authors)))
    for s in stretches:
        tally.add("straddle_recall", folded(s) in hay, (name, "stretch not found", repr(s), ""))
    # coverage: every true paragraph's text should come out somewhere (nothing dropped)
    for t in T:
        for para in t["body"].split("\n"):
            fp = _DATELINE.sub("", folded(para), count=1)
            if fp:
                tally.add("coverage", fp in hay, (name, "paragraph missing from the parse",
                                                   repr(_short(para, 60)), repr(t["title"])))
    return stretches


# ---------------------------------------------------------------------------
# Running


def pages_in(folder: Path) -> list[tuple[str, Path, Path]]:
    out = []
    for truth in sorted(folder.glob("*.truth.json")):
        name = truth.name[:-len(".truth.json")]
        page = truth.with_name(name + ".txt")
        if page.exists():
            out.append((name, page, truth))
    return out


def evaluate(folder: Path, parse, only: set[str] | None = None) -> tuple[dict, Tally, dict]:
    by_family: dict[str, Tally] = collections.defaultdict(Tally)
    stretches: dict[str, list[str]] = {}
    for name, page, truth_path in pages_in(folder):
        if only and name not in only:
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        text = decode(page.read_bytes())
        tally = by_family[truth.get("layout") or "?"]
        try:
            parsed = list(parse(text))
        except Exception as exc:  # a crash scores as an empty page
            tally.errors += 1
            tally.fails["errors"].append((name, f"{type(exc).__name__}: {exc}", "", ""))
            parsed = []
        stretches[name] = score_page(name, text, truth, parsed, tally)
    total = Tally()
    for t in by_family.values():
        total.merge(t)
    return dict(sorted(by_family.items())), total, stretches


def index_check(folder: Path, stretches: dict[str, list[str]], sample: int = 40,
                seed: int = 0) -> tuple[int, int, list[str]]:
    """Index the pages with the real CLI and search straddle stretches as phrases."""
    exe = shutil.which("newsgrep")
    cmd = [exe] if exe else [sys.executable, "-m", "newsgrep"]
    rng = random.Random(seed)
    pool = [s for ss in stretches.values() for s in ss]
    rng.shuffle(pool)
    pool = pool[:sample]
    missed = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "pages"
        corpus.mkdir()
        for page in folder.glob("*.txt"):
            shutil.copy(page, corpus / page.name)
        idx = Path(tmp) / "index"
        r = subprocess.run(cmd + ["index", str(corpus), "--index", str(idx)], capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"newsgrep index failed: {r.stderr.strip()}")
        found = 0
        for s in pool:
            r = subprocess.run(cmd + ["search", f'"{s}"', "--index", str(idx), "-c"],
                               capture_output=True, text=True)
            if r.returncode == 0:
                found += 1
            else:
                missed.append(s)
    return found, len(pool), missed


def check_truth(folder: Path) -> list[str]:
    """Truth fields that are not printed on their page (whitespace aside; a first paragraph's
    dateline may stand before its credit). An empty list means every truth reads off its page."""
    dateline = re.compile(r"^(【本[报報]讯】|本[报報]讯|本[报報]\S*?[电電讯訊]|新[华華]社\S*?[电電])")
    problems = []
    for name, page, truth_path in pages_in(folder):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        flat = nows(decode(page.read_bytes()))
        for art in truth.get("articles", []):
            pieces = [art.get("title", ""), art.get("kicker", ""), art.get("subtitle", ""),
                      *art.get("authors", [])]
            for i, para in enumerate((art.get("body") or "").split("\n")):
                pieces.append(dateline.sub("", para) if i == 0 else para)
            for head in art.get("subheads", []):
                if head not in (art.get("body") or "").split("\n"):
                    problems.append(f"{name}: sub-head is not a paragraph of the body: {head!r}")
            problems += [f"{name}: not on the page: {nows(p)[:40]!r}" for p in pieces
                         if nows(p) and nows(p) not in flat]
    return problems


def _fmt(v: float | None) -> str:
    return "   - " if v is None else f"{v:5.3f}"


def table(by_family: dict, total: Tally, extra: dict | None = None) -> str:
    cols = [m for m in METRICS]
    head = f"{'family':<14}{'pages':>5}{'arts':>5} " + " ".join(f"{SHORT[m]:>5}" for m in cols)
    rows = [head, "-" * len(head)]
    for fam, t in list(by_family.items()) + [("ALL", total)]:
        rows.append(f"{fam:<14}{t.pages:>5}{t.articles:>5} " + " ".join(_fmt(t.value(m)) for m in cols))
    notes = []
    if total.errors:
        notes.append(f"parser errors: {total.errors} page(s)")
    if total.invented:
        notes.append("metadata the header does not print but the parser returned: " +
                     ", ".join(f"{k} on {v} page(s)" for k, v in sorted(total.invented.items())))
    kinds = collections.Counter(f[1].split(" (")[0] for f in total.fails.get("boundaries", []))
    if kinds:
        notes.append("boundary failures: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    if extra:
        notes.append(f"index straddle recall (real CLI, {extra['total']} phrases): "
                     f"{extra['found'] / max(1, extra['total']):.3f}")
    return "\n".join(rows + notes)


def as_json(by_family: dict, total: Tally, extra: dict | None) -> dict:
    def one(t: Tally) -> dict:
        return {"pages": t.pages, "articles": t.articles, "errors": t.errors,
                "metrics": {m: {"value": t.value(m), "num": t.num[m], "den": t.den[m]} for m in METRICS},
                "invented": dict(t.invented)}
    out = {"families": {f: one(t) for f, t in by_family.items()}, "overall": one(total)}
    if extra:
        out["index_straddle"] = extra
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--show-failures", type=int, default=0, metavar="K",
                    help="print K failing cases per metric (truth vs parsed)")
    ap.add_argument("--index", action="store_true",
                    help="also index the pages with the CLI and search straddle phrases")
    ap.add_argument("--index-sample", type=int, default=40)
    ap.add_argument("--parser", default="newsgrep.ingest.parsing:parse_page",
                    help="module:function or path/to/file.py:function")
    ap.add_argument("--pages", default="", help="comma-separated page names to score (default all)")
    ap.add_argument("--baseline", type=Path, metavar="JSON",
                    help="a saved --json run: print each overall figure's change since it")
    ap.add_argument("--check", action="store_true",
                    help="only check that every truth field is printed on its page")
    a = ap.parse_args(argv)
    if a.check:
        problems = check_truth(a.dir)
        print("\n".join(problems) or f"every truth field is printed on its page ({len(pages_in(a.dir))} pages)")
        return 1 if problems else 0
    parse = load_parser(a.parser)
    only = {p for p in a.pages.split(",") if p} or None
    t0 = time.time()
    by_family, total, stretches = evaluate(a.dir, parse, only)
    extra = None
    if a.index:
        found, n, missed = index_check(a.dir, stretches, a.index_sample)
        extra = {"found": found, "total": n, "missed": missed[:20]}
    if a.json:
        print(json.dumps(as_json(by_family, total, extra), ensure_ascii=False, indent=1))
    else:
        print(table(by_family, total, extra))
        print(f"({total.pages} pages in {time.time() - t0:.1f} s)")
    if a.baseline:
        before = json.loads(a.baseline.read_text(encoding="utf-8"))["overall"]["metrics"]
        print("\nchange since " + str(a.baseline) + ":")
        for m in METRICS:
            old_v, new_v = (before.get(m) or {}).get("value"), total.value(m)
            if old_v is not None and new_v is not None and abs(new_v - old_v) >= 0.0005:
                print(f"  {m:<18} {old_v:.3f} -> {new_v:.3f} ({new_v - old_v:+.3f})")
    if a.show_failures:
        for metric in ["errors"] + METRICS:
            fails = total.fails.get(metric)
            if not fails:
                continue
            print(f"\n== {metric}: {len(fails)} failing")
            for f in fails[:a.show_failures]:
                name, why, want, got = f
                print(f"  [{name}] {why}\n      truth : {want}\n      parsed: {got}")
        if extra and extra["missed"]:
            print("\n== index_straddle: missed phrases")
            for s in extra["missed"][:a.show_failures]:
                print(f"  {s!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
