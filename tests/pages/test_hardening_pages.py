"""AppTest: what the screens show of user text (#8): logins as typed on the accounts page."""
from __future__ import annotations

import re

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from conference.domain.enums import Role
from conference.services import auth

from .conftest import APP

PASSWORD = "mot-de-passe-fictif-long"


@pytest.fixture
def server_mode(app_env):
    config.set_option("server.address", "0.0.0.0")


def test_logins_show_without_backslashes_on_the_accounts_page(server_mode, uow):
    admin = auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)
    auth.create_account(auth.SYSTEM, "odile.martin-diallo", "Odile Martin-Diallo", Role.REFERENT, PASSWORD, uow=uow)
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["signed_in_id"] = admin
    at.run()

    shown = [m.value for m in at.markdown if "odile" in m.value]
    assert shown
    # Backslash escapes are invisible in markdown, but literal inside a `code span`.
    assert not any(re.search(r"`[^`]*\\[^`]*`", value) for value in shown), shown
