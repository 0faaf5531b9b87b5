"""Frozen snapshots of a conference, as pages and exporters see them.

The store builds them from rows (``conference.store.mapping``); rules below take them
and return facts, never touching a database.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

from .enums import (
    ActionFollowUp,
    Attendance,
    ChildVoice,
    ClosureReason,
    Field,
    InfoKind,
    InvitationStatus,
    LogisticsKind,
    Outcome,
    Phase,
    RatificationDecision,
    ReferralSource,
    Relation,
    Resolution,
    Support,
    TieKind,
)


@dataclass(frozen=True)
class Neutrality:
    """The coordinator's declaration (orientation). See ``rules.neutrality_conflicts``."""

    coordinator_institution: str = ""
    referent_institution: str = ""
    prior_knowledge: bool = False
    is_referent: bool = False
    co_coordinator_name: str = ""
    co_coordinator_institution: str = ""


@dataclass(frozen=True)
class Participant:
    """A member of the family's network; the network-map issue extends it (ties, support)."""

    id: int
    name: str
    relation: Relation
    ring: int | None = None
    invitation: InvitationStatus = InvitationStatus.TO_INVITE
    not_safe: bool = False
    is_focal: bool = False
    expert_question: str = ""
    attendance: Attendance | None = None
    phone: str = ""
    email: str = ""
    note: str = ""
    version: int = 1
    supports: tuple[Support, ...] = ()
    phone_visible: bool = False
    email_visible: bool = False
    position: tuple[float, float] | None = None  # moved by hand on the map
    parental_authority: bool = False  # holds parental authority over the person concerned

    @property
    def shareable(self) -> bool:
        """May appear on a shared screen, an invitation or a document (``safety.is_shareable``)."""
        from .safety import is_shareable

        return is_shareable(self)


@dataclass(frozen=True)
class Tie:
    id: int
    source_id: int
    target_id: int
    kind: TieKind


@dataclass(frozen=True)
class QuestionPart:
    id: int
    text: str


@dataclass(frozen=True)
class BottomLine:
    id: int
    text: str


@dataclass(frozen=True)
class CentralQuestion:
    number: int
    text: str
    problem: str = ""
    for_whom: str = ""
    what_different: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True)
class LogisticsTask:
    id: int
    kind: LogisticsKind
    description: str
    owner_id: int | None
    done: bool = False
    version: int = 1


@dataclass(frozen=True)
class InfoItem:
    id: int
    kind: InfoKind
    text: str
    answer: str = ""
    author: str = ""


@dataclass(frozen=True)
class Action:
    """One line of the family's plan."""

    id: int
    what: str
    who_id: int | None = None
    who_text: str = ""
    due: date | None = None
    when_text: str = ""
    success_sign: str = ""
    support_needed: str = ""
    parts: tuple[int, ...] = ()
    bottom_lines: tuple[int, ...] = ()
    version: int = 1


@dataclass(frozen=True)
class PlanDraft:
    actions: tuple[Action, ...] = ()
    if_not_working: str = ""
    follow_arrangement: str = ""
    version: int = 1


@dataclass(frozen=True)
class AdoptedPlan:
    """A frozen version of the plan: the content and its SHA-256 hash."""

    number: int
    content: dict
    content_hash: str
    adopted_at: datetime
    adopted_by: str


@dataclass(frozen=True)
class FormCheck:
    checked_at: datetime
    checked_by: str
    findings: int
    content_hash: str


@dataclass(frozen=True)
class Ratification:
    decision: RatificationDecision
    reason: str
    decided_by: str
    recorded_by: str
    decided_at: datetime
    content_hash: str
    content: dict | None = None  # the plan as the referent read it (None before issue 7)
    plan_number: int | None = None  # the version number people call that plan by


@dataclass(frozen=True)
class ActionReview:
    action_key: str
    status: ActionFollowUp | None
    why: str = ""


@dataclass(frozen=True)
class FollowUp:
    chosen: bool | None = None
    review_date: date | None = None
    resolution: Resolution | None = None
    what_changed: str = ""
    reviews: tuple[ActionReview, ...] = ()
    completed_at: datetime | None = None
    version: int = 1


@dataclass(frozen=True)
class Closure:
    outcome: Outcome
    reason: ClosureReason | None = None
    reason_text: str = ""
    closed_at: datetime | None = None


@dataclass(frozen=True)
class Conference:
    """Everything a coordinator's screens show about one conference."""

    id: int
    title: str
    phase: Phase
    field: Field | None = None
    situation: str = ""
    referral_source: ReferralSource | None = None
    referral_other: str = ""
    referent_institution: str = ""
    referent_name: str = ""
    family_agreement: bool = False
    information_duty_met: bool = False
    neutrality: Neutrality = Neutrality()
    coordinator_id: int | None = None
    coordinator_name: str = ""
    concerns: str = ""
    meeting_date: date | None = None
    meeting_place: str = ""
    child_voice: ChildVoice | None = None
    child_voice_note: str = ""
    question: CentralQuestion | None = None
    question_history: tuple[CentralQuestion, ...] = ()
    parts: tuple[QuestionPart, ...] = ()
    bottom_lines: tuple[BottomLine, ...] = ()
    participants: tuple[Participant, ...] = ()
    ties: tuple[Tie, ...] = ()
    logistics: tuple[LogisticsTask, ...] = ()
    info_items: tuple[InfoItem, ...] = ()
    adopted: tuple[AdoptedPlan, ...] = ()
    form_checks: tuple[FormCheck, ...] = ()
    ratifications: tuple[Ratification, ...] = ()
    follow_up: FollowUp = FollowUp()
    closure: Closure | None = None
    created_at: datetime | None = None
    version: int = 1
    # For the documents' identity block and last pages (entered at orientation/validation).
    referent_service: str = ""
    referent_phone: str = ""
    conference_reason: str = ""
    plan_watcher_id: int | None = None
    fallback_contact: str = ""
    copy_recipients: str = ""
    professional_commitments: str = ""
    coordinator_contact: str = ""

    @property
    def current_plan(self) -> AdoptedPlan | None:
        return self.adopted[-1] if self.adopted else None

    def participant(self, ident: int | None) -> Participant | None:
        return next((p for p in self.participants if p.id == ident), None)

    @property
    def shareable_participants(self) -> tuple[Participant, ...]:
        from .safety import shareable

        return shareable(self.participants)


def plan_content(conf: Conference, draft: PlanDraft) -> dict:
    """The plan as the family wrote it, with owners resolved to names: what gets frozen.

    The owner's participant id is frozen with the name (``who_id``), so that a flag set
    after adoption hides them by id (``safety.redact_plan_content``), not by name.
    Owners flagged "not safe" are never written out (services refuse them as owners
    anyway): the name falls back to the free text, else the action is frozen with the
    owner's id and no name, and every reader shows it as withheld.
    """
    from .safety import is_shareable

    question = conf.question.text if conf.question else ""
    actions = []
    for n, a in enumerate(draft.actions, start=1):
        owner = conf.participant(a.who_id)
        if owner is not None and is_shareable(owner):
            who, who_id = owner.name, owner.id
        elif owner is not None and not a.who_text.strip():
            who, who_id = "", owner.id  # withheld at read time
        else:
            who, who_id = a.who_text, None
        actions.append(
            {
                "key": f"A{n}",
                "what": a.what,
                "who": who,
                "who_id": who_id,
                "due": a.due.isoformat() if a.due else None,
                "when": a.when_text,
                "success_sign": a.success_sign,
                "support_needed": a.support_needed,
                # the bottom lines this action answers, by their number in "bottom_lines" (1, 2…)
                "answers": [n for n, b in enumerate(conf.bottom_lines, start=1) if b.id in a.bottom_lines],
            }
        )
    return {
        "central_question": question,
        "bottom_lines": [b.text for b in conf.bottom_lines],
        "actions": actions,
        "if_not_working": draft.if_not_working,
        "follow_arrangement": draft.follow_arrangement,
    }


def content_hash(content: dict) -> str:
    """SHA-256 of a canonical JSON dump; the same content always hashes the same."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ConferenceSummary:
    """One line of the coordinator's home list (cheap to load for thousands)."""

    id: int
    title: str
    phase: Phase
    field: Field | None
    meeting_date: date | None
    review_date: date | None
    updated_at: datetime | None

    @property
    def next_date(self) -> date | None:
        if self.phase is Phase.FOLLOW_UP:
            return self.review_date
        if self.phase in (Phase.ORIENTATION, Phase.PREPARATION, Phase.INFORMATION_SHARING, Phase.PRIVATE_TIME):
            # keep in step with conference.store.uow.MEETING_PHASES
            return self.meeting_date
        return None
