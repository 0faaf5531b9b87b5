"""A pilot in a real browser (issue 9): signs in on a server (no local mode), lands on its
territory's dashboard — charts and tables, no exception box —, cannot open a conference
page nor see another territory. Screenshots go to ``shots_dir`` (looked at by a person)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from conference import clock
from conference.domain.enums import Role
from conference.evaluation.demo_data import demo_rows
from conference.services import auth
from conference.store import models as r
from conference.store.db import make_engine, session_factory
from conference.store.uow import UnitOfWork
from tests.evaluation_seed import load_rows

from ..conftest import FROZEN_AT
from .conftest import ROOT, SERVE, StreamlitServer, make_demo_database
from .helpers import fill, main, screenshot, text_of, wait_idle

PASSWORD = "mot-de-passe-fictif-long"


class ServerMode(StreamlitServer):
    """The app as a département serves it: every interface, sign-in required."""

    def start(self) -> "ServerMode":
        if self.running:
            return self
        env = {k: v for k, v in os.environ.items() if k != "CERCLE_LOCAL_MODE"}
        env.update({"CERCLE_DATABASE_URL": self.database_url, "PYTHONUNBUFFERED": "1",
                    clock.FROZEN_ENV: FROZEN_AT.isoformat()})
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, str(SERVE), "run", "streamlit_app.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_healthy()
        return self


@pytest.fixture
def pilot_server(tmp_path):
    url = make_demo_database(tmp_path / "pilot.sqlite3")  # the demo's conferences (Moreau-Diallo…)
    engine = make_engine(url)
    rows = demo_rows(seed=3, situations=240, answers_range=(3, 8))
    ids = load_rows(engine, rows)
    names = sorted(ids)
    uow = UnitOfWork(session_factory(engine))
    auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)
    pilot = auth.create_account(auth.SYSTEM, "pilote.fictif", "Pilote Fictif", Role.PILOT, PASSWORD, uow=uow)
    with uow:
        uow.session.add(r.UserTerritoryRow(user_id=pilot, territory_id=ids[names[0]]))
        uow.commit()
    engine.dispose()
    server = ServerMode(url, tmp_path / "streamlit.log").start()
    yield server, names
    server.stop()


def test_a_pilot_signs_in_and_reads_only_its_territory(page, pilot_server, shots_dir):
    server, names = pilot_server
    page.set_viewport_size({"width": 1400, "height": 1000})
    # The address names a conference page (a forwarded link, a bookmark): after signing in,
    # the pilot's navigation has no such page and the dashboard opens instead.
    page.goto(f"{server.base_url}/orientation?c=1", wait_until="domcontentloaded")
    wait_idle(page)
    page.keyboard.press("Escape")  # Streamlit's own « Page not found » notice
    fill(page, "Identifiant", "pilote.fictif")
    fill(page, "Mot de passe", PASSWORD)
    main(page).get_by_role("button", name="Se connecter", exact=True).click()
    wait_idle(page)

    expect(main(page).get_by_role("heading", name="Tableau de bord de l'évaluation")).to_be_visible()
    # the charting library is loaded on first use: slow on a cold, busy machine
    expect(main(page).get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=60_000)
    assert main(page).get_by_test_id("stVegaLiteChart").count() >= 6
    assert main(page).get_by_test_id("stDataFrame").count() >= 10
    shown = text_of(page)
    assert names[0] in shown and names[1] not in shown
    assert "Moreau" not in shown and "1. Orientation" not in page.locator("body").inner_text()
    screenshot(page, shots_dir / "pilot-dashboard.png")
