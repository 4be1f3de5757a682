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
  score     number   BM25F relevance (0 when only substring matches rank it)
  snippet   string   one line of the body around the first match
  highlights        list of [start, end]: code-point offsets into `snippet`
  title_highlights  list of [start, end]: code-point offsets into `title`
`export` and `show --json` objects have the same fields except score, snippet and the
highlights, plus issue, continued_from, continued_to (page numbers or null), ordinal,
encoding and body. `export` writes articles only (no page-text records).
"""
from __future__ import annotations

import json

from newsgrep.environment import Environment
from newsgrep.models import Article, Hit


def article_fields(a: Article) -> dict:
    return {"id": a.id, "kind": "page-text" if a.is_page_text else "article",
            "path": a.path, "title": a.title, "kicker": a.kicker,
            "subtitle": a.subtitle, "authors": list(a.authors), "paper": a.paper,
            "date": a.date, "page": a.page}


def full_fields(a: Article) -> dict:
    data = article_fields(a)
    data.update(issue=a.issue, continued_from=a.continued_from, continued_to=a.continued_to,
                ordinal=a.ordinal, encoding=a.encoding, body=a.body)
    return data


def hit_fields(hit: Hit) -> dict:
    data = article_fields(hit.article)
    data.update(score=round(hit.score, 4), snippet=hit.snippet,
                highlights=[[s.start, s.end] for s in hit.highlights],
                title_highlights=[[s.start, s.end] for s in hit.title_highlights])
    return data


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)


class JsonLinesPrinter:
    def __init__(self, env: Environment):
        self.out = env.stdout

    def begin(self, query: str) -> None:
        pass

    def hit(self, hit: Hit) -> None:
        self.out.write(dumps(hit_fields(hit)) + "\n")

    def end(self, total: int, shown: int, seconds: float) -> None:
        self.out.flush()
