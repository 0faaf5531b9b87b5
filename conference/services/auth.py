"""Accounts: argon2 password hashes, login with lock-out, password change, account admin.

The command line acts as ``SYSTEM`` (an administrator without an account): whoever runs
``cercle`` on the server already holds the database.
"""
from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from conference.domain.enums import Role
from conference.domain.errors import Forbidden, InvalidInput, LoginRefused, NotFound, WeakPassword
from conference.security import rules
from conference.security.passwords import MIN_LENGTH, check_password
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.models import utcnow
from conference.store.uow import UnitOfWork

from . import hashing
from .accounts import actor_for
from .base import MAX_SHORT, clean, enum_value

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = MIN_LENGTH
SYSTEM = Actor(id=None, role=Role.ADMIN, name="cercle (ligne de commande)")
# Verifying against this when the login is unknown costs the same time as a real check.
_DUMMY_HASH = hashing.hasher().hash("cercle-dummy-password")  # made with the real parameters


def hash_password(password: str, *, personal: tuple[str, ...] = ()) -> str:
    """The argon2 hash of a password the rule accepts (security/passwords.py: CNIL/ANSSI
    length and entropy, no common password, not built on ``personal``: login and name)."""
    check_password(password, personal=personal)
    return hashing.hasher().hash(password)


# Unknown logins fail like real ones, lock-out included, so that "locked" never tells
# that an account exists. Counted in this process only, under a keyed hash (no login kept).
_UNKNOWN_KEY = secrets.token_bytes(16)
_unknown_failures: dict[bytes, tuple[int, datetime | None]] = {}


def _unknown_login_failed(login: str, now: datetime) -> datetime | None:
    """Count a failure for a login that has no account; when it is locked, until when."""
    key = hmac.digest(_UNKNOWN_KEY, (login or "").strip().casefold().encode(), "sha256")
    count, until = _unknown_failures.get(key, (0, None))
    if until is not None and until > now:
        return until
    count, until = count + 1, None
    if count >= MAX_FAILURES:
        count, until = 0, now + timedelta(minutes=LOCK_MINUTES)
    if len(_unknown_failures) > 10_000:
        _unknown_failures.clear()
    _unknown_failures[key] = (count, until)
    return None


def _verify(stored: str | None, password: str) -> bool:
    try:
        return hashing.hasher().verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def authenticate(login: str, password: str, *, uow: UnitOfWork, now: datetime | None = None) -> Actor:
    """The actor for ``login`` if ``password`` matches. Five failures lock the account for
    fifteen minutes. Unknown login and wrong password give the same refusal. Audited."""
    now = now or utcnow()
    with uow:
        user = uow.session.scalar(select(r.User).where(r.User.login == (login or "").strip().casefold()))
        if user is not None and user.locked_until and user.locked_until > now:
            uow.audit.record(actor_for(user), "auth.login_refused", "user", user.id, reason="locked")
            uow.commit()
            raise LoginRefused("locked", user.locked_until)
        if user is None or not _verify(user.password_hash, password or ""):
            if user is not None:
                user.failed_logins += 1
                if user.failed_logins >= MAX_FAILURES:
                    user.locked_until, user.failed_logins = now + timedelta(minutes=LOCK_MINUTES), 0
                uow.audit.record(actor_for(user), "auth.login_refused", "user", user.id, reason="credentials")
                uow.commit()
            else:
                _verify(None, password or "")
                locked_until = _unknown_login_failed(login, now)
                if locked_until is not None:
                    raise LoginRefused("locked", locked_until)
            raise LoginRefused("credentials")
        if not user.active:
            raise LoginRefused("disabled")
        user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
        if hashing.hasher().check_needs_rehash(user.password_hash):
            user.password_hash = hashing.hasher().hash(password)
        actor = actor_for(user)
        uow.audit.record(actor, "auth.login", "user", user.id)
        uow.commit()
        return actor


def change_password(actor: Actor, old: str, new: str, *, uow: UnitOfWork) -> None:
    if not rules.can_change_own_password(actor):
        raise Forbidden("change_password")
    new_hash = hash_password(new)
    with uow:
        user = uow.session.get(r.User, actor.id)
        if user is None or not _verify(user.password_hash, old or ""):
            raise LoginRefused("credentials")
        user.password_hash, user.password_changed_at = new_hash, utcnow()
        uow.audit.record(actor, "auth.password_changed", "user", user.id)
        uow.commit()


def needs_first_admin(*, uow: UnitOfWork) -> bool:
    """True until an administrator account exists (the first-run step creates it)."""
    with uow:
        return not uow.session.scalar(select(func.count()).select_from(r.User).where(r.User.role == Role.ADMIN.value))


def create_account(actor: Actor, login: str, display_name: str, role: Role | str, password: str, *,
                   institution: str = "", uow: UnitOfWork) -> int:
    """An administrator (or SYSTEM: the command line, or services/first_run.py once the
    one-time code printed in the terminal is given) creates an account. Audited."""
    role = enum_value(Role, role, "role")
    if role is Role.FAMILY:
        raise InvalidInput("role", "unknown_value", value=role.value)
    login = clean(login, "login", required=True, limit=120).casefold()
    name = clean(display_name, "display_name", required=True, limit=MAX_SHORT)
    password_hash = hash_password(password, personal=(login, name))
    with uow:
        if not rules.can_manage_accounts(actor):
            raise Forbidden("create_account")
        if uow.session.scalar(select(func.count()).select_from(r.User).where(r.User.login == login)):
            raise InvalidInput("login", "taken")
        user = r.User(login=login, display_name=name, role=role.value, password_hash=password_hash,
                      institution=clean(institution, "institution", limit=MAX_SHORT), password_changed_at=utcnow())
        uow.add(user)
        uow.flush()
        uow.audit.record(actor, "user.created", "user", user.id,
                         role=role.value)
        uow.commit()
        return user.id


def list_accounts(actor: Actor, *, uow: UnitOfWork) -> list[dict]:
    if not rules.can_manage_accounts(actor):
        raise Forbidden("list_accounts")
    with uow:
        users = uow.session.scalars(select(r.User).order_by(r.User.login))
        return [{"id": u.id, "login": u.login, "name": u.display_name, "role": Role(u.role), "active": u.active,
                 "institution": u.institution, "locked_until": u.locked_until, "last_login_at": u.last_login_at}
                for u in users]


def set_account_active(actor: Actor, login: str, active: bool, *, uow: UnitOfWork) -> None:
    if not rules.can_manage_accounts(actor):
        raise Forbidden("set_account_active")
    with uow:
        user = uow.session.scalar(select(r.User).where(r.User.login == (login or "").strip().casefold()))
        if user is None:
            raise NotFound("user", login)
        user.active = bool(active)
        uow.audit.record(actor, "user.enabled" if active else "user.disabled", "user", user.id)
        uow.commit()


def end_family_mode(coordinator_id: int, secret: str, handover_id: int, *, uow: UnitOfWork) -> Actor:
    """Give the screen back: the coordinator who handed it over proves it is them with their
    hand-back PIN (or, without one, their password); the hand-over is closed and the
    family's draft view with it. Failures count towards the lock-out. Audited.
    (services/handover_screen.py holds the hand-over's rules.)"""
    from .handover_screen import take_back

    return take_back(coordinator_id, secret, handover_id, uow=uow)


def has_password(user_id: int, *, uow: UnitOfWork) -> bool:
    with uow:
        user = uow.session.get(r.User, user_id)
        return bool(user and user.password_hash)
