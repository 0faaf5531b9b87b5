"""Users, as far as the journey needs them: the local coordinator of a single-user
install. (Login, roles and passwords come with the accounts issue.)"""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from conference.domain.enums import Role
from conference.domain.errors import Forbidden
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.uow import UnitOfWork

from .base import MAX_SHORT, clean


def actor_for(user: r.User) -> Actor:
    return Actor(id=user.id, role=Role(user.role), name=user.display_name, active=user.active)


def local_coordinator(*, uow: UnitOfWork) -> Actor | None:
    """The first active coordinator: who a single-user local install acts as."""
    with uow:
        user = uow.session.scalar(select(r.User).where(r.User.role == Role.COORDINATOR.value, r.User.active)
                                  .order_by(r.User.id).limit(1))
        return replace(actor_for(user), local=True) if user else None


def create_first_coordinator(display_name: str, institution: str, pin: str, *, uow: UnitOfWork) -> Actor:
    """First run only: create the coordinator profile with its hand-back PIN (the secret
    that takes a screen handed to the family back). Refused once any account exists."""
    from .handover_screen import hash_pin

    name = clean(display_name, "display_name", required=True, limit=MAX_SHORT)
    institution = clean(institution, "institution", required=True, limit=MAX_SHORT)
    pin_hash = hash_pin(pin)
    with uow:
        if uow.session.scalar(select(func.count()).select_from(r.User)):
            raise Forbidden("create_first_coordinator")
        user = r.User(login=name.casefold().replace(" ", "."), display_name=name, role=Role.COORDINATOR.value,
                      institution=institution, screen_pin_hash=pin_hash)
        uow.add(user)
        uow.flush()
        actor = actor_for(user)
        uow.audit.record(actor, "user.created", "user", user.id)
        uow.commit()
        return actor


def create_user(display_name: str, role: Role, institution: str = "", *, login: str | None = None,
                screen_pin_hash: str | None = None, uow: UnitOfWork) -> Actor:
    """Create an account (demo data and tests; the accounts issue adds the admin screens).
    ``screen_pin_hash``: a hand-back PIN already hashed (``handover_screen.hash_pin``)."""
    name = clean(display_name, "display_name", required=True, limit=MAX_SHORT)
    with uow:
        user = r.User(login=login or name.casefold().replace(" ", "."), display_name=name, role=Role(role).value,
                      institution=clean(institution, "institution", limit=MAX_SHORT), screen_pin_hash=screen_pin_hash)
        uow.add(user)
        uow.flush()
        actor = actor_for(user)
        uow.commit()
        return actor


def current_actor(user_id: int, *, uow: UnitOfWork) -> Actor | None:
    """The signed-in account as it is now (None once disabled): checked on every rerun."""
    with uow:
        user = uow.session.get(r.User, user_id)
        return actor_for(user) if user is not None and user.active else None


def is_blank(*, uow: UnitOfWork) -> bool:
    """No account and no conference: a fresh install (the demo may be loaded)."""
    with uow:
        return not (uow.session.scalar(select(func.count()).select_from(r.User))
                    or uow.session.scalar(select(func.count()).select_from(r.ConferenceRow)))


def actor_for_identity(email: str | None, *, uow: UnitOfWork) -> Actor | None:
    """The active account whose login is the e-mail an identity provider vouched for
    (OIDC through ``st.login``). No account, or a disabled one: None — an identity
    provider proves who someone is, an administrator still decides what they may do."""
    login = (email or "").strip().casefold()
    if not login:
        return None
    with uow:
        user = uow.session.scalar(select(r.User).where(r.User.login == login))
        return actor_for(user) if user is not None and user.active else None
