"""Streamlit's own words are French on the French screens (#7): the select box search, the
file uploader, the date fields and the dialog shown while the server restarts.
(scripts/static/streamlit-fr.js, docs/decisions/0014-french-for-streamlits-own-words.md)"""
from __future__ import annotations

from playwright.sync_api import expect

from .helpers import main, open_page, wait_idle
from .test_smoke import IN_PREPARATION, conference_rows

ENGLISH = ("Skip to main content", "No results", "Clear date", "Choose date", "Drag and drop", "per file", "Browse files", "Choose an option", "dd / mm", "yyyy",
           "Connection error", "Are you connected", "Is Streamlit still running", "streamlit run", "Press Enter")


def english_on(page) -> list[str]:
    text = page.locator("body").inner_text()
    return [word for word in ENGLISH if word in text]


def test_the_page_says_it_is_french(page, base_url):
    open_page(page, base_url)

    assert page.evaluate("document.documentElement.lang") == "fr"


def test_the_file_uploader_and_the_select_box_search_are_french(page, base_url, demo_database):
    conference_id, _phase = conference_rows(demo_database)[IN_PREPARATION]
    open_page(page, base_url, "carte-reseau", conference_id)
    main(page).get_by_role("tab", name="Fichiers", exact=True).click()
    wait_idle(page)

    uploader = page.get_by_test_id("stFileUploader")
    expect(uploader).to_contain_text("par fichier")
    expect(uploader.get_by_role("button", name="Choisir un fichier")).to_be_visible()
    select = main(page).get_by_test_id("stSelectbox").filter(has_text="Format")
    select.locator("input").click()
    select.locator("input").fill("zzz introuvable")
    expect(page.get_by_text("Aucun résultat")).to_be_visible()

    assert english_on(page) == []


def test_the_date_fields_read_jj_mm_aaaa(page, base_url, demo_database):
    conference_id, _phase = conference_rows(demo_database)[IN_PREPARATION]
    open_page(page, base_url, "preparation", conference_id)
    main(page).get_by_role("tab", name="Réunion").click()
    wait_idle(page)

    field = page.get_by_test_id("stDateInput").first
    field.get_by_role("button", name="Effacer la date").click()  # the empty field shows its placeholders
    expect(field).to_contain_text("aaaa")
    expect(field.get_by_role("spinbutton", name="jour, Date de la réunion")).to_be_visible()
    assert english_on(page) == []


def test_the_dialog_while_the_server_restarts_is_french(page, server_factory, demo_database):
    server = server_factory(demo_database)
    open_page(page, server.base_url)

    server.stop()
    dialog = page.get_by_role("dialog")
    # Streamlit retries for a while before it shows the dialog.
    expect(dialog).to_be_visible(timeout=60_000)
    expect(dialog).to_contain_text("Connexion interrompue")
    text = dialog.inner_text()
    server.start()

    assert [word for word in ENGLISH if word in text] == [], text
