"""XLSX written straight as SpreadsheetML, streamed sheet by sheet into the ZIP.

openpyxl's write-only mode builds a Python cell object per value; at a département's
whole history (100,000 situations, 500,000 answers) that dominated the export on our
shared machine (about 58 s for 10,000 situations). Here a row is one formatted string:
inline strings (no shared-string table to hold in memory), numbers as numbers, a bold
header row, frozen panes, column widths. openpyxl, pandas and LibreOffice read the result
(tests). See docs/decisions for the measurement.
"""
from __future__ import annotations

import math
import queue
import re
import threading
import zipfile
from typing import Iterable, Iterator, Sequence
from xml.sax.saxutils import quoteattr

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from conference.evaluation.tables import Rows, Sheet

MAX_TITLE = 31  # Excel's limit on a sheet name
WIDTHS = {"guide": (22, 110), "codebook": (24, 60, 28, 12, 60, 24)}
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
BATCH_CHARS = 1 << 20  # text written at once
CHUNK = 5000  # rows of a frame formatted at once, column by column (more: faster, bigger peak)
COMPRESSION = 1

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


def _cell(ref: str, value, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s}><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>' if isinstance(value, float) else f'<c r="{ref}"{s}><v>{value}</v></c>'
    text = str(value).translate(ESCAPE)
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


# XML 1.0 forbids these control characters; str.translate drops them in one C call.
DROP = {c: None for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]}
ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **DROP})


def _plain_row(i: int, row, letters: list[str]) -> str:
    """One row of unstyled cells, formatted inline (the common case, ~all of a big file)."""
    parts = []
    for j, value in enumerate(row):
        kind = type(value)
        if kind is str:
            if value:
                parts.append(f'<c r="{letters[j]}{i}" t="inlineStr"><is><t xml:space="preserve">'
                             f'{value.translate(ESCAPE)}</t></is></c>')
        elif kind is int:
            parts.append(f'<c r="{letters[j]}{i}"><v>{value}</v></c>')
        elif kind is float:
            if value == value:  # not NaN
                parts.append(f'<c r="{letters[j]}{i}"><v>{value!r}</v></c>')
        elif value is not None:
            parts.append(_cell(f"{letters[j]}{i}", value))
    return f'<row r="{i}">{"".join(parts)}</row>'


# What a cell's text must escape or drop: when a column's distinct values hold none of these
# characters (ids, codes, months: nearly always), they are wrapped without str.translate.
NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CELL_START = '<c r="'
INLINE = '" t="inlineStr"><is><t xml:space="preserve">'


def _tail(value) -> str | None:
    """A cell's XML after its row number (``"><v>3</v></c>``), ``None`` for an empty cell:
    the same text :func:`_plain_row` writes for that value."""
    kind = type(value)
    if kind is str:
        return f'{INLINE}{value.translate(ESCAPE)}</t></is></c>' if value else None
    if kind is int:
        return f'"><v>{value}</v></c>'
    if kind is float:
        return f'"><v>{value!r}</v></c>' if value == value else None
    if value is None:
        return None
    cell = _cell("", value)
    return cell[len(CELL_START):] if cell else None


def _tails(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Every cell's tail (object array, ``""`` for an empty cell) and whether the cell is
    written, computed once per distinct value: a column holds few distinct codes, and ids
    need no escaping."""
    if column.dtype.kind == "f" or str(column.dtype) == "Float64":
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        # by bits, so that 0.0 and -0.0 keep their own text; NaN is an empty cell
        codes, bits = pd.factorize(values.view(np.int64))
        uniques = bits.view(np.float64).tolist()
    else:
        objects = column.to_numpy(dtype=object, na_value=None)
        kinds = set(map(type, objects)) - {type(None)}
        if len(kinds) > 1 or kinds & {float}:  # factorize would take 1, 1.0 and True as one value
            tails = [_tail(v) for v in objects.tolist()]
            return (np.array([t or "" for t in tails] or [], dtype=object),
                    np.array([t is not None for t in tails], dtype=bool))
        codes, found = pd.factorize(objects)
        uniques = found.tolist()
        if kinds == {str} and not NEEDS_ESCAPE.search("\n".join(uniques)):
            table = np.empty(len(uniques) + 1, dtype=object)
            table[:-1] = INLINE + np.array(uniques, dtype=object) + "</t></is></c>" if uniques else []
            written = np.array([u != "" for u in uniques] + [False], dtype=bool)
            table[~written] = ""  # the last entry is code -1: a missing value
            return table[codes], written[codes]
    tails = [_tail(v) for v in uniques]
    table = np.array([t or "" for t in tails] + [""], dtype=object)
    written = np.array([t is not None for t in tails] + [False], dtype=bool)
    return table[codes], written[codes]  # code -1 (missing) takes the last entry


def _frame_rows(frame: pd.DataFrame, letters: list[str]) -> Iterator[str]:
    """The rows of a row-level sheet, a chunk at a time: each column's cells become three
    object arrays (``<c r="B``, the row number, the tail; empty strings for an empty cell)
    and one ``str.join`` writes the chunk, the same text as :func:`_plain_row`."""
    width = frame.shape[1]
    for start in range(0, len(frame), CHUNK):
        part = frame.iloc[start:start + CHUNK]
        numbers = np.arange(start + 2, start + 2 + len(part)).astype(str).astype(object)
        pieces = np.empty((len(part), 3 * width + 4), dtype=object)
        pieces[:, 0] = '<row r="'
        pieces[:, 1] = numbers
        pieces[:, 2] = '">'
        for j in range(width):
            tails, written = _tails(part.iloc[:, j])
            if written.all():
                pieces[:, 3 * j + 3] = f"{CELL_START}{letters[j]}"
                pieces[:, 3 * j + 4] = numbers
            else:
                pieces[:, 3 * j + 3] = np.where(written, f"{CELL_START}{letters[j]}", "")
                pieces[:, 3 * j + 4] = np.where(written, numbers, "")
            pieces[:, 3 * j + 5] = tails
        pieces[:, -1] = "</row>"
        yield "".join(pieces.ravel().tolist())


def _rows(sheet: Sheet, letters: list[str]) -> Iterable[str]:
    yield '<row r="1">' + "".join(_cell(f"{letters[j]}1", v, 1) for j, v in enumerate(sheet.header)) + "</row>"
    if sheet.kind == "guide":
        for i, row in enumerate(sheet.rows, start=2):
            cells = "".join(_cell(f"{letters[j]}{i}", v, 2 if j == 1 else 0) for j, v in enumerate(row))
            yield f'<row r="{i}">{cells}</row>'
        return
    if isinstance(sheet.rows, Rows):
        yield from _frame_rows(sheet.rows.frame, letters)
        return
    for i, row in enumerate(sheet.rows, start=2):
        yield _plain_row(i, row, letters)


def _titles(sheets: Sequence[Sheet]) -> list[str]:
    seen, titles = set(), []
    for sheet in sheets:
        title = re.sub(r"[\[\]:*?/\\]", " ", sheet.title)[:MAX_TITLE]
        base, n = title, 2
        while title.lower() in seen:
            title = f"{base[:MAX_TITLE - 3]} {n}"
            n += 1
        seen.add(title.lower())
        titles.append(title)
    return titles


class _Background:
    """Writes into a ZIP member from a second thread: deflate, the CRC and the file write
    release the GIL, so on two cores they run while the next rows are formatted. At most
    two buffers wait (bounded memory); an error of the writing thread is raised here."""

    def __init__(self, part):
        self.part, self.queue, self.error = part, queue.Queue(maxsize=2), None
        self.thread = threading.Thread(target=self._run, name="xlsx-writer", daemon=True)

    def _run(self) -> None:
        while (data := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.part.write(data)
                except BaseException as error:  # raised again in the calling thread
                    self.error = error

    def __enter__(self):
        self.thread.start()
        return self

    def __call__(self, data: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(data)

    def __exit__(self, *exc) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None and exc[0] is None:
            raise self.error


def sheets_to_xlsx(sheets: Sequence[Sheet], out) -> None:
    """Write the workbook to ``out`` (a path or a binary file object)."""
    titles = _titles(sheets)
    # Deflate level 1: about three times faster than the default 6 on these repetitive
    # rows, for a file about a quarter bigger (measured at 100,000 situations, decision 0012).
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=COMPRESSION) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, len(sheets) + 1))
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f'{overrides}</Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        entries = "".join(f'<sheet name={quoteattr(t)} sheetId="{n}" r:id="rId{n}"/>'
                          for n, t in enumerate(titles, start=1))
        archive.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f'<sheets>{entries}</sheets></workbook>'))
        rels = "".join(f'<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                       for n in range(1, len(sheets) + 1))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{rels}<Relationship Id="rId{len(sheets) + 1}" Type="{REL}/styles" Target="styles.xml"/>'
            '</Relationships>'))
        archive.writestr("xl/styles.xml", STYLES)
        for n, sheet in enumerate(sheets, start=1):
            # a row-level sheet is as wide as its header (reading it here would build it twice)
            width = max([len(sheet.header), *((len(r) for r in sheet.rows) if sheet.kind != "rows" else ())])
            letters = [get_column_letter(j + 1) for j in range(max(width, 1))]
            widths = WIDTHS.get(sheet.kind) or ((28,) + (14,) * (len(sheet.header) - 1))
            cols = "".join(f'<col min="{j + 1}" max="{j + 1}" width="{w}" customWidth="1"/>'
                           for j, w in enumerate(widths[:len(sheet.header)]))
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as part:
                part.write((f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}">'
                            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
                            f'<sheetFormatPr defaultRowHeight="15"/>{"<cols>" + cols + "</cols>" if cols else ""}'
                            '<sheetData>').encode("utf-8"))
                with _Background(part) as write:
                    batch, size = [], 0
                    for text in _rows(sheet, letters):  # a row, or a chunk of a frame's rows
                        batch.append(text)
                        size += len(text)
                        if size >= BATCH_CHARS:
                            write("".join(batch).encode("utf-8"))
                            batch, size = [], 0
                    write(("".join(batch) + "</sheetData></worksheet>").encode("utf-8"))
