"""`newsgrep show`, `export` and `stats`: read articles and figures out of an index."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from newsgrep.cli.common import (INDEX_OPTION, Color, Format, Sort, environment_of,
                                 found_status, reports_errors)
from newsgrep.errors import NewsgrepError


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
    words: Optional[List[str]] = typer.Argument(None, metavar="[QUERY]...",
                                                help="Only the articles matching this "
                                                     "query (as for search)."),
    index_dir: Path = INDEX_OPTION,
    out_format: Format = typer.Option(Format.json, "--format",
                                      help="json or jsonl (JSON Lines), csv, or text."),
    bom: bool = typer.Option(False, "--bom", help="With --format csv: a UTF-8 BOM (Excel)."),
    sort: Sort = typer.Option(Sort.score, "--sort",
                              help="With a query: score, date or date-asc."),
):
    """Articles with every field and the whole body: every article in index order, or
    those matching QUERY, best first (articles only: not the page text outside them,
    which search still finds).

    \b
    Examples:
      newsgrep export 华为 --format jsonl > huawei.jsonl
      newsgrep export 'title:华为 -手机' --format text
      newsgrep export --format csv --bom > articles.csv
    """
    from newsgrep.api import open_index

    if bom and out_format != Format.csv:
        raise NewsgrepError("--bom goes with --format csv")
    env = environment_of(ctx)
    query = " ".join(words or [])
    with open_index(index_dir) as ix:
        if query:
            results = ix.search(query, limit=None, sort=sort.value)
            articles = (hit.article for hit in results if not hit.article.is_page_text)
        else:
            articles = ix.articles()
        _write_articles(env, out_format, articles, bom)
        if query and not results.total:
            raise typer.Exit(found_status(0))


def _write_articles(env, out_format: Format, articles, bom: bool) -> None:
    if out_format == Format.csv:
        from newsgrep.printers.table import write_articles_csv

        write_articles_csv(env, articles, bom)
    elif out_format == Format.text:
        from newsgrep.printers.article import write_articles_text

        write_articles_text(env, articles)
    else:
        from newsgrep.printers.jsonlines import write_articles_jsonl

        write_articles_jsonl(env, articles)


@reports_errors
def stats(ctx: typer.Context, index_dir: Path = INDEX_OPTION,
          json_out: bool = typer.Option(False, "--json", help="As one JSON object.")):
    """Articles, files, papers, date range and size of the index.

    Example: newsgrep stats
    """
    from newsgrep.api import open_index
    from newsgrep.printers.escape import escape_controls
    from newsgrep.printers.stats import format_stats

    env = environment_of(ctx)
    with open_index(index_dir) as ix:
        figures = ix.stats()
    if json_out:
        from newsgrep.printers.jsonlines import dumps
        env.stdout.write(dumps(figures) + "\n")
    else:
        env.stdout.write(escape_controls(format_stats(figures)))
