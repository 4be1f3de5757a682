"""The whole-archive tables' searches and remaps agree with plain Python on them."""
from __future__ import annotations

import random
from array import array

import pytest

from newsgrep.index.arrays import FEW_RUNS, Moves, find, find_all, find_any, remapped


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


@pytest.mark.parametrize("typecode", ["i", "q"])
def test_find_any_agrees_with_a_loop(typecode):
    rng = random.Random(7)
    # Numbers around run bounds (255, 256), negatives, and pairs whose bytes straddle items.
    pool = [0, 1, 255, 256, 257, 511, 512, 65535, 65536, 65791, -1, -2, -256, -257, 1 << 24]
    values = array(typecode, [rng.choice(pool) for _ in range(3000)])
    for _ in range(50):
        targets = rng.sample(pool, rng.randrange(1, 5))
        assert find_any(values, targets) == [n for n, v in enumerate(values) if v in targets]
    assert find_any(values, []) == []
    assert find_any(array(typecode), [3]) == []


def _in_place_moves(size: int, dropped: list[int]) -> Moves:
    """Every record kept where it was but `dropped` (sorted)."""
    bounds = [-1, *dropped, size]
    return Moves(size, [(a + 1, b, a + 1) for a, b in zip(bounds, bounds[1:]) if b > a + 1])


@pytest.mark.parametrize("typecode", ["i", "q"])
def test_moves_in_place_agree_with_a_remap(typecode):
    rng = random.Random(11)
    for dropped in ([], [700], list(range(240, 270)), sorted(rng.sample(range(5000), 40))):
        moves = _in_place_moves(5000, dropped)
        assert moves.in_place and [n for n in range(5000) if moves.places[n] < 0] == dropped
        values = array(typecode, [rng.randrange(-1, 5000) for _ in range(4000)])
        assert list(moves.remapped(values)) == remapped(values, moves.places)


def test_moves_read_a_table_through_when_few_runs_do_not_hold_what_was_dropped():
    scattered = list(range(0, 256 * (FEW_RUNS + 1), 256))  # one run each
    assert _in_place_moves(5000, scattered).dropped() is None
    assert _in_place_moves(5000, scattered[:FEW_RUNS]).dropped() == scattered[:FEW_RUNS]
    moves = Moves(4, [(1, 4, 0)])  # every record moved down, the first dropped
    assert not moves.in_place and list(moves.places) == [-1, 0, 1, 2]
    assert moves.remapped(array("i", [1, 0, 3, -1])) == [0, -1, 2, -1]


@pytest.mark.parametrize("typecode", ["i", "q"])
def test_a_maps_gone_articles_are_counted_by_bytes_whatever_their_neighbours(typecode):
    from newsgrep.index.gram_writer import _nones

    rng = random.Random(3)
    edges = [-1, 0, 255, 65535, 0x7FFFFF, 0x7FFFFFFF, 0xFFFFFF00 >> 1]
    for _ in range(200):
        values = array(typecode, [rng.choice(edges) for _ in range(rng.randrange(0, 40))])
        assert _nones(values) == values.count(-1)
