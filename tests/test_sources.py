import os
from pathlib import Path

import pytest

from newsgrep.ingest.sources import (CorpusError, decode, find_corpus_files, looks_binary,
                                     read_corpus_file, read_sidecar)

PAGE = "本报讯 杨浦区召开专题推进会，华为参加。"


def test_utf8_with_and_without_bom():
    assert decode(PAGE.encode("utf-8")).text == PAGE
    with_bom = decode(b"\xef\xbb\xbf" + PAGE.encode("utf-8"))
    assert with_bom.text == PAGE and with_bom.encoding == "utf-8-sig"


def test_gbk_and_big5_are_detected():
    assert decode((PAGE * 3).encode("gbk")).text == PAGE * 3
    traditional = "本報訊 新竹科學園區營收創新高，半導體產業帶動成長。" * 3
    assert decode(traditional.encode("big5")).text == traditional


def test_crlf_becomes_newline():
    assert decode("一\r\n二\r三".encode("utf-8")).text == "一\n二\n三"


def test_damaged_utf8_stays_utf8_with_a_warning():
    damaged = PAGE.encode("utf-8") + b"\xff\xfe" + PAGE.encode("utf-8")
    decoded = decode(damaged)
    assert decoded.encoding == "utf-8" and PAGE in decoded.text and decoded.warnings


def test_binary_detection():
    assert looks_binary(b"abc\x00def") and not looks_binary(PAGE.encode())


def test_corpus_files_are_found_recursively_once(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x")
    (tmp_path / "y.txt").write_text("y")
    (tmp_path / "z.md").write_text("z")
    found = find_corpus_files([tmp_path, tmp_path / "y.txt"])
    assert [p.name for p in found] == ["x.txt", "y.txt"]


def test_sidecars_page_over_folder(tmp_path):
    (tmp_path / "newsgrep.meta.toml").write_text('paper = "虹口报"\npage = 2\n', encoding="utf-8")
    (tmp_path / "p.meta.toml").write_text("page = 4\n", encoding="utf-8")
    assert read_sidecar(tmp_path / "p.txt") == {"paper": "虹口报", "page": 4}


def test_special_files_are_skipped_by_their_corpus_name(tmp_path):
    (tmp_path / "page.txt").write_text("x")
    os.mkfifo(tmp_path / "fifo.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    os.symlink(tmp_path / "gone", tmp_path / "dangling.txt")
    os.symlink(tmp_path / "page.txt", tmp_path / "alias.txt")  # the same file again
    warnings: list[str] = []
    found = find_corpus_files([tmp_path], warnings)
    assert [p.name for p in found] == ["alias.txt"]  # one name per file, the first in order
    assert f"{tmp_path / 'fifo.txt'}: skipped, not a regular file (a FIFO)" in warnings
    assert f"{tmp_path / 'zero.txt'}: skipped, not a regular file (a device)" in warnings
    assert any(w.startswith(f"{tmp_path / 'dangling.txt'}: skipped") for w in warnings)
    assert not any("/dev/zero" in w for w in warnings)


def test_files_over_the_size_cap_are_skipped(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"x" * 2048)
    warnings: list[str] = []
    assert find_corpus_files([tmp_path], warnings, max_size=1024) == []
    assert "over the size cap" in warnings[0]
    with pytest.raises(CorpusError, match="size cap"):
        read_corpus_file(tmp_path / "big.txt", 1024)


def test_reading_a_fifo_fails_at_once(tmp_path):
    os.mkfifo(tmp_path / "x.txt")
    with pytest.raises(CorpusError, match="FIFO"):
        read_corpus_file(tmp_path / "x.txt")  # no writer: a plain open would block


def test_names_that_are_not_utf8_are_found(tmp_path):
    name = os.fsdecode(b"\xff\xfe.txt")
    (tmp_path / name).write_text("x")
    assert [os.fsencode(p.name) for p in find_corpus_files([tmp_path])] == [b"\xff\xfe.txt"]


def test_page_files_are_found_whatever_the_case_of_their_suffix(tmp_path):
    """Issue 22: Windows archives write PAGE.TXT (and SCAN.PDF); they are pages too."""
    for name in ("a.txt", "B.TXT", "c.Txt", "d.pdf", "E.PDF", "notes.md", ".hidden.txt"):
        (tmp_path / name).write_text(PAGE, encoding="utf-8")
    found = sorted(p.name for p in find_corpus_files([tmp_path]))
    assert found == ["B.TXT", "E.PDF", "a.txt", "c.Txt", "d.pdf"]


def test_sidecars_found_through_the_folders_listing(tmp_path):
    """The corpus walk looks for sidecars in each folder's listing, reads a folder's
    sidecar once for all its pages, and a bad one is said for every page it spoils."""
    from newsgrep.index.changes import find_sources

    good, bad = tmp_path / "good", tmp_path / "bad"
    for folder in (good, bad, tmp_path / "plain"):
        folder.mkdir()
        for name in ("a.txt", "b.txt"):
            (folder / name).write_text("标题\n\n正文。\n", encoding="utf-8")
    (good / "newsgrep.meta.toml").write_text('paper = "虹口报"\n', encoding="utf-8")
    (good / "b.meta.toml").write_text("page = 4\n", encoding="utf-8")
    (bad / "newsgrep.meta.toml").write_text("paper = \n", encoding="utf-8")
    warnings: list[str] = []
    sidecars = {Path(s.path).relative_to(tmp_path).as_posix(): s.sidecar
                for s in find_sources([tmp_path], warnings)}
    assert sidecars == {"bad/a.txt": {}, "bad/b.txt": {},
                        "good/a.txt": {"paper": "虹口报"},
                        "good/b.txt": {"paper": "虹口报", "page": 4},
                        "plain/a.txt": {}, "plain/b.txt": {}}
    assert len([w for w in warnings if "sidecar ignored" in w]) == 2
