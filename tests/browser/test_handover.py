"""The screen handed to the family, in a real browser: no address, reload or second tab
reaches a coordinator page; only the coordinator's PIN takes the screen back.

Its own server on its own demo database: a hand-over locks every local session of the
coordinator, which must not leak into the other browser tests' shared server.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conference.demo import DEMO_PIN
from conference.domain.enums import Phase
from conference.services import accounts, conferences
from conference.store.db import make_engine, session_factory
from conference.store.uow import UnitOfWork

from .conftest import make_demo_database
from .helpers import click_button, main, open_page, text_of, wait_idle

PIN_LABEL = "Code de reprise de la coordination"


@pytest.fixture
def own_server(server_factory, tmp_path):
    url = make_demo_database(tmp_path / "handover.sqlite3")
    engine = make_engine(url)
    try:
        uow = UnitOfWork(session_factory(engine))
        actor = accounts.local_coordinator(uow=uow)
        items, _ = conferences.list_conferences(actor, open_only=False, limit=100, uow=uow)
    finally:
        engine.dispose()
    cid = next(item.id for item in items if item.phase is Phase.PRIVATE_TIME)
    return server_factory(url), cid


def in_family_mode(page) -> None:
    """The family's screens, and no coordinator's menu or page."""
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Rendre l'écran")).to_be_visible()
    expect(sidebar.get_by_text("Mes conférences")).to_have_count(0)
    expect(sidebar.get_by_text("Carte du réseau")).to_have_count(0)
    page_text = text_of(page)
    assert "La famille travaille en temps privé" not in page_text
    assert "Donner l'écran à la famille" not in page_text


def test_the_handed_screen_cannot_be_left_without_the_pin(own_server, page, browser):
    server, cid = own_server
    base = server.base_url
    open_page(page, base, "temps-prive", conference_id=cid)

    click_button(page, "Donner l'écran à la famille")
    in_family_mode(page)

    # Typing a coordinator's address, or the old family address, or reloading: still the family's.
    for path in ("carte-reseau", "temps-prive", "accueil", "lien-famille"):
        open_page(page, base, path, conference_id=cid)
        in_family_mode(page)
    page.goto(f"{base}/?ecran=famille&c={cid}", wait_until="domcontentloaded")
    wait_idle(page)
    in_family_mode(page)
    page.reload(wait_until="domcontentloaded")
    wait_idle(page)
    in_family_mode(page)

    # A second tab, a new session: the family's too.
    other = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    try:
        second = other.new_page()
        open_page(second, base, "carte-reseau", conference_id=cid)
        in_family_mode(second)
    finally:
        other.close()

    # The wrong PIN is refused; the demo coordinator's PIN takes the screen back.
    open_page(page, base, "rendre-ecran")
    main(page).get_by_label(PIN_LABEL, exact=True).fill("000111")
    click_button(page, "Reprendre l'écran")
    expect(main(page).get_by_text("Code incorrect")).to_be_visible()
    in_family_mode(page)

    main(page).get_by_label(PIN_LABEL, exact=True).fill(DEMO_PIN)
    click_button(page, "Reprendre l'écran")
    expect(main(page).get_by_text("La famille travaille en temps privé")).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_text("Mes conférences")).to_be_visible()
