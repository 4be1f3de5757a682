"""What a run has to do: the corpus files as found now, compared with the previous generation.

In: the corpus roots (given, remembered in the old manifest, or the default) and the old
generation's manifest. Out: every corpus file with its content hash (`SourceFile`), and which
of them are new or changed and which old paths are gone (`Changes`). Reads files only to
hash them; parsing is `records`' job.
"""
from __future__ import annotations

import functools
import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from newsgrep.errors import NewsgrepError
from newsgrep.index import generations
from newsgrep.index.generations import DEFAULT_CORPUS
from newsgrep.ingest.sources import (DEFAULT_MAX_FILE_SIZE, CorpusError, Found, Sidecars,
                                     file_hash, read_corpus_file, scan_corpus)


class SourceFile(NamedTuple):
    """A corpus file as found for this run: its content hash, sidecar metadata, and its
    name inside the corpus (`corpus_names`), which its articles' ids are made from. A
    named tuple: an update makes one for every file of the archive, and a tuple is made
    in a third of a frozen dataclass's time."""

    path: str
    size: int
    digest: str
    sidecar: dict
    name: str = ""  # empty: ids come from the path
    # What the file's stat said when it was hashed (`file_stamp`), recorded so that the
    # next run can take the hash without reading the file again; None: read it next time.
    stamp: list[int] | None = None

    def stamped(self) -> dict:
        """What the manifest's file entry records besides `FileReport`'s: the stat and the
        sidecar's digest the hash was taken with (see `find_sources`)."""
        return {"stamp": self.stamp, "sidecar": sidecar_digest(self.sidecar)} \
            if self.stamp is not None else {}


@dataclass
class Changes:
    """How the corpus differs from the one the previous generation indexed."""

    sources: list[SourceFile]   # every corpus file, in path order
    changed: list[SourceFile]   # new or different since the previous generation
    removed: list[str]          # paths indexed before and gone now

    @property
    def unchanged(self) -> int:
        return len(self.sources) - len(self.changed)

    @property
    def nothing(self) -> bool:
        return not self.changed and not self.removed


def source_digest(data: bytes, sidecar: dict) -> str:
    """The content hash that decides whether a file changed (its sidecar included)."""
    return file_hash(data + repr(sorted(sidecar.items())).encode())


def sidecar_digest(sidecar: dict) -> str:
    return _short_digest(repr(sorted(sidecar.items()))) if sidecar else _NO_SIDECAR


@functools.lru_cache(maxsize=1024)  # most files of an archive share one sidecar, or none
def _short_digest(text: str) -> str:
    return file_hash(text.encode())[:16]


_NO_SIDECAR = _short_digest(repr([]))


# A stat taken less than this long after the file's last change is not trusted to tell a
# later change (timestamps are coarser than writes: git's "racy" files).
SETTLED_NS = 2_000_000_000


def file_stamp(info: os.stat_result, now: int | None = None) -> list[int] | None:
    """Size, modification and change times (ns) and inode: a file whose stat still says
    all four was not written since. None for a file changed too recently to tell (by the
    clock's `now`, ns, if the caller has read it)."""
    if (time.time_ns() if now is None else now) - max(info.st_mtime_ns, info.st_ctime_ns) < SETTLED_NS:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def corpus_roots(roots: list[Path] | None, recorded: dict | None) -> list[Path]:
    """The folders and files to index: as given, else as the index's manifest (`recorded`)
    remembers them (absolute, so from any working folder), else ./seeds."""
    if roots:
        return [Path(os.path.abspath(r)) for r in roots]
    if recorded is not None and recorded.get("roots"):
        return [Path(r) for r in recorded["roots"]]
    return [Path(os.path.abspath(DEFAULT_CORPUS))]


def find_sources(roots: list[Path], warnings: list[str],
                 max_size: int = DEFAULT_MAX_FILE_SIZE,
                 index_dir: Path | None = None,
                 known: dict[str, dict] | None = None) -> list[SourceFile]:
    """Every corpus file under `roots`, hashed; what is skipped (unreadable, not a regular
    file, over `max_size` bytes) is noted in `warnings`. Index folders are never read as
    pages: `index_dir` (an index kept inside its corpus) silently, any other with a
    warning.

    `known` (the previous generation's file entries) lends its hash to a file whose stat
    and sidecar are those the hash was taken with, as git's index does: an update reads
    only the files that changed, not the archive."""
    try:
        found = scan_corpus(roots, warnings, max_size,
                            skip_folder=_index_folders(index_dir, warnings))
    except CorpusError as exc:
        raise NewsgrepError(f"{exc}; name existing .txt or .pdf files or folders") from None
    sources = []
    names = _names([f.path for f in found], roots)
    sidecars = Sidecars()
    known = known or {}
    now = time.time_ns()
    for page in found:
        try:
            sidecar = sidecars.of(page.path, page.listing)
        except ValueError as exc:
            warnings.append(f"{exc}; sidecar ignored")
            sidecar = {}
        source = _unchanged(page, sidecar, known.get(page.path), names[page.path], now)
        if source is None:
            source = _hashed(page.path, sidecar, max_size, names[page.path], warnings)
        if source is not None:
            sources.append(source)
    return sources


def _hashed(path: str, sidecar: dict, max_size: int, name: str,
            warnings: list[str]) -> SourceFile | None:
    """The file read and hashed (None: it cannot be read, said in `warnings`)."""
    before = _stamp(path)  # a file written while it is read is read again next time
    try:
        data = read_corpus_file(Path(path), max_size)
    except CorpusError as exc:
        warnings.append(f"{path}: skipped, {exc}")
        return None
    stamp = before if before is not None and _stamp(path) == before else None
    return SourceFile(path, len(data), source_digest(data, sidecar), sidecar, name, stamp)


def _stamp(path: str) -> list[int] | None:
    try:
        return file_stamp(os.stat(path))
    except OSError:
        return None


def _unchanged(page: Found, sidecar: dict, entry: dict | None, name: str,
               now: int) -> SourceFile | None:
    """The file as hashed before, if its stat (as the corpus walk took it) and sidecar say
    it was not changed since."""
    if not entry or entry.get("hash") is None:
        return None
    info = page.info  # a regular file within the size cap: the walk skipped any other
    stamp = file_stamp(info, now)
    if stamp is None or stamp != entry.get("stamp") or \
            entry.get("sidecar") != sidecar_digest(sidecar):
        return None
    return SourceFile(page.path, info.st_size, entry["hash"], sidecar, name, stamp)


def corpus_names(paths: list[Path], roots: list[Path]) -> dict[Path, str]:
    """Each file's name inside the corpus, so that ids survive the corpus being copied or
    moved: its path below the root folder it was found under (a root given as a file: its
    base name). Two roots holding the same name keep them apart by the root's own name,
    and if that is not enough, by the whole path."""
    names = _names([str(p) for p in paths], roots)
    return {path: names[str(path)] for path in paths}


def _names(paths: list[str], roots: list[Path]) -> dict[str, str]:
    """`corpus_names` on plain absolute paths (as the corpus walk finds them)."""
    folders = sorted((os.path.abspath(r) for r in roots), key=lambda r: -r.count(os.sep))
    if len(folders) == 1 and os.path.isdir(folders[0]):  # the usual corpus: one folder
        inside = folders[0] if folders[0].endswith(os.sep) else folders[0] + os.sep
        if all(path.startswith(inside) for path in paths):  # distinct paths, distinct names
            return {path: path[len(inside):] for path in paths}
    names = {path: _below_root(path, folders) for path in paths}
    for wider in (lambda path: _below_root(path, folders, keep_root=True), str):
        taken = Counter(names.values())
        for path in [p for p, name in names.items() if taken[name] > 1]:
            names[path] = wider(path)
    return names


def _below_root(path: str, folders: list[str], keep_root: bool = False) -> str:
    for root in folders:  # the deepest root holding the file
        if root == path:
            return os.path.basename(path)
        inside = root if root.endswith(os.sep) else root + os.sep
        if path.startswith(inside):
            start = len(os.path.dirname(root)) if keep_root else len(root)
            return path[start:].lstrip(os.sep)
    return path  # reached by a link from outside every root: its own path


def _index_folders(index_dir: Path | None, warnings: list[str]):
    """The test `find_corpus_files` skips folders by: newsgrep index folders."""
    try:
        own = os.stat(index_dir)[1:3] if index_dir is not None else None  # (inode, device)
    except OSError:
        own = None

    def skip(folder: Path) -> bool:
        try:
            if own is not None and os.stat(folder)[1:3] == own:
                return True
        except OSError:
            return False
        if generations.is_index(folder):
            warnings.append(f"{folder}: not read, a newsgrep index folder (not pages)")
            return True
        return False
    return skip


def compare(sources: list[SourceFile], old_files: dict[str, dict]) -> Changes:
    """Which sources differ from the files (path -> manifest entry) indexed before."""
    changed = [s for s in sources if old_files.get(s.path, {}).get("hash") != s.digest]
    current = {s.path for s in sources}
    removed = [p for p in old_files if p not in current]
    return Changes(sources, changed, removed)
