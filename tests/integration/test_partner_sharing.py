"""Sharing for a purpose through the services, on SQLite and PostgreSQL: a partner brings
an item for its own structure only, the person's later objection takes the item out of
every set of minutes at once, a stale choice is refused, the person's sheet is printed by
who runs the household only."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from conference.demo_partners import load_partners_demo
from conference.domain.errors import Forbidden, StaleWrite
from conference.domain.partnership import InfoCategory
from conference.services import accounts, partner_documents, partner_meetings as pm
from conference.store import models as r


@pytest.fixture
def demo(uow, coordinator):
    return load_partners_demo(coordinator, uow=uow)


def test_a_partner_brings_an_item_for_its_own_structure_only(uow, coordinator, demo):
    caf = accounts.current_actor(demo.users["caf"], uow=uow)

    item = pm.share_item(caf, demo.household_id, InfoCategory.HOUSING, "Le bail se termine en juin.",
                         brought_by_structure_id=demo.structures["udaf"], allowed_structure_ids=[demo.structures["dept"]],
                         informed=True, uow=uow)

    [shared] = [i for i in pm.shared_items(coordinator, demo.household_id, uow=uow) if i.id == item]
    assert shared.brought_by_structure_id == demo.structures["caf"]
    assert shared.allowed_structure_ids == {demo.structures["dept"]}
    caron = accounts.current_actor(demo.users["caron"], uow=uow)
    assert item in [i.id for i in pm.shared_items(caron, demo.household_id, uow=uow)]


def test_an_objection_recorded_later_takes_the_item_out_of_the_minutes(uow, coordinator, demo):
    first = demo.meetings[0]
    [rent] = [i for i in pm.shared_items(coordinator, demo.household_id, uow=uow)
              if i.category is InfoCategory.FINANCIAL]
    with uow:
        version = uow.session.get(r.SharedItemRow, rent.id).version
    assert [i.id for i in pm.minutes_snapshot(coordinator, first, "partners", uow=uow).info_items] == [rent.id]

    pm.set_item_consent(coordinator, rent.id, version, objected=True, uow=uow)

    for audience in ("partners", "person"):
        assert pm.minutes_snapshot(coordinator, first, audience, uow=uow).info_items == ()
    caf = accounts.current_actor(demo.users["caf"], uow=uow)
    assert [i.id for i in pm.shared_items(caf, demo.household_id, uow=uow)] == [rent.id], "its bringer keeps it"
    with pytest.raises(StaleWrite):
        pm.set_item_consent(coordinator, rent.id, version, objected=False, uow=uow)


def test_changing_who_is_allowed_moves_the_items_version(uow, coordinator, demo):
    [health] = [i for i in pm.shared_items(coordinator, demo.household_id, uow=uow)
                if i.category is InfoCategory.HEALTH]
    with uow:
        version = uow.session.get(r.SharedItemRow, health.id).version

    new_version = pm.set_item_consent(coordinator, health.id, version,
                                      allowed_structure_ids=[demo.structures["caf"]], uow=uow)

    assert new_version == version + 1
    caf = accounts.current_actor(demo.users["caf"], uow=uow)
    assert health.id in [i.id for i in pm.shared_items(caf, demo.household_id, uow=uow)]


def test_a_partner_changes_no_consent_and_prints_no_sheet_for_the_person(uow, coordinator, demo):
    caf = accounts.current_actor(demo.users["caf"], uow=uow)
    [rent] = [i for i in pm.shared_items(caf, demo.household_id, uow=uow)]
    with uow:
        audit_before = uow.session.scalar(select(func.count()).select_from(r.AuditRow))

    with pytest.raises(Forbidden):
        pm.set_item_consent(caf, rent.id, 1, objected=True, uow=uow)
    with pytest.raises(Forbidden):
        partner_documents.export_shared_with_whom(caf, demo.household_id, uow=uow)

    with uow:
        assert uow.session.scalar(select(func.count()).select_from(r.AuditRow)) == audit_before
        assert uow.session.get(r.SharedItemRow, rent.id).person_objected is False
    name, data = partner_documents.export_shared_with_whom(coordinator, demo.household_id, uow=uow)
    assert name.endswith(".docx") and data[:2] == b"PK"
