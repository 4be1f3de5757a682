"""The same search on a cluster, for `newsgrep search QUERY --url URL`: hits and counts
that the usual printers print. The client loads only when a search runs."""
from __future__ import annotations

from newsgrep.cluster.mapping import DEFAULT_INDEX


def search_cluster(query: str, url: str, index: str = DEFAULT_INDEX, limit: int | None = 10,
                   offset: int = 0, sort: str = "score", context: int | None = None,
                   client: str = "auto"):
    """The hits of `query` on the cluster and how many articles match in all: what
    `newsgrep search QUERY --url URL` prints with its usual printers. `limit` None or 0:
    all hits, as for a local search. Raises NewsgrepError (QueryError for a bad query)
    that says what to do."""
    from newsgrep.cluster.client import Cluster, search_hits
    from newsgrep.search.query import parse_query

    parse_query(query)  # a bad query is reported before any connection is made
    cluster = Cluster(url, client)
    try:
        return search_hits(cluster, index, query, limit, offset, sort, context)
    finally:
        cluster.close()


def count_cluster(query: str, url: str, index: str = DEFAULT_INDEX, client: str = "auto") -> int:
    """How many articles match `query` on the cluster (`newsgrep search -c --url`)."""
    from newsgrep.cluster.client import Cluster, count_hits
    from newsgrep.search.query import parse_query

    parse_query(query)
    cluster = Cluster(url, client)
    try:
        return count_hits(cluster, index, query)
    finally:
        cluster.close()
