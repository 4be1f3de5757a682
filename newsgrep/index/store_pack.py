"""A store part as one file: its folder's files packed into a ZIP archive, stored as they
are (no compression), and read member by member at their offsets.

Why one file: every generation hard-links the parts it keeps, syncs the folder that
holds them, lists them in its table of contents, and is removed file by file once a newer
one is published; a query's open checks every listed file's size. A part of thirty files
made an update at 10x (35 parts) touch 1,050 files for the parts alone; one file a part
makes that 35, whatever each part holds.

Why ZIP: a real format, not one of ours (`unzip -l`, `python -m zipfile -l` list a part),
with a CRC-32 of each member that a reader checks on every member it reads whole (offset
tables, columns); members are stored, not compressed, so that a range of one (an article's
text) is one `pread` at the member's offset, as from a plain file. The generation's table
of contents holds each pack's size and BLAKE2b like any file (`newsgrep check`).

Members are written in name order with a fixed date, so the same records make the same
pack, byte for byte.
"""
from __future__ import annotations

import mmap
import os
import shutil
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Callable, NamedTuple

from newsgrep.errors import IndexDamaged

_READ = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
_DATE = (1980, 1, 1, 0, 0, 0)  # ZIP's first date: packs do not depend on when
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, …, name length, extra length
_LOCAL_SIGNATURE = b"PK\x03\x04"
_COPY_CHUNK = 1 << 20
# The end of central directory record (no archive comment: the writer writes none), and
# a central directory entry: ZIP's fixed layouts (APPNOTE 4.3.16, 4.3.12).
_END = struct.Struct("<4s4xHHIIH")  # signature, …, entries here, entries, size, offset, comment
_END_SIGNATURE = b"PK\x05\x06"
_ENTRY = struct.Struct("<4s6xH4xIIIHHH8xI")  # signature, …, method, …, crc, sizes, name,
_ENTRY_SIGNATURE = b"PK\x01\x02"           # extra and comment lengths, …, local header
_ZIP64 = 0xFFFFFFFF  # a size or offset that only a ZIP64 extra field holds


class Member(NamedTuple):
    """A member as the central directory lists it."""

    crc: int
    file_size: int
    compressed: int
    method: int
    header_offset: int


def _central_directory(fd: int, size: int) -> dict[str, Member]:
    """The pack's members by name, read from its central directory: by hand, at once,
    for an archive as the writer writes them (no comment, no ZIP64), else by `zipfile`
    (slower: a query opens every part), which reads any ZIP."""
    end = os.pread(fd, _END.size, max(size - _END.size, 0))
    if len(end) == _END.size:
        signature, here, entries, length, offset, comment = _END.unpack(end)
        if signature == _END_SIGNATURE and here == entries and not comment and \
                _ZIP64 not in (length, offset) and offset + length <= size:
            members = _entries(os.pread(fd, length, offset), entries)
            if members is not None:
                return members
    with zipfile.ZipFile(os.fdopen(os.dup(fd), "rb")) as pack:
        return {info.filename: Member(info.CRC, info.file_size, info.compress_size,
                                      info.compress_type, info.header_offset)
                for info in pack.infolist()}


def _entries(directory: bytes, count: int) -> dict[str, Member] | None:
    """`count` central directory entries (None: not as the writer writes them)."""
    members, at = {}, 0
    for _ in range(count):
        if at + _ENTRY.size > len(directory):
            return None
        signature, method, crc, compressed, file_size, name_length, extra_length, \
            comment_length, offset = _ENTRY.unpack_from(directory, at)
        if signature != _ENTRY_SIGNATURE or _ZIP64 in (compressed, file_size, offset):
            return None
        start = at + _ENTRY.size
        members[directory[start:start + name_length].decode()] = \
            Member(crc, file_size, compressed, method, offset)
        at = start + name_length + extra_length + comment_length
    return members


def write_pack(folder: Path, target: Path) -> None:
    """Pack the files of `folder` (flat, as `StoreWriter` writes one) into `target`, a new
    file, and remove the folder."""
    with zipfile.ZipFile(target, "x", zipfile.ZIP_STORED) as pack:
        for name in sorted(os.listdir(folder)):
            source = folder / name
            info = zipfile.ZipInfo(name, _DATE)
            info.file_size = source.stat().st_size  # lets zipfile choose ZIP64 when needed
            with open(source, "rb") as data, pack.open(info, "w") as member:
                shutil.copyfileobj(data, member, _COPY_CHUNK)
    shutil.rmtree(folder)


class PackFiles:
    """A part's members, read from its pack: whole (checked against their CRC-32), by
    range, or memory-mapped for a scan. The pack is opened, and its member table read,
    when a member is first asked for: an update lays out the parts it keeps without
    reading them. `damage(detail)` makes the error to raise; `label` names the pack in
    its details ("store/<part>")."""

    def __init__(self, path: Path, label: str, damage: Callable[[str], IndexDamaged]):
        self.path = path
        self.label = label
        self.damage = damage
        self._fd = -1
        self._size = 0
        self._members: dict[str, Member] | None = None
        self._spans: dict[str, tuple[int, int]] = {}
        self._mapped = None

    def _member(self, name: str) -> "Member":
        if self._members is None:
            self._open()
        member = self._members.get(name)
        if member is None:
            raise self.damage(f"{self.label}/{name} is missing")
        return member

    def _open(self) -> None:
        try:
            self._fd = os.open(self.path, _READ)
        except OSError:
            raise self.damage(f"{self.label} is missing") from None
        try:
            self._size = os.fstat(self._fd).st_size
            self._members = _central_directory(self._fd, self._size)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError,
                struct.error, UnicodeDecodeError):
            os.close(self._fd)
            self._fd = -1
            raise self.damage(f"{self.label} is not a readable part") from None

    def span(self, name: str) -> tuple[int, int]:
        """Where member `name`'s bytes are in the pack: (offset, size), from its local
        header (read once), checked to be stored and to lie inside the file."""
        if name not in self._spans:
            info = self._member(name)
            header = os.pread(self._fd, _LOCAL_HEADER.size, info.header_offset)
            if len(header) != _LOCAL_HEADER.size:
                raise self.damage(f"{self.label}/{name} is missing")
            signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
            offset = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
            if signature != _LOCAL_SIGNATURE or info.method != zipfile.ZIP_STORED or \
                    info.compressed != info.file_size or \
                    offset + info.file_size > self._size:
                raise self.damage(f"{self.label}/{name} does not read")
            self._spans[name] = (offset, info.file_size)
        return self._spans[name]

    def size(self, name: str) -> int:
        return self.span(name)[1]

    def read(self, name: str) -> bytes:
        """Member `name` whole, checked against its CRC-32."""
        offset, size = self.span(name)
        data = os.pread(self._fd, size, offset)
        if len(data) != size or zlib.crc32(data) != self._members[name].crc:
            raise self.damage(f"{self.label}/{name} does not match its checksum")
        return data

    def read_at(self, name: str, start: int, end: int) -> bytes:
        """Bytes start..end of member `name` (0 <= start <= end)."""
        offset, size = self.span(name)
        if end > size:
            raise self.damage(f"{self.label}/{name} is shorter than its offsets say")
        return os.pread(self._fd, end - start, offset + start)

    def mapped(self, name: str) -> tuple[mmap.mmap | bytes, int, int]:
        """The pack memory-mapped (once), and where member `name` lies in it."""
        offset, size = self.span(name)
        if self._mapped is None:
            self._mapped = mmap.mmap(self._fd, 0, access=mmap.ACCESS_READ) \
                if self._size else b""
        return self._mapped, offset, offset + size

    def close(self) -> None:
        if isinstance(self._mapped, mmap.mmap):
            self._mapped.close()
        self._mapped = None
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
