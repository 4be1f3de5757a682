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

Whoosh also reads its files with `pickle` (the TOC's schema and segment list, term and
posting blocks, columns), and unpickling runs whatever a file names. Importing this module
swaps every unpickling function of Whoosh's for one that builds only the few classes a
newsgrep index holds (`install_safe_unpickling`), and `open_whoosh` opens an index with the
schema built in code, its pickled copy skipped, and the segment list checked.
"""
from __future__ import annotations

import io
import pickle
import re
import types

import whoosh.codec.whoosh3
import whoosh.columns
import whoosh.compat
import whoosh.externalsort
import whoosh.filedb.structfile
import whoosh.formats
import whoosh.index
from whoosh.matching import ListMatcher
from whoosh.reading import TermNotFound
from whoosh.writing import MERGE_SMALL, NO_MERGE, SegmentWriter

from newsgrep.errors import IndexDamaged
from newsgrep.index.codec import NewsgrepCodec

# Every global a newsgrep index's pickles name (Whoosh 2.7.4, schema from schema.py): the
# schema's classes, the TOC's segment objects, and the containers they use. Nothing here
# runs code of the file's choosing when called with the file's arguments.
ALLOWED_GLOBALS = {
    ("whoosh.fields", "Schema"), ("whoosh.fields", "ID"), ("whoosh.fields", "TEXT"),
    ("whoosh.formats", "Existence"), ("whoosh.formats", "Frequency"),
    ("whoosh.columns", "VarBytesColumn"),
    ("whoosh.analysis.tokenizers", "IDTokenizer"),
    ("newsgrep.index.analysis", "WordTokenizer"),
    ("whoosh.codec.whoosh3", "W3Codec"), ("whoosh.codec.whoosh3", "W3Segment"),
    ("newsgrep.index.codec", "NewsgrepCodec"),  # our segments' codec: data, no state
    ("collections", "defaultdict"),
    ("builtins", "int"), ("builtins", "set"), ("builtins", "frozenset"),
    ("__builtin__", "int"), ("__builtin__", "long"), ("__builtin__", "set"),
    ("__builtin__", "frozenset"),
    # Other Whoosh schemas (a library user's own index in the same process) also need
    # their regular expressions and the stemmer: plain functions of text.
    ("re", "_compile"), ("whoosh.lang.porter", "stem"),
}
# Whoosh's own classes from these modules are data too (fields, formats, analysers): their
# constructors keep or compile what they are given, and can make no file object. (The
# codec's other classes read and write files: only W3Codec and W3Segment, above.)
WHOOSH_DATA_MODULES = ("whoosh.fields", "whoosh.formats", "whoosh.columns",
                       "whoosh.analysis.")
INDEX_NAME = "MAIN"
_SEGMENT_ID = re.compile(r"^[0-9a-z]{1,64}$")


class ForeignPickle(IndexDamaged):
    """A Whoosh file names something newsgrep never writes: damage, or a planted payload."""


def _latin1_bytes(text, encoding="latin1", errors="strict"):
    # Protocol-2 pickles spell bytes as _codecs.encode(str, "latin1"); nothing else.
    if encoding not in ("latin1", "latin-1") or not isinstance(text, str):
        raise ForeignPickle(_foreign("_codecs.encode"))
    return text.encode("latin1")


def _empty_bytes(*args):
    # Protocol 2 spells b"" as __builtin__.bytes(): the sort runs of a build big enough to
    # spill hold postings with empty values. Nothing else.
    if args:
        raise ForeignPickle(_foreign("__builtin__.bytes with arguments"))
    return b""


def _foreign(name: str) -> str:
    return (f"index is damaged or not made by newsgrep (one of its files asks to run "
            f"{name}, which newsgrep never writes); build your own with "
            "`newsgrep index --rebuild`")


class SafeUnpickler(pickle.Unpickler):
    """An unpickler that builds only ALLOWED_GLOBALS and refuses everything else."""

    def find_class(self, module, name):
        if (module, name) in ALLOWED_GLOBALS or _whoosh_class(module, name):
            return super().find_class(module, name)
        if (module, name) == ("_codecs", "encode"):
            return _latin1_bytes
        if (module, name) == ("__builtin__", "bytes"):
            return _empty_bytes
        raise ForeignPickle(_foreign(f"{module}.{name}"))

    def persistent_load(self, pid):
        raise ForeignPickle(_foreign("a persistent id"))


def _whoosh_class(module: str, name: str) -> bool:
    """A class Whoosh defines in one of its data modules (not a function, not a dotted
    path to something else)."""
    import sys

    if not module.startswith(WHOOSH_DATA_MODULES) or "." in name or module not in sys.modules:
        return False
    found = getattr(sys.modules[module], name, None)
    return isinstance(found, type) and found.__module__.startswith("whoosh.")


def safe_loads(data) -> object:
    try:
        return SafeUnpickler(io.BytesIO(data)).load()
    except ForeignPickle:
        raise
    except Exception as exc:  # truncated or garbled bytes
        raise IndexDamaged(f"index is damaged (a Whoosh file does not unpickle: "
                           f"{type(exc).__name__}); run `newsgrep index --rebuild`") from None


def safe_load(file) -> object:
    try:
        return SafeUnpickler(file).load()
    except (ForeignPickle, EOFError):
        raise  # Whoosh reads an empty extras block as EOFError
    except Exception as exc:
        raise IndexDamaged(f"index is damaged (a Whoosh file does not unpickle: "
                           f"{type(exc).__name__}); run `newsgrep index --rebuild`") from None


# Where Whoosh 2.7.4 unpickles (tests/test_hardening.py fails when that list changes):
# module -> the global name it calls.
UNPICKLING_SITES = {
    "whoosh.compat": ("loads", "load"),
    "whoosh.codec.whoosh3": ("loads",),      # posting blocks, inlined postings
    "whoosh.columns": ("loads",),            # pickle columns (_stored.col)
    "whoosh.formats": ("loads",),            # position/character values
    "whoosh.filedb.structfile": ("load_pickle",),  # TOC segments, compound dirs, extras
    "whoosh.externalsort": ("load",),        # the writer's own sort runs
    "whoosh.index": ("pickle",),             # the TOC's schema
}


def install_safe_unpickling() -> None:
    """Make every unpickling call inside Whoosh go through SafeUnpickler."""
    for module in (whoosh.compat, whoosh.codec.whoosh3, whoosh.columns, whoosh.formats):
        module.loads = safe_loads
    whoosh.compat.load = safe_load
    whoosh.externalsort.load = safe_load
    whoosh.filedb.structfile.load_pickle = safe_load
    whoosh.index.pickle = types.SimpleNamespace(
        loads=safe_loads, dumps=pickle.dumps, PicklingError=pickle.PicklingError)
    # Older TOC versions are read by Whoosh's legacy unpickler, which allows anything.
    whoosh.index.toc_loaders = {}


install_safe_unpickling()


WRITER_MEMORY_MB = 128


def segment_writer(ix, memory_mb: int | None = None) -> SegmentWriter:
    """A writer for one new segment of `ix`, alongside the writer that holds the lock;
    `memory_mb` bounds the word postings it pools before sorting a run out to disk.

    Not compound: the parent links segment files into the next generation one by one.
    Written with newsgrep's codec (`codec.py`), as every segment of our indexes is.
    """
    return SegmentWriter(ix, _lk=False, compound=False, codec=NewsgrepCodec(),
                         limitmb=memory_mb or WRITER_MEMORY_MB)


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


def key_term(value):
    """A keyword (a file's path) as a Whoosh term: Whoosh encodes terms as strict UTF-8,
    so a name's bytes that are not UTF-8 (surrogate escapes) are spelled as \\xff."""
    if isinstance(value, str):
        try:
            value.encode()
        except UnicodeEncodeError:
            return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return value


def delete_file_documents(writer, path: str) -> None:
    """Delete every Whoosh document of the corpus file at `path`."""
    from newsgrep.fields import FILE_KEY

    writer.delete_by_term(FILE_KEY, key_term(path))


def cancel_quietly(writer) -> None:
    """Cancel a Whoosh writer on the way out of a failure without hiding that failure:
    writers share a temporary folder, so a second cancel may find its files gone."""
    try:
        writer.cancel()
    except Exception:
        pass


class _CheckedIndex(whoosh.index.FileIndex):
    """A Whoosh file index whose schema comes from code and whose TOC is checked; the
    segments its writers make (merges included) use newsgrep's codec."""

    def writer(self, procs=1, **kwargs):
        kwargs.setdefault("codec", NewsgrepCodec())
        return super().writer(procs, **kwargs)

    def _read_toc(self):
        toc = super()._read_toc()
        _check_segments(toc.segments)
        return toc


def open_whoosh(folder, schema):
    """Open the Whoosh index in `folder` with `schema` (built in code): the TOC's pickled
    schema is skipped, its segment list unpickled safely and checked."""
    from whoosh.filedb.filestore import FileStorage

    return _CheckedIndex(FileStorage(str(folder)), schema=schema, indexname=INDEX_NAME)


def segments_of(ix) -> list:
    """The index's segments as its TOC lists them, in document-number order, with their
    counts and deletions: no reader opened (opening one reads its term table, most of
    what an update of one file spent placing the archive's documents)."""
    return ix._segments()


def segment_reader(ix, segment, schema):
    """A reader of one segment of `ix` alone (its document numbers from 0)."""
    from whoosh.reading import SegmentReader

    return SegmentReader(ix.storage, schema, segment)


def _check_segments(segments) -> None:
    """Segment objects as Whoosh writes them: their ids become file names, so an id
    such as ../../x must never reach the file system."""
    ok = isinstance(segments, list) and all(_plausible(s) for s in segments)
    if not ok:
        raise IndexDamaged("index is damaged or not made by newsgrep (its Whoosh table of "
                           "contents lists odd segments); run `newsgrep index --rebuild`")


_SEGMENT_KEYS = {"indexname", "segid", "_codec", "_doccount", "_deleted", "compound",
                 "_fieldlengths"}
_CODEC_KEYS = {"_blocklimit", "_compression", "_inlinelimit"}


def _plausible(segment) -> bool:
    W3 = whoosh.codec.whoosh3
    if type(segment) is not W3.W3Segment or not set(vars(segment)) <= _SEGMENT_KEYS:
        return False
    codec, deleted = getattr(segment, "_codec", None), getattr(segment, "_deleted", None)
    lengths = getattr(segment, "_fieldlengths", {})
    return (type(codec) in (NewsgrepCodec, W3.W3Codec) and set(vars(codec)) <= _CODEC_KEYS
            and all(type(v) is int for v in vars(codec).values())
            and segment.indexname == INDEX_NAME
            and isinstance(segment.segid, str) and bool(_SEGMENT_ID.match(segment.segid))
            and type(segment._doccount) is int and segment._doccount >= 0
            and type(getattr(segment, "compound", False)) is bool
            and isinstance(lengths, dict)
            and all(type(k) is str and type(v) is int for k, v in lengths.items())
            and (deleted is None or (isinstance(deleted, (set, frozenset))
                                     and all(type(d) is int for d in deleted))))


def word_frequencies(reader, field: str, word: str):
    """(document number, frequency) of every posting of `word` in a word field, deleted
    documents included (the docmap marks them -1), read a block at a time.

    Whoosh's matcher API (`items_as`) spends a few microseconds on each posting, which a
    common word's tens of thousands of postings turn into most of a query's time; a
    block's ids and weights are arrays already. The weight of a posting is its frequency
    times the field's boost (`formats.Frequency.word_values`: token boosts are 1)."""
    for segment_reader, base in reader.leaf_readers():
        format_ = segment_reader.schema[field].format
        boost = format_.field_boost or 1.0
        try:
            matcher = segment_reader._terms.matcher(
                field, segment_reader._text_to_bytes(field, word), format_)
        except (KeyError, TermNotFound):  # no such word in this segment
            continue
        for ids, weights in _posting_blocks(matcher):
            for docnum, weight in zip(ids, weights):
                yield base + docnum, round(weight / boost)


def _posting_blocks(matcher):
    """A term matcher's (ids, weights) a block at a time: a short list, inlined in the
    term table, comes as a ListMatcher holding them all."""
    if isinstance(matcher, ListMatcher):
        yield matcher._ids, matcher._weights
        return
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield matcher._ids, matcher._weights
        matcher._next_block()
