"""The coordinator's synthesis sheet (fiche de synthèse, issue 9), for every conference,
completed or not.

What Cercle already knows is shown, never typed again: the outcome, the reason when not
completed, the field, the referral source, whether the family organised it themselves.
The sheet adds the time spent by the coordinator and by the referent (quick entry: « 1h30 »,
« 1,5 », « 90 min ») and who took part by evaluation role, prefilled from the participants
marked present until the coordinator saves their own counts.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from conference.domain.enums import (
    Attendance,
    ClosureReason,
    Field,
    Outcome,
    Phase,
    ReferralSource,
    Relation,
)
from conference.domain.errors import InvalidInput, StaleWrite
from conference.evaluation.types import ROLES, ParticipantRole
from conference.security import evaluation_rules
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.uow import UnitOfWork, check_version

from .base import clean, guard

MAX_HOURS = 500.0  # more than any one conference takes: a typing slip
MAX_PARTICIPANTS = 200

# How a network member's relation counts on the sheet; the focal person of a childhood
# conference is the child, and the coordinator is counted once when anyone was present.
ROLE_OF_RELATION: dict[Relation, ParticipantRole] = {
    Relation.FAMILY: ParticipantRole.FAMILY,
    Relation.FRIEND: ParticipantRole.NETWORK,
    Relation.NEIGHBOUR: ParticipantRole.NETWORK,
    Relation.COLLEAGUE: ParticipantRole.NETWORK,
    Relation.PEER_SUPPORTER: ParticipantRole.NETWORK,
    Relation.TRUSTED_PERSON: ParticipantRole.NETWORK,
    Relation.PROFESSIONAL: ParticipantRole.PROFESSIONAL,
    Relation.EXPERT: ParticipantRole.EXPERT,
}


@dataclass(frozen=True)
class SynthesisSheet:
    conference_id: int
    title: str
    phase: Phase
    outcome: Outcome | None
    closure_reason: ClosureReason | None
    field: Field | None
    referral_source: ReferralSource | None
    self_organised: bool
    hours_coordinator: float | None
    hours_referent: float | None
    participants: Mapping[str, int] = field(default_factory=dict)  # {role code: count}, every role
    participants_prefilled: bool = True  # counted from attendance, not yet saved by the coordinator
    note: str = ""
    version: int = 0  # 0: never saved


# --- quick entry of hours -----------------------------------------------------------------

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_H_MIN = re.compile(r"^(\d+)\s*h(?:eures?)?\s*(?:(\d{1,2})\s*(?:min|mn|m)?)?$")
_COLON = re.compile(r"^(\d+):(\d{2})$")
_MINUTES = re.compile(rf"^{_NUMBER}\s*(?:min|mn|minutes?)$")
_HOURS = re.compile(rf"^{_NUMBER}\s*(?:h|heures?)?$")


def parse_hours(text: str | float | None, field_name: str = "hours") -> float | None:
    """Hours as typed: « 1h30 », « 1 h 30 », « 2h », « 1:30 », « 1,5 », « 1.5 », « 90 min »,
    « 2 ». Empty: None (not known). Anything else, negative or past MAX_HOURS:
    ``InvalidInput(field_name, "hours_format")``."""
    if text is None:
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        hours = float(text)
    else:
        value = str(text).strip().lower().replace("\u00a0", " ")
        if not value:
            return None
        hours = None
        if m := _H_MIN.match(value):
            minutes = int(m.group(2) or 0)
            if minutes < 60:
                hours = int(m.group(1)) + minutes / 60
        elif m := _COLON.match(value):
            if int(m.group(2)) < 60:
                hours = int(m.group(1)) + int(m.group(2)) / 60
        elif m := _MINUTES.match(value):
            hours = float(m.group(1).replace(",", ".")) / 60
        elif m := _HOURS.match(value):
            hours = float(m.group(1).replace(",", "."))
        if hours is None:
            raise InvalidInput(field_name, "hours_format", value=str(text)[:40])
    if not 0 <= hours <= MAX_HOURS:
        raise InvalidInput(field_name, "hours_format", value=str(text)[:40])
    return round(hours, 2)


def format_hours(hours: float | None) -> str:
    """« 1 h 30 » for 1.5, « 45 min » for 0.75, « 2 h » for 2; empty for None (what the form
    shows back; ``parse_hours`` reads each of them)."""
    if hours is None:
        return ""
    minutes = round(hours * 60)
    h, m = divmod(minutes, 60)
    if not h:
        return f"{m} min"
    return f"{h} h {m:02d}" if m else f"{h} h"


def _counts(participants: Mapping | None) -> dict[str, int]:
    """Every role with a whole count 0–MAX_PARTICIPANTS; unknown roles refused."""
    counts = {role.value: 0 for role in ROLES}
    for key, raw in (participants or {}).items():
        try:
            role = ParticipantRole(getattr(key, "value", key))
        except ValueError:
            raise InvalidInput("participants", "unknown_value", value=str(key)[:40]) from None
        if raw is None or raw == "":
            continue
        try:
            number = int(raw)
        except (TypeError, ValueError):
            raise InvalidInput("participants", "not_whole_number", value=str(raw)[:40]) from None
        if number != raw and str(number) != str(raw).strip():
            raise InvalidInput("participants", "not_whole_number", value=str(raw)[:40])
        if not 0 <= number <= MAX_PARTICIPANTS:
            raise InvalidInput("participants", "out_of_range", minimum=0, maximum=MAX_PARTICIPANTS)
        counts[role.value] = number
    return counts


# --- prefill ------------------------------------------------------------------------------

def counted_participants(people: list[tuple[str, bool, str | None]], field_code: str | None) -> dict[str, int]:
    """{role: count} of the people marked present (relation, is_focal, attendance); the
    coordinator counts once when anyone was present. Nobody marked present: every role 0."""
    counts = {role.value: 0 for role in ROLES}
    present = [(relation, focal) for relation, focal, attendance in people if attendance == Attendance.PRESENT.value]
    for relation, focal in present:
        if focal and field_code == Field.CHILDHOOD.value:
            role = ParticipantRole.CHILD
        else:
            try:
                role = ROLE_OF_RELATION.get(Relation(relation), ParticipantRole.NETWORK)
            except ValueError:
                role = ParticipantRole.NETWORK
        counts[role.value] += 1
    if present:
        counts[ParticipantRole.COORDINATOR.value] = 1
    return counts


def _enum(cls, value):
    try:
        return cls(value) if value else None
    except ValueError:
        return None


def sheet_for(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> SynthesisSheet:
    """The sheet as the coordinator sees it: saved values, or a prefill from the conference."""
    with uow:
        guard(uow, actor, conference_id, evaluation_rules.can_edit_synthesis_sheet, "read_synthesis_sheet")
        conf = uow.conferences.get(conference_id)
        row = uow.session.get(r.SynthesisSheetRow, conference_id)
        people = uow.session.execute(
            select(r.ParticipantRow.relation, r.ParticipantRow.is_focal, r.ParticipantRow.attendance)
            .where(r.ParticipantRow.conference_id == conference_id)).all()
        outcome = _enum(Outcome, conf.outcome)
        saved = row is not None and bool(row.participants)
        participants = _counts(row.participants) if saved else counted_participants(list(people), conf.field)
        return SynthesisSheet(
            conference_id=conference_id, title=conf.title, phase=Phase(conf.phase), outcome=outcome,
            closure_reason=_enum(ClosureReason, conf.closure_reason), field=_enum(Field, conf.field),
            referral_source=_enum(ReferralSource, conf.referral_source),
            self_organised=outcome is Outcome.FAMILY_SELF_ORGANISED,
            hours_coordinator=row.hours_coordinator if row else None, hours_referent=row.hours_referent if row else None,
            participants=participants, participants_prefilled=not saved, note=row.note if row else "",
            version=row.version if row else 0)


def save_sheet(actor: Actor, conference_id: int, hours_coordinator, hours_referent, participants: Mapping | None,
               note: str, seen_version: int | None, *, uow: UnitOfWork) -> int:
    """Save the sheet; the new version. ``seen_version`` is the version the screen showed
    (0: it showed an unsaved sheet); a sheet saved meanwhile refuses the write (StaleWrite).
    Hours are parsed by ``parse_hours``. Audited (no note)."""
    coordinator_hours = parse_hours(hours_coordinator, "hours_coordinator")
    referent_hours = parse_hours(hours_referent, "hours_referent")
    counts = _counts(participants)
    note = clean(note, "note", limit=5000)
    with uow:
        guard(uow, actor, conference_id, evaluation_rules.can_edit_synthesis_sheet, "save_synthesis_sheet")
        row = uow.session.get(r.SynthesisSheetRow, conference_id)
        if row is None:
            if seen_version not in (None, 0):
                raise StaleWrite("synthesis_sheet", seen_version, 0)
            row = r.SynthesisSheetRow(conference_id=conference_id)
            uow.add(row)
        else:
            check_version("synthesis_sheet", row, 0 if seen_version is None else seen_version)
        row.hours_coordinator, row.hours_referent = coordinator_hours, referent_hours
        row.participants, row.note = counts, note
        try:
            uow.flush()
        except IntegrityError:  # saved by someone else between our read and our insert
            raise StaleWrite("synthesis_sheet", 0, 1) from None
        uow.audit.record(actor, "synthesis_sheet.saved", "conference", conference_id)
        uow.commit()
        return row.version
