"""Retention: how long each category of data is kept, and the purge that applies it.

Defaults (an administrator may change each one, in whole months, 1 to 120):

``archive_closed_months = 24``
    A closed conference is archived (anonymised, statistics kept) 24 months after its
    closure. The CNIL's social-sector references (référentiel « accompagnement social
    et médico-social », 2021, and its référentiel « durées de conservation » of 2023)
    recommend not keeping a person's file in the active base more than two years after
    the last contact or the end of the support; closure is that end. Cercle keeps no
    intermediate archive of its own: the institutions' case files carry any legal
    retention, Cercle only keeps the statistics.
``flag_inactive_months = 24``
    A conference that is not closed and shows no activity (its row, its plan draft and
    its audit entries) for 24 months is *flagged* to the administrator, never archived
    automatically: without a closure it has no outcome, and its coordinator must close
    it first. Same two years after the last contact as above.
``audit_months = 12``
    Audit entries older than 12 months are deleted. The CNIL's recommendation on
    logging (délibération 2021-122) advises keeping logs six months to one year; a year
    lets a département answer « who opened my file » for the whole past year and run
    its yearly internal control. Audit entries hold no content (codes and ids only).
``family_link_months = 1``
    Family links that expired or were revoked more than a month ago are deleted. A dead
    link grants nothing; a month keeps the « this link has expired » answer and its trace
    for the coordinator who is asked about it.

The purge (``purge``) first builds a ``PurgePlan`` (what would be archived or deleted);
a dry run returns it and changes nothing, the real run applies exactly that plan in one
transaction and writes one audit entry with the counts. Settings are stored in
``SettingRow("retention")`` with a version, like any other edited row.
"""
from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timedelta
from typing import Any, Mapping

from sqlalchemy import delete, func, or_, select

from conference.domain.enums import Phase
from conference.domain.errors import DomainError, Forbidden, InvalidInput
from conference.i18n import N_
from conference.security import rules
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.anonymise import AlreadyArchived, anonymise_conference
from conference.store.models import utcnow
from conference.store.uow import UnitOfWork, check_version

SETTING_KEY = "retention"
MIN_MONTHS, MAX_MONTHS = 1, 120
UPCOMING_DAYS = 30

__all__ = [
    "AlreadyArchived", "ArchiveCandidate", "CATEGORY_LABELS", "DEFAULTS", "MESSAGES", "PurgePlan", "PurgePlanChanged",
    "Retention", "StaleConference", "add_months", "get_retention", "plan_purge", "purge", "set_retention",
    "upcoming_archives",
]


@dataclass(frozen=True)
class Retention:
    """Durations in whole months; ``version`` is the stored row's (0: never saved)."""

    archive_closed_months: int = 24
    flag_inactive_months: int = 24
    audit_months: int = 12
    family_link_months: int = 1
    version: int = 0

    def values(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if k != "version"}


DEFAULTS = Retention()
CATEGORIES = tuple(f.name for f in fields(Retention) if f.name != "version")

#: What each setting means, for the administrator's screen (French in retention.po).
CATEGORY_LABELS = {
    "archive_closed_months": N_("Archive a closed conference (anonymise it, keep the statistics) this many months "
                                "after its closure"),
    "flag_inactive_months": N_("Flag a conference that is not closed and has had no activity for this many months"),
    "audit_months": N_("Keep the audit log for this many months"),
    "family_link_months": N_("Delete expired or revoked family links after this many months"),
}


#: What to tell the administrator, for the refusals of this module (French in retention.po).
MESSAGES = {
    "not_whole_number": N_("{field}: enter a whole number of months."),
    "out_of_range": N_("{field}: enter a whole number of months between {minimum} and {maximum}."),
    "required": N_("{field}: enter a number of months."),
    "unknown_setting": N_("This setting does not exist."),
    "already_archived": N_("This conference is already archived."),
    "plan_changed": N_("The data changed since the dry run. Run the dry run again, then confirm."),
}


class PurgePlanChanged(DomainError):
    """The data changed between the dry run the administrator read and the real purge."""

    def __init__(self, expected: "PurgePlan", current: "PurgePlan"):
        super().__init__("the purge plan changed since the dry run; run the dry run again")
        self.expected, self.current = expected, current


@dataclass(frozen=True)
class ArchiveCandidate:
    id: int
    title: str
    closed_at: datetime
    archive_on: datetime
    coordinator_id: int | None


@dataclass(frozen=True)
class StaleConference:
    """Not closed, no activity since ``last_activity``: flagged, never purged automatically."""

    id: int
    title: str
    phase: Phase
    last_activity: datetime
    coordinator_id: int | None


@dataclass(frozen=True)
class PurgePlan:
    """What a purge at ``now`` archives and deletes (and what it only flags)."""

    now: datetime
    retention: Retention
    archive: tuple[ArchiveCandidate, ...]
    stale: tuple[StaleConference, ...]
    audit_cutoff: datetime
    audit_count: int
    audit_last_id: int | None  # the newest entry to delete: later entries are never touched
    family_link_cutoff: datetime
    family_link_ids: tuple[int, ...]

    @property
    def conference_ids(self) -> tuple[int, ...]:
        return tuple(c.id for c in self.archive)

    @property
    def family_link_count(self) -> int:
        return len(self.family_link_ids)

    @property
    def is_empty(self) -> bool:
        return not (self.archive or self.audit_count or self.family_link_ids)

    def same_work(self, other: "PurgePlan") -> bool:
        """True when both plans archive and delete exactly the same rows."""
        return (self.conference_ids, self.audit_count, self.audit_last_id, self.family_link_ids) == (
            other.conference_ids, other.audit_count, other.audit_last_id, other.family_link_ids)


# ------------------------------------------------------------------------------ dates

def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus (or minus) whole calendar months; the 31st becomes the month's last day."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


# --------------------------------------------------------------------------- settings

def _load(session) -> Retention:
    row = session.get(r.SettingRow, SETTING_KEY)
    if row is None:
        return DEFAULTS
    stored = row.value if isinstance(row.value, dict) else {}
    known = {k: v for k, v in stored.items() if k in CATEGORIES and _valid(v)}
    return replace(DEFAULTS, **known, version=row.version)


def _valid(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and MIN_MONTHS <= value <= MAX_MONTHS


def _months(name: str, value: Any) -> int:
    """A whole number of months from a form value; ``InvalidInput`` otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(name, "required")
    if isinstance(value, bool):
        raise InvalidInput(name, "not_whole_number")
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidInput(name, "not_whole_number")
        value = int(value)
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            raise InvalidInput(name, "not_whole_number")
        value = int(text)
    if not isinstance(value, int):
        raise InvalidInput(name, "not_whole_number")
    if not MIN_MONTHS <= value <= MAX_MONTHS:
        raise InvalidInput(name, "out_of_range", minimum=MIN_MONTHS, maximum=MAX_MONTHS)
    return value


def get_retention(actor: Actor, *, uow: UnitOfWork) -> Retention:
    """The durations in force (defaults until an administrator saves some). Administrators only."""
    if not rules.can_manage_settings(actor):
        raise Forbidden("get_retention")
    with uow:
        return _load(uow.session)


def set_retention(actor: Actor, values: Mapping[str, Any], expected_version: int, *, uow: UnitOfWork) -> Retention:
    """Change some durations (``{"audit_months": 6}``); the others keep their value.

    ``expected_version`` is the ``Retention.version`` the administrator saw (0 before the
    first save). Raises ``Forbidden``, ``InvalidInput`` (``unknown_setting``,
    ``required``, ``not_whole_number``, ``out_of_range`` with ``minimum``/``maximum``)
    and ``StaleWrite``. Audited (``settings.retention_changed``, the new values).
    """
    if not rules.can_manage_settings(actor):
        raise Forbidden("set_retention")
    unknown = sorted(set(values) - set(CATEGORIES))
    if unknown:
        raise InvalidInput(unknown[0], "unknown_setting")
    cleaned = {name: _months(name, value) for name, value in values.items()}
    with uow:
        row = uow.session.get(r.SettingRow, SETTING_KEY)
        current = _load(uow.session)
        merged = {**current.values(), **cleaned}
        if row is None:
            check_version("retention", DEFAULTS, expected_version)
            row = r.SettingRow(key=SETTING_KEY, value=merged)
            uow.add(row)
        else:
            check_version("retention", row, expected_version)
            row.value = merged  # a new dict: JSON columns only notice replaced values
        uow.flush()
        changed = sorted(k for k in merged if merged[k] != current.values()[k])
        uow.audit.record(actor, "settings.retention_changed", "setting", None, changed=changed, **merged)
        uow.commit()
        return replace(DEFAULTS, **merged, version=row.version)


# ------------------------------------------------------------------------------- plan

def _archive_candidates(session, retention: Retention, until: datetime) -> tuple[ArchiveCandidate, ...]:
    """Closed, not archived conferences whose archive date is on or before ``until``."""
    c = r.ConferenceRow
    months = retention.archive_closed_months
    # A few days of margin in SQL, the exact calendar rule in Python (month ends differ).
    rough = add_months(until, -months) + timedelta(days=4)
    rows = session.execute(
        select(c.id, c.title, c.closed_at, c.coordinator_id)
        .where(c.phase == Phase.CLOSED.value, c.archived_at.is_(None), c.closed_at.is_not(None), c.closed_at <= rough)
        .order_by(c.closed_at, c.id)
    ).all()
    found = [ArchiveCandidate(i, t, closed, add_months(closed, months), coordinator)
             for i, t, closed, coordinator in rows]
    return tuple(x for x in found if x.archive_on <= until)


def _stale(session, retention: Retention, now: datetime) -> tuple[StaleConference, ...]:
    c = r.ConferenceRow
    cutoff = add_months(now, -retention.flag_inactive_months)
    rows = session.execute(
        select(c.id, c.title, c.phase, c.updated_at, c.coordinator_id)
        .where(c.phase != Phase.CLOSED.value, c.archived_at.is_(None), c.updated_at <= cutoff).order_by(c.id)
    ).all()
    if not rows:
        return ()
    ids = [row.id for row in rows]
    audit = r.AuditRow
    # Activity on the conference itself, and on its records (participants, tasks…), whose
    # entries name the conference in their details.
    last_audit = dict(session.execute(
        select(audit.target_id, func.max(audit.at))
        .where(audit.target_type == "conference", audit.target_id.in_(ids)).group_by(audit.target_id)).all())
    about = audit.details["conference_id"].as_integer()
    for ident, at in session.execute(select(about, func.max(audit.at)).where(about.in_(ids)).group_by(about)).all():
        last_audit[ident] = max(at, last_audit.get(ident, at))
    last_draft = dict(session.execute(
        select(r.PlanDraftRow.conference_id, r.PlanDraftRow.updated_at).where(r.PlanDraftRow.conference_id.in_(ids)))
        .all())
    out = []
    for i, title, phase, updated, coordinator in rows:
        last = max(d for d in (updated, last_audit.get(i), last_draft.get(i)) if d is not None)
        if last <= cutoff:
            out.append(StaleConference(i, title, Phase(phase), last, coordinator))
    return tuple(out)


def _build_plan(session, now: datetime) -> PurgePlan:
    retention = _load(session)
    audit_cutoff = add_months(now, -retention.audit_months)
    audit_count, audit_last_id = session.execute(
        select(func.count(r.AuditRow.id), func.max(r.AuditRow.id)).where(r.AuditRow.at < audit_cutoff)).one()
    archive = _archive_candidates(session, retention, now)
    link_cutoff = add_months(now, -retention.family_link_months)
    link = r.FamilyLinkRow
    # Dead links, and every link of a conference being archived (archiving deletes them):
    # the plan counts every row the purge deletes.
    link_ids = tuple(session.scalars(select(link.id).where(or_(
        link.expires_at <= link_cutoff, link.revoked_at <= link_cutoff,
        link.conference_id.in_([c.id for c in archive]))).order_by(link.id)))
    return PurgePlan(now=now, retention=retention, archive=archive,
                     stale=_stale(session, retention, now), audit_cutoff=audit_cutoff, audit_count=audit_count or 0,
                     audit_last_id=audit_last_id, family_link_cutoff=link_cutoff, family_link_ids=link_ids)


def plan_purge(now: datetime | None = None, *, uow: UnitOfWork) -> PurgePlan:
    """What a purge at ``now`` (default: now, UTC) would do. Reads only, and checks no
    permission: it is for the command line and scheduled jobs. Screens call
    ``purge(actor, dry_run=True)``, which checks that the actor is an administrator."""
    with uow:
        return _build_plan(uow.session, now or utcnow())


def purge(actor: Actor, *, dry_run: bool, now: datetime | None = None, expected: PurgePlan | None = None,
          uow: UnitOfWork) -> PurgePlan:
    """Apply the retention settings at ``now``; returns the plan (what was, or would be, done).

    ``dry_run=True`` changes nothing and writes no audit entry. Otherwise, in ONE
    transaction: archive (anonymise) every conference of the plan, delete the audit
    entries older than the cut-off (up to the plan's newest id) and the family links of
    the plan, then audit ``retention.purged`` with the counts (and ``conference.archived``
    per conference). Pass the dry run's plan as ``expected`` to apply exactly what the
    administrator read: the purge runs at ``expected.now`` and raises ``PurgePlanChanged``
    (nothing written) if the data moved since. Raises ``Forbidden`` unless administrator.
    """
    if not rules.can_purge(actor):
        raise Forbidden("purge")
    if expected is not None:
        now = expected.now
    now = now or utcnow()
    with uow:
        plan = _build_plan(uow.session, now)
        if dry_run:
            return plan
        if expected is not None and not plan.same_work(expected):
            raise PurgePlanChanged(expected, plan)
        session = uow.session
        links_deleted = 0
        if plan.family_link_ids:
            links_deleted = session.execute(delete(r.FamilyLinkRow).where(
                r.FamilyLinkRow.id.in_(plan.family_link_ids))).rowcount or 0
        audit_deleted = 0
        if plan.audit_last_id is not None:
            audit_deleted = session.execute(delete(r.AuditRow).where(
                r.AuditRow.at < plan.audit_cutoff, r.AuditRow.id <= plan.audit_last_id)).rowcount or 0
        for candidate in plan.archive:
            result = anonymise_conference(session, candidate.id, now=now)
            uow.audit.record(actor, "conference.archived", "conference", candidate.id, rows=result.rows_emptied)
        uow.audit.record(actor, "retention.purged", "retention", None, archived=len(plan.archive),
                         conferences=list(plan.conference_ids), audit_deleted=audit_deleted,
                         family_links_deleted=links_deleted, flagged=len(plan.stale))
        uow.commit()
        return plan


def upcoming_archives(actor: Actor, days: int = UPCOMING_DAYS, now: datetime | None = None, *,
                      uow: UnitOfWork) -> tuple[ArchiveCandidate, ...]:
    """Conferences the purge will archive within ``days`` (default 30), soonest first —
    including those already due (``archive_on`` in the past): the warning before
    deletion. Administrators only; reads only."""
    if not rules.can_purge(actor):
        raise Forbidden("upcoming_archives")
    if not 0 <= int(days) <= 3660:
        raise InvalidInput("days", "out_of_range", minimum=0, maximum=3660)
    now = now or utcnow()
    with uow:
        retention = _load(uow.session)
        found = _archive_candidates(uow.session, retention, now + timedelta(days=int(days)))
        return tuple(sorted(found, key=lambda x: (x.archive_on, x.id)))
