"""The store in parts (issue 26): an update rewrites only the parts its changed files are
in, hard-links the rest, and answers as a rebuild does.

Real indexes in temporary folders; searches and checks through the real CLI (CliRunner,
in this process so that the smaller part size the tests set applies). A corpus of a few
dozen seed pages is cut into parts of a few pages each by lowering `PART_BYTES`.
"""
from __future__ import annotations

import io
import json
import multiprocessing
import os
import shutil
import signal
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgrep.cli import app
from newsgrep.index import store_layout
from newsgrep.index.build import Indexer
from newsgrep.errors import IndexDamaged
from newsgrep.index.store import PARTS, Store, StoreFolder
from tests.conftest import SEEDS, damage_member

runner = CliRunner()
QUERIES = ["华为", "本报", "记者", "title:手机", "的 是", '"人工 智能"', "北京", "-医院 华为"]


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(autouse=True)
def small_parts(monkeypatch):
    """Parts of about two seed pages, so that a few dozen pages make many parts."""
    monkeypatch.setattr(store_layout, "PART_BYTES", 48_000)
    monkeypatch.setattr(store_layout, "SMALL_PART_BYTES", 12_000)


def make_corpus(folder: Path, copies: int = 6) -> Path:
    """The seed pages `copies` times over, each copy in its own folder."""
    for k in range(copies):
        shutil.copytree(SEEDS, folder / f"c{k}", ignore=shutil.ignore_patterns("*.meta.toml"))
    return folder


def current(index: Path) -> Path:
    return index / (index / "CURRENT").read_text().strip()


def part_inodes(index: Path) -> dict[str, int]:
    """Each part of the current store: the inode of its pack."""
    store = current(index) / "store"
    table = json.loads((store / PARTS).read_text())["parts"]
    return {e["name"]: (store / e["name"]).stat().st_ino for e in table}


def parts_of(index: Path, path: str) -> set[str]:
    """The parts holding a corpus file's records."""
    store = Store(current(index) / "store")
    try:
        return {store.table[store.part_of(d)]["name"] for d in store.docs_by_path()[path]}
    finally:
        store.close()


def answers(index: Path) -> dict[str, list]:
    out = {}
    for query in QUERIES:
        result = run("search", query, "--index", index, "--json", "-n", "20")
        assert result.exit_code in (0, 1), result.stderr
        out[query] = [json.loads(line) for line in result.stdout.splitlines()]
    out["count"] = run("search", "华为", "--index", index, "-c").stdout
    return out


def edit(page: Path, words: str) -> None:
    page.write_text(page.read_text("utf-8").replace("\n\n", f"\n\n{words} ", 1), "utf-8")


def test_a_first_build_cuts_the_store_into_parts(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    Indexer(tmp_path / "index", [corpus]).run()
    parts = part_inodes(tmp_path / "index")
    assert len(parts) >= 4
    store = Store(current(tmp_path / "index") / "store")
    try:  # every file's records in one part, the parts numbered one after another
        assert all(len({store.part_of(d) for d in docs}) == 1
                   for docs in store.docs_by_path().values())
        assert store.docs_containing("body", "华为") == sorted(store.docs_containing("body", "华为"))
    finally:
        store.close()
    assert run("check", "--index", tmp_path / "index").exit_code == 0


def test_a_part_is_one_zip_file_that_the_same_records_make_again(tmp_path):
    """A part is one file, a ZIP archive of its members stored as they are (so that a
    member's range is one read), the same bytes for the same records."""
    corpus = make_corpus(tmp_path / "corpus", copies=2)
    packs = []
    for name in ("a", "b"):
        Indexer(tmp_path / name, [corpus]).run()
        store = current(tmp_path / name) / "store"
        packs.append([(store / e["name"]).read_bytes()
                      for e in json.loads((store / PARTS).read_text())["parts"]])
        for entry in os.scandir(store):
            assert entry.is_file(follow_symlinks=False), entry.name
    assert packs[0] == packs[1]
    with zipfile.ZipFile(io.BytesIO(packs[0][0])) as pack:
        assert pack.testzip() is None
        assert {"records.z", "body.txt", "body.starts", "path.json"} <= set(pack.namelist())
        assert {info.compress_type for info in pack.infolist()} == {zipfile.ZIP_STORED}


def test_records_copied_in_small_blocks_make_the_same_parts(tmp_path, monkeypatch):
    """Shards are copied into parts a block of COPY_BYTES at a time (a big file's records
    are one range of tens of megabytes): blocks that end anywhere give the same bytes."""
    from newsgrep.index import store_folder

    corpus = make_corpus(tmp_path / "corpus", copies=2)
    packs = []
    for name, block in (("whole", store_folder.COPY_BYTES), ("blocks", 997)):
        monkeypatch.setattr(store_folder, "COPY_BYTES", block)
        Indexer(tmp_path / name, [corpus]).run()
        store = current(tmp_path / name) / "store"
        packs.append([(store / e["name"]).read_bytes()
                      for e in json.loads((store / PARTS).read_text())["parts"]])
    assert packs[0] == packs[1] and sum(len(p) for p in packs[0]) > 20 * 997


def test_a_pack_another_zip_writer_changed_reads_the_same(tmp_path):
    """The member table is read by hand for a pack as newsgrep writes it; one with an
    archive comment (as another tool may leave) is read by zipfile, to the same effect."""
    index = tmp_path / "index"
    Indexer(index, [SEEDS]).run()
    entry = json.loads((current(index) / "store" / PARTS).read_text())["parts"][0]
    pack = tmp_path / "pack"
    shutil.copy(current(index) / "store" / entry["name"], pack)

    def read():
        part = StoreFolder.packed(pack, entry["records"], "p", IndexDamaged)
        try:
            return part.columns["path"], part.field_bytes(0, "body"), part.record(1)
        finally:
            part.close()

    as_written = read()
    with zipfile.ZipFile(pack, "a") as archive:
        archive.comment = b"checked by another tool"
    assert read() == as_written
    pack.write_bytes(pack.read_bytes()[:-40])  # the member table cut short
    with pytest.raises(IndexDamaged, match="p is not a readable part"):
        read()


def test_a_part_that_is_not_a_file_is_damage(tmp_path):
    index = tmp_path / "index"
    Indexer(index, [SEEDS]).run()
    pack = sorted((current(index) / "store").glob("gen-*"))[0]
    pack.rename(pack.with_name("moved"))
    pack.symlink_to(pack.with_name("moved"))
    result = run("search", "华为", "--index", index)
    assert result.exit_code == 2
    assert f"store/{pack.name}" in result.stderr and "--rebuild" in result.stderr


def test_an_update_of_one_file_rewrites_only_its_part(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    before = part_inodes(index)
    page = sorted(corpus.rglob("*.txt"))[len(before) // 2 * 2]
    touched = parts_of(index, str(page))
    edit(page, "分部补记")
    assert Indexer(index).run().updated == 1
    after = part_inodes(index)
    linked = {name for name, inode in after.items() if inode == before.get(name)}
    rewritten = set(after) - linked
    assert touched.isdisjoint(linked)
    assert len(touched) == len(rewritten) == 1 and len(linked) == len(before) - 1
    assert parts_of(index, str(page)) == rewritten
    assert run("search", "分部补记", "--index", index, "-c").stdout.strip() == "1"
    assert run("check", "--index", index).exit_code == 0


def test_updates_answer_as_a_rebuild_does(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    index, rebuilt = tmp_path / "index", tmp_path / "rebuilt"
    Indexer(index, [corpus]).run()
    pages = sorted(corpus.rglob("*.txt"))
    changes = [
        lambda: edit(pages[3], "第一次补记"),
        lambda: pages[7].unlink(),
        lambda: (corpus / "c2" / "000_new.txt").write_text(
            "新增一页\n\n本报讯 华为发布了新的手机。\n", "utf-8"),
        lambda: pages[12].rename(corpus / "c0" / "zz_renamed.txt"),
        lambda: [p.unlink() for p in pages[14:20]],  # a whole stretch goes
        lambda: [edit(p, "再次补记") for p in (pages[1], pages[25])],
        lambda: shutil.copytree(SEEDS, corpus / "c9",
                                ignore=shutil.ignore_patterns("*.meta.toml")),
    ]
    for change in changes:
        change()
        Indexer(index).run()
        shutil.rmtree(rebuilt, ignore_errors=True)
        Indexer(rebuilt, [corpus]).run()
        assert answers(index) == answers(rebuilt)
        assert _records(index) == _records(rebuilt)
        assert run("check", "--index", index).exit_code == 0
    assert len(part_inodes(index)) <= 2 * len(part_inodes(rebuilt)) + 2


def _records(index: Path) -> list[bytes]:
    store = Store(current(index) / "store")
    try:
        return [store.raw_record(d) for d in range(len(store))] + \
            [store.starts(f).tobytes() for f in ("title", "body", "sheet")] + \
            [json.dumps(list(store.columns[c])).encode() for c in ("path", "page", "id")] + \
            [str(store.average_length("body")).encode()]
    finally:
        store.close()


def _killed_while_publishing(index: str) -> None:
    def progress(done, total, phase):
        if phase == "publishing":  # the new store written, not yet published
            os.kill(os.getpid(), signal.SIGKILL)
    Indexer(Path(index), progress=progress).run()


def test_a_killed_update_leaves_the_old_generation_readable(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    expected, name = answers(index), current(index).name
    edit(sorted(corpus.rglob("*.txt"))[5], "被杀的更新")
    child = multiprocessing.get_context("fork").Process(
        target=_killed_while_publishing, args=(str(index),))
    child.start()
    child.join(120)
    assert child.exitcode == -signal.SIGKILL
    assert len([p for p in index.iterdir() if p.name.startswith("gen-")]) == 2
    assert current(index).name == name
    assert answers(index) == expected
    assert run("check", "--index", index).exit_code == 0
    assert Indexer(index).run().updated == 1
    assert run("search", "被杀的更新", "--index", index, "-c").stdout.strip() == "1"


@pytest.mark.parametrize("name", ["body.txt", "records.z", "path.json", "title.starts"])
def test_check_finds_a_damaged_part(tmp_path, name):
    corpus = make_corpus(tmp_path / "corpus", copies=3)
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    edit(sorted(corpus.rglob("*.txt"))[0], "补记")
    Indexer(index).run()  # the later parts are hard-linked from the first generation
    part = sorted((current(index) / "store").glob("gen-*"))[-1]

    def flip(path):  # same size: only a checksum tells
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x55
        path.write_bytes(bytes(data))

    damage_member(part, name, flip)
    checked = run("check", "--index", index)
    assert checked.exit_code == 2
    assert f"store/{part.name}" in checked.stderr
    assert "newsgrep index --rebuild" in checked.stderr


def test_a_store_without_a_parts_table_asks_for_a_rebuild(tmp_path):
    """A store of one folder (before parts): refused, with the way out."""
    index = tmp_path / "index"
    Indexer(index, [SEEDS]).run()
    generation = current(index)
    manifest = json.loads((generation / "manifest.json").read_text())
    del manifest["contents"][f"store/{PARTS}"]
    (generation / "store" / PARTS).unlink()
    (generation / "manifest.json").write_text(json.dumps(manifest))
    result = run("search", "华为", "--index", index)
    assert result.exit_code == 2
    assert "newsgrep index --rebuild" in result.stderr


def test_publishing_an_update_syncs_only_the_files_it_wrote(tmp_path, monkeypatch):
    # Files hard-linked from the previous generation were synced when it was published;
    # syncing them again made a 10x update's publish the bulk of its time.
    corpus = make_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    Indexer(index, [corpus]).run()
    def files_of(folder):
        return {(s.st_dev, s.st_ino) for s in (p.stat() for p in folder.rglob("*")
                                               if p.is_file())}

    old = files_of(index)  # the generation's, and CURRENT and the lock beside it
    synced, fsync = [], os.fsync

    def counting(fd):
        synced.append(os.fstat(fd))
        fsync(fd)

    monkeypatch.setattr(os, "fsync", counting)
    edit(sorted(corpus.rglob("*.txt"))[4], "同步补记")
    assert Indexer(index).run().updated == 1
    files = [s for s in synced if not os.path.stat.S_ISDIR(s.st_mode)]
    written = files_of(index) - old
    assert files and {(s.st_dev, s.st_ino) for s in files} <= written
    assert files_of(current(index)) & old  # kept files were linked, and not synced
    assert any(os.path.stat.S_ISDIR(s.st_mode) for s in synced)
    assert run("search", "同步补记", "--index", index, "-c").stdout.strip() == "1"


def test_a_docmap_place_past_the_store_is_damage_whether_checked_whole_or_one_by_one(tmp_path):
    """Queries check every docmap place once; an update, which takes the table unchecked,
    checks the places it looks up (`Store.in_store`)."""
    from array import array

    index = tmp_path / "index"
    Indexer(index, [SEEDS]).run()
    store_dir = tmp_path / "store"
    shutil.copytree(current(index) / "store", store_dir)
    docmap = array("q", (store_dir / "whoosh.docmap").read_bytes())
    docmap[1] = 10**6
    (store_dir / "whoosh.docmap").write_bytes(docmap.tobytes())
    store = Store(store_dir)  # no checksums to hold it to: as a crafted index would be
    try:
        assert store.whoosh_docmap(bounded=False)[1] == 10**6
        assert store.in_store(docmap[0]) == docmap[0]
        with pytest.raises(IndexDamaged, match="points past the records"):
            store.in_store(docmap[1])
        with pytest.raises(IndexDamaged, match="points past the records"):
            store.whoosh_docmap()
    finally:
        store.close()
