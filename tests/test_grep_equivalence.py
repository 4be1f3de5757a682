"""Search finds exactly the files grep finds (issue 22): every distinct two-character
string of the seed pages, and a fixed sample of those of two benchmark corpus files,
against grep's answer on the same text normalised as the README says
(`benchmarks/grep_equivalence.py`, which also runs the check on the whole corpus)."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgrep.normalize import fold

from tests.conftest import REPO, SEEDS

sys.path.insert(0, str(REPO / "benchmarks"))
from grep_equivalence import mismatches, quoted, read_texts, two_char_strings  # noqa: E402

SAMPLE = REPO / "tests" / "data" / "bench_sample"
CORPUS_STRINGS = 600  # of each sample file, drawn with a fixed seed


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    import newsgrep

    folder = tmp_path_factory.mktemp("grep")
    newsgrep.build_index([SEEDS, SAMPLE], folder / "index")
    files = sorted(SEEDS.glob("*.txt")) + sorted(SAMPLE.glob("*.txt"))
    return folder / "index", read_texts(files)


def test_every_two_character_string_of_the_seeds_finds_the_files_grep_finds(archive):
    index, texts = archive
    strings = set().union(*(two_char_strings(texts[str(p.resolve())])
                            for p in sorted(SEEDS.glob("*.txt"))))
    assert len(strings) > 9000
    assert list(mismatches(index, texts, strings)) == []


def test_a_sample_of_corpus_strings_finds_the_files_grep_finds(archive):
    index, texts = archive
    chooser = random.Random(22)
    strings = set()
    for path in sorted(SAMPLE.glob("*.txt")):
        every = sorted(two_char_strings(texts[str(path.resolve())]))
        strings |= set(chooser.sample(every, min(CORPUS_STRINGS, len(every))))
    assert list(mismatches(index, texts, strings)) == []


@pytest.mark.parametrize("query, files", [
    ("记者", 5), ('"记者 张雯"', 1), ("文/摄", 3), ("■记者", 4), ('"本报讯(记者"', 1),
    ("下转第4版", 3), ('"(上接第1版)"', 1),
])
def test_credits_and_furniture_are_found_as_grep_finds_them(archive, query, files):
    """The printed credit line and the page's furniture, through the command line."""
    from newsgrep.cli import app

    index, texts = archive
    term = query.strip('"').replace(" ", "")
    expected = sorted(p for p, views in texts.items() if any(fold(term) in v for v in views))
    result = CliRunner().invoke(app, ["search", query, "-l", "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert sorted(str(Path(line).resolve()) for line in result.output.splitlines()) == expected
    assert len([p for p in expected if "/seeds/" in p]) == files  # as the issue counted


def test_text_the_parser_joined_across_a_removed_line_is_no_match(tmp_path):
    """A record holding a pair its page never prints (the parser took out what stood
    between) does not match it: search answers what grep answers."""
    import newsgrep

    index = tmp_path / "index"
    newsgrep.build_index([SEEDS], index)
    texts = read_texts(sorted(SEEDS.glob("*.txt")))
    with newsgrep.open_index(index) as ix:
        joined = [a for a in ix.articles(page_text=True) if a.unprinted]
        assert joined  # the seeds have such records
        for term in ("讯为", "。今"):
            expected = {p for p, views in texts.items() if any(term in v for v in views)}
            assert set(ix.files(quoted(term))) == expected
