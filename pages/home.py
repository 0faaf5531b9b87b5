"""Coordinator home: conferences in progress, what is due next, start a new one."""

import streamlit as st

from conference import clock
from conference.services import conferences
from pages import partner_ui, ui

PAGE_SIZE = 25

actor = ui.require_actor()
_ = ui.t()
st.session_state.setdefault("home_page", 0)
st.session_state.setdefault("home_show_closed", False)

st.title(_("My conferences"))

with st.expander(_("Start a new conference"), icon=":material/add:"):
    with st.form("home_new_form", clear_on_submit=True):
        title = st.text_input(_("Name of the situation"), max_chars=200,
                              help=_("A short name, e.g. « Famille M. ». Avoid full names when you can."))
        created = st.form_submit_button(_("Create"), type="primary")
    if created:
        new_id = ui.attempt(lambda: conferences.create_conference(actor, title, uow=ui.uow()))
        if new_id is not None:
            ui.select_conference(new_id)
            st.switch_page("pages/orientation.py")

partner_ui.overdue_notice(actor)  # synthesis meetings: overdue decisions of the actor's structure (#10)
upcoming = ui.attempt(lambda: conferences.upcoming(actor, clock.today(), uow=ui.uow())) or []
if upcoming:
    st.subheader(_("Coming up"))
    for item in upcoming[:5]:
        st.write(f"**{ui.escape(ui.lbl(item.phase))}** · {item.next_date:%d/%m/%Y} · {ui.escape(item.title)}")

show_closed = st.toggle(_("Show closed conferences too"), key="home_show_closed")
found = ui.attempt(lambda: conferences.list_conferences(
    actor, open_only=not show_closed, limit=PAGE_SIZE, offset=st.session_state["home_page"] * PAGE_SIZE, uow=ui.uow()))
items, total = found if found else ([], 0)

st.subheader(_("In progress") if not show_closed else _("All conferences"))
if not items:
    st.info(_("No conference yet. Start one above."))
for item in items:
    with st.container(border=True):
        left, middle, right = st.columns([4, 3, 2], vertical_alignment="center")
        left.markdown(f"**{ui.escape(item.title)}**")
        due = item.next_date
        middle.write(ui.lbl(item.phase) + (f" · {due:%d/%m/%Y}" if due else ""))
        if right.button(_("Open"), key=f"home_open_{item.id}", icon=":material/arrow_forward:"):
            if ui.attempt(lambda: conferences.open_conference(actor, item.id, uow=ui.uow()) or True):
                ui.select_conference(item.id)
                st.switch_page(ui.PHASE_PAGES[item.phase])

pages = max(1, -(-total // PAGE_SIZE))
if pages > 1:
    previous, info, following = st.columns([1, 2, 1])
    if previous.button(_("Previous"), disabled=st.session_state["home_page"] == 0):
        st.session_state["home_page"] -= 1
        st.rerun()
    info.caption(_("Page {page} of {pages} · {total} conferences", page=st.session_state["home_page"] + 1,
                   pages=pages, total=total))
    if following.button(_("Next"), disabled=st.session_state["home_page"] >= pages - 1):
        st.session_state["home_page"] += 1
        st.rerun()
