"""Preparation: the central question, the referent's concerns and bottom lines, who is
invited, the experts, the practical tasks the network takes on, and the meeting itself.

Every form makes one service call; the service commits at once. Forms that edit a
record remember the version they were filled from, so that someone else's save in
between is refused instead of overwritten (the typed values stay on screen). A person
flagged "not safe" is marked everywhere, can never be invited and never owns a task.
"""
from __future__ import annotations

import streamlit as st

from conference.domain.enums import ChildVoice, InvitationStatus, LogisticsKind, Phase, Relation
from conference.domain.errors import StaleWrite
from conference.domain.rules import missing_for
from conference.i18n import N_, format_date
from conference.services import preparation
from pages import ui

actor = ui.require_actor()
_ = ui.t()
conf = ui.require_conference(actor)
ui.header(conf, Phase.PREPARATION)

state = st.session_state
FLASH = "prep_flash"
for kind, text in state.pop(FLASH, []):
    if kind == "warning":
        st.warning(text, icon=":material/warning:")
    else:
        st.toast(text, icon=":material/check:")

if conf.phase is Phase.ORIENTATION:
    st.caption(_("Preparation starts once the orientation is complete: the family has agreed and neutrality is "
                 "ensured."))
    st.stop()

editable = conf.phase is not Phase.CLOSED
INVITED = (InvitationStatus.INVITED, InvitationStatus.CONFIRMED)
RINGS = (1, 2, 3, 0)  # 0: not placed on the map yet
RING_LABELS = {1: N_("1 · very close"), 2: N_("2 · close"), 3: N_("3 · further"), 0: N_("Not placed yet")}
CONFERENCE_FORMS = ("prep_concerns_form", "prep_meeting_form")  # both guarded by the conference's version


# --- form helpers ---------------------------------------------------------------------------

def prefill(form: str, values: dict, version: int | None = None) -> None:
    """Fill a form's widgets from the database once: for a new record, after a save, or when
    the widgets lost their state (the page was left). Otherwise the user's typing stays."""
    loaded = state.get(f"{form}__loaded")
    if loaded is None or loaded[0] != conf.id or any(key not in state for key in values):
        state.update(values)
        state[f"{form}__loaded"] = (conf.id, version)
        state.pop(f"{form}__stale", None)


def loaded_version(form: str) -> int:
    return state[f"{form}__loaded"][1]


def submit(form: str, action, message: str, *, refill: tuple[str, ...] = (), warning: str | None = None):
    """Run one service call for ``form``. On success, refill the form (and ``refill``) from
    the database, keep the confirmation for the next run and show the page again."""

    def run():
        try:
            result = action()
        except StaleWrite:
            state[f"{form}__stale"] = True
            raise
        return True if result is None else result

    result = ui.attempt(run)
    if result is None:
        return None
    for name in (form, *refill):
        state.pop(f"{name}__loaded", None)
    state[FLASH] = [("toast", message)] + ([("warning", warning)] if warning else [])
    return result


def done() -> None:
    st.rerun()


def advance(old: int, new: int, forms: tuple[str, ...]) -> None:
    """After our own save of the conference, forms filled from the version we replaced
    are still up to date with what their user saw: move them on, keep their typing."""
    for form in forms:
        loaded = state.get(f"{form}__loaded")
        if loaded and loaded[1] == old:
            state[f"{form}__loaded"] = (loaded[0], new)


def _reload(form: str) -> None:
    st.session_state.pop(f"{form}__loaded", None)


def stale_notice(form: str) -> None:
    if state.get(f"{form}__stale"):
        st.button(_("Show the latest version (my changes will be lost)"), on_click=_reload, args=(form,),
                  key=f"{form}_reload", icon=":material/refresh:")


def remove_button(key: str, question: str, action, message: str) -> None:
    """A removal behind a confirmation: a slip of the finger must not lose anything."""
    with st.popover(_("Remove"), icon=":material/delete:", type="tertiary", disabled=not editable):
        st.write(question)
        if st.button(_("Yes, remove"), key=key, type="primary"):
            if submit(key, action, message) is not None:
                done()


def ring_label(ring: int) -> str:
    return _(RING_LABELS[ring])


def person_name(ident: int | None) -> str:
    person = conf.participant(ident)
    return person.name if person else ""


def not_safe_badge() -> str:
    return ":red-badge[" + _("⚠ do not invite (safety)") + "]"


def participant_forms(p) -> tuple[str, ...]:
    return (f"prep_inv_form_{p.id}", f"prep_edit_form_{p.id}", f"prep_expert_form_{p.id}")


tabs = st.tabs([":material/help: " + _("Central question"), ":material/report: " + _("Concerns and bottom lines"),
               ":material/group: " + _("Participants"), ":material/school: " + _("Experts"),
               ":material/local_shipping: " + _("Practical tasks"), ":material/event: " + _("Meeting")],
              key="prep_tabs")

# --- (a) central question -------------------------------------------------------------------
with tabs[0]:
    question = conf.question
    if question:
        st.caption(_("The family's question today (version {number}, {date}):", number=question.number,
                     date=format_date(question.created_at)))
        with st.container(border=True):
            st.markdown("#### « " + ui.escape(" ".join(question.text.split())) + " »")
    else:
        st.info(_("No central question yet. Write it with the family, in their own words."),
                icon=":material/help:")

    prefill("prep_question_form", {
        "prep_q_problem": question.problem if question else "",
        "prep_q_for_whom": question.for_whom if question else "",
        "prep_q_different": question.what_different if question else "",
        "prep_q_text": question.text if question else "",
    }, question.number if question else 0)
    with st.form("prep_question_form"):
        st.subheader(_("Find the question with the family"), anchor=False)
        st.caption(_("Three questions help. Write the family's answers as they say them, without changing the "
                     "words."))
        st.text_area(_("What is the problem?"), max_chars=2000, height=80, key="prep_q_problem")
        st.text_area(_("For whom is it a problem?"), max_chars=2000, height=80, key="prep_q_for_whom")
        st.text_area(_("What would be different if it were solved?"), max_chars=2000, height=80,
                     key="prep_q_different")
        st.text_area(_("The central question, in the family's words"), max_chars=1000, height=100,
                     key="prep_q_text",
                     help=_("One question that the family's plan will answer, e.g. « Comment on s'organise pour "
                            "que… ? »"))
        save_question = st.form_submit_button(_("Save as a new version") if question else _("Save the question"),
                                              type="primary", icon=":material/save:", disabled=not editable,
                                              key="prep_q_save")
    if save_question:
        before = loaded_version("prep_question_form")
        number = submit("prep_question_form", lambda: preparation.save_central_question(
            actor, conf.id, state["prep_q_text"], expected_number=before, problem=state["prep_q_problem"],
            for_whom=state["prep_q_for_whom"], what_different=state["prep_q_different"], uow=ui.uow()),
            _("Central question saved."))
        if number is not None:
            if number == before:
                state[FLASH] = [("toast", _("Nothing has changed: no new version."))]
            else:
                state[FLASH] = [("toast", _("Version {number} of the central question saved.", number=number))]
            done()
    stale_notice("prep_question_form")

    earlier = [q for q in conf.question_history if not question or q.number != question.number]
    if earlier:
        with st.expander(_("Earlier versions ({n})", n=len(earlier)), icon=":material/history:"):
            for old in reversed(earlier):
                st.markdown(_("**Version {number}** · {date}", number=old.number, date=format_date(old.created_at)))
                st.markdown("> " + ui.escape(" ".join(old.text.split())))

    st.subheader(_("The parts the plan must answer"), anchor=False)
    st.caption(_("Cut the question into parts, e.g. « le soir », « le week-end ». When the plan is checked, each "
                 "part needs at least one action."))
    if not conf.parts:
        st.caption(_("No part yet."))
    for part in conf.parts:
        with st.container(border=True):
            text_col, action_col = st.columns([6, 1], vertical_alignment="center")
            text_col.markdown(ui.escape(part.text))
            with action_col:
                remove_button(f"prep_part_remove_{part.id}", _("Remove this part of the question?"),
                              lambda part=part: preparation.remove_question_part(actor, conf.id, part.id,
                                                                                 uow=ui.uow()),
                              _("Part removed."))
    prefill("prep_part_form", {"prep_part_text": ""})
    with st.form("prep_part_form"):
        st.text_input(_("New part of the question"), max_chars=500, key="prep_part_text")
        add_part = st.form_submit_button(_("Add the part"), icon=":material/add:", disabled=not editable,
                                         key="prep_part_add")
    if add_part and submit("prep_part_form", lambda: preparation.add_question_part(
            actor, conf.id, state["prep_part_text"], uow=ui.uow()), _("Part added.")):
        done()

# --- (b) concerns and bottom lines ----------------------------------------------------------
with tabs[1]:
    st.subheader(_("What worries the referent"), anchor=False)
    st.caption(_("The referent professional's concerns, in plain words the family understands: what happened, "
                 "what could happen. No jargon, no acronyms."))
    prefill("prep_concerns_form", {"prep_concerns": conf.concerns}, conf.version)
    with st.form("prep_concerns_form"):
        st.text_area(_("Concerns"), max_chars=5000, height=140, key="prep_concerns", label_visibility="collapsed")
        save_concerns = st.form_submit_button(_("Save the concerns"), type="primary", icon=":material/save:",
                                              disabled=not editable, key="prep_concerns_save")
    if save_concerns:
        before = loaded_version("prep_concerns_form")
        version = submit("prep_concerns_form", lambda: preparation.save_concerns(
            actor, conf.id, state["prep_concerns"], before, uow=ui.uow()), _("Concerns saved."))
        if version is not None:
            advance(before, version, CONFERENCE_FORMS)
            done()
    stale_notice("prep_concerns_form")

    st.subheader(_("Bottom lines"), anchor=False)
    st.caption(_("What must be in any plan, whatever the family decides, e.g. « Lina n'est jamais seule la nuit ». "
                 "The family hears them before writing its plan."))
    if not conf.bottom_lines:
        st.caption(_("No bottom line yet."))
    for line in conf.bottom_lines:
        with st.container(border=True):
            text_col, action_col = st.columns([6, 1], vertical_alignment="center")
            text_col.markdown(ui.escape(line.text))
            with action_col:
                remove_button(f"prep_bottom_remove_{line.id}", _("Remove this bottom line?"),
                              lambda line=line: preparation.remove_bottom_line(actor, conf.id, line.id,
                                                                               uow=ui.uow()),
                              _("Bottom line removed."))
    prefill("prep_bottom_form", {"prep_bottom_text": ""})
    with st.form("prep_bottom_form"):
        st.text_input(_("New bottom line"), max_chars=1000, key="prep_bottom_text")
        add_line = st.form_submit_button(_("Add the bottom line"), icon=":material/add:", disabled=not editable,
                                         key="prep_bottom_add")
    if add_line and submit("prep_bottom_form", lambda: preparation.add_bottom_line(
            actor, conf.id, state["prep_bottom_text"], uow=ui.uow()), _("Bottom line added.")):
        done()

# --- (c) participants -----------------------------------------------------------------------
with tabs[2]:
    people = conf.participants
    invited = sum(1 for p in people if p.invitation in INVITED)
    unsafe = sum(1 for p in people if p.not_safe)
    if people:
        st.caption(_("{total} people in the network · {invited} invited or confirmed · {unsafe} not to be invited "
                     "for safety", total=len(people), invited=invited, unsafe=unsafe))
    else:
        st.caption(_("Nobody yet: add the people the family names, one by one."))

    prefill("prep_add_form", {"prep_add_name": "", "prep_add_relation": None, "prep_add_ring": 0,
                              "prep_add_invitation": InvitationStatus.TO_INVITE, "prep_add_not_safe": False,
                              "prep_add_focal": False, "prep_add_expert_question": ""})
    with st.expander(_("Add a person"), icon=":material/person_add:", expanded=not people):
        with st.form("prep_add_form"):
            left, right = st.columns(2)
            left.text_input(_("Name"), max_chars=200, key="prep_add_name",
                            help=_("As the family says it: « Mamie Mariam », « M. Lefort (voisin) »."))
            right.selectbox(_("Relation"), list(Relation), format_func=ui.lbl, index=None, key="prep_add_relation",
                            placeholder=_("Choose"))
            st.radio(_("Closeness (circle on the network map)"), RINGS, format_func=ring_label, horizontal=True,
                     key="prep_add_ring")
            st.selectbox(_("Invitation"), list(InvitationStatus), format_func=ui.lbl, key="prep_add_invitation")
            st.checkbox(_("Safety risk: never invite"), key="prep_add_not_safe",
                        help=_("For example when a court order limits contact. This person is never invited, never "
                               "shown on a shared screen or a document, and never takes on a task."))
            st.checkbox(_("This is the person the conference is about"), key="prep_add_focal")
            st.text_input(_("Only for an expert: the question the family wants them to answer"), max_chars=1000,
                          key="prep_add_expert_question")
            add_person = st.form_submit_button(_("Add this person"), type="primary", icon=":material/add:",
                                               disabled=not editable, key="prep_add_submit")
    if add_person:
        chosen = state["prep_add_invitation"]
        not_safe = state["prep_add_not_safe"]
        warning = None
        if not_safe and chosen is not InvitationStatus.NOT_TO_INVITE:
            warning = _("{name} is flagged as a safety risk: recorded as « not to be invited », they will never be "
                        "invited.", name=" ".join(state["prep_add_name"].split()))
        if submit("prep_add_form", lambda: preparation.add_participant(
                actor, conf.id, uow=ui.uow(), name=state["prep_add_name"], relation=state["prep_add_relation"],
                ring=state["prep_add_ring"] or None, invitation=chosen, not_safe=not_safe,
                is_focal=state["prep_add_focal"], expert_question=state["prep_add_expert_question"]),
                _("Person added."), warning=warning):
            done()

    for p in people:
        inv_form, edit_form, _expert_form = participant_forms(p)
        with st.container(border=True):
            who_col, status_col, edit_col, remove_col = st.columns([4, 4, 1.3, 1.3], vertical_alignment="center")
            with who_col:
                title = f"**{ui.escape(p.name)}**"
                if p.not_safe:
                    title += " " + not_safe_badge()
                st.markdown(title)
                if p.is_focal:
                    details = [_("The person the conference is about"), ui.lbl(p.relation)]
                else:
                    details = [ui.lbl(p.relation), ring_label(p.ring or 0)]
                st.caption(" · ".join(details))
            with status_col:
                prefill(inv_form, {f"prep_inv_{p.id}": p.invitation}, p.version)
                with st.form(inv_form, border=False):
                    pick, save = st.columns([3, 2], vertical_alignment="bottom")
                    pick.selectbox(_("Invitation of {name}", name=ui.escape(p.name)), list(InvitationStatus),
                                   format_func=ui.lbl, key=f"prep_inv_{p.id}", label_visibility="collapsed",
                                   disabled=p.not_safe or not editable)
                    save_status = save.form_submit_button(_("Save"), key=f"prep_inv_save_{p.id}",
                                                          disabled=p.not_safe or not editable)
                if save_status:
                    status = state[f"prep_inv_{p.id}"]
                    if p.not_safe and status is not InvitationStatus.NOT_TO_INVITE:
                        st.error(_("{name} is flagged as a safety risk: they can never be invited.",
                                   name=ui.escape(p.name)), icon=":material/block:")
                    elif submit(inv_form, lambda p=p, status=status: preparation.update_participant(
                            actor, conf.id, p.id, loaded_version(inv_form), uow=ui.uow(), invitation=status),
                            _("Invitation saved."), refill=participant_forms(p)):
                        done()
                stale_notice(inv_form)
            with edit_col:
                prefill(edit_form, {f"prep_edit_name_{p.id}": p.name, f"prep_edit_relation_{p.id}": p.relation,
                                    f"prep_edit_ring_{p.id}": p.ring or 0, f"prep_edit_not_safe_{p.id}": p.not_safe,
                                    f"prep_edit_focal_{p.id}": p.is_focal}, p.version)
                with st.popover(_("Change"), icon=":material/edit:", type="tertiary", disabled=not editable):
                    with st.form(edit_form, border=False):
                        st.text_input(_("Name"), max_chars=200, key=f"prep_edit_name_{p.id}")
                        st.selectbox(_("Relation"), list(Relation), format_func=ui.lbl,
                                     key=f"prep_edit_relation_{p.id}")
                        st.radio(_("Closeness (circle on the network map)"), RINGS, format_func=ring_label,
                                 key=f"prep_edit_ring_{p.id}")
                        st.checkbox(_("Safety risk: never invite"), key=f"prep_edit_not_safe_{p.id}")
                        st.checkbox(_("This is the person the conference is about"), key=f"prep_edit_focal_{p.id}")
                        save_person = st.form_submit_button(_("Save"), type="primary", key=f"prep_edit_save_{p.id}")
                if save_person:
                    flagged = state[f"prep_edit_not_safe_{p.id}"]
                    warning = None
                    if flagged and not p.not_safe and p.invitation is not InvitationStatus.NOT_TO_INVITE:
                        warning = _("{name} is now flagged as a safety risk: they will not be invited.",
                                    name=" ".join(state[f"prep_edit_name_{p.id}"].split()))
                    if submit(edit_form, lambda p=p, flagged=flagged: preparation.update_participant(
                            actor, conf.id, p.id, loaded_version(edit_form), uow=ui.uow(),
                            name=state[f"prep_edit_name_{p.id}"], relation=state[f"prep_edit_relation_{p.id}"],
                            ring=state[f"prep_edit_ring_{p.id}"] or None, not_safe=flagged,
                            is_focal=state[f"prep_edit_focal_{p.id}"]),
                            _("Changes saved."), refill=participant_forms(p), warning=warning):
                        done()
                stale_notice(edit_form)
            with remove_col:
                remove_button(f"prep_person_remove_{p.id}",
                              _("Remove {name} from the list?", name=ui.escape(p.name)),
                              lambda p=p: preparation.remove_participant(actor, conf.id, p.id, uow=ui.uow()),
                              _("Person removed."))

# --- (d) experts ----------------------------------------------------------------------------
with tabs[3]:
    st.caption(_("The family may invite experts (a school nurse, a doctor, a lawyer…). Each one answers one "
                 "question that the family chose."))
    experts = [p for p in conf.participants if p.relation is Relation.EXPERT]
    if not experts:
        st.info(_("No expert yet. To add one, add a person in « Participants » with the relation « Expert »."),
                icon=":material/info:")
    for p in experts:
        expert_form = participant_forms(p)[2]
        with st.container(border=True):
            title = f"**{ui.escape(p.name)}** · {ui.lbl(p.invitation)}"
            if p.not_safe:
                title += " " + not_safe_badge()
            st.markdown(title)
            prefill(expert_form, {f"prep_expert_q_{p.id}": p.expert_question}, p.version)
            with st.form(expert_form, border=False):
                st.text_area(_("The family's question for this expert"), max_chars=1000, height=80,
                             key=f"prep_expert_q_{p.id}")
                save_expert = st.form_submit_button(_("Save the question"), icon=":material/save:",
                                                    disabled=not editable, key=f"prep_expert_save_{p.id}")
            if save_expert and submit(expert_form, lambda p=p: preparation.update_participant(
                    actor, conf.id, p.id, loaded_version(expert_form), uow=ui.uow(),
                    expert_question=state[f"prep_expert_q_{p.id}"]),
                    _("Question saved."), refill=participant_forms(p)):
                done()
            stale_notice(expert_form)

# --- (e) logistics --------------------------------------------------------------------------
with tabs[4]:
    st.caption(_("The network organises the meeting itself: who books the room, brings the meal, drives someone, "
                 "looks after the children, finds an interpreter. Write who does what."))
    # 0 stands for "nobody yet": a selectbox shows its placeholder, not the label, for None.
    owners = [0] + [p.id for p in conf.participants if not p.not_safe]

    def owner_label(ident: int) -> str:
        return person_name(ident) if ident else _("Nobody yet")

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
                if owner and owner.not_safe:
                    st.warning(_("The person in charge is flagged as a safety risk: choose someone else."),
                               icon=":material/warning:")
            with form_col:
                prefill(task_form, {f"prep_task_owner_{task.id}": task.owner_id if task.owner_id in owners else 0,
                                    f"prep_task_done_{task.id}": task.done}, task.version)
                with st.form(task_form, border=False):
                    pick, tick, save = st.columns([3, 1.4, 1.6], vertical_alignment="bottom")
                    pick.selectbox(_("Who does it?"), owners, format_func=owner_label,
                                   key=f"prep_task_owner_{task.id}")
                    tick.checkbox(_("Done"), key=f"prep_task_done_{task.id}")
                    save_task = save.form_submit_button(_("Save"), disabled=not editable,
                                                        key=f"prep_task_save_{task.id}")
                if save_task and submit(task_form, lambda task=task: preparation.update_logistics_task(
                        actor, conf.id, task.id, loaded_version(f"prep_task_form_{task.id}"),
                        done=state[f"prep_task_done_{task.id}"], owner_id=state[f"prep_task_owner_{task.id}"] or None,
                        uow=ui.uow()), _("Task saved.")):
                    done()
                stale_notice(task_form)
            with remove_col:
                remove_button(f"prep_task_remove_{task.id}", _("Remove this task?"),
                              lambda task=task: preparation.remove_logistics_task(actor, conf.id, task.id,
                                                                                  uow=ui.uow()),
                              _("Task removed."))

    prefill("prep_task_add_form", {"prep_task_kind": LogisticsKind.VENUE, "prep_task_description": "",
                                   "prep_task_owner": 0})
    with st.form("prep_task_add_form"):
        st.subheader(_("New task"), anchor=False)
        kind_col, owner_col = st.columns(2)
        kind_col.selectbox(_("Kind of task"), list(LogisticsKind), format_func=ui.lbl, key="prep_task_kind")
        owner_col.selectbox(_("Who does it?"), owners, format_func=owner_label, key="prep_task_owner",
                            help=_("A person of the network. People flagged as a safety risk are not in this list."))
        st.text_input(_("What needs doing"), max_chars=1000, key="prep_task_description",
                      placeholder=_("e.g. Book the room at the social centre"))
        add_task = st.form_submit_button(_("Add the task"), icon=":material/add:", disabled=not editable,
                                         key="prep_task_add")
    if add_task and submit("prep_task_add_form", lambda: preparation.add_logistics_task(
            actor, conf.id, state["prep_task_kind"], state["prep_task_description"], state["prep_task_owner"] or None,
            uow=ui.uow()), _("Task added.")):
        done()

# --- (f) the meeting ------------------------------------------------------------------------
with tabs[5]:
    prefill("prep_meeting_form", {"prep_meeting_date": conf.meeting_date, "prep_meeting_place": conf.meeting_place,
                                  "prep_child_voice": conf.child_voice, "prep_child_voice_note": conf.child_voice_note},
            conf.version)
    with st.form("prep_meeting_form"):
        date_col, place_col = st.columns([1, 2])
        date_col.date_input(_("Date of the meeting"), value=None, format="DD/MM/YYYY", key="prep_meeting_date")
        place_col.text_input(_("Place"), max_chars=300, key="prep_meeting_place",
                             help=_("A place where the family feels at ease, e.g. a room at the social centre."))
        st.radio(_("How will the child's voice be heard?"), list(ChildVoice), format_func=ui.lbl, index=None,
                 key="prep_child_voice")
        st.text_area(_("Note on the child's voice"), max_chars=2000, height=80, key="prep_child_voice_note",
                     help=_("For example who will read the letter or present the drawing."))
        save_meeting = st.form_submit_button(_("Save the meeting"), type="primary", icon=":material/save:",
                                             disabled=not editable, key="prep_meeting_save")
    if save_meeting:
        before = loaded_version("prep_meeting_form")
        version = submit("prep_meeting_form", lambda: preparation.save_meeting_arrangements(
            actor, conf.id, before, meeting_date=state["prep_meeting_date"],
            meeting_place=state["prep_meeting_place"], child_voice=state["prep_child_voice"],
            child_voice_note=state["prep_child_voice_note"], uow=ui.uow()), _("Meeting saved."))
        if version is not None:
            advance(before, version, CONFERENCE_FORMS)
            done()
    stale_notice("prep_meeting_form")

# --- next step ------------------------------------------------------------------------------
if conf.phase is Phase.PREPARATION:
    st.divider()
    st.header(_("Next: the meeting"), anchor=False)
    missing = missing_for(conf, Phase.INFORMATION_SHARING)
    if missing:
        st.markdown(_("Still to do before the meeting (from what is saved):") + "\n" +
                    "\n".join(f"- {_(ui.MISSING_LABELS.get(code, code))}" for code in missing))
    else:
        st.success(_("Everything is ready for the meeting."), icon=":material/check_circle:")
    ui.next_step(actor, conf, Phase.INFORMATION_SHARING, _("Start the meeting"), key="prep_next")
