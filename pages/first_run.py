"""First run: create the coordinator profile of this local install."""
import streamlit as st

from conference.services import accounts
from pages import ui

_ = ui.t()
st.title(_("Welcome to Cercle"))
st.write(_("Cercle helps you prepare, run and follow family conferences. First, tell us who you are."))
with st.form("first_run_form"):
    name = st.text_input(_("Your name"), max_chars=200)
    institution = st.text_input(_("Your structure"), max_chars=200,
                                help=_("The structure you work for. It is used for the neutrality check."))
    submitted = st.form_submit_button(_("Create my profile"), type="primary")
if submitted and ui.attempt(lambda: accounts.create_first_coordinator(name, institution, uow=ui.uow())):
    st.rerun()
