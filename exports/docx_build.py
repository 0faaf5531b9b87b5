"""Building Cercle's Word documents: page set-up, paragraphs, tables, checkboxes and
ruled lines to write on by hand (the French typography lives in ``exports.typography``).

Every document starts from one template per language (``exports.docx_template``: A4
portrait, Arial, the language tag on the styles, "Page X sur Y" in the footer), kept as
bytes; a build only opens those bytes and appends elements. The body
is written with lxml directly (no python-docx proxy objects, no style lookup by name, no
XML parsing per cell), so a 40-action plan costs about what bare python-docx costs
(``tests/benchmarks/test_docx_build.py``).

Text from users always goes into ``w:t`` elements as plain text: lxml escapes it, nothing
is interpreted. Characters that XML cannot hold (control characters) are dropped. A
person's name is passed as ``Name(...)``: typography then leaves the quotes typed in it.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from .docx_template import (BORDER_COLOUR, BOX, CELL_MARGIN_TWIPS, HEADER_FILL, LANG_TAGS, MUTED_COLOUR,
                            SYMBOL_FONT, TICKED_BOX, TWIPS_PER_MM, W_AFTER, W_ASCII, W_B, W_BEFORE, W_BR,
                            W_CANTSPLIT, W_COLOR, W_FILL, W_GRIDCOL, W_HANSI, W_HRULE, W_I, W_JC, W_KEEPLINES,
                            W_KEEPNEXT, W_P, W_PPR, W_PSTYLE, W_R, W_RFONTS, W_RPR, W_SHD, W_SPACING, W_SZ,
                            W_SZCS, W_T, W_TAB, W_TBL, W_TBLBORDERS, W_TBLCELLMAR, W_TBLGRID, W_TBLHEADER,
                            W_TBLLAYOUT, W_TBLLOOK, W_TBLPR, W_TBLW, W_TC, W_TCPR, W_TCW, W_TR, W_TRHEIGHT,
                            W_TRPR, W_TYPE, W_VAL, W_W, XML_SPACE, _SubElement, template_bytes)
from .typography import NBSP, clean_text, fr_typography


class Name(str):
    """A person's name: printed as typed (quotes in it stay quotes), apostrophes aside."""


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
