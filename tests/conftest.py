"""Shared fixtures: real indexes of the seed pages in temporary folders."""
from __future__ import annotations

import shutil
from pathlib import Path

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
