"""Putting a new generation together around the segments and shards the run wrote.

In: the previous generation (its Whoosh files, gram segments and store), the store shards of
this run, and each changed file's `FileReport`. Out, in the new generation's folder: the
Whoosh folder and gram segments started as hard links to the old one's files, the article
store in path order (the old store's untouched parts hard-linked, new parts where files
changed: `store_layout`), the
manifest's per-file entries, the docmap from Whoosh document numbers to store places and
the gram segments' maps to store places.
"""
from __future__ import annotations

from array import array
from pathlib import Path

from newsgrep.fields import ARTICLE_KEY
from newsgrep.index import grams, whoosh_private
from newsgrep.index.arrays import Moves, find_any, remapped
from newsgrep.index.gram_merge import merge_smallest
from newsgrep.index.gram_writer import write_maps
from newsgrep.index.changes import SourceFile, sidecar_digest
from newsgrep.index.generations import Generation
from newsgrep.index.whoosh_private import open_whoosh
from newsgrep.index.records import FileReport
from newsgrep.index.schema import build_schema
from newsgrep.index.store import DOCMAP, Store, StoreFolder, records_by_path
from newsgrep.index.plan import Kept, Plan
from newsgrep.index.store_layout import (Piece, link_file, old_pieces, stretch_pieces,
                                         write_layout)
from newsgrep.index.store_layout import plan as plan_layout


def link_tree(source: Path, target: Path) -> None:
    """Copy a Whoosh folder by hard links: its segment files are never rewritten in place."""
    target.mkdir()
    for entry in source.iterdir():
        if entry.is_file() and "LOCK" not in entry.name.upper():
            link_file(entry, target / entry.name)


def link_grams(source: Path, target: Path) -> None:
    """Carry the old generation's gram segments over by hard links (they never change;
    each generation writes its own maps beside them)."""
    target.mkdir()
    for entry in source.glob("*.db") if source.is_dir() else ():
        link_file(entry, target / entry.name)


def store_places(store_dir: Path) -> dict[str, int]:
    """Article id -> its place in the new generation's store."""
    store = Store(store_dir)
    try:
        return {article_id: doc for doc, article_id in enumerate(store.columns[ARTICLE_KEY])}
    finally:
        store.close()


class Places:
    """Article id -> its place in the new generation's store, for what needs placing by
    id: the articles this run wrote, all in the parts it wrote (named after its
    generation). An id found elsewhere (never, as the store is written) is looked up in
    the whole store, read once on the first such miss. An update of one file so reads
    one part's ids, not the archive's."""

    def __init__(self, store_dir: Path, generation: str):
        self.store_dir = store_dir
        self._whole: dict[str, int] | None = None
        store = Store(store_dir)
        try:
            self._new = {article_id: entry["first"] + local
                         for k, entry in enumerate(store.table)
                         if entry["name"].startswith(f"{generation}-")
                         for local, article_id in enumerate(store.part(k).columns[ARTICLE_KEY])}
        finally:
            store.close()

    def get(self, article_id: str, default: int = -1) -> int:
        found = self._new.get(article_id)
        if found is not None:
            return found
        if self._whole is None:
            self._whole = store_places(self.store_dir)
        return self._whole.get(article_id, default)


def write_gram_maps(folder: Path, old: Generation | None, touched: set[str],
                    budget: int, places: dict[str, int], moved: Moves | None = None) -> None:
    """Map every gram segment's articles to their `places` in the new store (`moved`: each
    old store place's new place, for the segments the old generation mapped already); a
    segment left with no live article is dropped from this generation, and the smallest
    are merged when there are too many (within `budget` posting entries of memory)."""
    grams_dir = folder / grams.FOLDER
    old_grams = old.folder / grams.FOLDER if old is not None else None
    live = write_maps(grams_dir, places, old_grams, touched, moved)
    for name in [name for name, count in live.items() if not count]:
        for suffix in (".db", ".map"):
            (grams_dir / f"{name}{suffix}").unlink()
        del live[name]
    merge_smallest(grams_dir, budget, live)


def merge_store(folder: Path, old: Generation | None, plan: Plan,
                reports: dict[str, FileReport]) -> tuple[list, int, Moves]:
    """Write the generation's store in path order from the old store and the shards:
    the old store's parts that keep all their records hard-linked, new parts written
    where files changed (`store_layout`).

    Returns the files table in pieces (`generations.write_files`: a `Kept` stretch's
    lines as they were, and (path, entry) for every other file, with how many records
    it has in the store), the number of articles stored, and where each record of the
    old store went (`Moves`). A stretch of unchanged files costs a few operations here,
    however many files it holds: its records are one range of the old store.
    """
    old_store = old.store if old else None  # closed with the old generation
    shards = [StoreFolder.shard(p) for p in sorted((folder / "shards").glob("*"))]
    new_docs = _shard_docs(shards)
    files: list = []
    pieces: list[Piece] = []
    carried = _Carried(old_store, pieces)
    place = 0
    for item in plan.items:
        if isinstance(item, Kept):
            if item.records:
                carried.add(item.records, place)
            files.append(item.lines)
            place += len(item.records)
            continue
        source, report = item, reports.get(item.path)
        if report is None and source.path in plan.old_ranges:  # unchanged: its records
            docs = plan.old_ranges[source.path]
            carried.add(docs, place)
        else:  # changed or new: its records in this run's shard (none if it has none now)
            shard, docs = new_docs.get(source.path, (None, ()))
            if docs:
                carried.flush()
                pieces.extend(Piece(shard, first, stop) for first, stop in _runs(docs))
        files.append((source.path, _file_entry(source, plan.old_entries.get(source.path),
                                               report, len(docs))))
        place += len(docs)
    moved = carried.done()
    try:
        entries = write_layout(folder / "store", folder.name, old_store,
                               plan_layout(old_store, pieces))
    finally:
        for shard in shards:
            shard.close()
    return files, sum(entry["articles"] for entry in entries), moved


def _file_entry(source: SourceFile, old: dict | None, report: FileReport | None,
                records: int) -> dict:
    """A file's entry in the generation's files.json: as indexed (this run, or before),
    with its count of store records and the stat its hash was taken with, unless the file
    changed while it was read. An unchanged file's entry is the old one, not a copy."""
    if report is None and old is not None and source.stamp is not None and \
            old.get("records") == records and old.get("stamp") == source.stamp and \
            old.get("sidecar") == sidecar_digest(source.sidecar):
        return old  # what `stamped` would give again
    entry = dict(old if report is None else report.manifest_entry())
    entry.pop("stamp", None)
    entry.pop("sidecar", None)
    entry["records"] = records
    if report is None or report.digest == source.digest:
        entry.update(source.stamped())
    return entry


def _shard_docs(shards: list[StoreFolder]) -> dict[str, tuple[StoreFolder, list[int]]]:
    """Where this run's shards hold each changed file's records."""
    return {path: (shard, docs) for shard in shards
            for path, docs in records_by_path(shard.columns["path"]).items()}


class _Carried:
    """The old store's records of unchanged files, gathered in stretches: unchanged files
    follow one another in both stores, so an update of one file makes two stretches, not
    one per file. Each stretch becomes a piece per old part it lies in, and a stretch of
    `Moves`: where each old record went."""

    def __init__(self, old_store: Store | None, pieces: list[Piece]):
        self.old_store = old_store
        self.pieces = pieces
        self.stretches: list[tuple[int, int, int]] = []  # (old first, old stop, new first)
        self._run: list[int] | None = None  # the stretch being gathered, as a list

    def add(self, docs: range | list[int], place: int) -> None:
        run = self._run
        if not isinstance(docs, range) or docs.step != 1:  # never written so
            self.flush()
            self.pieces.extend(old_pieces(self.old_store, docs))
            self.stretches.extend((doc, doc + 1, place + offset)
                                  for offset, doc in enumerate(docs))
        elif run is not None and run[1] == docs.start and run[2] + run[1] - run[0] == place:
            run[1] = docs.stop
        else:
            self.flush()
            self._run = [docs.start, docs.stop, place]

    def flush(self) -> None:
        if self._run is not None:
            first, stop, place = self._run
            self.pieces.extend(stretch_pieces(self.old_store, first, stop))
            self.stretches.append((first, stop, place))
            self._run = None

    def done(self) -> Moves:
        self.flush()
        return Moves(len(self.old_store) if self.old_store is not None else 0,
                     self.stretches)


class PreviousDocs:
    """What the previous generation knew of its Whoosh documents: for an update, the
    documents of the segments it carries over are placed from it, not read again."""

    def __init__(self, old: Generation, moved: Moves):
        ix = open_whoosh(old.whoosh_dir, build_schema())
        try:
            self.segments: dict[str, tuple[int, int]] = {}  # id -> (first number, count)
            base = 0
            for segment in whoosh_private.segments_of(ix):
                self.segments[segment.segment_id()] = (base, segment.doc_count_all())
                base += segment.doc_count_all()
        finally:
            ix.close()
        self.store = old.store
        # Old document number -> old store place, unchecked: places are carried over,
        # or looked up through `in_store`.
        self.docmap = self.store.whoosh_docmap(bounded=False)
        self.moved = moved                        # old store place -> new place, or -1
        self._uncarried = self._documents_of_uncarried()  # see _not_moved

    def places(self, segment, place: Places) -> list[int] | None:
        """Store places of a carried-over segment's documents (None for a new segment):
        an unchanged file's record moved (one list comprehension over the segment), a
        kept article of a changed file found by id, a deleted document -1."""
        known = self.segments.get(segment.segment_id())
        count = segment.doc_count_all()
        if known is None or known[1] != count:
            return None
        old = self.docmap[known[0]:known[0] + count]
        if len(old) != count:
            return None  # the old tables do not fit: read the segment instead
        try:
            found = self._moved(old)
        except IndexError:
            return None  # likewise
        deleted = set(segment.deleted_docs()) if segment.has_deletions() else set()
        for n in deleted:
            found[n] = -1
        for n in self._not_moved(known[0], old, found):
            if n not in deleted:
                found[n] = place.get(self.store.article_id(self.store.in_store(old[n])), -1)
        return found

    def _moved(self, old: array) -> array | list[int]:
        """The documents' places moved. In place, with each record not kept found
        already (`_uncarried`), the old places copied: `places` puts those documents
        anew."""
        if self.moved.in_place and self._uncarried is not None:
            return array(old.typecode, old)
        return remapped(old, self.moved.places)

    def _not_moved(self, base: int, old: array, found: list[int]) -> list[int]:
        """The documents (numbered from the segment's `base`) whose old record was not
        carried over (a changed or removed file's): when there are few, as after an edit,
        their documents are looked for once in the whole docmap (`find_any`), else by
        one pass over the segment."""
        if self._uncarried is not None:
            return [n - base for n in self._uncarried if base <= n < base + len(old)]
        return [n for n, (d, new) in enumerate(zip(old, found)) if new < 0 <= d]

    def _documents_of_uncarried(self) -> list[int] | None:
        """The old documents of the records not carried over, in order (None: too many
        such records to look for: `Moves.dropped`)."""
        records = self.moved.dropped()
        return find_any(self.docmap, records) if records is not None else None


def write_docmap(whoosh_dir: Path, store_dir: Path, place: Places,
                 previous: PreviousDocs | None = None) -> None:
    """Save, for every Whoosh document number, the article's place in the store (-1 for
    deleted documents), so that a query maps between the two without reading Whoosh's
    stored fields. Segments the previous generation had are placed from its docmap
    (`previous`); only new segments' ids are read from Whoosh (a few microseconds each)."""
    schema = build_schema()
    ix = open_whoosh(whoosh_dir, schema)
    docmap = array("q")
    try:
        for segment in whoosh_private.segments_of(ix):
            known = previous.places(segment, place) if previous is not None else None
            if known is None:
                reader = whoosh_private.segment_reader(ix, segment, schema)
                try:
                    known = _read_places(reader, place)
                finally:
                    reader.close()
            docmap.extend(known)
    finally:
        ix.close()
    with open(store_dir / DOCMAP, "wb") as handle:
        docmap.tofile(handle)


def _read_places(leaf, place) -> list[int]:
    count = leaf.doc_count_all()  # 0: an empty segment has no column
    ids = leaf.column_reader(ARTICLE_KEY) if count else []
    return [-1 if leaf.is_deleted(n) else place.get(ids[n], -1) for n in range(count)]


def _runs(docs: list[int]):
    """Consecutive stretches of article numbers, as (first, stop) pairs."""
    start = None
    for i, doc in enumerate(docs):
        if start is None:
            start = doc
        if i + 1 == len(docs) or docs[i + 1] != doc + 1:
            yield start, doc + 1
            start = None
