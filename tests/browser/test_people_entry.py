"""Entering a network in a real browser: six people through the table of new people, or
a pasted list, with the clicks and fields it takes counted (issue #7: the whole simple
case in at most 60, so people entry should cost about 10).

    .venv/bin/pytest tests/browser/test_people_entry.py -s      (prints the counts)

The table is Streamlit's data editor, drawn on a canvas (glide-data-grid): a cell is
reached by its position. Lines are 35 px high under a 35 px header; the columns have the
widths pages/preparation_people.py gives them.
"""
from __future__ import annotations

from playwright.sync_api import Locator, Page

from conference.domain.enums import Phase, Relation
from conference.services import accounts, conferences
from conference.store.db import make_engine, session_factory
from conference.store.uow import UnitOfWork

from .helpers import Effort, click_button, main, open_page, screenshot, wait_idle

ROW_PX = 35
# x of the middle of each column of the table of new people (row marker 35 px, then the
# widths of pages/preparation_people.py: name 160, safety 115, relation 130).
NAME_X, RELATION_X = 35 + 80, 35 + 160 + 115 + 65
PEOPLE = [("Mamie Mariam", None), ("Oncle Karim", None), ("Tante Sophie Moreau", None),
          ("M. Lefort", "Voisin·e"), ("Marraine Inès", None), ("Infirmière scolaire", "Expert·e")]


def bare_conference(database_url: str, title: str) -> int:
    """A new conference of the demo's local coordinator, just entered in preparation."""
    engine = make_engine(database_url)
    try:
        uow = lambda: UnitOfWork(session_factory(engine))  # noqa: E731
        coordinator = accounts.local_coordinator(uow=uow())
        cid = conferences.create_conference(coordinator, title, uow=uow())
        conf = conferences.get_conference(coordinator, cid, uow=uow())
        conferences.update_orientation(coordinator, cid, conf.version, uow=uow(), situation="Situation fictive.",
                                       field="enfance", referral_source="professional", family_agreement=True,
                                       information_duty_met=True, coordinator_institution="Association Fictive",
                                       referent_institution="ASE fictive")
        conferences.change_phase(coordinator, cid, Phase.PREPARATION, uow=uow())
        return cid
    finally:
        engine.dispose()


def people_of(database_url: str, cid: int) -> dict[str, Relation]:
    engine = make_engine(database_url)
    try:
        coordinator = accounts.local_coordinator(uow=UnitOfWork(session_factory(engine)))
        conf = conferences.get_conference(coordinator, cid, uow=UnitOfWork(session_factory(engine)))
        return {p.name: p.relation for p in conf.participants}
    finally:
        engine.dispose()


def cell(line: int, x: int) -> dict:
    return {"x": x, "y": ROW_PX + ROW_PX * line + ROW_PX // 2}


def type_new_line(page: Page, table: Locator, line: int, name: str) -> None:
    """Click the table's empty last line (it becomes line ``line``) and type a name."""
    table.click(position=cell(line, NAME_X))
    page.wait_for_timeout(200)  # the grid opens its cell editor on the first key: let it settle
    page.keyboard.type(name, delay=20)
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)


def choose_in_cell(page: Page, table: Locator, line: int, x: int, option: str) -> None:
    """Open a drop-down cell (click, Enter) and pick ``option``."""
    table.click(position=cell(line, x))
    page.keyboard.press("Enter")
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_timeout(200)


def no_error_box(page: Page) -> None:
    assert page.get_by_test_id("stException").count() == 0, "the page shows an exception box"
    assert "Traceback" not in main(page).inner_text()


def test_six_people_are_entered_through_the_table(page, base_url, demo_database, shots_dir):
    cid = bare_conference(demo_database, "Famille Table-Fictive")
    effort = Effort()
    open_page(page, base_url, "preparation", conference_id=cid)

    effort.click("the Participants tab")
    main(page).get_by_role("tab", name="Participant·es").click()
    wait_idle(page)
    table = main(page).get_by_test_id("stDataFrame").first
    for line, (name, _relation) in enumerate(PEOPLE):
        effort.field(f"name, line {line + 1}")
        type_new_line(page, table, line, name)
    for line, (_name, relation) in enumerate(PEOPLE):
        if relation:
            effort.click(f"open the relation of line {line + 1}")
            effort.click(f"choose « {relation} »")
            choose_in_cell(page, table, line, RELATION_X, relation)
    screenshot(page, shots_dir / "preparation-people-typed.png")
    effort.click("Ajouter ces personnes")
    click_button(page, "Ajouter ces personnes")

    no_error_box(page)
    assert people_of(demo_database, cid) == {
        "Mamie Mariam": Relation.FAMILY, "Oncle Karim": Relation.FAMILY, "Tante Sophie Moreau": Relation.FAMILY,
        "M. Lefort": Relation.NEIGHBOUR, "Marraine Inès": Relation.FAMILY, "Infirmière scolaire": Relation.EXPERT}
    assert "6 personnes ajoutées" in page.get_by_test_id("stToast").inner_text()
    screenshot(page, shots_dir / "preparation-people-saved.png")
    print(f"\nsix people through the table: {effort.summary()}")
    assert effort.count <= 12  # the budget for people entry is about 10


def test_six_people_are_entered_as_a_pasted_list(page, base_url, demo_database, shots_dir):
    cid = bare_conference(demo_database, "Famille Liste-Fictive")
    effort = Effort()
    open_page(page, base_url, "preparation", conference_id=cid)

    effort.click("the Participants tab")
    main(page).get_by_role("tab", name="Participant·es").click()
    wait_idle(page)
    effort.paste("the list")
    listing = "\n".join(f"{name}; {relation.lower()}" if relation else name for name, relation in PEOPLE)
    main(page).get_by_label("Une personne par ligne", exact=False).fill(listing)
    effort.click("Ajouter la liste")
    click_button(page, "Ajouter la liste")

    no_error_box(page)
    assert people_of(demo_database, cid)["M. Lefort"] is Relation.NEIGHBOUR
    assert len(people_of(demo_database, cid)) == 6
    print(f"\nsix people as a pasted list: {effort.summary()}")
