"""The empty Word document every Cercle export starts from: styles, A4 page, fonts, the
language tag and the "Page X sur Y" footer, built once per language with python-docx and
kept as bytes (``template_bytes``); plus the element names and page measures that
``exports.docx_build`` writes with.
"""
from __future__ import annotations

import re
from functools import lru_cache
from io import BytesIO

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from lxml import etree

from conference.i18n import translator

from .typography import fr_typography

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
