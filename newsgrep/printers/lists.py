"""The grep-style outputs, which need no hits: `-l` (each matching file once), `-c` (how
many articles), and `--facet` counts."""
from __future__ import annotations

from newsgrep.environment import Environment
from newsgrep.printers.escape import escape_controls
from newsgrep.printers.jsonlines import dumps
from newsgrep.printers.text import display_path


def print_paths(env: Environment, paths: list[str], null: bool = False) -> None:
    """Each path once, in the order given; `null` ends each with NUL (for `xargs -0`),
    else with a newline, a newline inside a name shown escaped so one path is one line
    (on a terminal control characters too, as \\xNN)."""
    for path in dict.fromkeys(paths):
        shown = display_path(path)
        if null:
            env.stdout.write(shown + "\0")
        else:
            shown = shown.replace("\\", "\\\\").replace("\n", "\\n")
            env.stdout.write((escape_controls(shown) if env.stdout_isatty else shown) + "\n")
    env.stdout.flush()


def print_count(env: Environment, total: int) -> None:
    env.stdout.write(f"{total}\n")
    env.stdout.flush()


def print_facets(env: Environment, facets: dict[str, dict], as_json: bool) -> None:
    """Counts per value of each facet: one JSON line, or a small table per facet."""
    if as_json:
        env.stdout.write(dumps({"facets": facets}) + "\n")
        env.stdout.flush()
        return
    for name, counts in facets.items():
        env.stdout.write(f"{name}:\n")
        width = max((len(str(n)) for n in counts.values()), default=1)
        for value, n in counts.items():
            env.stdout.write(escape_controls(f"  {n:>{width}}  {value}") + "\n")
    env.stdout.flush()
