"""The form that gives a handed screen back to the coordinator (their hand-back PIN, or
without one their password). Shown by pages/family_exit.py, and right on the family's
plan once they have said « we have finished » (the coordinator comes back to it)."""
import streamlit as st

from conference.domain import errors as e
from conference.domain.enums import Phase
from conference.security.rules import Actor
from conference.services import auth, conferences, handover_screen
from pages import ui


def handback_form(family: Actor, *, key: str = "family_exit") -> None:
    _ = ui.t()
    coordinator_id = st.session_state.get("coordinator_id")
    with_pin = ui.attempt(lambda: handover_screen.has_pin(coordinator_id, uow=ui.uow()))
    label = _("Coordinator's hand-back PIN") if with_pin else _("Coordinator's password")
    with st.form(f"{key}_form", clear_on_submit=True):
        secret = st.text_input(label, type="password", key=f"{key}_password", max_chars=200)
        submitted = st.form_submit_button(_("Take the screen back"), type="primary")
    if not submitted:
        return
    try:
        coordinator = auth.end_family_mode(coordinator_id, secret, family.handover_id, uow=ui.uow())
    except e.LoginRefused as refused:
        if refused.reason == "credentials":
            st.error(_("Wrong PIN: the screen stays with the family.") if with_pin else ui.message(refused),
                     icon=":material/lock:")
        else:
            st.error(ui.message(refused), icon=":material/lock:")
    except e.DomainError as error:
        st.error(ui.message(error), icon=":material/error:")
    else:
        st.session_state.pop("family_actor", None)
        st.query_params.pop("ecran", None)
        st.session_state["actor"] = coordinator
        # The family's navigation has no coordinator page to switch to: the frame builds
        # the coordinator's navigation on the next run and opens private time there, or
        # validation when the family has said « we have finished » (the next thing to do).
        st.session_state["conference_id"] = family.conference_id
        conf = ui.attempt(lambda: conferences.get_conference(coordinator, family.conference_id, uow=ui.uow()))
        finished = conf is not None and conf.phase is Phase.VALIDATION
        st.session_state["open_after_rerun"] = "validation" if finished else "temps-prive"
        st.rerun()
