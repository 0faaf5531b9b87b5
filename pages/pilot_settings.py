"""Pilots: a territory's own evaluation settings (issue 9): its list of themes (the
starter suggestions offered, never forced), the indicators it defines itself beside the
fixed core, and the questions it adds to the questionnaires (outside the common codebook)."""
import streamlit as st

from conference.services import evaluation_settings as es
from conference.services import evaluation_themes as et
from conference.services import questionnaire_definitions as qd
from pages import pilot_common as pc
from pages import ui

actor = ui.require_actor()
_ = ui.t()
st.title(_("Territory settings"), anchor=False)
territory = pc.choose_territory(actor, "settings")
KIND_LABELS = {code: _(label) for code, label in es.KINDS.items()}

# --- themes -----------------------------------------------------------------------------------
st.subheader(_("Themes"), anchor=False)
st.caption(_("The themes tagged on open answers. The people in the field decide what matters: change the list "
             "as you go; a retired theme keeps its tags but is no longer offered nor counted."))
suggested = ui.attempt(lambda: et.suggested_themes(actor, territory.id, uow=ui.uow())) or ()
if suggested:
    with st.form("themes_suggested"):
        st.markdown(_("The list is empty. Some themes other territories start with:"))
        picked = st.multiselect(_("Suggested themes"), [_(s) for s in suggested], default=[_(s) for s in suggested],
                                key="themes_suggested_pick")
        if st.form_submit_button(_("Add these themes"), icon=":material/playlist_add:"):
            if pc.attempt(lambda: et.add_suggested_themes(actor, territory.id, picked, uow=ui.uow()) or True,
                          success=_("Themes added.")):
                st.rerun()

themes = ui.attempt(lambda: et.themes(actor, territory.id, uow=ui.uow())) or []
for theme in themes:
    title = theme.label if theme.active else _("{theme} (retired)", theme=theme.label)
    with st.expander(ui.escape(title)):
        if theme.definition:
            st.markdown(ui.escape(theme.definition))
        if not theme.active:
            if st.button(_("Bring it back"), key=f"theme_restore_{theme.id}", icon=":material/undo:"):
                if pc.attempt(lambda: et.retire_theme(actor, theme.id, active=True, uow=ui.uow()) or True,
                              success=_("Theme back in the list.")):
                    st.rerun()
            continue
        with st.form(f"theme_edit_{theme.id}", border=False):
            label = st.text_input(_("Theme"), value=theme.label, key=f"theme_label_{theme.id}")
            definition = st.text_area(_("What it covers"), value=theme.definition, key=f"theme_definition_{theme.id}")
            if st.form_submit_button(_("Save the theme"), icon=":material/save:"):
                if pc.attempt(lambda: et.rename_theme(actor, theme.id, label, definition, uow=ui.uow()) or True,
                              success=_("Theme saved.")):
                    st.rerun()
        if st.button(_("Retire this theme"), key=f"theme_retire_{theme.id}", icon=":material/archive:"):
            if pc.attempt(lambda: et.retire_theme(actor, theme.id, uow=ui.uow()) or True,
                          success=_("Theme retired.")):
                st.rerun()

with st.form("theme_add", clear_on_submit=True):
    label = st.text_input(_("New theme"), key="theme_add_label")
    definition = st.text_area(_("What it covers"), key="theme_add_definition")
    if st.form_submit_button(_("Add the theme"), icon=":material/add:"):
        if pc.attempt(lambda: et.add_theme(actor, territory.id, label, definition, uow=ui.uow()),
                      success=_("Theme added.")):
            st.rerun()

# --- own indicators -----------------------------------------------------------------------------
st.subheader(_("Indicators of the territory"), anchor=False)
st.caption(_("Indicators the territory counts itself, beside the common ones. The coordinator gives the value for "
             "each conference on the synthesis sheet; they stay out of merged national files."))
indicators = ui.attempt(lambda: es.list_indicators(actor, territory.id, include_retired=True, uow=ui.uow())) or []
for indicator in indicators:
    with st.container(border=True):
        text, action = st.columns([5, 1])
        state = "" if indicator.active else " " + _("(retired)")
        text.markdown(f"**{ui.escape(indicator.name)}**{state} · {KIND_LABELS.get(indicator.kind, indicator.kind)}")
        text.caption(ui.escape(indicator.definition))
        if indicator.active and action.button(_("Retire"), key=f"indicator_retire_{indicator.id}"):
            if pc.attempt(lambda: es.retire_indicator(actor, indicator.id, uow=ui.uow()) or True,
                          success=_("Indicator retired.")):
                st.rerun()
        if not indicator.active and action.button(_("Bring it back"), key=f"indicator_restore_{indicator.id}"):
            if pc.attempt(lambda: es.retire_indicator(actor, indicator.id, active=True, uow=ui.uow()) or True,
                          success=_("Indicator back.")):
                st.rerun()

with st.form("indicator_add", clear_on_submit=True):
    name = st.text_input(_("Name of the indicator"), key="indicator_name")
    definition = st.text_area(_("Definition: what is counted, and how"), key="indicator_definition")
    kind = st.selectbox(_("Value per conference"), list(KIND_LABELS), format_func=KIND_LABELS.get,
                        key="indicator_kind")
    if st.form_submit_button(_("Add the indicator"), icon=":material/add:"):
        if pc.attempt(lambda: es.define_indicator(actor, territory.id, name, definition, kind, uow=ui.uow()),
                      success=_("Indicator added.")):
            st.rerun()

# --- own questions ------------------------------------------------------------------------------
st.subheader(_("Questions of the territory"), anchor=False)
st.caption(_("Questions the territory adds to the end-of-conference questionnaires, outside the common codebook "
             "(merged national files leave them out). Answers keep the version they were given with."))
QUESTIONNAIRES = {qd.ADULT: _("Adults' questionnaire"), qd.CHILD: _("Children's questionnaire")}
QUESTION_KINDS = {"open": _("open answer"), "likert": _("from 1 to 5"), "yes_no": _("yes or no answer")}
questions = ui.attempt(lambda: qd.list_territory_questions(actor, territory.id, uow=ui.uow())) or []
for question in questions:
    text, action = st.columns([5, 1])
    text.markdown(f"{ui.escape(question.label)} · {QUESTIONNAIRES.get(question.questionnaire, '')} · "
                  f"{QUESTION_KINDS.get(question.kind, question.kind)}")
    if action.button(_("Remove"), key=f"question_remove_{question.questionnaire}_{question.question_id}"):
        if pc.attempt(lambda: qd.remove_territory_question(actor, territory.id, question.questionnaire,
                                                           question.question_id, uow=ui.uow()),
                      success=_("Question removed.")):
            st.rerun()
with st.form("question_add", clear_on_submit=True):
    questionnaire = st.selectbox(_("Questionnaire"), list(QUESTIONNAIRES), format_func=QUESTIONNAIRES.get,
                                 key="question_questionnaire")
    label = st.text_input(_("The question"), key="question_label")
    kind = st.selectbox(_("Kind of answer"), list(QUESTION_KINDS), format_func=QUESTION_KINDS.get,
                        key="question_kind")
    if st.form_submit_button(_("Add the question"), icon=":material/add:"):
        if pc.attempt(lambda: qd.add_territory_question(actor, territory.id, questionnaire, label, kind,
                                                        uow=ui.uow()),
                      success=_("Question added.")):
            st.rerun()
