"""The evaluation's files (issue 9): the workbook (.xlsx, .ods), the CSV tables (.zip),
the open answers as a REFI-QDA project (.qdpx) and the annual note (.docx), the same for
the pilot's buttons and ``cercle stats export``.

    data = export(actor, "xlsx", territory_ids={3}, month_from="2025-01", month_to="2026-12", uow=uow)

Load → check → build → audit → commit. The caller reads the territories it may read
(``evaluation_rules.readable_territories``: all of them when none is named; naming one it
may not read is refused, nothing built, nothing written). Row-level files need the study
key (``CERCLE_STUDY_KEY``, refused in French when missing); a publication file holds only
masked tables and needs none. The audit entry says which format, territories and period,
never what the file holds.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

import pandas as pd
from sqlalchemy import select

from conference import clock
from conference.domain.enums import Field, ReferralSource
from conference.domain.errors import Forbidden, InvalidInput
from conference.evaluation.frames import Frames
from conference.evaluation.pseudonyms import study_key
from conference.evaluation.types import (Answer, EvaluationRows, ParticipantRole, Passage, QuoteConsent, Referral,
                                         Stage, Theme)
from conference.i18n import N_
from conference.security.evaluation_rules import TerritoryScope, readable_territories
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.territories import all_territory_ids, territory_ids_of
from conference.store.uow import UnitOfWork

FORMATS = ("xlsx", "ods", "csv", "qdpx", "note")
EXTENSIONS = {"xlsx": "xlsx", "ods": "ods", "csv": "zip", "qdpx": "qdpx", "note": "docx"}
MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ods": "application/vnd.oasis.opendocument.spreadsheet", "csv": "application/zip",
        "qdpx": "application/zip",
        "note": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
DEPT_VARIABLE = "CERCLE_DEPT"  # the département's code written in every file (optional)
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

# What a progress bar shows (message ids: the page and the command line translate them).
LOADING = N_("Reading the evaluation data…")
BUILDING = N_("Writing the file…")
DONE = N_("File ready.")

Progress = Callable[[float, str], None]

REFUSALS = {
    "forbidden": N_("You may not read the evaluation of these territories."),
    "unknown_territory": N_("Unknown territory code: {value}."),
    "bad_month": N_("« {value} » is not a month: write it as YYYY-MM, for instance 2026-03."),
    "period_reversed": N_("The period ends before it starts ({value})."),
    "unknown_format": N_("Unknown file format: {value}."),
}


def refusal_text(error: Exception, lang: str = "fr") -> str:
    """One French sentence for a refused export (pages and the command line show it)."""
    from conference.evaluation.errors import EvaluationRefused, message
    from conference.i18n import translator

    if isinstance(error, EvaluationRefused):
        return message(error, lang)
    _ = translator(lang)
    if isinstance(error, InvalidInput) and error.code in REFUSALS:
        return _(REFUSALS[error.code], **error.facts)
    return _(REFUSALS["forbidden"])


@dataclass(frozen=True)
class TerritoryChoice:
    id: int
    code: str
    name: str


def territories(actor: Actor, *, uow: UnitOfWork) -> list[TerritoryChoice]:
    """The territories ``actor`` may export, by name (empty: nothing to export)."""
    with uow:
        session = uow.session
        readable = readable_territories(actor, TerritoryScope(_given(session, actor)), all_territory_ids(session))
        rows = session.execute(select(r.TerritoryRow.id, r.TerritoryRow.code, r.TerritoryRow.name)
                               .where(r.TerritoryRow.id.in_(sorted(readable))).order_by(r.TerritoryRow.name))
        return [TerritoryChoice(*row) for row in rows]


def territory_ids_for(codes: Iterable[str], *, uow: UnitOfWork) -> frozenset[int]:
    """Territory codes (``cercle stats export --territory``) → ids; an unknown code is
    refused (``InvalidInput`` code ``unknown_territory``)."""
    wanted = [c.strip() for c in codes if c and c.strip()]
    with uow:
        found = {code: ident for code, ident in uow.session.execute(
            select(r.TerritoryRow.code, r.TerritoryRow.id).where(r.TerritoryRow.code.in_(wanted)))}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise InvalidInput("territory", "unknown_territory", value=", ".join(missing))
    return frozenset(found.values())


def file_name(fmt: str, *, publication: bool = False, month_from: str | None = None,
              month_to: str | None = None) -> str:
    """``evaluation-2025-01_2026-12.xlsx`` (``-publication`` for masked tables only)."""
    stem = "note-annuelle" if fmt == "note" else "evaluation"
    period = f"-{month_from or 'debut'}_{month_to or clock.today().strftime('%Y-%m')}" \
        if (month_from or month_to) else ""
    return f"{stem}{period}{'-publication' if publication and fmt != 'note' else ''}.{EXTENSIONS[fmt]}"


def _given(session, actor: Actor) -> frozenset[int]:
    return territory_ids_of(session, actor.id) if actor.id is not None else frozenset()


def _check_period(month_from: str | None, month_to: str | None) -> None:
    for name, value in (("month_from", month_from), ("month_to", month_to)):
        if value and not MONTH.match(value):
            raise InvalidInput(name, "bad_month", value=value)
    if month_from and month_to and month_from > month_to:
        raise InvalidInput("month_to", "period_reversed", value=f"{month_from} > {month_to}")


def period_text(month_from: str | None, month_to: str | None) -> str:
    if not (month_from or month_to):
        return ""
    return f"{month_from or '…'} – {month_to or '…'}"


def export(actor: Actor, fmt: str, *, territory_ids: Iterable[int] | None = None, month_from: str | None = None,
           month_to: str | None = None, publication: bool = False, progress: Progress | None = None,
           lang: str = "fr", uow: UnitOfWork) -> bytes:
    """One evaluation file as bytes (see the module's docstring). Raises ``Forbidden``
    (a territory the actor may not read, or none at all), ``InvalidInput`` (format,
    period) and :class:`~conference.evaluation.errors.StudyKeyMissing`."""
    from conference.store.evaluation_queries import load_frames

    report = progress or (lambda fraction, label: None)
    if fmt not in FORMATS:
        raise InvalidInput("format", "unknown_format", value=fmt)
    _check_period(month_from, month_to)
    needs_key = fmt == "qdpx" or (fmt in ("xlsx", "ods", "csv") and not publication)
    key = study_key() if needs_key else None  # refused before anything is read
    report(0.05, LOADING)
    with uow:
        session = uow.session
        readable = readable_territories(actor, TerritoryScope(_given(session, actor)), all_territory_ids(session))
        chosen = readable if territory_ids is None else frozenset(territory_ids)
        if not readable or not chosen or not chosen <= readable:
            raise Forbidden("evaluation.export")
        names = [n for (n,) in session.execute(select(r.TerritoryRow.name).where(r.TerritoryRow.id.in_(sorted(chosen)))
                                               .order_by(r.TerritoryRow.name))]
        dept = os.environ.get(DEPT_VARIABLE, "").strip()
        frames = load_frames(session, territory_ids=chosen, month_from=month_from, month_to=month_to, dept=dept)
        report(0.35, BUILDING)
        data = build(frames, fmt, key=key, publication=publication, period=period_text(month_from, month_to),
                     territory_names=names, lang=lang)
        uow.audit.record(actor, "evaluation.exported", "territory", None, format=fmt, territories=sorted(chosen),
                         month_from=month_from or "", month_to=month_to or "", publication=bool(publication))
        uow.commit()
    report(1.0, DONE)
    return data


def build(frames: Frames, fmt: str, *, key: bytes | None, publication: bool, period: str,
          territory_names: list[str], lang: str = "fr") -> bytes:
    """The file from frames already loaded and checked (no database, no permission)."""
    if fmt == "xlsx":
        from exports.evaluation_workbook import build_evaluation_xlsx
        return build_evaluation_xlsx(frames, key=key, publication=publication, period=period, lang=lang)
    if fmt == "ods":
        from exports.evaluation_workbook import build_evaluation_ods
        return build_evaluation_ods(frames, key=key, publication=publication, period=period, lang=lang)
    if fmt == "csv":
        from exports.evaluation_csv import build_evaluation_csv
        return build_evaluation_csv(frames, key=key, publication=publication, period=period, lang=lang)
    if fmt == "qdpx":
        from exports.evaluation_qdpx import build_evaluation_qdpx
        return build_evaluation_qdpx(qualitative_rows(frames), key=key, publication=publication)
    from exports.evaluation_note import build_evaluation_note
    return build_evaluation_note(frames, period=period, territories=territory_names, lang=lang,
                                 today=clock.today())


def _month_day(month: str) -> date:
    year, number = (int(p) for p in month.split("-"))
    return date(year, number, 1)


def _int_or_none(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def qualitative_rows(frames: Frames) -> EvaluationRows:
    """The open answers of consenting conferences as the plain rows the .qdpx writer reads
    (a referral keeps only its field and month: the first of the month stands for it)."""
    data = frames.consented()
    texts = data.texts
    if not len(texts):
        return EvaluationRows((), (), tuple(Theme(str(t), str(l)) for t, l in data.themes[["theme", "label"]]
                                            .itertuples(index=False)))
    by_answer: dict[str, dict[str, str]] = {}
    for answer_ref, question, text in texts[["answer_ref", "question", "text"]].itertuples(index=False):
        by_answer.setdefault(str(answer_ref), {})[str(question)] = str(text)
    answers = data.answers[data.answers["ref"].astype(str).isin(by_answer)]
    conf_refs = set(answers["conference_ref"].astype(str))
    ref = data.referrals[data.referrals["ref"].astype(str).isin(conf_refs)]
    referrals = tuple(Referral(ref=str(row.ref), territory=str(row.territory), field=Field(row.field),
                               referred_by=ReferralSource(row.referred_by), referred_on=_month_day(row.referred_month),
                               stage=Stage(row.stage), evaluation_consent=bool(row.evaluation_consent))
                      for row in ref.itertuples(index=False))
    out_answers = tuple(Answer(ref=str(a.ref), conference_ref=str(a.conference_ref),
                               role=ParticipantRole(a.respondent_role), questionnaire_id=str(a.questionnaire),
                               questionnaire_version=int(a.questionnaire_version), texts=by_answer[str(a.ref)],
                               quote_consent=QuoteConsent(a.quote_consent))
                        for a in answers.itertuples(index=False))
    themes = tuple(Theme(str(t), str(label)) for t, label in data.themes[["theme", "label"]].itertuples(index=False))
    passages = tuple(Passage(str(p.theme), str(p.answer_ref), str(p.question), _int_or_none(p.start),
                             _int_or_none(p.end))
                     for p in data.passages.itertuples(index=False) if str(p.answer_ref) in by_answer)
    return EvaluationRows(referrals, out_answers, themes, passages, frames.dept)
