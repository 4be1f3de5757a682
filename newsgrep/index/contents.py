"""A generation's table of contents: every file's size and checksum, and checking them.

Recorded when a generation is published (`record_contents`, into the manifest), checked
on every open by size (`verify`) and by checksum on demand (`verify(checksums=True)`,
`newsgrep check`); files a reader reads whole are checked against their checksum as they
are read (`read_checked`).
"""
from __future__ import annotations

import hashlib
import os
import shlex
import stat
from pathlib import Path

from newsgrep.errors import IndexDamaged

CONTENTS = "contents"   # manifest key: every file of the generation -> size and checksum
CHECKSUM = "blake2b"
REBUILD_HINT = "run `newsgrep index --rebuild`"  # bare: for the default index only
DEFAULT_INDEX = Path("index")  # the command line's --index when none is given
# Files of a generation folder that the table does not list: the manifest (which holds
# it) and the readers' lease (empty, locked in place).
UNLISTED = ("manifest.json", "reader.lease")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def record_contents(folder: Path, previous) -> dict[str, dict]:
    """Size and checksum of every file of a generation (its manifest and lease aside).
    A file hard-linked from the previous generation keeps that generation's record: the
    folders' listings tell it by its inode, with no stat (an update links a thousand
    files at 10x, and writes a few)."""
    before = previous.manifest.get(CONTENTS, {}) if previous is not None else {}
    linked = dict(_listing(previous.folder)) if previous is not None else {}
    table = {}
    for name, entry in sorted(_listing(folder)):
        old = before.get(name)
        if old is not None and name in linked and linked[name].inode() == entry.inode():
            table[name] = old
        else:
            size = entry.stat(follow_symlinks=False).st_size
            table[name] = {"size": size, CHECKSUM: _checksum(entry.path)}
    return table


def _listing(folder: Path, prefix: str = ""):
    """(name inside the generation, directory entry) of every file below `folder`,
    the unlisted ones aside; symlinked folders are not entered."""
    with os.scandir(folder) as entries:
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                yield from _listing(Path(entry.path), name + "/")
            elif prefix or entry.name not in UNLISTED:
                yield name, entry


def _checksum(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=32)
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def checksum_of(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=32).hexdigest()


def index_option(index_dir: Path | str | None) -> str:
    """` --index DIR` for a command that must reach this index ("" for the default one),
    quoted for the shell so that the hint can be pasted as it is."""
    if index_dir is None or Path(index_dir) == DEFAULT_INDEX:
        return ""
    return f" --index {shlex.quote(str(index_dir))}"


def rebuild_hint(index_dir: Path | str | None) -> str:
    """What to run to repair `index_dir`, naming it unless it is the default index."""
    return f"run `newsgrep index --rebuild{index_option(index_dir)}`"


def damaged(index_dir: Path, detail: str) -> IndexDamaged:
    return IndexDamaged(f"index {index_dir} is damaged ({detail}); {rebuild_hint(index_dir)}")


def naming(exc: IndexDamaged, index_dir: Path) -> IndexDamaged:
    """A damage error raised where the index was not known (Whoosh's files, the
    unpickler), with the index named and the hint pointing at it."""
    message = exc.message
    if message.startswith("index is "):
        message = f"index {index_dir} " + message[len("index "):]
    return IndexDamaged(message.replace("`newsgrep index --rebuild`",
                                        f"`newsgrep index --rebuild{index_option(index_dir)}`"))


def verify(generation, checksums: bool = False) -> tuple[int, int]:
    """Check every file the manifest lists: present, a regular file, of its recorded size,
    and (with `checksums`) of its recorded checksum; no Whoosh file the manifest does not
    list (Whoosh reads whatever TOC it finds). Returns (files, bytes) checked; raises
    IndexDamaged naming the first file that differs."""
    index_dir = generation.folder.parent
    contents = generation.manifest.get(CONTENTS)
    if contents is None:
        return 0, 0
    total = 0
    folder = str(generation.folder)  # plain strings: an open checks thousands of files
    for name, entry in contents.items():
        path = os.path.join(folder, name)
        try:
            info = os.lstat(path)
        except OSError:
            raise damaged(index_dir, f"{name} is missing") from None
        if not stat.S_ISREG(info.st_mode):
            raise damaged(index_dir, f"{name} is not a regular file")
        if info.st_size != entry.get("size"):
            raise damaged(index_dir, f"{name} has {info.st_size} bytes, not {entry.get('size')}")
        if checksums and _checksum(path) != entry.get(CHECKSUM):
            raise damaged(index_dir, f"{name} does not match its checksum")
        total += info.st_size
    listed = {n.split("/", 1)[1] for n in contents if n.startswith("whoosh/")}
    try:
        present = set(os.listdir(generation.whoosh_dir))
    except OSError:
        raise damaged(index_dir, "no whoosh folder") from None
    if present - listed:
        raise damaged(index_dir, f"whoosh/{sorted(present - listed)[0]} was never written by newsgrep")
    return len(contents), total


def read_checked(folder: Path, name: str, contents: dict | None) -> bytes:
    """A generation file read whole and checked against its recorded checksum (no table:
    an index made before there was one, read as it is)."""
    try:
        data = (folder / name).read_bytes()
    except OSError:
        raise damaged(folder.parent, f"{name} is missing") from None
    if contents is not None and not matches(data, contents.get(name)):
        raise damaged(folder.parent, f"{name} does not match its checksum")
    return data


def matches(data: bytes, entry: dict | None) -> bool:
    """Does a file's content match its entry in the table (None: the table lacks it)?"""
    return entry is not None and entry.get(CHECKSUM) == checksum_of(data)

