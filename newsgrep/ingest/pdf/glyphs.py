"""The characters a PDF page draws: each with its box, font size, font and weight.

The only module that speaks to the PDF library. pypdfium2 (PDFium, Chrome's PDF engine;
BSD-3/Apache-2.0) was chosen by measurement (benchmarks/real/libraries.py, real e-paper
pages, every character with its box and size): 9.1 pages a second against 1.4 for
pdfplumber/pdfminer.six and 10.5 for PyMuPDF, every CJK character pdftotext reads read
by all three; it ships wheels for every platform and is kept up with PDFium, and its
licence suits an MIT tool, where PyMuPDF's AGPL does not.
Coordinates are PDF points with y measured down from the page's top edge.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import NamedTuple


class Glyph(NamedTuple):
    """One drawn character (a tuple: a page holds thousands, made and read in tight loops)."""

    char: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float      # the font size as drawn, in points
    font: str        # the font's base name without its subset tag ("ABCDEF+")
    bold: bool
    cx: float        # the box's centre
    cy: float


@dataclass(frozen=True)
class PageGlyphs:
    width: float
    height: float
    glyphs: list[Glyph]
    images: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom


class PdfUnreadable(Exception):
    """Bytes that are not a PDF PDFium can open (damaged, encrypted)."""


# Spaces of every width draw nothing: an indent set with ideographic spaces must show as
# the first ink standing in, as it does on the page.
_NO_INK = frozenset(map(chr, [*range(0x21), 0xA0, *range(0x2000, 0x200C), 0x3000, 0xFEFF, 0xFFFE,
                               0xFFFF])) | {""}  # '': the second half of a character (`paired`)


def read_glyphs(data: bytes) -> list[PageGlyphs]:
    """Every page's glyphs, in the order the page draws them."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfUnreadable(str(exc)) from None
    try:
        return [_page_glyphs(document[i]) for i in range(len(document))]
    finally:
        document.close()


def _page_glyphs(page) -> PageGlyphs:
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        glyphs = _glyphs(textpage.raw, height)
    finally:
        textpage.close()
    return PageGlyphs(width, height, glyphs, _image_boxes(page, height))


def _glyphs(textpage, height: float) -> list[Glyph]:
    """The page's inked characters in drawing order, where a page draws the same character
    twice in one place (a headline's outline over its fill, a shadow, a fake bold) once:
    the reader sees one. Made with a PDFium call or two per character and a few per text
    object, at about 3 µs a character: a page holds thousands."""
    import pypdfium2.raw as raw

    box = raw.FS_RECTF()
    styles = _Styles(raw, textpage)
    get_box, object_address = raw.FPDFText_GetLooseCharBox, _object_address(raw)
    make = tuple.__new__  # a Glyph without NamedTuple's Python-level __new__
    drawn: set[tuple[str, int, int]] = set()
    glyphs: list[Glyph] = []
    for i, char in enumerate(_chars(raw, textpage)):
        # Spaces and line ends (PDFium's own included) are no ink: the layout reader
        # decides where words and lines part. The loose box is the font's em box: the
        # same height for every glyph of a line, where the tight box of a comma is a dot.
        if char in _NO_INK or not get_box(textpage, i, box):
            continue
        key = object_address(textpage, i) or 0
        size, font, bold, step = styles.get(key) or styles.read(i, key)
        left, right, top, bottom = box.left, box.right, height - box.top, height - box.bottom
        spot = (char, round(left / step), round(top / step))  # an overprint's place
        if spot not in drawn:
            drawn.add(spot)
            glyphs.append(make(Glyph, (char, left, top, right, bottom, size, font, bold,
                                       (left + right) / 2, (top + bottom) / 2)))
    return glyphs


def _chars(raw, textpage) -> str | list[str]:
    """Every character by its index, read in one call (a call per character costs as much
    as reading its box)."""
    count = raw.FPDFText_CountChars(textpage)
    buffer = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(textpage, 0, count, buffer) - 1  # less the NUL
    if written == count:
        codes = buffer[:count]
        if not any(0xD800 <= c < 0xE000 for c in codes):
            return "".join(map(chr, codes))
    else:
        codes = [raw.FPDFText_GetUnicode(textpage, i) for i in range(count)]
    return paired(codes)


def paired(codes: list[int]) -> list[str]:
    """Characters from PDFium's codes, one per index. A character outside the BMP (a rare
    name character of CJK Extension B, an emoji) takes two indexes, one per UTF-16 half,
    with one box: it is read at the first, and the second draws nothing (''). A half
    without its partner is U+FFFD: a lone surrogate cannot be folded or written."""
    chars = []
    for k, code in enumerate(codes):
        if 0xD800 <= code < 0xDC00 and k + 1 < len(codes) and 0xDC00 <= codes[k + 1] < 0xE000:
            chars.append(chr(0x10000 + ((code - 0xD800) << 10) + codes[k + 1] - 0xDC00))
        elif 0xDC00 <= code < 0xE000 and k and 0xD800 <= codes[k - 1] < 0xDC00:
            chars.append("")
        else:
            chars.append("\ufffd" if 0xD800 <= code < 0xE000 else _char(code))
    return chars


def _object_address(raw):
    """FPDFText_GetTextObject returning the object's address as an int: the address keys
    the style cache, and converting pypdfium2's pointer to an int per glyph took a fifth
    of the page's reading time."""
    return _returning_address(raw.FPDFText_GetTextObject, *raw.FPDFText_GetTextObject.argtypes)


def _returning_address(function, *argtypes):
    """A PDFium function that returns a handle, returning its address as an int instead."""
    returning_address = ctypes.CFUNCTYPE(ctypes.c_void_p, *argtypes)
    return returning_address(ctypes.cast(function, ctypes.c_void_p).value)


class _Styles(dict):
    """Text object address → (size, font name, bold, overprint step), asked of PDFium once
    per text object (a run of glyphs drawn in one style; some producers make one per word)
    and its font once per font."""

    def __init__(self, raw, textpage):
        super().__init__()
        self.raw, self.textpage = raw, textpage
        self.matrix = raw.FS_MATRIX()
        # a text object's font, asked by the object's address (the style cache's key)
        self.get_font = _returning_address(raw.FPDFTextObj_GetFont, ctypes.c_void_p)
        self.fonts: dict[int, tuple[str, bool]] = {}

    def read(self, i: int, key: int) -> tuple[float, str, bool, float]:
        """The style of the `i`th character, whose text object (`key`) is not read yet."""
        raw, textpage, matrix = self.raw, self.textpage, self.matrix
        size = raw.FPDFText_GetFontSize(textpage, i)
        if raw.FPDFText_GetMatrix(textpage, i, matrix):
            # Producers often set size 1 and scale the text matrix instead.
            size *= abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        font = (self.get_font(key) if key else None) or 0
        if font not in self.fonts:
            name = _font_name(raw, font)
            self.fonts[font] = (name, raw.FPDFText_GetFontWeight(textpage, i) >= 600 or _bold_name(name))
        size = round(size, 2)
        # Overprints are told apart on a grid a quarter of the type's size (half a point
        # at least).
        self[key] = style = (size, *self.fonts[font], max(size * 0.25, 0.5))
        return style


def _font_name(raw, font: int) -> str:
    if not font:
        return ""
    buffer = ctypes.create_string_buffer(256)
    length = raw.FPDFFont_GetBaseFontName(ctypes.cast(font, raw.FPDF_FONT), buffer, 256)
    return buffer.raw[:max(length - 1, 0)].decode("latin-1", "replace").split("+")[-1]


def _char(code: int) -> str:
    try:
        return chr(code)
    except ValueError:
        return "\ufffd"


def _bold_name(name: str) -> bool:
    low = name.lower()
    return any(mark in low for mark in ("bold", "heavy", "black", "hei", "cuti", "zhongsong"))


def _image_boxes(page, height: float) -> list[tuple[float, float, float, float]]:
    """The boxes of the page's pictures (in forms too), asked of PDFium directly: a page
    holds thousands of text objects that a wrapper per object would only slow down."""
    import pypdfium2.raw as raw

    boxes = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))

    def visit(count: int, get, depth: int) -> None:
        for k in range(count):
            obj = get(k)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_IMAGE and raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                boxes.append((left.value, height - top.value, right.value, height - bottom.value))
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 2:
                visit(raw.FPDFFormObj_CountObjects(obj), lambda j, o=obj: raw.FPDFFormObj_GetObject(o, j), depth + 1)

    visit(raw.FPDFPage_CountObjects(page.raw), lambda k: raw.FPDFPage_GetObject(page.raw, k), 0)
    return boxes
