"""Issue 13: what an index folder and a corpus may hold without newsgrep running foreign
code, answering wrongly, hanging, or writing outside the index folder.

Real indexes in temporary folders, the real CLI (typer's CliRunner, or a subprocess where a
hang or argv bytes are the point); no mocks.
"""
from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsgrep
from newsgrep.cli import app
from newsgrep.errors import IndexDamaged
from newsgrep.index import generations, whoosh_private
from tests.conftest import REPO, SEEDS, damage_at

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def newsgrep_process(*args, timeout=60, **kwargs) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(REPO)}
    argv = [os.fsencode(a) if isinstance(a, (str, Path)) else a for a in args]
    return subprocess.run([os.fsencode(sys.executable), b"-m", b"newsgrep", *argv],
                          capture_output=True, env=env, timeout=timeout, **kwargs)


def current(index: Path) -> Path:
    return index / (index / "CURRENT").read_text().strip()


def set_manifest(index: Path, change) -> None:
    path = current(index) / "manifest.json"
    manifest = json.loads(path.read_text("utf-8"))
    change(manifest)
    os.chmod(path, 0o600)
    path.write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")


def vouch_for(index: Path, name: str) -> None:
    """Record a changed file's size and checksum in the manifest, as an attacker who
    knows the format would: only the unpickler stands in the way then."""
    path = current(index) / name
    entry = {"size": path.stat().st_size,
             generations.CHECKSUM: generations.checksum_of(path.read_bytes())}
    set_manifest(index, lambda m: m[generations.CONTENTS].__setitem__(name, entry))


@pytest.fixture()
def index(seed_index, tmp_path) -> Path:
    """A private copy of the seed index that a test may damage."""
    target = tmp_path / "ix"
    shutil.copytree(seed_index, target)
    return target


def single_line_damage(result) -> None:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "internal error" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "damaged" in result.stderr and "newsgrep index --rebuild" in result.stderr


# 1. No code from an index folder runs ---------------------------------------------------

class Payload:
    """Unpickled, runs `touch MARKER`."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def plant_toc(index: Path, marker: Path) -> None:
    """Rewrite the Whoosh TOC with a payload both as its schema and as its segment list."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import _CURRENT_TOC_VERSION, _FLOAT_SIZE, _INT_SIZE, _LONG_SIZE

    whoosh_dir = current(index) / "whoosh"
    toc = next(whoosh_dir.glob("_MAIN_*.toc"))
    gen = int(re.match(r"_MAIN_(\d+)\.toc", toc.name).group(1))
    os.chmod(toc, 0o600)
    toc.unlink()  # a hard link shared with nothing else in this copy, but to be sure
    stream = FileStorage(str(whoosh_dir)).create_file(toc.name)
    for size in (_INT_SIZE, _LONG_SIZE, _FLOAT_SIZE):
        stream.write_varint(size)
    stream.write_int(-12345)
    stream.write_int(_CURRENT_TOC_VERSION)
    for number in (2, 7, 4):
        stream.write_varint(number)
    stream.write_string(pickle.dumps(Payload(marker), 2))
    stream.write_int(gen)
    stream.write_int(0)
    stream.write_pickle([Payload(marker)])
    stream.close()
    vouch_for(index, f"whoosh/{toc.name}")


def plant_terms(index: Path, marker: Path) -> None:
    """Replace the end of a segment's terms file (.trm; where Whoosh's W3 codec kept a
    pickle of extras) with a payload, keeping the rest of the file as it was written.
    newsgrep's codec (index/codec.py) pickles nothing there: the file is damaged."""
    import struct

    trm = next((current(index) / "whoosh").glob("*.trm"))
    data = trm.read_bytes()
    (length,) = struct.unpack("!i", data[-4:])
    start = len(data) - 4 - length
    evil = pickle.dumps(Payload(marker))
    os.chmod(trm, 0o600)
    trm.unlink()
    trm.write_bytes(data[:start] + evil + struct.pack("!i", len(evil)))
    vouch_for(index, f"whoosh/{trm.name}")


@pytest.mark.parametrize("plant", [plant_toc, plant_terms], ids=["toc", "segment"])
def test_planted_pickle_never_runs(index, tmp_path, plant):
    marker = tmp_path / "pwned"
    plant(index, marker)
    other = tmp_path / "other"  # an update that must open the old Whoosh index
    other.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], other)
    for args in (("search", "华为", "--index", index),
                 ("search", "华为", "--index", index, "--json"),
                 ("similar", "x", "--index", index),
                 ("index", other, "--index", index),
                 ("check", "--index", index)):
        result = run(*args)
        assert not marker.exists(), args
        if args[0] != "similar":
            assert result.exit_code == 2, (args, result.stdout, result.stderr)
            assert "not made by newsgrep" in result.stderr or "damaged" in result.stderr
            assert "internal error" not in result.stderr
    done = newsgrep_process("search", "华为", "--index", index)
    assert done.returncode == 2 and not marker.exists()
    refused = b"damaged" if plant is plant_terms else b"not made by newsgrep"
    assert refused in done.stderr


def test_the_toc_refuses_foreign_globals_with_the_index_named(index, tmp_path):
    plant_toc(index, tmp_path / "pwned")
    result = run("search", "华为", "--index", index)
    assert f"index {index} is damaged or not made by newsgrep" in result.stderr


def test_every_whoosh_unpickling_site_is_guarded():
    """Fails when a Whoosh upgrade adds or moves a place that unpickles: read
    whoosh_private.UNPICKLING_SITES and install_safe_unpickling, and guard it."""
    import importlib

    import whoosh

    root = Path(whoosh.__file__).parent
    uses = set()
    for path in root.rglob("*.py"):
        source = path.read_text("utf-8", "replace")
        module = "whoosh." + ".".join(path.relative_to(root).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        if re.search(r"from whoosh\.compat import [^\n]*\b(loads|load|pickle)\b", source) \
                or re.search(r"^\s*import (c?[Pp]ickle|marshal)\b", source, re.M) \
                or "Unpickler" in source:
            uses.add(module)
    uses.discard("whoosh.compat")  # where loads and load are defined
    # Modules newsgrep never reaches: multiprocessing writer, old index formats, plain text
    # codec (and the legacy unpickler they share, cut off by emptying toc_loaders).
    unused = {"whoosh.multiproc", "whoosh.legacy", "whoosh.util.loading",
              "whoosh.codec.plaintext"}
    assert uses - unused == set(whoosh_private.UNPICKLING_SITES) - {"whoosh.compat"}, (
        "Whoosh unpickles in other places now: guard them in whoosh_private")
    for module, names in whoosh_private.UNPICKLING_SITES.items():
        loaded = importlib.import_module(module)
        for name in names:
            guard = getattr(loaded, name)
            if name == "pickle":
                guard = guard.loads
            assert guard in (whoosh_private.safe_loads, whoosh_private.safe_load), (module, name)
    from whoosh import index as whoosh_index

    assert whoosh_index.toc_loaders == {}


def test_safe_unpickler_builds_whoosh_data_and_refuses_the_rest():
    from newsgrep.index.schema import build_schema

    schema = whoosh_private.safe_loads(pickle.dumps(build_schema(), 2))
    assert sorted(schema.names()) == sorted(build_schema().names())
    assert whoosh_private.safe_loads(pickle.dumps({"a": (1, 2.0, b"x", {3})})) == \
        {"a": (1, 2.0, b"x", {3})}
    # A build big enough to spill Whoosh's sort runs pickles empty posting values so.
    assert whoosh_private.safe_loads(pickle.dumps(("t", b"", b"x"), 2)) == ("t", b"", b"x")
    for hostile in (Payload(Path("/nonexistent/x")), shutil.rmtree, getattr):
        with pytest.raises(IndexDamaged, match="not made by newsgrep"):
            whoosh_private.safe_loads(pickle.dumps(hostile))


# 2. A reader keeps its generation ------------------------------------------------------

def test_open_reader_keeps_its_generation_across_two_updates(seed_copy, tmp_path):
    index = tmp_path / "ix"
    newsgrep.build_index([seed_copy], index)
    with newsgrep.open_index(index) as ix:
        expected = [(h.article.id, h.article.title) for h in ix.search("华为", limit=0)]
        before = ix.count("杨浦")
        page = sorted(seed_copy.glob("*.txt"))[0]
        for n in range(2):
            page.write_text(page.read_text("utf-8") + f"\n\n更新{n}\n\n本报讯 华为第{n}次更新。\n",
                            "utf-8")
            newsgrep.build_index([seed_copy], index)
        folder = ix._searcher.generation.folder
        assert folder.is_dir()  # two updates later, the generation is still there
        # ... and answers as it did: every hit, every article, the ranking too
        assert [(h.article.id, h.article.title) for h in ix.search("华为", limit=0)] == expected
        assert ix.count("杨浦") == before
        assert sum(1 for _ in ix.articles(page_text=True)) == len(ix._searcher.store)
        for hit_id, _title in expected:
            assert ix.article(hit_id).id == hit_id
    with newsgrep.open_index(index) as fresh:
        assert fresh.count("华为") > len(expected)
    newsgrep.build_index([seed_copy], index, rebuild=True)
    assert not folder.exists()  # collected once nobody read it
    assert len(generations.generation_folders(index)) == 1


def test_a_slow_export_finishes_across_two_updates(tmp_path):
    """`newsgrep search --json -n 0` into a pipe nobody reads yet: it blocks with its
    generation open while two updates (one removing a file) land, then finishes whole."""
    corpus = tmp_path / "corpus"
    for k in range(4):
        shutil.copytree(SEEDS, corpus / f"s{k}")
        shutil.copytree(Path(__file__).parent / "data" / "bench_sample", corpus / f"b{k}")
    index = tmp_path / "ix"
    newsgrep.build_index([corpus], index)
    with newsgrep.open_index(index) as ix:
        expected = ix.count("的")
    env = os.environ | {"PYTHONPATH": str(REPO)}
    reader = subprocess.Popen([sys.executable, "-m", "newsgrep", "search", "的", "--json",
                               "-n", "0", "--index", str(index)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    time.sleep(2.0)  # it has filled the pipe and waits
    shutil.rmtree(corpus / "s0")
    newsgrep.build_index([corpus], index)
    shutil.rmtree(corpus / "b0")
    newsgrep.build_index([corpus], index)
    out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0, err
    hits = [json.loads(line) for line in out.splitlines() if b'"id"' in line]
    assert len(hits) == expected
    assert any("/s0/" in hit["path"] for hit in hits)  # answers from its own generation


def test_cli_search_answers_while_updates_land(seed_copy, tmp_path):
    """A reader between reading CURRENT and taking its lease never sees a half-removed
    generation: many searches while updates run, every one answers."""
    index = tmp_path / "ix"
    newsgrep.build_index([seed_copy], index)
    page = sorted(seed_copy.glob("*.txt"))[0]
    env = os.environ | {"PYTHONPATH": str(REPO)}
    readers = [subprocess.Popen([sys.executable, "-c", (
        "import newsgrep, sys\n"
        "for _ in range(15):\n"
        "    with newsgrep.open_index(sys.argv[1]) as ix:\n"
        "        assert ix.count('杨浦') > 0\n"
        "        for h in ix.search('华为', limit=0): h.article.body\n"), str(index)],
        env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for n in range(4):
        page.write_text(page.read_text("utf-8") + f"\n\n更新{n}\n\n本报讯 华为更新{n}。\n", "utf-8")
        newsgrep.build_index([seed_copy], index)
    for reader in readers:
        _out, err = reader.communicate(timeout=120)
        assert reader.returncode == 0, err


# 3. Damage is detected ------------------------------------------------------------------

def truncate(path: Path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    os.chmod(path, 0o600)
    path.unlink()  # break the hard link: damage this copy only
    path.write_bytes(data[:int(len(data) * keep)])


def zero_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = bytes(64)
    os.chmod(path, 0o600)
    path.unlink()
    path.write_bytes(bytes(data))


def garbage(path: Path) -> None:
    os.chmod(path, 0o600)
    path.unlink()
    path.write_bytes(b"\x80garbage{[" * 20)


def overwrite_same_size(path: Path) -> None:
    size = path.stat().st_size
    os.chmod(path, 0o600)
    path.unlink()
    path.write_bytes(b"{" * size)


DAMAGE = {
    "truncated body.txt": ("store/*/body.txt", truncate),
    "truncated docmap": ("store/whoosh.docmap", truncate),
    "truncated title.starts": ("store/*/title.starts", truncate),
    "empty records.offsets": ("store/*/records.offsets", lambda p: truncate(p, 0)),
    "garbage path column": ("store/*/path.json", garbage),
    "same-size garbage path column": ("store/*/path.json", overwrite_same_size),
    "zeroed bytes in ordinal column": ("store/*/ordinal.column", zero_bytes),
    "garbage parts table": ("store/parts.json", garbage),
    "same-size garbage part": ("store/gen-*", overwrite_same_size),
    "truncated body fold map": ("store/*/body.origins", truncate),
    "zeroed bytes in title fold map offsets": ("store/*/title.ostarts", zero_bytes),
    "truncated gram segment": ("grams/*.db", truncate),
    "same-size garbage gram segment": ("grams/*.db", overwrite_same_size),
    "zeroed bytes in a gram map": ("grams/*.map", zero_bytes),
    "missing gram map": ("grams/*.map", lambda p: p.unlink()),
    "zeroed bytes in the records": ("store/*/records.z", zero_bytes),
    "zeroed bytes in body.starts": ("store/*/body.starts", zero_bytes),
    "truncated segment": ("whoosh/*.pst", truncate),
    "same-size garbage segment": ("whoosh/*.pst", overwrite_same_size),
    "truncated terms": ("whoosh/*.trm", truncate),
    "truncated TOC": ("whoosh/*.toc", truncate),
    "missing manifest": ("manifest.json", lambda p: p.unlink()),
    "garbage files.json": ("files.json", garbage),
}


@pytest.fixture(scope="module")
def right_answers(seed_index):
    with newsgrep.open_index(seed_index) as ix:
        return {"count": ix.count("华为"),
                "ids": [h.article.id for h in ix.search("华为", limit=0)]}


@pytest.mark.parametrize("kind", DAMAGE)
def test_damage_is_exit_2_or_the_right_answer(index, kind, right_answers):
    pattern, damage = DAMAGE[kind]
    damage_at(current(index), pattern, damage)
    count = run("search", "华为", "--index", index, "-c")
    if count.exit_code == 0:
        assert int(count.stdout) == right_answers["count"], kind
    else:
        single_line_damage(count)
    listing = run("search", "华为", "--index", index, "--json", "-n", "0")
    if listing.exit_code == 0:
        ids = [json.loads(line)["id"] for line in listing.stdout.splitlines()
               if '"id"' in line]
        assert ids == right_answers["ids"], kind
    else:
        single_line_damage(listing)
    single_line_damage(run("check", "--index", index))


def test_check_names_a_sound_index(index):
    result = run("check", "--index", index)
    assert result.exit_code == 0, result.stderr
    assert "sound" in result.stdout
    with newsgrep.open_index(index) as ix:
        files, size = ix.check()
    assert files > 10 and size > 1000


def test_a_stray_toc_in_the_whoosh_folder_is_damage(index):
    (current(index) / "whoosh" / "_MAIN_99.toc").write_bytes(b"x")
    single_line_damage(run("search", "华为", "--index", index))


def test_damage_is_reported_by_an_update_not_spread(index):
    damage_at(current(index), "store/*/body.txt", truncate)
    single_line_damage(run("index", SEEDS, "--index", index))
    rebuilt = run("index", "--rebuild", "--index", index)
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert run("check", "--index", index).exit_code == 0


# 4. Special files in the corpus ---------------------------------------------------------

def test_fifo_device_and_oversized_files_are_skipped_with_warnings(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    os.mkfifo(corpus / "x.txt")
    os.symlink("/dev/zero", corpus / "zero.txt")
    os.symlink(corpus / "nowhere", corpus / "dangling.txt")
    (corpus / "big.txt").write_text("大文件\n\n本报讯 " + "很大" * 20000 + "\n", "utf-8")
    os.symlink(sorted(SEEDS.glob("*.txt"))[0], corpus / "link.txt")
    index = tmp_path / "ix"
    done = newsgrep_process("index", corpus, "--index", index, "--max-file-size", "64K",
                            timeout=120)  # a FIFO read would hang here
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert f"{corpus / 'x.txt'}: skipped, not a regular file (a FIFO)" in err
    assert f"{corpus / 'zero.txt'}: skipped, not a regular file (a device)" in err
    assert "/dev/zero" not in err
    assert f"{corpus / 'dangling.txt'}: skipped" in err
    assert f"{corpus / 'big.txt'}: skipped" in err and "--max-file-size" in err
    # a link to a regular file is indexed (once: its target is in the corpus too)
    assert newsgrep_process("search", "杨浦", "--index", index, "-c").returncode == 0


def test_max_file_size_is_checked(tmp_path):
    result = run("index", SEEDS, "--index", tmp_path / "ix", "--max-file-size", "lots")
    assert result.exit_code == 2 and "--max-file-size" in result.stderr


# 5. File names that are not UTF-8, or hold a newline --------------------------------------

def test_odd_file_names_are_indexed_and_printed_safely(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    page = "标题\n\n本报讯 {}在文件名测试中出现。\n"
    latin = os.fsdecode(b"caf\xe9-\xff.txt")
    (corpus / latin).write_text(page.format("甲乙丙"), "utf-8")
    (corpus / "two\nlines.txt").write_text(page.format("甲乙丙"), "utf-8")
    index = tmp_path / "ix"
    done = newsgrep_process("index", corpus, "--index", index)
    assert done.returncode == 0, done.stderr
    assert newsgrep_process("search", "甲乙丙", "--index", index, "-c").stdout == b"2\n"
    listed = newsgrep_process("search", "甲乙丙", "--index", index, "-l")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == 2
    assert os.fsencode(corpus / "two\\nlines.txt") in lines
    assert os.fsencode(corpus / latin) in lines  # the name's own bytes
    nul = newsgrep_process("search", "甲乙丙", "--index", index, "-l", "-0")
    assert sorted(nul.stdout.split(b"\0")[:-1]) == \
        sorted([os.fsencode(corpus / latin), os.fsencode(corpus / "two\nlines.txt")])
    for args in (("search", "甲乙丙"), ("search", "甲乙丙", "--json"), ("export",),
                 ("stats",)):
        shown = newsgrep_process(*args, "--index", index)
        assert shown.returncode == 0, (args, shown.stderr)
    as_json = newsgrep_process("search", "甲乙丙", "--index", index, "--json", "-n", "0")
    paths = {os.fsencode(json.loads(line)["path"])
             for line in as_json.stdout.decode("utf-8").splitlines() if '"path"' in line}
    assert os.fsencode(corpus / latin) in paths  # valid JSON, the name's bytes recoverable
    # an update finds nothing changed: the stored name is the name, losslessly
    again = newsgrep_process("index", corpus, "--index", index)
    assert b"2 unchanged" in again.stdout, again.stdout


# 6. Nothing outside the index folder is written; no link in it is followed -----------------

def test_planted_links_in_the_index_folder_are_not_followed(tmp_path):
    index = tmp_path / "ix"
    index.mkdir(mode=0o700)
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    os.symlink(outside, index / "CURRENT.tmp")
    os.symlink(outside, index / "write.lock")
    done = run("index", SEEDS, "--index", index)
    assert done.exit_code == 0, done.stderr
    assert outside.read_text() == "keep me"
    assert not (index / "CURRENT").is_symlink() and (index / "CURRENT").is_file()
    assert not (index / "write.lock").is_symlink()
    os.symlink(outside, index / "CURRENT.tmp")
    (SEEDS_COPY := tmp_path / "corpus").mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], SEEDS_COPY)
    assert run("index", SEEDS_COPY, "--index", index).exit_code == 0
    assert outside.read_text() == "keep me"
    assert run("search", "杨浦", "--index", index, "-c").exit_code == 0


def test_generation_folders_are_created_fresh(tmp_path):
    index = tmp_path / "ix"
    newsgrep.build_index([SEEDS], index)
    trap = tmp_path / "trap"
    trap.mkdir()
    # a link where the next generation will be made: the writer must not write through it
    following = generations.next_folder(index)
    os.symlink(trap, following)
    newsgrep.build_index([SEEDS], index, rebuild=True)
    assert list(trap.iterdir()) == []
    assert newsgrep.open_index(index).count("杨浦") > 0


def test_a_current_file_that_is_a_device_link_is_damage(index):
    os.unlink(index / "CURRENT")
    os.symlink("/dev/zero", index / "CURRENT")
    result = run("search", "华为", "--index", index)
    single_line_damage(result)


# 7. Hostile queries ---------------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "(" * 1000 + "华为" + ")" * 1000,
    " ".join(f"词{i}" for i in range(3000)),
    b"\xff\xfe\xfd",
    "\ud800华为".encode("utf-8", "surrogatepass"),
], ids=["nested", "3000 terms", "invalid utf-8", "lone surrogate"])
def test_hostile_queries_get_one_line_fast(seed_index, query):
    started = time.monotonic()
    done = newsgrep_process("search", query, "--index", seed_index, timeout=30)
    assert time.monotonic() - started < 10
    assert done.returncode == 2, done.stderr
    assert done.stderr.count(b"\n") == 1 and b"internal error" not in done.stderr


def test_long_queries_that_are_allowed_answer_fast(seed_index):
    for query in (" OR ".join(f"华为{i}" for i in range(999)), "NOT " * 1000 + "华为",
                  " ".join(["杨浦"] * 999)):
        started = time.monotonic()
        done = newsgrep_process("search", query, "--index", seed_index, "--json")
        assert time.monotonic() - started < 10
        assert done.returncode in (0, 1), done.stderr


# 8. Empty corpus; a failed first build leaves nothing ------------------------------------------

@pytest.mark.parametrize("content", ["none", "binary"])
def test_empty_corpus_gives_an_empty_index(tmp_path, content):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    if content == "binary":
        (corpus / "a.txt").write_bytes(bytes(range(256)) * 10)
        (corpus / "b.txt").write_bytes(b"\x00\x01")
    index = tmp_path / "ix"
    done = run("index", corpus, "--index", index)
    assert done.exit_code == 0, done.stderr
    assert "0 articles" in done.stdout and "warning" in done.stderr
    found = run("search", "华为", "--index", index)
    assert found.exit_code == 1, found.stderr
    assert run("search", "华为", "--index", index, "-c").stdout == "0\n"
    assert run("check", "--index", index).exit_code == 0
    # and it grows from there
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], corpus)
    assert run("index", corpus, "--index", index).exit_code == 0
    assert run("search", "杨浦", "--index", index, "-c").exit_code == 0


def test_a_failed_first_build_leaves_nothing_behind(tmp_path):
    index = tmp_path / "ix"
    done = run("index", tmp_path / "missing", "--index", index)
    assert done.exit_code == 2 and "not found" in done.stderr
    assert not index.exists()
    index.mkdir()
    done = run("index", tmp_path / "missing", "--index", index)
    assert done.exit_code == 2
    assert list(index.iterdir()) == []


# 9. --rebuild without CORPUS ----------------------------------------------------------------

def test_rebuild_without_corpus_uses_the_recorded_one_from_anywhere(seed_copy, tmp_path):
    index = tmp_path / "ix"
    userdict = tmp_path / "words.txt"
    userdict.write_text("数字孪生 100\n", "utf-8")
    built = run("index", seed_copy, "--index", index, "--userdict", userdict)
    assert built.exit_code == 0, built.stderr
    before = newsgrep.open_index(index).stats()["articles"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = newsgrep_process("index", "--rebuild", "--index", index, cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((current(index) / "manifest.json").read_text("utf-8"))
    assert manifest["roots"] == [str(seed_copy)]
    assert manifest["userwords"] and manifest["userwords"][0][0] == "数字孪生"
    assert newsgrep.open_index(index).stats()["articles"] == before
