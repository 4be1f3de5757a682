"""`newsgrep search` and `newsgrep similar`: a query in, hits through a printer out."""
from __future__ import annotations

import time
from pathlib import Path
from typing import List, Optional

import typer

from newsgrep.cli.common import (INDEX_OPTION, Color, Format, Sort, environment_of,
                                 found_status, open_index_for_search, reports_errors)
from newsgrep.cli.cluster import CLIENT_OPTION as CLUSTER_CLIENT_OPTION
from newsgrep.errors import NewsgrepError


def _check_outputs(json_lines: bool, csv_out: bool, files: bool, count: bool,
                   facets: list[str], limit: int | None, null: bool, body: bool,
                   bom: bool = False, context: int | None = None) -> None:
    """Output options that cannot go together are an error, not a silent choice."""
    chosen = [name for name, on in (("--json", json_lines), ("--format csv", csv_out),
                                    ("-l", files), ("-c", count)) if on]
    if len(chosen) > 1:
        raise NewsgrepError(f"{' and '.join(chosen)} cannot go together: pick one output")
    if (files or count) and limit is not None:
        raise NewsgrepError(f"{chosen[0]} covers every match: leave out -n")
    if files and facets:
        raise NewsgrepError("-l prints file names only: leave out --facet (or use -c)")
    if null and not files:
        raise NewsgrepError("-0/--null goes with -l (file names ended by NUL)")
    if body and not (json_lines or csv_out):
        raise NewsgrepError("--body goes with --json or --format csv (to read articles "
                            "whole: newsgrep export QUERY --format text)")
    if bom and not csv_out:
        raise NewsgrepError("--bom goes with --format csv (a UTF-8 mark for Excel)")
    if context is not None and (files or count or csv_out):
        shows = {"-l": "file names only", "-c": "a number only",
                 "--format csv": "no passages"}[chosen[0]]
        raise NewsgrepError(f"{chosen[0]} prints {shows}: leave out -C (passages go "
                            "with text or --json output)")


def _facet_names(asked: list[str]) -> list[str]:
    """The facets asked for, by their own names, checked before anything is searched."""
    from newsgrep.search.facets import check_facet

    return list(dict.fromkeys(check_facet(name) for name in asked))


def _print_hits(ix, query: str, env, kind: str, limit: int, offset: int, sort: str,
                context: int | None, bom: bool, body: bool):
    from newsgrep.printers import build_printer

    results = ix.search(query, limit=limit, sort=sort, offset=offset, context=context)
    printer = build_printer(kind, env, bom, body)
    printer.begin(query)
    for hit in results:
        printer.hit(hit)
    printer.end(results.total, len(results), results.seconds, results.page_texts, offset)
    return results


def _search_cluster(query: str, url: str, index: str, env, kind: str, count: bool,
                    limit: int | None, offset: int, sort: str, context: int | None,
                    bom: bool, client: str = "auto"):
    """The same search on a cluster, printed by the same printers; ends the command."""
    from newsgrep.cluster.searching import count_cluster, search_cluster

    if count:
        total = count_cluster(query, url, index, client)
        env.stdout.write(f"{total}\n")
        raise typer.Exit(found_status(total))
    if limit is None:
        limit = 10 if env.stdout_isatty and kind == "text" else 0
    from newsgrep.printers import build_printer

    started = time.perf_counter()
    hits, total = search_cluster(query, url, index, limit, offset, sort, context, client)
    printer = build_printer(kind, env, bom)
    printer.begin(query)
    for hit in hits:
        printer.hit(hit)
    printer.end(total, len(hits), time.perf_counter() - started, 0, offset)
    env.stdout.flush()
    raise typer.Exit(found_status(total))


# Respelling costs a few tens of milliseconds a term: not for pasted term lists.
SUGGEST_MAX_TERMS = 8


def _suggest(ix, query: str, env, as_json: bool = False) -> None:
    """Nothing found: offer a near query that finds something (on stderr, or in JSON).
    The exit status stays 1: the query as typed found nothing."""
    if len(ix.query_terms(query)) > SUGGEST_MAX_TERMS:
        return
    suggestion = ix.suggest(query)
    if suggestion is None:
        return
    if as_json:
        from newsgrep.printers.jsonlines import dumps
        env.stdout.write(dumps({"suggestion": suggestion}) + "\n")
    else:
        env.stderr.write(f"newsgrep: nothing found; did you mean: {suggestion}\n")


QUERY_ARGUMENT = typer.Argument(..., metavar="QUERY",
                                help="What to find; several words are one query.")
LIMIT_OPTION = typer.Option(None, "-n", "--limit",
                            help="Show at most N articles (0: all). Default: 10 on a "
                                 "terminal, all in a pipe.")
OFFSET_OPTION = typer.Option(0, "--offset", help="Skip the first N hits (next page).")
JSON_OPTION = typer.Option(False, "--json", help="JSON Lines, one article a line.")
FORMAT_OPTION = typer.Option(Format.text, "--format",
                             help="text, json or jsonl (= --json) or csv.")
BODY_OPTION = typer.Option(False, "--body", help="With --json or --format csv: each "
                                                 "article's whole body too.")
BOM_OPTION = typer.Option(False, "--bom", help="With --format csv: a UTF-8 BOM (Excel).")
FILES_OPTION = typer.Option(False, "-l", "--files-with-matches",
                            help="Only the paths of matching files.")
NULL_OPTION = typer.Option(False, "-0", "--null", help="With -l: end names with NUL.")
COUNT_OPTION = typer.Option(False, "-c", "--count", help="Only the number of articles.")
CONTEXT_OPTION = typer.Option(None, "-C", "--context", min=0,
                              help="Every match with N sentences around it, and a match "
                                   "count per article.")
FACET_OPTION = typer.Option(None, "--facet",
                            help="Counts per paper, date (by year), month, page or author "
                                 "over all matches; repeatable.")
SORT_OPTION = typer.Option(Sort.score, "--sort",
                           help="score, date (newest first) or date-asc (oldest first).")
COLOR_OPTION = typer.Option(Color.auto, "--color", help="Colour: auto, always, never.")
URL_OPTION = typer.Option(None, "--url", help="Search an Elasticsearch/OpenSearch cluster "
                                              "instead of the local index (`newsgrep cluster`).")
CLUSTER_INDEX_OPTION = typer.Option("newsgrep", "--cluster-index",
                                    envvar="NEWSGREP_CLUSTER_INDEX",
                                    help="With --url: the cluster's index name.")
# Shown after the options of `search -h`.
SEARCH_EPILOG = """\b
Query language (AND, OR, NOT, also in lower case; spaces mean AND):
  华为 薛侃                 both words
  华为 OR 鸿蒙, 华为 -手机    either; without (also NOT 手机)
  "数字孪生" or “数字孪生”    a phrase
  title:华为  标题：华为      in a field: title kicker subtitle body
                              author paper (or their Chinese names)
  date:2023-12  date:[2023-09 TO 2023-12]  page:1  版面:[1 TO 4]
Examples:
  newsgrep search 华为 -n 5
  newsgrep search '标题：华为 OR "数字孪生"' --json
  newsgrep search 杨浦 --facet paper --facet date -c"""


@reports_errors
def search(ctx: typer.Context, words: List[str] = QUERY_ARGUMENT,
           index_dir: Path = INDEX_OPTION, limit: Optional[int] = LIMIT_OPTION,
           offset: int = OFFSET_OPTION, json_lines: bool = JSON_OPTION,
           out_format: Format = FORMAT_OPTION, bom: bool = BOM_OPTION,
           body: bool = BODY_OPTION, files_with_matches: bool = FILES_OPTION,
           null: bool = NULL_OPTION, count: bool = COUNT_OPTION, context: Optional[int] = CONTEXT_OPTION,
           facet: Optional[List[str]] = FACET_OPTION, sort: Sort = SORT_OPTION,
           color: Color = COLOR_OPTION, url: Optional[str] = URL_OPTION,
           cluster_index: str = CLUSTER_INDEX_OPTION, client: str = CLUSTER_CLIENT_OPTION):
    """Search the index; exit 0 if something matched, 1 if nothing did."""
    env = environment_of(ctx, color.value)
    query = " ".join(words)
    facets = _facet_names(facet or [])
    kind = "json" if json_lines else out_format.kind
    _check_outputs(json_lines or out_format.kind == "json", out_format == Format.csv,
                   files_with_matches, count, facets, limit, null, body, bom, context)
    if (limit is not None and limit < 0) or offset < 0:
        raise NewsgrepError("-n and --offset take a number of articles (-n 0: all)")
    if url and (files_with_matches or facets or body):
        raise NewsgrepError("-l, --facet and --body work on the local index only: "
                            "leave out --url")
    if url:
        _search_cluster(query, url, cluster_index, env, kind, count, limit, offset,
                        sort.value, context, bom, client)
    with open_index_for_search(index_dir, env) as ix:
        if count:
            _print_count(ix, query, env, facets)
        if files_with_matches:
            _print_files(ix, query, env, null)
        if limit is None:
            limit = 10 if env.stdout_isatty and kind == "text" else 0
        results = _print_hits(ix, query, env, kind, limit, offset, sort.value, context, bom,
                              body)
        if facets:
            from newsgrep.printers.lists import print_facets

            print_facets(env, ix.facets(query, facets), kind == "json")
        if not results.total:
            _suggest(ix, query, env, kind == "json")
        env.stdout.flush()
        # The status answers whether the query matches, whatever page was asked for (as
        # -c and -l answer it): an --offset past the last hit still found articles, and
        # its summary line says so. A script paging through results stops at a page
        # with no hits, not at status 1.
        raise typer.Exit(found_status(results.total))


def _print_count(ix, query: str, env, facets: list[str]):
    """`-c` (with any facets): the number of matches; ends the command."""
    from newsgrep.printers.lists import print_count, print_facets

    total = ix.count(query)
    print_count(env, total)
    if facets:
        print_facets(env, ix.facets(query, facets), False)
    if not total:
        _suggest(ix, query, env)
    raise typer.Exit(found_status(total))


def _print_files(ix, query: str, env, null: bool):
    """`-l`: each matching file once; ends the command."""
    from newsgrep.printers.lists import print_paths

    paths = ix.files(query)
    print_paths(env, paths, null)
    if not paths:
        _suggest(ix, query, env)
    raise typer.Exit(found_status(len(paths)))


@reports_errors
def similar(
    ctx: typer.Context,
    article_id: str = typer.Argument(..., metavar="ID", help="An article id from search."),
    index_dir: Path = INDEX_OPTION,
    limit: int = typer.Option(10, "-n", "--limit", min=1, help="How many articles."),
    json_lines: bool = typer.Option(False, "--json", help="JSON Lines, one article a line."),
):
    """Articles most like one article (its most telling words, searched together).

    Example: newsgrep similar 1a2b3c4d-2 -n 5
    """
    from newsgrep.api import open_index
    from newsgrep.printers import build_printer

    env = environment_of(ctx)
    with open_index(index_dir) as ix:
        results = ix.similar(article_id, limit)
        printer = build_printer("json" if json_lines else "similar", env)
        printer.begin(article_id)
        for hit in results:
            printer.hit(hit)
        printer.end(results.total, len(results), results.seconds)
        raise typer.Exit(found_status(len(results)))
