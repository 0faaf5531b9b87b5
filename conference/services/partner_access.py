"""Loading what the synthesis meetings' services check before acting: the household's
access facts and the actor's seat (``conference.security.partner_rules``), a meeting row,
and a household's current decisions (the last link of each carried chain).

Used by ``partner_meetings``, ``partner_reads``, ``handover_notes``; no writes here.
"""
from __future__ import annotations

from sqlalchemy import select

from conference.domain.errors import NotFound
from conference.security.partner_rules import HouseholdAccess, Seat
from conference.security.rules import Actor
from conference.store import models as r
from conference.store import partners as store_partners
from conference.store.uow import UnitOfWork


def household_access(uow: UnitOfWork, household_id: int) -> HouseholdAccess:
    return store_partners.household_access(uow.session, household_id)


def seat(uow: UnitOfWork, actor: Actor) -> Seat:
    """The actor's structure as stored now (``NO_SEAT`` without one)."""
    return store_partners.seat(uow.session, actor)


def readable_household_ids(uow: UnitOfWork, actor: Actor) -> list[int]:
    """The households the actor may read (``store.partners``' SQL form of the rule)."""
    query = store_partners.readable_household_ids(uow.session, actor, seat(uow, actor))
    if query is None:
        query = select(r.HouseholdRow.id)
    return sorted(uow.session.scalars(query))


def actor_structure_id(uow: UnitOfWork, actor: Actor) -> int | None:
    return seat(uow, actor).structure


def meeting_row(uow: UnitOfWork, meeting_id: int) -> r.SynthesisMeetingRow:
    row = uow.session.get(r.SynthesisMeetingRow, meeting_id)
    if row is None:
        raise NotFound("synthesis_meeting", meeting_id)
    return row


def current_decisions(uow: UnitOfWork, household_id: int, *, before_meeting: int | None = None,
                      structure_id: int | None = None) -> list[r.DecisionRow]:
    """The household's decisions that no later meeting carried on (each chain's last
    link), oldest first; ``before_meeting`` leaves out that meeting's own rows,
    ``structure_id`` keeps those owned by that structure."""
    carried = select(r.DecisionRow.carried_from_id).where(r.DecisionRow.carried_from_id.is_not(None))
    q = (select(r.DecisionRow).where(r.DecisionRow.household_id == household_id, r.DecisionRow.id.not_in(carried))
         .order_by(r.DecisionRow.id))
    if before_meeting is not None:
        q = q.where(r.DecisionRow.meeting_id != before_meeting)
    if structure_id is not None:
        q = q.where(r.DecisionRow.owner_structure_id == structure_id)
    return list(uow.session.scalars(q))
