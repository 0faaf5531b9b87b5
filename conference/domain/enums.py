"""Enumerations of the family-conference domain.

Values are stable English codes stored in the database and in exports; the French
labels live in the i18n catalogs (see ``conference.i18n.labels``).
"""
from __future__ import annotations

from enum import Enum


class StrEnum(str, Enum):
    def __str__(self) -> str:  # pragma: no cover - convenience for f-strings
        return self.value


class Phase(StrEnum):
    ORIENTATION = "orientation"
    PREPARATION = "preparation"
    INFORMATION_SHARING = "information_sharing"
    PRIVATE_TIME = "private_time"
    VALIDATION = "validation"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class Field(StrEnum):
    CHILDHOOD = "enfance"
    INSERTION = "insertion"
    AUTONOMY = "autonomie"
    DISABILITY = "handicap"
    HOUSING = "logement"
    OTHER = "autre"


class ReferralSource(StrEnum):
    PROFESSIONAL = "professional"
    SELF = "self"
    OTHER = "other"


class Role(StrEnum):
    COORDINATOR = "coordinator"
    REFERENT = "referent"
    PARTNER = "partner"
    PILOT = "pilot"
    ADMIN = "admin"
    FAMILY = "family"


class Relation(StrEnum):
    """Relation of a network member to the focal person (the network map's sectors)."""

    FAMILY = "family"
    FRIEND = "friend"
    NEIGHBOUR = "neighbour"
    COLLEAGUE = "colleague"
    PEER_SUPPORTER = "peer_supporter"
    PROFESSIONAL = "professional"
    EXPERT = "expert"
    TRUSTED_PERSON = "trusted_person"


class Support(StrEnum):
    """What a member of the network can bring."""

    EMOTIONAL = "emotional"
    PRACTICAL = "practical"
    HOUSING = "housing"
    CHILDCARE = "childcare"
    FINANCIAL = "financial"
    TRANSPORT = "transport"
    OTHER = "other"


class TieKind(StrEnum):
    """A tie between two members of the network."""

    SUPPORT = "support"
    CONFLICT = "conflict"
    BROKEN = "broken"


class InvitationStatus(StrEnum):
    TO_INVITE = "to_invite"
    INVITED = "invited"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    NOT_TO_INVITE = "not_to_invite"


class Attendance(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class LogisticsKind(StrEnum):
    VENUE = "venue"
    TRAVEL = "travel"
    MEAL = "meal"
    CHILDCARE = "childcare"
    INTERPRETER = "interpreter"
    ACCESSIBILITY = "accessibility"
    OTHER = "other"


class ChildVoice(StrEnum):
    IN_PERSON = "in_person"
    SUPPORT_PERSON = "support_person"
    LETTER_OR_DRAWING = "letter_or_drawing"
    NOT_APPLICABLE = "not_applicable"


class InfoKind(StrEnum):
    """What was shared during the information-sharing part of the meeting."""

    CONCERN = "concern"
    EXPERT_ANSWER = "expert_answer"
    FAMILY_QUESTION = "family_question"
    RESOURCE = "resource"


class RatificationDecision(StrEnum):
    RATIFIED = "ratified"
    RESERVATIONS = "reservations"
    REFUSED = "refused"


class ActionFollowUp(StrEnum):
    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"
    CHANGED = "changed"


class Resolution(StrEnum):
    NOT_RESOLVED = "not"
    PARTLY = "partly"
    COMPLETELY = "completely"


class Outcome(StrEnum):
    PLAN_ADOPTED = "plan_adopted"
    FAMILY_SELF_ORGANISED = "family_self_organised"
    NOT_COMPLETED = "not_completed"


class ClosureReason(StrEnum):
    FAMILY_DECLINED = "family_declined"
    NETWORK_NOT_MOBILISED = "network_not_mobilised"
    NEUTRALITY_IMPOSSIBLE = "neutrality_impossible"
    JUDICIAL_DECISION = "judicial_decision"
    COORDINATOR_LEFT = "coordinator_left"
    OTHER = "other"


class ConsentKind(StrEnum):
    """What the family (or a member) agreed to, objected to or was informed of."""

    CONFERENCE = "conference"
    INFORMATION_DUTY = "information_duty"
    INVITATION = "invitation"
    FOLLOW_UP = "follow_up"
    EVALUATION_QUOTE = "evaluation_quote"
    # The family's choice that its conference takes part in the evaluation (issue 9):
    # without it, nothing of the conference enters a figure beyond the bare funnel count.
    EVALUATION = "evaluation"
