"""Two Streamlit processes on one PostgreSQL database, as behind a département's reverse
proxy: each sees the other's writes at once, and a concurrent edit is refused in one of
them instead of overwriting the other.

Skipped unless CERCLE_TEST_POSTGRES_URL is set (scripts/start-postgres.sh). Drives both
servers' real pages with Playwright and Debian's chromium (Streamlit pages are rendered
over a websocket: plain HTTP would see nothing), so it is also a ``browser`` test
(``pytest -m "not browser"`` leaves it out). The servers run in local single-user mode
(loopback only), acting as the demo coordinator; the plan is edited through a family link,
as a family's own devices would.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from conference.demo import BENALI, PERRIN, load_demo
from conference.i18n import gettext
from conference.services import accounts, family_links
from conference.store import models as r
from conference.store.db import make_engine, session_factory
from conference.store.migrate import upgrade
from conference.store.uow import UnitOfWork

from ..browser.conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer
from ..browser.helpers import click_button, main, open_page, text_of, url_for, wait_idle
from ..postgres import drop_database, fresh_database, postgres_base_url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(postgres_base_url() is None, reason="CERCLE_TEST_POSTGRES_URL is not set"),
]


def fr(message: str) -> str:
    """The French text the pages show for ``message`` (labels change in the catalogs, not here)."""
    return gettext(message, "fr")


@pytest.fixture(scope="module")
def shared_database():
    """A fresh PostgreSQL database with the fictional demo; dropped at the end."""
    base = postgres_base_url()
    url = fresh_database(base, label="two_processes")
    engine = make_engine(url)
    try:
        upgrade(engine)
        load_demo(uow=UnitOfWork(session_factory(engine)))
        yield url
    finally:
        engine.dispose()
        drop_database(base, url)


def open_uow(url: str):
    engine = make_engine(url)
    return UnitOfWork(session_factory(engine)), engine


def conference_id(url: str, title: str) -> int:
    uow, engine = open_uow(url)
    try:
        with uow:
            return uow.session.scalar(select(r.ConferenceRow.id).where(r.ConferenceRow.title == title))
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def servers(shared_database, tmp_path_factory):
    """Two ``streamlit run`` processes (ports of their own) on the same database, in local
    single-user mode (StreamlitServer sets CERCLE_LOCAL_MODE=1; they listen on 127.0.0.1)."""
    logs = tmp_path_factory.mktemp("two-processes")
    started = []
    try:
        for name in ("a", "b"):
            server = StreamlitServer(shared_database, logs / f"streamlit-{name}.log")
            server.start()
            started.append(server)
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture(scope="module")
def chromium():
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if path is None:
        if os.environ.get("CERCLE_REQUIRE_TOOLS") == "1":
            pytest.fail("chromium is required here (CERCLE_REQUIRE_TOOLS=1) but not installed")
        pytest.skip("chromium not installed")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def tabs(chromium, servers):
    """One page per server, each in its own browser context (two people, two devices),
    each opened on its server's home page first: a plain ``streamlit run`` treats
    ``pages/`` as legacy auto-discovered pages until the process has run the frame once
    (docs/decisions/0005), and this test is about the database, not about deep links."""
    contexts = [chromium.new_context(locale="fr-FR", timezone_id="Europe/Paris",
                                     viewport={"width": 1280, "height": 900}) for _ in range(2)]
    pages = []
    for context, server in zip(contexts, servers):
        context.set_default_timeout(30_000)
        page = context.new_page()
        open_page(page, server.base_url)
        pages.append(page)
    yield pages
    for context in contexts:
        context.close()


def textbox(page, label: str):
    """The text field named ``label`` (by role: the family page also titles each field
    with a heading of the same words, which a plain label lookup would find too)."""
    return main(page).get_by_role("textbox", name=label, exact=True)


def type_into(page, label: str, text: str) -> None:
    box = textbox(page, label)
    box.fill(text)
    box.press("Tab")  # Streamlit commits a text field on blur
    wait_idle(page)


def no_exception(page) -> None:
    errors = main(page).get_by_test_id("stException")
    assert errors.count() == 0, errors.first.inner_text()


def test_each_process_sees_the_other_ones_writes(servers, tabs, shared_database):
    a, b = servers
    page_a, page_b = tabs
    cid = conference_id(shared_database, BENALI.title)  # in preparation
    question = "Comment garder notre logement jusqu'à l'été, écrit sur le serveur A (fictif)"
    open_page(page_a, a.base_url, "preparation", cid)
    open_page(page_b, b.base_url, "preparation", cid)
    assert question not in text_of(page_b)

    label = fr("The central question, in the family's words")

    type_into(page_a, label, question)
    click_button(page_a, fr("Save as a new version"))
    page_b.reload(wait_until="domcontentloaded")
    wait_idle(page_b)

    no_exception(page_a)
    no_exception(page_b)
    expect(main(page_b).get_by_text(f"« {question} »")).to_be_visible()  # the question shown on top
    expect(textbox(page_b, label)).to_have_value(question)  # and the form filled from the database
    # And the other way round: B writes, A reloads and sees it.
    answer = "Écrit sur le serveur B (fictif)"
    type_into(page_b, label, answer)
    click_button(page_b, fr("Save as a new version"))
    page_a.reload(wait_until="domcontentloaded")
    wait_idle(page_a)
    expect(main(page_a).get_by_text(f"« {answer} »")).to_be_visible()


def test_a_concurrent_edit_of_the_plan_is_refused_in_the_second_process(servers, tabs, shared_database):
    a, b = servers
    page_a, page_b = tabs
    cid = conference_id(shared_database, PERRIN.title)  # in private time
    uow, engine = open_uow(shared_database)
    try:
        coordinator = accounts.local_coordinator(uow=uow)
        _, token = family_links.create_family_link(coordinator, cid, uow=uow)
    finally:
        engine.dispose()
    label = fr("What do we do if something in the plan does not work?")
    for page, server in ((page_a, a), (page_b, b)):  # the family's two devices, one per process
        page.goto(url_for(server.base_url, "famille") + f"?famille={token}", wait_until="domcontentloaded")
        wait_idle(page)
        expect(textbox(page, label)).to_be_visible()
    mine, theirs = "Si Nadia est malade, Théo appelle (appareil A, fictif)", "Texte de l'appareil B (fictif)"

    type_into(page_a, label, mine)
    click_button(page_a, fr("Save"))
    type_into(page_b, label, theirs)  # B still shows the plan as it was before A saved
    click_button(page_b, fr("Save"))

    no_exception(page_b)
    expect(main(page_b).get_by_text(fr("Someone else has just saved the plan. Your screen now shows the latest "
                                       "version: check it, then make your change again."))).to_be_visible()
    expect(textbox(page_b, label)).to_have_value(mine)  # B now shows A's text
    uow, engine = open_uow(shared_database)
    try:
        with uow:
            draft = uow.session.scalar(select(r.PlanDraftRow).where(r.PlanDraftRow.conference_id == cid))
            assert draft.if_not_working == mine  # A's write kept, B's refused: nothing overwritten
    finally:
        engine.dispose()


def test_a_concurrent_edit_of_the_orientation_is_refused_in_the_second_process(servers, tabs, shared_database):
    a, b = servers
    page_a, page_b = tabs
    cid = conference_id(shared_database, BENALI.title)
    label = fr("What is happening?")
    open_page(page_a, a.base_url, "orientation", cid)
    open_page(page_b, b.base_url, "orientation", cid)
    mine, theirs = "Situation décrite sur le serveur A (fictive).", "Situation décrite sur le serveur B (fictive)."

    type_into(page_a, label, mine)
    click_button(page_a, fr("Save"))
    type_into(page_b, label, theirs)  # without reloading B
    click_button(page_b, fr("Save"))

    expect(main(page_b).get_by_text(fr("Someone saved a change here while you were working. Reload the page to see "
                                       "the latest version, then make your change again."))).to_be_visible()
    page_b.reload(wait_until="domcontentloaded")
    wait_idle(page_b)
    expect(textbox(page_b, label)).to_have_value(mine)
    uow, engine = open_uow(shared_database)
    try:
        with uow:
            assert uow.session.get(r.ConferenceRow, cid).situation == mine
    finally:
        engine.dispose()
