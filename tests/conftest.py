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


def pytest_configure(config):
    """Tests marked xdist_group (the OpenSearch node's) share one worker: `-n` spreads
    the rest as before (`loadgroup` is `load` for tests of no group)."""
    if getattr(config.option, "dist", "no") == "load":
        config.option.dist = "loadgroup"
