"""`newsgrep index` and `newsgrep check`: build or update an index, verify one."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from newsgrep.cli.common import INDEX_OPTION, environment_of, reports_errors, run_index
from newsgrep.errors import NewsgrepError
from newsgrep.index.grams import BIG_FILE_BYTES, BIG_FILE_MIB, DEFAULT_BUDGET_MIB


@reports_errors
def index(
    ctx: typer.Context,
    corpus: Optional[List[Path]] = typer.Argument(
        None, help="Page files (.txt, .pdf) and folders; default: the corpus recorded in the "
                   "index, else ./seeds."),
    index_dir: Path = INDEX_OPTION,
    rebuild: bool = typer.Option(False, "--rebuild", help="Start over instead of updating."),
    userdict: Optional[Path] = typer.Option(
        None, "--userdict", help="jieba user dictionary (word [freq] [tag] a line)."),
    wait: float = typer.Option(30.0, "--wait", help="Seconds to wait for another writer."),
    max_file_size: str = typer.Option(
        "64M", "--max-file-size", help="Skip page files larger than this (bytes, or 500K, "
                                       "64M, 1G)."),
    memory: Optional[int] = typer.Option(
        None, "--memory", min=16, max=1 << 20, show_default=False,
        help=f"MiB of postings each indexing process gathers before writing them out "
             f"(character postings and word postings, each): less memory, more (smaller) "
             f"segments. Default {DEFAULT_BUDGET_MIB}, {BIG_FILE_MIB} for a change holding "
             f"a file of {BIG_FILE_BYTES >> 20} MiB or more."),
):
    """Build or update the index (only new, changed and removed files are touched).

    Without CORPUS (also with --rebuild): the corpus and user dictionary the index records.
    Example: newsgrep index seeds/ --index index
    """
    env = environment_of(ctx)
    summary = run_index(index_dir, corpus or None, rebuild, userdict, wait, env,
                         _size(max_file_size), memory)
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


@reports_errors
def check(ctx: typer.Context, index_dir: Path = INDEX_OPTION):
    """Read every file of the index and compare it with the checksum recorded when it was
    written; exit 0 when all match, 2 (and which file) when the index is damaged.

    Example: newsgrep check --index index
    """
    from newsgrep.api import open_index

    env = environment_of(ctx)
    with open_index(index_dir) as ix:
        files, size = ix.check()
    env.stdout.write(f"index {index_dir} is sound: {files} files, {size} bytes checked\n")
