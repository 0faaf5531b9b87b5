"""My account: change my password, sign out."""
import streamlit as st

from conference.security.passwords import HELP as PASSWORD_HELP
from conference.services import auth
from pages import ui

actor = ui.require_actor()
_ = ui.t()
st.title(_("My account"))
st.text(actor.name)
st.caption(ui.lbl(actor.role))
with st.form("account_password_form", clear_on_submit=True):
    old = st.text_input(_("Current password"), type="password", key="account_old")
    new = st.text_input(_("New password (at least {n} characters)", n=auth.MIN_PASSWORD), type="password",
                        key="account_new", help=_(PASSWORD_HELP, n=auth.MIN_PASSWORD))
    submitted = st.form_submit_button(_("Change my password"), type="primary")
if submitted:
    ui.attempt(lambda: auth.change_password(actor, old, new, uow=ui.uow()), success=_("Password changed."))
if st.button(_("Sign out"), icon=":material/logout:", key="account_sign_out"):
    for key in ("signed_in_id", "actor", "conference_id"):
        st.session_state.pop(key, None)
    st.rerun()
