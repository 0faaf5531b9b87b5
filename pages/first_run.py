"""First run: in local mode, the coordinator's profile; on a server, the administrator."""
import streamlit as st

from conference.domain.enums import Role
from conference.services import accounts, auth
from pages import ui

_ = ui.t()
st.title(_("Welcome to Cercle"))
if st.session_state.get("local_mode"):
    st.write(_("Cercle helps you prepare, run and follow family conferences. First, tell us who you are."))
    with st.form("first_run_form"):
        name = st.text_input(_("Your name"), max_chars=200, key="first_run_name")
        institution = st.text_input(_("Your structure"), max_chars=200, key="first_run_institution",
                                    help=_("The structure you work for. It is used for the neutrality check."))
        submitted = st.form_submit_button(_("Create my profile"), type="primary")
    if submitted and ui.attempt(lambda: accounts.create_first_coordinator(name, institution, uow=ui.uow())):
        st.rerun()
else:
    st.write(_("This server has no administrator yet. Create the administrator account: it manages accounts "
               "and settings, and does not read the families' records."))
    with st.form("first_admin_form"):
        name = st.text_input(_("Your name"), max_chars=200, key="first_admin_name")
        login = st.text_input(_("Login"), max_chars=120, key="first_admin_login")
        password = st.text_input(_("Password (at least {n} characters)", n=auth.MIN_PASSWORD), type="password",
                                 key="first_admin_password")
        submitted = st.form_submit_button(_("Create the administrator"), type="primary")
    if submitted:
        created = ui.attempt(lambda: auth.create_account(auth.SYSTEM, login, name, Role.ADMIN, password, uow=ui.uow()))
        if created is not None:
            st.session_state["signed_in_id"] = created
            st.rerun()
