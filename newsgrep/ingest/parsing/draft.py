"""An article being put together: what assembling and headline matching both work on."""
from __future__ import annotations

from dataclasses import dataclass, field

from newsgrep.ingest.parsing.headlines import Headline
from newsgrep.models import Article


@dataclass
class Draft:
    """An article being put together."""

    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    paras: list[str] = field(default_factory=list)
    body_count: int = 0
    subheads: set[int] = field(default_factory=set)
    heads: dict[int, list[list[str]]] = field(default_factory=dict)  # sub-head lines by index
    lead_credit: bool = False      # credited before its body (under the headline, 本报讯（记者…）)
    continued_from: int | None = None
    continued_to: int | None = None
    closed: bool = False
    level: int = 0                 # its title's markdown heading level ('#' 1), 0 if none
    kicker_weighed: bool = False   # the kicker may be the title's first line (Headline)

    def apply(self, head: Headline) -> None:
        self.kicker, self.title, self.subtitle = head.kicker, head.title, head.subtitle
        self.kicker_weighed = head.kicker_weighed
        self.add_authors(head.authors)

    def add_authors(self, names) -> None:
        for n in names:
            if n not in self.authors:
                self.authors.append(n)

    def finish(self) -> Article:
        return Article(title=self.title, body="\n".join(p for p in self.paras if p),
                       kicker=self.kicker, subtitle=self.subtitle, authors=tuple(self.authors),
                       continued_from=self.continued_from, continued_to=self.continued_to)
