"""The whole journey in a real browser, as a new user would do it on a fresh install:
create the profile, a situation, go through every phase, download both documents, and
check the files. Labels come from the French catalog, so a reworded button is followed."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from conference.i18n import translator
from conference.store.db import make_engine
from conference.store.migrate import upgrade

from ..conftest import FROZEN_AT
from .helpers import click_button, download, main, open_page, text_of, wait_idle

_ = translator("fr")
TODAY = FROZEN_AT.date()  # the servers' day too (CERCLE_FROZEN_NOW)


@pytest.fixture
def fresh_server(server_factory, tmp_path):
    """A server on an empty, migrated database: what a new user meets."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return server_factory(url)


def form_with(page: Page, button: str):
    """The form whose submit button is ``button`` (when a label appears in several forms)."""
    return main(page).get_by_test_id("stForm").filter(has=page.get_by_role("button", name=button, exact=True))


def type_into(page: Page, label: str, text: str, within=None) -> None:
    """Fill a text field; inside a form nothing reruns until the form is submitted."""
    box = (within or main(page)).get_by_role("textbox", name=label, exact=True)
    box.fill(text)
    box.press("Tab")


def type_secret(page: Page, label: str, text: str) -> None:
    """Fill a password field (it has no textbox role)."""
    box = main(page).get_by_label(label, exact=True)
    box.fill(text)
    box.press("Tab")


def choose(page: Page, label: str, option: str, within=None) -> None:
    """Pick ``option`` in the select box labelled ``label``."""
    (within or main(page)).get_by_role("combobox", name=label, exact=True).click()
    wanted = page.get_by_role("option", name=option, exact=True)
    page.wait_for_timeout(300)
    if not wanted.is_visible():  # a click on the field does not always open the list: the keyboard does
        page.keyboard.press("ArrowDown")
    wanted.click()


def tick(page: Page, label: str) -> None:
    main(page).get_by_text(label, exact=True).click()


def pick_radio(page: Page, group: str, option: str) -> None:
    main(page).get_by_role("radiogroup", name=group).get_by_text(option, exact=True).click()


def set_date(page: Page, label: str, day: date, within=None) -> None:
    # A date field is three spin buttons (day, month, year): type the digits, it moves along.
    (within or main(page)).get_by_role("group", name=label, exact=True).get_by_role("spinbutton").first.click()
    page.keyboard.type(day.strftime("%d%m%Y"), delay=30)
    page.keyboard.press("Tab")


def submit(page: Page, name: str) -> None:
    click_button(page, name)


def paragraphs(path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


PIN = "731902"  # the coordinator's hand-back PIN, chosen at first run


def test_a_new_user_goes_through_every_phase_and_downloads_both_documents(page, fresh_server, record, tmp_path):
    base = fresh_server.base_url

    # First run: the coordinator's profile.
    open_page(page, base)
    type_into(page, _("Your name"), "Coordinatrice Imaginaire")
    type_into(page, _("Your structure"), "Association Fictive des Tilleuls")
    type_secret(page, _("Hand-back PIN ({low} to {high} digits)", low=6, high=12), PIN)
    type_secret(page, _("The same PIN again"), PIN)
    submit(page, _("Create my profile"))
    expect(main(page).get_by_role("heading", name=_("My conferences"))).to_be_visible()

    # A new situation opens on orientation.
    main(page).get_by_text(_("Start a new conference")).click()
    type_into(page, _("Name of the situation"), "Famille Essai-Imaginaire")
    submit(page, _("Create"))
    expect(main(page).get_by_role("heading", name="Famille Essai-Imaginaire")).to_be_visible()

    # 1. Orientation.
    type_into(page, _("What is happening?"), "Noé, 9 ans, est souvent seul le soir.")
    choose(page, _("Field"), _("Childhood"))
    pick_radio(page, _("Who asked for the conference?"), _("A professional"))
    type_into(page, _("Referent's institution"), "Aide sociale à l'enfance (fictive)")
    type_into(page, _("Referent professional"), "M. Référent Imaginaire")
    tick(page, _("The family agrees to hold a family conference"))
    tick(page, _("The family received the information it is owed"))
    submit(page, _("Save"))
    submit(page, _("Go to preparation"))

    # 2. Preparation: question and its part, a bottom line, two people, the meeting.
    type_into(page, _("The central question, in the family's words"), "Qui est là pour Noé le soir ?")
    submit(page, _("Save the question"))
    type_into(page, _("New part of the question"), "Le soir")
    submit(page, _("Add the part"))
    main(page).get_by_role("tab", name=_("Concerns and bottom lines")).click()
    type_into(page, _("New bottom line"), "Noé n'est jamais seul la nuit.")
    submit(page, _("Add the bottom line"))
    main(page).get_by_role("tab", name=_("Participants")).click()
    wait_idle(page)
    # The network as a pasted list, then both invited in the table of everyone (a canvas:
    # cells are reached by position; the invitation column's middle is 575 px in).
    type_into(page, _("One person per line, with the relation after a semicolon if you know it"),
              "Mamie Odile; famille\nTonton Imaginaire; famille")
    submit(page, _("Add the list"))
    everyone = main(page).get_by_test_id("stDataFrame").nth(1)
    for line in (0, 1):
        everyone.click(position={"x": 575, "y": 35 + 35 * line + 17})
        if line:  # the first click only closes the previous cell's drop-down
            page.wait_for_timeout(300)
            everyone.click(position={"x": 575, "y": 35 + 35 * line + 17})
        page.wait_for_timeout(300)
        page.keyboard.press("Enter")
        page.get_by_role("option", name=_("Invited"), exact=True).click()
        page.wait_for_timeout(300)
    submit(page, _("Save the changes"))
    main(page).get_by_role("tab", name=_("Meeting")).click()
    set_date(page, _("Date of the meeting"), TODAY + timedelta(days=7))
    submit(page, _("Save the meeting"))
    submit(page, _("Start the meeting"))

    # 3. Information sharing, then private time.
    type_into(page, _("Concern presented"), "Noé reste seul plusieurs soirs.")
    main(page).get_by_role("button", name=_("Add")).first.click()
    wait_idle(page)
    submit(page, _("Start private time"))

    # 4. Private time: the coordinator hands the screen to the family, who write the plan.
    assert "Mamie Odile garde Noé" not in text_of(page)
    submit(page, _("Give the screen to the family"))
    adding = form_with(page, _("Add these actions"))  # three blocks: the first one is enough here
    block = adding.get_by_test_id("stVerticalBlock").filter(has=page.get_by_text(_("Action {n}", n=1), exact=True)).last
    block.get_by_role("textbox", name=_("What will we do?"), exact=True).fill("Mamie Odile garde Noé le soir")
    if block.get_by_role("radiogroup").count():  # a short list of people: every name is a button
        block.get_by_text("Mamie Odile", exact=True).click()
    else:
        choose(page, _("Who does it?"), "Mamie Odile", block)
    set_date(page, _("By when?"), TODAY + timedelta(days=10), block)
    block.get_by_text("Le soir", exact=True).click()  # one checkbox per part of the question
    block.get_by_text("Noé n'est jamais seul la nuit.", exact=True).click()  # and per bottom line
    submit(page, _("Add these actions"))
    expect(main(page).get_by_text("Mamie Odile garde Noé le soir").first).to_be_visible()
    main(page).get_by_role("button", name=_("We have finished")).click()
    page.get_by_role("button", name=_("Yes, we have finished"), exact=True).click()  # in the popover
    wait_idle(page)

    # The screen goes back to the coordinator with the hand-back PIN chosen at first run.
    page.get_by_test_id("stSidebar").get_by_text(_("Give the screen back")).click()
    wait_idle(page)
    type_secret(page, _("Coordinator's hand-back PIN"), PIN)
    submit(page, _("Take the screen back"))

    # 5. Validation: the form check finds nothing, the plan is adopted.
    open_page(page, base, "validation", conference_id=1)
    submit(page, _("Check the form of the plan"))
    submit(page, _("Adopt the plan"))

    # 6. Follow-up: the family wants one; both documents download and read right.
    pick_radio(page, _("The family's choice"), _("Yes, a follow-up"))
    submit(page, _("Save the family's choice"))
    plan = download(page, _("Download the action plan (.docx)"), into=tmp_path)
    form = download(page, _("Three-month follow-up form (.docx)"), into=tmp_path)

    plan_text, form_text = paragraphs(plan), paragraphs(form)
    assert "Qui est là pour Noé le soir" in plan_text and "Mamie Odile garde Noé le soir" in plan_text
    assert (TODAY + timedelta(days=10)).strftime("%d/%m/%Y") in plan_text
    assert "Mamie Odile garde Noé le soir" in form_text and "☐" in form_text

    # Closing the conference with its outcome.
    main(page).get_by_test_id("stExpander").filter(has_text=_("Close the conference")).locator("summary").click()
    pick_radio(page, _("How does the conference end?"), _("Plan adopted"))
    tick(page, _("I confirm: the conference ends here. Nothing can be changed afterwards."))
    submit(page, _("Close the conference"))
    assert _("Closed") in text_of(page) or "clôturée" in text_of(page)

    assert record.dialogs == [] and record.page_errors == []
    assert record.outside() == []
