"""Preparation, first two tabs: the central question (with its parts) and the referent's
concerns (with the bottom lines). Functions called by pages/preparation.py; not a page."""
from __future__ import annotations

import streamlit as st

from conference.domain.model import Conference
from conference.i18n import format_date
from conference.security.rules import Actor
from conference.services import preparation
from pages import ui
from pages.forms import Forms

# Both forms are filled from the conference's version: saving one moves the other on.
CONFERENCE_FORMS = ("prep_concerns_form", "prep_meeting_form")


def question_tab(actor: Actor, conf: Conference, forms: Forms) -> None:
    _ = ui.t()
    state = st.session_state
    question = conf.question
    if question:
        st.caption(_("The family's question today (version {number}, {date}):", number=question.number,
                     date=format_date(question.created_at)))
        with st.container(border=True):
            st.markdown("#### « " + ui.escape(" ".join(question.text.split())) + " »")
    else:
        st.info(_("No central question yet. Write it with the family, in their own words."),
                icon=":material/help:")

    forms.prefill("prep_question_form", {
        "prep_q_problem": question.problem if question else "",
        "prep_q_for_whom": question.for_whom if question else "",
        "prep_q_different": question.what_different if question else "",
        "prep_q_text": question.text if question else "",
    }, question.number if question else 0)
    with st.form("prep_question_form"):
        st.subheader(_("Find the question with the family"), anchor=False)
        st.caption(_("Three questions help. Write the family's answers as they say them, without changing the "
                     "words."))
        st.text_area(_("What is the problem?"), max_chars=2000, height=80, key="prep_q_problem")
        st.text_area(_("For whom is it a problem?"), max_chars=2000, height=80, key="prep_q_for_whom")
        st.text_area(_("What would be different if it were solved?"), max_chars=2000, height=80,
                     key="prep_q_different")
        st.text_area(_("The central question, in the family's words"), max_chars=1000, height=100,
                     key="prep_q_text",
                     help=_("One question that the family's plan will answer, e.g. « Comment on s'organise pour "
                            "que… ? »"))
        save_question = st.form_submit_button(_("Save as a new version") if question else _("Save the question"),
                                              type="primary", icon=":material/save:", disabled=not forms.editable,
                                              key="prep_q_save")
    if save_question:
        before = forms.loaded_version("prep_question_form")
        number = forms.submit("prep_question_form", lambda: preparation.save_central_question(
            actor, conf.id, state["prep_q_text"], expected_number=before, problem=state["prep_q_problem"],
            for_whom=state["prep_q_for_whom"], what_different=state["prep_q_different"], uow=ui.uow()),
            _("Central question saved."))
        if number is not None:
            if number == before:
                forms.flash(_("Nothing has changed: no new version."))
            else:
                forms.flash(_("Version {number} of the central question saved.", number=number))
            forms.done()
    forms.stale_notice("prep_question_form")

    earlier = [q for q in conf.question_history if not question or q.number != question.number]
    if earlier:
        with st.expander(_("Earlier versions ({n})", n=len(earlier)), icon=":material/history:"):
            for old in reversed(earlier):
                st.markdown(_("**Version {number}** · {date}", number=old.number, date=format_date(old.created_at)))
                st.markdown("> " + ui.escape(" ".join(old.text.split())))

    st.subheader(_("The parts the plan must answer"), anchor=False)
    st.caption(_("Cut the question into parts, e.g. « le soir », « le week-end ». When the plan is checked, each "
                 "part needs at least one action."))
    _text_items(forms, conf.parts, "prep_part", _("Remove this part of the question?"), _("Part removed."),
                lambda ident: preparation.remove_question_part(actor, conf.id, ident, uow=ui.uow()),
                empty=_("No part yet."))
    forms.prefill("prep_part_form", {"prep_part_text": ""})
    with st.form("prep_part_form"):
        st.text_input(_("New part of the question"), max_chars=500, key="prep_part_text")
        add_part = st.form_submit_button(_("Add the part"), icon=":material/add:", disabled=not forms.editable,
                                         key="prep_part_add")
    if add_part and forms.submit("prep_part_form", lambda: preparation.add_question_part(
            actor, conf.id, state["prep_part_text"], uow=ui.uow()), _("Part added.")):
        forms.done()


def concerns_tab(actor: Actor, conf: Conference, forms: Forms) -> None:
    _ = ui.t()
    state = st.session_state
    st.subheader(_("What worries the referent"), anchor=False)
    st.caption(_("The referent professional's concerns, in plain words the family understands: what happened, "
                 "what could happen. No jargon, no acronyms."))
    forms.prefill("prep_concerns_form", {"prep_concerns": conf.concerns}, conf.version)
    with st.form("prep_concerns_form"):
        st.text_area(_("Concerns"), max_chars=5000, height=140, key="prep_concerns", label_visibility="collapsed")
        save_concerns = st.form_submit_button(_("Save the concerns"), type="primary", icon=":material/save:",
                                              disabled=not forms.editable, key="prep_concerns_save")
    if save_concerns:
        before = forms.loaded_version("prep_concerns_form")
        version = forms.submit("prep_concerns_form", lambda: preparation.save_concerns(
            actor, conf.id, state["prep_concerns"], before, uow=ui.uow()), _("Concerns saved."))
        if version is not None:
            forms.advance(before, version, CONFERENCE_FORMS)
            forms.done()
    forms.stale_notice("prep_concerns_form")

    st.subheader(_("Bottom lines"), anchor=False)
    st.caption(_("What must be in any plan, whatever the family decides, e.g. « Lina n'est jamais seule la nuit ». "
                 "The family hears them before writing its plan."))
    _text_items(forms, conf.bottom_lines, "prep_bottom", _("Remove this bottom line?"), _("Bottom line removed."),
                lambda ident: preparation.remove_bottom_line(actor, conf.id, ident, uow=ui.uow()),
                empty=_("No bottom line yet."))
    forms.prefill("prep_bottom_form", {"prep_bottom_text": ""})
    with st.form("prep_bottom_form"):
        st.text_area(_("New bottom line"), max_chars=5000, height=68, key="prep_bottom_text",
                     help=_("Several at once: one bottom line per line."))
        add_line = st.form_submit_button(_("Add the bottom line"), icon=":material/add:",
                                         disabled=not forms.editable, key="prep_bottom_add")
    if add_line and forms.submit("prep_bottom_form", lambda: preparation.add_bottom_lines(
            actor, conf.id, state["prep_bottom_text"], uow=ui.uow()), _("Bottom line added.")):
        forms.done()


def _text_items(forms: Forms, items, prefix: str, question: str, removed: str, remove, *, empty: str) -> None:
    """A short list of texts (parts, bottom lines), each removable after a confirmation."""
    if not items:
        st.caption(empty)
    for item in items:
        with st.container(border=True):
            text_col, action_col = st.columns([6, 1], vertical_alignment="center")
            text_col.markdown(ui.escape(item.text))
            with action_col:
                forms.remove_button(f"{prefix}_remove_{item.id}", question,
                                    lambda ident=item.id: remove(ident), removed)
