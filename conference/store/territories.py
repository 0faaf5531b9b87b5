"""Territories: every conference belongs to one; pilot accounts are given some.

Lookups in the caller's transaction (store level: bulk inserts use them too). A fresh
install has no territory until its first conference: that one creates the
default territory (the same code the migration gives existing conferences).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import models as r

DEFAULT_CODE = "principal"
DEFAULT_NAME = "Territoire principal"


def default_territory_id(session: Session) -> int:
    """The default territory (created on first need), in the caller's transaction."""
    found = session.scalar(select(r.TerritoryRow.id).where(r.TerritoryRow.code == DEFAULT_CODE))
    if found is not None:
        return found
    first = session.scalar(select(r.TerritoryRow.id).order_by(r.TerritoryRow.id).limit(1))
    if first is not None:
        return first
    row = r.TerritoryRow(code=DEFAULT_CODE, name=DEFAULT_NAME)
    session.add(row)
    session.flush()
    return row.id


def territory_for_new_conference(session: Session, user_id: int | None) -> int:
    """A new conference goes to its coordinator's first territory, else the default one."""
    if user_id is not None:
        given = session.scalar(select(r.UserTerritoryRow.territory_id).where(r.UserTerritoryRow.user_id == user_id)
                               .order_by(r.UserTerritoryRow.territory_id).limit(1))
        if given is not None:
            return given
    return default_territory_id(session)


def territory_ids_of(session: Session, user_id: int) -> frozenset[int]:
    """The territories given to an account."""
    return frozenset(session.scalars(select(r.UserTerritoryRow.territory_id)
                                     .where(r.UserTerritoryRow.user_id == user_id)))


def all_territory_ids(session: Session) -> frozenset[int]:
    return frozenset(session.scalars(select(r.TerritoryRow.id)))
