"""newsgrep on an Elasticsearch or OpenSearch cluster, with the same matching as the local index.

Pages are read, cut into articles, folded and segmented here, as for the local index
(`documents`); the cluster gets one document per article under an index whose mapping this
package owns (`mapping`). Queries are parsed here and sent as Query DSL (`translate`), and
the answers come back as the same `Hit`s the printers already show. `client` is the only
module that talks to a cluster, through the official client it picks by asking the
cluster what it is (`pip install 'newsgrep[cluster]'` or `'newsgrep[cluster-opensearch]'`);
`newsgrep.cli.cluster` is the `newsgrep cluster` command line.

    page files ──read, fold, segment──▶ bulk documents ──streaming_bulk──▶ cluster
    query text ──parse──▶ tree ──translate──▶ Query DSL ──search──▶ Hits ──print──▶ …
"""
