"""The coordinator's screen handed to the family during private time ("family mode").

A hand-over is a row of ``screen_handovers``: opened when the coordinator hands the
screen over, closed only with the coordinator's hand-back secret (the PIN set at first
run, or the account's password on a server). While it is open, every session acting as
that coordinator — a reload, a new tab, a typed address — shows the family's screens
only (streamlit_app.py asks ``family_actor_of`` first).

The FAMILY actor of a hand-over carries its id; ``require_standing`` re-checks, on every
service call, that the hand-over is still open (or the family link still works), so an
actor kept after the screen was taken back reads nothing. The rules are the pure
predicates of ``conference.security.rules``.
"""
from __future__ import annotations

from datetime import timedelta

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from conference.domain.enums import Role
from conference.domain.errors import FamilyLinkInvalid, Forbidden, InvalidInput, LoginRefused
from conference.security import rules
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.models import utcnow
from conference.store.uow import UnitOfWork

from . import hashing
from .accounts import actor_for
from .base import guard

PIN_MIN, PIN_MAX = 6, 12
MAX_FAILURES = 5
LOCK_MINUTES = 15


# --- the hand-back PIN ---------------------------------------------------------------

def check_pin(pin: str | None) -> str:
    """A PIN of 6 to 12 digits, not one digit repeated; ``InvalidInput("pin", …)`` otherwise."""
    text = (pin or "").strip()
    if not text:
        raise InvalidInput("pin", "required")
    if not (text.isascii() and text.isdigit() and PIN_MIN <= len(text) <= PIN_MAX) or len(set(text)) == 1:
        raise InvalidInput("pin", "pin_format", minimum=PIN_MIN, maximum=PIN_MAX)
    return text


def hash_pin(pin: str) -> str:
    return hashing.hasher().hash(check_pin(pin))


def _matches(stored: str | None, secret: str) -> bool:
    if not stored:
        return False
    try:
        return hashing.hasher().verify(stored, secret or "")
    except (VerificationError, InvalidHashError):
        return False


def set_pin(actor: Actor, pin: str, *, uow: UnitOfWork) -> None:
    """The coordinator chooses (or changes) their hand-back PIN. Refused while one of their
    screens is handed over: the family holds it. Audited (never the PIN)."""
    if not (rules.is_coordinator(actor) and actor.id is not None):
        raise Forbidden("set_screen_pin")
    pin_hash = hash_pin(pin)
    with uow:
        if _open_of(uow, actor.id) is not None:
            raise Forbidden("set_screen_pin")
        user = uow.session.get(r.User, actor.id)
        user.screen_pin_hash = pin_hash
        uow.audit.record(actor, "screen_pin.set", "user", user.id)
        uow.commit()


def has_secret(user_id: int | None, *, uow: UnitOfWork) -> bool:
    """Can this coordinator take a handed screen back (a PIN, or a password)?"""
    if user_id is None:
        return False
    with uow:
        user = uow.session.get(r.User, user_id)
        return bool(user and (user.screen_pin_hash or user.password_hash))


def has_pin(user_id: int | None, *, uow: UnitOfWork) -> bool:
    if user_id is None:
        return False
    with uow:
        user = uow.session.get(r.User, user_id)
        return bool(user and user.screen_pin_hash)


# --- opening, finding, closing a hand-over ----------------------------------------------

def _facts(row: r.ScreenHandoverRow | None) -> rules.Handover | None:
    if row is None:
        return None
    return rules.Handover(row.id, row.conference_id, row.coordinator_id, row.closed_at is not None)


def _open_of(uow: UnitOfWork, coordinator_id: int) -> r.ScreenHandoverRow | None:
    return uow.session.scalar(select(r.ScreenHandoverRow).where(
        r.ScreenHandoverRow.coordinator_id == coordinator_id, r.ScreenHandoverRow.closed_at.is_(None))
        .order_by(r.ScreenHandoverRow.id).limit(1))


def _family(row: r.ScreenHandoverRow) -> Actor:
    return Actor(id=None, role=Role.FAMILY, conference_id=row.conference_id, handover_id=row.id)


def hand_over(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> Actor:
    """Open a hand-over of ``actor``'s screen to the family of ``conference_id``: the FAMILY
    actor it returns works only while the hand-over is open. Refused without a hand-back
    secret (``InvalidInput("pin", "required")``). Handing over a screen already handed
    over for this conference gives the same hand-over. Audited."""
    with uow:
        access = guard(uow, actor, conference_id, rules.can_hand_screen_to_family, "hand_screen_to_family")
        user = uow.session.get(r.User, actor.id)
        secret = bool(user and (user.screen_pin_hash or user.password_hash))
        if not secret:
            raise InvalidInput("pin", "required")
        if not rules.may_hand_over(actor, access, has_secret=secret):
            raise Forbidden("hand_screen_to_family", conference_id)
        row = uow.session.scalar(select(r.ScreenHandoverRow).where(
            r.ScreenHandoverRow.coordinator_id == actor.id, r.ScreenHandoverRow.conference_id == conference_id,
            r.ScreenHandoverRow.closed_at.is_(None)).limit(1))
        if row is not None:
            return _family(row)
        row = r.ScreenHandoverRow(conference_id=conference_id, coordinator_id=actor.id)
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "family_mode.started", "conference", conference_id, handover=row.id)
        uow.commit()
        return _family(row)


def family_actor_of(coordinator_id: int | None, *, uow: UnitOfWork) -> Actor | None:
    """The FAMILY actor of this coordinator's open hand-over, or None: the frame asks it on
    every run, before showing any coordinator page."""
    if coordinator_id is None:
        return None
    with uow:
        row = _open_of(uow, coordinator_id)
        return _family(row) if rules.family_mode_opens(_facts(row)) else None


def take_back(coordinator_id: int | None, secret: str, handover_id: int | None, *, uow: UnitOfWork) -> Actor:
    """Close the hand-over with the coordinator's secret (their PIN, or without a PIN their
    password). Failures count towards the account's lock-out like a login. Returns the
    coordinator. Audited, with the hand-over."""
    now = utcnow()
    with uow:
        user = uow.session.get(r.User, coordinator_id) if coordinator_id is not None else None
        row = uow.session.get(r.ScreenHandoverRow, handover_id) if handover_id is not None else None
        if user is None or not user.active:
            raise LoginRefused("disabled")
        if user.locked_until and user.locked_until > now:
            raise LoginRefused("locked", user.locked_until)
        matches = _matches(user.screen_pin_hash or user.password_hash, secret)
        if not rules.may_take_screen_back(_facts(row), user.id, secret_matches=matches):
            conference_id = row.conference_id if row is not None else None
            if matches:  # the right secret for a hand-over that is not this coordinator's, or closed
                raise Forbidden("take_screen_back", conference_id)
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until, user.failed_logins = now + timedelta(minutes=LOCK_MINUTES), 0
            uow.audit.record(actor_for(user), "family_mode.exit_refused", "conference", conference_id,
                             handover=handover_id)
            uow.commit()
            raise LoginRefused("credentials")
        row.closed_at = now
        user.failed_logins = 0
        actor = actor_for(user)
        uow.audit.record(actor, "family_mode.ended", "conference", row.conference_id, handover=row.id)
        uow.commit()
        return actor


# --- what a family actor stands on ------------------------------------------------------

def require_standing(uow: UnitOfWork, actor: Actor) -> None:
    """Inside a unit of work: refuse a FAMILY actor whose hand-over is closed
    (``Forbidden``) or whose link was switched off or expired (``FamilyLinkInvalid``)."""
    if actor.role is not Role.FAMILY:
        return
    handover = link = None
    if actor.handover_id is not None:
        handover = _facts(uow.session.get(r.ScreenHandoverRow, actor.handover_id))
    elif actor.link_id is not None:
        from .family_links import link_state

        link = link_state(uow, actor.link_id)
    if rules.family_standing_holds(actor, handover=handover, link=link):
        return
    if link is not None and link.revoked:
        raise FamilyLinkInvalid("revoked")
    if link is not None and link.expired:
        raise FamilyLinkInvalid("expired")
    raise Forbidden("family_mode", actor.conference_id)
