"""Whole-archive tables of numbers (the docmap, the gram maps, where each old store record
went): the few items an update looks for found at C speed, and the tables remapped.

An update looks in tables with an entry for every record of the archive (80,000 at 10x)
for a few items: a Python loop over them costs milliseconds a table, a byte search of
the table a few hundred microseconds. A table here is an `array` of signed integers.
"""
from __future__ import annotations

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


def remapped(values: array, moved: array) -> list[int]:
    """Each value `v` of `values` (an index into `moved`, or -1 for none) as `moved[v]`,
    -1 staying -1 (as any value below it); IndexError for a value past `moved`. A list
    comprehension: faster here than `map` over `__getitem__` (7 against 5 ms for 80,000
    values), and than any C-speed search, as every value changes."""
    return [moved[v] if v >= 0 else -1 for v in values]
