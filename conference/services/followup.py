"""Follow-up (only if the family chooses it): review date, per-action review, result."""
from __future__ import annotations

from datetime import date

from conference import clock
from conference.domain.enums import ActionFollowUp, Resolution
from conference.domain.errors import InvalidInput
from conference.domain.rules import default_review_date
from conference.security import rules
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.models import utcnow
from conference.store.uow import UnitOfWork, check_version

from .base import clean, enum_value, guard


def choose_follow_up(actor: Actor, conference_id: int, chosen: bool, expected_version: int, *,
                     review_date: date | None = None, uow: UnitOfWork) -> int:
    """Record the family's choice; the review date defaults to three months after adoption."""
    with uow:
        guard(uow, actor, conference_id, rules.can_record_follow_up, "choose_follow_up")
        row = uow.conferences.get(conference_id, full=True)
        check_version("conference", row, expected_version)
        if not row.plan_versions:
            raise InvalidInput("follow_up", "no_plan_adopted")
        row.follow_up_chosen = bool(chosen)
        row.review_date = (review_date or default_review_date(clock.local_date(row.plan_versions[-1].adopted_at))) if chosen else None
        uow.flush()
        uow.audit.record(actor, "follow_up.chosen", "conference", conference_id, chosen=bool(chosen))
        uow.commit()
        return row.version


def record_action_review(actor: Actor, conference_id: int, action_key: str, status: ActionFollowUp | str | None,
                         why: str = "", *, uow: UnitOfWork) -> None:
    """Done, partly, not done or changed, and why, for one action of the current plan."""
    record_action_reviews(actor, conference_id, {action_key: (status, why)}, uow=uow)


def record_action_reviews(actor: Actor, conference_id: int, reviews: dict[str, tuple], *,
                          expected_version: int | None = None, uow: UnitOfWork) -> None:
    """Several actions at once (one form for the whole follow-up): {key: (status, why)}.

    All or nothing: an unknown key or a too-long text refuses the whole batch.
    ``expected_version`` (the conference version the page loaded) refuses a stale form.
    """
    cleaned = {key: (enum_value(ActionFollowUp, status, "status", required=False), clean(why, "why", limit=3000))
               for key, (status, why) in reviews.items()}
    with uow:
        guard(uow, actor, conference_id, rules.can_record_follow_up, "record_action_review")
        row = uow.conferences.get(conference_id, full=True)
        check_version("conference", row, expected_version)
        if not row.plan_versions:
            raise InvalidInput("follow_up", "no_plan_adopted")
        plan = row.plan_versions[-1]
        keys = {a["key"] for a in plan.content["actions"]}
        for action_key, (status, why) in cleaned.items():
            if action_key not in keys:
                raise InvalidInput("action_key", "unknown_value", value=action_key)
            review = next((v for v in row.reviews if v.plan_number == plan.number and v.action_key == action_key), None)
            if review is None:
                review = r.ActionReviewRow(conference_id=conference_id, plan_number=plan.number, action_key=action_key)
                row.reviews.append(review)
            review.status, review.why = (status.value if status else None), why
            uow.audit.record(actor, "follow_up.action_reviewed", "conference", conference_id, action_key=action_key)
        uow.commit()


def record_follow_up_result(actor: Actor, conference_id: int, resolution: Resolution | str, what_changed: str,
                            expected_version: int, *, uow: UnitOfWork) -> int:
    """Is the starting situation resolved (not, partly, completely), and what changed."""
    resolution = enum_value(Resolution, resolution, "resolution")
    what_changed = clean(what_changed, "what_changed", limit=5000)
    with uow:
        guard(uow, actor, conference_id, rules.can_record_follow_up, "record_follow_up_result")
        row = uow.conferences.get(conference_id)
        check_version("conference", row, expected_version)
        row.resolution, row.what_changed, row.follow_up_completed_at = resolution.value, what_changed, utcnow()
        uow.flush()
        uow.audit.record(actor, "follow_up.result_recorded", "conference", conference_id, resolution=resolution.value)
        uow.commit()
        return row.version
