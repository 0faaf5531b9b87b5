"""Information and consent records: agreement, objection, withdrawal — who and when.

A record is never edited: a withdrawal stamps ``withdrawn_at`` on the record it ends, and
a new decision is a new record, so the history stays readable for the family.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from conference.domain import safety
from conference.domain.enums import ConsentKind
from conference.domain.errors import InvalidInput
from conference.security import rules
from conference.security.rules import Actor
from conference.store import mapping
from conference.store import models as r
from conference.store.models import utcnow
from conference.store.uow import UnitOfWork

from .base import clean, enum_value, guard


@dataclass(frozen=True)
class ConsentRecord:
    id: int
    kind: ConsentKind
    participant_id: int | None
    participant_name: str
    given: bool
    note: str
    recorded_by: str
    recorded_at: datetime
    withdrawn_at: datetime | None
    person_withheld: bool = False  # about someone who may not be named (``safety.is_shareable``)


def record_consent(actor: Actor, conference_id: int, kind: ConsentKind | str, given: bool, *,
                   participant_id: int | None = None, note: str = "", uow: UnitOfWork) -> int:
    """An agreement (``given=True``) or an objection (``given=False``). Invitations name
    the person. Audited (without the note)."""
    kind = enum_value(ConsentKind, kind, "kind")
    note = clean(note, "note", limit=2000)
    if kind is ConsentKind.INVITATION and participant_id is None:
        raise InvalidInput("participant", "required")
    with uow:
        guard(uow, actor, conference_id, rules.can_record_consent, "record_consent")
        if participant_id is not None:
            uow.conferences.child(r.ParticipantRow, participant_id, conference_id)
        row = r.ConsentRow(conference_id=conference_id, kind=kind.value, participant_id=participant_id,
                           given=bool(given), note=note, recorded_by=actor.name)
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "consent.recorded", "conference", conference_id, kind=kind.value, given=bool(given))
        uow.commit()
        return row.id


def withdraw_consent(actor: Actor, conference_id: int, consent_id: int, *, uow: UnitOfWork) -> None:
    with uow:
        guard(uow, actor, conference_id, rules.can_record_consent, "withdraw_consent")
        row = uow.conferences.child(r.ConsentRow, consent_id, conference_id)
        if row.withdrawn_at is None:
            row.withdrawn_at = utcnow()
        uow.audit.record(actor, "consent.withdrawn", "conference", conference_id, kind=row.kind)
        uow.commit()


def list_consents(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> list[ConsentRecord]:
    """Every record, oldest first; a person who may not be shown (``safety.is_shareable``)
    is never named: the record says so (``person_withheld``) without the name."""
    with uow:
        guard(uow, actor, conference_id, rules.can_read_consents, "read_consents")
        rows = uow.session.execute(
            select(r.ConsentRow, r.ParticipantRow)
            .outerjoin(r.ParticipantRow, r.ParticipantRow.id == r.ConsentRow.participant_id)
            .where(r.ConsentRow.conference_id == conference_id).order_by(r.ConsentRow.id)).all()
        records = []
        for c, person in rows:
            shown = person is None or safety.is_shareable(mapping.participant(person))
            records.append(ConsentRecord(c.id, ConsentKind(c.kind), c.participant_id,
                                         person.name if person is not None and shown else "", c.given, c.note,
                                         c.recorded_by, c.recorded_at, c.withdrawn_at, person_withheld=not shown))
        return records


def current_consent(records: list[ConsentRecord], kind: ConsentKind, participant_id: int | None = None) -> bool | None:
    """The standing decision for ``kind`` (latest record not withdrawn), or None."""
    for record in reversed(records):
        if record.kind is kind and record.participant_id == participant_id and record.withdrawn_at is None:
            return record.given
    return None


def export_consent_record(actor: Actor, conference_id: int, *, lang: str = "fr", uow: UnitOfWork) -> tuple[str, bytes]:
    """(file name, .docx) of the consent record, printable for the family. Audited."""
    from exports.consent_record import build_consent_record

    records = list_consents(actor, conference_id, uow=uow)  # guarded: can_read_consents
    with uow:
        row = uow.conferences.get(conference_id)
        coordinator = row.coordinator.display_name if row.coordinator else ""
        data = build_consent_record(row.title, records, printed_at=utcnow(), lang=lang, coordinator_name=coordinator,
                                    coordinator_contact=row.coordinator_contact or "")
        uow.audit.record(actor, "export.consent_record", "conference", conference_id, lang=lang)
        uow.commit()
    return f"consentements-conference-{conference_id}.docx", data
