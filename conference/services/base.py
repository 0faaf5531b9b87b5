"""Small pieces every service uses: the permission guard and text cleaning."""
from __future__ import annotations

import re
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


# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they can
# make a name read backwards on screen or on paper, and nobody types them on purpose.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Control characters other than tab and line breaks (vertical tab, form feed, NUL, DEL, C1…).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def plain_text(value: str) -> str:
    """A typed text as it may be stored: bidi controls removed, other control characters
    (vertical tab, form feed…) turned into spaces; tabs and line breaks kept."""
    if _BIDI_CONTROLS.search(value):
        value = _BIDI_CONTROLS.sub("", value)
    if _CONTROL.search(value):
        value = _CONTROL.sub(" ", value)
    return value


def clean(value: str | None, field: str, *, required: bool = False, limit: int = MAX_LONG) -> str:
    """Strip a user-typed string (``plain_text`` first); refuse empty required values
    and overlong ones."""
    text = plain_text(value or "").strip()
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
