"""The audit log, read by the administrator: who did what to which record, and when.

Entries hold codes and ids, never content (see ``store.uow.AuditLog.record``), so the
administrator reads the trail without reading the cases. Reading is not itself audited:
the screen reruns on every click, and the log is the administrator's own tool; changes
to the log (the retention purge) are audited.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from conference.domain.enums import Role
from conference.domain.errors import Forbidden, InvalidInput
from conference.security import rules
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.uow import UnitOfWork

MAX_LIMIT = 1000


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor_id: int | None
    actor_role: Role | str  # a Role; a code this version does not know stays a string
    actor_name: str  # the account's display name now; "" for the command line or the family
    action: str
    target_type: str
    target_id: int | None
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class AuditPage:
    entries: tuple[AuditEntry, ...]
    total: int  # entries matching the filters, over every page
    limit: int
    offset: int


def _role(code: str) -> Role | str:
    try:
        return Role(code)
    except ValueError:
        return code


def list_audit(actor: Actor, *, action_prefix: str | None = None, actor_id: int | None = None,
               target_type: str | None = None, since: datetime | None = None, until: datetime | None = None,
               limit: int = 200, offset: int = 0, uow: UnitOfWork) -> AuditPage:
    """Audit entries, newest first, with the total count for paging.

    Filters combine: ``action_prefix`` (``"plan."`` → every plan action; an exact name
    works too), ``actor_id``, ``target_type``, ``since`` (inclusive) and ``until``
    (exclusive), naive UTC like every stored time. ``limit`` 1–1000. Reads only.
    Raises ``Forbidden`` for every role but the administrator, ``InvalidInput`` for a
    bad limit, offset or period.
    """
    if not rules.can_read_audit_log(actor):
        raise Forbidden("list_audit")
    if not 1 <= int(limit) <= MAX_LIMIT:
        raise InvalidInput("limit", "out_of_range", minimum=1, maximum=MAX_LIMIT)
    if int(offset) < 0:
        raise InvalidInput("offset", "out_of_range", minimum=0)
    if since is not None and until is not None and until < since:
        raise InvalidInput("until", "before_since")
    a = r.AuditRow
    where = []
    if action_prefix:
        # Not LIKE: "_" is a wildcard there, and SQLite's LIKE ignores case where
        # PostgreSQL's does not. A plain prefix comparison means the same on both.
        prefix = action_prefix.strip()
        where.append(func.substr(a.action, 1, len(prefix)) == prefix)
    if actor_id is not None:
        where.append(a.actor_id == actor_id)
    if target_type:
        where.append(a.target_type == target_type)
    if since is not None:
        where.append(a.at >= since)
    if until is not None:
        where.append(a.at < until)
    with uow:
        total = uow.session.scalar(select(func.count(a.id)).where(*where)) or 0
        rows = uow.session.execute(
            select(a, r.User.display_name).outerjoin(r.User, r.User.id == a.actor_id)
            .where(*where).order_by(a.at.desc(), a.id.desc()).limit(int(limit)).offset(int(offset))
        ).all()
        entries = tuple(
            AuditEntry(row.id, row.at, row.actor_id, _role(row.actor_role), name or "", row.action, row.target_type,
                       row.target_id, dict(row.details or {}))
            for row, name in rows)
        return AuditPage(entries, total, int(limit), int(offset))


def audit_actions(actor: Actor | None = None, *, uow: UnitOfWork) -> list[str]:
    """Every action name present in the log, sorted (the screen's filter choices).

    Action names are codes, not content; pass ``actor`` to have the permission checked
    (``Forbidden`` unless administrator), as the administrator's screen does.
    """
    if actor is not None and not rules.can_read_audit_log(actor):
        raise Forbidden("audit_actions")
    with uow:
        return list(uow.session.scalars(select(r.AuditRow.action).distinct().order_by(r.AuditRow.action)))


def audit_target_types(actor: Actor | None = None, *, uow: UnitOfWork) -> list[str]:
    """Every target type present in the log, sorted (the screen's second filter)."""
    if actor is not None and not rules.can_read_audit_log(actor):
        raise Forbidden("audit_target_types")
    with uow:
        return list(uow.session.scalars(select(r.AuditRow.target_type).distinct().order_by(r.AuditRow.target_type)))
