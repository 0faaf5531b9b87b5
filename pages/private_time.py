"""Private time, the coordinator's side: the family works alone; this screen never shows
the plan (the service refuses it to every professional, so it is not even asked for).

From here the coordinator hands the screen to the family (family mode, pages/family.py:
a hand-over recorded in the database, taken back only with the coordinator's PIN) or,
once the family calls them back, moves on to validation.
"""
import streamlit as st

from conference.domain.enums import Phase
from conference.domain.errors import InvalidInput
from conference.services import handover_screen, private_time
from pages import ui

actor = ui.require_actor()
_ = ui.t()
conf = ui.require_conference(actor)
ui.header(conf, Phase.PRIVATE_TIME)

if conf.phase is not Phase.PRIVATE_TIME:
    if conf.phase in (Phase.VALIDATION, Phase.FOLLOW_UP, Phase.CLOSED):
        st.caption(_("Private time is over for this conference."))
    st.stop()

with st.container(border=True):
    st.header(_("The family is working in private time"), anchor=False, icon=":material/diversity_3:")
    st.markdown(_("The plan belongs to the family while they write it. You do not see it now, and neither does "
                  "any other professional. Wait for the family to call you back."))
    if conf.question:
        st.caption(_("Their question"))
        st.markdown(f"> {ui.escape(conf.question.text)}")

st.subheader(_("Writing on this screen"), anchor=False)
st.markdown(_("If the family writes the plan on this computer, hand them the screen. They will only see their "
              "plan editor: the question, the people of the network who can be shown, and their actions."))
if not ui.attempt(lambda: handover_screen.has_secret(actor.id, uow=ui.uow())):
    # Without a secret the screen could never be taken back: choose the PIN first.
    st.warning(_("Choose your hand-back PIN first: only it takes the screen back from the family."),
                icon=":material/pin:")
    with st.form("private_time_pin_form", clear_on_submit=True):
        pin = st.text_input(_("Hand-back PIN ({low} to {high} digits)", low=handover_screen.PIN_MIN,
                              high=handover_screen.PIN_MAX), type="password", key="private_time_pin", max_chars=12)
        again = st.text_input(_("The same PIN again"), type="password", key="private_time_pin_again", max_chars=12)
        chosen = st.form_submit_button(_("Save my PIN"))
    if chosen:
        if pin != again:
            st.error(_("The two PINs differ."), icon=":material/error:")
        else:
            try:
                handover_screen.set_pin(actor, pin, uow=ui.uow())
            except InvalidInput:
                st.error(_("The PIN must have {low} to {high} digits, not all the same.", low=handover_screen.PIN_MIN,
                           high=handover_screen.PIN_MAX), icon=":material/error:")
            else:
                st.rerun()
elif st.button(_("Give the screen to the family"), type="primary", icon=":material/edit_note:",
               key="private_time_hand_over"):
    family = ui.attempt(lambda: private_time.hand_screen_to_family(actor, conf.id, uow=ui.uow()))
    if family is not None:
        # The frame finds the open hand-over on its next run: family screens only, until the PIN.
        st.rerun()

st.subheader(_("When the family has finished"), anchor=False)
st.markdown(_("The family calls you back and tells you they have finished. You then check the plan with them."))
ui.next_step(actor, conf, Phase.VALIDATION, _("The family has finished: go to validation"), key="private_time_next")
