"""The network map's use cases on a real migrated SQLite database: edits persist, undo,
family limits, exports never hold a "not safe" person, a wrong import changes nothing."""
from __future__ import annotations

import dataclasses
import io
import json
import zipfile

import pytest

from conference.domain.enums import Phase, Relation, Role, Support, TieKind
from conference.domain.errors import Forbidden, InvalidInput, NotFound, StaleWrite
from conference.network import exchange
from conference.network.exchange import NetworkImportInvalid
from conference.security.rules import Actor
from conference.services import conferences, network as net, preparation
from conference.store.db import make_engine, session_factory
from conference.store.migrate import upgrade
from conference.store.uow import UnitOfWork

from ..factories import make_conference, make_coordinator


@pytest.fixture
def cid(uow, coordinator):
    return make_conference(uow, coordinator, Phase.PREPARATION)


@pytest.fixture
def fresh(engine):
    """Another unit of work on the same database: what a page would see after a restart."""
    return UnitOfWork(session_factory(engine))


@pytest.fixture
def family(cid):
    return Actor(id=None, role=Role.FAMILY, conference_id=cid)


def ident(view: net.NetworkView, name: str) -> int:
    return next(p.id for p in view.participants if p.name == name)


def person(view: net.NetworkView, name: str):
    return next(p for p in view.participants if p.name == name)


def whole_network(actor, cid, uow) -> tuple:
    view = net.get_network(actor, cid, uow=uow)
    return view.participants, view.ties


def audit_actions(uow) -> list[str]:
    with uow:
        return [e.action for e in uow.audit.entries()]


# --- people ------------------------------------------------------------------------------------

def test_a_member_added_on_the_map_is_a_participant_that_persists(uow, fresh, coordinator, cid):
    change = net.add_member(coordinator, cid, "Cousine Aïcha", Relation.FAMILY, 2, uow=uow)

    view = net.get_network(coordinator, cid, uow=fresh)
    conf = conferences.get_conference(coordinator, cid, uow=fresh)

    added = person(view, "Cousine Aïcha")
    assert (added.id, added.relation, added.ring, added.invitation.value) == (change.target_id, Relation.FAMILY, 2,
                                                                              "to_invite")
    assert added in conf.participants
    assert "participant.added" in audit_actions(fresh)


def test_the_short_form_refuses_an_unknown_relation_and_a_ring_out_of_range(uow, coordinator, cid):
    with pytest.raises(InvalidInput) as relation:
        net.add_member(coordinator, cid, "Quelqu'un", "cousinn", 1, uow=uow)
    with pytest.raises(InvalidInput) as ring:
        net.add_member(coordinator, cid, "Quelqu'un", "family", 4, uow=uow)

    assert (relation.value.field, ring.value.field) == ("relation", "ring")


def test_ring_relation_and_supports_persist(uow, fresh, coordinator, cid):
    karim = person(net.get_network(coordinator, cid, uow=uow), "Oncle Karim")

    v1 = net.set_ring(coordinator, cid, karim.id, 2, karim.version, uow=uow).version
    v2 = net.set_relation(coordinator, cid, karim.id, "trusted_person", v1, uow=uow).version
    net.set_supports(coordinator, cid, karim.id, [Support.TRANSPORT, "practical", "transport"], v2, uow=uow)

    again = person(net.get_network(coordinator, cid, uow=fresh), "Oncle Karim")
    assert (again.ring, again.relation, again.supports) == (2, Relation.TRUSTED_PERSON,
                                                           (Support.TRANSPORT, Support.PRACTICAL))
    assert again.version == karim.version + 3


def test_a_moved_person_keeps_their_position_until_it_is_reset(uow, fresh, coordinator, cid):
    mariam = person(net.get_network(coordinator, cid, uow=uow), "Mamie Mariam")

    moved = net.move_member(coordinator, cid, mariam.id, 123.456, -78.9, mariam.version, uow=uow)
    node = next(n for n in net.get_network(coordinator, cid, uow=fresh).map.nodes if n.id == mariam.id)
    net.reset_position(coordinator, cid, mariam.id, moved.version, uow=uow)
    after = next(n for n in net.get_network(coordinator, cid, uow=fresh).map.nodes if n.id == mariam.id)

    assert (node.x, node.y, node.moved) == (123.5, -78.9, True)
    assert not after.moved and (after.x, after.y) != (123.5, -78.9)


def test_a_stale_move_is_refused_and_nothing_is_written(uow, fresh, coordinator, cid):
    mariam = person(net.get_network(coordinator, cid, uow=uow), "Mamie Mariam")
    net.move_member(coordinator, cid, mariam.id, 10, 10, mariam.version, uow=uow)

    with pytest.raises(StaleWrite):
        net.move_member(coordinator, cid, mariam.id, 99, 99, mariam.version, uow=uow)

    assert person(net.get_network(coordinator, cid, uow=fresh), "Mamie Mariam").position == (10.0, 10.0)


def test_a_position_must_be_a_finite_number(uow, coordinator, cid):
    mariam = person(net.get_network(coordinator, cid, uow=uow), "Mamie Mariam")

    with pytest.raises(InvalidInput):
        net.move_member(coordinator, cid, mariam.id, float("nan"), 0, mariam.version, uow=uow)


# --- ties --------------------------------------------------------------------------------------

def test_a_tie_persists_and_appears_on_the_map(uow, fresh, coordinator, cid):
    view = net.get_network(coordinator, cid, uow=uow)
    mariam, karim = ident(view, "Mamie Mariam"), ident(view, "Oncle Karim")

    change = net.add_tie(coordinator, cid, karim, mariam, TieKind.SUPPORT, uow=uow)

    again = net.get_network(coordinator, cid, uow=fresh)
    assert [(t.id, t.source_id, t.target_id, t.kind) for t in again.ties] == [
        (change.target_id, min(mariam, karim), max(mariam, karim), TieKind.SUPPORT)]
    assert len(again.map.edges) == 1 and mariam not in again.analysis.isolated


def test_a_self_tie_and_a_second_tie_between_the_same_people_are_refused(uow, coordinator, cid):
    view = net.get_network(coordinator, cid, uow=uow)
    mariam, karim = ident(view, "Mamie Mariam"), ident(view, "Oncle Karim")
    net.add_tie(coordinator, cid, mariam, karim, "support", uow=uow)

    with pytest.raises(InvalidInput) as self_tie:
        net.add_tie(coordinator, cid, mariam, mariam, "support", uow=uow)
    with pytest.raises(InvalidInput) as duplicate:
        net.add_tie(coordinator, cid, karim, mariam, "conflict", uow=uow)

    assert (self_tie.value.code, duplicate.value.code) == ("self_tie", "duplicate")


def test_a_tie_to_a_person_of_another_conference_is_refused(uow, coordinator, cid):
    other = make_conference(uow, coordinator, Phase.PREPARATION)
    stranger = ident(net.get_network(coordinator, other, uow=uow), "Oncle Karim")
    mariam = ident(net.get_network(coordinator, cid, uow=uow), "Mamie Mariam")

    with pytest.raises(NotFound):
        net.add_tie(coordinator, cid, mariam, stranger, "support", uow=uow)


def test_a_removed_tie_is_gone(uow, fresh, coordinator, cid):
    view = net.get_network(coordinator, cid, uow=uow)
    tie = net.add_tie(coordinator, cid, ident(view, "Mamie Mariam"), ident(view, "Oncle Karim"), "conflict", uow=uow)

    net.remove_tie(coordinator, cid, tie.target_id, uow=uow)

    assert net.get_network(coordinator, cid, uow=fresh).ties == ()


# --- undo --------------------------------------------------------------------------------------

def test_undo_removes_the_member_just_added(uow, fresh, coordinator, cid):
    change = net.add_member(coordinator, cid, "Voisine Odile", "neighbour", 3, uow=uow)

    net.undo_last_change(coordinator, cid, change.undo, uow=uow)

    assert "Voisine Odile" not in {p.name for p in net.get_network(coordinator, cid, uow=fresh).participants}
    assert "network.undone" in audit_actions(fresh)


def test_undo_puts_back_the_ring_and_the_position(uow, fresh, coordinator, cid):
    karim = person(net.get_network(coordinator, cid, uow=uow), "Oncle Karim")
    ring = net.set_ring(coordinator, cid, karim.id, 3, karim.version, uow=uow)
    net.undo_last_change(coordinator, cid, ring.undo, uow=uow)
    again = person(net.get_network(coordinator, cid, uow=fresh), "Oncle Karim")
    move = net.move_member(coordinator, cid, karim.id, 5, 5, again.version, uow=uow)

    net.undo_last_change(coordinator, cid, move.undo, uow=uow)

    final = person(net.get_network(coordinator, cid, uow=fresh), "Oncle Karim")
    assert (again.ring, final.ring, final.position) == (1, 1, None)


def test_undo_of_a_tie_added_or_removed(uow, fresh, coordinator, cid):
    view = net.get_network(coordinator, cid, uow=uow)
    added = net.add_tie(coordinator, cid, ident(view, "Mamie Mariam"), ident(view, "Oncle Karim"), "support", uow=uow)
    removed = net.remove_tie(coordinator, cid, added.target_id, uow=uow)

    net.undo_last_change(coordinator, cid, removed.undo, uow=uow)
    restored = net.get_network(coordinator, cid, uow=fresh).ties
    net.undo_last_change(coordinator, cid, dataclasses.replace(
        added.undo, steps=(dataclasses.replace(added.undo.steps[0], tie_id=restored[0].id),)), uow=uow)

    assert [t.kind for t in restored] == [TieKind.SUPPORT]
    assert net.get_network(coordinator, cid, uow=fresh).ties == ()


def test_undo_is_refused_when_the_person_changed_since_and_nothing_changes(uow, fresh, coordinator, cid):
    karim = person(net.get_network(coordinator, cid, uow=uow), "Oncle Karim")
    first = net.set_ring(coordinator, cid, karim.id, 2, karim.version, uow=uow)
    net.set_ring(coordinator, cid, karim.id, 3, first.version, uow=uow)

    with pytest.raises(StaleWrite):
        net.undo_last_change(coordinator, cid, first.undo, uow=uow)

    assert person(net.get_network(coordinator, cid, uow=fresh), "Oncle Karim").ring == 3


def test_undo_of_an_added_member_is_refused_once_they_have_ties(uow, fresh, coordinator, cid):
    change = net.add_member(coordinator, cid, "Voisine Odile", "neighbour", 3, uow=uow)
    mariam = ident(net.get_network(coordinator, cid, uow=uow), "Mamie Mariam")
    net.add_tie(coordinator, cid, change.target_id, mariam, "support", uow=uow)

    with pytest.raises(StaleWrite):
        net.undo_last_change(coordinator, cid, change.undo, uow=uow)

    assert "Voisine Odile" in {p.name for p in net.get_network(coordinator, cid, uow=fresh).participants}


def test_an_undo_token_of_another_conference_is_refused(uow, coordinator, cid):
    other = make_conference(uow, coordinator, Phase.PREPARATION)
    change = net.add_member(coordinator, other, "Voisine Odile", "neighbour", 3, uow=uow)

    with pytest.raises(InvalidInput):
        net.undo_last_change(coordinator, cid, change.undo, uow=uow)


# --- the family ------------------------------------------------------------------------------

def test_the_family_adds_people_and_ties_on_its_own_screen(uow, fresh, family, coordinator, cid):
    view = net.get_shareable_network(family, cid, uow=uow)

    added = net.add_member(family, cid, "Tata Fatou", "family", 1, uow=uow)
    net.add_tie(family, cid, added.target_id, ident(view, "Mamie Mariam"), "support", uow=uow)
    net.move_member(family, cid, added.target_id, 40, 40, added.version, uow=uow)

    again = net.get_network(coordinator, cid, uow=fresh)
    assert person(again, "Tata Fatou").position == (40.0, 40.0) and len(again.ties) == 1


def test_the_shared_network_never_holds_the_not_safe_person(uow, family, coordinator, cid):
    shared = net.get_shareable_network(family, cid, uow=uow)
    professional = net.get_network(coordinator, cid, uow=uow)

    assert "Julien Moreau" not in {p.name for p in shared.participants}
    assert "Julien Moreau" not in {n.label for n in shared.map.nodes}
    assert person(professional, "Julien Moreau").not_safe and professional.analysis.hidden == 1
    assert shared.analysis.hidden == 0 and shared.analysis.size == professional.analysis.size - 1


def test_for_the_family_a_not_safe_person_does_not_exist(uow, fresh, family, coordinator, cid):
    view = net.get_network(coordinator, cid, uow=uow)
    julien, mariam = person(view, "Julien Moreau"), ident(view, "Mamie Mariam")
    tie = net.add_tie(coordinator, cid, julien.id, mariam, "conflict", uow=uow)

    with pytest.raises(NotFound):
        net.set_ring(family, cid, julien.id, 1, julien.version, uow=uow)
    with pytest.raises(NotFound):
        net.add_tie(family, cid, julien.id, mariam, "support", uow=uow)
    with pytest.raises(NotFound):
        net.remove_tie(family, cid, tie.target_id, uow=uow)

    assert whole_network(coordinator, cid, fresh)[0] == view.participants


ACTIONS = {
    "get_network": lambda a, cid, ids, uow: net.get_network(a, cid, uow=uow),
    "get_shareable_network": lambda a, cid, ids, uow: net.get_shareable_network(a, cid, uow=uow),
    "add_member": lambda a, cid, ids, uow: net.add_member(a, cid, "Cousin Fictif", "family", 2, uow=uow),
    "set_ring": lambda a, cid, ids, uow: net.set_ring(a, cid, ids["Oncle Karim"].id, 2, ids["Oncle Karim"].version,
                                                      uow=uow),
    "add_tie": lambda a, cid, ids, uow: net.add_tie(a, cid, ids["Oncle Karim"].id, ids["Mamie Mariam"].id, "support",
                                                    uow=uow),
    "move_member": lambda a, cid, ids, uow: net.move_member(a, cid, ids["Mamie Mariam"].id, 1, 1,
                                                            ids["Mamie Mariam"].version, uow=uow),
    "snapshot_network": lambda a, cid, ids, uow: net.snapshot_network(a, cid, "avant", uow=uow),
    "export_network": lambda a, cid, ids, uow: net.export_network(a, cid, "json", uow=uow),
    "import_network": lambda a, cid, ids, uow: net.import_network(
        a, cid, "csv", "name;relation\r\nCousin Fictif;family\r\n".encode(), uow=uow),
}
ALLOWED = {
    "coordinator": set(ACTIONS),
    "family": {"get_shareable_network", "add_member", "set_ring", "add_tie", "move_member"},
    "other coordinator": set(),
    "family of another conference": set(),
    "deactivated coordinator": set(),
}


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory):
    """One migrated database for the whole matrix (each cell still gets its own conference)."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'cercle-matrix.sqlite3'}")
    upgrade(engine)
    uow = UnitOfWork(session_factory(engine))
    yield uow, make_coordinator(uow), make_coordinator(uow, "Autre Coordinatrice Fictive")
    engine.dispose()


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("who", sorted(ALLOWED))
def test_permissions_of_each_role_on_each_network_action(shared_db, who, action):
    uow, coordinator, other = shared_db
    cid = make_conference(uow, coordinator, Phase.PREPARATION)
    actor = {
        "coordinator": coordinator,
        "family": Actor(id=None, role=Role.FAMILY, conference_id=cid),
        "other coordinator": other,
        "family of another conference": Actor(id=None, role=Role.FAMILY, conference_id=cid + 1),
        "deactivated coordinator": dataclasses.replace(coordinator, active=False),
    }[who]
    ids = {p.name: p for p in net.get_network(coordinator, cid, uow=uow).participants}

    if action in ALLOWED[who]:
        ACTIONS[action](actor, cid, ids, uow)
    else:
        with pytest.raises(Forbidden):
            ACTIONS[action](actor, cid, ids, uow)


def test_nobody_edits_the_map_of_a_closed_conference(uow, coordinator):
    closed = make_conference(uow, coordinator, Phase.CLOSED)

    with pytest.raises(Forbidden):
        net.add_member(coordinator, closed, "Trop tard", "friend", 3, uow=uow)
    with pytest.raises(Forbidden):
        net.add_member(Actor(id=None, role=Role.FAMILY, conference_id=closed), closed, "Trop tard", "friend", 3,
                       uow=uow)


# --- export, import, snapshots -------------------------------------------------------------------

@pytest.mark.parametrize("fmt", exchange.FORMATS)
def test_an_export_is_audited_named_without_names_and_never_holds_the_not_safe_person(uow, fresh, coordinator, cid,
                                                                                       fmt):
    filename, data = net.export_network(coordinator, cid, fmt, uow=uow)

    contents = [data]
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            contents += [archive.read(name) for name in archive.namelist()]
    assert all(b"Julien Moreau" not in content for content in contents)
    assert filename.startswith(f"reseau-conference-{cid}-") and "Moreau" not in filename
    with fresh:
        entry = [e for e in fresh.audit.entries() if e.action == "export.network"][-1]
        assert (entry.target_id, entry.details["format"]) == (cid, fmt)


def test_an_import_merges_by_name_in_one_transaction_and_can_be_undone(uow, fresh, coordinator, cid):
    before = whole_network(coordinator, cid, uow)
    data = ("\ufeffname;relation;ring;supports\r\n"
            "Mamie Mariam;family;1;childcare\r\nCousine Aïcha;famille;2;transport\r\n").encode()
    ties = "source;target;kind\r\nCousine Aïcha;Mamie Mariam;support\r\n".encode()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("members.csv", data)
        z.writestr("ties.csv", ties)

    result = net.import_network(coordinator, cid, "csv", archive.getvalue(), uow=uow)
    merged = net.get_network(coordinator, cid, uow=fresh)
    net.undo_last_change(coordinator, cid, result.undo, uow=uow)

    assert (result.added, result.updated, result.ties_added) == (1, 1, 1)
    assert person(merged, "Mamie Mariam").supports == (Support.CHILDCARE,)
    assert person(merged, "Cousine Aïcha").ring == 2 and len(merged.ties) == 1
    assert whole_network(coordinator, cid, fresh)[1] == before[1]
    assert [(p.name, p.ring, p.supports) for p in whole_network(coordinator, cid, fresh)[0]] == [
        (p.name, p.ring, p.supports) for p in before[0]]


def test_a_malformed_import_changes_nothing(uow, fresh, coordinator, cid):
    before = whole_network(coordinator, cid, uow)
    audit_before = audit_actions(uow)
    data = "\ufeffname;relation;ring\r\nCousine Aïcha;family;2\r\nCousin Ali;cousinn;2\r\n".encode()

    with pytest.raises(NetworkImportInvalid) as refused:
        net.import_network(coordinator, cid, "csv", data, uow=uow)

    assert [(p.line, p.field, p.code) for p in refused.value.problems] == [(3, "relation", "unknown_value")]
    assert whole_network(coordinator, cid, fresh) == before
    assert audit_actions(fresh) == audit_before


def test_an_import_refused_while_merging_changes_nothing(uow, fresh, coordinator, cid):
    preparation.add_participant(coordinator, cid, uow=uow, name="oncle KARIM", relation="friend")
    before = whole_network(coordinator, cid, uow)
    data = "\ufeffname;relation\r\nCousine Aïcha;family\r\nOncle Karim;family\r\n".encode()

    with pytest.raises(NetworkImportInvalid) as refused:
        net.import_network(coordinator, cid, "csv", data, uow=uow)

    assert [p.code for p in refused.value.problems] == ["ambiguous_name"]
    assert whole_network(coordinator, cid, fresh) == before


def test_a_json_export_recreates_the_shared_map_in_another_conference(uow, fresh, coordinator, cid):
    view = net.get_network(coordinator, cid, uow=uow)
    net.add_tie(coordinator, cid, ident(view, "Mamie Mariam"), ident(view, "Oncle Karim"), "support", uow=uow)
    _name, data = net.export_network(coordinator, cid, "json", uow=uow)
    target = conferences.create_conference(coordinator, "Famille Copie (démo)", uow=uow)

    result = net.import_network(coordinator, target, "json", data, uow=uow)

    copy = net.get_network(coordinator, target, uow=fresh)
    shared = net.get_shareable_network(coordinator, cid, uow=fresh)
    assert result.added == len(shared.participants) == len(copy.participants)
    assert sorted((p.name, p.relation, p.ring) for p in copy.participants) == sorted(
        (p.name, p.relation, p.ring) for p in shared.participants)
    assert len(copy.ties) == 1


def test_a_snapshot_taken_at_adoption_is_compared_with_the_live_map(uow, fresh, coordinator, cid):
    karim = person(net.get_network(coordinator, cid, uow=uow), "Oncle Karim")
    net.snapshot_network(coordinator, cid, "adoption", uow=uow)
    net.add_member(coordinator, cid, "Voisine Odile", "neighbour", 2, uow=uow)
    net.set_ring(coordinator, cid, karim.id, 2, karim.version, uow=uow)

    result = net.compare_with_snapshot(coordinator, cid, "adoption", uow=fresh)

    assert [p.name for p in result.joined] == ["Voisine Odile"] and result.left == ()
    assert [(c.person.name, c.before, c.after) for c in result.ring_changed] == [("Oncle Karim", 1, 2)]
    assert [s.label for s in net.list_snapshots(coordinator, cid, uow=fresh)] == ["adoption"]


def test_the_snapshot_keeps_everyone_but_a_shared_comparison_does_not_show_them(uow, fresh, family, coordinator, cid):
    net.snapshot_network(coordinator, cid, "adoption", uow=uow)
    julien = ident(net.get_network(coordinator, cid, uow=uow), "Julien Moreau")
    preparation.remove_participant(coordinator, cid, julien, uow=uow)

    professional = net.compare_with_snapshot(coordinator, cid, "adoption", uow=fresh)
    shared = net.compare_with_snapshot(family, cid, "adoption", for_sharing=True, uow=fresh)

    assert [p.name for p in professional.left] == ["Julien Moreau"]
    assert shared.left == () and "Julien Moreau" not in json.dumps(dataclasses.asdict(shared))


def test_comparing_with_an_unknown_snapshot_says_not_found(uow, coordinator, cid):
    with pytest.raises(NotFound):
        net.compare_with_snapshot(coordinator, cid, "jamais prise", uow=uow)
