"""Queries of the synthesis meetings' store (issue 10): the small frozen facts the partner
predicates need (``HouseholdAccess``, ``Seat``), the households an actor may list, the
current path referent. A structure "takes part" in a household from its start date until
its end date included.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from conference import clock
from conference.domain.enums import Role
from conference.domain.errors import NotFound
from conference.security.partner_rules import NO_SEAT, HouseholdAccess, Seat
from conference.security.rules import Actor

from . import models as r


def taking_part(today: date):
    """The WHERE clause of a household partner taking part on ``today``."""
    hp = r.HouseholdPartnerRow
    return (hp.start_date <= today) & or_(hp.end_date.is_(None), hp.end_date >= today)


def household_access(session: Session, household_id: int) -> HouseholdAccess:
    """The facts about one household, in four cheap queries."""
    found = session.execute(select(r.HouseholdRow.territory_id, r.HouseholdRow.created_by)
                            .where(r.HouseholdRow.id == household_id)).first()
    if found is None:
        raise NotFound("household", household_id)
    territory_id, created_by = found
    today = clock.today()
    structures = frozenset(session.scalars(select(r.HouseholdPartnerRow.structure_id).where(
        r.HouseholdPartnerRow.household_id == household_id, taking_part(today))))
    current = current_path_referent(session, household_id)
    coordinators = set(session.scalars(select(r.ConferenceRow.coordinator_id).where(
        r.ConferenceRow.household_id == household_id, r.ConferenceRow.coordinator_id.is_not(None))))
    if created_by is not None:
        coordinators.add(created_by)
    return HouseholdAccess(id=household_id, territory_id=territory_id, structure_ids=structures,
                           path_referent_user_id=current.user_id if current else None,
                           coordinator_ids=frozenset(coordinators))


def current_path_referent(session: Session, household_id: int) -> r.PathReferentRow | None:
    return session.scalar(select(r.PathReferentRow).where(
        r.PathReferentRow.household_id == household_id, r.PathReferentRow.to_date.is_(None))
        .order_by(r.PathReferentRow.id.desc()).limit(1))


def seat(session: Session, actor: Actor) -> Seat:
    """The actor's structure as stored now (``NO_SEAT`` without one)."""
    if actor.id is None or not actor.is_professional:
        return NO_SEAT
    found = session.execute(select(r.User.structure_id, r.StructureRow.active)
                            .join(r.StructureRow, r.StructureRow.id == r.User.structure_id)
                            .where(r.User.id == actor.id)).first()
    if found is None:
        return NO_SEAT
    return Seat(structure_id=found[0], structure_active=bool(found[1]))


def readable_household_ids(session: Session, actor: Actor, seat_: Seat):
    """A SELECT of the ids of the households this actor may read (the same rule as
    ``partner_rules.can_read_household``, as SQL): its coordinators', its path referent's,
    its partners' (structure taking part today). ``None`` means every household (the
    single user of a local install)."""
    h, c, pref, hp = r.HouseholdRow, r.ConferenceRow, r.PathReferentRow, r.HouseholdPartnerRow
    if not actor.active or actor.id is None:
        return select(h.id).where(False)
    clauses = []
    if actor.role is Role.COORDINATOR:
        if actor.local:
            return None
        clauses.append(h.id.in_(select(c.household_id).where(c.coordinator_id == actor.id)))
        clauses.append(h.created_by == actor.id)
    if actor.role in (Role.COORDINATOR, Role.REFERENT, Role.PARTNER):
        clauses.append(h.id.in_(select(pref.household_id).where(pref.user_id == actor.id, pref.to_date.is_(None))))
    if actor.role is Role.PARTNER and seat_.structure is not None:
        clauses.append(h.id.in_(select(hp.household_id).where(hp.structure_id == seat_.structure,
                                                              taking_part(clock.today()))))
    if not clauses:
        return select(h.id).where(False)
    return select(h.id).where(or_(*clauses))
