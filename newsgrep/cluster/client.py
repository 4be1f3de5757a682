"""The one module that talks to a cluster, through the official Python client.

`elasticsearch` (8 or 9, matching the server's major version) or `opensearch-py`
(`pip install 'newsgrep[cluster]'` or `'newsgrep[cluster-opensearch]'`), imported only when
a command needs it. With `--client auto` the cluster is first asked what it is (GET /, plain
JSON, `detect_product`): OpenSearch gets opensearch-py, since elasticsearch-py 8 and 9 send
a content type OpenSearch refuses (406); Elasticsearch gets elasticsearch-py when it is
installed. Both clients accept the same request bodies (`body=`) and ship the same bulk
helper (`helpers.streaming_bulk`), so one code path drives either. Credentials go in the
URL (https://user:password@host:9200).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from newsgrep.cluster.mapping import (SOURCE_COUNT, SOURCE_HASH, build_index_body,
                                      mapping_version_of)
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


def detect_product(url: str, timeout: float = 10.0) -> str | None:
    """'opensearch' or 'elasticsearch', from what the cluster's root endpoint (GET /)
    says of itself; None when it will not say (no credentials for it, a proxy that
    hides it). Asked with plain JSON, which both products accept, before any client is
    made: elasticsearch-py 8 and 9 send a content type of their own that OpenSearch
    refuses (406), before the product check that would have named the product."""
    import json
    import urllib.error
    import urllib.request
    from base64 import b64encode
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    bare = parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else ""))
    request = urllib.request.Request(bare.geturl(), headers={"Accept": "application/json"})
    if parts.username is not None:
        secret = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        request.add_header("Authorization", "Basic " + b64encode(secret.encode()).decode())
    try:
        # No proxy from the environment: the clients (urllib3) use none either.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=timeout) as response:
            info = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError:
        return None  # the client's own request will say what is wrong
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ClusterError(f"cannot reach a cluster at {_safe(url)} ({reason}); "
                           "is a cluster running there?") from None
    return product_of(info)


def product_of(info: dict) -> str | None:
    """The product a root endpoint answer names (OpenSearch says so in
    version.distribution and in its tagline; Elasticsearch in its tagline)."""
    if not isinstance(info, dict):
        return None
    version = info.get("version") if isinstance(info.get("version"), dict) else {}
    tagline = str(info.get("tagline", ""))
    if version.get("distribution") == "opensearch" or "OpenSearch" in tagline:
        return "opensearch"
    if version.get("number") or "You Know, for Search" in tagline:
        return "elasticsearch"
    return None


def choose_client(kind: str, product: str | None) -> str:
    """Which client to use: the one asked for, or (auto) the one that speaks the
    product the cluster named; for an unnamed one, whichever is installed."""
    if kind != "auto":
        return kind
    if product == "opensearch":
        if not _installed("opensearchpy"):
            raise NewsgrepError("the cluster is OpenSearch, which elasticsearch-py cannot talk "
                                "to: pip install 'newsgrep[cluster-opensearch]'")
        return "opensearch"
    for name, module in (("elasticsearch", "elasticsearch"), ("opensearch", "opensearchpy")):
        if _installed(module):
            return name
    raise NewsgrepError(INSTALL_HINT)


def _official_modules(name: str):
    """(client class, helpers module) for a client name."""
    try:
        if name == "elasticsearch":
            import elasticsearch
            from elasticsearch import helpers
            return elasticsearch.Elasticsearch, helpers
        import opensearchpy
        from opensearchpy import helpers
        return opensearchpy.OpenSearch, helpers
    except ImportError:
        raise NewsgrepError(INSTALL_HINT) from None


class Cluster:
    """A connection to one cluster, and the few requests newsgrep makes of it."""

    def __init__(self, url: str, kind: str = "auto"):
        if kind not in CLIENTS:
            raise NewsgrepError(f"--client must be one of {', '.join(CLIENTS)}")
        self.url = url
        self.kind = kind
        self.product = choose_client(kind, detect_product(url) if kind == "auto" else None)
        client_class, self.helpers = _official_modules(self.product)
        self.client = client_class(url)

    def _call(self, what: str, request):
        """`request(client)`, a failure turned into one line that says what failed and
        what to do."""
        try:
            return request(self.client)
        except Exception as exc:  # the clients' own errors
            if _lost(exc):
                raise ClusterError(f"cluster {what} failed: cannot reach a cluster at "
                                   f"{_safe(self.url)} ({type(exc).__name__}); is a cluster "
                                   "running there?") from None
            raise ClusterError(f"cluster {what} failed ({type(exc).__name__}: "
                               f"{_brief(exc)}){self._hint(exc)}") from None

    def _hint(self, exc: Exception) -> str:
        name, text = type(exc).__name__, str(exc)
        if name == "UnsupportedProductError" or "compatible-with" in text:
            return ("; the cluster looks like OpenSearch, which elasticsearch-py cannot talk "
                    "to: pass --client opensearch (or auto)")
        if "Accept version must be" in text or "media_type_header_exception" in text:
            return ("; the elasticsearch client's major version must be the server's: "
                    "pip install 'elasticsearch>=N,<N+1' for server version N")
        return ""

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
        """Per path, the source hash of the documents the cluster holds, or "" where it
        holds the file only in part (a push cut short: too few documents, or two hashes),
        so that it is pushed again. A composite aggregation, paged: it scales with files,
        not articles."""
        self.refresh(index)  # what an interrupted push sent counts too
        held: dict[str, str] = {}
        after = None
        while True:
            composite = {"size": HELD_PAGE, "sources": [
                {"path": {"terms": {"field": "path"}}},
                {"hash": {"terms": {"field": SOURCE_HASH}}},
                {"count": {"terms": {"field": SOURCE_COUNT}}}]}
            if after:
                composite["after"] = after
            body = {"size": 0, "aggs": {"files": {"composite": composite}}}
            response = self._call("listing", lambda c: c.search(index=index, body=body))
            files = response["aggregations"]["files"]
            for bucket in files["buckets"]:
                key = bucket["key"]
                whole = bucket["doc_count"] == key["count"]
                path = key["path"]
                held[path] = key["hash"] if whole and path not in held else ""
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
            if _lost(exc):
                raise ClusterError(f"lost the cluster at {_safe(self.url)} in the middle of "
                                   f"the push ({type(exc).__name__}); when it is back, run "
                                   "the same push again to finish") from None
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


def _lost(exc: Exception) -> bool:
    """Did the request fail because the cluster could not be reached (the clients'
    ConnectionError and ConnectionTimeout)?"""
    return "Connection" in type(exc).__name__


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _refusal(action: str, detail: dict) -> str:
    error = detail.get("error", {})
    reason = error.get("reason", error) if isinstance(error, dict) else error
    return f"{action} refused ({reason})"


def _brief(exc: Exception) -> str:
    """The first line of a client error, its status and message once (elasticsearch-py's
    ApiError repeats the message as the body)."""
    status, message = getattr(exc, "status_code", None), getattr(exc, "message", None)
    text = f"{status} {message}" if isinstance(status, int) and isinstance(message, str) \
        else str(exc)
    return text.splitlines()[0][:300] if text else "no message"


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
