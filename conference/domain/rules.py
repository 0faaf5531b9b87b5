"""Domain rules: phase machine, neutrality, the plan's form check, follow-up dates."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from . import safety
from .enums import Outcome, Phase
from .errors import PhaseChangeNotAllowed
from .model import Conference, Neutrality, PlanDraft

# Allowed next phases. CLOSED is reachable from everywhere (not completed, or the family
# organised itself); going back is allowed where a coordinator really needs it.
NEXT_PHASES: dict[Phase, tuple[Phase, ...]] = {
    Phase.ORIENTATION: (Phase.PREPARATION, Phase.CLOSED),
    Phase.PREPARATION: (Phase.INFORMATION_SHARING, Phase.ORIENTATION, Phase.CLOSED),
    Phase.INFORMATION_SHARING: (Phase.PRIVATE_TIME, Phase.PREPARATION, Phase.CLOSED),
    Phase.PRIVATE_TIME: (Phase.VALIDATION, Phase.CLOSED),
    Phase.VALIDATION: (Phase.FOLLOW_UP, Phase.PRIVATE_TIME, Phase.CLOSED),
    Phase.FOLLOW_UP: (Phase.PRIVATE_TIME, Phase.CLOSED),  # revising the plan: a new version
    Phase.CLOSED: (),
}

JOURNEY: tuple[Phase, ...] = (
    Phase.ORIENTATION,
    Phase.PREPARATION,
    Phase.INFORMATION_SHARING,
    Phase.PRIVATE_TIME,
    Phase.VALIDATION,
    Phase.FOLLOW_UP,
    Phase.CLOSED,
)


def neutrality_conflicts(n: Neutrality) -> tuple[str, ...]:
    """Reasons the coordinator is not neutral (empty when neutral).

    Codes: ``same_institution`` (coordinator works for the referent institution),
    ``prior_knowledge`` (already knows the family), ``is_referent``.
    """
    reasons = []
    coord, ref = _norm(n.coordinator_institution), _norm(n.referent_institution)
    if coord and ref and coord == ref:
        reasons.append("same_institution")
    if n.prior_knowledge:
        reasons.append("prior_knowledge")
    if n.is_referent:
        reasons.append("is_referent")
    return tuple(reasons)


def neutrality_resolved(n: Neutrality) -> bool:
    """A conflict is lifted by a co-coordinator from another structure than both."""
    if not neutrality_conflicts(n):
        return True
    co = _norm(n.co_coordinator_institution)
    return bool(n.co_coordinator_name.strip() and co and co not in {
        _norm(n.coordinator_institution), _norm(n.referent_institution)})


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def missing_for(conf: Conference, target: Phase) -> tuple[str, ...]:
    """Preconditions of entering ``target`` that ``conf`` does not meet (catalog codes)."""
    missing: list[str] = []
    if target is Phase.PREPARATION and conf.phase is Phase.ORIENTATION:
        if not conf.situation.strip():
            missing.append("situation")
        if conf.field is None:
            missing.append("field")
        if conf.referral_source is None:
            missing.append("referral_source")
        if not conf.family_agreement:
            missing.append("family_agreement")
        if not conf.information_duty_met:
            missing.append("information_duty")
        if not neutrality_resolved(conf.neutrality):
            missing.append("neutrality")
    elif target is Phase.INFORMATION_SHARING and conf.phase is Phase.PREPARATION:
        if conf.question is None or not conf.question.text.strip():
            missing.append("central_question")
        if conf.meeting_date is None:
            missing.append("meeting_date")
        if not any(p.invitation.value in ("invited", "confirmed") for p in conf.participants):
            missing.append("invitations")
    elif target is Phase.FOLLOW_UP:
        if conf.current_plan is None:
            missing.append("plan_adopted")
    elif target is Phase.CLOSED:
        if conf.closure is None:
            missing.append("closure")
        elif conf.closure.outcome is Outcome.PLAN_ADOPTED and conf.current_plan is None:
            missing.append("plan_adopted")
    return tuple(missing)


def check_phase_change(conf: Conference, target: Phase) -> None:
    """Raise ``PhaseChangeNotAllowed`` unless ``conf`` may move to ``target`` now."""
    if target not in NEXT_PHASES[conf.phase]:
        raise PhaseChangeNotAllowed(conf.phase, target, ("transition",))
    missing = missing_for(conf, target)
    if missing:
        raise PhaseChangeNotAllowed(conf.phase, target, missing)


@dataclass(frozen=True)
class Finding:
    """One thing the form check found missing. ``code`` is a catalog key; ``subject`` is
    the family's own text it is about (the part, the bottom line, the action)."""

    code: str
    subject: str = ""
    position: int | None = None
    blocking: bool = True  # False: a warning the coordinator reads, adoption is not refused


def check_plan_form(conf: Conference, draft: PlanDraft) -> list[Finding]:
    """Every problem of *form* at once (never of content: that is the family's).

    - every part of the central question is answered by at least one action;
    - every bottom line is answered by at least one action;
    - every action says what, who, and by when.
    """
    findings: list[Finding] = []
    if not draft.actions:
        findings.append(Finding("no_action"))
    answered_parts = {p for a in draft.actions for p in a.parts}
    answered_lines = {b for a in draft.actions for b in a.bottom_lines}
    for part in conf.parts:
        if part.id not in answered_parts:
            findings.append(Finding("part_unanswered", part.text))
    for line in conf.bottom_lines:
        if line.id not in answered_lines:
            findings.append(Finding("bottom_line_unanswered", line.text))
    for n, a in enumerate(draft.actions, start=1):
        label = a.what.strip()
        if not label:
            findings.append(Finding("action_without_what", "", n))
        owner = conf.participant(a.who_id)
        if not (a.who_text.strip() or (owner and safety.is_shareable(owner))):
            findings.append(Finding("action_without_who", label, n))
        if a.due is None:
            findings.append(Finding("action_without_date", label, n))
    return findings


ACTION_FREE_TEXTS = ("what", "who_text", "when_text", "success_sign", "support_needed")


def not_safe_names_in_plan(conf: Conference, draft: PlanDraft) -> list[Finding]:
    """Warnings (``blocking=False``): the plan's free text names someone who may not be
    shown (flagged "not safe" or "not to be invited"), by full name, first or last name.

    A word of that name also borne by someone who may be shown (a family name shared with
    an aunt) is not looked for alone: it would warn at every mention of the aunt. The
    finding never quotes the name (the screen may be shared): only where it is.
    ``not_safe_name_in_action`` gives the action's number, ``not_safe_name_in_plan`` a
    text of the whole plan ("if it does not work", how it will be followed).
    """
    gone = safety.removed(conf.participants)
    if not gone:
        return []
    shown_words = {w for p in safety.shareable(conf.participants) for w in safety.normalised(p.name).split()}

    def mentions(text: str) -> bool:
        for person in gone:
            full = safety.normalised(person.name)
            for found in safety.names_in_text(text, person):
                if found == full or found not in shown_words:
                    return True
        return False

    findings = []
    for n, a in enumerate(draft.actions, start=1):
        if any(mentions(getattr(a, key)) for key in ACTION_FREE_TEXTS):
            findings.append(Finding("not_safe_name_in_action", "", n, blocking=False))
    if mentions(draft.if_not_working) or mentions(draft.follow_arrangement):
        findings.append(Finding("not_safe_name_in_plan", "", None, blocking=False))
    return findings


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (31/01 + 1 → 28 or 29/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


DEFAULT_REVIEW_MONTHS = 3


def default_review_date(adopted_on: date) -> date:
    return add_months(adopted_on, DEFAULT_REVIEW_MONTHS)
