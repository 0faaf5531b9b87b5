"""Who may collect and who may read the evaluation (issue 9), as pure predicates.

Collecting is tied to one conference (its coordinator, or the family on its own screen);
reading is tied to territories: a pilot reads the territories given to them and nothing
else, never a conference; the single user of a local install reads every territory of
their own database. Figures are pseudonymised and masked whoever reads them.
"""
from __future__ import annotations

from dataclasses import dataclass

from conference.domain.enums import Phase, Role

from .rules import Actor, ConferenceAccess, is_active, is_coordinator, is_coordinator_of, is_family_of

#: Phases in which the questionnaire is answered: once the plan is written.
QUESTIONNAIRE_PHASES = frozenset({Phase.VALIDATION, Phase.FOLLOW_UP, Phase.CLOSED})


@dataclass(frozen=True)
class TerritoryScope:
    """What an actor may read: the territories given to them (loaded by the store)."""

    given: frozenset[int] = frozenset()


def is_pilot(actor: Actor) -> bool:
    return is_active(actor) and actor.role is Role.PILOT


def is_local_user(actor: Actor) -> bool:
    return is_coordinator(actor) and actor.local


# --- collecting (one conference) -------------------------------------------------------

def can_record_evaluation_consent(actor: Actor, conf: ConferenceAccess) -> bool:
    """The family's choice, recorded by its coordinator (before or after the meeting)."""
    return is_coordinator_of(actor, conf)


def can_answer_questionnaire(actor: Actor, conf: ConferenceAccess) -> bool:
    """On the family's own screen (link or handed screen), or the coordinator's shared
    screen, once the plan is written."""
    return conf.phase in QUESTIONNAIRE_PHASES and (is_family_of(actor, conf) or is_coordinator_of(actor, conf))


def can_transcribe_questionnaire(actor: Actor, conf: ConferenceAccess) -> bool:
    """Typing a printed form in: the coordinator only."""
    return conf.phase in QUESTIONNAIRE_PHASES and is_coordinator_of(actor, conf)


def can_edit_synthesis_sheet(actor: Actor, conf: ConferenceAccess) -> bool:
    """The coordinator's fiche de synthèse, for every conference, completed or not."""
    return is_coordinator_of(actor, conf)


can_enter_indicator_value = can_edit_synthesis_sheet


# --- reading (territories) ---------------------------------------------------------------

def can_read_evaluation(actor: Actor, territory_id: int, scope: TerritoryScope) -> bool:
    """A territory's dashboard, open answers and files."""
    return (is_pilot(actor) and territory_id in scope.given) or is_local_user(actor)


def readable_territories(actor: Actor, scope: TerritoryScope, every: frozenset[int]) -> frozenset[int]:
    """The territories an actor reads when none is named (``cercle stats export``)."""
    if is_local_user(actor):
        return every
    return scope.given & every if is_pilot(actor) else frozenset()


def can_manage_evaluation(actor: Actor, territory_id: int, scope: TerritoryScope) -> bool:
    """A territory's themes, tags, own questions and own indicators: its pilots."""
    return can_read_evaluation(actor, territory_id, scope)


def can_manage_territories(actor: Actor) -> bool:
    """Creating territories and giving them to accounts: the administrator."""
    return is_active(actor) and actor.role is Role.ADMIN


def can_move_conference_territory(actor: Actor, conf: ConferenceAccess) -> bool:
    """Moving a conference to another territory: its coordinator, or the administrator."""
    return is_coordinator_of(actor, conf) or can_manage_territories(actor)
