"""Archiving: a conference keeps its statistics and loses everything that names someone.

    anonymise_conference(session, conference_id, now=now)   # in the caller's transaction

What is erased is read from the models, never from a list kept here: every column with
``info=ERASE`` (``models.ERASE``) of the conference row and of every row that belongs to
it is emptied, so a new ERASE column is covered the day it is added. Rows that belong
to a conference are found through the foreign keys of ``Base.metadata``:

* *children*: tables with a foreign key to ``conferences.id`` (questions, participants,
  plan drafts, consents, ties…);
* *grandchildren*: tables without one, but with a foreign key to a child table
  (``plan_actions`` through ``plan_drafts``).

Kept: every ``info=KEEP`` column, codes (phase, field, outcome, closure reason,
relation, ring, supports, invitation, attendance, statuses), numbers, booleans, dates,
and the rows themselves (so counts of participants by relation, actions, ties… remain).
Family links are deleted (a link is a way into the case; an archived case has none).
Audit entries about the conference keep their codes and ids; any other value in their
details is replaced (they should hold none: this is the safety net). The conference is
stamped ``archived_at``; a second archive raises ``AlreadyArchived``.

Writes only; the caller (``services.retention``) checks permissions, audits and commits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Integer, Numeric, String, Table, Text, delete, \
    or_, select, update
from sqlalchemy.orm import Session

from conference.domain.errors import DomainError, NotFound
from conference.i18n import N_, gettext

from . import models as r

#: The title an archived conference keeps, in French (the stored data's language).
ARCHIVED_TITLE = N_("Archived conference no. {number}")
#: What replaces a value of an audit entry's details that is not a code.
REDACTED = "redacted"
_CODE = re.compile(r"^[A-Za-z0-9_.:\-]{0,60}$")


class AlreadyArchived(DomainError):
    """The conference was already archived (anonymised); archiving twice is refused."""

    def __init__(self, conference_id: int, archived_at: datetime):
        super().__init__(f"conference {conference_id} was already archived on {archived_at:%Y-%m-%d}")
        self.conference_id, self.archived_at = conference_id, archived_at


class NoEmptyValue(TypeError):
    """A column marked ERASE has no neutral value (a programming error, caught by a test)."""


@dataclass(frozen=True)
class ArchiveResult:
    conference_id: int
    rows_emptied: int  # rows of the conference and its children whose ERASE columns were emptied
    family_links_deleted: int
    audit_entries_rewritten: int


# ---------------------------------------------------------------- what belongs to a conference

def is_erased(column: Column) -> bool:
    return column.info.get("anonymise") == "erase"


def erase_columns(table: Table) -> list[Column]:
    return [c for c in table.columns if is_erased(c)]


def child_tables() -> dict[Table, Column]:
    """{table: its column pointing to ``conferences.id``} (family links included)."""
    conferences = r.ConferenceRow.__table__
    found: dict[Table, Column] = {}
    for table in r.Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is conferences and table is not conferences:
                found[table] = fk.parent
    return found


def grandchild_tables() -> dict[Table, list[tuple[Column, Table]]]:
    """{table: [(its column, the child table it points to)]} for tables reached only
    through a child (``plan_actions.draft_id`` → ``plan_drafts``). A table with several
    such keys (``plan_actions.who_id`` → ``participants``) belongs to the conference
    through any of them."""
    children = child_tables()
    found: dict[Table, list[tuple[Column, Table]]] = {}
    for table in r.Base.metadata.sorted_tables:
        if table in children or table is r.ConferenceRow.__table__:
            continue
        links = [(fk.parent, fk.column.table) for fk in table.foreign_keys if fk.column.table in children]
        if links:
            found[table] = links
    return found


def covered_tables() -> list[Table]:
    """Every table whose rows archiving empties (the conference, children, grandchildren)."""
    return [r.ConferenceRow.__table__, *child_tables(), *grandchild_tables()]


# ------------------------------------------------------------------------- empty values

def empty_value(column: Column, *, conference_id: int | None = None) -> Any:
    """The neutral value an ERASE column takes: None when nullable, "" for text, {} or []
    for JSON (as the column's default builds it), 0 / False for numbers and flags.
    The conference's title gets a placeholder (« Conférence archivée n° 12 »): lists
    and exports still need something to show. Raises ``NoEmptyValue`` when there is
    none (a non-nullable date): make such a column nullable, or KEEP it."""
    if column.table is r.ConferenceRow.__table__ and column.name == "title":
        return gettext(ARCHIVED_TITLE, "fr").format(number=conference_id if conference_id is not None else "")
    if column.nullable:
        return None
    kind = column.type
    if isinstance(kind, JSON):
        default = column.default
        if default is not None and default.is_callable:
            # SQLAlchemy wraps a callable default (``list``) to take an execution context.
            return type(default.arg(None))()
        return {}
    if isinstance(kind, (String, Text)):
        return ""
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, (Integer, Float, Numeric)):
        return 0
    if isinstance(kind, (Date, DateTime)):
        raise NoEmptyValue(f"{column.table.name}.{column.name}: a non-nullable date cannot be emptied")
    raise NoEmptyValue(f"{column.table.name}.{column.name}: no empty value for type {kind!r}")


def _values(table: Table, conference_id: int) -> dict[str, Any]:
    values = {c.name: empty_value(c, conference_id=conference_id) for c in erase_columns(table)}
    if "version" in table.c:
        # Bump optimistic-concurrency counters: a screen still open on a row of this
        # conference gets "someone changed this" instead of writing names back.
        values["version"] = table.c.version + 1
    return values


# ---------------------------------------------------------------------------- archiving

def anonymise_conference(session: Session, conference_id: int, *, now: datetime | None = None) -> ArchiveResult:
    """Empty every personal column of conference ``conference_id`` and its rows, delete
    its family links, rewrite its audit details to codes only, stamp ``archived_at``.

    Runs in ``session``'s transaction (the caller commits). Raises ``NotFound`` and
    ``AlreadyArchived``. Objects already loaded in ``session`` are expired afterwards.
    """
    now = now or r.utcnow()
    conferences = r.ConferenceRow.__table__
    found = session.execute(select(conferences.c.archived_at).where(conferences.c.id == conference_id)
                            .with_for_update()).first()
    if found is None:
        raise NotFound("conference", conference_id)
    if found.archived_at is not None:
        raise AlreadyArchived(conference_id, found.archived_at)

    emptied = 0
    children = child_tables()
    grandchildren = grandchild_tables()
    # Grandchildren first: their rows are found through the children's ids.
    for table, links in grandchildren.items():
        if not erase_columns(table):
            continue
        values = _values(table, conference_id)
        belongs = or_(*(column.in_(select(child.c.id).where(children[child] == conference_id))
                        for column, child in links))
        emptied += session.execute(update(table).where(belongs).values(values)).rowcount or 0
    links_deleted = session.execute(
        delete(r.FamilyLinkRow.__table__).where(r.FamilyLinkRow.__table__.c.conference_id == conference_id)
    ).rowcount or 0
    for table, column in children.items():
        if table is r.FamilyLinkRow.__table__ or not erase_columns(table):
            continue
        values = _values(table, conference_id)
        emptied += session.execute(update(table).where(column == conference_id).values(values)).rowcount or 0
    values = _values(conferences, conference_id)
    values["archived_at"] = now
    emptied += session.execute(update(conferences).where(conferences.c.id == conference_id)
                               .values(values)).rowcount or 0
    rewritten = _rewrite_audit(session, conference_id)
    session.expire_all()
    return ArchiveResult(conference_id, emptied, links_deleted, rewritten)


# --------------------------------------------------------------------------- audit log

def _is_code(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, float)):
        return True
    if isinstance(value, str):
        return bool(_CODE.match(value))
    if isinstance(value, list):
        return all(_is_code(item) for item in value)
    return False


def codes_only(details: dict | None) -> dict:
    """``details`` with every value that is not a code (short identifier, number, flag,
    list of those) replaced by ``REDACTED``. Keys are kept (they are code names)."""
    return {str(k): (v if _is_code(v) else REDACTED) for k, v in (details or {}).items()}


def _rewrite_audit(session: Session, conference_id: int) -> int:
    audit = r.AuditRow.__table__
    about = or_(
        (audit.c.target_type == "conference") & (audit.c.target_id == conference_id),
        audit.c.details["conference_id"].as_integer() == conference_id,
    )
    changed = 0
    for ident, details in session.execute(select(audit.c.id, audit.c.details).where(about)).all():
        cleaned = codes_only(details)
        if cleaned != (details or {}):
            session.execute(update(audit).where(audit.c.id == ident).values(details=cleaned))
            changed += 1
    return changed


def personal_values(session: Session, conference_id: int) -> dict[str, list[Any]]:
    """{"table.column": [values]} of every ERASE column of the conference and its rows
    that is not empty — what an archive must leave empty (used by tests and checks)."""
    children = child_tables()
    out: dict[str, list[Any]] = {}

    def collect(table: Table, where) -> None:
        for column in erase_columns(table):
            empty = empty_value(column, conference_id=conference_id)
            values = [v for v in session.scalars(select(column).where(where)) if v != empty]
            if values:
                out[f"{table.name}.{column.name}"] = values

    collect(r.ConferenceRow.__table__, r.ConferenceRow.__table__.c.id == conference_id)
    for table, column in children.items():
        collect(table, column == conference_id)
    for table, links in grandchild_tables().items():
        collect(table, or_(*(column.in_(select(child.c.id).where(children[child] == conference_id))
                             for column, child in links)))
    return out


__all__ = ["AlreadyArchived", "ArchiveResult", "ARCHIVED_TITLE", "NoEmptyValue", "anonymise_conference",
           "child_tables", "codes_only", "covered_tables", "empty_value", "erase_columns", "grandchild_tables",
           "personal_values", "REDACTED"]
