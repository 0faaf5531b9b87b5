"""Give the screen back to the coordinator: it takes the coordinator's password."""
import streamlit as st

from conference.services import auth
from pages import ui

family = ui.require_actor()
_ = ui.t()
coordinator_id = st.session_state.get("coordinator_id")
st.title(_("Give the screen back"))
st.write(_("This screen was handed to the family. Only the coordinator can take it back."))
needs_password = coordinator_id is not None and ui.attempt(lambda: auth.has_password(coordinator_id, uow=ui.uow()))
with st.form("family_exit_form", clear_on_submit=True):
    password = st.text_input(_("Coordinator's password"), type="password", key="family_exit_password") \
        if needs_password else ""
    submitted = st.form_submit_button(_("Take the screen back"), type="primary")
if submitted and coordinator_id is not None:
    coordinator = ui.attempt(lambda: auth.end_family_mode(coordinator_id, password, family.conference_id,
                                                          uow=ui.uow()))
    if coordinator is not None:
        st.session_state.pop("family_actor", None)
        st.query_params.pop("ecran", None)
        st.session_state["actor"] = coordinator
        # The family's navigation has no coordinator page to switch to: the frame builds
        # the coordinator's navigation on the next run and opens private time there.
        st.session_state["conference_id"] = family.conference_id
        st.session_state["open_after_rerun"] = "temps-prive"
        st.rerun()
