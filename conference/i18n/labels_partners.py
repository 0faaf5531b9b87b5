"""Labels of the synthesis meetings' enums (merged into ``conference.i18n.labels.LABELS``)."""
from __future__ import annotations

from conference.domain import partnership as p

from . import N_

PARTNER_PAIRS = [
    (p.MeetingKind.SYNTHESIS, N_("Synthesis meeting")),
    (p.MeetingKind.SHARED_DIAGNOSIS, N_("Shared diagnosis meeting")),
    (p.MeetingKind.COMMISSION, N_("Commission")),
    (p.MeetingKind.REGULAR_REVIEW, N_("Regular review")),
    (p.PersonPresence.PRESENT, N_("Present in person")),
    (p.PersonPresence.REPRESENTED, N_("Represented by a trusted third party")),
    (p.PersonPresence.ABSENT, N_("Not there")),
    (p.Attendance.PRESENT, N_("Around the table")),
    (p.Attendance.WRITTEN_INPUT, N_("Written input only")),
    (p.Attendance.ABSENT, N_("Did not come")),
    (p.Agreement.YES, N_("Agrees")),
    (p.Agreement.NO, N_("Does not agree")),
    (p.Agreement.DEFERRED, N_("Wants time to think")),
    (p.DecisionStatus.OPEN, N_("Under way")),
    (p.DecisionStatus.DONE, N_("Carried out")),
    (p.DecisionStatus.DROPPED, N_("Given up")),
    (p.InfoCategory.SOCIAL, N_("Social")),
    (p.InfoCategory.HEALTH, N_("Health")),
    (p.InfoCategory.JUSTICE, N_("Justice")),
    (p.InfoCategory.FINANCIAL, N_("Money")),
    (p.InfoCategory.HOUSING, N_("Housing")),
    (p.InfoCategory.OTHER, N_("Other")),
    (p.ReflectionTheme.CURRENT_STATE, N_("Where we stand today")),
    (p.ReflectionTheme.COMMON_AIM, N_("Our common aim")),
    (p.ReflectionTheme.PERSON_AS_ACTOR, N_("The person as the actor of their path")),
    (p.ReflectionTheme.MUTUAL_RECOGNITION, N_("Mutual recognition")),
    (p.ReflectionTheme.WORKING_TOGETHER, N_("Working together")),
    (p.ReflectionTheme.ETHICS, N_("Ethics")),
    (p.ReflectionTheme.REVIEW, N_("Review of the cycle")),
]
