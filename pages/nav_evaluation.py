"""The evaluation's screens (issue 9) in the navigation, by actor. ``streamlit_app.py``
merges what these return; ``page`` is its ``st.Page`` factory, ``_`` the translator."""
from __future__ import annotations


def family_pages(page, _) -> list:
    """Screens the family reaches (shared screen or family link)."""
    return [page("pages/questionnaire.py", _("Your opinion"), "rate_review", "questionnaire")]


def coordinator_sections(page, _, actor) -> dict:
    """Sections added to the coordinator's navigation (local mode: the dashboard too)."""
    sections: dict = {_("Family conference"): [
        page("pages/evaluation_sheet.py", _("Synthesis sheet"), "summarize", "fiche-synthese"),
        page("pages/questionnaire_paper.py", _("Questionnaires"), "assignment", "questionnaire-papier")]}
    if actor.local:
        sections.setdefault(_("Evaluation"), []).extend([dashboard_page(page, _), *qualitative_pages(page, _),
                                                          files_page(page, _)])
    return sections


def pilot_sections(page, _, actor) -> dict:
    """The pilot's whole navigation; the first page is the default one."""
    return {"": [dashboard_page(page, _, default=True), *qualitative_pages(page, _), files_page(page, _)]}


def dashboard_page(page, _, **kwargs):
    """The figures of a territory and a period (pages/pilot_dashboard.py)."""
    return page("pages/pilot_dashboard.py", _("Dashboard"), "monitoring", "tableau-de-bord", **kwargs)


def qualitative_pages(page, _) -> list:
    """What participants said (themes, quotes) and a territory's own settings."""
    return [page("pages/pilot_answers.py", _("Words and themes"), "format_quote", "paroles"),
            page("pages/pilot_settings.py", _("Territory settings"), "tune", "reglages-evaluation")]


def files_page(page, _):
    """The pseudonymised files and the annual note (pages/pilot_files.py)."""
    return page("pages/pilot_files.py", _("Files and annual note"), "download", "fichiers")


def admin_sections(page, _, actor) -> dict:
    sections: dict = {"": [page("pages/admin_territories.py", _("Territories"), "map", "territoires")]}
    return sections
