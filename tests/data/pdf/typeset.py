#!/usr/bin/env python3
"""Typeset the seed pages' stories as e-paper PDFs, for the PDF reader's regression tests.

    pip install reportlab && apt-get install fonts-wqy-zenhei fonts-arphic-ukai
    python tests/data/pdf/typeset.py        # writes tests/data/pdf/*.pdf and *.truth.json

A regression set, not a measure: these pages are laid out by rules we wrote, so they
exercise the reader's code paths real 人民日报 pages lack (a masthead set as text, a
running head, bylines under headlines, openers, jump markers, a photo with a caption in
another face) and can never show how real pages of other papers read. The stories are
the seed pages' own (tests/golden), so the words are real. The generated files are
committed; tests never need reportlab or the fonts.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE.parent.parent / "golden"
BODY_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
CAPTION_FONT = "/usr/share/fonts/truetype/arphic/ukai.ttc"
W, H = 842, 1191
MARGIN, GUTTER, COLUMNS = 36, 14, 4
BODY, LEAD = 9.0, 13.0


def column_width() -> float:
    return (W - 2 * MARGIN - (COLUMNS - 1) * GUTTER) / COLUMNS


def wrap(paragraph: str, per_line: int) -> list[str]:
    """Hard-wrap a paragraph: a two-em indent on its first line, then full lines."""
    text = "\u3000\u3000" + paragraph
    return [text[i:i + per_line] for i in range(0, len(text), per_line)]


class Page:
    def __init__(self, canvas):
        self.c = canvas
        self.y = MARGIN

    def text(self, x: float, y: float, s: str, size: float, font: str = "body",
             justify: float | None = None) -> None:
        """Draw a line; `justify`: spread its characters to that width, as print does."""
        from reportlab.pdfbase.pdfmetrics import stringWidth
        t = self.c.beginText(x, H - y - size)
        t.setFont(font, size)
        spread = justify and len(s) > 1
        # the character spacing is graphics state: it outlives the text object, so set it
        # on every line
        t.setCharSpace((justify - stringWidth(s, font, size)) / (len(s) - 1) if spread else 0)
        t.textOut(s)
        self.c.drawText(t)

    def header(self, paper: str | None, line: str) -> None:
        if paper:  # a front page: the paper's name set large
            self.text(MARGIN, self.y, paper, 44)
            self.text(W - MARGIN - 9 * len(line), self.y + 30, line, 9)
            self.y += 70
        else:
            self.text(MARGIN, self.y, line, 9)
            self.y += 24

    def story(self, art: dict, columns: int, x0: float, photo: bool = False) -> None:
        width = columns * column_width() + (columns - 1) * GUTTER
        if art.get("kicker"):
            self.text(x0, self.y, art["kicker"], 12)
            self.y += 17
        size = min(22.0, width / max(1, len(art["title"])))
        self.text(x0, self.y, art["title"], size)
        self.y += size + 6
        if art.get("subtitle"):
            self.text(x0, self.y, "——" + art["subtitle"], 12)
            self.y += 18
        if art.get("authors"):
            self.text(x0, self.y, "■记者 " + " ".join(art["authors"]), BODY)
            self.y += LEAD + 4
        lines = self.body_lines(art, columns)
        top = self.y
        if photo:
            self.photo(x0, top)
        per_column = -(-len(lines) // columns)
        for k in range(columns):
            x = x0 + k * (column_width() + GUTTER)
            y = top + (130 if photo and k == 0 else 0)
            for line, full in lines[k * per_column:(k + 1) * per_column]:
                self.text(x, y, line, BODY, justify=column_width() if full else None)
                y += LEAD
        self.y = top + per_column * LEAD + (130 if photo else 0) + 24

    def body_lines(self, art: dict, columns: int) -> list[str]:
        per_line = int(column_width() // BODY)
        paragraphs = [p for p in art["body"].split("\n") if p.strip()]
        if art.get("continued_to"):
            paragraphs[-1] += f"（下转第{art['continued_to']}版）"
        # (line, justified): every line of a paragraph but its last fills the column
        return [(line, k < len(lines) - 1) for p in paragraphs
                for lines in [wrap(p, per_line)] for k, line in enumerate(lines)]

    def photo(self, x: float, y: float) -> None:
        from reportlab.lib.utils import ImageReader
        from PIL import Image
        picture = io.BytesIO()
        Image.new("RGB", (60, 40), (150, 150, 150)).save(picture, "PNG")
        self.c.drawImage(ImageReader(picture), x, H - y - 100, column_width(), 100)
        self.text(x, y + 104, "图为活动现场。", 8, "caption")


def typeset(name: str, articles: list[dict], paper: str | None, head: str, photo_at: int = -1) -> dict:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(W, H))
    page = Page(c)
    page.header(paper, head)
    for k, art in enumerate(articles):
        page.story(art, COLUMNS, MARGIN, photo=(k == photo_at))
    c.save()
    (HERE / f"{name}.pdf").write_bytes(out.getvalue())
    return {"articles": articles}


def register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    pdfmetrics.registerFont(TTFont("body", BODY_FONT, subfontIndex=0))
    pdfmetrics.registerFont(TTFont("caption", CAPTION_FONT, subfontIndex=0))


def seed_stories(golden: str, count: int) -> list[dict]:
    stories = json.loads((GOLDEN / golden).read_text(encoding="utf-8"))
    return [s for s in stories if s["title"] and len(s["body"]) > 150][:count]


def main() -> None:
    register_fonts()
    front = seed_stories("001_cd34915e0be2f362.json", 3)
    truth = typeset("front_page", front, "杨浦时报", "2023年12月19日 星期二 第95期", photo_at=1)
    truth.update(paper="杨浦时报", date="2023-12-19", page=None)
    (HERE / "front_page.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    inside = seed_stories("003_c616ab6b8247df4d.json", 3)
    truth = typeset("inside_page", inside, None, "2023年12月19日  第3版  综合新闻")
    truth.update(paper=None, date="2023-12-19", page=3)
    (HERE / "inside_page.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
