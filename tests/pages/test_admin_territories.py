"""AppTest: the administrator's territories screen (issue 9)."""
from __future__ import annotations

import re

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from conference.domain.enums import Phase, Role
from conference.services import accounts, auth, territories
from conference.store import models as r
from conference.store.territories import territory_ids_of
from pages.ui import escape

from .conftest import APP, texts

PAGE = "pages/admin_territories.py"
PASSWORD = "mot-de-passe-fictif-long"
HOSTILE = "![x](http://evil.test/p.png) <img src=http://evil.test/q.png>"
UNESCAPED = re.compile(r"(?<!\\)!\[x(?<!\\)\]|(?<!\\)<img")


@pytest.fixture
def admin_app(app_env, uow):
    """The territories screen, an administrator signed in on a server."""
    config.set_option("server.address", "0.0.0.0")
    admin_id = auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)

    def _open() -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.session_state["lang"] = "fr"
        at.session_state["signed_in_id"] = admin_id
        at.run()
        return at.switch_page(PAGE).run()

    _open.admin = accounts.current_actor(admin_id, uow=uow)
    return _open


def test_the_administrator_creates_a_territory_and_a_pilot_given_it(admin_app, uow, conference_at):
    conference_at(Phase.PREPARATION)  # the default territory, with one conference
    at = admin_app()
    assert not at.exception and "Territoire principal" in texts(at) and "1 conférence(s)" in texts(at)
    assert "Moreau-Diallo" not in texts(at)  # no case content

    at.text_input(key="territory_new_code").input("pas un code !")
    at.text_input(key="territory_new_name").input("Territoire Nord")
    at.button(key="territory_new_save").click().run()
    assert "code court n'est pas valable" in at.error[0].value
    at.text_input(key="territory_new_code").input("nord")
    at.text_input(key="territory_new_name").input("Territoire Nord")
    at.button(key="territory_new_save").click().run()
    assert not at.error and "Territoire Nord" in texts(at)
    north = next(t.id for t in territories.list_territories(admin_app.admin, uow=uow) if t.code == "nord")

    at.text_input(key="pilot_new_name").input("Pilote Imaginaire")
    at.text_input(key="pilot_new_login").input("pilote.imaginaire")
    at.text_input(key="pilot_new_password").input(PASSWORD)
    at.multiselect(key="pilot_new_territories").set_value([north])
    at.button(key="pilot_new_save").click().run()
    assert not at.error and not at.exception
    with uow:
        pilot = uow.session.query(r.User).filter_by(login="pilote.imaginaire").one()
        assert pilot.role == "pilot" and territory_ids_of(uow.session, pilot.id) == {north}
    assert "Attribué à : Pilote Imaginaire (Pilote)" in texts(at)


def test_giving_and_renaming(admin_app, uow, coordinator):
    north = territories.create_territory(admin_app.admin, "nord", "Territoire Nord", uow=uow)
    south = territories.create_territory(admin_app.admin, "sud", "Territoire Sud", uow=uow)
    at = admin_app()
    at.selectbox(key="territory_account").set_value(coordinator.id).run()
    at.multiselect(key=f"territory_give_{coordinator.id}").set_value([north, south])
    at.button(key="territory_give_save").click().run()
    with uow:
        assert territory_ids_of(uow.session, coordinator.id) == {north, south}
    at.selectbox(key="territory_rename_id").set_value(south)
    at.text_input(key="territory_rename_name").input("Territoire Sud-Ouest")
    at.button(key="territory_rename_save").click().run()
    assert "Territoire Sud-Ouest" in {t.name for t in territories.list_territories(admin_app.admin, uow=uow)}
    assert not at.exception and not at.error


def test_markdown_hostile_names_are_shown_escaped(admin_app, uow):
    north = territories.create_territory(admin_app.admin, "nord", "Nord " + HOSTILE, uow=uow)
    pilot = accounts.create_user("Pilote " + HOSTILE, Role.PILOT, uow=uow)
    territories.set_account_territories(admin_app.admin, pilot.id, [north], uow=uow)
    at = admin_app()
    bodies = "\n".join(str(m.value) for m in at.markdown)
    assert escape("Nord " + HOSTILE) in bodies and escape("Pilote " + HOSTILE) in bodies
    assert not UNESCAPED.search(bodies)
    assert "Nord " + HOSTILE in texts(at)


def test_a_coordinator_does_not_reach_the_territories_screen(make_app, conference_at):
    conference_at(Phase.ORIENTATION)
    at = make_app()
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not in a coordinator's navigation
        at.switch_page(PAGE)
