"""Give the screen back to the coordinator: only the coordinator's hand-back PIN (or,
without one, their password) closes the hand-over; until then every session of this
coordinator shows the family's screens (streamlit_app.py). The form is pages/handback.py."""
import streamlit as st

from pages import ui
from pages.handback import handback_form

family = ui.require_actor()
_ = ui.t()
st.title(_("Give the screen back"))
st.write(_("This screen was handed to the family. Only the coordinator can take it back."))
handback_form(family)
