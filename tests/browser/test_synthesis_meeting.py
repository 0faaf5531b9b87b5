"""A synthesis meeting in a real browser (issue 10, « Done when »): a coordinator records a
meeting with four partners, three decisions and a handover; at the next meeting the open
decisions are carried over; the successor confirms the handover in another browser
context, signed in with their own account.

Its own server in server mode (everyone signs in) on its own database: accounts, the
directory's four structures and its two contacts are set up through the services, as an
administrator would; everything else is done on screen. Screenshots go to ``shots_dir``
(``CERCLE_SCREENSHOTS=/tmp/shots`` keeps them).

The decisions table is Streamlit's data editor, drawn on a canvas (glide-data-grid): a
cell is reached by its position (35 px lines under a 35 px header; the widths are the
ones pages/partner_meeting.py gives the columns).
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from docx import Document
from playwright.sync_api import Page, expect
from sqlalchemy import select

from conference.domain.enums import Role
from conference.services import auth, partner_directory
from conference.store import models as r
from conference.store.db import make_engine, session_factory
from conference.store.migrate import upgrade
from conference.store.uow import UnitOfWork

from .helpers import (
    click_button,
    download,
    fill,
    main,
    open_page,
    open_popover,
    screenshot,
    text_of,
    wait_idle,
)

PASSWORD = "mot-de-passe-fictif-long-2026"
HOUSEHOLD = "Foyer Benali-Roussel (fictif)"
STRUCTURES = ("CAF fictive", "CCAS fictif", "UDAF fictive", "Service social départemental fictif")
ROLES = ("Réexamen de l'aide au logement", "Aide d'urgence, énergie", "Accompagnement budgétaire",
         "Accompagnement social")
DECISIONS = (("Réexaminer l'aide au logement", "CAF fictive", "D'accord"),
             ("Ouvrir un accompagnement budgétaire", "UDAF fictive", "Souhaite réfléchir"),
             ("Payer la facture d'énergie", "CCAS fictif", "D'accord"))

ROW_PX = 35
# Middle of each column of the decisions table (pages/partner_meeting.py DECISION_WIDTHS:
# action 270 px, owner 180, deadline 100, agreement 160).
ACTION_X, OWNER_X, AGREEMENT_X = 135, 270 + 90, 270 + 180 + 100 + 80


@dataclass(frozen=True)
class Journey:
    url: str
    coordinator: str
    successor: int


def _setup(url: str) -> Journey:
    """Accounts (coordinator, the leaving path referent, her successor), four structures
    and the two contacts of the département's social service tied to their accounts."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        uow = lambda: UnitOfWork(session_factory(engine))
        auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow())
        admin = auth.authenticate("admin.fictif", PASSWORD, uow=uow())
        auth.create_account(admin, "coord.fictive", "Coordinatrice Fictive", Role.COORDINATOR, PASSWORD, uow=uow())
        ids = {name: partner_directory.create_structure(admin, name, uow=uow()) for name in STRUCTURES}
        social = ids[STRUCTURES[3]]
        people = {}
        for login, name in (("caron.fictive", "Mme Caron (fictive)"), ("dasilva.fictif", "M. Da Silva (fictif)")):
            user_id = auth.create_account(admin, login, name, Role.PARTNER, PASSWORD, uow=uow())
            partner_directory.assign_structure(admin, user_id, social, uow=uow())
            partner_directory.add_contact(admin, social, name, "Assistant·e social·e", user_id=user_id, uow=uow())
            people[login] = user_id
        return Journey(url, "coord.fictive", people["dasilva.fictif"])
    finally:
        engine.dispose()


def _stored(url: str):
    """(decisions: [(action, meeting id, carried from)], handover notes: [(confirmed_by)])."""
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            d = r.DecisionRow
            decisions = session.execute(select(d.action, d.meeting_id, d.carried_from_id, d.owner_structure_id,
                                               d.agreement).order_by(d.id)).all()
            notes = session.execute(select(r.HandoverNoteRow.confirmed_by)).scalars().all()
            return decisions, notes
    finally:
        engine.dispose()


@pytest.fixture
def journey(server_factory, tmp_path):
    url = f"sqlite:///{tmp_path / 'synthesis.sqlite3'}"
    setup = _setup(url)
    return setup, server_factory(url, local=False)


def sign_in(page: Page, base: str, login: str) -> None:
    open_page(page, base)
    main(page).get_by_label("Identifiant", exact=True).fill(login)
    main(page).get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    click_button(page, "Se connecter")
    expect(main(page).get_by_label("Identifiant", exact=True)).to_have_count(0)


def go(page: Page, title: str) -> None:
    """Open a screen through the sidebar, as a person does (in server mode a typed address
    is a new session, signed out). Streamlit folds a long menu: unfold it first."""
    nav = page.get_by_test_id("stSidebarNav")
    link = nav.get_by_role("link", name=title, exact=True)
    if not link.count():
        more = page.get_by_test_id("stSidebarNavViewButton")
        if more.count():
            more.click()
    link.click()
    wait_idle(page)


def tab(page: Page, name: str) -> None:
    """Open a tab (again if a late redraw of the previous rerun put the first one back)."""
    for _attempt in range(3):
        main(page).get_by_role("tab", name=name).click()
        wait_idle(page)
        if main(page).get_by_role("tab", name=name).get_attribute("aria-selected") == "true":
            return
    raise AssertionError(f"the tab « {name} » does not open")


def choose(page: Page, label: str, option: str, *, within=None) -> None:
    """Pick ``option`` in the select box labelled ``label``."""
    wanted = page.get_by_role("option", name=option, exact=True)
    # A list opened while the previous rerun still draws can be closed by it: click again.
    open_popover(page, (within or main(page)).get_by_label(label, exact=True), wanted)
    wanted.click()
    wait_idle(page)


def cell(line: int, x: int) -> dict:
    return {"x": x, "y": ROW_PX + ROW_PX * line + ROW_PX // 2}


def type_in_new_line(page: Page, table, line: int, x: int, text: str) -> None:
    """Click the table's empty last line (it becomes line ``line``) and type ``text``. The
    new line is itself a change, so the page reruns: wait, then type into the cell."""
    table.click(position=cell(line, x))
    wait_idle(page)
    table.click(position=cell(line, x))
    page.wait_for_timeout(200)  # the grid opens its cell editor on the first key: let it settle
    page.keyboard.type(text, delay=15)
    page.keyboard.press("Enter")
    wait_idle(page)


def choose_in_cell(page: Page, table, line: int, x: int, option: str) -> None:
    """Open a drop-down cell (click, Enter) and pick ``option`` with the keyboard (a cell's
    tooltip can cover the list, and the mouse would reach the tooltip). The table was just
    drawn again under a new key (the previous change was saved): let the new grid settle
    first, or the choice reaches the grid being replaced and is lost."""
    page.wait_for_timeout(700)
    table.click(position=cell(line, x))
    page.keyboard.press("Enter")
    expect(page.get_by_role("option", name=option, exact=True)).to_be_visible()
    page.keyboard.type(option, delay=10)
    page.keyboard.press("Enter")
    wait_idle(page)


def decisions_table(page: Page):
    # The last table of the meeting page: its own decisions (carried ones, if any, come first).
    return main(page).get_by_test_id("stDataFrame").last


def test_a_synthesis_meeting_its_decisions_and_a_handover_confirmed_by_the_successor(journey, page, browser,
                                                                                     shots_dir, tmp_path):
    setup, server = journey
    base = server.base_url
    sign_in(page, base, setup.coordinator)

    # A household, its four partners and its path referent.
    go(page, "Foyers suivis")
    main(page).get_by_text("Un nouveau foyer").click()
    fill(page, "Comment le foyer souhaite être nommé", HOUSEHOLD)
    click_button(page, "Créer le foyer")
    expect(main(page).get_by_role("heading", name=HOUSEHOLD)).to_be_visible()
    tab(page, "Partenaires")
    for structure, role in zip(STRUCTURES, ROLES):
        choose(page, "Structure", structure)
        fill(page, "Son rôle auprès du foyer", role)
        click_button(page, "Ajouter ce partenaire")
    for structure in STRUCTURES:
        expect(main(page).get_by_role("tabpanel", name="Partenaires").get_by_text(structure).first).to_be_visible()
    tab(page, "Référent·e de parcours")
    choose(page, "Qui devient référent·e de parcours", "Mme Caron (fictive) — Assistant·e social·e (Service social "
                                           "départemental fictif)")
    click_button(page, "Choisir comme référent·e de parcours")
    expect(main(page).get_by_role("tabpanel", name="Référent·e de parcours").get_by_text(
        "Mme Caron (fictive)", exact=False).first).to_be_visible()
    screenshot(page, shots_dir / "synthesis-household.png")

    # The meeting: everyone around the table in one click, the person represented, three decisions.
    tab(page, "Chronologie")
    click_button(page, "Enregistrer une réunion")
    expect(main(page).get_by_role("heading", name="Réunion de synthèse", exact=False)).to_be_visible()
    click_button(page, "Toutes les structures qui accompagnent le foyer (4)")
    table = decisions_table(page)
    for line, (action, owner, agreement) in enumerate(DECISIONS):
        type_in_new_line(page, decisions_table(page), line, ACTION_X, action)
        choose_in_cell(page, decisions_table(page), line, OWNER_X, owner)
        if agreement != "D'accord":
            choose_in_cell(page, decisions_table(page), line, AGREEMENT_X, agreement)
        screenshot(page, shots_dir / f"synthesis-decision-{line + 1}.png")
    del table
    screenshot(page, shots_dir / "synthesis-meeting.png")
    decisions, _ = _stored(setup.url)
    assert [(a, agreement) for a, _m, _c, _o, agreement in decisions] == [
        ("Réexaminer l'aide au logement", "yes"), ("Ouvrir un accompagnement budgétaire", "deferred"),
        ("Payer la facture d'énergie", "yes")]
    assert all(owner is not None for *_x, owner, _a in decisions)
    first_meeting = decisions[0][1]
    minutes = download(page, "Compte rendu pour les partenaires (.docx)", into=tmp_path)
    text = "\n".join(p.text for p in Document(str(minutes)).paragraphs) + "\n".join(
        c.text for t in Document(str(minutes)).tables for row in t.rows for c in row.cells)
    assert all(action in text.replace("’", "'") for action, _o, _a in DECISIONS)  # (French apostrophes)

    # Mme Caron leaves: the handover note for M. Da Silva.
    go(page, "Fiches de passation")
    choose(page, "Qui part", "Mme Caron (fictive) — Assistant·e social·e (Service social départemental fictif)")
    choose(page, "Le ou la successeur·e", "M. Da Silva (fictif) — Assistant·e social·e (Service social "
                                          "départemental fictif)")
    main(page).get_by_label("Où en est la situation", exact=True).fill("Réexamen CAF en cours ; budget à revoir.")
    main(page).get_by_label("Ce que le foyer a déjà raconté (pour que personne ne le redemande)",
                            exact=True).fill("L'origine des impayés de loyer.")
    click_button(page, "Enregistrer la fiche de passation")
    expect(page.get_by_test_id("stToast").first).to_contain_text("fiche de passation est enregistrée")

    # The next meeting: the three open decisions are carried over, shown first.
    go(page, "Le foyer")
    click_button(page, "Enregistrer une réunion")
    expect(main(page).get_by_text("Décisions ouvertes reprises de la dernière réunion")).to_be_visible()
    screenshot(page, shots_dir / "synthesis-next-meeting.png")
    decisions, notes = _stored(setup.url)
    carried = [(action, carried_from) for action, meeting, carried_from, *_ in decisions if meeting != first_meeting]
    assert [a for a, _c in carried] == [d[0] for d in DECISIONS] and all(c is not None for _a, c in carried)
    assert notes == [None]

    # The successor, in another browser context, signs in and confirms the handover.
    other = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 1280, "height": 900})
    try:
        successor = other.new_page()
        sign_in(successor, base, "dasilva.fictif")
        go(successor, "Fiches de passation")
        expect(main(successor).get_by_text("En attente de votre confirmation")).to_be_visible()
        assert "L'origine des impayés de loyer." in text_of(successor)
        click_button(successor, "J'ai lu cette fiche et je prends le relais")
        expect(successor.get_by_test_id("stToast").first).to_contain_text("Passation confirmée")
        screenshot(successor, shots_dir / "synthesis-handover-confirmed.png")
    finally:
        other.close()
    _, notes = _stored(setup.url)
    assert notes == [setup.successor]
