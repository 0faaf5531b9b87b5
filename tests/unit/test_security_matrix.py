"""Every permission as a role × action × phase matrix: each cell passes or fails on its own.

The expected tables below are written out by hand, predicate by predicate, from the
product's rules (DESIGN.md §3, §7). When a rule changes on purpose, change its row here.
A guard at the end fails when a new ``can_*`` predicate has no row.
"""
from __future__ import annotations

import dataclasses
import inspect

import pytest

from conference.domain.enums import Phase, Role
from conference.domain.errors import Forbidden
from conference.security import rules
from conference.security.rules import PROFESSIONAL_ROLES, Actor
from conference.services import accounts, private_time, referents

from ..factories import make_access, make_actor, make_conference

CONFERENCE, OTHER_CONFERENCE = 10, 99
COORDINATOR, REFERENT = 1, 2

ACTORS: dict[str, Actor] = {
    "coordinator": make_actor(Role.COORDINATOR, ident=COORDINATOR),
    "other_coordinator": make_actor(Role.COORDINATOR, ident=3),
    "referent": make_actor(Role.REFERENT, ident=REFERENT),
    "partner": make_actor(Role.PARTNER, ident=4),
    "pilot": make_actor(Role.PILOT, ident=5),
    "admin": make_actor(Role.ADMIN, ident=6),
    "family": make_actor(Role.FAMILY, conference_id=CONFERENCE),
    "other_family": make_actor(Role.FAMILY, conference_id=OTHER_CONFERENCE),
    "deactivated_coordinator": make_actor(Role.COORDINATOR, ident=COORDINATOR, active=False),
    # The blind spot (#8): with only an assigned, active referent in the matrix, a rule that
    # ignored the assignment or ``active`` failed no cell. These make it fail.
    "unassigned_referent": make_actor(Role.REFERENT, ident=7),
    "deactivated_referent": make_actor(Role.REFERENT, ident=REFERENT, active=False),
    "partner_of_another_structure": make_actor(Role.PARTNER, ident=8),
    # Pilots have no territories yet: a pilot of another territory is a pilot with none.
    "pilot_without_territory": make_actor(Role.PILOT, ident=9),
}

PHASES = tuple(Phase)
OPEN = tuple(p for p in Phase if p is not Phase.CLOSED)
NOBODY: frozenset[str] = frozenset()
COORD = frozenset({"coordinator"})


def only(*phases: Phase) -> tuple[Phase, ...]:
    return phases


def all_but(*phases: Phase) -> tuple[Phase, ...]:
    return tuple(p for p in Phase if p not in phases)


# predicate → ((phases, who may), ...); any phase not listed: nobody.
CONFERENCE_RULES: dict[str, tuple[tuple[tuple[Phase, ...], frozenset[str]], ...]] = {
    "can_read_conference": ((PHASES, COORD),),
    "can_edit_conference": ((OPEN, COORD),),
    "can_change_phase": ((OPEN, COORD),),
    "can_read_family_screens": ((PHASES, frozenset({"coordinator", "family"})),),
    # The key rule: during private time the draft is the family's alone.
    "can_read_plan_draft": (
        (only(Phase.PRIVATE_TIME), frozenset({"family"})),
        (only(Phase.VALIDATION), frozenset({"coordinator", "referent", "family"})),
        (all_but(Phase.PRIVATE_TIME, Phase.VALIDATION), COORD),
    ),
    "can_edit_plan_draft": ((only(Phase.PRIVATE_TIME), frozenset({"family"})),),
    "can_end_private_time": ((only(Phase.PRIVATE_TIME), frozenset({"coordinator", "family"})),),
    "can_check_plan_form": ((only(Phase.VALIDATION), COORD),),
    "can_adopt_plan": ((only(Phase.VALIDATION), COORD),),
    "can_record_ratification": ((only(Phase.VALIDATION), frozenset({"coordinator", "referent"})),),
    "can_read_adopted_plan": ((PHASES, frozenset({"coordinator", "referent", "family"})),),
    "can_export_plan": ((PHASES, frozenset({"coordinator", "referent", "family"})),),
    "can_export_followup_form": ((PHASES, COORD),),
    "can_record_follow_up": ((only(Phase.FOLLOW_UP), COORD),),
    "can_close_conference": ((OPEN, COORD),),
    "can_hand_screen_to_family": ((OPEN, COORD),),
    "can_edit_network": ((OPEN, frozenset({"coordinator", "family"})),),
    "can_export_network": ((PHASES, COORD),),
    "can_manage_family_links": ((OPEN, COORD),),
    "can_see_family_links": ((PHASES, COORD),),  # a closed conference's links too
    "can_record_consent": ((OPEN, COORD),),
    "can_read_consents": ((PHASES, frozenset({"coordinator", "referent", "family"})),),
    "can_read_referent_view": ((PHASES, frozenset({"coordinator", "referent"})),),
    "can_assign_referent": ((OPEN, COORD),),
}

# Predicates about the actor alone (no conference): who may.
ACTOR_RULES: dict[str, frozenset[str]] = {
    "can_create_conference": frozenset({"coordinator", "other_coordinator"}),
    "can_list_conferences": frozenset({"coordinator", "other_coordinator"}),
    "can_manage_accounts": frozenset({"admin"}),
    "can_read_audit_log": frozenset({"admin"}),
    "can_manage_settings": frozenset({"admin"}),
    "can_purge": frozenset({"admin"}),
    "can_backup": frozenset({"admin"}),
    "can_change_own_password": frozenset({"coordinator", "other_coordinator", "referent", "partner", "pilot",
                                          "admin", "unassigned_referent", "partner_of_another_structure",
                                          "pilot_without_territory"}),
    "can_read_statistics": frozenset({"coordinator", "other_coordinator", "pilot", "pilot_without_territory"}),
}

# Not about roles at all; tested on their own below.
NOT_ROLE_BASED = {"can_use_local_mode"}


def allowed(predicate: str, phase: Phase) -> frozenset[str]:
    return next((who for phases, who in CONFERENCE_RULES[predicate] if phase in phases), NOBODY)


CONFERENCE_CELLS = [
    pytest.param(predicate, who, phase, who in allowed(predicate, phase), id=f"{predicate}-{who}-{phase.value}")
    for predicate in CONFERENCE_RULES for who in ACTORS for phase in PHASES
]
ACTOR_CELLS = [
    pytest.param(predicate, who, who in expected, id=f"{predicate}-{who}")
    for predicate, expected in ACTOR_RULES.items() for who in ACTORS
]


@pytest.mark.parametrize(("predicate", "who", "phase", "expected"), CONFERENCE_CELLS)
def test_conference_permission_cell(predicate, who, phase, expected):
    access = make_access(phase, conference_id=CONFERENCE, coordinator=COORDINATOR, referent=REFERENT)

    assert getattr(rules, predicate)(ACTORS[who], access) is expected


@pytest.mark.parametrize(("predicate", "who", "expected"), ACTOR_CELLS)
def test_actor_permission_cell(predicate, who, expected):
    assert getattr(rules, predicate)(ACTORS[who]) is expected


def _wrong_cells() -> list[str]:
    """Every cell of both tables whose predicate disagrees with the expected value."""
    wrong = []
    for predicate in CONFERENCE_RULES:
        for phase in PHASES:
            access = make_access(phase, conference_id=CONFERENCE, coordinator=COORDINATOR, referent=REFERENT)
            for who, actor in ACTORS.items():
                if getattr(rules, predicate)(actor, access) is not (who in allowed(predicate, phase)):
                    wrong.append(f"{predicate}-{who}-{phase.value}")
    return wrong


MUTANTS = {
    "ignores the assignment": lambda actor, conf: rules.is_active(actor) and actor.role is Role.REFERENT,
    "ignores active": lambda actor, conf: actor.role is Role.REFERENT and actor.id in conf.referent_ids,
    "any professional": lambda actor, conf: rules.is_active(actor) and actor.is_professional,
}


@pytest.mark.parametrize("mutant", sorted(MUTANTS))
def test_a_mutated_referent_rule_fails_cells_of_the_matrix(monkeypatch, mutant):
    """The matrix kills the mutants of ``is_referent_of`` that once survived it."""
    assert _wrong_cells() == []
    monkeypatch.setattr(rules, "is_referent_of", MUTANTS[mutant])

    killed = _wrong_cells()

    assert killed, f"is_referent_of {mutant}: no cell of the matrix noticed"


@pytest.mark.parametrize("who", [name for name, a in ACTORS.items() if a.role in PROFESSIONAL_ROLES])
def test_during_private_time_no_professional_reads_or_writes_the_draft(who):
    access = make_access(Phase.PRIVATE_TIME, conference_id=CONFERENCE, coordinator=COORDINATOR, referent=REFERENT)

    assert not rules.can_read_plan_draft(ACTORS[who], access)
    assert not rules.can_edit_plan_draft(ACTORS[who], access)


@pytest.mark.parametrize("phase", PHASES, ids=lambda p: p.value)
def test_only_the_family_of_the_conference_edits_the_draft_and_only_in_private_time(phase):
    access = make_access(phase, conference_id=CONFERENCE, coordinator=COORDINATOR, referent=REFERENT)

    editors = {who for who, actor in ACTORS.items() if rules.can_edit_plan_draft(actor, access)}

    assert editors == ({"family"} if phase is Phase.PRIVATE_TIME else set())


def test_a_deactivated_account_fails_every_helper():
    gone = ACTORS["deactivated_coordinator"]
    access = make_access(Phase.PREPARATION, conference_id=CONFERENCE, coordinator=COORDINATOR)
    family_gone = dataclasses.replace(ACTORS["family"], active=False)

    assert not rules.is_coordinator(gone) and not rules.is_coordinator_of(gone, access)
    assert not rules.is_family_of(family_gone, access)


@pytest.mark.parametrize(("address", "requested", "expected"), [
    ("127.0.0.1", True, True), ("localhost", True, True), ("::1", True, True),
    ("127.0.0.1", False, False), ("0.0.0.0", True, False), ("", True, False), (None, True, False),
    ("192.168.1.20", True, False),
])
def test_local_mode_only_when_asked_and_on_the_loopback_address(address, requested, expected):
    assert rules.can_use_local_mode(address, requested=requested) is expected


def test_every_permission_predicate_has_a_row_in_the_matrix():
    predicates = {name for name, value in vars(rules).items() if name.startswith("can_") and callable(value)}

    missing = sorted(predicates - set(CONFERENCE_RULES) - set(ACTOR_RULES) - NOT_ROLE_BASED)

    assert not missing, (f"No expected row for {missing} in tests/unit/test_security_matrix.py: add it to "
                         "CONFERENCE_RULES (takes a conference) or ACTOR_RULES (actor only), cell by cell.")


def test_the_matrix_rows_match_the_predicates_signatures():
    wrong = [name for name in CONFERENCE_RULES if len(inspect.signature(getattr(rules, name)).parameters) != 2]
    wrong += [name for name in ACTOR_RULES if len(inspect.signature(getattr(rules, name)).parameters) != 1]

    assert not wrong, f"These rows are in the wrong table: {wrong}"


# --- the same key rule, enforced by the service ----------------------------------------------

@pytest.fixture
def professionals(uow, coordinator):
    """Every professional role as a real account; the referent is assigned to the conference."""
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    referent = accounts.create_user("Référente Fictive", Role.REFERENT, "ASE (fictive)", login="referente.fictive",
                                    uow=uow)
    referents.assign_referent(coordinator, cid, "referente.fictive", uow=uow)
    return cid, {
        "coordinator": coordinator,
        "other_coordinator": accounts.create_user("Autre Coordinateur Fictif", Role.COORDINATOR, uow=uow),
        "referent": referent,
        "partner": accounts.create_user("Partenaire Fictif", Role.PARTNER, "CAF (fictive)", uow=uow),
        "pilot": accounts.create_user("Pilote Fictive", Role.PILOT, uow=uow),
        "admin": accounts.create_user("Admin Fictif", Role.ADMIN, uow=uow),
        "deactivated_coordinator": dataclasses.replace(coordinator, active=False),
        "other_family": Actor(id=None, role=Role.FAMILY, conference_id=cid + 1000),
    }


@pytest.mark.parametrize("who", ["coordinator", "other_coordinator", "referent", "partner", "pilot", "admin",
                                 "deactivated_coordinator", "other_family"])
def test_the_service_refuses_the_draft_to_everyone_but_the_family_during_private_time(professionals, uow, who):
    cid, actors = professionals

    with pytest.raises(Forbidden):
        private_time.get_plan_draft(actors[who], cid, uow=uow)


def test_the_service_gives_the_draft_to_the_family_during_private_time(professionals, uow):
    cid, actors = professionals

    family = private_time.hand_screen_to_family(actors["coordinator"], cid, uow=uow)  # a recorded hand-over
    draft = private_time.get_plan_draft(family, cid, uow=uow)

    assert draft.actions  # the demo family's plan, readable by the family
