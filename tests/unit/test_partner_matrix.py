"""Role × action for households and synthesis meetings (conference.security.partner_rules).

Household Benali-Roussel (SCENARIOS.md §4): CAF, CCAS and UDAF take part, the département's
social service is the path referent's structure; a partner of the MSA does not take part."""
from __future__ import annotations

from dataclasses import replace

import pytest

from conference.domain.enums import Phase, Role
from conference.domain.partnership import InfoCategory, InfoItem
from conference.security import partner_rules as pr
from conference.security.rules import Actor, ConferenceAccess

CAF, CCAS, UDAF, DEPT, MSA = 1, 2, 3, 4, 5

HOUSEHOLD = pr.HouseholdAccess(id=10, territory_id=1, structure_ids=frozenset({CAF, CCAS, UDAF, DEPT}),
                               path_referent_user_id=40, coordinator_ids=frozenset({1}))
CONFERENCE = ConferenceAccess(id=7, phase=Phase.PREPARATION, coordinator_ids=frozenset({1}))

# name: (actor, seat)
ACTORS = {
    "coordinator": (Actor(1, Role.COORDINATOR), pr.NO_SEAT),
    "other_coordinator": (Actor(2, Role.COORDINATOR), pr.NO_SEAT),
    "local_user": (Actor(3, Role.COORDINATOR, local=True), pr.NO_SEAT),
    "path_referent": (Actor(40, Role.PARTNER), pr.Seat(DEPT)),
    "caf_partner": (Actor(41, Role.PARTNER), pr.Seat(CAF)),
    "msa_partner": (Actor(42, Role.PARTNER), pr.Seat(MSA)),
    "partner_without_structure": (Actor(43, Role.PARTNER), pr.NO_SEAT),
    "partner_of_closed_structure": (Actor(44, Role.PARTNER), pr.Seat(CAF, structure_active=False)),
    "deactivated_caf_partner": (Actor(45, Role.PARTNER, active=False), pr.Seat(CAF)),
    "deactivated_path_referent": (Actor(40, Role.PARTNER, active=False), pr.Seat(DEPT)),
    "referent": (Actor(50, Role.REFERENT), pr.NO_SEAT),
    "pilot": (Actor(60, Role.PILOT), pr.Seat(CAF)),
    "admin": (Actor(70, Role.ADMIN), pr.NO_SEAT),
    "family": (Actor(None, Role.FAMILY, conference_id=7), pr.NO_SEAT),
}

ACTIONS = {
    "read_household": lambda a, s: pr.can_read_household(a, HOUSEHOLD, s),
    "edit_household": lambda a, s: pr.can_edit_household(a, HOUSEHOLD),
    "manage_partners": lambda a, s: pr.can_manage_household_partners(a, HOUSEHOLD),
    "set_path_referent": lambda a, s: pr.can_set_path_referent(a, HOUSEHOLD),
    "record_meeting": lambda a, s: pr.can_record_meeting(a, HOUSEHOLD),
    "attach_conference": lambda a, s: pr.can_attach_conference(a, HOUSEHOLD, CONFERENCE),
    "add_item": lambda a, s: pr.can_add_item(a, HOUSEHOLD, s),
    "update_caf_decision": lambda a, s: pr.can_update_decision(a, HOUSEHOLD, CAF, s),
    "create_household": lambda a, s: pr.can_create_household(a),
    "list_households": lambda a, s: pr.can_list_households(a),
    "read_directory": lambda a, s: pr.can_read_directory(a),
    "manage_directory": lambda a, s: pr.can_manage_directory(a),
}

ALLOWED = {
    "read_household": {"coordinator", "local_user", "path_referent", "caf_partner"},
    "edit_household": {"coordinator", "local_user", "path_referent"},
    "manage_partners": {"coordinator", "local_user", "path_referent"},
    "set_path_referent": {"coordinator", "local_user", "path_referent"},
    "record_meeting": {"coordinator", "local_user", "path_referent"},
    "attach_conference": {"coordinator"},
    "add_item": {"coordinator", "local_user", "path_referent", "caf_partner"},
    "update_caf_decision": {"coordinator", "local_user", "path_referent", "caf_partner"},
    "create_household": {"coordinator", "other_coordinator", "local_user"},
    "list_households": {"coordinator", "other_coordinator", "local_user", "path_referent", "caf_partner",
                        "msa_partner", "partner_without_structure", "partner_of_closed_structure", "referent"},
    "read_directory": {"coordinator", "other_coordinator", "local_user", "path_referent", "caf_partner",
                       "msa_partner", "partner_without_structure", "partner_of_closed_structure", "referent",
                       "pilot", "admin"},
    "manage_directory": {"local_user", "admin"},
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("who", sorted(ACTORS))
def test_role_by_action(who, action):
    actor, seat = ACTORS[who]
    assert ACTIONS[action](actor, seat) is (who in ALLOWED[action]), f"{who} / {action}"


def test_a_partner_whose_structure_left_the_household_loses_it():
    actor, seat = ACTORS["caf_partner"]
    left = replace(HOUSEHOLD, structure_ids=frozenset({CCAS, UDAF, DEPT}))
    assert pr.can_read_household(actor, HOUSEHOLD, seat) and not pr.can_read_household(actor, left, seat)


def test_a_new_path_referent_runs_the_household_and_the_former_one_no_longer_does():
    former, seat = ACTORS["path_referent"]
    changed = replace(HOUSEHOLD, path_referent_user_id=41)
    assert not pr.can_edit_household(former, changed)
    assert pr.can_read_household(former, changed, seat)  # its structure still takes part
    assert pr.can_edit_household(ACTORS["caf_partner"][0], changed)


def test_only_the_named_successor_confirms_a_handover():
    assert pr.can_confirm_handover(Actor(41, Role.PARTNER), 41)
    assert not pr.can_confirm_handover(Actor(42, Role.PARTNER), 41)
    assert not pr.can_confirm_handover(Actor(41, Role.PARTNER, active=False), 41)
    assert not pr.can_confirm_handover(Actor(41, Role.PILOT), 41)
    assert not pr.can_confirm_handover(Actor(None, Role.FAMILY), None)


def _item(n, category, *, by, allowed=(), objected=False):
    return InfoItem(id=n, household_id=10, meeting_id=None, brought_by_structure_id=by, brought_by_name="",
                    category=category, text="", allowed_structure_ids=frozenset(allowed), person_objected=objected)


ITEMS = [_item(1, InfoCategory.HOUSING, by=DEPT, allowed=(CAF, CCAS)),
         _item(2, InfoCategory.HEALTH, by=DEPT),
         _item(3, InfoCategory.JUSTICE, by=UDAF, allowed=(CAF,)),
         _item(4, InfoCategory.FINANCIAL, by=UDAF, allowed=(CAF, DEPT), objected=True)]


@pytest.mark.parametrize("who, seen", [
    ("coordinator", [1, 2, 3]),           # runs the meetings: everything not objected
    ("path_referent", [1, 2, 3]),         # DEPT did not bring the objected item
    ("caf_partner", [1, 3]),              # allowed on housing and justice, not on health
    ("msa_partner", []), ("other_coordinator", []), ("pilot", []), ("admin", []), ("referent", []),
    ("deactivated_caf_partner", []), ("partner_of_closed_structure", []), ("family", []),
])
def test_items_an_actor_sees(who, seen):
    actor, seat = ACTORS[who]
    assert [i.id for i in pr.items_for(actor, HOUSEHOLD, seat, ITEMS)] == seen


def test_the_structure_that_brought_an_objected_item_still_sees_it():
    udaf = Actor(46, Role.PARTNER)
    assert [i.id for i in pr.items_for(udaf, HOUSEHOLD, pr.Seat(UDAF), ITEMS)] == [3, 4]
