"""Test factories in one place: defaults for everything, tests state only what matters."""
from __future__ import annotations

import functools
from datetime import date

from conference import demo
from conference.domain.enums import Phase, Role
from conference.security.rules import Actor, ConferenceAccess
from conference.services import accounts
from conference.store.uow import UnitOfWork

TODAY = date(2026, 11, 23)


def make_actor(role: Role = Role.COORDINATOR, *, ident: int | None = 1, conference_id: int | None = None,
               active: bool = True) -> Actor:
    """A pure actor for security tests (no database)."""
    if role is Role.FAMILY:
        return Actor(id=None, role=role, conference_id=conference_id, active=active)
    return Actor(id=ident, role=role, name=f"{role.value} fictif", active=active)


def make_access(phase: Phase = Phase.PREPARATION, *, conference_id: int = 10, coordinator: int = 1,
                referent: int | None = 2) -> ConferenceAccess:
    return ConferenceAccess(id=conference_id, phase=phase, coordinator_ids=frozenset({coordinator}),
                            referent_ids=frozenset({referent}) if referent else frozenset())


# The hand-back PIN of every coordinator made here (the screen handed to the family is
# taken back with it); hashed once per test run, argon2 is slow on purpose.
TEST_PIN = "482615"


@functools.cache
def _test_pin_hash() -> str:
    from conference.services.handover_screen import hash_pin

    return hash_pin(TEST_PIN)


def make_coordinator(uow: UnitOfWork, name: str = "Coordinatrice Fictive") -> Actor:
    return accounts.create_user(name, Role.COORDINATOR, "Association Imaginaire", screen_pin_hash=_test_pin_hash(),
                                uow=uow)


def make_conference(uow: UnitOfWork, actor: Actor, phase: Phase = Phase.ORIENTATION, *,
                    scenario: demo.Scenario = demo.MOREAU_DIALLO, today: date = TODAY) -> int:
    """A conference walked through the real services up to ``phase`` (Moreau-Diallo by default)."""
    return demo.journey(actor, scenario, until=phase, uow=uow, today=today)
