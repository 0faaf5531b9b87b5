"""Synthesis meetings: the households the actor may see, their open decisions (overdue
ones of the actor's structure first), and a new household."""
import streamlit as st

from conference.security import partner_rules
from conference.services import households, partner_meetings
from pages import partner_ui, ui

actor = ui.require_actor()
_ = ui.t()
partner_ui.show_flash()

st.title(_("Households followed"), anchor=False)
st.caption(_("Around one household, several structures meet. Here everyone keeps the same thread: who does "
             "what, what was decided, what comes next."))

meetings = ui.attempt(lambda: partner_meetings.list_meetings(actor, uow=ui.uow())) or []
partner_ui.overdue_notice(actor, meetings)

if partner_rules.can_create_household(actor):
    with st.expander(_("A new household"), icon=":material/add:"):
        with st.form("households_new_form", clear_on_submit=True):
            label = st.text_input(_("How the household wants to be named"), max_chars=200, key="households_label",
                                  help=_("A short name, e.g. « Foyer B.-R. ». Avoid full names when you can."))
            created = st.form_submit_button(_("Create the household"), type="primary")
        if created:
            new_id = ui.attempt(lambda: households.create_household(actor, label, uow=ui.uow()))
            if new_id is not None:
                partner_ui.select_household(new_id)
                st.switch_page("pages/household.py")

found = ui.attempt(lambda: households.list_households(actor, uow=ui.uow())) or []
if not found:
    st.info(_("No household yet."))
counts: dict[int, list[int]] = {}
for summary in meetings:
    count = counts.setdefault(summary.household_id, [0, 0])
    count[0] += summary.open_decisions
    count[1] += summary.overdue_decisions
for item in found:
    open_count, overdue_count = counts.get(item.id, (0, 0))
    with st.container(border=True):
        left, middle, right = st.columns([4, 4, 2], vertical_alignment="center")
        left.markdown(f"**{ui.escape(item.label)}**" + (
            "  \n" + _("Path referent: {name}", name=ui.escape(item.path_referent)) if item.path_referent else ""))
        facts = [_("{n} partners", n=item.partners), _("{n} open decisions", n=open_count)]
        if overdue_count:
            facts.append(":red[**" + _("{n} overdue", n=overdue_count) + "**]")
        if item.next_meeting:
            facts.append(_("next meeting {date}", date=partner_ui.day(item.next_meeting)))
        middle.markdown(" · ".join(facts))
        if right.button(_("Open"), key=f"households_open_{item.id}", icon=":material/arrow_forward:") and \
                ui.attempt(lambda ident=item.id: households.open_household(actor, ident, uow=ui.uow()) or True):
            partner_ui.select_household(item.id)
            st.switch_page("pages/household.py")
