"""Issue 22: `--rebuild` repairs any damage, every repair hint names its `--index`, a folder
that is not an index is never written into, and an index is never read as its own corpus.

Real indexes in temporary folders, the real CLI (typer's CliRunner, or a subprocess where
the working folder or a kill is the point); no mocks.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsgrep
from newsgrep.cli import app
from newsgrep.index import generations
from newsgrep.index.build import Indexer
from tests.conftest import REPO, SEEDS, damage_at
from tests.test_hardening import DAMAGE, current, garbage, plant_toc, truncate

runner = CliRunner()
SAMPLE = Path(__file__).parent / "data" / "bench_sample"


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def newsgrep_process(*args, **kwargs) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(REPO)}
    env.pop("NEWSGREP_INDEX", None)
    return subprocess.run([sys.executable, "-m", "newsgrep", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=300, **kwargs)


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under `folder`: a link's target, a file's bytes, a folder's mark."""
    entries = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                entries[key] = ("link", os.readlink(path))
            elif path.is_dir():
                entries[key] = ("dir",)
            else:
                entries[key] = ("file", path.read_bytes())
    return entries


def one_line_error(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """Two seed pages: every kind of index file, built in a second."""
    corpus = tmp_path_factory.mktemp("small") / "corpus"
    corpus.mkdir()
    for page in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(page, corpus)
    return corpus


@pytest.fixture(scope="module")
def small_index(small_corpus, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small-index") / "ix"
    Indexer(folder, [small_corpus]).run()
    return folder


@pytest.fixture(scope="module")
def right_count(small_index) -> int:
    with newsgrep.open_index(small_index) as ix:
        return ix.count("杨浦")


@pytest.fixture()
def index(small_index, tmp_path) -> Path:
    """A private copy of the small index that a test may damage."""
    target = tmp_path / "ix"
    shutil.copytree(small_index, target, symlinks=True)
    return target


# Every damage of the hardening checks, and the CURRENT file's and manifest's own ----------

def _damage_file(pattern, damage):
    return lambda index: damage_at(current(index), pattern, damage)


def _current_is(content: bytes):
    def damage(index: Path) -> None:
        (index / "CURRENT").write_bytes(content)
    return damage


def _current_link_to_zero(index: Path) -> None:
    os.unlink(index / "CURRENT")
    os.symlink("/dev/zero", index / "CURRENT")


def _current_is_a_folder(index: Path) -> None:
    os.unlink(index / "CURRENT")
    (index / "CURRENT").mkdir()
    (index / "CURRENT" / "junk").write_text("x")


def _planted_pickle(index: Path) -> None:
    plant_toc(index, index.parent / "pwned")


REPAIRS = {kind: _damage_file(*spec) for kind, spec in DAMAGE.items()}
REPAIRS |= {
    "empty CURRENT": _current_is(b""),
    "truncated CURRENT": lambda ix: truncate(ix / "CURRENT"),
    "garbage CURRENT": lambda ix: garbage(ix / "CURRENT"),
    "CURRENT names a missing generation": _current_is(b"gen-000042-1\n"),
    "CURRENT a link to /dev/zero": _current_link_to_zero,
    "CURRENT a folder": _current_is_a_folder,
    "garbage manifest": _damage_file("manifest.json", garbage),
    "truncated manifest": _damage_file("manifest.json", truncate),
    "planted pickle": _planted_pickle,
    "missing whoosh folder": lambda ix: shutil.rmtree(current(ix) / "whoosh"),
}
# Damage that leaves no manifest to read the corpus from: only a corpus given repairs it.
NO_RECORD = {"missing manifest", "garbage manifest", "truncated manifest"}


def repaired(index: Path, right_count: int) -> None:
    checked = run("check", "--index", index)
    assert checked.exit_code == 0, checked.stderr
    counted = run("search", "杨浦", "--index", index, "-c")
    assert counted.exit_code == 0 and int(counted.stdout) == right_count, counted.stderr
    assert [p.name for p in generations.generation_folders(index)] == \
        [current(index).name]  # the damaged generation is gone, nothing else


@pytest.mark.parametrize("kind", REPAIRS)
def test_rebuild_from_the_corpus_given_repairs_any_damage(index, small_corpus, right_count,
                                                          kind):
    REPAIRS[kind](index)
    error = one_line_error(run("check", "--index", index))
    assert "damaged" in error and f"newsgrep index --rebuild --index {index}`" in error
    done = run("index", small_corpus, "--rebuild", "--index", index)
    assert done.exit_code == 0, done.stderr
    repaired(index, right_count)
    assert not (index.parent / "pwned").exists()


@pytest.mark.parametrize("kind", [k for k in REPAIRS if k not in NO_RECORD])
def test_rebuild_from_the_recorded_corpus_repairs_any_damage(index, right_count, kind,
                                                             tmp_path):
    REPAIRS[kind](index)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = newsgrep_process("index", "--rebuild", "--index", index, cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    repaired(index, right_count)


@pytest.mark.parametrize("kind", sorted(NO_RECORD))
def test_without_a_readable_record_the_message_names_the_corpus_to_give(index, kind):
    REPAIRS[kind](index)
    before = snapshot(index)
    error = one_line_error(run("index", "--rebuild", "--index", index))
    assert f"run `newsgrep index CORPUS --rebuild --index {index}`" in error
    assert snapshot(index) == before  # nothing removed, nothing written


def test_a_damaged_current_falls_back_to_the_newest_readable_manifest(index, small_corpus,
                                                                       right_count):
    """An update, then CURRENT damaged: the corpus recorded by the newest generation that
    reads is used, even with an older one still on disk."""
    before = current(index)
    other = small_corpus.parent / "moved"
    shutil.copytree(small_corpus, other, dirs_exist_ok=True)
    newsgrep.build_index([other], index)
    assert current(index) != before
    (index / "CURRENT").write_bytes(b"\x00")
    done = run("index", "--rebuild", "--index", index)
    assert done.exit_code == 0, done.stderr
    files = run("search", "杨浦", "--index", index, "-l").stdout.splitlines()
    assert files and all(f.startswith(str(other)) for f in files)


def test_an_update_of_a_damaged_index_names_the_rebuild(index, small_corpus):
    _current_is(b"garbage")(index)
    error = one_line_error(run("index", small_corpus, "--index", index))
    assert f"run `newsgrep index --rebuild --index {index}`" in error
    error = one_line_error(run("search", "杨浦", "--index", index))
    assert f"run `newsgrep index --rebuild --index {index}`" in error


# Nothing is lost ---------------------------------------------------------------------------

class Interrupt(KeyboardInterrupt):
    pass


@pytest.mark.parametrize("phase", ["indexing", "publishing"])
@pytest.mark.parametrize("kind", ["garbage CURRENT", "truncated segment", "missing manifest"])
def test_an_interrupted_rebuild_leaves_the_damaged_index_as_it_was(index, small_corpus,
                                                                   phase, kind):
    REPAIRS[kind](index)
    before = snapshot(index)

    def progress(done, total, reached):
        if reached == phase:
            raise Interrupt

    with pytest.raises(Interrupt):
        newsgrep.build_index([small_corpus], index, rebuild=True, progress=progress)
    assert snapshot(index) == before


def test_a_rebuild_deletes_nothing_outside_the_index_folder(index, small_corpus, tmp_path):
    outside = tmp_path / "outside"
    (outside / "whoosh").mkdir(parents=True)
    (outside / "whoosh" / "keep.txt").write_text("keep")
    (outside / "precious.txt").write_text("keep me")
    os.symlink(outside, index / "gen-000099-1")          # a "generation" that is a link
    os.symlink(outside / "precious.txt", current(index) / "extra")  # a link in a generation
    os.symlink(outside, current(index) / "store" / "linked")
    garbage(index / "CURRENT")
    done = run("index", small_corpus, "--rebuild", "--index", index)
    assert done.exit_code == 0, done.stderr
    assert (outside / "precious.txt").read_text() == "keep me"
    assert (outside / "whoosh" / "keep.txt").read_text() == "keep"


# Hints name the --index they are about ------------------------------------------------------

def test_hints_name_the_index_quoted_for_the_shell(small_index, tmp_path):
    index = tmp_path / "my index"
    shutil.copytree(small_index, index)
    (index / "CURRENT").write_text("nonsense\n")
    error = one_line_error(run("search", "杨浦", "--index", index))
    assert f"run `newsgrep index --rebuild --index '{index}'`" in error


def test_the_default_index_gets_the_short_hint(small_index, tmp_path):
    shutil.copytree(small_index, tmp_path / "index")
    garbage(current(tmp_path / "index") / "files.json")
    (tmp_path / "index" / "CURRENT").write_text("nonsense\n")
    done = newsgrep_process("search", "杨浦", cwd=tmp_path)
    assert done.returncode == 2
    assert "run `newsgrep index --rebuild`" in done.stderr and "--index" not in done.stderr
    assert newsgrep_process("index", "--rebuild", cwd=tmp_path).returncode == 0


def test_a_planted_pickle_names_the_index_and_its_rebuild(index):
    _planted_pickle(index)
    error = one_line_error(run("search", "杨浦", "--index", index))
    assert f"index {index} is damaged or not made by newsgrep" in error
    assert f"`newsgrep index --rebuild --index {index}`" in error
    assert not (index.parent / "pwned").exists()


def test_another_user_dictionary_names_the_index(index, small_corpus, tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("数字孪生 100\n", "utf-8")
    error = one_line_error(run("index", small_corpus, "--index", index, "--userdict", words))
    assert f"--rebuild --userdict {words} --index {index}`" in error


# The index folder ----------------------------------------------------------------------------

def test_a_folder_that_is_not_an_index_is_refused_untouched(tmp_path):
    docs = tmp_path / "docs"
    (docs / "notes").mkdir(parents=True)
    (docs / "README.md").write_text("# notes\n")
    (docs / "notes" / "a.txt").write_text("笔记\n", "utf-8")
    before = snapshot(docs)
    for extra in ([], ["--rebuild"]):
        error = one_line_error(run("index", SEEDS, "--index", docs, *extra))
        assert "not a newsgrep index" in error and "empty or new folder" in error
        assert snapshot(docs) == before


def test_the_corpus_itself_is_refused_as_index(seed_copy):
    before = snapshot(seed_copy)
    error = one_line_error(run("index", seed_copy, "--index", seed_copy))
    assert "empty or new folder" in error
    assert snapshot(seed_copy) == before


def test_an_empty_folder_and_a_new_one_are_fine(tmp_path, small_corpus):
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", tmp_path / "new" / "deeper"):
        done = run("index", small_corpus, "--index", folder)
        assert done.exit_code == 0, done.stderr
        assert (folder / generations.MARKER).is_file()


def _killed_before_any_generation(index: Path) -> None:
    index.mkdir()
    (index / generations.MARKER).write_text(generations.MARKER_TEXT)


def _killed_holding_the_lock(index: Path) -> None:
    _killed_before_any_generation(index)
    (index / "write.lock").touch()


def _killed_writing_a_generation(index: Path) -> None:
    _killed_holding_the_lock(index)
    folder = index / "gen-000001-1"
    (folder / "whoosh").mkdir(parents=True)
    (folder / "reader.lease").touch()
    (folder / "whoosh" / "MAIN_half.seg").write_bytes(b"\x00" * 10)


def _killed_before_markers(index: Path) -> None:
    """A first build killed by a newsgrep that wrote no marker: a lock, a generation."""
    _killed_writing_a_generation(index)
    (index / generations.MARKER).unlink()


@pytest.mark.parametrize("state", [_killed_before_any_generation, _killed_holding_the_lock,
                                   _killed_writing_a_generation, _killed_before_markers])
def test_a_first_build_killed_half_way_is_still_an_index(tmp_path, small_corpus, right_count,
                                                         state):
    index = tmp_path / "ix"
    state(index)
    done = run("index", small_corpus, "--index", index)
    assert done.exit_code == 0, done.stderr
    counted = run("search", "杨浦", "--index", index, "-c")
    assert int(counted.stdout) == right_count
    assert [p.name for p in generations.generation_folders(index)] == [current(index).name]


def test_a_failed_first_build_leaves_no_marker(tmp_path):
    index = tmp_path / "ix"
    index.mkdir()
    assert run("index", tmp_path / "missing", "--index", index).exit_code == 2
    assert list(index.iterdir()) == []


@pytest.mark.slow
def test_a_first_build_killed_by_sigkill_is_finished_by_the_next_run(tmp_path):
    corpus = tmp_path / "corpus"
    for k in range(6):  # over 2 MB: worker processes, a build of several seconds
        shutil.copytree(SEEDS, corpus / f"seeds{k}")
        shutil.copytree(SAMPLE, corpus / f"sample{k}")
    index = tmp_path / "ix"
    env = os.environ | {"PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "newsgrep", "index", str(corpus),
                             "--index", str(index)], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not generations.generation_folders(index) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the writer and its workers, mid-build
    proc.wait()
    if (index / "CURRENT").exists():
        pytest.skip("the build finished before the kill")
    assert (index / generations.MARKER).is_file()
    done = run("index", corpus, "--index", index)
    assert done.exit_code == 0, done.stderr
    assert "0 unchanged" in done.stdout
    assert run("check", "--index", index).exit_code == 0


# Never the index's own folder as corpus -------------------------------------------------------

def test_an_index_inside_its_corpus_is_not_read_as_pages(seed_copy):
    first = newsgrep_process("index", ".", cwd=seed_copy)  # ./index, inside the corpus
    assert first.returncode == 0, first.stderr
    again = newsgrep_process("index", ".", cwd=seed_copy)
    assert again.returncode == 0, again.stderr
    assert again.stderr == "" and "5 unchanged, 0 skipped" in again.stdout, again
    listed = newsgrep_process("search", "的", "-l", cwd=seed_copy)
    assert listed.stdout and f"{os.sep}index{os.sep}" not in listed.stdout
    # a rebuild, and an index named otherwise, too
    named = newsgrep_process("index", ".", "--index", "archive.idx", "--rebuild",
                             cwd=seed_copy)
    assert "5 added" in named.stdout, named
    assert "archive.idx" not in named.stderr


def test_another_index_inside_the_corpus_is_skipped_with_a_warning(seed_copy, tmp_path,
                                                                   small_index):
    shutil.copytree(small_index, seed_copy / "old index")
    (seed_copy / "old index" / generations.MARKER).unlink()  # made before markers
    done = run("index", seed_copy, "--index", tmp_path / "ix")
    assert done.exit_code == 0, done.stderr
    assert "5 added" in done.stdout and "0 skipped" in done.stdout
    assert f"{seed_copy / 'old index'}: not read, a newsgrep index folder" in done.stderr


def test_an_unknown_id_names_the_index_to_search(index):
    missing = run("show", "nonexistent", "--index", index)
    assert missing.exit_code == 2
    assert f"ids come from `newsgrep search --index {index}`" in missing.stderr
