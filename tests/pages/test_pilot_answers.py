"""AppTest: « Paroles et thèmes » (pages/pilot_answers.py), what participants said (issue 9):
open answers with role, field and quarter only from conferences whose family agreed,
themes tagged on a passage chosen by its words and shown highlighted, counts, the quotes
usable in a report, hostile text escaped, a pilot confined to their territory."""
from __future__ import annotations

import re

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from conference.services import evaluation_themes as et
from conference.store import models as r

from ..evaluation_world import HOSTILE, build
from .conftest import APP, everything, texts

PAGE = "pages/pilot_answers.py"


@pytest.fixture
def world(uow, coordinator):
    return build(uow, coordinator)


def _markdown(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def test_open_answers_are_listed_with_role_field_and_quarter_and_hostile_text_escaped(make_app, world, uow):
    at = make_app(PAGE)
    assert not at.exception
    shown = texts(at)
    assert "On n'est plus seuls le soir" in shown and f"Merci {HOSTILE} pour tout" in shown
    assert "membre du réseau · Enfance · 2026-T4" in shown
    assert "refusé l'évaluation" not in everything(at)  # the family said no: not even hidden
    assert "Moreau-Diallo" not in everything(at)  # never the conference's title
    raw = _markdown(at)
    assert "![x]" not in raw and "](http" not in raw  # escaped: no image is made of the text
    with uow:
        opened = [e.target_id for e in uow.audit.entries() if e.action == "evaluation.answers_opened"]
    assert opened == [world.north]


def test_a_passage_chosen_by_its_words_is_tagged_and_highlighted(make_app, world, uow):
    theme = et.add_theme(world.pilot_north, world.north, "Sortie de l'isolement", uow=uow)
    ident = world.texts["isolation"]
    at = make_app(PAGE)
    at.selectbox(key=f"tag_theme_{ident}").set_value(theme)
    at.text_input(key=f"tag_words_{ident}").input("plus seuls  le soir")
    next(b for b in at.button if b.label == "Marquer" and f"tag_{ident}" in b.id).click().run()
    assert not at.exception and not at.error
    with uow:
        tag = uow.session.query(r.ThemeTagRow).one()
        assert (tag.text_id, tag.theme_id, tag.start, tag.end) == (ident, theme, 9, 27)
    assert ":orange-background[**plus seuls le soir**]" in _markdown(at)
    assert "Passage « plus seuls le soir » : **Sortie de l'isolement**" in texts(at)


def test_words_not_in_the_answer_get_a_french_message_and_nothing_is_written(make_app, world, uow):
    et.add_theme(world.pilot_north, world.north, "Sortie de l'isolement", uow=uow)
    ident = world.texts["isolation"]
    at = make_app(PAGE)
    at.text_input(key=f"tag_words_{ident}").input("plus jamais seuls")
    next(b for b in at.button if b.label == "Marquer" and f"tag_{ident}" in b.id).click().run()
    assert [e.value for e in at.error] == [
        "Ces mots ne sont pas dans la réponse : recopiez-les exactement comme ils sont écrits."]
    with uow:
        assert uow.session.query(r.ThemeTagRow).count() == 0


def test_a_tag_is_removed_and_the_theme_filter_keeps_tagged_answers(make_app, world, uow):
    theme = et.add_theme(world.pilot_north, world.north, "Confiance envers les professionnels", uow=uow)
    tag = et.tag(world.pilot_north, world.texts["trust"], theme, uow=uow)
    at = make_app(PAGE)
    at.selectbox(key="answers_theme").set_value(theme).run()
    shown = texts(at)
    assert "Je fais plus confiance" in shown and "1 réponse(s) ouverte(s)" in shown
    assert not [m for m in at.markdown if "Mamie Odile" in m.value and not m.value.startswith(">")]  # a quote only
    assert "Toute la réponse : **Confiance envers les professionnels**" in shown
    at.button(key=f"untag_{tag}").click().run()
    with uow:
        assert uow.session.query(r.ThemeTagRow).count() == 0


def test_counts_mask_small_numbers_and_quotes_need_their_authors_consent(make_app, world, uow):
    theme = et.add_theme(world.pilot_north, world.north, "Sortie de l'isolement", uow=uow)
    et.tag(world.pilot_north, world.texts["isolation"], theme, uow=uow)
    at = make_app(PAGE)
    table = at.dataframe[0].value
    assert table.values.tolist() == [["Sortie de l'isolement", "c", "0"]]
    quotes = [str(m.value) for m in at.markdown if str(m.value).startswith(">")]
    assert len(quotes) == 2
    assert any("Mamie Odile" in q for q in quotes) and any("example" in q for q in quotes)
    assert not any("confiance" in q for q in quotes)  # its author did not agree
    assert all("![x]" not in q for q in quotes)
    assert "publication autorisée" in texts(at) and "usage interne seulement" in texts(at)
    assert "2 citation(s) utilisable(s) dans un rapport." in texts(at)


def test_a_pilot_reads_only_their_own_territory(app_env, world):
    config.set_option("server.address", "0.0.0.0")  # a server: accounts, no local single user
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["signed_in_id"] = world.pilot_south.id
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    shown = texts(at)
    assert "Territoire : Territoire Sud" in shown and "foyer de jeunes travailleurs" in shown
    assert not re.search("Mamie|Territoire Nord|confiance", everything(at))
