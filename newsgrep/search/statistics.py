"""`newsgrep stats`: what an index holds, from its columns and manifest."""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

UNKNOWN = "unknown"
# Files left unread by a build are counted, not recorded one by one (their warnings said
# which and why).
UNREAD = "unread (not a regular file, a dangling link, unreadable or too big)"


def folder_size(folder: Path) -> int:
    return sum(os.path.getsize(os.path.join(root, f))
               for root, _dirs, files in os.walk(folder) for f in files)


def collect_stats(searcher, index_dir: Path) -> dict:
    columns = searcher.store.columns
    manifest = searcher.generation.manifest
    dates = sorted(d for d in columns["date"] if d)
    articles = searcher.store.article_count()
    files = searcher.generation.files
    return {
        "index": str(index_dir),
        "articles": articles,
        "page_texts": len(searcher.store) - articles,
        "files": sum(1 for f in files.values() if not f.get("skipped")),
        "skipped_files": sum(1 for f in files.values() if f.get("skipped"))
        + manifest.get("unread_files", 0),
        "papers": _papers(columns),
        "undated_articles": sum(1 for d, n in zip(columns["date"], columns["ordinal"])
                                if n and not d),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        **_files_by_outcome(files, manifest.get("unread_files", 0)),
        "corpus": manifest.get("roots", []),
        "index_bytes": folder_size(searcher.generation.folder),
        "generation": searcher.generation.folder.name,
        "analyser": manifest.get("analyser"),
        "newsgrep_version": manifest.get("newsgrep_version"),
    }


def _papers(columns: dict) -> dict[str, int]:
    """Articles per paper, most first; those no page or sidecar names under "unknown"."""
    names = [p for p, n in zip(columns["paper"], columns["ordinal"]) if n]
    return count_papers(names)


def count_papers(names: list[str | None]) -> dict[str, int]:
    """Count paper names as one where they fold alike (楊浦時報 is 杨浦时报), under the
    form printed most often; None under "unknown", last."""
    from newsgrep.normalize import fold

    forms: dict[str, Counter] = {}
    for name in names:
        key = fold(name) if name else UNKNOWN
        forms.setdefault(key, Counter())[name or UNKNOWN] += 1
    counts = {form.most_common(1)[0][0]: sum(form.values())
              for key, form in forms.items() if key != UNKNOWN}
    papers = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    if UNKNOWN in forms:
        papers[UNKNOWN] = sum(forms[UNKNOWN].values())
    return papers


def _files_by_outcome(files: dict, unread: int) -> dict:
    """Encodings of the indexed files only (a skipped file was never decoded), and the
    skipped ones counted by why."""
    reasons = Counter(f["skipped"] for f in files.values() if f.get("skipped"))
    if unread:
        reasons[UNREAD] += unread
    return {"encodings": dict(Counter(f.get("encoding") or UNKNOWN
                                      for f in files.values() if not f.get("skipped"))),
            "skipped_reasons": dict(reasons.most_common())}
