"""Build and update an index: find what changed in the corpus, segment it, publish atomically.

Incremental by content hash: only new, changed and removed files are touched. Every run
writes a new generation beside the live one (Whoosh files hard-linked from the previous
generation, the article store rewritten) and publishes it with one rename, so a crash or
Ctrl-C at any moment leaves the previous index answering. Segmentation, the slow part, runs
in a process pool while this process feeds Whoosh.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import time
from array import array
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from newsgrep import __version__, generations
from newsgrep.analysis import ANALYSER_VERSION, UserWord, read_userdict, segment, segmenter
from newsgrep.errors import NewsgrepError
from newsgrep.models import Article, StoredArticle
from newsgrep.parsing import parse_page
from newsgrep.schema import INDEX_FORMAT, build_schema
from newsgrep.sources import (CorpusError, decode, file_hash, find_corpus_files, looks_binary,
                              read_sidecar)
from newsgrep.store import DOCMAP, Store, StoreWriter, folded_fields

DEFAULT_CORPUS = Path("seeds")
LOCK_NAME = "write.lock"
# Below this much changed text, starting worker processes (each loading jieba) costs more
# than it saves.
POOL_THRESHOLD_BYTES = 2_000_000
WRITER_MEMORY_MB = 256

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


@dataclass
class SourceFile:
    """A corpus file as read for this run: its bytes, hash and sidecar metadata."""

    path: str
    data: bytes
    digest: str
    sidecar: dict


@dataclass
class PreparedFile:
    """A file turned into index-ready articles (in a worker), or the reason it was skipped."""

    path: str
    digest: str
    encoding: str = ""
    articles: list = field(default_factory=list)  # (StoredArticle, folded fields, title words, body words)
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None


def article_id(path: str, ordinal: int) -> str:
    return f"{hashlib.sha1(path.encode()).hexdigest()[:8]}-{ordinal}"


def prepare(source: SourceFile) -> PreparedFile:
    """Decode, parse, fold and segment one file. Runs in a worker process."""
    prepared = PreparedFile(source.path, source.digest)
    if not source.data.strip():
        prepared.skipped = "empty file"
        return prepared
    if looks_binary(source.data):
        prepared.skipped = "binary file"
        return prepared
    decoded = decode(source.data)
    prepared.encoding = decoded.encoding
    prepared.warnings.extend(decoded.warnings)
    for ordinal, article in enumerate(parse_page(decoded.text), 1):
        article = _with_sidecar(article, source.sidecar)
        stored = StoredArticle(article_id(source.path, ordinal), source.path, ordinal,
                               article, decoded.encoding)
        folded = folded_fields(article)
        body_words = segment(" ".join((folded["kicker"], folded["subtitle"],
                                       folded["author"], folded["body"])))
        prepared.articles.append((stored, folded, segment(folded["title"]), body_words))
    if not prepared.articles:
        prepared.skipped = "no articles found"
    return prepared


def _with_sidecar(article: Article, sidecar: dict) -> Article:
    missing = {k: v for k, v in sidecar.items() if getattr(article, k) is None}
    return dataclasses.replace(article, **missing) if missing else article


def _init_worker(userwords: tuple[UserWord, ...]) -> None:
    segmenter(userwords)


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

    def run(self) -> Summary:
        started = time.monotonic()
        _make_private_dir(self.index_dir)
        with self._lock():
            generations.remove_stale(self.index_dir)
            self._update()
        self.summary.seconds = time.monotonic() - started
        return self.summary

    def _lock(self):
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.index_dir / LOCK_NAME), timeout=self.lock_timeout)
        try:
            lock.acquire()
        except Timeout:
            raise NewsgrepError(
                f"another newsgrep is writing this index (lock {self.index_dir / LOCK_NAME} "
                f"held for {self.lock_timeout:g} s); wait for it to finish and try again") from None
        except OSError as exc:
            raise NewsgrepError(f"cannot lock {self.index_dir / LOCK_NAME}: {exc.strerror}") from None
        return _Held(lock)

    def _update(self) -> None:
        old = None if self.rebuild or not generations.exists(self.index_dir) else \
            generations.open_current(self.index_dir)
        if old is not None:
            generations.check_compatible(old.manifest, self.index_dir)
        userwords, userdict_hash = self._userdict(old)
        roots = self._corpus_roots(old)
        sources = self._read_sources(roots)
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
            manifest = self._write_generation(folder, old, sources, changed, removed, userwords)
            manifest.update(roots=[str(r) for r in roots], userdict_hash=userdict_hash,
                            userwords=[dataclasses.astuple(w) for w in userwords])
            generations.write_manifest(folder, manifest)
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

    def _read_sources(self, roots: list[Path]) -> list[SourceFile]:
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
            digest = file_hash(data + repr(sorted(sidecar.items())).encode())
            sources.append(SourceFile(str(path), data, digest, sidecar))
        return sources

    def _write_generation(self, folder: Path, old, sources: list[SourceFile],
                          changed: list[SourceFile], removed: list[str],
                          userwords: tuple[UserWord, ...]) -> dict:
        from whoosh import index as whoosh_index

        folder.mkdir(mode=0o700)
        whoosh_dir = folder / "whoosh"
        if old is None:
            whoosh_dir.mkdir()
            ix = whoosh_index.create_in(str(whoosh_dir), build_schema())
        else:
            _link_tree(old.whoosh_dir, whoosh_dir)
            ix = whoosh_index.open_dir(str(whoosh_dir))
        writer = ix.writer(limitmb=WRITER_MEMORY_MB)
        try:
            old_files = old.manifest["files"] if old else {}
            for path in removed + [s.path for s in changed if s.path in old_files]:
                writer.delete_by_term("path", path)
            files = self._write_articles(folder / "store", old, sources, changed, writer, userwords)
            writer.commit(merge=old is not None)
        except BaseException:
            writer.cancel()
            raise
        finally:
            ix.close()
        write_docmap(whoosh_dir, Store(folder / "store"))
        self.summary.removed = len(removed)
        return {"format": INDEX_FORMAT, "analyser": ANALYSER_VERSION,
                "newsgrep_version": __version__, "files": files,
                "articles": self.summary.articles, "created": time.time()}

    def _write_articles(self, store_dir: Path, old, sources, changed, writer, userwords) -> dict:
        """Write the store in path order: unchanged files copied, changed ones prepared."""
        old_store = Store(old.store_dir) if old else None
        old_docs = _docs_by_path(old_store) if old_store else {}
        old_files = old.manifest["files"] if old else {}
        store = StoreWriter(store_dir)
        prepared_iter = self._prepare_all(changed, userwords)
        changed_paths = {s.path for s in changed}
        files: dict[str, dict] = {}
        done = 0
        for source in sources:
            if source.path in changed_paths:
                prepared = next(prepared_iter)
                files[source.path] = self._add_prepared(prepared, store, writer, old_files)
            else:
                files[source.path] = old_files[source.path]
                for doc in old_docs.get(source.path, ()):
                    stored = old_store.record(doc)
                    store.add_raw(stored, old_store.raw_record(doc), old_store.raw_blobs(doc))
                    self.summary.articles += 1
            done += 1
            self.progress(done, len(sources))
        store.close()
        if old_store:
            old_store.close()
        return files

    def _add_prepared(self, prepared: PreparedFile, store: StoreWriter, writer,
                      old_files: dict) -> dict:
        for warning in prepared.warnings:
            self.summary.warnings.append(f"{prepared.path}: {warning}")
        if prepared.skipped:
            self.summary.skipped += 1
            self.summary.warnings.append(f"{prepared.path}: skipped, {prepared.skipped}")
        elif prepared.path in old_files:
            self.summary.updated += 1
        else:
            self.summary.added += 1
        for stored, folded, title_words, body_words in prepared.articles:
            writer.add_document(id=stored.id, path=stored.path, title=title_words,
                                body=body_words)
            store.add(stored, folded)
            self.summary.articles += 1
        return {"hash": prepared.digest, "encoding": prepared.encoding,
                "articles": len(prepared.articles), "skipped": prepared.skipped}

    def _prepare_all(self, changed: list[SourceFile], userwords) -> Iterator[PreparedFile]:
        total = sum(len(s.data) for s in changed)
        if self.workers <= 1 or total < POOL_THRESHOLD_BYTES:
            segmenter(userwords)
            return (prepare(s) for s in changed)
        return _ordered_pool_map(prepare, changed, self.workers, userwords)


def _ordered_pool_map(function, items, workers, userwords) -> Iterator:
    """`map` over a process pool, in order, with a bounded number of tasks in flight so
    that results never pile up in memory faster than the caller consumes them."""
    executor = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                   initargs=(userwords,))
    pending: deque = deque()
    queue = iter(items)
    try:
        for item in queue:
            pending.append(executor.submit(function, item))
            if len(pending) >= workers * 4:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)


def write_docmap(whoosh_dir: Path, store: Store) -> None:
    """Save, for every Whoosh document number, the article's place in the store (-1 for
    deleted documents), so that a query maps between the two without reading Whoosh's
    stored fields."""
    from whoosh import index as whoosh_index

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


def _docs_by_path(store: Store) -> dict[str, list[int]]:
    docs: dict[str, list[int]] = {}
    for doc, path in enumerate(store.columns["path"]):
        docs.setdefault(path, []).append(doc)
    return docs


def _link_tree(source: Path, target: Path) -> None:
    """Copy a Whoosh folder by hard links: its segment files are never rewritten in place."""
    target.mkdir()
    for entry in source.iterdir():
        if entry.is_file() and not entry.name.endswith(".lock"):
            try:
                os.link(entry, target / entry.name)
            except OSError:
                shutil.copy2(entry, target / entry.name)


def _make_private_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise NewsgrepError(f"cannot create index folder {folder}: {exc.strerror}") from None


class _Held:
    def __init__(self, lock):
        self.lock = lock

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.lock.release()
