"""The family's evaluation choice (issue 9): whether its conference takes part in the
evaluation. A consent record of kind EVALUATION in ``consents``: given or refused, by whom,
when. A new choice is a new record and a withdrawal stamps the record it ends, so the
history stays readable; whether a conference counts is decided at read time
(``conference.store.evaluation_consent.consented_conference_ids``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from conference.domain.enums import ConsentKind
from conference.security import evaluation_rules
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.models import utcnow
from conference.store.uow import UnitOfWork

from .base import clean, guard


@dataclass(frozen=True)
class EvaluationChoice:
    """One record of the family's choice."""

    id: int
    given: bool
    note: str
    recorded_by: str
    recorded_at: datetime
    withdrawn_at: datetime | None


@dataclass(frozen=True)
class EvaluationConsent:
    """The standing choice (None: not asked yet, or withdrawn) and every record, oldest first."""

    current: bool | None
    history: tuple[EvaluationChoice, ...]


def _standing(rows) -> r.ConsentRow | None:
    for row in reversed(rows):
        if row.withdrawn_at is None:
            return row
    return None


def _rows(uow: UnitOfWork, conference_id: int) -> list[r.ConsentRow]:
    return list(uow.session.scalars(
        select(r.ConsentRow).where(r.ConsentRow.conference_id == conference_id,
                                   r.ConsentRow.kind == ConsentKind.EVALUATION.value).order_by(r.ConsentRow.id)))


def record_evaluation_choice(actor: Actor, conference_id: int, given: bool, *, note: str = "",
                             uow: UnitOfWork) -> int:
    """The family's choice, recorded by its coordinator. The standing record (if any) is
    withdrawn by the new one, so only one choice stands at a time. Audited (no note)."""
    note = clean(note, "note", limit=2000)
    with uow:
        guard(uow, actor, conference_id, evaluation_rules.can_record_evaluation_consent, "record_evaluation_consent")
        now = utcnow()
        for row in _rows(uow, conference_id):
            if row.withdrawn_at is None:
                row.withdrawn_at = now
        row = r.ConsentRow(conference_id=conference_id, kind=ConsentKind.EVALUATION.value, participant_id=None,
                           given=bool(given), note=note, recorded_by=actor.name, recorded_at=now)
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "evaluation_consent.recorded", "conference", conference_id, given=bool(given))
        uow.commit()
        return row.id


def withdraw_evaluation_choice(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> bool:
    """The family takes its choice back: the standing record is stamped withdrawn (kept in
    the history); the conference no longer counts. False when nothing stood."""
    with uow:
        guard(uow, actor, conference_id, evaluation_rules.can_record_evaluation_consent, "withdraw_evaluation_consent")
        standing = [row for row in _rows(uow, conference_id) if row.withdrawn_at is None]
        if not standing:
            return False
        now = utcnow()
        for row in standing:  # every one: a record made on the consent screen may stand too
            row.withdrawn_at = now
        uow.audit.record(actor, "evaluation_consent.withdrawn", "conference", conference_id, given=standing[-1].given)
        uow.commit()
        return True


def evaluation_consent_of(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> EvaluationConsent:
    """The standing choice and its history, for the coordinator of the conference."""
    with uow:
        guard(uow, actor, conference_id, evaluation_rules.can_record_evaluation_consent, "read_evaluation_consent")
        rows = _rows(uow, conference_id)
        standing = _standing(rows)
        return EvaluationConsent(
            current=None if standing is None else bool(standing.given),
            history=tuple(EvaluationChoice(row.id, bool(row.given), row.note, row.recorded_by, row.recorded_at,
                                           row.withdrawn_at) for row in rows))
