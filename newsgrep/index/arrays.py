"""Whole-archive tables of numbers (the docmap, the gram maps, where each old store record
went), searched and remapped at C speed.

An update runs these over tables with an entry for every record of the archive (80,000
at 10x) to change a few: a Python loop over them costs milliseconds a table, and was what
made an update at 10x slower than at 1x. A table here is an `array` of signed integers.
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


def find_all(values: array, target: int, limit: int) -> list[int] | None:
    """Every place where `values` holds `target`, in order (None: more than `limit`)."""
    found: list[int] = []
    data = values.tobytes()
    while len(found) <= limit:
        at = find(values, target, data, found[-1] + 1 if found else 0)
        if at < 0:
            return found
        found.append(at)
    return None


def remapped(values: array, moved: array) -> list[int]:
    """Each value `v` of `values` (an index into `moved`, or -1 for none) as `moved[v]`,
    -1 staying -1; IndexError for a value past `moved` or below -1. By `map` over the
    table with -1 as `moved`'s own last item, so that no item needs a test."""
    if values and (max(values) >= len(moved) or min(values) < -1):
        raise IndexError("a value outside the table")
    lookup = moved + array(moved.typecode, [-1])
    return list(map(lookup.__getitem__, values))
