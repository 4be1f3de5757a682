"""The real e-paper pages (benchmarks/real/pages, gold checked by hand against the page
images) read as PDFs: floors at what the PDF reader reaches on them, less a small margin,
so a change that reads them worse fails here. A development set of one paper, not a
measure of other papers (benchmarks/real/README.md)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _load_evaluator():
    spec = importlib.util.spec_from_file_location("_real_evaluate", REPO / "benchmarks" / "real" / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tallies():
    return _load_evaluator().evaluate(REPO / "benchmarks" / "real" / "pages")


@pytest.mark.parametrize("metric, floor", [
    ("boundaries", 0.80), ("precision", 0.95), ("subhead_splits", 0.95), ("titles", 0.95),
    ("kickers", 0.95), ("authors_recall", 0.95), ("authors_precision", 0.95),
    ("date", 1.0), ("page", 1.0),
])
def test_real_pages_read_as_pdfs_keep_their_figures(tallies, metric, floor):
    pdf = tallies["pdf"]
    assert pdf.pages == 5 and not pdf.errors
    assert pdf.value(metric) >= floor, pdf.fails.get(metric, [])[:3]


def test_the_text_extractions_are_read_without_errors(tallies):
    # pdftotext's text is still read poorly (BENCHMARKS.md); it must at least never crash
    assert not tallies["txt"].errors and not tallies["layout"].errors
