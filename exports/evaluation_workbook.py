"""Evaluation workbooks: XLSX (streamed SpreadsheetML, :mod:`.evaluation_xlsx`) and ODS
(OpenDocument, which French administrations must accept), from the same sheets.

Domain rows in, bytes out (or, for the XLSX, a file written as it is produced:
``build_evaluation_xlsx_to``); no database. Row-level sheets hold keyed pseudonyms and
months only; ``publication=True`` writes only the masked tables.
"""
from __future__ import annotations

import io
from typing import Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from conference.evaluation.frames import Frames, to_frames
from conference.evaluation.tables import Sheet, workbook_sheets
from conference.evaluation.types import EvaluationRows

MAX_TITLE = 31  # Excel's limit on a sheet name
WIDTHS = {"guide": (22, 110), "codebook": (24, 60, 28, 12, 60, 24)}


def evaluation_sheets(data: EvaluationRows | Frames, *, key: bytes | None, publication: bool = False,
                      period: str = "", lang: str = "fr", pseudonymous: bool = False) -> list[Sheet]:
    frames = data if isinstance(data, Frames) else to_frames(data)
    return workbook_sheets(frames, key=key, publication=publication, period=period, lang=lang,
                           pseudonymous=pseudonymous)


def sheets_to_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """The workbook as bytes (streamed SpreadsheetML, see :mod:`exports.evaluation_xlsx`)."""
    from .evaluation_xlsx import sheets_to_xlsx as write

    out = io.BytesIO()
    write(sheets, out)
    return out.getvalue()


def sheets_to_xlsx_openpyxl(sheets: Sequence[Sheet]) -> bytes:
    """The same workbook through openpyxl's write-only mode: kept as the benchmark's
    reference (it was the first writer; see docs/decisions)."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.title[:MAX_TITLE])
        widths = WIDTHS.get(sheet.kind) or ((28,) + (14,) * (len(sheet.header) - 1))
        for n, width in enumerate(widths[:len(sheet.header)]):
            ws.column_dimensions[_column(n)].width = width
        ws.freeze_panes = "A2"
        header = []
        for text in sheet.header:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        if sheet.kind == "guide":
            for row in sheet.rows:
                cell = WriteOnlyCell(ws, value=row[1])
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                ws.append([row[0], cell])
        else:
            for row in sheet.rows:
                ws.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _column(n: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(n + 1)


def build_evaluation_xlsx(data: EvaluationRows | Frames, *, key: bytes | None, publication: bool = False,
                          period: str = "", lang: str = "fr") -> bytes:
    """The evaluators' workbook (or, with ``publication=True``, the masked tables only).

    Raises :class:`~conference.evaluation.errors.StudyKeyMissing` when row-level sheets are
    asked for without a study key."""
    return sheets_to_xlsx(evaluation_sheets(data, key=key, publication=publication, period=period, lang=lang))


def build_evaluation_xlsx_to(out, data: EvaluationRows | Frames, *, key: bytes | None, publication: bool = False,
                             period: str = "", lang: str = "fr") -> None:
    """The same workbook written to ``out`` (a path or a binary file object, seekable or
    not) as it is produced: a whole département's file never sits in memory as bytes.

    Raises :class:`~conference.evaluation.errors.StudyKeyMissing` like
    :func:`build_evaluation_xlsx`, before anything is written."""
    from .evaluation_xlsx import sheets_to_xlsx as write

    write(evaluation_sheets(data, key=key, publication=publication, period=period, lang=lang), out)


def build_evaluation_ods(data: EvaluationRows | Frames, *, key: bytes | None, publication: bool = False,
                         period: str = "", lang: str = "fr") -> bytes:
    """The same workbook as OpenDocument spreadsheet (.ods)."""
    from .evaluation_ods import sheets_to_ods

    return sheets_to_ods(evaluation_sheets(data, key=key, publication=publication, period=period, lang=lang))


def build_merged_xlsx(files: Sequence[tuple[str, bytes]], *, publication: bool = False, lang: str = "fr") -> bytes:
    """``cercle stats merge``: several départements' workbooks in, one workbook out, every
    row with its département's code and every table masked again on the combined data.

    Raises :class:`~conference.evaluation.errors.EvaluationRefused` (``codebook_mismatch``,
    ``not_an_evaluation_workbook``, ``publication_workbook``, ``nothing_to_merge``)."""
    from conference.evaluation.merge import combine, read_workbook

    frames = combine([read_workbook(name, data) for name, data in files])
    return sheets_to_xlsx(workbook_sheets(frames, key=None, publication=publication, lang=lang,
                                          pseudonymous=True))
