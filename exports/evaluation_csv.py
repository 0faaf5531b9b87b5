"""The evaluation tables as CSV files in one .zip: ``;`` separators, UTF-8 with a byte
order mark (so that Excel reads the accents), French months (03/2026) and decimal commas."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from typing import Sequence

from conference.evaluation.frames import Frames
from conference.evaluation.tables import Sheet
from conference.evaluation.types import EvaluationRows

from .evaluation_workbook import evaluation_sheets

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    text = str(value)
    match = MONTH.match(text)
    return f"{match.group(2)}/{match.group(1)}" if match else text


def _file_name(n: int, sheet: Sheet) -> str:
    plain = unicodedata.normalize("NFKD", sheet.title).encode("ascii", "ignore").decode()
    return f"{n:02d}_{re.sub(r'[^A-Za-z0-9]+', '_', plain).strip('_').lower()}.csv"


def sheets_to_csv_zip(sheets: Sequence[Sheet]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, sheet in enumerate(sheets, start=1):
            text = io.StringIO()
            writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
            writer.writerow(sheet.header)
            writer.writerows([_cell(v) for v in row] for row in sheet.rows)
            archive.writestr(_file_name(n, sheet), "\ufeff" + text.getvalue())
    return out.getvalue()


def build_evaluation_csv(data: EvaluationRows | Frames, *, key: bytes | None, publication: bool = False,
                         period: str = "", lang: str = "fr") -> bytes:
    """A .zip with one CSV per sheet of the workbook, in the same order."""
    return sheets_to_csv_zip(evaluation_sheets(data, key=key, publication=publication, period=period, lang=lang))
