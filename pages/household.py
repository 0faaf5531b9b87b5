"""One household: its timeline (conferences and synthesis meetings), the partners around
it with their role and dates, the path referent and why (changeable, with its history),
the information shared (only what the actor may see) and the « ce qui est partagé, avec
qui » sheet for the person."""
from __future__ import annotations

import streamlit as st

from conference import clock
from conference.domain.enums import Phase, Role
from conference.domain.households import ReferentReason, TimelineEntry, TimelineKind
from conference.domain.partnership import InfoCategory, MeetingKind
from conference.i18n import N_
from conference.services import conferences, households, partner_directory, partner_documents, partner_meetings
from pages import partner_ui, ui

REASONS = {ReferentReason.PREFERENCE: N_("the person's preference"), ReferentReason.CASELOAD: N_("caseload"),
           ReferentReason.SKILLS: N_("skills"), ReferentReason.OTHER: N_("another reason")}

actor = ui.require_actor()
_ = ui.t()
partner_ui.show_flash()
household_id = partner_ui.require_household()
household = ui.attempt(lambda: households.get_household(actor, household_id, uow=ui.uow()))
if household is None:
    partner_ui.forget("household_id")
    st.stop()
key = f"hh_{household.id}"
structures = ui.attempt(lambda: partner_directory.list_structures(actor, uow=ui.uow())) or []
names = {s.id: s.name for s in structures}
current = household.path_referent
editable = partner_ui.runs_household(actor, household)  # comfort only: the services check


def event_text(event: TimelineEntry) -> str:
    """One line of the timeline, in words (the service gives codes and names)."""
    if event.kind is TimelineKind.CONFERENCE:
        return _("Family conference « {title} » ({phase})", title=ui.escape(event.title),
                 phase=ui.lbl(Phase(event.detail)).lower())
    if event.kind is TimelineKind.MEETING:
        return f"**{ui.lbl(MeetingKind(event.title))}**"
    if event.kind is TimelineKind.PARTNER_START:
        return _("{structure} starts working with the household", structure=ui.escape(event.title)) + (
            f" ({ui.escape(event.detail)})" if event.detail else "")
    if event.kind is TimelineKind.PARTNER_END:
        return _("{structure} stops working with the household", structure=ui.escape(event.title))
    if event.kind is TimelineKind.REFERENT:
        return _("Path referent: {name} ({reason})", name=ui.escape(event.title),
                 reason=_(REASONS[ReferentReason(event.detail)]))
    return _("Handover note confirmed by the successor") if event.title == "confirmed" else \
        _("Handover note waiting for the successor")

st.title(ui.escape(household.label), anchor=False)
st.page_link("pages/households.py", label=_("All households"), icon=":material/arrow_back:")

timeline_tab, partners_tab, referent_tab, shared_tab = st.tabs(
    [_("Timeline"), _("Partners"), _("Path referent"), _("Information shared")])

with timeline_tab:
    if editable:
        with st.form(f"{key}_plan_form", border=True):
            left, right = st.columns(2)
            kind = left.selectbox(_("Kind of meeting"), list(MeetingKind), format_func=ui.lbl, key=f"{key}_kind")
            held_on = right.date_input(_("Date of the meeting"), value=clock.today(), format="DD/MM/YYYY",
                                       key=f"{key}_held_on")
            planned = st.form_submit_button(_("Record a meeting"), type="primary", icon=":material/add:")
        if planned:
            new_id = ui.attempt(lambda: partner_meetings.plan_meeting(actor, household.id, kind, held_on,
                                                                      uow=ui.uow()))
            if new_id is not None:
                partner_ui.select_meeting(new_id)
                st.switch_page("pages/partner_meeting.py")
        st.caption(_("The decisions still open are carried into the new meeting."))
    if editable and actor.role is Role.COORDINATOR:
        # A family conference of this coordinator joins the household's thread (le fil rouge).
        mine = (ui.attempt(lambda: conferences.list_conferences(actor, open_only=False, limit=200,
                                                                uow=ui.uow())) or ([], 0))[0]
        titles = {c.id: c.title for c in mine}
        if titles:
            with st.form(f"{key}_attach_form", border=False):
                left, right = st.columns([5, 2], vertical_alignment="bottom")
                chosen = left.selectbox(_("Put a family conference on this thread"), list(titles),
                                        format_func=titles.get, index=None, key=f"{key}_attach_choice",
                                        placeholder=_("Choose one of your conferences"))
                attach = right.form_submit_button(_("Attach"), icon=":material/link:")
            if attach and chosen is not None:
                partner_ui.saved(ui.attempt(lambda: households.attach_conference(actor, household.id, chosen,
                                                                                 uow=ui.uow()) or True),
                                 _("The conference is on the household's timeline."))
    events = ui.attempt(lambda: households.timeline(actor, household.id, uow=ui.uow())) or []
    if not events:
        st.info(_("Nothing on the timeline yet."))
    for event in reversed(events):  # the latest first
        left, right = st.columns([5, 2], vertical_alignment="center")
        left.markdown(f"{partner_ui.day(event.on)} · {event_text(event)}")
        if event.kind is TimelineKind.MEETING and right.button(
                _("Open"), key=f"{key}_open_{event.target_id}", icon=":material/arrow_forward:"):
            partner_ui.select_meeting(event.target_id)
            st.switch_page("pages/partner_meeting.py")

with partners_tab:
    for partner in household.partners:
        with st.container(border=True):
            left, right = st.columns([5, 2], vertical_alignment="center")
            dates = _("since {start}", start=partner_ui.day(partner.start_date)) + (
                " · " + _("until {end}", end=partner_ui.day(partner.end_date)) if partner.end_date else "")
            left.markdown(f"**{ui.escape(partner.structure_name)}** · {ui.escape(partner.role)}  \n{dates}")
            if editable and partner.end_date is None and right.button(
                    _("No longer involved"), key=f"{key}_end_{partner.id}", icon=":material/logout:"):
                partner_ui.saved(ui.attempt(lambda pid=partner.id: households.end_partner(actor, household.id, pid,
                                                                                          uow=ui.uow())),
                                 _("The partner is no longer involved from today."))
    if not household.partners:
        st.info(_("No partner yet."))
    if editable:
        with st.form(f"{key}_partner_form", clear_on_submit=True):
            left, middle, right = st.columns([3, 3, 2])
            structure = left.selectbox(_("Structure"), list(names), format_func=names.get, index=None,
                                       key=f"{key}_structure", placeholder=_("Choose in the directory"))
            role = middle.text_input(_("Its role with the household"), max_chars=300, key=f"{key}_role")
            since = right.date_input(_("Since"), value=clock.today(), format="DD/MM/YYYY", key=f"{key}_since")
            added = st.form_submit_button(_("Add this partner"), icon=":material/add:")
        if added:
            if structure is None:
                st.warning(_("Choose a structure first."), icon=":material/warning:")
            else:
                partner_ui.saved(ui.attempt(lambda: households.add_partner(actor, household.id, structure, role,
                                                                           start_date=since, uow=ui.uow())),
                                 _("Partner added."))

with referent_tab:
    if current is not None:
        st.markdown(_("**{name}** ({structure}), since {date}.", name=ui.escape(current.name),
                      structure=ui.escape(current.structure_name), date=partner_ui.day(current.from_date)))
        st.markdown(_("Why: {reason}", reason=_(REASONS[current.reason]))
                    + (f" — {ui.escape(current.reason_text)}" if current.reason_text else ""))
    else:
        st.info(_("No path referent chosen yet."))
    if editable:
        people = partner_ui.people(actor)
        with st.form(f"{key}_referent_form", clear_on_submit=True):
            who = st.selectbox(_("Who becomes path referent"), people, index=None, key=f"{key}_referent",
                               format_func=lambda person: person.label, placeholder=_("Choose a professional"))
            reasons = list(ReferentReason)
            reason = st.radio(_("Why this person"), reasons, horizontal=True, key=f"{key}_reason",
                              format_func=lambda code: _(REASONS[code]))
            reason_text = st.text_input(_("In a few words"), max_chars=1000, key=f"{key}_reason_text")
            chosen = st.form_submit_button(_("Choose as path referent"), icon=":material/how_to_reg:")
        if chosen:
            if who is None:
                st.warning(_("Choose a professional first."), icon=":material/warning:")
            else:
                partner_ui.saved(ui.attempt(lambda: households.set_path_referent(
                    actor, household.id, reason, contact_id=who.contact_id,
                    user_id=None if who.contact_id else who.user_id,
                    reason_text=reason_text, uow=ui.uow())), _("The path referent is recorded."))
    history = [period for period in household.referents if not period.current]
    if history:
        st.markdown(_("**Before**"))
        for old in reversed(history):
            st.markdown(f"- {ui.escape(old.name)} ({ui.escape(old.structure_name)}) · "
                        f"{partner_ui.day(old.from_date)} → {partner_ui.day(old.to_date)} · {_(REASONS[old.reason])}")

with shared_tab:
    st.caption(_("Each piece of information says who brought it, its category and which structures may read it. "
                 "What the person objected to stays with the structure that brought it."))
    items = ui.attempt(lambda: partner_meetings.shared_items(actor, household.id, uow=ui.uow())) or []
    for item in items:
        with st.container(border=True):
            allowed = ", ".join(item.allowed_structure_names) or _("nobody else")
            consent = (_("The person objected.") if item.person_objected else
                       _("The person was informed.") if item.person_informed else _("The person was not informed."))
            st.markdown(f"**{ui.lbl(item.category)}** · " + _("brought by {who}", who=ui.escape(item.brought_by_name))
                        + f"  \n{ui.escape(item.text)}  \n" + _("Who may read it: {names}", names=ui.escape(allowed))
                        + f" · {consent}")
    if not items:
        st.info(_("No information shared yet."))
    with st.form(f"{key}_item_form", clear_on_submit=True):
        text = st.text_area(_("Information"), max_chars=3000, key=f"{key}_item_text",
                            help=_("Only what the partners need for the person's path. No diagnosis, no detail "
                                   "that is not needed."))
        left, right = st.columns(2)
        category = left.selectbox(_("Category"), list(InfoCategory), format_func=ui.lbl, key=f"{key}_category")
        brought_by = right.selectbox(_("Brought by"), list(names), format_func=names.get, index=None,
                                     key=f"{key}_brought_by")
        allowed_ids = st.multiselect(_("Structures allowed to read it"), list(names), format_func=names.get,
                                     key=f"{key}_allowed")
        informed = st.checkbox(_("The person was informed"), key=f"{key}_informed")
        objected = st.checkbox(_("The person objected"), key=f"{key}_objected")
        may_see = st.checkbox(_("The person agrees to see it written in their version of the minutes"),
                              key=f"{key}_may_see")
        shared = st.form_submit_button(_("Share this information"), icon=":material/share:")
    if shared:
        partner_ui.saved(ui.attempt(lambda: partner_meetings.share_item(
            actor, household.id, category, text, brought_by_structure_id=brought_by, allowed_structure_ids=allowed_ids,
            informed=informed, objected=objected, may_see_written=may_see, uow=ui.uow())), _("Information shared."))
    if partner_ui.runs_household(actor, household):  # the person's own sheet: who runs the household prints it
        st.download_button(_("What is shared, and with whom: the sheet for the person (.docx)"),
                           data=partner_ui.deferred(partner_documents.export_shared_with_whom, actor, household.id),
                           file_name="ce-qui-est-partage.docx", mime=partner_ui.DOCX, on_click="ignore",
                           icon=":material/download:", key=f"{key}_shared_sheet")
