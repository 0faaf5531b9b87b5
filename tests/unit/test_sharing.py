"""The one rule on shared items (conference.domain.sharing): who sees an item, what each
set of minutes may hold. Household Benali-Roussel (SCENARIOS.md §4), fictional."""
from __future__ import annotations

import pytest

from conference.domain.partnership import InfoCategory, InfoItem
from conference.domain.sharing import (Audience, can_see_item, default_allowed, facilitator_items, items_for_minutes,
                                       visible_items)

CAF, CCAS, UDAF, DEPT = 1, 2, 3, 4


def item(n, category=InfoCategory.SOCIAL, *, by=DEPT, allowed=(), objected=False, written=False):
    return InfoItem(id=n, household_id=1, meeting_id=1, brought_by_structure_id=by, brought_by_name="",
                    category=category, text=f"info {n}", allowed_structure_ids=frozenset(allowed),
                    person_informed=True, person_objected=objected, person_may_see_written=written)


ARREARS = item(1, InfoCategory.HOUSING, allowed=(CAF, CCAS, UDAF), written=True)
BACK_INJURY = item(2, InfoCategory.HEALTH, allowed=(CAF,))
COURT_CASE = item(3, InfoCategory.JUSTICE, by=UDAF)
DEBTS = item(4, InfoCategory.FINANCIAL, allowed=(CAF, CCAS, UDAF), objected=True)
ALL = [ARREARS, BACK_INJURY, COURT_CASE, DEBTS]


@pytest.mark.parametrize("structure, seen", [
    (CAF, [1, 2]),          # the health item because CAF was allowed
    (CCAS, [1]),            # no health item, no objected one
    (UDAF, [1, 3]),         # brought the justice item itself
    (DEPT, [1, 2, 4]),      # brought them: the objected item stays with its bringer
    (99, []),               # a structure outside the household sees nothing
    (None, []),
])
def test_a_partner_sees_what_its_structure_may_see(structure, seen):
    assert [i.id for i in visible_items(ALL, structure)] == seen


def test_an_objected_item_is_seen_by_its_bringer_only_even_when_structures_were_allowed():
    assert can_see_item(DEBTS, DEPT)
    assert not any(can_see_item(DEBTS, s) for s in (CAF, CCAS, UDAF))


def test_health_and_justice_are_hidden_unless_allowed():
    assert not can_see_item(BACK_INJURY, CCAS) and can_see_item(BACK_INJURY, CAF)
    assert not can_see_item(COURT_CASE, CAF) and can_see_item(COURT_CASE, UDAF)


def test_the_facilitator_sees_every_item_but_objected_ones_of_other_structures():
    assert [i.id for i in facilitator_items(ALL)] == [1, 2, 3]
    assert [i.id for i in facilitator_items(ALL, DEPT)] == [1, 2, 3, 4]


def test_partners_minutes_hold_no_objected_item_and_only_what_every_recipient_may_see():
    assert [i.id for i in items_for_minutes(ALL, Audience.PARTNERS)] == [1, 2, 3]
    assert [i.id for i in items_for_minutes(ALL, "partners", recipients=[CAF, CCAS, UDAF, DEPT])] == [1]
    assert [i.id for i in items_for_minutes(ALL, Audience.PARTNERS, recipients=[CAF])] == [1, 2]


def test_the_persons_version_holds_only_what_they_agreed_to_see_written():
    agreed_health = item(5, InfoCategory.HEALTH, written=True)
    objected_but_written = item(6, written=True, objected=True)
    kept = items_for_minutes(ALL + [agreed_health, objected_but_written], Audience.PERSON)
    assert [i.id for i in kept] == [1, 5]


def test_a_new_item_proposes_the_table_for_ordinary_categories_and_nobody_for_sensitive_ones():
    assert default_allowed(InfoCategory.HOUSING, DEPT, [CAF, CCAS, DEPT]) == {CAF, CCAS}
    assert default_allowed(InfoCategory.HEALTH, DEPT, [CAF, CCAS, DEPT]) == frozenset()
