"""Private time, the coordinator's side: the family works alone; this screen never shows
the plan (the service refuses it to every professional, so it is not even asked for).

From here the coordinator hands the screen to the family (family mode, pages/family.py)
or, once the family calls them back, moves on to validation.
"""
import streamlit as st

from conference.domain.enums import Phase
from conference.services import private_time
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
if st.button(_("Give the screen to the family"), type="primary", icon=":material/edit_note:",
             key="private_time_hand_over"):
    family = ui.attempt(lambda: private_time.hand_screen_to_family(actor, conf.id, uow=ui.uow()))
    if family is not None:
        st.session_state["family_actor"] = family
        st.rerun()

st.subheader(_("When the family has finished"), anchor=False)
st.markdown(_("The family calls you back and tells you they have finished. You then check the plan with them."))
ui.next_step(actor, conf, Phase.VALIDATION, _("The family has finished: go to validation"), key="private_time_next")
