"""AppTest: the screen handed to the family is a recorded hand-over that only the
coordinator's PIN closes; no address, reload or new session leaves it."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from conference.domain.enums import Phase, Role
from conference.domain.errors import Forbidden
from conference.services import private_time
from conference.store import models as r

from ..factories import TEST_PIN
from .conftest import APP, texts

COVERS = ("pages/family_exit.py",)
COORDINATOR_PAGES = ("pages/home.py", "pages/orientation.py", "pages/preparation.py", "pages/network.py",
                     "pages/meeting.py", "pages/private_time.py", "pages/validation.py", "pages/follow_up.py",
                     "pages/family_access.py")
NOT_SAFE = "Julien Moreau"


def new_session(**query) -> AppTest:
    """A fresh browser session (a reload, a new tab, an address typed by hand)."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lang"] = "fr"
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def actions(uow, cid) -> list[str]:
    with uow:
        return [a.action for a in uow.audit.entries("conference", cid)]


def open_handovers(uow, cid) -> list[int]:
    with uow:
        return list(uow.session.scalars(select(r.ScreenHandoverRow.id).where(
            r.ScreenHandoverRow.conference_id == cid, r.ScreenHandoverRow.closed_at.is_(None))))


@pytest.fixture
def handed(make_app, conference_at, uow):
    """A conference in private time whose screen the coordinator handed over with the button."""
    cid = conference_at(Phase.PRIVATE_TIME)
    at = make_app("pages/private_time.py", conference_id=cid)
    at.button(key="private_time_hand_over").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return cid, at


def in_family_mode(at: AppTest, cid: int) -> bool:
    family = at.session_state["family_actor"] if "family_actor" in at.session_state else None
    return family is not None and family.role is Role.FAMILY and family.conference_id == cid \
        and family.handover_id is not None


def test_the_button_opens_a_recorded_handover_and_the_familys_screens(handed, uow):
    cid, at = handed

    assert len(open_handovers(uow, cid)) == 1
    assert in_family_mode(at, cid)
    assert "Mes conférences" not in texts(at)


def test_a_reload_and_a_new_session_open_in_family_mode_while_the_handover_is_open(handed):
    cid, _ = handed

    for at in (new_session(), new_session(c=str(cid)), new_session(ecran="famille", c=str(cid))):
        assert in_family_mode(at, cid)
        assert "Mes conférences" not in texts(at) and NOT_SAFE not in texts(at)
        assert not at.exception


def test_no_coordinator_page_is_reached_while_the_screen_is_handed_over(handed):
    cid, _ = handed

    for at in (new_session(), new_session(c=str(cid))):  # a new tab on /carte-reseau?c=ID…
        for path in COORDINATOR_PAGES:
            # The navigation of a handed screen holds none of them: no address leads there
            # (tests/browser/test_handover.py types the addresses in a real browser).
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(path)
        page = texts(at)
        assert in_family_mode(at, cid) and NOT_SAFE not in page and "Mes conférences" not in page


def test_the_wrong_pin_is_refused_and_the_screen_stays_with_the_family(handed, uow):
    cid, at = handed
    at.switch_page("pages/family_exit.py").run()

    at.text_input(key="family_exit_password").input("000111")
    at.button[0].click().run()

    assert at.error and "Code incorrect" in at.error[0].value
    assert in_family_mode(at, cid) and open_handovers(uow, cid)
    assert in_family_mode(new_session(), cid)
    with uow:
        assert "family_mode.exit_refused" in [a.action for a in uow.audit.entries("conference", cid)]


def test_the_pin_takes_the_screen_back_and_closes_the_draft_view(handed, uow):
    cid, at = handed
    family = at.session_state["family_actor"]
    at.switch_page("pages/family_exit.py").run()

    at.text_input(key="family_exit_password").input(TEST_PIN)
    at.button[0].click().run()

    assert not at.exception, [e.value for e in at.exception]
    assert "family_actor" not in at.session_state and not open_handovers(uow, cid)
    assert "temps privé" in texts(at)  # the coordinator's private-time screen
    assert "Mes conférences" in texts(new_session())  # every session is the coordinator's again
    with pytest.raises(Forbidden):
        private_time.get_plan_draft(family, cid, uow=uow)  # the family actor kept in memory reads nothing


def test_an_address_alone_never_opens_family_mode(app_env, conference_at, uow):
    cid = conference_at(Phase.PRIVATE_TIME)
    before = actions(uow, cid)

    at = new_session(ecran="famille", c=str(cid))

    assert "family_actor" not in at.session_state and "Mes conférences" in texts(at)
    assert not open_handovers(uow, cid)
    after = actions(uow, cid)
    assert after.count("family_mode.started") == before.count("family_mode.started") == 0
    assert after.count("plan_draft.read") == before.count("plan_draft.read")


def test_every_read_of_the_draft_is_audited_with_its_handover(handed, uow):
    cid, at = handed
    (handover_id,) = open_handovers(uow, cid)

    at.switch_page("pages/family.py").run()
    at.run()

    with uow:
        reads = [(a.actor_role, a.details.get("handover")) for a in uow.audit.entries("conference", cid)
                 if a.action == "plan_draft.read" and "link" not in a.details]  # the demo family wrote by link
    assert len(reads) >= 2 and set(reads) == {("family", handover_id)}


def test_a_coordinator_without_a_pin_chooses_one_before_handing_over(app_env, uow, conference_at, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    with uow:
        uow.session.get(r.User, coordinator.id).screen_pin_hash = None
        uow.commit()
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["conference_id"] = cid
    at.run()
    at.switch_page("pages/private_time.py").run()

    assert not [b for b in at.button if b.key == "private_time_hand_over"]
    at.text_input(key="private_time_pin").input("1111")
    at.text_input(key="private_time_pin_again").input("1111")
    at.button[0].click().run()
    assert at.error and "de 6 à 12 chiffres" in at.error[0].value

    at.text_input(key="private_time_pin").input("731902")
    at.text_input(key="private_time_pin_again").input("731902")
    at.button[0].click().run()

    assert [b for b in at.button if b.key == "private_time_hand_over"]
