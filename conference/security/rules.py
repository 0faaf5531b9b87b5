"""Every permission of Cercle, as pure predicates ``can_<verb>_<thing>(actor, target)``.

Predicates receive small frozen facts that the store loads; never ORM rows. Services
call them before acting (the check that protects); pages may call them to hide a button
(comfort only). A deactivated account fails every helper.
"""
from __future__ import annotations

from dataclasses import dataclass

from conference.domain.enums import Phase, Role

PROFESSIONAL_ROLES = frozenset({Role.COORDINATOR, Role.REFERENT, Role.PARTNER, Role.PILOT, Role.ADMIN})


@dataclass(frozen=True)
class Actor:
    """The person acting. A FAMILY actor is scoped to one conference (shared screen)."""

    id: int | None
    role: Role
    name: str = ""
    active: bool = True
    conference_id: int | None = None  # family scope
    # What a FAMILY actor stands on: its family link, or the coordinator's screen handed
    # over (an open hand-over). Services re-check it on every call; the audit log records it.
    link_id: int | None = None
    handover_id: int | None = None
    # The single user of a local install (``CERCLE_LOCAL_MODE``, server on 127.0.0.1): a
    # coordinator who is also their own pilot (the evaluation dashboard of every territory).
    local: bool = False

    @property
    def is_professional(self) -> bool:
        return self.role in PROFESSIONAL_ROLES


@dataclass(frozen=True)
class ConferenceAccess:
    id: int | None
    phase: Phase
    coordinator_ids: frozenset[int] = frozenset()
    referent_ids: frozenset[int] = frozenset()


# --- helpers -------------------------------------------------------------------------

def is_active(actor: Actor) -> bool:
    return actor.active


def is_coordinator(actor: Actor) -> bool:
    return is_active(actor) and actor.role is Role.COORDINATOR


def is_coordinator_of(actor: Actor, conf: ConferenceAccess) -> bool:
    return is_coordinator(actor) and actor.id in conf.coordinator_ids


def is_referent_of(actor: Actor, conf: ConferenceAccess) -> bool:
    return is_active(actor) and actor.role is Role.REFERENT and actor.id in conf.referent_ids


def is_family_of(actor: Actor, conf: ConferenceAccess) -> bool:
    return is_active(actor) and actor.role is Role.FAMILY and actor.conference_id == conf.id


def is_open(conf: ConferenceAccess) -> bool:
    return conf.phase is not Phase.CLOSED


# --- conferences ---------------------------------------------------------------------

def can_create_conference(actor: Actor) -> bool:
    return is_coordinator(actor)


def can_list_conferences(actor: Actor) -> bool:
    return is_coordinator(actor)


def can_read_conference(actor: Actor, conf: ConferenceAccess) -> bool:
    """The whole record (network contacts, meeting notes): the coordinator only. Referents
    read their narrower view (``can_read_referent_view``)."""
    return is_coordinator_of(actor, conf)


def can_edit_conference(actor: Actor, conf: ConferenceAccess) -> bool:
    """Orientation, preparation, meeting notes, follow-up: the coordinator's work."""
    return is_coordinator_of(actor, conf) and is_open(conf)


def can_change_phase(actor: Actor, conf: ConferenceAccess) -> bool:
    return is_coordinator_of(actor, conf) and is_open(conf)


def can_read_family_screens(actor: Actor, conf: ConferenceAccess) -> bool:
    """Central question and the network's shareable members, on the family's screen."""
    return is_family_of(actor, conf) or is_coordinator_of(actor, conf)


# --- the plan ------------------------------------------------------------------------

def can_read_plan_draft(actor: Actor, conf: ConferenceAccess) -> bool:
    # Private time belongs to the family: no professional reads the draft meanwhile.
    if conf.phase is Phase.PRIVATE_TIME:
        return is_family_of(actor, conf)
    if conf.phase is Phase.VALIDATION:
        return is_family_of(actor, conf) or is_coordinator_of(actor, conf) or is_referent_of(actor, conf)
    return is_coordinator_of(actor, conf)


def can_edit_plan_draft(actor: Actor, conf: ConferenceAccess) -> bool:
    """Only the family writes its plan, and only in private time."""
    return conf.phase is Phase.PRIVATE_TIME and is_family_of(actor, conf)


def can_end_private_time(actor: Actor, conf: ConferenceAccess) -> bool:
    return conf.phase is Phase.PRIVATE_TIME and (is_family_of(actor, conf) or is_coordinator_of(actor, conf))


def can_check_plan_form(actor: Actor, conf: ConferenceAccess) -> bool:
    return conf.phase is Phase.VALIDATION and is_coordinator_of(actor, conf)


can_adopt_plan = can_check_plan_form


def can_record_ratification(actor: Actor, conf: ConferenceAccess) -> bool:
    """The referent ratifies; the coordinator may record the referent's stated decision."""
    return conf.phase is Phase.VALIDATION and (is_referent_of(actor, conf) or is_coordinator_of(actor, conf))


def can_read_adopted_plan(actor: Actor, conf: ConferenceAccess) -> bool:
    return is_family_of(actor, conf) or is_coordinator_of(actor, conf) or is_referent_of(actor, conf)


can_export_plan = can_read_adopted_plan


def can_export_followup_form(actor: Actor, conf: ConferenceAccess) -> bool:
    return is_coordinator_of(actor, conf)


def can_record_follow_up(actor: Actor, conf: ConferenceAccess) -> bool:
    return conf.phase is Phase.FOLLOW_UP and is_coordinator_of(actor, conf)


def can_close_conference(actor: Actor, conf: ConferenceAccess) -> bool:
    return is_coordinator_of(actor, conf) and is_open(conf)


def can_hand_screen_to_family(actor: Actor, conf: ConferenceAccess) -> bool:
    return is_coordinator_of(actor, conf) and is_open(conf)


# --- the screen handed to the family, family links --------------------------------------

@dataclass(frozen=True)
class Handover:
    """An open or closed hand-over of a coordinator's screen to one conference's family."""

    id: int
    conference_id: int
    coordinator_id: int
    closed: bool


@dataclass(frozen=True)
class LinkState:
    """A family link as the store knows it now (never its token)."""

    id: int
    conference_id: int
    revoked: bool
    expired: bool


def may_hand_over(actor: Actor, conf: ConferenceAccess, *, has_secret: bool) -> bool:
    """A screen is handed over by its coordinator, who has a hand-back secret: without one
    it could never be taken back."""
    return can_hand_screen_to_family(actor, conf) and has_secret


def family_mode_opens(handover: Handover | None) -> bool:
    """Family mode opens only on a recorded, open hand-over: an address alone never does."""
    return handover is not None and not handover.closed


def may_take_screen_back(handover: Handover | None, coordinator_id: int | None, *, secret_matches: bool) -> bool:
    """Only the coordinator who handed the screen over, with their secret, closes it."""
    return family_mode_opens(handover) and handover.coordinator_id == coordinator_id and secret_matches


def link_works(link: LinkState | None) -> bool:
    return link is not None and not link.revoked and not link.expired


def family_standing_holds(actor: Actor, *, handover: Handover | None, link: LinkState | None) -> bool:
    """A FAMILY actor acts only while what it stands on holds: its hand-over still open, or
    its link neither revoked nor expired, for its own conference. Other roles: not concerned."""
    if actor.role is not Role.FAMILY:
        return True
    if actor.handover_id is not None:
        return family_mode_opens(handover) and handover.id == actor.handover_id \
            and handover.conference_id == actor.conference_id
    if actor.link_id is not None:
        return link_works(link) and link.id == actor.link_id and link.conference_id == actor.conference_id
    return False





# --- the network map ------------------------------------------------------------------

def can_edit_network(actor: Actor, conf: ConferenceAccess) -> bool:
    """The coordinator, or the family on its own screen, while the conference is open. (The
    family only ever sees shareable people: services enforce that on every row.)"""
    return is_open(conf) and (is_coordinator_of(actor, conf) or is_family_of(actor, conf))


def can_export_network(actor: Actor, conf: ConferenceAccess) -> bool:
    """Export, import and snapshots of the network: the coordinator (closed conferences too)."""
    return is_coordinator_of(actor, conf)


# --- accounts, settings, audit (administration: no case content) ----------------------

def is_admin(actor: Actor) -> bool:
    return is_active(actor) and actor.role is Role.ADMIN


def can_manage_accounts(actor: Actor) -> bool:
    return is_admin(actor)


can_read_audit_log = can_manage_accounts
can_manage_settings = can_manage_accounts
can_purge = can_manage_accounts
can_backup = can_manage_accounts


def can_change_own_password(actor: Actor) -> bool:
    return is_active(actor) and actor.is_professional and actor.id is not None


# --- family links and consent ---------------------------------------------------------

def can_manage_family_links(actor: Actor, conf: ConferenceAccess) -> bool:
    """Create a family link: while the conference is open."""
    return is_coordinator_of(actor, conf) and is_open(conf)


def can_see_family_links(actor: Actor, conf: ConferenceAccess) -> bool:
    """List and switch off the links: the coordinator, a closed conference's too (the family
    still reads its plan through its link until the link expires)."""
    return is_coordinator_of(actor, conf)


def can_record_consent(actor: Actor, conf: ConferenceAccess) -> bool:
    return is_coordinator_of(actor, conf) and is_open(conf)


def can_read_consents(actor: Actor, conf: ConferenceAccess) -> bool:
    return is_coordinator_of(actor, conf) or is_family_of(actor, conf) or is_referent_of(actor, conf)


# --- evaluation ----------------------------------------------------------------------

def can_read_statistics(actor: Actor) -> bool:
    """Pseudonymised aggregates only: pilots (and coordinators for their own work)."""
    return is_active(actor) and actor.role in (Role.PILOT, Role.COORDINATOR)





# --- how the app is reached -----------------------------------------------------------

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def can_use_local_mode(server_address: str | None, *, requested: bool) -> bool:
    """Single-user mode without login: only when asked for AND the server listens on the
    loopback interface. On any other address (or all of them) login is always required."""
    return requested and (server_address or "").strip() in LOOPBACK
__all__ = [n for n in dir() if n.startswith(("can_", "is_"))] + ["Actor", "ConferenceAccess", "PROFESSIONAL_ROLES", "LOOPBACK",
                                                                   "Handover", "LinkState"]


def can_read_referent_view(actor: Actor, conf: ConferenceAccess) -> bool:
    """The referent's view: the concerns and bottom lines, the adopted plan, ratifications."""
    return is_referent_of(actor, conf) or is_coordinator_of(actor, conf)


def can_assign_referent(actor: Actor, conf: ConferenceAccess) -> bool:
    return is_coordinator_of(actor, conf) and is_open(conf)


__all__ = [n for n in dir() if n.startswith(("can_", "is_"))] + ["Actor", "ConferenceAccess", "PROFESSIONAL_ROLES", "LOOPBACK",
                                                                   "Handover", "LinkState"]
