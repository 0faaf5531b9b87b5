"""Meeting, information sharing: who came, and what was shared, in plain words.

Everything typed here is the coordinator's record of the meeting: concerns presented by
the referent, experts' answers, the family's and network's questions with their answers,
resources mentioned. People flagged "not safe" are never listed (shareable people only).
"""
import hashlib

import pandas as pd
import streamlit as st

from conference.domain.enums import Attendance, InfoKind, Phase, Relation
from conference.i18n import N_
from conference.services import conferences, handover_screen, meeting, private_time
from pages import ui

actor = ui.require_actor()
_ = ui.t()
conf = ui.require_conference(actor)
ui.header(conf, Phase.INFORMATION_SHARING)

FLASH = "meeting_flash"
if FLASH in st.session_state:
    st.toast(st.session_state.pop(FLASH), icon=":material/check:")

if conf.phase in (Phase.ORIENTATION, Phase.PREPARATION):
    st.caption(_("The information sharing starts when the meeting starts."))
    st.stop()

editable = conf.phase is not Phase.CLOSED


def ui_key(people) -> str:
    """A short key that changes when anyone in the list changes (their id or version)."""
    return hashlib.sha256(repr([(p.id, p.version) for p in people]).encode()).hexdigest()[:12]


def saved(message: str) -> None:
    """Keep the confirmation for the next run, then show the page again with fresh data."""
    st.session_state[FLASH] = message
    st.rerun()


def ok(action) -> bool:
    """Run a service that returns nothing; True when it worked (errors are shown by ui.attempt)."""
    return ui.attempt(lambda: action() or True) is not None


def items(kind: InfoKind):
    return [i for i in conf.info_items if i.kind is kind]


def remove_button(item) -> None:
    """Delete an item after a confirmation (a slip of the finger must not lose notes)."""
    if not editable:
        return
    with st.popover(_("Remove"), icon=":material/delete:", type="tertiary"):
        st.write(_("Remove this note?"))
        if st.button(_("Yes, remove"), key=f"meeting_remove_{item.id}", type="primary"):
            if ok(lambda: meeting.remove_info_item(actor, conf.id, item.id, uow=ui.uow())):
                saved(_("Note removed."))


def item_card(item, by: str | None = None) -> None:
    """One recorded note; ``by`` is the catalog text naming its author ("Presented by {name}")."""
    with st.container(border=True):
        text_col, action_col = st.columns([6, 1], vertical_alignment="top")
        text_col.markdown(ui.escape(item.text))
        if by and item.author:
            text_col.caption(_(by, name=ui.escape(item.author)))
        with action_col:
            remove_button(item)


st.info(_("Plain language: explain every term, every acronym and every measure in words the family uses. "
          "Check that everyone understood before moving on."), icon=":material/record_voice_over:")

# --- attendance -------------------------------------------------------------------------
st.header(_("Who is here?"), anchor=False)
people = conf.shareable_participants
if not people:
    st.caption(_("Nobody in the network yet (see the preparation step)."))
else:
    # One table for everyone (not a widget per person): the page stays quick with a network
    # of 150. Keyed by the people's versions: after a save (ours or another tab's) it is
    # drawn again from the database.
    table_key = st.session_state["meeting_att_table"] = "meeting_att_" + ui_key(people)
    with st.form("meeting_attendance_form", border=True):
        st.data_editor(
            pd.DataFrame({"name": [p.name for p in people],
                          "about": [f"{ui.lbl(p.relation)} · {ui.lbl(p.invitation)}" for p in people],
                          "attendance": [p.attendance.value if p.attendance else None for p in people]}),
            key=table_key, hide_index=True, num_rows="fixed", width="stretch",
            disabled=("name", "about") if editable else True, column_config={
                "name": st.column_config.TextColumn(_("Name")),
                "about": st.column_config.TextColumn(_("Link and invitation")),
                "attendance": st.column_config.SelectboxColumn(
                    _("Here?"), options=[a.value for a in Attendance],
                    format_func=lambda code: ui.lbl(Attendance(code)))})
        submitted = st.form_submit_button(_("Save attendance"), type="primary", icon=":material/save:",
                                          disabled=not editable, key="meeting_attendance_save")
    if submitted:
        edited = (st.session_state.get(table_key) or {}).get("edited_rows", {})
        chosen = {people[int(row)].id: values["attendance"] for row, values in edited.items()
                  if 0 <= int(row) < len(people) and "attendance" in values}
        changed = [p for p in people if p.id in chosen
                   and chosen[p.id] != (p.attendance.value if p.attendance else None)]
        done = [p for p in changed if ui.attempt(lambda p=p: meeting.set_attendance(
            actor, conf.id, p.id, chosen[p.id], p.version, uow=ui.uow())) is not None]
        if len(done) == len(changed):
            saved(_("Attendance saved."))
    counts = {a: sum(1 for p in people if p.attendance is a) for a in Attendance}
    st.caption(" · ".join(_("{label}: {count}", label=ui.lbl(a), count=n) for a, n in counts.items()))

# --- concerns ---------------------------------------------------------------------------
st.header(_("The concerns presented"), anchor=False)
st.caption(_("What the referent professional said worries them, in the words used in the room."))
if conf.concerns:
    with st.expander(_("Concerns written during preparation"), icon=":material/description:"):
        st.text(conf.concerns)
for item in items(InfoKind.CONCERN):
    item_card(item, N_("Presented by {name}"))
if editable:
    with st.form("meeting_concern_form", clear_on_submit=True):
        text = st.text_area(_("Concern presented"), max_chars=5000, height=68, key="meeting_concern_text")
        who_col, add_col = st.columns([3, 1], vertical_alignment="bottom")
        author = who_col.text_input(_("Presented by"), value=conf.referent_name, max_chars=200,
                                    key="meeting_concern_author")
        if add_col.form_submit_button(_("Add"), icon=":material/add:", key="meeting_concern_add",
                                      width="stretch"):
            if ui.attempt(lambda: meeting.add_info_item(actor, conf.id, InfoKind.CONCERN, text, author=author,
                                                        uow=ui.uow())):
                saved(_("Concern added."))

# --- experts ----------------------------------------------------------------------------
st.header(_("The experts' answers"), anchor=False)
st.caption(_("Each expert answers the question the family chose for them."))
experts = [p for p in people if p.relation is Relation.EXPERT]
answers = items(InfoKind.EXPERT_ANSWER)
for expert in experts:
    st.markdown(f"**{ui.escape(expert.name)}**")
    if expert.expert_question:
        st.markdown(_("The family's question: « {question} »", question=ui.escape(expert.expert_question)))
    for item in [a for a in answers if a.author == expert.name]:
        item_card(item)
others = [a for a in answers if a.author not in {e.name for e in experts}]
if others:
    st.markdown(f"**{_('Other answers')}**")
    for item in others:
        item_card(item, N_("Answered by {name}"))
if editable:
    with st.form("meeting_expert_form", clear_on_submit=True):
        text = st.text_area(_("What the expert answered"), max_chars=5000, height=68, key="meeting_expert_text")
        who_col, add_col = st.columns([3, 1], vertical_alignment="bottom")
        if experts:
            who = who_col.selectbox(_("Expert"), [e.name for e in experts], index=None,
                                    placeholder=_("Choose the expert"), key="meeting_expert_who")
        else:
            who = who_col.text_input(_("Expert's name"), max_chars=200, key="meeting_expert_who")
        if add_col.form_submit_button(_("Add"), icon=":material/add:", key="meeting_expert_add",
                                      width="stretch"):
            if ui.attempt(lambda: meeting.add_info_item(actor, conf.id, InfoKind.EXPERT_ANSWER, text,
                                                        author=who or "", uow=ui.uow())):
                saved(_("Answer added."))

# --- questions --------------------------------------------------------------------------
st.header(_("Questions from the family and the network"), anchor=False)
st.caption(_("Write each question down, even when nobody can answer it yet: the answer can be added later."))
for item in items(InfoKind.FAMILY_QUESTION):
    with st.container(border=True):
        text_col, action_col = st.columns([6, 1], vertical_alignment="top")
        text_col.markdown(_("**Question:** {text}", text=ui.escape(item.text)))
        if item.author:
            text_col.caption(_("Asked by {name}", name=ui.escape(item.author)))
        if item.answer:
            text_col.markdown(_("**Answer:** {text}", text=ui.escape(item.answer)))
        else:
            text_col.warning(_("Not answered yet."), icon=":material/hourglass_empty:")
        with action_col:
            remove_button(item)
        if editable:
            with st.expander(_("Change the answer") if item.answer else _("Add the answer"),
                             icon=":material/edit:", expanded=not item.answer):
                with st.form(f"meeting_answer_form_{item.id}"):
                    answer = st.text_area(_("Answer given"), value=item.answer, max_chars=5000, height=80,
                                          key=f"meeting_answer_{item.id}")
                    if st.form_submit_button(_("Save the answer"), icon=":material/save:",
                                             key=f"meeting_answer_save_{item.id}"):
                        if ok(lambda item=item, answer=answer: meeting.answer_info_item(
                                actor, conf.id, item.id, answer, uow=ui.uow())):
                            saved(_("Answer saved."))
if editable:
    with st.form("meeting_question_form", clear_on_submit=True):
        text = st.text_area(_("Question asked"), max_chars=5000, height=68, key="meeting_question_text")
        answer = st.text_area(_("Answer (if given now)"), max_chars=5000, height=68, key="meeting_question_answer")
        who_col, add_col = st.columns([3, 1], vertical_alignment="bottom")
        author = who_col.text_input(_("Asked by"), max_chars=200, key="meeting_question_author")
        if add_col.form_submit_button(_("Add"), icon=":material/add:", key="meeting_question_add",
                                      width="stretch"):
            if ui.attempt(lambda: meeting.add_info_item(actor, conf.id, InfoKind.FAMILY_QUESTION, text, answer=answer,
                                                        author=author, uow=ui.uow())):
                saved(_("Question added."))

# --- resources --------------------------------------------------------------------------
st.header(_("Resources mentioned"), anchor=False)
st.caption(_("Services, places, aids or people that could help, with how to reach them."))
for item in items(InfoKind.RESOURCE):
    item_card(item, N_("Mentioned by {name}"))
if editable:
    with st.form("meeting_resource_form", clear_on_submit=True):
        text = st.text_area(_("Resource"), max_chars=5000, height=68, key="meeting_resource_text")
        who_col, add_col = st.columns([3, 1], vertical_alignment="bottom")
        author = who_col.text_input(_("Mentioned by"), max_chars=200, key="meeting_resource_author")
        if add_col.form_submit_button(_("Add"), icon=":material/add:", key="meeting_resource_add",
                                      width="stretch"):
            if ui.attempt(lambda: meeting.add_info_item(actor, conf.id, InfoKind.RESOURCE, text, author=author,
                                                        uow=ui.uow())):
                saved(_("Resource added."))

# --- next step --------------------------------------------------------------------------
if conf.phase is Phase.INFORMATION_SHARING:
    st.divider()
    st.header(_("Next: the family's private time"), anchor=False)
    st.markdown(_("During private time, you, the referent, the other professionals and the experts **leave the "
                  "room**. The family and its network write their plan alone, in their own words. Tell them where "
                  "you will wait and how to call you back. You will not see the plan until they have finished."))
    hand_col, start_col = st.columns(2)
    with start_col:
        ui.next_step(actor, conf, Phase.PRIVATE_TIME, _("Start private time"), key="meeting_next")
    # The family often writes on this very computer: start and hand the screen over in one
    # click (only when the coordinator has a hand-back PIN, the only way to take it back).
    if ui.attempt(lambda: handover_screen.has_secret(actor.id, uow=ui.uow())) and hand_col.button(
            _("Start private time and give this screen to the family"), type="primary",
            icon=":material/edit_note:", key="meeting_hand_over"):
        started = ui.attempt(lambda: conferences.change_phase(actor, conf.id, Phase.PRIVATE_TIME, uow=ui.uow()))
        if started is not None and ui.attempt(
                lambda: private_time.hand_screen_to_family(actor, conf.id, uow=ui.uow())) is not None:
            st.rerun()  # the frame finds the open hand-over: family screens only, until the PIN
        elif started is not None:
            st.switch_page(ui.PHASE_PAGES[Phase.PRIVATE_TIME])
