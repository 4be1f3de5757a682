"""The errors a user may see, and the exit statuses they map to.

Every error is a `NewsgrepError`: a message that says what to do next, and the exit status
the command line ends with. Library users catch the subclasses they care about.
"""
from enum import IntEnum


class ExitStatus(IntEnum):
    """How a command ends: grep's convention, plus the shell's for Ctrl-C."""

    FOUND = 0          # something matched, or the job is done
    NOT_FOUND = 1      # the search found nothing
    ERROR = 2          # bad input (an unknown id too), a damaged or missing index, a failure
    INTERRUPTED = 130  # Ctrl-C


class NewsgrepError(Exception):
    """An error to report as one line on stderr, exiting with `status` (2 unless told)."""

    status: ExitStatus = ExitStatus.ERROR

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = ExitStatus(status)


class QueryError(NewsgrepError):
    """The query cannot be read (an unclosed quote, an unknown field, a bad range)."""


class ArgumentError(NewsgrepError, ValueError):
    """An API call was given a value it cannot take (`context=-1`, `sort="relevance"`);
    a `ValueError` too, as Python callers expect."""


class IndexClosed(NewsgrepError, ValueError):
    """A call on an `Index` after `close()` (a `ValueError` too, as for a closed file)."""


class IndexMissing(NewsgrepError):
    """There is no index where one was asked for."""


class IndexDamaged(NewsgrepError):
    """The index exists but cannot be read as newsgrep wrote it; rebuild it."""


class IndexIncompatible(NewsgrepError):
    """The index was written by another index format or analyser; rebuild it."""


class ArticleNotFound(NewsgrepError):
    """No article has the id asked for: an error (status 2), as a missing index is. An
    id comes from a search, so a wrong one is a mistake to fix, not a search that found
    nothing (status 1 is for queries)."""
