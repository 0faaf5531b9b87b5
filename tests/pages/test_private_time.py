"""AppTest: step 4, private time as the coordinator sees it (never the draft)."""
from __future__ import annotations

from conference.domain.enums import Phase, Role
from conference.services import conferences, family_links, private_time

from .conftest import everything, texts

PAGE = "pages/private_time.py"
SECRET = "Tonton Gaspard fait des crêpes le mercredi soir"


def write_secret_action(uow, coordinator, cid) -> None:
    """The family writes through its family link (a screen handed over would lock this
    computer in family mode until the PIN)."""
    family = family_links.open_family_link(family_links.create_family_link(coordinator, cid, uow=uow)[1], uow=uow)
    version = private_time.get_plan_draft(family, cid, uow=uow).version
    private_time.add_plan_action(family, cid, version, what=SECRET, who_text="Tonton Gaspard",
                                 success_sign="Les crêpes sont mangées", uow=uow)


def test_the_coordinators_page_never_shows_the_draft(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    write_secret_action(uow, coordinator, cid)

    at = make_app(PAGE, conference_id=cid)

    assert "La famille travaille en temps privé" in texts(at)
    assert "Donner l'écran à la famille" in everything(at)  # the helper does see the whole page
    assert SECRET not in everything(at) and "Tonton Gaspard" not in everything(at)
    assert "Mamie Mariam dort" not in everything(at)  # the demo's own actions neither
    assert not at.exception and not at.error


def test_handing_the_screen_over_switches_to_the_familys_screens(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    write_secret_action(uow, coordinator, cid)
    at = make_app(PAGE, conference_id=cid)

    at.button(key="private_time_hand_over").click().run()

    family = at.session_state["family_actor"]
    assert family.role is Role.FAMILY and family.conference_id == cid
    at.switch_page("pages/family.py").run()
    assert SECRET in texts(at)  # the family, and only the family, sees its draft
    assert "Comment on s'organise pour que Lina soit bien entourée" in texts(at)
    with uow:
        assert "family_mode.started" in [a.action for a in uow.audit.entries("conference", cid)]


def test_the_family_has_finished_moves_to_validation(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.PRIVATE_TIME)
    at = make_app(PAGE, conference_id=cid)

    at.button(key="private_time_next").click().run()

    assert conferences.get_conference(coordinator, cid, uow=uow).phase is Phase.VALIDATION
    assert "Vérifier la forme du plan" in [b.label for b in at.button]


def test_after_private_time_the_page_points_to_the_current_step(make_app, conference_at):
    cid = conference_at(Phase.VALIDATION)

    at = make_app(PAGE, conference_id=cid)

    assert "Le temps privé est terminé" in texts(at)
    assert not [b for b in at.button if b.key == "private_time_hand_over"]
