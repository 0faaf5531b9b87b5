"""Administrator: territories (issue 9). Create and rename them, give them to pilot and
coordinator accounts, create a pilot account with its territories. No case content here.
"""
from __future__ import annotations

import streamlit as st

from conference.domain import errors as e
from conference.security.passwords import HELP as PASSWORD_HELP
from conference.services import auth, territories
from pages import ui

actor = ui.require_actor()
_ = ui.t()
st.title(_("Territories"), anchor=False)
st.caption(_("Every conference belongs to a territory: a coordinator's new conferences go to the first territory "
             "given to them. A pilot sees the evaluation of the territories given to them, never a conference."))

flash = st.session_state.pop("territories_flash", None)
if flash:
    st.toast(flash, icon=":material/check:")


def attempt(action):
    """``ui.attempt``, with plain French for a territory's code and name."""
    def run():
        try:
            return action()
        except e.InvalidInput as error:
            if error.field == "territory_code" and error.code == "taken":
                text = _("This code is already used by another territory.")
            elif error.field == "territory_code" and error.code in ("code_format", "too_long"):
                text = _("This short code is not valid: use lower-case letters, digits and dashes (20 at most).")
            elif error.field in ("territory_code", "territory_name") and error.code == "required":
                text = _("Please fill in {field}.", field=_("Short code (letters, digits, dashes)")
                         if error.field == "territory_code" else _("Name"))
            elif error.field == "role" and error.code == "no_territory":
                text = _("Only pilot and coordinator accounts are given territories.")
            else:
                raise
            st.error(text, icon=":material/error:")
            return None

    return ui.attempt(run)


def done(result, message: str) -> None:
    if result is not None:
        st.session_state["territories_flash"] = message
        st.rerun()


listed = ui.attempt(lambda: territories.list_territories(actor, uow=ui.uow())) or []
accounts = ui.attempt(lambda: territories.territory_accounts(actor, uow=ui.uow())) or []
names = {t.id: t.name for t in listed}


def territory_name(ident: int) -> str:
    return names.get(ident, str(ident))


for territory in listed:
    with st.container(border=True):
        st.markdown(f"**{ui.escape(territory.name)}** · {ui.escape(territory.code)} · "
                    + _("{n} conference(s)", n=territory.conferences))
        given = [f"{ui.escape(a.name)} ({ui.lbl(a.role)}{'' if a.active else ', ' + _('disabled')})"
                 for a in territory.accounts]
        st.markdown(_("Given to: {accounts}", accounts=", ".join(given)) if given else _("Given to nobody yet."))
if not listed:
    st.info(_("No territory yet: the first conference creates the default one, or create one below."))

with st.expander(_("Create a territory"), icon=":material/add_location:"):
    with st.form("territory_new", clear_on_submit=True):
        code = st.text_input(_("Short code (letters, digits, dashes)"), max_chars=20, key="territory_new_code")
        name = st.text_input(_("Name"), key="territory_new_name")
        submitted = st.form_submit_button(_("Create the territory"), type="primary", key="territory_new_save")
    if submitted:
        done(attempt(lambda: territories.create_territory(actor, code, name, uow=ui.uow())),
             _("Territory created."))

if listed:
    with st.expander(_("Rename a territory"), icon=":material/edit:"):
        with st.form("territory_rename"):
            chosen = st.selectbox(_("Territory"), list(names), format_func=territory_name, key="territory_rename_id")
            new_name = st.text_input(_("New name"), key="territory_rename_name")
            submitted = st.form_submit_button(_("Rename"), key="territory_rename_save")
        if submitted:
            done(attempt(lambda: territories.rename_territory(actor, chosen, new_name, uow=ui.uow()) or True),
                 _("Territory renamed."))

if listed and accounts:
    with st.expander(_("Give territories to an account"), icon=":material/assignment_ind:"):
        by_id = {ref.id: (ref, given) for ref, given in accounts}
        chosen_account = st.selectbox(_("Account (pilot or coordinator)"), list(by_id),
                                      format_func=lambda i: f"{by_id[i][0].name} · {ui.lbl(by_id[i][0].role)}",
                                      key="territory_account")
        with st.form("territory_give"):
            picked = st.multiselect(_("Territories"), list(names), default=sorted(by_id[chosen_account][1]),
                                    format_func=territory_name, key=f"territory_give_{chosen_account}")
            submitted = st.form_submit_button(_("Save"), key="territory_give_save")
        if submitted:
            done(attempt(lambda: territories.set_account_territories(actor, chosen_account, picked,
                                                                        uow=ui.uow()) or True),
                 _("Territories given."))

if listed:
    with st.expander(_("Create a pilot account"), icon=":material/person_add:"):
        with st.form("pilot_new", clear_on_submit=True):
            pilot_name = st.text_input(_("Name"), key="pilot_new_name")
            pilot_login = st.text_input(_("Login"), key="pilot_new_login")
            institution = st.text_input(_("Structure"), key="pilot_new_institution")
            password = st.text_input(_("Password (at least {n} characters)", n=auth.MIN_PASSWORD), type="password",
                                     key="pilot_new_password", help=_(PASSWORD_HELP, n=auth.MIN_PASSWORD))
            pilot_territories = st.multiselect(_("Territories"), list(names), format_func=territory_name,
                                               key="pilot_new_territories")
            submitted = st.form_submit_button(_("Create the pilot account"), type="primary", key="pilot_new_save")
        if submitted:
            if not pilot_territories:
                st.error(_("Choose at least one territory for the pilot."), icon=":material/error:")
            else:
                done(attempt(lambda: territories.create_pilot(actor, pilot_login, pilot_name, password,
                                                                 pilot_territories, institution=institution,
                                                                 uow=ui.uow())),
                     _("Pilot account created."))
