"""Every permission of the evaluation (``security/evaluation_rules.py``) as a role × action
table, each cell on its own, like ``test_security_matrix.py`` for the conference.

Collecting is tied to one conference (phase × who); reading is tied to territories
(territory × who, with the territories each account was given). The tables are written
out by hand from the product's rules (issue 9, DESIGN.md §6): a pilot reads only the
territories given to it and never a conference; the local single user reads every
territory; nobody else reads any. A guard fails when a new ``can_*`` has no row.
"""
from __future__ import annotations

import inspect

import pytest

from conference.domain.enums import Phase, Role
from conference.security import evaluation_rules as er
from conference.security.evaluation_rules import TerritoryScope
from conference.security.rules import Actor

from ..factories import make_access, make_actor

CONFERENCE, OTHER_CONFERENCE = 10, 99
COORDINATOR, REFERENT = 1, 2
NORTH, SOUTH = 1, 2
EVERY = frozenset({NORTH, SOUTH})


def _local(active: bool = True) -> Actor:
    return Actor(id=11, role=Role.COORDINATOR, name="local", active=active, local=True)


ACTORS: dict[str, Actor] = {
    "coordinator": make_actor(Role.COORDINATOR, ident=COORDINATOR),
    "other_coordinator": make_actor(Role.COORDINATOR, ident=3),
    "deactivated_coordinator": make_actor(Role.COORDINATOR, ident=COORDINATOR, active=False),
    "local_user": _local(),
    "deactivated_local_user": _local(active=False),
    "referent": make_actor(Role.REFERENT, ident=REFERENT),
    "partner": make_actor(Role.PARTNER, ident=4),
    "pilot": make_actor(Role.PILOT, ident=5),
    "pilot_of_another_territory": make_actor(Role.PILOT, ident=12),
    "pilot_without_territory": make_actor(Role.PILOT, ident=9),
    "deactivated_pilot": make_actor(Role.PILOT, ident=5, active=False),
    "admin": make_actor(Role.ADMIN, ident=6),
    "deactivated_admin": make_actor(Role.ADMIN, ident=6, active=False),
    "family": make_actor(Role.FAMILY, conference_id=CONFERENCE),
    "other_family": make_actor(Role.FAMILY, conference_id=OTHER_CONFERENCE),
}
# The territories each account was given (the store loads them): a coordinator given the
# north (its new conferences land there) still reads no figure of it.
GIVEN: dict[str, frozenset[int]] = {"pilot": frozenset({NORTH}), "deactivated_pilot": frozenset({NORTH}),
                                    "pilot_of_another_territory": frozenset({SOUTH}),
                                    "coordinator": frozenset({NORTH}), "admin": frozenset({NORTH})}

PHASES = tuple(Phase)
ANSWERED = (Phase.VALIDATION, Phase.FOLLOW_UP, Phase.CLOSED)
COORD = frozenset({"coordinator"})

# predicate → ((phases, who may), ...); any phase not listed: nobody.
CONFERENCE_RULES = {
    "can_record_evaluation_consent": ((PHASES, COORD),),
    "can_answer_questionnaire": ((ANSWERED, frozenset({"coordinator", "family"})),),
    "can_transcribe_questionnaire": ((ANSWERED, COORD),),
    "can_edit_synthesis_sheet": ((PHASES, COORD),),
    "can_enter_indicator_value": ((PHASES, COORD),),
    "can_move_conference_territory": ((PHASES, frozenset({"coordinator", "admin"})),),
}
# predicate → {territory: who may}
READERS = {NORTH: frozenset({"pilot", "local_user"}), SOUTH: frozenset({"pilot_of_another_territory", "local_user"})}
TERRITORY_RULES = {"can_read_evaluation": READERS, "can_manage_evaluation": READERS}
ACTOR_RULES = {"can_manage_territories": frozenset({"admin"})}
# readable_territories(actor, scope, every) when no territory is named (cercle stats export)
READABLE = {"pilot": frozenset({NORTH}), "pilot_of_another_territory": frozenset({SOUTH}), "local_user": EVERY}


def _scope(who: str) -> TerritoryScope:
    return TerritoryScope(GIVEN.get(who, frozenset()))


def _allowed(predicate: str, phase: Phase) -> frozenset[str]:
    return frozenset().union(*(who for phases, who in CONFERENCE_RULES[predicate] if phase in phases))


@pytest.mark.parametrize(("predicate", "who", "phase", "expected"), [
    pytest.param(p, w, ph, w in _allowed(p, ph), id=f"{p}-{w}-{ph.value}")
    for p in CONFERENCE_RULES for w in ACTORS for ph in PHASES])
def test_conference_cell(predicate, who, phase, expected):
    access = make_access(phase, conference_id=CONFERENCE, coordinator=COORDINATOR, referent=REFERENT)
    assert getattr(er, predicate)(ACTORS[who], access) is expected


@pytest.mark.parametrize(("predicate", "who", "territory", "expected"), [
    pytest.param(p, w, t, w in table[t], id=f"{p}-{w}-{t}")
    for p, table in TERRITORY_RULES.items() for w in ACTORS for t in (NORTH, SOUTH)])
def test_territory_cell(predicate, who, territory, expected):
    assert getattr(er, predicate)(ACTORS[who], territory, _scope(who)) is expected


@pytest.mark.parametrize(("predicate", "who", "expected"), [
    pytest.param(p, w, w in table, id=f"{p}-{w}") for p, table in ACTOR_RULES.items() for w in ACTORS])
def test_actor_cell(predicate, who, expected):
    assert getattr(er, predicate)(ACTORS[who]) is expected


@pytest.mark.parametrize("who", list(ACTORS))
def test_readable_territories_when_none_is_named(who):
    assert er.readable_territories(ACTORS[who], _scope(who), EVERY) == READABLE.get(who, frozenset())


def test_a_territory_given_but_gone_is_not_readable():
    stale = TerritoryScope(frozenset({NORTH, 77}))
    assert er.readable_territories(ACTORS["pilot"], stale, EVERY) == {NORTH}


def test_a_pilot_reaches_no_conference_rule_in_any_phase():
    for name, predicate in inspect.getmembers(er, inspect.isfunction):
        if name in CONFERENCE_RULES:
            for who in ("pilot", "pilot_of_another_territory", "local_user"):
                for phase in PHASES:
                    access = make_access(phase, conference_id=CONFERENCE, coordinator=COORDINATOR)
                    assert predicate(ACTORS[who], access) is False, (name, who, phase)


def test_every_evaluation_predicate_has_a_row():
    predicates = {name for name, value in vars(er).items() if name.startswith("can_") and callable(value)}
    missing = sorted(predicates - set(CONFERENCE_RULES) - set(TERRITORY_RULES) - set(ACTOR_RULES))
    assert not missing, (f"{missing}: add a row to CONFERENCE_RULES (takes a conference), TERRITORY_RULES "
                         "(takes a territory and a scope) or ACTOR_RULES (actor only), cell by cell.")


def test_the_rows_match_the_predicates_signatures():
    arity = {**{n: 2 for n in CONFERENCE_RULES}, **{n: 3 for n in TERRITORY_RULES}, **{n: 1 for n in ACTOR_RULES}}
    wrong = [n for n, k in arity.items() if len(inspect.signature(getattr(er, n)).parameters) != k]
    assert not wrong
