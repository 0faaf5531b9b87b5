"""Smoke tests in a real browser: the coordinator's way in, refresh and restart safety,
a download, and nothing leaving the machine.

The demo database is shared by the tests of this package (see conftest.py); a test that
adds data gives it an obviously invented name and never relies on counts.
Screenshots of the home page go to $CERCLE_SCREENSHOTS (see conftest.shots_dir).
"""
from __future__ import annotations

import re

import pytest
from docx import Document
from playwright.sync_api import expect

from conference.domain.enums import Phase
from conference.services import accounts, conferences
from conference.store.bulk import insert_fictional_conferences
from conference.store.db import make_engine, session_factory
from conference.store.uow import UnitOfWork

from .conftest import make_demo_database
from .helpers import (assert_no_exception, click_button, download, fill, main, open_page, query_param, screenshot,
                      text_of, wait_idle)

# The url path of each phase's page, as streamlit_app.py registers them (ui.PHASE_PAGES
# maps phases to files). A closed conference opens on its follow-up page.
PHASE_PATHS = {
    Phase.ORIENTATION: "orientation", Phase.PREPARATION: "preparation", Phase.INFORMATION_SHARING: "partage",
    Phase.PRIVATE_TIME: "temps-prive", Phase.VALIDATION: "validation", Phase.FOLLOW_UP: "suivi",
    Phase.CLOSED: "suivi",
}
IN_PREPARATION = "Famille Lenoir-Aubert (démo)"
IN_FOLLOW_UP = "Famille Moreau-Diallo (démo)"


def conference_rows(database_url: str) -> dict[str, tuple[int, Phase]]:
    """{title: (id, phase)} of every conference of the local coordinator, from the database."""
    engine = make_engine(database_url)
    try:
        uow = UnitOfWork(session_factory(engine))
        actor = accounts.local_coordinator(uow=uow)
        items, _ = conferences.list_conferences(actor, open_only=False, limit=10_000, uow=uow)
    finally:
        engine.dispose()
    return {item.title: (item.id, item.phase) for item in items}


def row_of(page, title: str):
    """The home page's row (a line of columns) showing ``title``."""
    return main(page).get_by_test_id("stHorizontalBlock").filter(has_text=title)


def no_app_error(page) -> None:
    """No uncaught exception (Streamlit shows it as an stException box) and no modal
    (Streamlit's own, e.g. "Page not found", or an st.dialog nobody asked for)."""
    errors = main(page).get_by_test_id("stException")
    if errors.count():
        pytest.fail("the page shows an error:\n" + errors.first.inner_text())
    modals = page.get_by_role("dialog")
    if modals.count():
        pytest.fail("a modal is open:\n" + modals.first.inner_text())


def expect_step_page(page, title: str, conference_id: int, phase: Phase) -> None:
    """On the page of ``phase``, ``conference_id`` selected in the URL, its title shown."""
    expect(page).to_have_url(re.compile(rf"/{PHASE_PATHS[phase]}\?(.*&)?c={conference_id}(&|$)"))
    wait_idle(page)
    no_app_error(page)
    expect(main(page).get_by_role("heading", name=title, exact=True)).to_be_visible()


def open_from_home(page, base_url: str, title: str) -> None:
    open_page(page, base_url)
    click_button(page, "Ouvrir", within=row_of(page, title))


def test_the_home_page_lists_every_demo_conference_in_progress(page, base_url, demo_database, record, shots_dir):
    rows = conference_rows(demo_database)
    in_progress = [title for title, (_, phase) in rows.items() if phase is not Phase.CLOSED]
    closed = [title for title, (_, phase) in rows.items() if phase is Phase.CLOSED]

    open_page(page, base_url)
    screenshot(page, shots_dir / "home-demo-1280.png")

    no_app_error(page)
    expect(main(page).get_by_role("heading", name="Mes conférences")).to_be_visible()
    for title in in_progress:
        expect(row_of(page, title)).to_have_count(1)
    assert closed and not any(title in text_of(page) for title in closed), "a closed conference is listed"
    assert not record.dialogs


def test_the_home_page_fits_a_small_laptop_or_tablet(page, base_url, shots_dir):
    page.set_viewport_size({"width": 820, "height": 1000})

    open_page(page, base_url)
    screenshot(page, shots_dir / "home-demo-820.png")

    no_app_error(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 820, f"the home page scrolls sideways ({width} px wide)"


@pytest.mark.parametrize("title", [IN_PREPARATION, IN_FOLLOW_UP])
def test_opening_a_conference_goes_to_its_current_step(page, base_url, demo_database, record, title):
    conference_id, phase = conference_rows(demo_database)[title]

    open_from_home(page, base_url, title)

    expect_step_page(page, title, conference_id, phase)
    assert not record.dialogs


def test_a_browser_refresh_keeps_the_selected_conference_and_its_data(page, base_url, demo_database):
    conference_id, phase = conference_rows(demo_database)[IN_PREPARATION]
    open_from_home(page, base_url, IN_PREPARATION)
    expect_step_page(page, IN_PREPARATION, conference_id, phase)

    page.reload()
    wait_idle(page)

    expect_step_page(page, IN_PREPARATION, conference_id, phase)
    assert query_param(page, "c") == str(conference_id)


def test_a_server_restart_loses_nothing(page, server, base_url, demo_database):
    """Also the deep-link check of docs/decisions/0005: the reload after the restart is the
    first request of a fresh process, on /orientation?c=…"""
    new_title = "Famille Redémarrage-Fictive (test)"
    open_page(page, base_url)
    main(page).get_by_text("Démarrer une nouvelle conférence").click()
    fill(page, "Nom de la situation", new_title)
    click_button(page, "Créer")
    expect(page).to_have_url(re.compile(rf"/{PHASE_PATHS[Phase.ORIENTATION]}\?"))
    wait_idle(page)
    new_id = max(ident for title, (ident, _) in conference_rows(demo_database).items() if title == new_title)
    expect_step_page(page, new_title, new_id, Phase.ORIENTATION)

    server.restart()  # a new process: no session, no cache survives, only the database
    page.reload()
    wait_idle(page)

    expect_step_page(page, new_title, new_id, Phase.ORIENTATION)
    open_page(page, base_url)
    no_app_error(page)
    expect(row_of(page, new_title).first).to_be_visible()
    expect(row_of(page, IN_FOLLOW_UP)).to_have_count(1)


def test_the_action_plan_downloads_as_a_word_document(page, base_url, demo_database, tmp_path):
    conference_id, phase = conference_rows(demo_database)[IN_FOLLOW_UP]
    open_from_home(page, base_url, IN_FOLLOW_UP)
    expect_step_page(page, IN_FOLLOW_UP, conference_id, phase)

    path = download(page, "Télécharger le plan d'action (.docx)", into=tmp_path)

    assert path.suffix == ".docx"
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    text += "\n".join(cell.text for table in Document(str(path)).tables for row in table.rows for cell in row.cells)
    assert "Mamie Mariam" in text


def test_the_page_contacts_only_this_machine_and_opens_no_dialog(page, base_url, record):
    open_from_home(page, base_url, IN_FOLLOW_UP)
    page.reload()
    wait_idle(page)
    open_page(page, base_url)

    assert record.requests, "no request was recorded: the recorder is not attached"
    assert not record.outside("127.0.0.1"), f"requests left the machine: {record.outside('127.0.0.1')}"
    assert not record.dialogs, f"dialogs fired: {record.dialogs}"
    assert not record.page_errors, f"JavaScript errors: {record.page_errors}"


def test_the_home_page_with_2000_conferences_shows_one_page_of_25(page, server_factory, tmp_path, shots_dir):
    url = make_demo_database(tmp_path / "loaded.sqlite3")
    engine = make_engine(url)
    try:
        coordinator = accounts.local_coordinator(uow=UnitOfWork(session_factory(engine)))
        insert_fictional_conferences(engine, coordinator.id, 2000)
    finally:
        engine.dispose()
    loaded = server_factory(url)

    open_page(page, loaded.base_url)
    screenshot(page, shots_dir / "home-2000-1280.png")

    no_app_error(page)
    expect(main(page).get_by_role("button", name="Ouvrir")).to_have_count(25)
    expect(main(page).get_by_text(re.compile(r"Page 1 sur \d+ · \d+ conférences"))).to_be_visible()
    click_button(page, "Suivant")
    expect(main(page).get_by_text(re.compile(r"Page 2 sur \d+"))).to_be_visible()
    loaded.stop()


@pytest.mark.parametrize("html", ['<div data-testid="stException">ZeroDivisionError: boom</div>',
                                  "<pre>Traceback (most recent call last):</pre>"])
def test_every_browser_test_fails_on_an_exception_box_or_a_traceback(page, html):
    page.set_content(f"<main>{html}</main>")

    with pytest.raises(AssertionError, match="exception box|Traceback"):
        assert_no_exception(page)
    page.set_content("<main>Tout va bien</main>")  # the fixture's own check at teardown stays green
