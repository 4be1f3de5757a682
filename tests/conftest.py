"""Shared fixtures: real indexes of the seed pages in temporary folders."""
from __future__ import annotations

import os
import shutil
import struct
import tempfile
import zipfile
from pathlib import Path
from typing import Callable

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index of the seed pages, built once for the session through the library."""
    from newsgrep.index.build import Indexer

    folder = tmp_path_factory.mktemp("seed-index")
    Indexer(folder / "index", [SEEDS]).run()
    return folder / "index"


@pytest.fixture()
def seed_copy(tmp_path) -> Path:
    """A private copy of the seed pages that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


def seeds_with_sidecars(folder: Path, sidecars: dict[str, str]) -> Path:
    """A copy of the seed pages in `folder`/corpus, each page named in `sidecars` (by its
    stem) given those sidecar lines after any it has."""
    corpus = folder / "corpus"
    shutil.copytree(SEEDS, corpus)
    for stem, lines in sidecars.items():
        sidecar = corpus / f"{stem}.meta.toml"
        text = sidecar.read_text("utf-8") if sidecar.exists() else ""
        sidecar.write_text(f"{text}\n{lines}\n", "utf-8")
    return corpus


def damage_at(generation: Path, pattern: str, damage: Callable[[Path], None]) -> None:
    """Damage the first file of a generation matching `pattern`; "store/*/NAME" names a
    member of the store's first part (a pack), damaged where it lies in the pack."""
    folder, slash, member = pattern.rpartition("/")
    if folder == "store/*":
        damage_member(sorted(generation.glob("store/gen-*"))[0], member, damage)
    else:
        damage(next(generation.glob(pattern)))


def damage_member(pack: Path, member: str, damage: Callable[[Path], None]) -> None:
    """Damage one member of a part's pack as a disk would: `damage` is applied to a copy
    of the member's bytes, written back over the member where it lies; a member made
    shorter or longer than it was cuts the pack there (a truncated file)."""
    with zipfile.ZipFile(pack) as archive:
        info = archive.getinfo(member)
    data = pack.read_bytes()
    names, extra = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + names + extra
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / member
        copy.write_bytes(data[start:start + info.file_size])
        damage(copy)
        new = copy.read_bytes() if copy.exists() else b""
    if len(new) == info.file_size:
        data = data[:start] + new + data[start + len(new):]
    else:
        data = data[:start] + new
    os.chmod(pack, 0o600)
    pack.unlink()  # break the hard link: damage this generation's copy only
    pack.write_bytes(data)


NODE_TESTS = "tests/test_cluster_node.py"


def pytest_xdist_make_scheduler(config, log):
    """`-n`: tests spread one by one as with `--dist load`, except those of the OpenSearch
    node (tests/test_cluster_node.py), which go to one worker: one node per session.
    (xdist's own `loadgroup` does this by renaming test ids, which pytest 9 ignores.)"""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class OneWorkerForTheNode(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return NODE_TESTS if nodeid.startswith(NODE_TESTS) else nodeid

    return OneWorkerForTheNode(config, log)
