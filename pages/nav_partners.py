"""The synthesis meetings' screens (issue 10) in the navigation, by actor.
``streamlit_app.py`` merges what these return; ``page`` is its ``st.Page`` factory."""
from __future__ import annotations


def _household_pages(page, _) -> list:
    return [page("pages/households.py", _("Households followed"), "groups", "foyers"),
            page("pages/household.py", _("The household"), "family_restroom", "foyer"),
            page("pages/partner_meeting.py", _("Synthesis meeting"), "groups_3", "reunion-synthese"),
            page("pages/handover_notes.py", _("Handover notes"), "move_up", "passation"),
            page("pages/partner_directory.py", _("Who does what"), "contact_phone", "qui-fait-quoi"),
            page("pages/reflection.py", _("Reflection cycle"), "psychology", "cycle-reflexion")]


def coordinator_sections(page, _, actor) -> dict:
    """Sections added to the coordinator's navigation."""
    return {_("Synthesis meetings"): _household_pages(page, _)}


def partner_sections(page, _, actor) -> dict:
    """A partner professional's whole navigation; the first page is the default one."""
    others = _household_pages(page, _)[1:]
    return {"": [page("pages/households.py", _("Households followed"), "groups", "foyers", default=True)],
            _("Synthesis meetings"): others}


def admin_sections(page, _, actor) -> dict:
    return {_("Synthesis meetings"): [page("pages/partner_directory.py", _("Who does what"), "contact_phone",
                                           "qui-fait-quoi")]}
