"""Cercle's frame: language, the acting user, explicit navigation. Pages do the rest."""
import streamlit as st

from conference.i18n import LANGUAGES, translator
from conference.services import accounts
from conference.store.db import database_url, describe
from pages import ui

st.set_page_config(page_title="Cercle", page_icon=":material/diversity_3:", layout="wide")
st.session_state.setdefault("lang", "fr")

with st.sidebar:
    st.selectbox("Langue / Language", LANGUAGES, key="lang",
                 format_func=lambda code: {"fr": "Français", "en": "English"}[code])
_ = translator(st.session_state["lang"])

family = st.session_state.get("family_actor")
if family is not None:
    # The screen is handed to the family: only its own screen for this conference.
    st.session_state["actor"] = family
    pages = [st.Page("pages/family.py", title=_("Our plan"), icon=":material/edit_note:", url_path="famille")]
else:
    actor = ui.attempt(lambda: accounts.local_coordinator(uow=ui.uow()))
    if actor is None:
        st.session_state.pop("actor", None)
        pages = [st.Page("pages/first_run.py", title=_("Welcome"), icon=":material/waving_hand:", url_path="bienvenue")]
    else:
        st.session_state["actor"] = actor
        with st.sidebar:
            st.caption(_("Signed in as {name}", name=actor.name))
            st.caption(_("Data: {where}", where=describe(database_url())))
        pages = {
            "": [st.Page("pages/home.py", title=_("My conferences"), icon=":material/home:", url_path="accueil",
                         default=True)],
            _("Family conference"): [
                st.Page("pages/orientation.py", title=_("1. Orientation"), icon=":material/signpost:",
                        url_path="orientation"),
                st.Page("pages/preparation.py", title=_("2. Preparation"), icon=":material/checklist:",
                        url_path="preparation"),
                st.Page("pages/meeting.py", title=_("3. Information sharing"), icon=":material/forum:",
                        url_path="partage"),
                st.Page("pages/private_time.py", title=_("4. Private time"), icon=":material/lock:",
                        url_path="temps-prive"),
                st.Page("pages/validation.py", title=_("5. Validation"), icon=":material/task_alt:",
                        url_path="validation"),
                st.Page("pages/follow_up.py", title=_("6. Follow-up and closure"), icon=":material/event_repeat:",
                        url_path="suivi"),
            ],
        }

st.navigation(pages).run()
