"""What the synthesis meetings' screens share (not a page itself): the household and the
meeting being worked on (kept in the address, so a refresh keeps them), the confirmation
of the last save, documents built only when their button is clicked, dates in French.

    actor = ui.require_actor()
    household_id = partner_ui.require_household()
    ...
    if partner_ui.saved(ui.attempt(lambda: service(...)), _("Saved.")):
        ...                                 # (never reached: the page is shown again)
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import streamlit as st

from conference.domain.enums import Role
from conference.i18n import N_
from conference.services import partner_directory
from conference.store.uow import UnitOfWork
from pages import ui

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv"
FLASH = "partners_flash"


def _selected(name: str, param: str) -> int | None:
    """An id kept in the session and mirrored in the address (``?h=3``, ``?m=7``)."""
    if name not in st.session_state and st.query_params.get(param, "").isdigit():
        st.session_state[name] = int(st.query_params[param])
    ident = st.session_state.get(name)
    if ident is not None and st.query_params.get(param) != str(ident):
        st.query_params[param] = str(ident)
    return ident


def select_household(household_id: int) -> None:
    st.session_state["household_id"] = household_id
    st.query_params["h"] = str(household_id)


def select_meeting(meeting_id: int) -> None:
    st.session_state["partner_meeting_id"] = meeting_id
    st.query_params["m"] = str(meeting_id)


def selected_household() -> int | None:
    return _selected("household_id", "h")


def selected_meeting() -> int | None:
    return _selected("partner_meeting_id", "m")


def require_household() -> int:
    """The household being worked on, or a pointer back to the list."""
    _ = ui.t()
    ident = selected_household()
    if ident is None:
        st.info(_("Choose a household in the list of households first."))
        st.page_link("pages/households.py", label=_("Go to the households"), icon=":material/groups:")
        st.stop()
    return ident


def forget(name: str) -> None:
    st.session_state.pop(name, None)


def flash(message: str) -> None:
    st.session_state[FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.toast(message, icon=":material/check:")


def saved(result, message: str) -> bool:
    """After a successful write (``result`` not None), show the page again from the
    database with ``message``; after a refusal the French message is already shown."""
    if result is None:
        return False
    flash(message)
    st.rerun()
    return True  # not reached


def deferred(export: Callable[..., object], *args, **options) -> Callable[[], bytes]:
    """The document's bytes, built when its button is clicked. Streamlit runs the callable
    after this run on another thread: it gets its own unit of work, never the session.
    ``export(*args, lang=, uow=, **options)`` returns bytes or ``(name, bytes)``."""
    factory, lang = ui.uow().factory, ui.lang()

    def build() -> bytes:
        result = export(*args, lang=lang, uow=UnitOfWork(factory), **options)
        return result[1] if isinstance(result, tuple) else result

    return build


def runs_household(actor, household) -> bool:
    """Comfort only (the services decide): does the actor run this household (a
    coordinator, or its current path referent)? Its forms are then shown enabled."""
    if household is None:
        return False
    current = household.path_referent
    return actor.role is Role.COORDINATOR or (current is not None and current.user_id == actor.id)


def overdue_notice(actor, meetings=None) -> None:
    """The open decisions past their deadline owned by the actor's structure (for a
    coordinator without one: of the households they run), in red, each with its household;
    nothing when there are none. ``meetings``: ``list_meetings``' answer, if already read."""
    from conference.services import partner_meetings

    _ = ui.t()
    overdue = ui.attempt(lambda: partner_meetings.overdue_decisions(actor, uow=ui.uow())) or []
    if not overdue:
        return
    if meetings is None:
        meetings = ui.attempt(lambda: partner_meetings.list_meetings(actor, uow=ui.uow())) or []
    labels = {m.id: m.household_label for m in meetings}
    lines = "\n".join(f"- **{ui.escape(labels.get(d.meeting_id, ''))}** · {ui.escape(d.action)} · "
                      + _("due {date}", date=day(d.deadline)) + f" · {ui.escape(d.owner_structure_name)}"
                      for d in overdue)
    # A partner sees its own structure's; a coordinator, those of the households they run.
    title = _("Overdue decisions of your structure:") if actor.role is Role.PARTNER else \
        _("Overdue decisions in the households you follow:")
    st.error(title + "\n\n" + lines, icon=":material/alarm:")


@dataclass(frozen=True)
class Person:
    """Someone who can be chosen as path referent, successor or participant: a directory
    contact, with the account it is tied to (if any)."""

    label: str
    contact_id: int | None
    user_id: int | None


def people(actor) -> list[Person]:
    """The directory's contacts still in post, « Name — role (structure) », by structure.
    Read through the directory service (every professional may read it)."""
    entries = ui.attempt(lambda: partner_directory.list_structures(actor, uow=ui.uow())) or []
    return [Person(f"{c.name} — {c.role} ({e.name})" if c.role else f"{c.name} ({e.name})", c.id, c.user_id)
            for e in entries for c in e.contacts if c.left_at is None]


def day(value: date | None) -> str:
    """A date as the screens show it: « 01/12/2026 », or a dash."""
    return value.strftime("%d/%m/%Y") if value else "—"


# Field names of the synthesis meetings' services, in the words of ui.message's French errors
# (added beside the journey's own, never replacing one).
_FIELD_LABELS = {
    "label": N_("the household's name"), "kind": N_("the kind of meeting"), "held_on": N_("the date of the meeting"),
    "place": N_("the place"), "diagnosis": N_("the shared diagnosis"), "gaps": N_("the gaps and duplicates"),
    "next_date": N_("the next meeting's date"), "presence_reason": N_("why the person is not there"),
    "third_party": N_("who represents the person"), "person_presence": N_("the person's presence"),
    "participant_name": N_("the participant's name"), "participant_role": N_("the participant's role"),
    "attendance": N_("the attendance"), "participants": N_("the participants"), "need": N_("the need"),
    "needs": N_("the needs"), "contribution": N_("the contribution"), "contributions": N_("the tour de table"),
    "action": N_("the action"), "agreement": N_("the person's agreement"), "deadline": N_("the deadline"),
    "owner_structure_id": N_("the structure in charge"), "status": N_("the status"),
    "status_note": N_("the note on the status"), "structure_id": N_("the structure"),
    "brought_by_structure_id": N_("who brought the information"), "category": N_("the category"),
    "already_told": N_("what the household already told"), "pending_steps": N_("the pending steps"),
    "may_share": N_("what may be shared"), "successor": N_("the successor"), "quote": N_("the quote"),
    "draft_report": N_("the draft report"), "role": N_("the role"), "start_date": N_("the start date"),
    "end_date": N_("the end date"), "reason": N_("the reason"), "email": N_("the e-mail address"),
    "phone": N_("the phone number"), "missions": N_("the missions"), "typology": N_("the type of structure"),
    "path_referent": N_("the path referent"), "reason_text": N_("the reason"), "contact": N_("the contact"),
    "last_verified": N_("the date of the check"), "reseaux_porteurs": N_("the type of structure"),
    "notes": N_("the notes"), "title": N_("the name"), "audience": N_("the audience"),
}
for _field, _label in _FIELD_LABELS.items():
    ui.FIELD_LABELS.setdefault(_field, _label)
