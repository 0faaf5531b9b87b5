"""The XLSX writer formats a row-level sheet column by column (a chunk of rows at a time);
these tests hold it to the row-by-row formatting it replaced, character for character, on
the values that could trip it: escaping, XML-illegal characters, empty and missing cells,
-0.0, booleans, nullable integers and an object column mixing 1, 1.0 and True. The
workbook written to a file is the one returned as bytes, and pseudonyms computed in bulk
are the ones computed one by one."""
from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from conference.evaluation.demo_data import demo_rows
from conference.evaluation.frames import to_frames
from conference.evaluation.pseudonyms import study_id, study_ids
from conference.evaluation.tables import Rows
from exports import evaluation_xlsx
from exports.evaluation_workbook import build_evaluation_xlsx, build_evaluation_xlsx_to, evaluation_sheets
from exports.evaluation_xlsx import _frame_rows, _plain_row

KEY = b"cle du departement fictif"
LETTERS = [chr(ord("A") + j) for j in range(12)]


def _tricky_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "text": pd.Series(["Mamie Odile & <Papi>", "", None, "ligne\nsuite", "bip\x07", "ok"], dtype="str"),
        "ids": pd.Series(["a1", "b2", "c3", "a1", "", "z9"], dtype=object),
        "count": np.array([0, 1, -3, 12, 7, 10**15], dtype=np.int64),
        "hours": np.array([0.0, -0.0, np.nan, 2.5, 1e20, 0.1 + 0.2]),
        "flag": np.array([True, False, True, True, False, False]),
        "score": pd.array([7.0, None, 0.0, 10.0, 3.5, None], dtype="Float64"),
        "n": pd.array([1, None, 0, 5, None, 2], dtype="Int64"),
        "mixed": pd.Series([1, 1.0, True, "1", None, float("nan")], dtype=object),
        "start": pd.Series([3, None, 12, 0, None, 7], dtype=object),
        "empty": pd.Series([None] * 6, dtype=object),
    })


def _row_by_row(frame: pd.DataFrame) -> str:
    return "".join(_plain_row(i, row, LETTERS) for i, row in enumerate(Rows(frame, list(frame.columns)), start=2))


def test_a_frame_is_written_column_by_column_exactly_as_row_by_row():
    frame = _tricky_frame()

    assert "".join(_frame_rows(frame, LETTERS)) == _row_by_row(frame)


def test_chunks_number_the_rows_on_from_one_chunk_to_the_next(monkeypatch):
    frame = pd.concat([_tricky_frame()] * 5, ignore_index=True)
    monkeypatch.setattr(evaluation_xlsx, "CHUNK", 4)

    chunks = list(_frame_rows(frame, LETTERS))

    assert len(chunks) == 8 and "".join(chunks) == _row_by_row(frame)


def test_an_empty_frame_writes_no_row():
    assert list(_frame_rows(_tricky_frame().iloc[:0], LETTERS)) == []


@pytest.fixture(scope="module")
def frames():
    return to_frames(demo_rows(seed=3, situations=200))


def test_every_row_level_sheet_of_the_demo_is_written_as_row_by_row(frames):
    sheets = [s for s in evaluation_sheets(frames, key=KEY) if s.kind == "rows"]

    for sheet in sheets:
        frame = sheet.rows.frame
        letters = [evaluation_xlsx.get_column_letter(j + 1) for j in range(len(sheet.header))]
        assert "".join(_frame_rows(frame, letters)) == "".join(
            _plain_row(i, row, letters) for i, row in enumerate(sheet.rows, start=2)), sheet.key
    assert {s.key for s in sheets} == {"conferences", "actions", "answers", "open_answers", "follow_ups", "themes"}


def test_a_row_level_sheet_is_built_only_when_read_and_each_time(frames):
    built = []
    rows = Rows(lambda: built.append(1) or frames.answers, ["ref", "score"])

    assert built == []
    assert len(rows) == len(frames.answers) and len(rows) == len(frames.answers)
    assert len(list(rows)) == len(frames.answers) and len(built) == 2


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_workbook_written_to_a_file_is_the_one_returned_as_bytes(frames, tmp_path):
    path = tmp_path / "evaluation.xlsx"
    build_evaluation_xlsx_to(path, frames, key=KEY, period="2025-01 – 2026-12")
    stream = io.BytesIO()
    build_evaluation_xlsx_to(stream, frames, key=KEY, period="2025-01 – 2026-12")

    expected = _parts(build_evaluation_xlsx(frames, key=KEY, period="2025-01 – 2026-12"))
    assert _parts(path.read_bytes()) == expected == _parts(stream.getvalue())
    book = load_workbook(path, read_only=True)
    assert sum(1 for _ in book["Réponses"].iter_rows()) == len(frames.consented().answers) + 1


@pytest.mark.parametrize("key", [KEY, b"", b"k" * 64, b"une cl\xc3\xa9 plus longue qu'un bloc SHA-256 " * 3])
def test_study_ids_in_bulk_are_the_keyed_pseudonyms_one_by_one(key):
    refs = ["demo-0", "demo-answer-12", "", "réf-é", "x" * 200]

    assert study_ids(key, "answer", refs) == [study_id(key, "answer", ref) for ref in refs]
    assert study_ids(key, "referral", []) == []


class _FullDisk:
    def __init__(self):
        self.written = []

    def write(self, data: bytes) -> None:
        if self.written:
            raise OSError(28, "No space left on device")
        self.written.append(data)


def test_an_error_of_the_writing_thread_is_raised_in_the_caller():
    part = _FullDisk()

    with pytest.raises(OSError, match="No space left"):
        with evaluation_xlsx._Background(part) as write:
            for n in range(50):
                write(b"<row/>" * n)

    assert part.written == [b""]
