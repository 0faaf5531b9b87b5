"""AppTest: « Réglages du territoire » (pages/pilot_settings.py, issue 9): the starter themes
offered and taken, a theme added, renamed and retired, a duplicate refused in French, an
indicator of the territory's own, its own questions; hostile names shown escaped."""
from __future__ import annotations

import pytest

from conference.services import evaluation_settings as es
from conference.services import evaluation_themes as et
from conference.services import questionnaire_definitions as qd
from conference.store import models as r

from ..evaluation_world import HOSTILE, build
from .conftest import texts

PAGE = "pages/pilot_settings.py"


@pytest.fixture
def world(uow, coordinator):
    return build(uow, coordinator)


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_the_starter_themes_are_offered_not_forced(make_app, world, uow):
    at = make_app(PAGE)
    assert not at.exception
    assert at.multiselect(key="themes_suggested_pick").value == [
        "Sortie de l'isolement", "Confiance envers les professionnels", "Solutions inattendues"]
    assert et.themes(world.pilot_north, world.north, uow=uow) == []
    at.multiselect(key="themes_suggested_pick").unselect("Solutions inattendues")
    _button(at, "Ajouter ces thèmes").click().run()
    assert [t.label for t in et.themes(world.pilot_north, world.north, uow=uow)] == [
        "Sortie de l'isolement", "Confiance envers les professionnels"]
    assert not [m for m in at.multiselect if m.key == "themes_suggested_pick"]  # offered once


def test_a_theme_is_added_renamed_and_retired_and_a_duplicate_refused(make_app, world, uow):
    at = make_app(PAGE)
    at.text_input(key="theme_add_label").input(HOSTILE)
    at.text_area(key="theme_add_definition").input("Définition *fictive*")
    _button(at, "Ajouter le thème").click().run()
    [theme] = et.themes(world.pilot_north, world.north, uow=uow)
    assert theme.label == HOSTILE
    labels = [e.label for e in at.expander]
    assert labels == [r"\!\[x\]\(http\:⁠//example\.invalid/x\.png\)"]  # escaped, no image made
    assert "Définition *fictive*" in texts(at)

    at.text_input(key="theme_add_label").input(HOSTILE.upper())
    _button(at, "Ajouter le thème").click().run()
    assert [e.value for e in at.error] == ["Ce thème est déjà dans la liste."]

    at.text_input(key=f"theme_label_{theme.id}").input("Solutions inattendues")
    _button(at, "Enregistrer le thème").click().run()
    at.button(key=f"theme_retire_{theme.id}").click().run()
    [theme] = et.themes(world.pilot_north, world.north, uow=uow)
    assert (theme.label, theme.active) == ("Solutions inattendues", False)
    assert r"Solutions inattendues \(retiré\)" in [e.label for e in at.expander]


def test_an_indicator_of_the_territory_is_defined_and_retired(make_app, world, uow):
    at = make_app(PAGE)
    _button(at, "Ajouter l'indicateur").click().run()
    assert [e.value for e in at.error] == ["Veuillez renseigner le nom."]
    at.text_input(key="indicator_name").input(HOSTILE)
    at.text_area(key="indicator_definition").input("Nombre de rencontres avant la conférence")
    at.selectbox(key="indicator_kind").set_value("hours")
    _button(at, "Ajouter l'indicateur").click().run()
    [indicator] = es.list_indicators(world.pilot_north, world.north, uow=uow)
    assert (indicator.name, indicator.kind) == (HOSTILE, "hours")
    raw = "\n".join(str(m.value) for m in at.markdown)
    assert "![x]" not in raw and "des heures par conférence" in raw
    at.button(key=f"indicator_retire_{indicator.id}").click().run()
    assert es.list_indicators(world.pilot_north, world.north, uow=uow) == []
    with uow:
        assert uow.session.query(r.TerritoryIndicatorRow).count() == 1  # retired, not deleted


def test_a_question_of_the_territory_is_added(make_app, world, uow):
    at = make_app(PAGE)
    at.text_input(key="question_label").input("Avez-vous pu venir avec les transports en commun ?")
    at.selectbox(key="question_kind").set_value("yes_no")
    _button(at, "Ajouter la question").click().run()
    assert not at.exception and not at.error
    [question] = qd.list_territory_questions(world.pilot_north, world.north, uow=uow)
    assert (question.label, question.kind, question.questionnaire) == (
        "Avez-vous pu venir avec les transports en commun ?", "yes_no", "end_of_conference")
    assert "Avez-vous pu venir avec les transports en commun ?" in texts(at)
