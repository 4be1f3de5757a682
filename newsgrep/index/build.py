"""Build and update an index: find what changed in the corpus, index it, publish atomically.

In: corpus roots (or the ones the index remembers) and an index folder. Out: a new
generation published in that folder, and a `Summary` of the run.

Incremental by content hash (`changes`): only new, changed and removed files are touched.
Every run writes a new generation beside the live one (Whoosh files hard-linked from the
previous generation, and so are the article store's untouched parts: `assembly`) and
publishes it with one rename (`generations`), so a crash or Ctrl-C at any moment leaves
the previous index answering. Large changes are indexed by one worker process per core
(`workers`), each writing its own Whoosh segment and store shard (`segments`); small
changes are indexed in this process the same way. The Whoosh commit that publishes those
segments is in `whoosh_private`, with the rest of what Whoosh does not offer publicly.
"""
from __future__ import annotations

import dataclasses
import gc
import os
import shlex
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from whoosh import index as whoosh_index

from newsgrep import __version__
from newsgrep.errors import IndexDamaged, NewsgrepError
from newsgrep.index import generations, grams, whoosh_private
from newsgrep.index.analysis import UserWord, read_userdict, segmenter
from newsgrep.index.assembly import (Places, PreviousDocs, link_grams, link_tree,
                                     merge_store, write_docmap, write_gram_maps)
from newsgrep.index.changes import corpus_roots
from newsgrep.index.plan import Plan, plan_update
from newsgrep.index.prefetch import Prefetch
from newsgrep.ingest.sources import DEFAULT_MAX_FILE_SIZE
from newsgrep.index.generations import Generation
from newsgrep.index.records import FileReport
from newsgrep.index.read_ahead import usable_cores
from newsgrep.index.schema import build_schema
from newsgrep.index.segments import ArticleReuse, GroupJob, index_group
from newsgrep.index.workers import run_workers, split_evenly
from newsgrep.versions import ANALYSER_VERSION, INDEX_FORMAT

LOCK_NAME = "write.lock"
# Below this much changed text, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD_BYTES = 2_000_000
# Below this much changed text, counting its grams in plain Python beats importing NumPy.
SMALL_CHANGE_BYTES = 500_000
# Up to this many changed files, each loads only the dictionary entries it can use.
PARTIAL_DICTIONARY_FILES = 5

# progress(done, total, phase): files done of total (None while unknown) in one of the
# phases "reading" (finding and hashing the corpus), "indexing" (parsing, segmenting,
# writing each changed file), "writing" (joining the segments), "publishing" (checksums,
# the atomic switch).
Progress = Callable[[int, "int | None", str], None]


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0
    files: int = 0      # corpus files found, skipped ones included
    articles: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.removed} removed, "
                f"{self.unchanged} unchanged, {self.skipped} skipped; "
                f"{self.articles} articles in {self.seconds:.1f} s")

    def count(self, report: FileReport, existed: bool) -> None:
        """Count one indexed file as added, updated or skipped, with its warnings."""
        for warning in report.warnings:
            self.warnings.append(f"{report.path}: {warning}")
        if report.skipped:
            self.skipped += 1
            self.warnings.append(f"{report.path}: skipped, {report.skipped}")
        elif existed:
            self.updated += 1
        else:
            self.added += 1


class Indexer:
    """One run of `newsgrep index` against one index folder."""

    def __init__(self, index_dir: Path, roots: list[Path] | None = None, rebuild: bool = False,
                 userdict: Path | None = None, progress: Progress | None = None,
                 lock_timeout: float = 30.0, workers: int | None = None,
                 max_file_size: int = DEFAULT_MAX_FILE_SIZE, memory_mib: int | None = None,
                 prefetched: Prefetch | None = None):
        self.index_dir = index_dir
        self.max_file_size = max_file_size
        self.roots = roots
        self.rebuild = rebuild
        self.userdict = userdict
        self.progress = progress or (lambda done, total, phase: None)
        self.lock_timeout = lock_timeout
        self.workers = workers or usable_cores()
        self.memory_mib = memory_mib  # gram postings gathered per worker before a write
        self.summary = Summary()
        self._lock_fd: int | None = None
        self._froze = False  # see _freeze_loaded
        self.prefetched = prefetched  # the plan, being made in a forked process

    def run(self) -> Summary:
        started = time.monotonic()
        made_folder = _make_private_dir(self.index_dir)
        try:
            marked = generations.claim(self.index_dir)  # before anything else is written
        except NewsgrepError:
            if made_folder:
                _remove_if_empty(self.index_dir)
            raise
        lock = WriteLock(self.index_dir / LOCK_NAME)
        try:
            lock.acquire(self.lock_timeout)
        except BaseException:
            self._forget_first_build(lock, marked, made_folder)
            raise
        self._lock_fd = lock.fd  # workers close their inherited copy (workers._worker_main)
        try:
            generations.remove_stale(self.index_dir)
            self._update()
        except IndexDamaged as exc:  # raised where the index was not known: name it
            self._forget_first_build(lock, marked, made_folder)
            raise generations.naming(exc, self.index_dir) from None
        except BaseException:
            self._forget_first_build(lock, marked, made_folder)
            raise
        finally:
            lock.release()
            if self._froze:
                gc.unfreeze()
        self.summary.seconds = time.monotonic() - started
        return self.summary

    def _forget_first_build(self, lock: "WriteLock", marked: bool, made_folder: bool) -> None:
        """A first build that failed leaves nothing behind: no lock file, no marker, no
        folder. A killed one leaves its marker, so that the next run finishes the job."""
        if generations.exists(self.index_dir) or generations.generation_folders(self.index_dir):
            return
        if lock.created:
            lock.discard()
        if marked:
            generations.unclaim(self.index_dir)
        if made_folder:
            _remove_if_empty(self.index_dir)

    def _update(self) -> None:
        old = None if self.rebuild or not generations.exists(self.index_dir) else \
            generations.open_current(self.index_dir)
        recorded = old.manifest if old is not None else self._recorded()
        userwords, userdict_hash = self._userdict(recorded, update=old is not None)
        roots = corpus_roots(self.roots, recorded)
        self.progress(0, None, "reading")
        plan = self._plan(roots, old, recorded)
        self._froze = self._froze or _freeze_loaded()
        self.summary.warnings.extend(plan.warnings)
        # Files left unread (special, dangling, too big) count as skipped like the rest;
        # so do unchanged files skipped before: they are skipped still, and said so.
        self.summary.warnings.extend(plan.still_skipped)
        self.summary.skipped = plan.unread + len(plan.still_skipped)
        if not plan.files:
            self.summary.warnings.append(
                f"no page files (.txt, .pdf) found in {', '.join(map(str, roots))}: the index is empty")
        self.summary.files = plan.files
        self.summary.unchanged = plan.files - len(plan.changed) - len(plan.still_skipped)
        self.summary.removed = len(plan.removed)
        unread = plan.unread
        if old is not None and plan.nothing and \
                old.manifest["roots"] == [str(r) for r in roots]:
            self.summary.articles = old.manifest["articles"]
            old.release()
            return
        folder = generations.next_folder(self.index_dir)
        try:
            files = self._write_generation(folder, old, plan, userwords)
            self.progress(1, 1, "publishing")
            generations.write_files(folder, files)
            generations.write_manifest(folder, {
                "format": INDEX_FORMAT, "analyser": ANALYSER_VERSION,
                "newsgrep_version": __version__, "created": time.time(),
                "roots": [str(r) for r in roots], "unread_files": unread,
                "articles": self.summary.articles, "userdict_hash": userdict_hash,
                "userwords": [dataclasses.astuple(w) for w in userwords],
                generations.CONTENTS: generations.record_contents(folder, old)})
            generations.publish(self.index_dir, folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        finally:
            if old is not None:
                old.release()  # our own lease would keep the old generation from going
        generations.remove_stale(self.index_dir)

    def _plan(self, roots: list[Path], old: Generation | None, recorded: dict | None) -> Plan:
        """The corpus walked against the old generation (`plan.plan_update`), or as
        the forked process walked it while this one started (`prefetch`)."""
        if self.prefetched is not None:
            ahead, self.prefetched = self.prefetched, None
            plan = ahead.take(old.folder.name if old is not None else None, roots,
                              self.max_file_size)
            if plan is not None:
                return plan
        try:
            return plan_update(roots, self.max_file_size, self.index_dir, old)
        except NewsgrepError:
            if self.roots or recorded is None:
                raise
            raise NewsgrepError(
                f"the corpus recorded in index {self.index_dir} ({', '.join(map(str, roots))})"
                f" is gone; {self._corpus_hint()}") from None

    def _recorded(self) -> dict | None:
        """For --rebuild (and a first build's next run): the corpus and user dictionary the
        index records, if any of its manifests can still be read. An index with none
        readable is rebuilt only from a corpus given: never from ./seeds by default."""
        if not generations.exists(self.index_dir) and \
                not generations.generation_folders(self.index_dir):
            return None  # a new index
        recorded = generations.recorded_manifest(self.index_dir)
        if recorded is None and not self.roots and generations.exists(self.index_dir):
            raise NewsgrepError(f"index {self.index_dir} records no corpus that can still be "
                                f"read; {self._corpus_hint()}")
        return recorded

    def _corpus_hint(self) -> str:
        rebuild = " --rebuild" if self.rebuild else ""
        return f"run `newsgrep index CORPUS{rebuild}{generations.index_option(self.index_dir)}`"

    def _userdict(self, recorded: dict | None,
                  update: bool) -> tuple[tuple[UserWord, ...], str | None]:
        previous = recorded.get("userdict_hash") if recorded else None
        if self.userdict is None:
            if recorded is None:
                return (), None
            return tuple(UserWord(*w) for w in recorded.get("userwords", [])), previous
        try:
            words, digest = read_userdict(self.userdict)
        except ValueError as exc:
            raise NewsgrepError(str(exc)) from None
        if update and digest != previous:
            raise NewsgrepError(
                f"index {self.index_dir} was built with another user dictionary; run "
                f"`newsgrep index --rebuild --userdict {shlex.quote(str(self.userdict))}"
                f"{generations.index_option(self.index_dir)}`")
        return words, digest

    def _write_generation(self, folder: Path, old: Generation | None, plan: Plan,
                          userwords: tuple[UserWord, ...]) -> list:
        """Index the changes into `folder`; the files table in pieces (`write_files`)."""
        generations.create_folder(folder)
        whoosh_dir = folder / "whoosh"
        if old is None:
            whoosh_dir.mkdir()
            ix = whoosh_index.create_in(str(whoosh_dir), build_schema())
        else:
            link_tree(old.whoosh_dir, whoosh_dir)
            link_grams(old.folder / grams.FOLDER, folder / grams.FOLDER)
            ix = whoosh_private.open_whoosh(whoosh_dir, build_schema())
        writer = ix.writer()  # holds Whoosh's lock; segment writers work beside it
        try:
            for path in plan.removed:
                whoosh_private.delete_file_documents(writer, path)
            segments, reports = self._index_changed(plan, folder, writer, userwords, old)
            self.progress(len(plan.changed), len(plan.changed), "writing")
            whoosh_private.commit_with(writer, segments, merge=old is not None)
        except BaseException:
            whoosh_private.cancel_quietly(writer)
            raise
        finally:
            ix.close()
        files, self.summary.articles, moved = merge_store(folder, old, plan, reports)
        for source in plan.changed:
            if source.path in reports:
                self.summary.count(reports[source.path], source.path in plan.old_entries)
        shutil.rmtree(folder / "shards", ignore_errors=True)
        places = Places(folder / "store", folder.name)
        write_docmap(whoosh_dir, folder / "store", places,
                     PreviousDocs(old, moved) if old is not None else None)
        write_gram_maps(folder, old, {*plan.removed, *(s.path for s in plan.changed)},
                        grams.budget_entries(buffers_mib(self.memory_mib, plan.changed)),
                        places, moved)
        return files

    def _index_changed(self, plan: Plan, folder: Path, writer, userwords,
                       old: Generation | None) -> tuple[list, dict[str, FileReport]]:
        """Index the changed files into new segments (returned, unpublished) and shards."""
        reports: dict[str, FileReport] = {}
        changed = plan.changed

        def on_file(report: FileReport) -> None:
            reports[report.path] = report
            self.progress(len(reports), len(changed), "indexing")

        jobs = self._jobs(changed, folder, userwords)
        if len(jobs) <= 1:
            reuse = ArticleReuse(old.store, plan.old_ranges, writer) if old is not None \
                else None
            segments = [index_group(job, on_file, reuse) for job in jobs]
        else:
            for path in (s.path for s in changed if s.path in plan.old_entries):
                whoosh_private.delete_file_documents(writer, path)
            segmenter(userwords)  # loaded once here; the forked workers share it
            segments = run_workers(jobs, on_file, self._lock_fd)
        return [s for s in segments if s is not None], reports

    def _jobs(self, changed, folder: Path, userwords) -> list[GroupJob]:
        """One job per worker for a large change, one for this process otherwise."""
        size = sum(s.size for s in changed)
        parts = min(self.workers, len(changed)) if size >= PARALLEL_THRESHOLD_BYTES else 1
        groups = split_evenly(changed, parts) if changed else []
        partial = len(changed) <= PARTIAL_DICTIONARY_FILES and len(groups) == 1
        memory = buffers_mib(self.memory_mib, changed)
        return [GroupJob(tuple(g), str(folder / "whoosh"), str(folder / "shards" / str(k)),
                         userwords, partial, grams_dir=str(folder / grams.FOLDER),
                         grams_prefix=f"{folder.name}-{k}",
                         grams_budget=grams.budget_entries(memory), words_mb=memory,
                         grams_small=size < SMALL_CHANGE_BYTES)
                for k, g in enumerate(groups)]


def buffers_mib(memory_mib: int | None, changed) -> int | None:
    """The postings buffers' budget (MiB each: Whoosh's pool of words, the grams) for
    indexing `changed`: `index --memory` as the user gave it, else the default, except
    that a change holding a file of `grams.BIG_FILE_BYTES` or more gets BIG_FILE_MIB.
    Such a file fills the default buffers many times over on its own, so its postings
    are written in runs either way, and the buffers are most of its process's memory: a
    48 MiB file peaked at 448 MiB with 128 and at 274 MiB with 32, for a tenth more CPU
    (154 -> 170 s; benchmarks/big_file.py); read ahead (`read_ahead`), its indexing
    process peaks at 193 MiB with 16, beside the 74 MiB of the reading one."""
    biggest = max((source.size for source in changed), default=0)
    if memory_mib is not None or biggest < grams.BIG_FILE_BYTES:
        return memory_mib
    return grams.BIG_FILE_MIB


class WriteLock:
    """`write.lock`: an OS lock (flock) the kernel releases when its holder dies.

    Opened without following a symlink: a link planted at that name is removed, never
    written through, so taking the lock never touches a file outside the index folder.
    """

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None
        self.created = False

    def acquire(self, timeout: float) -> None:
        import fcntl

        self.fd = self._open()
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self.release()
                    raise NewsgrepError(
                        f"another newsgrep is writing this index (lock {self.path} still "
                        f"held after {timeout:g} s); wait for it to finish, or raise --wait"
                    ) from None
                time.sleep(0.05)
            except OSError as exc:
                self.release()
                raise NewsgrepError(f"cannot lock {self.path}: {exc.strerror}") from None

    def _open(self) -> int:
        import stat

        flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            if os.path.islink(self.path):
                os.unlink(self.path)
        except FileNotFoundError:
            pass  # another writer removed it first
        try:
            while True:  # another writer may create it between our two attempts
                try:
                    fd = os.open(self.path, flags)
                    break
                except FileNotFoundError:
                    try:
                        fd = os.open(self.path, flags | os.O_CREAT | os.O_EXCL, 0o600)
                        self.created = True
                        break
                    except FileExistsError:
                        continue
        except OSError as exc:
            raise NewsgrepError(f"cannot lock {self.path}: {exc.strerror}") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise NewsgrepError(f"cannot lock {self.path}: not a regular file; remove it")
        return fd

    def discard(self) -> None:
        """Remove the lock file (while holding it): only for a first build that failed."""
        try:
            os.unlink(self.path)
        except OSError:
            pass

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _freeze_loaded() -> bool:
    """Exempt what is loaded so far (the code, the old files table, the corpus as
    walked: objects for every file of the archive, alive to the end of the run) from the
    garbage collector's passes over the rest of the run. Its full pass visited them all:
    the collector took 35-48 ms of a one-file update, 15-21 ms so (gc.callbacks, at 1x
    and 10x alike). `Indexer.run` unfreezes them. Not when the program that called us
    froze objects of its own: the unfreeze would thaw those too."""
    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True


def _make_private_dir(folder: Path) -> bool:
    """Create the index folder if need be; whether this run created it."""
    existed = folder.is_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise NewsgrepError(f"cannot create index folder {folder}: {exc.strerror}") from None
    return not existed


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass
