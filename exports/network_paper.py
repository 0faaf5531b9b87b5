"""The network map on paper (PDF, A4 portrait): a blank worksheet for families who
prefer pen and paper, and a printable copy of a filled map.

Pure: plain values or a ``MapData`` in, PDF bytes out; no database, no Streamlit.

Why a PDF drawn with reportlab (BSD, pure Python): circles, dashed ties and shapes are
drawing, not text flow. A Word document would hold them as DrawingML shapes anchored to
paragraphs, which LibreOffice and Word place differently; a PDF prints the same
everywhere and nobody edits a map by moving shapes in Word.

Safety: user text (names, the title) is only ever drawn with ``canvas.drawString``,
which paints characters as they are: markup such as ``<b>`` or ``<img …>`` prints
literally (reportlab's ``Paragraph``, which reads markup, is never used here). Control
and invisible format characters are removed (a right-to-left override cannot reorder
a printed name) and characters the font lacks become a visible box. Nobody flagged
"not safe" or "not to be invited" is ever drawn, even if the caller passed them.

Fonts: DejaVu Sans (Debian ``fonts-dejavu-core``) when present, for accents, « »,
narrow no-break spaces and many symbols; otherwise Helvetica, whose Latin-1 range
covers French (other characters print as "?").
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Callable, Iterable, Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen import canvas as pdf_canvas

from conference import clock
from conference.domain.enums import InvitationStatus, Relation, Support, TieKind
from conference.i18n import N_, format_date, translator
from conference.i18n.labels import label
from conference.domain.model import Participant
from conference.network import layout
from conference.network.layout import MapData, MapNode

from .docx_common import fr_typography

PAGE_WIDTH, PAGE_HEIGHT = A4  # 595.3 x 841.9 pt
MARGIN = 40.0
LANG_TAGS = {"fr": "fr-FR", "en": "en-GB"}

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FALLBACK_FONTS = ("Helvetica", "Helvetica-Bold")

INK = (0.12, 0.12, 0.12)
HEADING = (0x1F / 255, 0x3A / 255, 0x5F / 255)  # the Word documents' heading colour
MUTED = (0.35, 0.35, 0.35)
GUIDE = (0.62, 0.62, 0.62)
RING_LINE = HEADING
# From the centre outwards: light enough to write on in pencil, distinct in grey print.
BAND_FILLS = ((0.86, 0.90, 0.95), (0.92, 0.94, 0.97), (0.97, 0.98, 0.99), (1.0, 1.0, 1.0))

RING_LABELS = {1: N_("1 · very close"), 2: N_("2 · close"), 3: N_("3 · further"), None: N_("Not placed yet")}

# The blank worksheet's four quarters, clockwise from 12 o'clock like the app's sectors
# (family first). Eight relations are too many boxes for a sheet filled in by hand.
WORKSHEET_QUARTERS = (N_("Family"), N_("Friends and neighbours"), N_("School, work, leisure"),
                      N_("Professionals and associations"))
SUPPORT_EXAMPLES = {
    Support.EMOTIONAL: N_("listen, comfort, be there"),
    Support.PRACTICAL: N_("shopping, paperwork, small repairs"),
    Support.HOUSING: N_("a bed, a place to stay"),
    Support.CHILDCARE: N_("look after the children, take them to school"),
    Support.FINANCIAL: N_("lend or give money, help with the budget"),
    Support.TRANSPORT: N_("drive someone, go with them"),
    Support.OTHER: N_("anything else"),
}

# A shape per relation that reads in black and white, and a light tint for colour print.
RELATION_SHAPES: dict[Relation, str] = {
    Relation.FAMILY: "circle", Relation.FRIEND: "square", Relation.NEIGHBOUR: "triangle",
    Relation.COLLEAGUE: "diamond", Relation.PEER_SUPPORTER: "triangle_down", Relation.PROFESSIONAL: "hexagon",
    Relation.EXPERT: "star", Relation.TRUSTED_PERSON: "target",
}
RELATION_FILLS: dict[Relation, tuple[float, float, float]] = {
    Relation.FAMILY: (0.99, 0.83, 0.62), Relation.FRIEND: (0.72, 0.87, 0.72),
    Relation.NEIGHBOUR: (0.72, 0.84, 0.95), Relation.COLLEAGUE: (0.85, 0.78, 0.93),
    Relation.PEER_SUPPORTER: (0.98, 0.78, 0.84), Relation.PROFESSIONAL: (0.85, 0.85, 0.85),
    Relation.EXPERT: (1.0, 0.93, 0.55), Relation.TRUSTED_PERSON: (0.70, 0.90, 0.90),
}
# Ties: solid, dashed and dotted, so they stay apart on a black-and-white printer.
TIE_STYLES: dict[TieKind, tuple[tuple[float, float, float], float, tuple[float, ...]]] = {
    TieKind.SUPPORT: ((0.20, 0.29, 0.40), 1.1, ()),
    TieKind.CONFLICT: ((0.66, 0.16, 0.13), 1.4, (5, 3)),
    TieKind.BROKEN: ((0.40, 0.40, 0.40), 1.4, (0.1, 3)),
}

# Names under the shapes: longer names are cut with "…", on two lines at most.
NAME_MAX_WIDTH = 92.0
NAME_MIN_WIDTH = 34.0

_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(" {2,}")


# ---------------------------------------------------------------------------------------
# The public builders
# ---------------------------------------------------------------------------------------

def build_network_worksheet(*, title: str = "", lang: str = "fr") -> bytes:
    """A blank worksheet (PDF, two A4 pages) to draw one's network by hand.

    Page 1: short plain-language instructions, the focal circle ("Me") and the three
    rings (1 very close, 2 close, 3 further) in four labelled quarters, and how to draw
    ties. Page 2: "Who can help with what?", one block of blank lines per support type.
    ``title`` (optional, e.g. the family's name) prints under the heading; the family
    writes the date. Writes nothing, audits nothing.
    """
    paper = _Paper(lang, _("Cercle · My network", lang), title)
    _worksheet_map_page(paper, title)
    paper.canvas.showPage()
    _worksheet_help_page(paper)
    paper.canvas.showPage()
    return paper.finish(document=_("My network", lang))


def build_network_map_pdf(map_data: MapData, *, title: str, lang: str = "fr", today: date | None = None) -> bytes:
    """A filled network map to print (PDF, A4): the rings, every person at the place
    the app's layout gave them, ties, a legend and the date; then the list of people
    by ring with what they can help with, and "who can help with what?".

    Pass the *shareable* map (``layout.map_data(conf, for_sharing=True)`` or the
    ``map`` of ``services.network.get_shareable_network``): anyone flagged "not safe" or
    "not to be invited" is dropped here too, with their ties. ``today`` defaults to
    the current date. Writes nothing, audits nothing.
    """
    map_data = shareable_map(map_data)
    nodes, edges = map_data.nodes, map_data.edges
    paper = _Paper(lang, _("Cercle · Network map", lang), title)
    _map_page(paper, map_data, nodes, edges, title, today or clock.today())
    paper.canvas.showPage()
    _people_pages(paper, nodes)
    paper.canvas.showPage()
    return paper.finish(document=_("Network map", lang))


def shareable_map(data: MapData) -> MapData:
    """``data`` without anyone flagged "not safe" or "not to be invited", nor their ties.

    When someone had to be left out (a caller passed the professional map), the others
    are laid out again as ``layout.map_data(..., for_sharing=True)`` would, so that no
    empty place on a ring or wider sector betrays that someone is missing.
    """
    nodes = tuple(n for n in data.nodes if not n.not_safe and n.invitation is not InvitationStatus.NOT_TO_INVITE)
    kept = {n.id for n in nodes}
    edges = tuple(e for e in data.edges if e.source in kept and e.target in kept and e.source != e.target)
    if len(nodes) == len(data.nodes) and len(edges) == len(data.edges):
        return data
    people = [Participant(n.id, n.label, n.relation, n.ring, is_focal=n.is_focal,
                          position=(n.x, n.y) if n.moved else None) for n in nodes]
    # (``concentric_layout`` needs someone at the centre: without, the given places stay.)
    positions = layout.concentric_layout(people) if any(p.is_focal for p in people) \
        else {n.id: (n.x, n.y) for n in nodes}
    nodes = tuple(replace(n, x=positions[n.id][0], y=positions[n.id][1]) for n in nodes)
    return replace(data, nodes=nodes, edges=edges, sectors=layout.sectors(people), for_sharing=True)


def _(message: str, lang: str, /, **values) -> str:
    return translator(lang)(message, **values)


# ---------------------------------------------------------------------------------------
# Fonts and text
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    charset: frozenset[int] | None  # code points the font draws; None: Latin-1 (Helvetica)

    @property
    def missing(self) -> str:
        return "\u25a1" if self.charset is not None else "?"  # □, or ? in Helvetica


@lru_cache(maxsize=4)
def fonts(directory: Path = FONT_DIR) -> Fonts:
    """DejaVu Sans (regular, bold) from ``directory`` when present, registered once; else Helvetica."""
    regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        try:
            face = TTFont("CercleSans", str(regular))
            pdfmetrics.registerFont(face)
            pdfmetrics.registerFont(TTFont("CercleSans-Bold", str(bold)))
            return Fonts("CercleSans", "CercleSans-Bold", frozenset(face.face.charToGlyph))
        except (TTFError, OSError):
            pass
    return Fonts(*FALLBACK_FONTS, None)


def printable(text: str, font: Fonts) -> str:
    """``text`` as it can be printed: one line, composed (NFC), no control or invisible
    format characters (zero-width joiners, bidi overrides), spaces collapsed, and a
    box (or "?") for each character the font cannot draw."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub(" ", str(text or "")))
    out = []
    for ch in text:
        if ch.isspace() and ch not in "\u00a0\u202f":
            out.append(" ")
        elif unicodedata.category(ch) == "Cf":
            continue
        elif font.charset is None:
            if ch == "\u202f":
                ch = "\u00a0"
            out.append(ch if ord(ch) < 256 or ch in "€…«»’“”–—·œŒ" else font.missing)
        else:
            out.append(ch if ord(ch) in font.charset else font.missing)
    return _SPACES.sub(" ", "".join(out)).strip()


def shorten(text: str, font_name: str, size: float, width: float) -> str:
    """``text`` cut with "…" so that it fits ``width`` points (whole text when it fits)."""
    if pdfmetrics.stringWidth(text, font_name, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if pdfmetrics.stringWidth(text[:middle].rstrip() + "…", font_name, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…" if low else "…"


def name_lines(text: str, font_name: str, size: float, width: float) -> list[str]:
    """A name on one line, or two balanced lines, each cut with "…" when still too long."""
    if not text or pdfmetrics.stringWidth(text, font_name, size) <= width:
        return [text]
    words = text.split(" ")
    if len(words) == 1:
        return [shorten(text, font_name, size, width)]
    cuts = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(cuts, key=lambda pair: max(pdfmetrics.stringWidth(p, font_name, size) for p in pair))
    return [shorten(first, font_name, size, width), shorten(second, font_name, size, width)]


# ---------------------------------------------------------------------------------------
# A canvas that knows the page count when it saves (for "Page 1 of 2")
# ---------------------------------------------------------------------------------------

class _NumberedCanvas(pdf_canvas.Canvas):
    """reportlab's numbered-canvas recipe: keep each page's state, draw the footers at save."""

    def __init__(self, *args, footer: Callable[["_NumberedCanvas", int, int], None], **kwargs):
        super().__init__(*args, **kwargs)
        self._cercle_pages: list[dict] = []
        self._cercle_footer = footer

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._cercle_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._cercle_pages)
        for number, state in enumerate(self._cercle_pages, 1):
            self.__dict__.update(state)
            self._cercle_footer(self, number, total)
            super().showPage()
        super().save()


class _Paper:
    """One PDF being drawn: the canvas, the language, fonts and text helpers."""

    def __init__(self, lang: str, footer_label: str, title: str):
        self.lang = lang if lang in LANG_TAGS else "fr"
        self.fonts = fonts(FONT_DIR)
        self.buffer = BytesIO()
        self.footer_label = self.text(footer_label + (f" — {title}" if title.strip() else ""))
        self.canvas = _NumberedCanvas(self.buffer, pagesize=A4, footer=self._footer,
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
        return pdfmetrics.stringWidth(text, self.font(bold), size)

    def draw(self, x: float, y: float, text: str, size: float, *, bold: bool = False, align: str = "left",
             colour=INK) -> None:
        """Draw already printable ``text`` (see ``text``) as plain characters."""
        c = self.canvas
        c.setFillColorRGB(*colour)
        c.setFont(self.font(bold), size)
        if align == "centre":
            c.drawCentredString(x, y, text)
        elif align == "right":
            c.drawRightString(x, y, text)
        else:
            c.drawString(x, y, text)

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

    def _footer(self, c, number: int, total: int) -> None:
        c.saveState()
        c.setStrokeColorRGB(*GUIDE)
        c.setLineWidth(0.5)
        c.line(MARGIN, 30, PAGE_WIDTH - MARGIN, 30)
        size = 8.5
        _ = self._
        page = _("Page {number} of {total}", number=number, total=total)
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

    def heading(self, y: float, text: str, size: float = 19) -> float:
        self.draw(MARGIN, y, text, size, bold=True, colour=HEADING)
        return y - size * 1.25


# ---------------------------------------------------------------------------------------
# Drawing pieces shared by the two documents
# ---------------------------------------------------------------------------------------

def _bands(paper: _Paper, cx: float, cy: float, radii: Sequence[float], *, dashed_last: bool = False) -> None:
    """Concentric bands from the outside in (``radii`` from the centre out: the focal
    circle, then each ring's outer edge), each lightly tinted, edges in the heading blue."""
    c = paper.canvas
    c.saveState()
    count = len(radii)
    for index in range(count - 1, -1, -1):
        c.setFillColorRGB(*(BAND_FILLS[index - 1] if index else (1, 1, 1)))
        c.setStrokeColorRGB(*RING_LINE)
        c.setLineWidth(1.6 if index == 0 else 1.1)
        c.setDash(*((4, 3),) if dashed_last and index == count - 1 else ())
        c.circle(cx, cy, radii[index], stroke=1, fill=1)
    c.restoreState()


def _tag(paper: _Paper, x: float, y: float, text: str, size: float, *, fill=(1, 1, 1), bold: bool = True,
         colour=HEADING) -> None:
    """A short label centred on (x, y) on a rounded background, readable over lines."""
    c = paper.canvas
    width = paper.width(text, size, bold) + 8
    c.saveState()
    c.setFillColorRGB(*fill)
    c.setStrokeColorRGB(*fill)
    c.roundRect(x - width / 2, y - size * 0.45, width, size * 1.35, 3, stroke=0, fill=1)
    c.restoreState()
    paper.draw(x, y, text, size, bold=bold, align="centre", colour=colour)


def _tie_sample(paper: _Paper, x: float, y: float, kind: TieKind, length: float = 34) -> None:
    c = paper.canvas
    colour, width, dash = TIE_STYLES[kind]
    c.saveState()
    c.setStrokeColorRGB(*colour)
    c.setLineWidth(width)
    c.setLineCap(1)
    c.setDash(*((list(dash), 0) if dash else ()))
    c.line(x, y, x + length, y)
    c.restoreState()


def _shape(paper: _Paper, relation: Relation, x: float, y: float, r: float) -> None:
    """The relation's shape centred on (x, y), ``r`` points from centre to tip."""
    c = paper.canvas
    kind = RELATION_SHAPES.get(relation, "circle")
    c.saveState()
    c.setFillColorRGB(*RELATION_FILLS.get(relation, (1, 1, 1)))
    c.setStrokeColorRGB(*INK)
    c.setLineWidth(0.8)
    c.setLineJoin(1)
    if kind == "circle":
        c.circle(x, y, r, stroke=1, fill=1)
    elif kind == "target":
        c.circle(x, y, r, stroke=1, fill=1)
        c.setFillColorRGB(*INK)
        c.circle(x, y, r * 0.38, stroke=0, fill=1)
    elif kind == "square":
        side = r * 1.6
        c.rect(x - side / 2, y - side / 2, side, side, stroke=1, fill=1)
    else:
        points = {
            "triangle": _polygon(3, r * 1.2, 90, x, y - r * 0.2),
            "triangle_down": _polygon(3, r * 1.2, -90, x, y + r * 0.2),
            "diamond": _polygon(4, r * 1.15, 90, x, y),
            "hexagon": _polygon(6, r * 1.05, 0, x, y),
            "star": _star(r * 1.35, r * 0.6, x, y),
        }[kind]
        path = c.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.close()
        c.drawPath(path, stroke=1, fill=1)
    c.restoreState()


def _polygon(sides: int, r: float, first_degrees: float, x: float, y: float) -> list[tuple[float, float]]:
    return [(x + r * math.cos(math.radians(first_degrees + 360 * k / sides)),
             y + r * math.sin(math.radians(first_degrees + 360 * k / sides))) for k in range(sides)]


def _star(outer: float, inner: float, x: float, y: float) -> list[tuple[float, float]]:
    return [(x + (outer if k % 2 == 0 else inner) * math.cos(math.radians(90 + 36 * k)),
             y + (outer if k % 2 == 0 else inner) * math.sin(math.radians(90 + 36 * k))) for k in range(10)]


def _write_lines(paper: _Paper, x: float, y: float, width: float, count: int, gap: float = 24) -> float:
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


# ---------------------------------------------------------------------------------------
# The blank worksheet
# ---------------------------------------------------------------------------------------

WORKSHEET_MAX_RADIUS = 255.0
WORKSHEET_FOCAL = 46.0
QUARTER_SIZE = 11.5


def _worksheet_map_page(paper: _Paper, title: str) -> None:
    _ = paper._
    c = paper.canvas
    y = paper.heading(PAGE_HEIGHT - MARGIN - 14, _("My network: the people around me"))
    meta = paper.text(title) if title.strip() else ""
    date_label = _("Date: ……………………")
    if meta:
        room = PAGE_WIDTH - 2 * MARGIN - paper.width(date_label, 11) - 20
        paper.draw(MARGIN, y, shorten(meta, paper.font(True), 11, room), 11, bold=True, colour=MUTED)
    paper.draw(PAGE_WIDTH - MARGIN, y, date_label, 11, align="right", colour=MUTED)
    y -= 24

    steps = (
        _("Write your first name in the centre, in the circle “Me”."),
        _("Write the names of the people who matter to you: family, friends, neighbours, professionals…"),
        _("The closer the person is to you, the closer to the centre you write their name."),
        _("You can link two people with a line (see the bottom of the page)."),
    )
    for number, step in enumerate(steps, 1):
        paper.draw(MARGIN, y, f"{number}.", 11, bold=True, colour=HEADING)
        y = paper.paragraph(MARGIN + 16, y, step, 11, PAGE_WIDTH - 2 * MARGIN - 16) - 3

    # As large as the page allows (above the footer and the ties' legend): room to write.
    radius, focal = min(WORKSHEET_MAX_RADIUS, (y - 14 - 135) / 2), WORKSHEET_FOCAL
    cx, cy = PAGE_WIDTH / 2, y - 14 - radius
    band = (radius - focal) / 3
    radii = (focal, focal + band, focal + 2 * band, radius)
    _bands(paper, cx, cy, radii)

    # Four quarters: guides at 12, 3, 6 and 9 o'clock, each quarter's name in its corner.
    c.saveState()
    c.setStrokeColorRGB(*GUIDE)
    c.setLineWidth(0.8)
    c.setDash([3, 3], 0)
    for angle in (0, 90, 180, 270):
        dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        c.line(cx + dx * focal, cy + dy * focal, cx + dx * radius, cy + dy * radius)
    c.restoreState()
    leading = QUARTER_SIZE * 1.25
    lowest = cy - radius
    for index, name in enumerate(WORKSHEET_QUARTERS):
        # Clockwise from 12 o'clock: top right, bottom right, bottom left, top left. The
        # text runs away from the circle: up from the top corners, down from the bottom ones.
        right, top = index in (0, 1), index in (0, 3)
        corner = radius * math.sqrt(0.5) + 10
        x = cx + corner if right else cx - corner
        room = PAGE_WIDTH - MARGIN + 16 - x if right else x - MARGIN + 16
        lines = paper.wrap(_(name), QUARTER_SIZE, room, bold=True)
        y0 = cy + corner + leading * (len(lines) - 1) if top else cy - corner - QUARTER_SIZE * 0.7
        for line in lines:
            paper.draw(x, y0, line, QUARTER_SIZE, bold=True, align="left" if right else "right", colour=HEADING)
            y0 -= leading
        lowest = min(lowest, y0)

    # Ring names on the 12 o'clock guide, in each band's upper part.
    for ring in (1, 2, 3):
        _tag(paper, cx, cy + radii[ring] - band * 0.3, _(RING_LABELS[ring]), 9.5, fill=BAND_FILLS[ring - 1])
    paper.draw(cx, cy + 14, _("Me"), 14, bold=True, align="centre", colour=HEADING)
    _write_lines(paper, cx - focal * 0.68, cy - 12, focal * 1.36, 1)

    # How to draw ties, one per line.
    y = lowest - 12
    paper.draw(MARGIN, y, _("To link two people, draw a line:"), 10.5, bold=True, colour=HEADING)
    for kind, text in ((TieKind.SUPPORT, _("they help each other")), (TieKind.CONFLICT, _("they are in conflict")),
                       (TieKind.BROKEN, _("they no longer talk to each other"))):
        y -= 16
        _tie_sample(paper, MARGIN + 4, y + 3, kind)
        paper.draw(MARGIN + 48, y, text, 10.5)


def _worksheet_help_page(paper: _Paper) -> None:
    _ = paper._
    y = paper.heading(PAGE_HEIGHT - MARGIN - 14, _("Who can help with what?"))
    y = paper.paragraph(MARGIN, y - 2, _("For each need, write the names of the people who can help. "
                                         "One person can help with several things."),
                        11, PAGE_WIDTH - 2 * MARGIN) - 10
    width = PAGE_WIDTH - 2 * MARGIN
    # Two lines to write on per need, as tall as the page allows (large handwriting too).
    gap = max(24.0, min(34.0, ((y - 150) / len(Support) - 20) / 2))
    for support in Support:
        paper.draw(MARGIN, y, paper.text(label(support, paper.lang)), 12.5, bold=True, colour=HEADING)
        name_width = paper.width(paper.text(label(support, paper.lang)), 12.5, True)
        paper.draw(MARGIN + name_width + 8, y, paper.text(f"({_(SUPPORT_EXAMPLES[support])})"), 10, colour=MUTED)
        y = _write_lines(paper, MARGIN, y - gap, width, 2, gap) + gap - 20
    y -= 6
    c = paper.canvas
    c.saveState()
    c.setFillColorRGB(*BAND_FILLS[1])
    c.setStrokeColorRGB(*GUIDE)
    box = 58
    c.roundRect(MARGIN, y - box + 14, width, box, 6, stroke=1, fill=1)
    c.restoreState()
    paper.draw(MARGIN + 10, y, _("Someone must not come to the meeting?"), 11.5, bold=True, colour=HEADING)
    paper.paragraph(MARGIN + 10, y - 17, _("Do not write it on this sheet. Tell the coordinator, in private: "
                                           "they will make sure this person is not invited."),
                    10.5, width - 20)


# ---------------------------------------------------------------------------------------
# The filled map
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Geometry:
    """Where the map sits on the page: centre, scale (points per layout unit), band edges."""

    cx: float
    cy: float
    scale: float
    edges: tuple[float, ...]   # layout units: focal circle, then each ring's outer edge
    rings: tuple[int | None, ...]

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.cx + x * self.scale, self.cy - y * self.scale  # layout y points down


def _ring_edges(map_data: MapData, with_unplaced: bool) -> tuple[tuple[float, ...], tuple[int | None, ...]]:
    """Band edges in layout units: halfway between two rings' people, the same gap outside."""
    rings: list[int | None] = [r for r in (1, 2, 3) if r in map_data.ring_radius]
    if with_unplaced and None in map_data.ring_radius:
        rings.append(None)
    radii = [map_data.ring_radius[r] for r in rings]
    gaps = [b - a for a, b in zip(radii, radii[1:])] or [radii[0]]
    edges = [max(radii[0] - gaps[0] / 2, radii[0] * 0.3)]
    edges += [(a + b) / 2 for a, b in zip(radii, radii[1:])]
    edges.append(radii[-1] + gaps[-1] / 2)
    return tuple(edges), tuple(rings)


def _map_page(paper: _Paper, map_data: MapData, nodes: tuple[MapNode, ...], edges, title: str,
              today: date) -> None:
    _ = paper._
    y = paper.heading(PAGE_HEIGHT - MARGIN - 14, _("Network map"))
    meta = paper.text(title)
    if meta:
        paper.draw(MARGIN, y, shorten(meta, paper.font(True), 12, PAGE_WIDTH - 2 * MARGIN), 12, bold=True,
                   colour=MUTED)
        y -= 16
    people = sum(1 for n in nodes if not n.is_focal)
    paper.draw(MARGIN, y, _("Printed on {date} · people around the centre: {count}",
                            date=format_date(today, paper.lang), count=people), 10, colour=MUTED)
    legend = _MapLegend(paper, nodes)
    top, bottom = y - 8, 40 + legend.height + 10

    unplaced = any(n.ring not in (1, 2, 3) and not n.is_focal for n in nodes)
    edges_layout, rings = _ring_edges(map_data, unplaced)
    sectors = [s for s in map_data.sectors if any(n.relation is s.relation and not n.is_focal for n in nodes)]
    radius = min(MAP_MAX_RADIUS, (top - bottom) / 2 - SECTOR_LABEL_ROOM)
    g = _Geometry(PAGE_WIDTH / 2, (top + bottom) / 2, radius / edges_layout[-1], edges_layout, rings)

    _bands(paper, g.cx, g.cy, [e * g.scale for e in edges_layout], dashed_last=unplaced)
    _sector_guides(paper, g, sectors)  # the lines; the names along the rim come after the people
    positions = _positions(g, nodes)
    _ties(paper, positions, edges)
    if sum(1 for n in nodes if n.is_focal) <= 1:  # ties to the centre stop at its circle, clear of the name
        _bands(paper, g.cx, g.cy, [edges_layout[0] * g.scale])
    placed = _Boxes()
    for index, ring in enumerate(rings):  # each band's name on the 12 o'clock line, kept clear of names
        inner, outer = edges_layout[index] * g.scale, edges_layout[index + 1] * g.scale
        text, size = _(RING_LABELS[ring]), 7.5
        y = g.cy + outer - min(9.0, (outer - inner) * 0.3)
        _tag(paper, g.cx, y, text, size, fill=BAND_FILLS[index] if index < 3 else (1, 1, 1))
        half = paper.width(text, size, True) / 2 + 4
        placed.add((g.cx - half, y - size * 0.45, g.cx + half, y + size * 0.9))
    _people(paper, g, nodes, positions, placed)
    _sector_names(paper, g, sectors)
    legend.draw(bottom - 12)


MAP_MAX_RADIUS = 272.0     # points, rim of the outer band; leaves room for the sector names
SECTOR_LABEL_SIZE = 8.5
SECTOR_LABEL_ROOM = 16.0   # points outside the rim for a sector's name, written along it


def _sector_guides(paper: _Paper, g: _Geometry, sectors) -> None:
    """Dashed lines between sectors (each sector's name is written along the rim by ``_sector_names``)."""
    c = paper.canvas
    inner, outer = g.edges[0] * g.scale, g.edges[-1] * g.scale
    if len(sectors) > 1:
        c.saveState()
        c.setStrokeColorRGB(*GUIDE)
        c.setLineWidth(0.7)
        c.setDash([3, 3], 0)
        for sector in sectors:
            dx, dy = math.cos(sector.start), -math.sin(sector.start)
            c.line(g.cx + dx * inner, g.cy + dy * inner, g.cx + dx * outer, g.cy + dy * outer)
        c.restoreState()


def _sector_names(paper: _Paper, g: _Geometry, sectors) -> None:
    outer = g.edges[-1] * g.scale
    for sector in sectors:
        span = (sector.end - sector.start) * (outer + 4) - 10
        text = shorten(paper.text(label(sector.relation, paper.lang)), paper.font(True), SECTOR_LABEL_SIZE, span)
        _arc_text(paper, g.cx, g.cy, outer + 4, -(sector.start + sector.end) / 2, text, SECTOR_LABEL_SIZE)


def _arc_text(paper: _Paper, cx: float, cy: float, radius: float, angle: float, text: str, size: float) -> None:
    """``text`` centred on ``angle`` (radians, counter-clockwise from 3 o'clock) along a
    circle, just outside ``radius``; upright on the upper half, read left to right below too."""
    c = paper.canvas
    font = paper.font(True)
    widths = [pdfmetrics.stringWidth(ch, font, size) for ch in text]
    upper = math.sin(angle) >= -0.05
    rho = radius if upper else radius + size * 0.78  # below the centre, letters hang outside the rim
    step = -1 if upper else 1                        # clockwise above, counter-clockwise below
    current = angle - step * sum(widths) / rho / 2
    c.saveState()
    c.setFillColorRGB(*MUTED)
    c.setFont(font, size)
    for ch, width in zip(text, widths):
        middle = current + step * width / rho / 2
        c.saveState()
        c.translate(cx + rho * math.cos(middle), cy + rho * math.sin(middle))
        c.rotate(math.degrees(middle) + (-90 if upper else 90))
        c.drawCentredString(0, 0, ch)
        c.restoreState()
        current += step * width / rho
    c.restoreState()


def _positions(g: _Geometry, nodes: Iterable[MapNode]) -> dict[int, tuple[float, float]]:
    """Page points of each person; a person moved by hand beyond the map stays on its rim."""
    limit = g.edges[-1] - 12 / g.scale
    out = {}
    for node in nodes:
        x, y = node.x, node.y
        distance = math.hypot(x, y)
        if distance > limit:
            x, y = x * limit / distance, y * limit / distance
        out[node.id] = g.point(x, y)
    return out


def _ties(paper: _Paper, positions: dict, edges) -> None:
    c = paper.canvas
    for kind in (TieKind.SUPPORT, TieKind.BROKEN, TieKind.CONFLICT):  # conflicts on top
        colour, width, dash = TIE_STYLES[kind]
        c.saveState()
        c.setStrokeColorRGB(*colour)
        c.setLineWidth(width)
        c.setLineCap(1)
        c.setDash(*((list(dash), 0) if dash else ()))
        for edge in edges:
            if edge.kind is kind:
                c.line(*positions[edge.source], *positions[edge.target])
        c.restoreState()


def _sizes(count: int) -> tuple[float, float]:
    """(name size, shape radius) for a map of ``count`` people: smaller as it fills up."""
    if count <= 30:
        return 8.0, 5.5
    if count <= 70:
        return 7.0, 4.8
    if count <= 150:
        return 6.0, 4.2
    return 5.0, 3.4


class _Boxes:
    """Rectangles already drawn (shapes, names, tags), in a grid to test overlaps quickly."""

    CELL = 40.0

    def __init__(self):
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, box):
        x0, y0, x1, y1 = box
        for i in range(int(x0 // self.CELL), int(x1 // self.CELL) + 1):
            for j in range(int(y0 // self.CELL), int(y1 // self.CELL) + 1):
                yield i, j

    def add(self, box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def overlap(self, box, *, ignore=None) -> float:
        """Area of ``box`` covered by boxes already added (0: free), ``ignore`` aside."""
        x0, y0, x1, y1 = box
        seen, area = set(), 0.0
        for key in self._keys(box):
            for other in self.cells.get(key, ()):
                if other is ignore or id(other) in seen:
                    continue
                seen.add(id(other))
                width, height = min(x1, other[2]) - max(x0, other[0]), min(y1, other[3]) - max(y0, other[1])
                if width > 0 and height > 0:
                    area += width * height
        return area


def _people(paper: _Paper, g: _Geometry, nodes: tuple[MapNode, ...], positions: dict, placed: _Boxes) -> None:
    """Shapes, then names: each name below its shape, else above, right or left, on one
    line or two, wherever it overlaps nothing drawn yet; a crowded name is shortened."""
    size, r = _sizes(len(nodes))
    focal = [n for n in nodes if n.is_focal]
    others = sorted((n for n in nodes if not n.is_focal), key=lambda n: (n.ring or 4, n.id))
    shapes = {}
    if len(focal) == 1:  # alone at the centre: a large name across the focal circle, no shape
        x, y = positions[focal[0].id]
        width = g.edges[0] * g.scale * 1.75
        lines = name_lines(paper.text(focal[0].label), paper.font(True), 11, width)
        top = y + (len(lines) - 1) * 6.5 - 4
        for index, line in enumerate(lines):
            paper.draw(x, top - index * 13, line, 11, bold=True, align="centre", colour=HEADING)
        placed.add((x - width / 2, top - 13 * len(lines) + 9, x + width / 2, top + 10))
        focal = []
    for node in focal + others:
        x, y = positions[node.id]
        _shape(paper, node.relation, x, y, r)
        shapes[node.id] = (x - r, y - r, x + r, y + r)
        placed.add(shapes[node.id])
    for node in focal + others:
        bold = node.is_focal
        text = paper.text(node.label)
        x, y = positions[node.id]
        lines, box = _place_name(paper, text, x, y, r, size, bold, placed, shapes[node.id],
                                 (g.cx, g.cy, g.edges[-1] * g.scale - 2))
        placed.add(box)
        _name(paper, lines, box, size, bold)


def _place_name(paper: _Paper, text: str, x: float, y: float, r: float, size: float, bold: bool,
                placed: _Boxes, own, rim: tuple[float, float, float]) -> tuple[list[str], tuple[float, ...]]:
    """Lines and box of one name: the first free place, else the least covered one. A box
    crossing the map's rim counts as covered (the sector names are written there)."""
    font = paper.font(bold)
    leading = size * 1.12
    variants = [name_lines(text, font, size, NAME_MAX_WIDTH)]
    if len(variants[0]) == 1 and " " in text:
        variants.append(name_lines(text, font, size, pdfmetrics.stringWidth(text, font, size) * 0.6))
    variants.append(name_lines(text, font, size, NAME_MIN_WIDTH * 1.5))
    variants.append(name_lines(text, font, size, NAME_MIN_WIDTH))
    best = None
    for lines in variants:
        width = max(pdfmetrics.stringWidth(line, font, size) for line in lines) + 2
        height = leading * len(lines)
        for box in ((x - width / 2, y - r - 1 - height, x + width / 2, y - r - 1),          # below
                    (x - width / 2, y + r + 1, x + width / 2, y + r + 1 + height),          # above
                    (x + r + 2, y - height / 2, x + r + 2 + width, y + height / 2),         # right
                    (x - r - 2 - width, y - height / 2, x - r - 2, y + height / 2)):        # left
            covered = placed.overlap(box, ignore=own) + _outside(box, rim)
            if not covered:
                return lines, box
            if best is None or covered < best[0]:
                best = (covered, lines, box)
    return best[1], best[2]  # crowded: where it hides the least


def _outside(box, rim: tuple[float, float, float]) -> float:
    """The box's area when a corner lies beyond the rim, else 0."""
    cx, cy, radius = rim
    x0, y0, x1, y1 = box
    if any(math.hypot(x - cx, y - cy) > radius for x in (x0, x1) for y in (y0, y1)):
        return (x1 - x0) * (y1 - y0)
    return 0.0


def _name(paper: _Paper, lines: list[str], box, size: float, bold: bool) -> None:
    """A name in its box, centred, on a pale halo so that ties and guides do not cross it."""
    c = paper.canvas
    x0, y0, x1, y1 = box
    c.saveState()
    c.setFillColorRGB(1, 1, 1)
    c.setFillAlpha(0.8)
    c.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)
    c.restoreState()
    leading = size * 1.12
    for index, line in enumerate(lines):
        paper.draw((x0 + x1) / 2, y1 - size * 0.86 - index * leading, line, size, bold=bold, align="centre",
                   colour=HEADING if bold else INK)


class _MapLegend:
    """Under the map: the shape of each relation on the map, and the three kinds of ties."""

    SIZE = 9.0
    ROW = 15.0

    def __init__(self, paper: _Paper, nodes: tuple[MapNode, ...]):
        self.paper = paper
        several = sum(1 for n in nodes if n.is_focal) > 1
        drawn = {n.relation for n in nodes if several or not n.is_focal}  # a lone centre has no shape
        self.relations = [(r, paper.text(label(r, paper.lang))) for r in Relation if r in drawn]
        self.ties = [(k, paper.text(label(k, paper.lang))) for k in TieKind]
        self.ties_width = 40 + max(paper.width(t, self.SIZE) for _k, t in self.ties)
        self.column = 18 + max([paper.width(t, self.SIZE) for _r, t in self.relations] or [40]) + 14
        room = PAGE_WIDTH - 2 * MARGIN - self.ties_width - 20
        self.per_row = max(1, min(len(self.relations) or 1, int(room // self.column)))
        rows = max(len(TieKind), math.ceil(len(self.relations) / self.per_row))
        self.height = 22 + rows * self.ROW

    def draw(self, top: float) -> None:
        paper, c = self.paper, self.paper.canvas
        _ = paper._
        c.saveState()
        c.setStrokeColorRGB(*GUIDE)
        c.setLineWidth(0.5)
        c.line(MARGIN, top + 8, PAGE_WIDTH - MARGIN, top + 8)
        c.restoreState()
        if self.relations:
            paper.draw(MARGIN, top - 6, _("Who is who"), 9.5, bold=True, colour=HEADING)
        for index, (relation, text) in enumerate(self.relations):
            row, col = divmod(index, self.per_row)
            x, y = MARGIN + col * self.column, top - 22 - row * self.ROW
            _shape(paper, relation, x + 5, y + 3, 5)
            paper.draw(x + 15, y, text, self.SIZE)
        x = PAGE_WIDTH - MARGIN - self.ties_width
        paper.draw(x, top - 6, _("Ties between people"), 9.5, bold=True, colour=HEADING)
        for index, (kind, text) in enumerate(self.ties):
            y = top - 22 - index * self.ROW
            _tie_sample(paper, x, y + 3, kind, 30)
            paper.draw(x + 38, y, text, self.SIZE)


def _people_pages(paper: _Paper, nodes: tuple[MapNode, ...]) -> None:
    """The people by ring with what they can help with, then "who can help with what?";
    full names here (the map may have shortened them), continued on as many pages as needed."""
    _ = paper._
    flow = _Flow(paper)
    flow.heading(_("The people on the map"), 16)
    width = PAGE_WIDTH - 2 * MARGIN
    focal = [n for n in nodes if n.is_focal]
    if focal:
        flow.line(_("At the centre: {names}", names=", ".join(paper.text(n.label) for n in focal)), bold=True)
        flow.space(6)
    for ring in (1, 2, 3, None):
        members = sorted((n for n in nodes if not n.is_focal and (n.ring if n.ring in (1, 2, 3) else None) == ring),
                         key=lambda n: (n.relation is not Relation.FAMILY, _natural(n.label), n.id))
        if not members:
            continue
        flow.heading(_(RING_LABELS[ring]), 12, keep=2)
        for node in members:
            relation = label(node.relation, paper.lang)
            helps = ", ".join(label(s, paper.lang) for s in node.supports)
            text = f"{node.label} — {relation}" + (f" — {_('can help with: {what}', what=helps)}" if helps else "")
            flow.line(paper.text(text), indent=12, bullet=True, width=width - 12)
        flow.space(4)
    flow.space(8)
    flow.heading(_("Who can help with what?"), 16, keep=3)
    column = 12 + max(paper.width(paper.text(label(s, paper.lang)), 10.5, True) for s in Support)
    for support in Support:
        names = sorted((paper.text(n.label) for n in nodes if support in n.supports), key=_natural)
        flow.pair(paper.text(label(support, paper.lang)), ", ".join(names) if names else _("Nobody yet"), column,
                  colour=INK if names else MUTED)


def _natural(name: str) -> tuple:
    """Sort key: case-insensitive, numbers by value ("Personne 2" before "Personne 10")."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", " ".join(name.split()).casefold()))


class _Flow:
    """Text running down the pages, a new page when the bottom margin is reached."""

    BOTTOM = 48.0

    def __init__(self, paper: _Paper):
        self.paper = paper
        self.y = PAGE_HEIGHT - MARGIN - 14

    def _room(self, needed: float) -> None:
        if self.y - needed < self.BOTTOM:
            self.paper.canvas.showPage()
            self.y = PAGE_HEIGHT - MARGIN - 14

    def space(self, points: float) -> None:
        self.y -= points

    def heading(self, text: str, size: float, keep: int = 1) -> None:
        self._room(size * 1.4 + keep * 14)
        self.paper.draw(MARGIN, self.y, text, size, bold=True, colour=HEADING)
        self.y -= size * 1.4

    def line(self, text: str, *, bold: bool = False, indent: float = 0, width: float | None = None,
             bullet: bool = False, keep: int = 1, colour=INK, size: float = 10.5) -> None:
        width = width or PAGE_WIDTH - 2 * MARGIN - indent
        lines = self.paper.wrap(text, size, width, bold)
        leading = size * 1.35
        self._room(leading * min(len(lines) + keep - 1, 4))
        for index, part in enumerate(lines):
            self._room(leading)
            if bullet and index == 0:
                self.paper.draw(MARGIN + indent - 9, self.y, "•", size, colour=HEADING)
            self.paper.draw(MARGIN + indent, self.y, part, size, bold=bold, colour=colour)
            self.y -= leading

    def pair(self, name: str, text: str, column: float, *, colour=INK, size: float = 10.5) -> None:
        """``name`` in bold, then ``text`` wrapped in a column beside it."""
        lines = self.paper.wrap(text, size, PAGE_WIDTH - 2 * MARGIN - column)
        leading = size * 1.35
        self._room(leading * min(len(lines), 3))
        self.paper.draw(MARGIN, self.y, name, size, bold=True)
        for part in lines:
            self._room(leading)
            self.paper.draw(MARGIN + column, self.y, part, size, colour=colour)
            self.y -= leading
        self.y -= 2
