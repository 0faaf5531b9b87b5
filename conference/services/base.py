"""Small pieces every service uses: the permission guard and text cleaning."""
from __future__ import annotations

from typing import Callable

from conference.domain.errors import Forbidden, InvalidInput
from conference.security.rules import Actor, ConferenceAccess
from conference.store.uow import UnitOfWork

MAX_SHORT = 200
MAX_LONG = 5000


def guard(uow: UnitOfWork, actor: Actor, conference_id: int,
          predicate: Callable[[Actor, ConferenceAccess], bool], action: str) -> ConferenceAccess:
    """Load the access facts and raise ``Forbidden`` unless ``predicate`` allows ``action``."""
    access = uow.conferences.access(conference_id)
    if not predicate(actor, access):
        raise Forbidden(action, conference_id)
    return access


def clean(value: str | None, field: str, *, required: bool = False, limit: int = MAX_LONG) -> str:
    """Strip a user-typed string; refuse empty required values and overlong ones."""
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(field, "required")
    if len(text) > limit:
        raise InvalidInput(field, "too_long", limit=limit)
    return text


def enum_value(enum_cls, value, field: str, *, required: bool = True):
    """The enum member for ``value`` (member or code); ``InvalidInput`` otherwise."""
    if value is None or value == "":
        if required:
            raise InvalidInput(field, "required")
        return None
    try:
        return enum_cls(value)
    except ValueError:
        raise InvalidInput(field, "unknown_value", value=str(value)) from None
