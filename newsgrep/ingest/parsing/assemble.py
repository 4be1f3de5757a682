"""Units → articles: who owns each headline, paragraph and byline on the page.

Read in page order, one unit at a time. A headline opens a story when the evidence says
so (what follows it opens a story, or the story before it has visibly ended); otherwise
it is a sub-head inside the running story. A byline closes the story above it, or opens
the one below it, as the page's own habit shows.
"""
from __future__ import annotations

import re

from newsgrep.ingest.parsing.cleanup import clean_text, ends_open, ends_sentence, join_lines, width
from newsgrep.ingest.parsing.draft import Draft
from newsgrep.ingest.parsing.headlines import Headline, build_headline
from newsgrep.ingest.parsing.markers import NUMBERED
from newsgrep.ingest.parsing.matching import match_clusters, reattach_strays, settle_kickers, similarity
from newsgrep.ingest.parsing.units import Unit
from newsgrep.models import Article


def byline_convention(units: list[Unit]) -> str:
    """'before' when this page prints standalone bylines under the headline, else 'after'."""
    before = after = 0
    for i, u in enumerate(units):
        if u.kind != "byline" or u.inline_byline or not u.authors or i == 0:
            continue
        if units[i - 1].kind == "head":
            before += 1
        elif units[i - 1].kind == "para" and not units[i - 1].note:
            after += 1
    return "before" if before > after else "after"


def uses_explicit_starts(units: list[Unit]) -> bool:
    """Does this page mark where stories start or end (a byline or 本报讯 under a headline,
    a closing credit, a jump)? Then a bare headline inside an unfinished story is a sub-head;
    on a page with no such marks, nothing tells one from a title, and titles are likelier.
    """
    for i, u in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        if u.kind == "head" and not u.markdown and nxt is not None and (nxt.kind == "byline" or nxt.explicit):
            return True
        if u.inline_byline or u.jump_to is not None:
            return True
        if u.kind == "byline" and i > 0 and units[i - 1].kind == "para":
            return True
    return False


# Share of a text's character pairs found in the story above it: measured on laid-out pages,
# paragraphs of one story share well over a third of their pairs; neighbouring stories of
# different subjects well under a fifth.
SAME_STORY = 0.025


def typical_gap(units: list[Unit]) -> int:
    """How many blank lines this page puts between paragraphs of one story: counted only
    between two paragraphs (a story's first paragraph sits under its credit or headline,
    with the space those get)."""
    gaps = sorted(u.gap for prev, u in zip(units, units[1:]) if u.kind == "para" and prev.kind == "para")
    return gaps[len(gaps) // 2] if gaps else 1


class _Assembler:
    """The page-order walk; one method per kind of unit."""

    def __init__(self, units: list[Unit], column: float | None) -> None:
        self.units = units
        self.column = column
        self.drafts: list[Draft] = []
        self.clusters: list[Headline] = []
        self.convention = byline_convention(units)
        self.explicit_page = uses_explicit_starts(units)
        self.cur: Draft | None = None
        self.after_banner = False
        self.para_gap = typical_gap(units)
        # A page that marks its titles ('# 标题') leaves only its sub-heads bare.
        self.marked_titles = sum(u.kind == "head" and u.markdown for u in units) >= 2
        self.fragment = ""  # a paragraph's opening words, read as a headline line
        self.above: list[Unit] = []  # the last two units before the one being read, furniture left out

    def start(self) -> Draft:
        self.cur = Draft()
        self.drafts.append(self.cur)
        return self.cur

    def run(self) -> list[Article]:
        for i, u in enumerate(self.units):
            nxt = self.units[i + 1] if i + 1 < len(self.units) else None
            self.above = [v for v in self.units[max(0, i - 3):i] if v.kind != "furniture"][-2:]
            if u.kind == "furniture":
                continue
            if u.kind == "rule":
                if self.cur:
                    self.cur.closed = True  # a line drawn under a story ends it
                continue
            if u.kind == "banner":
                self.after_banner = True
                if self.cur:
                    self.cur.closed = True
                continue
            if u.kind == "head":
                self.head(u, nxt, i)
                continue
            self.after_banner = False
            if u.kind == "caption":
                self.caption(u)
            elif u.kind == "byline":
                self.byline(u, nxt)
            else:
                self.para(u)
        match_clusters(self.drafts, self.clusters)
        reattach_strays(self.drafts)
        settle_kickers(self.drafts)
        return [d.finish() for d in self.drafts if d.paras]

    def head(self, u: Unit, nxt: Unit | None, i: int) -> None:
        untitled = any(d.paras and not d.title for d in self.drafts)
        if self.column is not None and _is_cluster(u.groups, untitled):
            self.clusters.extend(build_headline([g], self.column, u.markdown) for g in u.groups)
            if self.cur:
                self.cur.closed = True
            return
        groups = u.groups
        if self.after_banner and u.markdown and len(groups[0]) > 1:
            groups = [groups[0][-1:]]
        if not self.opens_story(u, nxt, i):
            line = u.groups[0][0]
            if self.column is None and len(u.groups[0]) == 1 and re.search(r"[，,、]", NUMBERED.sub("", line)) \
                    and not ends_sentence(line) \
                    and not (nxt is not None and nxt.kind == "para" and similarity(line, nxt.text[:80]) >= 0.5):
                # Not a title, and a sub-head has no commas: a paragraph's first words cut
                # off by a stray blank line ('记者在会上了解到,精密设备产' / '业专班…'), unless
                # the paragraph below retells it, as a story's lead retells its headline.
                self.fragment = join_lines(u.groups[0])
                return
            self.cur.subheads.add(len(self.cur.paras))
            self.cur.heads[len(self.cur.paras)] = groups
            self.cur.paras.append(join_lines([l for g in groups for l in g]))
            return
        cur = self.cur
        if cur is not None and not cur.paras and not cur.title and not cur.authors:
            self.drafts.remove(cur)
        headline = build_headline(groups, self.column, u.markdown)
        self.start().apply(headline)
        self.cur.level = _title_level(u, groups, headline.title) if u.markdown else 0
        self.after_banner = False

    def opens_story(self, u: Unit, nxt: Unit | None, i: int) -> bool:
        """Is this headline a story's title (else a sub-head of the running story)?"""
        cur = self.cur
        if cur is None or (cur.closed and not self.marked_titles) or u.brief:
            return True
        if u.markdown and not cur.closed and self.under_title_level(u, nxt):
            return False
        if self.marked_titles:
            return u.markdown
        if u.decorated and not (nxt is not None and nxt.kind == "byline"):
            # A marked sub-head ('■温情服务') belongs to the running story; a credit under a
            # marked line makes it a title ('【香港北角车祸…】' / '来源：… 作者：X').
            return False
        lines = [l for g in u.groups for l in g]
        if len(lines) == 1 and width(lines[0]) <= 5 and cur.body_count > 0 and not u.wide \
                and not (nxt is not None and (nxt.kind == "byline" or nxt.explicit)):
            return False  # a word or two ('链接', '相关新闻', '警方提醒') heads a section, not a story
        if u.wide or u.stack or (u.gap >= 2 and u.gap > self.para_gap):
            return True  # set wider than a column, or with more space than paragraphs get
        if self.above and self.above[-1].kind == "caption" and not u.subhead:
            return True  # a picture closes its story or tops it: a headline under one opens the next
        if _kicker_over_title(lines) and cur.paras and ends_sentence(cur.paras[-1]):
            return True  # a column label over a title, after a finished story
        if u.subhead and not (nxt is not None and (nxt.kind == "byline" or nxt.explicit)):
            return False  # a sub-head goes on with its story; a credit or a dateline under it opens one
        if self.column is not None and _wrapped_title(lines, self.column) and u.gap > self.para_gap \
                and cur.paras and ends_sentence(cur.paras[-1]):
            return True  # a title wrapped in a narrow column, set off from a finished story
        # In line layouts a run of headline lines is a headline stack; in columns a
        # two-line run may be a sub-head and the first line of its paragraph, unless a
        # line of it is wider than the column (a sub-head is a short phrase).
        multi_line = len(lines) > 1 and (self.column is None or max(width(l) for l in lines) > self.column + 1)
        if (u.markdown or self.after_banner or u.gap >= 2 or multi_line or not self.explicit_page
                or (nxt is not None and (nxt.kind == "byline" or nxt.explicit))):
            return True
        # A sub-head is a short phrase ('用心用情办实事'); a title names its story at more
        # length. On a phrase that short, only text sharing next to nothing with the story
        # above ('法庭执法不公' after a story about a TV series) opens a new one.
        short = sum(width(l) for l in lines) <= 7
        return self.changes_subject(i, SAME_STORY / 5 if short else SAME_STORY)

    def under_title_level(self, u: Unit, nxt: Unit | None) -> bool:
        """A markdown heading deeper than the running story's title ('## 口袋公园嵌入老城区'
        under '# 我市今年将新建…'): an export nests a story's section heads under its title,
        so this is a sub-head, unless a credit or opener follows it: a story starts there.
        Not weighed by vocabulary: a section of numbered maxims shares no words with the
        story's lead, and the export's outline is explicit."""
        cur = self.cur
        if not cur.level or u.level <= cur.level or cur.body_count == 0:
            return False
        return not (nxt is not None and (nxt.kind == "byline" or nxt.explicit))

    def changes_subject(self, i: int, limit: float = SAME_STORY) -> bool:
        """No layout evidence either way: does the text after the headline read like another
        story? A sub-head's paragraphs share the running story's words; a new story's don't."""
        after = []
        for u in self.units[i + 1:i + 4]:
            if u.kind != "para":
                break
            after.append(u.text)
        before = self.cur.title + "".join(self.cur.paras)
        text = "".join(after)
        if len(text) < 40 or len(before) < 40:
            return False
        return similarity(text, before) < limit

    def byline(self, u: Unit, nxt: Unit | None) -> None:
        cur = self.cur
        if not u.authors:
            return
        if cur is not None and cur.body_count == 0 and not cur.closed:
            cur.add_authors(u.authors)
            cur.lead_credit = True
        elif u.inline_byline and cur is not None:
            self.close(u.authors)
        elif cur is not None and not cur.closed and cur.paras and ends_sentence(cur.paras[-1]) \
                and not (self.convention == "before" and nxt is not None and nxt.kind == "para"):
            self.close(u.authors)
        elif cur is not None and not cur.closed and cur.paras and (nxt is None or nxt.kind == "head"):
            self.close(u.authors)  # nothing follows it to credit: it closes the story above
        elif nxt is not None and nxt.kind == "para":
            self.start().add_authors(u.authors)

    def headline_left_behind(self, u: Unit) -> str:
        """A story's opener (本报讯, a dateline, a lead credit) right under a short line that
        was read as a paragraph ('民生年，潍坊高新区为你做了这些事!' / '本报长沙3月2日电…'):
        no paragraph ends a story just before another's opener, so that line is the new
        story's headline, when space or a closing credit sets it apart from the story above.
        It leaves the story above (or the one-line story it was read as)."""
        d = self.cur
        if d is None or not (u.opener or u.authors) or u.jump_from is not None or not self.above:
            return ""
        prev = self.above[-1]
        if prev.kind != "para" or prev.jump_to is not None or prev.authors or not _headline_line(prev.text) \
                or not d.paras or d.paras[-1] != prev.text:
            return ""
        apart = prev.gap > 0 or (len(self.above) == 2 and self.above[0].kind in ("byline", "caption"))
        if not apart:
            return ""
        if len(d.paras) == 1 and not d.title and not d.authors and not d.heads:
            self.drafts.remove(d)  # it was read as a one-line story of its own
        elif len(d.paras) >= 2:
            d.paras.pop()
            d.body_count -= 1
        else:
            return ""
        return clean_text(prev.text)

    def caption(self, u: Unit) -> None:
        """A photo caption is no text of the story; its photographer is one of the story's
        authors: the running story's, even when its closing credit came first (the picture
        is printed with the story it follows), or the next story's at the top of the page."""
        if self.cur is None:
            self.start()
        self.cur.add_authors(u.authors)

    def close(self, authors: tuple[str, ...]) -> None:
        """A closing credit ends the running story. A story is credited once: if this one
        was credited under its headline, the closing credit belongs to a story that began
        at its last sub-head, which was that story's title."""
        cur = self.cur
        if cur.lead_credit and cur.heads:
            k = max(cur.heads)
            tail = Draft(paras=cur.paras[k + 1:], body_count=1)
            tail.apply(build_headline(cur.heads.pop(k), self.column, False))
            del cur.paras[k:]
            cur.subheads = {j for j in cur.subheads if j < k}
            cur.closed = True
            self.drafts.append(tail)
            self.cur = cur = tail
        cur.add_authors(authors)
        cur.closed = True

    def para(self, u: Unit) -> None:
        cur = self.cur
        if cur is None or cur.closed or (u.explicit and cur.body_count > 0 and not _only_lead(cur)):
            left = self.headline_left_behind(u)
            cur = self.start()
            cur.title = left
        if u.jump_from is not None and cur.continued_from is None:
            cur.continued_from = u.jump_from
        cur.add_authors(u.authors)
        cur.lead_credit |= bool(u.authors) and cur.body_count == 0
        if self.fragment:
            u.text, self.fragment = self.fragment + u.text, ""
        if u.text:
            cur.paras.append(u.text)
        if not u.note and (u.text or u.jump_from is None):
            cur.body_count += 1  # a '上接第1版' line alone is no paragraph: the opener below still opens
        if u.jump_to is not None:
            cur.continued_to = u.jump_to
            cur.closed = True


def _headline_line(text: str) -> bool:
    """Short enough for a headline, and no full stop in it."""
    return 0 < len(text) <= 40 and not re.search(r"[。；;]", text)


def _title_level(u: Unit, groups: list[list[str]], title: str) -> int:
    """The markdown level of the heading that holds the title: in a stack, a kicker or a
    section's name ('# 要闻' over '## 标题') and a subtitle sit at other levels."""
    for g, level in zip(groups, u.levels if groups is u.groups else [u.level] * len(groups)):
        if title and clean_text("".join(g)) in title:
            return level
    return u.level


def _kicker_over_title(lines: list[str]) -> bool:
    """A short label over a longer line ('走基层·看变化' / '乡村振兴路上的年轻人'): a kicker
    over its title. A sub-head that wraps fills its first line; this one stops well short."""
    return len(lines) == 2 and width(lines[0]) <= 8 and width(lines[0]) <= width(lines[1]) - 3 \
        and not re.search(r"[，,。；;：:！？!?、]", lines[0])


def _wrapped_title(lines: list[str], column: float) -> bool:
    """Two or three lines that run longer than a column together: a title the narrow column
    wrapped. A sub-head is a short phrase that fits one line."""
    return 2 <= len(lines) <= 3 and sum(width(l) for l in lines) > column + 2 and not ends_open(lines[-1])


def _only_lead(d: Draft) -> bool:
    """Has the story printed only a short quoted lead ('“同学们，你们知道…？”') so far?
    Its dateline (中评社北京5月23日电) may follow that lead without opening a new story."""
    return d.body_count == 1 and bool(d.paras) and len(d.paras[-1]) <= 60 \
        and d.paras[-1].startswith(("“", "「", "\"")) and d.paras[-1].rstrip()[-1:] in "”」\""


def _is_cluster(groups: list[list[str]], untitled_before: bool) -> bool:
    """Headlines printed together away from their stories (seed 000's middle block)?

    Two groups are one headline stack (a kicker over a title, a title over a subtitle)
    unless stories without a title came before them; three are a stack only when the
    last is a '——' subtitle.
    """
    if len(groups) < 2 or (len(groups) == 2 and not untitled_before):
        return False
    return not (len(groups) == 3 and groups[2][0].startswith("——"))


def assemble(units: list[Unit], column: float | None) -> list[Article]:
    """The page's articles from its units; `column` is the width of narrow columns, if any."""
    return _Assembler(units, column).run()
