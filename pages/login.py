"""Sign in with a local account (server mode)."""
import streamlit as st

from conference.services import auth
from pages import ui

_ = ui.t()
st.title(_("Sign in to Cercle"))
with st.form("login_form"):
    login = st.text_input(_("Login"), key="login_login", max_chars=120, autocomplete="username")
    password = st.text_input(_("Password"), key="login_password", type="password", autocomplete="current-password")
    submitted = st.form_submit_button(_("Sign in"), type="primary")
if submitted:
    actor = ui.attempt(lambda: auth.authenticate(login, password, uow=ui.uow()))
    if actor is not None:
        st.session_state["signed_in_id"] = actor.id
        st.rerun()
st.caption(_("Forgot your password? Your administrator can set a new one."))

if ui.oidc_configured():
    # Optional: a département's identity provider (ProConnect, Keycloak…), set up in
    # .streamlit/secrets.toml ([auth] section); off unless configured.
    st.divider()
    if st.button(_("Sign in with my organisation's account"), icon=":material/badge:", key="login_oidc"):
        st.login()
