"""AppTest: family links checked on every rerun, shown for their own conference only, and
still readable (read-only) after the conference is closed."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from conference.domain.enums import Outcome, Phase
from conference.services import conferences, family_links

from .conftest import APP, everything, texts

COVERS = ("pages/family_access.py", "pages/family_home.py")


def through_link(token: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lang"] = "fr"
    at.query_params["famille"] = token
    return at.run()


def test_a_revoked_link_is_refused_at_the_next_rerun_of_an_open_session(app_env, uow, coordinator, conference_at):
    cid = conference_at(Phase.PRIVATE_TIME)
    link_id, token = family_links.create_family_link(coordinator, cid, uow=uow)
    at = through_link(token)
    assert "Mamie Mariam" in texts(at) and at.session_state["family_actor"].link_id == link_id

    family_links.revoke_family_link(coordinator, cid, link_id, uow=uow)
    at.run()  # any click on the phone

    assert at.error and "désactivé" in at.error[0].value
    assert "Mamie Mariam" not in texts(at) and "Notre conférence" not in texts(at)
    at.run()
    assert "Mamie Mariam" not in texts(at)  # and it stays so


def test_a_new_link_is_never_shown_on_another_conferences_page(app_env, uow, coordinator, conference_at):
    first, second = conference_at(Phase.PREPARATION), conference_at(Phase.PREPARATION)
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["conference_id"] = first
    at.run()
    at.switch_page("pages/family_access.py").run()
    next(b for b in at.button if b.label == "Créer un lien famille").click().run()
    assert any("?famille=" in str(code.value) for code in at.code)

    at.session_state["conference_id"] = second
    at.query_params["c"] = str(second)
    at.run()

    assert not any("?famille=" in str(code.value) for code in at.code)
    assert "?famille=" not in everything(at)
    at.session_state["conference_id"] = first
    at.query_params["c"] = str(first)
    at.run()
    assert not any("?famille=" in str(code.value) for code in at.code)  # cleared, not kept for later


def test_after_closure_the_family_link_still_shows_the_adopted_plan_read_only(app_env, uow, coordinator,
                                                                           conference_at):
    cid = conference_at(Phase.FOLLOW_UP)
    link_id, token = family_links.create_family_link(coordinator, cid, uow=uow)
    conferences.close_conference(coordinator, cid, Outcome.PLAN_ADOPTED, uow=uow)

    at = through_link(token)

    page = texts(at)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Notre plan (adopté le" in page and "Mamie Mariam dort à l'appartement" in page
    assert "Notre suivi" in page and "La conférence est clôturée." in page
    assert "Julien Moreau" not in everything(at)
    at.switch_page("pages/family_network.py").run()
    assert not [b for b in at.button if b.key and "save" in b.key]  # the map is read-only once closed

    coordinator_view = AppTest.from_file(APP, default_timeout=30)
    coordinator_view.session_state["conference_id"] = cid
    coordinator_view.run()
    coordinator_view.switch_page("pages/family_access.py").run()
    assert [b for b in coordinator_view.button if b.key == f"access_revoke_{link_id}"]  # seen, and switchable off
    assert not [b for b in coordinator_view.button if b.label == "Créer un lien famille"]
