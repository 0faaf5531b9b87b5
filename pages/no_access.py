"""Roles whose screens come with later issues (partners, pilots) land here."""
import streamlit as st

from pages import ui

actor = ui.require_actor()
_ = ui.t()
st.title(_("Welcome, {name}", name=ui.escape(actor.name)))
st.info(_("Your role ({role}) gives access to no family record here. Pilots will find the pseudonymised "
          "evaluation here once it is set up.", role=ui.lbl(actor.role)))
