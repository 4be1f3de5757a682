"""The whole-archive tables' searches and remaps agree with plain Python on them."""
from __future__ import annotations

import random
from array import array

import pytest

from newsgrep.index.arrays import find, find_all, remapped


@pytest.mark.parametrize("typecode", ["i", "q"])
def test_find_agrees_with_a_loop_even_where_bytes_straddle_items(typecode):
    # 256 and 1 share bytes across item bounds: a byte match there is not an item
    values = array(typecode, [256, 1, 0, 65536, 1, -1, 7, -1])
    for target in (1, 0, -1, 7, 256, 65536, 2):
        places = [n for n, v in enumerate(values) if v == target]
        assert find(values, target) == (places[0] if places else -1)
        assert find_all(values, target, limit=10) == places
        assert find_all(values, target, data=values.tobytes()) == places  # no limit
        assert find(values, target, start=places[-1] + 1 if places else 0) == -1
    assert find_all(values, -1, limit=2) == [5, 7]
    assert find_all(values, -1, limit=1) is None  # more places than the limit


def test_remapped_agrees_with_a_loop():
    rng = random.Random(5)
    moved = array("i", [rng.choice([-1, rng.randrange(1000)]) for _ in range(500)])
    values = array("q", [rng.randrange(-1, 500) for _ in range(2000)])
    assert remapped(values, moved) == [moved[v] if v >= 0 else -1 for v in values]
    assert remapped(array("q"), moved) == []


def test_remapped_refuses_a_value_past_the_table_and_reads_below_none_as_none():
    with pytest.raises(IndexError):
        remapped(array("q", [0, 500]), array("i", range(500)))
    assert remapped(array("q", [3, -1, -2]), array("i", range(500))) == [3, -1, -1]
