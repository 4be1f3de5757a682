"""An update's plan (`plan.plan_update`) worked out in a forked process while this one
starts up: the corpus walk, a stat of every file of the archive (3,680 at 10x: 25-30
ms), and the old files table (9 ms to parse at 10x) cost an update of one file what the
archive's size makes them, but nothing in them waits on the code the run still has to
load (0.15 s: the parsers, Whoosh, jieba). The run takes the plan when it needs it, if
it was made against what the run found (the same generation, corpus and size cap), and
otherwise makes it itself, as it does when there is nothing to fork or the fork failed.

Light on purpose: imported before the rest of the indexing code, so that the fork comes
first.
"""
from __future__ import annotations

import os
import pickle
import signal
from pathlib import Path


class Prefetch:
    """A forked process making the plan; `take` waits for it."""

    def __init__(self, pid: int, fd: int):
        self.pid: int | None = pid
        self.fd: int | None = fd

    def take(self, generation: str | None, roots: list[Path], max_size: int):
        """The plan, if it was made against `generation` (the old generation's folder
        name), these roots and this size cap; else None (the caller makes its own)."""
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                self.fd = None
                data = pipe.read()
            self._reap()
            plan = pickle.loads(data) if data else None
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None
        finally:
            self.close()
        if plan is None or plan.generation != generation or plan.max_size != max_size or \
                plan.roots != [str(r) for r in roots]:
            return None
        return plan

    def close(self) -> None:
        """Stop the process if it still runs (a run that failed before `take`)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            self._reap()

    def _reap(self) -> None:
        if self.pid is not None:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = None


def start(index_dir: Path, roots: list[Path] | None,
          max_size: int | None = None) -> Prefetch | None:
    """Fork a process to make the plan of an update of the index at `index_dir` (None
    where there is no fork, or no index to update yet: a first build reads every file
    anyway). The process writes the pickled plan to a pipe, or nothing if it fails.
    `max_size` None: the default cap, as `Indexer` takes it."""
    if not hasattr(os, "fork") or not (index_dir / "CURRENT").is_file():
        return None
    try:
        read, write = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: never returns
        status = 1
        try:
            os.close(read)
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it, silently
            data = pickle.dumps(_plan_here(index_dir, roots, max_size), protocol=5)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return Prefetch(pid, read)


def _plan_here(index_dir: Path, roots: list[Path] | None, max_size: int | None):
    """What `Indexer._update` would plan, from the index's current generation."""
    from newsgrep.index import generations
    from newsgrep.index.changes import corpus_roots
    from newsgrep.index.plan import plan_update
    from newsgrep.ingest.sources import DEFAULT_MAX_FILE_SIZE

    old = generations.open_current(index_dir)
    try:
        return plan_update(corpus_roots(roots, old.manifest), max_size or DEFAULT_MAX_FILE_SIZE,
                           index_dir, old)
    finally:
        old.release()
