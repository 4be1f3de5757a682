"""The one exception a user may see: a message that says what to do, and an exit status."""


class NewsgrepError(Exception):
    """An error to report as one line on stderr, exiting with `status` (2 unless told)."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.message = message
        self.status = status
