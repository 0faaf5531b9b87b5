"""Archiving a household (issue 10): like ``anonymise.anonymise_conference``, read from the
models' own rules, never from a list kept here. Every ``info=ERASE`` column of the
household and of every row that belongs to it is emptied; rows, codes, dates and counts stay.

Rows that belong to a household are found through ``Base.metadata``'s foreign keys: tables
pointing at ``households.id`` (partners, path referents, meetings, decisions, shared items,
handover notes) and, recursively, tables pointing at those (agenda, round, participants).
Conferences are left out: a conference has its own retention (``anonymise_conference``);
archiving a household does not archive its conferences.

Outside any household, on purpose: the directory's contacts (professionals, managed by the
directory like accounts) and the partners' reflection cycle (about their cooperation, not
a household; anonymous quotes).

Writes only; the caller checks permissions, audits and commits.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Table, select, update
from sqlalchemy.orm import Session

from conference.domain.errors import NotFound
from conference.i18n import N_, gettext

from . import models as r
from .anonymise import empty_value, erase_columns

#: The label an archived household keeps, in French (the stored data's language).
ARCHIVED_LABEL = N_("Archived household no. {number}")


@dataclass(frozen=True)
class HouseholdArchiveResult:
    household_id: int
    rows_emptied: int


def household_tables() -> dict[Table, tuple[Column, Table] | None]:
    """{table: (its column, the table it points to)} for every table whose rows belong
    to a household, parents before children; ``households`` itself maps to None."""
    households = r.HouseholdRow.__table__
    excluded = {r.ConferenceRow.__table__}
    found: dict[Table, tuple[Column, Table] | None] = {households: None}
    changed = True
    while changed:
        changed = False
        for table in r.Base.metadata.sorted_tables:
            if table in found or table in excluded:
                continue
            for fk in sorted(table.foreign_keys, key=lambda k: k.parent.name):
                if fk.column.table in found and fk.column.table is not table:
                    found[table] = (fk.parent, fk.column.table)
                    changed = True
                    break
    return found


def _belongs(table: Table, household_id: int, tables: dict):
    """The WHERE clause of ``table``'s rows belonging to the household."""
    link = tables[table]
    if link is None:
        return table.c.id == household_id
    column, parent = link
    if tables[parent] is None:
        return column == household_id
    return column.in_(select(parent.c.id).where(_belongs(parent, household_id, tables)))


def anonymise_household(session: Session, household_id: int) -> HouseholdArchiveResult:
    """Empty every personal column of the household and of its rows (its label becomes
    « Foyer archivé n° N »). In ``session``'s transaction; raises ``NotFound``."""
    households = r.HouseholdRow.__table__
    if session.scalar(select(households.c.id).where(households.c.id == household_id).with_for_update()) is None:
        raise NotFound("household", household_id)
    tables = household_tables()
    emptied = 0
    for table in reversed(list(tables)):  # children first: their rows are found through their parents
        columns = erase_columns(table)
        if not columns:
            continue
        values = {c.name: empty_value(c) for c in columns}
        if table is households:
            values["label"] = gettext(ARCHIVED_LABEL, "fr").format(number=household_id)
        if "version" in table.c:
            values["version"] = table.c.version + 1  # an open screen gets "someone changed this"
        emptied += session.execute(update(table).where(_belongs(table, household_id, tables))
                                   .values(values)).rowcount or 0
    session.expire_all()
    return HouseholdArchiveResult(household_id, emptied)


def personal_values(session: Session, household_id: int) -> dict[str, list]:
    """{"table.column": [values]} of every ERASE column of the household's rows that is
    not empty — what an archive must leave empty (tests and checks)."""
    tables = household_tables()
    out: dict[str, list] = {}
    for table in tables:
        for column in erase_columns(table):
            if table is r.HouseholdRow.__table__ and column.name == "label":
                continue
            empty = empty_value(column)
            values = [v for v in session.scalars(select(column).where(_belongs(table, household_id, tables)))
                      if v != empty]
            if values:
                out[f"{table.name}.{column.name}"] = values
    return out
