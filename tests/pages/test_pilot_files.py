"""AppTest: files and annual note (issue 9). A pilot signed in on a server prepares a file
of its territories (progress bar, then a download); without the study key a row-level
file is refused in French while a publication file is prepared; the local single user
reaches the same screen from the sidebar."""
from __future__ import annotations

from datetime import date

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from conference.domain.enums import Role
from conference.services import auth
from conference.store import models as r
from conference.store.evaluation_demo import load_evaluation_demo

from .conftest import APP, texts

COVERS = ("pages/pilot_files.py",)
PASSWORD = "mot-de-passe-fictif-long"
PAGE = "pages/pilot_files.py"


@pytest.fixture
def server_mode(app_env, monkeypatch):
    config.set_option("server.address", "0.0.0.0")
    monkeypatch.delenv("CERCLE_STUDY_KEY", raising=False)


@pytest.fixture
def demo(uow):
    with uow:
        load_evaluation_demo(uow.session, pilot_password_hash="x", today=date(2026, 11, 23), situations=80)
        uow.commit()
    with uow:
        return {code: ident for code, ident in uow.session.query(r.TerritoryRow.code, r.TerritoryRow.id)}


def signed_in_pilot(uow, territory_ids) -> AppTest:
    auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)
    pilot = auth.create_account(auth.SYSTEM, "pilote.fictif", "Pilote Fictif", Role.PILOT, PASSWORD, uow=uow)
    with uow:
        uow.session.add_all([r.UserTerritoryRow(user_id=pilot, territory_id=t) for t in territory_ids])
        uow.commit()
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["lang"] = "fr"
    at.session_state["signed_in_id"] = pilot
    return at.run()


def downloads(at: AppTest) -> list:
    return [element for element in at.get("download_button")]


def test_a_pilot_prepares_a_file_of_its_territory(server_mode, uow, demo, monkeypatch):
    at = signed_in_pilot(uow, [demo["nord-fictif"]])
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Fichiers et note annuelle" in texts(at)
    assert at.multiselect(key="files_territories").options == ["Territoire Nord (fictif)"]
    # row-level workbook without the study key: refused in French, nothing to download
    at.button(key="files_prepare").click().run()
    assert any("La clé d'étude manque" in e.value for e in at.error)
    assert not downloads(at)
    # a publication file needs no key
    at.radio(key="files_format").set_value("csv").run()
    at.toggle(key="files_publication").set_value(True).run()
    at.button(key="files_prepare").click().run()
    assert not at.error and not at.exception
    assert len(downloads(at)) == 1
    # with the key, the evaluators' workbook
    monkeypatch.setenv("CERCLE_STUDY_KEY", "clé fictive")
    at.radio(key="files_format").set_value("xlsx").run()
    at.toggle(key="files_publication").set_value(False).run()
    at.selectbox(key="files_from").set_value("2026-01").run()
    at.button(key="files_prepare").click().run()
    assert not at.error and not at.exception
    assert len(downloads(at)) == 1
    with uow:
        exported = [e.details for e in uow.audit.entries("territory") if e.action == "evaluation.exported"]
    assert exported[-1] == {"format": "xlsx", "territories": [demo["nord-fictif"]], "month_from": "2026-01",
                            "month_to": "", "publication": False}
    assert exported[0]["format"] == "csv" and exported[0]["publication"] is True


def test_the_local_user_reaches_the_files_from_the_sidebar(make_app, uow, coordinator, demo):
    at = make_app()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Fichiers et note annuelle" in texts(at)
    assert set(at.multiselect(key="files_territories").options) == {"Territoire Nord (fictif)",
                                                                    "Territoire Sud (fictif)"}
