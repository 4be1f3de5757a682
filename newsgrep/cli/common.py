"""What every command shares: the index option, output choices, the Environment, and the
one place where failures become a one-line message and an exit status."""
from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from pathlib import Path

import typer

from newsgrep.errors import ExitStatus, IndexDamaged, NewsgrepError
from newsgrep.index.contents import DEFAULT_INDEX, naming, rebuild_hint
INDEX_OPTION = typer.Option(DEFAULT_INDEX, "--index", envvar="NEWSGREP_INDEX",
                            help="Index folder (env NEWSGREP_INDEX).", show_default=True)


class Sort(str, Enum):
    score = "score"
    date = "date"
    date_asc = "date-asc"


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"  # the same JSON Lines, by the name of its files
    csv = "csv"

    @property
    def kind(self) -> str:
        """The printer's name: text, json or csv."""
        return "json" if self is Format.jsonl else self.value


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def fail(message: str, status: int = ExitStatus.ERROR):
    from newsgrep.printers.escape import escape_controls

    sys.stderr.write(f"newsgrep: {escape_controls(message)}\n")
    raise typer.Exit(status)


def reports_errors(command):
    """Turn every failure into a one-line message and an exit status."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except IndexDamaged as exc:  # its hint names the index the command was given
            index_dir = kwargs.get("index_dir")
            fail(naming(exc, index_dir).message if index_dir else exc.message, exc.status)
        except NewsgrepError as exc:
            fail(exc.message, exc.status)
        except KeyboardInterrupt:
            fail("interrupted; any index is as it was before this run", ExitStatus.INTERRUPTED)
        except BrokenPipeError:
            # The reader (| head) is gone: end quietly, without Python's complaint at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(ExitStatus.FOUND)
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            fail(f"cannot use{where}: {exc.strerror or exc}")
        except Exception as exc:  # a bug: say so in one line, keep the trace for debugging
            if os.environ.get("NEWSGREP_DEBUG"):
                raise
            if raised_in_whoosh(exc):  # Whoosh reading a file it did not write so
                index_dir = kwargs.get("index_dir")
                where = f"index {index_dir}" if index_dir else "the index"
                fail(f"{where} is damaged ({type(exc).__name__} in its Whoosh files: {exc}); "
                     f"{rebuild_hint(index_dir)}")
            fail(f"internal error ({type(exc).__name__}: {exc}); "
                  "rerun with NEWSGREP_DEBUG=1 and report it")
    return wrapper


def raised_in_whoosh(exc: BaseException) -> bool:
    """Whether the innermost frame of the failure is Whoosh's own code."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and str(tb.tb_frame.f_globals.get("__name__", "")).startswith("whoosh.")


def environment_of(ctx: typer.Context, color: str = "auto"):
    """The Environment a test passed as `obj`, else the real one, detected once."""
    from newsgrep.environment import Environment

    env = ctx.obj if isinstance(ctx.obj, Environment) else Environment.detect()
    return env.with_color(color)


def progress_bar(env):
    """A rich progress display on a terminal's stderr (phase, files, elapsed, time left),
    and the callback that feeds it; (None, None) elsewhere."""
    if not env.stderr_isatty:
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    progress = Progress(TextColumn("{task.description:<10}"), BarColumn(),
                        *_known_columns(),
                        console=Console(file=env.stderr, force_terminal=True),
                        transient=True)
    task = progress.add_task("reading", total=None)

    def update(done: int, total: int | None, phase: str = "indexing") -> None:
        progress.update(task, description=phase, completed=done, total=total)

    return progress, update


def _known_columns():
    """Files done and times that claim only what is known: `12/90 0:00:03, 0:00:10 left`
    once the phase's total is known; `12 0:00:03` (no `/?`, no time left) before."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    def clock(seconds: float) -> str:
        minutes, seconds = divmod(int(seconds), 60)
        return f"{minutes // 60}:{minutes % 60:02d}:{seconds:02d}"

    class Done(ProgressColumn):
        def render(self, task) -> Text:
            done = int(task.completed)
            return Text(f"{done}/{int(task.total)}" if task.total is not None else f"{done}",
                        style="progress.download")

    class Times(ProgressColumn):
        def render(self, task) -> Text:
            text = clock(task.finished_time if task.finished else task.elapsed or 0)
            left = task.time_remaining if task.total is not None else None
            if left is not None and not task.finished:
                text += f", {clock(left)} left"
            return Text(text, style="progress.elapsed")

    return Done(), Times()


def run_index(index_dir: Path, corpus: list[Path] | None, rebuild: bool,
               userdict: Path | None, wait: float, env, max_file_size: int | None = None,
               memory_mib: int | None = None):
    from newsgrep.api import build_index
    from newsgrep.printers.escape import escape_controls

    progress, callback = progress_bar(env)
    run = functools.partial(build_index, corpus, index_dir, rebuild=rebuild,
                            userdict=userdict, wait=wait, progress=callback,
                            max_file_size=max_file_size, memory_mib=memory_mib)
    if progress is None:
        summary = run()
    else:
        with progress:
            summary = run()
    for warning in summary.warnings:  # one line each, whatever a file name holds
        one_line = escape_controls(warning.replace("\n", "\\n"))
        env.stderr.write(f"newsgrep: warning: {one_line}\n")
    return summary


def open_index_for_search(index_dir: Path, env):
    from newsgrep.api import open_index
    from newsgrep.index import generations
    from newsgrep.index.generations import DEFAULT_CORPUS

    # Only the default index of the default corpus builds itself: a missing index named by
    # --index is more likely a typo than a wish to index ./seeds into it.
    if index_dir == DEFAULT_INDEX and not generations.exists(index_dir) and \
            DEFAULT_CORPUS.is_dir() and not os.environ.get("NEWSGREP_INDEX"):
        env.stderr.write(f"newsgrep: no index yet; indexing ./{DEFAULT_CORPUS} into {index_dir}\n")
        run_index(index_dir, [DEFAULT_CORPUS], False, None, 30.0, env)
    return open_index(index_dir)


def found_status(total: int) -> ExitStatus:
    return ExitStatus.FOUND if total else ExitStatus.NOT_FOUND
