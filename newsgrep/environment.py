"""Facts about where output goes, decided once: terminal or pipe, colour, width.

Injectable: tests build an Environment by hand instead of faking a terminal.
"""
from __future__ import annotations

import dataclasses
import os
import shutil
import sys
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class Environment:
    """Where output goes and how it may look; the CLI detects it once per command, tests
    build their own (`CliRunner().invoke(app, args, obj=Environment(...))`)."""

    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    stdout_isatty: bool = False
    stderr_isatty: bool = False
    color: bool = False
    width: int = 80  # terminal columns (display width), for output that fits

    @classmethod
    def detect(cls, color: str = "auto") -> "Environment":
        """color: auto (colour on a terminal unless NO_COLOR is set), always or never."""
        out_tty = _isatty(sys.stdout)
        err_tty = _isatty(sys.stderr)
        if color == "always":
            use_color = True
        elif color == "never":
            use_color = False
        else:
            use_color = out_tty and not os.environ.get("NO_COLOR")
        width = shutil.get_terminal_size((80, 24)).columns
        return cls(sys.stdout, sys.stderr, out_tty, err_tty, use_color, width)

    def with_color(self, color: str) -> "Environment":
        """The same environment with colour settled by --color (auto keeps it)."""
        if color == "auto":
            return self
        return dataclasses.replace(self, color=color == "always")


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
