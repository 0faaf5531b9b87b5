"""AppTest: the family's own network map (pages/family_network.py), in family mode.

The family draws its circle: adds people, changes circles, ties people, undoes its own
last change, and never meets Julien Moreau, the demo's fictional father flagged "not
safe": not on the map, not in a list, not in a choice. Changes are checked through the
services with a fresh read.
"""
from __future__ import annotations

import json

import pytest

from conference.domain.enums import Phase, Relation, Role, TieKind
from conference.security.rules import Actor
from conference.services import network

from ..factories import make_actor
from .conftest import texts
from .conftest import everything
from .test_network import JULIEN

PAGE = "pages/family_network.py"


@pytest.fixture
def family_app(open_as_family):
    """The app in family mode for conference ``cid``, opened on the family's map."""
    return lambda cid: open_as_family(cid, PAGE)


def family_of(cid: int) -> Actor:
    return make_actor(Role.FAMILY, conference_id=cid)


def people(uow, coordinator, cid) -> dict:
    return {p.name: p for p in network.get_network(coordinator, cid, uow=uow).participants}


def payload(at) -> dict:
    return json.loads(json.loads(at.get("bidi_component")[0].proto.json)["payload"])


def open_tab(at, label: str):
    at.session_state["fnet_tabs"] = label
    return at.run()


def test_the_family_sees_its_map_and_never_the_person_who_is_not_safe(family_app, conference_at):
    cid = conference_at(Phase.PREPARATION)

    at = family_app(cid)

    assert not at.exception and not at.error
    assert "Notre réseau" in texts(at) and "Qui est autour de Lina ?" in texts(at)
    assert "Mamie Mariam" in [n["label"] for n in payload(at)["nodes"]]
    assert payload(at)["for_sharing"] is True
    for tab in ("Ajouter une personne", "Changer une personne", "Liens"):
        open_tab(at, tab)
        assert JULIEN not in everything(at), f"« {tab} » shows the person flagged not safe"


def test_the_choices_of_the_family_hold_only_shareable_people(family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PREPARATION)
    julien = people(uow, coordinator, cid)[JULIEN]
    at = family_app(cid)

    open_tab(at, "Changer une personne")
    assert julien.id not in at.selectbox(key="fnet_person").options
    open_tab(at, "Liens")
    assert julien.id not in at.selectbox(key="fnet_tie_a").options


def test_the_family_adds_a_person_changes_a_circle_and_ties_two_people(family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    at = family_app(cid)

    at.text_input(key="fnet_add_name").input("Tata Fatou")
    at.selectbox(key="fnet_add_relation").set_value(Relation.FAMILY)
    at.radio(key="fnet_add_ring").set_value(3)
    at.button(key="fnet_add_submit").click().run()
    fatou = people(uow, coordinator, cid)["Tata Fatou"]
    assert (fatou.relation, fatou.ring) == (Relation.FAMILY, 3)

    open_tab(at, "Changer une personne")
    at.selectbox(key="fnet_person").set_value(fatou.id).run()
    at.segmented_control(key=f"fnet_ring_{fatou.id}_{fatou.version}").set_value(1).run()
    assert people(uow, coordinator, cid)["Tata Fatou"].ring == 1

    mariam = people(uow, coordinator, cid)["Mamie Mariam"]
    open_tab(at, "Liens")
    at.selectbox(key="fnet_tie_a").set_value(fatou.id)
    at.selectbox(key="fnet_tie_b").set_value(mariam.id)
    at.radio(key="fnet_tie_kind").set_value(TieKind.SUPPORT)
    at.button(key="fnet_tie_submit").click().run()

    ties = network.get_network(coordinator, cid, uow=uow).ties
    assert [(t.source_id, t.target_id, t.kind) for t in ties] == [
        (min(fatou.id, mariam.id), max(fatou.id, mariam.id), TieKind.SUPPORT)]
    assert not at.error
    assert "Tata Fatou" in texts(at).split("Qui est sur notre carte")[1]


def test_the_family_undoes_its_own_last_change(family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PREPARATION)
    at = family_app(cid)
    mariam = people(uow, coordinator, cid)["Mamie Mariam"]
    open_tab(at, "Changer une personne")
    at.selectbox(key="fnet_person").set_value(mariam.id).run()
    at.segmented_control(key=f"fnet_ring_{mariam.id}_{mariam.version}").set_value(2).run()
    assert people(uow, coordinator, cid)["Mamie Mariam"].ring == 2

    at.button(key="fnet_undo_button").click().run()

    assert people(uow, coordinator, cid)["Mamie Mariam"].ring == 1
    assert at.button(key="fnet_undo_button").disabled


def test_the_family_does_not_get_the_coordinators_undo(family_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PREPARATION)
    at = family_app(cid)
    change = network.add_member(coordinator, cid, "Ajout de la coordinatrice", Relation.FRIEND, 2, uow=uow)
    at.session_state["net_undo"] = change.undo  # the coordinator's token, same browser session

    at.run()

    assert at.button(key="fnet_undo_button").disabled


def test_the_family_map_speaks_french_in_plain_words(family_app, conference_at):
    cid = conference_at(Phase.PREPARATION)

    at = family_app(cid)

    assert [t.label for t in at.tabs] == ["Ajouter une personne", "Changer une personne", "Liens"]
    assert at.text_input(key="fnet_add_name").label == "Prénom, nom ou surnom"
    assert at.selectbox(key="fnet_add_relation").label == "Qui est-ce pour Lina ?"
    assert at.radio(key="fnet_add_ring").options == ["1 · très proche", "2 · proche", "3 · plus loin",
                                                     "Pas encore placé·e"]
    assert at.button(key="fnet_add_submit").label == "Ajouter sur la carte"
