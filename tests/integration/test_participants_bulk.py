"""Several people at once (``preparation.add_participants`` / ``update_participants``) on a
real migrated database: one transaction, one audit entry, a bad row or a stale list
changes nothing."""
from __future__ import annotations

import pytest

from conference.domain.enums import InvitationStatus, Phase, Relation, Role, Support
from conference.domain.errors import Forbidden, InvalidInput, StaleWrite
from conference.security.rules import Actor
from conference.services import conferences, preparation
from conference.services.preparation import InvalidRow, roster_version

from ..factories import make_conference


@pytest.fixture
def cid(uow, coordinator):
    return make_conference(uow, coordinator, Phase.PREPARATION)


def people(coordinator, cid, uow):
    return conferences.get_conference(coordinator, cid, uow=uow).participants


def version(coordinator, cid, uow) -> int:
    return roster_version(p.id for p in people(coordinator, cid, uow))


def audit(uow) -> list:
    with uow:
        return [(e.action, e.target_type, e.target_id, e.details) for e in uow.audit.entries()]


def test_six_people_are_added_in_one_transaction_with_one_audit_entry(uow, coordinator, cid):
    before = people(coordinator, cid, uow)
    entries = len(audit(uow))
    rows = [{"name": "Cousine Yasmine", "relation": "family", "ring": 2, "supports": ["childcare"]},
            {"name": "Tante Fatou", "relation": Relation.FAMILY, "ring": 1, "invitation": "invited"},
            {"name": "Voisine Mme Garnier", "relation": "neighbour"},
            {"name": "Collègue de maman", "relation": "colleague", "ring": None},
            {"name": "Pair-aidant Samir", "relation": "peer_supporter", "ring": 3},
            {"name": "Parrain Lucien"}]

    ids = preparation.add_participants(coordinator, cid, rows, roster_version(p.id for p in before), uow=uow)

    after = {p.id: p for p in people(coordinator, cid, uow)}
    assert len(ids) == 6 and len(after) == len(before) + 6
    added = [after[i] for i in ids]
    assert [p.name for p in added] == [row["name"] for row in rows]
    assert added[0].supports == (Support.CHILDCARE,) and added[0].ring == 2
    assert added[1].invitation is InvitationStatus.INVITED and added[1].ring == 1
    # Blank cells take the defaults: the ring follows the relation, the relation is family.
    assert (added[2].relation, added[2].ring, added[2].invitation) == (Relation.NEIGHBOUR, 3,
                                                                        InvitationStatus.TO_INVITE)
    assert added[3].ring == preparation.DEFAULT_RING[Relation.COLLEAGUE]
    assert (added[5].relation, added[5].ring) == (Relation.FAMILY, preparation.DEFAULT_RING[Relation.FAMILY])
    new_entries = audit(uow)[entries:]
    assert new_entries == [("participants.added", "conference", cid, {"participant_ids": ids, "count": 6})]


def test_a_bad_row_is_refused_with_its_line_and_nothing_is_written(uow, coordinator, cid):
    before = people(coordinator, cid, uow)
    entries = len(audit(uow))
    rows = [{"name": "Cousine Yasmine", "relation": "family"},
            {"name": "Tonton Imaginaire", "relation": "tonton"},
            {"name": "Tante Fatou", "relation": "family"}]

    with pytest.raises(InvalidRow) as refused:
        preparation.add_participants(coordinator, cid, rows, roster_version(p.id for p in before), uow=uow)

    assert (refused.value.line, refused.value.name) == (2, "Tonton Imaginaire")
    assert (refused.value.field, refused.value.code) == ("relation", "unknown_value")
    assert "Tonton" not in str(refused.value)  # a name never reaches the log message
    assert people(coordinator, cid, uow) == before
    assert len(audit(uow)) == entries


@pytest.mark.parametrize(("row", "field", "code"), [
    ({"name": "   "}, "name", "required"),
    ({"name": "X" * 201}, "name", "too_long"),
    ({"name": "Cousin", "ring": 4}, "ring", "unknown_value"),
    ({"name": "Cousin", "supports": ["money"]}, "supports", "unknown_value"),
    ({"name": "Cousin", "shoe_size": 42}, "shoe_size", "unknown_field"),
    ({"name": "M. Imaginaire Dangereux", "not_safe": True, "invitation": "invited"}, "invitation", "not_safe"),
])
def test_each_kind_of_bad_row_names_its_line(uow, coordinator, cid, row, field, code):
    before = people(coordinator, cid, uow)

    with pytest.raises(InvalidRow) as refused:
        preparation.add_participants(coordinator, cid, [{"name": "Cousine Yasmine"}, row],
                                     roster_version(p.id for p in before), uow=uow)

    assert (refused.value.line, refused.value.field, refused.value.code) == (2, field, code)
    assert people(coordinator, cid, uow) == before


def test_a_person_flagged_not_safe_is_recorded_not_to_be_invited(uow, coordinator, cid):
    ids = preparation.add_participants(coordinator, cid, [{"name": "M. Imaginaire Dangereux", "not_safe": True}],
                                       version(coordinator, cid, uow), uow=uow)

    added = next(p for p in people(coordinator, cid, uow) if p.id == ids[0])
    assert added.not_safe and added.invitation is InvitationStatus.NOT_TO_INVITE


def test_the_same_list_submitted_twice_is_refused_as_stale(uow, coordinator, cid):
    seen = version(coordinator, cid, uow)
    preparation.add_participants(coordinator, cid, [{"name": "Cousine Yasmine"}], seen, uow=uow)
    after_first = people(coordinator, cid, uow)

    with pytest.raises(StaleWrite):
        preparation.add_participants(coordinator, cid, [{"name": "Cousine Yasmine"}], seen, uow=uow)

    assert people(coordinator, cid, uow) == after_first


def test_an_empty_or_oversized_batch_is_refused(uow, coordinator, cid):
    seen = version(coordinator, cid, uow)
    with pytest.raises(InvalidInput) as empty:
        preparation.add_participants(coordinator, cid, [], seen, uow=uow)
    with pytest.raises(InvalidInput) as many:
        preparation.add_participants(coordinator, cid, [{"name": f"Cousin {i}"} for i in range(501)], seen, uow=uow)
    assert (empty.value.code, many.value.code) == ("required", "too_many")


def test_only_the_coordinator_adds_people(uow, coordinator, cid):
    family = Actor(id=None, role=Role.FAMILY, conference_id=cid)
    before = people(coordinator, cid, uow)

    with pytest.raises(Forbidden):
        preparation.add_participants(family, cid, [{"name": "Cousine Yasmine"}],
                                     roster_version(p.id for p in before), uow=uow)

    assert people(coordinator, cid, uow) == before


def test_corrections_in_the_table_are_saved_together_and_audited_once(uow, coordinator, cid):
    by_name = {p.name: p for p in people(coordinator, cid, uow)}
    karim, ines = by_name["Oncle Karim"], by_name["Marraine Inès"]
    entries = len(audit(uow))

    versions = preparation.update_participants(coordinator, cid, {
        karim.id: (karim.version, {"not_safe": True}),
        ines.id: (ines.version, {"ring": 2, "supports": ["emotional", "transport"]}),
    }, uow=uow)

    by_name = {p.name: p for p in people(coordinator, cid, uow)}
    assert by_name["Oncle Karim"].not_safe
    assert by_name["Oncle Karim"].invitation is InvitationStatus.NOT_TO_INVITE  # flagging withdraws the invitation
    assert by_name["Marraine Inès"].ring == 2
    assert by_name["Marraine Inès"].supports == (Support.EMOTIONAL, Support.TRANSPORT)
    assert versions == {karim.id: by_name["Oncle Karim"].version, ines.id: by_name["Marraine Inès"].version}
    assert audit(uow)[entries:] == [("participants.updated", "conference", cid,
                                     {"participant_ids": [karim.id, ines.id],
                                      "fields": ["not_safe", "ring", "supports"]})]


def test_one_stale_person_refuses_every_correction(uow, coordinator, cid):
    by_name = {p.name: p for p in people(coordinator, cid, uow)}
    karim, ines = by_name["Oncle Karim"], by_name["Marraine Inès"]
    preparation.update_participant(coordinator, cid, ines.id, ines.version, uow=uow, ring=3)  # someone else

    with pytest.raises(StaleWrite):
        preparation.update_participants(coordinator, cid, {karim.id: (karim.version, {"ring": 3}),
                                                           ines.id: (ines.version, {"ring": 1})}, uow=uow)

    by_name = {p.name: p for p in people(coordinator, cid, uow)}
    assert by_name["Oncle Karim"].ring == karim.ring and by_name["Marraine Inès"].ring == 3


def test_inviting_a_not_safe_person_in_the_table_is_refused_naming_them(uow, coordinator, cid):
    julien = next(p for p in people(coordinator, cid, uow) if p.name == "Julien Moreau")

    with pytest.raises(InvalidRow) as refused:
        preparation.update_participants(coordinator, cid, {julien.id: (julien.version, {"invitation": "invited"})},
                                        uow=uow)

    assert (refused.value.name, refused.value.code) == ("Julien Moreau", "not_safe")
    assert next(p for p in people(coordinator, cid, uow) if p.name == "Julien Moreau").invitation \
        is InvitationStatus.NOT_TO_INVITE


def test_a_pasted_list_becomes_rows():
    names = {"famille": "family", "voisin": "neighbour", "family": "family"}

    rows = preparation.parse_people_list(
        "Cousine  Yasmine\n\nVoisine Mme Garnier ; Voisin\nTante Fatou\tfamille\nTonton Dédé; tonton\n", names)

    assert rows == [{"name": "Cousine Yasmine"}, {"name": "Voisine Mme Garnier", "relation": "neighbour"},
                    {"name": "Tante Fatou", "relation": "family"}, {"name": "Tonton Dédé", "relation": "tonton"}]
