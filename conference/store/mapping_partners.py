"""Rows of the synthesis meetings → frozen snapshots (``conference.domain.partnership``).

The only place that knows both shapes. Functions take the session, because a snapshot
gathers several tables (a meeting's participants, needs, round, decisions, items, the
structure names they point at); each issues a handful of queries, never one per row.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from conference.domain import partnership as p

from . import models as r


def structure_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(r.StructureRow.id, r.StructureRow.name)
                                .where(r.StructureRow.id.in_(wanted))).all())


def _enum(cls, value):
    return cls(value) if value else None


def decisions(session: Session, rows: list[r.DecisionRow]) -> list[p.Decision]:
    """Decisions with their owner's name and, for a carried one, the date of the meeting
    where it was first taken (followed back along ``carried_from_id``)."""
    names = structure_names(session, (d.owner_structure_id for d in rows))
    origins = _first_meeting_dates(session, rows)
    return [p.Decision(
        id=d.id, meeting_id=d.meeting_id, action=d.action, owner_structure_id=d.owner_structure_id,
        owner_structure_name=names.get(d.owner_structure_id, ""), deadline=d.deadline,
        agreement=p.Agreement(d.agreement), status=p.DecisionStatus(d.status), closed_at=d.closed_at,
        carried_from=d.carried_from_id, first_meeting_date=origins.get(d.id), version=d.version,
    ) for d in rows]


def _first_meeting_dates(session: Session, rows: list[r.DecisionRow]):
    """{decision id: date of the meeting of the first decision in its carried chain}."""
    out = {}
    for d in rows:
        current, seen = d, set()
        while current.carried_from_id is not None and current.carried_from_id not in seen:
            seen.add(current.id)
            previous = session.get(r.DecisionRow, current.carried_from_id)
            if previous is None:
                break
            current = previous
        meeting = session.get(r.SynthesisMeetingRow, current.meeting_id)
        out[d.id] = meeting.meeting_date if meeting else None
    return out


def info_items(session: Session, rows: list[r.SharedItemRow]) -> list[p.InfoItem]:
    ids = [row.id for row in rows]
    allowed: dict[int, set[int]] = {i: set() for i in ids}
    if ids:
        for item_id, structure_id in session.execute(
                select(r.SharedItemStructureRow.item_id, r.SharedItemStructureRow.structure_id)
                .where(r.SharedItemStructureRow.item_id.in_(ids))):
            allowed[item_id].add(structure_id)
    names = structure_names(session, [row.brought_by_structure_id for row in rows]
                            + [s for group in allowed.values() for s in group])
    return [p.InfoItem(
        id=row.id, household_id=row.household_id, meeting_id=row.meeting_id,
        brought_by_structure_id=row.brought_by_structure_id,
        brought_by_name=names.get(row.brought_by_structure_id, ""), category=p.InfoCategory(row.category),
        text=row.text, allowed_structure_ids=frozenset(allowed[row.id]),
        allowed_structure_names=tuple(sorted(names.get(s, "") for s in allowed[row.id])),
        person_informed=bool(row.person_informed), person_objected=bool(row.person_objected),
        person_may_see_written=bool(row.person_may_see_written),
    ) for row in rows]


def path_referent(session: Session, household_id: int) -> tuple[str, str]:
    """("Name (structure)", reason text or code) of the current path referent, or ("", "")."""
    row = session.scalar(select(r.PathReferentRow).where(r.PathReferentRow.household_id == household_id,
                                                         r.PathReferentRow.to_date.is_(None))
                         .order_by(r.PathReferentRow.id.desc()).limit(1))
    if row is None:
        return "", ""
    name = ""
    if row.contact_id is not None:
        contact = session.get(r.StructureContactRow, row.contact_id)
        name = contact.name if contact else ""
    if not name and row.user_id is not None:
        user = session.get(r.User, row.user_id)
        name = user.display_name if user else ""
    structure = structure_names(session, [row.structure_id]).get(row.structure_id, "")
    who = f"{name} ({structure})" if name and structure else name or structure
    return who, row.reason_text or ""


def meeting(session: Session, row: r.SynthesisMeetingRow, items: list[p.InfoItem]) -> p.Meeting:
    """The whole meeting; ``items`` are the shared items already filtered for the reader."""
    participants = list(session.scalars(select(r.MeetingParticipantRow)
                                        .where(r.MeetingParticipantRow.meeting_id == row.id)
                                        .order_by(r.MeetingParticipantRow.id)))
    needs = list(session.scalars(select(r.AgendaNeedRow).where(r.AgendaNeedRow.meeting_id == row.id)
                                 .order_by(r.AgendaNeedRow.position, r.AgendaNeedRow.id)))
    contributions = list(session.scalars(select(r.ContributionRow).where(r.ContributionRow.meeting_id == row.id)
                                         .order_by(r.ContributionRow.position, r.ContributionRow.id)))
    decision_rows = list(session.scalars(select(r.DecisionRow).where(r.DecisionRow.meeting_id == row.id)
                                         .order_by(r.DecisionRow.id)))
    names = structure_names(session, [x.structure_id for x in participants + contributions])
    household = session.get(r.HouseholdRow, row.household_id)
    referent, reason = path_referent(session, row.household_id)
    return p.Meeting(
        id=row.id, household_id=row.household_id, household_label=household.label if household else "",
        kind=p.MeetingKind(row.kind), held_on=row.meeting_date, place=row.place or "",
        person_presence=_enum(p.PersonPresence, row.person_presence), presence_reason=row.presence_reason or "",
        third_party=row.third_party or "",
        participants=tuple(p.Participant(id=x.id, structure_id=x.structure_id,
                                         structure_name=names.get(x.structure_id, ""), name=x.contact_name or "",
                                         role=x.contact_role or "", attendance=p.Attendance(x.attendance))
                           for x in participants),
        needs=tuple(p.Need(id=n.id, text=n.text) for n in needs),
        contributions=tuple(p.Contribution(id=c.id, structure_id=c.structure_id,
                                           structure_name=names.get(c.structure_id, ""), text=c.text)
                            for c in contributions),
        diagnosis=row.shared_diagnosis or "", decisions=tuple(decisions(session, decision_rows)),
        gaps=row.gaps_duplicates or "", next_date=row.next_date, info_items=tuple(items),
        path_referent=referent, path_referent_reason=reason, version=row.version,
    )


def _person_name(session: Session, user_id: int | None, contact_id: int | None) -> tuple[str, str, str, str]:
    """(name, structure name, phone, email) of an account or a directory contact."""
    if contact_id is not None:
        contact = session.get(r.StructureContactRow, contact_id)
        if contact is not None:
            structure = structure_names(session, [contact.structure_id]).get(contact.structure_id, "")
            return contact.name, structure, contact.phone or "", contact.email or ""
    if user_id is not None:
        user = session.get(r.User, user_id)
        if user is not None:
            structure = structure_names(session, [user.structure_id]).get(user.structure_id, "")
            return user.display_name, structure or user.institution or "", "", ""
    return "", "", "", ""


def handover_note(session: Session, row: r.HandoverNoteRow) -> p.HandoverNote:
    household = session.get(r.HouseholdRow, row.household_id)
    from_name, from_structure, _phone, _email = _person_name(session, row.from_user_id, row.from_contact_id)
    to_name, to_structure, phone, email = _person_name(session, row.to_user_id, row.to_contact_id)
    return p.HandoverNote(
        id=row.id, household_id=row.household_id, household_label=household.label if household else "",
        from_name=from_name, from_structure=from_structure, to_name=to_name, to_user_id=row.to_user_id,
        situation=row.situation or "", already_told=row.already_told or "", pending_steps=row.pending_steps or "",
        may_share=row.may_share or "", written_at=row.written_at or row.created_at, confirmed_at=row.confirmed_at,
        confirmed_by=row.confirmed_by, successor_phone=phone, successor_email=email,
        successor_structure=to_structure, state=p.HandoverState(row.status), version=row.version,
    )


def reflection_cycle(session: Session, row: r.ReflectionCycleRow, current_hash: str) -> p.ReflectionCycle:
    """The cycle; ``approvals`` counts only approvals of the report as it reads now
    (``current_hash``): changing the draft asks everyone again."""
    sessions = list(session.scalars(select(r.ReflectionSessionRow).where(r.ReflectionSessionRow.cycle_id == row.id)
                                    .order_by(r.ReflectionSessionRow.number)))
    quotes: dict[int, list[str]] = {s.id: [] for s in sessions}
    if sessions:
        for q in session.scalars(select(r.ReflectionQuoteRow).where(r.ReflectionQuoteRow.session_id.in_(quotes))
                                 .order_by(r.ReflectionQuoteRow.id)):
            quotes[q.session_id].append(q.text)
    approvals = frozenset(session.scalars(
        select(r.ReflectionApprovalRow.user_id).where(r.ReflectionApprovalRow.cycle_id == row.id,
                                                      r.ReflectionApprovalRow.report_hash == current_hash)))
    return p.ReflectionCycle(
        id=row.id, title=row.title, territory_id=row.territory_id,
        sessions=tuple(p.ReflectionSession(id=s.id, theme=p.ReflectionTheme(s.theme), held_on=s.held_on,
                                           notes=s.notes or "", quotes=tuple(quotes[s.id])) for s in sessions),
        participants=tuple((int(x["user_id"]), x.get("name", "")) for x in row.participants or ()),
        approvals=approvals, draft_report=row.draft_report or "", final_at=row.final_at, version=row.version,
    )
