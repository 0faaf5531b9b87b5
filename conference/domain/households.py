"""The household (situation) followed, as frozen snapshots: its partners, its path referent
and the history of that choice, its timeline across conferences and synthesis meetings
(issue 10). Built by ``conference.services.households``; no I/O here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .enums import StrEnum


class ReferentReason(StrEnum):
    """Why this path referent (référent de parcours) was chosen."""

    PREFERENCE = "preference"  # the person's own choice
    CASELOAD = "caseload"
    SKILLS = "skills"
    OTHER = "other"  # with a text


class TimelineKind(StrEnum):
    CONFERENCE = "conference"
    MEETING = "meeting"
    PARTNER_START = "partner_start"
    PARTNER_END = "partner_end"
    REFERENT = "referent"
    HANDOVER = "handover"


@dataclass(frozen=True)
class HouseholdPartner:
    id: int
    structure_id: int
    structure_name: str
    role: str
    start_date: date
    end_date: date | None = None

    def takes_part(self, today: date) -> bool:
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)


@dataclass(frozen=True)
class PathReferentPeriod:
    """One period of the path referent: who (an account or a directory contact), why, when."""

    id: int
    name: str
    structure_name: str
    reason: ReferentReason
    reason_text: str
    from_date: date
    to_date: date | None = None
    user_id: int | None = None
    contact_id: int | None = None

    @property
    def current(self) -> bool:
        return self.to_date is None


@dataclass(frozen=True)
class Household:
    id: int
    label: str
    territory_id: int | None
    partners: tuple[HouseholdPartner, ...] = ()
    referents: tuple[PathReferentPeriod, ...] = ()  # oldest first; the current one last
    conference_ids: tuple[int, ...] = ()
    version: int = 1

    @property
    def path_referent(self) -> PathReferentPeriod | None:
        current = [p for p in self.referents if p.current]
        return current[-1] if current else None

    def active_partners(self, today: date) -> tuple[HouseholdPartner, ...]:
        return tuple(p for p in self.partners if p.takes_part(today))


@dataclass(frozen=True)
class HouseholdSummary:
    """One line of the list of households."""

    id: int
    label: str
    territory_id: int | None
    path_referent: str = ""
    partners: int = 0
    next_meeting: date | None = None


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event of the household's thread; ``target_id`` is the conference,
    meeting, partner, referent period or handover it points at."""

    on: date
    kind: TimelineKind
    target_id: int
    title: str = ""
    detail: str = ""
