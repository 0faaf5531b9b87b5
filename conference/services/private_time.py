"""Private time: the family writes its own plan; no professional reads the draft meanwhile.

The family acts through a FAMILY actor scoped to one conference: on the coordinator's
screen handed over to them ("family mode"), later through a family link. Every function
here checks ``conference.security`` before touching the draft.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from conference.domain import safety
from conference.domain.enums import Phase
from conference.domain.errors import InvalidInput
from conference.domain.model import (AdoptedPlan, BottomLine, CentralQuestion, FollowUp, Participant, PlanDraft,
                                     QuestionPart)
from conference.security import rules
from conference.security.rules import Actor
from conference.store import mapping
from conference.store import models as r
from conference.store.models import utcnow
from conference.store.uow import UnitOfWork, check_version

from . import handover_screen
from .base import MAX_SHORT, clean, guard

ACTION_TEXT = {"what": 2000, "who_text": MAX_SHORT, "when_text": 300, "success_sign": 2000, "support_needed": 2000}


@dataclass(frozen=True)
class FamilyView:
    """What the family's screen shows: never a person flagged "not safe", not even in
    the adopted plan (redacted at read time by ``safety.sharing_view``)."""

    conference_id: int
    title: str
    phase: Phase
    question: CentralQuestion | None
    parts: tuple[QuestionPart, ...]
    bottom_lines: tuple[BottomLine, ...]
    people: tuple[Participant, ...]
    plan: AdoptedPlan | None = None  # the adopted plan, as frozen
    review_date: date | None = None
    follow_up: FollowUp | None = None  # how each action went (statuses), read through the link after closure


def hand_screen_to_family(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> Actor:
    """Open a recorded hand-over (services/handover_screen.py) and return its FAMILY actor:
    it works only until the coordinator takes the screen back with their secret. Audited."""
    return handover_screen.hand_over(actor, conference_id, uow=uow)


def get_family_view(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> FamilyView:
    with uow:
        guard(uow, actor, conference_id, rules.can_read_family_screens, "read_family_view")
        handover_screen.require_standing(uow, actor)
        conf = safety.sharing_view(mapping.conference(uow.conferences.get(conference_id, full=True)))
    return FamilyView(conf.id, conf.title, conf.phase, conf.question, conf.parts, conf.bottom_lines,
                      conf.participants, conf.current_plan, conf.follow_up.review_date,
                      follow_up=conf.follow_up)


def get_plan_draft(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> PlanDraft:
    """The draft, only for whom ``can_read_plan_draft`` allows (never a professional
    during private time). Raises ``Forbidden`` otherwise. Every read is written in the
    audit log, with the hand-over or the family link it was made through."""
    with uow:
        guard(uow, actor, conference_id, rules.can_read_plan_draft, "read_plan_draft")
        handover_screen.require_standing(uow, actor)
        draft = mapping.draft(uow.conferences.draft(conference_id))
        uow.audit.record(actor, "plan_draft.read", "conference", conference_id)
        uow.commit()
        return draft


def _action_values(uow: UnitOfWork, conference_id: int, values: dict) -> dict:
    unknown = set(values) - set(ACTION_TEXT) - {"who_id", "due", "parts", "bottom_lines"}
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "unknown_field")
    out = {k: clean(values[k], k, limit=limit) for k, limit in ACTION_TEXT.items() if k in values}
    if "what" in out and not out["what"]:
        raise InvalidInput("what", "required")
    if "who_id" in values:
        who = values["who_id"]
        if who is not None:
            person = uow.conferences.child(r.ParticipantRow, who, conference_id)
            if not safety.can_own_task(mapping.participant(person)):
                raise InvalidInput("who_id", "not_safe")
        out["who_id"] = who
    if "due" in values:
        if values["due"] is not None and not isinstance(values["due"], date):
            raise InvalidInput("due", "not_a_date")
        out["due"] = values["due"]
    for key, model in (("parts", r.QuestionPartRow), ("bottom_lines", r.BottomLineRow)):
        if key in values:
            ids = sorted({int(i) for i in values[key] or ()})
            for ident in ids:
                uow.conferences.child(model, ident, conference_id)
            out[key] = ids
    return out


def _draft_for_edit(uow: UnitOfWork, actor: Actor, conference_id: int, expected_version: int, action: str):
    guard(uow, actor, conference_id, rules.can_edit_plan_draft, action)
    handover_screen.require_standing(uow, actor)
    draft = uow.conferences.draft(conference_id, create=True)
    check_version("plan", draft, expected_version)
    return draft


def _saved(uow: UnitOfWork, actor: Actor, draft: r.PlanDraftRow, conference_id: int, action: str) -> int:
    draft.updated_at = utcnow()  # touching the draft bumps its version: action edits count too
    uow.flush()
    uow.audit.record(actor, action, "conference", conference_id)
    uow.commit()
    return draft.version


def add_plan_action(actor: Actor, conference_id: int, expected_version: int, *, uow: UnitOfWork, **values) -> int:
    """Append an action to the family's plan. Returns the draft's new version."""
    with uow:
        draft = _draft_for_edit(uow, actor, conference_id, expected_version, "add_plan_action")
        data = _action_values(uow, conference_id, values)
        if not data.get("what"):
            raise InvalidInput("what", "required")
        position = max((a.position for a in draft.actions), default=0) + 1
        draft.actions.append(r.PlanActionRow(position=position, **data))
        return _saved(uow, actor, draft, conference_id, "plan_draft.action_added")


def add_plan_actions(actor: Actor, conference_id: int, expected_version: int, actions, *,
                     uow: UnitOfWork) -> int:
    """Append several actions at once (the family writes a few, then adds them): each a
    dict of ``add_plan_action``'s values, every one checked (a "what" is required, an owner
    must be allowed: the not-safe rule) before anything is written, one transaction, one
    audit entry. Returns the draft's new version."""
    actions = [dict(values) for values in actions]
    if not actions:
        raise InvalidInput("what", "required")
    with uow:
        draft = _draft_for_edit(uow, actor, conference_id, expected_version, "add_plan_action")
        rows = []
        for values in actions:
            data = _action_values(uow, conference_id, values)
            if not data.get("what"):
                raise InvalidInput("what", "required")
            rows.append(data)
        position = max((a.position for a in draft.actions), default=0)
        for data in rows:
            position += 1
            draft.actions.append(r.PlanActionRow(position=position, **data))
        return _saved(uow, actor, draft, conference_id, "plan_draft.actions_added")


def update_plan_action(actor: Actor, conference_id: int, action_id: int, expected_version: int, *,
                       uow: UnitOfWork, **values) -> int:
    with uow:
        draft = _draft_for_edit(uow, actor, conference_id, expected_version, "update_plan_action")
        row = next((a for a in draft.actions if a.id == action_id), None)
        if row is None:
            raise InvalidInput("action", "unknown_value", value=str(action_id))
        for key, value in _action_values(uow, conference_id, values).items():
            setattr(row, key, value)
        return _saved(uow, actor, draft, conference_id, "plan_draft.action_updated")


def remove_plan_action(actor: Actor, conference_id: int, action_id: int, expected_version: int, *,
                       uow: UnitOfWork) -> int:
    with uow:
        draft = _draft_for_edit(uow, actor, conference_id, expected_version, "remove_plan_action")
        row = next((a for a in draft.actions if a.id == action_id), None)
        if row is None:
            raise InvalidInput("action", "unknown_value", value=str(action_id))
        draft.actions.remove(row)
        return _saved(uow, actor, draft, conference_id, "plan_draft.action_removed")


def save_plan_texts(actor: Actor, conference_id: int, expected_version: int, *, if_not_working: str,
                    follow_arrangement: str, uow: UnitOfWork) -> int:
    """"If it does not work" and how the plan will be followed, in the family's words."""
    with uow:
        draft = _draft_for_edit(uow, actor, conference_id, expected_version, "save_plan_texts")
        draft.if_not_working = clean(if_not_working, "if_not_working", limit=5000)
        draft.follow_arrangement = clean(follow_arrangement, "follow_arrangement", limit=5000)
        return _saved(uow, actor, draft, conference_id, "plan_draft.texts_saved")
