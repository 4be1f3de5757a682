"""JSON Lines output: one object per line, UTF-8 written as is.

`search --json` objects:
  id        string   article id, for `newsgrep show ID`
  kind      "article", or "page-text": a page's text outside its articles (masthead,
            banners), kept so that search misses nothing grep would find
  path      string   the page file
  title, kicker, subtitle   strings ("" when the article has none)
  authors   list of strings
  paper     string or null
  date      "YYYY-MM-DD" or null
  page      integer or null
  page_label  string or null: the page with its section letter ("A3") when printed so
  score     number   BM25F relevance, 6 significant digits (0 only when no text term ranks)
  snippet   string   one line of the body around the first match
  highlights        list of [start, end]: code-point offsets into `snippet`
  title_highlights  list of [start, end]: code-point offsets into `title`
  match_count, passages   only with -C N: how often the body matches, and a list of
            {"text": …, "highlights": [[start, end], …]}, each match with N sentences
            around it (overlapping passages merged)
  body      string   only with --body: the whole body, paragraphs separated by "\n"
`search --facet F --json` ends with one more line, {"facets": {F: {value: count}}}, and a
search that finds nothing prints {"suggestion": "…"} when a near query would find something.
`export` and `show --json` objects have the same fields except score, snippet and the
highlights, plus issue, continued_from, continued_to (page numbers or null), ordinal,
encoding and body. `export` writes articles only (no page-text records).

A file name that is not UTF-8 keeps its bytes: each byte that does not decode is written
as the JSON escape of Python's surrogateescape code point for it (byte 0xff as
`\\udcff`: valid JSON, a lone surrogate that some decoders, jq among them, turn into
U+FFFD), the rest of the line UTF-8 as usual. In Python
`os.fsencode(json.loads(line)["path"])` gives the name's bytes back; elsewhere, map each
U+DC80..U+DCFF back to the byte 0x80..0xFF.
"""
from __future__ import annotations

import json
import re

from newsgrep.environment import Environment
from newsgrep.models import Article, Hit


def article_fields(a: Article) -> dict:
    return {"id": a.id, "kind": "page-text" if a.is_page_text else "article",
            "path": a.path, "title": a.title, "kicker": a.kicker,
            "subtitle": a.subtitle, "authors": list(a.authors), "paper": a.paper,
            "date": a.date, "page": a.page, "page_label": a.page_label}


def full_fields(a: Article) -> dict:
    data = article_fields(a)
    data.update(issue=a.issue, continued_from=a.continued_from, continued_to=a.continued_to,
                ordinal=a.ordinal, encoding=a.encoding, body=a.body)
    return data


def score_value(score: float) -> float:
    """A score as printed: significant digits, not decimals, so that the small scores of
    a term nearly every article holds (one character) stay apart."""
    return float(f"{score:.6g}")


def hit_fields(hit: Hit, body: bool = False) -> dict:
    data = article_fields(hit.article)
    data.update(score=score_value(hit.score), snippet=hit.snippet,
                highlights=_pairs(hit.highlights),
                title_highlights=_pairs(hit.title_highlights))
    if hit.match_count is not None:
        data.update(match_count=hit.match_count,
                    passages=[{"text": text, "highlights": _pairs(spans)}
                              for text, spans in hit.passages])
    if body:
        data.update(body=hit.article.body)
    return data


def _pairs(spans) -> list[list[int]]:
    return [[s.start, s.end] for s in spans]


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # json.dumps's, made once, not per line


_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(data: dict) -> str:
    """One JSON line, UTF-8 as is; an undecodable byte of a file name (a surrogate escape)
    as its `\\udcXX` escape, which no UTF-8 stream could carry raw."""
    text = _ENCODER.encode(data)
    if _SURROGATE.search(text):  # only inside strings: escaping it keeps the JSON valid
        text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


class JsonLinesPrinter:
    def __init__(self, env: Environment, body: bool = False):
        self.out = env.stdout
        self.body = body  # add each hit's whole body

    def begin(self, query: str) -> None:
        pass

    def hit(self, hit: Hit) -> None:
        self.out.write(dumps(hit_fields(hit, self.body)) + "\n")

    def end(self, total: int, shown: int, seconds: float, page_texts: int = 0,
            offset: int = 0) -> None:
        self.out.flush()


def write_articles_jsonl(env: Environment, articles) -> None:
    """Every article with every field, one object a line (`export`)."""
    for article in articles:
        env.stdout.write(dumps(full_fields(article)) + "\n")
    env.stdout.flush()
