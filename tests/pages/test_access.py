"""AppTest: who is acting — local mode only on loopback, sign-in otherwise, family links,
the handed screen, the referent's narrow view."""
from __future__ import annotations

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from conference.domain.enums import Phase, Role
from conference.services import auth, family_links, first_run, private_time, referents

from ..factories import TEST_PIN

from .conftest import APP, texts

COVERS = ("pages/login.py", "pages/referent.py", "pages/family_home.py", "pages/family_exit.py",)  # screens reached through the frame

PASSWORD = "mot-de-passe-fictif-long"


@pytest.fixture
def server_mode(app_env, monkeypatch):
    """The app served on every interface: login is always required."""
    config.set_option("server.address", "0.0.0.0")
    monkeypatch.setenv("CERCLE_LOCAL_MODE", "1")  # asked for, but not on loopback: refused


def run_app(**state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def test_local_mode_is_refused_off_loopback_and_the_first_run_creates_an_administrator(server_mode, uow):
    code = first_run.issue_admin_code(uow=uow)  # what « cercle run --address 0.0.0.0 » prints in the terminal
    at = run_app()
    assert "administrateur" in texts(at)

    at.text_input(key="first_admin_code").input(code)
    at.text_input(key="first_admin_name").input("Admin Fictif")
    at.text_input(key="first_admin_login").input("admin.fictif")
    at.text_input(key="first_admin_password").input(PASSWORD)
    at.button[0].click().run()

    assert "Comptes" in texts(at)
    assert not auth.needs_first_admin(uow=uow)


def test_on_a_server_the_first_visitor_cannot_create_the_administrator_without_the_code(server_mode, uow):
    first_run.issue_admin_code(uow=uow)
    at = run_app()

    at.text_input(key="first_admin_code").input("AAAA-BBBB-CCCC")
    at.text_input(key="first_admin_name").input("Intrus Fictif")
    at.text_input(key="first_admin_login").input("intrus")
    at.text_input(key="first_admin_password").input(PASSWORD)
    at.button[0].click().run()

    assert at.error and "Ce code n'est pas valable" in at.error[0].value
    assert auth.needs_first_admin(uow=uow) and "signed_in_id" not in at.session_state
    assert "Démonstration" not in texts(at) and not [b for b in at.button if b.key == "first_run_demo"]


def test_sign_in_with_a_wrong_password_is_refused_in_french(server_mode, uow, coordinator):
    auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)
    at = run_app()

    at.text_input(key="login_login").input("admin.fictif")
    at.text_input(key="login_password").input("pas-le-bon")
    at.button[0].click().run()

    assert "Identifiant ou mot de passe incorrect" in at.error[0].value
    assert "signed_in_id" not in at.session_state


def test_a_coordinator_signs_in_and_sees_their_conferences(server_mode, uow, conference_at):
    auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)
    coord_id = auth.create_account(auth.SYSTEM, "coord.fictive", "Coord Fictive", Role.COORDINATOR, PASSWORD, uow=uow)
    at = run_app()

    at.text_input(key="login_login").input("coord.fictive")
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()

    assert at.session_state["signed_in_id"] == coord_id
    assert "Mes conférences" in texts(at)


def test_a_disabled_account_is_signed_out_at_the_next_rerun(server_mode, uow):
    auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)
    coord_id = auth.create_account(auth.SYSTEM, "coord.fictive", "Coord Fictive", Role.COORDINATOR, PASSWORD, uow=uow)
    at = run_app(signed_in_id=coord_id)
    assert "Mes conférences" in texts(at)

    auth.set_account_active(auth.SYSTEM, "coord.fictive", False, uow=uow)
    at.run()

    assert "Se connecter à Cercle" in texts(at)


def test_a_family_link_opens_the_family_screens_and_never_shows_a_not_safe_person(app_env, uow, coordinator,
                                                                                  conference_at):
    cid = conference_at(Phase.PRIVATE_TIME)
    _, token = family_links.create_family_link(coordinator, cid, uow=uow)

    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["famille"] = token
    at.run()

    page = texts(at)
    assert "Notre conférence" in page and "Mamie Mariam" in page
    assert "Julien Moreau" not in page
    assert at.session_state["family_actor"].conference_id == cid


def test_an_altered_family_link_shows_why_and_nothing_else(app_env, uow, coordinator, conference_at):
    cid = conference_at(Phase.PRIVATE_TIME)
    _, token = family_links.create_family_link(coordinator, cid, uow=uow)

    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["famille"] = token[:-2] + "xx"
    at.run()

    assert "n'est pas valable" in at.error[0].value
    assert "Mamie Mariam" not in texts(at)


def test_a_referent_reads_concerns_and_not_the_network(server_mode, uow, coordinator, conference_at):
    cid = conference_at(Phase.FOLLOW_UP)
    auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)
    ref_id = auth.create_account(auth.SYSTEM, "ref.fictif", "Ref Fictif", Role.REFERENT, PASSWORD, uow=uow)
    referents.assign_referent(coordinator, cid, "ref.fictif", uow=uow)

    at = run_app(signed_in_id=ref_id)

    page = texts(at)
    assert "L'école a remarqué qu'elle est fatiguée" in page
    assert "Le plan adopté (version 1)" in page
    assert "Paire aidante" not in page


def test_a_reload_keeps_a_handed_screen_in_family_mode(app_env, uow, coordinator, conference_at):
    cid = conference_at(Phase.PRIVATE_TIME)
    handed = private_time.hand_screen_to_family(coordinator, cid, uow=uow)

    at = AppTest.from_file(APP, default_timeout=30)  # a fresh session, as after a browser reload
    at.run()

    assert at.session_state["family_actor"] == handed
    assert "Mes conférences" not in texts(at)


def test_giving_the_screen_back_ends_family_mode(app_env, uow, coordinator, conference_at):
    cid = conference_at(Phase.PRIVATE_TIME)
    private_time.hand_screen_to_family(coordinator, cid, uow=uow)
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page("pages/family_exit.py").run()

    at.text_input(key="family_exit_password").input(TEST_PIN)
    at.button[0].click().run()

    assert not at.exception, [e.value for e in at.exception]
    assert "family_actor" not in at.session_state
    assert at.query_params.get("ecran") in (None, [])
    assert "temps privé" in texts(at)  # back on the coordinator's private-time screen


def test_creating_a_family_link_shows_the_link_and_its_qr_code(app_env, uow, coordinator, conference_at):
    cid = conference_at(Phase.PREPARATION)
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["conference_id"] = cid
    at.run()
    at.switch_page("pages/family_access.py").run()

    next(b for b in at.button if b.label == "Créer un lien famille").click().run()

    assert not at.exception, [e.value for e in at.exception]
    assert any("?famille=" in str(code.value) for code in at.code)
    assert any("svg" in url for image in at.get("image") for url in image.value), "the QR code is drawn"
