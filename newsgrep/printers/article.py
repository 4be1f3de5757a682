"""`newsgrep show`: one whole article as a reader expects it, with its jumped parts."""
from __future__ import annotations

from newsgrep.environment import Environment
from newsgrep.models import Article
from newsgrep.printers.jsonlines import dumps, full_fields
from newsgrep.printers.text import TextPrinter, metadata_line


def print_article(article: Article, parts: list[Article], env: Environment,
                  as_json: bool) -> None:
    """One article; `parts` is every part of its story in reading order (it among them)."""
    if as_json:
        data = full_fields(article)
        data["parts"] = [full_fields(part) for part in parts] if len(parts) > 1 else []
        env.stdout.write(dumps(data) + "\n")
        return
    records = parts
    out = TextPrinter(env)
    head = records[0]
    if head.kicker:
        out.line(head.kicker)
    out.line(records[0].display_title, (), "bold")
    if head.subtitle:
        out.line(head.subtitle)
    for number, stored in enumerate(records):
        a = stored
        out.line("")
        out.line(metadata_line(stored), (), "dim")
        if a.continued_from and number == 0:
            out.line(f"（上接第{a.continued_from}版）", (), "dim")
        for paragraph in a.body.split("\n"):
            out.line("　　" + paragraph if paragraph else "")
        if a.continued_to:
            followed = number + 1 < len(records)
            note = "续见下文" if followed else "本文未完，续篇不在索引中"
            out.line(f"（下转第{a.continued_to}版，{note}）", (), "dim")
    env.stdout.flush()
