"""French/English labels of every enum value (for select boxes, documents, lists)."""
from __future__ import annotations

from enum import Enum

from conference.domain import enums as e

from . import N_, gettext

_PAIRS: list[tuple[Enum, str]] = [
    (e.Phase.ORIENTATION, N_("Orientation")),
    (e.Phase.PREPARATION, N_("Preparation")),
    (e.Phase.INFORMATION_SHARING, N_("Meeting: information sharing")),
    (e.Phase.PRIVATE_TIME, N_("Meeting: private time")),
    (e.Phase.VALIDATION, N_("Plan validation")),
    (e.Phase.FOLLOW_UP, N_("Follow-up")),
    (e.Phase.CLOSED, N_("Closed")),
    (e.Field.CHILDHOOD, N_("Childhood")),
    (e.Field.INSERTION, N_("Social and work integration")),
    (e.Field.AUTONOMY, N_("Autonomy (older people)")),
    (e.Field.DISABILITY, N_("Disability")),
    (e.Field.HOUSING, N_("Housing")),
    (e.Field.OTHER, N_("Other")),
    (e.ReferralSource.PROFESSIONAL, N_("A professional")),
    (e.ReferralSource.SELF, N_("The family itself")),
    (e.ReferralSource.OTHER, N_("Someone else")),
    (e.Role.COORDINATOR, N_("Coordinator")),
    (e.Role.REFERENT, N_("Referent professional")),
    (e.Role.PARTNER, N_("Partner professional")),
    (e.Role.PILOT, N_("Pilot")),
    (e.Role.ADMIN, N_("Administrator")),
    (e.Role.FAMILY, N_("Family")),
    (e.Relation.FAMILY, N_("Family")),
    (e.Relation.FRIEND, N_("Friend")),
    (e.Relation.NEIGHBOUR, N_("Neighbour")),
    (e.Relation.COLLEAGUE, N_("Colleague")),
    (e.Relation.PEER_SUPPORTER, N_("Peer supporter")),
    (e.Relation.PROFESSIONAL, N_("Professional")),
    (e.Relation.EXPERT, N_("Expert")),
    (e.Relation.TRUSTED_PERSON, N_("Trusted person")),
    (e.Support.EMOTIONAL, N_("Emotional support")),
    (e.Support.PRACTICAL, N_("Practical help")),
    (e.Support.HOUSING, N_("Housing")),
    (e.Support.CHILDCARE, N_("Childcare")),
    (e.Support.FINANCIAL, N_("Money")),
    (e.Support.TRANSPORT, N_("Transport")),
    (e.Support.OTHER, N_("Other")),
    (e.TieKind.SUPPORT, N_("They help each other")),
    (e.TieKind.CONFLICT, N_("Conflict")),
    (e.TieKind.BROKEN, N_("Contact broken")),
    (e.ConsentKind.CONFERENCE, N_("Agreement to the conference")),
    (e.ConsentKind.INFORMATION_DUTY, N_("Information given to the family")),
    (e.ConsentKind.INVITATION, N_("Agreement to be invited")),
    (e.ConsentKind.FOLLOW_UP, N_("Agreement to a follow-up")),
    (e.ConsentKind.EVALUATION_QUOTE, N_("Agreement to be quoted in the evaluation")),
    (e.ConsentKind.EVALUATION, N_("The family agrees that its conference takes part in the evaluation")),
    (e.InvitationStatus.TO_INVITE, N_("To invite")),
    (e.InvitationStatus.INVITED, N_("Invited")),
    (e.InvitationStatus.CONFIRMED, N_("Confirmed")),
    (e.InvitationStatus.DECLINED, N_("Declined")),
    (e.InvitationStatus.NOT_TO_INVITE, N_("Not to be invited")),
    (e.Attendance.PRESENT, N_("Present")),
    (e.Attendance.ABSENT, N_("Absent")),
    (e.Attendance.EXCUSED, N_("Excused")),
    (e.LogisticsKind.VENUE, N_("Venue")),
    (e.LogisticsKind.TRAVEL, N_("Travel")),
    (e.LogisticsKind.MEAL, N_("Meal")),
    (e.LogisticsKind.CHILDCARE, N_("Childcare")),
    (e.LogisticsKind.INTERPRETER, N_("Interpreter")),
    (e.LogisticsKind.ACCESSIBILITY, N_("Accessibility")),
    (e.LogisticsKind.OTHER, N_("Other")),
    (e.ChildVoice.IN_PERSON, N_("The child takes part in person")),
    (e.ChildVoice.SUPPORT_PERSON, N_("A support person speaks for the child")),
    (e.ChildVoice.LETTER_OR_DRAWING, N_("A letter or a drawing")),
    (e.ChildVoice.NOT_APPLICABLE, N_("No child concerned")),
    (e.InfoKind.CONCERN, N_("Concern")),
    (e.InfoKind.EXPERT_ANSWER, N_("Expert's answer")),
    (e.InfoKind.FAMILY_QUESTION, N_("Question from the family")),
    (e.InfoKind.RESOURCE, N_("Resource mentioned")),
    (e.RatificationDecision.RATIFIED, N_("Ratified")),
    (e.RatificationDecision.RESERVATIONS, N_("Ratified with reservations")),
    (e.RatificationDecision.REFUSED, N_("Refused")),
    (e.ActionFollowUp.DONE, N_("Done")),
    (e.ActionFollowUp.PARTLY, N_("Partly done")),
    (e.ActionFollowUp.NOT_DONE, N_("Not done")),
    (e.ActionFollowUp.CHANGED, N_("Changed")),
    (e.Resolution.NOT_RESOLVED, N_("Not resolved")),
    (e.Resolution.PARTLY, N_("Partly resolved")),
    (e.Resolution.COMPLETELY, N_("Completely resolved")),
    (e.Outcome.PLAN_ADOPTED, N_("Plan adopted")),
    (e.Outcome.FAMILY_SELF_ORGANISED, N_("The family organised itself without a coordinator")),
    (e.Outcome.NOT_COMPLETED, N_("Not completed")),
    (e.ClosureReason.FAMILY_DECLINED, N_("The family declined")),
    (e.ClosureReason.NETWORK_NOT_MOBILISED, N_("The network could not be mobilised")),
    (e.ClosureReason.NEUTRALITY_IMPOSSIBLE, N_("Neutrality impossible")),
    (e.ClosureReason.JUDICIAL_DECISION, N_("Judicial decision")),
    (e.ClosureReason.COORDINATOR_LEFT, N_("The coordinator left")),
    (e.ClosureReason.OTHER, N_("Other reason")),
]
# Keyed by (enum class, value): str-valued enums of different classes compare equal
# ("family" is both a Role and a Relation), so the class must be part of the key.
LABELS: dict[tuple[type, str], str] = {(type(k), k.value): v for k, v in _PAIRS}


def label(value: Enum | None, lang: str = "fr") -> str:
    if value is None:
        return ""
    return gettext(LABELS[(type(value), value.value)], lang)


def options(enum_cls) -> list:
    """Members of ``enum_cls`` in declaration order (for select boxes)."""
    return list(enum_cls)


from .labels_partners import PARTNER_PAIRS  # noqa: E402  (synthesis meetings, #10)

LABELS.update({(type(k), k.value): v for k, v in PARTNER_PAIRS})
