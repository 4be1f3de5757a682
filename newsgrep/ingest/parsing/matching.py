"""Second looks across a whole page: headlines printed away from their stories, and
columns that text extraction filed under the wrong story.

Both are decided by shared vocabulary (character pairs), the only evidence left once
the layout has been read.
"""
from __future__ import annotations

import re

from newsgrep.ingest.parsing.cleanup import ends_sentence
from newsgrep.ingest.parsing.draft import Draft
from newsgrep.ingest.parsing.headlines import Headline


def similarity(part: str, whole: str) -> float:
    """Share of the character pairs of `part` that also occur in `whole`."""
    pb = _bigrams(part)
    return len(pb & _bigrams(whole)) / (len(pb) or 1)


def reattach_strays(drafts: list[Draft]) -> None:
    """Move a misplaced column back to the article that breaks off mid-sentence.

    Text extraction sometimes files the last column of an article under its neighbour
    ('…打造成为' ends one story; '上海科技创新中心核心功能承载区。' opens a stray block
    elsewhere). Such a block shows itself by a sub-head (and maybe one short sentence just
    before it); if it reads more like the unfinished story than like its host, it moves.
    """
    for target in drafts:
        if not target.paras or target.continued_to or ends_sentence(target.paras[-1]):
            continue
        whole = target.title + "".join(target.paras)
        best = None
        for host in drafts:
            if host is target or len(host.paras) < 3:
                continue
            for k in _stray_starts(host):
                tail = "".join(host.paras[k:])
                gain = similarity(tail, whole) - similarity(tail, host.title + "".join(host.paras[:k]))
                if gain > 0.1 and (best is None or gain > best[0] + 0.02):
                    best = (gain, host, k)
        if best:
            _, host, k = best
            _move_tail(host, k, target)


def _move_tail(host: Draft, k: int, target: Draft) -> None:
    """Move host.paras[k:] to the end of `target`, its first paragraph run on into the
    target's last. The sub-heads move with their paragraphs: an index left behind would
    name a paragraph the host no longer has (issue 26: an IndexError on a later look)."""
    base = len(target.paras) - 1  # host paragraph j > k lands at base + j - k
    target.paras[-1] += host.paras[k]
    target.paras.extend(host.paras[k + 1:])
    for j in sorted(j for j in host.subheads if j > k):
        target.subheads.add(base + j - k)
        if j in host.heads:
            target.heads[base + j - k] = host.heads.pop(j)
    host.heads = {j: groups for j, groups in host.heads.items() if j < k}
    host.subheads = {j for j in host.subheads if j < k}
    del host.paras[k:]


def _stray_starts(host: Draft) -> list[int]:
    """Where a misplaced block could begin inside `host`: at a sub-head, or one short
    sentence before it; never at the first paragraph."""
    starts = []
    for k in sorted(host.subheads):
        if k >= 2 and len(host.paras[k - 1]) <= 20 and ends_sentence(host.paras[k - 2]):
            starts.append(k - 1)
        if k >= 1 and ends_sentence(host.paras[k - 1]):
            starts.append(k)
    return starts


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\w]", "", text)
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


def match_clusters(drafts: list[Draft], heads: list[Headline]) -> None:
    """Give headlines printed together to the untitled bodies they share the most words with."""
    untitled = [d for d in drafts if not d.title and d.paras]
    pairs = []
    for hi, head in enumerate(heads):
        hb = _bigrams(head.kicker + head.title + head.subtitle)
        for di, d in enumerate(untitled):
            score = len(hb & _bigrams("".join(d.paras))) / (len(hb) or 1)
            pairs.append((score, hi, di))
    used_h, used_d = set(), set()
    for score, hi, di in sorted(pairs, reverse=True):
        if score <= 0.05 or hi in used_h or di in used_d:
            continue
        used_h.add(hi)
        used_d.add(di)
        untitled[di].apply(heads[hi])


# A kicker names a section in general words ('聚焦高质量发展', '民生实事进行时'), which a
# story rarely repeats; the first half of a title names the story's own subject ('全家吃炭火锅',
# '沪网红酒店'), and its words come back in the text. Measured on stacks built from the
# corpus: a third of a title half's character pairs or more recur in its story for half of
# them, for one section label in thirty.
_TOLD_BY_STORY = 0.3


def settle_kickers(drafts: list[Draft]) -> None:
    """Give a weighed kicker (Headline.kicker_weighed) back to its title when the story's
    text speaks of it: then it was the title's first line, not a section's label."""
    for d in drafts:
        if d.kicker_weighed and d.kicker and similarity(d.kicker, "".join(d.paras)) >= _TOLD_BY_STORY:
            d.title, d.kicker = d.kicker + d.title, ""

