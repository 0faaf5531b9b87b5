"""A national study: combine the evaluators' workbooks of several départements.

Each workbook is read back from its row-level sheets (found through the machine keys of
its reading guide, whatever its language), refused when its codebook version differs
from the others, and turned back into :class:`~.frames.Frames` whose refs are
``<dept>:<study id>``, so that every row keeps its département's code. The combined file
is then built by the same code as any export: every table is masked again on the
combined data (masking per département does not protect the sum).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Sequence

import pandas as pd
from openpyxl import load_workbook

from .errors import EvaluationRefused
from .frames import ANSWER_ITEMS, REFERRAL_COLUMNS, Frames, join_conference, with_object_ids
from .types import ROLES


@dataclass(frozen=True)
class ExportedWorkbook:
    name: str
    codebook_version: str
    dept: str
    sheets: dict[str, pd.DataFrame]  # by machine key: conferences, actions, answers…


def read_workbook(name: str, data: bytes) -> ExportedWorkbook:
    """Read one evaluation workbook (XLSX bytes) exported by Cercle."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        guide_rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True)) if book.worksheets else []
        guide = {str(r[0]): (r[1] if len(r) > 1 else None) for r in guide_rows if r and r[0]}
        if "codebook_version" not in guide:
            raise EvaluationRefused("not_an_evaluation_workbook", file=name)
        if str(guide.get("publication")) == "1":
            raise EvaluationRefused("publication_workbook", file=name)
        titles = {k.removeprefix("sheet:"): v for k, v in guide.items() if k.startswith("sheet:")}
        sheets = {}
        for key, title in titles.items():
            if title not in book.sheetnames:
                continue
            rows = list(book[title].iter_rows(values_only=True))
            if rows:
                width = len(rows[0])  # trailing empty cells are not stored: pad the rows
                body = [tuple(r[:width]) + (None,) * (width - len(r)) for r in rows[1:]]
                sheets[key] = pd.DataFrame(body, columns=list(rows[0]))
    finally:
        book.close()
    return ExportedWorkbook(name, str(guide["codebook_version"]), str(guide.get("dept") or ""), sheets)


def _ref(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame["dept"].astype(str) + ":" + frame[column].astype(str)


def combine(workbooks: Sequence[ExportedWorkbook]) -> Frames:
    """One set of frames from several workbooks; refuses different codebook versions."""
    if not workbooks:
        raise EvaluationRefused("nothing_to_merge")
    versions = sorted({w.codebook_version for w in workbooks})
    if len(versions) > 1:
        raise EvaluationRefused("codebook_mismatch", versions=", ".join(versions))
    by_dept: dict[str, list[str]] = {}
    for book in workbooks:
        by_dept.setdefault(book.dept, []).append(book.name)
    for dept, names in by_dept.items():
        if len(names) > 1:  # the same study ids twice: rows would be counted twice
            raise EvaluationRefused("same_dept_twice", files=", ".join(names), dept=dept or "?")

    def stacked(key: str, columns: Sequence[str]) -> pd.DataFrame:
        parts = []
        for book in workbooks:
            part = book.sheets.get(key, pd.DataFrame(columns=list(columns))).reindex(columns=list(columns))
            part["dept"] = part["dept"].where(part["dept"].notna(), book.dept).astype(str)
            parts.append(part)
        return pd.concat(parts, ignore_index=True)

    conf = stacked("conferences", ["study_id", *REFERRAL_COLUMNS[1:]])
    consent = conf["evaluation_consent"].fillna(0).astype(int) == 1
    conf["ref"] = _ref(conf, "study_id")
    conf.loc[~consent, "ref"] = [f"{d}:funnel-{n}" for n, d in enumerate(conf.loc[~consent, "dept"])]
    conf["evaluation_consent"] = consent
    conf["self_organised"] = conf["self_organised"].fillna(0).astype(int) == 1
    for column in ("hours_coordinator", "hours_referent"):
        conf[column] = pd.to_numeric(conf[column], errors="coerce").astype("float64")
    for role in ROLES:
        conf[f"participants_{role.value}"] = pd.to_numeric(conf[f"participants_{role.value}"]).fillna(0).astype(int)
    for column in ("territory", "field", "referred_month", "quarter"):
        conf[column] = conf[column].astype(object).where(conf[column].notna(), "")
    referrals = conf[list(REFERRAL_COLUMNS)].reset_index(drop=True)
    actions = stacked("actions", ["study_id", "dept", "action_no", "owner_kind", "status_3m"])
    actions["conference_ref"] = _ref(actions, "study_id")
    answers = stacked("answers", ["answer_id", "study_id", "dept", "respondent_role", "questionnaire",
                                  "questionnaire_version", "score", *ANSWER_ITEMS, "transcribed", "quote_consent"])
    answers["ref"] = _ref(answers, "answer_id")
    answers["conference_ref"] = _ref(answers, "study_id")
    for column in ("score", *ANSWER_ITEMS):
        answers[column] = pd.to_numeric(answers[column], errors="coerce").astype("Float64")
    answers["transcribed"] = answers["transcribed"].fillna(0).astype(int) == 1
    texts = stacked("open_answers", ["answer_id", "dept", "question", "text"])
    texts["answer_ref"] = _ref(texts, "answer_id")
    passages = stacked("themes", ["theme", "label", "answer_id", "dept", "question", "start", "end"])
    passages["answer_ref"] = _ref(passages, "answer_id")
    themes = passages[["theme", "label"]].drop_duplicates("theme").reset_index(drop=True)
    return with_object_ids(Frames(referrals, actions[["conference_ref", "action_no", "owner_kind", "status_3m"]],
                  join_conference(answers.drop(columns=["answer_id", "study_id", "dept"]), referrals),
                  texts[["answer_ref", "question", "text"]], themes,
                  passages[["theme", "answer_ref", "question", "start", "end"]],
                  dept=", ".join(sorted({w.dept for w in workbooks}))))
