"""`newsgrep show`, `export` and `stats`: read articles and figures out of an index."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from newsgrep.cli.common import INDEX_OPTION, Color, Format, environment_of, reports_errors


@reports_errors
def show(
    ctx: typer.Context,
    article_id: str = typer.Argument(..., metavar="ID", help="An article id from search."),
    index_dir: Path = INDEX_OPTION,
    json_out: bool = typer.Option(False, "--json", help="The article as one JSON object."),
    query: Optional[str] = typer.Option(None, "-q", "--query",
                                        help="Highlight this query's matches."),
    pager: bool = typer.Option(True, "--pager/--no-pager",
                               help="Page long output through $PAGER (less -R) on a terminal."),
    color: Color = typer.Option(Color.auto, "--color", help="Colour: auto, always, never."),
):
    """Print one whole article (and the parts it jumps to or from, when indexed).

    Example: newsgrep show 1a2b3c4d-2 -q 华为
    """
    from newsgrep.api import open_index
    from newsgrep.printers.article import print_article

    env = environment_of(ctx, color.value)
    with open_index(index_dir) as ix:
        article, parts = ix.article(article_id), ix.story(article_id)
        needles = ix.query_terms(query) if query else []
    if json_out:
        print_article(article, parts, env, True, needles)
        return
    from newsgrep.printers.pager import paged

    with paged(env, enabled=pager) as page_env:
        print_article(article, parts, page_env, False, needles)


@reports_errors
def export(
    ctx: typer.Context,
    index_dir: Path = INDEX_OPTION,
    out_format: Format = typer.Option(Format.json, "--format", help="json (JSON Lines) or csv."),
    bom: bool = typer.Option(False, "--bom", help="With --format csv: a UTF-8 BOM (Excel)."),
):
    """Every article with every field and the body (articles only: not the page text
    outside them, which search still finds).

    Example: newsgrep export > articles.jsonl; newsgrep export --format csv --bom > a.csv
    """
    from newsgrep.api import open_index

    env = environment_of(ctx)
    with open_index(index_dir) as ix:
        if out_format == Format.csv:
            from newsgrep.printers.table import write_articles_csv

            write_articles_csv(env, ix.articles(), bom)
            return
        from newsgrep.printers.jsonlines import dumps, full_fields

        for article in ix.articles():
            env.stdout.write(dumps(full_fields(article)) + "\n")
    env.stdout.flush()


@reports_errors
def stats(ctx: typer.Context, index_dir: Path = INDEX_OPTION,
          json_out: bool = typer.Option(False, "--json", help="As one JSON object.")):
    """Articles, files, papers, date range and size of the index.

    Example: newsgrep stats
    """
    from newsgrep.api import open_index
    from newsgrep.printers.escape import escape_controls
    from newsgrep.search.statistics import format_stats

    env = environment_of(ctx)
    with open_index(index_dir) as ix:
        figures = ix.stats()
    if json_out:
        from newsgrep.printers.jsonlines import dumps
        env.stdout.write(dumps(figures) + "\n")
    else:
        env.stdout.write(escape_controls(format_stats(figures)))
