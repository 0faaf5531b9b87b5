"""Who may see a piece of information shared around a household: the one rule, decided
here and applied at read time by every view, list and document (issue 10).

Information is shared for a purpose, never as a blanket "shared secret":

- an item the person **objected** to is seen only by the structure that brought it, and
  appears in no minutes;
- a **health** or **justice** item is seen only by the structure that brought it and the
  structures explicitly allowed;
- any other item is seen by the structures allowed and, always, the one that brought it;
- the person's own version of the minutes holds only the items the person agreed to see
  written (health and justice included: nothing sensitive is written without that
  agreement), never an objected one.

The people who run the household's meetings (its coordinator, its path referent) record
the items and choose who is allowed: they see every item the person did not object to
(``facilitator_items``), and the objected ones only if their own structure brought them.
"""
from __future__ import annotations

from typing import Iterable, TypeVar

from .enums import StrEnum
from .partnership import SENSITIVE_CATEGORIES, InfoItem

Item = TypeVar("Item", bound=InfoItem)


class Audience(StrEnum):
    """Who a set of minutes is written for."""

    PARTNERS = "partners"
    PERSON = "person"


def can_see_item(item: InfoItem, structure_id: int | None) -> bool:
    """May a professional of ``structure_id`` see this item? (None: no structure, nothing.)"""
    if structure_id is None:
        return False
    if structure_id == item.brought_by_structure_id:
        return True
    if item.person_objected:
        return False
    # Health and justice as every other category: only the structures explicitly allowed.
    # The categories differ in the person's written version (``items_for_minutes``) and
    # in what the screens propose by default (nobody for sensitive categories).
    return structure_id in item.allowed_structure_ids


def is_sensitive(item: InfoItem) -> bool:
    return item.category in SENSITIVE_CATEGORIES


def visible_items(items: Iterable[Item], structure_id: int | None) -> list[Item]:
    """The items a partner of ``structure_id`` sees, in their order."""
    return [item for item in items if can_see_item(item, structure_id)]


def facilitator_items(items: Iterable[Item], structure_id: int | None = None) -> list[Item]:
    """What the household's coordinator or path referent sees: every item the person did
    not object to, and objected ones only when their own structure brought them."""
    return [item for item in items
            if not item.person_objected or (structure_id is not None and structure_id == item.brought_by_structure_id)]


def items_for_minutes(items: Iterable[Item], audience: Audience | str,
                      recipients: Iterable[int] | None = None) -> list[Item]:
    """The items a set of minutes may hold.

    Partners: never an objected item; with ``recipients`` (the structures the minutes go
    to), only the items every one of them may see — minutes are one document for all, so a
    restricted item stays in the allowed structures' own view. The person: only what they
    agreed to see written and did not object to.
    """
    audience = Audience(audience)
    kept = [item for item in items if not item.person_objected]
    if audience is Audience.PERSON:
        return [item for item in kept if item.person_may_see_written]
    if recipients is None:
        return kept
    structures = frozenset(recipients)
    return [item for item in kept if all(can_see_item(item, s) for s in structures)]


def default_allowed(category, brought_by: int | None, around_the_table: Iterable[int]) -> frozenset[int]:
    """What a screen proposes when an item is recorded: every structure around the table
    for ordinary categories, nobody (but the bringer) for health and justice."""
    if category in SENSITIVE_CATEGORIES:
        return frozenset()
    return frozenset(s for s in around_the_table if s != brought_by)
