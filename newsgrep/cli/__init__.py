"""The newsgrep command line: options -> library call -> printer -> exit status.

Exit status: 0 found or done, 1 nothing found, 2 error, 130 interrupted. Errors are one
line on stderr that says what to do; a traceback only with NEWSGREP_DEBUG=1.
"""

import sys

import typer

from newsgrep.cli.arguments import QueryCommand
from newsgrep.cli.cluster import cluster_app
from newsgrep.cli.indexing import check, index
from newsgrep.cli.reading import export, show, stats
from newsgrep.cli.searching import SEARCH_EPILOG, search, similar

# click itself says "Did you mean 'search'?" for a mistyped command: typer's own
# suggestion (suggest_commands) would say it a second time.
app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, suggest_commands=False,
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


app.command()(index)
# -手机, -hcs, -title:华为 on the command line are query words (exclusions), not options.
app.command(cls=QueryCommand, epilog=SEARCH_EPILOG)(search)
app.command()(similar)
app.command()(show)
app.command(cls=QueryCommand)(export)
app.command()(stats)
app.command()(check)
app.add_typer(cluster_app, name="cluster")


def main() -> None:
    app()
