"""AppTest: the coordinator's network map page (pages/network.py): shared screen by
default, the analysis, the family's controls (add, circle, relation, ties, undo), the
comparison at follow-up, and nothing editable once closed.

Every change is checked through the services with a fresh read, never on screen only.
The map itself is a browser component: its data is read from the page's messages here;
what it draws and sends back is tested in tests/browser/test_network_map.py.
"""
from __future__ import annotations

import json

import pytest

from conference.domain.enums import Phase, Relation, Support, TieKind
from conference.services import conferences, network

from .conftest import everything, texts

PAGE = "pages/network.py"
JULIEN = "Julien Moreau"  # the demo's fictional father, flagged "not safe"


def map_payload(at, key: str = "net_map") -> dict:
    """What the map component receives (``render.payload``)."""
    component = next(e for e in at.get("bidi_component") if e.proto.id.endswith(key) or key in e.proto.id)
    return json.loads(json.loads(component.proto.json)["payload"])


def view(uow, coordinator, cid):
    return network.get_network(coordinator, cid, uow=uow)


def person(uow, coordinator, cid, name):
    return next(p for p in view(uow, coordinator, cid).participants if p.name == name)


def open_tab(at, label: str):
    at.session_state["net_tabs"] = label
    return at.run()


@pytest.fixture
def network_page(make_app, conference_at):
    def _open(phase=Phase.PREPARATION):
        cid = conference_at(phase)
        return make_app(PAGE, conference_id=cid), cid

    return _open


def test_the_page_opens_on_the_shared_screen_without_the_person_who_is_not_safe(network_page):
    at, _cid = network_page()

    assert not at.exception and not at.error
    assert at.toggle(key="net_shared").value is True
    assert "Carte du réseau" in texts(at) and "Ce que montre la carte" in texts(at)
    assert JULIEN not in everything(at)
    labels = [n["label"] for n in map_payload(at)["nodes"]]
    assert "Mamie Mariam" in labels and JULIEN not in labels


def test_the_professional_view_shows_everyone_with_a_warning(network_page):
    at, _cid = network_page()

    at.toggle(key="net_shared").set_value(False).run()

    julien = next(n for n in map_payload(at)["nodes"] if n["label"] == JULIEN)
    assert julien["not_safe"] is True
    assert "Vue professionnelle" in texts(at)
    assert "1 personne(s) signalée(s) « ne jamais inviter »" in texts(at)


def test_the_professional_view_does_not_survive_leaving_the_page(network_page):
    at, _cid = network_page()
    at.toggle(key="net_shared").set_value(False).run()

    at.switch_page("pages/preparation.py").run()
    at.switch_page(PAGE).run()

    assert at.toggle(key="net_shared").value is True
    assert JULIEN not in everything(at)


def test_the_analysis_counts_circles_and_lists_who_is_not_invited_or_alone(network_page):
    at, _cid = network_page()

    shown = texts(at)

    assert "Personnes autour" in [m.label for m in at.metric]
    assert "1 très proche : **4**" in shown and "Par relation" in shown
    assert "L'aide que personne ne propose encore" in shown
    assert "Sans lien avec personne pour l'instant" in shown


def test_adding_a_person_saves_them_and_offers_to_undo(network_page, uow, coordinator):
    at, cid = network_page()

    at.text_input(key="net_add_name").input("Cousine Aminata")
    at.selectbox(key="net_add_relation").set_value(Relation.FAMILY)
    at.radio(key="net_add_ring").set_value(2)
    at.button(key="net_add_submit").click().run()

    added = person(uow, coordinator, cid, "Cousine Aminata")
    assert (added.relation, added.ring) == (Relation.FAMILY, 2)
    assert at.button(key="net_undo_button").label == "Annuler le dernier changement (personne ajoutée)"
    assert at.text_input(key="net_add_name").value == ""  # the form is ready for the next person
    assert "Cousine Aminata" in [n["label"] for n in map_payload(at)["nodes"]]


def test_a_person_without_relation_is_refused_in_french_and_the_name_stays(network_page, uow, coordinator):
    at, cid = network_page()
    before = len(view(uow, coordinator, cid).participants)

    at.text_input(key="net_add_name").input("Voisine sans relation")
    at.button(key="net_add_submit").click().run()

    assert [e.value for e in at.error] == ["Dites qui est la personne : famille, ami·e, voisin·e…"]
    assert at.text_input(key="net_add_name").value == "Voisine sans relation"
    assert len(view(uow, coordinator, cid).participants) == before


def test_undo_removes_the_person_just_added(network_page, uow, coordinator):
    at, cid = network_page()
    at.text_input(key="net_add_name").input("Ami d'un jour")
    at.selectbox(key="net_add_relation").set_value(Relation.FRIEND)
    at.button(key="net_add_submit").click().run()

    at.button(key="net_undo_button").click().run()

    assert "Ami d'un jour" not in [p.name for p in view(uow, coordinator, cid).participants]
    assert at.button(key="net_undo_button").disabled


def test_changing_the_circle_relation_and_help_of_a_person_saves_each_at_once(network_page, uow, coordinator):
    at, cid = network_page()
    karim = person(uow, coordinator, cid, "Oncle Karim")
    open_tab(at, "Changer une personne")

    at.selectbox(key="net_person").set_value(karim.id).run()
    at.segmented_control(key=f"net_ring_{karim.id}_{karim.version}").set_value(3).run()
    assert person(uow, coordinator, cid, "Oncle Karim").ring == 3

    karim = person(uow, coordinator, cid, "Oncle Karim")
    at.selectbox(key=f"net_relation_{karim.id}_{karim.version}").set_value(Relation.TRUSTED_PERSON).run()
    karim = person(uow, coordinator, cid, "Oncle Karim")
    at.pills(key=f"net_supports_{karim.id}_{karim.version}").set_value([Support.TRANSPORT]).run()

    karim = person(uow, coordinator, cid, "Oncle Karim")
    assert (karim.ring, karim.relation, karim.supports) == (3, Relation.TRUSTED_PERSON, (Support.TRANSPORT,))
    assert at.button(key="net_undo_button").label == "Annuler le dernier changement (aide changée)"


def test_a_stale_change_is_refused_with_the_conflict_message(network_page, uow, coordinator):
    at, cid = network_page()
    karim = person(uow, coordinator, cid, "Oncle Karim")
    open_tab(at, "Changer une personne")
    at.selectbox(key="net_person").set_value(karim.id).run()
    network.set_ring(coordinator, cid, karim.id, 2, karim.version, uow=uow)  # someone else, meanwhile

    at.segmented_control(key=f"net_ring_{karim.id}_{karim.version}").set_value(3).run()

    assert person(uow, coordinator, cid, "Oncle Karim").ring == 2
    assert any("Quelqu'un a modifié la carte" in e.value for e in at.error)


def test_drawing_a_tie_saves_it_and_a_second_one_is_refused_in_french(network_page, uow, coordinator):
    at, cid = network_page()
    mariam, ines = person(uow, coordinator, cid, "Mamie Mariam"), person(uow, coordinator, cid, "Marraine Inès")
    open_tab(at, "Liens")

    for _round in range(2):
        at.selectbox(key="net_tie_a").set_value(mariam.id)
        at.selectbox(key="net_tie_b").set_value(ines.id)
        at.radio(key="net_tie_kind").set_value(TieKind.CONFLICT)
        at.button(key="net_tie_submit").click().run()

    ties = [(t.source_id, t.target_id, t.kind) for t in view(uow, coordinator, cid).ties]
    assert ties.count((min(mariam.id, ines.id), max(mariam.id, ines.id), TieKind.CONFLICT)) == 1
    assert [e.value for e in at.error] == [
        "Ces deux personnes sont déjà reliées. Retirez d'abord l'ancien lien pour le changer."]


def test_removing_a_tie_then_undoing_puts_it_back(network_page, uow, coordinator):
    at, cid = network_page()
    mariam, karim = person(uow, coordinator, cid, "Mamie Mariam"), person(uow, coordinator, cid, "Oncle Karim")
    network.add_tie(coordinator, cid, mariam.id, karim.id, TieKind.SUPPORT, uow=uow)
    tie = view(uow, coordinator, cid).ties[0]
    at.run()
    open_tab(at, "Liens")

    at.selectbox(key="net_tie_remove").set_value(tie.id)
    at.button(key="net_tie_remove_submit").click().run()
    assert view(uow, coordinator, cid).ties == ()

    at.button(key="net_undo_button").click().run()
    assert [(t.source_id, t.target_id) for t in view(uow, coordinator, cid).ties] == [(tie.source_id, tie.target_id)]


def test_the_files_tab_offers_every_export_and_an_import(network_page):
    at, _cid = network_page()

    open_tab(at, "Fichiers")

    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Carte hors ligne (HTML), à garder par la famille", "Carte à imprimer (PDF)",
                      "GraphML (logiciels de réseau)", "CSV dans un ZIP (tableur)", "JSON (Cercle, autres outils)",
                      "Feuille vierge avec les cercles (PDF), pour les familles qui préfèrent le papier"]
    assert at.button(key="FormSubmitter:net_import_form-Importer") or "Importer un fichier" in texts(at)


def test_at_follow_up_the_map_is_compared_with_the_map_at_adoption(network_page, uow, coordinator):
    at, cid = network_page(Phase.FOLLOW_UP)
    network.add_member(coordinator, cid, "Voisine du dessus", Relation.NEIGHBOUR, 2, uow=uow)

    at.run()

    shown = texts(at)
    assert "Depuis l'adoption du plan" in shown
    assert "**Arrivé·es** : Voisine du dessus" in shown
    assert JULIEN not in everything(at)


def test_a_closed_conference_shows_the_map_but_no_change_can_be_made(network_page):
    at, _cid = network_page(Phase.CLOSED)

    assert "Cette conférence est close" in texts(at)
    assert at.button(key="net_add_submit").disabled
    assert json.loads(at.get("bidi_component")[0].proto.json)["editable"] is False


def test_the_page_speaks_english_on_request(make_app, conference_at):
    cid = conference_at(Phase.PREPARATION)

    at = make_app(PAGE, conference_id=cid, lang="en")

    assert "What the map shows" in texts(at) and at.toggle(key="net_shared").label == "Shared screen"
    assert map_payload(at)["relations"]["family"]["label"] == "Family"


def test_the_home_title_of_the_conference_is_escaped(network_page, uow, coordinator):
    at, cid = network_page()
    conf = conferences.get_conference(coordinator, cid, uow=uow)

    assert at.title[0].value.replace("\\", "") == conf.title
