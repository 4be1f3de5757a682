"""Build and update an index: find what changed in the corpus, index it, publish atomically.

Incremental by content hash: only new, changed and removed files are touched. Every run
writes a new generation beside the live one (Whoosh files hard-linked from the previous
generation, the article store rewritten) and publishes it with one rename, so a crash or
Ctrl-C at any moment leaves the previous index answering.

Large changes are indexed by one worker process per core, each parsing, segmenting and
writing its own Whoosh segment and store shard (Whoosh's multi-segment approach); this
process then publishes the segments together and merges the shards into the store in
path order. Small changes are indexed in this process the same way.
"""
from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
import queue
import shutil
import signal
import threading
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from newsgrep import __version__
from newsgrep.index import generations
from newsgrep.index.analysis import (UserWord, read_userdict, save_dictionary_db, segment, segmenter,
                               segmenter_for)
from newsgrep.errors import NewsgrepError
from newsgrep.models import Article
from newsgrep.ingest.pages import page_articles
from newsgrep.index.schema import build_schema
from newsgrep.index.generations import DEFAULT_CORPUS
from newsgrep.ingest.sources import (CorpusError, decode, file_hash, find_corpus_files, looks_binary,
                              read_sidecar)
from newsgrep.index.store import (DOCMAP, SEARCH_FIELDS, Store, StoreWriter, folded_fields,
                            record_line)
from newsgrep.versions import ANALYSER_VERSION, INDEX_FORMAT

LOCK_NAME = "write.lock"
# Below this much changed text, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD_BYTES = 2_000_000
WRITER_MEMORY_MB = 128
PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)
MAX_WORD_LENGTH = 40
# Up to this many changed files, each loads only the dictionary entries it can use.
PARTIAL_DICTIONARY_FILES = 5

Progress = Callable[[int, int], None]


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0
    articles: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.removed} removed, "
                f"{self.unchanged} unchanged, {self.skipped} skipped; "
                f"{self.articles} articles in {self.seconds:.1f} s")


@dataclass(frozen=True)
class SourceFile:
    """A corpus file as found for this run: its content hash and sidecar metadata."""

    path: str
    size: int
    digest: str
    sidecar: dict


@dataclass
class FileReport:
    """What indexing one file gave: recorded in the manifest, shown as warnings."""

    path: str
    digest: str
    encoding: str = ""
    articles: int = 0
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None

    def manifest_entry(self) -> dict:
        return {"hash": self.digest, "encoding": self.encoding, "articles": self.articles,
                "skipped": self.skipped}


@dataclass(frozen=True)
class GroupJob:
    """A share of the changed files for one worker: it writes one segment and one shard."""

    sources: tuple[SourceFile, ...]
    whoosh_dir: str
    shard_dir: str
    userwords: tuple[UserWord, ...] = ()
    # Few files: load only the dictionary entries each file can use (see segmenter_for).
    partial_dictionary: bool = False


def article_id(path: str, ordinal: int) -> str:
    return f"{hashlib.sha1(path.encode()).hexdigest()[:8]}-{ordinal}"


def source_digest(data: bytes, sidecar: dict) -> str:
    """The content hash that decides whether a file changed (its sidecar included)."""
    return file_hash(data + repr(sorted(sidecar.items())).encode())


# The work on one file: read, decode, parse, fold, segment ---------------------------------

def read_articles(source: SourceFile, report: FileReport):
    """Yield (stored article, folded fields) for one file, noting trouble in `report`."""
    try:
        data = Path(source.path).read_bytes()
    except OSError as exc:
        report.skipped = f"cannot read ({exc.strerror})"
        return
    report.digest = source_digest(data, source.sidecar)
    if not data.strip():
        report.skipped = "empty file"
        return
    if looks_binary(data):
        report.skipped = "binary file"
        return
    decoded = decode(data)
    report.encoding = decoded.encoding
    report.warnings.extend(decoded.warnings)
    for ordinal, article in page_articles(decoded.text):
        article = _with_sidecar(article, source.sidecar)
        stored = article.identified(article_id(source.path, ordinal), source.path, ordinal,
                                    decoded.encoding)
        report.articles += 1 if ordinal else 0
        yield stored, folded_fields(article)
    if not report.articles and not decoded.text.strip():
        report.skipped = "no text found"


def _with_sidecar(article: Article, sidecar: dict) -> Article:
    missing = {k: v for k, v in sidecar.items() if getattr(article, k) is None}
    return dataclasses.replace(article, **missing) if missing else article


def ranking_words(folded: dict[str, str], tokenizer) -> tuple[list[str], list[str]]:
    """jieba words for BM25F: the title's, and the rest of the article's.

    Words of one character are left out: they say little about relevance, make up a
    quarter of all postings (and of the time Whoosh takes to write them), and the store
    matches them exactly anyway.
    """
    rest = " ".join((folded["kicker"], folded["subtitle"], folded["author"], folded["body"]))
    return _long_words(folded["title"], tokenizer), _long_words(rest, tokenizer)


def _long_words(folded: str, tokenizer) -> list[str]:
    # A "word" of hundreds of letters is a run of junk (a hostile file), not a term to rank.
    return [w for w in segment(folded, tokenizer) if 1 < len(w) <= MAX_WORD_LENGTH]


def _tokenizer_for(job: GroupJob, articles: list):
    if not job.partial_dictionary:
        return segmenter(job.userwords)
    text = "\n".join(v for _stored, folded in articles for v in folded.values())
    return segmenter_for(text, job.userwords)


class ArticleReuse:
    """For an update in this process: which articles of a changed file are unchanged.

    An edit usually touches one article of a page. Unchanged articles (same record, same
    folded text, so the same words) keep their Whoosh documents; only the others are
    deleted and indexed again, which makes a one-article edit cost one article.
    """

    def __init__(self, old_store: Store, writer):
        self.old_store = old_store
        self.writer = writer
        self._places = {article_id: doc for doc, article_id
                        in enumerate(old_store.columns["id"])}
        self._docs_by_path = _docs_by_path(old_store)
        # The new generation starts with the old one's Whoosh segments, so the old
        # document numbers still address the same documents until this writer commits.
        self._docnums = {doc: docnum for docnum, doc in enumerate(old_store.whoosh_docmap())
                         if doc >= 0}

    def unchanged(self, stored: Article, folded: dict[str, str]) -> bool:
        doc = self._places.get(stored.id)
        return doc is not None and \
            self.old_store.raw_record(doc) == record_line(stored) and \
            all(self.old_store.folded(doc, f) == folded[f] for f in SEARCH_FIELDS)

    def retire(self, path: str, kept: set[str]) -> None:
        """Delete the Whoosh documents of the file's old articles that were not kept."""
        ids = self.old_store.columns["id"]
        for doc in self._docs_by_path.get(path, ()):
            if ids[doc] not in kept and doc in self._docnums:
                self.writer.delete_document(self._docnums[doc])


def index_group(job: GroupJob, on_file: Callable[[FileReport], None],
                reuse: ArticleReuse | None = None):
    """Index a share of the files into a new Whoosh segment and a store shard.

    Returns the finished segment (None when no article was added) for the parent to
    publish. Runs in a worker process, or in the main one for small changes (where
    `reuse` keeps the Whoosh documents of unchanged articles).
    """
    ix = whoosh_index.open_dir(job.whoosh_dir)
    writer = SegmentWriter(ix, _lk=False, compound=False, limitmb=WRITER_MEMORY_MB)
    shard = StoreWriter(Path(job.shard_dir))
    added = 0
    try:
        for source in job.sources:
            report = FileReport(source.path, source.digest)
            articles = list(read_articles(source, report))
            kept = {stored.id for stored, folded in articles
                    if reuse is not None and reuse.unchanged(stored, folded)}
            fresh = [(stored, folded) for stored, folded in articles if stored.id not in kept]
            tokenizer = _tokenizer_for(job, fresh) if fresh else None
            for stored, folded in fresh:
                title_words, body_words = ranking_words(folded, tokenizer)
                writer.add_document(id=stored.id, path=stored.path, title=title_words,
                                    body=body_words)
                added += 1
            for stored, folded in articles:
                shard.add(stored, folded)
            if reuse is not None:
                reuse.retire(source.path, kept)
            on_file(report)
        shard.close()
        if not added:
            # Not cancel(): that deletes the temporary folder all writers of this index
            # share. The unused segment's files are swept away by the parent's commit.
            writer._close_segment()
            return None
        return writer._finalize_segment()  # as Whoosh's own MpWriter does
    except BaseException:
        _cancel_quietly(writer)
        raise


# Worker processes ---------------------------------------------------------------------------

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
        segment_ = index_group(job, lambda report: results.put(("file", report)))
        results.put(("done", segment_))
    except BaseException as exc:  # reported to the parent, which says it in one line
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def _die_with_parent() -> None:
    """Ask Linux to kill this worker the moment its parent dies (kill -9 included); the
    polling thread below covers other systems."""
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


def split_evenly(sources: list[SourceFile], parts: int) -> list[list[SourceFile]]:
    """Share files among workers so that each gets about the same number of bytes."""
    groups: list[list[SourceFile]] = [[] for _ in range(parts)]
    loads = [0] * parts
    for source in sorted(sources, key=lambda s: s.size, reverse=True):
        lightest = loads.index(min(loads))
        groups[lightest].append(source)
        loads[lightest] += source.size
    return [g for g in groups if g]


# One run ------------------------------------------------------------------------------------

class Indexer:
    """One run of `newsgrep index` against one index folder."""

    def __init__(self, index_dir: Path, roots: list[Path] | None = None, rebuild: bool = False,
                 userdict: Path | None = None, progress: Progress | None = None,
                 lock_timeout: float = 30.0, workers: int | None = None):
        self.index_dir = index_dir
        self.roots = roots
        self.rebuild = rebuild
        self.userdict = userdict
        self.progress = progress or (lambda done, total: None)
        self.lock_timeout = lock_timeout
        self.workers = workers or os.cpu_count() or 1
        self.summary = Summary()
        self._lock_fd: int | None = None

    def run(self) -> Summary:
        started = time.monotonic()
        _make_private_dir(self.index_dir)
        lock = self._acquire_lock()
        try:
            generations.remove_stale(self.index_dir)
            self._update()
        finally:
            lock.release()
        self.summary.seconds = time.monotonic() - started
        return self.summary

    def _acquire_lock(self):
        from filelock import FileLock, Timeout

        path = self.index_dir / LOCK_NAME
        lock = FileLock(str(path), timeout=self.lock_timeout)
        try:
            lock.acquire()
        except Timeout:
            raise NewsgrepError(
                f"another newsgrep is writing this index (lock {path} still held after "
                f"{self.lock_timeout:g} s); wait for it to finish, or raise --wait") from None
        except OSError as exc:
            raise NewsgrepError(f"cannot lock {path}: {exc.strerror}") from None
        # Workers close their inherited copy of this descriptor (see _worker_main).
        self._lock_fd = getattr(getattr(lock, "_context", None), "lock_file_fd", None)
        return lock

    def _update(self) -> None:
        old = None if self.rebuild or not generations.exists(self.index_dir) else \
            generations.open_current(self.index_dir)
        userwords, userdict_hash = self._userdict(old)
        roots = self._corpus_roots(old)
        sources = self._find_sources(roots)
        old_files = old.manifest["files"] if old else {}
        changed = [s for s in sources if old_files.get(s.path, {}).get("hash") != s.digest]
        current_paths = {s.path for s in sources}
        removed = [p for p in old_files if p not in current_paths]
        self.summary.unchanged = len(sources) - len(changed)
        self.summary.removed = len(removed)
        if old is not None and not changed and not removed and \
                old.manifest["roots"] == [str(r) for r in roots]:
            self.summary.articles = old.manifest["articles"]
            self.summary.skipped = sum(1 for f in old_files.values() if f.get("skipped"))
            return
        folder = generations.next_folder(self.index_dir)
        try:
            files = self._write_generation(folder, old, sources, changed, removed, userwords)
            generations.write_manifest(folder, {
                "format": INDEX_FORMAT, "analyser": ANALYSER_VERSION,
                "newsgrep_version": __version__, "created": time.time(),
                "roots": [str(r) for r in roots], "files": files,
                "articles": self.summary.articles, "userdict_hash": userdict_hash,
                "userwords": [dataclasses.astuple(w) for w in userwords]})
            generations.publish(self.index_dir, folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        generations.remove_stale(self.index_dir)

    def _userdict(self, old) -> tuple[tuple[UserWord, ...], str | None]:
        previous = old.manifest.get("userdict_hash") if old else None
        if self.userdict is None:
            if old is None:
                return (), None
            return tuple(UserWord(*w) for w in old.manifest.get("userwords", [])), previous
        try:
            words, digest = read_userdict(self.userdict)
        except ValueError as exc:
            raise NewsgrepError(str(exc)) from None
        if old is not None and digest != previous:
            raise NewsgrepError(
                "this index was built with another user dictionary; run "
                f"`newsgrep index --rebuild --userdict {self.userdict}`")
        return words, digest

    def _corpus_roots(self, old) -> list[Path]:
        if self.roots:
            return [Path(os.path.abspath(r)) for r in self.roots]
        if old is not None and old.manifest.get("roots"):
            return [Path(r) for r in old.manifest["roots"]]
        return [Path(os.path.abspath(DEFAULT_CORPUS))]

    def _find_sources(self, roots: list[Path]) -> list[SourceFile]:
        try:
            paths = find_corpus_files(roots)
        except CorpusError as exc:
            raise NewsgrepError(f"{exc}; name existing .txt files or folders") from None
        sources = []
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError as exc:
                self.summary.warnings.append(f"{path}: skipped, cannot read ({exc.strerror})")
                continue
            try:
                sidecar = read_sidecar(path)
            except ValueError as exc:
                self.summary.warnings.append(f"{exc}; sidecar ignored")
                sidecar = {}
            sources.append(SourceFile(str(path), len(data), source_digest(data, sidecar), sidecar))
        return sources

    def _write_generation(self, folder: Path, old, sources: list[SourceFile],
                          changed: list[SourceFile], removed: list[str],
                          userwords: tuple[UserWord, ...]) -> dict:
        folder.mkdir(mode=0o700)
        whoosh_dir = folder / "whoosh"
        if old is None:
            whoosh_dir.mkdir()
            ix = whoosh_index.create_in(str(whoosh_dir), build_schema())
        else:
            _link_tree(old.whoosh_dir, whoosh_dir)
            ix = whoosh_index.open_dir(str(whoosh_dir))
        writer = _PublishingWriter(ix)
        try:
            for path in removed:
                writer.delete_by_term("path", path)
            reports = self._index_changed(changed, folder, writer, userwords, old)
            writer.commit(merge=old is not None)
        except BaseException:
            _cancel_quietly(writer)
            raise
        finally:
            ix.close()
        files = self._merge_store(folder, old, sources, reports)
        shutil.rmtree(folder / "shards", ignore_errors=True)
        write_docmap(whoosh_dir, Store(folder / "store"))
        return files

    def _index_changed(self, changed, folder: Path, writer, userwords,
                       old) -> dict[str, FileReport]:
        reports: dict[str, FileReport] = {}
        total = len(changed)

        def on_file(report: FileReport) -> None:
            reports[report.path] = report
            self.progress(len(reports), total)

        whoosh_dir = str(folder / "whoosh")
        size = sum(s.size for s in changed)
        parts = min(self.workers, len(changed)) if size >= PARALLEL_THRESHOLD_BYTES else 1
        groups = split_evenly(changed, parts) if changed else []
        partial = len(changed) <= PARTIAL_DICTIONARY_FILES
        jobs = [GroupJob(tuple(g), whoosh_dir, str(folder / "shards" / str(k)), userwords,
                         partial and len(groups) == 1)
                for k, g in enumerate(groups)]
        if len(jobs) <= 1:
            reuse = ArticleReuse(Store(old.store_dir), writer) if old is not None else None
            segments = [index_group(job, on_file, reuse) for job in jobs]
            if reuse is not None:
                reuse.old_store.close()
        else:
            old_files = old.manifest["files"] if old else {}
            for path in (s.path for s in changed if s.path in old_files):
                writer.delete_by_term("path", path)
            segmenter(userwords)  # loaded once here; the forked workers share it
            segments = self._run_workers(jobs, on_file)
        writer.extra_segments = [s for s in segments if s is not None]
        return reports

    def _run_workers(self, jobs: list[GroupJob], on_file) -> list:
        context = multiprocessing.get_context("fork")
        results = context.Queue()
        workers = [context.Process(target=_worker_main, daemon=True,
                                   args=(job, results, os.getpid(), self._lock_fd))
                   for job in jobs]
        for worker in workers:
            worker.start()
        save_dictionary_db()  # this process waits anyway: cache for quick small updates
        segments = []
        try:
            while len(segments) < len(workers):
                try:
                    kind, payload = results.get(timeout=1.0)
                except queue.Empty:
                    if any(not w.is_alive() and w.exitcode != 0 for w in workers):
                        raise NewsgrepError("an indexing worker died; the index is unchanged. "
                                            "Run `newsgrep index` again") from None
                    continue
                if kind == "file":
                    on_file(payload)
                elif kind == "done":
                    segments.append(payload)
                else:
                    raise NewsgrepError(f"indexing failed ({payload}); the index is unchanged")
        finally:
            for worker in workers:
                if worker.is_alive():
                    worker.join(timeout=5 if len(segments) == len(workers) else 0)
                if worker.is_alive():
                    worker.terminate()
        return segments

    def _merge_store(self, folder: Path, old, sources, reports: dict[str, FileReport]) -> dict:
        """Write the generation's store in path order from the old store and the shards."""
        parts = {}
        old_store = Store(old.store_dir) if old else None
        if old_store is not None:
            for path, docs in _docs_by_path(old_store).items():
                parts[path] = (old_store, docs)
        shards = [Store(p) for p in sorted((folder / "shards").glob("*"))]
        for shard in shards:
            for path, docs in _docs_by_path(shard).items():
                parts[path] = (shard, docs)
        old_files = old.manifest["files"] if old else {}
        store = StoreWriter(folder / "store")
        files: dict[str, dict] = {}
        for source in sources:
            report = reports.get(source.path)
            if report is None:
                files[source.path] = old_files[source.path]
            else:
                files[source.path] = report.manifest_entry()
                self._count(report, source.path in old_files)
            owner, docs = parts.get(source.path, (None, ()))
            if report is not None and owner is old_store:
                docs = ()  # changed file: its old articles are gone
            for first, stop in _runs(docs):
                store.copy_range(owner, first, stop)
                self.summary.articles += owner.article_count(first, stop)
        store.close()
        for opened in (old_store, *shards):
            if opened is not None:
                opened.close()
        return files

    def _count(self, report: FileReport, existed: bool) -> None:
        for warning in report.warnings:
            self.summary.warnings.append(f"{report.path}: {warning}")
        if report.skipped:
            self.summary.skipped += 1
            self.summary.warnings.append(f"{report.path}: skipped, {report.skipped}")
        elif existed:
            self.summary.updated += 1
        else:
            self.summary.added += 1


class _PublishingWriter(SegmentWriter):
    """A writer whose commit also publishes the segments written by `index_group`."""

    extra_segments: list = []

    def _commit_toc(self, segments):
        super()._commit_toc(list(segments) + list(self.extra_segments))


def _cancel_quietly(writer) -> None:
    """Cancel a Whoosh writer on the way out of a failure without hiding that failure:
    writers share a temporary folder, so a second cancel may find its files gone."""
    try:
        writer.cancel()
    except Exception:
        pass


def write_docmap(whoosh_dir: Path, store: Store) -> None:
    """Save, for every Whoosh document number, the article's place in the store (-1 for
    deleted documents), so that a query maps between the two without reading Whoosh's
    stored fields."""
    place = {article_id: doc for doc, article_id in enumerate(store.columns["id"])}
    ix = whoosh_index.open_dir(str(whoosh_dir))
    with ix.reader() as reader:
        ids = reader.column_reader("id")
        docmap = array("q", (-1 if reader.is_deleted(n) else place.get(ids[n], -1)
                             for n in range(reader.doc_count_all())))
    ix.close()
    with open(store.folder / DOCMAP, "wb") as handle:
        docmap.tofile(handle)
    store.close()


def _runs(docs: list[int]):
    """Consecutive stretches of article numbers, as (first, stop) pairs."""
    start = None
    for i, doc in enumerate(docs):
        if start is None:
            start = doc
        if i + 1 == len(docs) or docs[i + 1] != doc + 1:
            yield start, doc + 1
            start = None


def _docs_by_path(store: Store) -> dict[str, list[int]]:
    docs: dict[str, list[int]] = {}
    for doc, path in enumerate(store.columns["path"]):
        docs.setdefault(path, []).append(doc)
    return docs


def _link_tree(source: Path, target: Path) -> None:
    """Copy a Whoosh folder by hard links: its segment files are never rewritten in place."""
    target.mkdir()
    for entry in source.iterdir():
        if entry.is_file() and "LOCK" not in entry.name.upper():
            try:
                os.link(entry, target / entry.name)
            except OSError:
                shutil.copy2(entry, target / entry.name)


def _make_private_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise NewsgrepError(f"cannot create index folder {folder}: {exc.strerror}") from None
