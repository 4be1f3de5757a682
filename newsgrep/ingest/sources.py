"""Corpus files: finding them, reading them in the right encoding, and their sidecar metadata.

Newsroom archives mix UTF-8 (with or without BOM), GBK/GB18030 and Big5, CRLF line ends and
the odd broken or binary file. Each file is decoded deliberately: UTF-8 when it is valid
UTF-8, else the encoding charset-normalizer detects; bytes that still do not decode are
replaced and the caller is told. Binary files are skipped, never indexed as text.
Only regular files (or symlinks to them) are read, never a FIFO or a device, and none over
a size cap; a file name that is not valid UTF-8 is kept as Python spells it (surrogate
escapes), so the file can still be opened and its name printed byte for byte.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple

TEXT_SUFFIX = ".txt"
PDF_SUFFIX = ".pdf"
# Page files by their suffix, in any case (Windows archives write PAGE.TXT and SCAN.PDF).
PAGE_SUFFIXES = (TEXT_SUFFIX, PDF_SUFFIX)
SIDECAR_SUFFIX = ".meta.toml"
FOLDER_SIDECAR = "newsgrep.meta.toml"
SIDECAR_KEYS = {"paper": str, "date": str, "page": int, "issue": int}
DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024  # a page is kilobytes; more is not a page


class CorpusError(Exception):
    """A corpus path that cannot be used at all (missing, unreadable)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = field(default=())


class Found(NamedTuple):
    """A page file found in the corpus: its absolute path, its stat (links followed), and
    the names in its folder (None for a file given as a root), which tell whether a
    sidecar is there without asking the file system for each page."""

    path: str
    info: os.stat_result
    listing: frozenset[str] | None


def find_corpus_files(roots: list[Path], warnings: list[str] | None = None,
                      max_size: int = DEFAULT_MAX_FILE_SIZE,
                      skip_folder: Callable[[Path], bool] | None = None) -> list[Path]:
    """Every page file under the given files and folders, as `scan_corpus` finds them."""
    return [Path(found.path) for found in scan_corpus(roots, warnings, max_size, skip_folder)]


def scan_corpus(roots: list[Path], warnings: list[str] | None = None,
                max_size: int = DEFAULT_MAX_FILE_SIZE,
                skip_folder: Callable[[Path], bool] | None = None) -> list[Found]:
    """Every page file (.txt or .pdf, any case) under the given files and folders, absolute
    and in path order, once each (a file reached by two names is kept under the first),
    with its stat. Special files (FIFOs, devices, links to them) and files over `max_size`
    bytes are skipped, noted in `warnings` by the name they have in the corpus. Folders
    `skip_folder` names (index folders: the caller knows them) are not entered.

    Plain strings and one stat per file: an update walks the whole archive to find what
    changed, so this walk is most of what an update of one file costs at 10,000 files."""
    warnings = [] if warnings is None else warnings
    skip_folder = skip_folder or (lambda folder: False)
    found: dict[tuple[int, int], Found] = {}
    for root in roots:
        root = os.path.abspath(root)
        if os.path.isdir(root):
            if skip_folder(Path(root)):
                continue
            for folder, dirs, files in os.walk(root):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                 and not skip_folder(Path(folder, d)))
                listing = frozenset(files)
                inside = folder if folder.endswith(os.sep) else folder + os.sep
                for name in sorted(files):
                    if not is_page_file(name):
                        continue
                    path = inside + name
                    try:
                        info = os.stat(path)
                    except OSError:
                        info = None
                    # The usual page inline (this loop is the walk's cost), any other
                    # through _add_file, which says why it is skipped.
                    if info is not None and stat.S_ISREG(info.st_mode) and info.st_size <= max_size:
                        found.setdefault((info.st_dev, info.st_ino), Found(path, info, listing))
                    else:
                        _add_file(path, listing, found, warnings, max_size)
        elif os.path.lexists(root):
            _add_file(root, None, found, warnings, max_size)
        else:
            raise CorpusError(f"corpus path not found: {root}")
    # Path order, component by component ("a/b" before "a-b"), as the store keeps its
    # files: the separator read as the lowest character (no path holds a NUL).
    return sorted(found.values(), key=lambda f: f.path.replace(os.sep, "\0"))


def is_page_file(name: str) -> bool:
    """A page by its name: a .txt or .pdf file (any case) that is not hidden."""
    return name.lower().endswith(PAGE_SUFFIXES) and not name.startswith(".")


def is_pdf(path: str | Path) -> bool:
    return str(path).lower().endswith(PDF_SUFFIX)


def _add_file(path: str, listing: frozenset[str] | None, found: dict, warnings: list[str],
              max_size: int) -> None:
    try:
        info = os.stat(path)  # follows a symlink: a link to a regular file is indexed
    except OSError as exc:
        warnings.append(f"{path}: skipped, cannot read ({exc.strerror or exc})")
        return
    problem = _unfit(info, max_size)
    if problem:
        warnings.append(f"{path}: skipped, {problem}")
    else:
        found.setdefault((info.st_dev, info.st_ino), Found(path, info, listing))


def _unfit(info: os.stat_result, max_size: int) -> str | None:
    """Why a file is not read as a page (None: it is fit)."""
    if not stat.S_ISREG(info.st_mode):
        kind = ("a FIFO" if stat.S_ISFIFO(info.st_mode) else
                "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else
                "a socket" if stat.S_ISSOCK(info.st_mode) else "a special file")
        return f"not a regular file ({kind})"
    if info.st_size > max_size:
        return (f"{_mib(info.st_size)} is over the size cap of {_mib(max_size)} "
                "(raise it with --max-file-size)")
    return None


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def read_corpus_file(path: Path, max_size: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """A corpus file's bytes; CorpusError (saying why) for anything but a regular file of
    at most `max_size` bytes. Never blocks on a FIFO, never reads a device."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise CorpusError(f"cannot read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        problem = _unfit(os.fstat(fd), max_size)
        if problem:
            raise CorpusError(problem)
        try:
            data = handle.read(max_size + 1)
        except OSError as exc:
            raise CorpusError(f"cannot read ({exc.strerror or exc})") from None
    if len(data) > max_size:
        raise CorpusError(f"grew over the size cap of {_mib(max_size)} while read")
    return data


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Byte-order marks of UTF-16 (Notepad's "Unicode"), whose text is full of NUL bytes.
UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


def looks_binary(data: bytes) -> bool:
    """NUL bytes in the first 8 KiB mean binary, as grep decides, unless the file opens
    with a UTF-16 byte-order mark."""
    return _utf16_encoding(data) is None and b"\x00" in data[:8192]


def _utf16_encoding(data: bytes) -> str | None:
    if data.startswith(b"\xff\xfe\x00\x00"):  # UTF-32 LE: no page, binary
        return None
    return UTF16_BOMS.get(data[:2])


def decode(data: bytes) -> Decoded:
    """Text of a page file, with its encoding; line ends become \\n, a BOM is dropped."""
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(_clean(data[3:].decode("utf-8", "replace")), "utf-8-sig",
                       _replacement_warning(data[3:], "utf-8"))
    utf16 = _utf16_encoding(data)
    if utf16:
        return Decoded(_clean(data[2:].decode(utf16, "replace")), utf16,
                       _replacement_warning(data[2:], utf16))
    try:
        return Decoded(_clean(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    encoding = _detect(data)
    text = data.decode(encoding, "replace")
    return Decoded(_clean(text), encoding, _replacement_warning(data, encoding))


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes  # only non-UTF-8 files pay for detection

    # UTF-8 with a few broken bytes is still UTF-8 (a damaged download): other encodings
    # almost never form valid multi-byte UTF-8 sequences, so many of them decide it.
    if _looks_like_damaged_utf8(data):
        return "utf-8"
    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5", "utf_8", "utf_16"]).best()
    if best is None:
        return "gb18030"
    # GBK and GB2312 are subsets of GB18030: decode with the superset.
    return "gb18030" if best.encoding in ("gbk", "gb2312", "gb18030") else best.encoding


def _looks_like_damaged_utf8(data: bytes) -> bool:
    text = data[:200_000].decode("utf-8", "replace")
    broken = text.count("\ufffd")
    well_formed = sum(1 for c in text if c > "\x7f") - broken
    return well_formed >= 4 * broken


def _replacement_warning(data: bytes, encoding: str) -> tuple[str, ...]:
    try:
        data.decode(encoding)
        return ()
    except UnicodeDecodeError:
        return (f"some bytes are not valid {encoding} and were replaced",)


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_sidecar(page: Path) -> dict:
    """Metadata for a page from NAME.meta.toml beside it, over the folder's newsgrep.meta.toml.

    Keys: paper, date (YYYY-MM-DD), page, issue. Raises ValueError with a message that names
    the file on anything else.
    """
    return Sidecars().of(str(page))


class Sidecars:
    """`read_sidecar` for the pages of one corpus walk: each folder's newsgrep.meta.toml
    read once, not once per page, and a sidecar looked for only where the folder's
    listing (`Found.listing`) has its name."""

    def __init__(self):
        self._folders: dict[str, dict | ValueError] = {}
        self._any: dict[int, bool] = {}  # listing's id -> whether it holds a sidecar

    def of(self, page: str, listing: frozenset[str] | None = None) -> dict:
        if listing is not None and not self._any_in(listing):
            return {}
        folder, name = os.path.split(page)
        meta = dict(self._folder_meta(folder, listing))
        own = os.path.splitext(name)[0] + SIDECAR_SUFFIX
        if listing is None or own in listing:
            meta.update(_sidecar_if_file(os.path.join(folder, own)))
        return meta

    def _any_in(self, listing: frozenset[str]) -> bool:
        """Does the folder hold any sidecar? (Asked once a folder: most hold none.)"""
        key = id(listing)  # the walk shares one listing among a folder's pages
        if key not in self._any:
            self._any[key] = any(name.endswith(SIDECAR_SUFFIX) for name in listing)
        return self._any[key]

    def _folder_meta(self, folder: str, listing: frozenset[str] | None) -> dict:
        if folder not in self._folders:
            try:
                self._folders[folder] = {} if listing is not None and \
                    FOLDER_SIDECAR not in listing else \
                    _sidecar_if_file(os.path.join(folder, FOLDER_SIDECAR))
            except ValueError as exc:
                self._folders[folder] = exc
        meta = self._folders[folder]
        if isinstance(meta, ValueError):
            raise meta
        return meta


def _sidecar_if_file(path: str) -> dict:
    return _read_sidecar_file(Path(path)) if os.path.isfile(path) else {}


def _section_page(path: Path, value: str) -> dict:
    """`page = "A3"` in a sidecar: page 3, printed as A3 (a plain "3" is page 3)."""
    match = re.fullmatch(r"\s*([A-Za-z]?)\s*(\d{1,4})\s*", unicodedata.normalize("NFKC", value))
    if not match:
        raise ValueError(f"{path}: page should be a number, or a section's page as in \"A3\"")
    page = int(match.group(2))
    label = f"{match.group(1).upper()}{page}" if match.group(1) else None
    return {"page": page, "page_label": label} if label else {"page": page}


def _read_sidecar_file(path: Path) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: not a readable TOML sidecar ({exc})") from None
    meta = {}
    for key, value in data.items():
        if key not in SIDECAR_KEYS:
            raise ValueError(f"{path}: unknown key {key!r}; use {', '.join(SIDECAR_KEYS)}")
        if key == "date":
            value = str(value)  # TOML dates parse as datetime.date
        if key == "page" and isinstance(value, str):  # a section's page: page = "A3"
            meta.update(_section_page(path, value))
            continue
        if not isinstance(value, SIDECAR_KEYS[key]):
            raise ValueError(f"{path}: {key} should be a {SIDECAR_KEYS[key].__name__}")
        meta[key] = value
    return meta
