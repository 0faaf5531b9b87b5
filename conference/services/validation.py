"""Validation: the coordinator checks the plan's *form*, the referent ratifies its
*content* (two separate records, each with who and when), then the plan is adopted:
frozen with a content hash. Adopting again after a revision makes a new version."""
from __future__ import annotations

from conference.domain import rules as domain_rules
from conference.domain.enums import Phase, RatificationDecision
from conference.domain.errors import PlanNotReady, RatificationRefused
from conference.domain.model import Conference, PlanDraft, content_hash, plan_content
from conference.network import exchange
from conference.security import rules
from conference.security.rules import Actor
from conference.store import mapping
from conference.store import models as r
from conference.store.uow import UnitOfWork

from .base import MAX_SHORT, clean, enum_value, guard


ADOPTION_SNAPSHOT = "adoption"


def _load(uow: UnitOfWork, conference_id: int) -> tuple[r.ConferenceRow, Conference, PlanDraft]:
    row = uow.conferences.get(conference_id, full=True)
    return row, mapping.conference(row), mapping.draft(uow.conferences.draft(conference_id))


def check_plan_form(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> list[domain_rules.Finding]:
    """Every problem of form at once, then the warnings (``Finding.blocking`` False: a
    person who may not be shown is named in the plan's free text). The check itself is
    recorded (who, when, how many blocking findings)."""
    with uow:
        guard(uow, actor, conference_id, rules.can_check_plan_form, "check_plan_form")
        row, conf, draft = _load(uow, conference_id)
        findings = domain_rules.check_plan_form(conf, draft)
        warnings = domain_rules.not_safe_names_in_plan(conf, draft)
        row.form_checks.append(r.FormCheckRow(conference_id=conference_id, checked_by=actor.name, findings=len(findings),
                                              content_hash=content_hash(plan_content(conf, draft))))
        uow.audit.record(actor, "plan.form_checked", "conference", conference_id, findings=len(findings),
                         warnings=len(warnings))
        uow.commit()
        return findings + warnings


def plan_form_findings(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> list[domain_rules.Finding]:
    """The form check as a read (what the validation screen shows as soon as it opens):
    the same findings and warnings as ``check_plan_form``, nothing recorded. The check
    that counts is recorded at adoption (``adopt_plan``) or by ``check_plan_form``."""
    with uow:
        guard(uow, actor, conference_id, rules.can_check_plan_form, "check_plan_form")
        _row, conf, draft = _load(uow, conference_id)
        return domain_rules.check_plan_form(conf, draft) + domain_rules.not_safe_names_in_plan(conf, draft)


def plan_preview(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> dict:
    """The plan as it would be frozen now (owners resolved), for the validation screen."""
    with uow:
        guard(uow, actor, conference_id, rules.can_read_plan_draft, "read_plan_draft")
        _row, conf, draft = _load(uow, conference_id)
        return plan_content(conf, draft)


def record_ratification(actor: Actor, conference_id: int, decision: RatificationDecision | str, *,
                        decided_by: str, reason: str = "", uow: UnitOfWork) -> None:
    """The referent's decision on the content. Reservations and refusal need a reason."""
    decision = enum_value(RatificationDecision, decision, "decision")
    reason = clean(reason, "reason", required=decision is not RatificationDecision.RATIFIED, limit=3000)
    decided_by = clean(decided_by, "decided_by", required=True, limit=MAX_SHORT)
    with uow:
        guard(uow, actor, conference_id, rules.can_record_ratification, "record_ratification")
        row, conf, draft = _load(uow, conference_id)
        content = plan_content(conf, draft)
        digest = content_hash(content)
        row.ratifications.append(r.RatificationRow(
            conference_id=conference_id, decision=decision.value, reason=reason, decided_by=decided_by,
            recorded_by=actor.name, content_hash=digest, content=content, plan_number=_number_for(row, digest)))
        uow.audit.record(actor, "plan.ratification_recorded", "conference", conference_id, decision=decision.value)
        uow.commit()


def adopt_plan(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> int:
    """Freeze the plan as a new version and move to follow-up. Returns the version number.

    Refused while the form check finds anything (``PlanNotReady``) or while the referent's
    latest decision on this very content is a refusal (``RatificationRefused``). The form
    check made here is recorded with the adoption.
    """
    with uow:
        access = guard(uow, actor, conference_id, rules.can_adopt_plan, "adopt_plan")
        row, conf, draft = _load(uow, conference_id)
        findings = domain_rules.check_plan_form(conf, draft)
        if findings:
            raise PlanNotReady(findings)
        content = plan_content(conf, draft)
        digest = content_hash(content)
        latest = next((x for x in reversed(row.ratifications) if x.content_hash == digest), None)
        if latest is not None and latest.decision == RatificationDecision.REFUSED.value:
            raise RatificationRefused(latest.reason)
        number = _number_for(row, digest)
        # The form check this adoption relied on is recorded with it (who, when, nothing missing).
        row.form_checks.append(r.FormCheckRow(conference_id=conference_id, checked_by=actor.name, findings=0,
                                              content_hash=digest))
        row.plan_versions.append(r.PlanVersionRow(conference_id=conference_id, number=number, content=content,
                                                  content_hash=digest, adopted_by=actor.name))
        # The network as it stood when the plan was adopted: follow-up compares with it.
        row.network_snapshots.append(r.NetworkSnapshotRow(
            conference_id=conference_id, label=ADOPTION_SNAPSHOT, data=exchange.to_json(conf, for_sharing=False)))
        row.phase = Phase.FOLLOW_UP.value
        uow.audit.record(actor, "plan.adopted", "conference", conference_id, number=number)
        uow.audit.record(actor, "phase.changed", "conference", conference_id,
                         source=access.phase.value, target=Phase.FOLLOW_UP.value)
        uow.commit()
        return number


def _number_for(row: r.ConferenceRow, digest: str) -> int:
    """The version number people call the plan with content ``digest`` by.

    Every plan the referent read counts: after a refusal the plan adopted is "version 2"
    (the refused one, still readable in the app, was version 1). A plan read again with
    the same content keeps its number; the numbers only grow.
    """
    adopted = row.plan_versions[-1].number if row.plan_versions else 0
    since = [x for x in row.ratifications if x.plan_number is not None and x.plan_number > adopted]
    same = next((x.plan_number for x in since if x.content_hash == digest), None)
    if same is not None:
        return same
    return max([adopted] + [x.plan_number for x in since]) + 1


def refused_plans(conf: Conference) -> list[tuple[int, dict, str]]:
    """(number, content, reason) of every plan the referent refused that was frozen with
    its decision, oldest first: read-only, for the validation and follow-up screens."""
    seen, out = set(), []
    for x in conf.ratifications:
        if x.decision is RatificationDecision.REFUSED and x.content and x.plan_number not in seen:
            seen.add(x.plan_number)
            out.append((x.plan_number, x.content, x.reason))
    return out


def require_reason(decision: RatificationDecision) -> bool:
    return decision is not RatificationDecision.RATIFIED
