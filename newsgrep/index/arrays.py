"""Whole-archive tables of numbers (the docmap, the gram maps, where each old store record
went: `Moves`): the few items an update looks for found at C speed, and the tables remapped.

An update looks in tables with an entry for every record of the archive (80,000 at 10x)
for a few items: a Python loop over them costs milliseconds a table, a byte search of
the table a few hundred microseconds. A table here is an `array` of signed integers.
"""
from __future__ import annotations

import sys
from array import array


def find(values: array, target: int, data: bytes | None = None, start: int = 0) -> int:
    """The first place at or after `start` where `values` holds `target`, -1 if none: a
    byte search of the table's bytes (`data`, when the caller has them already; memchr
    speed, where `array.index` makes an object of every item it passes), kept to whole
    items."""
    data = values.tobytes() if data is None else data
    size = values.itemsize
    needle = array(values.typecode, [target]).tobytes()
    at = data.find(needle, start * size)
    while at != -1 and at % size:
        at = data.find(needle, at + 1)
    return at // size if at != -1 else -1


def find_all(values: array, target: int, limit: int | None = None,
             data: bytes | None = None) -> list[int] | None:
    """Every place where `values` holds `target`, in order (None: more than `limit`, if
    given); `data`: the table's bytes, when the caller has them already."""
    found: list[int] = []
    data = values.tobytes() if data is None else data
    while limit is None or len(found) <= limit:
        at = find(values, target, data, found[-1] + 1 if found else 0)
        if at < 0:
            return found
        found.append(at)
    return None


def find_any(values: array, targets, data: bytes | None = None) -> list[int]:
    """Every place where `values` holds one of `targets`, in order. One byte search per
    run of 256 numbers holding targets, not one per target: such numbers share all their
    bytes but the lowest, so those bytes are searched for, and each hit checked. A
    changed file's records are consecutive numbers: its 20 records cost one or two
    searches."""
    data = values.tobytes() if data is None else data
    size = values.itemsize
    wanted = set(targets)
    found = []
    for high in sorted({target >> 8 for target in wanted}):
        whole = array(values.typecode, [high << 8]).tobytes()
        needle, lowest = (whole[1:], 1) if _LITTLE_ENDIAN else (whole[:-1], 0)
        at = data.find(needle)
        while at != -1:
            start = at - lowest
            if start % size == 0 and values[start // size] in wanted:
                found.append(start // size)
            at = data.find(needle, at + 1)
    return sorted(found)


_LITTLE_ENDIAN = sys.byteorder == "little"


def remapped(values: array, moved: array) -> list[int]:
    """Each value `v` of `values` (an index into `moved`, or -1 for none) as `moved[v]`,
    -1 staying -1 (as any value below it); IndexError for a value past `moved`. A list
    comprehension: faster here than `map` over `__getitem__` (7 against 5 ms for 80,000
    values), and than any C-speed search, as every value changes."""
    return [moved[v] if v >= 0 else -1 for v in values]


class Moves:
    """Where each record of the old store went in the new one, as stretches: records
    `old_first` up to `old_stop` went to `new_first` on, one after another; a record in
    no stretch was not kept (a changed or removed file's). `places` is the same as one
    table (`places[old]` its new place, -1 for none), made only when a table of old
    places must be remapped item by item.

    `in_place`: every kept record kept its number, as after an edit that leaves each
    changed file with as many records as before. A table of old places then changes only
    where it holds a record not kept: those few are found by byte searches and cleared,
    and the table is otherwise copied, not remapped item by item."""

    def __init__(self, size: int, stretches: list[tuple[int, int, int]]):
        self.size = size
        self.stretches = sorted(stretches)
        self.in_place = all(old == new for old, _stop, new in self.stretches)
        self._places: array | None = None

    def __len__(self) -> int:
        return self.size

    @property
    def places(self) -> array:
        if self._places is None:
            self._places = array("i", [-1]) * self.size
            for first, stop, place in self.stretches:
                self._places[first:stop] = array("i", range(place, place + stop - first))
        return self._places

    def dropped(self) -> list[int] | None:
        """The old records not kept, in order; None when they are too many, or in too
        many runs of 256 numbers, to be looked for in a table (`find_any`) rather than
        the table read item by item."""
        gaps = [range(stop, first) for (_a, stop, _p), (first, _b, _q)
                in zip([(0, 0, 0), *self.stretches], [*self.stretches, (self.size, 0, 0)])
                if first > stop]
        if sum(map(len, gaps)) > FEW_DROPPED:
            return None
        found = [record for gap in gaps for record in gap]
        return found if len({record >> 8 for record in found}) <= FEW_RUNS else None

    def remapped(self, values: array) -> array | list[int]:
        """`remapped(values, self.places)`. In place, with few records not kept, the
        table is copied with those records cleared (`find_any`). Values are then taken as
        they are: none can be past the old store, the table being the old generation's
        own."""
        dropped = self.dropped() if self.in_place else None
        if dropped is None:
            return remapped(values, self.places)
        moved = array(values.typecode, values)
        for at in find_any(values, dropped):
            moved[at] = -1
        return moved


# Up to this many records not kept, in up to FEW_RUNS runs of 256 numbers, are looked for
# in a table: a byte search of it a run costs what remapping 1/20 of it does.
FEW_DROPPED = 512
FEW_RUNS = 8
