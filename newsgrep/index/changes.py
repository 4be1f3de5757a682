"""What a run has to do: the corpus files as found now, compared with the previous generation.

In: the corpus roots (given, remembered in the old manifest, or the default) and the old
generation's manifest. Out: every corpus file with its content hash (`SourceFile`), and which
of them are new or changed and which old paths are gone (`Changes`). Reads files only to
hash them; parsing is `records`' job.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from newsgrep.errors import NewsgrepError
from newsgrep.index import generations
from newsgrep.index.generations import DEFAULT_CORPUS
from newsgrep.ingest.sources import (DEFAULT_MAX_FILE_SIZE, CorpusError, file_hash,
                                     find_corpus_files, read_corpus_file, read_sidecar)


@dataclass(frozen=True)
class SourceFile:
    """A corpus file as found for this run: its content hash, sidecar metadata, and its
    name inside the corpus (`corpus_names`), which its articles' ids are made from."""

    path: str
    size: int
    digest: str
    sidecar: dict
    name: str = ""  # empty: ids come from the path


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
                 index_dir: Path | None = None) -> list[SourceFile]:
    """Every corpus file under `roots`, hashed; what is skipped (unreadable, not a regular
    file, over `max_size` bytes) is noted in `warnings`. Index folders are never read as
    pages: `index_dir` (an index kept inside its corpus) silently, any other with a
    warning."""
    try:
        paths = find_corpus_files(roots, warnings, max_size,
                                  skip_folder=_index_folders(index_dir, warnings))
    except CorpusError as exc:
        raise NewsgrepError(f"{exc}; name existing .txt or .pdf files or folders") from None
    sources = []
    names = corpus_names(paths, roots)
    for path in paths:
        try:
            data = read_corpus_file(path, max_size)
        except CorpusError as exc:
            warnings.append(f"{path}: skipped, {exc}")
            continue
        try:
            sidecar = read_sidecar(path)
        except ValueError as exc:
            warnings.append(f"{exc}; sidecar ignored")
            sidecar = {}
        sources.append(SourceFile(str(path), len(data), source_digest(data, sidecar), sidecar,
                                  names[path]))
    return sources


def corpus_names(paths: list[Path], roots: list[Path]) -> dict[Path, str]:
    """Each file's name inside the corpus, so that ids survive the corpus being copied or
    moved: its path below the root folder it was found under (a root given as a file: its
    base name). Two roots holding the same name keep them apart by the root's own name,
    and if that is not enough, by the whole path."""
    folders = sorted((Path(os.path.abspath(r)) for r in roots), key=lambda r: -len(r.parts))
    names = {path: _below_root(path, folders) for path in paths}
    for wider in (lambda path: _below_root(path, folders, keep_root=True), str):
        taken = Counter(names.values())
        for path in [p for p, name in names.items() if taken[name] > 1]:
            names[path] = wider(path)
    return names


def _below_root(path: Path, folders: list[Path], keep_root: bool = False) -> str:
    for root in folders:  # the deepest root holding the file
        if root == path:
            return path.name
        if root in path.parents:
            below = path.relative_to(root.parent if keep_root else root)
            return below.as_posix()
    return str(path)  # reached by a link from outside every root: its own path


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
