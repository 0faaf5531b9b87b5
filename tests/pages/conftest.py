"""AppTest fixtures: the real app frame on a fresh migrated database per test."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conference.domain.enums import Phase

from ..factories import make_conference

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


@pytest.fixture
def app_env(monkeypatch, database_url, engine):
    """Point the app at this test's database (already migrated by ``engine``), in local
    single-user mode (loopback address) unless a test says otherwise."""
    from streamlit import config

    monkeypatch.setenv("CERCLE_DATABASE_URL", database_url)
    monkeypatch.setenv("CERCLE_LOCAL_MODE", "1")
    previous = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield database_url
    config.set_option("server.address", previous)


@pytest.fixture
def make_app(app_env):
    def _make(page: str | None = None, *, conference_id: int | None = None, lang: str = "fr") -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.session_state["lang"] = lang
        if conference_id is not None:
            at.session_state["conference_id"] = conference_id
        at.run()
        if page is not None:
            at.switch_page(page)
            at.run()
        return at

    return _make


@pytest.fixture
def conference_at(uow, coordinator):
    """``conference_at(Phase.X)`` → id of a Moreau-Diallo conference walked up to phase X."""
    return lambda phase=Phase.ORIENTATION: make_conference(uow, coordinator, phase)


def texts(at: AppTest) -> str:
    """Everything visible as text on the page (markdown, titles, captions, alerts), with
    markdown's backslash escapes (ui.escape) removed, as a person reads it."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "text"):
        parts.extend(str(element.value) for element in getattr(at, kind))
    # ui.escape also puts an invisible word joiner (U+2060) into bare addresses so that they
    # never become links: a person does not see it either.
    return re.sub(r"\\(.)", r"\1", "\n".join(parts)).replace("\u2060", "")


def everything(at: AppTest) -> str:
    """Every string the page sends to the browser: values, labels, options, help texts and
    components' data (what a person could find in the page, shown or not)."""
    found: list[str] = []

    def strings(message):
        for field, value in message.ListFields():
            for item in (value if field.is_repeated else [value]):
                if isinstance(item, str):
                    found.append(item)
                elif hasattr(item, "ListFields"):
                    strings(item)

    def walk(node):
        if getattr(node, "proto", None) is not None:
            strings(node.proto)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(found)


@pytest.fixture
def open_as_family(app_env, uow, coordinator):
    """``open_as_family(cid, page)``: the app in family mode for conference ``cid``,
    opened on ``page``: the coordinator handed the screen over (a recorded hand-over, which
    every local session then honours)."""
    from conference.services import private_time

    def _open(cid: int, page: str) -> AppTest:
        private_time.hand_screen_to_family(coordinator, cid, uow=uow)
        at = AppTest.from_file(APP, default_timeout=30)
        at.session_state["lang"] = "fr"
        at.run()
        at.switch_page(page).run()
        return at

    return _open
