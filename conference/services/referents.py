"""The referent professional's access: assigned per conference, least privilege.

A referent sees the concerns and bottom lines, the adopted plan and the ratifications of
the conferences they are assigned to — never the network's contact details, the meeting
notes, nor the draft.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from conference.domain import safety
from conference.domain.enums import Phase, Role
from conference.domain.errors import Forbidden, InvalidInput, NotFound
from conference.domain.model import AdoptedPlan, BottomLine, Ratification
from conference.security import rules
from conference.security.rules import Actor
from conference.store import mapping
from conference.store import models as r
from conference.store.uow import UnitOfWork

from .base import guard


@dataclass(frozen=True)
class ReferentView:
    conference_id: int
    title: str
    phase: Phase
    concerns: str
    bottom_lines: tuple[BottomLine, ...]
    plan: AdoptedPlan | None
    ratifications: tuple[Ratification, ...]


def assign_referent(actor: Actor, conference_id: int, login: str, *, uow: UnitOfWork) -> int:
    """Give a referent account access to this conference. Returns the user id. Audited."""
    with uow:
        guard(uow, actor, conference_id, rules.can_assign_referent, "assign_referent")
        user = uow.session.scalar(select(r.User).where(r.User.login == (login or "").strip().casefold()))
        if user is None:
            raise NotFound("user", login)
        if user.role != Role.REFERENT.value or not user.active:
            raise InvalidInput("login", "not_a_referent")
        if uow.session.get(r.ConferenceReferentRow, (conference_id, user.id)) is None:
            uow.add(r.ConferenceReferentRow(conference_id=conference_id, user_id=user.id))
        uow.audit.record(actor, "referent.assigned", "conference", conference_id, user=user.id)
        uow.commit()
        return user.id


def unassign_referent(actor: Actor, conference_id: int, user_id: int, *, uow: UnitOfWork) -> None:
    with uow:
        guard(uow, actor, conference_id, rules.can_assign_referent, "unassign_referent")
        row = uow.session.get(r.ConferenceReferentRow, (conference_id, user_id))
        if row is not None:
            uow.session.delete(row)
        uow.audit.record(actor, "referent.unassigned", "conference", conference_id, user=user_id)
        uow.commit()


def referents_of(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> list[tuple[int, str, str]]:
    """(user id, login, name) of the referents assigned to the conference."""
    with uow:
        guard(uow, actor, conference_id, rules.can_assign_referent, "list_referents")
        rows = uow.session.execute(
            select(r.User.id, r.User.login, r.User.display_name).join(
                r.ConferenceReferentRow, r.ConferenceReferentRow.user_id == r.User.id)
            .where(r.ConferenceReferentRow.conference_id == conference_id).order_by(r.User.display_name)).all()
        return [tuple(row) for row in rows]


def my_conferences(actor: Actor, *, uow: UnitOfWork) -> list[tuple[int, str, Phase]]:
    """(id, title, phase) of the conferences this referent is assigned to."""
    if not (rules.is_active(actor) and actor.role is Role.REFERENT):
        raise Forbidden("list_referent_conferences")
    with uow:
        rows = uow.session.execute(
            select(r.ConferenceRow.id, r.ConferenceRow.title, r.ConferenceRow.phase)
            .join(r.ConferenceReferentRow, r.ConferenceReferentRow.conference_id == r.ConferenceRow.id)
            .where(r.ConferenceReferentRow.user_id == actor.id, r.ConferenceRow.archived_at.is_(None))
            .order_by(r.ConferenceRow.updated_at.desc())).all()
        return [(i, t, Phase(p)) for i, t, p in rows]


def get_referent_view(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> ReferentView:
    """What a referent may read. Audited: it is a read of a sensitive record."""
    with uow:
        guard(uow, actor, conference_id, rules.can_read_referent_view, "read_referent_view")
        conf = mapping.conference(uow.conferences.get(conference_id, full=True))
        uow.audit.record(actor, "conference.read_by_referent", "conference", conference_id)
        uow.commit()
    plan = safety.redact_plan(conf.current_plan, conf.participants) if conf.current_plan else None  # read-time rule
    return ReferentView(conf.id, conf.title, conf.phase, conf.concerns, conf.bottom_lines, plan, conf.ratifications)
