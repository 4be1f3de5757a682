"""UTF-16 pages with a byte-order mark (Notepad's "Unicode") are pages, not binary files
(issue 22): indexed, found, their encoding recorded."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsgrep.cli import app
from newsgrep.ingest.sources import decode, looks_binary
from tests.conftest import SEEDS

BOMS = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}


@pytest.mark.parametrize("encoding", sorted(BOMS))
def test_a_utf16_seed_page_indexes_as_its_utf8_original(tmp_path, encoding):
    page = SEEDS / "004_a45b530a45489c74.txt"
    text = page.read_text("utf-8").replace("\n", "\r\n")  # Notepad writes CRLF
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "unicode.txt").write_bytes(BOMS[encoding] + text.encode(encoding))
    (corpus / "plain.txt").write_bytes(page.read_bytes())
    runner = CliRunner()
    built = runner.invoke(app, ["index", str(corpus), "--index", str(tmp_path / "index")])
    assert built.exit_code == 0 and "0 skipped" in built.output, built.output
    found = runner.invoke(app, ["search", "张雯", "--json", "--index", str(tmp_path / "index")])
    hits = [json.loads(line) for line in found.output.splitlines()]
    by_file = {}
    for hit in hits:
        by_file.setdefault(hit["path"].rsplit("/", 1)[1], []).append(
            (hit["title"], hit["snippet"]))
    assert by_file["unicode.txt"] == by_file["plain.txt"]
    stats = runner.invoke(app, ["stats", "--json", "--index", str(tmp_path / "index")])
    assert encoding in json.dumps(json.loads(stats.output))


def test_nul_bytes_without_a_bom_are_still_binary():
    assert looks_binary("page 1".encode("utf-16-le"))
    assert not looks_binary(b"\xff\xfe" + "杨浦".encode("utf-16-le"))
    assert looks_binary(b"\xff\xfe\x00\x00" + "杨".encode("utf-32-le"))
    assert decode(b"\xfe\xff" + "楊浦\r\n".encode("utf-16-be")).text == "楊浦\n"
