"""The newsgrep command line: options -> library call -> printer -> exit status.

Exit status: 0 found or done, 1 nothing found, 2 error, 130 interrupted. Errors are one
line on stderr that says what to do; a traceback only with NEWSGREP_DEBUG=1.
"""
from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from newsgrep.errors import NewsgrepError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Full-text search for Chinese newspaper archives.")

DEFAULT_INDEX = Path("index")
INDEX_OPTION = typer.Option(DEFAULT_INDEX, "--index", envvar="NEWSGREP_INDEX",
                            help="Index folder (env NEWSGREP_INDEX).", show_default=True)
FOUND, NOT_FOUND, ERROR, INTERRUPTED = 0, 1, 2, 130


class Sort(str, Enum):
    score = "score"
    date = "date"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _fail(message: str, status: int = ERROR):
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
            _fail("interrupted; any index is as it was before this run", INTERRUPTED)
        except BrokenPipeError:
            # The reader (| head) is gone: end quietly, without Python's complaint at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(FOUND)
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            _fail(f"cannot use{where}: {exc.strerror or exc}")
        except Exception as exc:  # a bug: say so in one line, keep the trace for debugging
            if os.environ.get("NEWSGREP_DEBUG"):
                raise
            _fail(f"internal error ({type(exc).__name__}: {exc}); "
                  "rerun with NEWSGREP_DEBUG=1 and report it")
    return wrapper


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
               userdict: Path | None, wait: float, env):
    from newsgrep.index.build import Indexer

    progress, callback = _progress_bar(env)
    indexer = Indexer(index_dir, corpus, rebuild=rebuild, userdict=userdict,
                      progress=callback, lock_timeout=wait)
    if progress is None:
        summary = indexer.run()
    else:
        with progress:
            summary = indexer.run()
    for warning in summary.warnings:
        env.stderr.write(f"newsgrep: warning: {warning}\n")
    return summary


@app.command()
@reports_errors
def index(
    corpus: Optional[List[Path]] = typer.Argument(
        None, help="Page files (.txt) and folders; default: the corpus recorded in the "
                   "index, else ./seeds."),
    index_dir: Path = INDEX_OPTION,
    rebuild: bool = typer.Option(False, "--rebuild", help="Start over instead of updating."),
    userdict: Optional[Path] = typer.Option(
        None, "--userdict", help="jieba user dictionary (word [freq] [tag] a line)."),
    wait: float = typer.Option(30.0, "--wait", help="Seconds to wait for another writer."),
):
    """Build or update the index (only new, changed and removed files are touched).

    Example: newsgrep index seeds/ --index index
    """
    from newsgrep.environment import Environment

    env = Environment.detect()
    summary = _run_index(index_dir, corpus or None, rebuild, userdict, wait, env)
    env.stdout.write(summary.line() + "\n")


def _open_searcher(index_dir: Path, env):
    from newsgrep.index import generations
    from newsgrep.index.generations import DEFAULT_CORPUS
    from newsgrep.search.searcher import Searcher

    # Only the default index of the default corpus builds itself: a missing index named by
    # --index is more likely a typo than a wish to index ./seeds into it.
    if index_dir == DEFAULT_INDEX and not generations.exists(index_dir) and \
            DEFAULT_CORPUS.is_dir() and not os.environ.get("NEWSGREP_INDEX"):
        env.stderr.write(f"newsgrep: no index yet; indexing ./{DEFAULT_CORPUS} into {index_dir}\n")
        _run_index(index_dir, [DEFAULT_CORPUS], False, None, 30.0, env)
    return Searcher.open(index_dir)


@app.command()
@reports_errors
def search(
    query: str = typer.Argument(..., help="What to find, e.g. 华为, \"数字孪生\", title:华为."),
    index_dir: Path = INDEX_OPTION,
    limit: Optional[int] = typer.Option(
        None, "-n", "--limit", help="Show at most N articles (0: all). Default: 10 on a "
                                    "terminal, all in a pipe."),
    json_lines: bool = typer.Option(False, "--json", help="JSON Lines, one article a line."),
    files_with_matches: bool = typer.Option(
        False, "-l", "--files-with-matches", help="Only the paths of matching files."),
    count: bool = typer.Option(False, "-c", "--count", help="Only the number of articles."),
    sort: Sort = typer.Option(Sort.score, "--sort", help="Order by relevance or date."),
    color: Color = typer.Option(Color.auto, "--color", help="Colour: auto, always, never."),
):
    """Search the index; exit 0 if something matched, 1 if nothing did.

    Example: newsgrep search '标题：华为 OR "数字孪生"'
    """
    from newsgrep.environment import Environment

    env = Environment.detect(color.value)
    if limit is not None and limit < 0:
        raise NewsgrepError("--limit takes a number of articles, 0 for all")
    searcher = _open_searcher(index_dir, env)
    try:
        if files_with_matches or count:
            from newsgrep.printers.lists import print_count, print_paths

            results, _tree = searcher.search(query, rank=False)
            if count:
                print_count(env, results.total)
            else:
                print_paths(env, [searcher.path_of(doc) for doc in results.docs])
            raise typer.Exit(FOUND if results.total else NOT_FOUND)
        if limit is None:
            limit = 10 if env.stdout_isatty and not json_lines else 0
        from newsgrep.printers import build_printer

        results, tree = searcher.search(query, limit=limit or None, sort=sort.value)
        printer = build_printer("json" if json_lines else "text", env)
        for doc in results.docs:
            printer.hit(searcher.hit(doc, tree, results.scores.get(doc, 0.0)))
        printer.finish(results.total, len(results.docs), results.seconds)
        env.stdout.flush()
        raise typer.Exit(FOUND if results.total else NOT_FOUND)
    finally:
        searcher.close()


@app.command()
@reports_errors
def show(
    article_id: str = typer.Argument(..., metavar="ID", help="An article id from search."),
    index_dir: Path = INDEX_OPTION,
    json_out: bool = typer.Option(False, "--json", help="The article as one JSON object."),
):
    """Print one whole article (and the parts it jumps to or from, when indexed).

    Example: newsgrep show 1a2b3c4d-2
    """
    from newsgrep.environment import Environment
    from newsgrep.search.searcher import Searcher

    env = Environment.detect()
    searcher = Searcher.open(index_dir)
    try:
        doc = searcher.find_id(article_id)
        if doc is None:
            raise NewsgrepError(f"no article {article_id!r} in {index_dir}; "
                                "ids come from `newsgrep search`", NOT_FOUND)
        from newsgrep.printers.article import print_article

        print_article(searcher, doc, env, json_out)
    finally:
        searcher.close()


@app.command()
@reports_errors
def export(index_dir: Path = INDEX_OPTION):
    """Every article as JSON Lines, with every field and the body (articles only: not the
    page text outside them, which search still finds).

    Example: newsgrep export > articles.jsonl
    """
    from newsgrep.printers.jsonlines import dumps, full_fields
    from newsgrep.search.searcher import Searcher

    searcher = Searcher.open(index_dir)
    try:
        out = sys.stdout
        for doc in range(len(searcher.store)):
            stored = searcher.record(doc)
            if not stored.is_page_text:
                out.write(dumps(full_fields(stored)) + "\n")
        out.flush()
    finally:
        searcher.close()


@app.command()
@reports_errors
def stats(index_dir: Path = INDEX_OPTION,
          json_out: bool = typer.Option(False, "--json", help="As one JSON object.")):
    """Articles, files, papers, date range and size of the index.

    Example: newsgrep stats
    """
    from newsgrep.search.statistics import collect_stats, format_stats
    from newsgrep.search.searcher import Searcher

    searcher = Searcher.open(index_dir)
    try:
        figures = collect_stats(searcher, index_dir)
    finally:
        searcher.close()
    if json_out:
        import json
        sys.stdout.write(json.dumps(figures, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_stats(figures))


def main() -> None:
    app()
