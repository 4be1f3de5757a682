"""Which command-line arguments are a command's options and which are query words.

`newsgrep search 华为 -hcs -title:华为 -c`: `-c` is an option, `-hcs` and `-title:华为`
are exclusions in the query. click alone would read `-hcs` as `-h -c -s` (help), so
commands that take a query (`QueryCommand`) split their arguments here first: an argument
is an option only when it is spelled as one, every other word belongs to the query, and
`--` ends the options.
"""
from __future__ import annotations

import re

import click
from typer.core import TyperCommand

# `-n5`, `-C2`: a short option glued to its number, as grep users type it.
_GLUED_NUMBER = re.compile(r"(-[A-Za-z0-9])(\d+)$")


def split_arguments(args: list[str], options: dict[str, bool]) -> tuple[list[str], list[str]]:
    """(option arguments, query words) of `args`. `options` maps each spelling of the
    command's options (`-c`, `--count`) to whether it takes a value.

    An option is an argument spelled exactly as one (`-c`, `--sort date`, `--sort=date`,
    `-n5`), with the value that follows it; an unknown `--word` stays an option so that
    click refuses it. Everything else is a query word, and so is everything after `--`.
    """
    chosen: list[str] = []
    words: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            words.extend(rest)
            break
        if arg in options:
            chosen.append(arg)
            if options[arg]:
                chosen.extend(_value(rest))
        elif _is_long_option(arg):
            chosen.append(arg)
        elif (glued := _GLUED_NUMBER.match(arg)) and options.get(glued.group(1)):
            chosen.append(arg)
        else:
            words.append(arg)
    return chosen, words


def _value(rest) -> list[str]:
    """The argument after an option that takes one (none left: click says it is missing)."""
    value = next(rest, None)
    return [] if value is None else [value]


def _is_long_option(arg: str) -> bool:
    """`--sort=date`, or an unknown `--word`: click reads it (and refuses the unknown with
    a did-you-mean); no query word starts with `--`."""
    return arg.startswith("--") and len(arg) > 2


def option_table(params: list[click.Parameter]) -> dict[str, bool]:
    """Every spelling of the options in `params` -> whether it takes a value."""
    table = {}
    for param in params:
        if isinstance(param, click.Option):
            takes_value = not (param.is_flag or param.count)
            for spelling in (*param.opts, *param.secondary_opts):
                table[spelling] = takes_value
    return table


class QueryCommand(TyperCommand):
    """A command whose trailing words are a query: `-word` that is not one of its options
    is a query word (an exclusion), and `--` ends the options."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args:
            return super().parse_args(ctx, args)
        chosen, words = split_arguments(args, option_table(self.get_params(ctx)))
        return super().parse_args(ctx, [*chosen, "--", *words] if words else chosen)
