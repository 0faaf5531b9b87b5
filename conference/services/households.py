"""Households (situations) followed by several partners (issue 10): create, list for the
acting person, read, rename, attach a conference, add or end a partner, choose the path
referent with the reason (history kept), the timeline of conferences and meetings.

Every write follows load → check (``conference.security.partner_rules``) → change → audit
→ commit inside ``with uow:``; refused means nothing written. A change to the household's
partners or path referent moves its version, so a screen loaded before is refused.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, update

from conference import clock
from conference.domain.errors import Forbidden, InvalidInput, NotFound
from conference.domain.households import (Household, HouseholdPartner, HouseholdSummary, PathReferentPeriod,
                                          ReferentReason, TimelineEntry, TimelineKind)
from conference.security import partner_rules as pr
from conference.security.rules import Actor
from conference.store import models as r
from conference.store import partners as store
from conference.store import territories
from conference.store.uow import UnitOfWork, check_version

from .base import MAX_SHORT, clean, enum_value


def _access(uow: UnitOfWork, household_id: int) -> pr.HouseholdAccess:
    return store.household_access(uow.session, household_id)


def _editable(uow: UnitOfWork, actor: Actor, household_id: int, action: str,
              expected_version: int | None = None) -> r.HouseholdRow:
    """Load → check → refuse a stale screen; the household's row, ready to change."""
    access = _access(uow, household_id)
    if not pr.can_edit_household(actor, access):
        raise Forbidden(action, household_id)
    row = uow.session.get(r.HouseholdRow, household_id)
    check_version("household", row, expected_version)
    return row


def _touch(row: r.HouseholdRow) -> None:
    """Its partners or referent changed: the household's version moves."""
    row.updated_at = clock.utcnow()


def create_household(actor: Actor, label: str, *, uow: UnitOfWork) -> int:
    """A new household, named as it wants to be named, in the coordinator's territory."""
    if not pr.can_create_household(actor):
        raise Forbidden("create_household")
    label = clean(label, "label", required=True, limit=MAX_SHORT)
    with uow:
        row = r.HouseholdRow(label=label, created_by=actor.id,
                             territory_id=territories.territory_for_new_conference(uow.session, actor.id))
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "household.created", "household", row.id)
        uow.commit()
        return row.id


def rename_household(actor: Actor, household_id: int, label: str, expected_version: int, *,
                     uow: UnitOfWork) -> int:
    label = clean(label, "label", required=True, limit=MAX_SHORT)
    with uow:
        row = _editable(uow, actor, household_id, "rename_household", expected_version)
        row.label = label
        uow.flush()
        uow.audit.record(actor, "household.renamed", "household", household_id)
        uow.commit()
        return row.version


def list_households(actor: Actor, *, uow: UnitOfWork, limit: int = 200) -> list[HouseholdSummary]:
    """The households the acting person may read, by name."""
    if not pr.can_list_households(actor):
        raise Forbidden("list_households")
    with uow:
        h = r.HouseholdRow
        readable = store.readable_household_ids(uow.session, actor, store.seat(uow.session, actor))
        q = select(h.id, h.label, h.territory_id).order_by(h.label, h.id).limit(limit)
        if readable is not None:
            q = q.where(h.id.in_(readable))
        rows = uow.session.execute(q).all()
        ids = [i for i, _, _ in rows]
        if not ids:
            return []
        today = clock.today()
        hp, m = r.HouseholdPartnerRow, r.SynthesisMeetingRow
        partners = dict(uow.session.execute(select(hp.household_id, func.count()).where(
            hp.household_id.in_(ids), store.taking_part(today)).group_by(hp.household_id)).all())
        upcoming = dict(uow.session.execute(select(m.household_id, func.min(m.meeting_date)).where(
            m.household_id.in_(ids), m.meeting_date >= today).group_by(m.household_id)).all())
        referents = {p.household_id: p for p in uow.session.scalars(select(r.PathReferentRow).where(
            r.PathReferentRow.household_id.in_(ids), r.PathReferentRow.to_date.is_(None)))}
        names = _referent_names(uow, list(referents.values()))
        return [HouseholdSummary(id=i, label=label, territory_id=t,
                                 path_referent=names.get(referents[i].id, ("", ""))[0] if i in referents else "",
                                 partners=partners.get(i, 0), next_meeting=upcoming.get(i))
                for i, label, t in rows]


def get_household(actor: Actor, household_id: int, *, uow: UnitOfWork) -> Household:
    """The household with its partners and path referents (history), if the actor may read it."""
    with uow:
        access = _access(uow, household_id)
        if not pr.can_read_household(actor, access, store.seat(uow.session, actor)):
            raise Forbidden("read_household", household_id)
        return _snapshot(uow, household_id)


def open_household(actor: Actor, household_id: int, *, uow: UnitOfWork) -> None:
    """Opening the record is a read of sensitive data: audited once per opening."""
    with uow:
        if not pr.can_read_household(actor, _access(uow, household_id), store.seat(uow.session, actor)):
            raise Forbidden("open_household", household_id)
        uow.audit.record(actor, "household.opened", "household", household_id)
        uow.commit()


def attach_conference(actor: Actor, household_id: int, conference_id: int, *, uow: UnitOfWork) -> None:
    """Put a conference on this household's thread (its coordinator, who runs the household)."""
    with uow:
        access = _access(uow, household_id)
        conf = uow.conferences.access(conference_id)
        if not pr.can_attach_conference(actor, access, conf):
            raise Forbidden("attach_conference", household_id)
        previous = uow.conferences.get(conference_id).household_id
        # A plain UPDATE: the conference's own version stays, so its open screens are not refused.
        uow.session.execute(update(r.ConferenceRow).where(r.ConferenceRow.id == conference_id)
                            .values(household_id=household_id).execution_options(synchronize_session=False))
        _touch(uow.session.get(r.HouseholdRow, household_id))
        uow.flush()
        uow.audit.record(actor, "household.conference_attached", "household", household_id,
                         conference=conference_id, previous=previous)
        uow.commit()


def household_of_conference(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> int:
    """The household a conference belongs to; a conference created after migration 0010
    gets its own one here (named like the conference, in its territory), as the migration
    did for the older ones. Its coordinator only."""
    from conference.security import rules

    with uow:
        conf = uow.conferences.access(conference_id)
        if not rules.is_coordinator_of(actor, conf):
            raise Forbidden("household_of_conference", conference_id)
        row = uow.conferences.get(conference_id)
        if row.household_id is not None:
            return row.household_id
        household = r.HouseholdRow(label=row.title, territory_id=row.territory_id, created_by=actor.id)
        uow.add(household)
        uow.flush()
        uow.session.execute(update(r.ConferenceRow).where(r.ConferenceRow.id == conference_id)
                            .values(household_id=household.id).execution_options(synchronize_session=False))
        uow.audit.record(actor, "household.created", "household", household.id, conference=conference_id)
        uow.commit()
        return household.id


def add_partner(actor: Actor, household_id: int, structure_id: int, role: str = "", *,
                start_date: date | None = None, expected_version: int | None = None, uow: UnitOfWork) -> int:
    """A structure starts working with the household (``role``: what it does there)."""
    role = clean(role, "role", limit=MAX_SHORT)
    with uow:
        row = _editable(uow, actor, household_id, "add_partner", expected_version)
        structure = uow.session.get(r.StructureRow, structure_id)
        if structure is None or not structure.active:
            raise InvalidInput("structure", "unknown_value", value=str(structure_id))
        today = clock.today()
        already = uow.session.scalar(select(r.HouseholdPartnerRow.id).where(
            r.HouseholdPartnerRow.household_id == household_id, r.HouseholdPartnerRow.structure_id == structure_id,
            store.taking_part(today)))
        if already is not None:
            raise InvalidInput("structure", "already_partner")
        partner = r.HouseholdPartnerRow(household_id=household_id, structure_id=structure_id, role=role,
                                        start_date=start_date or today)
        uow.add(partner)
        _touch(row)
        uow.flush()
        uow.audit.record(actor, "household.partner_added", "household", household_id, structure=structure_id)
        uow.commit()
        return partner.id


def end_partner(actor: Actor, household_id: int, partner_id: int, *, end_date: date | None = None,
                expected_version: int | None = None, uow: UnitOfWork) -> None:
    """The structure stops working with the household (from ``end_date``, today by default):
    its partners no longer see the household the day after."""
    with uow:
        row = _editable(uow, actor, household_id, "end_partner", expected_version)
        partner = uow.session.get(r.HouseholdPartnerRow, partner_id)
        if partner is None or partner.household_id != household_id:
            raise NotFound("household_partner", partner_id)
        end = end_date or clock.today()
        if end < partner.start_date:
            raise InvalidInput("end_date", "before_start")
        partner.end_date = end
        _touch(row)
        uow.flush()
        uow.audit.record(actor, "household.partner_ended", "household", household_id, structure=partner.structure_id)
        uow.commit()


def set_path_referent(actor: Actor, household_id: int, reason: ReferentReason | str, *, user_id: int | None = None,
                      contact_id: int | None = None, reason_text: str = "", expected_version: int | None = None,
                      uow: UnitOfWork) -> int:
    """Choose the path referent (an account, or a directory contact) and say why: the
    person's preference, caseload, skills, or another reason written out. The current one's
    period ends today; the history is kept. Returns the new period's id."""
    reason = enum_value(ReferentReason, reason, "reason")
    reason_text = clean(reason_text, "reason_text", required=reason is ReferentReason.OTHER, limit=MAX_SHORT * 5)
    if (user_id is None) == (contact_id is None):
        raise InvalidInput("path_referent", "required")
    with uow:
        row = _editable(uow, actor, household_id, "set_path_referent", expected_version)
        structure_id = None
        if user_id is not None:
            user = uow.session.get(r.User, user_id)
            if user is None or not user.active or user.role not in {x.value for x in pr.PATH_REFERENT_ROLES}:
                raise InvalidInput("path_referent", "unknown_value", value=str(user_id))
            structure_id = user.structure_id
        else:
            contact = uow.session.get(r.StructureContactRow, contact_id)
            if contact is None or contact.left_at is not None:
                raise InvalidInput("path_referent", "unknown_value", value=str(contact_id))
            structure_id, user_id = contact.structure_id, contact.user_id
        today = clock.today()
        current = store.current_path_referent(uow.session, household_id)
        if current is not None:
            current.to_date = today
        period = r.PathReferentRow(household_id=household_id, user_id=user_id, contact_id=contact_id,
                                   structure_id=structure_id, reason=reason.value, reason_text=reason_text,
                                   from_date=today, recorded_by=actor.id)
        uow.add(period)
        _touch(row)
        uow.flush()
        uow.audit.record(actor, "household.path_referent_set", "household", household_id, reason=reason.value,
                         previous=current.id if current else None)
        uow.commit()
        return period.id


def timeline(actor: Actor, household_id: int, *, uow: UnitOfWork) -> list[TimelineEntry]:
    """The household's thread, oldest first: its conferences (for who runs the household;
    a partner sees the synthesis side only), its meetings, partners arriving and leaving,
    path referents, handovers."""
    with uow:
        access = _access(uow, household_id)
        seat = store.seat(uow.session, actor)
        if not pr.can_read_household(actor, access, seat):
            raise Forbidden("read_timeline", household_id)
        entries: list[TimelineEntry] = []
        if pr.runs_household(actor, access):
            c = r.ConferenceRow
            for cid, title, phase, meeting_date, created_at in uow.session.execute(
                    select(c.id, c.title, c.phase, c.meeting_date, c.created_at).where(c.household_id == household_id)):
                entries.append(TimelineEntry(meeting_date or clock.local_date(created_at), TimelineKind.CONFERENCE,
                                             cid, title, phase))
        m = r.SynthesisMeetingRow
        for mid, kind, on in uow.session.execute(select(m.id, m.kind, m.meeting_date)
                                                 .where(m.household_id == household_id)):
            entries.append(TimelineEntry(on, TimelineKind.MEETING, mid, kind))
        snapshot = _snapshot(uow, household_id)
        for p in snapshot.partners:
            entries.append(TimelineEntry(p.start_date, TimelineKind.PARTNER_START, p.id, p.structure_name, p.role))
            if p.end_date is not None:
                entries.append(TimelineEntry(p.end_date, TimelineKind.PARTNER_END, p.id, p.structure_name))
        for p in snapshot.referents:
            entries.append(TimelineEntry(p.from_date, TimelineKind.REFERENT, p.id, p.name, p.reason.value))
        hn = r.HandoverNoteRow
        for nid, written, confirmed, created in uow.session.execute(
                select(hn.id, hn.written_at, hn.confirmed_at, hn.created_at).where(hn.household_id == household_id)):
            at = confirmed or written or created
            entries.append(TimelineEntry(clock.local_date(at), TimelineKind.HANDOVER, nid,
                                         "confirmed" if confirmed else "awaiting"))
        order = list(TimelineKind)
        return sorted(entries, key=lambda e: (e.on, order.index(e.kind), e.target_id))


# --- reading helpers -------------------------------------------------------------------

def _referent_names(uow: UnitOfWork, periods: list[r.PathReferentRow]) -> dict[int, tuple[str, str]]:
    """{period id: (name, structure name)}, in three queries."""
    users = {u.id: u for u in uow.session.scalars(select(r.User).where(
        r.User.id.in_({p.user_id for p in periods if p.user_id is not None})))}
    contacts = {c.id: c for c in uow.session.scalars(select(r.StructureContactRow).where(
        r.StructureContactRow.id.in_({p.contact_id for p in periods if p.contact_id is not None})))}
    structures = dict(uow.session.execute(select(r.StructureRow.id, r.StructureRow.name).where(
        r.StructureRow.id.in_({p.structure_id for p in periods if p.structure_id is not None}))).all())
    out = {}
    for p in periods:
        name = contacts[p.contact_id].name if p.contact_id in contacts else ""
        if not name and p.user_id in users:
            name = users[p.user_id].display_name
        out[p.id] = (name, structures.get(p.structure_id, ""))
    return out


def _snapshot(uow: UnitOfWork, household_id: int) -> Household:
    row = uow.session.get(r.HouseholdRow, household_id)
    if row is None:
        raise NotFound("household", household_id)
    partner_rows = list(uow.session.scalars(select(r.HouseholdPartnerRow).where(
        r.HouseholdPartnerRow.household_id == household_id).order_by(r.HouseholdPartnerRow.start_date,
                                                                     r.HouseholdPartnerRow.id)))
    names = dict(uow.session.execute(select(r.StructureRow.id, r.StructureRow.name).where(
        r.StructureRow.id.in_({p.structure_id for p in partner_rows}))).all()) if partner_rows else {}
    periods = list(uow.session.scalars(select(r.PathReferentRow).where(
        r.PathReferentRow.household_id == household_id).order_by(r.PathReferentRow.id)))
    who = _referent_names(uow, periods)
    conferences = tuple(uow.session.scalars(select(r.ConferenceRow.id).where(
        r.ConferenceRow.household_id == household_id).order_by(r.ConferenceRow.id)))
    return Household(
        id=row.id, label=row.label, territory_id=row.territory_id, version=row.version, conference_ids=conferences,
        partners=tuple(HouseholdPartner(id=p.id, structure_id=p.structure_id,
                                        structure_name=names.get(p.structure_id, ""), role=p.role or "",
                                        start_date=p.start_date, end_date=p.end_date) for p in partner_rows),
        referents=tuple(PathReferentPeriod(id=p.id, name=who[p.id][0], structure_name=who[p.id][1],
                                           reason=ReferentReason(p.reason), reason_text=p.reason_text or "",
                                           from_date=p.from_date, to_date=p.to_date, user_id=p.user_id,
                                           contact_id=p.contact_id) for p in periods),
    )
