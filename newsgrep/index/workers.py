"""Worker processes: one forked process per share of a large change, each running `index_group`.

In: `GroupJob`s. Out: the finished Whoosh segments, and each file's `FileReport` as it is
done (for progress). Workers die with the parent (PR_SET_PDEATHSIG on Linux, a polling
thread elsewhere) and give up the index lock's inherited descriptor, so a killed build leaves
no process writing and no lock held. Any failure in a worker stops the run with one line.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
from typing import Callable

from newsgrep.errors import NewsgrepError
from newsgrep.index.analysis import save_dictionary_db
from newsgrep.index.changes import SourceFile
from newsgrep.index.records import FileReport
from newsgrep.index.segments import GroupJob, index_group

PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)


def split_evenly(sources: list[SourceFile], parts: int) -> list[list[SourceFile]]:
    """Share files among workers so that each gets about the same number of bytes."""
    groups: list[list[SourceFile]] = [[] for _ in range(parts)]
    loads = [0] * parts
    for source in sorted(sources, key=lambda s: s.size, reverse=True):
        lightest = loads.index(min(loads))
        groups[lightest].append(source)
        loads[lightest] += source.size
    return [g for g in groups if g]


def run_workers(jobs: list[GroupJob], on_file: Callable[[FileReport], None],
                lock_fd: int | None) -> list:
    """Run each job in its own forked process; the segments they wrote (None for empty)."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=_worker_main, daemon=True,
                               args=(job, results, os.getpid(), lock_fd))
               for job in jobs]
    for worker in workers:
        worker.start()
    save_dictionary_db()  # this process waits anyway: cache for quick small updates
    segments: list = []
    try:
        while len(segments) < len(workers):
            message = _next_message(results, workers)
            if message is None:
                continue
            kind, payload = message
            if kind == "file":
                on_file(payload)
            elif kind == "done":
                segments.append(payload)
            else:
                raise NewsgrepError(f"indexing failed ({payload}); the index is unchanged")
    finally:
        _stop(workers, finished=len(segments) == len(workers))
    return segments


def _next_message(results, workers) -> tuple | None:
    try:
        return results.get(timeout=1.0)
    except queue.Empty:
        if any(not w.is_alive() and w.exitcode != 0 for w in workers):
            raise NewsgrepError("an indexing worker died; the index is unchanged: run the "
                                "same command again") from None
        return None


def _stop(workers, finished: bool) -> None:
    for worker in workers:
        if worker.is_alive():
            worker.join(timeout=5 if finished else 0)
        if worker.is_alive():
            worker.terminate()


def _worker_main(job: GroupJob, results, parent: int, lock_fd: int | None) -> None:
    # Ctrl-C is the parent's to handle: it stops the workers and cleans up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    if lock_fd is not None:
        # The forked copy of the lock's descriptor would keep the index locked if this
        # process outlived a killed parent.
        try:
            os.close(lock_fd)
        except OSError:
            pass
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    try:
        segment = index_group(job, lambda report: results.put(("file", report)))
        results.put(("done", segment))
    except BaseException as exc:  # reported to the parent, which says it in one line
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def _die_with_parent() -> None:
    """Ask Linux to kill this worker the moment its parent dies (kill -9 included); the
    polling thread started by _worker_main covers other systems."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _exit_when_orphaned(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(0.5)
