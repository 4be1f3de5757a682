"""The arithmetic of benchmarks/scale.py on made-up figures: no process is timed here."""
import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "scale.py"


@pytest.fixture(scope="module")
def scale():
    spec = importlib.util.spec_from_file_location("scale_bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["scale_bench"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def cells_for(scale, times: dict, hits: dict) -> dict:
    """times[(copies, mode)] for one query type, grep always 10 ms a copy."""
    cells = {}
    for (copies, mode), ms in times.items():
        for tool, value in (("newsgrep", ms), ("rg", 10.0 * copies)):
            cells[(copies, "common", mode, tool)] = scale.Cell(
                copies, "common", mode, tool, value, value, value, 60.0 + copies,
                hits.get(copies) if mode == "-c" else None, 0)
    return cells


def test_fit_line_recovers_a_straight_line(scale):
    assert scale.fit_line([1, 10, 30], [110, 200, 400]) == pytest.approx((100, 10))
    assert scale.fit_line([1], [250]) == (250, 0)


def test_growth_ratios_law_and_per_hit_cost(scale):
    times = {(1, "-n 10"): 200, (10, "-n 10"): 240, (1, "-c"): 100, (10, "-c"): 110,
             (1, "--json -n 0"): 180, (10, "--json -n 0"): 210}
    cells = cells_for(scale, times, {1: 50, 10: 500})
    rows = {g.mode: g for g in scale.growth_rows(cells, [1, 10], ["common"], "rg")}
    assert rows["-n 10"].ratios == {10: pytest.approx(1.2)}
    assert rows["-n 10"].min_ratios == {10: pytest.approx(1.2)}
    assert rows["-n 10"].grep_ratios == {10: pytest.approx(10)}
    assert rows["-n 10"].projected_ms == pytest.approx(200 + 40 / 9 * 99)
    assert rows["--json -n 0"].per_hit_ms == pytest.approx((210 - 110) / 500)
    assert rows["-c"].per_hit_ms is None
    bars = scale.bars(list(rows.values()), [1, 10])
    assert [b.value for b in bars] == pytest.approx([1.15, 1.2, 70.0, 0.2])
    assert [b.met for b in bars] == [True, True, True, False]


def test_grep_equivalents_say_how_they_differ(scale):
    assert scale.grep_pattern("phrase", '"人工 智能"')[0] == ["-F", "-e", "人工智能"]
    assert scale.grep_pattern("field", "title:手机")[0] == ["-F", "-e", "手机"]
    assert scale.grep_pattern("boolean", "手机 AND 苹果")[0] == ["-e", "手机.*苹果|苹果.*手机"]
    assert scale.grep_pattern("boolean", "手机 OR 苹果")[0] == ["-F", "-e", "手机", "-F", "-e", "苹果"]
    assert scale.grep_pattern("boolean", "手机 -苹果")[0] == ["-F", "-e", "手机"]
