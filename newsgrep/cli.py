"""The newsgrep command line: options -> library call -> printer -> exit status.

Exit status: 0 found or done, 1 nothing found, 2 error, 130 interrupted. Errors are one
line on stderr that says what to do; a traceback only with NEWSGREP_DEBUG=1.
"""
from __future__ import annotations

import functools
import os
import sys
import time
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from newsgrep.errors import ExitStatus, NewsgrepError

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="Full-text search for Chinese newspaper archives.")


def _print_version(value: bool) -> None:
    if value:
        from newsgrep import __version__

        typer.echo(f"newsgrep {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", "-V", is_eager=True,
                                       callback=_print_version, help="Print the version.")):
    """Full-text search for Chinese newspaper archives."""
    # A file name that is not UTF-8 reaches us as surrogate escapes: print its own bytes.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="surrogateescape")
        except (AttributeError, ValueError):
            pass

DEFAULT_INDEX = Path("index")
INDEX_OPTION = typer.Option(DEFAULT_INDEX, "--index", envvar="NEWSGREP_INDEX",
                            help="Index folder (env NEWSGREP_INDEX).", show_default=True)


class Sort(str, Enum):
    score = "score"
    date = "date"
    date_asc = "date-asc"


class Format(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _fail(message: str, status: int = ExitStatus.ERROR):
    sys.stderr.write(f"newsgrep: {message}\n")
    raise typer.Exit(status)


def reports_errors(command):
    """Turn every failure into a one-line message and an exit status."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except NewsgrepError as exc:
            _fail(exc.message, exc.status)
        except KeyboardInterrupt:
            _fail("interrupted; any index is as it was before this run", ExitStatus.INTERRUPTED)
        except BrokenPipeError:
            # The reader (| head) is gone: end quietly, without Python's complaint at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(ExitStatus.FOUND)
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            _fail(f"cannot use{where}: {exc.strerror or exc}")
        except Exception as exc:  # a bug: say so in one line, keep the trace for debugging
            if os.environ.get("NEWSGREP_DEBUG"):
                raise
            if _raised_in_whoosh(exc):  # Whoosh reading a file it did not write so
                _fail(f"the index is damaged ({type(exc).__name__} in its Whoosh files: "
                      f"{exc}); run `newsgrep index --rebuild`")
            _fail(f"internal error ({type(exc).__name__}: {exc}); "
                  "rerun with NEWSGREP_DEBUG=1 and report it")
    return wrapper


def _raised_in_whoosh(exc: BaseException) -> bool:
    """Whether the innermost frame of the failure is Whoosh's own code."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and str(tb.tb_frame.f_globals.get("__name__", "")).startswith("whoosh.")


def _environment(ctx: typer.Context, color: str = "auto"):
    """The Environment a test passed as `obj`, else the real one, detected once."""
    from newsgrep.environment import Environment

    env = ctx.obj if isinstance(ctx.obj, Environment) else Environment.detect()
    return env.with_color(color)


def _progress_bar(env):
    """A rich progress callback on a terminal's stderr, else None."""
    if not env.stderr_isatty:
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    progress = Progress("indexing", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=Console(file=env.stderr), transient=True)
    task = progress.add_task("files", total=None)
    return progress, lambda done, total: progress.update(task, completed=done, total=total)


def _run_index(index_dir: Path, corpus: list[Path] | None, rebuild: bool,
               userdict: Path | None, wait: float, env, max_file_size: int | None = None):
    from newsgrep.api import build_index

    progress, callback = _progress_bar(env)
    run = functools.partial(build_index, corpus, index_dir, rebuild=rebuild,
                            userdict=userdict, wait=wait, progress=callback,
                            max_file_size=max_file_size)
    if progress is None:
        summary = run()
    else:
        with progress:
            summary = run()
    for warning in summary.warnings:  # one line each, whatever a file name holds
        one_line = warning.replace("\n", "\\n")
        env.stderr.write(f"newsgrep: warning: {one_line}\n")
    return summary


@app.command()
@reports_errors
def index(
    ctx: typer.Context,
    corpus: Optional[List[Path]] = typer.Argument(
        None, help="Page files (.txt) and folders; default: the corpus recorded in the "
                   "index, else ./seeds."),
    index_dir: Path = INDEX_OPTION,
    rebuild: bool = typer.Option(False, "--rebuild", help="Start over instead of updating."),
    userdict: Optional[Path] = typer.Option(
        None, "--userdict", help="jieba user dictionary (word [freq] [tag] a line)."),
    wait: float = typer.Option(30.0, "--wait", help="Seconds to wait for another writer."),
    max_file_size: str = typer.Option(
        "64M", "--max-file-size", help="Skip page files larger than this (bytes, or 500K, "
                                       "64M, 1G)."),
):
    """Build or update the index (only new, changed and removed files are touched).

    Without CORPUS (also with --rebuild): the corpus and user dictionary the index records.
    Example: newsgrep index seeds/ --index index
    """
    env = _environment(ctx)
    summary = _run_index(index_dir, corpus or None, rebuild, userdict, wait, env,
                         _size(max_file_size))
    env.stdout.write(summary.line() + "\n")


def _size(text: str) -> int:
    """A size as typed: 1048576, 500K, 64M, 1G."""
    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    number, unit = text.strip().upper().rstrip("IB"), ""
    if number[-1:] in units:
        number, unit = number[:-1], number[-1]
    try:
        size = int(float(number) * units[unit])
    except ValueError:
        raise NewsgrepError(f"--max-file-size {text!r}: write bytes, or 500K, 64M, 1G") from None
    if size <= 0:
        raise NewsgrepError("--max-file-size must be more than 0")
    return size


@app.command()
@reports_errors
def check(ctx: typer.Context, index_dir: Path = INDEX_OPTION):
    """Read every file of the index and compare it with the checksum recorded when it was
    written; exit 0 when all match, 2 (and which file) when the index is damaged.

    Example: newsgrep check --index index
    """
    from newsgrep.api import open_index

    env = _environment(ctx)
    with open_index(index_dir) as ix:
        files, size = ix.check()
    env.stdout.write(f"index {index_dir} is sound: {files} files, {size} bytes checked\n")


def _open_index(index_dir: Path, env):
    from newsgrep.api import open_index
    from newsgrep.index import generations
    from newsgrep.index.generations import DEFAULT_CORPUS

    # Only the default index of the default corpus builds itself: a missing index named by
    # --index is more likely a typo than a wish to index ./seeds into it.
    if index_dir == DEFAULT_INDEX and not generations.exists(index_dir) and \
            DEFAULT_CORPUS.is_dir() and not os.environ.get("NEWSGREP_INDEX"):
        env.stderr.write(f"newsgrep: no index yet; indexing ./{DEFAULT_CORPUS} into {index_dir}\n")
        _run_index(index_dir, [DEFAULT_CORPUS], False, None, 30.0, env)
    return open_index(index_dir)


def _found(total: int) -> ExitStatus:
    return ExitStatus.FOUND if total else ExitStatus.NOT_FOUND


def _check_outputs(json_lines: bool, csv_out: bool, files: bool, count: bool,
                   facets: list[str], limit: int | None, null: bool) -> None:
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


def _query_from_words(words: list[str]) -> str:
    """The words of the command line as one query. `华为 -手机` excludes 手机 (typer passes
    -手机 through as a word); an unknown option (--jsn) is still an error, not a term."""
    for word in words:
        if word.startswith("--") or (word.startswith("-") and word[1:2].isascii()
                                     and word[1:2].isalpha()):
            raise NewsgrepError(f"no such option {word} (see `newsgrep search -h`); to "
                                f"search for it, quote it: '\"{word}\"'")
    return " ".join(words)


def _print_hits(ix, query: str, env, kind: str, limit: int, offset: int, sort: str,
                context: int | None, bom: bool):
    from newsgrep.printers import build_printer

    results = ix.search(query, limit=limit, sort=sort, offset=offset, context=context)
    printer = build_printer(kind, env, bom)
    printer.begin(query)
    for hit in results:
        printer.hit(hit)
    printer.end(results.total, len(results), results.seconds, results.page_texts, offset)
    return results


def _search_cluster(query: str, url: str, index: str, env, kind: str, count: bool,
                    limit: int | None, offset: int, sort: str, context: int | None,
                    bom: bool):
    """The same search on a cluster, printed by the same printers; ends the command."""
    from newsgrep.cluster.commands import count_cluster, search_cluster

    if count:
        total = count_cluster(query, url, index)
        env.stdout.write(f"{total}\n")
        raise typer.Exit(_found(total))
    if limit is None:
        limit = 10 if env.stdout_isatty and kind == "text" else 0
    from newsgrep.printers import build_printer

    started = time.perf_counter()
    hits, total = search_cluster(query, url, index, limit, offset, sort, context)
    printer = build_printer(kind, env, bom)
    printer.begin(query)
    for hit in hits:
        printer.hit(hit)
    printer.end(total, len(hits), time.perf_counter() - started, 0, offset)
    env.stdout.flush()
    raise typer.Exit(_found(total))


SUGGEST_MAX_TERMS = 8


def _suggest(ix, query: str, env, as_json: bool) -> None:
    """Nothing found: offer a near query that finds something (on stderr, or in JSON)."""
    if len(ix.query_terms(query)) > SUGGEST_MAX_TERMS:
        return  # respelling costs about half a second a term: not for pasted term lists
    suggestion = ix.suggest(query)
    if suggestion is None:
        return
    if as_json:
        from newsgrep.printers.jsonlines import dumps
        env.stdout.write(dumps({"suggestion": suggestion}) + "\n")
    else:
        env.stderr.write(f"newsgrep: nothing found; did you mean: {suggestion}\n")


@app.command(context_settings={"ignore_unknown_options": True})
@reports_errors
def search(
    ctx: typer.Context,
    words: List[str] = typer.Argument(..., metavar="QUERY",
                                      help="What to find; several words are one query."),
    index_dir: Path = INDEX_OPTION,
    limit: Optional[int] = typer.Option(
        None, "-n", "--limit", help="Show at most N articles (0: all). Default: 10 on a "
                                    "terminal, all in a pipe."),
    offset: int = typer.Option(0, "--offset", help="Skip the first N hits (next page)."),
    json_lines: bool = typer.Option(False, "--json", help="JSON Lines, one article a line."),
    out_format: Format = typer.Option(Format.text, "--format",
                                      help="text, json (= --json) or csv."),
    bom: bool = typer.Option(False, "--bom", help="With --format csv: a UTF-8 BOM (Excel)."),
    files_with_matches: bool = typer.Option(
        False, "-l", "--files-with-matches", help="Only the paths of matching files."),
    null: bool = typer.Option(False, "-0", "--null", help="With -l: end names with NUL."),
    count: bool = typer.Option(False, "-c", "--count", help="Only the number of articles."),
    context: Optional[int] = typer.Option(
        None, "-C", "--context", min=0,
        help="Every match with N sentences around it, and a match count per article."),
    facet: Optional[List[str]] = typer.Option(
        None, "--facet", help="Counts per paper, date (by year), month, page or author "
                              "over all matches; repeatable."),
    sort: Sort = typer.Option(Sort.score, "--sort",
                              help="score, date (newest first) or date-asc (oldest first)."),
    color: Color = typer.Option(Color.auto, "--color", help="Colour: auto, always, never."),
    url: Optional[str] = typer.Option(
        None, "--url", help="Search an Elasticsearch/OpenSearch cluster instead of the "
                            "local index (see `newsgrep cluster`)."),
    cluster_index: str = typer.Option("newsgrep", "--cluster-index", envvar="NEWSGREP_CLUSTER_INDEX",
                                      help="With --url: the cluster's index name."),
):
    """Search the index; exit 0 if something matched, 1 if nothing did.

    \b
    Query language (upper-case AND, OR, NOT; spaces mean AND):
      华为 薛侃                 both words
      华为 OR 鸿蒙, 华为 NOT 手机  either; without
      "数字孪生" or “数字孪生”    a phrase
      title:华为  标题：华为      in a field: title kicker subtitle body author paper
      date:2023-12  date:[2023-09 TO 2023-12]  page:1  版面:[1 TO 4]
    Examples:
      newsgrep search 华为 -n 5
      newsgrep search '标题：华为 OR "数字孪生"' --json
      newsgrep search 杨浦 --facet paper --facet date -c
    """
    env = _environment(ctx, color.value)
    query = _query_from_words(words)
    facets = facet or []
    _check_outputs(json_lines or out_format == Format.json, out_format == Format.csv,
                   files_with_matches, count, facets, limit, null)
    kind = "json" if json_lines else out_format.value
    if (limit is not None and limit < 0) or offset < 0:
        raise NewsgrepError("-n and --offset take a number of articles (-n 0: all)")
    if url and (files_with_matches or facets):
        raise NewsgrepError("-l and --facet work on the local index only: leave out --url")
    if url:
        _search_cluster(query, url, cluster_index, env, kind, count, limit, offset,
                        sort.value, context, bom)
    with _open_index(index_dir, env) as ix:
        if count:
            from newsgrep.printers.lists import print_count

            total = ix.count(query)
            print_count(env, total)
            if facets:
                from newsgrep.printers.lists import print_facets

                print_facets(env, ix.facets(query, facets), False)
            raise typer.Exit(_found(total))
        if files_with_matches:
            from newsgrep.printers.lists import print_paths

            paths = ix.files(query)
            print_paths(env, paths, null)
            raise typer.Exit(_found(len(paths)))
        if limit is None:
            limit = 10 if env.stdout_isatty and kind == "text" else 0
        results = _print_hits(ix, query, env, kind, limit, offset, sort.value, context, bom)
        if facets:
            from newsgrep.printers.lists import print_facets

            print_facets(env, ix.facets(query, facets), kind == "json")
        if not results.total:
            _suggest(ix, query, env, kind == "json")
        env.stdout.flush()
        raise typer.Exit(_found(results.total))


@app.command()
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

    env = _environment(ctx)
    with open_index(index_dir) as ix:
        results = ix.similar(article_id, limit)
        printer = build_printer("json" if json_lines else "text", env)
        printer.begin(article_id)
        for hit in results:
            printer.hit(hit)
        printer.end(results.total, len(results), results.seconds)
        raise typer.Exit(_found(len(results)))


@app.command()
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

    env = _environment(ctx, color.value)
    with open_index(index_dir) as ix:
        article, parts = ix.article(article_id), ix.story(article_id)
        needles = ix.query_terms(query) if query else []
    if json_out:
        print_article(article, parts, env, True, needles)
        return
    from newsgrep.printers.pager import paged

    with paged(env, enabled=pager) as page_env:
        print_article(article, parts, page_env, False, needles)


@app.command()
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

    env = _environment(ctx)
    with open_index(index_dir) as ix:
        if out_format == Format.csv:
            from newsgrep.printers.table import write_articles_csv

            write_articles_csv(env, ix.articles(), bom)
            return
        from newsgrep.printers.jsonlines import dumps, full_fields

        for article in ix.articles():
            env.stdout.write(dumps(full_fields(article)) + "\n")
    env.stdout.flush()


@app.command()
@reports_errors
def stats(ctx: typer.Context, index_dir: Path = INDEX_OPTION,
          json_out: bool = typer.Option(False, "--json", help="As one JSON object.")):
    """Articles, files, papers, date range and size of the index.

    Example: newsgrep stats
    """
    from newsgrep.api import open_index
    from newsgrep.search.statistics import format_stats

    env = _environment(ctx)
    with open_index(index_dir) as ix:
        figures = ix.stats()
    if json_out:
        from newsgrep.printers.jsonlines import dumps
        env.stdout.write(dumps(figures) + "\n")
    else:
        env.stdout.write(format_stats(figures))


from newsgrep.cluster.commands import cluster_app  # noqa: E402 (imports typer only)

app.add_typer(cluster_app, name="cluster")


def main() -> None:
    app()
