"""Conferences: create, list, read, orientation, phase changes, closure."""
from __future__ import annotations

from datetime import date

from conference.domain import rules as domain_rules
from conference.domain.enums import ClosureReason, Field, Outcome, Phase, ReferralSource
from conference.domain.errors import Forbidden, InvalidInput
from conference.domain.model import Conference, ConferenceSummary
from conference.security import rules
from conference.security.rules import Actor
from conference.store import mapping
from conference.store import models as r
from conference.store.models import utcnow
from conference.store.uow import UnitOfWork, check_version

from conference.store import territories
from .base import MAX_SHORT, clean, enum_value, guard

ORIENTATION_TEXT = ("situation", "referral_other", "referent_institution", "referent_name",
                    "coordinator_institution", "co_coordinator_name", "co_coordinator_institution")
ORIENTATION_FLAGS = ("family_agreement", "information_duty_met", "prior_knowledge", "is_referent")


def create_conference(actor: Actor, title: str, *, uow: UnitOfWork) -> int:
    """Open a new situation in orientation, assigned to the acting coordinator. Audited."""
    if not rules.can_create_conference(actor):
        raise Forbidden("create_conference")
    title = clean(title, "title", required=True, limit=MAX_SHORT)
    with uow:
        user = uow.session.get(r.User, actor.id)
        row = r.ConferenceRow(title=title, phase=Phase.ORIENTATION.value, coordinator_id=actor.id,
                              coordinator_institution=user.institution if user else "",
                              territory_id=territories.territory_for_new_conference(uow.session, actor.id))
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "conference.created", "conference", row.id)
        uow.commit()
        return row.id


def list_conferences(actor: Actor, *, open_only: bool = True, limit: int = 50, offset: int = 0,
                     uow: UnitOfWork) -> tuple[list[ConferenceSummary], int]:
    """The acting coordinator's conferences, most recently changed first, and their count."""
    if not rules.can_list_conferences(actor):
        raise Forbidden("list_conferences")
    with uow:
        return uow.conferences.summaries(actor.id, open_only=open_only, limit=limit, offset=offset)


def upcoming(actor: Actor, today: date, *, uow: UnitOfWork) -> list[ConferenceSummary]:
    if not rules.can_list_conferences(actor):
        raise Forbidden("list_conferences")
    with uow:
        return uow.conferences.due_soon(actor.id, today)


def get_conference(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> Conference:
    """The full snapshot a professional may read (never the plan draft: see private_time)."""
    with uow:
        guard(uow, actor, conference_id, rules.can_read_conference, "read_conference")
        return mapping.conference(uow.conferences.get(conference_id, full=True))


def open_conference(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> None:
    """A coordinator opens a record: a read of sensitive data, written to the audit log
    once per opening (not on every rerun of its screens)."""
    with uow:
        guard(uow, actor, conference_id, rules.can_read_conference, "open_conference")
        uow.audit.record(actor, "conference.opened", "conference", conference_id)
        uow.commit()


def update_orientation(actor: Actor, conference_id: int, expected_version: int, *, uow: UnitOfWork,
                       **values) -> int:
    """Save the orientation form (situation, referral, agreement, neutrality declaration).

    ``values`` may hold: title, field, referral_source, the text fields of
    ``ORIENTATION_TEXT`` and the flags of ``ORIENTATION_FLAGS``. Returns the new version;
    raises ``StaleWrite`` if someone saved in between.
    """
    unknown = set(values) - {"title", "field", "referral_source", *ORIENTATION_TEXT, *ORIENTATION_FLAGS}
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "unknown_field")
    with uow:
        guard(uow, actor, conference_id, rules.can_edit_conference, "update_orientation")
        row = uow.conferences.get(conference_id)
        check_version("conference", row, expected_version)
        if "title" in values:
            row.title = clean(values["title"], "title", required=True, limit=MAX_SHORT)
        if "field" in values:
            field = enum_value(Field, values["field"], "field", required=False)
            row.field = field.value if field else None
        if "referral_source" in values:
            source = enum_value(ReferralSource, values["referral_source"], "referral_source", required=False)
            row.referral_source = source.value if source else None
        for name in ORIENTATION_TEXT:
            if name in values:
                setattr(row, name, clean(values[name], name, limit=5000 if name == "situation" else MAX_SHORT))
        for name in ORIENTATION_FLAGS:
            if name in values:
                setattr(row, name, bool(values[name]))
        uow.flush()
        uow.audit.record(actor, "conference.orientation_saved", "conference", conference_id)
        uow.commit()
        return row.version


def change_phase(actor: Actor, conference_id: int, target: Phase | str, *, uow: UnitOfWork) -> Phase:
    """Move to ``target`` if the phase machine and its preconditions allow it. Audited.

    Raises ``PhaseChangeNotAllowed`` with the missing preconditions (catalog codes).
    """
    target = enum_value(Phase, target, "phase")
    if target is Phase.CLOSED:
        raise InvalidInput("phase", "use_close_conference")
    with uow:
        access = guard(uow, actor, conference_id, _phase_predicate(target), "change_phase")
        row = uow.conferences.get(conference_id, full=True)
        domain_rules.check_phase_change(mapping.conference(row), target)
        _enter(uow, row, target)
        uow.audit.record(actor, "phase.changed", "conference", conference_id,
                         source=access.phase.value, target=target.value)
        uow.commit()
        return target


def _phase_predicate(target: Phase):
    if target is Phase.VALIDATION:
        return rules.can_end_private_time  # the family may call the coordinator back itself
    return rules.can_change_phase


def _enter(uow: UnitOfWork, row: r.ConferenceRow, target: Phase) -> None:
    row.phase = target.value
    if target is Phase.PRIVATE_TIME:
        uow.conferences.draft(row.id, create=True)


def close_conference(actor: Actor, conference_id: int, outcome: Outcome | str, *,
                     reason: ClosureReason | str | None = None, reason_text: str = "",
                     expected_version: int | None = None, uow: UnitOfWork) -> None:
    """Close with an outcome. "Not completed" needs a reason, "other" needs a text. Audited."""
    outcome = enum_value(Outcome, outcome, "outcome")
    reason = enum_value(ClosureReason, reason, "reason", required=outcome is Outcome.NOT_COMPLETED)
    reason_text = clean(reason_text, "reason_text", required=reason is ClosureReason.OTHER)
    if outcome is not Outcome.NOT_COMPLETED:
        reason = None
    with uow:
        access = guard(uow, actor, conference_id, rules.can_close_conference, "close_conference")
        row = uow.conferences.get(conference_id, full=True)
        check_version("conference", row, expected_version)
        if outcome is Outcome.PLAN_ADOPTED and not row.plan_versions:
            raise InvalidInput("outcome", "no_plan_adopted")
        row.outcome, row.closure_reason = outcome.value, reason.value if reason else None
        row.closure_reason_text, row.closed_at, row.phase = reason_text, utcnow(), Phase.CLOSED.value
        uow.audit.record(actor, "phase.changed", "conference", conference_id,
                         source=access.phase.value, target=Phase.CLOSED.value, outcome=outcome.value)
        uow.commit()
