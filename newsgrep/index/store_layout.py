"""Laying out a new generation's store in parts: keep what did not change, write the rest.

In: the new store's records in store order, as `Piece`s (one file's records, where they
are now: a part of the previous generation's store, or this run's shard). Out: the new
store's parts, each one hard-linked from the previous generation when it holds exactly
the same records as before, else written anew; and the parts table.

Why parts: an update used to copy the whole store, 42 MB at 1x, 420 MB at 10x, then
checksum and fsync it; now it writes the parts its changed files fall in (a few MiB),
whatever the archive's size. The records keep their numbering in path order across the
parts, so that the Whoosh docmap and the gram maps are shifted as before, never rebuilt.

Rules, in order (`plan`): a part whose records all survive, side by side and unchanged,
is kept; the records between kept parts are written as new parts of about `PART_BYTES`
each, cut between files (never inside one, so that a file's records are in one part); a
stretch to write smaller than `SMALL_PART_BYTES` takes in its smaller kept neighbour, so
that edits and deletions never leave a trail of tiny parts.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from newsgrep.index.store import Store, StoreFolder, StoreWriter, part_entry, write_parts
from newsgrep.index.store_pack import write_pack

# A part holds about this much (records, folded text, fold maps): an update writes one or
# two parts; a query reads every part's columns and offsets it uses (about ten members of
# its pack), so smaller parts cost queries time. At 1x (42 MB) 5 parts; at 10x, 52. When
# parts were folders, a cold query at 10x opened 500 more files than with one folder
# (+25 ms at load 8; 1x laid out in 86 parts: +60 ms).
PART_BYTES = 8 << 20
# A stretch of records to write smaller than this is written with a neighbouring part.
SMALL_PART_BYTES = PART_BYTES // 4


@dataclass(frozen=True)
class Piece:
    """Records first..stop-1 of `owner` (a part of the previous store, or a shard), of
    one file, or of unchanged files one after another in a part (`stretch_pieces`: cut
    between files when written); `part`: the previous store's part number, None for a
    shard."""

    owner: StoreFolder
    first: int
    stop: int
    part: int | None = None

    def size(self) -> int:
        return self.owner.span_bytes(self.first, self.stop)


@dataclass
class Block:
    """A run of pieces of the new store: one kept part of the previous store (`kept` its
    number), or records to write into new parts (`kept` None)."""

    pieces: list[Piece] = field(default_factory=list)
    kept: int | None = None
    size: int = 0


def old_pieces(old: Store, docs: list[int]) -> list[Piece]:
    """A file's records in the previous store (global numbers, ascending), as pieces: one,
    unless the file's records lie in two parts (never written so; read all the same)."""
    k = old.part_of(docs[0]) if docs else None
    if docs and docs[-1] - docs[0] == len(docs) - 1 and old.part_of(docs[-1]) == k:
        first = docs[0] - old.table[k]["first"]  # the usual case, at once
        return [Piece(old.part(k), first, first + len(docs), k)]
    pieces: list[Piece] = []
    for doc in docs:
        k = old.part_of(doc)
        local = doc - old.table[k]["first"]
        if pieces and pieces[-1].part == k and pieces[-1].stop == local:
            pieces[-1] = Piece(pieces[-1].owner, pieces[-1].first, local + 1, k)
        else:
            pieces.append(Piece(old.part(k), local, local + 1, k))
    return pieces


def stretch_pieces(old: Store, first: int, stop: int) -> list[Piece]:
    """Records first..stop-1 of the previous store (unchanged files' records, one file
    after another), as one piece per part they lie in: a part whose files are all
    unchanged is one piece, whatever its number of files."""
    pieces = []
    while first < stop:
        k = old.part_of(first)
        entry = old.table[k]
        local = first - entry["first"]
        end = min(stop - entry["first"], entry["records"])
        pieces.append(Piece(old.part(k), local, end, k))
        first += end - local
    return pieces


def kept_parts(old: Store | None, pieces: list[Piece]) -> set[int]:
    """The previous store's parts whose records all come again, in order and together."""
    at: dict[int, list[int]] = {}  # part -> where its pieces are in the new order
    for i, piece in enumerate(pieces):
        if piece.part is not None:
            at.setdefault(piece.part, []).append(i)
    kept = set()
    for k, places in at.items():
        run = [pieces[i] for i in places]
        if places[-1] - places[0] == len(places) - 1 and run[0].first == 0 and \
                run[-1].stop == old.table[k]["records"] and \
                all(a.stop == b.first for a, b in zip(run, run[1:])):
            kept.add(k)
    return kept


def plan(old: Store | None, pieces: list[Piece]) -> list[Block]:
    """The new store as blocks: kept parts, and stretches to write (see the docstring)."""
    kept = kept_parts(old, pieces)
    blocks: list[Block] = []
    for piece in pieces:
        k = piece.part if piece.part in kept else None
        if blocks and blocks[-1].kept == k:  # the same kept part, or more to write
            blocks[-1].pieces.append(piece)
        else:
            blocks.append(Block([piece], k))
    for block in blocks:
        block.size = old.table[block.kept]["bytes"] if block.kept is not None else \
            sum(p.size() for p in block.pieces)
    return _absorb_small(blocks)


def _absorb_small(blocks: list[Block]) -> list[Block]:
    """Merge every stretch to write that is smaller than SMALL_PART_BYTES with its smaller
    kept neighbour (rewritten with it), until none is or no neighbour is left."""
    while True:
        small = next((i for i, b in enumerate(blocks)
                      if b.kept is None and b.size < SMALL_PART_BYTES and
                      _neighbours(blocks, i)), None)
        if small is None:
            return blocks
        j = min(_neighbours(blocks, small), key=lambda n: blocks[n].size)
        low, high = sorted((small, j))
        merged = Block(blocks[low].pieces + blocks[high].pieces, None,
                       sum(p.size() for p in blocks[low].pieces + blocks[high].pieces))
        blocks[low:high + 1] = [merged]
        blocks = _join_loose(blocks)


def _neighbours(blocks: list[Block], i: int) -> list[int]:
    return [j for j in (i - 1, i + 1) if 0 <= j < len(blocks) and blocks[j].kept is not None]


def _join_loose(blocks: list[Block]) -> list[Block]:
    joined: list[Block] = []
    for block in blocks:
        if joined and block.kept is None and joined[-1].kept is None:
            joined[-1] = Block(joined[-1].pieces + block.pieces, None,
                               joined[-1].size + block.size)
        else:
            joined.append(block)
    return joined


def write_layout(store_dir: Path, generation: str, old: Store | None,
                 blocks: list[Block]) -> list[dict]:
    """Write the new store's parts (kept ones hard-linked: one file each) and its parts
    table; returns the table's entries."""
    store_dir.mkdir()
    entries: list[dict] = []
    first = 0
    for block in blocks:
        if block.kept is not None:
            entry = dict(old.table[block.kept], first=first)
            link_file(old.folder / entry["name"], store_dir / entry["name"])
            entries.append(entry)
            first += entry["records"]
            continue
        for chunk in _chunks(block):
            name = f"{generation}-{len(entries)}"
            entries.append(_write_part(store_dir, name, first, chunk))
            first += entries[-1]["records"]
    write_parts(store_dir, entries)
    return entries


def _chunks(block: Block) -> list[list[Piece]]:
    """The block's pieces cut into about equal parts of about PART_BYTES (between 2/3 and
    3/2 of it, files allowing): a part an edit grew a little past the bound stays one."""
    count = max(1, round(block.size / PART_BYTES))
    target = block.size / count
    chunks: list[list[Piece]] = [[]]
    filled = 0
    for piece in (p for whole in block.pieces for p in _by_file(whole)):
        if chunks[-1] and filled >= target and len(chunks) < count:
            chunks.append([])
            filled = 0
        chunks[-1].append(piece)
        filled += piece.size()
    return chunks


def _by_file(piece: Piece) -> list[Piece]:
    """A piece cut at its files' bounds (a stretch of unchanged files is one piece until
    it is written), so that a part is never cut inside a file."""
    if piece.stop - piece.first <= 1:
        return [piece]
    paths = piece.owner.columns["path"]
    pieces, start = [], piece.first
    for doc in range(piece.first + 1, piece.stop):
        if paths[doc] != paths[doc - 1]:
            pieces.append(Piece(piece.owner, start, doc, piece.part))
            start = doc
    pieces.append(Piece(piece.owner, start, piece.stop, piece.part))
    return pieces


def _write_part(store_dir: Path, name: str, first: int, pieces: list[Piece]) -> dict:
    """A new part: its records written into a folder, then packed into one file."""
    folder = store_dir / f"{name}.tmp"
    writer = StoreWriter(folder)
    runs: list[Piece] = []
    for piece in pieces:  # neighbours in one folder are copied at once
        if runs and runs[-1].owner is piece.owner and runs[-1].stop == piece.first:
            runs[-1] = Piece(piece.owner, runs[-1].first, piece.stop, piece.part)
        else:
            runs.append(piece)
    for run in runs:
        writer.copy_range(run.owner, run.first, run.stop)
    size, records, articles = writer.size(), len(writer), writer.articles()
    lengths = writer.close()
    write_pack(folder, store_dir / name)
    return part_entry(name, first, records, articles, size, lengths)


def link_file(entry: Path, target: Path) -> None:
    """A hard link where the file system allows one, else a copy."""
    try:
        os.link(entry, target)
    except OSError:
        shutil.copy2(entry, target)
