"""AppTest: the pilot dashboard (issue 9). A pilot signed in on a server sees its
territory's figures (charts and tables), never a conference page; the local single user
reaches the same screen from the sidebar."""
from __future__ import annotations

from datetime import date

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from conference.domain.enums import Outcome, Phase, Role
from conference.domain.errors import Forbidden
from conference.services import auth, conferences
from conference.store import models as r
from tests.evaluation_seed import FAMILY_NAME, SECRET_TEXT, Situation, seed_situation, territory

from .conftest import APP, everything, texts

COVERS = ("pages/pilot_dashboard.py",)
PASSWORD = "mot-de-passe-fictif-long"


@pytest.fixture
def server_mode(app_env, monkeypatch):
    config.set_option("server.address", "0.0.0.0")
    monkeypatch.setenv("CERCLE_LOCAL_MODE", "1")  # asked for, but not on loopback: refused


@pytest.fixture
def territories(uow):
    """Two territories; the north has a dozen situations this year, one family saying no."""
    with uow:
        north = territory(uow.session, "nord", "Territoire Nord (fictif)")
        south = territory(uow.session, "sud", "Territoire Sud (fictif)")
        for k in range(12):
            seed_situation(uow.session, Situation(
                north, date(2026, 1 + k % 10, 3), outcome=Outcome.PLAN_ADOPTED if k % 3 else Outcome.NOT_COMPLETED,
                reason=None if k % 3 else "family_declined", plan=bool(k % 3), field="enfance" if k % 2 else "autonomie",
                hours=(8 + k, 3), answers=(("family", 6 + k % 5), ("network", 7 + k % 4)), consent=k != 0,
                text=SECRET_TEXT if k == 0 else ""))
        seed_situation(uow.session, Situation(south, date(2026, 5, 3), phase=Phase.PREPARATION))
        uow.commit()
    return north, south


def signed_in_pilot(uow, territory_ids) -> AppTest:
    auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)
    pilot = auth.create_account(auth.SYSTEM, "pilote.fictif", "Pilote Fictif", Role.PILOT, PASSWORD, uow=uow)
    with uow:
        uow.session.add_all([r.UserTerritoryRow(user_id=pilot, territory_id=t) for t in territory_ids])
        uow.commit()
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "fr"
    at.session_state["signed_in_id"] = pilot
    return at.run()


def test_a_pilot_lands_on_its_territorys_dashboard(server_mode, uow, territories):
    north, _south = territories
    at = signed_in_pilot(uow, [north])

    assert not at.exception
    page = texts(at)
    assert "Tableau de bord de l'évaluation" in page
    assert "**12** situations orientées" in page and "Territoire Nord (fictif)" in page
    assert "Territoire Sud" not in everything(at)
    assert at.multiselect(key="dash_territories").options == ["Territoire Nord (fictif)"]
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 5  # a chart beside most tables, each with its n in its title
    assert all("(n = " in chart.proto.spec for chart in charts)
    assert len(at.dataframe) >= 10
    funnel = at.dataframe[1].value  # after the table of every indicator
    assert list(funnel.columns)[0] == "Étape" and "c" in funnel.to_numpy()
    shown = everything(at)
    for private in (FAMILY_NAME, "Moreau", SECRET_TEXT, "2026-01-03"):
        assert private not in shown


def test_a_pilot_cannot_open_a_conference_page(server_mode, uow, territories, coordinator):
    from tests.factories import make_conference
    cid = make_conference(uow, coordinator, Phase.PREPARATION)
    at = signed_in_pilot(uow, [territories[0]])
    at.session_state["conference_id"] = cid  # as if a link carried one
    at.run()

    for conference_page in ("pages/orientation.py", "pages/preparation.py", "pages/follow_up.py", "pages/home.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(conference_page)  # not in the pilot's navigation at all
    assert "Moreau-Diallo" not in everything(at)
    with pytest.raises(Forbidden):
        conferences.get_conference(at.session_state["actor"], cid, uow=uow)


def test_the_period_narrows_the_figures(server_mode, uow, territories):
    at = signed_in_pilot(uow, [territories[0]])

    at.select_slider(key="dash_period").set_value(("2026-01", "2026-02")).run()

    assert not at.exception
    assert "**c** situations orientées" in texts(at)  # January and February: 3 situations, hidden


def test_a_pilot_without_a_territory_is_told_so(server_mode, uow, territories):
    at = signed_in_pilot(uow, [])
    assert "Aucun territoire" in texts(at)
    assert not at.dataframe


def test_the_local_user_reaches_the_dashboard_of_every_territory(make_app, uow, territories, coordinator):
    at = make_app("pages/pilot_dashboard.py")
    assert not at.exception
    assert set(at.multiselect(key="dash_territories").options) == {"Territoire Nord (fictif)",
                                                                   "Territoire Sud (fictif)"}
    assert "**13** situations orientées" in texts(at)
