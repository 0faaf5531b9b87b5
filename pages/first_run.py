"""First run. On this computer: discover Cercle with the fictional demo, or start for real
(the coordinator's name, structure and hand-back PIN). On a server: the administrator,
with the one-time code that ``cercle run`` printed in the terminal (services/first_run.py).
"""
import streamlit as st

from conference.domain import errors as e
from conference.services import accounts, auth, first_run, handover_screen
from pages import ui

_ = ui.t()
st.title(_("Welcome to Cercle"))


def pin_error(error: e.DomainError) -> str:
    if isinstance(error, e.InvalidInput) and error.field == "pin":
        return _("The PIN must have {low} to {high} digits, not all the same.", low=handover_screen.PIN_MIN,
                 high=handover_screen.PIN_MAX)
    return ui.message(error)


if st.session_state.get("local_mode"):
    st.write(_("Cercle helps you prepare, run and follow family conferences. How do you want to start?"))
    blank = ui.attempt(lambda: accounts.is_blank(uow=ui.uow()))
    demo_side, real_side = st.columns(2) if blank else (None, st.container())
    if demo_side is not None:
        with demo_side.container(border=True):
            st.subheader(_("Discover Cercle"), anchor=False)
            st.write(_("Invented families at every step, and a fictional coordinator, {name}.",
                       name=ui.escape(first_run.DEMO_COORDINATOR[0])))
            st.info(_("The demo coordinator's hand-back PIN (it takes back a screen handed to the family): "
                      "**{pin}**", pin=first_run.DEMO_PIN), icon=":material/pin:")
            if st.button(_("Open the fictional demo"), type="primary", key="first_run_demo",
                         icon=":material/play_circle:"):
                if ui.attempt(lambda: first_run.start_with_demo(local=True, uow=ui.uow())) is not None:
                    st.rerun()
    with real_side.container(border=True):
        st.subheader(_("Start for real"), anchor=False)
        st.write(_("Tell us who you are. Your PIN takes your screen back when you hand it to the family."))
        with st.form("first_run_form"):
            name = st.text_input(_("Your name"), max_chars=200, key="first_run_name")
            institution = st.text_input(_("Your structure"), max_chars=200, key="first_run_institution",
                                        help=_("The structure you work for. It is used for the neutrality check."))
            pin = st.text_input(_("Hand-back PIN ({low} to {high} digits)", low=handover_screen.PIN_MIN,
                                  high=handover_screen.PIN_MAX), type="password", max_chars=12, key="first_run_pin")
            again = st.text_input(_("The same PIN again"), type="password", max_chars=12, key="first_run_pin_again")
            submitted = st.form_submit_button(_("Create my profile"), type="primary")
        if submitted:
            if pin != again:
                st.error(_("The two PINs differ."), icon=":material/error:")
            else:
                try:
                    accounts.create_first_coordinator(name, institution, pin, uow=ui.uow())
                except e.DomainError as error:
                    st.error(pin_error(error), icon=":material/error:")
                else:
                    st.rerun()
else:
    st.write(_("This server has no administrator yet. Create the administrator account: it manages accounts "
               "and settings, and does not read the families' records."))
    st.caption(_("Enter the one-time code that « cercle run » printed in the server's terminal, or create the "
                 "account there with « cercle user add --role admin »."))
    with st.form("first_admin_form"):
        code = st.text_input(_("One-time code"), max_chars=40, key="first_admin_code")
        name = st.text_input(_("Your name"), max_chars=200, key="first_admin_name")
        login = st.text_input(_("Login"), max_chars=120, key="first_admin_login")
        password = st.text_input(_("Password (at least {n} characters)", n=auth.MIN_PASSWORD), type="password",
                                 key="first_admin_password")
        submitted = st.form_submit_button(_("Create the administrator"), type="primary")
    if submitted:
        try:
            created = first_run.create_first_admin(code, login, name, password, uow=ui.uow())
        except e.InvalidInput as error:
            st.error(_("This code is not valid. Restart « cercle run » for a new one.") if error.field == "code"
                     else ui.message(error), icon=":material/error:")
        except e.DomainError as error:
            st.error(ui.message(error), icon=":material/error:")
        else:
            st.session_state["signed_in_id"] = created
            st.rerun()
