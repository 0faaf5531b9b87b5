"""The PDF page machinery shared by the worksheet and the filled map: an A4 canvas that
numbers its pages, the text helpers (``Paper``), and the drawing pieces both documents
use: the tinted bands of the circles, the four quarters, the shapes of the relations and
the lines of the ties (the same as on screen: ``conference.network.styles``).

Safety: user text (names, the title) is only ever drawn with ``canvas.drawString``,
which paints characters as they are: markup such as ``<b>`` or ``<img …>`` prints
literally (reportlab's ``Paragraph``, which reads markup, is never used here).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas as pdf_canvas

from conference.domain.enums import Relation, TieKind
from conference.i18n import N_, translator
from conference.network.styles import (
    NODE_BORDER,
    RELATION_STYLES,
    TIE_STYLES,
    rgb,
    shape_points,
)

from ..docx_common import fr_typography
from . import text as _text
from .text import measure, printable, shorten, visual

PAGE_WIDTH, PAGE_HEIGHT = A4  # 595.3 x 841.9 pt
MARGIN = 40.0
EDGE_CLEARANCE = 10 * mm   # nothing but the footer comes nearer the paper's edge
LANG_TAGS = {"fr": "fr-FR", "en": "en-GB"}

INK = (0.12, 0.12, 0.12)
HEADING = (0x1F / 255, 0x3A / 255, 0x5F / 255)  # the Word documents' heading colour
MUTED = (0.35, 0.35, 0.35)
GUIDE = (0.62, 0.62, 0.62)
RING_LINE = HEADING
# From the centre outwards: light enough to write on in pencil, distinct in grey print.
BAND_FILLS = ((0.86, 0.90, 0.95), (0.92, 0.94, 0.97), (0.97, 0.98, 0.99), (1.0, 1.0, 1.0))

RING_LABELS = {1: N_("1 · very close"), 2: N_("2 · close"), 3: N_("3 · further"), None: N_("Not on a circle yet")}

# The four quarters of both the worksheet and the filled map, clockwise from 12 o'clock
# (family first, like the app's sectors). Eight relations are too many boxes for a sheet
# filled in by hand; the filled map uses the same four, so copying from one to the other
# is direct.
QUARTERS = (N_("Family"), N_("Friends and neighbours"), N_("School, work, leisure"),
            N_("Professionals and associations"))
QUARTER_OF: dict[Relation, int] = {
    Relation.FAMILY: 0, Relation.FRIEND: 1, Relation.NEIGHBOUR: 1, Relation.TRUSTED_PERSON: 1,
    Relation.COLLEAGUE: 2, Relation.PEER_SUPPORTER: 3, Relation.PROFESSIONAL: 3, Relation.EXPERT: 3,
}
QUARTER_SIZE = 11.0

PDF_LINE_SCALE = 0.45  # screen pixels of a tie's width and dashes → points on paper


def _(message: str, lang: str, /, **values) -> str:
    return translator(lang)(message, **values)


class NumberedCanvas(pdf_canvas.Canvas):
    """reportlab's numbered-canvas recipe: keep each page's state, draw the footers at save."""

    def __init__(self, *args, footer: Callable[[NumberedCanvas, int, int], None], **kwargs):
        super().__init__(*args, **kwargs)
        self._cercle_pages: list[dict] = []
        self._cercle_footer = footer

    def showPage(self):
        self._cercle_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._cercle_pages)
        for number, state in enumerate(self._cercle_pages, 1):
            self.__dict__.update(state)
            self._cercle_footer(self, number, total)
            super().showPage()
        super().save()


class Paper:
    """One PDF being drawn: the canvas, the language, fonts and text helpers. Text is
    kept in logical order (as typed) until ``draw`` paints it."""

    def __init__(self, lang: str, footer_label: str, title: str):
        self.lang = lang if lang in LANG_TAGS else "fr"
        self.fonts = _text.fonts(_text.FONT_DIR)
        self.buffer = BytesIO()
        self.footer_label = self.text(footer_label + (f" — {title}" if title.strip() else ""))
        self.canvas = NumberedCanvas(self.buffer, pagesize=A4, footer=self._footer,
                                     lang=LANG_TAGS[self.lang], initialFontName=self.fonts.regular)

    def _(self, message: str, /, **values) -> str:
        return self.text(_(message, self.lang, **values))

    def text(self, value: object) -> str:
        """Printable text, with French typography in French."""
        text = printable(str(value or ""), self.fonts)
        return printable(fr_typography(text), self.fonts) if self.lang == "fr" and text else text

    def font(self, bold: bool = False) -> str:
        return self.fonts.bold if bold else self.fonts.regular

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return measure(text, self.font(bold), size)

    def draw(self, x: float, y: float, text: str, size: float, *, bold: bool = False, align: str = "left",
             colour=INK, base: str | None = "L") -> None:
        """Draw already printable ``text`` (see ``text``) as plain characters, right-to-left
        words shaped and reordered (``base``: "L" in running text, None for a name alone)."""
        c = self.canvas
        c.setFillColorRGB(*colour)
        c.setFont(self.font(bold), size)
        shown = visual(text, base, self.fonts.charset)
        if align == "centre":
            c.drawCentredString(x, y, shown)
        elif align == "right":
            c.drawRightString(x, y, shown)
        else:
            c.drawString(x, y, shown)

    def wrap(self, text: str, size: float, width: float, bold: bool = False) -> list[str]:
        return simpleSplit(text, self.font(bold), size, width) or [""]

    def paragraph(self, x: float, y: float, text: str, size: float, width: float, *, bold: bool = False,
                  colour=INK, leading: float | None = None) -> float:
        """Wrapped text from the top line ``y`` down; returns the y under the last line."""
        leading = leading or size * 1.3
        for line in self.wrap(text, size, width, bold):
            self.draw(x, y, line, size, bold=bold, colour=colour)
            y -= leading
        return y

    def heading(self, y: float, text: str, size: float = 19) -> float:
        self.draw(MARGIN, y, text, size, bold=True, colour=HEADING)
        return y - size * 1.25

    def _footer(self, c, number: int, total: int) -> None:
        c.saveState()
        c.setStrokeColorRGB(*GUIDE)
        c.setLineWidth(0.5)
        c.line(MARGIN, 30, PAGE_WIDTH - MARGIN, 30)
        size = 8.5
        page = self._("Page {number} of {total}", number=number, total=total)
        room = PAGE_WIDTH - 2 * MARGIN - self.width(page, size) - 12
        self.draw(MARGIN, 19, shorten(self.footer_label, self.font(), size, room), size, colour=MUTED)
        self.draw(PAGE_WIDTH - MARGIN, 19, page, size, align="right", colour=MUTED)
        c.restoreState()

    def finish(self, *, document: str) -> bytes:
        c = self.canvas
        c.setTitle(self.footer_label)
        c.setSubject(self.text(document))
        c.setAuthor("Cercle")
        c.setCreator("Cercle")
        c.save()
        return self.buffer.getvalue()


# ---------------------------------------------------------------------------------------
# Drawing pieces shared by the two documents
# ---------------------------------------------------------------------------------------

def bands(paper: Paper, cx: float, cy: float, radii: Sequence[float], *, dashed_last: bool = False) -> None:
    """Concentric bands from the outside in (``radii`` from the centre out: the focal
    circle, then each ring's outer edge), each lightly tinted, edges in the heading blue."""
    c = paper.canvas
    c.saveState()
    count = len(radii)
    for index in range(count - 1, -1, -1):
        c.setFillColorRGB(*(BAND_FILLS[min(index, len(BAND_FILLS)) - 1] if index else (1, 1, 1)))
        c.setStrokeColorRGB(*RING_LINE)
        c.setLineWidth(1.6 if index == 0 else 1.1)
        c.setDash(*((4, 3),) if dashed_last and index == count - 1 else ())
        c.circle(cx, cy, radii[index], stroke=1, fill=1)
    c.restoreState()


def quarter_guides(paper: Paper, cx: float, cy: float, inner: float, outer: float) -> None:
    """Dashed lines at 12, 3, 6 and 9 o'clock between the four quarters."""
    c = paper.canvas
    c.saveState()
    c.setStrokeColorRGB(*GUIDE)
    c.setLineWidth(0.8)
    c.setDash([3, 3], 0)
    for angle in (0, 90, 180, 270):
        dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        c.line(cx + dx * inner, cy + dy * inner, cx + dx * outer, cy + dy * outer)
    c.restoreState()


def tag(paper: Paper, x: float, y: float, text: str, size: float, *, fill=(1, 1, 1), bold: bool = True,
        colour=HEADING) -> tuple[float, float, float, float]:
    """A short label centred on (x, y) on a rounded background, readable over lines; its box."""
    c = paper.canvas
    width = paper.width(text, size, bold) + 8
    c.saveState()
    c.setFillColorRGB(*fill)
    c.setStrokeColorRGB(*fill)
    c.roundRect(x - width / 2, y - size * 0.45, width, size * 1.35, 3, stroke=0, fill=1)
    c.restoreState()
    paper.draw(x, y, text, size, bold=bold, align="centre", colour=colour)
    return x - width / 2, y - size * 0.45, x + width / 2, y + size * 0.9


def tie_style(kind: TieKind) -> tuple[tuple[float, float, float], float, list[float]]:
    """(colour, width, dash pattern) of a tie on paper: the screen's, scaled to points."""
    style = TIE_STYLES[kind]
    dashes = [max(0.1, d * PDF_LINE_SCALE) for d in style.dashes] if style.dashes else []
    return rgb(style.colour), max(1.0, style.width * PDF_LINE_SCALE), dashes


def stroke_tie(paper: Paper, kind: TieKind) -> None:
    """Set the canvas's line to a tie's (inside the caller's saveState)."""
    c = paper.canvas
    colour, width, dashes = tie_style(kind)
    c.setStrokeColorRGB(*colour)
    c.setLineWidth(width)
    c.setLineCap(1)
    if dashes:
        c.setDash(dashes, 0)


def tie_sample(paper: Paper, x: float, y: float, kind: TieKind, length: float = 34) -> None:
    c = paper.canvas
    c.saveState()
    stroke_tie(paper, kind)
    c.line(x, y, x + length, y)
    c.restoreState()


def shape(paper: Paper, relation: Relation, x: float, y: float, r: float) -> None:
    """The relation's shape centred on (x, y), ``r`` points from centre to tip: the
    screen's shape and colour (``conference.network.styles``)."""
    c = paper.canvas
    style = RELATION_STYLES.get(relation, RELATION_STYLES[Relation.FAMILY])
    c.saveState()
    c.setFillColorRGB(*rgb(style.fill))
    c.setStrokeColorRGB(*rgb(NODE_BORDER))
    c.setLineWidth(0.8)
    c.setLineJoin(1)
    if style.shape == "dot":
        c.circle(x, y, r, stroke=1, fill=1)
    elif style.shape == "square":
        side = r * 1.6
        c.rect(x - side / 2, y - side / 2, side, side, stroke=1, fill=1)
    elif style.shape == "image":  # the professional's card: a badge with two lines
        w, h = r * 2.2, r * 1.5
        c.roundRect(x - w / 2, y - h / 2, w, h, r * 0.3, stroke=1, fill=1)
        c.setLineWidth(0.6)
        c.line(x - w * 0.3, y + h * 0.1, x + w * 0.3, y + h * 0.1)
        c.line(x - w * 0.3, y - h * 0.2, x + w * 0.1, y - h * 0.2)
    else:
        points = shape_points(style.shape, x, y, r)
        path = c.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.close()
        c.drawPath(path, stroke=1, fill=1)
    c.restoreState()


def write_lines(paper: Paper, x: float, y: float, width: float, count: int, gap: float = 24) -> float:
    """Dotted lines to write on by hand, the first one at ``y``; returns the y under them."""
    c = paper.canvas
    c.saveState()
    c.setStrokeColorRGB(*GUIDE)
    c.setLineWidth(0.7)
    c.setDash([0.1, 2.6], 0)
    c.setLineCap(1)
    for _index in range(count):
        c.line(x, y, x + width, y)
        y -= gap
    c.restoreState()
    return y
