"""Synthesis meetings (réunions de synthèse) as frozen snapshots: what the services return
and the documents read.

Around one household several structures meet; Cercle keeps the thread (*fil rouge*): the
person's needs in their words, each partner's contribution, the decisions and who owns
them, what was shared with whom, the handover when a professional leaves, and the
partners' reflection cycle on their cooperation. The store maps its rows to these
classes (``conference.store.mapping_partners``); exporters never see a row.

Values of the enums are the codes stored in the database; French labels live in the
catalogs (``partner_meetings.po``). Standard library only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .enums import StrEnum
from .errors import DomainError


class MeetingKind(StrEnum):
    SYNTHESIS = "synthese"
    SHARED_DIAGNOSIS = "diagnostic_partage"
    COMMISSION = "commission"
    REGULAR_REVIEW = "point_regulier"


class PersonPresence(StrEnum):
    """The person at their own meeting: there, represented by a trusted third party
    (tiers de confiance), or absent (with the reason)."""

    PRESENT = "present"
    REPRESENTED = "represented"
    ABSENT = "absent"


class Attendance(StrEnum):
    """A partner at the meeting: around the table, sent a written input only, or absent."""

    PRESENT = "present"
    WRITTEN_INPUT = "written_input"
    ABSENT = "absent"


class Agreement(StrEnum):
    """The person's agreement with a decision."""

    YES = "yes"
    NO = "no"
    DEFERRED = "deferred"


class DecisionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class InfoCategory(StrEnum):
    SOCIAL = "social"
    HEALTH = "health"
    JUSTICE = "justice"
    FINANCIAL = "financial"
    HOUSING = "housing"
    OTHER = "other"


# Categories hidden from a partner (and from the person's written version) unless allowed.
SENSITIVE_CATEGORIES = frozenset({InfoCategory.HEALTH, InfoCategory.JUSTICE})


class ReflectionTheme(StrEnum):
    """The six themed sessions of the partners' reflection cycle, then the review."""

    CURRENT_STATE = "current_state"
    COMMON_AIM = "common_aim"
    PERSON_AS_ACTOR = "person_as_actor"
    MUTUAL_RECOGNITION = "mutual_recognition"
    WORKING_TOGETHER = "working_together"
    ETHICS = "ethics"
    REVIEW = "review"


REFLECTION_THEMES = tuple(ReflectionTheme)  # in the order the sessions are held


@dataclass(frozen=True)
class Structure:
    """A structure of the directory, as a document prints it (qui fait quoi)."""

    id: int
    name: str
    typology: str = ""  # a data·inclusion typology code (CAF, CCAS, UDAF…)
    missions: str = ""
    public: str = ""
    eligibility: str = ""
    opening_hours: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    contacts: tuple[str, ...] = ()  # "Name — role" lines
    last_verified: date | None = None


@dataclass(frozen=True)
class Participant:
    id: int
    structure_id: int | None
    structure_name: str
    name: str = ""
    role: str = ""
    attendance: Attendance = Attendance.PRESENT


@dataclass(frozen=True)
class Need:
    """One of the person's needs, in their own words (the agenda starts from them)."""

    id: int
    text: str


@dataclass(frozen=True)
class Contribution:
    """A partner's turn in the tour de table."""

    id: int
    structure_id: int | None
    structure_name: str
    text: str


@dataclass(frozen=True)
class Decision:
    """An action decided at a meeting; ``carried_from`` is the decision of an earlier
    meeting this one continues (an open decision is carried into the next meeting)."""

    id: int
    meeting_id: int
    action: str
    owner_structure_id: int | None
    owner_structure_name: str
    deadline: date | None
    agreement: Agreement
    status: DecisionStatus = DecisionStatus.OPEN
    closed_at: datetime | None = None
    carried_from: int | None = None
    first_meeting_date: date | None = None  # when the decision was first taken
    version: int = 1

    @property
    def is_open(self) -> bool:
        return self.status is DecisionStatus.OPEN

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < today


@dataclass(frozen=True)
class InfoItem:
    """A piece of information shared for a purpose: who brought it, its category, the
    structures allowed to see it, whether the person was informed or objected, and
    whether the person agreed to see it written in their own version of the minutes."""

    id: int
    household_id: int
    meeting_id: int | None
    brought_by_structure_id: int | None
    brought_by_name: str
    category: InfoCategory
    text: str
    allowed_structure_ids: frozenset[int] = frozenset()
    allowed_structure_names: tuple[str, ...] = ()
    person_informed: bool = False
    person_objected: bool = False
    person_may_see_written: bool = False


@dataclass(frozen=True)
class Meeting:
    id: int
    household_id: int
    household_label: str
    kind: MeetingKind
    held_on: date
    place: str = ""
    person_presence: PersonPresence | None = None
    presence_reason: str = ""  # why absent
    third_party: str = ""  # who represented the person
    participants: tuple[Participant, ...] = ()
    needs: tuple[Need, ...] = ()
    contributions: tuple[Contribution, ...] = ()
    diagnosis: str = ""
    decisions: tuple[Decision, ...] = ()  # carried-over ones included (carried_from set)
    gaps: str = ""  # gaps and duplicates found
    next_date: date | None = None
    info_items: tuple[InfoItem, ...] = ()  # already filtered for whoever reads the snapshot
    path_referent: str = ""  # "Name (structure)" of the référent de parcours
    path_referent_reason: str = ""
    version: int = 1

    @property
    def carried_decisions(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.carried_from is not None)

    @property
    def new_decisions(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.carried_from is None)


@dataclass(frozen=True)
class MeetingSummary:
    """One line of a list of meetings (``cercle list --meetings``)."""

    id: int
    household_id: int
    household_label: str
    kind: MeetingKind
    held_on: date
    open_decisions: int = 0
    overdue_decisions: int = 0


class HandoverState(StrEnum):
    DRAFT = "draft"
    AWAITING = "awaiting"  # written, waiting for the successor
    CONFIRMED = "confirmed"


@dataclass(frozen=True)
class HandoverNote:
    """A fiche de passation: written when a professional leaves, confirmed by the
    named successor only."""

    id: int
    household_id: int
    household_label: str
    from_name: str
    from_structure: str
    to_name: str
    to_user_id: int | None
    situation: str  # where things stand
    already_told: str  # what the household already told: no one asks it again
    pending_steps: str
    may_share: str  # what may be shared with the successor and partners
    written_at: datetime
    confirmed_at: datetime | None = None
    confirmed_by: int | None = None
    successor_phone: str = ""
    successor_email: str = ""
    successor_structure: str = ""
    state: HandoverState = None  # type: ignore[assignment]  # set in __post_init__
    version: int = 1

    def __post_init__(self):
        if self.state is None:
            object.__setattr__(self, "state", HandoverState.CONFIRMED if self.confirmed_at else HandoverState.AWAITING)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


@dataclass(frozen=True)
class ReflectionSession:
    id: int
    theme: ReflectionTheme
    held_on: date | None
    notes: str = ""
    quotes: tuple[str, ...] = ()  # anonymous: no author kept


@dataclass(frozen=True)
class ReflectionCycle:
    """The partners' reflection cycle: six themed sessions and a review, a draft report
    that every participant approves before it is final."""

    id: int
    title: str
    territory_id: int | None
    sessions: tuple[ReflectionSession, ...]
    participants: tuple[tuple[int, str], ...]  # (user id, name)
    approvals: frozenset[int] = frozenset()  # user ids who approved the current draft
    draft_report: str = ""
    final_at: datetime | None = None
    version: int = 1

    @property
    def missing_approvals(self) -> tuple[str, ...]:
        return tuple(name for uid, name in self.participants if uid not in self.approvals)

    @property
    def is_final(self) -> bool:
        return self.final_at is not None


class ReportNotApproved(DomainError):
    """The reflection report cannot be final: some participants have not approved the
    draft as it reads now (``missing`` names them)."""

    def __init__(self, missing: tuple[str, ...]):
        super().__init__(f"report not approved by {len(missing)} participant(s)")
        self.missing = tuple(missing)
