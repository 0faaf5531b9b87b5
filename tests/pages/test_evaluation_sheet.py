"""AppTest: the coordinator's synthesis sheet (fiche de synthèse) and the family's
evaluation choice (issue 9)."""
from __future__ import annotations

import re

from sqlalchemy import update

from conference.domain.enums import Phase, Role
from conference.services import (
    accounts,
    evaluation_consent,
    synthesis_sheet,
    territories,
)
from conference.store import models as r
from pages.ui import escape

from .conftest import texts

PAGE = "pages/evaluation_sheet.py"
HOSTILE = "![x](http://evil.test/p.png) <img src=http://evil.test/q.png>"
UNESCAPED = re.compile(r"(?<!\\)!\[x(?<!\\)\]|(?<!\\)<img")


def markdown_bodies(at) -> str:
    return "\n".join(str(m.value) for m in at.markdown) + "\n".join(str(c.value) for c in at.caption)


def test_the_sheet_is_prefilled_and_saved_with_quick_entry(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.INFORMATION_SHARING)
    at = make_app(PAGE, conference_id=cid)
    assert not at.exception and not at.error
    key = f"sheet_{cid}_v0"  # the fields carry the sheet's version
    assert at.number_input(key=f"{key}_role_family").value == 4  # counted from attendance
    assert at.number_input(key=f"{key}_role_child").value == 1
    assert "Enfance" in texts(at)

    at.text_input(key=f"{key}_hours_coordinator").input("deux heures")
    at.button(key=f"sheet_{cid}_save").click().run()
    assert "n'est pas une durée" in at.error[0].value and "1h30" in at.error[0].value
    with uow:
        assert uow.session.get(r.SynthesisSheetRow, cid) is None  # nothing written

    at.text_input(key=f"{key}_hours_coordinator").input("1h30")
    at.text_input(key=f"{key}_hours_referent").input("90 min")
    at.number_input(key=f"{key}_role_professional").set_value(2)
    at.button(key=f"sheet_{cid}_save").click().run()
    assert not at.error and not at.exception
    sheet = synthesis_sheet.sheet_for(coordinator, cid, uow=uow)
    assert (sheet.hours_coordinator, sheet.hours_referent) == (1.5, 1.5)
    assert sheet.participants["professional"] == 2 and sheet.participants["family"] == 4
    assert at.text_input(key=f"sheet_{cid}_v{sheet.version}_hours_coordinator").value == "1 h 30"  # read back


def test_a_sheet_saved_elsewhere_meanwhile_is_not_overwritten(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.ORIENTATION)
    at = make_app(PAGE, conference_id=cid)
    synthesis_sheet.save_sheet(coordinator, cid, "2h", "", {}, "Autre écran", 0, uow=uow)
    at.text_input(key=f"sheet_{cid}_v0_hours_coordinator").input("1h")
    at.button(key=f"sheet_{cid}_save").click().run()
    assert at.error and "pendant que vous travailliez" in at.error[0].value
    assert synthesis_sheet.sheet_for(coordinator, cid, uow=uow).hours_coordinator == 2.0
    assert at.text_input(key=f"sheet_{cid}_v1_hours_coordinator").value == "2 h"  # what the other screen saved
    at.text_input(key=f"sheet_{cid}_v1_hours_coordinator").input("1h")  # made again, knowingly
    at.button(key=f"sheet_{cid}_save").click().run()
    assert not at.error and synthesis_sheet.sheet_for(coordinator, cid, uow=uow).hours_coordinator == 1.0


def test_the_familys_choice_is_recorded_and_withdrawn(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.ORIENTATION)
    at = make_app(PAGE, conference_id=cid)
    assert "Pas encore demandé" in texts(at)
    at.button(key=f"sheet_{cid}_agree").click().run()
    assert evaluation_consent.evaluation_consent_of(coordinator, cid, uow=uow).current is True
    assert "La famille est d'accord" in texts(at)
    at.button(key=f"sheet_{cid}_withdraw").click().run()
    state = evaluation_consent.evaluation_consent_of(coordinator, cid, uow=uow)
    assert state.current is None and len(state.history) == 1 and state.history[0].withdrawn_at is not None
    assert not at.exception


def test_the_territorys_indicators_are_entered(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.ORIENTATION)
    with uow:
        territory_id = uow.conferences.get(cid).territory_id
        visits = r.TerritoryIndicatorRow(territory_id=territory_id, name="Visites " + HOSTILE,
                                         definition="Nombre de visites " + HOSTILE, kind="count")
        uow.add(visits)
        uow.commit()
        visits_id = visits.id
    at = make_app(PAGE, conference_id=cid)
    field = at.text_input(key=f"sheet_{cid}_indicator_{visits_id}")
    assert field.label == escape("Visites " + HOSTILE)
    field.input("trois")
    at.button(key=f"sheet_{cid}_indicators_save").click().run()
    assert at.error and "nombre entier" in at.error[0].value
    at.text_input(key=f"sheet_{cid}_indicator_{visits_id}").input("3")
    at.button(key=f"sheet_{cid}_indicators_save").click().run()
    with uow:
        assert uow.session.get(r.IndicatorValueRow, (visits_id, cid)).value == 3.0
    assert at.text_input(key=f"sheet_{cid}_indicator_{visits_id}").value == "3"


def test_markdown_hostile_names_are_shown_escaped(make_app, conference_at, uow, coordinator, engine):
    cid = conference_at(Phase.ORIENTATION)
    with engine.begin() as connection:
        connection.execute(update(r.ConferenceRow).values(title="Famille " + HOSTILE))
    evaluation_consent.record_evaluation_choice(coordinator, cid, True, uow=uow)
    with engine.begin() as connection:
        connection.execute(update(r.ConsentRow).values(recorded_by="Coord " + HOSTILE))
    at = make_app(PAGE, conference_id=cid)
    bodies = markdown_bodies(at)
    assert escape("Famille " + HOSTILE) in bodies and escape("Coord " + HOSTILE) in bodies
    assert not UNESCAPED.search(bodies)
    assert "Famille " + HOSTILE in texts(at)


def test_the_coordinator_moves_the_conference_to_another_territory(make_app, conference_at, uow, coordinator):
    cid = conference_at(Phase.ORIENTATION)
    admin = accounts.create_user("Admin Fictif", Role.ADMIN, uow=uow)
    north = territories.create_territory(admin, "nord", "Territoire Nord", uow=uow)
    at = make_app(PAGE, conference_id=cid)
    at.selectbox(key=f"sheet_{cid}_territory").set_value(north).run()
    at.button(key=f"sheet_{cid}_territory_move").click().run()
    assert not at.exception and not at.error
    with uow:
        assert uow.conferences.get(cid).territory_id == north
    assert "Territoire : Territoire Nord" in [x.label for x in at.expander][-1]
