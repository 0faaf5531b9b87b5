"""Preparation, last two tabs: the practical tasks the network takes on, and the meeting
itself (date, place, the child's voice). Functions called by pages/preparation.py."""
from __future__ import annotations

import streamlit as st

from conference.domain import safety
from conference.domain.enums import ChildVoice, LogisticsKind, Phase
from conference.domain.model import Conference
from conference.security.rules import Actor
from conference.services import conferences, preparation
from pages import ui
from pages.forms import Forms
from pages.preparation_question import CONFERENCE_FORMS


def logistics_tab(actor: Actor, conf: Conference, forms: Forms) -> None:
    _ = ui.t()
    state = st.session_state
    st.caption(_("The network organises the meeting itself: who books the room, brings the meal, drives someone, "
                 "looks after the children, finds an interpreter. Write who does what."))
    # 0 stands for "nobody yet": a selectbox shows its placeholder, not the label, for None.
    owners = [0] + [p.id for p in conf.participants if safety.can_own_task(p)]
    names = {p.id: p.name for p in conf.participants}

    def owner_label(ident: int) -> str:
        return names.get(ident, "") if ident else _("Nobody yet")

    if not conf.logistics:
        st.caption(_("No task yet."))
    for task in conf.logistics:
        task_form = f"prep_task_form_{task.id}"
        owner = conf.participant(task.owner_id)
        with st.container(border=True):
            what_col, form_col, remove_col = st.columns([4, 5, 1.3], vertical_alignment="center")
            with what_col:
                mark = ":green[:material/check_circle:] " if task.done else ""
                st.markdown(f"{mark}**{ui.lbl(task.kind)}** · {ui.escape(task.description)}")
                if owner and not safety.can_own_task(owner):
                    st.warning(_("The person in charge is flagged as a safety risk: choose someone else."),
                               icon=":material/warning:")
            with form_col:
                forms.prefill(task_form, {f"prep_task_owner_{task.id}": task.owner_id if task.owner_id in owners else 0,
                                          f"prep_task_done_{task.id}": task.done}, task.version)
                with st.form(task_form, border=False):
                    pick, tick, save = st.columns([3, 1.4, 1.6], vertical_alignment="bottom")
                    pick.selectbox(_("Who does it?"), owners, format_func=owner_label,
                                   key=f"prep_task_owner_{task.id}")
                    tick.checkbox(_("Done"), key=f"prep_task_done_{task.id}")
                    save_task = save.form_submit_button(_("Save"), disabled=not forms.editable,
                                                        key=f"prep_task_save_{task.id}")
                if save_task and forms.submit(task_form, lambda task=task, form=task_form: (
                        preparation.update_logistics_task(
                            actor, conf.id, task.id, forms.loaded_version(form),
                            done=state[f"prep_task_done_{task.id}"],
                            owner_id=state[f"prep_task_owner_{task.id}"] or None, uow=ui.uow())),
                        _("Task saved.")):
                    forms.done()
                forms.stale_notice(task_form)
            with remove_col:
                forms.remove_button(f"prep_task_remove_{task.id}", _("Remove this task?"),
                                    lambda task=task: preparation.remove_logistics_task(actor, conf.id, task.id,
                                                                                        uow=ui.uow()),
                                    _("Task removed."))

    forms.prefill("prep_task_add_form", {"prep_task_kind": LogisticsKind.VENUE, "prep_task_description": "",
                                         "prep_task_owner": 0})
    with st.form("prep_task_add_form"):
        st.subheader(_("New task"), anchor=False)
        kind_col, owner_col = st.columns(2)
        kind_col.selectbox(_("Kind of task"), list(LogisticsKind), format_func=ui.lbl, key="prep_task_kind")
        owner_col.selectbox(_("Who does it?"), owners, format_func=owner_label, key="prep_task_owner",
                            help=_("A person of the network. People flagged as a safety risk are not in this list."))
        st.text_input(_("What needs doing"), max_chars=1000, key="prep_task_description",
                      placeholder=_("e.g. Book the room at the social centre"))
        add_task = st.form_submit_button(_("Add the task"), icon=":material/add:", disabled=not forms.editable,
                                         key="prep_task_add")
    if add_task and forms.submit("prep_task_add_form", lambda: preparation.add_logistics_task(
            actor, conf.id, state["prep_task_kind"], state["prep_task_description"], state["prep_task_owner"] or None,
            uow=ui.uow()), _("Task added.")):
        forms.done()


def meeting_tab(actor: Actor, conf: Conference, forms: Forms) -> None:
    _ = ui.t()
    state = st.session_state
    forms.prefill("prep_meeting_form", {"prep_meeting_date": conf.meeting_date,
                                        "prep_meeting_place": conf.meeting_place,
                                        "prep_child_voice": conf.child_voice,
                                        "prep_child_voice_note": conf.child_voice_note}, conf.version)
    with st.form("prep_meeting_form"):
        date_col, place_col = st.columns([1, 2])
        date_col.date_input(_("Date of the meeting"), value=None, format="DD/MM/YYYY", key="prep_meeting_date")
        place_col.text_input(_("Place"), max_chars=300, key="prep_meeting_place",
                             help=_("A place where the family feels at ease, e.g. a room at the social centre."))
        st.radio(_("How will the child's voice be heard?"), list(ChildVoice), format_func=ui.lbl, index=None,
                 key="prep_child_voice")
        st.text_area(_("Note on the child's voice"), max_chars=2000, height=80, key="prep_child_voice_note",
                     help=_("For example who will read the letter or present the drawing."))
        save_col, start_col = st.columns(2)
        save_meeting = save_col.form_submit_button(_("Save the meeting"), icon=":material/save:",
                                                   disabled=not forms.editable, key="prep_meeting_save")
        # On the day of the meeting: what is typed here is saved, and the meeting starts.
        start = conf.phase is Phase.PREPARATION and start_col.form_submit_button(
            _("Save and start the meeting"), type="primary", icon=":material/arrow_forward:",
            disabled=not forms.editable, key="prep_meeting_save_start")
    if save_meeting or start:
        before = forms.loaded_version("prep_meeting_form")
        version = forms.submit("prep_meeting_form", lambda: preparation.save_meeting_arrangements(
            actor, conf.id, before, meeting_date=state["prep_meeting_date"],
            meeting_place=state["prep_meeting_place"], child_voice=state["prep_child_voice"],
            child_voice_note=state["prep_child_voice_note"], uow=ui.uow()), _("Meeting saved."))
        if version is not None and start and ui.attempt(lambda: conferences.change_phase(
                actor, conf.id, Phase.INFORMATION_SHARING, uow=ui.uow())) is not None:
            st.switch_page(ui.PHASE_PAGES[Phase.INFORMATION_SHARING])
        elif version is not None and not start:
            forms.advance(before, version, CONFERENCE_FORMS)
            forms.done()
    forms.stale_notice("prep_meeting_form")
