"""One synthesis meeting, recorded as it happens: the open decisions carried over from the
last meeting first, then who is there (the person, the partners), the agenda in the
person's words, the tour de table, the shared diagnosis, the decisions, the gaps and
duplicates, the next date; the minutes for the partners and for the person.

Every table saves each change in the rerun that made it (pages/partner_tables.py); the
other parts are forms (one click saves the part)."""
from __future__ import annotations

import streamlit as st

from conference.domain.partnership import (
    Agreement,
    Attendance,
    DecisionStatus,
    Meeting,
    MeetingKind,
    PersonPresence,
)
from conference.services import households, partner_directory, partner_meetings
from pages import partner_tables as tables
from pages import partner_ui, ui

actor = ui.require_actor()
_ = ui.t()
partner_ui.show_flash()
meeting_id = partner_ui.selected_meeting()
if meeting_id is None:
    st.info(_("Open a meeting from its household first."))
    st.page_link("pages/households.py", label=_("Go to the households"), icon=":material/groups:")
    st.stop()
meeting: Meeting | None = ui.attempt(lambda: partner_meetings.meeting_view(actor, meeting_id, uow=ui.uow()))
if meeting is None:
    partner_ui.forget("partner_meeting_id")
    st.stop()
DECISION_WIDTHS = (270, 180, 100, 160, 100)  # action, owner, deadline, agreement, status
key = f"pm_{meeting.id}"  # widget keys carry the meeting: two meetings never mix
structures = ui.attempt(lambda: partner_directory.list_structures(actor, uow=ui.uow())) or []
names = {s.id: s.name for s in structures}
household = ui.attempt(lambda: households.get_household(actor, meeting.household_id, uow=ui.uow()))
# Comfort only (the services check): who runs the household edits the meeting; a partner
# may mark the decisions its structure owns done or dropped.
editable = partner_ui.runs_household(actor, household)
structure_ids = list(names)


def structure_column(label: str, *, required: bool = True, width="medium"):
    return st.column_config.SelectboxColumn(label, options=structure_ids, required=required, width=width,
                                            format_func=lambda ident: names.get(ident, "?"))


def enum_column(label: str, enum, *, default=None, width="small"):
    return st.column_config.SelectboxColumn(label, options=[m.value for m in enum], required=True, width=width,
                                            format_func=lambda code: ui.lbl(enum(code)),
                                            default=default.value if default else None)


st.title(_("{kind} of {date}", kind=ui.lbl(meeting.kind), date=partner_ui.day(meeting.held_on)), anchor=False)
st.markdown(_("Household: **{label}**", label=ui.escape(meeting.household_label)))
if meeting.path_referent:
    st.caption(_("Path referent: {name}", name=ui.escape(meeting.path_referent)))
st.page_link("pages/household.py", label=_("Back to the household"), icon=":material/arrow_back:")
tables.show_errors()

# --- decisions ------------------------------------------------------------------------------------

def decision_columns() -> dict:
    return {
        # Widths in pixels that fit the page without scrolling sideways (tests/browser reaches cells by position).
        "action": st.column_config.TextColumn(_("Action"), required=True, max_chars=1000, width=DECISION_WIDTHS[0]),
        "owner": structure_column(_("Who does it (structure)"), width=DECISION_WIDTHS[1]),
        "deadline": st.column_config.DateColumn(_("By"), format="DD/MM/YYYY", width=DECISION_WIDTHS[2]),
        "agreement": enum_column(_("The person's agreement"), Agreement, default=Agreement.YES,
                                 width=DECISION_WIDTHS[3]),
        "status": enum_column(_("Status"), DecisionStatus, default=DecisionStatus.OPEN, width=DECISION_WIDTHS[4]),
    }


def decision_rows(decisions) -> list[dict]:
    return [{"action": d.action, "owner": d.owner_structure_id, "deadline": d.deadline,
             "agreement": d.agreement.value, "status": d.status.value} for d in decisions]


def current_version() -> int:
    """The meeting's version now (a save in this same run moved it on)."""
    return partner_meetings.meeting_view(actor, meeting.id, uow=ui.uow()).version


def add_decision(row: dict):
    return partner_meetings.add_decision(
        actor, meeting.id, row["action"], row.get("owner"), tables.as_date(row.get("deadline")),
        row.get("agreement") or Agreement.YES.value, current_version(), uow=ui.uow())


def edit_decision(versions: dict[int, int]):
    def edit(decision_id: int, values: dict):
        version = versions[decision_id]
        if "status" in values:
            version = partner_meetings.change_decision_status(actor, decision_id, values.pop("status"), version,
                                                              uow=ui.uow())
        changes = {{"owner": "owner_structure_id"}.get(name, name): value for name, value in values.items()}
        if "deadline" in changes:
            changes["deadline"] = tables.as_date(changes["deadline"])
        if changes:
            partner_meetings.update_decision(actor, decision_id, version, uow=ui.uow(), **changes)
    return edit


carried = meeting.carried_decisions
if carried:
    st.subheader(_("Open decisions carried over from the last meeting"), anchor=False)
    st.caption(_("Where is each one? Change its status or its date here: it is saved at once."))
    tables.save_lines(f"{key}_carried", [d.id for d in carried], required="action", add=add_decision,
                      edit=edit_decision({d.id: d.version for d in carried}), saved=_("Decision updated."))
    tables.table(f"{key}_carried", decision_rows(carried), decision_columns(), dynamic=False,
                 locked=("action",) if editable else ("action", "owner", "deadline", "agreement"))

# --- the meeting itself ---------------------------------------------------------------------------

st.subheader(_("The meeting"), anchor=False)
presences = list(PersonPresence)
with st.form(f"{key}_form"):
    left, middle, right = st.columns(3)
    kind = left.selectbox(_("Kind of meeting"), list(MeetingKind), format_func=ui.lbl,
                          index=list(MeetingKind).index(meeting.kind), key=f"{key}_kind")
    held_on = middle.date_input(_("Date of the meeting"), value=meeting.held_on, format="DD/MM/YYYY",
                                key=f"{key}_held_on")
    place = right.text_input(_("Place"), value=meeting.place, max_chars=300, key=f"{key}_place")
    presence = st.radio(_("The person"), presences, format_func=ui.lbl, horizontal=True, key=f"{key}_presence",
                        index=presences.index(meeting.person_presence) if meeting.person_presence else None)
    left, right = st.columns(2)
    third_party = left.text_input(_("Represented by (trusted third party)"), value=meeting.third_party,
                                  max_chars=200, key=f"{key}_third_party")
    reason = right.text_input(_("Why the person is not there"), value=meeting.presence_reason, max_chars=1000,
                              key=f"{key}_reason")
    save_meeting = st.form_submit_button(_("Save"), type="primary", key=f"{key}_save", disabled=not editable)
if save_meeting:
    def save_form():
        version = partner_meetings.update_meeting(actor, meeting.id, meeting.version, uow=ui.uow(), kind=kind,
                                                  held_on=held_on, place=place)
        if presence is not None:
            version = partner_meetings.record_presence(actor, meeting.id, presence, version, reason=reason,
                                                       third_party=third_party, uow=ui.uow())
        return version
    partner_ui.saved(ui.attempt(save_form), _("The meeting is saved."))

st.subheader(_("Around the table"), anchor=False)
participant_columns = {
    "structure_id": structure_column(_("Structure")),
    "name": st.column_config.TextColumn(_("Name"), max_chars=200),
    "role": st.column_config.TextColumn(_("Role"), max_chars=200),
    "attendance": enum_column(_("Attendance"), Attendance, default=Attendance.PRESENT, width="medium"),
}
participants = [{"structure_id": p.structure_id, "name": p.name, "role": p.role, "attendance": p.attendance.value}
                for p in meeting.participants]
tables.save_whole(f"{key}_participants", participants, required="structure_id", saved=_("Participants saved."),
                  save=lambda lines: partner_meetings.set_participants(actor, meeting.id, lines, meeting.version,
                                                                       uow=ui.uow()))
tables.table(f"{key}_participants", participants, participant_columns, disabled=not editable)
if not participants:
    # One click: every structure working with the household today, around the table.
    around = household.active_partners(meeting.held_on) if household else ()
    if editable and around and st.button(_("Everyone working with the household ({n})", n=len(around)), key=f"{key}_everyone",
                            icon=":material/group_add:"):
        partner_ui.saved(ui.attempt(lambda: partner_meetings.set_participants(
            actor, meeting.id, [{"structure_id": p.structure_id, "attendance": Attendance.PRESENT} for p in around],
            meeting.version, uow=ui.uow())), _("Participants saved."))

# --- agenda, tour de table, diagnosis -------------------------------------------------------------

st.subheader(_("The person's needs, in their words"), anchor=False)
st.caption(_("The agenda starts from here. Write what the person says, as they say it."))
needs = [{"text": n.text} for n in meeting.needs]
tables.save_whole(f"{key}_needs", needs, required="text", saved=_("Agenda saved."),
                  save=lambda lines: partner_meetings.set_needs(actor, meeting.id, [line.get("text") or ""
                                                                                    for line in lines],
                                                                meeting.version, uow=ui.uow()))
tables.table(f"{key}_needs", needs, {"text": st.column_config.TextColumn(_("Need"), max_chars=1000, width="large")},
             disabled=not editable)

st.subheader(_("Tour de table"), anchor=False)
contributions = [{"structure_id": c.structure_id, "text": c.text} for c in meeting.contributions]
tables.save_whole(f"{key}_round", contributions, required="text", saved=_("Tour de table saved."),
                  save=lambda lines: partner_meetings.set_contributions(
                      actor, meeting.id, [(line.get("structure_id"), line.get("text") or "") for line in lines],
                      meeting.version, uow=ui.uow()))
tables.table(f"{key}_round", contributions, disabled=not editable, columns=
             {"structure_id": structure_column(_("Structure"), required=False),
              "text": st.column_config.TextColumn(_("What the partner brings"), max_chars=3000, width="large")})

with st.form(f"{key}_diagnosis_form"):
    diagnosis = st.text_area(_("Shared diagnosis"), value=meeting.diagnosis, max_chars=10_000,
                             key=f"{key}_diagnosis")
    gaps = st.text_area(_("Gaps and duplicates found"), value=meeting.gaps, max_chars=5000, key=f"{key}_gaps",
                        help=_("Something nobody is in charge of, or that two structures do twice."))
    next_date = st.date_input(_("Next meeting"), value=meeting.next_date, format="DD/MM/YYYY",
                              key=f"{key}_next_date")
    save_diagnosis = st.form_submit_button(_("Save"), type="primary", key=f"{key}_diagnosis_save",
                                           disabled=not editable)
if save_diagnosis:
    partner_ui.saved(ui.attempt(lambda: partner_meetings.update_meeting(
        actor, meeting.id, meeting.version, uow=ui.uow(), diagnosis=diagnosis, gaps=gaps, next_date=next_date)),
        _("The meeting is saved."))

st.subheader(_("Decisions"), anchor=False)
st.caption(_("One line per action: what, which structure, by when, and whether the person agrees. Each line is "
             "saved as soon as it is typed."))
new = meeting.new_decisions
tables.save_lines(f"{key}_decisions", [d.id for d in new], required="action", add=add_decision,
                  edit=edit_decision({d.id: d.version for d in new}), saved=_("Decisions saved."))
tables.table(f"{key}_decisions", decision_rows(new), decision_columns(), deletable=False, disabled=not editable)

# --- minutes --------------------------------------------------------------------------------------

st.subheader(_("Minutes"), anchor=False)
left, right = st.columns(2)
for column, audience, label in ((left, "partners", _("Minutes for the partners (.docx)")),
                                (right, "person", _("Minutes for the person, in plain words (.docx)"))):
    column.download_button(label, data=partner_ui.deferred(partner_meetings.export_minutes, actor, meeting.id,
                                                           audience=audience),
                           file_name=f"compte-rendu-{audience}-{meeting.held_on:%Y-%m-%d}.docx",
                           mime=partner_ui.DOCX, on_click="ignore", icon=":material/download:",
                           key=f"{key}_minutes_{audience}")
