"""Long output through a pager on a terminal, as git does; straight through in a pipe.

$PAGER (else `less`) reads what the printer writes; less runs with -FRX unless $LESS says
otherwise: colours pass through, and output that fits one screen just prints.
"""
from __future__ import annotations

import dataclasses
import io
import os
import shlex
import subprocess
from contextlib import contextmanager

from newsgrep.environment import Environment


@contextmanager
def paged(env: Environment, enabled: bool = True):
    """Yield the Environment to print to: a pager's on a terminal, else `env` itself."""
    command = shlex.split(os.environ.get("PAGER") or "less")
    if not (enabled and env.stdout_isatty and command and command[0] != "cat"):
        yield env
        return
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE,
                                 env={**os.environ, "LESS": os.environ.get("LESS", "FRX")})
    except OSError:  # no pager installed: print as usual
        yield env
        return
    # A file name that is not UTF-8 reaches the pager as its own bytes, as it would the
    # terminal (surrogate escapes), not as question marks.
    stream = io.TextIOWrapper(pager.stdin, encoding="utf-8", errors="surrogateescape")
    try:
        yield dataclasses.replace(env, stdout=stream)
        stream.flush()
    except BrokenPipeError:  # the reader quit the pager early
        pass
    finally:
        try:
            stream.close()
        except BrokenPipeError:
            pass
        pager.wait()
