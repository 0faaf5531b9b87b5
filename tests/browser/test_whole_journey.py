"""The whole conference in a real browser, as a coordinator and a family play it.

1. The simple case (the Moreau-Diallo situation cut down: Lina, her mother and six people of
   the network, one question, two bottom lines, five actions, ratified the first time), from
   the first screen of a fresh install to the closure, the family's typing included. Every
   click, field filled or paste is counted (issue #7: at most 60) and the figure printed:

       .venv/bin/pytest tests/browser/test_whole_journey.py -s -k simple

2. The long way round: the screen handed to the family and taken back with the PIN, a
   family link opened in a second browser, a refused ratification, the plan revised and
   adopted as version 2, the follow-up recorded, the conference closed, and the family still
   reading its plan through its link afterwards.

Every action waits for the app to be idle and fails on an exception box (helpers.wait_idle).
Labels come from the French catalog, so a reworded button is followed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from docx import Document
from playwright.sync_api import Locator, Page, expect

from conference.i18n import translator
from conference.services.handover_screen import PIN_MAX, PIN_MIN
from conference.store.db import make_engine
from conference.store.migrate import upgrade

from ..conftest import FROZEN_AT
from .helpers import main, open_page, open_popover, wait_idle

_ = translator("fr")
TODAY = FROZEN_AT.date()  # the servers' day too (CERCLE_FROZEN_NOW)
PIN = "482913"


@pytest.fixture
def fresh_server(server_factory, tmp_path):
    """A server on an empty, migrated database: what a new coordinator meets."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return server_factory(url)


@dataclass
class Person:
    """Plays a person at a screen and counts what they do: one click, one field filled or
    one paste counts 1 (typing a whole text, a date or a name in a list counts 1)."""

    page: Page
    steps: list[str] = field(default_factory=list)

    def _within(self, within: Locator | None) -> Locator:
        return within or main(self.page)

    def _field(self, label: str, within: Locator | None) -> Locator:
        """The visible input or text area labelled ``label`` (a large heading above it may carry the same
        words; a closed expander's fields are not what a person sees)."""
        visible = self.page.locator("input:visible, textarea:visible")
        return self._within(within).get_by_label(label, exact=True).and_(visible)

    def click(self, name: str, *, within: Locator | None = None, role: str = "button", wait: bool = True) -> None:
        self.steps.append(f"click {name}")
        self._within(within).get_by_role(role, name=name, exact=True).click()
        if wait:
            wait_idle(self.page)

    def click_text(self, text: str, *, within: Locator | None = None) -> None:
        """A checkbox, a radio option or an expander, by its visible text."""
        self.steps.append(f"click {text}")
        self._within(within).get_by_text(text, exact=True).filter(visible=True).first.click()
        wait_idle(self.page)

    def tab(self, name: str) -> None:
        self.steps.append(f"tab {name}")
        main(self.page).get_by_role("tab", name=name).click()
        wait_idle(self.page)

    def type(self, label: str, text: str, *, within: Locator | None = None) -> None:
        """Fill a text field or area (in a form nothing reruns until it is submitted)."""
        self.steps.append(f"field {label}")
        box = self._field(label, within)
        box.fill(text)
        box.press("Tab")

    def paste(self, label: str, text: str, *, within: Locator | None = None) -> None:
        self.steps.append(f"paste {label}")
        box = self._field(label, within)
        box.fill(text)  # a paste puts the whole text at once
        box.press("Tab")

    def date(self, label: str, day: date, *, within: Locator | None = None) -> None:
        """A date field: three spin buttons; the digits are typed in one go."""
        self.steps.append(f"field {label}")
        self._within(within).get_by_role("group", name=label, exact=True).get_by_role("spinbutton").first.click()
        self.page.keyboard.type(day.strftime("%d%m%Y"), delay=20)
        self.page.keyboard.press("Tab")

    def choose(self, label: str, option: str, *, within: Locator | None = None, multi: bool = False) -> None:
        """Pick ``option`` in a select box: open it (1), pick the option (1)."""
        self.steps += [f"open {label}", f"pick {option}"]
        self._within(within).get_by_role("combobox", name=label, exact=True).click()
        wanted = self.page.get_by_role("option", name=option, exact=True)
        self.page.wait_for_timeout(300)
        if not wanted.is_visible():  # a click does not always open the list: the keyboard does
            self.page.keyboard.press("ArrowDown")
        wanted.click()
        if multi:
            self.page.keyboard.press("Escape")  # a multiselect's list stays open

    def radio(self, group: str, option: str) -> None:
        self.steps.append(f"radio {option}")
        main(self.page).get_by_role("radiogroup", name=group).get_by_text(option, exact=True).click()

    def sidebar(self, name: str) -> None:
        self.steps.append(f"menu {name}")
        self.page.get_by_test_id("stSidebar").get_by_text(name, exact=True).click()
        wait_idle(self.page)

    @property
    def count(self) -> int:
        return len(self.steps)


def form_with(page: Page, button: str) -> Locator:
    """The form whose submit button is ``button`` (when a label appears in several forms)."""
    return main(page).get_by_test_id("stForm").filter(has=page.get_by_role("button", name=button, exact=True))


def document_text(path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


NETWORK = """Awa Diallo; famille
Mamie Mariam; famille
Oncle Karim; famille
Tante Sophie Moreau; famille
M. Lefort; voisin
Marraine Inès; ami
Coach Yanis; ami"""
BOTTOM_LINES = ("Lina n'est jamais seule la nuit.", "Un adulte connu de l'école vient chercher Lina chaque jour.")
ACTIONS = (  # what, who, in how many days, the bottom line it answers (index) or None
    ("Mamie Mariam dort à l'appartement du lundi au jeudi", "Mamie Mariam", 7, 0),
    ("Tante Sophie prend Lina du vendredi soir au dimanche", "Tante Sophie Moreau", 11, 0),
    ("Oncle Karim va chercher Lina à l'école le mardi et le jeudi", "Oncle Karim", 9, 1),
    ("Marraine Inès appelle Lina tous les soirs à 19 h", "Marraine Inès", 7, None),
    ("Si Mamie Mariam est malade, M. Lefort appelle Tante Sophie", "M. Lefort", 14, None),
)


def start_for_real(coordinator: Person, base: str) -> None:
    open_page(coordinator.page, base)
    coordinator.type(_("Your name"), "Coordinatrice Imaginaire")
    coordinator.type(_("Your structure"), "Association Fictive des Tilleuls")
    coordinator.type(_("Hand-back PIN ({low} to {high} digits)", low=PIN_MIN, high=PIN_MAX), PIN)
    coordinator.type(_("The same PIN again"), PIN)
    coordinator.click(_("Create my profile"))
    expect(main(coordinator.page).get_by_role("heading", name=_("My conferences"))).to_be_visible()


def orientation(coordinator: Person, title: str) -> None:
    coordinator.click_text(_("Start a new conference"))
    coordinator.type(_("Name of the situation"), title)
    coordinator.click(_("Create"))
    expect(main(coordinator.page).get_by_role("heading", name=title)).to_be_visible()
    coordinator.type(_("What is happening?"), "Lina, 8 ans, sera seule le soir pendant l'hospitalisation de sa mère.")
    coordinator.choose(_("Field"), _("Childhood"))
    coordinator.radio(_("Who asked for the conference?"), _("A professional"))
    coordinator.type(_("Referent's institution"), "Aide sociale à l'enfance (fictive)")
    coordinator.type(_("Referent professional"), "M. Référent Imaginaire")
    coordinator.click_text(_("The family agrees to hold a family conference"))
    coordinator.click_text(_("The family received the information it is owed"))
    coordinator.click(_("Save and go to preparation"))


def preparation(coordinator: Person) -> None:
    page = coordinator.page
    coordinator.type(_("The central question, in the family's words"),
                     "Comment on s'organise pour que Lina soit bien entourée pendant l'hospitalisation de maman ?")
    coordinator.click(_("Save the question"))
    coordinator.tab(_("Concerns and bottom lines"))
    coordinator.type(_("New bottom line"), "\n".join(BOTTOM_LINES))  # one per line, both at once
    coordinator.click(_("Add the bottom line"))
    coordinator.tab(_("Participants"))
    pasted = main(page).get_by_test_id("stExpander").filter(has_text=_("Paste a list of names"))
    coordinator.paste(_("One person per line, with the relation after a semicolon if you know it"), NETWORK,
                      within=pasted)
    coordinator.click(_("Add the list"))
    expect(main(page).get_by_text("Coach Yanis").first).to_be_attached()
    # The invitations go out: the seven people « to invite » become « invited » in one click.
    coordinator.click(_("The invitations are sent: mark the {n} people to invite as invited", n=7))
    coordinator.tab(_("Meeting"))
    coordinator.date(_("Date of the meeting"), TODAY + timedelta(days=7))
    coordinator.click(_("Save and start the meeting"))


def family_writes_the_plan(family: Person) -> None:
    """The family, on the handed screen: five actions written in blocks (three at a time, each
    with who, by when and the bottom line it answers), then « we have finished »."""
    page = family.page
    for number, (what, who, days, line) in enumerate(ACTIONS, start=1):
        adding = form_with(page, _("Add these actions"))
        # The block « Action n » (the innermost container holding that title).
        block = adding.get_by_test_id("stVerticalBlock").filter(
            has=page.get_by_text(_("Action {n}", n=number), exact=True)).last
        # Empty once the previous actions are saved (not counted: a wait).
        expect(block.get_by_role("textbox", name=_("What will we do?"), exact=True)).to_have_value("")
        family.type(_("What will we do?"), what, within=block)
        family.click_text(who, within=block)  # every name is a button on the shared screen
        family.date(_("By when?"), TODAY + timedelta(days=days), within=block)
        if line is not None:
            family.click_text(BOTTOM_LINES[line], within=block)  # one checkbox per bottom line
        if number % 3 == 0 or number == len(ACTIONS):
            family.click(_("Add these actions"))
            expect(main(page).get_by_text(what).first).to_be_visible()
    family.steps.append(f"click {_('We have finished')}")  # opens a popover: nothing runs
    open_popover(page, main(page).get_by_role("button", name=_("We have finished"), exact=True),
                 page.get_by_role("button", name=_("Yes, we have finished"), exact=True))
    family.click(_("Yes, we have finished"), within=page.locator("body"))


def take_the_screen_back(coordinator: Person) -> None:
    """The family has finished: the PIN box is on their screen (no menu to find)."""
    coordinator.type(_("Coordinator's hand-back PIN"), PIN)
    coordinator.click(_("Take the screen back"))


def test_the_simple_case_from_the_first_screen_to_the_closure(page, fresh_server, record, tmp_path):
    base = fresh_server.base_url
    coordinator = Person(page)

    start_for_real(coordinator, base)
    orientation(coordinator, "Famille Moreau-Diallo (fictive)")
    preparation(coordinator)
    coordinator.click(_("Start private time and give this screen to the family"))

    family = Person(page)
    family_writes_the_plan(family)

    take_the_screen_back(coordinator)
    # The family had finished: the screen comes back on validation, the form already checked.
    expect(main(page).get_by_text(_("Nothing is missing: every part of the question and every bottom line is "
                                    "answered, and every action says who and by when."))).to_be_visible()
    coordinator.radio(_("Decision"), _("Ratified"))
    coordinator.click(_("Record the decision and adopt the plan"))
    coordinator.radio(_("The family's choice"), _("No follow-up"))
    coordinator.click(_("Save the family's choice"))
    # No follow-up: the closure opens with « plan adopted » already chosen (it is the only true answer).
    expect(main(page).get_by_role("radio", name=_("Plan adopted"))).to_be_checked()
    coordinator.click_text(_("I confirm: the conference ends here. Nothing can be changed afterwards."))
    coordinator.click(_("Close the conference"))
    expect(main(page)).to_contain_text("clôturée")

    total = coordinator.count + family.count
    print(f"\nthe simple case, first screen to closure: {total} interactions "
          f"(coordinator {coordinator.count}, family {family.count})")
    assert total <= 60, "issue #7: the simple case takes at most 60 clicks and fields"
    assert record.dialogs == [] and record.page_errors == [] and record.outside() == []
