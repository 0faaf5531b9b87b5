"""AppTest: the first screen of an empty database on this computer: the fictional demo in
one click, or starting for real with a name, a structure and a hand-back PIN."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from conference.services import accounts, first_run, handover_screen

from .conftest import APP, texts

COVERS = ("pages/first_run.py",)


@pytest.fixture
def blank_app(app_env, uow):
    assert accounts.is_blank(uow=uow)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "fr"
    return at.run()


def test_the_first_screen_offers_the_demo_with_its_pin_and_starting_for_real(blank_app, uow):
    page = texts(blank_app)

    assert "Découvrir Cercle" in page and "Commencer pour de vrai" in page
    assert first_run.DEMO_PIN in page
    assert accounts.is_blank(uow=uow)  # nothing is loaded before the user chooses


def test_the_demo_is_one_click(blank_app, uow):
    blank_app.button(key="first_run_demo").click().run()

    assert not blank_app.exception, [e.value for e in blank_app.exception]
    assert "Mes conférences" in texts(blank_app)
    assert accounts.local_coordinator(uow=uow).name == first_run.DEMO_COORDINATOR[0]


def test_starting_for_real_creates_the_coordinator_with_a_pin(blank_app, uow):
    at = blank_app
    at.text_input(key="first_run_name").input("Anne Fictive")
    at.text_input(key="first_run_institution").input("Association Imaginaire")
    at.text_input(key="first_run_pin").input("731902")
    at.text_input(key="first_run_pin_again").input("731903")
    at.button(key="FormSubmitter:first_run_form-Créer mon profil").click().run()
    assert at.error and "différents" in at.error[0].value and accounts.is_blank(uow=uow)

    at.text_input(key="first_run_pin").input("111111")
    at.text_input(key="first_run_pin_again").input("111111")
    at.button(key="FormSubmitter:first_run_form-Créer mon profil").click().run()
    assert at.error and "pas tous identiques" in at.error[0].value and accounts.is_blank(uow=uow)

    at.text_input(key="first_run_pin").input("731902")
    at.text_input(key="first_run_pin_again").input("731902")
    at.button(key="FormSubmitter:first_run_form-Créer mon profil").click().run()

    coordinator = accounts.local_coordinator(uow=uow)
    assert coordinator.name == "Anne Fictive" and handover_screen.has_pin(coordinator.id, uow=uow)
    assert "Mes conférences" in texts(at)
