"""Where an index lives on disk, and how readers find its current, complete state.

An index folder holds numbered generations (`gen-000007/`: Whoosh files, article store,
manifest) and a `CURRENT` file naming the complete one. A writer builds a new generation
beside the live one and replaces `CURRENT` atomically, so a reader sees the old state or
the new, never a half-written one, and a killed writer leaves the previous index working.
A reader holds a lease on its generation (a shared flock) for as long as it is open, and
writers delete only generations nobody holds. The manifest records every file's size and
checksum: sizes are checked on every open, checksums by `verify(checksums=True)`.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from newsgrep.errors import IndexDamaged, IndexIncompatible, IndexMissing, NewsgrepError
# The table of contents lives in its own module; these names are part of this one's API.
from newsgrep.index.contents import (CHECKSUM, CONTENTS, REBUILD_HINT, checksum_of,  # noqa: F401
                                     damaged, index_option, naming, read_checked,
                                     rebuild_hint, record_contents, verify)
from newsgrep.index.store import Store
from newsgrep.versions import ANALYSER_VERSION, INDEX_FORMAT

DEFAULT_CORPUS = Path("seeds")  # what `newsgrep index` reads when told nothing else
CURRENT = "CURRENT"
# Written into an index folder before anything else (see `claim`): what tells a newsgrep
# index, even a first build killed half way, from any other folder.
MARKER = "NEWSGREP"
MARKER_TEXT = "A newsgrep index folder: see newsgrep/index/FORMAT.md.\n"
# What a writer may leave in a folder before its first generation folder exists.
EARLY_FILES = {MARKER, "write.lock", "CURRENT.tmp"}
# gen-NUMBER-WRITER: the writer's process id keeps a folder name from ever being reused,
# even when a killed writer's unfinished folder was removed (its orphaned workers could
# otherwise still be writing into a new folder of the same name).
GENERATION = re.compile(r"^gen-(\d{6})(?:-[0-9a-f]+)?$")
# Held (shared flock) by every reader of a generation; a writer collects only generations
# whose lease it can lock exclusively.
LEASE = "reader.lease"
MANIFEST = "manifest.json"
FILES = "files.json"    # every corpus file of a generation: see Generation.files
# What a reader will read of CURRENT and manifest.json at most (a manifest lists every
# corpus file: generous).
SMALL_FILE_LIMIT = {CURRENT: 256, MANIFEST: 1 << 30}
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class Lease:
    """A reader's shared lock on a generation's lease file: while it is held, no writer
    deletes the generation. Released by `release`, or by the kernel when the process ends."""

    def __init__(self, fd: int):
        self.fd: int | None = fd

    @classmethod
    def take(cls, folder: Path) -> "Lease | None":
        """The lease on `folder`'s generation; None when it is gone or being collected."""
        import fcntl

        path = folder / LEASE
        try:
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | os.O_NONBLOCK)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            # A writer may have deleted the folder between our open and our lock.
            if os.stat(path, follow_symlinks=False).st_ino != os.fstat(fd).st_ino:
                raise FileNotFoundError(path)
        except OSError:
            os.close(fd)
            return None
        return cls(fd)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __del__(self):
        self.release()


@dataclass
class Generation:
    folder: Path
    manifest: dict
    lease: Lease | None = field(default=None, repr=False)
    _files: dict | None = field(default=None, repr=False)
    _files_data: bytes | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)
    _file_ranges: dict | None = field(default=None, repr=False)

    @property
    def files(self) -> dict[str, dict]:
        """Every corpus file this generation indexed (path -> hash, encoding, articles,
        skipped): in its own file, which only builds and statistics read, so that opening
        an index for a query does not parse one entry per file of the archive."""
        if self._files is None:
            data = read_checked(self.folder, FILES, self.manifest.get(CONTENTS))
            try:
                self._files = json.loads(data)
            except ValueError:
                raise damaged(self.folder.parent, f"{FILES} is not JSON") from None
            self._files_data = data
        return self._files

    def file_lines(self) -> dict[str, bytes]:
        """Each file's entry as `write_files` wrote it, a line of the table, by path
        ({} for a table not written a line an entry)."""
        files = self.files
        lines = self._files_data.split(b"\n") if self._files_data else []
        if len(lines) != len(files) + 2 or lines[0] != b"{" or lines[-1] != b"}":
            return {}
        return {path: line.removesuffix(b",") for path, line in zip(files, lines[1:-1])}

    @property
    def store(self) -> Store:
        """The generation's store, opened once for all the stages of an update that
        read it (closed by `release`)."""
        if self._store is None:
            self._store = Store(self.store_dir, self.expected("store"))
        return self._store

    @property
    def file_ranges(self) -> dict[str, range | list[int]]:
        """Each indexed file's records in the store (`Store.file_ranges`), found once."""
        if self._file_ranges is None:
            self._file_ranges = self.store.file_ranges(self.files)
        return self._file_ranges

    def release(self) -> None:
        """Let writers collect this generation once nothing else reads it."""
        if self._store is not None:
            self._store.close()
        if self.lease is not None:
            self.lease.release()

    def expected(self, subfolder: str) -> dict[str, dict]:
        """The recorded size and checksum of each file in `subfolder`, by file name."""
        prefix = subfolder + "/"
        return {name[len(prefix):]: entry
                for name, entry in self.manifest.get(CONTENTS, {}).items()
                if name.startswith(prefix)}

    @property
    def whoosh_dir(self) -> Path:
        return self.folder / "whoosh"

    @property
    def store_dir(self) -> Path:
        return self.folder / "store"


def current_name(index_dir: Path) -> str | None:
    try:
        name = read_small(index_dir / CURRENT, SMALL_FILE_LIMIT[CURRENT]).decode("ascii").strip()
    except FileNotFoundError:
        return None
    except ValueError:  # not ASCII, or not a small regular file (a link to /dev/zero)
        name = ""
    except OSError as exc:
        raise NewsgrepError(f"cannot read index {index_dir}: {exc.strerror or exc}") from None
    if not GENERATION.match(name):
        raise IndexDamaged(f"index {index_dir} is damaged (bad {CURRENT}); "
                           f"{rebuild_hint(index_dir)}")
    return name


def read_small(path: Path, limit: int) -> bytes:
    """A small regular file's bytes, never following a symlink, never blocking on a FIFO
    or reading a device: anything else in an index folder is damage."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ValueError(f"{path.name} is a symbolic link") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise ValueError(f"{path.name} is not a small regular file")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(limit + 1)
    finally:
        os.close(fd)


def exists(index_dir: Path) -> bool:
    """Whether the folder holds an index (whatever CURRENT is: open_current judges it)."""
    return os.path.lexists(index_dir / CURRENT)


def is_index(folder: Path) -> bool:
    """Whether newsgrep made this folder an index: its marker, or (an index made before
    markers) a CURRENT beside a generation folder. Strict enough to skip while walking a
    corpus: a folder of pages holds neither."""
    if os.path.lexists(folder / MARKER):
        return True
    return os.path.lexists(folder / CURRENT) and bool(generation_folders(folder))


def claim(index_dir: Path) -> bool:
    """Make sure a writer may use `index_dir`, and mark it as an index before anything
    else is written into it; whether this call wrote the marker.

    An empty folder and an index (complete, damaged, or a first build killed half way,
    with or without a marker) are fine; any other non-empty folder (documents, the corpus
    itself) is refused, untouched.
    """
    try:
        names = set(os.listdir(index_dir))
    except OSError as exc:
        raise NewsgrepError(f"cannot use index folder {index_dir}: {exc.strerror}") from None
    if names and not _written_by_newsgrep(index_dir, names):
        raise NewsgrepError(
            f"{index_dir} is not empty and is not a newsgrep index; choose an empty or new "
            f"folder for --index (nothing was written)")
    if MARKER in names:
        return False
    try:
        fd = _create_exclusive(index_dir / MARKER)
    except FileExistsError:  # another writer marked it meanwhile
        return False
    except OSError as exc:
        raise NewsgrepError(f"cannot write into index folder {index_dir}: {exc.strerror}") \
            from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(MARKER_TEXT)
    return True


def _written_by_newsgrep(index_dir: Path, names: set[str]) -> bool:
    """A marker, a CURRENT, a generation folder, or only what a writer makes first (an
    index from before markers, killed before its first generation folder)."""
    return bool({MARKER, CURRENT} & names) or names <= EARLY_FILES or \
        bool(generation_folders(index_dir))


def unclaim(index_dir: Path) -> None:
    """Remove the marker again: only for a first build that failed (and left nothing)."""
    try:
        os.unlink(index_dir / MARKER)
    except OSError:
        pass


def recorded_manifest(index_dir: Path) -> dict | None:
    """What the index records of its corpus and user dictionary, if it can still be read:
    the current generation's manifest, else (CURRENT damaged, or its manifest) the newest
    generation's that reads. Only complete generations have a manifest (it is written
    last, just before publishing). None when no manifest reads."""
    try:
        name = current_name(index_dir)
    except NewsgrepError:
        name = None
    candidates = [index_dir / name] if name else []
    candidates += reversed(generation_folders(index_dir))
    for folder in candidates:
        try:
            manifest = read_manifest(folder)
        except NewsgrepError:
            continue
        if _plausible_record(manifest):
            return manifest
    return None


def _plausible_record(manifest: dict) -> bool:
    roots, words = manifest.get("roots"), manifest.get("userwords", [])
    return isinstance(roots, list) and bool(roots) and all(isinstance(r, str) for r in roots) \
        and isinstance(words, list) \
        and all(isinstance(w, list) and 1 <= len(w) <= 3 and isinstance(w[0], str) for w in words)


def open_current(index_dir: Path, check_version: bool = True) -> Generation:
    """The complete generation readers should use, leased (see `Lease`) so that no writer
    deletes it while it is read; its files' sizes checked against the manifest."""
    if not index_dir.is_dir() or not exists(index_dir):
        raise IndexMissing(
            f"no index at {index_dir}; run `newsgrep index CORPUS --index {index_dir}` first")
    for _attempt in range(100):
        name = current_name(index_dir)
        folder = index_dir / name
        lease = Lease.take(folder)
        if lease is None and current_name(index_dir) != name:
            time.sleep(0.01)  # a writer published and collected meanwhile: read CURRENT again
            continue
        try:
            generation = Generation(folder, read_manifest(folder), lease)
            if check_version:
                check_compatible(generation.manifest, index_dir)
            verify(generation, checksums=False)
        except BaseException:
            if lease is not None:
                lease.release()
            raise
        return generation
    raise NewsgrepError(f"index {index_dir} changes too fast to be read; try again")


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads(read_small(folder / MANIFEST, SMALL_FILE_LIMIT[MANIFEST]))
    except FileNotFoundError:
        raise IndexDamaged(
            f"index {folder.parent} is damaged (no manifest); {rebuild_hint(folder.parent)}"
        ) from None
    except PermissionError:
        raise NewsgrepError(f"cannot read index {folder.parent}: permission denied") from None
    except (OSError, ValueError) as exc:
        raise damaged(folder.parent, str(exc)) from None
    if not isinstance(manifest, dict):
        raise damaged(folder.parent, "bad manifest")
    return manifest


def check_compatible(manifest: dict, index_dir: Path) -> None:
    if manifest.get("format") != INDEX_FORMAT or manifest.get("analyser") != ANALYSER_VERSION \
            or not isinstance(manifest.get(CONTENTS), dict):  # no table: made before it
        made_by = manifest.get("newsgrep_version", "another version")
        raise IndexIncompatible(
            f"index {index_dir} was written by newsgrep {made_by} with another index format "
            f"or analyser; {rebuild_hint(index_dir)}")


def generation_number(name: str) -> int:
    return int(GENERATION.match(name).group(1))


def generation_folders(index_dir: Path) -> list[Path]:
    """The generation folders, oldest first: real folders only, never symlinks."""
    if not index_dir.is_dir():
        return []
    found = (p for p in index_dir.iterdir()
             if GENERATION.match(p.name) and p.is_dir() and not p.is_symlink())
    return sorted(found, key=lambda p: generation_number(p.name))


def next_folder(index_dir: Path) -> Path:
    names = [p.name for p in index_dir.iterdir() if GENERATION.match(p.name)] \
        if index_dir.is_dir() else []
    number = max(map(generation_number, names), default=0) + 1
    if number > 999_999:
        raise NewsgrepError(f"index {index_dir} has used up its generation numbers; build "
                            "it anew in a new folder: `newsgrep index CORPUS --index NEW`")
    return index_dir / f"gen-{number:06d}-{os.getpid():x}"


def create_folder(folder: Path) -> None:
    """A new, private generation folder with its (unheld) lease file."""
    folder.mkdir(mode=0o700)  # fails if anything, a symlink included, has the name
    os.close(_create_exclusive(folder / LEASE))


def _create_exclusive(path: Path) -> int:
    """A new file at `path`: never an existing one, never through a symlink."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600)


def publish(index_dir: Path, folder: Path) -> None:
    """Make `folder` the current generation in one atomic rename."""
    _fsync_tree(folder)
    temporary = index_dir / f"{CURRENT}.tmp"
    # A leftover (or planted) CURRENT.tmp, a symlink included, is removed, not written
    # through: the rename below must move a file this writer made.
    if os.path.lexists(temporary):
        if os.path.isdir(temporary) and not os.path.islink(temporary):
            shutil.rmtree(temporary)
        else:
            os.unlink(temporary)
    with os.fdopen(_create_exclusive(temporary), "w", encoding="ascii") as handle:
        handle.write(folder.name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    current = index_dir / CURRENT
    if os.path.isdir(current) and not os.path.islink(current):
        shutil.rmtree(current)  # damage (a folder named CURRENT): no rename replaces it
    os.replace(temporary, current)
    _fsync_dir(index_dir)


def remove_stale(index_dir: Path) -> None:
    """Delete every generation but the current one that no reader holds a lease on.

    Unfinished generations left by a killed writer (numbered above CURRENT) go too. With
    CURRENT damaged (unreadable, or naming no complete generation) nothing goes: the
    damaged state stays as it was until a rebuild publishes a new one.
    """
    try:
        name = current_name(index_dir)
    except IndexDamaged:
        return
    if name is not None and not (os.path.isdir(index_dir / name) and not
                                 os.path.islink(index_dir / name) and
                                 os.path.lexists(index_dir / name / MANIFEST)):
        return
    folders = generation_folders(index_dir)
    older = [f.name for f in folders
             if name is not None and generation_number(f.name) < generation_number(name)]
    for folder in folders:
        if folder.name != name:
            _collect(folder, previous=bool(older) and folder.name == older[-1])


def _collect(folder: Path, previous: bool) -> None:
    """Delete a generation unless a reader holds its lease (then a later run tries).

    Where the file system has no flock, the generation just before the current one is
    kept (for a search that opened it just before the swap), as before leases.
    """
    import fcntl

    try:
        fd = os.open(folder / LEASE, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | os.O_NONBLOCK)
    except FileNotFoundError:
        fd = None  # an unfinished folder (or one made before leases): no reader has it
    except OSError:
        return
    try:
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return  # a reader is using it
    except OSError:  # no locks here
        if previous:
            os.close(fd)
            return
    try:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        if fd is not None:
            os.close(fd)


def _fsync_tree(folder: Path) -> None:
    """Make the new generation durable: every file written for it, and every folder.

    A file hard-linked from the previous generation (more than one link while that
    generation stands: store parts, gram segments, Whoosh files an update left alone) was
    made durable when the generation that wrote it was published, so only the folder
    entry naming it needs syncing, which the folder's fsync does. At 10x an update links
    about 1,100 files: syncing each again took most of its time on a busy disk."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _fsync_tree(Path(entry.path))
            elif entry.stat(follow_symlinks=False).st_nlink == 1:
                fd = os.open(entry.path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_manifest(folder: Path, manifest: dict) -> None:
    _write_json(folder / MANIFEST, manifest)


def write_files(folder: Path, pieces: list) -> None:
    """The generation's corpus files and their entries (`Generation.files`): one JSON
    object, an entry a line. `pieces`, in path order: (path, entry) for an entry to
    write, bytes for lines of the previous table kept as they were (`plan.Kept`): an
    update so writes the lines of the files it changed, and copies the rest as blocks."""
    lines = [piece if isinstance(piece, bytes) else _entry_line(*piece) for piece in pieces]
    with os.fdopen(_create_exclusive(folder / FILES), "wb") as handle:
        handle.write(b"{\n" + b",\n".join(lines) + b"\n}" if lines else b"{}")


def _entry_line(path: str, entry: dict) -> bytes:
    line = {path: entry}
    try:
        return json.dumps(line, ensure_ascii=False, separators=(",", ":"))[1:-1].encode()
    except UnicodeEncodeError:  # a file name that is not UTF-8: escaped, losslessly
        return json.dumps(line, separators=(",", ":"))[1:-1].encode()


def _write_json(path: Path, value) -> None:
    fd = _create_exclusive(path)
    # Compact, as the files table: json's C encoder works only without indent.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        data = text.encode()
    except UnicodeEncodeError:  # a file name that is not UTF-8: escaped, losslessly
        data = json.dumps(value, separators=(",", ":")).encode()
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
