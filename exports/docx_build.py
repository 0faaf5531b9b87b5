"""Building Cercle's Word documents: page set-up, paragraphs, tables, checkboxes and
ruled lines to write on by hand (the French typography lives in ``exports.typography``).

Every document starts from one template per language, built once per process with
python-docx (A4 portrait, Arial, the language tag on the styles, "Page X sur Y" in the
footer) and kept as bytes; a build only opens those bytes and appends elements. The body
is written with lxml directly (no python-docx proxy objects, no style lookup by name, no
XML parsing per cell), so a 40-action plan costs about what bare python-docx costs
(``tests/benchmarks/test_docx_build.py``).

Text from users always goes into ``w:t`` elements as plain text: lxml escapes it, nothing
is interpreted. Characters that XML cannot hold (control characters) are dropped. A
person's name is passed as ``Name(...)``: typography then leaves the quotes typed in it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from lxml import etree

from conference.i18n import translator

from .typography import NBSP, clean_text, fr_typography

BOX = "\u2610"  # ☐
TICKED_BOX = "\u2612"  # ☒

FONT = "Arial"  # FALC guides ask for a plain sans-serif; LibreOffice maps it to Liberation Sans
SYMBOL_FONT = "Segoe UI Symbol"  # has ☐ ☒ on Windows; other systems fall back to DejaVu Sans
HEADING_COLOUR = "1F3A5F"
MUTED_COLOUR = "595959"
BORDER_COLOUR = "808080"
HEADER_FILL = "E3EAF3"

PAGE_WIDTH_MM, PAGE_HEIGHT_MM, MARGIN_MM = 210, 297, 20
TWIPS_PER_MM = 1440 / 25.4
TEXT_WIDTH_TWIPS = round((PAGE_WIDTH_MM - 2 * MARGIN_MM) * TWIPS_PER_MM)  # 9638
CELL_MARGIN_TWIPS = 85  # left and right padding inside table cells (1.5 mm)

LANG_TAGS = {"fr": "fr-FR", "en": "en-GB"}


class Name(str):
    """A person's name: printed as typed (quotes in it stay quotes), apostrophes aside."""


# ---------------------------------------------------------------------------------------
# Element names, computed once
# ---------------------------------------------------------------------------------------

W_P, W_PPR, W_PSTYLE, W_KEEPNEXT, W_KEEPLINES, W_SPACING, W_JC, W_TABS, W_TAB = (
    qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines"), qn("w:spacing"),
    qn("w:jc"), qn("w:tabs"), qn("w:tab"))
W_R, W_RPR, W_RFONTS, W_B, W_I, W_COLOR, W_SZ, W_SZCS, W_T, W_BR = (
    qn("w:r"), qn("w:rPr"), qn("w:rFonts"), qn("w:b"), qn("w:i"), qn("w:color"), qn("w:sz"),
    qn("w:szCs"), qn("w:t"), qn("w:br"))
W_TBL, W_TBLPR, W_TBLW, W_TBLBORDERS, W_TBLLAYOUT, W_TBLCELLMAR, W_TBLLOOK, W_TBLGRID, W_GRIDCOL = (
    qn("w:tbl"), qn("w:tblPr"), qn("w:tblW"), qn("w:tblBorders"), qn("w:tblLayout"), qn("w:tblCellMar"),
    qn("w:tblLook"), qn("w:tblGrid"), qn("w:gridCol"))
W_TR, W_TRPR, W_CANTSPLIT, W_TRHEIGHT, W_TBLHEADER, W_TC, W_TCPR, W_TCW, W_SHD, W_VALIGN = (
    qn("w:tr"), qn("w:trPr"), qn("w:cantSplit"), qn("w:trHeight"), qn("w:tblHeader"), qn("w:tc"),
    qn("w:tcPr"), qn("w:tcW"), qn("w:shd"), qn("w:vAlign"))
W_VAL, W_W, W_TYPE, W_POS, W_LEADER, W_BEFORE, W_AFTER, W_HRULE, W_FILL, W_ASCII, W_HANSI = (
    qn("w:val"), qn("w:w"), qn("w:type"), qn("w:pos"), qn("w:leader"), qn("w:before"), qn("w:after"),
    qn("w:hRule"), qn("w:fill"), qn("w:ascii"), qn("w:hAnsi"))
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_SubElement = etree.SubElement

# ---------------------------------------------------------------------------------------
# The template: styles, page, footer — built once per language
# ---------------------------------------------------------------------------------------

# Custom paragraph styles: (id, name, size pt, bold, colour, space before, after (pt)).
_STYLES = (
    ("CercleMeta", "Cercle meta", 11, False, MUTED_COLOUR, 0, 2),
    ("CercleIntro", "Cercle intro", 12, False, None, 6, 6),
    ("CercleQuestion", "Cercle question", 14, True, HEADING_COLOUR, 4, 8),
    ("CercleTableText", "Cercle table text", 10.5, False, None, 0, 2),
    ("CercleTableHead", "Cercle table head", 10.5, True, None, 0, 0),
    ("CercleCheck", "Cercle checkboxes", 12, False, None, 6, 4),
    ("CercleRuled", "Cercle ruled line", 12, False, None, 10, 0),
    ("CercleLabel", "Cercle label", 12, True, None, 10, 0),
    ("CercleBlockHead", "Cercle block head", 12, True, HEADING_COLOUR, 1, 1),
)
RULED_TAB_TWIPS = TEXT_WIDTH_TWIPS - 20
CHECK_TAB_TWIPS = 2400  # the checkbox answers line up in columns of about 4 cm


def _set_fonts(rpr) -> None:
    """Explicit Arial on a style's run properties, theme fonts removed (Word would prefer them)."""
    fonts = rpr.find(W_RFONTS)
    if fonts is None:
        fonts = etree.Element(W_RFONTS)
        rpr.insert(0, fonts)
    fonts.attrib.clear()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _set_lang(rpr, tag: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = _SubElement(rpr, qn("w:lang"))
    lang.attrib.clear()
    lang.set(W_VAL, tag)
    lang.set(qn("w:eastAsia"), tag)
    lang.set(qn("w:bidi"), "ar-SA")


def _style_colour(style, colour: str) -> None:
    style.font.color.rgb = RGBColor.from_string(colour)  # replaces any theme colour


def _field(paragraph_el, instr: str, placeholder: str) -> None:
    """A complex field (PAGE, NUMPAGES) as Word writes it: begin, instruction, result, end."""
    def run():
        return _SubElement(paragraph_el, W_R)

    _SubElement(run(), qn("w:fldChar"), {qn("w:fldCharType"): "begin"})
    instr_el = _SubElement(run(), qn("w:instrText"), {XML_SPACE: "preserve"})
    instr_el.text = f" {instr} "
    _SubElement(run(), qn("w:fldChar"), {qn("w:fldCharType"): "separate"})
    _SubElement(run(), W_T).text = placeholder
    _SubElement(run(), qn("w:fldChar"), {qn("w:fldCharType"): "end"})


def _text_run(paragraph_el, text: str):
    r = _SubElement(paragraph_el, W_R)
    if text:
        _SubElement(r, W_T, {XML_SPACE: "preserve"}).text = text
    return r


@lru_cache(maxsize=None)
def template_bytes(lang: str) -> bytes:
    """The empty document every export starts from (cached: styles are set up once)."""
    _ = translator(lang)
    doc = Document()
    styles = doc.styles
    tag = LANG_TAGS.get(lang, "fr-FR")

    # Fonts and language everywhere: document defaults and every style with run properties.
    root = styles.element
    defaults = root.find(qn("w:docDefaults"))
    defaults_rpr = defaults.find(qn("w:rPrDefault")).find(W_RPR)
    _set_fonts(defaults_rpr)
    _set_lang(defaults_rpr, tag)
    for rfonts in list(root.iter(W_RFONTS)):
        _set_fonts(rfonts.getparent())
    spacing = defaults.find(qn("w:pPrDefault")).find(W_PPR).find(W_SPACING)
    spacing.set(W_AFTER, "120")
    spacing.set(qn("w:line"), "264")

    normal = styles["Normal"]
    normal.font.size = Pt(12)
    _set_lang(normal.element.get_or_add_rPr(), tag)

    title = styles["Title"]
    title_ppr = title.element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    title.font.size = Pt(22)
    title.font.bold = True
    _style_colour(title, HEADING_COLOUR)
    title.paragraph_format.space_after = Pt(4)
    for name, size, before, after in (("Heading 1", 15, 16, 6), ("Heading 2", 13, 10, 4)):
        heading = styles[name]
        heading.font.size = Pt(size)
        heading.font.bold = True
        _style_colour(heading, HEADING_COLOUR)
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(after)
        heading.paragraph_format.keep_with_next = True
    styles["List Bullet"].paragraph_format.space_after = Pt(2)
    footer_style = styles["Footer"]
    footer_style.font.size = Pt(9)
    _style_colour(footer_style, MUTED_COLOUR)

    for style_id, name, size, bold, colour, before, after in _STYLES:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), style_id)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold or None
        if colour:
            _style_colour(style, colour)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        if style_id.startswith("CercleTable"):
            fmt.line_spacing = 1.0
        elif style_id == "CercleRuled":
            fmt.tab_stops.add_tab_stop(Twips(RULED_TAB_TWIPS), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES)
        elif style_id == "CercleCheck":
            for n in range(1, 6):
                fmt.tab_stops.add_tab_stop(Twips(n * CHECK_TAB_TWIPS))

    # A4 portrait, 2 cm margins, footer 1 cm from the edge.
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    section.header_distance = section.footer_distance = Mm(10)

    # Footer: <document label>  ⇥  Page X sur Y (fields, so Word and LibreOffice count).
    footer = section.footer.paragraphs[0]
    stops = footer.paragraph_format.tab_stops
    stops.add_tab_stop(Twips(4680), WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(Twips(9360), WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(Twips(TEXT_WIDTH_TWIPS), WD_TAB_ALIGNMENT.RIGHT)
    footer_p = footer._p
    _text_run(footer_p, "")  # the document label, filled in by each build (see DocBuilder)
    _SubElement(_SubElement(footer_p, W_R), W_TAB)
    for piece in re.split(r"(\{page\}|\{total\})", _("Page {page} of {total}")):
        if piece == "{page}":
            _field(footer_p, "PAGE", "1")
        elif piece == "{total}":
            _field(footer_p, "NUMPAGES", "1")
        elif piece:
            _text_run(footer_p, fr_typography(piece) if lang == "fr" else piece)

    package = doc.part.package  # the stock template ships a thumbnail of an empty page: drop it
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]

    props = doc.core_properties
    props.author = props.last_modified_by = "Cercle"
    props.language = tag
    props.comments = props.keywords = props.subject = ""
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# Building a document
# ---------------------------------------------------------------------------------------

Cell = str | Sequence[tuple[str, bool]]  # a string, or paragraphs given as (text, bold)


class DocBuilder:
    """Appends paragraphs and tables to a fresh copy of the template.

    ``text()`` is applied to every string written (French typography when ``lang`` is
    French); callers pass raw strings, family text included.
    """

    def __init__(self, lang: str = "fr", *, footer_label: str = "", title: str = ""):
        self.lang = lang if lang in LANG_TAGS else "fr"
        self.doc: DocxDocument = Document(BytesIO(template_bytes(self.lang)))
        self.body = self.doc.element.body
        self.typography = fr_typography if self.lang == "fr" else (lambda s: s)
        if footer_label:
            footer_p = self.doc.sections[0].footer._element.find(W_P)
            _SubElement(footer_p.find(W_R), W_T, {XML_SPACE: "preserve"}).text = self.text(footer_label)
        self._sect_pr = self.body.find(qn("w:sectPr"))
        self.body.remove(self._sect_pr)  # appended again in to_bytes(): content goes before it
        if title:
            self.doc.core_properties.title = self.text(title)

    # -- text --------------------------------------------------------------------------

    def text(self, value: object) -> str:
        cleaned = clean_text("" if value is None else str(value))
        if isinstance(value, Name) and self.lang == "fr":
            return fr_typography(cleaned, quotes=False)
        return self.typography(cleaned)

    def fmt(self, template: str, **values) -> str:
        """``template`` (already translated) with ``values`` put in, each with its own
        typography: a ``Name`` keeps its quotes, any other text gets the full treatment.
        The result is final: write it with ``raw=True`` (``paragraph(..., raw=True)``)."""
        done = self.text(template)
        return done.format(**{k: self.text(v) for k, v in values.items()}) if values else done

    def run(self, p, value: object, *, bold: bool = False, italic: bool = False, size: float | None = None,
            colour: str | None = None, font: str | None = None, raw: bool = False):
        """A run of plain text in paragraph ``p``; ``\\n`` becomes a line break."""
        r = _SubElement(p, W_R)
        if bold or italic or size or colour or font:
            rpr = _SubElement(r, W_RPR)
            if font:
                _SubElement(rpr, W_RFONTS, {W_ASCII: font, W_HANSI: font, qn("w:cs"): font,
                                            qn("w:eastAsia"): font})
            if bold:
                _SubElement(rpr, W_B)
            if italic:
                _SubElement(rpr, W_I)
            if colour:
                _SubElement(rpr, W_COLOR, {W_VAL: colour})
            if size:
                half_points = str(round(size * 2))
                _SubElement(rpr, W_SZ, {W_VAL: half_points})
                _SubElement(rpr, W_SZCS, {W_VAL: half_points})
        text = clean_text(str(value)) if raw else self.text(value)
        if "\n" not in text and "\t" not in text:
            if text:
                _SubElement(r, W_T, {XML_SPACE: "preserve"}).text = text
            return r
        for n, line in enumerate(text.split("\n")):
            if n:
                _SubElement(r, W_BR)
            for m, chunk in enumerate(line.split("\t")):
                if m:
                    _SubElement(r, W_TAB)
                if chunk:
                    _SubElement(r, W_T, {XML_SPACE: "preserve"}).text = chunk
        return r

    def paragraph(self, value: object = "", *, style: str | None = None, bold: bool = False,
                  italic: bool = False, keep_next: bool = False, keep_lines: bool = False,
                  align: str | None = None, space_before: int | None = None, space_after: int | None = None,
                  into=None, raw: bool = False):
        """A paragraph (style is a style *id*: Heading1, CercleIntro…) in the body or ``into`` a cell."""
        p = _SubElement(self.body if into is None else into, W_P)
        if style or keep_next or keep_lines or align or space_before is not None or space_after is not None:
            ppr = _SubElement(p, W_PPR)
            if style:
                _SubElement(ppr, W_PSTYLE, {W_VAL: style})
            if keep_next:
                _SubElement(ppr, W_KEEPNEXT)
            if keep_lines:
                _SubElement(ppr, W_KEEPLINES)
            if space_before is not None or space_after is not None:
                attrs = {}
                if space_before is not None:
                    attrs[W_BEFORE] = str(space_before * 20)
                if space_after is not None:
                    attrs[W_AFTER] = str(space_after * 20)
                _SubElement(ppr, W_SPACING, attrs)
            if align:
                _SubElement(ppr, W_JC, {W_VAL: align})
        if value != "" and value is not None:
            self.run(p, value, bold=bold, italic=italic, raw=raw)
        return p

    def quoted(self, value: str) -> str:
        """The family's words between « » (or “ ” in English), unless already quoted."""
        value = value.strip()
        if not value or value[0] in "«\"“":
            return value
        return f"«{value}»" if self.lang == "fr" else f"“{value}”"

    def title(self, value: str):
        return self.paragraph(value, style="Title")

    def heading(self, value: str, level: int = 1, *, into=None):
        return self.paragraph(value, style=f"Heading{level}", into=into)

    def bullet(self, value: str, *, into=None, raw: bool = False):
        return self.paragraph(value, style="ListBullet", into=into, raw=raw)

    def labelled(self, label: str, value: object, *, style: str | None = None, into=None, keep_next=False):
        """"Label : value" on one line, the label in bold; a ``Name`` value keeps its quotes."""
        p = self.paragraph(style=style, into=into, keep_next=keep_next)
        head = self.text(f"{label} :" if self.lang == "fr" else f"{label}:")
        self.run(p, head, bold=True, raw=True)
        self.run(p, " " + self.text(value), raw=True)
        return p

    def checkboxes(self, options: Sequence[tuple[str, bool]], *, into=None, keep_next: bool = False):
        """☐ Fait ⇥ ☒ En partie ⇥ … on one line; ☒ marks the ticked options."""
        p = self.paragraph(style="CercleCheck", into=into, keep_next=keep_next)
        for n, (label, ticked) in enumerate(options):
            if n:
                tab = _SubElement(p, W_R)
                _SubElement(tab, W_TAB)
            self.run(p, TICKED_BOX if ticked else BOX, font=SYMBOL_FONT, size=14, raw=True)
            self.run(p, NBSP + self.text(label), bold=ticked, raw=True)
        return p

    def ruled_lines(self, count: int, *, keep_next: bool = False):
        """``count`` blank lines ruled to the right margin, to write on by hand (a right tab
        stop with an underscore leader). In a table use ``ruled_rows``: LibreOffice draws
        no tab leader inside a cell."""
        for n in range(count):
            p = self.paragraph(style="CercleRuled", keep_next=keep_next or n < count - 1)
            _SubElement(_SubElement(p, W_R), W_TAB)

    # -- tables ------------------------------------------------------------------------

    def table(self, widths_mm: Sequence[float], *, into=None, borders: bool = True):
        """An empty fixed-layout table (rows come from ``row``); widths in millimetres."""
        parent = self.body if into is None else into
        widths = [round(w * TWIPS_PER_MM) for w in widths_mm]
        tbl = _SubElement(parent, W_TBL)
        tblpr = _SubElement(tbl, W_TBLPR)
        _SubElement(tblpr, W_TBLW, {W_W: str(sum(widths)), W_TYPE: "dxa"})
        if borders:
            edges = _SubElement(tblpr, W_TBLBORDERS)
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
                _SubElement(edges, qn(f"w:{edge}"), {W_VAL: "single", qn("w:sz"): "4", qn("w:space"): "0",
                                                     qn("w:color"): BORDER_COLOUR})
        _SubElement(tblpr, W_TBLLAYOUT, {W_TYPE: "fixed"})
        margins = _SubElement(tblpr, W_TBLCELLMAR)
        for edge, size in (("top", 57), ("left", CELL_MARGIN_TWIPS), ("bottom", 57), ("right", CELL_MARGIN_TWIPS)):
            _SubElement(margins, qn(f"w:{edge}"), {W_W: str(size), W_TYPE: "dxa"})
        _SubElement(tblpr, W_TBLLOOK, {W_VAL: "04A0", qn("w:firstRow"): "1", qn("w:firstColumn"): "0",
                                       qn("w:lastRow"): "0", qn("w:lastColumn"): "0", qn("w:noHBand"): "1",
                                       qn("w:noVBand"): "1"})
        grid = _SubElement(tbl, W_TBLGRID)
        for w in widths:
            _SubElement(grid, W_GRIDCOL, {W_W: str(w)})
        return tbl

    @staticmethod
    def widths(tbl) -> list[str]:
        return [col.get(W_W) for col in tbl.find(W_TBLGRID)]

    def row(self, tbl, *, header: bool = False, keep_together: bool = True, height_mm: float | None = None,
            widths: list[str] | None = None, fill: str | None = None) -> list:
        """A row of empty cells (one per grid column); returns the ``w:tc`` elements."""
        tr = _SubElement(tbl, W_TR)
        if header or keep_together or height_mm:
            trpr = _SubElement(tr, W_TRPR)
            if keep_together:
                _SubElement(trpr, W_CANTSPLIT)
            if height_mm:
                _SubElement(trpr, W_TRHEIGHT, {W_VAL: str(round(height_mm * TWIPS_PER_MM)), W_HRULE: "atLeast"})
            if header:
                _SubElement(trpr, W_TBLHEADER)
        cells = []
        for w in widths or self.widths(tbl):
            tc = _SubElement(tr, W_TC)
            tcpr = _SubElement(tc, W_TCPR)
            _SubElement(tcpr, W_TCW, {W_W: w, W_TYPE: "dxa"})
            if fill:
                _SubElement(tcpr, W_SHD, {W_VAL: "clear", qn("w:color"): "auto", W_FILL: fill})
            cells.append(tc)  # left without a paragraph until filled; to_bytes() fills empty cells
        return cells

    def ruled_rows(self, tbl, count: int, *, text: str = "", keep_next: bool = False, height_mm: float = 9):
        """Rows to write in, ruled by the table's inner borders; ``text`` prefills the first."""
        widths = self.widths(tbl)
        for n in range(count):
            cells = self.row(tbl, height_mm=height_mm, widths=widths)
            keep = keep_next or n < count - 1
            for m, tc in enumerate(cells):
                self.paragraph(text if n == m == 0 else "", style="CercleTableText", keep_next=keep, into=tc)

    def header_row(self, tbl, labels: Sequence[str], *, widths: list[str] | None = None):
        """The shaded first row, repeated at the top of each page the table runs onto."""
        for tc, text in zip(self.row(tbl, header=True, widths=widths, fill=HEADER_FILL), labels):
            self.paragraph(text, style="CercleTableHead", into=tc)

    def grid(self, widths_mm: Sequence[float], header: Sequence[str], rows: Iterable[Sequence[Cell]], *,
             row_height_mm: float | None = None):
        """A bordered table: a shaded header row repeated on every page, then ``rows``.

        A row stays on one page unless it is very long (Word would cut a row taller than a
        page instead of moving it).
        """
        tbl = self.table(widths_mm)
        widths = self.widths(tbl)
        self.header_row(tbl, header, widths=widths)
        for values in rows:
            longest = max((len(v) if isinstance(v, str) else sum(len(t) for t, _ in v)) for v in values)
            cells = self.row(tbl, keep_together=longest < 700, height_mm=row_height_mm, widths=widths)
            for tc, value in zip(cells, values):
                if isinstance(value, str):
                    self.paragraph(value, style="CercleTableText", into=tc)
                else:
                    for text, bold in value or (("", False),):
                        self.paragraph(text, style="CercleTableText", bold=bold, into=tc)
        return tbl

    def signature_table(self, widths_mm: Sequence[float], header: Sequence[str],
                        people: Sequence[tuple[str, str]], *, row_height_mm: float = 12):
        """Name / signature / date rows with room to sign, kept together on one page.

        ``people`` are (name, role) pairs; the role is written small under the name, and
        ("", "") leaves a row blank for someone not listed.
        """
        tbl = self.table(widths_mm)
        widths = self.widths(tbl)
        self.header_row(tbl, header, widths=widths)
        for tc in tbl[-1].iterchildren(W_TC):  # keep the header with the first row
            ppr = tc.find(W_P).find(W_PPR)
            ppr.insert(1, ppr.makeelement(W_KEEPNEXT, {}))
        for n, (name, role) in enumerate(people):
            keep = n < len(people) - 1
            cells = self.row(tbl, height_mm=row_height_mm, widths=widths)
            p = self.paragraph(name, style="CercleTableText", keep_next=keep, into=cells[0])
            if role:
                self.run(p, ("\n" if name else "") + role, size=9.5, colour=MUTED_COLOUR)
            for tc in cells[1:]:
                self.paragraph(style="CercleTableText", keep_next=keep, into=tc)
        return tbl

    # -- output ------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The .docx bytes (the builder is spent afterwards)."""
        for tc in self.body.iter(W_TC):
            if tc.find(W_P) is None:  # every cell must hold a paragraph, even an empty one
                _SubElement(tc, W_P)
        if len(self.body) and self.body[-1].tag == W_TBL:
            # Word wants a paragraph between a table and the section end; make it 1 pt high
            # so a table that fills the last page does not push it onto an empty page.
            ppr = _SubElement(_SubElement(self.body, W_P), W_PPR)
            _SubElement(ppr, W_SPACING, {W_BEFORE: "0", W_AFTER: "0", qn("w:line"): "20", qn("w:lineRule"): "exact"})
            _SubElement(_SubElement(ppr, W_RPR), W_SZ, {W_VAL: "2"})
        self.body.append(self._sect_pr)
        out = BytesIO()
        self.doc.save(out)
        return stable_zip(out.getvalue())


ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def stable_zip(data: bytes) -> bytes:
    """The same package with every member dated 1980-01-01: python-docx stamps members with
    the wall clock, so the same document built a second apart would differ. The app's
    download and ``cercle export`` must give the same bytes."""
    import zipfile

    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            member.compress_type, member.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
