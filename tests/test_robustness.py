"""Crashes, concurrency, hostile files and hostile queries, through the real CLI."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newsgrep.errors import NewsgrepError
from newsgrep.search.searcher import Searcher
from tests.conftest import REPO, SEEDS

SAMPLE = Path(__file__).parent / "data" / "bench_sample"


def newsgrep(*args, **kwargs) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "newsgrep", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=600, **kwargs)


def start(*args) -> subprocess.Popen:
    env = os.environ | {"PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "newsgrep", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def article_count(index: Path) -> int:
    done = newsgrep("stats", "--index", index, "--json")
    assert done.returncode == 0, done.stderr
    import json
    return json.loads(done.stdout)["articles"]


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """Seeds and benchmark sample copied ten times: a parallel build of several seconds."""
    corpus = tmp_path_factory.mktemp("big")
    for k in range(10):  # over 2 MB: the parallel (worker process) build
        shutil.copytree(SEEDS, corpus / f"seeds{k}")
        shutil.copytree(SAMPLE, corpus / f"sample{k}")
    return corpus


@pytest.fixture(scope="module")
def reference_count(big_corpus, tmp_path_factory) -> int:
    index = tmp_path_factory.mktemp("ref") / "ix"
    assert newsgrep("index", big_corpus, "--index", index).returncode == 0
    return article_count(index)


@pytest.mark.slow
def test_killed_builds_leave_a_working_index(big_corpus, reference_count, tmp_path):
    index = tmp_path / "ix"
    rng = random.Random(7)
    for attempt in range(4):
        rebuild = ["--rebuild"] if attempt % 2 else []
        proc = start("index", big_corpus, "--index", index, *rebuild)
        time.sleep(rng.uniform(0.3, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if (index / "CURRENT").exists():
            answer = newsgrep("search", "杨浦", "--index", index, "-c")
            assert answer.returncode == 0, answer.stderr
    finished = newsgrep("index", big_corpus, "--index", index)
    assert finished.returncode == 0, finished.stderr
    assert article_count(index) == reference_count


@pytest.mark.slow
def test_ctrl_c_exits_130_and_keeps_the_index(big_corpus, reference_count, tmp_path):
    index = tmp_path / "ix"
    assert newsgrep("index", big_corpus, "--index", index).returncode == 0
    proc = start("index", big_corpus, "--index", index, "--rebuild")
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the rebuild finished before Ctrl-C arrived")
    assert proc.returncode == 130
    assert "Traceback" not in err and err.count("\n") == 1
    assert article_count(index) == reference_count


@pytest.mark.slow
def test_searches_answer_during_a_rebuild(big_corpus, reference_count, tmp_path):
    index = tmp_path / "ix"
    assert newsgrep("index", big_corpus, "--index", index).returncode == 0
    proc = start("index", big_corpus, "--index", index, "--rebuild")
    answers = []
    while proc.poll() is None:
        answers.append(newsgrep("search", "华为", "--index", index, "-c"))
    proc.communicate()
    answers.append(newsgrep("search", "华为", "--index", index, "-c"))
    assert len(answers) >= 2
    assert all(a.returncode == 0 for a in answers), [a.stderr for a in answers]
    assert len({a.stdout for a in answers}) == 1
    assert article_count(index) == reference_count


@pytest.mark.slow
def test_two_simultaneous_rebuilds(big_corpus, reference_count, tmp_path):
    index = tmp_path / "ix"
    first = start("index", big_corpus, "--index", index, "--rebuild")
    second = start("index", big_corpus, "--index", index, "--rebuild", "--wait", "1")
    codes = sorted([first.wait(timeout=600), second.wait(timeout=600)])
    assert codes in ([0, 0], [0, 2])
    if codes == [0, 2]:
        err = (first.stderr.read() + second.stderr.read())
        assert "write.lock" in err and "Traceback" not in err
    assert article_count(index) == reference_count


@pytest.mark.slow
def test_lock_of_a_killed_writer_is_not_held(big_corpus, tmp_path):
    index = tmp_path / "ix"
    proc = start("index", big_corpus, "--index", index)
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(1.0)  # orphaned workers notice and exit
    done = newsgrep("index", big_corpus, "--index", index, "--wait", "5")
    assert done.returncode == 0, done.stderr


HOSTILE = {
    "gbk page.txt": ("国产芯片\n\n本报讯 华为海思发布新一代麒麟芯片，性能提升明显。\n".encode("gbk"), "麒麟芯片"),
    "big5.txt": ("臺灣新聞\n\n本報訊 新竹科學園區營收創新高，半導體產業帶動成長。\n".encode("big5"), "科学园区"),
    "bom crlf.txt": ("\ufeff通知标题\r\n\r\n本报讯 社区开展垃圾分类宣传活动。\r\n".encode("utf-8"), "垃圾分类"),
    "broken.txt": ("残缺文件\n\n本报讯 文件中间有坏字节".encode("utf-8") + b"\xff\xfe\x80" +
                   "但其余内容完好无损。\n".encode("utf-8"), "完好无损"),
    "empty.txt": (b"", None),
    "binary.txt": (bytes(range(256)) * 40, None),
    "中文 名字.txt": ("文件名测试\n\n本报讯 文件名里有空格和中文字符。\n".encode("utf-8"), "空格和中文"),
    "long line.txt": (("长行" * 1_000_000 + "\n").encode("utf-8"), None),
}


@pytest.mark.slow
def test_hostile_files_index_each_readable_article_once(tmp_path):
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    for name, (data, _needle) in HOSTILE.items():
        (corpus / name).write_bytes(data)
    index = tmp_path / "ix"
    done = newsgrep("index", corpus, "--index", index)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "broken.txt" in done.stderr  # replaced bytes are reported
    for name, (_data, needle) in HOSTILE.items():
        if needle:
            found = newsgrep("search", needle, "--index", index, "-c")
            assert found.stdout.strip() == "1", (name, found.stdout, found.stderr)
    manifest_encodings = newsgrep("stats", "--index", index, "--json").stdout
    assert "gb18030" in manifest_encodings and "big5" in manifest_encodings.lower()


@pytest.fixture(scope="module")
def searcher(seed_index):
    s = Searcher.open(seed_index)
    yield s
    s.close()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list(
    '华为杨浦 "“”()（）[]:：\u200b\u200d\ufeff\t\n*?~^-+!&|\\/OR AND NOT TO title 标题 date 2023')),
    max_size=30))
def test_fuzzed_queries_answer_or_fail_cleanly(searcher, text):
    try:
        results = searcher.rank(text, limit=3)
        for doc in results.docs:
            searcher.hit(doc, results)
    except NewsgrepError:
        pass


@pytest.mark.parametrize("query", ['"', "(", ")", "[", "]", ":", "：", "title:", "OR OR", "NOT",
                                   "AND", "\u200b", "* ? ~", "title:date:x", "date:[TO]",
                                   "((((华为", "a" * 5000])
def test_odd_queries_through_the_cli(seed_index, query):
    done = newsgrep("search", query, "--index", seed_index)
    assert done.returncode in (0, 1, 2)
    assert "Traceback" not in done.stderr
    if done.returncode == 2:
        assert done.stderr.count("\n") == 1


def test_read_only_index_still_answers(seed_index, tmp_path):
    index = tmp_path / "ro"
    shutil.copytree(seed_index, index)
    for root, dirs, files in os.walk(index):
        for name in files:
            os.chmod(os.path.join(root, name), 0o444)
        os.chmod(root, 0o555)
    try:
        done = newsgrep("search", "华为", "--index", index, "-c")
        assert done.returncode == 0, done.stderr
    finally:
        for root, dirs, files in os.walk(index):
            os.chmod(root, 0o755)


def test_jieba_cache_folder_is_optional(tmp_path, big_corpus):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    env = os.environ | {"XDG_CACHE_HOME": str(blocked), "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "newsgrep", "index", SEEDS, "--index",
                           tmp_path / "ix"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
