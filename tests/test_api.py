"""The public Python API, on a real index of the seed pages, held against the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsgrep
from newsgrep.cli import app
from newsgrep.environment import Environment
from newsgrep.printers.jsonlines import score_value


def cli_json(index, *args) -> list[dict]:
    result = CliRunner().invoke(app, ["search", *args, "--index", str(index), "--json"])
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_public_names_are_exported():
    for name in newsgrep.__all__:
        assert getattr(newsgrep, name) is not None, name
    assert issubclass(newsgrep.QueryError, newsgrep.NewsgrepError)
    assert issubclass(newsgrep.IndexDamaged, newsgrep.NewsgrepError)


def test_build_index_returns_a_summary(tmp_path, seed_copy):
    summary = newsgrep.build_index([seed_copy], tmp_path / "ix")
    assert summary.articles >= 30 and summary.seconds > 0
    assert summary.files == 5 and summary.skipped == 0
    again = newsgrep.build_index([str(seed_copy)], str(tmp_path / "ix"))
    assert again.unchanged == 5 and again.articles == summary.articles


@pytest.mark.parametrize("query", ["华为", "杨浦", "title:华为", '"数字孪生"', "区 NOT 华为"])
def test_api_agrees_with_the_cli(seed_index, query):
    cli_hits = cli_json(seed_index, query)
    with newsgrep.open_index(seed_index) as ix:
        hits = list(ix.search(query, limit=None))
        assert ix.count(query) == len(hits) == len(cli_hits)
    assert [h.article.id for h in hits] == [h["id"] for h in cli_hits]
    assert [score_value(h.score) for h in hits] == [h["score"] for h in cli_hits]


def test_hits_carry_article_score_snippet_and_highlights(seed_index):
    with newsgrep.open_index(seed_index) as ix:
        results = ix.search("杨浦", limit=3)
        assert results.total > 3 and len(results) == 3
        for hit in results:
            assert isinstance(hit, newsgrep.Hit) and isinstance(hit.article, newsgrep.Article)
            assert hit.score > 0
            for span in hit.highlights:
                assert hit.snippet[span.start:span.end] == "杨浦"


def test_article_by_id_and_every_article(seed_index):
    with newsgrep.open_index(seed_index) as ix:
        first = next(iter(ix.search("薛侃")))
        article = ix.article(first.article.id)
        assert article == first.article and article.path.endswith(".txt")
        everything = list(ix.articles())
        assert len(everything) == ix.stats()["articles"]
        assert all(not a.is_page_text for a in everything)
        assert len(list(ix.articles(page_text=True))) > len(everything)
        assert ix.story(article.id)[0].id == article.id or article in ix.story(article.id)
        with pytest.raises(newsgrep.ArticleNotFound):
            ix.article("nope-1")


def test_files_are_each_page_once(seed_index):
    with newsgrep.open_index(seed_index) as ix:
        files = ix.files("杨浦")
        paths = {hit.article.path for hit in ix.search("杨浦", limit=None)}
    assert len(files) == len(set(files)) and set(files) == paths


def test_errors_are_typed(seed_index, tmp_path):
    with newsgrep.open_index(seed_index) as ix:
        with pytest.raises(newsgrep.QueryError):
            ix.search('"未闭合')
    with pytest.raises(newsgrep.NewsgrepError) as missing:
        newsgrep.open_index(tmp_path / "nothing")
    assert missing.value.status == newsgrep.ExitStatus.ERROR


def test_cli_takes_an_injected_environment(seed_index):
    """Printers write where the Environment says: no monkeypatching of sys.stdout."""
    import io

    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, stdout_isatty=True, color=False, width=60)
    result = CliRunner().invoke(app, ["search", "华为", "--index", str(seed_index)], obj=env)
    assert result.exit_code == 0
    assert "华为" in out.getvalue() and "articles" in out.getvalue()  # tty: summary on stdout
    assert result.stdout == ""


def test_build_reports_its_phases(tmp_path, seed_copy):
    seen = []
    newsgrep.build_index([seed_copy], tmp_path / "ix",
                         progress=lambda done, total, phase: seen.append((phase, done, total)))
    phases = list(dict.fromkeys(phase for phase, _, _ in seen))
    assert phases == ["reading", "indexing", "writing", "publishing"]
    assert ("indexing", 5, 5) in seen


def test_progress_shows_phase_and_time_left_on_a_terminal(tmp_path, seed_copy):
    import io

    err = io.StringIO()
    env = Environment(stdout=io.StringIO(), stderr=err, stderr_isatty=True)
    result = CliRunner().invoke(app, ["index", str(seed_copy), "--index", str(tmp_path / "ix")],
                                obj=env)
    assert result.exit_code == 0
    shown = err.getvalue()
    assert "left" in shown and ("indexing" in shown or "publishing" in shown)


# Sharp edges (issue 23) -------------------------------------------------------------------

def test_build_index_takes_one_path_as_a_str_or_a_path(tmp_path, seed_copy, monkeypatch):
    # A str is one path, never a list of one-letter paths ('corpus path not found: …/s').
    monkeypatch.chdir(seed_copy.parent)
    summary = newsgrep.build_index(seed_copy.name, "ix")
    assert summary.files == 5
    assert newsgrep.build_index(seed_copy, tmp_path / "ix2").files == 5
    assert newsgrep.build_index([seed_copy / "001_cd34915e0be2f362.txt"],
                                tmp_path / "ix3").files == 1


def test_the_package_ships_py_typed():
    import importlib.resources
    import tomllib

    assert importlib.resources.files("newsgrep").joinpath("py.typed").is_file()
    with open(Path(newsgrep.__file__).parent.parent / "pyproject.toml", "rb") as handle:
        setuptools = tomllib.load(handle)["tool"]["setuptools"]
    assert "py.typed" in setuptools["package-data"]["newsgrep"]


def test_results_index_slice_and_repr(seed_index):
    with newsgrep.open_index(seed_index) as ix:
        every = list(ix.search("杨浦", limit=None))
        results = ix.search("杨浦", limit=5)
        assert results[0] == every[0] and results[-1] == every[4]
        assert results[:3] == every[:3] and results[3:] == every[3:5]
        assert results[::2] == every[0:5:2]
        with pytest.raises(IndexError):
            results[5]
        assert repr(results) == f"<Results 5 of {len(every)} hits for '杨浦'>"
        assert repr(ix.search("华为", limit=None)) == "<Results 3 hits for '华为'>"
        like = ix.similar(every[0].id, limit=2)
        assert repr(like).startswith("<Results 2 of ") and repr(like).endswith(
            f"hits like {every[0].id!r}>")


@pytest.mark.parametrize("context", [-1, 1.5, "2", True])
def test_a_bad_context_is_a_clear_value_error(seed_index, context):
    with newsgrep.open_index(seed_index) as ix:
        with pytest.raises(ValueError, match="context takes a number") as error:
            ix.search("华为", context=context)
    assert isinstance(error.value, newsgrep.ArgumentError)
    assert isinstance(error.value, newsgrep.NewsgrepError)


def test_a_closed_index_answers_nothing(seed_index):
    ix = newsgrep.open_index(seed_index)
    results = ix.search("华为")
    first_id = results[0].id
    ix.close()
    ix.close()  # twice is harmless
    assert "closed" in repr(ix)
    calls = [lambda: ix.search("华为"), lambda: ix.count("华为"), lambda: ix.files("华为"),
             lambda: ix.facets("华为", ["paper"]), lambda: ix.article(first_id),
             lambda: ix.story(first_id), lambda: ix.similar(first_id),
             lambda: ix.suggest("华伟"), lambda: list(ix.articles()), lambda: ix.stats(),
             lambda: ix.check(), lambda: list(results), lambda: results[0]]
    for call in calls:
        with pytest.raises(newsgrep.IndexClosed, match="is closed: open it again"):
            call()


def test_query_errors_arrive_as_the_documented_query_error(seed_index):
    with newsgrep.open_index(seed_index) as ix:
        with pytest.raises(newsgrep.QueryError) as error:
            ix.search("华为 (记者")
    assert type(error.value) is newsgrep.QueryError
    assert error.value.status == newsgrep.ExitStatus.ERROR
    assert '"(记者"' in error.value.message
