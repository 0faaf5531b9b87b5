"""The synthesis meetings' screens (issue 10) in the navigation, by actor.
``streamlit_app.py`` merges what these return; ``page`` is its ``st.Page`` factory."""
from __future__ import annotations


def coordinator_sections(page, _, actor) -> dict:
    """Sections added to the coordinator's navigation."""
    return {}


def partner_sections(page, _, actor) -> dict:
    """A partner professional's whole navigation; the first page is the default one."""
    return {}


def admin_sections(page, _, actor) -> dict:
    return {}
