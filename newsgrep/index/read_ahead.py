"""A big file's records read in a process of their own while this one indexes them.

In: a `SourceFile` and its `FileReport`. Out: the same records, in the same order, as
`records.read_articles` gives in this process, and the same report.

Why: files are shared among workers whole, so one big file (a year of pages in one text
file) is read and indexed by one process on one core, where the same pages as many files
keep every core busy. Reading (decoding, cutting into articles, folding) is about a
quarter of a big file's time; done in a second process it overlaps with the rest
(segmenting, Whoosh, the store, the grams), which takes the records as they come.

Why a fresh interpreter and not a fork: memory. A forked child maps every page of its
parent, jieba's dictionary and the postings buffers included, and the tree's memory
counts them twice; a new interpreter that imports the reading code alone holds about
70 MiB whatever the file's size (its text is read in pieces, `ingest/chunks.py`).

The child writes pickled batches of records to a pipe, then its report; a thread here
drains the pipe into a short queue, so that the child reads ahead while this process is
busy, never more than `QUEUED_BATCHES` batches ahead. The child dies with the pipe: when
this process stops reading (done, failed, Ctrl-C), it is killed, and if this process is
killed, its next write fails and it exits.
"""
from __future__ import annotations

import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

from newsgrep.errors import NewsgrepError
from newsgrep.index.changes import SourceFile
from newsgrep.index.records import FileReport, Record, read_articles
from newsgrep.ingest.chunks import STREAM_BYTES
from newsgrep.ingest.sources import is_pdf

# Records a message carries (about 1 MB pickled, for news pages), and messages the queue
# holds: the child reads about 500 records ahead, some 7 MB of them, a small part of the
# indexing process's memory.
BATCH_RECORDS = 64
QUEUED_BATCHES = 8

# The package folder's parent, so that the child imports this very newsgrep (not another
# one on its path, or in its working folder).
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_CHILD = ("import sys; sys.path.insert(0, sys.argv[1]); "
          "from newsgrep.index.read_ahead import child_main; child_main(int(sys.argv[2]))")


def records_of(source: SourceFile, report: FileReport) -> Iterator[Record]:
    """`read_articles(source, report)`, read ahead in a child process where that pays:
    a text file big enough to be read as a stream, on a machine with a core to spare."""
    if not reads_ahead(source):
        return read_articles(source, report)
    return _from_child(source, report)


def reads_ahead(source: SourceFile) -> bool:
    return source.size > STREAM_BYTES and not is_pdf(source.path) and usable_cores() > 1


def usable_cores() -> int:
    """The cores this process may run on (a pinned or limited process may use fewer than
    the machine has: more workers than that only take turns on them)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _from_child(source: SourceFile, report: FileReport) -> Iterator[Record]:
    try:
        child = subprocess.Popen([sys.executable, "-c", _CHILD, _PACKAGE_ROOT,
                                  str(BATCH_RECORDS)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL)
    except OSError:  # no interpreter to start (an embedding program): read it here
        yield from read_articles(source, report)
        return
    messages: queue.Queue = queue.Queue(QUEUED_BATCHES)
    drain = threading.Thread(target=_drain, args=(child.stdout, messages), daemon=True)
    try:
        try:
            child.stdin.write(pickle.dumps(source, pickle.HIGHEST_PROTOCOL))
            child.stdin.close()
        except BrokenPipeError:
            pass  # the child is gone already: the pipe ends, and it is read here
        drain.start()
        received = False
        while True:
            kind, payload = messages.get()
            if kind == "records":
                received = True
                yield from payload
            elif kind == "report":
                vars(report).update(vars(payload))
                return
            elif received or kind == "error":
                raise NewsgrepError(f"reading {source.path} failed ({payload}); the index "
                                    "is unchanged")
            else:  # the child could not start at all: read it here
                yield from read_articles(source, report)
                return
    finally:
        _stop(child, drain, messages)


def _stop(child: subprocess.Popen, drain: threading.Thread, messages: queue.Queue) -> None:
    """Kill the child, and empty the queue until the thread draining its pipe has seen the
    pipe end (it may wait to put a message into a full queue)."""
    child.kill()
    while drain.is_alive():
        try:
            messages.get(timeout=0.1)
        except queue.Empty:
            pass
    child.wait()
    child.stdout.close()


def _drain(pipe, messages: queue.Queue) -> None:
    """Unpickle the child's messages into `messages`; ("gone", why) when the pipe ends
    without its report."""
    try:
        while True:
            message = pickle.load(pipe)
            messages.put(message)
            if message[0] in ("report", "error"):
                return
    except (EOFError, OSError, pickle.UnpicklingError, ValueError) as exc:
        messages.put(("gone", f"the reading process stopped: {type(exc).__name__}"))


def child_main(batch_records: int = BATCH_RECORDS) -> None:
    """The child: read the `SourceFile` pickled on stdin, write its records to stdout,
    `batch_records` to a message."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    out = sys.stdout.buffer
    try:
        source = pickle.load(sys.stdin.buffer)
        report = FileReport(source.path, source.digest)
        batch: list[Record] = []
        for record in read_articles(source, report):
            batch.append(record)
            if len(batch) >= batch_records:
                _send(out, ("records", batch))
                batch = []
        if batch:
            _send(out, ("records", batch))
        _send(out, ("report", report))
    except BrokenPipeError:  # the parent stopped reading
        os._exit(0)
    except BaseException as exc:  # said by the parent, in one line
        try:
            _send(out, ("error", f"{type(exc).__name__}: {exc}"))
        except OSError:
            pass
    os._exit(0)  # nothing left to tidy: skip the interpreter's teardown


def _send(out, message: tuple) -> None:
    pickle.dump(message, out, pickle.HIGHEST_PROTOCOL)
    out.flush()
