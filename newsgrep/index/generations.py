"""Where an index lives on disk, and how readers find its current, complete state.

An index folder holds numbered generations (`gen-000007/`: Whoosh files, article store,
manifest) and a `CURRENT` file naming the complete one. A writer builds a new generation
beside the live one and replaces `CURRENT` atomically, so a reader sees the old state or
the new, never a half-written one, and a killed writer leaves the previous index working.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from newsgrep.errors import IndexDamaged, IndexIncompatible, IndexMissing, NewsgrepError
from newsgrep.versions import ANALYSER_VERSION, INDEX_FORMAT

DEFAULT_CORPUS = Path("seeds")  # what `newsgrep index` reads when told nothing else
CURRENT = "CURRENT"
# gen-NUMBER-WRITER: the writer's process id keeps a folder name from ever being reused,
# even when a killed writer's unfinished folder was removed (its orphaned workers could
# otherwise still be writing into a new folder of the same name).
GENERATION = re.compile(r"^gen-(\d{6})(?:-[0-9a-f]+)?$")
REBUILD_HINT = "run `newsgrep index --rebuild`"


@dataclass
class Generation:
    folder: Path
    manifest: dict

    @property
    def whoosh_dir(self) -> Path:
        return self.folder / "whoosh"

    @property
    def store_dir(self) -> Path:
        return self.folder / "store"


def current_name(index_dir: Path) -> str | None:
    try:
        name = (index_dir / CURRENT).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise NewsgrepError(f"cannot read index {index_dir}: {exc}") from None
    if not GENERATION.match(name):
        raise IndexDamaged(f"index {index_dir} is damaged (bad {CURRENT}); {REBUILD_HINT}")
    return name


def exists(index_dir: Path) -> bool:
    return (index_dir / CURRENT).is_file()


def open_current(index_dir: Path, check_version: bool = True) -> Generation:
    """The complete generation readers should use; a clear error when there is none."""
    if not index_dir.is_dir() or not exists(index_dir):
        raise IndexMissing(
            f"no index at {index_dir}; run `newsgrep index CORPUS --index {index_dir}` first")
    name = current_name(index_dir)
    folder = index_dir / name
    manifest = read_manifest(folder)
    if check_version:
        check_compatible(manifest, index_dir)
    return Generation(folder, manifest)


def read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexDamaged(
            f"index {folder.parent} is damaged (no manifest); {REBUILD_HINT}") from None
    except PermissionError:
        raise NewsgrepError(f"cannot read index {folder.parent}: permission denied") from None
    except (OSError, ValueError) as exc:
        raise IndexDamaged(f"index {folder.parent} is damaged ({exc}); {REBUILD_HINT}") from None


def check_compatible(manifest: dict, index_dir: Path) -> None:
    if manifest.get("format") != INDEX_FORMAT or manifest.get("analyser") != ANALYSER_VERSION:
        made_by = manifest.get("newsgrep_version", "another version")
        raise IndexIncompatible(
            f"index {index_dir} was written by newsgrep {made_by} with another index format "
            f"or analyser; run `newsgrep index --rebuild --index {index_dir}`")


def generation_number(name: str) -> int:
    return int(GENERATION.match(name).group(1))


def generation_folders(index_dir: Path) -> list[Path]:
    if not index_dir.is_dir():
        return []
    found = (p for p in index_dir.iterdir() if GENERATION.match(p.name))
    return sorted(found, key=lambda p: generation_number(p.name))


def next_folder(index_dir: Path) -> Path:
    folders = generation_folders(index_dir)
    number = generation_number(folders[-1].name) + 1 if folders else 1
    return index_dir / f"gen-{number:06d}-{os.getpid():x}"


def publish(index_dir: Path, folder: Path) -> None:
    """Make `folder` the current generation in one atomic rename."""
    _fsync_tree(folder)
    temporary = index_dir / f"{CURRENT}.tmp"
    with open(temporary, "w", encoding="ascii") as handle:
        handle.write(folder.name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, index_dir / CURRENT)
    _fsync_dir(index_dir)


def remove_stale(index_dir: Path, keep: int = 2) -> None:
    """Delete generations other than the current one and the one before it.

    The previous one stays so that a search that opened it just before the swap can finish.
    Unfinished generations left by a killed writer are newer than CURRENT: removed too.
    """
    name = current_name(index_dir)
    folders = generation_folders(index_dir)
    if name is None:
        keepers: set[str] = set()
    else:
        current = generation_number(name)
        older = [f.name for f in folders if generation_number(f.name) < current]
        keepers = {name, *older[-(keep - 1):]} if keep > 1 else {name}
    for folder in folders:
        if folder.name not in keepers:
            shutil.rmtree(folder, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    for root, _dirs, files in os.walk(folder):
        for name in files:
            with open(os.path.join(root, name), "rb") as handle:
                os.fsync(handle.fileno())
        _fsync_dir(Path(root))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_manifest(folder: Path, manifest: dict) -> None:
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
