"""`newsgrep show`: one whole article as a reader expects it, with its jumped parts; and
`export --format text`: articles as plain text."""
from __future__ import annotations

from newsgrep.environment import Environment
from newsgrep.models import Article
from newsgrep.printers.escape import escape_controls
from newsgrep.printers.jsonlines import dumps, full_fields
from newsgrep.printers.text import TextPrinter, fit_metadata, metadata_line
from newsgrep.search.highlight import find_spans


def print_article(article: Article, parts: list[Article], env: Environment,
                  as_json: bool, needles: list[str] = ()) -> None:
    """One article; `parts` is every part of its story in reading order (it among them).
    `needles` (folded query terms) are highlighted in the text output."""
    if as_json:
        data = full_fields(article)
        data["parts"] = [full_fields(part) for part in parts] if len(parts) > 1 else []
        env.stdout.write(dumps(data) + "\n")
        return
    out = TextPrinter(env, clip=False)

    def marked(text: str, style: str = "") -> None:
        out.line(text, tuple(find_spans(text, list(needles))) if needles else (), style)

    head = parts[0]
    if head.kicker:
        marked(head.kicker)
    marked(head.display_title, "bold")
    if head.subtitle:
        marked(head.subtitle)
    for number, part in enumerate(parts):
        out.line("")
        # On a terminal the header fits its width, the id whole (paragraphs wrap as the
        # terminal wraps them; a header cut by the terminal would split the id).
        header = fit_metadata(part, out.room()) if env.stdout_isatty else metadata_line(part)
        out.line(header, (), "dim")
        if part.continued_from and number == 0:
            out.line(f"（上接第{part.continued_from}版）", (), "dim")
        for paragraph in part.body.split("\n"):
            marked("　　" + paragraph if paragraph else "")
        if part.continued_to:
            followed = number + 1 < len(parts)
            note = "续见下文" if followed else "本文未完，续篇不在索引中"
            out.line(f"（下转第{part.continued_to}版，{note}）", (), "dim")
    env.stdout.flush()


def article_text(article: Article) -> str:
    """One article as plain text for `export --format text`: a header line (paper · date ·
    page · authors · file · id), kicker, title and subtitle, then one line a paragraph;
    no blank line inside, so a blank line is where one article ends."""
    lines = [metadata_line(article), article.kicker, article.display_title,
             article.subtitle, *article.body.split("\n")]
    text = "\n".join(line for line in lines if line.strip())
    return escape_controls(text) + "\n"


def write_articles_text(env: Environment, articles) -> None:
    """Articles as plain text, a blank line between two."""
    for number, article in enumerate(articles):
        env.stdout.write(("\n" if number else "") + article_text(article))
    env.stdout.flush()
