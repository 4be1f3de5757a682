"""The grep-style outputs: `-l` (each matching file once) and `-c` (how many articles)."""
from __future__ import annotations

from newsgrep.environment import Environment
from newsgrep.printers.text import display_path


def print_paths(env: Environment, paths: list[str]) -> None:
    """Each path once, in the order given."""
    for path in dict.fromkeys(paths):
        env.stdout.write(display_path(path) + "\n")
    env.stdout.flush()


def print_count(env: Environment, total: int) -> None:
    env.stdout.write(f"{total}\n")
    env.stdout.flush()
