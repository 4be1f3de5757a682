"""The one module that talks to a cluster, through the official Python client.

`elasticsearch` (8 or 9, matching the server's major version) or `opensearch-py`, whichever
is installed (`pip install 'newsgrep[cluster]'`), imported only when a command needs it.
Both accept the same request bodies (`body=`) and ship the same bulk helper
(`helpers.streaming_bulk`), so one code path drives either. Credentials go in the URL
(https://user:password@host:9200).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from newsgrep.cluster.mapping import SOURCE_HASH, build_index_body, mapping_version_of
from newsgrep.errors import NewsgrepError
from newsgrep.models import Hit

CLIENTS = ("auto", "elasticsearch", "opensearch")
INSTALL_HINT = ("install a cluster client: pip install 'newsgrep[cluster]' (Elasticsearch) "
                "or pip install opensearch-py (OpenSearch)")
# Documents per bulk request, and how often a rejected (429) chunk is retried.
BULK_CHUNK = 500
BULK_RETRIES = 3
# Paths per page of the aggregation that lists what the cluster holds.
HELD_PAGE = 1000
# Deepest hit from + size can reach (index.max_result_window's default).
MAX_WINDOW = 10_000
# Hits per request when fetching all of them.
PAGE = 1000


class ClusterError(NewsgrepError):
    """The cluster cannot be reached, or refused a request."""


@dataclass
class PushReport:
    """What a push did."""

    files: int = 0          # corpus files found
    unchanged: int = 0      # already in the cluster as they are
    pushed_files: int = 0   # read and sent
    documents: int = 0      # documents indexed
    removed_files: int = 0  # gone from the corpus, deleted from the cluster
    deleted: int = 0        # documents deleted (stale articles and removed files)
    errors: list[str] = field(default_factory=list)     # documents the cluster refused
    failed_files: int = 0   # files with a refused document: taken out, sent again next time
    warnings: list[str] = field(default_factory=list)   # files read with trouble

    def line(self) -> str:
        return (f"pushed {self.documents} articles from {self.pushed_files} files "
                f"({self.unchanged} unchanged, {self.removed_files} removed, "
                f"{self.deleted} stale documents deleted)"
                + (f"; {len(self.errors)} documents refused, their {self.failed_files} files "
                   "taken out of the index (the next push sends them again)"
                   if self.errors else ""))


def _official_modules(kind: str):
    """(client class, helpers module, product name) for the client asked for."""
    tried = ("elasticsearch", "opensearch") if kind == "auto" else (kind,)
    for name in tried:
        try:
            if name == "elasticsearch":
                import elasticsearch
                from elasticsearch import helpers
                return elasticsearch.Elasticsearch, helpers, name
            import opensearchpy
            from opensearchpy import helpers
            return opensearchpy.OpenSearch, helpers, name
        except ImportError:
            continue
    raise NewsgrepError(INSTALL_HINT)


class Cluster:
    """A connection to one cluster, and the few requests newsgrep makes of it."""

    def __init__(self, url: str, kind: str = "auto"):
        if kind not in CLIENTS:
            raise NewsgrepError(f"--client must be one of {', '.join(CLIENTS)}")
        self.url = url
        self.kind = kind
        self._connect(kind)

    def _connect(self, kind: str) -> None:
        client_class, self.helpers, self.product = _official_modules(kind)
        self.client = client_class(self.url)

    def _call(self, what: str, request):
        """`request(client)`, a failure turned into one line that says what failed. With
        --client auto, a cluster elasticsearch-py will not talk to (OpenSearch) is asked
        again with opensearch-py, when it is installed."""
        try:
            return request(self.client)
        except Exception as exc:  # the clients' own errors
            name = type(exc).__name__
            if name == "UnsupportedProductError" and self.kind == "auto" \
                    and self.product == "elasticsearch" and _installed("opensearchpy"):
                self.client.close()
                self._connect("opensearch")
                return self._call(what, request)
            hint = ""
            if name == "UnsupportedProductError":
                hint = "; for OpenSearch, pip install opensearch-py and pass --client opensearch"
            elif "ConnectionError" in name:
                hint = f"; is a cluster running at {_safe(self.url)}?"
            raise ClusterError(f"cluster {what} failed ({name}: {_brief(exc)}){hint}") from None

    # Index ----------------------------------------------------------------------------

    def ensure_index(self, index: str) -> bool:
        """Create the index with newsgrep's mapping, or check the one there; True if made."""
        from newsgrep.cluster.mapping import MAPPING_VERSION

        if self._call("index check", lambda c: c.indices.exists(index=index)):
            mappings = self._call("mapping read", lambda c: c.indices.get_mapping(index=index))
            found = {mapping_version_of(m.get("mappings", {}))
                     for m in dict(mappings).values()}
            if found != {MAPPING_VERSION}:
                raise ClusterError(
                    f"index {index} was not made by this newsgrep (mapping version "
                    f"{', '.join(map(str, found))}, need {MAPPING_VERSION}); push to a new "
                    f"--index, or delete {index} and push again")
            return False
        self._call("index creation",
                   lambda c: c.indices.create(index=index, body=build_index_body()))
        return True

    def held_hashes(self, index: str) -> dict[str, str]:
        """Per path, the source hash of the documents the cluster holds (a composite
        aggregation, paged, so it scales with files, not articles)."""
        held: dict[str, str] = {}
        after = None
        while True:
            composite = {"size": HELD_PAGE, "sources": [
                {"path": {"terms": {"field": "path"}}},
                {"hash": {"terms": {"field": SOURCE_HASH}}}]}
            if after:
                composite["after"] = after
            body = {"size": 0, "aggs": {"files": {"composite": composite}}}
            response = self._call("listing", lambda c: c.search(index=index, body=body))
            files = response["aggregations"]["files"]
            for bucket in files["buckets"]:
                # Two hashes for one path (a push cut short): any value that differs from
                # the file's will push it again, which is what it needs.
                path, value = bucket["key"]["path"], bucket["key"]["hash"]
                held[path] = value if path not in held else ""
            after = files.get("after_key")
            if not files["buckets"] or not after:
                return held

    def bulk(self, actions: Iterable[dict]) -> Iterator[tuple[bool, str, str]]:
        """Stream `actions` with the client's `streaming_bulk`: (done, document id, why
        not) for each, refused ones included (the push goes on)."""
        results = self.helpers.streaming_bulk(
            self.client, actions, chunk_size=BULK_CHUNK, max_retries=BULK_RETRIES,
            raise_on_error=False, raise_on_exception=True)
        try:
            for ok, item in results:
                (action, detail), = item.items()
                yield ok, str(detail.get("_id")), "" if ok else _refusal(action, detail)
        except Exception as exc:
            raise ClusterError(f"bulk request failed ({type(exc).__name__}: "
                               f"{_brief(exc)}); run the push again to finish") from None

    def refresh(self, index: str) -> None:
        self._call("refresh", lambda c: c.indices.refresh(index=index))

    def delete(self, index: str, body: dict) -> int:
        """Delete the documents a query matches; how many."""
        response = self._call("delete", lambda c: c.delete_by_query(
            index=index, body=body, conflicts="proceed", refresh=True))
        return int(response.get("deleted", 0))

    # Search ---------------------------------------------------------------------------

    def search(self, index: str, body: dict) -> dict:
        return dict(self._call("search", lambda c: c.search(index=index, body=body)))

    def close(self) -> None:
        self.client.close()


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _refusal(action: str, detail: dict) -> str:
    error = detail.get("error", {})
    reason = error.get("reason", error) if isinstance(error, dict) else error
    return f"{action} refused ({reason})"


def _brief(exc: Exception) -> str:
    return str(exc).splitlines()[0][:300] if str(exc) else "no message"


def _safe(url: str) -> str:
    """The URL without a password, for messages."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    return parts._replace(netloc=f"{parts.username}:***@{parts.hostname}"
                          + (f":{parts.port}" if parts.port else "")).geturl()


def search_hits(cluster: Cluster, index: str, query: str, limit: int | None = 10,
                offset: int = 0, sort: str = "score",
                context: int | None = None) -> tuple[list[Hit], int]:
    """Run a query on the cluster: the hits (built as a local search builds them) and how
    many articles match in all. `limit` None or 0: every hit from `offset` on, fetched
    page by page with search_after (from + size cannot reach past 10,000)."""
    from newsgrep.cluster.translate import build_hit, build_search, total_of
    from newsgrep.search.query import parse_query, positive_texts

    if limit and offset + limit <= MAX_WINDOW:
        response = cluster.search(index, build_search(query, limit, offset, sort))
        raw_hits, total = response["hits"]["hits"], total_of(response)
    else:
        raw_hits, total = _every_hit(cluster, index, query, limit, offset, sort)
    texts = positive_texts(parse_query(query))
    return [build_hit(raw, texts, context) for raw in raw_hits], total


def _every_hit(cluster: Cluster, index: str, query: str, limit: int | None, offset: int,
               sort: str) -> tuple[list[dict], int]:
    from newsgrep.cluster.translate import build_search, total_of

    wanted = None if not limit else offset + limit
    raw_hits: list[dict] = []
    after, total = None, 0
    while wanted is None or len(raw_hits) < wanted:
        size = PAGE if wanted is None else min(PAGE, wanted - len(raw_hits))
        response = cluster.search(index, build_search(query, size, 0, sort, after))
        page, total = response["hits"]["hits"], total_of(response)
        raw_hits.extend(page)
        if len(page) < size:
            break
        after = page[-1]["sort"]
    return raw_hits[offset:wanted], total


def count_hits(cluster: Cluster, index: str, query: str) -> int:
    """How many articles match `query` (no hits fetched)."""
    from newsgrep.cluster.translate import build_search, total_of

    return total_of(cluster.search(index, build_search(query, 0)))
