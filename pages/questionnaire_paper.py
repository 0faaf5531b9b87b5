"""« Questionnaires », the coordinator's side: the printed forms of this conference (adult,
child), how many answers came in (by role and channel, never their content), and a paper
form typed in, marked « transcribed ». The family answers on its own screens
(pages/questionnaire.py)."""
import streamlit as st

from conference.evaluation import codebook
from conference.evaluation.types import ParticipantRole
from conference.i18n import N_
from conference.services import questionnaires
from conference.store.uow import UnitOfWork
from pages import ui
from pages.questionnaire_widgets import question_widgets, quote_consent_widget

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHANNEL_LABELS = {"shared_screen": N_("On the shared screen"), "family_link": N_("Through the family link"),
                  "transcribed": N_("Typed in from paper")}
TRANSCRIBED_ROLES = (*questionnaires.RESPONDENT_ROLES, ParticipantRole.COORDINATOR)

actor = ui.require_actor()
_ = ui.t()
conf = ui.require_conference(actor)
lang = ui.lang()
st.session_state.setdefault("paper_round", 0)

st.title(_("Questionnaires"), anchor=False)
st.caption(ui.escape(conf.title))
st.write(_("Everyone who took part answers at the end of the conference: on the family's screen, through the "
           "family link on a phone, or on paper. The answers are anonymous."))

st.subheader(_("Printed forms"))
factory = ui.uow().factory
columns = st.columns(2)
for column, role, title, name in ((columns[0], ParticipantRole.FAMILY, _("Adult form (.docx)"), "adulte"),
                                  (columns[1], ParticipantRole.CHILD, _("Child form, with faces (.docx)"), "enfant")):
    column.download_button(
        title, icon=":material/print:", on_click="ignore", mime=DOCX, key=f"paper_print_{name}",
        file_name=f"questionnaire-{name}-conference-{conf.id}.docx", use_container_width=True,
        data=lambda role=role: questionnaires.printed_form(actor, conf.id, role, lang=lang, uow=UnitOfWork(factory)))

st.subheader(_("Answers so far"))
counts = ui.attempt(lambda: questionnaires.answer_counts(actor, conf.id, uow=ui.uow()))
if counts is not None:
    if not counts.total:
        st.info(_("No answer yet."))
    else:
        channels = [c for c in questionnaires.CHANNELS if counts.by_channel.get(c)]
        rows = [{_("Role"): codebook.value_label(role, lang).capitalize(),
                 **{_(CHANNEL_LABELS[c]): counts.cells.get((role, c), 0) for c in channels},
                 _("Total"): n} for role, n in sorted(counts.by_role.items())]
        st.dataframe(rows, hide_index=True, use_container_width=True)
        st.caption(_("{n} answers in all. Their content is read only in the evaluation, anonymously.",
                     n=counts.total))

st.subheader(_("Type in a paper form"))
open_now = ui.attempt(lambda: questionnaires.answering_open(actor, conf.id, uow=ui.uow()))
if open_now is False:  # None: refused, the error is already on screen
    st.info(_("Questionnaires are answered once the plan is written (validation, follow-up, closure)."))
if not open_now:
    st.stop()

round_ = st.session_state["paper_round"]
if st.session_state.pop("paper_recorded", False):
    st.success(_("Form recorded, marked as typed in from paper. Here is an empty one for the next sheet."),
               icon=":material/check:")
role = st.selectbox(_("Who filled in the form?"), TRANSCRIBED_ROLES, key=f"paper_role_{round_}",
                    format_func=lambda r: codebook.value_label(r.value, lang).capitalize())
current = ui.attempt(lambda: questionnaires.definition_for(actor, conf.id, role, uow=ui.uow()))
if current is None:
    st.stop()
version = st.number_input(_("Version printed at the bottom of the form"), min_value=1, step=1,
                          value=current["version"], key=f"paper_version_{round_}_{role.value}")
definition = current
if version != current["version"]:
    definition = ui.attempt(lambda: questionnaires.definition_for(actor, conf.id, role, version=int(version),
                                                                  uow=ui.uow()))
    if definition is None:
        st.stop()

with st.form(f"paper_form_{round_}_{role.value}_{definition['version']}"):
    values = question_widgets(definition, prefix=f"paper_{role.value}", round_=round_)
    consent = quote_consent_widget(definition, prefix="paper", round_=round_)
    typed = st.form_submit_button(_("Record this form"), type="primary", icon=":material/save:",
                                  key=f"paper_send_{round_}")


def transcribe():
    try:
        return questionnaires.transcribe_answer(actor, conf.id, role, values, consent,
                                                version=definition["version"], uow=ui.uow())
    except questionnaires.AnswerInvalid as error:  # which questions to check, nothing written
        st.error(questionnaires.refusal_message(error, definition, lang), icon=":material/error:")
        return None


if typed and ui.attempt(transcribe) is not None:
    st.session_state["paper_round"] = round_ + 1  # an empty form for the next sheet
    st.session_state["paper_recorded"] = True
    st.rerun()
