"""Every use of Whoosh's private API, in one place (Whoosh 2.7.4; see tests/test_whoosh_private.py).

Writing segments in several processes and publishing them with one commit is what Whoosh's
own `MpWriter` does, but only through private methods, so we call the same ones here:

- a segment writer that does not take the index's write lock (`SegmentWriter(_lk=False)`):
  the publishing writer in the parent process holds that lock for the whole run;
- `_finalize_segment()`: flush, close and return the new segment, without writing a TOC;
- `_close_segment()`: close a writer that added nothing without `cancel()`, which would
  delete the temporary folder that every writer of the index shares.

Publishing those segments needs no private call: `commit(mergetype=...)` is Whoosh's public
hook for choosing the final segment list, and it writes the TOC (`_commit_toc`) for us.
In: an open Whoosh index. Out: finished segments, then one commit that lists them all.
"""
from __future__ import annotations

from whoosh.writing import MERGE_SMALL, NO_MERGE, SegmentWriter

WRITER_MEMORY_MB = 128


def segment_writer(ix) -> SegmentWriter:
    """A writer for one new segment of `ix`, alongside the writer that holds the lock.

    Not compound: the parent links segment files into the next generation one by one.
    """
    return SegmentWriter(ix, _lk=False, compound=False, limitmb=WRITER_MEMORY_MB)


def finish_segment(writer: SegmentWriter):
    """Write out the writer's segment and return it, unpublished (as MpWriter does)."""
    return writer._finalize_segment()


def drop_segment(writer: SegmentWriter) -> None:
    """Close a writer whose segment holds nothing. Its files are swept away by the next
    commit of the index (Whoosh deletes files no segment in the TOC names)."""
    writer._close_segment()


def commit_with(writer: SegmentWriter, segments: list, merge: bool) -> None:
    """Commit `writer` (its deletions, and any small segments it merges) and publish the
    finished `segments` with it, all in one new TOC."""
    policy = MERGE_SMALL if merge else NO_MERGE

    def with_segments(w, existing):
        return policy(w, existing) + list(segments)

    writer.commit(mergetype=with_segments)


def cancel_quietly(writer) -> None:
    """Cancel a Whoosh writer on the way out of a failure without hiding that failure:
    writers share a temporary folder, so a second cancel may find its files gone."""
    try:
        writer.cancel()
    except Exception:
        pass
