"""`newsgrep cluster …`: options -> a call into newsgrep.cluster -> output.

Imports only typer at load time: `newsgrep --help` pays nothing for the cluster client.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from newsgrep.cli.arguments import QueryCommand
from newsgrep.cli.common import reports_errors
from newsgrep.cluster.mapping import DEFAULT_INDEX

cluster_app = typer.Typer(
    no_args_is_help=True, rich_markup_mode=None, add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Search an Elasticsearch or OpenSearch cluster with newsgrep's matching.")

URL_OPTION = typer.Option(..., "--url", envvar="NEWSGREP_CLUSTER_URL",
                          help="Cluster URL, e.g. http://localhost:9200 (env NEWSGREP_CLUSTER_URL).")
INDEX_OPTION = typer.Option(DEFAULT_INDEX, "--index", envvar="NEWSGREP_CLUSTER_INDEX",
                            help="Index name on the cluster (env NEWSGREP_CLUSTER_INDEX).",
                            show_default=True)
CLIENT_OPTION = typer.Option("auto", "--client", envvar="NEWSGREP_CLUSTER_CLIENT",
                             help="auto (ask the cluster what it is: GET /), elasticsearch "
                                  "or opensearch: which official client talks to it "
                                  "(env NEWSGREP_CLUSTER_CLIENT).")


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@cluster_app.command()
@reports_errors
def mapping(
    template: Optional[str] = typer.Option(
        None, "--template", metavar="PATTERN",
        help="Print a composable index template for indexes named PATTERN (newsgrep-*)."),
    shards: Optional[int] = typer.Option(None, "--shards", min=1, help="number_of_shards."),
    replicas: Optional[int] = typer.Option(None, "--replicas", min=0,
                                           help="number_of_replicas."),
):
    """Print the index settings and mappings newsgrep pushes into (JSON).

    `push` creates the index with them when it does not exist; print them to create it
    yourself (with shards and replicas of your choosing), or as an index template.

    \b
    Examples:
      newsgrep cluster mapping --shards 6 --replicas 1 > newsgrep-index.json
      curl -XPUT localhost:9200/newsgrep -H 'Content-Type: application/json' \\
           -d @newsgrep-index.json
    """
    from newsgrep.cluster.mapping import build_index_body, build_index_template

    body = build_index_template(template, shards, replicas) if template \
        else build_index_body(shards, replicas)
    typer.echo(_dump(body))


@cluster_app.command()
@reports_errors
def push(
    corpus: List[Path] = typer.Argument(..., help="Page files (.txt, .pdf) and folders."),
    url: str = URL_OPTION,
    index: str = INDEX_OPTION,
    workers: Optional[int] = typer.Option(None, "--workers", min=1,
                                          help="Processes reading pages (default: one per core)."),
    client: str = CLIENT_OPTION,
):
    """Read, cut and segment pages here, and send the new and changed ones to the cluster.

    Only files that are new or changed since the last push are read; articles a changed
    file no longer has, and the articles of files removed from the corpus, are deleted
    from the cluster. Exit 2 if the cluster refused any document (run it again to retry).

    \b
    Example:
      newsgrep cluster push seeds/ --url http://localhost:9200 --index newsgrep
    """
    from newsgrep.cluster.client import Cluster
    from newsgrep.cluster.push import push_corpus
    from newsgrep.errors import ExitStatus

    cluster = Cluster(url, client)
    try:
        report = push_corpus(cluster, corpus, index, workers)
    finally:
        cluster.close()
    for warning in report.warnings:
        typer.echo(f"newsgrep: warning: {warning}", err=True)
    for error in report.errors[:10]:
        typer.echo(f"newsgrep: error: {error}", err=True)
    typer.echo(report.line())
    if report.errors:
        raise typer.Exit(ExitStatus.ERROR)


@cluster_app.command(cls=QueryCommand)
@reports_errors
def query(
    words: List[str] = typer.Argument(..., metavar="QUERY", help="A query, as for search."),
    limit: int = typer.Option(10, "-n", "--limit", min=0, help="Hits asked for (size)."),
    offset: int = typer.Option(0, "--offset", min=0, help="Hits skipped (from)."),
    sort: str = typer.Option("score", "--sort", help="score, date or date-asc."),
):
    """Print the search request (Query DSL) `newsgrep search --url` would send.

    \b
    Examples:
      newsgrep cluster query '标题：华为 -手机 date:2023-12'
      newsgrep cluster query 华为 --sort date |
        curl -XPOST localhost:9200/newsgrep/_search \\
             -H 'Content-Type: application/json' -d @-
    """
    from newsgrep.cluster.translate import build_search

    typer.echo(_dump(build_search(" ".join(words), limit, offset, sort)))
