"""Who may be seen: the one "not safe" policy, decided here and applied at read time.

A person flagged "not safe" (or "not to be invited") never appears on a shared screen,
an invitation, a document or an export, and can neither be invited nor own a task.
Every view and exporter asks these functions when it is made, so a flag set today also
hides the person from content frozen yesterday (an adopted plan, a snapshot).
"""
from __future__ import annotations

from typing import Iterable, TypeVar

from .enums import InvitationStatus
from .model import Participant

P = TypeVar("P", bound=Participant)


def is_shareable(person: Participant) -> bool:
    """May appear on a shared screen, an invitation, a document or an export."""
    return not person.not_safe and person.invitation is not InvitationStatus.NOT_TO_INVITE


def can_be_invited(person: Participant) -> bool:
    """A person flagged "not safe" is never invited, whatever anyone asks."""
    return not person.not_safe


def can_own_task(person: Participant) -> bool:
    """Nobody flagged "not safe" owns an action or a logistics task."""
    return not person.not_safe


def shareable(people: Iterable[P]) -> tuple[P, ...]:
    """The people of ``people`` who may be shown, in their order."""
    return tuple(p for p in people if is_shareable(p))
