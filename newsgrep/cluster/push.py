"""An incremental push: the corpus as it is now -> the cluster, sending only what changed.

In: corpus roots, a `Cluster`, an index name. Out: a `PushReport`. Files are found and
hashed as for the local index; the cluster is asked which hash it holds per path; new and
changed files are read, cut, folded and segmented in worker processes while the main
process streams their documents with the bulk helper; then what the push left behind
(articles a changed file no longer has, files that are gone) is deleted by query. Indexing
comes before deleting, so an article that still exists is never missing in between; a push
cut short is finished by the next one (a path with two hashes counts as changed).
"""
from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Callable, Iterator

from newsgrep.cluster.client import Cluster, PushReport
from newsgrep.cluster.documents import (FileDocuments, file_documents, index_actions, plan,
                                        stale_queries)
from newsgrep.index.changes import SourceFile, corpus_roots, find_sources

# Files each worker takes at a time: small pages, so a few per round trip.
CHUNKSIZE = 4


def push_corpus(cluster: Cluster, roots: list[Path], index: str, workers: int | None = None,
                progress: Callable[[int, int], None] | None = None) -> PushReport:
    """Bring `index` on the cluster up to date with the corpus under `roots`."""
    report = PushReport()
    sources = _nameable(find_sources(corpus_roots(roots, None), report.warnings),
                        report.warnings)
    report.files = len(sources)
    created = cluster.ensure_index(index)
    held = {} if created else cluster.held_hashes(index)
    changes = plan(sources, held)
    report.unchanged = changes.unchanged
    report.removed_files = len(changes.removed)
    pushed: dict[str, str] = {}
    path_of: dict[str, str] = {}  # document id -> file, to name the file of a refusal

    def read_all() -> Iterator[FileDocuments]:
        for done, found in enumerate(read_files(changes.changed, workers), 1):
            pushed[found.path] = found.source_hash
            path_of.update((d["id"], found.path) for d in found.documents)
            report.pushed_files += 1
            report.warnings.extend(found.warnings)
            if found.skipped:
                report.warnings.append(f"{found.path}: skipped, {found.skipped}")
            if progress:
                progress(done, len(changes.changed))
            yield found

    failed: set[str] = set()
    for ok, doc_id, problem in cluster.bulk(index_actions(index, read_all())):
        if ok:
            report.documents += 1
        else:
            failed.add(path_of.get(doc_id, ""))
            report.errors.append(f"{path_of.get(doc_id, '?')}: article {doc_id}: {problem}")
    # A file the cluster took only in part must not look pushed (its hash would say it
    # is): all its documents go, and the next push sends it again.
    gone = changes.removed + sorted(failed - {""})
    report.failed_files = len(failed)
    for path in failed:
        pushed.pop(path, None)
    if pushed or gone:
        cluster.refresh(index)  # delete-by-query must see the new versions, not the old
        for body in stale_queries(pushed, gone):
            report.deleted += cluster.delete(index, body)
    return report


def _nameable(sources: list[SourceFile], warnings: list[str]) -> list[SourceFile]:
    """The files whose names a cluster document can hold (JSON is UTF-8; a name that is
    not reaches us with surrogate escapes): the others are left out, with a warning."""
    kept = []
    for source in sources:
        try:
            source.path.encode("utf-8")
        except UnicodeEncodeError:
            shown = source.path.encode("utf-8", "backslashreplace").decode()
            warnings.append(f"{shown}: skipped, its name is not UTF-8 (rename it to push it)")
            continue
        kept.append(source)
    return kept


def read_files(sources: list[SourceFile], workers: int | None = None) -> Iterator[FileDocuments]:
    """Each file's documents, read in `workers` processes (default: one per core; 1: in
    this process), in the order they are done."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(sources) <= 1:
        yield from map(file_documents, sources)
        return
    from newsgrep.index.analysis import segmenter

    segmenter()  # loaded once here, shared with the forked workers
    context = multiprocessing.get_context("fork")
    with context.Pool(min(workers, len(sources))) as pool:
        yield from pool.imap_unordered(file_documents, sources, chunksize=CHUNKSIZE)
