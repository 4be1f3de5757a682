"""Keep the gram segments few: merge some when a generation has too many.

Every build share writes a segment each time its memory budget fills, and every update
adds one; a query looks each gram up in every segment, so their number must not grow with
the archive or with the number of updates. After a generation's maps are written, the
segments are told apart by size: a small one holds under 1/SMALL_SHARE of the live
articles (an update's), a big one more (a build share's). More than MAX_SMALL small ones
are merged into one; else more than MAX_SEGMENTS big ones have their smallest merged into
one. So a query looks in at most MAX_SEGMENTS + MAX_SMALL segments, and an update never
rewrites a big segment to add a small one beside it: at 10x one that did rewrote 3.4 MB,
half of the update's time. A merge drops the articles no map keeps (removed or replaced
files).

The merge streams: key ranges of about one memory budget of postings each are read from
every input, renumbered (article numbers of the inputs, live ones only, one after another
in input order), sorted and written, so its memory is the budget's, whatever the sizes.
Inputs are this generation's hard links: the previous generation keeps its own files.
"""
from __future__ import annotations

from pathlib import Path

from newsgrep.index.gram_writer import SegmentFile
from newsgrep.index.grams import open_read_only, read_map, segment_articles, segment_postings

MAX_SEGMENTS = 8
MAX_SMALL = 8
SMALL_SHARE = 64
# KiB of page cache for each segment a merge reads.
INPUT_CACHE_KIB = 256


def merge_smallest(folder: Path, budget: int, live: dict[str, int] | None = None) -> str | None:
    """Merge segments of `folder` as `to_merge` chooses; the merged segment's name, or
    None when there were few enough. `live`: each segment's live articles, when the
    caller has just counted them (else read from the maps)."""
    names = sorted(p.stem for p in folder.glob("*.db")) if folder.is_dir() else []
    if len(names) <= min(MAX_SEGMENTS, MAX_SMALL):
        return None
    if live is None or set(live) != set(names):
        live = {n: sum(1 for place in read_map(folder / f"{n}.map") if place >= 0)
                for n in names}
    chosen = to_merge(live)
    if not chosen:
        return None
    merged = f"{folder.parent.name}-merged"
    merge(folder, chosen, merged, budget)
    for name in chosen:
        for suffix in (".db", ".map"):
            (folder / f"{name}{suffix}").unlink()
    return merged


def to_merge(live: dict[str, int]) -> list[str]:
    """The segments to merge into one, by name, from each segment's live articles: every
    small one when there are more than MAX_SMALL, else the smallest big ones when there
    are more than MAX_SEGMENTS, else none."""
    total = sum(live.values())
    small = sorted(n for n in live if live[n] * SMALL_SHARE < total)
    if len(small) > MAX_SMALL:
        return small
    big = sorted((n for n in live if n not in small), key=live.__getitem__)
    if len(big) > MAX_SEGMENTS:
        return sorted(big[:len(big) - MAX_SEGMENTS + 1])
    return []


def merge(folder: Path, names: list[str], merged: str, budget: int) -> None:
    """Write segment `merged` (database and map) holding the live articles of `names`."""
    import numpy as np

    maps = [np.array(read_map(folder / f"{n}.map"), dtype=np.int64) for n in names]
    renumbered, offset = [], 0
    for mapping in maps:
        alive = mapping >= 0
        numbers = np.full(len(mapping), -1, dtype=np.int64)
        numbers[alive] = np.arange(offset, offset + int(alive.sum()))
        offset += int(alive.sum())
        renumbered.append(numbers)
    connections = [open_read_only(folder / f"{n}.db") for n in names]
    for connection in connections:
        # Each input is read once, in key order: SQLite's page cache (2 MB a connection
        # by default) would only hold pages never read again, 40 MiB for a big file's
        # thirty segments.
        connection.execute(f"PRAGMA cache_size = -{INPUT_CACHE_KIB}")
    output = SegmentFile(folder / f"{merged}.db")
    try:
        for low, high in _key_ranges(connections, budget):
            output.add_sorted(*_merged_range(connections, renumbered, low, high))
        output.add_articles(_live_articles(folder, names, maps))
    finally:
        output.close()
        for connection in connections:
            connection.close()
    np.concatenate([m[m >= 0] for m in maps]).astype(np.int32).tofile(folder / f"{merged}.map")


def _live_articles(folder: Path, names: list[str], maps):
    for name, mapping in zip(names, maps):
        for local, article_id, path in segment_articles(folder / f"{name}.db"):
            if mapping[local] >= 0:
                yield article_id, path


def _key_ranges(connections, budget: int):
    """[low, high) key ranges holding about `budget` posting entries each, over all the
    inputs together, cut at the inputs' block boundaries."""
    blocks = []
    for connection in connections:
        blocks.extend(connection.execute("SELECT first, entries FROM blocks"))
    blocks.sort()
    # A range's lists, as Python objects and as the arrays made of them, take several
    # times the bytes of their entries: a quarter of the budget's entries a range.
    per_range = max(1, budget // 4)
    low, gathered = 0, 0
    for first, entries in blocks:
        if gathered and gathered + entries > per_range:
            yield low, first
            low, gathered = first, 0
        gathered += entries
    yield low, 1 << 62


def _merged_range(connections, renumbered, low: int, high: int):
    """The postings of keys in [low, high) of every input, as sorted flat arrays of keys,
    new article numbers and counts, dead articles left out."""
    import numpy as np

    keys, numbers, counts = [], [], []
    for connection, new_numbers in zip(connections, renumbered):
        input_keys, local, input_counts = segment_postings(connection, low, high)
        keys.append(input_keys)
        numbers.append(new_numbers[local])
        counts.append(input_counts)
    flat_keys, new, flat_counts = (np.concatenate(keys), np.concatenate(numbers),
                                   np.concatenate(counts))
    keep = new >= 0
    flat_keys, new, flat_counts = flat_keys[keep], new[keep], flat_counts[keep]
    order = np.argsort(flat_keys, kind="stable")  # inputs in order: numbers stay ascending
    return flat_keys[order], new[order], flat_counts[order]
