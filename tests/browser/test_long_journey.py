"""The long way round, in a real browser, with the demo's M. Perrin in private time:

the coordinator hands the screen to the family, who add an action and finish; the screen is
taken back with the coordinator's PIN; a family link is created and opened on the family's
own "phone" (a second browser context); the referent refuses the plan, the family revises
it, it is adopted as version 2 (the refused plan stays readable); the follow-up is recorded
and the conference closed, and the family still reads its plan through its link.

Both crashes an outside test found sat in the middle of this journey (taking the screen
back, the QR code): every action here waits for the app and fails on an exception box.
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from docx import Document
from playwright.sync_api import Browser, Page, expect

from conference.demo import DEMO_PIN
from conference.i18n import translator

from ..conftest import FROZEN_AT
from .conftest import make_demo_database
from .helpers import (assert_no_exception, click_button, download, main, open_page, open_popover, text_of,
                      wait_idle)

_ = translator("fr")
TODAY = FROZEN_AT.date()
PERRIN = "M. Jean Perrin (démo)"


@pytest.fixture
def demo_server(server_factory, tmp_path):
    """A server of its own on a fresh copy of the demo (this test changes it)."""
    return server_factory(make_demo_database(tmp_path / "demo.sqlite3"))


def sidebar(page: Page, name: str) -> None:
    """Open a page from the menu. A click that lands while the previous rerun is still
    drawing can be dropped by the browser: it is made again until the address changes."""
    before = page.url
    for _attempt in range(3):
        page.get_by_test_id("stSidebar").get_by_text(name, exact=True).click()
        wait_idle(page)
        if page.url != before:
            return
    raise AssertionError(f"the menu item « {name} » did not open its page")


def type_into(page: Page, label: str, text: str, within=None) -> None:
    box = (within or main(page)).get_by_role("textbox", name=label, exact=True)
    box.fill(text)
    box.press("Tab")


def choose(page: Page, label: str, option: str, within=None) -> None:
    (within or main(page)).get_by_role("combobox", name=label, exact=True).click()
    wanted = page.get_by_role("option", name=option, exact=True)
    page.wait_for_timeout(300)
    if not wanted.is_visible():
        page.keyboard.press("ArrowDown")
    wanted.click()


def pick_radio(page: Page, group: str, option: str) -> None:
    main(page).get_by_role("radiogroup", name=group).get_by_text(option, exact=True).click()


def family_adds_an_action(page: Page, number: int, what: str, who: str, days: int) -> None:
    """The family fills the block « Action ``number`` » of the editor and saves it."""
    adding = main(page).get_by_test_id("stForm").filter(
        has=page.get_by_role("button", name=_("Add these actions"), exact=True))
    block = adding.get_by_test_id("stVerticalBlock").filter(
        has=page.get_by_text(_("Action {n}", n=number), exact=True)).last
    type_into(page, _("What will we do?"), what, block)
    people = block.get_by_role("radiogroup", name=_("Who does it?"))
    if people.count():  # a short list of people shows as buttons to tap
        people.get_by_text(who, exact=True).click()
    else:
        choose(page, _("Who does it?"), who, block)
    block.get_by_role("group", name=_("By when?"), exact=True).get_by_role("spinbutton").first.click()
    page.keyboard.type((TODAY + timedelta(days=days)).strftime("%d%m%Y"), delay=20)
    page.keyboard.press("Tab")
    click_button(page, _("Add these actions"))
    expect(main(page).get_by_text(what).first).to_be_visible()


def family_finishes(page: Page) -> None:
    yes = page.get_by_role("button", name=_("Yes, we have finished"), exact=True)  # in the popover
    open_popover(page, main(page).get_by_role("button", name=_("We have finished")), yes)
    yes.click()
    wait_idle(page)


def hand_over_and_back(page: Page, number: int, what: str, who: str) -> None:
    """The coordinator hands the screen over; the family adds ``what`` as action ``number``
    and finishes; the coordinator takes the screen back with the PIN (a wrong PIN first:
    refused) and lands on validation."""
    click_button(page, _("Give the screen to the family"))
    expect(main(page).get_by_role("heading", name=_("Our actions"))).to_be_visible()
    family_adds_an_action(page, number, what, who, days=12)
    family_finishes(page)
    type_into(page, _("Coordinator's hand-back PIN"), "000000")
    click_button(page, _("Take the screen back"))
    expect(main(page)).to_contain_text(_("Wrong PIN: the screen stays with the family."))
    type_into(page, _("Coordinator's hand-back PIN"), DEMO_PIN)
    click_button(page, _("Take the screen back"))
    expect(page).to_have_url(re.compile(r"/validation"))
    expect(page.get_by_test_id("stSidebar").get_by_text(_("My conferences"))).to_be_visible()


def document_text(path) -> str:
    document = Document(str(path))
    return "\n".join([p.text for p in document.paragraphs] +
                     [c.text for t in document.tables for r in t.rows for c in r.cells])


def open_family_link(browser: Browser, url: str) -> Page:
    """The family's own phone: another browser context, phone-sized, no shared session."""
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 390, "height": 844})
    context.set_default_timeout(30_000)
    phone = context.new_page()
    phone.goto(url, wait_until="domcontentloaded")
    wait_idle(phone)
    return phone


def test_hand_over_family_link_refusal_revision_adoption_follow_up_and_closure(page, browser, demo_server, record,
                                                                                tmp_path):
    base = demo_server.base_url
    open_page(page, base)
    row = main(page).get_by_test_id("stHorizontalBlock").filter(has_text=PERRIN)
    click_button(page, _("Open"), within=row)
    expect(main(page).get_by_role("heading", name=PERRIN)).to_be_visible()

    # 4. Private time on the coordinator's screen, handed over and taken back with the PIN.
    hand_over_and_back(page, 4, "Claire prend un week-end sur deux", "Claire")

    # The family link, opened on the family's phone.
    sidebar(page, _("Family link and consent"))
    click_button(page, _("Create a family link"))
    link = re.search(r"https?://\S+\?famille=[\w-]+", text_of(page))
    assert link, "the new link is shown once"
    expect(main(page).locator("img").first).to_be_visible()  # the QR code (it crashed the page before)
    phone = open_family_link(browser, link.group(0))
    assert _("Our conference") in phone.get_by_test_id("stSidebar").inner_text()

    # 5. Validation: the referent refuses; the plan goes back to the family.
    sidebar(page, _("5. Validation"))
    click_button(page, _("Check the form of the plan"))
    pick_radio(page, _("Decision"), _("Refused"))
    type_into(page, _("Reason (required for reservations or a refusal)"),
              "Aucune action ne dit qui remarque une chute la nuit.")
    click_button(page, _("Record the decision"))
    # A recorded decision reruns the page once more (its confirmation): expect() waits for it.
    expect(main(page)).to_contain_text(
        _("The referent refused this plan. Send it back to the family so they can change it."))
    click_button(page, _("Send the plan back to the family for changes"))
    hand_over_and_back(page, 5, "Nadia installe une téléalarme pour la nuit", "Nadia")

    # Adopted as version 2; the refused version stays readable.
    click_button(page, _("Check the form of the plan"))
    pick_radio(page, _("Decision"), _("Ratified"))
    click_button(page, _("Record the decision"))
    click_button(page, _("Adopt the plan"))
    expect(page).to_have_url(re.compile(r"/suivi"))  # adoption opens the follow-up (a page switch)
    wait_idle(page)
    expect(main(page).get_by_text(re.compile(r"[Vv]ersion 2")).first).to_be_visible()

    # 6. Follow-up: chosen, recorded, the documents read right.
    pick_radio(page, _("The family's choice"), _("Yes, a follow-up"))
    click_button(page, _("Save the family's choice"))
    expect(page.get_by_test_id("stToast").first).to_contain_text(_("The family's choice is saved."))  # then drawn again
    wait_idle(page)
    plan_text = document_text(download(page, _("Download the action plan (.docx)"), into=tmp_path))
    assert "Nadia installe une téléalarme pour la nuit" in plan_text
    assert "version 2" in plan_text.lower()
    blank = document_text(download(page, _("Three-month follow-up form (.docx)"), into=tmp_path))
    assert "Nadia installe une téléalarme pour la nuit" in blank and "☐" in blank

    followed = main(page).get_by_test_id("stForm").filter(
        has=page.get_by_role("button", name=_("Save the follow-up of the actions"), exact=True))
    for group in followed.get_by_role("radiogroup", name=_("How did it go?")).all():
        group.get_by_text(_("Done"), exact=True).click()
    click_button(page, _("Save the follow-up of the actions"))
    pick_radio(page, _("Is the starting situation resolved?"), _("Partly resolved"))
    type_into(page, _("What changed for the family?"), "Claire souffle un week-end sur deux.")
    click_button(page, _("Save the result"))

    # 7. Closure.
    closing = main(page).get_by_test_id("stExpander").filter(has_text=_("Close the conference"))
    if not closing.get_by_role("radiogroup").count():
        closing.locator("summary").click()
        wait_idle(page)
    pick_radio(page, _("How does the conference end?"), _("Plan adopted"))
    main(page).get_by_text(_("I confirm: the conference ends here. Nothing can be changed afterwards."),
                           exact=True).click()
    click_button(page, _("Close the conference"))
    expect(main(page)).to_contain_text("clôturée")

    # The family's phone still reads the adopted plan after closure, read-only.
    phone.reload(wait_until="domcontentloaded")
    wait_idle(phone)
    family_text = main(phone).inner_text()
    assert "Nadia installe une téléalarme pour la nuit" in family_text
    assert main(phone).get_by_role("button", name=_("Add these actions")).count() == 0
    assert main(phone).get_by_role("textbox").count() == 0  # read-only
    assert_no_exception(phone)
    phone.context.close()

    assert record.dialogs == [] and record.page_errors == [] and record.outside() == []
