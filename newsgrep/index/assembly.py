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
from dataclasses import dataclass
from pathlib import Path

from newsgrep.fields import ARTICLE_KEY
from newsgrep.index import grams
from newsgrep.index.gram_merge import merge_smallest
from newsgrep.index.gram_writer import any_alive, write_maps
from newsgrep.index.changes import SourceFile
from newsgrep.index.generations import Generation
from newsgrep.index.whoosh_private import open_whoosh
from newsgrep.index.records import FileReport
from newsgrep.index.schema import build_schema
from newsgrep.index.store import DOCMAP, Store, StoreFolder
from newsgrep.index.store_layout import Piece, link_file, old_pieces, plan, write_layout


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


def write_gram_maps(folder: Path, old: Generation | None, touched: set[str],
                    budget: int, places: dict[str, int], moved: array | None = None) -> None:
    """Map every gram segment's articles to their `places` in the new store (`moved`: each
    old store place's new place, for the segments the old generation mapped already); a
    segment left with no live article is dropped from this generation, and the smallest
    are merged when there are too many (within `budget` posting entries of memory)."""
    grams_dir = folder / grams.FOLDER
    old_grams = old.folder / grams.FOLDER if old is not None else None
    for name in write_maps(grams_dir, places, old_grams, touched, moved):
        if not any_alive(grams_dir / f"{name}.map"):
            for suffix in (".db", ".map"):
                (grams_dir / f"{name}{suffix}").unlink()
    merge_smallest(grams_dir, budget)


def merge_store(folder: Path, old: Generation | None, sources: list[SourceFile],
                reports: dict[str, FileReport]) -> tuple[dict[str, dict], int, array]:
    """Write the generation's store in path order from the old store and the shards:
    the old store's parts that keep all their records hard-linked, new parts written
    where files changed (`store_layout`).

    Returns the manifest's entry for every file, the number of articles stored, and where
    each record of the old store went (its new place, -1 for a record not kept).
    """
    old_store = Store(old.store_dir, old.expected("store")) if old else None
    shards = [StoreFolder(p) for p in sorted((folder / "shards").glob("*"))]
    owners = _owners(old_store, shards)
    old_files = old.files if old else {}
    files: dict[str, dict] = {}
    pieces: list[Piece] = []
    moved = array("i", [-1]) * (len(old_store) if old_store is not None else 0)
    place = 0
    for source in sources:
        report = reports.get(source.path)
        files[source.path] = _file_entry(source, old_files.get(source.path), report)
        owner, docs = owners.get(source.path, (None, ()))
        if report is not None and owner is old_store:
            docs = ()  # changed file: its old articles are gone
        if owner is old_store:
            pieces.extend(old_pieces(old_store, docs))
            for doc in docs:
                moved[doc] = place
                place += 1
        else:
            pieces.extend(Piece(owner, first, stop) for first, stop in _runs(docs))
            place += len(docs)
    try:
        entries = write_layout(folder / "store", folder.name, old_store,
                               plan(old_store, pieces))
    finally:
        for opened in (old_store, *shards):
            if opened is not None:
                opened.close()
    return files, sum(entry["articles"] for entry in entries), moved


def _file_entry(source: SourceFile, old: dict | None, report: FileReport | None) -> dict:
    """A file's entry in the generation's files.json: as indexed (this run, or before),
    with the stat its hash was taken with, unless the file changed while it was read."""
    entry = dict(old if report is None else report.manifest_entry())
    entry.pop("stamp", None)
    entry.pop("sidecar", None)
    if report is None or report.digest == source.digest:
        entry.update(source.stamped())
    return entry


def _owners(old_store: Store | None,
            shards: list[StoreFolder]) -> dict[str, tuple[Store | StoreFolder, list[int]]]:
    """Which store holds each file's newest articles, and where: the shards written by this
    run win over the old store."""
    owners = {}
    for store in (old_store, *shards):
        if store is not None:
            docs: dict[str, list[int]] = {}
            for doc, path in enumerate(store.columns["path"]):
                docs.setdefault(path, []).append(doc)
            owners.update((path, (store, found)) for path, found in docs.items())
    return owners


@dataclass
class PreviousDocs:
    """What the previous generation knew of its Whoosh documents: for an update, the
    documents of the segments it carries over are placed from it, not read again."""

    segments: dict[str, tuple[int, int]]  # segment id -> (first document number, documents)
    docmap: array                         # old document number -> old store place
    ids: list                             # old store place -> article id
    moved: array                          # old store place -> new store place, or -1

    @classmethod
    def of(cls, old: Generation, moved: array) -> "PreviousDocs":
        ix = open_whoosh(old.whoosh_dir, build_schema())
        with ix.reader() as reader:
            segments = {_segment_id(leaf): (base, leaf.doc_count_all())
                        for leaf, base in reader.leaf_readers()}
        ix.close()
        store = Store(old.store_dir)
        try:
            return cls(segments, store.whoosh_docmap(), store.columns[ARTICLE_KEY], moved)
        finally:
            store.close()

    def places(self, leaf, place: dict[str, int]) -> list[int] | None:
        """Store places of a carried-over segment's documents (None for a new segment):
        an unchanged file's record moved, a kept article of a changed file found by id."""
        known = self.segments.get(_segment_id(leaf))
        count = leaf.doc_count_all()
        if known is None or known[1] != count:
            return None
        base, found = known[0], []
        try:
            for n in range(count):
                old = -1 if leaf.is_deleted(n) else self.docmap[base + n]
                new = self.moved[old] if old >= 0 else -1
                found.append(new if new >= 0 or old < 0 else place.get(self.ids[old], -1))
        except IndexError:  # the old tables do not fit: read the segment instead
            return None
        return found


def _segment_id(leaf) -> str | None:
    segment = leaf.segment()  # None: the reader of an empty index
    return segment.segment_id() if segment is not None else None


def write_docmap(whoosh_dir: Path, store_dir: Path, place: dict[str, int],
                 previous: PreviousDocs | None = None) -> None:
    """Save, for every Whoosh document number, the article's place in the store (-1 for
    deleted documents), so that a query maps between the two without reading Whoosh's
    stored fields. Segments the previous generation had are placed from its docmap
    (`previous`); only new segments' ids are read from Whoosh (a few microseconds each)."""
    ix = open_whoosh(whoosh_dir, build_schema())
    docmap = array("q")
    with ix.reader() as reader:
        for leaf, _base in reader.leaf_readers():
            known = previous.places(leaf, place) if previous is not None else None
            if known is None:
                known = _read_places(leaf, place)
            docmap.extend(known)
    ix.close()
    with open(store_dir / DOCMAP, "wb") as handle:
        docmap.tofile(handle)


def _read_places(leaf, place: dict[str, int]) -> list[int]:
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
