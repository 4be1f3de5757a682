"""What an update does, worked out before any page is parsed: the corpus walked against
the previous generation (`changes`), and the files that did not change gathered into
stretches (`Kept`) that the rest of the run carries over as blocks: their store records
as one range, their files-table lines as one piece of bytes.

In: the corpus roots and the previous generation. Out: a `Plan`. The stages after it
(`assembly`) then cost what changed, not the archive: they see no entry of a file in a
stretch. Made in this process, or in a forked one while this one starts up (`prefetch`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsgrep.index.changes import SourceFile, compare, find_sources, sidecar_digest
from newsgrep.index.generations import Generation


@dataclass
class Kept:
    """Files unchanged since the previous generation, one after another in its files
    table and in this walk, each with its entry as it was: carried over as a block."""

    files: int        # how many
    records: range    # their records in the old store, in order
    lines: bytes      # their lines of the old files table, joined as the table joins them


@dataclass
class Plan:
    """The corpus as an update finds it, against the previous generation."""

    items: list[SourceFile | Kept]  # the corpus in path order
    changed: list[SourceFile]       # new or different since the previous generation
    removed: list[str]              # paths indexed before and gone now
    # The previous entry and store records of every file not in a `Kept`, and of the
    # removed ones (a file with no records has no range).
    old_entries: dict[str, dict] = field(default_factory=dict)
    old_ranges: dict[str, range | list[int]] = field(default_factory=dict)
    files: int = 0                  # corpus files found
    warnings: list[str] = field(default_factory=list)  # the walk's
    # Unchanged files skipped before, skipped still: a warning each.
    still_skipped: list[str] = field(default_factory=list)
    # What it was made against (`prefetch` checks that the run's are the same).
    generation: str | None = None
    roots: list[str] = field(default_factory=list)
    max_size: int = 0

    @property
    def nothing(self) -> bool:
        return not self.changed and not self.removed

    @property
    def unread(self) -> int:
        """Files the walk left unread (special, dangling, too big)."""
        return sum(": skipped, " in w for w in self.warnings)


def plan_update(roots: list[Path], max_size: int, index_dir: Path,
                old: Generation | None) -> Plan:
    """Walk the corpus (`find_sources`: only changed files are read) and compare it with
    the `old` generation's files table. NewsgrepError if the corpus cannot be walked."""
    warnings: list[str] = []
    old_files = old.files if old is not None else {}
    sources = find_sources(roots, warnings, max_size, index_dir=index_dir, known=old_files)
    changes = compare(sources, old_files)
    plan = Plan([], changes.changed, changes.removed, files=len(sources), warnings=warnings,
                generation=old.folder.name if old is not None else None,
                roots=[str(r) for r in roots], max_size=max_size)
    changed = {s.path for s in changes.changed}
    plan.still_skipped = [f"{s.path}: skipped, {old_files[s.path]['skipped']}"
                          for s in sources if s.path not in changed
                          and old_files.get(s.path, {}).get("skipped")]
    if old is None:
        plan.items = list(sources)
    else:
        _gather(plan, sources, changed, old)
    return plan


def _gather(plan: Plan, sources: list[SourceFile], changed: set[str], old: Generation) -> None:
    """The plan's items: each run of files kept as they were, one after another in the
    old table, as a `Kept`; every other file as itself, its old entry and records noted
    (and the removed files' too)."""
    old_files, ranges, lines = old.files, old.file_ranges, old.file_lines()
    starts = _table_starts(old, lines)
    for source in sources:
        if source.path not in changed and source.path in starts and \
                _as_before(source, old_files[source.path]):
            _keep(plan.items, starts[source.path], old_files[source.path]["records"])
        else:
            plan.items.append(source)
            _note_old(plan, source.path, old_files, ranges)
    for path in plan.removed:
        _note_old(plan, path, old_files, ranges)
    paths = list(old_files)
    plan.items = [item.kept(paths, lines) if isinstance(item, _Stretch) else item
                  for item in plan.items]


def _table_starts(old: Generation, lines: dict[str, bytes]) -> dict[str, tuple[int, int]]:
    """Each file's (place in the old files table, first store record), when the table is
    written a line an entry (`lines`) and its record counts add up to the store ({}
    otherwise: nothing is carried as a block, each file is an item)."""
    if not lines:
        return {}
    starts, first = {}, 0
    for k, (path, entry) in enumerate(old.files.items()):
        count = entry.get("records")
        if type(count) is not int or count < 0:
            return {}
        starts[path] = (k, first)
        first += count
    return starts if first == len(old.store) else {}


def _as_before(source: SourceFile, entry: dict) -> bool:
    """Would the new table hold the file's old entry as it is? (`assembly._file_entry`
    keeps it when its stat and sidecar are those recorded.)"""
    return source.stamp is not None and entry.get("stamp") == source.stamp and \
        entry.get("sidecar") == sidecar_digest(source.sidecar)


@dataclass
class _Stretch:
    """A `Kept` being gathered: table places [first, stop), store records from `record`."""

    first: int
    stop: int
    record: int
    records: int

    def kept(self, paths: list[str], lines: dict[str, bytes]) -> Kept:
        return Kept(self.stop - self.first, range(self.record, self.record + self.records),
                    b",\n".join(lines[path] for path in paths[self.first:self.stop]))


def _keep(items: list, start: tuple[int, int], records: int) -> None:
    """Add an unchanged file at `start` (table place, first record) to the stretch before
    it, if it follows that stretch's last file in the old table, else start one."""
    place, record = start
    last = items[-1] if items else None
    if isinstance(last, _Stretch) and last.stop == place:
        last.stop += 1
        last.records += records
    else:
        items.append(_Stretch(place, place + 1, record, records))


def _note_old(plan: Plan, path: str, old_files: dict[str, dict],
              ranges: dict[str, range | list[int]]) -> None:
    if path in old_files:
        plan.old_entries[path] = old_files[path]
    if path in ranges:
        plan.old_ranges[path] = ranges[path]
