"""Plain input rows of the evaluation: what the store hands over, what the demo invents.

Frozen dataclasses at the boundary (easy to build in a test or a query, checked once);
:mod:`conference.evaluation.frames` turns them into pandas frames for the computations.
Values reuse the domain's enums (``Field``, ``Outcome``…) where the conference already
records them; the evaluation-only ones live here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from conference.domain.enums import (ActionFollowUp, ClosureReason, Field, Outcome, RatificationDecision,
                                     ReferralSource, Resolution, StrEnum)


class Stage(StrEnum):
    """The furthest step a situation reached; every situation is in exactly one."""

    ORIENTED = "oriented"
    PREPARATION = "preparation"
    HELD = "held"
    PLAN_ADOPTED = "plan_adopted"
    FOLLOWED_UP = "followed_up"


STAGES: tuple[Stage, ...] = tuple(Stage)


class Status(StrEnum):
    """Where a situation stands, derived from its outcome (``None`` = still in progress)."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    SELF_ORGANISED = "self_organised"
    NOT_COMPLETED = "not_completed"


STATUSES: tuple[Status, ...] = tuple(Status)


class ParticipantRole(StrEnum):
    """Who took part in a conference or answered a questionnaire."""

    FAMILY = "family"
    NETWORK = "network"
    CHILD = "child"
    PROFESSIONAL = "professional"
    EXPERT = "expert"
    COORDINATOR = "coordinator"


ROLES: tuple[ParticipantRole, ...] = tuple(ParticipantRole)


class QuoteConsent(StrEnum):
    """The author's separate "you may quote my words, without my name" choice."""

    NONE = "none"
    INTERNAL = "internal"
    PUBLICATION = "publication"


@dataclass(frozen=True)
class Action:
    """One action of the adopted plan and its status at three months (``None``: not followed up)."""

    number: int
    owner_kind: str = "family"  # family, network, professional, institution
    status_3m: ActionFollowUp | None = None


@dataclass(frozen=True)
class Referral:
    """One situation oriented towards a conference, met or not (the fiche de synthèse).

    ``ref`` is the store's own identifier: it never leaves Cercle (exports carry the keyed
    pseudonym instead). ``referred_on`` is a full date here; every output keeps only the
    month. ``outcome`` is ``None`` while the situation is in progress.
    """

    ref: str
    territory: str
    field: Field
    referred_by: ReferralSource
    referred_on: date
    stage: Stage
    outcome: Outcome | None = None
    reason: ClosureReason | None = None
    evaluation_consent: bool = False
    dept: str = ""
    hours_coordinator: float | None = None
    hours_referent: float | None = None
    participants: Mapping[ParticipantRole, int] = field(default_factory=dict)
    ratification: RatificationDecision | None = None
    situation_3m: Resolution | None = None
    actions: tuple[Action, ...] = ()

    @property
    def status(self) -> Status:
        if self.outcome is None:
            return Status.IN_PROGRESS
        return {Outcome.PLAN_ADOPTED: Status.COMPLETED, Outcome.FAMILY_SELF_ORGANISED: Status.SELF_ORGANISED,
                Outcome.NOT_COMPLETED: Status.NOT_COMPLETED}[self.outcome]

    @property
    def self_organised(self) -> bool:
        return self.outcome is Outcome.FAMILY_SELF_ORGANISED


@dataclass(frozen=True)
class Answer:
    """One anonymous questionnaire answer, with the questionnaire version it was given with.

    ``items`` holds the closed questions (question id → value), ``texts`` the open ones
    (question id → text). ``conference_ref`` points at a :class:`Referral` ``ref``.
    """

    ref: str
    conference_ref: str
    role: ParticipantRole
    questionnaire_id: str
    questionnaire_version: int
    score: int | None = None
    items: Mapping[str, int] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)
    quote_consent: QuoteConsent = QuoteConsent.NONE
    transcribed: bool = False


@dataclass(frozen=True)
class Theme:
    """A theme of the editable list (``label`` is the text people chose, in French)."""

    id: str
    label: str


@dataclass(frozen=True)
class Passage:
    """A theme tagged on an open answer: the whole text (``start is None``) or a passage."""

    theme_id: str
    answer_ref: str
    question_id: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class EvaluationRows:
    """Everything one territory (or département) hands to the evaluation, as plain rows."""

    referrals: tuple[Referral, ...]
    answers: tuple[Answer, ...] = ()
    themes: tuple[Theme, ...] = ()
    passages: tuple[Passage, ...] = ()
    dept: str = ""
