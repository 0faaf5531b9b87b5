"""The partners' reflection cycle on their cooperation itself: six themed sessions and a
review, notes and anonymous quotes, a draft report every participant approves before it
is final, exported as .docx."""
from __future__ import annotations

import streamlit as st

from conference.domain.partnership import ReflectionCycle, ReportNotApproved
from conference.services import reflection
from pages import partner_ui, ui

actor = ui.require_actor()
_ = ui.t()
partner_ui.show_flash()
st.title(_("Reflection cycle"), anchor=False)
st.caption(_("For partners who want to work on their cooperation itself: where we stand, our common aim, the "
             "person as the actor of their path, mutual recognition, working together, ethics; then a review."))

cycles = ui.attempt(lambda: reflection.list_cycles(actor, uow=ui.uow())) or []

with st.expander(_("Start a reflection cycle"), icon=":material/add:", expanded=not cycles):
    people = [p for p in partner_ui.people(actor) if p.user_id]
    with st.form("reflection_new_form", clear_on_submit=True):
        title = st.text_input(_("Name of the cycle"), max_chars=200, key="reflection_title")
        chosen = st.multiselect(_("Participants (you are one of them)"), people, format_func=lambda p: p.label,
                                key="reflection_people")
        created = st.form_submit_button(_("Start the cycle"), type="primary")
    if created:
        new_id = ui.attempt(lambda: reflection.create_cycle(actor, title, [p.user_id for p in chosen], uow=ui.uow()))
        if new_id is not None:
            st.session_state["reflection_cycle"] = new_id
            partner_ui.saved(new_id, _("The cycle is started."))

if not cycles:
    st.stop()
ids = [c.id for c in cycles]
titles = {c.id: c.title for c in cycles}
if st.session_state.get("reflection_cycle") not in ids:
    st.session_state["reflection_cycle"] = ids[0]
cycle_id = st.selectbox(_("Cycle"), ids, format_func=titles.get, key="reflection_cycle")
cycle: ReflectionCycle = next(c for c in cycles if c.id == cycle_id)
key = f"reflection_{cycle.id}_{cycle.version}"  # a new version refills the widgets
editable = not cycle.is_final and actor.id in {uid for uid, _name in cycle.participants}

st.markdown(_("Participants: {names}", names=ui.escape(", ".join(name for _uid, name in cycle.participants))))

for number, session in enumerate(cycle.sessions, start=1):
    with st.expander(f"{number}. {ui.lbl(session.theme)}" + (f" · {partner_ui.day(session.held_on)}"
                                                              if session.held_on else "")):
        for quote in session.quotes:
            st.markdown(f"> « {ui.escape(quote)} »")
        if not editable:
            st.markdown(ui.escape(session.notes) or "—")
            continue
        with st.form(f"{key}_session_{number}"):
            held_on = st.date_input(_("Date of the session"), value=session.held_on, format="DD/MM/YYYY",
                                    key=f"{key}_held_{number}")
            notes = st.text_area(_("Notes"), value=session.notes, max_chars=20_000, key=f"{key}_notes_{number}")
            if st.form_submit_button(_("Save the notes"), key=f"{key}_save_{number}"):
                partner_ui.saved(ui.attempt(lambda n=number, h=held_on, t=notes: reflection.record_session(
                    actor, cycle.id, n, t, cycle.version, held_on=h, uow=ui.uow())), _("Notes saved."))
        with st.form(f"{key}_quote_{number}", clear_on_submit=True):
            quote = st.text_input(_("An anonymous quote (no name is kept)"), max_chars=1000,
                                  key=f"{key}_quote_text_{number}")
            if st.form_submit_button(_("Add the quote"), key=f"{key}_quote_add_{number}"):
                partner_ui.saved(ui.attempt(lambda n=number, q=quote: reflection.add_quote(actor, cycle.id, n, q,
                                                                                           uow=ui.uow())),
                                 _("Quote added."))

st.subheader(_("The report"), anchor=False)
if cycle.is_final:
    st.success(_("The report is final."), icon=":material/verified:")
    st.markdown(ui.escape(cycle.draft_report))
else:
    with st.form(f"{key}_report_form"):
        draft = st.text_area(_("Draft report"), value=cycle.draft_report, max_chars=20_000, height=250,
                             key=f"{key}_draft", disabled=not editable,
                             help=_("Changing the draft asks every participant to approve it again."))
        save_draft = st.form_submit_button(_("Save the draft"), disabled=not editable)
    if save_draft:
        partner_ui.saved(ui.attempt(lambda: reflection.save_draft_report(actor, cycle.id, draft, cycle.version,
                                                                         uow=ui.uow())), _("Draft saved."))
    missing = cycle.missing_approvals
    st.markdown(_("Still to approve: {names}", names=ui.escape(", ".join(missing))) if missing else
                _("Every participant approved this draft."))
    left, right = st.columns(2)
    if left.button(_("I approve this draft"), key=f"{key}_approve", icon=":material/thumb_up:",
                   disabled=actor.id in cycle.approvals or not cycle.draft_report):
        partner_ui.saved(ui.attempt(lambda: reflection.approve_report(actor, cycle.id, cycle.version, uow=ui.uow())
                                    or True), _("Your approval is recorded."))
    if right.button(_("Make the report final"), key=f"{key}_final", icon=":material/verified:", type="primary"):
        def finalise():
            try:
                return reflection.finalise_report(actor, cycle.id, cycle.version, uow=ui.uow())
            except ReportNotApproved as refused:
                st.error(_("Not yet: still to approve by {names}.", names=ui.escape(", ".join(refused.missing))),
                         icon=":material/error:")
                return None
        partner_ui.saved(ui.attempt(finalise), _("The report is final."))
st.download_button(_("The report (.docx)"), data=partner_ui.deferred(reflection.export_reflection_report, actor,
                                                                      cycle.id),
                   file_name=f"cycle-de-reflexion-{cycle.id}.docx", mime=partner_ui.DOCX, on_click="ignore",
                   icon=":material/download:", key=f"{key}_docx")
