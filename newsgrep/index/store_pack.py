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
from typing import Callable

from newsgrep.errors import IndexDamaged

_READ = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
_DATE = (1980, 1, 1, 0, 0, 0)  # ZIP's first date: packs do not depend on when
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, …, name length, extra length
_LOCAL_SIGNATURE = b"PK\x03\x04"
_COPY_CHUNK = 1 << 20


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
    range, or memory-mapped for a scan. `damage(detail)` makes the error to raise;
    `label` names the pack in its details ("store/<part>")."""

    def __init__(self, path: Path, label: str, damage: Callable[[str], IndexDamaged]):
        self.label = label
        self._damage = damage
        try:
            self._fd = os.open(path, _READ)
        except OSError:
            raise damage(f"{label} is missing") from None
        try:
            self._size = os.fstat(self._fd).st_size
            with zipfile.ZipFile(os.fdopen(os.dup(self._fd), "rb")) as pack:
                self._members = {info.filename: info for info in pack.infolist()}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError,
                struct.error):
            os.close(self._fd)
            raise damage(f"{label} is not a readable part") from None
        self._spans: dict[str, tuple[int, int]] = {}
        self._mapped = None

    def span(self, name: str) -> tuple[int, int]:
        """Where member `name`'s bytes are in the pack: (offset, size), from its local
        header (read once), checked to be stored and to lie inside the file."""
        if name not in self._spans:
            info = self._members.get(name)
            if info is None:
                raise self._damage(f"{self.label}/{name} is missing")
            header = os.pread(self._fd, _LOCAL_HEADER.size, info.header_offset)
            if len(header) != _LOCAL_HEADER.size:
                raise self._damage(f"{self.label}/{name} is missing")
            signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
            offset = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
            if signature != _LOCAL_SIGNATURE or info.compress_type != zipfile.ZIP_STORED or \
                    info.compress_size != info.file_size or \
                    offset + info.file_size > self._size:
                raise self._damage(f"{self.label}/{name} does not read")
            self._spans[name] = (offset, info.file_size)
        return self._spans[name]

    def size(self, name: str) -> int:
        return self.span(name)[1]

    def read(self, name: str) -> bytes:
        """Member `name` whole, checked against its CRC-32."""
        offset, size = self.span(name)
        data = os.pread(self._fd, size, offset)
        if len(data) != size or zlib.crc32(data) != self._members[name].CRC:
            raise self._damage(f"{self.label}/{name} does not match its checksum")
        return data

    def read_at(self, name: str, start: int, end: int) -> bytes:
        """Bytes start..end of member `name` (0 <= start <= end)."""
        offset, size = self.span(name)
        if end > size:
            raise self._damage(f"{self.label}/{name} is shorter than its offsets say")
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
