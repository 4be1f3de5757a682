"""Highlights and snippets: the fast paths give exactly what folding the whole text gives."""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from newsgrep import normalize
from newsgrep.models import Span
from newsgrep.normalize import fold, fold_with_origins, folds_in_place
from newsgrep.search import highlight
from newsgrep.search.highlight import find_spans, make_snippet

SAMPLES = [Path(__file__).parent / "data" / "bench_sample", Path(__file__).parent.parent / "seeds"]


def reference_fold_with_origins(text: str) -> tuple[str, list[int]]:
    """`fold_with_origins` one character at a time, as the module docstring tells it."""
    visible = [i for i, c in enumerate(text) if not normalize._INVISIBLE.fullmatch(c)]
    shown = "".join(text[i] for i in visible)
    folded, origins, at = [], [], 0
    while at < len(shown):
        run = re.compile(r"\s+").match(shown, at)
        if run:
            if normalize._join_whitespace(run) == " ":
                folded.append(" ")
                origins.append(visible[at])
            at = run.end()
            continue
        for char in normalize._fold_char(shown[at]):
            folded.append(char)
            origins.append(visible[at])
        at += 1
    return "".join(folded), origins


def reference_snippet(body: str, needles: list[str]) -> tuple[str, tuple[Span, ...]]:
    """The snippet from the spans of the whole body folded (the slow, obvious way)."""
    spans = find_spans(body, needles)
    start = max(0, spans[0].start - 40) if spans else 0
    end = min(len(body), max(start + 160, spans[0].end if spans else 0))
    text = ("…" if start else "") + body[start:end].replace("\n", " ") + \
        ("…" if end < len(body) else "")
    shift = (1 if start else 0) - start
    return text, tuple(Span(max(s.start, start) + shift, min(s.end, end) + shift)
                       for s in spans if s.start < end and s.end > start)


# Pieces of newspaper text that fold in every way: line breaks inside words and numbers,
# full-width forms, traditional characters, zero-width characters, spaces, characters
# that fold into several (ß, ①, ㍿) or none.
PIECES = ["医院", "醫院", "医\n院", "醫\u200b院", "华为", "華為", "华 为", "ＨＣＳ", "HCS", "hcs",
          "h\ncs", "\n", " ", "  ", "\u3000", "\u200b", "\ufeff", "。", "，", "“", "”", "的",
          "人民", "在", "一", "1", "\n442", "12.", "5%", "ß", "ss", "①", "㍿", "株式会社",
          "Mr.", "Smith", "a b", "\t", "…", "...", "院", "医", "发展", "發展"]
NEEDLES = ["医院", "华为", "hcs", "院", "1442", "12.5%", "ss", "株式会社", "a b", "mr. smith",
           "...", "发展", "的人", "医院的"]

bodies = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
long_bodies = st.tuples(st.lists(st.sampled_from(PIECES), max_size=60),
                        st.tuples(st.integers(0, 900), st.sampled_from("的\n ")),
                        st.lists(st.sampled_from(PIECES), max_size=400)).map(
    lambda t: "".join(t[0]) + t[1][1] * t[1][0] + "".join(t[2]))
needle_lists = st.lists(st.sampled_from(NEEDLES), min_size=1, max_size=3)


@settings(deadline=None)  # the first call may fold the common characters
@given(bodies)
def test_origins_match_folding_one_character_at_a_time(text):
    assert fold_with_origins(text) == reference_fold_with_origins(text)


@settings(deadline=None)  # the first call may fold the common characters
@given(st.text(max_size=80))
def test_origins_match_on_any_text(text):
    folded, origins = fold_with_origins(text)
    assert folded == fold(text)
    assert (folded, origins) == reference_fold_with_origins(text)


@settings(deadline=None)  # the first call may fold the common characters
@given(st.one_of(bodies, st.text(max_size=40)))
def test_origins_answer_like_their_table(text):
    folded, origins = normalize.fold_mapped(text)
    table = reference_fold_with_origins(text)[1]
    assert folded == fold(text) and len(origins) == len(table)
    assert [origins[i] for i in range(len(origins))] == table
    for at in range(len(text) + 2):
        assert origins.folded_before(at) == bisect_left(table, at)


@settings(deadline=None)  # the first call may fold the common characters
@given(st.text(max_size=60))
def test_every_invisible_character_is_unprintable(text):
    # _has_invisible's C shortcut relies on it
    if normalize._INVISIBLE.search(text):
        assert not text.replace("\n", "").isprintable()


def test_no_invisible_character_is_printable():
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert not any(c.isprintable() for c in normalize._INVISIBLE.findall(every))


@settings(deadline=None)  # the first call may fold the common characters
@given(bodies, st.integers(0, 400))
def test_the_fold_of_a_start_is_a_start_of_the_fold(text, cut):
    # what lets a snippet fold only the start of a long body
    folded, origins = fold_with_origins(text[:cut])
    whole, whole_origins = fold_with_origins(text)
    assert whole.startswith(folded)
    assert whole_origins[:len(origins)] == origins


@settings(deadline=None)  # the first call may fold the common characters
@given(bodies, st.sampled_from(NEEDLES))
def test_a_needle_that_folds_in_place_matches_where_it_stands(text, needle):
    # what lets a verbatim copy bound where a snippet's first match can be
    if folds_in_place(needle):
        spans = find_spans(text, [needle])
        at = text.find(needle)
        if at != -1:
            assert spans[0].start <= at
        while at != -1:  # matches do not overlap ('...' in '....'): each copy meets one
            assert any(s.start < at + len(needle) and at < s.end for s in spans)
            at = text.find(needle, at + 1)


def test_which_needles_fold_in_place():
    assert folds_in_place("医院") and folds_in_place("hcs") and folds_in_place("12.5%")
    assert not folds_in_place("醫院")      # folds to 医院
    assert not folds_in_place("ＨＣＳ")     # folds to hcs
    assert not folds_in_place("a b")       # a space stands for any whitespace
    assert not folds_in_place("ß")         # folds into two
    assert not folds_in_place("")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(long_bodies, needle_lists)
def test_snippet_is_the_one_of_the_whole_body_folded(body, needles):
    assert make_snippet(body, needles) == reference_snippet(body, needles)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(long_bodies, needle_lists, st.integers(1, 40), st.integers(-200, 0))
def test_snippet_is_exact_however_short_the_first_cut(body, needles, scan_start, slack):
    # A first cut too short must make the body fold further, never cut a match short.
    saved = highlight.SCAN_START, highlight.SNIPPET_SLACK
    highlight.SCAN_START, highlight.SNIPPET_SLACK = scan_start, slack
    try:
        assert make_snippet(body, needles) == reference_snippet(body, needles)
    finally:
        highlight.SCAN_START, highlight.SNIPPET_SLACK = saved


@settings(deadline=None)  # the first call may fold the common characters
@given(bodies, needle_lists)
def test_title_spans_match_the_reference(text, needles):
    folded, origins = reference_fold_with_origins(text)
    expected = set()
    for needle in needles:
        at = folded.find(needle)
        while at != -1:
            expected.update(range(origins[at], origins[at + len(needle) - 1] + 1))
            at = folded.find(needle, at + len(needle))
    covered = {i for s in find_spans(text, needles) for i in range(s.start, s.end)}
    # merged spans cover each match whole, from its first to its last original character
    assert covered == expected


def _sample_texts():
    for folder in SAMPLES:
        for path in sorted(folder.glob("*.txt")):
            yield from path.read_text(encoding="utf-8").split("\n\n")


# sha256 of the folds of tests/data/bench_sample and seeds/, paragraph by paragraph. The
# index stores folded text: a change here needs a new ANALYSER_VERSION (versions.py).
FOLD_DIGEST = "fe57a49e1917f71b97a77af241e6744a15b7797986737d61f0a5115f0cef4eff"


def test_fold_is_unchanged_on_the_corpus_sample():
    digest = hashlib.sha256()
    for text in _sample_texts():
        folded = fold(text)
        assert fold_with_origins(text)[0] == folded
        digest.update(folded.encode() + b"\0")
    assert digest.hexdigest() == FOLD_DIGEST


def test_origins_on_the_corpus_sample():
    for text in list(_sample_texts())[::7]:
        assert fold_with_origins(text) == reference_fold_with_origins(text)


def test_batch_folds_agree_with_folding_one_character():
    # The common blocks fold in one batch once a process meets many new characters;
    # the table must hold what folding each character alone gives.
    common = normalize._common_characters()
    normalize._prefetch_folds(common)
    table = normalize._FOLD_TABLE
    assert all(table[ord(c)] == normalize._fold_char(c) for c in common)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(long_bodies, needle_lists)
def test_with_the_fold_at_hand_highlights_are_the_same(body, needles):
    # the index can keep each field's fold and origins: highlighting then folds nothing
    fold = normalize.fold_mapped(body)
    stored = fold[0], normalize.Origins.unpack(fold[1].pack())
    assert stored[1] == fold[1]
    assert make_snippet(body, needles, stored) == reference_snippet(body, needles)
    assert find_spans(body, needles, stored) == find_spans(body, needles)
    assert highlight.context_passages(body, needles, 1, stored) == \
        highlight.context_passages(body, needles, 1)
