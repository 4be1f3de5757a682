"""Jumped stories: both parts indexed, `show` prints the whole story."""
import json

from typer.testing import CliRunner

from newsgrep.cli import app

FRONT = """杨浦推进旧区改造收官

本报讯 杨浦区旧区改造工作全面推进，定海路街道二级以下旧里改造进入收官阶段。居民们
纷纷表示，期待早日搬进新居。（下转第4版）
"""
BACK = """旧区改造收官

(上接第1版)街道将继续做好后续服务保障工作，确保居民顺利过渡。■记者 李明
"""


def test_show_prints_both_parts_of_a_jumped_story(tmp_path):
    corpus = tmp_path / "pages"
    corpus.mkdir()
    (corpus / "p1.txt").write_text(FRONT, encoding="utf-8")
    (corpus / "p4.txt").write_text(BACK, encoding="utf-8")
    (corpus / "p1.meta.toml").write_text('paper = "杨浦时报"\ndate = 2023-12-19\npage = 1\n',
                                         encoding="utf-8")
    (corpus / "p4.meta.toml").write_text('paper = "杨浦时报"\ndate = 2023-12-19\npage = 4\n',
                                         encoding="utf-8")
    runner = CliRunner()
    index = str(tmp_path / "ix")
    assert runner.invoke(app, ["index", str(corpus), "--index", index]).exit_code == 0
    hit = json.loads(runner.invoke(app, ["search", "title:杨浦推进", "--index", index,
                                         "--json"]).stdout)
    assert hit["page"] == 1
    shown = runner.invoke(app, ["show", hit["id"], "--index", index])
    assert shown.exit_code == 0
    assert "期待早日搬进新居" in shown.stdout and "确保居民顺利过渡" in shown.stdout
    as_json = json.loads(runner.invoke(app, ["show", hit["id"], "--index", index, "--json"]).stdout)
    assert [p["page"] for p in as_json["parts"]] == [1, 4]
    assert as_json["continued_to"] == 4
