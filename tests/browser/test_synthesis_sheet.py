"""The coordinator's synthesis sheet in a real browser (issue 9): a duration not understood
gets a French sentence and writes nothing, « 1h30 » is saved in the rerun of the click and
read back after a reload, the family's evaluation choice is recorded. On its own invented
conference of the shared demo database."""
from __future__ import annotations

from dataclasses import replace

from playwright.sync_api import expect

from conference import demo
from conference.domain.enums import Phase
from conference.services import accounts, evaluation_consent, synthesis_sheet
from conference.store.db import make_engine, session_factory
from conference.store.uow import UnitOfWork

from .helpers import click_button, fill, main, open_page, wait_idle

TITLE = "Famille Fiche-Essai (fictive)"


def test_the_sheet_in_a_browser(page, base_url, demo_database):
    engine = make_engine(demo_database)
    try:
        uow = UnitOfWork(session_factory(engine))
        coordinator = accounts.local_coordinator(uow=uow)
        cid = demo.journey(coordinator, replace(demo.MOREAU_DIALLO, title=TITLE), until=Phase.INFORMATION_SHARING,
                           uow=uow)

        open_page(page, base_url, "fiche-synthese", conference_id=cid)
        expect(main(page).get_by_text(TITLE)).to_be_visible()
        expect(main(page).get_by_label("Membres de la famille", exact=True)).to_have_value("4")

        fill(page, "Temps du coordinateur", "deux heures")
        click_button(page, "Enregistrer la fiche")
        expect(main(page).get_by_text("n'est pas une durée comprise", exact=False)).to_be_visible()
        assert synthesis_sheet.sheet_for(coordinator, cid, uow=uow).version == 0  # nothing written

        fill(page, "Temps du coordinateur", "1h30")
        fill(page, "Temps du référent", "45 min")
        click_button(page, "Enregistrer la fiche")
        # Saved in the rerun of the click; the form then shows what is stored.
        expect(main(page).get_by_label("Temps du coordinateur", exact=True)).to_have_value("1 h 30")
        sheet = synthesis_sheet.sheet_for(coordinator, cid, uow=uow)
        assert (sheet.hours_coordinator, sheet.hours_referent) == (1.5, 0.75)

        click_button(page, "La famille est d'accord")
        expect(main(page).get_by_text("La famille est d'accord : cette conférence compte")).to_be_visible()
        assert evaluation_consent.evaluation_consent_of(coordinator, cid, uow=uow).current is True

        page.reload(wait_until="domcontentloaded")
        wait_idle(page)
        expect(main(page).get_by_label("Temps du coordinateur", exact=True)).to_have_value("1 h 30")
        expect(main(page).get_by_label("Temps du référent", exact=True)).to_have_value("45 min")
        expect(main(page).get_by_text("La famille est d'accord : cette conférence compte")).to_be_visible()
    finally:
        engine.dispose()
