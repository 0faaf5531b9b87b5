"""Who may do what around a household and its synthesis meetings (issue 10), as pure
predicates over small frozen facts the store loads (``conference.store.partners``).

- A partner professional (``Role.PARTNER``) belongs to one structure of the directory
  (``users.structure_id``, read afresh on every call into a ``Seat``): they see only the
  households their structure takes part in now, and within them only the items their
  structure may see (``conference.domain.sharing``).
- The household's path referent (référent de parcours) and its coordinators (who created
  it, who coordinates one of its conferences) run it: edit it, its partners, its meetings.
- The pilot sees none of it (counts only, in a later issue); the family has no screen
  here; an administrator (or the single user of a local install) manages the directory.
A deactivated account fails every predicate.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, TypeVar

from conference.domain.enums import Role
from conference.domain.partnership import InfoItem
from conference.domain.sharing import facilitator_items, visible_items

from .rules import Actor, ConferenceAccess, is_active, is_coordinator, is_coordinator_of

Item = TypeVar("Item", bound=InfoItem)

#: Who may be a household's path referent (a professional following the person).
PATH_REFERENT_ROLES = frozenset({Role.COORDINATOR, Role.REFERENT, Role.PARTNER})


@dataclass(frozen=True)
class Seat:
    """Where an actor sits in the directory: their structure, as stored now (a partner
    moved to another structure, or whose structure was closed, loses the old one at once)."""

    structure_id: int | None = None
    structure_active: bool = True

    @property
    def structure(self) -> int | None:
        return self.structure_id if self.structure_active else None


NO_SEAT = Seat()


@dataclass(frozen=True)
class HouseholdAccess:
    """The facts about one household the predicates need."""

    id: int | None
    territory_id: int | None = None
    structure_ids: frozenset[int] = frozenset()  # structures taking part today
    path_referent_user_id: int | None = None
    coordinator_ids: frozenset[int] = frozenset()  # who created it, who coordinates its conferences


# --- helpers -------------------------------------------------------------------------

def is_partner(actor: Actor) -> bool:
    return is_active(actor) and actor.role is Role.PARTNER


def is_partner_of(actor: Actor, household: HouseholdAccess, seat: Seat) -> bool:
    """A partner whose structure takes part in the household today."""
    return is_partner(actor) and seat.structure is not None and seat.structure in household.structure_ids


def is_path_referent_of(actor: Actor, household: HouseholdAccess) -> bool:
    return (is_active(actor) and actor.role in PATH_REFERENT_ROLES and actor.id is not None
            and actor.id == household.path_referent_user_id)


def is_household_coordinator(actor: Actor, household: HouseholdAccess) -> bool:
    """A coordinator of the household (or the single user of a local install)."""
    return is_coordinator(actor) and (actor.id in household.coordinator_ids or actor.local)


def runs_household(actor: Actor, household: HouseholdAccess) -> bool:
    """The path referent or a coordinator of the household: who runs its meetings."""
    return is_path_referent_of(actor, household) or is_household_coordinator(actor, household)


# --- households ----------------------------------------------------------------------

def can_create_household(actor: Actor) -> bool:
    return is_coordinator(actor)


def can_list_households(actor: Actor) -> bool:
    """Coordinators, referents and partners list the households they may read (the list
    is filtered); a pilot, an administrator, a family do not."""
    return is_active(actor) and actor.role in PATH_REFERENT_ROLES


def can_read_household(actor: Actor, household: HouseholdAccess, seat: Seat = NO_SEAT) -> bool:
    return runs_household(actor, household) or is_partner_of(actor, household, seat)


def can_edit_household(actor: Actor, household: HouseholdAccess) -> bool:
    """Its name, its partners, its path referent, its meetings."""
    return runs_household(actor, household)


can_manage_household_partners = can_edit_household
can_set_path_referent = can_edit_household
can_record_meeting = can_edit_household


def can_attach_conference(actor: Actor, household: HouseholdAccess, conf: ConferenceAccess) -> bool:
    """Put a conference on the household's timeline: its coordinator, who also runs the household."""
    return is_coordinator_of(actor, conf) and can_edit_household(actor, household)


def can_add_item(actor: Actor, household: HouseholdAccess, seat: Seat = NO_SEAT) -> bool:
    """Bring a piece of information: who runs the household, or a partner taking part
    (the item is then brought by their own structure)."""
    return can_edit_household(actor, household) or is_partner_of(actor, household, seat)


def can_update_decision(actor: Actor, household: HouseholdAccess, owner_structure_id: int | None,
                        seat: Seat = NO_SEAT) -> bool:
    """Mark a decision done or dropped: who runs the household, or a partner of the
    structure that owns it."""
    return can_edit_household(actor, household) or (
        is_partner_of(actor, household, seat) and owner_structure_id is not None
        and seat.structure == owner_structure_id)


def items_for(actor: Actor, household: HouseholdAccess, seat: Seat, items: Iterable[Item]) -> list[Item]:
    """The shared items of a household this actor may see (the rule: ``domain.sharing``)."""
    if runs_household(actor, household):
        return facilitator_items(items, seat.structure)
    if is_partner_of(actor, household, seat):
        return visible_items(items, seat.structure)
    return []


def can_confirm_handover(actor: Actor, successor_user_id: int | None) -> bool:
    """Only the named successor confirms a handover note."""
    return (is_active(actor) and actor.role in PATH_REFERENT_ROLES and actor.id is not None
            and actor.id == successor_user_id)


# --- the directory -------------------------------------------------------------------

def can_read_directory(actor: Actor) -> bool:
    """Qui fait quoi: public facts about structures, for every active professional."""
    return is_active(actor) and actor.is_professional


def can_manage_directory(actor: Actor) -> bool:
    """Create, change, import structures and contacts; tie a partner account to its
    structure: an administrator, or the single user of a local install."""
    return (is_active(actor) and actor.role is Role.ADMIN) or (is_coordinator(actor) and actor.local)
