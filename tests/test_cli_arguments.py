"""Query words and options on the command line (newsgrep.cli.arguments): `-word` that is
not an option is an exclusion, `--` ends the options; through the real CLI on a real index."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from newsgrep.cli import app
from newsgrep.cli.arguments import split_arguments

OPTIONS = {"-c": False, "--count": False, "-n": True, "--limit": True, "-C": True,
           "--sort": True, "-h": False, "--json": False}


@pytest.mark.parametrize("args, chosen, words", [
    (["华为", "-hcs", "-c"], ["-c"], ["华为", "-hcs"]),
    (["华为", "-HCS"], [], ["华为", "-HCS"]),
    (["华为", "-title:华为", "-n", "5"], ["-n", "5"], ["华为", "-title:华为"]),
    (["-n", "-3", "华为"], ["-n", "-3"], ["华为"]),           # an option's value is its own
    (["华为", "-n5", "-C2"], ["-n5", "-C2"], ["华为"]),         # grep's glued numbers
    (["华为", "-cx", "-Cx"], [], ["华为", "-cx", "-Cx"]),      # not spelled as an option
    (["--sort=date", "华为", "--jsn"], ["--sort=date", "--jsn"], ["华为"]),  # click refuses --jsn
    (["-c", "--", "-title:华为", "-c", "--json"], ["-c"], ["-title:华为", "-c", "--json"]),
    (["华为", "-手机", "-"], [], ["华为", "-手机", "-"]),
    (["华为", "-n"], ["-n"], ["华为"]),                       # click says -n needs a value
])
def test_split_arguments(args, chosen, words):
    assert split_arguments(args, OPTIONS) == (chosen, words)


def run(index, *args):
    return CliRunner().invoke(app, ["search", "--index", str(index), *args])


def count(index, *args) -> int:
    result = run(index, "-c", *args)
    assert result.exit_code in (0, 1), result.output
    return int(result.stdout)


def test_unquoted_latin_exclusion_is_not_help(seed_index):
    # 华为 -hcs printed the help and exited 0; -HCS was read as -C S.
    assert count(seed_index, "华为") == 3
    assert count(seed_index, "华为", "-hcs") == count(seed_index, "华为 -hcs") == 2
    assert count(seed_index, "华为", "-HCS") == 2


def test_unquoted_field_exclusion(seed_index):
    # -title:华为 was refused as an unknown option "-tite:华为".
    assert count(seed_index, "华为", "-title:华为") == count(seed_index, "华为 -title:华为") == 2


def test_double_dash_ends_the_options(seed_index):
    every = count(seed_index, "-title:华为")
    assert every > 0 and count(seed_index, "--", "-title:华为") == every
    # after -- an option's spelling is a query word: 华为 -c excludes the letter c (HCS)
    assert count(seed_index, "--", "华为", "-c") == count(seed_index, "华为 -c") == 2


def test_real_options_still_work(seed_index):
    hits = run(seed_index, "华为", "-n", "1", "--json", "-C", "1")
    assert hits.exit_code == 0 and len(hits.stdout.splitlines()) == 1
    assert '"passages"' in hits.stdout
    assert run(seed_index, "华为", "-n1", "--json").stdout.count("\n") == 1
    assert run(seed_index, "华为", "-l").stdout.strip().endswith(".txt")


def test_unknown_long_option_is_refused(seed_index):
    result = run(seed_index, "华为", "--jsn")
    assert result.exit_code == 2 and "--json" in result.stderr


def test_cluster_query_reads_its_options_not_as_text():
    # `cluster query 华为 --index x` searched for the text --index
    result = CliRunner().invoke(app, ["cluster", "query", "华为", "--index", "x"])
    assert result.exit_code == 2 and "--index" in result.stderr
    dsl = CliRunner().invoke(app, ["cluster", "query", "华为", "-手机", "-n", "3"])
    assert dsl.exit_code == 0 and "手机" in dsl.stdout and '"size": 3' in dsl.stdout
