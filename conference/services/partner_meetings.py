"""Synthesis meetings around a household: plan one (open decisions of earlier meetings are
carried into it), record who came and the person's presence, the agenda from the person's
needs in their words, the tour de table, the shared diagnosis, decisions and their status,
gaps and duplicates, the next date.

Every write follows load → check (``conference.security.partner_rules``) → change → audit
→ commit inside ``with uow:``; a refused actor or a stale version leaves nothing written.
Edits of a meeting's parts (participants, needs, round, decisions) bump the meeting's
version, so a screen loaded before someone else's save is refused (``StaleWrite``).

Reads (``meeting_view``, ``list_meetings``, ``overdue_decisions``) and sharing live in
``partner_reads``; this module re-exports them so callers import one place.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import select

from conference import clock
from conference.domain.errors import Forbidden, InvalidInput, NotFound
from conference.domain.partnership import Agreement, Attendance, DecisionStatus, MeetingKind, PersonPresence
from conference.security import partner_rules
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.uow import UnitOfWork, check_version

from .base import MAX_SHORT, clean, enum_value
from .partner_access import current_decisions, household_access, meeting_row, seat
from .partner_reads import (export_minutes, list_meetings, meeting_view, minutes_snapshot,  # noqa: F401
                            open_decisions, overdue_decisions, set_item_consent, share_item, shared_items)

MAX_ROWS = 60  # participants, needs or contributions in one meeting


def _editable_meeting(uow: UnitOfWork, actor: Actor, meeting_id: int, action: str,
                      expected_version: int | None) -> r.SynthesisMeetingRow:
    """Load the meeting, check the actor edits its household, refuse a stale screen."""
    row = meeting_row(uow, meeting_id)
    if not partner_rules.can_edit_household(actor, household_access(uow, row.household_id)):
        raise Forbidden(action, meeting_id)
    check_version("meeting", row, expected_version)
    return row


def _touch(row: r.SynthesisMeetingRow) -> None:
    """Mark the meeting changed: its version moves, so older screens are refused."""
    row.updated_at = clock.utcnow()


def _structure_ids(uow: UnitOfWork, ids: Iterable[int | None], field: str) -> None:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return
    found = set(uow.session.scalars(select(r.StructureRow.id).where(r.StructureRow.id.in_(wanted))))
    for missing in sorted(wanted - found):
        raise InvalidInput(field, "unknown_value", value=str(missing))


def plan_meeting(actor: Actor, household_id: int, kind: MeetingKind | str, held_on: date, *,
                 place: str = "", uow: UnitOfWork) -> int:
    """A new meeting of the household on ``held_on``. Every decision still open from an
    earlier meeting is carried into it: a new decision row whose ``carried_from`` names
    the old one (the old row stays as it was: the chain is the decision's history).
    Audited (``partner_meeting.planned`` with the number carried). Returns the id."""
    kind = enum_value(MeetingKind, kind, "kind")
    if not isinstance(held_on, date):
        raise InvalidInput("held_on", "required")
    place = clean(place, "place", limit=300)
    with uow:
        if not partner_rules.can_edit_household(actor, household_access(uow, household_id)):
            raise Forbidden("plan_meeting", household_id)
        row = r.SynthesisMeetingRow(household_id=household_id, kind=kind.value, meeting_date=held_on, place=place,
                                    created_by=actor.id)
        uow.add(row)
        uow.flush()
        carried = 0
        for old in current_decisions(uow, household_id, before_meeting=row.id):
            if old.status != DecisionStatus.OPEN.value:
                continue
            uow.add(r.DecisionRow(meeting_id=row.id, household_id=household_id, action=old.action,
                                  owner_structure_id=old.owner_structure_id, deadline=old.deadline,
                                  agreement=old.agreement, status=DecisionStatus.OPEN.value,
                                  carried_from_id=old.id))
            carried += 1
        uow.flush()
        uow.audit.record(actor, "partner_meeting.planned", "synthesis_meeting", row.id, household=household_id,
                         carried=carried)
        uow.commit()
        return row.id


def update_meeting(actor: Actor, meeting_id: int, expected_version: int, *, uow: UnitOfWork, **values) -> int:
    """Change the meeting's own fields: ``kind``, ``held_on``, ``place``, ``diagnosis``
    (the shared diagnosis), ``gaps`` (gaps and duplicates found), ``next_date``. Only the
    keys given change. Returns the new version. Audited with the names of the fields."""
    known = {"kind", "held_on", "place", "diagnosis", "gaps", "next_date"}
    unknown = set(values) - known
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "unknown_field")
    changes = {}
    if "kind" in values:
        changes["kind"] = enum_value(MeetingKind, values["kind"], "kind").value
    if "held_on" in values:
        if not isinstance(values["held_on"], date):
            raise InvalidInput("held_on", "required")
        changes["meeting_date"] = values["held_on"]
    if "place" in values:
        changes["place"] = clean(values["place"], "place", limit=300)
    if "diagnosis" in values:
        changes["shared_diagnosis"] = clean(values["diagnosis"], "diagnosis")
    if "gaps" in values:
        changes["gaps_duplicates"] = clean(values["gaps"], "gaps")
    if "next_date" in values:
        next_date = values["next_date"]
        if next_date is not None and not isinstance(next_date, date):
            raise InvalidInput("next_date", "unknown_value", value=str(next_date))
        changes["next_date"] = next_date
    with uow:
        row = _editable_meeting(uow, actor, meeting_id, "update_meeting", expected_version)
        if changes.get("next_date") is not None and changes["next_date"] < changes.get("meeting_date",
                                                                                       row.meeting_date):
            raise InvalidInput("next_date", "before_meeting")
        for name, value in changes.items():
            setattr(row, name, value)
        _touch(row)
        uow.flush()
        uow.audit.record(actor, "partner_meeting.updated", "synthesis_meeting", meeting_id, fields=sorted(values))
        uow.commit()
        return row.version


def record_presence(actor: Actor, meeting_id: int, presence: PersonPresence | str, expected_version: int, *,
                    reason: str = "", third_party: str = "", uow: UnitOfWork) -> int:
    """The person present, represented by a trusted third party (named: required), or
    absent (the reason: required). Returns the new version. Audited."""
    presence = enum_value(PersonPresence, presence, "person_presence")
    reason = clean(reason, "presence_reason", required=presence is PersonPresence.ABSENT, limit=1000)
    third_party = clean(third_party, "third_party", required=presence is PersonPresence.REPRESENTED,
                        limit=MAX_SHORT)
    with uow:
        row = _editable_meeting(uow, actor, meeting_id, "record_presence", expected_version)
        row.person_presence = presence.value
        row.presence_reason = reason if presence is PersonPresence.ABSENT else ""
        row.third_party = third_party if presence is PersonPresence.REPRESENTED else ""
        _touch(row)
        uow.flush()
        uow.audit.record(actor, "partner_meeting.presence", "synthesis_meeting", meeting_id, presence=presence.value)
        uow.commit()
        return row.version


def set_participants(actor: Actor, meeting_id: int, participants: Sequence[dict], expected_version: int, *,
                     uow: UnitOfWork) -> int:
    """Replace who took part: each ``{"structure_id", "name", "role", "attendance"}``
    (present, written input only, absent). All or nothing. Returns the new version."""
    if len(participants) > MAX_ROWS:
        raise InvalidInput("participants", "too_many", limit=MAX_ROWS)
    cleaned = [(p.get("structure_id"), clean(p.get("name"), "participant_name", limit=MAX_SHORT),
                clean(p.get("role"), "participant_role", limit=MAX_SHORT),
                enum_value(Attendance, p.get("attendance") or Attendance.PRESENT, "attendance"))
               for p in participants]
    for structure_id, name, _role, _a in cleaned:
        if structure_id is None and not name:
            raise InvalidInput("participant_name", "required")
    with uow:
        row = _editable_meeting(uow, actor, meeting_id, "set_participants", expected_version)
        _structure_ids(uow, (c[0] for c in cleaned), "structure_id")
        for old in uow.session.scalars(select(r.MeetingParticipantRow)
                                       .where(r.MeetingParticipantRow.meeting_id == meeting_id)):
            uow.session.delete(old)
        for structure_id, name, role, attendance in cleaned:
            uow.add(r.MeetingParticipantRow(meeting_id=meeting_id, structure_id=structure_id, contact_name=name,
                                            contact_role=role, attendance=attendance.value))
        _touch(row)
        uow.flush()
        uow.audit.record(actor, "partner_meeting.participants", "synthesis_meeting", meeting_id, count=len(cleaned))
        uow.commit()
        return row.version


def set_needs(actor: Actor, meeting_id: int, needs: Sequence[str], expected_version: int, *,
              uow: UnitOfWork) -> int:
    """Replace the agenda: the person's needs in their own words, in order (blank lines
    dropped). Returns the new version."""
    cleaned = [t for t in (clean(n, "need", limit=1000) for n in needs) if t]
    if len(cleaned) > MAX_ROWS:
        raise InvalidInput("needs", "too_many", limit=MAX_ROWS)
    with uow:
        row = _editable_meeting(uow, actor, meeting_id, "set_needs", expected_version)
        for old in uow.session.scalars(select(r.AgendaNeedRow).where(r.AgendaNeedRow.meeting_id == meeting_id)):
            uow.session.delete(old)
        for n, text in enumerate(cleaned):
            uow.add(r.AgendaNeedRow(meeting_id=meeting_id, position=n, text=text))
        _touch(row)
        uow.flush()
        uow.audit.record(actor, "partner_meeting.needs", "synthesis_meeting", meeting_id, count=len(cleaned))
        uow.commit()
        return row.version


def set_contributions(actor: Actor, meeting_id: int, contributions: Sequence[tuple[int | None, str]],
                      expected_version: int, *, uow: UnitOfWork) -> int:
    """Replace the tour de table: ``(structure_id, what it said)`` in order (empty texts
    dropped). Returns the new version."""
    cleaned = [(s, t) for s, t in ((s, clean(t, "contribution", limit=3000)) for s, t in contributions) if t]
    if len(cleaned) > MAX_ROWS:
        raise InvalidInput("contributions", "too_many", limit=MAX_ROWS)
    with uow:
        row = _editable_meeting(uow, actor, meeting_id, "set_contributions", expected_version)
        _structure_ids(uow, (s for s, _t in cleaned), "structure_id")
        for old in uow.session.scalars(select(r.ContributionRow).where(r.ContributionRow.meeting_id == meeting_id)):
            uow.session.delete(old)
        for n, (structure_id, text) in enumerate(cleaned):
            uow.add(r.ContributionRow(meeting_id=meeting_id, structure_id=structure_id, position=n, text=text))
        _touch(row)
        uow.flush()
        uow.audit.record(actor, "partner_meeting.round", "synthesis_meeting", meeting_id, count=len(cleaned))
        uow.commit()
        return row.version


def add_decision(actor: Actor, meeting_id: int, action: str, owner_structure_id: int | None,
                 deadline: date | None, agreement: Agreement | str, expected_version: int, *,
                 uow: UnitOfWork) -> int:
    """A decision of the meeting: the action, the structure that owns it, a deadline, the
    person's agreement (yes, no, deferred). Open. Returns the decision's id. Audited."""
    action = clean(action, "action", required=True, limit=1000)
    agreement = enum_value(Agreement, agreement, "agreement")
    if deadline is not None and not isinstance(deadline, date):
        raise InvalidInput("deadline", "unknown_value", value=str(deadline))
    with uow:
        row = _editable_meeting(uow, actor, meeting_id, "add_decision", expected_version)
        _structure_ids(uow, [owner_structure_id], "owner_structure_id")
        decision = r.DecisionRow(meeting_id=meeting_id, household_id=row.household_id, action=action,
                                 owner_structure_id=owner_structure_id, deadline=deadline,
                                 agreement=agreement.value, status=DecisionStatus.OPEN.value)
        uow.add(decision)
        _touch(row)
        uow.flush()
        uow.audit.record(actor, "decision.added", "decision", decision.id, meeting=meeting_id)
        uow.commit()
        return decision.id


def _editable_decision(uow: UnitOfWork, actor: Actor, decision_id: int, action: str,
                       expected_version: int | None) -> r.DecisionRow:
    decision = uow.session.get(r.DecisionRow, decision_id)
    if decision is None:
        raise NotFound("decision", decision_id)
    access = household_access(uow, decision.household_id)
    allowed = (partner_rules.can_update_decision(actor, access, decision.owner_structure_id, seat(uow, actor))
               if action == "change_decision_status" else partner_rules.can_edit_household(actor, access))
    if not allowed:
        raise Forbidden(action, decision_id)
    check_version("decision", decision, expected_version)
    return decision


def change_decision_status(actor: Actor, decision_id: int, status: DecisionStatus | str, expected_version: int, *,
                           note: str = "", uow: UnitOfWork) -> int:
    """Open, done or dropped (``note`` says why). The household's editors may change it,
    and so may a partner of the structure that owns the decision (it did the work).
    Returns the decision's new version. Audited."""
    status = enum_value(DecisionStatus, status, "status")
    note = clean(note, "status_note", limit=1000)
    with uow:
        decision = _editable_decision(uow, actor, decision_id, "change_decision_status", expected_version)
        decision.status = status.value
        decision.status_note = note
        decision.closed_at = None if status is DecisionStatus.OPEN else clock.utcnow()
        uow.flush()
        uow.audit.record(actor, "decision.status_changed", "decision", decision_id, status=status.value)
        uow.commit()
        return decision.version


def update_decision(actor: Actor, decision_id: int, expected_version: int, *, uow: UnitOfWork, **values) -> int:
    """Change ``action``, ``owner_structure_id``, ``deadline`` or ``agreement`` of a
    decision (the household's editors only). Returns the new version. Audited."""
    known = {"action", "owner_structure_id", "deadline", "agreement"}
    unknown = set(values) - known
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "unknown_field")
    changes = {}
    if "action" in values:
        changes["action"] = clean(values["action"], "action", required=True, limit=1000)
    if "agreement" in values:
        changes["agreement"] = enum_value(Agreement, values["agreement"], "agreement").value
    if "deadline" in values:
        if values["deadline"] is not None and not isinstance(values["deadline"], date):
            raise InvalidInput("deadline", "unknown_value", value=str(values["deadline"]))
        changes["deadline"] = values["deadline"]
    if "owner_structure_id" in values:
        changes["owner_structure_id"] = values["owner_structure_id"]
    with uow:
        decision = _editable_decision(uow, actor, decision_id, "update_decision", expected_version)
        if "owner_structure_id" in changes:
            _structure_ids(uow, [changes["owner_structure_id"]], "owner_structure_id")
        for name, value in changes.items():
            setattr(decision, name, value)
        uow.flush()
        uow.audit.record(actor, "decision.updated", "decision", decision_id, fields=sorted(values))
        uow.commit()
        return decision.version
