"""Territories, the administrator's side (issue 9): create and rename them, give them to
accounts (pilots read the figures of theirs; a coordinator's new conferences land in
their first one), move a conference to another territory. Every change audited.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from conference.domain.enums import Role
from conference.domain.errors import Forbidden, InvalidInput, NotFound
from conference.security import evaluation_rules
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.uow import UnitOfWork

from .base import MAX_SHORT, clean, guard

#: Accounts a territory may be given to.
TERRITORY_ROLES = frozenset({Role.PILOT, Role.COORDINATOR})
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,19}$")


@dataclass(frozen=True)
class AccountRef:
    id: int
    login: str
    name: str
    role: Role
    active: bool


@dataclass(frozen=True)
class Territory:
    id: int
    code: str
    name: str
    conferences: int
    accounts: tuple[AccountRef, ...]


def _require_admin(actor: Actor, action: str) -> None:
    if not evaluation_rules.can_manage_territories(actor):
        raise Forbidden(action)


def _code(code: str) -> str:
    code = clean(code, "territory_code", required=True, limit=20).lower()
    if not _CODE.match(code):
        raise InvalidInput("territory_code", "code_format")
    return code


def list_territories(actor: Actor, *, uow: UnitOfWork) -> list[Territory]:
    """Every territory with its number of conferences and the accounts given it, by name."""
    _require_admin(actor, "list_territories")
    with uow:
        counts = dict(uow.session.execute(select(r.ConferenceRow.territory_id, func.count())
                                          .group_by(r.ConferenceRow.territory_id)).all())
        given: dict[int, list[AccountRef]] = {}
        for territory_id, u in uow.session.execute(
                select(r.UserTerritoryRow.territory_id, r.User)
                .join(r.User, r.User.id == r.UserTerritoryRow.user_id).order_by(r.User.display_name, r.User.id)):
            given.setdefault(territory_id, []).append(AccountRef(u.id, u.login, u.display_name, Role(u.role), u.active))
        rows = uow.session.scalars(select(r.TerritoryRow).order_by(r.TerritoryRow.name, r.TerritoryRow.id))
        return [Territory(t.id, t.code, t.name, counts.get(t.id, 0), tuple(given.get(t.id, ()))) for t in rows]


def create_territory(actor: Actor, code: str, name: str, *, uow: UnitOfWork) -> int:
    """A new territory: a short code (lower-case letters, digits, dashes) and a name."""
    _require_admin(actor, "create_territory")
    code = _code(code)
    name = clean(name, "territory_name", required=True, limit=MAX_SHORT)
    with uow:
        if uow.session.scalar(select(func.count()).select_from(r.TerritoryRow).where(r.TerritoryRow.code == code)):
            raise InvalidInput("territory_code", "taken")
        row = r.TerritoryRow(code=code, name=name)
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "territory.created", "territory", row.id, code=code)
        uow.commit()
        return row.id


def rename_territory(actor: Actor, territory_id: int, name: str, *, uow: UnitOfWork) -> None:
    _require_admin(actor, "rename_territory")
    name = clean(name, "territory_name", required=True, limit=MAX_SHORT)
    with uow:
        row = uow.session.get(r.TerritoryRow, territory_id)
        if row is None:
            raise NotFound("territory", territory_id)
        row.name = name
        uow.audit.record(actor, "territory.renamed", "territory", territory_id)
        uow.commit()


def _known_territories(uow: UnitOfWork, territory_ids) -> set[int]:
    wanted = {int(t) for t in territory_ids}
    found = set(uow.session.scalars(select(r.TerritoryRow.id).where(r.TerritoryRow.id.in_(wanted)))) if wanted else set()
    missing = wanted - found
    if missing:
        raise NotFound("territory", min(missing))
    return wanted


def set_account_territories(actor: Actor, user_id: int, territory_ids, *, uow: UnitOfWork) -> None:
    """The territories given to a pilot or coordinator account, replacing the previous ones."""
    _require_admin(actor, "set_account_territories")
    with uow:
        user = uow.session.get(r.User, user_id)
        if user is None:
            raise NotFound("user", user_id)
        if Role(user.role) not in TERRITORY_ROLES:
            raise InvalidInput("role", "no_territory", role=user.role)
        wanted = _known_territories(uow, territory_ids)
        uow.session.execute(delete(r.UserTerritoryRow).where(r.UserTerritoryRow.user_id == user_id))
        for territory_id in sorted(wanted):
            uow.add(r.UserTerritoryRow(user_id=user_id, territory_id=territory_id))
        uow.audit.record(actor, "territory.accounts_set", "user", user_id, territories=sorted(wanted))
        uow.commit()


def territory_accounts(actor: Actor, *, uow: UnitOfWork) -> list[tuple[AccountRef, frozenset[int]]]:
    """Pilot and coordinator accounts with the territories given to each, by name."""
    _require_admin(actor, "list_territory_accounts")
    with uow:
        given: dict[int, set[int]] = {}
        for user_id, territory_id in uow.session.execute(select(r.UserTerritoryRow.user_id,
                                                                r.UserTerritoryRow.territory_id)):
            given.setdefault(user_id, set()).add(territory_id)
        users = uow.session.scalars(select(r.User).where(r.User.role.in_([role.value for role in TERRITORY_ROLES]))
                                    .order_by(r.User.display_name, r.User.id))
        return [(AccountRef(u.id, u.login, u.display_name, Role(u.role), u.active), frozenset(given.get(u.id, ())))
                for u in users]


def create_pilot(actor: Actor, login: str, display_name: str, password: str, territory_ids, *,
                 institution: str = "", uow: UnitOfWork) -> int:
    """A pilot account (``auth.create_account``) given its territories. The territories are
    checked first, so an unknown one creates no account."""
    from .auth import create_account

    _require_admin(actor, "create_pilot")
    with uow:
        _known_territories(uow, territory_ids)
    user_id = create_account(actor, login, display_name, Role.PILOT, password, institution=institution, uow=uow)
    set_account_territories(actor, user_id, territory_ids, uow=uow)
    return user_id


def move_conference(actor: Actor, conference_id: int, territory_id: int, *, uow: UnitOfWork) -> None:
    """Move a conference to another territory: its coordinator, or the administrator."""
    with uow:
        guard(uow, actor, conference_id, evaluation_rules.can_move_conference_territory, "move_conference_territory")
        if uow.session.get(r.TerritoryRow, territory_id) is None:
            raise NotFound("territory", territory_id)
        previous = uow.conferences.get(conference_id).territory_id
        if previous != territory_id:
            # A plain UPDATE: the conference's version stays, so a screen open on it is not
            # made stale by a change it does not show.
            uow.session.execute(update(r.ConferenceRow).where(r.ConferenceRow.id == conference_id)
                                .values(territory_id=territory_id).execution_options(synchronize_session=False))
            uow.audit.record(actor, "conference.territory_moved", "conference", conference_id,
                             territory_from=previous, territory_to=territory_id)
        uow.commit()


def territory_choices(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> tuple[int | None, list[tuple[int, str]]]:
    """(the conference's territory, every territory as (id, name) by name): what its
    coordinator (or the administrator) may move it to."""
    with uow:
        guard(uow, actor, conference_id, evaluation_rules.can_move_conference_territory, "move_conference_territory")
        current = uow.conferences.get(conference_id).territory_id
        rows = uow.session.execute(select(r.TerritoryRow.id, r.TerritoryRow.name)
                                   .order_by(r.TerritoryRow.name, r.TerritoryRow.id)).all()
        return current, [(ident, name) for ident, name in rows]
