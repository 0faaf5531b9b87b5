"""AppTest: the coordinator's home page."""
from __future__ import annotations


from conference.domain.enums import Phase
from conference.services import conferences

from .conftest import texts

COVERS = ("pages/home.py", "pages/first_run.py",)  # screens reached through the frame


def test_first_run_asks_who_the_coordinator_is_and_creates_the_profile(make_app, uow):
    at = make_app()
    assert "Bienvenue" in texts(at)

    at.text_input(key="first_run_name").input("Coordinatrice Imaginaire")
    at.text_input(key="first_run_institution").input("Association Fictive")
    at.text_input(key="first_run_pin").input("731902")  # the hand-back PIN (tests/pages/test_first_run.py)
    at.text_input(key="first_run_pin_again").input("731902")
    at.button(key="FormSubmitter:first_run_form-Créer mon profil").click().run()

    assert "Mes conférences" in texts(at)


def test_home_lists_conferences_in_progress_with_their_step(make_app, conference_at):
    conference_at(Phase.PREPARATION)

    at = make_app()

    page = texts(at)
    assert "Famille Moreau-Diallo (démo)" in page
    assert "Préparation" in page


def test_a_new_conference_is_created_and_opens_on_orientation(make_app, coordinator, uow):
    at = make_app()

    at.text_input[0].input("Famille Test-Imaginaire")
    at.button[0].click().run()

    items, total = conferences.list_conferences(coordinator, uow=uow)
    assert total == 1 and items[0].title == "Famille Test-Imaginaire"
    assert at.session_state["conference_id"] == items[0].id


def test_an_empty_name_is_refused_with_a_french_message(make_app, coordinator, uow):
    at = make_app()

    at.button[0].click().run()

    assert at.error and "Veuillez renseigner" in at.error[0].value
    assert conferences.list_conferences(coordinator, uow=uow)[1] == 0


def test_opening_a_conference_is_written_to_the_audit_log(make_app, conference_at, uow):
    cid = conference_at(Phase.FOLLOW_UP)
    at = make_app()

    at.button(key=f"home_open_{cid}").click().run()

    with uow:
        assert "conference.opened" in [e.action for e in uow.audit.entries("conference", cid)]
