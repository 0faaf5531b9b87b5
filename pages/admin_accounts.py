"""Administrator: accounts (create, disable, enable). No case content here."""
import streamlit as st

from conference.domain.enums import Role
from conference.i18n import format_datetime
from conference.security.passwords import HELP as PASSWORD_HELP
from conference.services import auth
from pages import ui

actor = ui.require_actor()
_ = ui.t()
st.title(_("Accounts"))

with st.expander(_("Create an account"), icon=":material/person_add:"):
    with st.form("admin_new_account", clear_on_submit=True):
        name = st.text_input(_("Name"), key="admin_new_name")
        login = st.text_input(_("Login"), key="admin_new_login")
        role = st.selectbox(_("Role"), [r for r in Role if r is not Role.FAMILY], format_func=ui.lbl,
                            key="admin_new_role")
        institution = st.text_input(_("Structure"), key="admin_new_institution")
        password = st.text_input(_("Password (at least {n} characters)", n=auth.MIN_PASSWORD), type="password",
                                 key="admin_new_password", help=_(PASSWORD_HELP, n=auth.MIN_PASSWORD))
        submitted = st.form_submit_button(_("Create the account"), type="primary")
    if submitted:
        ui.attempt(lambda: auth.create_account(actor, login, name, role, password, institution=institution,
                                               uow=ui.uow()), success=_("Account created."))

accounts = ui.attempt(lambda: auth.list_accounts(actor, uow=ui.uow())) or []
for account in accounts:
    with st.container(border=True):
        left, middle, right = st.columns([3, 3, 1], vertical_alignment="center")
        # No code span around the login: inside one, ui.escape's backslashes would show.
        left.markdown(f"**{ui.escape(account['name'])}** · {ui.escape(account['login'])}")
        state = _("active") if account["active"] else _("disabled")
        last = format_datetime(account["last_login_at"], ui.lang()) or _("never")
        middle.text(f"{ui.lbl(account['role'])} · {state} · {_('last sign-in')}: {last}")
        if account["id"] != actor.id:
            label = _("Disable") if account["active"] else _("Enable")
            if right.button(label, key=f"admin_toggle_{account['id']}"):
                ui.attempt(lambda: auth.set_account_active(actor, account["login"], not account["active"], uow=ui.uow()))
                st.rerun()
