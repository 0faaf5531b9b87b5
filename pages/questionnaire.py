"""« Votre avis »: the family's questionnaire, on a phone through the family link or on the
screen passed from hand to hand. Whoever answers says who they are (the child gets the
version with faces and words), answers, sends; then a thank-you and a button for the
next person, with nothing of the previous answer left on screen. Answers are anonymous
and the channel is decided by the service (services/questionnaires.py).
"""
import streamlit as st

from conference.evaluation import codebook
from conference.services import questionnaires
from pages import ui
from pages.questionnaire_widgets import question_widgets, quote_consent_widget

actor = ui.require_actor()
_ = ui.t()
conference_id = actor.conference_id or ui.selected_conference_id()
st.session_state.setdefault("questionnaire_step", "role")
st.session_state.setdefault("questionnaire_round", 0)

st.title(_("Your opinion"))
if conference_id is None:
    st.info(_("The questionnaire opens from the family's screens."))
    st.stop()
opened = ui.attempt(lambda: questionnaires.answering_open(actor, conference_id, uow=ui.uow()))
if opened is False:  # None: refused, the error is already on screen
    st.info(_("The questionnaire opens once your plan is written. Thank you for coming back then."),
            icon=":material/schedule:")
if not opened:
    st.stop()


def start(role) -> None:
    definition = ui.attempt(lambda: questionnaires.definition_for(actor, conference_id, role, uow=ui.uow()))
    if definition is not None:
        st.session_state["questionnaire_role"] = role.value
        st.session_state["questionnaire_definition"] = definition  # the version shown is the version sent
        st.session_state["questionnaire_step"] = "answer"


def next_person() -> None:
    """Back to « who is answering? » with a new round: a half-filled form left by someone
    who changed their mind is not shown to the next person."""
    for key in ("questionnaire_role", "questionnaire_definition"):
        st.session_state.pop(key, None)
    st.session_state["questionnaire_step"] = "role"
    st.session_state["questionnaire_round"] += 1


step = st.session_state["questionnaire_step"]
round_ = st.session_state["questionnaire_round"]

if step == "thanks":
    st.success(_("Thank you! Your answers are recorded, without your name."), icon=":material/favorite:")
    st.write(_("If someone else wants to answer, hand them the screen."))
    st.button(_("Next person"), type="primary", icon=":material/group:", use_container_width=True,
              on_click=next_person, key=f"questionnaire_next_{round_}")
    st.stop()

if step == "role":
    st.write(_("A few questions about the conference. Your answers are anonymous: nobody sees who said what."))
    st.subheader(_("Who is answering?"))
    for role in questionnaires.RESPONDENT_ROLES:
        st.button(codebook.value_label(role.value, ui.lang()).capitalize(), key=f"questionnaire_role_{role.value}",
                  use_container_width=True, on_click=start, args=(role,))
    st.stop()

definition = st.session_state["questionnaire_definition"]
role = st.session_state["questionnaire_role"]
st.subheader(_(definition["title"]))
st.caption(_("Answering as: {role}", role=codebook.value_label(role, ui.lang())) + " · " +
           _("Leave out any question you prefer not to answer."))
with st.form(f"questionnaire_form_{round_}", border=False):
    values = question_widgets(definition, prefix="questionnaire", round_=round_)
    consent = quote_consent_widget(definition, prefix="questionnaire", round_=round_)
    sent = st.form_submit_button(_("Send my answers"), type="primary", icon=":material/send:",
                                 use_container_width=True, key=f"questionnaire_send_{round_}")
st.button(_("Back: someone else answers"), on_click=next_person, key=f"questionnaire_back_{round_}",
          icon=":material/arrow_back:")


def send():
    try:
        return questionnaires.submit_answer(actor, conference_id, role, values, consent,
                                            version=definition["version"], uow=ui.uow())
    except questionnaires.AnswerInvalid as error:  # which questions to check, nothing written
        st.error(questionnaires.refusal_message(error, definition, ui.lang()), icon=":material/error:")
        return None


if sent and ui.attempt(send) is not None:
    # The thank-you, then a fresh round (next_person): nothing of this answer stays on screen.
    st.session_state["questionnaire_step"] = "thanks"
    for key in ("questionnaire_role", "questionnaire_definition"):
        st.session_state.pop(key, None)
    st.rerun()
